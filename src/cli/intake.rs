//! `avgdesk intake FILE.eml|-`: propose a request from one e-mail message, `--yes` logs it.

use super::{print_json, print_request};
use crate::app::Session;
use crate::config::Config;
use crate::domain::text::printable;
use crate::i18n::Lang;
use crate::intake::{self, human_size, Proposal, ReceivedFrom};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;

pub const LONG_ABOUT: &str =
    "Reads one e-mail message (an .eml file, or - for standard input so a \
mail client can pipe it) and proposes a request: the received date (the newest Received: header, \
else Date:, in the board's time zone), the requester, the summary, a suggested kind and the \
attachments (listed, never kept). On a terminal it opens the new-request form filled from the \
message (Ctrl-S logs it); --print prints the proposal instead, --json prints it as JSON, --yes logs \
it without questions. The same message twice is refused.";

#[derive(Debug, Args)]
pub struct IntakeArgs {
    /// The message: an .eml file, or - for standard input
    #[arg(value_name = "FILE.eml")]
    pub file: String,
    /// Log the request from the proposal (kind = the suggestion, role unknown, no pupil)
    #[arg(long)]
    pub yes: bool,
    /// Print the proposal as JSON (with --yes: the logged request)
    #[arg(long)]
    pub json: bool,
    /// Print the proposal even on a terminal (where avgdesk otherwise opens the form)
    #[arg(long, conflicts_with = "yes")]
    pub print: bool,
    /// The message's bytes, read (and checked) before the database is opened.
    #[arg(skip)]
    pub raw: Option<Vec<u8>>,
}

/// Reads the message and checks that it makes a proposal, before any database is opened or
/// created: a message that cannot be read writes nothing.
pub fn prepare(args: &mut IntakeArgs, config: &Config) -> Result<()> {
    // A regular file only (a named pipe or a device is refused, never waited on), and at most
    // `input::MESSAGE_LIMIT` bytes, from a file or standard input.
    use crate::input::{read_capped, read_stdin_capped, MESSAGE_LIMIT};
    let raw = if args.file == "-" {
        read_stdin_capped(MESSAGE_LIMIT).context("reading the message from standard input")?
    } else {
        read_capped(std::path::Path::new(&args.file), MESSAGE_LIMIT)
            .with_context(|| format!("reading {}", args.file))?
    };
    intake::propose(&raw, config.timezone).with_context(|| shown_name(args))?;
    args.raw = Some(raw);
    Ok(())
}

fn shown_name(args: &IntakeArgs) -> String {
    if args.file == "-" {
        "standard input".into()
    } else {
        args.file.clone()
    }
}

pub fn run(mut args: IntakeArgs, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    if args.raw.is_none() {
        prepare(&mut args, &session.config)?;
    }
    let raw = args.raw.take().unwrap_or_default();
    let proposal =
        intake::propose(&raw, session.config.timezone).with_context(|| shown_name(&args))?;
    if args.yes {
        let r = intake::log(session, &proposal)?;
        if args.json {
            return print_request(session, &r, true, out);
        }
        print_logged(session, &r, out)?;
        if proposal.id_document_warning {
            let warning = match session.config.lang {
                Lang::Nl => {
                    "een bijlage lijkt een identiteitsbewijs: verwijder de bijlage uit \
                             de mail (reglement 8.1); avgdesk heeft hem niet bewaard"
                }
                Lang::En => {
                    "an attachment looks like an identity document: delete it from the \
                             mail (regulation 8.1); avgdesk did not keep it"
                }
            };
            super::tell(warning);
        }
        return Ok(());
    }
    if !args.json && !args.print && crate::ui::terminal::has_terminal() {
        return open_form(session, proposal, out);
    }
    if args.json {
        print_json(out, &proposal)?;
    } else {
        out.write_all(printable(&proposal_text(&proposal, session.config.lang)).as_bytes())?;
    }
    if let Some(id) = intake::logged_as(session, &proposal)? {
        let said = match session.config.lang {
            Lang::Nl => format!("dit bericht is al vastgelegd als {id}"),
            Lang::En => format!("this message was already logged as {id}"),
        };
        super::tell(said);
    }
    Ok(())
}

/// On a terminal: the new-request form filled from the message; says afterwards what became
/// of it.
fn open_form(session: &mut Session, proposal: Proposal, out: &mut dyn Write) -> Result<()> {
    if let Some(id) = intake::logged_as(session, &proposal)? {
        return Err(intake::IntakeError::Duplicate(id).into());
    }
    crate::ui::run_intake_form(session, proposal.clone())?;
    match intake::logged_as(session, &proposal)? {
        Some(id) => {
            let r = session.request(&id)?;
            print_logged(session, &r, out)?;
        }
        None => super::tell(match session.config.lang {
            Lang::Nl => "niets vastgelegd (het formulier is gesloten zonder op te slaan)",
            Lang::En => "nothing logged (the form was closed without saving)",
        }),
    }
    Ok(())
}

/// "V-2026-0012  access  received 2026-11-23  due 2026-12-21 (25 days left)".
fn print_logged(
    session: &Session,
    r: &crate::domain::request::Request,
    out: &mut dyn Write,
) -> Result<()> {
    let v = session.view(r);
    let lang = session.config.lang;
    let line = match lang {
        Lang::Nl => format!(
            "{}  {}  ontvangen {}  termijn {} ({})",
            v.id,
            v.kind.label(lang),
            super::day(v.received, lang),
            super::day(v.due, lang),
            super::days_left(v.days_left, lang)
        ),
        Lang::En => format!(
            "{}  {}  received {}  due {} ({} days left)",
            v.id, v.kind, v.received, v.due, v.days_left
        ),
    };
    writeln!(out, "{line}")?;
    Ok(())
}

/// The proposal: in English with the JSON's field names, in Dutch with the form's labels.
fn proposal_text(p: &Proposal, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let k = |dutch: &'static str, english: &'static str| if nl { dutch } else { english };
    let mut s = String::new();
    let mut kv = |k: &str, val: String| s += &format!("{k:<22}{val}\n");
    let from = match (p.received_from, nl) {
        (ReceivedFrom::ReceivedHeader, false) => "from the Received: header",
        (ReceivedFrom::DateHeader, false) => "from the Date: header",
        (ReceivedFrom::Delivery, false) => "from the mailbox's delivery time",
        (ReceivedFrom::FileTime, false) => "from the file's time",
        (ReceivedFrom::ReceivedHeader, true) => "volgens de Received:-kop",
        (ReceivedFrom::DateHeader, true) => "volgens de Date:-kop",
        (ReceivedFrom::Delivery, true) => "volgens de aflevertijd in het postvak",
        (ReceivedFrom::FileTime, true) => "volgens de tijd van het bestand",
    };
    kv(
        k("ontvangen", "received"),
        format!("{} ({from})", super::day(p.received, lang)),
    );
    if let Some(alt) = p.received_alternative {
        // Only the sender's Date: is ever the other date.
        kv(
            k("andere datum", "received_alternative"),
            match lang {
                Lang::Nl => format!(
                    "{} (volgens de Date:-kop: meer dan een dag verschil, kies de juiste)",
                    super::day(alt, lang)
                ),
                Lang::En => format!(
                    "{alt} (the Date: header says so: more than a day apart, check which is right)"
                ),
            },
        );
    }
    kv(
        k("verzoeker", "requester"),
        format!("{} <{}>", p.requester_name, p.requester_contact),
    );
    kv(
        k("kanaal", "channel"),
        if nl {
            p.channel.label(lang)
        } else {
            p.channel.code()
        }
        .into(),
    );
    kv(
        k("soort (voorstel)", "kind_suggestion"),
        if nl {
            p.kind_suggestion.label(lang)
        } else {
            p.kind_suggestion.code()
        }
        .into(),
    );
    kv(k("onderwerp", "subject"), p.subject.clone());
    kv(k("taal brieven", "language"), p.language.code().into());
    if let Some(id) = &p.message_id {
        kv("message_id", id.clone());
    }
    for a in &p.attachments {
        let warn = match (a.id_document, nl) {
            (false, _) => "",
            (true, true) => {
                "  lijkt een identiteitsbewijs: verwijder de bijlage uit de mail (reglement 8.1)"
            }
            (true, false) => {
                "  looks like an identity document: delete it from the mail (regulation 8.1)"
            }
        };
        kv(
            k("bijlage", "attachment"),
            format!(
                "{} {} {} ({}){warn}",
                a.name,
                a.content_type,
                human_size(a.size),
                k("niet bewaard", "not kept")
            ),
        );
    }
    if !p.summary.is_empty() {
        s += k("omschrijving:\n", "summary:\n");
        for l in p.summary.lines() {
            s += &format!("  {l}\n");
        }
    }
    if !p.mail_text.is_empty() {
        s += k(
            "tekst van de e-mail (wordt de eerste notitie, nooit in een brief):\n",
            "the mail's text (kept as the first note, never in a letter):\n",
        );
        for l in p.mail_text.lines() {
            s += &format!("  {l}\n");
        }
    }
    s += k(
        "Vastleggen met --yes (soort zoals voorgesteld, rol onbekend, geen leerling), of met `avgdesk request add`.\n",
        "Log it with --yes (kind as suggested, role unknown, no pupil), or with `avgdesk request add`.\n",
    );
    s
}

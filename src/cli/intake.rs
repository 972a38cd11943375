//! `avgdesk intake FILE.eml|-`: propose a request from one e-mail message, `--yes` logs it.

use super::{print_json, print_request};
use crate::app::Session;
use crate::config::Config;
use crate::domain::text::printable;
use crate::intake::{self, human_size, Proposal, ReceivedFrom};
use anyhow::{Context, Result};
use clap::Args;
use std::io::{Read, Write};

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
    let mut raw = Vec::new();
    if args.file == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut raw)
            .context("reading the message from standard input")?;
    } else {
        raw = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file))?;
    }
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
            eprintln!(
                "avgdesk: an attachment looks like an identity document: delete it from the mail \
                 (regulation 8.1); avgdesk did not keep it"
            );
        }
        return Ok(());
    }
    if !args.json && !args.print && crate::ui::terminal::has_terminal() {
        return open_form(session, proposal, out);
    }
    if args.json {
        print_json(out, &proposal)?;
    } else {
        out.write_all(printable(&proposal_text(&proposal)).as_bytes())?;
    }
    if let Some(id) = intake::logged_as(session, &proposal)? {
        eprintln!("avgdesk: this message was already logged as {id}");
    }
    Ok(())
}

/// On a terminal: the new-request form filled from the message; says afterwards what became
/// of it.
fn open_form(session: &mut Session, proposal: Proposal, out: &mut dyn Write) -> Result<()> {
    if let Some(id) = intake::logged_as(session, &proposal)? {
        anyhow::bail!("this message was already logged as {id}; it is not logged twice");
    }
    crate::ui::run_intake_form(session, proposal.clone())?;
    match intake::logged_as(session, &proposal)? {
        Some(id) => {
            let r = session.request(&id)?;
            print_logged(session, &r, out)?;
        }
        None => eprintln!("avgdesk: nothing logged (the form was closed without saving)"),
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
    writeln!(
        out,
        "{}  {}  received {}  due {} ({} days left)",
        v.id, v.kind, v.received, v.due, v.days_left
    )?;
    Ok(())
}

fn proposal_text(p: &Proposal) -> String {
    let mut s = String::new();
    let mut kv = |k: &str, val: String| s += &format!("{k:<22}{val}\n");
    let from = match p.received_from {
        ReceivedFrom::ReceivedHeader => "Received: header",
        ReceivedFrom::DateHeader => "Date: header",
        ReceivedFrom::Delivery => "mailbox's delivery time",
        ReceivedFrom::FileTime => "file's time",
    };
    kv("received", format!("{} (from the {from})", p.received));
    if let Some(alt) = p.received_alternative {
        // Only the sender's Date: is ever the other date.
        let other = "Date: header";
        kv(
            "received_alternative",
            format!("{alt} (the {other} says so: more than a day apart, check which is right)"),
        );
    }
    kv(
        "requester",
        format!("{} <{}>", p.requester_name, p.requester_contact),
    );
    kv("channel", p.channel.code().into());
    kv("kind_suggestion", p.kind_suggestion.code().into());
    kv("language", p.language.code().into());
    kv("subject", p.subject.clone());
    if let Some(id) = &p.message_id {
        kv("message_id", id.clone());
    }
    for a in &p.attachments {
        let warn = if a.id_document {
            "  looks like an identity document: delete it from the mail (regulation 8.1)"
        } else {
            ""
        };
        kv(
            "attachment",
            format!(
                "{} {} {} (not kept){warn}",
                a.name,
                a.content_type,
                human_size(a.size)
            ),
        );
    }
    if !p.summary.is_empty() {
        s += "summary:\n";
        for l in p.summary.lines() {
            s += &format!("  {l}\n");
        }
    }
    s += "Log it with --yes (kind as suggested, role unknown, no pupil), or with `avgdesk request add`.\n";
    s
}

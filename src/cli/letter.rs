//! `avgdesk letter ...`: print or write a letter from a record, and the templates behind it.

use super::{parse_date_arg, print_json, UsageError};
use crate::app::Session;
use crate::config::Config;
use crate::domain::text::printable;
use crate::i18n::Lang;
use crate::letters::{
    self, list_templates, write_defaults, write_letter, Format, LetterError, LetterKind, Options,
    SentLetter, SentMark, TemplateOrigin, Via,
};
use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str =
    "Prints a letter for a request or a breach, filled in from the record, \
in the requester's language (request add --language; Dutch unless set) or Dutch for a breach; \
--lang nl|en chooses. Request letters: acknowledgement, identification, extension, \
decision, recipients (one letter per recipient not yet told, GDPR art. 19). Breach letters: subjects (GDPR \
art. 34), ap (the AP form's text; --with-log adds the internal call log).\n\n\
The templates are built in; a file of the same name in the templates/ folder beside the config \
file (e.g. templates/nl/decision.txt.j2) replaces one. `letter template-dir` writes the built-in \
ones there to edit; `letter templates` shows which is used.\n\n\
--mark-sent records, after printing or writing the letter, that it was sent (--on DATE, default \
today; --via email, post or portal, default email): what was sent is part of the record, in its \
JSON (`letters`) and audit trail; a second mark of the same letter needs --again (a mark is \
never taken back), and marking the recipients letter ticks off the recipients it went to. \
`letter list ID` shows what was sent.";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LetterArgs {
    #[command(subcommand)]
    pub command: Option<LetterCommand>,
    /// acknowledgement, identification, extension, decision, recipients, subjects or ap
    #[arg(value_parser = parse_letter_kind, value_name = "KIND", required = true)]
    pub kind: Option<LetterKind>,
    /// The request or breach id, e.g. V-2026-0001 or D-2026-0001
    #[arg(value_name = "ID", required = true)]
    pub id: Option<String>,
    /// Write to this file (readable by you only; never over an existing file without --force)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file (never a symbolic link)
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Plain text, or Markdown with the subject and headings marked and line breaks kept
    #[arg(long, value_enum, default_value = "text")]
    pub format: LetterFormat,
    /// The ap letter with the internal call log (for the register; the AP does not need it)
    #[arg(long)]
    pub with_log: bool,
    /// After printing or writing the letter, record that it was sent
    #[arg(long)]
    pub mark_sent: bool,
    /// The day it was sent (with --mark-sent) [default: today]
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// How it was sent (with --mark-sent): email, post or portal [default: email]
    #[arg(long, value_parser = parse_via, value_name = "HOW")]
    pub via: Option<Via>,
    /// With --mark-sent: record it although a letter of this kind was marked sent before
    /// (a mark is never taken back, so a second one is refused without this)
    #[arg(long)]
    pub again: bool,
    /// The letter's language: the global --lang when given on the command line, else the
    /// requester's (a request letter) or Dutch.
    #[arg(skip)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum LetterCommand {
    /// List every template and where it comes from (built in, or the board's file)
    Templates,
    /// Write the built-in templates into the config folder's templates/ to edit (never overwrites)
    TemplateDir,
    /// The letters marked sent for a request or breach, in the order sent
    List {
        /// The request or breach id
        #[arg(value_name = "ID")]
        id: String,
        /// The list as JSON: kind, sent_on, via, recorded_by, recorded_at
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LetterFormat {
    Text,
    Markdown,
}

fn parse_via(s: &str) -> Result<Via, String> {
    Via::parse(s)
        .ok_or_else(|| format!("unknown way of sending {s:?}; use one of: {}", Via::codes()))
}

fn parse_letter_kind(s: &str) -> Result<LetterKind, String> {
    LetterKind::parse(s)
        .ok_or_else(|| format!("unknown letter {s:?}; use one of: {}", LetterKind::codes()))
}

/// `letter templates` and `letter template-dir`: they need the config folder, no database.
/// Returns false for `letter KIND ID`, which needs the session.
pub fn run_without_database(
    args: &LetterArgs,
    config: &Config,
    out: &mut dyn Write,
) -> Result<bool> {
    let Some(command) = &args.command else {
        return Ok(false);
    };
    let dir = config.letter_templates.as_deref();
    match command {
        LetterCommand::Templates => {
            for t in list_templates(dir) {
                let from = match &t.origin {
                    TemplateOrigin::BuiltIn => "built-in".to_string(),
                    TemplateOrigin::File(p) => p.display().to_string(),
                };
                writeln!(out, "{:<28} {from}", t.name)?;
            }
            if let Some(dir) = dir {
                writeln!(out, "\nOverrides are read from {}", dir.display())?;
            }
        }
        LetterCommand::List { .. } => return Ok(false),
        LetterCommand::TemplateDir => {
            let dir = dir.ok_or(LetterError::NoTemplateDir)?;
            let done = write_defaults(dir)?;
            for p in &done.written {
                writeln!(out, "written  {}", p.display())?;
            }
            for p in &done.skipped {
                writeln!(out, "skipped  {} (exists; left as it is)", p.display())?;
            }
            writeln!(
                out,
                "{} written, {} skipped in {}",
                done.written.len(),
                done.skipped.len(),
                dir.display()
            )?;
        }
    }
    Ok(true)
}

/// `letter KIND ID`: renders the letter from the record; prints it or writes `--out`.
pub fn run(args: LetterArgs, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    if run_without_database(&args, &session.config, out)? {
        return Ok(());
    }
    if let Some(LetterCommand::List { id, json }) = &args.command {
        return list(session, id, *json, out);
    }
    if !args.mark_sent && (args.on.is_some() || args.via.is_some() || args.again) {
        return Err(UsageError("--on, --via and --again go with --mark-sent".into()).into());
    }
    let (Some(kind), Some(id)) = (args.kind, args.id.as_deref()) else {
        return Err(UsageError("give a letter KIND and a record ID".into()).into());
    };
    if args.with_log && kind != LetterKind::Ap {
        return Err(UsageError("--with-log is for the ap letter only".into()).into());
    }
    let mut opts = Options {
        lang: args.lang.unwrap_or(Lang::Nl),
        // Warnings go to stderr with the other messages of the command line: in English.
        warnings_lang: Lang::En,
        format: match args.format {
            LetterFormat::Text => Format::Text,
            LetterFormat::Markdown => Format::Markdown,
        },
        with_log: args.with_log,
    };
    // A mark that would be refused (a date in the future, another kind of record, a second
    // mark without --again) stops before anything is printed or written.
    let mut mark = SentMark {
        on: args.on,
        via: args.via.unwrap_or_default(),
        again: args.again,
        ..SentMark::default()
    };
    if args.mark_sent {
        session.check_sent(id, kind, &mark)?;
    }
    let letter = if kind.for_request() {
        let r = session.request(id)?;
        // The requester's language, unless --lang says otherwise.
        opts.lang = args.lang.unwrap_or(r.language.into());
        letters::render_request(kind, session, &r, opts)?
    } else {
        let b = session.breach(id)?;
        letters::render_breach(kind, session, &b, opts)?
    };
    // The warnings are in the interface's language, which may differ from the letter's.
    let warning = match session.config.lang {
        Lang::Nl => "let op",
        Lang::En => "warning",
    };
    for w in &letter.warnings {
        super::tell(format_args!("{warning}: {w}"));
    }
    let text = printable(&letter.text);
    match &args.out {
        Some(path) => write_letter(path, &text, args.force)?,
        None => out.write_all(text.as_bytes())?,
    }
    if args.mark_sent {
        mark.template = Some(letter.template_record());
        mark.recipients = letter.recipients.clone();
        let sent = session.record_sent(id, kind, &mark)?;
        super::tell(sent_line(&sent));
        if !mark.recipients.is_empty() {
            let r = session.request(id)?;
            let told: Vec<String> = r
                .recipients
                .iter()
                .filter(|x| mark.recipients.contains(&x.id))
                .map(|x| printable(&x.name))
                .collect();
            super::tell(format_args!("told {}: {}", sent.sent_on, told.join(", ")));
        }
    }
    Ok(())
}

/// "decision sent 2026-11-23 by email (recorded by anna 2026-11-23T09:30:00+00:00)", with the
/// template and "edited" when known: "(recorded by anna ...; nl/decision.txt.j2, edited)".
fn sent_line(l: &SentLetter) -> String {
    let mut how = String::new();
    if let Some(t) = &l.template {
        how = format!("; {}", printable(t));
    }
    if l.edited {
        how.push_str(if how.is_empty() {
            "; edited"
        } else {
            ", edited"
        });
    }
    format!(
        "{} sent {} by {} (recorded by {} {}{how})",
        l.kind.code(),
        l.sent_on,
        l.via.code(),
        printable(&l.recorded_by),
        crate::domain::dates::rfc3339(&l.recorded_at)
    )
}

/// `letter list ID`: one line per letter sent, or the JSON array.
fn list(session: &Session, id: &str, json: bool, out: &mut dyn Write) -> Result<()> {
    let letters = session.letters_sent(id)?;
    if json {
        return print_json(out, &letters);
    }
    if letters.is_empty() {
        writeln!(
            out,
            "no letters marked sent for {}",
            printable(&id.trim().to_uppercase())
        )?;
    }
    for l in &letters {
        writeln!(out, "{}", sent_line(l))?;
    }
    Ok(())
}

//! The command line: clap definitions and the subcommands for scripts and SSH one-liners.
//! Every subcommand calls the same `Session` operations as the terminal app.

use crate::app::queue_export::queue_csv;
use crate::app::{RequestView, Session};
use crate::clock::Clock;
use crate::config::{self, Config};
use crate::domain::dates::read_date;
use crate::domain::deadline::{self, Period};
use crate::domain::request::{Channel, Decision, Kind, Language, NewRequest, Person, Pupil, Role};
use crate::domain::text::printable;
use crate::i18n::{Lang, T};
use crate::store::Store;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// A clap value parser for a code enum, whose error lists every accepted code. Defined before
/// the submodules so each of them can use it.
macro_rules! code_parser {
    ($fn:ident, $ty:ty, $what:literal) => {
        fn $fn(s: &str) -> Result<$ty, String> {
            <$ty>::parse(s)
                .ok_or_else(|| format!("unknown {} {s:?}; use one of: {}", $what, <$ty>::codes()))
        }
    };
}

mod audit;
mod breach;
mod consent;
pub mod dbfile;
mod demo_data;
pub mod intake;
pub mod letter;
mod pupil;
mod voice;

pub use voice::Voice;

/// Prints `avgdesk: MESSAGE` on stderr. Control and invisible characters in it are escaped
/// (`\u{1b}`): a message may quote the command line, a file name or a stored value, and none of
/// them may drive the terminal or read backwards.
pub fn tell(message: impl std::fmt::Display) {
    let text = message.to_string();
    eprintln!("avgdesk: {}", crate::domain::text::escaped(&text));
}

/// A mistake in how a command was called (exit code 2), found after clap's own parsing.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

#[derive(Debug, Parser)]
#[command(
    name = "avgdesk",
    version,
    about = "Case manager for the privacy officer of a school board: requests, breaches, consent",
    long_about = "Without a command, opens the terminal app. With a command, does one thing and exits.\n\
                  Dates are YYYY-MM-DD (23-11-2026 is accepted too). Set AVGDESK_NOW (RFC 3339) to fix \"now\"."
)]
pub struct Cli {
    /// Database file [default: the user's data folder, e.g. ~/.local/share/avgdesk/avgdesk.db]
    #[arg(long, global = true, env = "AVGDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration file [default: the user's config folder, e.g. ~/.config/avgdesk/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Theme: default, light, high-contrast, or a path to a theme file
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Interface language: nl or en [default: the config's `language`, else nl]. For `letter`
    /// also the letter's language (Dutch unless given); for `breach register --csv` and
    /// `request list --csv` the CSV's (English codes unless given)
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Use a fresh temporary database filled with fictional demo data
    #[arg(long, global = true)]
    pub demo: bool,
    /// Read the passphrase of an encrypted database from this file (owner-only: chmod 600)
    /// instead of asking on the terminal
    #[arg(long, global = true, env = "AVGDESK_KEY_FILE", value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// Create the new database encrypted (the passphrase is asked twice, or read from --key-file)
    #[arg(long, global = true)]
    pub encrypt: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the deadlines of a request received on a date
    Deadline(DeadlineArgs),
    /// Data-subject requests (verzoeken)
    #[command(subcommand)]
    Request(RequestCommand),
    /// The breach register (datalekken)
    #[command(subcommand)]
    Breach(Box<breach::BreachCommand>),
    /// Pupils (leerlingen): import from the school administration, list
    #[command(subcommand)]
    Pupil(Box<pupil::PupilCommand>),
    /// Consent (toestemming): record answers, overview, history, teacher lists
    #[command(subcommand)]
    Consent(Box<consent::ConsentCommand>),
    /// The audit trail: verify its hash chain, print its head
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Letters to send: print or write one from a record; list or edit the templates
    #[command(long_about = letter::LONG_ABOUT)]
    Letter(Box<letter::LetterArgs>),
    /// Propose a request from one e-mail message (.eml or - for stdin); --yes logs it
    #[command(long_about = intake::LONG_ABOUT)]
    Intake(Box<intake::IntakeArgs>),
    /// Print an example configuration file with every setting explained
    ConfigExample,
    /// Fill a new database with a realistic board of N pupils (to try avgdesk at scale)
    #[command(long_about = demo_data::LONG_ABOUT)]
    DemoData(demo_data::DemoDataArgs),
    /// Encrypt the database in place (SQLCipher); asks for the new passphrase twice
    Encrypt(dbfile::NewKeyArgs),
    /// Change the passphrase of an encrypted database
    Rekey(dbfile::NewKeyArgs),
    /// Write a plain (unencrypted) copy of an encrypted database
    Decrypt(dbfile::DecryptArgs),
    /// Show the database's path, schema version, encryption, size and record counts
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent copy of the database while others keep working; `backup verify FILE`
    /// checks one
    Backup(dbfile::BackupArgs),
    /// Replace the database with a verified backup (the current file is kept beside it)
    Restore(dbfile::RestoreArgs),
}

#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The day the request reached the school
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub received: NaiveDate,
    /// The board's policy period [default: from the config, else 4w]
    #[arg(long, value_parser = parse_period, value_name = "4w|1m")]
    pub policy: Option<Period>,
    /// Days the clock was paused
    #[arg(long, default_value_t = 0, value_name = "DAYS")]
    pub paused_days: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Log a new request
    Add(AddArgs),
    /// List requests, most urgent first
    List {
        /// Include closed requests
        #[arg(long)]
        all: bool,
        /// Only requests past their deadline
        #[arg(long)]
        overdue: bool,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV, one row per request: English codes, or with --lang nl Dutch for Dutch Excel
        #[arg(long)]
        csv: bool,
    },
    /// Show one request with every field, deadline and note
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Extend by two months (complex request): in time up to notice_due (the board's day),
    /// with a warning up to notice_legal_due (the law's, art. 12(3)), refused after it
    Extend {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Stop the clock while waiting for identification or clarification; --on may lie in the
    /// past (a pause recorded late), but not after the deadline
    Pause {
        id: String,
        #[arg(long)]
        reason: String,
        /// The day the clock stopped [default: today]
        #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Restart the clock
    Resume {
        id: String,
        /// The day the clock restarts [default: today]
        #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record how the requester's identity was checked (never keep a copy of the document)
    Identity {
        id: String,
        /// e.g. "ID shown at the desk", "known parent, via school e-mail"
        #[arg(long)]
        method: String,
        /// Who checked [default: you]
        #[arg(long)]
        by: Option<String>,
        #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record the decision
    Decide {
        id: String,
        #[arg(long, value_parser = parse_decision, value_name = "DECISION")]
        decision: Decision,
        /// Required for refused and partly_granted
        #[arg(long, default_value = "")]
        reason: String,
        /// The day of the decision [default: today]
        #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Close a decided request
    Close {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a note to the request's timeline
    Note {
        id: String,
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a recipient who must be told of a rectification, erasure or restriction (art. 19),
    /// or record with --none that the data was disclosed to no one
    Recipient {
        id: String,
        /// Who received the data
        #[arg(required_unless_present = "none")]
        name: Option<String>,
        /// The data was disclosed to no one ("aan niemand verstrekt")
        #[arg(long, conflicts_with = "name")]
        none: bool,
        #[arg(long)]
        json: bool,
    },
    /// Mark a recipient as told (or back to not told)
    Told {
        id: String,
        /// The recipient's name as listed
        name: String,
        /// Mark as not told after all
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_parser = parse_kind, value_name = "KIND")]
    pub kind: Kind,
    /// The day it reached any official channel of the school [default: today]
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub received: Option<NaiveDate>,
    #[arg(long, value_name = "NAME")]
    pub requester: String,
    /// Who asks: parent, pupil, other, or unknown when nobody said (as the app's form; never a
    /// guessed "parent", which would raise or hide the 16-year flags)
    #[arg(long, value_parser = parse_requester_role, value_name = "ROLE", default_value = "unknown")]
    pub role: RequesterRole,
    #[arg(long, default_value = "", value_name = "E-MAIL/PHONE")]
    pub contact: String,
    #[arg(long, default_value = "", value_name = "NAME")]
    pub pupil: String,
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub pupil_birth_date: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    pub school: String,
    #[arg(long, default_value = "")]
    pub class: String,
    #[arg(long, value_parser = parse_channel, value_name = "CH", default_value = "email")]
    pub channel: Channel,
    #[arg(long, default_value = "")]
    pub summary: String,
    /// The requester's language: their letters are written in it (nl or en)
    #[arg(long, value_parser = parse_language, value_name = "LANG", default_value = "nl")]
    pub language: Language,
    #[arg(long)]
    pub json: bool,
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    read_date(s).map_err(|e| e.to_string())
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse().map_err(|e: deadline::PeriodError| e.to_string())
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("{s:?} is not supported; use nl or en"))
}

code_parser!(parse_kind, Kind, "kind");
/// `--role` of `request add`: a role, or unknown (stored as no role, shown "role unknown").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequesterRole(pub Option<Role>);

fn parse_requester_role(s: &str) -> Result<RequesterRole, String> {
    if matches!(s.trim().to_lowercase().as_str(), "unknown" | "onbekend") {
        return Ok(RequesterRole(None));
    }
    Role::parse(s)
        .map(|r| RequesterRole(Some(r)))
        .ok_or_else(|| format!("unknown role {s:?}; use one of: {}, unknown", Role::codes()))
}

code_parser!(parse_language, Language, "language");
code_parser!(parse_channel, Channel, "channel");
code_parser!(parse_decision, Decision, "decision");

/// Who is acting, for the audit trail: `AVGDESK_USER`, else the login name of the account
/// (from the system's user database, so it is right under `su` and in tmux too).
pub fn current_user() -> String {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    env("AVGDESK_USER")
        .or_else(|| whoami::fallible::username().ok().filter(|u| !u.is_empty()))
        .or_else(|| env("USER"))
        .or_else(|| env("LOGNAME"))
        .unwrap_or_else(|| "unknown".into())
}

/// Loads the configuration the command line points at, with `--theme`/`--lang` over it.
pub fn load_config(cli: &Cli) -> Result<Config> {
    let (path, explicit) = match &cli.config {
        Some(p) => (p.clone(), true),
        None => match config::default_paths() {
            Some(p) => (p.config_file, false),
            None => return Ok(apply_overrides(Config::default(), cli)),
        },
    };
    let mut cfg = config::load(&path, explicit)?;
    // The board's own letter templates live beside its config file.
    cfg.letter_templates = path.parent().map(|dir| {
        if dir.as_os_str().is_empty() {
            PathBuf::from(crate::letters::TEMPLATE_DIR)
        } else {
            dir.join(crate::letters::TEMPLATE_DIR)
        }
    });
    Ok(apply_overrides(cfg, cli))
}

fn apply_overrides(mut cfg: Config, cli: &Cli) -> Config {
    if let Some(t) = &cli.theme {
        cfg.theme = t.clone();
    }
    if let Some(l) = cli.lang {
        cfg.lang = l;
        cfg.lang_given = Some(l);
    }
    cfg
}

pub fn database_path(cli: &Cli) -> Result<PathBuf> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    config::default_paths()
        .map(|p| p.database)
        .context("no home folder found for the default database; pass --db PATH or set AVGDESK_DB")
}

/// Opens the session for a command or the app.
pub fn open_session(db: &std::path::Path, config: Config) -> Result<Session> {
    open_session_with(db, config, &crate::store::OpenOptions::default())
}

/// Opens the session with `options` (the passphrase of an encrypted database).
pub fn open_session_with(
    db: &std::path::Path,
    config: Config,
    options: &crate::store::OpenOptions,
) -> Result<Session> {
    let clock = Clock::from_env()?;
    // The name goes into every audit row and on every note: held to the rule for names.
    let user = current_user();
    crate::domain::text::check(
        "user name (AVGDESK_USER)",
        &user,
        crate::domain::text::Shape::Name,
    )?;
    let store = Store::open_with(db, &user, options)?;
    Ok(Session::new(store, config, clock))
}

/// Runs a subcommand against `session`, writing to `out`.
pub fn run_command(command: Command, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Deadline(args) => deadline_cmd(args, session, out),
        Command::Request(rc) => request_cmd(rc, session, out),
        Command::Breach(bc) => breach::run(*bc, session, out),
        Command::Pupil(pc) => pupil::run(*pc, session, out),
        Command::Consent(cc) => consent::run(*cc, session, out),
        Command::Audit(ac) => audit::run(ac, session, out),
        Command::Letter(args) => letter::run(*args, session, out),
        Command::Intake(args) => intake::run(*args, session, out),
        Command::ConfigExample => Ok(out.write_all(config::EXAMPLE.as_bytes())?),
        Command::DemoData(args) => demo_data::run(args, session, out),
        Command::Encrypt(_)
        | Command::Rekey(_)
        | Command::Decrypt(_)
        | Command::Info { .. }
        | Command::Backup(_)
        | Command::Restore(_) => Err(UsageError(
            "this command works on the database file; run it as `avgdesk <command>`".into(),
        )
        .into()),
    }
}

/// `deadline` needs no database: it only computes.
pub fn deadline_only(args: DeadlineArgs, config: &Config, out: &mut dyn Write) -> Result<()> {
    let policy = args.policy.unwrap_or(config.policy);
    let d = deadline::compute(args.received, policy, args.paused_days, &config.calendar());
    if args.json {
        #[derive(Serialize)]
        struct Out {
            received: NaiveDate,
            policy: String,
            paused_days: u32,
            #[serde(flatten)]
            deadlines: deadline::Deadlines,
        }
        let o = Out {
            received: args.received,
            policy: policy.to_string(),
            paused_days: args.paused_days,
            deadlines: d,
        };
        print_json(out, &o)?;
    } else {
        let cal = config.calendar();
        let lang = config.lang;
        let line = |label: &str, date: NaiveDate| {
            let note = cal
                .holiday_name(date)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            // Padded to 24 columns, and never run into the value when the label is longer.
            format!("{label:<23} {}{note}\n", fmt_date(date, lang))
        };
        // The English labels are the JSON's field names.
        let labels: [String; 9] = match lang {
            Lang::Nl => [
                "ontvangen".into(),
                "wettelijk (1 maand)".into(),
                format!("beleid ({policy})"),
                "geldend".into(),
                "melden uiterlijk".into(),
                "melden uiterlijk (wet)".into(),
                "verlengd wettelijk".into(),
                "verlengd beleid".into(),
                "verlengd geldend".into(),
            ],
            Lang::En => [
                "received".into(),
                "legal_due (1m)".into(),
                format!("policy_due ({policy})"),
                "due".into(),
                "notice_due".into(),
                "notice_legal_due".into(),
                "extended_legal_due".into(),
                "extended_policy_due".into(),
                "extended_due".into(),
            ],
        };
        let dates = [
            args.received,
            d.legal_due,
            d.policy_due,
            d.due,
            d.notice_due,
            d.notice_legal_due,
            d.extended_legal_due,
            d.extended_policy_due,
            d.extended_due,
        ];
        let s: String = labels
            .iter()
            .zip(dates)
            .map(|(label, date)| line(label, date))
            .collect();
        out.write_all(s.as_bytes())?;
    }
    Ok(())
}

fn deadline_cmd(args: DeadlineArgs, session: &Session, out: &mut dyn Write) -> Result<()> {
    deadline_only(args, &session.config, out)
}

/// With the weekday: "ma 16-11-2026", "Mon 2026-11-16".
fn fmt_date(d: NaiveDate, lang: Lang) -> String {
    crate::i18n::dates::date_weekday(d, lang)
}

/// A day as the officer reads it: "16-11-2026", "2026-11-16".
fn day(d: NaiveDate, lang: Lang) -> String {
    crate::i18n::dates::date(d, lang)
}

/// "nog 20 dagen" / "20 days left", "3 dagen te laat" / "-3 days left".
fn days_left(n: i64, lang: Lang) -> String {
    match lang {
        Lang::Nl if n < 0 => format!("{} {} te laat", -n, if n == -1 { "dag" } else { "dagen" }),
        Lang::Nl => format!("nog {n} {}", if n == 1 { "dag" } else { "dagen" }),
        Lang::En => format!("{n} days left"),
    }
}

/// Pretty JSON as every `--json` output writes it: C1 control characters and invisible
/// characters escaped (`\u009b`, `\u202e`) so the output cannot attack a terminal.
pub(crate) fn json_text(value: &impl Serialize) -> Result<String> {
    Ok(crate::domain::text::json_escape_invisible(
        serde_json::to_string_pretty(value)?,
    ))
}

pub(crate) fn print_json(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    writeln!(out, "{}", json_text(value)?)?;
    Ok(())
}

fn print_request(
    session: &Session,
    r: &crate::domain::request::Request,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let view = session.view(r);
    if json {
        print_json(out, &view)
    } else {
        let text = show_text(&view, session.config.timezone, session.config.lang);
        out.write_all(printable(&text).as_bytes())?;
        Ok(())
    }
}

fn request_cmd(rc: RequestCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match rc {
        RequestCommand::Add(a) => {
            let new = NewRequest {
                kind: a.kind,
                received: a.received.unwrap_or_else(|| session.today()),
                channel: a.channel,
                requester: Person {
                    name: a.requester,
                    role: a.role.0,
                    contact: a.contact,
                },
                pupil: Pupil {
                    name: a.pupil,
                    birth_date: a.pupil_birth_date,
                    school: a.school,
                    class: a.class,
                },
                summary: a.summary,
                language: a.language,
            };
            let r = session.add_request(new)?;
            if a.json {
                print_request(session, &r, true, out)
            } else {
                let v = session.view(&r);
                let lang = session.config.lang;
                let line = match lang {
                    Lang::Nl => format!(
                        "{}  {}  termijn {} ({})",
                        v.id,
                        v.kind.label(lang),
                        day(v.due, lang),
                        days_left(v.days_left, lang)
                    ),
                    Lang::En => format!(
                        "{}  {}  due {} ({} days left)",
                        v.id, v.kind, v.due, v.days_left
                    ),
                };
                writeln!(out, "{line}")?;
                Ok(())
            }
        }
        RequestCommand::List {
            all,
            overdue,
            json,
            csv,
        } => {
            let rows: Vec<RequestView> = session
                .queue(all)?
                .iter()
                .filter(|row| !overdue || (row.request.awaits_answer() && row.timing.days_left < 0))
                .map(|row| RequestView::new(&row.request, &row.timing, session.config.timezone))
                .collect();
            if json {
                print_json(out, &rows)
            } else if csv {
                // The codes scripts read, unless --lang is given on this command line.
                let lang = session.config.lang_given.unwrap_or(Lang::En);
                Ok(out.write_all(queue_csv(&rows, lang)?.as_bytes())?)
            } else {
                out.write_all(printable(&list_text(&rows, session.config.lang)).as_bytes())?;
                Ok(())
            }
        }
        RequestCommand::Show { id, json } => {
            let r = session.request(&id)?;
            print_request(session, &r, json, out)
        }
        RequestCommand::Extend { id, reason, json } => {
            let r = session.extend(&id, &reason)?;
            // Allowed after the board's notice day up to the law's, but late by its policy.
            let t = session.timing(&r);
            if let Some(days) = r.extension_past_policy(&t) {
                tell(format_args!(
                    "warning: {}",
                    crate::i18n::extension_past_policy(
                        days,
                        t.deadlines.notice_due,
                        t.deadlines.notice_legal_due,
                        Lang::En
                    )
                ));
            }
            print_request(session, &r, json, out)
        }
        RequestCommand::Pause {
            id,
            reason,
            on,
            json,
        } => {
            let r = session.pause(&id, on, &reason)?;
            print_request(session, &r, json, out)
        }
        RequestCommand::Resume { id, on, json } => {
            let r = session.resume(&id, on)?;
            print_request(session, &r, json, out)
        }
        RequestCommand::Identity {
            id,
            method,
            by,
            on,
            json,
        } => {
            let by = by.unwrap_or_else(|| session.store.user().to_string());
            let r = session.check_identity(&id, &method, on, &by)?;
            print_request(session, &r, json, out)
        }
        RequestCommand::Decide {
            id,
            decision,
            reason,
            on,
            json,
        } => {
            let r = session.decide(&id, decision, &reason, on)?;
            if decision.grants() && r.identity.is_none() {
                eprintln!(
                    "avgdesk: warning: {} was granted with the identity unchecked (request identity {} --method ...)",
                    r.id, r.id
                );
            }
            print_request(session, &r, json, out)
        }
        RequestCommand::Close { id, json } => {
            let r = session.close(&id)?;
            if crate::domain::letter::last_sent(&r.letters, crate::letters::LetterKind::Decision)
                .is_none()
            {
                eprintln!(
                    "avgdesk: warning: {} was closed without its decision letter marked sent (letter decision {} --mark-sent)",
                    r.id, r.id
                );
            }
            print_request(session, &r, json, out)
        }
        RequestCommand::Note { id, text, json } => {
            let r = session.add_note(&id, &text)?;
            print_request(session, &r, json, out)
        }
        RequestCommand::Recipient {
            id,
            name,
            none,
            json,
        } => {
            // clap already refuses both or neither; this keeps a parser change from turning a
            // missing name into "no one".
            let r = match (name, none) {
                (Some(name), false) => session.add_recipient(&id, &name)?,
                (None, true) => session.set_no_recipients(&id)?,
                _ => {
                    return Err(
                        UsageError("give a recipient's NAME or --none, not both".into()).into(),
                    )
                }
            };
            print_request(session, &r, json, out)
        }
        RequestCommand::Told {
            id,
            name,
            undo,
            json,
        } => {
            let current = session.request(&id)?;
            let recipient = current
                .recipients
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
                .map(|r| r.id)
                .with_context(|| {
                    let names: Vec<&str> =
                        current.recipients.iter().map(|r| r.name.as_str()).collect();
                    let names = match (names.is_empty(), session.config.lang) {
                        (true, Lang::Nl) => "(geen)".to_string(),
                        (true, Lang::En) => "(none)".to_string(),
                        (false, _) => names.join(", "),
                    };
                    match session.config.lang {
                        Lang::Nl => {
                            format!(
                                "{id} heeft geen ontvanger {name:?}; de ontvangers zijn: {names}"
                            )
                        }
                        Lang::En => {
                            format!("{id} has no recipient {name:?}; its recipients are: {names}")
                        }
                    }
                })?;
            let r = session.set_recipient_told(&id, recipient, !undo)?;
            print_request(session, &r, json, out)
        }
    }
}

/// The queue as a table in the officer's language (English: the codes scripts know).
fn list_text(rows: &[RequestView], lang: Lang) -> String {
    let heads = match lang {
        Lang::Nl => [
            T::col_id,
            T::col_kind,
            T::col_who,
            T::col_received,
            T::col_deadline,
            T::col_days,
            T::col_status,
        ]
        .map(|t| t.get(lang)),
        Lang::En => [
            "id",
            "kind",
            "requester / pupil",
            "received",
            "due",
            "days",
            "status",
        ],
    };
    let line = |c: [&str; 7]| {
        let [id, kind, who, received, due, days, status] = c;
        format!("{id:<12} {kind:<17} {who:<28} {received:<10} {due:<10} {days:>5}  {status}\n")
    };
    let mut s = line(heads);
    for v in rows {
        let who = if v.pupil.name.is_empty() {
            v.requester.name.clone()
        } else {
            format!("{} / {}", v.requester.name, v.pupil.name)
        };
        let (kind, status, extended) = match lang {
            Lang::Nl => (v.kind.label(lang), v.status.label(lang), " (verlengd)"),
            Lang::En => (v.kind.code(), v.status.code(), " (extended)"),
        };
        let status = format!("{status}{}", if v.extended { extended } else { "" });
        s += &line([
            &v.id,
            kind,
            &truncate(&who, 28),
            &day(v.received, lang),
            &day(v.due, lang),
            &v.days_left.to_string(),
            &status,
        ]);
    }
    s
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Note times are shown in the board's time zone, as in the app. In English the labels are
/// the JSON's field names; in Dutch the app's.
fn show_text(v: &RequestView, tz: chrono_tz::Tz, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    // The Dutch label, or the English field name.
    let k = |dutch: T, english: &'static str| if nl { dutch.get(lang) } else { english };
    let say = |dutch: String, english: String| if nl { dutch } else { english };
    let d = |date: NaiveDate| day(date, lang);
    let mut s = String::new();
    // Padded to 24 columns, and never run into the value when the label is longer.
    let mut kv = |k: &str, val: String| s += &format!("{k:<23} {val}\n");
    kv(k(T::col_id, "id"), v.id.clone());
    kv(
        k(T::col_kind, "kind"),
        if nl {
            v.kind.label(lang)
        } else {
            v.kind.code()
        }
        .into(),
    );
    kv(
        k(T::col_status, "status"),
        if nl {
            v.status.label(lang)
        } else {
            v.status.code()
        }
        .into(),
    );
    let channel = Channel::parse(v.channel)
        .filter(|_| nl)
        .map(|c| c.label(lang))
        .unwrap_or(v.channel);
    kv(
        k(T::col_received, "received"),
        say(
            format!("{} per {channel}", d(v.received)),
            format!("{} via {channel}", v.received),
        ),
    );
    let role = match (v.requester.role, nl) {
        (Some(r), true) => r.label(lang),
        (Some(r), false) => r.code(),
        (None, _) => T::role_unknown.get(lang),
    };
    kv(
        k(T::d_requester, "requester"),
        format!("{} ({role}) {}", v.requester.name, v.requester.contact),
    );
    if !v.pupil.name.is_empty() {
        let birth = v
            .pupil
            .birth_date
            .map(|b| say(format!(", geboren {}", d(b)), format!(", born {b}")))
            .unwrap_or_default();
        kv(
            k(T::d_pupil, "pupil"),
            format!(
                "{}{birth} {} {}",
                v.pupil.name, v.pupil.school, v.pupil.class
            ),
        );
    }
    kv(k(T::d_legal, "legal_due"), d(v.legal_due));
    kv(k(T::d_policy, "policy_due"), d(v.policy_due));
    kv(k(T::d_notice_due, "notice_due"), d(v.notice_due));
    kv(
        k(T::d_notice_legal_due, "notice_legal_due"),
        d(v.notice_legal_due),
    );
    if v.extended {
        kv(
            k(T::d_extended_legal, "extended_legal_due"),
            d(v.extended_legal_due),
        );
        kv(
            k(T::d_extended_policy, "extended_policy_due"),
            d(v.extended_policy_due),
        );
    }
    kv(
        k(T::d_operative, "due"),
        format!("{} ({})", d(v.due), days_left(v.days_left, lang)),
    );
    if v.paused_days > 0 || v.paused {
        let now = if v.paused {
            say(" (nu opgeschort)".into(), " (paused now)".into())
        } else {
            String::new()
        };
        kv(
            k(T::d_paused_days, "paused_days"),
            format!("{}{now}", v.paused_days),
        );
        kv(
            k(T::d_without_pauses, "due_without_pauses"),
            d(v.due_without_pauses),
        );
    }
    if let Some(i) = &v.identity {
        kv(
            k(T::d_identity, "identity"),
            say(
                format!("{} op {} door {}", i.method, d(i.date), i.checked_by),
                format!("{} on {} by {}", i.method, i.date, i.checked_by),
            ),
        );
    }
    if let (Some(date), Some(r)) = (v.extension_date, &v.extension_reason) {
        kv(k(T::d_extension, "extension"), format!("{}: {r}", d(date)));
    }
    for p in &v.pauses {
        let to = p.to.map(d).unwrap_or_else(|| "…".into());
        kv(
            k(T::d_pauses, "pause"),
            format!("{} – {to}: {}", d(p.from), p.reason),
        );
    }
    for r in &v.recipients {
        let told = match r.notified_on {
            Some(on) => say(
                format!("{} {}", T::d_told.get(lang), d(on)),
                format!("told {on}"),
            ),
            None => say(T::d_not_told.get(lang).into(), "not yet told".into()),
        };
        kv(
            k(T::d_recipients, "recipient"),
            format!("{} ({told})", r.name),
        );
    }
    if let Some(on) = v.recipients_none_on {
        kv(
            k(T::d_recipients, "recipients"),
            say(
                format!("aan niemand verstrekt (vastgelegd {})", d(on)),
                format!("disclosed to no one (recorded {on})"),
            ),
        );
    }
    if let Some(decision) = v.decision {
        let reason = v
            .decision_reason
            .clone()
            .filter(|r| !r.is_empty())
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        let decision = if nl {
            decision.label(lang)
        } else {
            decision.code()
        };
        kv(k(T::d_decision, "decision"), format!("{decision}{reason}"));
    }
    for l in &v.letters {
        kv(
            k(T::f_letter, "letter"),
            say(
                format!(
                    "{} verzonden {} per {}",
                    l.kind.label(lang),
                    d(l.sent_on),
                    l.via.code()
                ),
                format!("{} sent {} by {}", l.kind.code(), l.sent_on, l.via.code()),
            ),
        );
    }
    for f in &v.flags {
        kv(k(T::d_flags, "flag"), f.label(lang).to_string());
    }
    if !v.summary.is_empty() {
        s += &format!("{}:\n", k(T::d_summary, "summary").to_lowercase());
        for l in v.summary.lines() {
            s += &format!("  {l}\n");
        }
    }
    if !v.notes.is_empty() {
        s += &format!("{}:\n", k(T::d_timeline, "timeline").to_lowercase());
        for n in &v.notes {
            let at = n.at.with_timezone(&tz);
            s += &format!(
                "  {} {} {}: {}\n",
                d(at.date_naive()),
                at.format("%H:%M"),
                n.author,
                n.text
            );
        }
    }
    s
}

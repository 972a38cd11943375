//! The command line: clap definitions and the subcommands for scripts and SSH one-liners.
//! Every subcommand calls the same `Session` operations as the terminal app.

use crate::app::{RequestView, Session};
use crate::clock::Clock;
use crate::config::{self, Config};
use crate::domain::dates::read_date;
use crate::domain::deadline::{self, Period};
use crate::domain::request::{Channel, Decision, Kind, Language, NewRequest, Person, Pupil, Role};
use crate::domain::text::printable;
use crate::i18n::Lang;
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
    /// Interface language: nl or en (for `letter`: the letter's language, Dutch unless given)
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
        #[arg(long)]
        json: bool,
    },
    /// Show one request with every field, deadline and note
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Extend by two months (complex request); the requester must be told before the deadline
    Extend {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Stop the clock while waiting for identification or clarification
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
    #[arg(long, value_parser = parse_role, value_name = "ROLE", default_value = "parent")]
    pub role: Role,
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
code_parser!(parse_language, Language, "language");
code_parser!(parse_role, Role, "role");
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
    let store = Store::open_with(db, &current_user(), options)?;
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
        let line = |label: &str, date: NaiveDate| {
            let note = cal
                .holiday_name(date)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            format!("{label:<22}{}{note}\n", fmt_date(date))
        };
        let mut s = String::new();
        s += &line("received", args.received);
        s += &line("legal_due (1m)", d.legal_due);
        s += &line(&format!("policy_due ({policy})"), d.policy_due);
        s += &line("due", d.due);
        s += &line("notice_due", d.notice_due);
        s += &line("extended_legal_due", d.extended_legal_due);
        s += &line("extended_policy_due", d.extended_policy_due);
        s += &line("extended_due", d.extended_due);
        out.write_all(s.as_bytes())?;
    }
    Ok(())
}

fn deadline_cmd(args: DeadlineArgs, session: &Session, out: &mut dyn Write) -> Result<()> {
    deadline_only(args, &session.config, out)
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%a %Y-%m-%d").to_string()
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
        out.write_all(printable(&show_text(&view, session.config.timezone)).as_bytes())?;
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
                    role: Some(a.role),
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
                writeln!(
                    out,
                    "{}  {}  due {} ({} days left)",
                    v.id, v.kind, v.due, v.days_left
                )?;
                Ok(())
            }
        }
        RequestCommand::List { all, overdue, json } => {
            let rows: Vec<RequestView> = session
                .queue(all)?
                .iter()
                .filter(|row| !overdue || (row.request.awaits_answer() && row.timing.days_left < 0))
                .map(|row| RequestView::new(&row.request, &row.timing, session.config.timezone))
                .collect();
            if json {
                print_json(out, &rows)
            } else {
                out.write_all(printable(&list_text(&rows)).as_bytes())?;
                Ok(())
            }
        }
        RequestCommand::Show { id, json } => {
            let r = session.request(&id)?;
            print_request(session, &r, json, out)
        }
        RequestCommand::Extend { id, reason, json } => {
            let r = session.extend(&id, &reason)?;
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
                    format!(
                        "{id} has no recipient {name:?}; its recipients are: {}",
                        if names.is_empty() {
                            "(none)".to_string()
                        } else {
                            names.join(", ")
                        }
                    )
                })?;
            let r = session.set_recipient_told(&id, recipient, !undo)?;
            print_request(session, &r, json, out)
        }
    }
}

fn list_text(rows: &[RequestView]) -> String {
    let mut s = format!(
        "{:<12} {:<14} {:<28} {:<10} {:<10} {:>5}  {}\n",
        "id", "kind", "requester / pupil", "received", "due", "days", "status"
    );
    for v in rows {
        let who = if v.pupil.name.is_empty() {
            v.requester.name.clone()
        } else {
            format!("{} / {}", v.requester.name, v.pupil.name)
        };
        s += &format!(
            "{:<12} {:<14} {:<28} {:<10} {:<10} {:>5}  {}{}\n",
            v.id,
            v.kind.code(),
            truncate(&who, 28),
            v.received,
            v.due,
            v.days_left,
            v.status.code(),
            if v.extended { " (extended)" } else { "" },
        );
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

/// Note times are shown in the board's time zone, as in the app.
fn show_text(v: &RequestView, tz: chrono_tz::Tz) -> String {
    let mut s = String::new();
    let mut kv = |k: &str, val: String| s += &format!("{k:<22}{val}\n");
    kv("id", v.id.clone());
    kv("kind", v.kind.code().into());
    kv("status", v.status.code().into());
    kv("received", format!("{} via {}", v.received, v.channel));
    let role = v.requester.role.map(|r| r.code()).unwrap_or("role unknown");
    kv(
        "requester",
        format!("{} ({role}) {}", v.requester.name, v.requester.contact),
    );
    if !v.pupil.name.is_empty() {
        let birth = v
            .pupil
            .birth_date
            .map(|d| format!(", born {d}"))
            .unwrap_or_default();
        kv(
            "pupil",
            format!(
                "{}{birth} {} {}",
                v.pupil.name, v.pupil.school, v.pupil.class
            ),
        );
    }
    kv("legal_due", v.legal_due.to_string());
    kv("policy_due", v.policy_due.to_string());
    kv("notice_due", v.notice_due.to_string());
    if v.extended {
        kv("extended_legal_due", v.extended_legal_due.to_string());
        kv("extended_policy_due", v.extended_policy_due.to_string());
    }
    kv("due", format!("{} ({} days left)", v.due, v.days_left));
    if v.paused_days > 0 || v.paused {
        kv(
            "paused_days",
            format!(
                "{}{}",
                v.paused_days,
                if v.paused { " (paused now)" } else { "" }
            ),
        );
        kv("due_without_pauses", v.due_without_pauses.to_string());
    }
    if let Some(i) = &v.identity {
        kv(
            "identity",
            format!("{} on {} by {}", i.method, i.date, i.checked_by),
        );
    }
    if let (Some(d), Some(r)) = (v.extension_date, &v.extension_reason) {
        kv("extension", format!("{d}: {r}"));
    }
    for p in &v.pauses {
        let to = p.to.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
        kv("pause", format!("{} – {to}: {}", p.from, p.reason));
    }
    for r in &v.recipients {
        let told = r
            .notified_on
            .map(|d| format!("told {d}"))
            .unwrap_or_else(|| "not yet told".into());
        kv("recipient", format!("{} ({told})", r.name));
    }
    if let Some(d) = v.recipients_none_on {
        kv("recipients", format!("disclosed to no one (recorded {d})"));
    }
    if let Some(d) = v.decision {
        let reason = v
            .decision_reason
            .clone()
            .filter(|r| !r.is_empty())
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        kv("decision", format!("{}{reason}", d.code()));
    }
    for l in &v.letters {
        kv(
            "letter",
            format!("{} sent {} by {}", l.kind.code(), l.sent_on, l.via.code()),
        );
    }
    for f in &v.flags {
        kv("flag", f.label(Lang::En).to_string());
    }
    if !v.summary.is_empty() {
        s += "summary:\n";
        for l in v.summary.lines() {
            s += &format!("  {l}\n");
        }
    }
    if !v.notes.is_empty() {
        s += "timeline:\n";
        for n in &v.notes {
            s += &format!(
                "  {} {}: {}\n",
                n.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                n.author,
                n.text
            );
        }
    }
    s
}

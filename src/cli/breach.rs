//! `avgdesk breach ...`: the breach register from the command line.

use super::{print_json, UsageError};
use crate::app::export::{self, breach_text, register_csv};
use crate::app::safe_file::{self, Existing};
use crate::app::{AppError, BreachRow, BreachView, Session};
use crate::domain::breach::{
    parse_codes, Breach, BreachError, Category, FollowUpKind, Group, Nature, Range, Risk,
    SubjectsDecision,
};
use crate::domain::dates::parse_datetime;
use crate::domain::text::printable;
use crate::i18n::{Lang, T};
use crate::store::StoreError;
use crate::ui::panes::breaches::countdown;
use anyhow::Result;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum BreachCommand {
    /// Start a breach record; the AP clock runs from --aware
    Add {
        /// When the school became aware (board time unless it has an offset) [default: now]
        #[arg(long, value_name = "DATETIME")]
        aware: Option<String>,
        #[arg(long)]
        title: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a line to the breach's log
    Log {
        id: String,
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Complete the record (the AP form's fields); only the options given change
    Update(Box<UpdateArgs>),
    /// Assess the risk for the people concerned
    Assess {
        id: String,
        #[arg(long, value_parser = parse_risk, value_name = "none|risk|high")]
        risk: Risk,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the notification to the AP
    NotifyAp {
        id: String,
        /// When it was submitted (board time unless it has an offset)
        #[arg(long, value_name = "DATETIME")]
        at: String,
        /// The AP's reference number
        #[arg(long)]
        reference: String,
        /// Required when notified after the deadline
        #[arg(long, default_value = "")]
        delay_reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the decision not to notify the AP, with its reasoning
    NoNotify {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Record how the data subjects were dealt with (art. 34)
    Subjects {
        id: String,
        #[arg(long, value_parser = parse_subjects, value_name = "DECISION")]
        decision: SubjectsDecision,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, default_value = "")]
        public_communication: String,
        #[arg(long, value_name = "DATETIME")]
        informed_at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a supplement to, or a withdrawal of, the AP notification
    Followup {
        id: String,
        #[arg(long, value_parser = parse_followup, value_name = "supplement|withdrawal")]
        kind: FollowUpKind,
        #[arg(long)]
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Close a breach (it stays in the register)
    Close {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// List the register, breaches awaiting the AP decision first
    List {
        /// Only breaches that are not closed
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one breach with every field and its log
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the breach in the AP form's order, ready for the meldloket
    Export {
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: ExportFormat,
        /// Write to this file (created readable by you only) instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (still written to a temporary file first, then renamed)
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Write the whole register (decisions and reasoning included) for the board or an auditor
    Register {
        /// CSV, one row per breach
        #[arg(long)]
        csv: bool,
        #[arg(long)]
        json: bool,
        /// Write to this file (created readable by you only) instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (still written to a temporary file first, then renamed)
        #[arg(long, requires = "out")]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    /// When the breach happened (board time), or "unknown"
    #[arg(long, value_name = "DATETIME")]
    pub occurred: Option<String>,
    #[arg(long, value_name = "DATETIME")]
    pub discovered: Option<String>,
    /// When the school became aware (moves the AP deadline)
    #[arg(long, value_name = "DATETIME")]
    pub aware: Option<String>,
    #[arg(long, value_name = "yes|no|unknown")]
    pub ongoing: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long)]
    pub cause: Option<String>,
    /// Comma-separated: confidentiality, integrity, availability, theft
    #[arg(long, value_name = "LIST")]
    pub nature: Option<String>,
    /// Comma-separated: name_address, contact, login, financial, id_copies, sex_birth_age, bsn, special, health, criminal, other
    #[arg(long, value_name = "LIST")]
    pub categories: Option<String>,
    /// e.g. 120 or 100-150
    #[arg(long, value_name = "MIN-MAX")]
    pub records: Option<String>,
    #[arg(long, value_name = "MIN-MAX")]
    pub people: Option<String>,
    /// Comma-separated: pupils, parents, staff, other
    #[arg(long, value_name = "LIST")]
    pub groups: Option<String>,
    /// Whether the data was encrypted or hashed; "unknown" until someone knows
    #[arg(long, value_name = "yes|no|unknown")]
    pub encrypted: Option<String>,
    /// How the data was protected (encryption, hashing, ...)
    #[arg(long)]
    pub protection: Option<String>,
    #[arg(long)]
    pub consequences: Option<String>,
    #[arg(long)]
    pub severity: Option<String>,
    #[arg(long)]
    pub measures_taken: Option<String>,
    #[arg(long)]
    pub measures_planned: Option<String>,
    #[arg(long)]
    pub processor: Option<String>,
    /// When the processor told the school
    #[arg(long, value_name = "DATETIME")]
    pub processor_told: Option<String>,
    #[arg(long)]
    pub cross_border: Option<String>,
    #[arg(long)]
    pub json: bool,
}

code_parser!(parse_risk, Risk, "risk");
code_parser!(parse_subjects, SubjectsDecision, "decision");
code_parser!(parse_followup, FollowUpKind, "kind");

/// Reads a moment; what had to be assumed (the autumn hour that happens twice) is said on
/// stderr, in the officer's language, and the command goes on.
fn time_arg(flag: &str, value: &str, session: &Session) -> Result<DateTime<Utc>> {
    let lang = session.config.lang;
    let parsed = parse_datetime(value, session.config.timezone).map_err(|e| {
        let why = match lang {
            Lang::Nl => crate::i18n::time_error(&e, lang),
            Lang::En => e.to_string(),
        };
        UsageError(format!("{flag}: {why}"))
    })?;
    if let Some(a) = &parsed.assumption {
        super::tell(format_args!(
            "{flag} {}: {}",
            value.trim(),
            crate::i18n::assumption_notice(a, session.config.lang)
        ));
    }
    Ok(parsed.at)
}

/// The late-notification refusal with the deadline in board time, like every time printed here
/// (the domain error only knows UTC).
fn notify_error(e: AppError, session: &Session) -> anyhow::Error {
    match e {
        AppError::Store(StoreError::Breach(BreachError::DelayReasonRequired { due })) => {
            let due = due.with_timezone(&session.config.timezone);
            match session.config.lang {
                Lang::Nl => anyhow::anyhow!(
                    "de AP is na de uiterste meldtijd ({} {}) gemeld; de reden voor de vertraging is verplicht (--delay-reason)",
                    crate::i18n::dates::date(due.date_naive(), Lang::Nl),
                    due.format("%H:%M %:z")
                ),
                Lang::En => anyhow::anyhow!(
                    "the AP was notified after the deadline ({}); the reasons for the delay are required (--delay-reason)",
                    due.format("%Y-%m-%d %H:%M %:z")
                ),
            }
        }
        other => other.into(),
    }
}

fn opt_time_arg(flag: &str, value: &str, session: &Session) -> Result<Option<DateTime<Utc>>> {
    if matches!(value.trim(), "unknown" | "onbekend" | "") {
        Ok(None)
    } else {
        time_arg(flag, value, session).map(Some)
    }
}

fn yes_no_arg(flag: &str, value: &str) -> Result<Option<bool>> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "ja" | "true" => Ok(Some(true)),
        "no" | "nee" | "false" => Ok(Some(false)),
        "unknown" | "onbekend" => Ok(None),
        _ => Err(UsageError(format!("{flag}: {value:?}; use yes, no or unknown")).into()),
    }
}

fn codes_arg<T: Copy + Ord>(
    flag: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    accepted: String,
) -> Result<Vec<T>> {
    parse_codes(value, parse).map_err(|bad| {
        UsageError(format!(
            "{flag}: unknown value {bad:?}; use a comma-separated list of: {accepted}"
        ))
        .into()
    })
}

fn range_arg(flag: &str, value: &str) -> Result<Range> {
    Range::parse(value).ok_or_else(|| {
        UsageError(format!(
            "{flag}: {value:?}; write a number or MIN-MAX, e.g. 100-150"
        ))
        .into()
    })
}

/// Applies the options given to `b`; the rest stays as it is.
fn apply_update(a: &UpdateArgs, b: &mut Breach, s: &Session) -> Result<()> {
    let set = |target: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            *target = v.trim().to_string();
        }
    };
    if let Some(t) = &a.title {
        if t.trim().is_empty() {
            return Err(BreachError::Required { field: "title" }.into());
        }
    }
    set(&mut b.title, &a.title);
    if let Some(v) = &a.occurred {
        b.occurred_at = opt_time_arg("--occurred", v, s)?;
    }
    if let Some(v) = &a.discovered {
        b.discovered_at = opt_time_arg("--discovered", v, s)?;
    }
    if let Some(v) = &a.aware {
        b.aware_at = time_arg("--aware", v, s)?;
    }
    if let Some(v) = &a.ongoing {
        b.ongoing = yes_no_arg("--ongoing", v)?;
    }
    set(&mut b.description, &a.description);
    set(&mut b.cause, &a.cause);
    if let Some(v) = &a.nature {
        b.nature = codes_arg("--nature", v, Nature::parse, Nature::codes())?;
    }
    if let Some(v) = &a.categories {
        b.categories = codes_arg("--categories", v, Category::parse, Category::codes())?;
    }
    if let Some(v) = &a.records {
        b.records = range_arg("--records", v)?;
    }
    if let Some(v) = &a.people {
        b.people = range_arg("--people", v)?;
    }
    if let Some(v) = &a.groups {
        b.groups = codes_arg("--groups", v, Group::parse, Group::codes())?;
    }
    if let Some(v) = &a.encrypted {
        b.encrypted = yes_no_arg("--encrypted", v)?;
    }
    set(&mut b.protection, &a.protection);
    set(&mut b.consequences, &a.consequences);
    set(&mut b.severity, &a.severity);
    set(&mut b.measures_taken, &a.measures_taken);
    set(&mut b.measures_planned, &a.measures_planned);
    set(&mut b.processor, &a.processor);
    if let Some(v) = &a.processor_told {
        b.processor_told_at = opt_time_arg("--processor-told", v, s)?;
    }
    set(&mut b.cross_border, &a.cross_border);
    Ok(())
}

fn print_breach(session: &Session, b: &Breach, json: bool, out: &mut dyn Write) -> Result<()> {
    let view = session.breach_view(b);
    if json {
        print_json(out, &view)
    } else {
        let text = breach_text(&view, &session.config.organisation, session.config.lang);
        out.write_all(printable(&text).as_bytes())?;
        Ok(())
    }
}

fn write_out(
    out_file: &Option<PathBuf>,
    force: bool,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    write_bytes(out_file, force, &printable(text), out)
}

/// Writes `text` as it is (CSV, whose cells were made safe one by one and may start with a
/// byte-order mark) to the file or stdout.
fn write_bytes(
    out_file: &Option<PathBuf>,
    force: bool,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    match out_file {
        Some(path) => Ok(safe_file::write_file(
            path,
            text.as_bytes(),
            Existing::from_force(force),
        )?),
        None => Ok(out.write_all(text.as_bytes())?),
    }
}

/// The register as a table in the officer's language; the clock reads as in the app
/// ("54u20m", "te laat 1u03m" / "overdue by 1h03m").
fn list_text(rows: &[BreachRow], views: &[BreachView], lang: Lang) -> String {
    let heads = match lang {
        Lang::Nl => [
            T::col_id,
            T::ap_title,
            T::col_aware,
            T::col_ap_due,
            T::col_left,
            T::ap_risk,
            T::col_status,
        ]
        .map(|t| t.get(lang)),
        Lang::En => [
            "id", "title", "aware_at", "ap_due", "left", "risk", "status",
        ],
    };
    let line = |cells: [&str; 7]| {
        let [id, title, aware, due, left, risk, status] = cells;
        format!("{id:<12} {title:<32} {aware:<17} {due:<17} {left:>15}  {risk:<11} {status}")
            .trim_end()
            .to_string()
            + "\n"
    };
    let mut s = line(heads);
    let time = |t: &chrono::DateTime<chrono::FixedOffset>| {
        format!(
            "{} {}",
            crate::i18n::dates::date(t.date_naive(), lang),
            t.format("%H:%M")
        )
    };
    for (row, v) in rows.iter().zip(views) {
        let left = if v.awaiting_ap_decision {
            countdown(&row.clock, lang)
        } else {
            "–".into()
        };
        let risk = v.risk.map(|r| match lang {
            Lang::Nl => r.label(lang),
            Lang::En => r.code(),
        });
        let status = match lang {
            Lang::Nl => v.status.label(lang),
            Lang::En => v.status.code(),
        };
        s += &line([
            &v.id,
            &super::truncate(&v.title, 32),
            &time(&v.aware_at),
            &time(&v.ap_due),
            &left,
            risk.unwrap_or("-"),
            status,
        ]);
    }
    s
}

pub fn run(cmd: BreachCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match cmd {
        BreachCommand::Add { aware, title, json } => {
            let aware = aware
                .map(|a| time_arg("--aware", &a, session))
                .transpose()?;
            let b = session.start_breach(&title, aware)?;
            if json {
                print_breach(session, &b, true, out)
            } else {
                let v = session.breach_view(&b);
                let line = match session.config.lang {
                    Lang::Nl => {
                        let hours = format!("{:.1}", v.hours_left.abs()).replace('.', ",");
                        format!(
                            "{}  melden bij de AP vóór {} {} ({})",
                            v.id,
                            crate::i18n::dates::date(v.ap_due.date_naive(), Lang::Nl),
                            v.ap_due.format("%H:%M %:z"),
                            if v.overdue {
                                format!("{hours} uur te laat")
                            } else {
                                format!("nog {hours} uur")
                            }
                        )
                    }
                    Lang::En => format!(
                        "{}  AP due {} ({:.1} hours left)",
                        v.id,
                        v.ap_due.format("%Y-%m-%d %H:%M %:z"),
                        v.hours_left
                    ),
                };
                writeln!(out, "{line}")?;
                Ok(())
            }
        }
        BreachCommand::Log { id, text, json } => {
            session.log_breach(&id, &text)?;
            let b = session.breach(&id)?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::Update(args) => {
            // Parse everything before touching the store, so a bad option changes nothing.
            let current = session.breach(&args.id)?;
            let mut probe = current.clone();
            apply_update(&args, &mut probe, session)?;
            let b = session.save_breach_edit(&current, &probe)?;
            print_breach(session, &b, args.json, out)
        }
        BreachCommand::Assess {
            id,
            risk,
            reason,
            json,
        } => {
            let b = session.assess_breach(&id, risk, &reason)?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::NotifyAp {
            id,
            at,
            reference,
            delay_reason,
            json,
        } => {
            let at = time_arg("--at", &at, session)?;
            let b = session
                .notify_ap(&id, at, &reference, &delay_reason)
                .map_err(|e| notify_error(e, session))?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::NoNotify { id, reason, json } => {
            let b = session.no_notify(&id, &reason)?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::Subjects {
            id,
            decision,
            reason,
            public_communication,
            informed_at,
            json,
        } => {
            let informed_at = informed_at
                .map(|t| time_arg("--informed-at", &t, session))
                .transpose()?;
            let b = session.breach_subjects(
                &id,
                decision,
                &reason,
                &public_communication,
                informed_at,
            )?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::Followup {
            id,
            kind,
            text,
            json,
        } => {
            let b = session.breach_followup(&id, kind, &text)?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::Close { id, json } => {
            let b = session.close_breach(&id)?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::List { open, json } => {
            let rows = session.register(open)?;
            let views = export::views(&rows, session);
            if json {
                print_json(out, &views)
            } else {
                let text = list_text(&rows, &views, session.config.lang);
                out.write_all(printable(&text).as_bytes())?;
                Ok(())
            }
        }
        BreachCommand::Show { id, json } => {
            let b = session.breach(&id)?;
            print_breach(session, &b, json, out)
        }
        BreachCommand::Export {
            id,
            format,
            out: file,
            force,
        } => {
            let b = session.breach(&id)?;
            let view = session.breach_view(&b);
            let text = match format {
                ExportFormat::Text => {
                    breach_text(&view, &session.config.organisation, session.config.lang)
                }
                ExportFormat::Json => super::json_text(&view)? + "\n",
            };
            write_out(&file, force, &text, out)
        }
        BreachCommand::Register {
            csv,
            json,
            out: file,
            force,
        } => {
            let rows = session.register(false)?;
            let views = export::views(&rows, session);
            if json && csv {
                return Err(
                    UsageError("breach register: choose one of --csv and --json".into()).into(),
                );
            }
            if json {
                write_out(&file, force, &(super::json_text(&views)? + "\n"), out)
            } else if csv {
                // The codes scripts read, unless --lang asks for a language on this command
                // line (the config's language does not change what a script gets).
                let lang = session.config.lang_given.unwrap_or(Lang::En);
                write_bytes(&file, force, &register_csv(&views, lang)?, out)
            } else {
                Err(UsageError("breach register: choose --csv or --json".into()).into())
            }
        }
    }
}

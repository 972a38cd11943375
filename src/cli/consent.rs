//! `avgdesk consent ...`: recording answers, the overview, history and teacher lists.

use super::{parse_date_arg, print_json, truncate, UsageError};
use crate::app::consent_export::{self, ListFormat, PAGE};
use crate::app::safe_file::{self, Existing};
use crate::app::{AppError, ConsentInput, ConsentRow, Session};
use crate::domain::consent::{
    self, AnsweredBy, ConsentEvent, ConsentFlag, ConsentState, ConsentValue, Method,
};
use crate::domain::dates::json;
use crate::domain::text::{fold, printable};
use crate::i18n::{dates, Lang, T};
use crate::store::{PupilFilter, StoreError};
use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// List the purposes consent is asked for
    Purposes,
    /// Record an answer (given, refused, withdrawn); earlier answers stay in the history
    Set(SetArgs),
    /// The overview: pupils with the answer in effect per purpose, and flags
    List {
        #[command(flatten)]
        select: Selection,
        /// Only this purpose's column (text); with --state, filter on it
        #[arg(long, value_name = "KEY")]
        purpose: Option<String>,
        /// Part of the name or the pupil number
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every answer ever recorded for a pupil, oldest first per purpose
    History {
        #[arg(long, value_name = "NUMBER")]
        pupil: String,
        #[arg(long)]
        json: bool,
    },
    /// A list for teachers: pupil, class, school and yes/no per purpose (only "given" is yes)
    Export {
        #[command(flatten)]
        select: Selection,
        /// The purposes to show (repeatable or comma-separated) [default: all]; --state filters
        /// on the first
        #[arg(long, value_name = "KEY", value_delimiter = ',')]
        purpose: Vec<String>,
        /// [default: csv when --out ends in .csv, else text]
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write to this file (created readable by you only) instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (still written to a temporary file first, then renamed)
        #[arg(long, requires = "out")]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct SetArgs {
    #[arg(long, value_name = "NUMBER")]
    pub pupil: String,
    #[arg(long, value_name = "KEY")]
    pub purpose: String,
    #[arg(long, value_parser = parse_value, value_name = "given|refused|withdrawn")]
    pub value: ConsentValue,
    /// Who answered
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// Below 16 the parents answer, from 16 the pupil
    #[arg(long, value_parser = parse_answered_by, value_name = "parent|pupil")]
    pub role: AnsweredBy,
    #[arg(long, value_parser = parse_method, value_name = "form|email|portal|verbal", default_value = "form")]
    pub method: Method,
    /// The day the answer takes effect [default: today]
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// The version of the form answered [default: the purpose's current version]
    #[arg(long, value_name = "V")]
    pub form_version: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// Which pupils: the filters `list` and `export` share.
#[derive(Debug, Args)]
pub struct Selection {
    #[arg(long, value_name = "SCHOOL")]
    pub school: Option<String>,
    /// Class or group, e.g. 6
    #[arg(long, value_name = "CLASS")]
    pub class: Option<String>,
    /// Only pupils whose answer for the purpose is one of these (repeatable or comma-separated):
    /// given, refused, withdrawn, not_asked, or not_given (= refused, withdrawn, not_asked)
    #[arg(long, value_name = "STATE", value_delimiter = ',')]
    pub state: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Text,
}

code_parser!(parse_value, ConsentValue, "value");
code_parser!(parse_answered_by, AnsweredBy, "role");
code_parser!(parse_method, Method, "method");

const STATES_ACCEPTED: &str = "given, refused, withdrawn, not_asked, not_given";

fn parse_states(values: &[String]) -> Result<Vec<ConsentState>> {
    let mut out = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let states = match v.to_lowercase().replace('-', "_").as_str() {
            "not_given" | "niet_gegeven" | "geen_toestemming" => vec![
                ConsentState::Refused,
                ConsentState::Withdrawn,
                ConsentState::NotAsked,
            ],
            other => match ConsentState::parse(other) {
                Some(s) => vec![s],
                None => {
                    return Err(UsageError(format!(
                        "--state: unknown state {v:?}; use one or more of: {STATES_ACCEPTED}"
                    ))
                    .into())
                }
            },
        };
        for s in states {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// "groep 6", "Group 6" and "6" alike.
fn bare_class(s: &str) -> String {
    let f = fold(s.trim());
    for word in ["groep", "group", "klas", "class"] {
        if let Some(rest) = f.strip_prefix(word) {
            return rest.trim().to_string();
        }
    }
    f
}

/// The stored spelling of `given`, matched ignoring case and diacritics (for a class also the
/// word "groep"), or an error naming what there is.
fn resolve(what: &str, given: &str, known: Vec<String>, lang: Lang) -> Result<String> {
    let want = fold(given.trim());
    if let Some(k) = known.iter().find(|k| fold(k.trim()) == want) {
        return Ok(k.clone());
    }
    if what == "class" {
        let bare = bare_class(given);
        let matches: Vec<&String> = known.iter().filter(|k| bare_class(k) == bare).collect();
        if let [one] = matches.as_slice() {
            return Ok((*one).clone());
        }
    }
    let list = match (known.is_empty(), lang) {
        (true, Lang::Nl) => {
            "(geen; importeer leerlingen met: avgdesk pupil import BESTAND)".to_string()
        }
        (true, Lang::En) => "(none; import pupils with: avgdesk pupil import FILE)".to_string(),
        (false, _) => known.join(", "),
    };
    Err(match lang {
        Lang::Nl => {
            let (one, many) = if what == "class" {
                ("groep", "groepen")
            } else {
                ("school", "scholen")
            };
            anyhow::anyhow!("geen leerlingen in {one} {given:?}; {many} met leerlingen: {list}")
        }
        Lang::En => anyhow::anyhow!("no pupils in {what} {given:?}; {what}s with pupils: {list}"),
    })
}

/// The filter for a selection; `purpose` is the one `--state` filters on.
fn filter(
    session: &Session,
    select: &Selection,
    purpose: Option<&str>,
    search: Option<&str>,
) -> Result<PupilFilter> {
    let lang = session.config.lang;
    let states = parse_states(&select.state)?;
    let purpose = match purpose {
        Some(p) => Some(session.purpose(p)?.key.clone()),
        None => None,
    };
    if !states.is_empty() && purpose.is_none() {
        return Err(UsageError(
            "--state filters on the answer for one purpose: add --purpose KEY \
             (see avgdesk consent purposes)"
                .into(),
        )
        .into());
    }
    let school = match &select.school {
        Some(s) => Some(resolve("school", s, session.store.schools()?, lang)?),
        None => None,
    };
    let class = match &select.class {
        Some(c) => Some(resolve(
            "class",
            c,
            session.store.classes(school.as_deref())?,
            lang,
        )?),
        None => None,
    };
    Ok(PupilFilter {
        school,
        class,
        search: search.unwrap_or_default().to_string(),
        purpose,
        states,
        include_left: false,
    })
}

/// Every matching row, read a page at a time.
fn all_rows(session: &Session, filter: &PupilFilter) -> Result<Vec<ConsentRow>> {
    let mut rows = Vec::new();
    loop {
        let page = session.consent_rows(filter, rows.len(), PAGE)?;
        let n = page.len();
        rows.extend(page);
        if n < PAGE {
            return Ok(rows);
        }
    }
}

/// An unknown pupil number with a hint on finding the right one.
fn pupil_error(e: AppError, lang: Lang) -> anyhow::Error {
    match (e, lang) {
        (AppError::Store(StoreError::PupilNotFound(n)), Lang::Nl) => anyhow::anyhow!(
            "geen leerling met nummer {n:?}; zoek het nummer met: avgdesk consent list --search NAAM"
        ),
        (AppError::Store(StoreError::PupilNotFound(n)), Lang::En) => anyhow::anyhow!(
            "no pupil with number {n:?}; find the number with: avgdesk consent list --search NAME"
        ),
        (other, _) => other.into(),
    }
}

#[derive(Serialize)]
struct ListRow<'a> {
    number: &'a str,
    name: String,
    class: &'a str,
    school: &'a str,
    birth_date: Option<NaiveDate>,
    states: BTreeMap<&'a str, ConsentState>,
    flags: &'a [ConsentFlag],
}

/// An answer as scripts see it, and whether it is the one in effect today for its purpose.
/// The fields are the answer's own, with `recorded_at` in the board's offset to the second like
/// every moment in JSON. Field names are a public contract: add freely, never rename or remove.
#[derive(Serialize)]
struct EventOut<'a> {
    id: i64,
    pupil: &'a str,
    purpose: &'a str,
    value: ConsentValue,
    effective: NaiveDate,
    given_by: &'a str,
    role: AnsweredBy,
    method: Method,
    form_version: &'a str,
    recorded_by: &'a str,
    #[serde(serialize_with = "json::time")]
    recorded_at: DateTime<FixedOffset>,
    in_effect: bool,
}

impl EventOut<'_> {
    fn new(e: &ConsentEvent, in_effect: bool, tz: chrono_tz::Tz) -> EventOut<'_> {
        EventOut {
            id: e.id,
            pupil: &e.pupil,
            purpose: &e.purpose,
            value: e.value,
            effective: e.effective,
            given_by: &e.given_by,
            role: e.role,
            method: e.method,
            form_version: &e.form_version,
            recorded_by: &e.recorded_by,
            recorded_at: e.recorded_at.with_timezone(&tz).fixed_offset(),
            in_effect,
        }
    }
}

/// The flags on one line; the outdated forms together.
fn flags_text(flags: &[ConsentFlag], lang: Lang) -> String {
    let mut parts = Vec::new();
    let mut outdated = Vec::new();
    for f in flags {
        match (f, lang) {
            (ConsentFlag::TurnsSixteen { on }, Lang::Nl) => {
                parts.push(format!("wordt 16 op {}", dates::date(*on, lang)))
            }
            (ConsentFlag::TurnsSixteen { on }, Lang::En) => parts.push(format!("turns 16 on {on}")),
            (ConsentFlag::SixteenWithParentalAnswers, Lang::Nl) => {
                parts.push("16+, alleen antwoorden van ouders".into())
            }
            (ConsentFlag::SixteenWithParentalAnswers, Lang::En) => {
                parts.push("16+, only parental answers".into())
            }
            (ConsentFlag::OutdatedForm { purpose }, _) => outdated.push(purpose.as_str()),
        }
    }
    if !outdated.is_empty() {
        let word = match lang {
            Lang::Nl => "oudere formulierversie",
            Lang::En => "outdated form",
        };
        parts.push(format!("{word}: {}", outdated.join(",")));
    }
    parts.join("; ")
}

/// An answer's state: the code in English, the word the app uses in Dutch.
fn state_text(state: ConsentState, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => consent_export::state_label(state, lang),
        Lang::En => state.code(),
    }
}

fn list_text(session: &Session, rows: &[ConsentRow], only: Option<&str>) -> String {
    let lang = session.config.lang;
    let columns: Vec<(usize, &str)> = session
        .purposes()
        .iter()
        .enumerate()
        .filter(|(_, p)| only.is_none_or(|k| k == p.key))
        .map(|(i, p)| (i, p.key.as_str()))
        .collect();
    let name_width = rows
        .iter()
        .map(|r| r.pupil.full_name().chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 28);
    let school_width = rows
        .iter()
        .map(|r| r.pupil.school.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 24);
    let pad = |s: &str, w: usize| {
        let t = truncate(s, w);
        let n = t.chars().count();
        t + &" ".repeat(w.saturating_sub(n))
    };
    // Wide enough for "niet gevraagd".
    let widths: Vec<usize> = columns.iter().map(|(_, k)| k.len().max(13)).collect();
    let [number, name, class, school, flags] = match lang {
        Lang::Nl => ["nummer", "naam", "groep", "school", "let op"],
        Lang::En => ["number", "name", "class", "school", "flags"],
    };
    let mut s = format!(
        "{:<10} {} {:<8} {}",
        number,
        pad(name, name_width),
        class,
        pad(school, school_width)
    );
    for ((_, k), w) in columns.iter().zip(&widths) {
        s += &format!(" {k:<w$}");
    }
    s = s.trim_end().to_string() + "  " + flags + "\n";
    for r in rows {
        let mut line = format!(
            "{:<10} {} {} {}",
            r.pupil.number,
            pad(&r.pupil.full_name(), name_width),
            pad(&r.pupil.class, 8),
            pad(&r.pupil.school, school_width)
        );
        for ((i, _), w) in columns.iter().zip(&widths) {
            let state = r.states.get(*i).copied().unwrap_or(ConsentState::NotAsked);
            line += &format!(" {:<w$}", state_text(state, lang));
        }
        let flags = flags_text(&r.flags, lang);
        s += format!("{}  {flags}", line.trim_end()).trim_end();
        s.push('\n');
    }
    let word = if rows.len() == 1 {
        T::pupil_one
    } else {
        T::pupils
    };
    s += &format!("{} {}\n", rows.len(), word.get(lang));
    s
}

fn history_text(session: &Session, number: &str, events: &[ConsentEvent]) -> Result<String> {
    let lang = session.config.lang;
    let nl = lang == Lang::Nl;
    let pupil = session.pupil(number).map_err(|e| pupil_error(e, lang))?;
    let today = session.today();
    let tz = session.config.timezone;
    let left = match (pupil.active, nl) {
        (true, _) => "",
        (false, true) => " – uitgeschreven",
        (false, false) => " – left the school",
    };
    let mut s = format!(
        "{} {} ({}, {}){left}\n",
        pupil.number,
        pupil.full_name(),
        pupil.class,
        pupil.school,
    );
    if events.is_empty() {
        s += if nl {
            "geen antwoorden vastgelegd: voor elk doel niet gevraagd (telt als nee)\n"
        } else {
            "no answers recorded: every purpose is not asked (counts as no)\n"
        };
        return Ok(s);
    }
    for e in events {
        let current = consent::current(events.iter().filter(|o| o.purpose == e.purpose), today)
            .is_some_and(|c| c.id == e.id);
        let marker = match (current, e.effective > today, nl) {
            (true, _, true) => "  (geldt nu)",
            (true, _, false) => "  (in effect)",
            (false, true, true) => "  (gaat nog in)",
            (false, true, false) => "  (not yet in effect)",
            (false, false, _) => "",
        };
        let form = if e.form_version.is_empty() {
            "-"
        } else {
            &e.form_version
        };
        let at = e.recorded_at.with_timezone(&tz);
        s += &if nl {
            format!(
                "{:<20} {:<11} vanaf {}  door {} ({}, {})  formulier {form}  vastgelegd door {} op {} {}{marker}\n",
                e.purpose,
                T::state_of(e.value).get(lang),
                dates::date(e.effective, lang),
                e.given_by,
                T::answered_by(e.role).get(lang),
                T::method(e.method).get(lang),
                e.recorded_by,
                dates::date(at.date_naive(), lang),
                at.format("%H:%M"),
            )
        } else {
            format!(
                "{:<20} {:<9} from {}  by {} ({}, {})  form {form}  recorded by {} at {}{marker}\n",
                e.purpose,
                e.value.code(),
                e.effective,
                e.given_by,
                e.role.code(),
                e.method.code(),
                e.recorded_by,
                at.format("%Y-%m-%d %H:%M"),
            )
        };
    }
    Ok(s)
}

pub fn run(cmd: ConsentCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match cmd {
        ConsentCommand::Purposes => {
            for p in session.purposes() {
                let label = match session.config.lang {
                    Lang::Nl if !p.nl.trim().is_empty() => &p.nl,
                    _ => &p.en,
                };
                writeln!(out, "{}\t{}\t{label}", p.key, p.form_version)?;
            }
            Ok(())
        }
        ConsentCommand::Set(a) => {
            let input = ConsentInput {
                pupil: a.pupil,
                purpose: a.purpose,
                value: a.value,
                given_by: a.by,
                role: a.role,
                method: a.method,
                effective: a.on,
                form_version: a.form_version,
            };
            let e = session
                .set_consent(input)
                .map_err(|e| pupil_error(e, session.config.lang))?;
            let in_effect = e.effective <= session.today();
            if a.json {
                print_json(out, &EventOut::new(&e, in_effect, session.config.timezone))
            } else {
                let pupil = session
                    .pupil(&e.pupil)
                    .map_err(|e| pupil_error(e, session.config.lang))?;
                let lang = session.config.lang;
                let line = match lang {
                    Lang::Nl => format!(
                        "{} {}: {} {} vanaf {}{}, door {} ({}, {})\n",
                        e.pupil,
                        pupil.full_name(),
                        e.purpose,
                        T::state_of(e.value).get(lang),
                        dates::date(e.effective, lang),
                        if in_effect { "" } else { " (gaat nog in)" },
                        e.given_by,
                        T::answered_by(e.role).get(lang),
                        T::method(e.method).get(lang)
                    ),
                    Lang::En => format!(
                        "{} {}: {} {} from {}{}, by {} ({}, {})\n",
                        e.pupil,
                        pupil.full_name(),
                        e.purpose,
                        e.value.code(),
                        e.effective,
                        if in_effect {
                            ""
                        } else {
                            " (not yet in effect)"
                        },
                        e.given_by,
                        e.role.code(),
                        e.method.code()
                    ),
                };
                out.write_all(printable(&line).as_bytes())?;
                Ok(())
            }
        }
        ConsentCommand::List {
            select,
            purpose,
            search,
            json,
        } => {
            let f = filter(session, &select, purpose.as_deref(), search.as_deref())?;
            let rows = all_rows(session, &f)?;
            if json {
                let keys: Vec<&str> = session.purposes().iter().map(|p| p.key.as_str()).collect();
                let out_rows: Vec<ListRow> = rows
                    .iter()
                    .map(|r| ListRow {
                        number: &r.pupil.number,
                        name: r.pupil.full_name(),
                        class: &r.pupil.class,
                        school: &r.pupil.school,
                        birth_date: r.pupil.birth_date,
                        states: keys.iter().copied().zip(r.states.iter().copied()).collect(),
                        flags: &r.flags,
                    })
                    .collect();
                print_json(out, &out_rows)
            } else {
                let text = list_text(session, &rows, f.purpose.as_deref());
                out.write_all(printable(&text).as_bytes())?;
                Ok(())
            }
        }
        ConsentCommand::History { pupil, json } => {
            let events = session
                .consent_history(&pupil)
                .map_err(|e| pupil_error(e, session.config.lang))?;
            if json {
                let today = session.today();
                let rows: Vec<EventOut> = events
                    .iter()
                    .map(|e| {
                        let in_effect = consent::current(
                            events.iter().filter(|o| o.purpose == e.purpose),
                            today,
                        )
                        .is_some_and(|c| c.id == e.id);
                        EventOut::new(e, in_effect, session.config.timezone)
                    })
                    .collect();
                print_json(out, &rows)
            } else {
                let text = history_text(session, &pupil, &events)?;
                out.write_all(printable(&text).as_bytes())?;
                Ok(())
            }
        }
        ConsentCommand::Export {
            select,
            purpose,
            format,
            out: file,
            force,
        } => {
            let keys: Vec<String> = purpose
                .iter()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect();
            let f = filter(session, &select, keys.first().map(|k| k.as_str()), None)?;
            let format = match format {
                Some(Format::Csv) => ListFormat::Csv,
                Some(Format::Text) => ListFormat::Text,
                None if file.as_ref().is_some_and(|p| {
                    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                }) =>
                {
                    ListFormat::Csv
                }
                None => ListFormat::Text,
            };
            let list = consent_export::teacher_list(session, &f, &keys, format)?;
            match file {
                Some(path) => Ok(safe_file::write_file(
                    &path,
                    list.text.as_bytes(),
                    Existing::from_force(force),
                )?),
                None => Ok(out.write_all(list.text.as_bytes())?),
            }
        }
    }
}

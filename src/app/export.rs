//! Exports: a breach in the order of the AP's notification form (text for the meldloket), the
//! register as CSV, and writing either to a file readable by its owner only.

use super::breaches::{BreachRow, BreachView};
use super::spreadsheet::{self, Cells, Dialect};
use crate::config::Organisation;
use crate::domain::breach::{Category, Group, Nature, Range};
use crate::i18n::{Lang, T};
use chrono::{DateTime, FixedOffset};

/// A moment as the AP text writes it, like the letters: "7 december 2026 14:10" in the
/// board's zone (the times were read in it).
fn moment(t: DateTime<FixedOffset>, lang: Lang) -> String {
    format!(
        "{} {}",
        crate::i18n::dates::date_words(t.date_naive(), lang, false),
        t.format("%H:%M")
    )
}

fn when(t: Option<DateTime<FixedOffset>>, lang: Lang) -> String {
    t.map(|t| moment(t, lang))
        .unwrap_or_else(|| T::unknown.get(lang).to_string())
}

fn yes_no(b: Option<bool>, lang: Lang) -> &'static str {
    match b {
        Some(true) => T::yes.get(lang),
        Some(false) => T::no.get(lang),
        None => T::unknown.get(lang),
    }
}

fn range(r: Range, lang: Lang) -> String {
    let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
    match (r.min, r.max) {
        (None, None) => T::unknown.get(lang).to_string(),
        (a, b) if a == b => n(a),
        (a, b) => format!("{} – {}", n(a), n(b)),
    }
}

fn list<X: Copy>(items: &[X], label: fn(X, Lang) -> &'static str, lang: Lang) -> String {
    if items.is_empty() {
        T::unknown.get(lang).to_string()
    } else {
        items
            .iter()
            .map(|&i| label(i, lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s
    }
}

/// One section of the AP form: its number, title and labelled values, in the form's order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    pub number: usize,
    pub title: String,
    pub lines: Vec<SectionLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SectionLine {
    pub label: String,
    pub value: String,
}

/// The breach as text in the AP form's section order, ready to copy into the meldloket.
pub fn breach_text(v: &BreachView, org: &Organisation, lang: Lang) -> String {
    let mut out = String::new();
    for s in breach_sections(v, org, lang) {
        out.push_str(&format!("\n{}. {}\n", s.number, s.title));
        for l in s.lines {
            let value = l.value.trim_end().replace('\n', "\n      ");
            out.push_str(&format!("   {}: {value}\n", l.label));
        }
    }
    format!("{} {} – {}\n{}", T::ap_header.get(lang), v.id, v.title, out)
}

/// The AP form's sections 1 to 15 for a breach; section 15 is the internal call log.
pub fn breach_sections(v: &BreachView, org: &Organisation, lang: Lang) -> Vec<Section> {
    let mut out = Vec::new();
    let mut section = |n: usize, title: T, lines: Vec<(T, String)>| {
        out.push(Section {
            number: n,
            title: title.get(lang).to_string(),
            lines: lines
                .into_iter()
                .map(|(label, value)| SectionLine {
                    label: label.get(lang).to_string(),
                    value,
                })
                .collect(),
        });
    };
    section(
        1,
        T::ap_organisation,
        vec![
            (T::ap_org_name, or_dash(&org.name).into()),
            (
                T::ap_contact,
                format!("{} {}", or_dash(&org.contact_name), org.contact_role)
                    .trim()
                    .into(),
            ),
            (T::ap_email, or_dash(&org.email).into()),
            (T::ap_phone, or_dash(&org.phone).into()),
        ],
    );
    section(
        2,
        T::ap_timeline,
        vec![
            (T::ap_occurred, when(v.occurred_at, lang)),
            (T::ap_discovered, when(v.discovered_at, lang)),
            (T::ap_aware, when(Some(v.aware_at), lang)),
            (T::ap_ongoing, yes_no(v.ongoing, lang).into()),
        ],
    );
    section(
        3,
        T::ap_description,
        vec![
            (T::ap_title, v.title.clone()),
            (T::ap_what, or_dash(&v.description).into()),
            (T::ap_cause, or_dash(&v.cause).into()),
        ],
    );
    section(
        4,
        T::ap_nature,
        vec![(T::ap_nature, list(&v.nature, Nature::label, lang))],
    );
    section(
        5,
        T::ap_categories,
        vec![(T::ap_categories, list(&v.categories, Category::label, lang))],
    );
    section(
        6,
        T::ap_numbers,
        vec![
            (T::ap_records, range(v.records, lang)),
            (T::ap_people, range(v.people, lang)),
        ],
    );
    section(
        7,
        T::ap_groups,
        vec![(T::ap_groups, list(&v.groups, Group::label, lang))],
    );
    section(
        8,
        T::ap_protection,
        vec![
            (T::ap_encrypted, yes_no(v.encrypted, lang).into()),
            (T::ap_how, or_dash(&v.protection).into()),
        ],
    );
    section(
        9,
        T::ap_consequences,
        vec![
            (T::ap_consequences, or_dash(&v.consequences).into()),
            (T::ap_severity, or_dash(&v.severity).into()),
        ],
    );
    let subjects = v
        .subjects
        .map(|s| s.label(lang).to_string())
        .unwrap_or_else(|| T::not_decided.get(lang).to_string());
    section(
        10,
        T::ap_subjects,
        vec![
            (T::ap_subjects, subjects),
            (T::ap_reasoning, or_dash(&v.subjects_reason).into()),
            (T::ap_public, or_dash(&v.public_communication).into()),
            (T::ap_informed_at, when(v.subjects_informed_at, lang)),
        ],
    );
    section(
        11,
        T::ap_measures,
        vec![
            (T::ap_taken, or_dash(&v.measures_taken).into()),
            (T::ap_planned, or_dash(&v.measures_planned).into()),
        ],
    );
    section(
        12,
        T::ap_processor,
        vec![
            (T::ap_processor, or_dash(&v.processor).into()),
            (T::ap_processor_told, when(v.processor_told_at, lang)),
        ],
    );
    section(
        13,
        T::ap_cross_border,
        vec![(T::ap_cross_border, or_dash(&v.cross_border).into())],
    );
    let mut assessment = vec![
        (
            T::ap_risk,
            v.risk
                .map(|r| r.label(lang).to_string())
                .unwrap_or_else(|| T::not_decided.get(lang).into()),
        ),
        (T::ap_reasoning, or_dash(&v.risk_reason).into()),
        (T::ap_deadline, when(Some(v.ap_due), lang)),
        // Undecided reads as on screen: "not yet decided", never "unknown".
        (
            T::ap_notify,
            v.notify_ap
                .map(|b| yes_no(Some(b), lang))
                .unwrap_or(T::not_decided.get(lang))
                .into(),
        ),
    ];
    if v.notify_ap == Some(false) {
        assessment.push((T::ap_no_notify_reason, v.no_notify_reason.clone()));
    }
    if let Some(reference) = &v.ap_reference {
        assessment.push((T::ap_notified_at, when(v.notified_at, lang)));
        assessment.push((T::ap_reference, reference.clone()));
        if let Some(d) = v.delay_reason.as_ref().filter(|d| !d.is_empty()) {
            assessment.push((T::ap_delay_reason, d.clone()));
        }
    }
    for f in &v.followups {
        assessment.push((
            T::ap_followup,
            format!("{} {}: {}", moment(f.at, lang), f.kind.label(lang), f.text),
        ));
    }
    section(14, T::ap_assessment, assessment);
    let log: Vec<(T, String)> = v
        .log
        .iter()
        .map(|l| {
            (
                T::ap_log_line,
                format!("{} {}: {}", moment(l.at, lang), l.author, l.text),
            )
        })
        .collect();
    section(15, T::ap_log, log);
    out
}

/// The register's columns: the code a script reads (the English header) and the Dutch header.
const REGISTER_COLUMNS: [(&str, T); 27] = [
    ("id", T::col_id),
    ("title", T::ap_title),
    ("status", T::col_status),
    ("aware_at", T::f_aware),
    ("ap_due", T::col_ap_due),
    ("occurred_at", T::ap_occurred),
    ("discovered_at", T::ap_discovered),
    ("nature", T::ap_nature),
    ("categories", T::ap_categories),
    ("records_min", T::csv_records_min),
    ("records_max", T::csv_records_max),
    ("people_min", T::csv_people_min),
    ("people_max", T::csv_people_max),
    ("groups", T::ap_groups),
    ("encrypted", T::ap_encrypted),
    ("risk", T::ap_risk),
    ("risk_reason", T::csv_risk_reason),
    ("notify_ap", T::ap_notify),
    ("no_notify_reason", T::ap_no_notify_reason),
    ("notified_at", T::ap_notified_at),
    ("ap_reference", T::ap_reference),
    ("delay_reason", T::ap_delay_reason),
    ("subjects", T::ap_subjects),
    ("subjects_reason", T::csv_subjects_reason),
    ("public_communication", T::ap_public),
    ("processor", T::ap_processor),
    ("measures_taken", T::ap_taken),
];

/// The whole register as CSV: one row per breach, the decisions and their reasoning included.
///
/// In English the codes scripts read (`confidentiality`, `name_address`, `yes`), times in RFC
/// 3339, `,`-separated. In Dutch the words the app shows (`vertrouwelijkheid (ingezien of
/// gekopieerd)`), times as `2026-03-27 16:20` in the board's zone (ISO order, which Excel
/// reads as a date in any locale), `;`-separated with a byte-order mark for Dutch Excel.
/// A question nobody answered reads `unknown`/`onbekend`, a decision not yet taken
/// `undecided`/`nog niet besloten`: never an empty cell that could be read as "no". Free text
/// nobody wrote, and a notification that did not happen, stay empty.
pub fn register_csv(rows: &[BreachView], lang: Lang) -> Result<String, csv::Error> {
    let header = super::spreadsheet::header(&REGISTER_COLUMNS, lang);
    let cells = Cells { lang };
    let rows = rows.iter().map(|v| {
        vec![
            v.id.clone(),
            v.title.clone(),
            cells.code(v.status.code(), v.status.label(lang)),
            cells.time(v.aware_at),
            cells.time(v.ap_due),
            cells.maybe_time(v.occurred_at),
            cells.maybe_time(v.discovered_at),
            cells.list(&v.nature, Nature::code, Nature::label),
            cells.list(&v.categories, Category::code, Category::label),
            cells.number(v.records.min),
            cells.number(v.records.max),
            cells.number(v.people.min),
            cells.number(v.people.max),
            cells.list(&v.groups, Group::code, Group::label),
            cells.answer(v.encrypted),
            cells.decision(v.risk.map(|r| (r.code(), r.label(lang)))),
            v.risk_reason.clone(),
            cells.decision(v.notify_ap.map(|b| cells.yes_no(b))),
            v.no_notify_reason.clone(),
            v.notified_at.map(|t| cells.time(t)).unwrap_or_default(),
            v.ap_reference.clone().unwrap_or_default(),
            v.delay_reason.clone().unwrap_or_default(),
            cells.decision(v.subjects.map(|s| (s.code(), s.label(lang)))),
            v.subjects_reason.clone(),
            v.public_communication.clone(),
            v.processor.clone(),
            v.measures_taken.clone(),
        ]
    });
    spreadsheet::write(Dialect::for_lang(lang), &header, rows)
}

/// Keeps `BreachRow` reachable for callers that export from the register's rows.
pub fn views(rows: &[BreachRow], session: &super::Session) -> Vec<BreachView> {
    rows.iter()
        .map(|r| BreachView::new(&r.breach, &r.clock, session))
        .collect()
}

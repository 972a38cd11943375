//! Exports: a breach in the order of the AP's notification form (text for the meldloket), the
//! register as CSV, and writing either to a file readable by its owner only.

use super::breaches::{BreachRow, BreachView};
use crate::config::Organisation;
use crate::domain::breach::{Category, Group, Nature, Range};
use crate::domain::dates::rfc3339;
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

/// The whole register as CSV: one row per breach, the decisions and their reasoning included.
pub fn register_csv(rows: &[BreachView]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "title",
        "status",
        "aware_at",
        "ap_due",
        "occurred_at",
        "discovered_at",
        "nature",
        "categories",
        "records_min",
        "records_max",
        "people_min",
        "people_max",
        "groups",
        "encrypted",
        "risk",
        "risk_reason",
        "notify_ap",
        "no_notify_reason",
        "notified_at",
        "ap_reference",
        "delay_reason",
        "subjects",
        "subjects_reason",
        "public_communication",
        "processor",
        "measures_taken",
    ])?;
    let t = |x: Option<DateTime<FixedOffset>>| x.map(|t| rfc3339(&t)).unwrap_or_default();
    let n = |x: Option<u64>| x.map(|x| x.to_string()).unwrap_or_default();
    for v in rows {
        let codes = |c: Vec<&str>| c.join(",");
        w.write_record(
            [
                v.id.clone(),
                v.title.clone(),
                v.status.code().into(),
                rfc3339(&v.aware_at),
                rfc3339(&v.ap_due),
                t(v.occurred_at),
                t(v.discovered_at),
                codes(v.nature.iter().map(|x| x.code()).collect()),
                codes(v.categories.iter().map(|x| x.code()).collect()),
                n(v.records.min),
                n(v.records.max),
                n(v.people.min),
                n(v.people.max),
                codes(v.groups.iter().map(|x| x.code()).collect()),
                yes_no_unknown(v.encrypted).into(),
                v.risk.map(|r| r.code().to_string()).unwrap_or_default(),
                v.risk_reason.clone(),
                v.notify_ap
                    .map(|b| if b { "yes" } else { "no" }.to_string())
                    .unwrap_or_default(),
                v.no_notify_reason.clone(),
                t(v.notified_at),
                v.ap_reference.clone().unwrap_or_default(),
                v.delay_reason.clone().unwrap_or_default(),
                v.subjects.map(|s| s.code().to_string()).unwrap_or_default(),
                v.subjects_reason.clone(),
                v.public_communication.clone(),
                v.processor.clone(),
                v.measures_taken.clone(),
            ]
            .map(|cell| spreadsheet_safe(&cell)),
        )?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A yes/no answer as a code; unanswered is spelled out so it never reads as "no".
fn yes_no_unknown(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a leading quote.
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Keeps `BreachRow` reachable for callers that export from the register's rows.
pub fn views(rows: &[BreachRow], session: &super::Session) -> Vec<BreachView> {
    rows.iter()
        .map(|r| BreachView::new(&r.breach, &r.clock, session))
        .collect()
}

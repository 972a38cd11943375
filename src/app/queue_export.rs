//! The queue of requests as CSV: for a script in English codes, or for Dutch Excel in the
//! words the app shows (see [`super::spreadsheet`]).

use super::spreadsheet::{self, Cells, Dialect};
use super::RequestView;
use crate::domain::request::Channel;
use crate::i18n::{Lang, T};

/// The queue's columns: the code a script reads (the English header) and the Dutch header.
const COLUMNS: [(&str, T); 18] = [
    ("id", T::col_id),
    ("kind", T::col_kind),
    ("status", T::col_status),
    ("received", T::col_received),
    ("due", T::col_deadline),
    ("days_left", T::col_days),
    ("legal_due", T::col_legal),
    ("policy_due", T::col_policy),
    ("extended", T::csv_extended),
    ("paused", T::csv_paused),
    ("requester", T::f_requester),
    ("requester_role", T::f_role),
    ("pupil", T::f_pupil),
    ("school", T::f_school),
    ("class", T::f_class),
    ("channel", T::f_channel),
    ("decision", T::f_decision),
    ("decision_date", T::csv_decision_date),
];

/// One row per request, in the order given (the queue's: most urgent first). Dates are ISO
/// (`2026-11-23`) in both languages; a role nobody recorded reads `unknown`/`onbekend`, a
/// decision not yet taken `undecided`/`nog niet besloten`.
pub fn queue_csv(rows: &[RequestView], lang: Lang) -> Result<String, csv::Error> {
    let header = super::spreadsheet::header(&COLUMNS, lang);
    let cells = Cells { lang };
    let rows = rows.iter().map(|v| {
        let channel = Channel::parse(v.channel)
            .map(|c| c.label(lang))
            .unwrap_or(v.channel);
        vec![
            v.id.clone(),
            cells.code(v.kind.code(), v.kind.label(lang)),
            cells.code(v.status.code(), v.status.label(lang)),
            cells.date(v.received),
            cells.date(v.due),
            v.days_left.to_string(),
            cells.date(v.legal_due),
            cells.date(v.policy_due),
            cells.answer(Some(v.extended)),
            cells.answer(Some(v.paused)),
            v.requester.name.clone(),
            match v.requester.role {
                Some(r) => cells.code(r.code(), r.label(lang)),
                None => cells.unknown(),
            },
            v.pupil.name.clone(),
            v.pupil.school.clone(),
            v.pupil.class.clone(),
            cells.code(v.channel, channel),
            cells.decision(v.decision.map(|d| (d.code(), d.label(lang)))),
            v.decision_date.map(|d| cells.date(d)).unwrap_or_default(),
        ]
    });
    spreadsheet::write(Dialect::for_lang(lang), &header, rows)
}

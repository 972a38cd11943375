//! The request queue: rows with their timing, sorted by urgency, and the status-bar counts.

use crate::domain::request::{Request, Timing};
use crate::domain::text::contains_folded;
use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub struct QueueRow {
    pub request: Request,
    pub timing: Timing,
}

impl QueueRow {
    /// Case-insensitive match on everything the officer might type to find a request,
    /// including the Dutch and English names of its kind and status.
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.trim();
        if needle.is_empty() {
            return true;
        }
        let r = &self.request;
        [
            r.id.as_str(),
            r.requester.name.as_str(),
            r.requester.contact.as_str(),
            r.pupil.name.as_str(),
            r.pupil.school.as_str(),
            r.pupil.class.as_str(),
            r.summary.as_str(),
            r.kind.label(Lang::Nl),
            r.kind.label(Lang::En),
            // As the queue shows it: "wissen", "overdracht".
            r.kind.short_label(Lang::Nl),
            r.kind.short_label(Lang::En),
            r.status.label(Lang::Nl),
            r.status.label(Lang::En),
        ]
        .iter()
        .any(|field| contains_folded(field, needle))
    }
}

/// Requests awaiting an answer first by days left (overdue on top), then decided ones, then
/// closed ones.
pub fn build(requests: Vec<Request>, timing: impl Fn(&Request) -> Timing) -> Vec<QueueRow> {
    let mut rows: Vec<QueueRow> = requests
        .into_iter()
        .map(|request| {
            let timing = timing(&request);
            QueueRow { request, timing }
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &QueueRow| {
            (
                !r.request.is_open(),
                !r.request.awaits_answer(),
                r.timing.days_left,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.request.id.cmp(&b.request.id))
    });
    rows
}

/// The counts in the status bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub open: usize,
    pub due_within_7: usize,
    /// Past the board's own (policy) deadline, the legal one not yet: "na beleid" in the queue.
    pub past_policy: usize,
    /// Past the legal deadline: "te laat" in the queue.
    pub overdue: usize,
}

impl QueueStats {
    pub fn of(rows: &[QueueRow]) -> QueueStats {
        let mut s = QueueStats::default();
        for row in rows.iter().filter(|r| r.request.is_open()) {
            s.open += 1;
            if !row.request.awaits_answer() {
                continue;
            }
            let t = &row.timing;
            let legal = if t.extended {
                t.deadlines.extended_legal_due
            } else {
                t.deadlines.legal_due
            };
            // Days left counts to the operative deadline, the earlier of the two.
            let legal_left = t.days_left + (legal - t.operative).num_days();
            if legal_left < 0 {
                s.overdue += 1;
            } else if t.days_left < 0 {
                s.past_policy += 1;
            } else if t.days_left <= 7 {
                s.due_within_7 += 1;
            }
        }
        s
    }
}

//! Breach operations of the session, the register's rows and the JSON view.

use super::{AppError, Result, Session};
use crate::domain::breach::{
    Breach, BreachError, BreachStatus, Category, Clock72, FollowUp, FollowUpKind, Group, LogEntry,
    Nature, Range, Risk, SubjectsDecision,
};
use crate::domain::dates::json;
use crate::store::StoreError;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct BreachRow {
    pub breach: Breach,
    pub clock: Clock72,
}

impl BreachRow {
    pub fn matches(&self, needle: &str) -> bool {
        let b = &self.breach;
        [&b.id, &b.title, &b.description, &b.cause, &b.processor]
            .iter()
            .any(|f| crate::domain::text::contains_folded(f, needle.trim()))
    }
}

fn not_in_future(field: &'static str, t: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<()> {
    match t {
        Some(t) if t > now => Err(BreachError::InFuture { field }.into()),
        _ => Ok(()),
    }
}

/// A title is one line: a pasted newline would break lists and exports.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Session {
    fn to_local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        t.with_timezone(&self.config.timezone).fixed_offset()
    }

    pub fn breach_clock(&self, b: &Breach) -> Clock72 {
        b.clock(self.config.breach_hours, self.now())
    }

    /// Starts a breach during the call: aware now unless given, and a title.
    pub fn start_breach(&mut self, title: &str, aware_at: Option<DateTime<Utc>>) -> Result<Breach> {
        let now = self.now();
        let aware = aware_at.unwrap_or(now);
        not_in_future("aware", Some(aware), now)?;
        let title = one_line(title);
        let title = title.as_str();
        let prefix = self.config.breach_prefix.clone();
        // New Year's night in Amsterdam is still the old year in UTC: number by local date.
        let year = chrono::Datelike::year(&aware.with_timezone(&self.config.timezone));
        Ok(self
            .store
            .add_breach(&prefix, year, now, |id| Breach::start(id, title, aware))?)
    }

    pub fn breach(&self, id: &str) -> Result<Breach> {
        Ok(self.store.breach(id)?)
    }

    pub fn log_breach(&mut self, id: &str, text: &str) -> Result<LogEntry> {
        crate::domain::breach::check_log_line(text.trim())?;
        let now = self.now();
        Ok(self.store.log_breach(id, text, now)?)
    }

    /// Applies a domain change to the latest stored version of breach `id` and saves it.
    pub fn change_breach(
        &mut self,
        id: &str,
        apply: impl Fn(&mut Breach, &Session) -> std::result::Result<(), BreachError>,
    ) -> Result<Breach> {
        self.retrying(|s| {
            let before = s.store.breach(id)?;
            let mut after = before.clone();
            apply(&mut after, s)?;
            after.check_new_text(&before)?;
            let now = s.now();
            Ok(s.store.save_breach(&before, &after, now)?)
        })
    }

    /// Saves the officer's edit of the record; a conflict is reported, never retried.
    pub fn save_breach_edit(&mut self, before: &Breach, after: &Breach) -> Result<Breach> {
        // A closed breach is frozen, as for every other change (`Breach::ensure_open`).
        if !self.store.breach(&before.id)?.is_open() {
            return Err(BreachError::Closed.into());
        }
        let now = self.now();
        // Moments the officer records cannot lie in the future; a later "aware" would quietly
        // move the AP deadline.
        for (field, t) in [
            ("aware", Some(after.aware_at)),
            ("occurred", after.occurred_at),
            ("discovered", after.discovered_at),
            ("processor told", after.processor_told_at),
        ] {
            not_in_future(field, t, now)?;
        }
        if let (Some(occurred), Some(discovered)) = (after.occurred_at, after.discovered_at) {
            if occurred > discovered {
                return Err(BreachError::OccurredAfterDiscovered.into());
            }
        }
        // Moving "aware" later than what the log already shows would extend the deadline.
        if after.aware_at > before.aware_at {
            if let Some(first) = after.log.iter().map(|l| l.at).min() {
                if after.aware_at > first {
                    return Err(BreachError::AwareAfterLog { first }.into());
                }
            }
        }
        let title = after.title.trim();
        if title.is_empty() {
            return Err(BreachError::Required { field: "title" }.into());
        }
        let mut after = after.clone();
        after.title = one_line(title);
        after.check_new_text(before)?;
        Ok(self.store.save_breach(before, &after, now)?)
    }

    pub fn assess_breach(&mut self, id: &str, risk: Risk, reason: &str) -> Result<Breach> {
        self.change_breach(id, |b, _| b.assess(risk, reason))
    }

    pub fn notify_ap(
        &mut self,
        id: &str,
        at: DateTime<Utc>,
        reference: &str,
        delay_reason: &str,
    ) -> Result<Breach> {
        not_in_future("at", Some(at), self.now())?;
        self.change_breach(id, |b, s| {
            b.notify_ap(at, reference, delay_reason, s.config.breach_hours)
        })
    }

    pub fn no_notify(&mut self, id: &str, reason: &str) -> Result<Breach> {
        self.change_breach(id, |b, _| b.decide_not_to_notify(reason))
    }

    pub fn breach_followup(&mut self, id: &str, kind: FollowUpKind, text: &str) -> Result<Breach> {
        self.change_breach(id, |b, s| b.add_followup(s.now(), kind, text))
    }

    pub fn breach_subjects(
        &mut self,
        id: &str,
        decision: SubjectsDecision,
        reason: &str,
        public_communication: &str,
        informed_at: Option<DateTime<Utc>>,
    ) -> Result<Breach> {
        not_in_future("informed at", informed_at, self.now())?;
        self.change_breach(id, |b, _| {
            b.decide_subjects(decision, reason, public_communication, informed_at)
        })
    }

    pub fn close_breach(&mut self, id: &str) -> Result<Breach> {
        self.change_breach(id, |b, _| b.close())
    }

    /// The register: breaches awaiting the AP decision first (least time left on top), then
    /// the rest, newest first.
    pub fn register(&self, open_only: bool) -> Result<Vec<BreachRow>> {
        let mut rows: Vec<BreachRow> = self
            .store
            .breaches(open_only)?
            .into_iter()
            .map(|breach| BreachRow {
                clock: self.breach_clock(&breach),
                breach,
            })
            .collect();
        rows.sort_by(|a, b| {
            let pending = |r: &BreachRow| !r.breach.awaiting_ap_decision();
            pending(a)
                .cmp(&pending(b))
                .then_with(|| {
                    if a.breach.awaiting_ap_decision() {
                        a.clock.minutes_left.cmp(&b.clock.minutes_left)
                    } else {
                        b.breach.aware_at.cmp(&a.breach.aware_at)
                    }
                })
                .then_with(|| a.breach.id.cmp(&b.breach.id))
        });
        Ok(rows)
    }

    pub fn breach_view(&self, b: &Breach) -> BreachView {
        BreachView::new(b, &self.breach_clock(b), self)
    }
}

impl From<BreachError> for AppError {
    fn from(e: BreachError) -> Self {
        AppError::Store(StoreError::Breach(e))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LogView {
    #[serde(serialize_with = "json::time")]
    pub at: DateTime<FixedOffset>,
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    #[serde(serialize_with = "json::time")]
    pub at: DateTime<FixedOffset>,
    pub kind: FollowUpKind,
    pub text: String,
}

/// A breach as scripts see it (`--json`). Times are RFC 3339 to the second with the board's
/// offset. Field names are a public contract: add freely, never rename or remove.
#[derive(Debug, Clone, Serialize)]
pub struct BreachView {
    pub id: String,
    pub title: String,
    #[serde(serialize_with = "json::time")]
    pub aware_at: DateTime<FixedOffset>,
    #[serde(serialize_with = "json::time")]
    pub ap_due: DateTime<FixedOffset>,
    pub hours_left: f64,
    pub minutes_left: i64,
    pub overdue: bool,
    pub awaiting_ap_decision: bool,
    pub risk: Option<Risk>,
    pub risk_reason: String,
    pub status: BreachStatus,
    #[serde(serialize_with = "json::opt_time")]
    pub occurred_at: Option<DateTime<FixedOffset>>,
    #[serde(serialize_with = "json::opt_time")]
    pub discovered_at: Option<DateTime<FixedOffset>>,
    pub ongoing: Option<bool>,
    pub description: String,
    pub cause: String,
    pub nature: Vec<Nature>,
    pub categories: Vec<Category>,
    pub records: Range,
    pub people: Range,
    pub groups: Vec<Group>,
    pub protection: String,
    /// `null` until someone answered.
    pub encrypted: Option<bool>,
    pub consequences: String,
    pub severity: String,
    pub measures_taken: String,
    pub measures_planned: String,
    pub processor: String,
    #[serde(serialize_with = "json::opt_time")]
    pub processor_told_at: Option<DateTime<FixedOffset>>,
    pub cross_border: String,
    pub notify_ap: Option<bool>,
    pub no_notify_reason: String,
    #[serde(serialize_with = "json::opt_time")]
    pub notified_at: Option<DateTime<FixedOffset>>,
    pub ap_reference: Option<String>,
    pub delay_reason: Option<String>,
    pub subjects: Option<SubjectsDecision>,
    pub subjects_reason: String,
    pub public_communication: String,
    #[serde(serialize_with = "json::opt_time")]
    pub subjects_informed_at: Option<DateTime<FixedOffset>>,
    pub log: Vec<LogView>,
    pub followups: Vec<FollowUpView>,
    /// The letters marked sent (`subjects`, `ap`), in the order sent.
    pub letters: Vec<super::view::LetterView>,
}

impl BreachView {
    pub fn new(b: &Breach, clock: &Clock72, s: &Session) -> BreachView {
        let local = |t: DateTime<Utc>| s.to_local(t);
        BreachView {
            id: b.id.clone(),
            title: b.title.clone(),
            aware_at: local(b.aware_at),
            ap_due: local(clock.due),
            hours_left: clock.hours_left(),
            minutes_left: clock.minutes_left,
            overdue: clock.overdue() && b.awaiting_ap_decision(),
            awaiting_ap_decision: b.awaiting_ap_decision(),
            risk: b.risk,
            risk_reason: b.risk_reason.clone(),
            status: b.status,
            occurred_at: b.occurred_at.map(local),
            discovered_at: b.discovered_at.map(local),
            ongoing: b.ongoing,
            description: b.description.clone(),
            cause: b.cause.clone(),
            nature: b.nature.clone(),
            categories: b.categories.clone(),
            records: b.records,
            people: b.people,
            groups: b.groups.clone(),
            protection: b.protection.clone(),
            encrypted: b.encrypted,
            consequences: b.consequences.clone(),
            severity: b.severity.clone(),
            measures_taken: b.measures_taken.clone(),
            measures_planned: b.measures_planned.clone(),
            processor: b.processor.clone(),
            processor_told_at: b.processor_told_at.map(local),
            cross_border: b.cross_border.clone(),
            notify_ap: b.notify_ap,
            no_notify_reason: b.no_notify_reason.clone(),
            notified_at: b.notification.as_ref().map(|n| local(n.at)),
            ap_reference: b.notification.as_ref().map(|n| n.reference.clone()),
            delay_reason: b.notification.as_ref().map(|n| n.delay_reason.clone()),
            subjects: b.subjects,
            subjects_reason: b.subjects_reason.clone(),
            public_communication: b.public_communication.clone(),
            subjects_informed_at: b.subjects_informed_at.map(local),
            log: b
                .log
                .iter()
                .map(|l| LogView {
                    at: local(l.at),
                    author: l.author.clone(),
                    text: l.text.clone(),
                })
                .collect(),
            followups: b
                .followups
                .iter()
                .map(|f: &FollowUp| FollowUpView {
                    at: local(f.at),
                    kind: f.kind,
                    text: f.text.clone(),
                })
                .collect(),
            letters: super::view::LetterView::list(&b.letters),
        }
    }
}

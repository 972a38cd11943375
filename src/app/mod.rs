//! The session: the store, the configuration and the clock together, and the operations the
//! terminal app and the command line share.

mod breaches;
mod consent;
pub mod consent_export;
pub mod export;
pub mod import;
mod queue;
pub mod queue_export;
pub mod safe_file;
pub mod spreadsheet;
mod view;

pub use breaches::{BreachRow, BreachView};
pub use consent::{ConsentInput, ConsentRow};
pub use queue::{QueueRow, QueueStats};
pub use view::{LetterView, RequestView};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::calendar::Calendar;
use crate::domain::request::{Decision, NewRequest, Request, RuleError, Timing};
use crate::domain::text::Shape;
use crate::store::{RequestFilter, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<RuleError>),
    #[error(transparent)]
    Consent(#[from] crate::domain::consent::ConsentError),
    /// Marking a letter as sent was refused.
    #[error(transparent)]
    Letter(#[from] crate::domain::letter::SentError),
    /// An unknown name or key, with what is accepted.
    #[error("{0}")]
    Unknown(String),
}

impl From<RuleError> for AppError {
    fn from(e: RuleError) -> Self {
        AppError::Invalid(vec![e])
    }
}

pub type Result<T> = std::result::Result<T, AppError>;

/// The decision dated `on` (default `today`; never in the future, never before receipt).
fn decide_on(
    r: &mut Request,
    today: NaiveDate,
    decision: Decision,
    reason: &str,
    on: Option<NaiveDate>,
) -> std::result::Result<(), RuleError> {
    let on = on.unwrap_or(today);
    if on > today {
        return Err(RuleError::DateInFuture(on));
    }
    if on < r.received {
        return Err(RuleError::BeforeReceived(r.received));
    }
    r.decide(decision, reason, on)
}

pub struct Session {
    pub store: Store,
    pub config: Config,
    pub clock: Clock,
    calendar: Calendar,
}

/// How often a one-shot change is retried when another officer saved the same request between
/// our read and our write. Each retry re-reads and re-checks the rules.
const RETRIES: usize = 3;

impl Session {
    pub fn new(store: Store, config: Config, clock: Clock) -> Session {
        let calendar = config.calendar();
        Session {
            store,
            config,
            clock,
            calendar,
        }
    }

    /// Whether the database is encrypted at rest (the help screen says so).
    pub fn encrypted(&self) -> bool {
        self.store.encrypted()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today(self.config.timezone)
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn timing(&self, r: &Request) -> Timing {
        r.timing(self.config.policy, &self.calendar, self.today())
    }

    /// A request as read from the store, with what its flags need to know of today.
    fn dated(&self, mut r: Request) -> Request {
        let timing = self.timing(&r);
        r.note_today(&timing, self.today());
        r
    }

    pub fn add_request(&mut self, new: NewRequest) -> Result<Request> {
        new.validate(self.today()).map_err(AppError::Invalid)?;
        let now = self.now();
        Ok(self
            .store
            .add_request(&new, &self.config.request_prefix, now)?)
    }

    pub fn request(&self, id: &str) -> Result<Request> {
        Ok(self.dated(self.store.request(id)?))
    }

    /// Applies a domain change to the latest stored version of request `id` and saves it.
    pub fn change(
        &mut self,
        id: &str,
        apply: impl Fn(&mut Request, &Session) -> std::result::Result<(), RuleError>,
    ) -> Result<Request> {
        self.retrying(|s| {
            let before = s.store.request(id)?;
            let mut after = before.clone();
            apply(&mut after, s)?;
            after.check_new_text(&before)?;
            let now = s.now();
            let saved = s.store.save_request(&before, &after, now)?;
            Ok(s.dated(saved))
        })
    }

    /// Runs a read-apply-save step again when another officer saved the same record in
    /// between; each try re-reads and re-checks the rules.
    pub(crate) fn retrying<T>(
        &mut self,
        mut step: impl FnMut(&mut Session) -> Result<T>,
    ) -> Result<T> {
        let mut attempt = 0;
        loop {
            match step(self) {
                Err(AppError::Store(StoreError::Conflict { .. })) if attempt < RETRIES => {
                    attempt += 1
                }
                other => return other,
            }
        }
    }

    /// Saves an edit the officer made on `before`; a conflict is returned, never retried.
    pub fn save_edit(&mut self, before: &Request, after: &Request) -> Result<Request> {
        // A closed request is frozen, as for every other change.
        if !self.store.request(&before.id)?.is_open() {
            return Err(RuleError::Closed.into());
        }
        after.check_pauses_after_received()?;
        after.check_new_text(before)?;
        let now = self.now();
        let saved = self.store.save_request(before, after, now)?;
        Ok(self.dated(saved))
    }

    pub fn extend(&mut self, id: &str, reason: &str) -> Result<Request> {
        self.change(id, |r, s| {
            r.extend(reason, s.today(), s.config.policy, &s.calendar)
        })
    }

    pub fn pause(&mut self, id: &str, on: Option<NaiveDate>, reason: &str) -> Result<Request> {
        self.change(id, |r, s| {
            let on = on.unwrap_or(s.today());
            r.check_pause(on, s.today(), s.config.policy, &s.calendar)?;
            r.pause(on, reason)
        })
    }

    /// Whether a pause would be refused whatever day is typed: even its earliest possible
    /// start lies after the deadline. An overdue request can still get a pause that began on
    /// time, recorded late.
    pub fn pause_refusal(&self, r: &Request) -> std::result::Result<(), RuleError> {
        r.check_pause_possible(self.today(), self.config.policy, &self.calendar)
    }

    /// Whether a pause starting on `on` would be refused by the deadline or the calendar.
    pub fn pause_refusal_from(
        &self,
        r: &Request,
        on: NaiveDate,
    ) -> std::result::Result<(), RuleError> {
        r.check_pause(on, self.today(), self.config.policy, &self.calendar)
    }

    pub fn resume(&mut self, id: &str, on: Option<NaiveDate>) -> Result<Request> {
        self.change(id, |r, s| {
            let on = on.unwrap_or(s.today());
            if on > s.today() {
                return Err(RuleError::DateInFuture(on));
            }
            r.resume(on)
        })
    }

    pub fn check_identity(
        &mut self,
        id: &str,
        method: &str,
        on: Option<NaiveDate>,
        checked_by: &str,
    ) -> Result<Request> {
        self.change(id, |r, s| {
            let on = on.unwrap_or(s.today());
            if on < r.received {
                return Err(RuleError::BeforeReceived(r.received));
            }
            r.check_identity(method, on, checked_by)
        })
    }

    /// Records the decision, dated `on` (default today; never in the future).
    pub fn decide(
        &mut self,
        id: &str,
        decision: Decision,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<Request> {
        self.change(id, |r, s| decide_on(r, s.today(), decision, reason, on))
    }

    /// Whether [`Session::decide`] would accept this decision, without saving it: for a
    /// warning that should come only when nothing else is wrong.
    pub fn check_decide(
        &self,
        id: &str,
        decision: Decision,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<()> {
        let mut r = self.store.request(id)?;
        Ok(decide_on(&mut r, self.today(), decision, reason, on)?)
    }

    pub fn close(&mut self, id: &str) -> Result<Request> {
        self.change(id, |r, _| r.close())
    }

    pub fn add_recipient(&mut self, id: &str, name: &str) -> Result<Request> {
        self.change(id, |r, _| r.add_recipient(name))
    }

    /// Records that the data of request `id` was disclosed to no one (art. 19), dated today;
    /// who recorded it and when is in the audit trail.
    pub fn set_no_recipients(&mut self, id: &str) -> Result<Request> {
        self.change(id, |r, s| r.set_no_recipients(s.today()))
    }

    /// Marks a recipient (by its stored id) as told today, or as not told.
    pub fn set_recipient_told(
        &mut self,
        id: &str,
        recipient_id: i64,
        told: bool,
    ) -> Result<Request> {
        self.change(id, |r, s| {
            r.set_recipient_told(recipient_id, told, s.today())
        })
    }

    pub fn add_note(&mut self, id: &str, text: &str) -> Result<Request> {
        crate::domain::request::check_text("note", text.trim(), Shape::Note)?;
        let now = self.now();
        self.store.add_note(id, text, now)?;
        self.request(id)
    }

    /// The request queue: open requests (and closed ones if asked) with their timing, most
    /// urgent first.
    pub fn queue(&self, include_closed: bool) -> Result<Vec<QueueRow>> {
        let requests = self
            .store
            .requests(RequestFilter { include_closed })?
            .into_iter()
            .map(|r| self.dated(r))
            .collect();
        Ok(queue::build(requests, |r| self.timing(r)))
    }

    /// What happened to a request, for its timeline: creation, status, extension, pauses,
    /// identity, recipients, decision and the letters sent ("decision 2026-11-23 email"), from
    /// the audit trail (notes are on the request).
    pub fn request_events(&self, id: &str) -> Result<Vec<crate::store::AuditEntry>> {
        const SHOWN: &[&str] = &[
            "created",
            "status",
            "extension_reason",
            "pause",
            "id_method",
            "recipient",
            "recipients_none_on",
            "decision",
            "decision_reason",
            "received",
            "kind",
            "letter",
        ];
        Ok(self
            .store
            .audit_trail("request", id)?
            .into_iter()
            .filter(|e| SHOWN.contains(&e.field.as_str()))
            // The values a request was logged with are in "created"; only later changes of
            // kind, date and status are events.
            .filter(|e| {
                e.old_value.is_some() || !matches!(e.field.as_str(), "kind" | "received" | "status")
            })
            .collect())
    }

    /// Walks the whole audit chain; see `Store::verify_audit`.
    pub fn verify_audit(&self, head: Option<&str>) -> Result<crate::store::AuditReport> {
        Ok(self.store.verify_audit(head)?)
    }

    /// The latest hash of the audit chain and the number of rows.
    pub fn audit_head(&self) -> Result<crate::store::AuditHead> {
        Ok(self.store.audit_head()?)
    }

    /// The cheap check the app makes when it opens: the append-only triggers and the last
    /// rows of the audit chain. The first problem, if any; a trail that cannot even be read
    /// is a problem too.
    pub fn check_audit_tail(&self) -> Option<crate::store::AuditProblem> {
        self.audit_problem_or_unreadable(self.store.audit_tail_problem())
    }

    /// The check the app makes when it opens: `check_audit_tail`, then the requests on its
    /// first screen (`request_ids`), each field against the audit row that last set it.
    pub fn check_audit_start(&self, request_ids: &[String]) -> Option<crate::store::AuditProblem> {
        self.audit_problem_or_unreadable(self.store.audit_start_problem(request_ids))
    }

    fn audit_problem_or_unreadable(
        &self,
        checked: std::result::Result<Option<crate::store::AuditProblem>, StoreError>,
    ) -> Option<crate::store::AuditProblem> {
        match checked {
            Ok(problem) => problem,
            Err(e) => Some(crate::store::AuditProblem {
                kind: crate::store::ProblemKind::Unreadable,
                id: None,
                at: None,
                entity: None,
                record_id: None,
                field: None,
                message: format!("the audit trail could not be read: {e}"),
                stored: None,
                audited: None,
            }),
        }
    }

    /// The request as scripts see it; its flags as of today whatever the request was read by.
    pub fn view(&self, r: &Request) -> RequestView {
        let r = self.dated(r.clone());
        RequestView::new(&r, &self.timing(&r), self.config.timezone)
    }
}

//! Data-subject requests (verzoeken): their kinds, states and the rules on changing them.

use super::calendar::Calendar;
use super::deadline::{self, Deadlines, NoticeWindow, PauseSpan, Period};
use super::letter::{extension_notice_sent, SentLetter};
use super::text::{check, Shape};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

code_enum!(
    /// The right exercised (GDPR arts. 15-21), or "other" for tracked questions and complaints.
    Kind {
        Access = "access" | "inzage",
        Rectification = "rectification" | "correctie",
        Erasure = "erasure" | "verwijdering" | "vergetelheid",
        Restriction = "restriction" | "beperking",
        Portability = "portability" | "dataportabiliteit",
        Objection = "objection" | "bezwaar",
        Other = "other" | "overig",
    }
);

impl Kind {
    /// After rectification, erasure or restriction every recipient must be told (art. 19).
    pub fn needs_recipient_notice(self) -> bool {
        matches!(
            self,
            Kind::Rectification | Kind::Erasure | Kind::Restriction
        )
    }
}

code_enum!(
    Channel {
        Email = "email" | "e-mail" | "mail",
        Letter = "letter" | "brief",
        Phone = "phone" | "telefoon",
        InPerson = "in_person" | "in-person" | "persoonlijk",
        Portal = "portal" | "portaal",
    }
);

code_enum!(
    Role {
        Parent = "parent" | "ouder",
        Pupil = "pupil" | "leerling",
        Other = "other" | "overig" | "anders",
    }
);

code_enum!(
    /// The requester's language: their letters are written in it.
    Language {
        Nl = "nl" | "nederlands" | "dutch",
        En = "en" | "english" | "engels",
    }
);

impl Default for Language {
    /// Dutch, as the board writes unless the requester wrote in English.
    fn default() -> Self {
        Language::Nl
    }
}

code_enum!(
    Status {
        New = "new" | "nieuw",
        InProgress = "in_progress" | "in-progress" | "in behandeling",
        Waiting = "waiting" | "wacht",
        Decided = "decided" | "besloten",
        Closed = "closed" | "gesloten",
    }
);

code_enum!(
    Decision {
        Granted = "granted" | "toegewezen",
        PartlyGranted = "partly_granted" | "partly-granted" | "gedeeltelijk",
        Refused = "refused" | "afgewezen",
        Withdrawn = "withdrawn" | "ingetrokken",
    }
);

impl Decision {
    /// Refusal and partial refusal need a reason and must mention the right to complain.
    pub fn needs_reason(self) -> bool {
        matches!(self, Decision::Refused | Decision::PartlyGranted)
    }

    /// Granted in whole or in part: the data was (or will be) changed, so art. 19 applies.
    pub fn grants(self) -> bool {
        matches!(self, Decision::Granted | Decision::PartlyGranted)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    pub role: Option<Role>,
    pub contact: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pupil {
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub school: String,
    pub class: String,
}

/// How identity was checked. Never a copy of the document (privacy regulation 8.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityCheck {
    pub method: String,
    pub date: NaiveDate,
    pub checked_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub date: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pause {
    pub id: i64,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    pub id: i64,
    pub name: String,
    pub notified_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub decision: Decision,
    pub reason: String,
    pub date: NaiveDate,
}

/// One data-subject request with everything recorded on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub id: String,
    pub kind: Kind,
    pub received: NaiveDate,
    pub channel: Channel,
    pub requester: Person,
    pub pupil: Pupil,
    pub summary: String,
    /// The language the requester is written to (their letters).
    pub language: Language,
    pub identity: Option<IdentityCheck>,
    pub extension: Option<Extension>,
    pub outcome: Option<Outcome>,
    pub status: Status,
    pub pauses: Vec<Pause>,
    pub recipients: Vec<Recipient>,
    /// The day the officer recorded that the data was disclosed to no one (art. 19): the other
    /// answer to "who received it?" besides listing recipients. None while unanswered, and
    /// always None once a recipient is listed.
    pub recipients_none_on: Option<NaiveDate>,
    pub notes: Vec<Note>,
    /// The letters marked as sent, in the order sent (loaded with the request; never edited).
    pub letters: Vec<SentLetter>,
    /// The last day to notify the extension, once that day has passed: set by the session
    /// when it reads the request (the domain has no clock), for `flags`. Not stored; None
    /// while the notice can still go out in time, when not extended, or when not known.
    pub notice_due_passed: Option<NaiveDate>,
    /// Bumped on every change; a save based on an older version is a conflict.
    pub version: i64,
}

/// A new request as entered by the officer, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub kind: Kind,
    pub received: NaiveDate,
    pub channel: Channel,
    pub requester: Person,
    pub pupil: Pupil,
    pub summary: String,
    pub language: Language,
}

/// Something about a request the officer must look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A pupil under 16 asks alone: until 16 the parents exercise the pupil's rights.
    PupilUnder16,
    /// A parent asks for a pupil of 16 or older, who now exercises their own rights.
    ParentForPupil16Plus,
    /// Recipients of the data still have to be told of the rectification/erasure/restriction.
    RecipientsPending,
    /// A granted rectification/erasure/restriction without an answer to "was the data
    /// disclosed to anyone?": neither recipients listed nor "no one" recorded.
    RecipientsUnanswered,
    /// Extended, and the extension notice was not marked sent by the notice deadline, which
    /// has passed (art. 12(3): the requester must be told within the first month).
    ExtensionNoticeMissing,
}

/// Why a change to a request was refused. The English text is for the command line; the app
/// shows the officer's language (`i18n::rule_error`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{field} is required")]
    Required { field: &'static str },
    /// A field holding a character it may not (`domain::text::Shape`): a control character
    /// (a terminal escape code, a line break in a one-line field), or in a name, id or title a
    /// bidi override or a zero-width character, which would read differently from what is
    /// stored.
    #[error(
        "{field}: contains {}; {}",
        crate::domain::text::what(*.ch),
        crate::domain::text::remedy(*.ch)
    )]
    Invisible { field: &'static str, ch: char },
    #[error("received: {0} is in the future; use the day the request reached the school")]
    ReceivedInFuture(NaiveDate),
    #[error("date of birth: lies after the day the request was received")]
    BirthAfterReceived,
    #[error("date: a pause cannot start before the request was received ({0})")]
    PauseBeforeReceived(NaiveDate),
    #[error("date: a pause cannot start before the previous one ended ({0})")]
    PauseOverlaps(NaiveDate),
    #[error("date: the pause started on {0}; resume on or after that day")]
    ResumeBeforePause(NaiveDate),
    #[error("date: {0} lies in the future")]
    DateInFuture(NaiveDate),
    #[error("date: the deadline ({0}) has already passed; a pause cannot revive it")]
    PauseAfterDeadline(NaiveDate),
    /// A decision or identity check dated before the request was received.
    #[error("date: lies before the day the request was received ({0})")]
    BeforeReceived(NaiveDate),
    #[error("received: a pause starts before this day ({0}); the request cannot be received after its clock stopped")]
    ReceivedAfterPause(NaiveDate),
    #[error("no such recipient")]
    NoSuchRecipient,
    #[error("recipient: {0} is already on the list")]
    DuplicateRecipient(String),
    #[error("recipients are only tracked for rectification, erasure and restriction (art. 19)")]
    RecipientsNotApplicable,
    #[error("the request is already extended")]
    AlreadyExtended,
    /// After the legal notice day (art. 12(3): within the legal month, pauses included).
    #[error("extension refused: the law (art. 12(3)) required the requester to be told by {notice_legal_due}, which has passed")]
    ExtensionTooLate { notice_legal_due: NaiveDate },
    #[error("the request is already paused since {0}")]
    AlreadyPaused(NaiveDate),
    #[error("the request is not paused")]
    NotPaused,
    #[error("the request is closed")]
    Closed,
    #[error("decide the request before closing it")]
    NotDecided,
    #[error("tell every recipient first (art. 19): {0} not yet notified")]
    RecipientsPending(usize),
    #[error(
        "who was the data disclosed to? record the recipients, or that it went to no one (art. 19)"
    )]
    RecipientsUnanswered,
    #[error("{0} recipient(s) are listed, so the data was disclosed to someone; \"no one\" cannot be recorded (art. 19)")]
    RecipientsListed(usize),
}

impl From<crate::domain::text::Refused> for RuleError {
    fn from(r: crate::domain::text::Refused) -> Self {
        RuleError::Invisible {
            field: r.field,
            ch: r.ch,
        }
    }
}

impl RuleError {
    /// The input field the error is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RuleError::Required { field } | RuleError::Invisible { field, .. } => Some(field),
            RuleError::ReceivedInFuture(_) => Some("received"),
            RuleError::BirthAfterReceived => Some("date of birth"),
            RuleError::PauseBeforeReceived(_)
            | RuleError::PauseOverlaps(_)
            | RuleError::ResumeBeforePause(_)
            | RuleError::DateInFuture(_)
            | RuleError::PauseAfterDeadline(_)
            | RuleError::BeforeReceived(_) => Some("date"),
            RuleError::ReceivedAfterPause(_) => Some("received"),
            RuleError::DuplicateRecipient(_) => Some("recipient"),
            RuleError::NoSuchRecipient
            | RuleError::RecipientsNotApplicable
            | RuleError::AlreadyExtended
            | RuleError::ExtensionTooLate { .. }
            | RuleError::AlreadyPaused(_)
            | RuleError::NotPaused
            | RuleError::Closed
            | RuleError::NotDecided
            | RuleError::RecipientsPending(_)
            | RuleError::RecipientsUnanswered
            | RuleError::RecipientsListed(_) => None,
        }
    }
}

/// A request's figures for today: the deadlines with and without pauses and the days left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timing {
    pub deadlines: Deadlines,
    /// The same deadlines as if the clock had never been paused.
    pub unpaused: Deadlines,
    pub paused_days: u32,
    pub extended: bool,
    pub operative: NaiveDate,
    pub days_left: i64,
}

impl Request {
    pub fn is_open(&self) -> bool {
        self.status != Status::Closed
    }

    /// Still to be answered: the deadline matters until the decision is made.
    pub fn awaits_answer(&self) -> bool {
        !matches!(self.status, Status::Decided | Status::Closed)
    }

    pub fn open_pause(&self) -> Option<&Pause> {
        self.pauses.iter().find(|p| p.to.is_none())
    }

    pub fn pause_spans(&self) -> Vec<PauseSpan> {
        self.pauses
            .iter()
            .map(|p| PauseSpan {
                from: p.from,
                to: p.to,
            })
            .collect()
    }

    pub fn timing(&self, policy: Period, cal: &Calendar, today: NaiveDate) -> Timing {
        let paused_days = deadline::paused_days(&self.pause_spans(), today);
        let deadlines = deadline::compute(self.received, policy, paused_days, cal);
        let unpaused = deadline::compute(self.received, policy, 0, cal);
        let extended = self.extension.is_some();
        let operative = deadlines.operative(extended);
        Timing {
            deadlines,
            unpaused,
            paused_days,
            extended,
            operative,
            days_left: deadline::days_left(operative, today),
        }
    }

    pub fn flags(&self) -> Vec<Flag> {
        let mut flags = Vec::new();
        if let Some(birth) = self.pupil.birth_date {
            let age = deadline::age_on(birth, self.received);
            match self.requester.role {
                Some(Role::Pupil) if age < 16 => flags.push(Flag::PupilUnder16),
                Some(Role::Parent) if age >= 16 => flags.push(Flag::ParentForPupil16Plus),
                _ => {}
            }
        }
        if self.recipients_pending() > 0 {
            flags.push(Flag::RecipientsPending);
        }
        // A closed request can no longer be answered; flagging it would be noise.
        if self.is_open() && self.recipients_unanswered() {
            flags.push(Flag::RecipientsUnanswered);
        }
        if self.is_open() && self.extension_notice_missing() {
            flags.push(Flag::ExtensionNoticeMissing);
        }
        flags
    }

    /// Extended after the board's notice day (and so within the legal one): by how many days,
    /// for the amber "na beleid" warning. None when not extended or extended in time.
    pub fn extension_past_policy(&self, timing: &Timing) -> Option<i64> {
        let extension = self.extension.as_ref()?;
        match timing.deadlines.notice_window(extension.date) {
            NoticeWindow::PastPolicy { days } => Some(days),
            NoticeWindow::InTime | NoticeWindow::PastLegal => None,
        }
    }

    /// The day the extension notice was marked sent (the first, if marked more than once).
    pub fn extension_notice_sent(&self) -> Option<NaiveDate> {
        extension_notice_sent(&self.letters)
    }

    /// Records what `flags` needs to know of today: whether the last day to notify the
    /// extension (`timing` as of `today`) has passed. The session calls this on every request
    /// it reads.
    pub fn note_today(&mut self, timing: &Timing, today: NaiveDate) {
        let notice_due = timing.deadlines.notice_due;
        self.notice_due_passed =
            (self.extension.is_some() && today > notice_due).then_some(notice_due);
    }

    /// Extended, the notice deadline passed, and no extension notice marked sent on or before
    /// it (a late one does not count).
    pub fn extension_notice_missing(&self) -> bool {
        match (&self.extension, self.notice_due_passed) {
            (Some(_), Some(due)) => self.extension_notice_sent().is_none_or(|sent| sent > due),
            _ => false,
        }
    }

    /// Art. 19 applies (a granted rectification, erasure or restriction) and nobody has said
    /// whether the data went to anyone: no recipient listed and "no one" not recorded.
    pub fn recipients_unanswered(&self) -> bool {
        let grants = self.outcome.as_ref().is_some_and(|o| o.decision.grants());
        grants
            && self.kind.needs_recipient_notice()
            && self.recipients.is_empty()
            && self.recipients_none_on.is_none()
    }

    pub fn recipients_pending(&self) -> usize {
        self.recipients
            .iter()
            .filter(|r| r.notified_on.is_none())
            .count()
    }

    fn ensure_open(&self) -> Result<(), RuleError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(RuleError::Closed)
        }
    }

    /// The status after the officer worked on a new request.
    fn touched(&mut self) {
        if self.status == Status::New {
            self.status = Status::InProgress;
        }
    }

    /// Rule 6 of docs/rules.md (1.5): extending needs a reason and is refused once the legal
    /// notice day has passed. After the board's notice day it is allowed: the caller warns
    /// with `extension_past_policy`.
    pub fn extend(
        &mut self,
        reason: &str,
        today: NaiveDate,
        policy: Period,
        cal: &Calendar,
    ) -> Result<(), RuleError> {
        self.ensure_open()?;
        if self.extension.is_some() {
            return Err(RuleError::AlreadyExtended);
        }
        let reason = required("reason", reason)?;
        let deadlines = self.timing(policy, cal, today).deadlines;
        if deadlines.notice_window(today) == NoticeWindow::PastLegal {
            return Err(RuleError::ExtensionTooLate {
                notice_legal_due: deadlines.notice_legal_due,
            });
        }
        self.extension = Some(Extension {
            date: today,
            reason,
        });
        self.touched();
        Ok(())
    }

    /// Rule 7 of docs/rules.md (1.5) allows stopping the clock while waiting for what the
    /// officer asked for promptly: not from a future day, and not from a day after the
    /// operative deadline (that would hide an overdue request). What counts is the day the
    /// pause *starts*, not the day it is recorded: a pause that began on time (identification
    /// asked for on 5 March) is true when recorded late (on 20 April), and is accepted.
    pub fn check_pause(
        &self,
        on: NaiveDate,
        today: NaiveDate,
        policy: Period,
        cal: &Calendar,
    ) -> Result<(), RuleError> {
        if on > today {
            return Err(RuleError::DateInFuture(on));
        }
        // The deadline as it stood on that day: earlier pauses ended before it (one at a time,
        // none overlapping), so they all count.
        let due = self.timing(policy, cal, on).operative;
        if on > due {
            return Err(RuleError::PauseAfterDeadline(due));
        }
        Ok(())
    }

    /// The earliest day a new pause may start: the day of receipt, or the day the last pause
    /// ended.
    pub fn earliest_pause_start(&self) -> NaiveDate {
        self.pauses
            .iter()
            .filter_map(|p| p.to)
            .max()
            .map_or(self.received, |last| last.max(self.received))
    }

    /// Whether any pause could still be recorded, whatever day is typed: refused only when
    /// even the earliest day it may start lies after the deadline.
    pub fn check_pause_possible(
        &self,
        today: NaiveDate,
        policy: Period,
        cal: &Calendar,
    ) -> Result<(), RuleError> {
        self.check_pause(self.earliest_pause_start().min(today), today, policy, cal)
    }

    /// Every pause must lie after the day the request was received (checked when editing).
    pub fn check_pauses_after_received(&self) -> Result<(), RuleError> {
        match self.pauses.iter().map(|p| p.from).min() {
            Some(first) if first < self.received => Err(RuleError::ReceivedAfterPause(first)),
            _ => Ok(()),
        }
    }

    pub fn pause(&mut self, on: NaiveDate, reason: &str) -> Result<(), RuleError> {
        self.ensure_open()?;
        if let Some(p) = self.open_pause() {
            return Err(RuleError::AlreadyPaused(p.from));
        }
        let reason = required("reason", reason)?;
        if on < self.received {
            return Err(RuleError::PauseBeforeReceived(self.received));
        }
        if let Some(last) = self.pauses.iter().filter_map(|p| p.to).max() {
            if on < last {
                return Err(RuleError::PauseOverlaps(last));
            }
        }
        self.pauses.push(Pause {
            id: 0,
            from: on,
            to: None,
            reason,
        });
        self.status = Status::Waiting;
        Ok(())
    }

    pub fn resume(&mut self, on: NaiveDate) -> Result<(), RuleError> {
        self.ensure_open()?;
        let pause = self
            .pauses
            .iter_mut()
            .find(|p| p.to.is_none())
            .ok_or(RuleError::NotPaused)?;
        if on < pause.from {
            return Err(RuleError::ResumeBeforePause(pause.from));
        }
        pause.to = Some(on);
        self.status = if self.outcome.is_some() {
            Status::Decided
        } else {
            Status::InProgress
        };
        Ok(())
    }

    pub fn check_identity(
        &mut self,
        method: &str,
        date: NaiveDate,
        checked_by: &str,
    ) -> Result<(), RuleError> {
        self.ensure_open()?;
        visible("checked by", checked_by)?;
        self.identity = Some(IdentityCheck {
            method: required("method", method)?,
            date,
            checked_by: required("checked by", checked_by)?,
        });
        self.touched();
        Ok(())
    }

    pub fn decide(
        &mut self,
        decision: Decision,
        reason: &str,
        today: NaiveDate,
    ) -> Result<(), RuleError> {
        self.ensure_open()?;
        let reason = reason.trim().to_string();
        if decision.needs_reason() && reason.is_empty() {
            return Err(RuleError::Required { field: "reason" });
        }
        if let Some(p) = self.pauses.iter_mut().find(|p| p.to.is_none()) {
            p.to = Some(today.max(p.from));
        }
        self.outcome = Some(Outcome {
            decision,
            reason,
            date: today,
        });
        self.status = Status::Decided;
        Ok(())
    }

    /// Closing needs a decision, and for granted rectification/erasure/restriction the
    /// recipients question answered and every recipient ticked off.
    pub fn close(&mut self) -> Result<(), RuleError> {
        self.ensure_open()?;
        let outcome = self.outcome.as_ref().ok_or(RuleError::NotDecided)?;
        if self.recipients_unanswered() {
            return Err(RuleError::RecipientsUnanswered);
        }
        let pending = self.recipients_pending();
        if outcome.decision.grants() && pending > 0 {
            return Err(RuleError::RecipientsPending(pending));
        }
        self.status = Status::Closed;
        Ok(())
    }

    pub fn add_recipient(&mut self, name: &str) -> Result<(), RuleError> {
        self.ensure_open()?;
        if !self.kind.needs_recipient_notice() {
            return Err(RuleError::RecipientsNotApplicable);
        }
        let name = required("recipient", name)?;
        visible("recipient", &name)?;
        if self
            .recipients
            .iter()
            .any(|r| r.name.to_lowercase() == name.to_lowercase())
        {
            return Err(RuleError::DuplicateRecipient(name));
        }
        self.recipients.push(Recipient {
            id: 0,
            name,
            notified_on: None,
        });
        // A recipient answers the question the other way: the data did go to someone.
        self.recipients_none_on = None;
        Ok(())
    }

    /// Records the answer "disclosed to no one" on `today`. Refused while recipients are
    /// listed (they say the opposite). Already recorded: nothing changes (the first day stays).
    pub fn set_no_recipients(&mut self, today: NaiveDate) -> Result<(), RuleError> {
        self.ensure_open()?;
        if !self.kind.needs_recipient_notice() {
            return Err(RuleError::RecipientsNotApplicable);
        }
        if !self.recipients.is_empty() {
            return Err(RuleError::RecipientsListed(self.recipients.len()));
        }
        self.recipients_none_on.get_or_insert(today);
        Ok(())
    }

    /// Marks the recipient with stored id `recipient_id` as told on `today`, or as not told.
    /// Setting rather than toggling: an officer acting on an older screen cannot undo another
    /// officer's tick. Already in that state: nothing changes (the first date stays).
    pub fn set_recipient_told(
        &mut self,
        recipient_id: i64,
        told: bool,
        today: NaiveDate,
    ) -> Result<(), RuleError> {
        self.ensure_open()?;
        let r = self
            .recipients
            .iter_mut()
            .find(|r| r.id == recipient_id)
            .ok_or(RuleError::NoSuchRecipient)?;
        match (told, r.notified_on) {
            (true, None) => r.notified_on = Some(today),
            (false, Some(_)) => r.notified_on = None,
            _ => {}
        }
        Ok(())
    }

    /// Every text field of the request (list items included) with its name in messages and
    /// the characters it may hold.
    fn texts(&self) -> Vec<(&'static str, &str, Shape)> {
        let mut texts = entered_texts(&self.requester, &self.pupil, &self.summary).to_vec();
        if let Some(i) = &self.identity {
            texts.push(("method", &i.method, Shape::Line));
            texts.push(("checked by", &i.checked_by, Shape::Name));
        }
        if let Some(e) = &self.extension {
            texts.push(("reason", &e.reason, Shape::Lines));
        }
        if let Some(o) = &self.outcome {
            texts.push(("reason", &o.reason, Shape::Lines));
        }
        texts.extend(
            self.pauses
                .iter()
                .map(|p| ("reason", p.reason.as_str(), Shape::Line)),
        );
        texts.extend(
            self.recipients
                .iter()
                .map(|r| ("recipient", r.name.as_str(), Shape::Name)),
        );
        texts.extend(
            self.notes
                .iter()
                .map(|n| ("note", n.text.as_str(), Shape::Note)),
        );
        texts
    }

    /// Refuses text that `self` holds and `before` did not, when it has a character its field
    /// may not hold (`domain::text::Shape`). Text stored before the rule existed is left alone,
    /// so an old record can still be worked on.
    pub fn check_new_text(&self, before: &Request) -> Result<(), RuleError> {
        let old = before.texts();
        for (field, value, shape) in self.texts() {
            if !old.iter().any(|&(f, v, _)| f == field && v == value) {
                check(field, value, shape)?;
            }
        }
        Ok(())
    }

    /// Ticks a recipient off as told, or back to pending.
    pub fn toggle_recipient(&mut self, index: usize, today: NaiveDate) -> Result<(), RuleError> {
        self.ensure_open()?;
        let r = self
            .recipients
            .get_mut(index)
            .ok_or(RuleError::NoSuchRecipient)?;
        r.notified_on = match r.notified_on {
            Some(_) => None,
            None => Some(today),
        };
        Ok(())
    }
}

impl NewRequest {
    /// Every text field with its name in messages and the characters it may hold.
    fn texts(&self) -> [(&'static str, &str, Shape); 6] {
        entered_texts(&self.requester, &self.pupil, &self.summary)
    }

    /// Checks what an officer entered; every problem is reported, with its field.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<RuleError>> {
        let mut errors = Vec::new();
        if self.requester.name.trim().is_empty() {
            errors.push(RuleError::Required { field: "requester" });
        }
        for (field, value, shape) in self.texts() {
            if let Err(e) = check(field, value, shape) {
                errors.push(e.into());
            }
        }
        if self.received > today {
            errors.push(RuleError::ReceivedInFuture(self.received));
        }
        if let Some(birth) = self.pupil.birth_date {
            if birth > self.received {
                errors.push(RuleError::BirthAfterReceived);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The texts the officer enters for a new request (and edits later), with their names in
/// messages and the characters they may hold.
fn entered_texts<'a>(
    requester: &'a Person,
    pupil: &'a Pupil,
    summary: &'a str,
) -> [(&'static str, &'a str, Shape); 6] {
    [
        ("requester", &requester.name, Shape::Name),
        ("pupil", &pupil.name, Shape::Name),
        ("contact", &requester.contact, Shape::Line),
        ("school", &pupil.school, Shape::Line),
        ("class", &pupil.class, Shape::Line),
        ("summary", summary, Shape::Lines),
    ]
}

/// Refuses `value` for `field` when it holds a character a field of `shape` may not.
pub fn check_text(field: &'static str, value: &str, shape: Shape) -> Result<(), RuleError> {
    Ok(check(field, value, shape)?)
}

/// Refuses a name, id or title with a control, invisible or direction-changing character in it.
pub fn visible(field: &'static str, value: &str) -> Result<(), RuleError> {
    Ok(check(field, value, Shape::Name)?)
}

fn required(field: &'static str, value: &str) -> Result<String, RuleError> {
    let v = value.trim();
    if v.is_empty() {
        Err(RuleError::Required { field })
    } else {
        Ok(v.to_string())
    }
}

/// The display id: `V-2026-0001`.
pub fn format_id(prefix: &str, year: i32, seq: i64) -> String {
    format!("{prefix}-{year}-{seq:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sample(received: &str) -> Request {
        Request {
            id: "V-2026-0001".into(),
            kind: Kind::Access,
            received: d(received),
            channel: Channel::Email,
            requester: Person {
                name: "J. de Vries".into(),
                role: Some(Role::Parent),
                contact: String::new(),
            },
            pupil: Pupil::default(),
            summary: String::new(),
            language: Language::Nl,
            identity: None,
            extension: None,
            outcome: None,
            status: Status::New,
            pauses: vec![],
            recipients: vec![],
            recipients_none_on: None,
            notes: vec![],
            letters: Vec::new(),
            notice_due_passed: None,
            version: 1,
        }
    }

    #[test]
    fn codes_and_dutch_aliases_parse() {
        assert_eq!(Kind::parse("inzage"), Some(Kind::Access));
        assert_eq!(Kind::parse("Erasure"), Some(Kind::Erasure));
        assert_eq!(Kind::parse("vergetelheid"), Some(Kind::Erasure));
        assert_eq!(Kind::parse("nonsense"), None);
        assert_eq!(Channel::parse("e-mail"), Some(Channel::Email));
        assert_eq!(
            Decision::parse("partly-granted"),
            Some(Decision::PartlyGranted)
        );
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(*k));
        }
    }

    #[test]
    fn extension_needs_reason_and_is_refused_after_the_legal_notice_day() {
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        let mut r = sample("2026-11-02");
        assert_eq!(
            r.extend(" ", d("2026-11-20"), policy, &cal),
            Err(RuleError::Required { field: "reason" })
        );
        // Board's notice day Mon 30 November, the law's Wed 2 December.
        assert_eq!(
            r.extend("complex", d("2026-12-03"), policy, &cal),
            Err(RuleError::ExtensionTooLate {
                notice_legal_due: d("2026-12-02")
            })
        );
        assert_eq!(r.extension, None);
        // On the notice deadline itself it is still allowed.
        r.extend("many files", d("2026-11-30"), policy, &cal)
            .unwrap();
        assert_eq!(
            r.extension_past_policy(&r.timing(policy, &cal, d("2026-11-30"))),
            None
        );
        assert_eq!(r.status, Status::InProgress);
        let t = r.timing(policy, &cal, d("2026-11-30"));
        assert!(t.extended);
        assert_eq!(t.operative, d("2027-02-01"));
        assert_eq!(
            r.extend("again", d("2026-11-30"), policy, &cal),
            Err(RuleError::AlreadyExtended)
        );
    }

    #[test]
    fn extending_between_the_boards_and_the_legal_notice_day_is_allowed_past_policy() {
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        // (day of extending, allowed, days past the board's Mon 30 November)
        for (day, allowed, past) in [
            ("2026-11-30", true, None),
            ("2026-12-01", true, Some(1)),
            // "Uiterlijk" 2 December: the legal day itself is still allowed.
            ("2026-12-02", true, Some(2)),
            ("2026-12-03", false, None),
        ] {
            let mut r = sample("2026-11-02");
            let result = r.extend("many files", d(day), policy, &cal);
            assert_eq!(result.is_ok(), allowed, "{day}: {result:?}");
            let t = r.timing(policy, &cal, d(day));
            assert_eq!(r.extension_past_policy(&t), past, "{day}");
            if allowed {
                // The extended deadline is the same whenever it was recorded.
                assert_eq!(t.operative, d("2027-02-01"), "{day}");
                assert_eq!(t.deadlines.notice_due, d("2026-11-30"));
                assert_eq!(t.deadlines.notice_legal_due, d("2026-12-02"));
            }
        }
        // Paused days move both notice days (the legal month, pauses included): 3 days from
        // 4 to 7 November count from 5 November: the board's Thu 3 December, the law's
        // Sat 5 December rolled to Mon 7 December.
        let mut paused = sample("2026-11-02");
        paused.pause(d("2026-11-04"), "id").unwrap();
        paused.resume(d("2026-11-07")).unwrap();
        let mut late = paused.clone();
        assert_eq!(
            late.extend("many files", d("2026-12-08"), policy, &cal),
            Err(RuleError::ExtensionTooLate {
                notice_legal_due: d("2026-12-07")
            })
        );
        paused
            .extend("many files", d("2026-12-07"), policy, &cal)
            .unwrap();
        let t = paused.timing(policy, &cal, d("2026-12-07"));
        assert_eq!(paused.extension_past_policy(&t), Some(4));
    }

    #[test]
    fn an_extension_not_notified_by_the_notice_deadline_is_flagged() {
        use crate::domain::letter::{LetterKind, SentLetter, Via};
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        let mut r = sample("2026-11-02");
        let notice_due = d("2026-11-30");
        let dated = |r: &Request, today: &str| {
            let mut r = r.clone();
            r.note_today(&r.timing(policy, &cal, d(today)), d(today));
            r
        };
        // Not extended: no notice needed, whatever the day.
        assert_eq!(dated(&r, "2026-12-01").notice_due_passed, None);
        r.extend("many files", d("2026-11-20"), policy, &cal)
            .unwrap();
        // Until the deadline the notice can still go out.
        assert!(dated(&r, "2026-11-30").flags().is_empty());
        let late = dated(&r, "2026-12-01");
        assert_eq!(late.notice_due_passed, Some(notice_due));
        assert_eq!(late.flags(), vec![Flag::ExtensionNoticeMissing]);
        let letter = |kind, on: &str| SentLetter {
            kind,
            sent_on: d(on),
            via: Via::Email,
            recorded_by: "anna".into(),
            recorded_at: chrono::Utc::now(),
            template: None,
            edited: false,
        };
        // Another letter is no extension notice; one sent after the deadline is late.
        r.letters = vec![
            letter(LetterKind::Acknowledgement, "2026-11-03"),
            letter(LetterKind::Extension, "2026-12-01"),
        ];
        assert_eq!(
            dated(&r, "2026-12-01").flags(),
            vec![Flag::ExtensionNoticeMissing]
        );
        // Sent on the deadline itself is in time.
        r.letters.push(letter(LetterKind::Extension, "2026-11-30"));
        assert_eq!(r.extension_notice_sent(), Some(notice_due));
        assert!(dated(&r, "2026-12-01").flags().is_empty());
        // A closed request is not flagged.
        r.letters.clear();
        r.status = Status::Closed;
        assert!(dated(&r, "2026-12-01").flags().is_empty());
    }

    #[test]
    fn pause_and_resume_move_the_deadline_and_status() {
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        let mut r = sample("2026-11-02");
        r.pause(d("2026-11-04"), "waiting for identification")
            .unwrap();
        assert_eq!(r.status, Status::Waiting);
        assert!(matches!(
            r.pause(d("2026-11-05"), "x"),
            Err(RuleError::AlreadyPaused(_))
        ));
        assert!(r.resume(d("2026-11-03")).is_err());
        r.resume(d("2026-11-11")).unwrap();
        assert_eq!(r.status, Status::InProgress);
        let t = r.timing(policy, &cal, d("2026-11-23"));
        assert_eq!(t.paused_days, 7);
        // 2 Nov + 7 days = 9 Nov; + 4 weeks = Mon 7 Dec.
        assert_eq!(t.deadlines.policy_due, d("2026-12-07"));
        assert_eq!(t.unpaused.policy_due, d("2026-11-30"));
        assert_eq!(t.days_left, 14);
        assert_eq!(r.resume(d("2026-11-12")), Err(RuleError::NotPaused));
        assert!(r.pause(d("2026-11-10"), "overlaps").is_err());
    }

    #[test]
    fn pauses_are_refused_in_the_future_and_from_a_day_after_the_deadline() {
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        let r = sample("2026-10-01");
        // Due 29 October 2026.
        assert_eq!(
            r.check_pause(d("2026-11-01"), d("2026-11-23"), policy, &cal),
            Err(RuleError::PauseAfterDeadline(d("2026-10-29")))
        );
        assert_eq!(
            r.check_pause(d("2026-11-24"), d("2026-11-23"), policy, &cal),
            Err(RuleError::DateInFuture(d("2026-11-24")))
        );
        // On the deadline day itself the clock may still stop, recorded that day or later:
        // what counts is when the pause began, not when it was written down.
        assert_eq!(
            r.check_pause(d("2026-10-29"), d("2026-10-29"), policy, &cal),
            Ok(())
        );
        assert_eq!(
            r.check_pause(d("2026-10-29"), d("2026-11-23"), policy, &cal),
            Ok(())
        );
        assert_eq!(
            r.check_pause(d("2026-10-30"), d("2026-11-23"), policy, &cal),
            Err(RuleError::PauseAfterDeadline(d("2026-10-29")))
        );
    }

    #[test]
    fn a_pause_recorded_late_that_began_on_time_is_accepted() {
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        // Received Tue 3 March 2026, due Tue 31 March; identification asked for on 5 March,
        // the pause recorded on 20 April, when the request looks 20 days overdue.
        let (on, recorded) = (d("2026-03-05"), d("2026-04-20"));
        let mut r = sample("2026-03-03");
        assert_eq!(r.timing(policy, &cal, recorded).days_left, -20);
        // (start, accepted): every start on or before the deadline, none after it.
        for (start, accepted) in [
            ("2026-03-03", true),
            ("2026-03-05", true),
            ("2026-03-31", true),
            ("2026-04-01", false),
            ("2026-04-20", false),
        ] {
            assert_eq!(
                r.check_pause(d(start), recorded, policy, &cal).is_ok(),
                accepted,
                "{start}"
            );
        }
        r.check_pause(on, recorded, policy, &cal).unwrap();
        r.pause(on, "identificatie gevraagd").unwrap();
        // Still open: the clock stood still from 5 March to today, 46 days.
        let t = r.timing(policy, &cal, recorded);
        assert_eq!(t.paused_days, 46);
        assert_eq!(t.unpaused.due, d("2026-03-31"));
        assert!(t.days_left > 0, "{t:?}");
        // Answered on 10 March after all: 5 days, counted from 8 March; + 4 weeks is Easter
        // Sunday 5 April, then Easter Monday, so Tue 7 April.
        r.resume(d("2026-03-10")).unwrap();
        let t = r.timing(policy, &cal, recorded);
        assert_eq!(t.paused_days, 5);
        assert_eq!(t.operative, d("2026-04-07"));
    }

    #[test]
    fn a_pause_is_possible_while_its_earliest_start_is_on_time() {
        let cal = Calendar::default();
        let policy = Period::Weeks(4);
        let mut r = sample("2026-03-03");
        // Overdue today, but a pause from any day up to 31 March could still be recorded.
        assert_eq!(r.earliest_pause_start(), d("2026-03-03"));
        assert_eq!(
            r.check_pause_possible(d("2026-04-20"), policy, &cal),
            Ok(())
        );
        // After a pause from 5 to 10 March (due 7 April), the next starts on 10 March at the
        // earliest: still possible on 20 April.
        r.pause(d("2026-03-05"), "id").unwrap();
        r.resume(d("2026-03-10")).unwrap();
        assert_eq!(r.earliest_pause_start(), d("2026-03-10"));
        assert_eq!(
            r.check_pause_possible(d("2026-04-20"), policy, &cal),
            Ok(())
        );
        // A pause that ended after the deadline leaves no day to start another. Received Sat
        // 31 January 2026: due Sat 28 February, rolled to Mon 2 March. Paused from that Monday
        // to Wed 4 March (2 days): 2 February + 4 weeks (and + 1 month) is Mon 2 March, so the
        // earliest next start, 4 March, lies after the deadline.
        let mut gone = sample("2026-01-31");
        gone.pause(d("2026-03-02"), "id").unwrap();
        gone.resume(d("2026-03-04")).unwrap();
        assert_eq!(
            gone.timing(policy, &cal, d("2026-03-05")).operative,
            d("2026-03-02")
        );
        assert_eq!(
            gone.check_pause_possible(d("2026-03-05"), policy, &cal),
            Err(RuleError::PauseAfterDeadline(d("2026-03-02")))
        );
    }

    #[test]
    fn received_cannot_move_past_a_pause() {
        let mut r = sample("2026-11-02");
        r.pause(d("2026-11-04"), "id").unwrap();
        assert_eq!(r.check_pauses_after_received(), Ok(()));
        r.received = d("2026-11-05");
        assert_eq!(
            r.check_pauses_after_received(),
            Err(RuleError::ReceivedAfterPause(d("2026-11-04")))
        );
    }

    #[test]
    fn recipients_only_for_art_19_kinds_and_once_each() {
        let mut r = sample("2026-11-02");
        assert_eq!(
            r.add_recipient("X"),
            Err(RuleError::RecipientsNotApplicable)
        );
        r.kind = Kind::Rectification;
        r.add_recipient("Schoolfotograaf").unwrap();
        assert_eq!(
            r.add_recipient(" schoolfotograaf "),
            Err(RuleError::DuplicateRecipient("schoolfotograaf".into()))
        );
    }

    #[test]
    fn decision_rules() {
        let mut r = sample("2026-11-02");
        assert_eq!(r.close(), Err(RuleError::NotDecided));
        assert_eq!(
            r.decide(Decision::Refused, "", d("2026-11-20")),
            Err(RuleError::Required { field: "reason" })
        );
        assert_eq!(
            r.decide(Decision::PartlyGranted, " ", d("2026-11-20")),
            Err(RuleError::Required { field: "reason" })
        );
        r.pause(d("2026-11-10"), "waiting").unwrap();
        r.decide(Decision::Granted, "", d("2026-11-20")).unwrap();
        assert_eq!(r.status, Status::Decided);
        assert_eq!(
            r.pauses[0].to,
            Some(d("2026-11-20")),
            "an open pause ends with the decision"
        );
        r.close().unwrap();
        assert_eq!(r.status, Status::Closed);
        assert_eq!(
            r.decide(Decision::Granted, "", d("2026-11-21")),
            Err(RuleError::Closed)
        );
    }

    #[test]
    fn recipients_must_be_told_before_closing_a_granted_erasure() {
        let mut r = sample("2026-11-02");
        r.kind = Kind::Erasure;
        r.add_recipient("Parnassys").unwrap();
        r.add_recipient("Schoolfoto BV").unwrap();
        r.decide(Decision::Granted, "", d("2026-11-20")).unwrap();
        assert_eq!(r.close(), Err(RuleError::RecipientsPending(2)));
        assert!(r.flags().contains(&Flag::RecipientsPending));
        r.toggle_recipient(0, d("2026-11-21")).unwrap();
        r.toggle_recipient(1, d("2026-11-21")).unwrap();
        assert_eq!(r.recipients[1].notified_on, Some(d("2026-11-21")));
        r.close().unwrap();
    }

    /// A request of `kind` received on Monday 2 November 2026.
    fn of_kind(kind: Kind) -> Request {
        Request {
            kind,
            ..sample("2026-11-02")
        }
    }

    #[test]
    fn a_granted_erasure_closes_only_once_asked_who_received_the_data() {
        let mut r = of_kind(Kind::Erasure);
        r.decide(Decision::Granted, "", d("2026-11-20")).unwrap();
        assert!(r.flags().contains(&Flag::RecipientsUnanswered));
        assert_eq!(r.close(), Err(RuleError::RecipientsUnanswered));
        assert_eq!(r.status, Status::Decided);

        r.set_no_recipients(d("2026-11-21")).unwrap();
        assert_eq!(r.recipients_none_on, Some(d("2026-11-21")));
        // Recording it again keeps the day it was first answered.
        r.set_no_recipients(d("2026-11-22")).unwrap();
        assert_eq!(r.recipients_none_on, Some(d("2026-11-21")));
        assert!(!r.flags().contains(&Flag::RecipientsUnanswered));
        r.close().unwrap();
        assert_eq!(r.status, Status::Closed);
    }

    #[test]
    fn a_partly_granted_restriction_is_held_back_too_but_not_a_refusal() {
        let mut r = of_kind(Kind::Restriction);
        r.decide(Decision::PartlyGranted, "part", d("2026-11-20"))
            .unwrap();
        assert_eq!(r.close(), Err(RuleError::RecipientsUnanswered));

        let mut refused = of_kind(Kind::Rectification);
        refused
            .decide(Decision::Refused, "correct as it is", d("2026-11-20"))
            .unwrap();
        assert!(refused.flags().is_empty());
        refused.close().unwrap();
    }

    #[test]
    fn no_one_and_a_listed_recipient_exclude_each_other() {
        let mut r = of_kind(Kind::Rectification);
        r.add_recipient("GGD").unwrap();
        assert_eq!(
            r.set_no_recipients(d("2026-11-20")),
            Err(RuleError::RecipientsListed(1))
        );
        assert_eq!(r.recipients_none_on, None);

        let mut r = of_kind(Kind::Rectification);
        r.set_no_recipients(d("2026-11-20")).unwrap();
        r.add_recipient("GGD").unwrap();
        assert_eq!(
            r.recipients_none_on, None,
            "a recipient withdraws \"no one\""
        );
        r.decide(Decision::Granted, "", d("2026-11-21")).unwrap();
        // Answered by the recipient, who must now be told.
        assert_eq!(r.close(), Err(RuleError::RecipientsPending(1)));
    }

    #[test]
    fn access_requests_are_not_asked_about_recipients() {
        let mut r = sample("2026-11-02");
        assert_eq!(
            r.set_no_recipients(d("2026-11-20")),
            Err(RuleError::RecipientsNotApplicable)
        );
        r.decide(Decision::Granted, "", d("2026-11-20")).unwrap();
        assert!(!r.recipients_unanswered());
        assert!(r.flags().is_empty());
        r.close().unwrap();
    }

    #[test]
    fn a_closed_request_is_not_flagged_as_unanswered() {
        // As a request closed before the question existed is read back.
        let mut r = of_kind(Kind::Erasure);
        r.decide(Decision::Granted, "", d("2026-11-20")).unwrap();
        r.status = Status::Closed;
        assert!(r.recipients_unanswered());
        assert!(r.flags().is_empty());
        assert_eq!(r.set_no_recipients(d("2026-11-21")), Err(RuleError::Closed));
    }

    #[test]
    fn setting_a_recipient_is_idempotent() {
        let mut r = sample("2026-11-02");
        r.kind = Kind::Erasure;
        r.add_recipient("GGD").unwrap();
        r.recipients[0].id = 7;
        r.set_recipient_told(7, true, d("2026-11-20")).unwrap();
        r.set_recipient_told(7, true, d("2026-11-21")).unwrap();
        assert_eq!(r.recipients[0].notified_on, Some(d("2026-11-20")));
        r.set_recipient_told(7, false, d("2026-11-22")).unwrap();
        assert_eq!(r.recipients[0].notified_on, None);
        assert_eq!(
            r.set_recipient_told(8, true, d("2026-11-22")),
            Err(RuleError::NoSuchRecipient)
        );
    }

    #[test]
    fn age_flags() {
        let mut r = sample("2026-11-02");
        r.pupil.birth_date = Some(d("2010-11-03"));
        r.requester.role = Some(Role::Pupil);
        assert_eq!(r.flags(), vec![Flag::PupilUnder16]);
        r.requester.role = Some(Role::Parent);
        assert!(r.flags().is_empty());
        r.pupil.birth_date = Some(d("2010-11-02"));
        assert_eq!(r.flags(), vec![Flag::ParentForPupil16Plus]);
        r.requester.role = Some(Role::Pupil);
        assert!(r.flags().is_empty());
    }

    #[test]
    fn new_request_validation_reports_every_field() {
        let n = NewRequest {
            kind: Kind::Access,
            received: d("2026-11-24"),
            channel: Channel::Email,
            requester: Person::default(),
            pupil: Pupil {
                birth_date: Some(d("2027-01-01")),
                ..Pupil::default()
            },
            summary: String::new(),
            language: Language::Nl,
        };
        let errors = n.validate(d("2026-11-23")).unwrap_err();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0], RuleError::Required { field: "requester" });
        let mut hidden = n.clone();
        hidden.requester.name = "Jan\u{202E}slaw".into();
        hidden.pupil.name = "Sara\u{200B}".into();
        assert_eq!(
            hidden.validate(d("2026-11-23")).unwrap_err()[..2],
            [
                RuleError::Invisible {
                    field: "requester",
                    ch: '\u{202E}'
                },
                RuleError::Invisible {
                    field: "pupil",
                    ch: '\u{200B}'
                }
            ]
        );
    }

    #[test]
    fn control_characters_are_refused_in_what_an_officer_enters() {
        let mut n = NewRequest {
            kind: Kind::Access,
            received: d("2026-11-20"),
            channel: Channel::Email,
            requester: Person {
                name: "Jan".into(),
                role: None,
                contact: "jan@example.nl\r".into(),
            },
            pupil: Pupil::default(),
            summary: "regel 1\nregel 2\u{0}".into(),
            language: Default::default(),
        };
        assert_eq!(
            n.validate(d("2026-11-23")).unwrap_err(),
            vec![
                RuleError::Invisible {
                    field: "contact",
                    ch: '\r'
                },
                RuleError::Invisible {
                    field: "summary",
                    ch: '\u{0}'
                }
            ]
        );
        n.requester.contact = "jan@example.nl".into();
        n.summary = "regel 1\nregel 2".into();
        assert_eq!(n.validate(d("2026-11-23")), Ok(()));
    }

    #[test]
    fn only_text_new_to_a_request_is_checked() {
        let mut before = sample("2026-11-02");
        // Stored before the rule existed: left alone.
        before.summary = "oud\u{1b}[2J".into();
        let mut after = before.clone();
        after.pause(d("2026-11-04"), "wacht op id").unwrap();
        assert_eq!(after.check_new_text(&before), Ok(()));
        let mut bad = before.clone();
        bad.pause(d("2026-11-04"), "wacht\u{7}").unwrap();
        assert_eq!(
            bad.check_new_text(&before),
            Err(RuleError::Invisible {
                field: "reason",
                ch: '\u{7}'
            })
        );
        bad = before.clone();
        bad.summary = "oud\u{1b}[2J en nieuw".into();
        assert!(bad.check_new_text(&before).is_err());
    }

    #[test]
    fn ids_are_zero_padded() {
        assert_eq!(format_id("V", 2026, 1), "V-2026-0001");
        assert_eq!(format_id("V", 2026, 12345), "V-2026-12345");
    }
}

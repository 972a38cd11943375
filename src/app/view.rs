//! The request as scripts see it (`--json`): a stable, flat set of field names.

use crate::domain::dates::json;
use crate::domain::letter::{LetterKind, SentLetter, Via};
use crate::domain::request::{
    Decision, Flag, IdentityCheck, Kind, Language, Note, Pause, Person, Pupil, Recipient, Request,
    Status, Timing,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

/// A note with its time in the board's offset, to the second, like every moment in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    #[serde(serialize_with = "json::time")]
    pub at: DateTime<FixedOffset>,
    pub author: String,
    pub text: String,
}

impl NoteView {
    fn new(n: &Note, tz: Tz) -> NoteView {
        NoteView {
            at: n.at.with_timezone(&tz).fixed_offset(),
            author: n.author.clone(),
            text: n.text.clone(),
        }
    }
}

/// A letter marked sent, in a request's or breach's JSON (`letters`): which, when, how. Who
/// recorded it and when is in `avgdesk letter list ID --json` and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterView {
    pub kind: LetterKind,
    pub sent_on: NaiveDate,
    pub via: Via,
}

impl LetterView {
    pub fn list(letters: &[SentLetter]) -> Vec<LetterView> {
        letters
            .iter()
            .map(|l| LetterView {
                kind: l.kind,
                sent_on: l.sent_on,
                via: l.via,
            })
            .collect()
    }
}

/// Field names here are a public contract: add freely, never rename or remove.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub id: String,
    pub kind: Kind,
    pub received: NaiveDate,
    pub channel: &'static str,
    pub status: Status,
    /// The operative deadline: the extended one once extended.
    pub due: NaiveDate,
    pub legal_due: NaiveDate,
    pub policy_due: NaiveDate,
    pub days_left: i64,
    pub extended: bool,
    /// The last day the board's regulation gives to notify an extension (its four weeks).
    pub notice_due: NaiveDate,
    /// The last day the law gives (art. 12(3): the legal month, pauses included); extending
    /// after `notice_due` up to this day is allowed, later it is refused.
    pub notice_legal_due: NaiveDate,
    pub extended_legal_due: NaiveDate,
    pub extended_policy_due: NaiveDate,
    pub extended_due: NaiveDate,
    pub paused_days: u32,
    pub paused: bool,
    /// The operative deadline as if the clock had never been paused.
    pub due_without_pauses: NaiveDate,
    pub requester: Person,
    pub pupil: Pupil,
    pub summary: String,
    /// The requester's language (`nl`, `en`): their letters are written in it.
    pub language: Language,
    pub identity: Option<IdentityCheck>,
    pub extension_date: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub decision: Option<Decision>,
    pub decision_reason: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub pauses: Vec<Pause>,
    pub recipients: Vec<Recipient>,
    /// True once the officer recorded that the data was disclosed to no one (art. 19).
    pub recipients_none: bool,
    /// The day that answer was recorded.
    pub recipients_none_on: Option<NaiveDate>,
    pub notes: Vec<NoteView>,
    pub flags: Vec<Flag>,
    /// The letters marked sent, in the order sent.
    pub letters: Vec<LetterView>,
    /// The day the `extension` letter was marked sent (the first time), or null.
    pub extension_notice_sent: Option<NaiveDate>,
}

impl RequestView {
    /// `tz` is the board's zone, for the notes' times.
    pub fn new(r: &Request, t: &Timing, tz: Tz) -> RequestView {
        RequestView {
            id: r.id.clone(),
            kind: r.kind,
            received: r.received,
            channel: r.channel.code(),
            status: r.status,
            due: t.operative,
            legal_due: t.deadlines.legal_due,
            policy_due: t.deadlines.policy_due,
            days_left: t.days_left,
            extended: t.extended,
            notice_due: t.deadlines.notice_due,
            notice_legal_due: t.deadlines.notice_legal_due,
            extended_legal_due: t.deadlines.extended_legal_due,
            extended_policy_due: t.deadlines.extended_policy_due,
            extended_due: t.deadlines.extended_due,
            paused_days: t.paused_days,
            paused: r.open_pause().is_some(),
            due_without_pauses: t.unpaused.operative(t.extended),
            requester: r.requester.clone(),
            pupil: r.pupil.clone(),
            summary: r.summary.clone(),
            language: r.language,
            identity: r.identity.clone(),
            extension_date: r.extension.as_ref().map(|e| e.date),
            extension_reason: r.extension.as_ref().map(|e| e.reason.clone()),
            decision: r.outcome.as_ref().map(|o| o.decision),
            decision_reason: r.outcome.as_ref().map(|o| o.reason.clone()),
            decision_date: r.outcome.as_ref().map(|o| o.date),
            pauses: r.pauses.clone(),
            recipients: r.recipients.clone(),
            recipients_none: r.recipients_none_on.is_some(),
            recipients_none_on: r.recipients_none_on,
            notes: r.notes.iter().map(|n| NoteView::new(n, tz)).collect(),
            flags: r.flags(),
            letters: LetterView::list(&r.letters),
            extension_notice_sent: r.extension_notice_sent(),
        }
    }
}

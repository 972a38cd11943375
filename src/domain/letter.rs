//! The letters avgdesk writes, and what was sent: which letter, on which day, how.
//!
//! Pure types. Rendering and the letters' labels live in `crate::letters`; the store keeps
//! what was sent (`letters_sent`, append-only) and loads it with its request or breach.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A letter avgdesk writes. The codes are the command line's `KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    Acknowledgement,
    Identification,
    Extension,
    Decision,
    Recipients,
    Subjects,
    Ap,
}

impl LetterKind {
    /// Every letter, in the chooser's order: the request letters, then the breach letters.
    pub const ALL: [LetterKind; 7] = [
        LetterKind::Acknowledgement,
        LetterKind::Identification,
        LetterKind::Extension,
        LetterKind::Decision,
        LetterKind::Recipients,
        LetterKind::Subjects,
        LetterKind::Ap,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement",
            LetterKind::Identification => "identification",
            LetterKind::Extension => "extension",
            LetterKind::Decision => "decision",
            LetterKind::Recipients => "recipients",
            LetterKind::Subjects => "subjects",
            LetterKind::Ap => "ap",
        }
    }

    /// Accepts the code, case-insensitively.
    pub fn parse(s: &str) -> Option<LetterKind> {
        let s = s.trim().to_lowercase();
        LetterKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Every code, for messages: "acknowledgement, identification, ...".
    pub fn codes() -> String {
        LetterKind::ALL.map(|k| k.code()).join(", ")
    }

    /// Letters about a request; the others are about a breach.
    pub fn for_request(self) -> bool {
        !matches!(self, LetterKind::Subjects | LetterKind::Ap)
    }
}

/// How a letter was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The default: most letters go out by e-mail.
    #[default]
    Email,
    Post,
    Portal,
}

impl Via {
    /// In the order the app offers them; e-mail is the default.
    pub const ALL: [Via; 3] = [Via::Email, Via::Post, Via::Portal];

    /// As stored and written in JSON: `email`, `post`, `portal`.
    pub fn code(self) -> &'static str {
        match self {
            Via::Email => "email",
            Via::Post => "post",
            Via::Portal => "portal",
        }
    }

    /// Accepts the code, case-insensitively, and the Dutch words (`e-mail`, `portaal`).
    pub fn parse(s: &str) -> Option<Via> {
        match s.trim().to_lowercase().as_str() {
            "email" | "e-mail" | "mail" => Some(Via::Email),
            "post" | "letter" | "brief" => Some(Via::Post),
            "portal" | "portaal" => Some(Via::Portal),
            _ => None,
        }
    }

    /// Every code, for messages: "email, post, portal".
    pub fn codes() -> String {
        Via::ALL.map(|v| v.code()).join(", ")
    }
}

/// A letter marked as sent. Part of the record: the store never changes or deletes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentLetter {
    pub kind: LetterKind,
    /// The day it went out (`YYYY-MM-DD` in JSON).
    pub sent_on: NaiveDate,
    pub via: Via,
    pub recorded_by: String,
    /// When it was recorded, to the second (RFC 3339 in JSON).
    #[serde(serialize_with = "super::dates::json::time")]
    pub recorded_at: DateTime<Utc>,
    /// The template that made it: a built-in's name (`nl/decision.txt.j2`) or the path of the
    /// board's own file; None when not known (marked without rendering, or before this was kept).
    pub template: Option<String>,
    /// The officer edited the text before sending it.
    pub edited: bool,
}

impl SentLetter {
    /// The audit trail's value: "decision 2026-11-23 email", with " edited" when the officer
    /// edited the text.
    pub fn audit_value(&self) -> String {
        format!(
            "{} {} {}{}",
            self.kind.code(),
            self.sent_on.format("%Y-%m-%d"),
            self.via.code(),
            if self.edited { " edited" } else { "" }
        )
    }
}

/// The last letter of `kind` among `letters` (a record's letters, in the order sent).
pub fn last_sent(letters: &[SentLetter], kind: LetterKind) -> Option<&SentLetter> {
    letters.iter().rev().find(|l| l.kind == kind)
}

/// The first day the extension notice was sent, of `letters` (a record's letters).
pub fn extension_notice_sent(letters: &[SentLetter]) -> Option<NaiveDate> {
    letters
        .iter()
        .filter(|l| l.kind == LetterKind::Extension)
        .map(|l| l.sent_on)
        .min()
}

/// Why marking a letter as sent was refused. The English text is for the command line; the
/// app shows the officer's language (`i18n::sent_error`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SentError {
    /// A breach letter for a request, or a request letter for a breach.
    #[error("the {} letter is for a {}; {id} is a {}", .kind.code(), record_word(.kind.for_request()), record_word(!.kind.for_request()))]
    WrongRecord { kind: LetterKind, id: String },
    #[error("sent on: {0} lies in the future")]
    InFuture(NaiveDate),
    #[error("sent on: lies before the day the request was received ({0})")]
    BeforeReceived(NaiveDate),
    #[error("sent on: lies before the day the school became aware of the breach ({0})")]
    BeforeAware(NaiveDate),
    /// A letter of this kind was marked sent before: a second mark is recorded only when asked
    /// (`--again`; in the app after a yes), since a mark can never be taken back.
    #[error("the {} letter was already marked sent on {sent_on} by {}; add --again to record it again", .kind.code(), .via.code())]
    AlreadySent {
        kind: LetterKind,
        sent_on: NaiveDate,
        via: Via,
    },
}

fn record_word(request: bool) -> &'static str {
    if request {
        "request"
    } else {
        "breach"
    }
}

/// Whether a letter sent on `on` can be recorded for a record that started on `start` (the day
/// a request was received, or the day the school became aware of a breach), `today`.
pub fn check_sent_on(
    on: NaiveDate,
    today: NaiveDate,
    start: NaiveDate,
    request: bool,
) -> Result<(), SentError> {
    if on > today {
        return Err(SentError::InFuture(on));
    }
    if on < start {
        return Err(if request {
            SentError::BeforeReceived(start)
        } else {
            SentError::BeforeAware(start)
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sent(kind: LetterKind, on: &str) -> SentLetter {
        SentLetter {
            kind,
            sent_on: d(on),
            via: Via::Post,
            recorded_by: "anna".into(),
            recorded_at: DateTime::parse_from_rfc3339("2026-11-23T09:30:00Z")
                .unwrap()
                .with_timezone(&Utc),
            template: None,
            edited: false,
        }
    }

    #[test]
    fn via_parses_codes_and_dutch_words() {
        for v in Via::ALL {
            assert_eq!(Via::parse(v.code()), Some(v));
        }
        assert_eq!(Via::parse(" E-Mail "), Some(Via::Email));
        assert_eq!(Via::parse("portaal"), Some(Via::Portal));
        assert_eq!(Via::parse("fax"), None);
        assert_eq!(Via::codes(), "email, post, portal");
    }

    #[test]
    fn a_sent_letter_in_json_and_in_the_audit_trail() {
        let mut l = sent(LetterKind::Decision, "2026-11-23");
        assert_eq!(l.audit_value(), "decision 2026-11-23 post");
        l.edited = true;
        assert_eq!(l.audit_value(), "decision 2026-11-23 post edited");
        l.edited = false;
        let json = serde_json::to_value(&l).unwrap();
        assert_eq!(json["kind"], "decision");
        assert_eq!(json["sent_on"], "2026-11-23");
        assert_eq!(json["via"], "post");
        assert_eq!(json["recorded_by"], "anna");
        assert_eq!(json["recorded_at"], "2026-11-23T09:30:00+00:00");
        assert_eq!(json["template"], serde_json::Value::Null);
        assert_eq!(json["edited"], false);
    }

    #[test]
    fn the_extension_notice_is_the_first_extension_letter() {
        let letters = [
            sent(LetterKind::Acknowledgement, "2026-03-01"),
            sent(LetterKind::Extension, "2026-03-20"),
            sent(LetterKind::Extension, "2026-03-10"),
        ];
        assert_eq!(extension_notice_sent(&letters), Some(d("2026-03-10")));
        assert_eq!(extension_notice_sent(&letters[..1]), None);
    }

    #[test]
    fn a_sent_date_lies_between_the_start_and_today() {
        let (start, today) = (d("2026-03-03"), d("2026-03-20"));
        assert_eq!(check_sent_on(start, today, start, true), Ok(()));
        assert_eq!(check_sent_on(today, today, start, false), Ok(()));
        assert_eq!(
            check_sent_on(d("2026-03-21"), today, start, true),
            Err(SentError::InFuture(d("2026-03-21")))
        );
        assert_eq!(
            check_sent_on(d("2026-03-02"), today, start, true),
            Err(SentError::BeforeReceived(start))
        );
        assert_eq!(
            check_sent_on(d("2026-03-02"), today, start, false),
            Err(SentError::BeforeAware(start))
        );
        let wrong = SentError::WrongRecord {
            kind: LetterKind::Ap,
            id: "V-2026-0001".into(),
        };
        assert_eq!(
            wrong.to_string(),
            "the ap letter is for a breach; V-2026-0001 is a request"
        );
    }
}

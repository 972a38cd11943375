//! What was sent: marking a letter as sent and reading back what went out.

use super::{LetterKind, SentError, SentLetter, Via};
use crate::app::{AppError, Result, Session};
use crate::domain::letter::check_sent_on;
use crate::i18n::Lang;
use crate::store::StoreError;
use chrono::NaiveDate;

impl Via {
    /// How the app names it: e-mail / post / portaal.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Via::Email, _) => "e-mail",
            (Via::Post, _) => "post",
            (Via::Portal, Lang::Nl) => "portaal",
            (Via::Portal, Lang::En) => "portal",
        }
    }
}

/// What a record id turned out to name.
enum Found {
    /// A request, received on this day.
    Request(NaiveDate),
    /// A breach the school became aware of on this day (the board's date).
    Breach(NaiveDate),
}

/// How a letter went out and how it was made: what [`Session::record_sent`] records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentMark {
    /// The day it went out; today when None.
    pub on: Option<NaiveDate>,
    pub via: Via,
    /// Record it although a letter of this kind was marked sent before (the officer was asked:
    /// a mark can never be taken back).
    pub again: bool,
    /// The template that made it ([`super::Letter::template_record`]), when known.
    pub template: Option<String>,
    /// The officer edited the text before sending it.
    pub edited: bool,
    /// The art. 19 letter: the recipients (stored ids) it went to, ticked off as told on the
    /// day it went out.
    pub recipients: Vec<i64>,
}

impl Session {
    /// Records that letter `kind` about record `record_id` (a request or a breach) was sent on
    /// `on` (default today) `via` e-mail, post or the portal, with an audit row in the same
    /// transaction. Refused: a date in the future or before the request was received / the
    /// breach became known, a letter that belongs to the other kind of record, an unknown id.
    ///
    /// A letter of a kind marked sent before is refused ([`SentError::AlreadySent`]); see
    /// [`Session::record_sent`] to record it again.
    pub fn mark_letter_sent(
        &mut self,
        record_id: &str,
        kind: LetterKind,
        on: Option<NaiveDate>,
        via: Via,
    ) -> Result<SentLetter> {
        let mark = SentMark {
            on,
            via,
            ..SentMark::default()
        };
        self.record_sent(record_id, kind, &mark)
    }

    /// Records letter `kind` about `record_id` as sent, as `mark` says: the day, the way, the
    /// template and whether it was edited; a second letter of the same kind only with
    /// `mark.again`. After the art. 19 letter the recipients it went to are ticked off as
    /// told on the day it went out. Every rule is checked before anything is written.
    pub fn record_sent(
        &mut self,
        record_id: &str,
        kind: LetterKind,
        mark: &SentMark,
    ) -> Result<SentLetter> {
        let (id, on) = self.checked_sent(record_id, kind, mark)?;
        let now = self.now();
        let sent = self.store.add_sent_letter(
            &id,
            kind,
            on,
            mark.via,
            mark.template.as_deref(),
            mark.edited,
            now,
        )?;
        if kind == LetterKind::Recipients && !mark.recipients.is_empty() {
            let ids = mark.recipients.clone();
            self.change(&id, |r, _| {
                for &rid in &ids {
                    r.set_recipient_told(rid, true, on)?;
                }
                Ok(())
            })?;
        }
        Ok(sent)
    }

    /// Whether [`Session::mark_letter_sent`] would accept `kind`, `on` for `record_id`,
    /// without recording anything: for a form before it is saved, or the command line before
    /// it prints the letter.
    pub fn check_letter_sent(
        &self,
        record_id: &str,
        kind: LetterKind,
        on: Option<NaiveDate>,
    ) -> Result<()> {
        let mark = SentMark {
            on,
            ..SentMark::default()
        };
        self.check_sent(record_id, kind, &mark)
    }

    /// Whether [`Session::record_sent`] would accept `mark`, without recording anything.
    pub fn check_sent(&self, record_id: &str, kind: LetterKind, mark: &SentMark) -> Result<()> {
        self.checked_sent(record_id, kind, mark).map(|_| ())
    }

    /// The last letter of `kind` marked sent for `record_id`, if any.
    pub fn last_sent(&self, record_id: &str, kind: LetterKind) -> Result<Option<SentLetter>> {
        let letters = self.letters_sent(record_id)?;
        Ok(crate::domain::letter::last_sent(&letters, kind).cloned())
    }

    /// The stored id and the day, once every rule is met.
    fn checked_sent(
        &self,
        record_id: &str,
        kind: LetterKind,
        mark: &SentMark,
    ) -> Result<(String, NaiveDate)> {
        let today = self.today();
        let on = mark.on.unwrap_or(today);
        let (id, found, letters) = self.find_record(record_id, kind)?;
        let (start, is_request) = match found {
            Found::Request(received) => (received, true),
            Found::Breach(aware) => (aware, false),
        };
        if is_request != kind.for_request() {
            return Err(SentError::WrongRecord { kind, id }.into());
        }
        check_sent_on(on, today, start, is_request)?;
        if let Some(before) = crate::domain::letter::last_sent(&letters, kind) {
            if !mark.again {
                return Err(SentError::AlreadySent {
                    kind,
                    sent_on: before.sent_on,
                    via: before.via,
                }
                .into());
            }
        }
        if kind == LetterKind::Recipients && !mark.recipients.is_empty() {
            // The ticks must be possible before the mark is written.
            let r = self.store.request(&id)?;
            let mut ticked = r.clone();
            for &rid in &mark.recipients {
                ticked.set_recipient_told(rid, true, on)?;
            }
        }
        Ok((id, on))
    }

    /// The letters marked sent for request or breach `record_id`, in the order sent.
    pub fn letters_sent(&self, record_id: &str) -> Result<Vec<SentLetter>> {
        match self.store.request(record_id) {
            Ok(r) => Ok(r.letters),
            Err(StoreError::NotFound(id)) => match self.store.breach(record_id) {
                Ok(b) => Ok(b.letters),
                // Neither: say what the id looks like.
                Err(StoreError::BreachNotFound(_)) if !self.looks_like_breach(&id) => {
                    Err(StoreError::NotFound(id).into())
                }
                Err(e) => Err(e.into()),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// `D-2026-0001` with the board's breach prefix.
    fn looks_like_breach(&self, id: &str) -> bool {
        id.starts_with(&format!("{}-", self.config.breach_prefix.to_uppercase()))
    }

    /// The stored id, what it names and its letters sent; not found is said for the record
    /// `kind` belongs to.
    fn find_record(
        &self,
        record_id: &str,
        kind: LetterKind,
    ) -> Result<(String, Found, Vec<SentLetter>)> {
        match self.store.request(record_id) {
            Ok(r) => return Ok((r.id, Found::Request(r.received), r.letters)),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
        match self.store.breach(record_id) {
            Ok(b) => {
                let aware = b.aware_at.with_timezone(&self.config.timezone).date_naive();
                Ok((b.id, Found::Breach(aware), b.letters))
            }
            Err(StoreError::BreachNotFound(id)) if kind.for_request() => {
                Err(AppError::Store(StoreError::NotFound(id)))
            }
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ways_of_sending_have_dutch_and_english_labels() {
        let nl: Vec<_> = Via::ALL.iter().map(|v| v.label(Lang::Nl)).collect();
        let en: Vec<_> = Via::ALL.iter().map(|v| v.label(Lang::En)).collect();
        assert_eq!(nl, ["e-mail", "post", "portaal"]);
        assert_eq!(en, ["e-mail", "post", "portal"]);
    }
}

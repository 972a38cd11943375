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

impl Session {
    /// Records that letter `kind` about record `record_id` (a request or a breach) was sent on
    /// `on` (default today) `via` e-mail, post or the portal, with an audit row in the same
    /// transaction. Refused: a date in the future or before the request was received / the
    /// breach became known, a letter that belongs to the other kind of record, an unknown id.
    pub fn mark_letter_sent(
        &mut self,
        record_id: &str,
        kind: LetterKind,
        on: Option<NaiveDate>,
        via: Via,
    ) -> Result<SentLetter> {
        let (id, on) = self.checked_sent(record_id, kind, on)?;
        let now = self.now();
        Ok(self.store.add_sent_letter(&id, kind, on, via, now)?)
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
        self.checked_sent(record_id, kind, on).map(|_| ())
    }

    /// The stored id and the day, once every rule is met.
    fn checked_sent(
        &self,
        record_id: &str,
        kind: LetterKind,
        on: Option<NaiveDate>,
    ) -> Result<(String, NaiveDate)> {
        let today = self.today();
        let on = on.unwrap_or(today);
        let (id, found) = self.find_record(record_id, kind)?;
        let (start, is_request) = match found {
            Found::Request(received) => (received, true),
            Found::Breach(aware) => (aware, false),
        };
        if is_request != kind.for_request() {
            return Err(SentError::WrongRecord { kind, id }.into());
        }
        check_sent_on(on, today, start, is_request)?;
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

    /// The stored id and what it names; not found is said for the record `kind` belongs to.
    fn find_record(&self, record_id: &str, kind: LetterKind) -> Result<(String, Found)> {
        match self.store.request(record_id) {
            Ok(r) => return Ok((r.id, Found::Request(r.received))),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
        match self.store.breach(record_id) {
            Ok(b) => {
                let aware = b.aware_at.with_timezone(&self.config.timezone).date_naive();
                Ok((b.id, Found::Breach(aware)))
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

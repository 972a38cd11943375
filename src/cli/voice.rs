//! What the command line says to a person, in the officer's language: the config's `language`
//! (Dutch unless set), or `--lang` on the command line. Refusals come from typed errors that
//! have their Dutch and English text in `crate::i18n`; in English the command line keeps the
//! words it always printed. JSON, and the CSV a script reads, do not change with the language.
//! Usage errors (a flag misspelt, a value not accepted) stay English, as clap's own do: they
//! name the flags, which are English.

use crate::app::AppError;
use crate::config::Config;
use crate::i18n::{self, Lang, T};
use crate::store::{OpenNotice, StoreError};
use chrono_tz::Tz;
use std::path::Path;

/// The language and time zone the command line speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    pub lang: Lang,
    /// Times in refusals are in the board's zone, as everywhere else.
    pub timezone: Tz,
}

impl Voice {
    pub fn new(config: &Config) -> Voice {
        Voice {
            lang: config.lang,
            timezone: config.timezone,
        }
    }

    /// Before the config is read: `--lang` if given, else the default.
    pub fn from_lang(lang: Option<Lang>) -> Voice {
        Voice::new(&Config {
            lang: lang.unwrap_or_default(),
            ..Config::default()
        })
    }

    /// Picks the text in this voice's language.
    pub fn say(&self, nl: impl Into<String>, en: impl Into<String>) -> String {
        match self.lang {
            Lang::Nl => nl.into(),
            Lang::En => en.into(),
        }
    }

    /// A failed command's message: in Dutch the first typed refusal in the chain is said in
    /// Dutch, after the context above it (a file name); anything else keeps its own words.
    pub fn error(&self, e: &anyhow::Error) -> String {
        if self.lang == Lang::En {
            return format!("{e:#}");
        }
        let mut said = Vec::new();
        for cause in e.chain() {
            if let Some(text) = self.refusal(cause) {
                said.push(text);
                return said.join(": ");
            }
            said.push(cause.to_string());
        }
        format!("{e:#}")
    }

    /// A typed refusal in this voice's language, or None for an error without one.
    fn refusal(&self, e: &(dyn std::error::Error + 'static)) -> Option<String> {
        let lang = self.lang;
        let tz = self.timezone;
        if let Some(e) = e.downcast_ref::<AppError>() {
            return Some(match e {
                AppError::Invalid(errors) => i18n::rule_errors_named(errors, lang),
                AppError::Store(StoreError::Rule(r)) => {
                    i18n::rule_errors_named(std::slice::from_ref(r), lang)
                }
                AppError::Store(s) => self.store(s),
                other => i18n::app_error(other, lang),
            });
        }
        if let Some(e) = e.downcast_ref::<StoreError>() {
            return Some(self.store(e));
        }
        if let Some(e) = e.downcast_ref::<crate::domain::breach::BreachError>() {
            return Some(i18n::breach_error(e, lang, tz));
        }
        if let Some(e) = e.downcast_ref::<crate::domain::request::RuleError>() {
            return Some(i18n::rule_errors_named(std::slice::from_ref(e), lang));
        }
        if let Some(e) = e.downcast_ref::<crate::domain::consent::ConsentError>() {
            return Some(i18n::consent_error(e, lang));
        }
        if let Some(e) = e.downcast_ref::<crate::domain::letter::SentError>() {
            return Some(self.sent(e));
        }
        if let Some(e) = e.downcast_ref::<crate::intake::IntakeError>() {
            return Some(i18n::intake_error(e, lang));
        }
        if let Some(e) = e.downcast_ref::<crate::letters::LetterError>() {
            return Some(self.letter(e));
        }
        None
    }

    /// A store refusal; a breach's times in the board's zone.
    fn store(&self, e: &StoreError) -> String {
        match e {
            StoreError::Breach(b) => i18n::breach_error(b, self.lang, self.timezone),
            other => i18n::store_error(other, self.lang),
        }
    }

    /// A refused mark: the app shows the date's refusal after the field's label, here it
    /// names the field itself.
    fn sent(&self, e: &crate::domain::letter::SentError) -> String {
        use crate::domain::letter::SentError as E;
        match e {
            E::WrongRecord { .. } => i18n::sent_error(e, self.lang),
            _ => self.say(
                format!("verzonden op: {}", i18n::sent_error(e, self.lang)),
                e.to_string(),
            ),
        }
    }

    /// A letter refused; one that does not fit names the letter and the record, as the app's
    /// list does beside it.
    fn letter(&self, e: &crate::letters::LetterError) -> String {
        use crate::letters::{LetterError as E, LetterKind};
        match e {
            E::DoesNotFit { kind, id, reason } => {
                let label = LetterKind::parse(kind)
                    .map(|k| k.label(Lang::Nl))
                    .unwrap_or(kind);
                self.say(
                    format!("de brief {label} past niet bij {id}: {reason}"),
                    e.to_string(),
                )
            }
            other => i18n::letter_error(other, self.lang),
        }
    }

    /// What opening the database did that the officer should know.
    pub fn notice(&self, n: &OpenNotice) -> String {
        match n {
            OpenNotice::Tightened { path, mode } => self.say(
                format!(
                    "{} was leesbaar voor anderen (modus {mode:04o}); nu alleen voor jou (0600)",
                    path.display()
                ),
                n.to_string(),
            ),
        }
    }

    /// A mistyped --db would otherwise quietly start an empty register.
    pub fn new_database(&self, path: &Path) -> String {
        self.say(
            format!("{} {}", T::notice_new_db.get(Lang::Nl), path.display()),
            format!("created a new, empty database at {}", path.display()),
        )
    }
}

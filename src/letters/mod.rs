//! Letters: what the officer sends, rendered from the record with the board's templates.
//!
//! App layer, pure rendering: the caller hands in the record and the session (config, clock);
//! nothing here reads or writes the database. Which letters fit a record's state is
//! [`request_letters`] / [`breach_letters`]; rendering is [`render_request`] /
//! [`render_breach`]; templates are embedded defaults that a file of the same name in the
//! config folder's `templates/` overrides ([`templates`]); [`write_letter`] writes a letter
//! to a file safely.

mod context;
mod sent;
pub mod templates;
mod write;

pub use crate::domain::letter::{LetterKind, SentError, SentLetter, Via};
pub use templates::{
    default_templates, list_templates, write_defaults, TemplateInfo, TemplateOrigin,
};
pub use write::write_letter;

use crate::app::Session;
use crate::domain::breach::{Breach, Risk, SubjectsDecision};
use crate::domain::request::{Kind, Request, Timing};
use crate::i18n::dates::date_words;
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::path::PathBuf;

/// The folder beside the config file whose files override the built-in templates.
pub const TEMPLATE_DIR: &str = "templates";

impl LetterKind {
    /// The template's file name: `decision.txt.j2`.
    pub fn file_name(self) -> String {
        format!("{}.txt.j2", self.code())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LetterKind::Acknowledgement, Lang::Nl) => "ontvangstbevestiging",
            (LetterKind::Acknowledgement, Lang::En) => "acknowledgement",
            (LetterKind::Identification, Lang::Nl) => "verzoek om identificatie of verduidelijking",
            (LetterKind::Identification, Lang::En) => "request for identification or clarification",
            (LetterKind::Extension, Lang::Nl) => "verlengingsbericht",
            (LetterKind::Extension, Lang::En) => "extension notice",
            (LetterKind::Decision, Lang::Nl) => "besluit",
            (LetterKind::Decision, Lang::En) => "decision",
            (LetterKind::Recipients, Lang::Nl) => "bericht aan ontvangers (art. 19 AVG)",
            (LetterKind::Recipients, Lang::En) => "notice to recipients (GDPR art. 19)",
            (LetterKind::Subjects, Lang::Nl) => "bericht aan betrokkenen (art. 34 AVG)",
            (LetterKind::Subjects, Lang::En) => "letter to data subjects (GDPR art. 34)",
            (LetterKind::Ap, Lang::Nl) => "melding aan de AP",
            (LetterKind::Ap, Lang::En) => "notification to the AP",
        }
    }
}

/// Plain text, or Markdown (the subject and headings marked, line breaks kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Markdown,
}

/// Why a letter does not fit a record in its present state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// A request letter asked for a breach, or the other way round.
    WrongRecord,
    NotDecided,
    NotExtended,
    /// Art. 19 concerns rectification, erasure and restriction only.
    NoRecipientNotice(Kind),
    /// Nothing was changed (refused or withdrawn), so nobody needs telling.
    NotGranted,
    NoRecipients,
    /// Art. 34: only with a high risk, or when the subjects were informed.
    NoHighRisk,
}

impl Unfit {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Unfit::WrongRecord, Lang::Nl) => "hoort bij een ander soort dossier".into(),
            (Unfit::WrongRecord, Lang::En) => "belongs to another kind of record".into(),
            (Unfit::NotDecided, Lang::Nl) => "er is nog geen besluit vastgelegd".into(),
            (Unfit::NotDecided, Lang::En) => "no decision has been recorded yet".into(),
            (Unfit::NotExtended, Lang::Nl) => "het verzoek is niet verlengd".into(),
            (Unfit::NotExtended, Lang::En) => "the request was not extended".into(),
            (Unfit::NoRecipientNotice(k), Lang::Nl) => format!(
                "alleen na correctie, verwijdering of beperking (dit is {})",
                k.label(lang)
            ),
            (Unfit::NoRecipientNotice(k), Lang::En) => format!(
                "only after rectification, erasure or restriction (this is {})",
                k.label(lang)
            ),
            (Unfit::NotGranted, Lang::Nl) => {
                "alleen na een (gedeeltelijk) toegewezen verzoek; er is niets gewijzigd".into()
            }
            (Unfit::NotGranted, Lang::En) => {
                "only after a request granted in whole or in part; nothing was changed".into()
            }
            (Unfit::NoRecipients, Lang::Nl) => "er zijn geen ontvangers vastgelegd".into(),
            (Unfit::NoRecipients, Lang::En) => "no recipients are recorded".into(),
            (Unfit::NoHighRisk, Lang::Nl) => {
                "alleen bij een hoog risico of als de betrokkenen zijn geïnformeerd".into()
            }
            (Unfit::NoHighRisk, Lang::En) => {
                "only with a high risk, or when the data subjects were informed".into()
            }
        }
    }
}

/// A letter that fits but needs the officer's attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FitWarning {
    /// The extension notice is late: it had to reach the requester by this day.
    NoticeDeadlinePassed { notice_due: NaiveDate },
}

impl FitWarning {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (FitWarning::NoticeDeadlinePassed { notice_due }, Lang::Nl) => format!(
                "de verlenging had uiterlijk {} gemeld moeten zijn",
                date_words(*notice_due, lang, true)
            ),
            (FitWarning::NoticeDeadlinePassed { notice_due }, Lang::En) => format!(
                "the extension had to be notified by {}",
                date_words(*notice_due, lang, true)
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    Fits,
    FitsWithWarning(FitWarning),
    DoesNotFit(Unfit),
}

impl Fit {
    pub fn fits(&self) -> bool {
        !matches!(self, Fit::DoesNotFit(_))
    }
}

/// One letter and whether it fits the record, for the app's chooser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub kind: LetterKind,
    pub fit: Fit,
}

/// Whether `kind` fits request `r` today.
pub fn request_fit(kind: LetterKind, r: &Request, timing: &Timing, today: NaiveDate) -> Fit {
    let decision = r.outcome.as_ref().map(|o| o.decision);
    match kind {
        LetterKind::Acknowledgement | LetterKind::Identification => Fit::Fits,
        LetterKind::Extension if r.extension.is_none() => Fit::DoesNotFit(Unfit::NotExtended),
        LetterKind::Extension if today > timing.deadlines.notice_due => {
            Fit::FitsWithWarning(FitWarning::NoticeDeadlinePassed {
                notice_due: timing.deadlines.notice_due,
            })
        }
        LetterKind::Extension => Fit::Fits,
        LetterKind::Decision if decision.is_none() => Fit::DoesNotFit(Unfit::NotDecided),
        LetterKind::Decision => Fit::Fits,
        LetterKind::Recipients => {
            if !r.kind.needs_recipient_notice() {
                Fit::DoesNotFit(Unfit::NoRecipientNotice(r.kind))
            } else if decision.is_none() {
                Fit::DoesNotFit(Unfit::NotDecided)
            } else if !decision.is_some_and(|d| d.grants()) {
                Fit::DoesNotFit(Unfit::NotGranted)
            } else if r.recipients.is_empty() {
                Fit::DoesNotFit(Unfit::NoRecipients)
            } else {
                Fit::Fits
            }
        }
        LetterKind::Subjects | LetterKind::Ap => Fit::DoesNotFit(Unfit::WrongRecord),
    }
}

/// Whether `kind` fits breach `b`.
pub fn breach_fit(kind: LetterKind, b: &Breach) -> Fit {
    match kind {
        LetterKind::Ap => Fit::Fits,
        LetterKind::Subjects
            if b.risk == Some(Risk::High) || b.subjects == Some(SubjectsDecision::Informed) =>
        {
            Fit::Fits
        }
        LetterKind::Subjects => Fit::DoesNotFit(Unfit::NoHighRisk),
        _ => Fit::DoesNotFit(Unfit::WrongRecord),
    }
}

/// Every request letter, in the chooser's order, with whether it fits and why not.
pub fn request_letters(r: &Request, timing: &Timing, today: NaiveDate) -> Vec<Choice> {
    LetterKind::ALL
        .into_iter()
        .filter(|k| k.for_request())
        .map(|kind| Choice {
            kind,
            fit: request_fit(kind, r, timing, today),
        })
        .collect()
}

/// Every breach letter, in the chooser's order, with whether it fits and why not.
pub fn breach_letters(b: &Breach) -> Vec<Choice> {
    LetterKind::ALL
        .into_iter()
        .filter(|k| !k.for_request())
        .map(|kind| Choice {
            kind,
            fit: breach_fit(kind, b),
        })
        .collect()
}

/// How to render a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub lang: Lang,
    pub format: Format,
    /// The AP text with the internal call log (for the register, not for the AP).
    pub with_log: bool,
}

/// A rendered letter and what the officer should know before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub text: String,
    /// Said on stderr (or in the app's preview): a late notice, a fallback used.
    pub warnings: Vec<String>,
    /// Where the template came from: built in, or the board's file.
    pub template: TemplateOrigin,
}

#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    /// A template that does not parse or names something the record does not have.
    #[error("{template} line {line}: {message}")]
    Template {
        template: String,
        line: usize,
        message: String,
    },
    #[error("cannot read template {path}: {error}")]
    ReadTemplate {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("the {kind} letter does not fit {id}: {reason}")]
    DoesNotFit {
        kind: &'static str,
        id: String,
        reason: String,
    },
    #[error("{key} is not set in the config file; {hint}")]
    MissingConfig {
        key: &'static str,
        hint: &'static str,
    },
    #[error("{id}: the {kind} letter needs {} in the record; {hint}", .missing.join(", "))]
    RecordIncomplete {
        id: String,
        kind: &'static str,
        missing: Vec<&'static str>,
        hint: &'static str,
    },
    #[error("{} already exists; choose another file or add --force", .0.display())]
    Exists(PathBuf),
    #[error("{} is a symbolic link; avgdesk does not write through links", .0.display())]
    Symlink(PathBuf),
    #[error("cannot write {path}: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("the letter templates need a config folder; pass --config PATH")]
    NoTemplateDir,
}

/// Renders request letter `kind` for `r`. Refused when the letter does not fit the request's
/// state; a fit with a warning renders and carries the warning.
pub fn render_request(
    kind: LetterKind,
    session: &Session,
    r: &Request,
    opts: Options,
) -> Result<Letter, LetterError> {
    let timing = session.timing(r);
    let mut warnings = Vec::new();
    match request_fit(kind, r, &timing, session.today()) {
        Fit::DoesNotFit(why) => {
            return Err(LetterError::DoesNotFit {
                kind: kind.code(),
                id: r.id.clone(),
                reason: why.text(session.config.lang),
            })
        }
        Fit::FitsWithWarning(w) => warnings.push(w.text(session.config.lang)),
        Fit::Fits => {}
    }
    let ctx = context::for_request(kind, session, r, &timing, opts, &mut warnings)?;
    finish(kind, session, ctx, opts, warnings)
}

/// Renders breach letter `kind` (`subjects` or `ap`) for `b`.
pub fn render_breach(
    kind: LetterKind,
    session: &Session,
    b: &Breach,
    opts: Options,
) -> Result<Letter, LetterError> {
    if let Fit::DoesNotFit(why) = breach_fit(kind, b) {
        return Err(LetterError::DoesNotFit {
            kind: kind.code(),
            id: b.id.clone(),
            reason: why.text(session.config.lang),
        });
    }
    let mut warnings = Vec::new();
    let ctx = context::for_breach(kind, session, b, opts, &mut warnings)?;
    finish(kind, session, ctx, opts, warnings)
}

/// Between the letters to each recipient (a Markdown rule too, after a blank line).
pub const SEPARATOR: &str = "\n----------------------------------------\n\n";

fn finish(
    kind: LetterKind,
    session: &Session,
    mut ctx: context::Context,
    opts: Options,
    warnings: Vec<String>,
) -> Result<Letter, LetterError> {
    let source = templates::load(kind, opts.lang, session.config.letter_templates.as_deref())?;
    let text = if kind == LetterKind::Recipients {
        // One letter per recipient (art. 19: each is told), in the order they were listed.
        let names: Vec<serde_json::Value> = ctx
            .get("request")
            .and_then(|r| r.get("recipients"))
            .and_then(|r| r.as_array())
            .cloned()
            .unwrap_or_default();
        let mut letters = Vec::new();
        for name in names {
            ctx.insert("recipient".into(), name);
            letters.push(templates::render(
                &source,
                minijinja::Value::from(minijinja::value::Serde(&ctx)),
                opts.format,
            )?);
        }
        letters.join(SEPARATOR)
    } else {
        templates::render(
            &source,
            minijinja::Value::from(minijinja::value::Serde(&ctx)),
            opts.format,
        )?
    };
    Ok(Letter {
        text,
        warnings,
        template: source.origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;
    use crate::domain::deadline::Period;
    use crate::domain::request::{
        Channel, Decision, Extension, Outcome, Person, Pupil, Recipient, Status,
    };

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Received Tuesday 3 March 2026: notice due Tuesday 31 March.
    fn request(kind: Kind) -> Request {
        Request {
            id: "V-2026-0001".into(),
            kind,
            received: d(2026, 3, 3),
            channel: Channel::Email,
            requester: Person::default(),
            pupil: Pupil::default(),
            summary: String::new(),
            identity: None,
            extension: None,
            outcome: None,
            status: Status::InProgress,
            pauses: vec![],
            recipients: vec![],
            recipients_none_on: None,
            notes: vec![],
            letters: Vec::new(),
            notice_due_passed: None,
            version: 1,
        }
    }

    fn fit(kind: LetterKind, r: &Request, today: NaiveDate) -> Fit {
        let t = r.timing(Period::Weeks(4), &Calendar::new([]), today);
        request_fit(kind, r, &t, today)
    }

    fn decide(r: &mut Request, decision: Decision) {
        r.outcome = Some(Outcome {
            decision,
            reason: "x".into(),
            date: d(2026, 3, 20),
        });
        r.status = Status::Decided;
    }

    #[test]
    fn a_new_request_fits_acknowledgement_and_identification_only() {
        let r = request(Kind::Access);
        let today = d(2026, 3, 5);
        let t = r.timing(Period::Weeks(4), &Calendar::new([]), today);
        let choices = request_letters(&r, &t, today);
        let kinds: Vec<_> = choices.iter().map(|c| c.kind.code()).collect();
        assert_eq!(
            kinds,
            [
                "acknowledgement",
                "identification",
                "extension",
                "decision",
                "recipients"
            ]
        );
        let fitting: Vec<_> = choices
            .iter()
            .filter(|c| c.fit.fits())
            .map(|c| c.kind)
            .collect();
        assert_eq!(
            fitting,
            [LetterKind::Acknowledgement, LetterKind::Identification]
        );
        assert_eq!(choices[2].fit, Fit::DoesNotFit(Unfit::NotExtended));
        assert_eq!(choices[3].fit, Fit::DoesNotFit(Unfit::NotDecided));
        assert_eq!(
            choices[4].fit,
            Fit::DoesNotFit(Unfit::NoRecipientNotice(Kind::Access))
        );
    }

    #[test]
    fn extension_warns_once_the_notice_deadline_passed() {
        let mut r = request(Kind::Access);
        r.extension = Some(Extension {
            date: d(2026, 3, 20),
            reason: "complex".into(),
        });
        assert_eq!(
            fit(LetterKind::Extension, &r, d(2026, 3, 31)),
            Fit::Fits,
            "the notice-due day itself is still in time"
        );
        assert_eq!(
            fit(LetterKind::Extension, &r, d(2026, 4, 1)),
            Fit::FitsWithWarning(FitWarning::NoticeDeadlinePassed {
                notice_due: d(2026, 3, 31)
            })
        );
        let w = FitWarning::NoticeDeadlinePassed {
            notice_due: d(2026, 3, 31),
        };
        assert!(w.text(Lang::Nl).contains("dinsdag 31 maart 2026"));
    }

    #[test]
    fn recipients_only_after_a_granted_change_with_recipients() {
        let today = d(2026, 3, 25);
        let mut r = request(Kind::Erasure);
        assert_eq!(
            fit(LetterKind::Recipients, &r, today),
            Fit::DoesNotFit(Unfit::NotDecided)
        );
        decide(&mut r, Decision::Refused);
        assert_eq!(
            fit(LetterKind::Recipients, &r, today),
            Fit::DoesNotFit(Unfit::NotGranted)
        );
        decide(&mut r, Decision::PartlyGranted);
        assert_eq!(
            fit(LetterKind::Recipients, &r, today),
            Fit::DoesNotFit(Unfit::NoRecipients)
        );
        r.recipients.push(Recipient {
            id: 1,
            name: "Schoolfotograaf".into(),
            notified_on: None,
        });
        assert_eq!(fit(LetterKind::Recipients, &r, today), Fit::Fits);
        assert_eq!(fit(LetterKind::Decision, &r, today), Fit::Fits);
        // Breach letters never fit a request.
        assert_eq!(
            fit(LetterKind::Ap, &r, today),
            Fit::DoesNotFit(Unfit::WrongRecord)
        );
    }

    #[test]
    fn subjects_only_with_high_risk_or_informed() {
        let aware = chrono::Utc::now();
        let mut b = Breach::start("D-2026-0001".into(), "Laptop", aware).unwrap();
        let kinds: Vec<_> = breach_letters(&b).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [LetterKind::Subjects, LetterKind::Ap]);
        assert_eq!(breach_fit(LetterKind::Ap, &b), Fit::Fits);
        assert_eq!(
            breach_fit(LetterKind::Subjects, &b),
            Fit::DoesNotFit(Unfit::NoHighRisk)
        );
        b.risk = Some(Risk::Risk);
        assert!(!breach_fit(LetterKind::Subjects, &b).fits());
        b.subjects = Some(SubjectsDecision::Informed);
        assert!(breach_fit(LetterKind::Subjects, &b).fits());
        b.subjects = None;
        b.risk = Some(Risk::High);
        assert!(breach_fit(LetterKind::Subjects, &b).fits());
        assert_eq!(
            breach_fit(LetterKind::Decision, &b),
            Fit::DoesNotFit(Unfit::WrongRecord)
        );
    }

    #[test]
    fn kinds_parse_by_their_codes() {
        for k in LetterKind::ALL {
            assert_eq!(LetterKind::parse(k.code()), Some(k));
        }
        assert_eq!(LetterKind::parse(" Decision "), Some(LetterKind::Decision));
        assert_eq!(LetterKind::parse("memo"), None);
    }
}

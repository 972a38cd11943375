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
pub use sent::SentMark;
pub mod templates;
mod write;

pub use crate::domain::letter::{LetterKind, SentError, SentLetter, Via};
pub use templates::{
    default_templates, list_templates, write_defaults, TemplateInfo, TemplateOrigin,
};
pub use write::write_letter;

use crate::app::Session;
use crate::domain::breach::{Breach, Risk, SubjectsDecision};
use crate::domain::calendar::Calendar;
use crate::domain::request::{Kind, Recipient, Request, Role, Timing};
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
    /// Art. 19: the recipients letter names whose data it is; with no pupil recorded (and a
    /// requester who is not the pupil) nobody knows, and the requester is not the answer.
    NoDataSubject,
    /// Art. 19: every recipient is ticked off as told already.
    AllRecipientsTold,
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
            (Unfit::NoDataSubject, Lang::Nl) => {
                "niet vastgelegd wiens gegevens het zijn: vul eerst de leerling in (w)".into()
            }
            (Unfit::NoDataSubject, Lang::En) => {
                "it is not recorded whose data it is: fill in the pupil first (w in the app)".into()
            }
            (Unfit::AllRecipientsTold, Lang::Nl) => {
                "alle ontvangers zijn al ingelicht (o: vink er een uit om opnieuw te schrijven)"
                    .into()
            }
            (Unfit::AllRecipientsTold, Lang::En) => {
                "every recipient was told already (o: untick one to write again)".into()
            }
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
    /// The request is past the deadline that counts: the acknowledgement says the answer is
    /// late and names a new day instead of promising one in the past.
    AnswerLate { due: NaiveDate },
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
            (FitWarning::AnswerLate { due }, Lang::Nl) => format!(
                "het antwoord is te laat (de termijn liep af op {}): de brief zegt dat en noemt een nieuwe datum",
                date_words(*due, lang, true)
            ),
            (FitWarning::AnswerLate { due }, Lang::En) => format!(
                "the answer is late (the deadline was {}): the letter says so and names a new day",
                date_words(*due, lang, true)
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
        LetterKind::Acknowledgement if r.awaits_answer() && today > timing.operative => {
            Fit::FitsWithWarning(FitWarning::AnswerLate {
                due: timing.operative,
            })
        }
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
            } else if data_subject(r).is_none() {
                Fit::DoesNotFit(Unfit::NoDataSubject)
            } else if recipients_to_tell(r).is_empty() {
                Fit::DoesNotFit(Unfit::AllRecipientsTold)
            } else {
                Fit::Fits
            }
        }
        LetterKind::Subjects | LetterKind::Ap => Fit::DoesNotFit(Unfit::WrongRecord),
    }
}

/// Whose data a request is about, as recorded: the pupil when named, else the requester when
/// they are the pupil. None when nobody recorded it (an e-mail from a parent leaves the pupil
/// empty): a letter to a third party must never guess, and the parent is not the answer.
pub fn data_subject(r: &Request) -> Option<&str> {
    let pupil = r.pupil.name.trim();
    let requester = r.requester.name.trim();
    if !pupil.is_empty() {
        Some(pupil)
    } else if r.requester.role == Some(Role::Pupil) && !requester.is_empty() {
        Some(requester)
    } else {
        None
    }
}

/// The recipients the art. 19 letter goes to: those not yet ticked off as told, in the order
/// they were listed.
pub fn recipients_to_tell(r: &Request) -> Vec<&Recipient> {
    r.recipients
        .iter()
        .filter(|x| x.notified_on.is_none())
        .collect()
}

/// The day a late acknowledgement promises the answer: the legal deadline while it has not
/// passed (only the board's own, shorter one has), else two weeks from today on a working day.
pub fn late_answer_by(timing: &Timing, today: NaiveDate, calendar: &Calendar) -> NaiveDate {
    let d = &timing.deadlines;
    let legal = if timing.extended {
        d.extended_legal_due
    } else {
        d.legal_due
    };
    if today <= legal {
        legal
    } else {
        calendar.roll_forward(crate::domain::deadline::add_weeks(today, 2))
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
    /// The language of the warnings about the letter (the officer's; the letter's is `lang`).
    pub warnings_lang: Lang,
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
    /// The template's name: `nl/decision.txt.j2`.
    pub template_name: String,
    /// The art. 19 letter: the recipients (stored ids) it is addressed to, one letter each.
    pub recipients: Vec<i64>,
}

impl Letter {
    /// Which template made it, as the record keeps it: the built-in's name
    /// (`nl/decision.txt.j2`) or the path of the board's own file.
    pub fn template_record(&self) -> String {
        match &self.template {
            TemplateOrigin::BuiltIn => self.template_name.clone(),
            TemplateOrigin::File(p) => p.display().to_string(),
        }
    }
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
        Fit::FitsWithWarning(w) => warnings.push(w.text(opts.warnings_lang)),
        Fit::Fits => {}
    }
    let ctx = context::for_request(kind, session, r, &timing, opts, &mut warnings)?;
    let addressed: Vec<&Recipient> = if kind == LetterKind::Recipients {
        recipients_to_tell(r)
    } else {
        Vec::new()
    };
    let mut letter = finish(
        kind,
        session,
        ctx,
        opts,
        warnings,
        addressed.iter().map(|x| x.name.as_str()).collect(),
    )?;
    letter.recipients = addressed.iter().map(|x| x.id).collect();
    Ok(letter)
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
    finish(kind, session, ctx, opts, warnings, Vec::new())
}

/// Between the letters to each recipient (a Markdown rule too, after a blank line).
pub const SEPARATOR: &str = "\n----------------------------------------\n\n";

/// Renders the template with `ctx`; the recipients letter once per name in `addressed`.
fn finish(
    kind: LetterKind,
    session: &Session,
    mut ctx: context::Context,
    opts: Options,
    mut warnings: Vec<String>,
    addressed: Vec<&str>,
) -> Result<Letter, LetterError> {
    let source = templates::load(kind, opts.lang, session.config.letter_templates.as_deref())?;
    if source.text.contains("request.summary") {
        // A board's copy of an older default: it still renders, without the request's text.
        warnings.push(match opts.warnings_lang {
            Lang::Nl => format!(
                "{} noemt request.summary, dat altijd leeg is: brieven citeren de tekst van \
                 het verzoek nooit (die is niet voor de lezer geschreven); haal het uit het sjabloon",
                source.display()
            ),
            Lang::En => format!(
                "{} names request.summary, which is always empty: letters never quote the \
                 request's text (it was not written for the reader); remove it from the template",
                source.display()
            ),
        });
    }
    let text = if kind == LetterKind::Recipients {
        // One letter per recipient still to tell (art. 19: each is told), in listed order.
        let mut letters = Vec::new();
        for name in addressed {
            ctx.insert("recipient".into(), serde_json::Value::from(name));
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
        template_name: source.name,
        recipients: Vec::new(),
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
            language: Default::default(),
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
        // A parent asks and no pupil is recorded: nobody knows whose data it is.
        r.requester.name = "K. Bakker".into();
        r.requester.role = Some(Role::Parent);
        assert_eq!(
            fit(LetterKind::Recipients, &r, today),
            Fit::DoesNotFit(Unfit::NoDataSubject)
        );
        assert_eq!(data_subject(&r), None);
        // A pupil asking for their own data is the data subject.
        r.requester.role = Some(Role::Pupil);
        assert_eq!(data_subject(&r), Some("K. Bakker"));
        r.requester.role = Some(Role::Parent);
        r.pupil.name = "Tim Bakker".into();
        assert_eq!(data_subject(&r), Some("Tim Bakker"));
        assert_eq!(fit(LetterKind::Recipients, &r, today), Fit::Fits);
        // Once every recipient is ticked off there is nobody left to write to.
        r.recipients[0].notified_on = Some(today);
        assert_eq!(
            fit(LetterKind::Recipients, &r, today),
            Fit::DoesNotFit(Unfit::AllRecipientsTold)
        );
        r.recipients[0].notified_on = None;
        assert_eq!(fit(LetterKind::Decision, &r, today), Fit::Fits);
        // Breach letters never fit a request.
        assert_eq!(
            fit(LetterKind::Ap, &r, today),
            Fit::DoesNotFit(Unfit::WrongRecord)
        );
    }

    #[test]
    fn an_acknowledgement_after_the_deadline_warns_and_names_a_new_day() {
        let r = request(Kind::Access);
        // Due Tuesday 31 March (four weeks); the legal month ends on Friday 3 April, Good
        // Friday, and rolls past Easter Monday to Tuesday 7 April.
        assert_eq!(
            fit(LetterKind::Acknowledgement, &r, d(2026, 3, 31)),
            Fit::Fits
        );
        let late = fit(LetterKind::Acknowledgement, &r, d(2026, 4, 1));
        assert_eq!(
            late,
            Fit::FitsWithWarning(FitWarning::AnswerLate {
                due: d(2026, 3, 31)
            })
        );
        let cal = Calendar::new([]);
        let answer = |today| {
            let t = r.timing(Period::Weeks(4), &cal, today);
            late_answer_by(&t, today, &cal)
        };
        // Only the board's own deadline passed: the legal one still stands.
        assert_eq!(answer(d(2026, 4, 1)), d(2026, 4, 7));
        assert_eq!(answer(d(2026, 4, 7)), d(2026, 4, 7));
        // Past the legal one too: two weeks on, on a working day (Saturday 25 April rolls
        // past Monday 27 April, King's Day).
        assert_eq!(answer(d(2026, 4, 8)), d(2026, 4, 22));
        assert_eq!(answer(d(2026, 4, 11)), d(2026, 4, 28));
        // A decided request awaits no answer: nothing to warn about.
        let mut done = request(Kind::Access);
        decide(&mut done, Decision::Granted);
        assert_eq!(
            fit(LetterKind::Acknowledgement, &done, d(2026, 4, 1)),
            Fit::Fits
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

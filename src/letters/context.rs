//! What a template sees: the record's fields, the deadlines in words, the board's details from
//! the config. Values the letter cannot do without are checked here, so a letter never goes
//! out with an empty hole: a missing config value or record field is an error naming it, and
//! a fallback that is used is reported as a warning.

use super::{Format, LetterError, LetterKind, Options};
use crate::app::export::breach_sections;
use crate::app::Session;
use crate::config::Organisation;
use crate::domain::breach::Breach;
use crate::domain::request::{Kind, Request, Role, Timing};
use crate::i18n::dates::date_words;
use crate::i18n::{Lang, T};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

/// The values a template sees, by name.
pub(super) type Context = serde_json::Map<String, serde_json::Value>;

fn words(d: NaiveDate, lang: Lang) -> String {
    date_words(d, lang, true)
}

/// A moment in the board's zone: "27 maart 2026 om 16:20", "27 March 2026 at 16:20".
fn moment(t: DateTime<Utc>, session: &Session, lang: Lang) -> String {
    let local = t.with_timezone(&session.config.timezone);
    let at = match lang {
        Lang::Nl => "om",
        Lang::En => "at",
    };
    format!(
        "{} {at} {}",
        date_words(local.date_naive(), lang, false),
        local.format("%H:%M")
    )
}

/// The right asked for, as the letter names it: "inzage in persoonsgegevens".
fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Kind::Access, Lang::Nl) => "inzage in persoonsgegevens",
        (Kind::Rectification, Lang::Nl) => "correctie van persoonsgegevens",
        (Kind::Erasure, Lang::Nl) => "verwijdering van persoonsgegevens",
        (Kind::Restriction, Lang::Nl) => "beperking van de verwerking van persoonsgegevens",
        (Kind::Portability, Lang::Nl) => "overdracht van persoonsgegevens",
        (Kind::Objection, Lang::Nl) => "bezwaar tegen de verwerking van persoonsgegevens",
        (Kind::Other, Lang::Nl) => "informatie over de verwerking van persoonsgegevens",
        (Kind::Access, Lang::En) => "access to personal data",
        (Kind::Rectification, Lang::En) => "rectification of personal data",
        (Kind::Erasure, Lang::En) => "erasure of personal data",
        (Kind::Restriction, Lang::En) => "restriction of the processing of personal data",
        (Kind::Portability, Lang::En) => "the transfer of personal data",
        (Kind::Objection, Lang::En) => "objection to the processing of personal data",
        (Kind::Other, Lang::En) => "information on the processing of personal data",
    }
}

/// The article of the GDPR (AVG) the right comes from; empty for "other".
fn article(kind: Kind, lang: Lang) -> String {
    let n = match kind {
        Kind::Access => 15,
        Kind::Rectification => 16,
        Kind::Erasure => 17,
        Kind::Restriction => 18,
        Kind::Portability => 20,
        Kind::Objection => 21,
        Kind::Other => return String::new(),
    };
    match lang {
        Lang::Nl => format!("artikel {n} AVG"),
        Lang::En => format!("Article {n} GDPR"),
    }
}

/// The board's details every letter to a person needs: the name, a way to reach the officer,
/// and who signs.
fn checked_board(
    session: &Session,
    lang: Lang,
) -> Result<(serde_json::Value, String), LetterError> {
    let org = &session.config.organisation;
    if org.name.trim().is_empty() {
        return Err(LetterError::MissingConfig {
            key: "organisation.name",
            hint: "letters name the school board; set [organisation] name = \"...\" (see avgdesk config-example)",
        });
    }
    if org.email.trim().is_empty() && org.phone.trim().is_empty() {
        return Err(LetterError::MissingConfig {
            key: "organisation.email",
            hint: "letters tell the reader how to reach you; set organisation.email or organisation.phone",
        });
    }
    let signatory = signatory(session, lang).ok_or(LetterError::MissingConfig {
        key: "signatory",
        hint: "letters are signed; set signatory = \"Name, role\" or organisation.contact_name",
    })?;
    Ok((org_json(org, lang), signatory))
}

/// How to reach the board, as a sentence part: "per e-mail via x of telefonisch via y".
fn reach(org: &Organisation, lang: Lang) -> String {
    let (email, phone) = (org.email.trim(), org.phone.trim());
    match (lang, email.is_empty(), phone.is_empty()) {
        (Lang::Nl, false, false) => format!("per e-mail via {email} of telefonisch via {phone}"),
        (Lang::Nl, false, true) => format!("per e-mail via {email}"),
        (Lang::Nl, true, _) => format!("telefonisch via {phone}"),
        (Lang::En, false, false) => format!("by e-mail at {email} or by phone at {phone}"),
        (Lang::En, false, true) => format!("by e-mail at {email}"),
        (Lang::En, true, _) => format!("by phone at {phone}"),
    }
}

fn org_json(org: &Organisation, lang: Lang) -> serde_json::Value {
    json!({
        "reach": reach(org, lang),
        "name": org.name.trim(),
        "contact_name": org.contact_name.trim(),
        "contact_role": org.contact_role.trim(),
        "email": org.email.trim(),
        "phone": org.phone.trim(),
    })
}

/// `signatory`, else the organisation's contact with their role.
fn signatory(session: &Session, _lang: Lang) -> Option<String> {
    let c = &session.config;
    if !c.signatory.is_empty() {
        return Some(c.signatory.clone());
    }
    let name = c.organisation.contact_name.trim();
    let role = c.organisation.contact_role.trim();
    match (name.is_empty(), role.is_empty()) {
        (true, _) => None,
        (false, true) => Some(name.to_string()),
        (false, false) => Some(format!("{name}, {role}")),
    }
}

/// The complaint procedure as the decision letter names it. Without `complaints_url` or
/// `complaints` the letter names "the complaint procedure of <board>" and the officer is told.
fn complaints(session: &Session, lang: Lang, warnings: &mut Vec<String>) -> serde_json::Value {
    let c = &session.config;
    let mut text = c.complaints.clone();
    if c.complaints_url.is_empty() && c.complaints.is_empty() {
        // Said to the officer, in the interface's language (the letter may be in another).
        warnings.push(match c.lang {
            Lang::Nl => "complaints_url staat niet in de configuratie: de brief noemt de \
                         klachtenregeling van het bestuur zonder te zeggen waar die staat"
                .into(),
            Lang::En => "complaints_url is not set in the config: the letter names the board's \
                         complaint procedure without saying where to find it"
                .into(),
        });
        text = match lang {
            Lang::Nl => format!("de klachtenregeling van {}", c.organisation.name.trim()),
            Lang::En => format!("the complaint procedure of {}", c.organisation.name.trim()),
        };
    }
    json!({ "url": c.complaints_url, "text": text })
}

fn common(
    session: &Session,
    opts: Options,
    org: serde_json::Value,
    signatory: String,
    complaints: serde_json::Value,
) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("org".into(), org);
    m.insert("signatory".into(), json!(signatory));
    m.insert("complaints".into(), complaints);
    m.insert(
        "today".into(),
        json!(date_words(session.today(), opts.lang, false)),
    );
    m.insert(
        "lang".into(),
        json!(match opts.lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        }),
    );
    m.insert(
        "format".into(),
        json!(match opts.format {
            Format::Text => "text",
            Format::Markdown => "markdown",
        }),
    );
    m
}

/// The context of a request letter. The recipients letter has one `recipient` per rendering;
/// the caller loops ([`super::render_request`] gets them all in `request.recipients`).
pub(super) fn for_request(
    kind: LetterKind,
    session: &Session,
    r: &Request,
    timing: &Timing,
    opts: Options,
    warnings: &mut Vec<String>,
) -> Result<Context, LetterError> {
    let lang = opts.lang;
    let (org, signatory) = checked_board(session, lang)?;
    let complaints = complaints_for(kind, session, lang, warnings);
    let mut m = common(session, opts, org, signatory, complaints);
    let d = &timing.deadlines;
    let outcome = r.outcome.as_ref();
    let open_pause = r.open_pause();
    let today = session.today();
    let overdue = r.awaits_answer() && today > timing.operative;
    let answer_by = if overdue {
        super::late_answer_by(timing, today, session.calendar())
    } else {
        timing.operative
    };
    let request = json!({
        "id": r.id,
        "kind": r.kind.code(),
        "kind_label": kind_label(r.kind, lang),
        "article": article(r.kind, lang),
        "received": date_words(r.received, lang, false),
        "channel": r.channel.label(lang),
        "requester": {
            "name": r.requester.name.trim(),
            "role": r.requester.role.map(|x| x.code()).unwrap_or(""),
            "contact": r.requester.contact.trim(),
        },
        "pupil": {
            "name": r.pupil.name.trim(),
            "school": r.pupil.school.trim(),
            "class": r.pupil.class.trim(),
        },
        // The request concerns a pupil other than the requester (a parent for a child).
        "about_pupil": !r.pupil.name.trim().is_empty()
            && r.requester.role != Some(Role::Pupil),
        // Always empty: the summary is the request's own text (often the whole e-mail) and
        // no letter quotes what was not written for its reader. Kept so that a board's copy
        // of an older template still renders (it is warned about).
        "summary": "",
        // Whose data it is, as recorded: the pupil, or the requester who is the pupil; empty
        // when nobody recorded it (the art. 19 letter is then not offered).
        "subject_name": super::data_subject(r).unwrap_or(""),
        "due": words(timing.operative, lang),
        // Past the deadline that counts: the acknowledgement says the answer is late and
        // names `answer_by` instead of promising a day in the past.
        "overdue": overdue,
        "answer_by": words(answer_by, lang),
        "legal_due": words(d.legal_due, lang),
        "policy_due": words(d.policy_due, lang),
        "notice_due": words(d.notice_due, lang),
        "extended": timing.extended,
        "extended_due": words(d.extended_due, lang),
        "extension_date": r.extension.as_ref().map(|e| date_words(e.date, lang, false)).unwrap_or_default(),
        "extension_reason": r.extension.as_ref().map(|e| e.reason.trim().to_string()).unwrap_or_default(),
        "identity_checked": r.identity.is_some(),
        "paused": open_pause.is_some(),
        "pause_from": open_pause.map(|p| date_words(p.from, lang, false)).unwrap_or_default(),
        "decision": outcome.map(|o| o.decision.code()).unwrap_or(""),
        "decision_label": outcome.map(|o| o.decision.label(lang)).unwrap_or(""),
        "decision_reason": outcome.map(|o| o.reason.trim().to_string()).unwrap_or_default(),
        "decision_date": outcome.map(|o| date_words(o.date, lang, false)).unwrap_or_default(),
        "recipients": r.recipients.iter().map(|x| x.name.clone()).collect::<Vec<_>>(),
    });
    m.insert("request".into(), request);
    if kind == LetterKind::Recipients {
        // Filled per recipient by the caller; present so the template's names check out.
        m.insert("recipient".into(), json!(""));
    }
    Ok(m)
}

fn complaints_for(
    kind: LetterKind,
    session: &Session,
    lang: Lang,
    warnings: &mut Vec<String>,
) -> serde_json::Value {
    // Only the decision names the complaint procedure; the others get it without a warning.
    if kind == LetterKind::Decision {
        complaints(session, lang, warnings)
    } else {
        complaints(session, lang, &mut Vec::new())
    }
}

/// The context of a breach letter: `breach` for the art. 34 letter, `header` and `sections`
/// (the AP form's order) for the AP text.
pub(super) fn for_breach(
    kind: LetterKind,
    session: &Session,
    b: &Breach,
    opts: Options,
    warnings: &mut Vec<String>,
) -> Result<Context, LetterError> {
    let lang = opts.lang;
    let org_cfg = &session.config.organisation;
    let (org, signatory) = if kind == LetterKind::Ap {
        // The AP text is copied into the meldloket by the officer: an empty organisation block
        // is a warning (section 1 shows dashes), not a refusal.
        if org_cfg == &Organisation::default()
            || (org_cfg.name.trim().is_empty() && org_cfg.email.trim().is_empty())
        {
            warnings.push(match session.config.lang {
                Lang::Nl => "het blok [organisation] in de configuratie is leeg: deel 1 van \
                             het AP-formulier (organisatie en contactpersoon) toont streepjes"
                    .into(),
                Lang::En => "the [organisation] block in the config is empty: section 1 of \
                             the AP form (organisation and contact) shows dashes"
                    .into(),
            });
        }
        (
            org_json(org_cfg, lang),
            signatory(session, lang).unwrap_or_default(),
        )
    } else {
        let board = checked_board(session, lang)?;
        if org_cfg.contact_name.trim().is_empty() {
            return Err(LetterError::MissingConfig {
                key: "organisation.contact_name",
                hint: "the letter to data subjects names the contact point (the FG) (GDPR art. 34(2)); set organisation.contact_name",
            });
        }
        board
    };
    let complaints = complaints(session, lang, &mut Vec::new());
    let mut m = common(session, opts, org, signatory, complaints);
    let view = session.breach_view(b);
    if kind == LetterKind::Subjects {
        let mut missing = Vec::new();
        if b.description.trim().is_empty() {
            missing.push("description");
        }
        if b.consequences.trim().is_empty() {
            missing.push("consequences");
        }
        if b.measures_taken.trim().is_empty() && b.measures_planned.trim().is_empty() {
            missing.push("measures taken or planned");
        }
        if !missing.is_empty() {
            return Err(LetterError::RecordIncomplete {
                id: b.id.clone(),
                kind: kind.code(),
                missing,
                hint: "art. 34(2) asks for them; complete the record (w in the app, or avgdesk breach update ID --description T --consequences T --measures-taken T)",
            });
        }
    }
    let labels = |v: Vec<&'static str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    let breach = json!({
        "id": b.id,
        "title": b.title,
        "aware_at": moment(b.aware_at, session, lang),
        "occurred_at": b.occurred_at.map(|t| moment(t, session, lang)).unwrap_or_default(),
        "description": b.description.trim(),
        "cause": b.cause.trim(),
        "nature": labels(b.nature.iter().map(|n| n.label(lang)).collect()),
        "categories": labels(b.categories.iter().map(|c| c.label(lang)).collect()),
        "groups": labels(b.groups.iter().map(|g| g.label(lang)).collect()),
        "people": b.people.text(),
        "consequences": b.consequences.trim(),
        "severity": b.severity.trim(),
        "measures_taken": b.measures_taken.trim(),
        "measures_planned": b.measures_planned.trim(),
        "ongoing": b.ongoing,
        "notified_ap": b.notification.is_some(),
        "ap_reference": b.notification.as_ref().map(|n| n.reference.clone()).unwrap_or_default(),
    });
    m.insert("breach".into(), breach);
    let mut sections = breach_sections(&view, org_cfg, lang);
    if !opts.with_log {
        // The call log is for the register, not for the AP (section 15).
        sections.retain(|s| s.number != 15);
    }
    for s in &mut sections {
        for l in &mut s.lines {
            l.value = l.value.trim_end().replace('\n', "\n      ");
        }
    }
    m.insert(
        "header".into(),
        json!(format!("{} {} – {}", T::ap_header.get(lang), b.id, b.title)),
    );
    m.insert(
        "sections".into(),
        serde_json::to_value(&sections).unwrap_or_default(),
    );
    Ok(m)
}

//! The breach forms: starting one during a call, completing the record in the AP form's order,
//! and the assessment and notification decisions.

use super::form::{options, Field, Form};
use crate::app::{AppError, Session};
use crate::domain::breach::{
    Breach, BreachError, Category, FollowUpKind, Group, Nature, Range, Risk, SubjectsDecision,
};
use crate::domain::dates::parse_datetime;
use crate::i18n::{Lang, T};
use crate::store::StoreError;
use chrono::{DateTime, Utc};

pub enum BreachPurpose {
    /// Starts a breach now, during the call.
    Start,
    /// Completes the record; keeps the version it started from to detect someone else's save.
    Edit(Box<Breach>),
    Assess(String),
    NotifyAp(String),
    NoNotify(String),
    Subjects(String),
    FollowUp(String),
    Close(String),
}

impl BreachPurpose {
    pub fn id(&self) -> Option<&str> {
        match self {
            BreachPurpose::Start => None,
            BreachPurpose::Edit(b) => Some(&b.id),
            BreachPurpose::Assess(id)
            | BreachPurpose::NotifyAp(id)
            | BreachPurpose::NoNotify(id)
            | BreachPurpose::Subjects(id)
            | BreachPurpose::FollowUp(id)
            | BreachPurpose::Close(id) => Some(id),
        }
    }
}

/// The rule that will refuse `purpose` on this breach whatever is typed, if any.
pub fn refusal(purpose: &BreachPurpose, b: &Breach) -> Option<BreachError> {
    let edits = matches!(purpose, BreachPurpose::Start);
    if !edits && !b.is_open() {
        return Some(BreachError::Closed);
    }
    match (purpose, &b.notification) {
        (BreachPurpose::NotifyAp(_), Some(n)) => Some(BreachError::NotifiedTwice {
            reference: n.reference.clone(),
        }),
        (BreachPurpose::NoNotify(_), Some(n)) => Some(BreachError::AlreadyNotified {
            reference: n.reference.clone(),
        }),
        (BreachPurpose::NoNotify(_), None) if b.risk.is_none() => Some(BreachError::NotAssessed),
        // A breach with risk must be notified (art. 33(1)): refused before any reasoning is typed.
        (BreachPurpose::NoNotify(_), None) => b.clone().decide_not_to_notify("-").err(),
        (BreachPurpose::FollowUp(_), None) => Some(BreachError::NotNotified),
        // Closing is refused before the question is asked, not after the officer said yes.
        (BreachPurpose::Close(_), _) => b.clone().close().err(),
        _ => None,
    }
}

fn yes_no_options(lang: Lang) -> Vec<(&'static str, String)> {
    vec![
        ("", T::unknown.get(lang).to_string()),
        ("yes", T::yes.get(lang).to_string()),
        ("no", T::no.get(lang).to_string()),
    ]
}

fn local_text(t: Option<DateTime<Utc>>, tz: chrono_tz::Tz, lang: Lang) -> String {
    t.map(|t| crate::i18n::dates::datetime(t, tz, lang))
        .unwrap_or_default()
}

fn codes_of<X: Copy>(items: &[X], code: fn(X) -> &'static str) -> Vec<&'static str> {
    items.iter().map(|&i| code(i)).collect()
}

/// The record's fields in the order the AP's notification form asks them.
fn record_fields(b: &Breach, tz: chrono_tz::Tz, lang: Lang) -> Vec<Field> {
    let yn = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    vec![
        Field::text("title", T::ap_title, &b.title),
        Field::text(
            "occurred",
            T::ap_occurred,
            &local_text(b.occurred_at, tz, lang),
        )
        .with_hint(T::hint_datetime_unknown),
        Field::text(
            "discovered",
            T::ap_discovered,
            &local_text(b.discovered_at, tz, lang),
        )
        .with_hint(T::hint_datetime_unknown),
        Field::text("aware", T::f_aware, &local_text(Some(b.aware_at), tz, lang))
            .with_hint(T::hint_datetime),
        Field::choice(
            "ongoing",
            T::ap_ongoing,
            yes_no_options(lang),
            yn(b.ongoing),
        ),
        Field::multi("description", T::ap_what, &b.description, 3),
        Field::multi("cause", T::ap_cause, &b.cause, 2),
        Field::set(
            "nature",
            T::ap_nature,
            options(Nature::ALL, Nature::code, Nature::label, lang),
            &codes_of(&b.nature, Nature::code),
            2,
        ),
        Field::set(
            "categories",
            T::ap_categories,
            options(Category::ALL, Category::code, Category::label, lang),
            &codes_of(&b.categories, Category::code),
            4,
        ),
        Field::text("records", T::ap_records, &b.records.text()).with_hint(T::hint_range),
        Field::text("people", T::ap_people, &b.people.text()).with_hint(T::hint_range),
        Field::set(
            "groups",
            T::ap_groups,
            options(Group::ALL, Group::code, Group::label, lang),
            &codes_of(&b.groups, Group::code),
            1,
        ),
        Field::choice(
            "encrypted",
            T::ap_encrypted,
            yes_no_options(lang),
            yn(b.encrypted),
        ),
        Field::text("protection", T::ap_how, &b.protection),
        Field::multi("consequences", T::ap_consequences, &b.consequences, 2),
        Field::text("severity", T::ap_severity, &b.severity),
        Field::multi("measures_taken", T::ap_taken, &b.measures_taken, 2),
        Field::multi("measures_planned", T::ap_planned, &b.measures_planned, 2),
        Field::text("processor", T::ap_processor, &b.processor),
        Field::text(
            "processor_told",
            T::ap_processor_told,
            &local_text(b.processor_told_at, tz, lang),
        )
        .with_hint(T::hint_datetime_unknown),
        Field::text("cross_border", T::ap_cross_border, &b.cross_border),
    ]
}

pub fn build(purpose: &BreachPurpose, session: &Session, lang: Lang) -> Form {
    let tz = session.config.timezone;
    // Forms about a recorded decision open with what was saved, so saving again keeps it.
    let saved = purpose.id().and_then(|id| session.breach(id).ok());
    let now_text = local_text(Some(session.now()), tz, lang);
    let with_info = |mut form: Form, info: Vec<String>| {
        form.info = info;
        form
    };
    match purpose {
        BreachPurpose::Start => with_info(
            Form::new(
                T::form_breach_start,
                vec![Field::text("title", T::ap_title, "")],
            ),
            vec![format!("{} {now_text}", T::breach_aware_now.get(lang))],
        ),
        BreachPurpose::Edit(b) => with_info(
            Form::new(T::form_breach_edit, record_fields(b, tz, lang)),
            vec![b.id.clone()],
        ),
        BreachPurpose::Assess(id) => with_info(
            Form::new(
                T::form_breach_assess,
                vec![
                    Field::choice(
                        "risk",
                        T::ap_risk,
                        options(Risk::ALL, Risk::code, Risk::label, lang),
                        saved
                            .as_ref()
                            .and_then(|b| b.risk)
                            .unwrap_or(Risk::Risk)
                            .code(),
                    )
                    .with_hint(T::hint_choice),
                    Field::multi(
                        "reason",
                        T::ap_reasoning,
                        saved.as_ref().map(|b| b.risk_reason.as_str()).unwrap_or(""),
                        3,
                    ),
                ],
            ),
            vec![id.clone()],
        ),
        BreachPurpose::NotifyAp(id) => {
            let due = session
                .breach(id)
                .map(|b| local_text(Some(session.breach_clock(&b).due), tz, lang))
                .unwrap_or_default();
            with_info(
                Form::new(
                    T::form_breach_notify,
                    vec![
                        Field::text("at", T::ap_notified_at, &now_text)
                            .with_hint(T::hint_datetime)
                            .prefilled(),
                        Field::text("reference", T::ap_reference, ""),
                        Field::multi("delay_reason", T::ap_delay_reason, "", 2),
                    ],
                ),
                vec![format!("{id}: {} {due}", T::ap_deadline.get(lang))],
            )
        }
        BreachPurpose::NoNotify(id) => with_info(
            Form::new(
                T::form_breach_no_notify,
                vec![Field::multi("reason", T::ap_no_notify_reason, "", 4)],
            ),
            vec![id.clone()],
        ),
        BreachPurpose::Subjects(id) => with_info(
            Form::new(
                T::form_breach_subjects,
                vec![
                    Field::choice(
                        "decision",
                        T::f_decision,
                        options(
                            SubjectsDecision::ALL,
                            SubjectsDecision::code,
                            SubjectsDecision::label,
                            lang,
                        ),
                        saved
                            .as_ref()
                            .and_then(|b| b.subjects)
                            .unwrap_or(SubjectsDecision::Informed)
                            .code(),
                    )
                    .with_hint(T::hint_choice),
                    Field::multi(
                        "reason",
                        T::ap_reasoning,
                        saved
                            .as_ref()
                            .map(|b| b.subjects_reason.as_str())
                            .unwrap_or(""),
                        2,
                    ),
                    Field::text(
                        "public",
                        T::ap_public,
                        saved
                            .as_ref()
                            .map(|b| b.public_communication.as_str())
                            .unwrap_or(""),
                    ),
                    Field::text(
                        "informed_at",
                        T::ap_informed_at,
                        &saved
                            .as_ref()
                            .and_then(|b| b.subjects_informed_at)
                            .map(|t| local_text(Some(t), tz, lang))
                            .unwrap_or_else(|| now_text.clone()),
                    )
                    .with_hint(T::hint_datetime_unknown)
                    .prefilled(),
                ],
            ),
            vec![id.clone()],
        ),
        BreachPurpose::FollowUp(id) => with_info(
            Form::new(
                T::form_breach_followup,
                vec![
                    Field::choice(
                        "kind",
                        T::f_kind,
                        options(
                            FollowUpKind::ALL,
                            FollowUpKind::code,
                            FollowUpKind::label,
                            lang,
                        ),
                        FollowUpKind::Supplement.code(),
                    ),
                    Field::multi("text", T::f_note, "", 3),
                ],
            ),
            vec![id.clone()],
        ),
        BreachPurpose::Close(id) => with_info(
            Form::new(T::form_breach_close, vec![]),
            vec![format!("{id}: {}", T::confirm_close.get(lang))],
        ),
    }
}

/// Reads a date-and-time field; empty means unknown (or `None` when `required`).
fn time_field(
    form: &mut Form,
    key: &str,
    tz: chrono_tz::Tz,
    required: bool,
    lang: Lang,
) -> Option<Option<DateTime<Utc>>> {
    let text = form.value(key);
    if text.is_empty() {
        if required {
            form.set_error(key, T::err_required.get(lang).into());
            return None;
        }
        return Some(None);
    }
    match parse_datetime(&text, tz) {
        Ok(t) => {
            // An hour that happens twice (October) was read as summer time: say so.
            if let Some(a) = &t.assumption {
                let label = form.field(key).map(|f| f.label.get(lang)).unwrap_or(key);
                let notice = format!("{label}: {}", crate::i18n::assumption_notice(a, lang));
                form.notices.push(notice);
            }
            Some(Some(t.at))
        }
        Err(e) => {
            form.set_error(key, crate::i18n::time_error(&e, lang));
            None
        }
    }
}

fn range_field(form: &mut Form, key: &str, lang: Lang) -> Option<Range> {
    let text = form.value(key);
    let r = Range::parse(&text);
    if r.is_none() {
        form.set_error(key, format!("{text:?} {}", T::err_range.get(lang)));
    }
    r
}

/// Applies the edit form's values to a copy of `before`; every bad field is marked.
fn edited(form: &mut Form, before: &Breach, tz: chrono_tz::Tz, lang: Lang) -> Option<Breach> {
    let mut b = before.clone();
    let occurred = time_field(form, "occurred", tz, false, lang);
    let discovered = time_field(form, "discovered", tz, false, lang);
    let aware = time_field(form, "aware", tz, true, lang);
    let told = time_field(form, "processor_told", tz, false, lang);
    let records = range_field(form, "records", lang);
    let people = range_field(form, "people", lang);
    let title = form.value("title");
    if title.is_empty() {
        form.set_error("title", T::err_required.get(lang).into());
    }
    let (
        Some(occurred),
        Some(discovered),
        Some(Some(aware)),
        Some(told),
        Some(records),
        Some(people),
    ) = (occurred, discovered, aware, told, records, people)
    else {
        return None;
    };
    if title.is_empty() {
        return None;
    }
    let codes = |key: &str| form.value(key);
    b.title = title;
    b.occurred_at = occurred;
    b.discovered_at = discovered;
    b.aware_at = aware;
    b.ongoing = match form.value("ongoing").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    b.description = form.value("description");
    b.cause = form.value("cause");
    b.nature =
        crate::domain::breach::parse_codes(&codes("nature"), Nature::parse).unwrap_or_default();
    b.categories = crate::domain::breach::parse_codes(&codes("categories"), Category::parse)
        .unwrap_or_default();
    b.records = records;
    b.people = people;
    b.groups =
        crate::domain::breach::parse_codes(&codes("groups"), Group::parse).unwrap_or_default();
    b.encrypted = match form.value("encrypted").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    b.protection = form.value("protection");
    b.consequences = form.value("consequences");
    b.severity = form.value("severity");
    b.measures_taken = form.value("measures_taken");
    b.measures_planned = form.value("measures_planned");
    b.processor = form.value("processor");
    b.processor_told_at = told;
    b.cross_border = form.value("cross_border");
    Some(b)
}

/// The form field a breach rule error is about.
fn field_key(e: &BreachError) -> &'static str {
    match e.field().unwrap_or("") {
        "reason" => "reason",
        "reference" => "reference",
        "informed at" => "informed_at",
        "public communication" => "public",
        "title" => "title",
        "at" => "at",
        "decision" => "decision",
        "text" => "text",
        "delay reason" => "delay_reason",
        "aware" => "aware",
        "occurred" => "occurred",
        "discovered" => "discovered",
        "processor told" => "processor_told",
        "description" => "description",
        "cause" => "cause",
        "protection" => "protection",
        "consequences" => "consequences",
        "severity" => "severity",
        "measures taken" => "measures_taken",
        "measures planned" => "measures_planned",
        "processor" => "processor",
        "cross border" => "cross_border",
        _ => "",
    }
}

fn show_error(form: &mut Form, err: AppError, tz: chrono_tz::Tz, lang: Lang) {
    match err {
        AppError::Store(StoreError::Breach(e)) => {
            let key = field_key(&e);
            form.set_error(key, crate::i18n::breach_error(&e, lang, tz));
        }
        AppError::Store(StoreError::Conflict { changes, .. }) => form.show_conflict(changes, lang),
        other => form.errors.push(crate::i18n::app_error(&other, lang)),
    }
}

/// Checks and saves; on success the breach id and a message, else the form shows why.
pub fn submit(
    purpose: &mut BreachPurpose,
    form: &mut Form,
    session: &mut Session,
    lang: Lang,
) -> Option<(String, T)> {
    form.clear_errors();
    let tz = session.config.timezone;
    let result = match purpose {
        BreachPurpose::Start => session
            .start_breach(&form.value("title"), None)
            .map(|b| (b.id, T::msg_added)),
        BreachPurpose::Edit(before) => {
            let after = edited(form, before, tz, lang);
            match after {
                None => Err(AppError::Invalid(vec![])),
                Some(after) => match session.save_breach_edit(before, &after) {
                    Ok(b) => Ok((b.id, T::msg_saved)),
                    Err(AppError::Store(StoreError::Conflict { id, changes })) => {
                        if let Ok(current) = session.breach(&id) {
                            form.rebase(record_fields(&current, tz, lang));
                            **before = current;
                        }
                        Err(AppError::Store(StoreError::Conflict { id, changes }))
                    }
                    Err(e) => Err(e),
                },
            }
        }
        BreachPurpose::Assess(id) => {
            let risk = Risk::parse(&form.value("risk")).unwrap_or(Risk::Risk);
            session
                .assess_breach(id, risk, &form.value("reason"))
                .map(|b| (b.id, T::msg_saved))
        }
        BreachPurpose::NotifyAp(id) => match time_field(form, "at", tz, true, lang) {
            Some(Some(at)) => session
                .notify_ap(
                    id,
                    at,
                    &form.value("reference"),
                    &form.value("delay_reason"),
                )
                .map(|b| (b.id, T::msg_saved)),
            _ => Err(AppError::Invalid(vec![])),
        },
        BreachPurpose::NoNotify(id) => session
            .no_notify(id, &form.value("reason"))
            .map(|b| (b.id, T::msg_saved)),
        BreachPurpose::Subjects(id) => {
            let decision = SubjectsDecision::parse(&form.value("decision"))
                .unwrap_or(SubjectsDecision::Informed);
            match time_field(form, "informed_at", tz, false, lang) {
                Some(at) => {
                    // A time only means something when they were informed.
                    let at = if decision == SubjectsDecision::Informed {
                        at
                    } else {
                        None
                    };
                    session
                        .breach_subjects(
                            id,
                            decision,
                            &form.value("reason"),
                            &form.value("public"),
                            at,
                        )
                        .map(|b| (b.id, T::msg_saved))
                }
                None => Err(AppError::Invalid(vec![])),
            }
        }
        BreachPurpose::FollowUp(id) => {
            let kind = FollowUpKind::parse(&form.value("kind")).unwrap_or(FollowUpKind::Supplement);
            session
                .breach_followup(id, kind, &form.value("text"))
                .map(|b| (b.id, T::msg_followup_added))
        }
        BreachPurpose::Close(id) => session.close_breach(id).map(|b| (b.id, T::msg_closed)),
    };
    match result {
        Ok(done) => Some(done),
        Err(AppError::Invalid(v)) if v.is_empty() => {
            form.focus_first_error();
            None
        }
        Err(e) => {
            show_error(form, e, tz, lang);
            form.focus_first_error();
            None
        }
    }
}

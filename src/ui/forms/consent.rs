//! The consent forms: the grid's filter, and recording one answer with sensible defaults.

use super::form::{Field, Form};
use crate::app::{AppError, ConsentInput, Session};
use crate::domain::consent::{AnsweredBy, ConsentState, ConsentValue, Method, Pupil, Purpose};
use crate::domain::dates::read_date;
use crate::i18n::{Lang, T};
use crate::store::PupilFilter;
use crate::ui::panes::consent::state_label;

pub enum ConsentPurpose {
    Filter,
    Set { pupil: Box<Pupil>, purpose: Purpose },
}

/// The state filter's choices: "not given" answers the teacher's usual question.
const NOT_GIVEN: &str = "not_given";

fn all_option(lang: Lang) -> (String, String) {
    (String::new(), T::filter_all.get(lang).to_string())
}

/// "All" followed by the stored values, each its own code.
fn owned_options(values: Vec<String>, lang: Lang) -> Vec<(String, String)> {
    let mut out = vec![all_option(lang)];
    out.extend(values.into_iter().map(|v| (v.clone(), v)));
    out
}

pub fn build(
    purpose: &ConsentPurpose,
    session: &Session,
    current: &PupilFilter,
    lang: Lang,
) -> Form {
    match purpose {
        ConsentPurpose::Filter => {
            let schools = session.store.schools().unwrap_or_default();
            let classes = session
                .store
                .classes(current.school.as_deref())
                .unwrap_or_default();
            let mut purposes = vec![all_option(lang)];
            purposes.extend(session.purposes().iter().map(|p| {
                (
                    p.key.clone(),
                    if lang == Lang::Nl {
                        p.nl.clone()
                    } else {
                        p.en.clone()
                    },
                )
            }));
            let mut states = vec![
                all_option(lang),
                (
                    NOT_GIVEN.to_string(),
                    T::state_not_given.get(lang).to_string(),
                ),
            ];
            states.extend(
                [
                    ConsentState::Given,
                    ConsentState::Refused,
                    ConsentState::Withdrawn,
                    ConsentState::NotAsked,
                ]
                .iter()
                .map(|s| (s.code().to_string(), state_label(*s, lang).to_string())),
            );
            let state_now = match current.states.as_slice() {
                [] => "",
                [ConsentState::Given] => "given",
                [ConsentState::Refused] => "refused",
                [ConsentState::Withdrawn] => "withdrawn",
                [ConsentState::NotAsked] => "not_asked",
                _ => NOT_GIVEN,
            };
            let mut form = Form::new(
                T::form_consent_filter,
                vec![
                    Field::choice(
                        "school",
                        T::f_school,
                        owned_options(schools, lang),
                        current.school.as_deref().unwrap_or(""),
                    ),
                    Field::choice(
                        "class",
                        T::f_class,
                        owned_options(classes, lang),
                        current.class.as_deref().unwrap_or(""),
                    ),
                    Field::choice(
                        "purpose",
                        T::f_purpose,
                        purposes,
                        current.purpose.as_deref().unwrap_or(""),
                    ),
                    Field::choice("state", T::f_state, states, state_now),
                    Field::text("search", T::f_search, &current.search),
                ],
            );
            form.info = vec![T::consent_filter_hint.get(lang).into()];
            form.save_label = T::key_apply;
            form
        }
        ConsentPurpose::Set { pupil, purpose } => {
            let today = session.today();
            // From 16 the pupil answers; below, a parent.
            let role = match pupil.age_on(today) {
                Some(age) if age >= 16 => AnsweredBy::Pupil,
                _ => AnsweredBy::Parent,
            };
            // The person who answered last time is the likeliest to answer now.
            let last = session.consent_history(&pupil.number).ok().and_then(|h| {
                h.into_iter()
                    .filter(|e| e.role == role)
                    .max_by_key(|e| (e.recorded_at, e.id))
            });
            let by = match (&last, role) {
                (Some(e), _) => e.given_by.clone(),
                (None, AnsweredBy::Pupil) => pupil.full_name(),
                (None, AnsweredBy::Parent) => String::new(),
            };
            // The likely change: a given answer is withdrawn, anything else is answered yes.
            let now_given = last_for_purpose(session, &pupil.number, &purpose.key)
                .is_some_and(|v| v == ConsentValue::Given);
            let default_value = if now_given {
                ConsentValue::Withdrawn
            } else {
                ConsentValue::Given
            };
            let label = if lang == Lang::Nl {
                &purpose.nl
            } else {
                &purpose.en
            };
            let opt = |v: ConsentValue| (v.code(), state_label(v.into(), lang).to_string());
            let mut form = Form::new(
                T::form_consent_set,
                vec![
                    Field::choice(
                        "value",
                        T::f_value,
                        vec![
                            opt(ConsentValue::Given),
                            opt(ConsentValue::Refused),
                            opt(ConsentValue::Withdrawn),
                        ],
                        default_value.code(),
                    )
                    .with_hint(T::hint_choice),
                    // A suggestion: typing a name replaces it (never "ouder van ÖmerFatma").
                    Field::text("by", by_label(default_value), &by).prefilled(),
                    Field::choice(
                        "role",
                        T::f_role,
                        AnsweredBy::ALL
                            .iter()
                            .map(|r| (r.code(), T::answered_by(*r).get(lang).to_string()))
                            .collect(),
                        role.code(),
                    ),
                    Field::choice(
                        "method",
                        T::f_method,
                        Method::ALL
                            .iter()
                            .map(|m| (m.code(), T::method(*m).get(lang).to_string()))
                            .collect(),
                        Method::Email.code(),
                    ),
                    Field::text(
                        "date",
                        T::f_effective,
                        &crate::i18n::dates::date(today, lang),
                    )
                    .with_hint(T::hint_date)
                    .prefilled(),
                    Field::text("version", T::form_version, &purpose.form_version).prefilled(),
                ],
            );
            form.info = vec![format!("{} ({}) – {label}", pupil.full_name(), pupil.class)];
            form
        }
    }
}

/// Who passed the answer on, in words that fit the answer: a withdrawal is not "given".
fn by_label(value: ConsentValue) -> T {
    match value {
        ConsentValue::Given => T::f_given_by,
        ConsentValue::Refused => T::f_refused_by,
        ConsentValue::Withdrawn => T::f_withdrawn_by,
    }
}

/// After a key in a consent form: the class list follows the chosen school, and the "by"
/// label follows the chosen answer.
pub fn refresh(purpose: &ConsentPurpose, form: &mut Form, session: &Session, lang: Lang) {
    match purpose {
        ConsentPurpose::Filter => {
            let school = form.value("school");
            let Some(field) = form.field_mut("class") else {
                return;
            };
            let chosen = field.value();
            let classes = session
                .store
                .classes((!school.is_empty()).then_some(school.as_str()))
                .unwrap_or_default();
            let options = owned_options(classes, lang);
            if let super::form::Input::Choice {
                options: now,
                index,
            } = &mut field.input
            {
                if *now != options {
                    // Keep the chosen class when the new school has it, else "all".
                    *index = options.iter().position(|(c, _)| *c == chosen).unwrap_or(0);
                    *now = options;
                }
            }
        }
        ConsentPurpose::Set { .. } => {
            let value = ConsentValue::parse(&form.value("value")).unwrap_or(ConsentValue::Given);
            if let Some(field) = form.field_mut("by") {
                field.label = by_label(value);
            }
        }
    }
}

/// The answer in effect today for one pupil and purpose, if any.
fn last_for_purpose(session: &Session, number: &str, purpose: &str) -> Option<ConsentValue> {
    let history = session.consent_history(number).ok()?;
    crate::domain::consent::current(
        history.iter().filter(|e| e.purpose == purpose),
        session.today(),
    )
    .map(|e| e.value)
}

/// Applies the form. For the filter returns the new filter; for an answer saves it.
pub enum Outcome {
    Filter(PupilFilter),
    Saved(String),
}

pub fn submit(
    purpose: &ConsentPurpose,
    form: &mut Form,
    session: &mut Session,
    lang: Lang,
) -> Option<Outcome> {
    form.clear_errors();
    match purpose {
        ConsentPurpose::Filter => {
            let some = |v: String| (!v.is_empty()).then_some(v);
            let purpose = some(form.value("purpose"));
            let states = match form.value("state").as_str() {
                "" => vec![],
                NOT_GIVEN => vec![
                    ConsentState::Refused,
                    ConsentState::Withdrawn,
                    ConsentState::NotAsked,
                ],
                other => ConsentState::parse(other).into_iter().collect(),
            };
            if purpose.is_none() && !states.is_empty() {
                form.set_error("purpose", T::err_state_needs_purpose.get(lang).into());
                form.focus_first_error();
                return None;
            }
            Some(Outcome::Filter(PupilFilter {
                school: some(form.value("school")),
                class: some(form.value("class")),
                search: form.value("search"),
                purpose,
                states,
                include_left: false,
            }))
        }
        ConsentPurpose::Set { pupil, purpose } => {
            let date_text = form.value("date");
            let effective = if date_text.is_empty() {
                None
            } else {
                match read_date(&date_text) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        form.set_error("date", crate::i18n::date_error(&e, lang));
                        form.focus_first_error();
                        return None;
                    }
                }
            };
            let version = form.value("version");
            let input = ConsentInput {
                pupil: pupil.number.clone(),
                purpose: purpose.key.clone(),
                value: ConsentValue::parse(&form.value("value")).unwrap_or(ConsentValue::Withdrawn),
                given_by: form.value("by"),
                role: AnsweredBy::parse(&form.value("role")).unwrap_or(AnsweredBy::Parent),
                method: Method::parse(&form.value("method")).unwrap_or(Method::Form),
                effective,
                form_version: (!version.is_empty()).then_some(version),
            };
            match session.set_consent(input) {
                Ok(_) => Some(Outcome::Saved(pupil.full_name())),
                Err(AppError::Invalid(errors)) => {
                    for e in errors {
                        let key = match e.field() {
                            Some("given by") => "by",
                            Some("form version") => "version",
                            _ => "",
                        };
                        form.set_error(key, crate::i18n::rule_error(&e, lang));
                    }
                    form.focus_first_error();
                    None
                }
                Err(
                    AppError::Consent(e) | AppError::Store(crate::store::StoreError::Consent(e)),
                ) => {
                    // On the field it is about, so the cursor goes there.
                    let key = match e.field() {
                        Some("role") => "role",
                        Some("effective") => "date",
                        _ => "",
                    };
                    form.set_error(key, crate::i18n::consent_error(&e, lang));
                    form.focus_first_error();
                    None
                }
                Err(e) => {
                    form.errors.push(crate::i18n::app_error(&e, lang));
                    None
                }
            }
        }
    }
}

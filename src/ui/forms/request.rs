//! The request forms: what each asks, with sensible defaults, and how a submission is checked
//! and handed to the session. A failed submission keeps every value the officer typed.

use super::form::{options, Field, Form};
use crate::app::{AppError, Session};
use crate::domain::dates::read_date;
use crate::domain::deadline::NoticeWindow;
use crate::domain::request::{
    Channel, Decision, Kind, Language, NewRequest, Person, Pupil, Request, Role, RuleError,
};
use crate::i18n::{Lang, T};
use crate::intake::{human_size, IntakeError, Proposal, ReceivedFrom};
use crate::store::StoreError;
use chrono::NaiveDate;

/// Which form is open, with what it works on.
pub enum Purpose {
    New,
    /// Edit keeps the version the officer started from, to detect someone else's save.
    Edit(Box<Request>),
    Extend(String),
    Pause(String),
    Resume(String),
    Identity(String),
    Note(String),
    /// Record the decision. Granting while the identity is unchecked is warned about once:
    /// `identity_warned` is set by that warning, and the next save goes through.
    Decide {
        id: String,
        identity_warned: bool,
    },
    Close(String),
    /// Close a granted rectification, erasure or restriction that lists no recipients: the
    /// question "disclosed to no one?" answered yes (art. 19) records that and closes.
    CloseNoRecipients(String),
    /// A request from an e-mail message: the form prefilled from the message.
    FromMail(Box<MailIntake>),
    /// Set a message of the inbox aside as "no request" (mailbox name, duplicate key).
    SetAside {
        name: String,
        key: String,
    },
}

/// The message a request is made from.
pub struct MailIntake {
    pub proposal: Proposal,
    /// Its name in the inbox; None for a message given on the command line.
    pub mailbox_name: Option<String>,
}

/// A date as the officer reads it elsewhere on screen (both forms are accepted back).
fn date_text(d: NaiveDate, lang: Lang) -> String {
    crate::i18n::dates::date(d, lang)
}

/// The fields of a new or edited request, filled from `r` when editing.
fn request_fields(r: Option<&Request>, today: NaiveDate, lang: Lang) -> Vec<Field> {
    let kind = r.map(|r| r.kind).unwrap_or(Kind::Access);
    let channel = r.map(|r| r.channel).unwrap_or(Channel::Email);
    let language = r.map(|r| r.language).unwrap_or_default();
    // Unanswered stays unknown: never a default role the officer did not choose.
    let role = r
        .and_then(|r| r.requester.role)
        .map(Role::code)
        .unwrap_or("");
    let mut roles = options(Role::ALL, Role::code, Role::label, lang);
    roles.push(("", T::unknown.get(lang).to_string()));
    let s = |f: fn(&Request) -> &str| r.map(f).unwrap_or("").to_string();
    vec![
        Field::choice(
            "kind",
            T::f_kind,
            options(Kind::ALL, Kind::code, Kind::label, lang),
            kind.code(),
        )
        .with_hint(T::hint_choice),
        Field::text(
            "received",
            T::f_received,
            &date_text(r.map(|r| r.received).unwrap_or(today), lang),
        )
        .with_hint(T::hint_date)
        .prefilled(),
        Field::choice(
            "channel",
            T::f_channel,
            options(Channel::ALL, Channel::code, Channel::label, lang),
            channel.code(),
        ),
        Field::text("requester", T::f_requester, &s(|r| &r.requester.name)),
        Field::choice("role", T::f_role, roles, role),
        Field::text("contact", T::f_contact, &s(|r| &r.requester.contact)),
        Field::text("pupil", T::f_pupil, &s(|r| &r.pupil.name)),
        Field::text(
            "birth",
            T::f_birth,
            &r.and_then(|r| r.pupil.birth_date)
                .map(|d| date_text(d, lang))
                .unwrap_or_default(),
        )
        .with_hint(T::hint_optional_date),
        Field::text("school", T::f_school, &s(|r| &r.pupil.school)),
        Field::text("class", T::f_class, &s(|r| &r.pupil.class)),
        Field::multi("summary", T::f_summary, &s(|r| &r.summary), 4),
        // Last: most requests are Dutch, and the rest of the form is typed in one go.
        Field::choice(
            "language",
            T::f_language,
            options(Language::ALL, Language::code, Language::label, lang),
            language.code(),
        )
        .with_hint(T::hint_choice),
    ]
}

/// The rule that will refuse `purpose` on this request whatever is typed, if any.
pub fn refusal(
    purpose: &Purpose,
    row: &crate::app::QueueRow,
    session: &Session,
) -> Option<RuleError> {
    let r = &row.request;
    // Only a note may be added to a closed request; everything else is frozen.
    let acts_on_open = !matches!(purpose, Purpose::New | Purpose::Note(_));
    if acts_on_open && !r.is_open() {
        return Some(RuleError::Closed);
    }
    match purpose {
        Purpose::Extend(_) if r.extension.is_some() => Some(RuleError::AlreadyExtended),
        Purpose::Extend(_) if session.today() > row.timing.deadlines.notice_legal_due => {
            Some(RuleError::ExtensionTooLate {
                notice_legal_due: row.timing.deadlines.notice_legal_due,
            })
        }
        // Refused before typing only when no day could be accepted: a pause recorded late
        // that began before the deadline is true (the form says which days are left).
        Purpose::Pause(_) => session.pause_refusal(r).err(),
        // Every rule of closing is checked before the question is asked; an unanswered art. 19
        // question becomes the question itself.
        Purpose::Close(_) | Purpose::CloseNoRecipients(_) => match r.clone().close() {
            Err(RuleError::RecipientsUnanswered) | Ok(()) => None,
            Err(e) => Some(e),
        },
        _ => None,
    }
}

/// Builds the form for `purpose`.
pub fn build(purpose: &Purpose, session: &Session, lang: Lang) -> Form {
    let today = session.today();
    let today_text = date_text(today, lang);
    match purpose {
        Purpose::New => Form::new(T::form_new_request, request_fields(None, today, lang)),
        Purpose::FromMail(mail) => mail_form(&mail.proposal, today, lang),
        Purpose::SetAside { .. } => Form::new(
            T::form_set_aside,
            vec![Field::text("reason", T::f_reason, "")],
        ),
        Purpose::Edit(r) => Form::new(T::form_edit_request, request_fields(Some(r), today, lang)),
        Purpose::Extend(id) => {
            let mut form = Form::new(
                T::form_extend,
                // Quoted in the extension letter (art. 12(3) asks for the reasons).
                vec![Field::multi("reason", T::f_reason, "", 3).with_hint(T::hint_reason_in_letter)],
            );
            if let Ok(r) = session.request(id) {
                let t = session.timing(&r);
                let dl = &t.deadlines;
                form.info = vec![
                    format!(
                        "{id}: {} {} → {}",
                        T::d_operative.get(lang),
                        date_text(dl.due, lang),
                        date_text(dl.extended_due, lang)
                    ),
                    format!(
                        "{} {}",
                        T::d_notice_due.get(lang),
                        date_text(dl.notice_due, lang)
                    ),
                ];
                if dl.notice_legal_due != dl.notice_due {
                    form.info.push(format!(
                        "{} {}",
                        T::d_notice_legal_due.get(lang),
                        date_text(dl.notice_legal_due, lang)
                    ));
                }
                // Past the board's day, within the law's: allowed, in amber (rule 6).
                if let NoticeWindow::PastPolicy { days } = dl.notice_window(today) {
                    form.warnings.push(crate::i18n::extension_past_policy(
                        days,
                        dl.notice_due,
                        dl.notice_legal_due,
                        lang,
                    ));
                }
            }
            form
        }
        Purpose::Pause(id) => {
            let mut form = Form::new(
                T::form_pause,
                vec![
                    Field::text("date", T::f_date, &today_text)
                        .with_hint(T::hint_date)
                        .prefilled(),
                    Field::text("reason", T::f_reason, ""),
                ],
            );
            form.info = vec![id.clone()];
            // Overdue now: today will be refused, an earlier start (recorded late) will not.
            if let Ok(r) = session.request(id) {
                let due = session.timing(&r).operative;
                if today > due {
                    form.info.push(
                        T::pause_after_deadline_hint
                            .get(lang)
                            .replace("%s", &date_text(due, lang)),
                    );
                }
            }
            form
        }
        Purpose::Resume(id) => {
            let mut form = Form::new(
                T::form_resume,
                vec![Field::text("date", T::f_date, &today_text)
                    .with_hint(T::hint_date)
                    .prefilled()],
            );
            form.info = vec![id.clone()];
            form
        }
        Purpose::Identity(id) => {
            let mut form = Form::new(
                T::form_identity,
                vec![
                    Field::text("method", T::f_method, ""),
                    Field::text("date", T::f_date, &today_text)
                        .with_hint(T::hint_date)
                        .prefilled(),
                    // A suggestion: typing a name replaces it ("rootA. Jansen" never again).
                    Field::text("by", T::f_checked_by, session.store.user()).prefilled(),
                ],
            );
            form.info = vec![id.clone(), identity_note(lang).into()];
            form
        }
        Purpose::Note(id) => {
            let mut form = Form::new(T::form_note, vec![Field::multi("note", T::f_note, "", 4)]);
            form.info = vec![id.clone()];
            form
        }
        Purpose::Decide { id, .. } => {
            let mut form = Form::new(
                T::form_decide,
                vec![
                    Field::choice(
                        "decision",
                        T::f_decision,
                        options(Decision::ALL, Decision::code, Decision::label, lang),
                        Decision::Granted.code(),
                    )
                    .with_hint(T::hint_choice),
                    // Quoted in the decision letter for a refusal or partial refusal.
                    Field::multi("reason", T::f_reason, "", 3).with_hint(T::hint_reason_in_letter),
                    Field::text("date", T::f_date, &today_text)
                        .with_hint(T::hint_date)
                        .prefilled(),
                ],
            );
            form.info = vec![id.clone(), T::hint_complaint.get(lang).into()];
            form
        }
        Purpose::Close(id) => {
            let mut form = Form::new(T::form_close, vec![]);
            form.info = decision_unsent(session, id, lang);
            form.info.push(format!("{id}: {}", close_question(lang)));
            form
        }
        Purpose::CloseNoRecipients(id) => {
            let mut form = Form::new(T::form_close, vec![]);
            form.info = vec![id.clone()];
            form.info.extend(decision_unsent(session, id, lang));
            form.info.push(T::ask_no_recipients.get(lang).to_string());
            form
        }
    }
}

/// The new-request form filled from an e-mail message: the officer checks it and saves with
/// Ctrl-S. Above the fields: where the received date comes from (and the other date when the
/// headers disagree), that the kind is a suggestion, and the attachments, which are not kept.
fn mail_form(p: &Proposal, today: NaiveDate, lang: Lang) -> Form {
    let mut fields = request_fields(None, today, lang);
    let kind = p.kind_suggestion.code();
    let received = date_text(p.received, lang);
    for f in &mut fields {
        let value = match f.key {
            "kind" => kind,
            "channel" => p.channel.code(),
            "requester" => &p.requester_name,
            "contact" => &p.requester_contact,
            "language" => p.language.code(),
            "summary" => &p.summary,
            // Typing a date replaces the suggestion.
            "received" => {
                f.input = super::form::Input::Text(
                    crate::ui::widgets::input::TextInput::suggested(&received),
                );
                f.initial = received.clone();
                continue;
            }
            _ => continue,
        };
        f.set_value(value);
        // The subject, the start of the summary, shows first.
        if let super::form::Input::Multi(ta, _) = &mut f.input {
            ta.move_cursor(ratatui_textarea::CursorMove::Top);
            ta.move_cursor(ratatui_textarea::CursorMove::Head);
        }
        // The form opens as the message proposes it: leaving it unchanged asks nothing.
        f.initial = f.value();
    }
    let mut form = Form::new(T::form_from_mail, fields);
    // Most important first: a small screen shows only the first lines.
    if let Some(alt) = p.received_alternative {
        form.info.push(
            T::mail_alternative_date
                .get(lang)
                .replace("%s", &date_text(alt, lang)),
        );
    }
    if p.id_document_warning {
        form.info.push(T::mail_id_warning.get(lang).to_string());
    }
    let from = match p.received_from {
        ReceivedFrom::ReceivedHeader => T::mail_received_from_received,
        ReceivedFrom::DateHeader => T::mail_received_from_date,
        ReceivedFrom::Delivery => T::mail_received_from_delivery,
        ReceivedFrom::FileTime => T::mail_received_from_file,
    };
    form.info.push(format!(
        "{} {}",
        from.get(lang),
        crate::i18n::dates::date_weekday(p.received, lang)
    ));
    if !p.attachments.is_empty() {
        let list: Vec<String> = p
            .attachments
            .iter()
            .map(|a| format!("{} ({}, {})", a.name, a.content_type, human_size(a.size)))
            .collect();
        form.info.push(format!(
            "{} {}",
            T::mail_attachments.get(lang),
            list.join("; ")
        ));
    }
    form.info.push(T::mail_kind_suggested.get(lang).to_string());
    form
}

/// The warning before closing a request whose decision letter was never marked sent.
fn decision_unsent(session: &Session, id: &str, lang: Lang) -> Vec<String> {
    let unsent = session.request(id).is_ok_and(|r| {
        r.outcome.is_some()
            && crate::domain::letter::last_sent(&r.letters, crate::letters::LetterKind::Decision)
                .is_none()
    });
    if unsent {
        vec![T::ask_decision_unsent.get(lang).to_string()]
    } else {
        Vec::new()
    }
}

fn identity_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Bewaar nooit een kopie van het identiteitsbewijs (reglement 8.1).",
        Lang::En => "Never keep a copy of the identity document (regulation 8.1).",
    }
}

fn close_question(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "sluiten? Enter = ja, Esc = nee",
        Lang::En => "close it? Enter = yes, Esc = no",
    }
}

/// Reads an optional date field; empty gives `default`.
fn date_field(
    form: &mut Form,
    key: &str,
    default: Option<NaiveDate>,
    lang: Lang,
) -> Option<Option<NaiveDate>> {
    let text = form.value(key);
    if text.is_empty() {
        return Some(default);
    }
    match read_date(&text) {
        Ok(d) => Some(Some(d)),
        Err(e) => {
            form.set_error(key, crate::i18n::date_error(&e, lang));
            None
        }
    }
}

/// Maps a rule or store error onto the form: to its field where it names one.
fn show_error(form: &mut Form, err: AppError, lang: Lang) {
    match err {
        AppError::Invalid(errors) => {
            for e in errors {
                // A field's error is shown after the field's label, in the officer's language.
                let key = e.field().map(field_key).unwrap_or("");
                let message = crate::i18n::rule_error(&e, lang);
                form.set_error(key, message);
            }
        }
        AppError::Store(StoreError::Conflict { changes, .. }) => form.show_conflict(changes, lang),
        other => form.errors.push(crate::i18n::app_error(&other, lang)),
    }
    form.focus_first_error();
}

/// The form field a rule error's field name refers to.
fn field_key(field: &str) -> &'static str {
    match field {
        "requester" => "requester",
        "pupil" => "pupil",
        "received" => "received",
        "date of birth" => "birth",
        "reason" => "reason",
        "method" => "method",
        "checked by" => "by",
        "note" => "note",
        "date" => "date",
        "contact" => "contact",
        "school" => "school",
        "class" => "class",
        "summary" => "summary",
        _ => "",
    }
}

fn new_request_from(form: &mut Form, today: NaiveDate, lang: Lang) -> Option<NewRequest> {
    let received = date_field(form, "received", Some(today), lang);
    let birth = date_field(form, "birth", None, lang);
    let (Some(Some(received)), Some(birth)) = (received, birth) else {
        return None;
    };
    Some(NewRequest {
        kind: Kind::parse(&form.value("kind")).unwrap_or(Kind::Access),
        received,
        channel: Channel::parse(&form.value("channel")).unwrap_or(Channel::Email),
        requester: Person {
            name: form.value("requester"),
            role: Role::parse(&form.value("role")),
            contact: form.value("contact"),
        },
        pupil: Pupil {
            name: form.value("pupil"),
            birth_date: birth,
            school: form.value("school"),
            class: form.value("class"),
        },
        summary: form.value("summary"),
        language: Language::parse(&form.value("language")).unwrap_or_default(),
    })
}

/// Checks and saves the form. On success returns the request id and a message; on failure the
/// form carries the errors and stays open.
pub fn submit(
    purpose: &mut Purpose,
    form: &mut Form,
    session: &mut Session,
    lang: Lang,
) -> Option<(String, T)> {
    form.clear_errors();
    let done = try_submit(purpose, form, session, lang);
    if done.is_none() {
        form.focus_first_error();
    }
    done
}

fn try_submit(
    purpose: &mut Purpose,
    form: &mut Form,
    session: &mut Session,
    lang: Lang,
) -> Option<(String, T)> {
    let today = session.today();
    let result = match purpose {
        Purpose::New => {
            let new = new_request_from(form, today, lang)?;
            session.add_request(new).map(|r| (r.id, T::msg_added))
        }
        Purpose::FromMail(mail) => {
            let new = new_request_from(form, today, lang)?;
            let logged =
                crate::intake::log_as(session, &mail.proposal, new, mail.mailbox_name.as_deref());
            match logged {
                Ok(r) => Ok((r.id, T::msg_added)),
                Err(IntakeError::App(e)) => Err(e),
                Err(e) => {
                    form.errors.push(crate::i18n::intake_error(&e, lang));
                    return None;
                }
            }
        }
        Purpose::SetAside { name, key } => {
            match crate::intake::inbox::set_aside(session, name, key, &form.value("reason")) {
                Ok(()) => Ok((name.clone(), T::msg_set_aside)),
                Err(IntakeError::App(e)) => Err(e),
                Err(e) => {
                    form.set_error("reason", crate::i18n::intake_error(&e, lang));
                    return None;
                }
            }
        }
        Purpose::Edit(before) => {
            let new = new_request_from(form, today, lang)?;
            if let Err(errors) = new.validate(today) {
                show_error(form, AppError::Invalid(errors), lang);
                return None;
            }
            let mut after = (**before).clone();
            after.kind = new.kind;
            after.received = new.received;
            after.channel = new.channel;
            after.requester = new.requester;
            after.pupil = new.pupil;
            after.summary = new.summary;
            after.language = new.language;
            match session.save_edit(before, &after) {
                Ok(r) => Ok((r.id, T::msg_saved)),
                Err(AppError::Store(StoreError::Conflict { id, changes })) => {
                    // Keep what the officer changed, take the rest from the stored version, and
                    // let a second save go through deliberately.
                    if let Ok(current) = session.request(&id) {
                        form.rebase(request_fields(Some(&current), today, lang));
                        **before = current;
                    }
                    Err(AppError::Store(StoreError::Conflict { id, changes }))
                }
                Err(e) => Err(e),
            }
        }
        Purpose::Extend(id) => session
            .extend(id, &form.value("reason"))
            .map(|r| (r.id, T::msg_saved)),
        Purpose::Pause(id) => {
            let on = date_field(form, "date", Some(today), lang)?;
            session
                .pause(id, on, &form.value("reason"))
                .map(|r| (r.id, T::msg_saved))
        }
        Purpose::Resume(id) => {
            let on = date_field(form, "date", Some(today), lang)?;
            session.resume(id, on).map(|r| (r.id, T::msg_saved))
        }
        Purpose::Identity(id) => {
            let on = date_field(form, "date", Some(today), lang)?;
            session
                .check_identity(id, &form.value("method"), on, &form.value("by"))
                .map(|r| (r.id, T::msg_saved))
        }
        Purpose::Note(id) => session
            .add_note(id, &form.value("note"))
            .map(|r| (r.id, T::msg_note_added)),
        Purpose::Decide {
            id,
            identity_warned,
        } => {
            let decision = Decision::parse(&form.value("decision")).unwrap_or(Decision::Granted);
            let on = date_field(form, "date", Some(today), lang)?;
            let reason = form.value("reason");
            let unchecked = session.request(id).is_ok_and(|r| r.identity.is_none());
            let acceptable = session.check_decide(id, decision, &reason, on).is_ok();
            if decision.grants() && unchecked && acceptable && !*identity_warned {
                // Data is given or changed for someone not yet identified: say so once.
                *identity_warned = true;
                form.errors
                    .push(T::warn_identity_unchecked.get(lang).to_string());
                return None;
            }
            session
                .decide(id, decision, &reason, on)
                .map(|r| (r.id, T::msg_saved))
        }
        Purpose::Close(id) => session.close(id).map(|r| (r.id, T::msg_closed)),
        Purpose::CloseNoRecipients(id) => session
            .set_no_recipients(id)
            .and_then(|_| session.close(id))
            .map(|r| (r.id, T::msg_closed)),
    };
    match result {
        Ok(done) => Some(done),
        Err(e) => {
            show_error(form, e, lang);
            None
        }
    }
}

//! The letters of a request or breach, one key (`L`) from its detail view: a chooser with the
//! letters that fit its state (and why the others do not, and what was sent when), in the
//! requester's language (`l` switches), and a scrollable preview from which the letter is
//! edited in the officer's editor (`e`), copied to the officer's own clipboard (OSC 52, also
//! over SSH), written to a file, or marked as sent (asked first when it was sent before).

use crate::app::Session;
use crate::domain::breach::Breach;
use crate::domain::request::Request;
use crate::i18n::{Lang, T};
use crate::letters::{self, Choice, Fit, Format, Letter, LetterKind, Options, Via};
use crate::ui::forms::form::{Field, Form};
use crate::ui::panes::{Ctx, Submitted};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::detail::wrap;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// What the letters are about.
#[derive(Clone)]
pub enum Subject {
    Request(Box<Request>),
    Breach(Box<Breach>),
}

impl Subject {
    pub fn id(&self) -> &str {
        match self {
            Subject::Request(r) => &r.id,
            Subject::Breach(b) => &b.id,
        }
    }

    /// The language its letters are written in unless the officer switches: the requester's
    /// for a request, the officer's own for a breach.
    fn language(&self, ui_lang: Lang) -> Lang {
        match self {
            Subject::Request(r) => r.language.into(),
            Subject::Breach(_) => ui_lang,
        }
    }

    /// The letters marked sent for it, in the order sent.
    fn letters_sent(&self) -> &[crate::letters::SentLetter] {
        match self {
            Subject::Request(r) => &r.letters,
            Subject::Breach(b) => &b.letters,
        }
    }

    fn choices(&self, session: &Session) -> Vec<Choice> {
        match self {
            Subject::Request(r) => letters::request_letters(r, &session.timing(r), session.today()),
            Subject::Breach(b) => letters::breach_letters(b),
        }
    }

    /// The letter `kind` in `lang`; warnings in the officer's `ui_lang`.
    fn render(
        &self,
        kind: LetterKind,
        session: &Session,
        lang: Lang,
        ui_lang: Lang,
    ) -> Result<Letter, String> {
        let opts = Options {
            lang,
            warnings_lang: ui_lang,
            format: Format::Text,
            with_log: false,
        };
        match self {
            Subject::Request(r) => letters::render_request(kind, session, r, opts),
            Subject::Breach(b) => letters::render_breach(kind, session, b, opts),
        }
        .map_err(|e| crate::i18n::letter_error(&e, ui_lang))
    }
}

/// The chooser's widest.
const POPUP_WIDTH: u16 = 76;

pub struct Chooser {
    pub subject: Subject,
    pub choices: Vec<Choice>,
    pub cursor: usize,
    /// The pane that opened it (for the forms the preview opens).
    pub owner: usize,
    /// The language the letters are written in (`l` switches).
    pub lang: Lang,
}

impl Chooser {
    pub fn new(subject: Subject, session: &Session, owner: usize) -> Chooser {
        let choices = subject.choices(session);
        // Start on the first letter that fits.
        let cursor = choices.iter().position(|c| c.fit.fits()).unwrap_or(0);
        let lang = subject.language(session.config.lang);
        Chooser {
            subject,
            choices,
            cursor,
            owner,
            lang,
        }
    }

    /// The letters in the other language from now on.
    pub fn switch_language(&mut self) {
        self.lang = match self.lang {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        };
    }

    /// Puts the cursor on letter `kind` when it fits; false when it does not.
    pub fn select(&mut self, kind: LetterKind) -> bool {
        match self
            .choices
            .iter()
            .position(|c| c.kind == kind && c.fit.fits())
        {
            Some(i) => {
                self.cursor = i;
                true
            }
            None => false,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let max = self.choices.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, max) as usize;
    }

    /// The preview of the letter under the cursor, or why it cannot be written (in the
    /// officer's `lang`; the letter is in the chooser's language).
    pub fn open(&self, session: &Session, lang: Lang) -> Result<Preview, String> {
        let Some(choice) = self.choices.get(self.cursor) else {
            return Err(T::msg_select_first.get(lang).into());
        };
        if let Fit::DoesNotFit(why) = &choice.fit {
            return Err(why.text(lang));
        }
        let letter = self.subject.render(choice.kind, session, self.lang, lang)?;
        Ok(Preview {
            subject: self.subject.clone(),
            kind: choice.kind,
            letter,
            lang: self.lang,
            edited: false,
            scroll: 0,
            page: 10,
            owner: self.owner,
        })
    }

    /// "verzonden 08-12-2026 (e-mail)", or with more than one "2× verzonden, laatst ...".
    fn sent_text(&self, kind: LetterKind, lang: Lang) -> Option<String> {
        let sent = self.subject.letters_sent();
        let last = crate::domain::letter::last_sent(sent, kind)?;
        let times = sent.iter().filter(|l| l.kind == kind).count();
        let when = format!(
            "{} ({})",
            crate::i18n::dates::date(last.sent_on, lang),
            last.via.label(lang)
        );
        let word = T::letters_sent_on.get(lang);
        Some(match (times, lang) {
            (1, _) => format!("{word} {when}"),
            (n, Lang::Nl) => format!("{n}× {word}, laatst {when}"),
            (n, Lang::En) => format!("{word} {n}×, last {when}"),
        })
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let language = match self.lang {
            Lang::Nl => crate::domain::request::Language::Nl,
            Lang::En => crate::domain::request::Language::En,
        };
        let mut lines = vec![Line::styled(
            format!(
                "{}   {} {} (l)",
                self.subject.id(),
                T::letters_language.get(lang),
                language.label(lang)
            ),
            theme.style(Role::Muted),
        )];
        for (i, c) in self.choices.iter().enumerate() {
            let selected = i == self.cursor;
            let (mark, why, style) = match &c.fit {
                Fit::Fits => ("  ", String::new(), theme.style(Role::Base)),
                Fit::FitsWithWarning(w) => (
                    "! ",
                    format!(" — {}", w.text(lang)),
                    theme.style(Role::Flag),
                ),
                Fit::DoesNotFit(u) => (
                    "  ",
                    format!(" — {}", u.text(lang)),
                    theme.style(Role::Muted),
                ),
            };
            let style = if selected {
                theme.style(Role::Selected)
            } else {
                style
            };
            let sent = self
                .sent_text(c.kind, lang)
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            let text = format!("{mark}{}{sent}{why}", c.kind.label(lang));
            // Within the popup's border and the continuation indent.
            let width = area.width.min(POPUP_WIDTH).saturating_sub(2 + 4);
            for (j, part) in wrap(&text, width as usize).into_iter().enumerate() {
                let indent = if j == 0 { "" } else { "    " };
                lines.push(Line::styled(format!("{indent}{part}"), style));
            }
        }
        let inner = crate::ui::popup::open(
            frame,
            area,
            area.width.min(POPUP_WIDTH),
            lines.len() as u16 + 2,
            T::letters_title.get(lang),
            theme,
        );
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

pub struct Preview {
    pub subject: Subject,
    pub kind: LetterKind,
    /// The text shown, copied, written and marked: the rendered letter, or the officer's edit.
    pub letter: Letter,
    /// The language it is written in.
    pub lang: Lang,
    /// The officer edited the text (`e`).
    pub edited: bool,
    pub scroll: u16,
    /// Lines shown at the last draw, for paging.
    pub page: u16,
    pub owner: usize,
}

impl Preview {
    /// A file name for the letter in the officer's language: "besluit-V-2026-0001.txt".
    pub fn file_name(&self, lang: Lang) -> String {
        let kind = match lang {
            Lang::Nl => self
                .kind
                .label(lang)
                .split_whitespace()
                .next()
                .unwrap_or("brief"),
            Lang::En => self.kind.code(),
        };
        format!("{kind}-{}.txt", self.subject.id())
    }

    /// Takes the officer's edit of the text (unchanged text is no edit).
    pub fn take_edit(&mut self, text: String) -> bool {
        if text == self.letter.text {
            return false;
        }
        self.letter.text = text;
        self.edited = true;
        true
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let edited = if self.edited {
            format!(" ({})", T::letter_edited.get(lang))
        } else {
            String::new()
        };
        let title = format!(
            "{} {} — {}{edited}",
            self.subject.id(),
            self.kind.label(lang),
            T::letters_preview.get(lang)
        );
        let inner =
            crate::ui::popup::open(frame, area, area.width.min(90), area.height, &title, theme);
        let mut lines: Vec<Line> = self
            .letter
            .warnings
            .iter()
            .map(|w| Line::styled(format!("! {w}"), theme.style(Role::Flag)))
            .collect();
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.extend(
            self.letter
                .text
                .lines()
                .map(|l| Line::from(Span::styled(l.to_string(), theme.style(Role::Base)))),
        );
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let total = paragraph.line_count(inner.width) as u16;
        self.page = inner.height.max(1);
        self.scroll = self.scroll.min(total.saturating_sub(inner.height));
        frame.render_widget(paragraph.scroll((self.scroll, 0)), inner);
    }
}

/// Marking a letter as sent: when and how, and what the record keeps of how it was made.
pub struct SentPurpose {
    pub record_id: String,
    pub kind: LetterKind,
    /// Asked and answered yes: a letter of this kind was marked sent before.
    pub again: bool,
    /// The template that made it (`Letter::template_record`).
    pub template: String,
    pub edited: bool,
    /// The art. 19 letter: the recipients it went to (ticked off as told).
    pub recipients: Vec<i64>,
}

impl Preview {
    /// What `m` opens: the sent form, or first the question whether to record a letter again
    /// that was marked sent before (a mark can never be taken back). No goes back to the
    /// preview.
    pub fn mark_sent(self: Box<Self>, session: &Session, lang: Lang) -> super::Dialog {
        use super::{AnyPurpose, Confirm, Dialog, FormDialog, OnYes};
        let before = session
            .last_sent(self.subject.id(), self.kind)
            .ok()
            .flatten();
        let (mut purpose, form) = self.sent_form(session, lang);
        let owner = self.owner;
        let Some(before) = before else {
            return Dialog::Form(Box::new(FormDialog {
                owner,
                purpose: AnyPurpose::LetterSent(purpose),
                form,
            }));
        };
        purpose.again = true;
        let already = crate::i18n::already_sent(
            &crate::letters::SentError::AlreadySent {
                kind: self.kind,
                sent_on: before.sent_on,
                via: before.via,
            },
            lang,
        );
        // "ontvangstbevestiging: al verzonden op 08-12-2026 per e-mail; nogmaals vastleggen?"
        let question = vec![
            format!("{}: {}", self.subject.id(), self.kind.label(lang)),
            format!("{already}; {}", T::ask_again.get(lang)),
        ];
        Dialog::Confirm(Confirm {
            title: T::form_letter_sent,
            question,
            on_yes: OnYes::Open {
                yes: Box::new(Dialog::Form(Box::new(FormDialog {
                    owner,
                    purpose: AnyPurpose::LetterSent(purpose),
                    form,
                }))),
                no: Some(Box::new(Dialog::Preview(self))),
            },
        })
    }

    /// The form that records this letter as sent (today, by e-mail, unless changed).
    pub fn sent_form(&self, session: &Session, lang: Lang) -> (SentPurpose, Form) {
        let mut form = Form::new(
            T::form_letter_sent,
            vec![
                Field::text(
                    "date",
                    T::f_date,
                    &crate::i18n::dates::date(session.today(), lang),
                )
                .with_hint(T::hint_date)
                .prefilled(),
                Field::choice(
                    "via",
                    T::f_via,
                    Via::ALL
                        .iter()
                        .map(|v| (v.code(), v.label(lang).to_string()))
                        .collect(),
                    Via::Email.code(),
                )
                .with_hint(T::hint_choice),
            ],
        );
        let edited = if self.edited {
            format!(" ({})", T::letter_edited.get(lang))
        } else {
            String::new()
        };
        form.info = vec![format!(
            "{}: {}{edited}",
            self.subject.id(),
            self.kind.label(lang)
        )];
        let purpose = SentPurpose {
            record_id: self.subject.id().to_string(),
            kind: self.kind,
            again: false,
            template: self.letter.template_record(),
            edited: self.edited,
            recipients: self.letter.recipients.clone(),
        };
        (purpose, form)
    }
}

/// Records the letter as sent. After an identification letter the officer is offered to
/// suspend the term from that day (the clock stops while waiting for the answer).
pub fn submit_sent(p: &SentPurpose, form: &mut Form, ctx: &mut Ctx) -> Submitted {
    form.clear_errors();
    let text = form.value("date");
    let on = match crate::domain::dates::read_date(&text) {
        Ok(d) => d,
        Err(e) => {
            form.set_error("date", crate::i18n::date_error(&e, ctx.lang));
            form.focus_first_error();
            return Submitted::Stay;
        }
    };
    let via = Via::parse(&form.value("via")).unwrap_or(Via::Email);
    let mark = crate::letters::SentMark {
        on: Some(on),
        via,
        again: p.again,
        template: Some(p.template.clone()),
        edited: p.edited,
        recipients: p.recipients.clone(),
    };
    match ctx.session.record_sent(&p.record_id, p.kind, &mark) {
        Ok(_) => {
            let mut text = format!(
                "{} {} {}",
                T::msg_letter_sent.get(ctx.lang),
                p.kind.label(ctx.lang),
                p.record_id
            );
            if let (false, Ok(r)) = (p.recipients.is_empty(), ctx.session.request(&p.record_id)) {
                let told: Vec<&str> = r
                    .recipients
                    .iter()
                    .filter(|x| p.recipients.contains(&x.id))
                    .map(|x| x.name.as_str())
                    .collect();
                text = format!(
                    "{text}; {} {}",
                    T::msg_recipients_told.get(ctx.lang),
                    told.join(", ")
                );
            }
            ctx.info(text);
            if p.kind == LetterKind::Identification {
                offer_pause(&p.record_id, on, ctx);
            }
            Submitted::Done
        }
        Err(e) => {
            form.set_error("date", crate::i18n::app_error(&e, ctx.lang));
            form.focus_first_error();
            Submitted::Stay
        }
    }
}

/// Opens the suspend form from the day the identification letter went out, unless the rules
/// refuse a pause (then nothing is offered).
fn offer_pause(id: &str, on: chrono::NaiveDate, ctx: &mut Ctx) {
    use crate::ui::dialogs::AnyPurpose;
    use crate::ui::forms::request::{self as request_forms, Purpose};
    let Ok(r) = ctx.session.request(id) else {
        return;
    };
    if r.open_pause().is_some() || ctx.session.pause_refusal_from(&r, on).is_err() {
        return;
    }
    let purpose = Purpose::Pause(id.to_string());
    let mut form = request_forms::build(&purpose, ctx.session, ctx.lang);
    if let Some(f) = form.field_mut("date") {
        f.set_value(&crate::i18n::dates::date(on, ctx.lang));
    }
    if let Some(f) = form.field_mut("reason") {
        f.set_value(T::reason_identification.get(ctx.lang));
    }
    form.info.push(
        T::offer_pause_after_identification
            .get(ctx.lang)
            .to_string(),
    );
    ctx.open_form(AnyPurpose::Request(purpose), form);
}

/// The OSC 52 sequence that puts `text` on the clipboard of the officer's own terminal: it
/// travels with the output, so it works over SSH (in tmux with `set -g set-clipboard on`).
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52("hallo"), "\x1b]52;c;aGFsbG8=\x07");
        let seq = osc52("Geachte heer Öztürk,\n");
        assert!(seq.starts_with("\x1b]52;c;") && seq.ends_with('\x07'));
        use base64::Engine as _;
        let body = &seq[7..seq.len() - 1];
        let back = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        assert_eq!(String::from_utf8(back).unwrap(), "Geachte heer Öztürk,\n");
    }
}

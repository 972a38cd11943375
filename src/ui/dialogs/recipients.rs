//! The art. 19 checklist: who received the data and must be told of a rectification, erasure or
//! restriction. Space ticks a recipient off; typing a name and Enter adds one.

use crate::app::Session;
use crate::domain::request::Recipient;
use crate::i18n::{Lang, T};
use crate::ui::keys::Action;
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::input::TextInput;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub struct RecipientsDialog {
    pub id: String,
    /// The checklist as last read from the store; refreshed after every change.
    pub recipients: Vec<Recipient>,
    pub cursor: usize,
    pub input: TextInput,
    pub error: Option<String>,
}

impl RecipientsDialog {
    pub fn new(id: String, session: &Session) -> RecipientsDialog {
        let recipients = session
            .request(&id)
            .map(|r| r.recipients)
            .unwrap_or_default();
        RecipientsDialog {
            id,
            recipients,
            cursor: 0,
            input: TextInput::default(),
            error: None,
        }
    }

    /// Handles an action of the dialog's keys; false means the dialog closes.
    pub fn act(&mut self, action: Action, session: &mut Session, lang: Lang) -> bool {
        self.error = None;
        let count = self.recipients.len();
        match action {
            Action::Back | Action::Cancel => return false,
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(count.saturating_sub(1)),
            // While a name is being typed, Space is part of it.
            Action::Toggle if !self.input.is_empty() => {
                self.input.handle_key(crossterm::event::KeyEvent::from(
                    crossterm::event::KeyCode::Char(' '),
                ));
            }
            Action::Toggle => {
                // Set what the screen shows the officer wants, never a blind toggle.
                let Some(shown) = self.recipients.get(self.cursor) else {
                    return true;
                };
                let told = shown.notified_on.is_none();
                match session.set_recipient_told(&self.id, shown.id, told) {
                    Ok(r) => self.recipients = r.recipients,
                    Err(e) => self.error = Some(crate::i18n::app_error(&e, lang)),
                }
            }
            Action::AddItem if !self.input.text().trim().is_empty() => {
                match session.add_recipient(&self.id, &self.input.text()) {
                    Ok(r) => {
                        self.input.clear();
                        self.cursor = r.recipients.len().saturating_sub(1);
                        self.recipients = r.recipients;
                    }
                    Err(e) => self.error = Some(crate::i18n::app_error(&e, lang)),
                }
            }
            _ => {}
        }
        true
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let tz_today = |d: chrono::NaiveDate| crate::i18n::dates::date(d, lang);
        let mut lines: Vec<Line> = vec![Line::styled(self.id.clone(), theme.style(Role::Muted))];
        if self.recipients.is_empty() {
            lines.push(Line::styled(T::d_none.get(lang), theme.style(Role::Muted)));
        }
        for (i, r) in self.recipients.iter().enumerate() {
            let mark = if r.notified_on.is_some() {
                "[x]"
            } else {
                "[ ]"
            };
            let when = r
                .notified_on
                .map(|d| format!("  {} {}", T::d_told.get(lang), tz_today(d)))
                .unwrap_or_default();
            let style = if i == self.cursor {
                theme.style(Role::Selected)
            } else {
                theme.style(Role::Base)
            };
            let name = crate::domain::text::shown(&r.name);
            lines.push(Line::styled(format!("{mark} {name}{when}"), style));
        }
        lines.push(Line::raw(""));
        let label = format!("{}: ", T::f_new_recipient.get(lang));
        lines.push(Line::from(Span::styled(
            label.clone(),
            theme.style(Role::Label),
        )));
        let error_lines = self
            .error
            .as_ref()
            .map(|e| Line::styled(e.clone(), theme.style(Role::Error)));
        let width = area.width.min(70);
        let error_height = error_lines
            .as_ref()
            .map(|l| {
                Paragraph::new(l.clone())
                    .wrap(Wrap { trim: false })
                    .line_count(width.saturating_sub(2)) as u16
            })
            .unwrap_or(0);
        let height = lines.len() as u16 + error_height + 2;
        let inner = crate::ui::popup::open(
            frame,
            area,
            width,
            height,
            T::form_recipients.get(lang),
            theme,
        );
        let list_height = (lines.len() as u16).min(inner.height);
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: list_height,
                ..inner
            },
        );
        // The new name's input follows its label on the last list line.
        let input_y = inner.y + list_height.saturating_sub(1);
        let label_width = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        let input_area = Rect {
            x: inner.x + label_width.min(inner.width),
            y: input_y,
            width: inner.width.saturating_sub(label_width),
            height: 1,
        };
        self.input.render(
            frame.buffer_mut(),
            input_area,
            theme.style(Role::InputFocused),
            true,
            None,
        );
        if let Some(e) = error_lines {
            let y = input_y + 1;
            if y < inner.y + inner.height {
                frame.render_widget(
                    Paragraph::new(e).wrap(Wrap { trim: false }),
                    Rect {
                        y,
                        height: inner.y + inner.height - y,
                        ..inner
                    },
                );
            }
        }
    }
}

//! The art. 19 checklist: who received the data and must be told of a rectification, erasure or
//! restriction. Space ticks a recipient off; typing a name and Enter adds one.

use super::theme::{Role, Theme};
use crate::app::Session;
use crate::domain::request::Recipient;
use crate::i18n::{Lang, T};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub struct RecipientsDialog {
    pub id: String,
    /// The checklist as last read from the store; refreshed after every change.
    pub recipients: Vec<Recipient>,
    pub cursor: usize,
    pub new_name: String,
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
            new_name: String::new(),
            error: None,
        }
    }

    /// Handles a key; false means the dialog closes.
    pub fn handle_key(&mut self, key: KeyEvent, session: &mut Session, lang: Lang) -> bool {
        self.error = None;
        let count = self.recipients.len();
        match key.code {
            KeyCode::Esc => return false,
            KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down => self.cursor = (self.cursor + 1).min(count.saturating_sub(1)),
            KeyCode::Char(' ') if self.new_name.is_empty() => {
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
            KeyCode::Enter if !self.new_name.trim().is_empty() => {
                match session.add_recipient(&self.id, &self.new_name) {
                    Ok(r) => {
                        self.new_name.clear();
                        self.cursor = r.recipients.len().saturating_sub(1);
                        self.recipients = r.recipients;
                    }
                    Err(e) => self.error = Some(crate::i18n::app_error(&e, lang)),
                }
            }
            KeyCode::Backspace => {
                self.new_name.pop();
            }
            KeyCode::Char(c) => self.new_name.push(c),
            _ => {}
        }
        true
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let recipients = &self.recipients;
        let mut lines: Vec<Line> = vec![Line::styled(self.id.clone(), theme.style(Role::Muted))];
        if recipients.is_empty() {
            lines.push(Line::styled(T::d_none.get(lang), theme.style(Role::Muted)));
        }
        for (i, r) in recipients.iter().enumerate() {
            let mark = if r.notified_on.is_some() {
                "[x]"
            } else {
                "[ ]"
            };
            let when = r
                .notified_on
                .map(|d| format!("  {} {d}", T::d_told.get(lang)))
                .unwrap_or_default();
            let style = if i == self.cursor {
                theme.style(Role::Selected)
            } else {
                theme.style(Role::Base)
            };
            lines.push(Line::styled(format!("{mark} {}{when}", r.name), style));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}: ", T::f_new_recipient.get(lang)),
                theme.style(Role::Label),
            ),
            Span::styled(
                format!("{}▏", self.new_name),
                theme.style(Role::InputFocused),
            ),
        ]));
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.style(Role::Error)));
        }
        lines.push(Line::from(vec![
            Span::styled("Space ", theme.style(Role::Key)),
            Span::styled(T::key_toggle.get(lang), theme.style(Role::KeyDesc)),
            Span::raw("  "),
            Span::styled("Enter ", theme.style(Role::Key)),
            Span::styled(T::key_add.get(lang), theme.style(Role::KeyDesc)),
            Span::raw("  "),
            Span::styled("Esc ", theme.style(Role::Key)),
            Span::styled(T::key_back.get(lang), theme.style(Role::KeyDesc)),
        ]));
        let inner = super::popup::open(
            frame,
            area,
            70,
            lines.len() as u16 + 2,
            T::form_recipients.get(lang),
            theme,
        );
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

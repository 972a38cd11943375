//! A generic keyboard form: text fields, multi-line fields and choices, with per-field errors.
//! Nothing is saved by the form itself; its owner reads the values when the officer submits.

use crate::i18n::{Lang, T};
use crate::ui::theme::{Role, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use ratatui_textarea::{TextArea, WrapMode};

use crate::ui::widgets::input::TextInput;

/// The choices of a code enum: each variant's code with its label in `lang`.
pub fn options<E: Copy>(
    all: &[E],
    code: fn(E) -> &'static str,
    label: fn(E, Lang) -> &'static str,
    lang: Lang,
) -> Vec<(&'static str, String)> {
    all.iter()
        .map(|&v| (code(v), label(v, lang).to_string()))
        .collect()
}

pub enum Input {
    /// One line; Enter moves on.
    Text(TextInput),
    /// Several lines; Enter starts a new line, Tab moves on.
    Multi(Box<TextArea<'static>>, u16),
    /// One of a fixed list: (code, label).
    Choice {
        options: Vec<(String, String)>,
        index: usize,
    },
    /// Any of a fixed list: ←/→ move, Space ticks. The value is the ticked codes, comma-separated.
    Set {
        options: Vec<(String, String)>,
        ticked: Vec<bool>,
        cursor: usize,
        height: u16,
    },
}

pub struct Field {
    pub key: &'static str,
    pub label: T,
    pub input: Input,
    /// The value the form opened with, to tell what the officer changed.
    pub initial: String,
    pub hint: Option<T>,
    pub error: Option<String>,
    /// The size a focused multi-line field was last drawn at (its view is rebuilt when it
    /// changes); `None` while not focused.
    drawn: Option<(u16, u16)>,
}

impl Field {
    pub fn text(key: &'static str, label: T, value: &str) -> Field {
        Field::new(
            key,
            label,
            Input::Text(TextInput::new(value)),
            value.to_string(),
        )
    }

    pub fn multi(key: &'static str, label: T, value: &str, height: u16) -> Field {
        let ta = textarea(value);
        Field::new(
            key,
            label,
            Input::Multi(Box::new(ta), height),
            value.to_string(),
        )
    }

    pub fn choice<C: Into<String>>(
        key: &'static str,
        label: T,
        options: Vec<(C, String)>,
        selected: &str,
    ) -> Field {
        let options: Vec<(String, String)> =
            options.into_iter().map(|(c, l)| (c.into(), l)).collect();
        let index = options.iter().position(|(c, _)| c == selected).unwrap_or(0);
        let initial = options
            .get(index)
            .map(|(c, _)| c.to_string())
            .unwrap_or_default();
        Field::new(key, label, Input::Choice { options, index }, initial)
    }

    pub fn set<C: Into<String>>(
        key: &'static str,
        label: T,
        options: Vec<(C, String)>,
        ticked: &[&str],
        height: u16,
    ) -> Field {
        let options: Vec<(String, String)> =
            options.into_iter().map(|(c, l)| (c.into(), l)).collect();
        let ticked: Vec<bool> = options
            .iter()
            .map(|(c, _)| ticked.contains(&c.as_str()))
            .collect();
        let mut field = Field::new(
            key,
            label,
            Input::Set {
                options,
                ticked,
                cursor: 0,
                height,
            },
            String::new(),
        );
        field.initial = field.value();
        field
    }

    fn new(key: &'static str, label: T, input: Input, initial: String) -> Field {
        Field {
            key,
            label,
            input,
            initial,
            hint: None,
            error: None,
            drawn: None,
        }
    }

    /// Marks a suggested value (today's date, the officer's name) that the first typed
    /// character replaces and moving on keeps.
    pub fn prefilled(mut self) -> Field {
        if let Input::Text(input) = &self.input {
            self.input = Input::Text(TextInput::suggested(&input.text()));
        }
        self
    }

    pub fn with_hint(mut self, hint: T) -> Field {
        self.hint = Some(hint);
        self
    }

    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(input) => input.text().trim().to_string(),
            Input::Multi(ta, _) => ta.lines().join("\n").trim_end().to_string(),
            Input::Choice { options, index } => options
                .get(*index)
                .map(|(c, _)| c.to_string())
                .unwrap_or_default(),
            Input::Set {
                options, ticked, ..
            } => options
                .iter()
                .zip(ticked)
                .filter(|(_, t)| **t)
                .map(|((c, _), _)| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    pub fn set_value(&mut self, value: &str) {
        match &mut self.input {
            Input::Text(input) => input.set_text(value),
            Input::Multi(ta, _) => {
                let wrap = ta.wrap_mode();
                **ta = textarea(value);
                ta.set_wrap_mode(wrap);
            }
            Input::Choice { options, index } => {
                if let Some(i) = options.iter().position(|(c, _)| c == value) {
                    *index = i;
                }
            }
            Input::Set {
                options, ticked, ..
            } => {
                let codes: Vec<&str> = value.split(',').collect();
                for (t, (c, _)) in ticked.iter_mut().zip(options.iter()) {
                    *t = codes.contains(&c.as_str());
                }
            }
        }
    }

    pub fn changed(&self) -> bool {
        self.value() != self.initial.trim_end()
    }

    /// Rows the field takes when its input is `width` columns wide.
    fn height(&self, width: u16) -> u16 {
        match &self.input {
            Input::Multi(_, h) => *h,
            // A long choice wraps rather than being cut.
            Input::Choice { options, index } => {
                // Measured as it is drawn (focused, with its arrows), so it is never cut.
                let label = options.get(*index).map(|(_, l)| l.as_str()).unwrap_or("");
                let text = format!("◂ {label} ▸");
                (Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .line_count(width.max(1)) as u16)
                    .clamp(1, 4)
            }
            Input::Set {
                options, height, ..
            } => {
                // Lay the options out as the wrapping will: whole items, two spaces apart.
                let mut rows = 1u16;
                let mut used = 0usize;
                for (_, label) in options {
                    let item = label.chars().count() + 4;
                    if used > 0 && used + 2 + item > width as usize {
                        rows += 1;
                        used = item;
                    } else {
                        used += if used > 0 { 2 } else { 0 } + item;
                    }
                }
                rows.max(*height)
            }
            _ => 1,
        }
    }
}

/// A text area holding `value`. A control character in it (a value stored by an older
/// avgdesk) is dropped, a tab made a space, as the one-line input drops them: what the form
/// shows is what saving stores.
fn textarea(value: &str) -> TextArea<'static> {
    let lines: Vec<String> = if value.is_empty() {
        vec![String::new()]
    } else {
        value
            .lines()
            .map(|line| {
                line.chars()
                    .filter_map(|c| match c {
                        '\t' => Some(' '),
                        c if c.is_control() => None,
                        c => Some(c),
                    })
                    .collect()
            })
            .collect()
    };
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_line_style(Style::default());
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    /// Enter on the last field: save.
    Submit,
}

pub struct Form {
    pub title: T,
    /// Context shown above the fields (e.g. the new deadline an extension gives).
    pub info: Vec<String>,
    /// What is allowed but late, shown in amber above the info (e.g. an extension past the
    /// board's notice day, "na beleid").
    pub warnings: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Problems not tied to one field (e.g. a conflicting save).
    pub errors: Vec<String>,
    /// What Ctrl-S does, in the hint bar ("opslaan", or "toepassen" for a filter).
    pub save_label: T,
    /// What the officer should know about how the values were read (e.g. an October hour
    /// taken as summer time); shown with the saved message.
    pub notices: Vec<String>,
}

impl Form {
    pub fn new(title: T, fields: Vec<Field>) -> Form {
        Form {
            title,
            info: Vec::new(),
            warnings: Vec::new(),
            fields,
            focus: 0,
            errors: Vec::new(),
            save_label: T::key_save,
            notices: Vec::new(),
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> String {
        self.field(key).map(Field::value).unwrap_or_default()
    }

    /// The officer changed something: leaving asks first.
    pub fn changed(&self) -> bool {
        self.fields.iter().any(Field::changed)
    }

    pub fn clear_errors(&mut self) {
        self.errors.clear();
        self.notices.clear();
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Marks a field as wrong; an unknown key lands in the general errors.
    pub fn set_error(&mut self, key: &str, message: String) {
        match self.fields.iter_mut().find(|f| f.key == key) {
            Some(f) => f.error = Some(message),
            None => self.errors.push(message),
        }
    }

    /// After another officer's save: fields this officer did not touch take the stored values
    /// (`fresh`, built from the stored record), the rest keep what was typed.
    pub fn rebase(&mut self, fresh: Vec<Field>) {
        for f in fresh {
            if let Some(mine) = self.field_mut(f.key) {
                if !mine.changed() {
                    mine.set_value(&f.initial);
                }
                mine.initial = f.initial;
            }
        }
    }

    /// Lists what another officer changed, in the officer's words where known.
    pub fn show_conflict(&mut self, changes: Vec<crate::store::FieldChange>, lang: Lang) {
        self.errors.push(T::msg_conflict.get(lang).into());
        for c in changes {
            let label = match crate::i18n::field_label(&c.field, lang) {
                "" => c.field.clone(),
                label => label.to_string(),
            };
            self.errors.push(format!(
                "  {label}: {} → {}",
                c.old.unwrap_or_else(|| "—".into()),
                c.new.unwrap_or_else(|| "—".into())
            ));
        }
    }

    /// Focus the first field with an error so the officer can fix it at once.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// A key for the focused field (Ctrl-S, Tab and Esc are the key table's, see `ui/keys.rs`).
    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.focus + 1 >= self.fields.len();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return if key.code == KeyCode::Enter {
                FormEvent::Submit
            } else {
                FormEvent::None
            };
        };
        match &mut field.input {
            Input::Text(input) => match key.code {
                KeyCode::Enter if last => return FormEvent::Submit,
                KeyCode::Enter | KeyCode::Down => self.next(),
                KeyCode::Up => self.prev(),
                _ => {
                    input.handle_key(key);
                }
            },
            Input::Multi(ta, _) => match key.code {
                // Readline's keys, as in every other input (the text area's own Ctrl-U undoes).
                KeyCode::Char('u') if ctrl => {
                    ta.delete_line_by_head();
                }
                // The whole field at once: a pasted or prefilled mail of 4,000 characters is
                // not deleted line by line.
                KeyCode::Char('x') if ctrl => {
                    **ta = textarea("");
                }
                KeyCode::Char('w') if ctrl => {
                    ta.delete_word();
                }
                // Readline's, not the text area's own (Ctrl-A would select all, Ctrl-K then
                // wipe it).
                KeyCode::Char('k') if ctrl => {
                    ta.delete_line_by_end();
                }
                KeyCode::Char('a') if ctrl => ta.move_cursor(ratatui_textarea::CursorMove::Head),
                KeyCode::Char('e') if ctrl => ta.move_cursor(ratatui_textarea::CursorMove::End),
                // A control character (a C1 code in pasted text) is dropped here, as in the
                // one-line input: it would only be refused at saving. A line break is the text
                // area's own new line.
                KeyCode::Char(c) if c.is_control() && c != '\n' && c != '\r' => {}
                _ => {
                    ta.input(key);
                }
            },
            Input::Choice { options, index } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Enter if last => return FormEvent::Submit,
                    KeyCode::Enter | KeyCode::Down => self.next(),
                    KeyCode::Up => self.prev(),
                    KeyCode::Right | KeyCode::Char(' ') => *index = (*index + 1) % n,
                    KeyCode::Left => *index = (*index + n - 1) % n,
                    KeyCode::Char(c) if !ctrl => {
                        // Jump to the next option with a word starting with the typed character,
                        // so "6" finds "groep 6" and "w" finds "Foto op de website".
                        let c = c.to_lowercase().to_string();
                        let starts = |label: &str| {
                            label
                                .to_lowercase()
                                .split(|ch: char| !ch.is_alphanumeric())
                                .any(|w| w.starts_with(&c))
                        };
                        if let Some(i) = (1..=n)
                            .map(|step| (*index + step) % n)
                            .find(|&i| options.get(i).is_some_and(|(_, label)| starts(label)))
                        {
                            *index = i;
                        }
                    }
                    _ => {}
                }
            }
            Input::Set {
                options,
                ticked,
                cursor,
                ..
            } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Enter if last => return FormEvent::Submit,
                    KeyCode::Enter | KeyCode::Down => self.next(),
                    KeyCode::Up => self.prev(),
                    KeyCode::Right => *cursor = (*cursor + 1) % n,
                    KeyCode::Left => *cursor = (*cursor + n - 1) % n,
                    KeyCode::Char(' ') | KeyCode::Char('x') => {
                        if let Some(t) = ticked.get_mut(*cursor) {
                            *t = !*t;
                        }
                    }
                    _ => {}
                }
            }
        }
        FormEvent::None
    }

    /// Draws the form as a centred popup over `area`.
    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let popup_width = area.width.min(84);
        let text_width = popup_width.saturating_sub(2).max(1);
        // Wide enough for the longest label, within reason on a narrow screen.
        let longest = self
            .fields
            .iter()
            .map(|f| f.label.get(lang).chars().count() as u16 + 2)
            .max()
            .unwrap_or(0);
        // Whole labels (marker, label, a space) while the inputs keep 20 columns.
        let label_width = (longest + 1).clamp(12, text_width.saturating_sub(20).max(12));
        let input_width = text_width.saturating_sub(label_width).max(1);
        let fields_height: u16 = self.fields.iter().map(|f| f.height(input_width)).sum();
        let messages: Vec<Line> = self
            .errors
            .iter()
            .map(|e| Line::styled(e.clone(), theme.style(Role::Error)))
            .chain(self.fields.iter().filter_map(|f| {
                f.error.as_ref().map(|e| {
                    Line::styled(
                        format!("{}: {e}", f.label.get(lang)),
                        theme.style(Role::Error),
                    )
                })
            }))
            .collect();
        let messages = Paragraph::new(messages).wrap(Wrap { trim: false });
        let messages_height = messages.line_count(text_width) as u16;
        let info_text: Vec<Line> = self
            .warnings
            .iter()
            .map(|s| Line::styled(s.clone(), theme.style(Role::DueSoon)))
            .chain(
                self.info
                    .iter()
                    .map(|s| Line::styled(s.clone(), theme.style(Role::Muted))),
            )
            .collect();
        let info = Paragraph::new(info_text).wrap(Wrap { trim: true });
        let info_height = info.line_count(text_width) as u16;
        let wanted = info_height + fields_height + messages_height + 2;
        let inner = crate::ui::popup::open(
            frame,
            area,
            popup_width,
            wanted.max(4),
            self.title.get(lang),
            theme,
        );
        // On a short screen the messages (up to half) and the info (up to a third) keep room
        // beside the fields; the fields scroll.
        let (info_height, messages_height) = if inner.height >= wanted.saturating_sub(2) {
            (info_height, messages_height)
        } else {
            (
                info_height.min(inner.height / 3),
                messages_height.min(inner.height / 2),
            )
        };
        let room = inner
            .height
            .saturating_sub(info_height + messages_height)
            .max(1);
        let shown = self.fields_in_view(room, input_width);
        let mut constraints = vec![Constraint::Length(info_height)];
        constraints.extend(
            shown
                .iter()
                .map(|&i| Constraint::Length(self.fields[i].height(input_width))),
        );
        constraints.push(Constraint::Min(0));
        constraints.push(Constraint::Length(messages_height));
        let rows = Layout::vertical(constraints).split(inner);
        frame.render_widget(info, rows[0]);
        let focus = self.focus;
        for (slot, &i) in shown.iter().enumerate() {
            let field = &mut self.fields[i];
            let row = rows[slot + 1];
            let [label_area, input_area] =
                Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)])
                    .areas(row);
            let focused = i == focus;
            let label_style = if field.error.is_some() {
                theme.style(Role::Error)
            } else if focused {
                theme.style(Role::InputFocused)
            } else {
                theme.style(Role::Label)
            };
            let marker = if focused { "▸ " } else { "  " };
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("{marker}{}", field.label.get(lang)),
                    label_style,
                ))
                .wrap(Wrap { trim: false }),
                label_area,
            );
            let input_style = if focused {
                theme.style(Role::InputFocused)
            } else {
                theme.style(Role::Input)
            };
            draw_input(frame, field, input_area, focused, input_style, theme, lang);
        }
        let n = shown.len();
        frame.render_widget(messages, rows[n + 2]);
        // Arrows on the border say fields lie above or below what the screen shows.
        let marker = |frame: &mut Frame, y: u16, text: &'static str| {
            let area = Rect {
                x: inner.x + inner.width.saturating_sub(3),
                y,
                width: 3.min(inner.width),
                height: 1,
            };
            frame.render_widget(
                Paragraph::new(Span::styled(text, theme.style(Role::Key))),
                area,
            );
        };
        if let (Some(&first), Some(&last)) = (shown.first(), shown.last()) {
            if first > 0 && inner.y > 0 {
                marker(frame, inner.y - 1, " ↑ ");
            }
            if last + 1 < self.fields.len() {
                marker(frame, inner.y + inner.height, " ↓ ");
            }
        }
    }

    /// The fields that fit in `room` rows with the focused one in view, as far up as
    /// possible: computed afresh each draw, so a taller screen shows the top fields again.
    fn fields_in_view(&self, room: u16, input_width: u16) -> Vec<usize> {
        let heights: Vec<u16> = self.fields.iter().map(|f| f.height(input_width)).collect();
        let focus = self.focus.min(heights.len().saturating_sub(1));
        let mut first = 0;
        while first < focus && heights[first..=focus].iter().sum::<u16>() > room {
            first += 1;
        }
        let mut shown = Vec::new();
        let mut used = 0;
        for (i, h) in heights.iter().enumerate().skip(first) {
            if used + h > room && !shown.is_empty() {
                break;
            }
            used += h;
            shown.push(i);
        }
        shown
    }
}

/// `text` from its start, wrapped, with `…` in the last cell when more follows than `area`
/// holds; the placeholder when there is no text.
fn draw_text_start(
    frame: &mut Frame,
    text: &str,
    area: Rect,
    style: Style,
    placeholder: Option<(&str, Style)>,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if text.trim().is_empty() {
        if let Some((hint, hint_style)) = placeholder {
            frame.render_widget(Paragraph::new(Line::styled(hint, hint_style)), area);
        }
        return;
    }
    let paragraph = Paragraph::new(text).style(style).wrap(Wrap { trim: false });
    let more = paragraph.line_count(area.width) > area.height as usize;
    frame.render_widget(paragraph, area);
    if more {
        let (x, y) = (area.right() - 1, area.bottom() - 1);
        if let Some(cell) = frame.buffer_mut().cell_mut((x, y)) {
            cell.set_symbol("…");
        }
    }
}

/// Rebuilds a text area with the same text and cursor, so that its view starts at the top.
fn fresh_view(ta: &mut TextArea<'static>) {
    let ratatui_textarea::DataCursor(row, col) = ta.cursor();
    let mut fresh = textarea(&ta.lines().join("\n"));
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    fresh.move_cursor(ratatui_textarea::CursorMove::Jump(clamp(row), clamp(col)));
    *ta = fresh;
}

fn draw_input(
    frame: &mut Frame,
    field: &mut Field,
    area: Rect,
    focused: bool,
    input_style: Style,
    theme: &Theme,
    lang: Lang,
) {
    match &mut field.input {
        Input::Text(input) => {
            let hint = field.hint.map(|h| (h.get(lang), theme.style(Role::Muted)));
            input.render(frame.buffer_mut(), area, input_style, focused, hint);
        }
        Input::Multi(ta, _) if !focused => {
            // Not being typed in: the start of the text, as a one-line field shows it.
            let placeholder = field.hint.map(|h| (h.get(lang), theme.style(Role::Muted)));
            draw_text_start(
                frame,
                &ta.lines().join("\n"),
                area,
                input_style,
                placeholder,
            );
            // The next time it has the focus it starts with a fresh view.
            field.drawn = None;
        }
        Input::Multi(ta, _) => {
            if field.drawn != Some((area.width, area.height)) {
                // Focus just arrived or the screen changed size: the text area's remembered
                // scroll offset belongs to another size (fragments, blank rows); start again
                // from the top, scrolled only as far as the cursor needs.
                fresh_view(ta);
                field.drawn = Some((area.width, area.height));
            }
            ta.set_style(input_style);
            // Only the focused field shows a cursor.
            ta.set_cursor_style(if focused {
                Style::default().add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                input_style
            });
            if let Some(h) = field.hint {
                ta.set_placeholder_text(h.get(lang));
                ta.set_placeholder_style(theme.style(Role::Muted));
            }
            frame.render_widget(&**ta, area);
        }
        Input::Choice { options, index } => {
            let label = options.get(*index).map(|(_, l)| l.as_str()).unwrap_or("");
            let text = if focused {
                format!("◂ {label} ▸")
            } else {
                label.to_string()
            };
            frame.render_widget(
                Paragraph::new(Line::styled(text, input_style)).wrap(Wrap { trim: false }),
                area,
            );
        }
        Input::Set {
            options,
            ticked,
            cursor,
            ..
        } => {
            let mut spans = Vec::new();
            for (i, ((_, label), t)) in options.iter().zip(ticked.iter()).enumerate() {
                let mark = if *t { "[x]" } else { "[ ]" };
                let style = if focused && i == *cursor {
                    theme.style(Role::Selected)
                } else {
                    input_style
                };
                // Non-breaking spaces keep each option whole when the line wraps.
                let item = format!("{mark} {label}").replace(' ', "\u{a0}");
                spans.push(Span::styled(item, style));
                spans.push(Span::raw("  "));
            }
            frame.render_widget(
                Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }),
                area,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_str(form: &mut Form, s: &str) {
        for c in s.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn sample() -> Form {
        Form::new(
            T::form_new_request,
            vec![
                Field::choice(
                    "kind",
                    T::f_kind,
                    vec![
                        ("access", "inzage".into()),
                        ("erasure", "verwijdering".into()),
                    ],
                    "access",
                ),
                Field::text("name", T::f_requester, ""),
                Field::multi("summary", T::f_summary, "", 3),
            ],
        )
    }

    #[test]
    fn typing_tabbing_and_choosing() {
        let mut f = sample();
        f.handle_key(key(KeyCode::Char('v')));
        assert_eq!(f.value("kind"), "erasure");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.value("kind"), "access");
        f.handle_key(key(KeyCode::Enter));
        type_str(&mut f, "Jan Smit");
        assert_eq!(f.value("name"), "Jan Smit");
        assert!(f.field("name").unwrap().changed());
        f.handle_key(key(KeyCode::Enter));
        type_str(&mut f, "line one");
        f.handle_key(key(KeyCode::Enter));
        type_str(&mut f, "line two");
        assert_eq!(f.value("summary"), "line one\nline two");
        assert!(f.changed());
        f.prev();
        assert_eq!(f.focus, 1);
    }

    #[test]
    fn enter_on_the_last_single_line_field_submits() {
        let mut f = Form::new(T::form_note, vec![Field::text("note", T::f_note, "")]);
        type_str(&mut f, "called");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), FormEvent::Submit);
        let mut confirm = Form::new(T::form_close, vec![]);
        assert_eq!(confirm.handle_key(key(KeyCode::Enter)), FormEvent::Submit);
    }

    #[test]
    fn errors_attach_to_fields() {
        let mut f = sample();
        f.set_error("name", "is required".into());
        f.set_error("nope", "general".into());
        assert!(f.has_errors());
        f.focus_first_error();
        assert_eq!(f.focus, 1);
        f.clear_errors();
        assert!(!f.has_errors());
    }
}

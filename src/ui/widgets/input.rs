//! One line of text input, as officers know it from readline and vim's command line: the cursor
//! is always visible (the line scrolls sideways), Home/End, Left/Right, Ctrl-U clears to the
//! start, Ctrl-W deletes a word, and a suggested value is replaced by the first key typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default)]
pub struct TextInput {
    chars: Vec<char>,
    /// Position of the cursor in `chars` (0 = before the first character).
    cursor: usize,
    /// A suggested value (today's date, the officer's name) that the first typed key replaces.
    suggested: bool,
    /// First character shown; kept between draws so the view moves as little as possible.
    scroll: usize,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        TextInput {
            cursor: chars.len(),
            chars,
            suggested: false,
            scroll: 0,
        }
    }

    /// A value the form suggests: typing replaces it, moving on keeps it.
    pub fn suggested(text: &str) -> TextInput {
        TextInput {
            suggested: !text.is_empty(),
            ..TextInput::new(text)
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn is_suggested(&self) -> bool {
        self.suggested
    }

    pub fn set_text(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    pub fn clear(&mut self) {
        self.set_text("");
    }

    /// Handles an editing key; false when the key is not an editing key (the owner's then).
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let typing = match key.code {
            KeyCode::Char(_) if !ctrl => true,
            KeyCode::Backspace | KeyCode::Delete => true,
            KeyCode::Char('u' | 'w' | 'k') if ctrl => true,
            _ => false,
        };
        if std::mem::take(&mut self.suggested) && typing {
            // The first edit replaces the suggestion; a deleting key only removes it.
            self.chars.clear();
            self.cursor = 0;
            if !matches!(key.code, KeyCode::Char(_)) || ctrl {
                return true;
            }
        }
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Char('k') if ctrl => self.chars.truncate(self.cursor),
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.chars.len(),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Backspace | KeyCode::Delete => {}
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => return false,
        }
        true
    }

    /// Ctrl-W: the word before the cursor and the spaces after it, as in readline.
    fn delete_word(&mut self) {
        let mut start = self.cursor;
        while start > 0 && self.chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !self.chars[start - 1].is_whitespace() {
            start -= 1;
        }
        self.chars.drain(start..self.cursor);
        self.cursor = start;
    }

    /// Draws the line into `area`'s first row. A focused input shows its cursor (a reversed
    /// cell) and scrolls so the cursor stays in view; an unfocused one shows its start.
    pub fn render(
        &mut self,
        buf: &mut Buffer,
        area: Rect,
        style: Style,
        focused: bool,
        placeholder: Option<(&str, Style)>,
    ) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = area.width as usize;
        buf.set_style(Rect { height: 1, ..area }, style);
        if self.chars.is_empty() {
            if let Some((hint, hint_style)) = placeholder {
                let hint = crate::ui::widgets::table::clip(hint, width);
                buf.set_stringn(area.x, area.y, hint, width, hint_style);
            }
            if focused {
                self.scroll = 0;
                // The cursor sits on the placeholder's first letter without hiding it.
                let first = placeholder
                    .and_then(|(hint, _)| hint.chars().next())
                    .filter(|c| c.width() == Some(1))
                    .unwrap_or(' ');
                buf.set_string(
                    area.x,
                    area.y,
                    first.to_string(),
                    style.add_modifier(Modifier::REVERSED),
                );
            }
            return;
        }
        // A cut is visible: "…" where text is hidden before or after what is shown.
        let mut start = if focused {
            visible_start(&self.chars, self.scroll, self.cursor, width)
        } else {
            0
        };
        let mut x = area.x;
        if start > 0 && width > 1 {
            start = visible_start(&self.chars, start, self.cursor, width - 1);
            buf.set_string(x, area.y, "…", style);
            x += 1;
        }
        if focused {
            self.scroll = start;
        }
        let end = area.x + area.width;
        for (i, c) in self.chars.iter().enumerate().skip(start) {
            let w = cell_width(*c) as u16;
            if x + w > end {
                // What does not fit shows as an ellipsis in the last cell.
                if end > area.x {
                    buf.set_string(end - 1, area.y, "…", style);
                }
                break;
            }
            let cell_style = if focused && i == self.cursor {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            let text = match crate::domain::text::is_invisible(*c) {
                true => crate::domain::text::invisible_marker(*c),
                false => c.to_string(),
            };
            buf.set_stringn(x, area.y, text, w as usize, cell_style);
            x += w;
        }
        if focused && self.cursor == self.chars.len() && x < end {
            cursor_cell(buf, x, area.y, style);
        }
    }
}

/// Columns a character takes in the input: an invisible or direction-changing character (pasted,
/// or in a stored value) is shown as `⟨U+202E⟩`, so the officer sees what saving would refuse.
fn cell_width(c: char) -> usize {
    if crate::domain::text::is_invisible(c) {
        unicode_width::UnicodeWidthStr::width(crate::domain::text::invisible_marker(c).as_str())
    } else {
        c.width().unwrap_or(0)
    }
}

fn cursor_cell(buf: &mut Buffer, x: u16, y: u16, style: Style) {
    buf.set_string(x, y, " ", style.add_modifier(Modifier::REVERSED));
}

/// The first character to show so that the cursor (and one cell for it at the end) fits in
/// `width` columns, moving the view as little as possible from `scroll`.
fn visible_start(chars: &[char], scroll: usize, cursor: usize, width: usize) -> usize {
    let w = |c: &char| cell_width(*c);
    let mut start = scroll.min(cursor);
    // Columns from `start` up to and including the cursor cell.
    let span = |start: usize| chars[start..cursor].iter().map(w).sum::<usize>() + 1;
    while start < cursor && span(start) > width {
        start += 1;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(input: &mut TextInput, s: &str) {
        for c in s.chars() {
            input.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn screen(input: &mut TextInput, width: u16, focused: bool) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        input.render(&mut buf, area, Style::default(), focused, None);
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn a_suggestion_is_replaced_by_typing_and_kept_when_moving_on() {
        let mut who = TextInput::suggested("root");
        typed(&mut who, "A. Jansen");
        assert_eq!(who.text(), "A. Jansen");

        let kept = TextInput::suggested("2026-11-23");
        assert_eq!(kept.text(), "2026-11-23");

        // Moving the cursor first makes the suggestion editable instead.
        let mut date = TextInput::suggested("2026-11-23");
        date.handle_key(key(KeyCode::Left));
        date.handle_key(key(KeyCode::Backspace));
        assert_eq!(date.text(), "2026-11-3");

        let mut cleared = TextInput::suggested("root");
        cleared.handle_key(key(KeyCode::Backspace));
        assert_eq!(cleared.text(), "");
    }

    #[test]
    fn ctrl_u_clears_to_the_start_and_ctrl_w_deletes_a_word() {
        let mut line = TextInput::new("laptop niet versleuteld");
        line.handle_key(ctrl('w'));
        assert_eq!(line.text(), "laptop niet ");
        line.handle_key(ctrl('w'));
        assert_eq!(line.text(), "laptop ");
        line.handle_key(key(KeyCode::Left));
        line.handle_key(key(KeyCode::Left));
        line.handle_key(ctrl('u'));
        assert_eq!(line.text(), "p ");
        line.handle_key(key(KeyCode::End));
        typed(&mut line, "x");
        assert_eq!(line.text(), "p x");
        line.handle_key(key(KeyCode::Home));
        typed(&mut line, "a");
        assert_eq!(line.text(), "ap x");
    }

    #[test]
    fn a_long_line_scrolls_so_the_cursor_stays_visible() {
        let long: String = (0..200)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let mut line = TextInput::new("");
        typed(&mut line, &long);
        let shown = screen(&mut line, 20, true);
        // An ellipsis for the hidden start, the last 18 characters and the cursor cell.
        assert_eq!(shown, format!("…{} ", &long[182..]));
        // Unfocused, the field shows its start, never its tail, and says it goes on.
        assert_eq!(screen(&mut line, 20, false), format!("{}…", &long[..19]));
        line.handle_key(key(KeyCode::Home));
        assert_eq!(screen(&mut line, 20, true), format!("{}…", &long[..19]));
    }

    #[test]
    fn wide_characters_and_the_cursor_fit() {
        let mut line = TextInput::new("");
        typed(&mut line, "Ömer Yılmaz 日本");
        let shown = screen(&mut line, 8, true);
        assert!(shown.contains('本'), "{shown:?}");
        assert_eq!(line.text(), "Ömer Yılmaz 日本");
    }

    #[test]
    fn an_invisible_character_is_shown_by_its_code_and_kept() {
        let mut line = TextInput::new("Jan\u{202E}slaw");
        assert_eq!(screen(&mut line, 20, false).trim_end(), "Jan⟨U+202E⟩slaw");
        // The value itself is unchanged: saving it is what the rules refuse.
        assert_eq!(line.text(), "Jan\u{202E}slaw");
        // The cursor at the end stays in view past the wide marker.
        line.handle_key(key(KeyCode::End));
        let shown = screen(&mut line, 10, true);
        assert!(shown.starts_with("…slaw "), "{shown:?}");
    }
}

//! The detail views' builder: section titles and label/value fields. Values are wrapped here,
//! at the width the view is drawn at, so a wrapped value continues under the value column and
//! never at column 0.

use crate::ui::theme::{Role, Theme};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width of the label column in detail views (labels are indented by two).
pub const LABEL_WIDTH: usize = 26;
/// On a narrow screen the label column shrinks to this, so values keep room.
const NARROW_LABEL_WIDTH: usize = 18;

pub struct Detail<'t> {
    theme: &'t Theme,
    width: usize,
    label_width: usize,
    lines: Vec<Line<'static>>,
}

impl<'t> Detail<'t> {
    pub fn new(theme: &'t Theme, width: u16) -> Detail<'t> {
        let width = (width as usize).max(20);
        let label_width = if width < 70 {
            NARROW_LABEL_WIDTH
        } else {
            LABEL_WIDTH
        };
        Detail {
            theme,
            width,
            label_width,
            lines: Vec::new(),
        }
    }

    pub fn lines(self) -> Vec<Line<'static>> {
        self.lines
    }

    /// A line as it is (a title line of spans); cut rather than wrapped. Its text is made safe
    /// to show like every other detail text (see [`wrap`]).
    pub fn line(&mut self, mut line: Line<'static>) -> &mut Self {
        for span in &mut line.spans {
            if let std::borrow::Cow::Owned(safe) = crate::domain::text::shown(&span.content) {
                span.content = safe.into();
            }
        }
        self.lines.push(line);
        self
    }

    pub fn blank(&mut self) -> &mut Self {
        self.lines.push(Line::raw(""));
        self
    }

    pub fn section(&mut self, title: &str) -> &mut Self {
        self.lines.push(Line::raw(""));
        self.lines.push(Line::styled(
            title.to_string(),
            self.theme.style(Role::Title),
        ));
        self
    }

    /// A label and its value; an empty value reads "—". Long labels wrap in their column.
    pub fn field(&mut self, label: &str, value: impl AsRef<str>, style: Style) -> &mut Self {
        let value = value.as_ref();
        let value = if value.trim().is_empty() {
            "—"
        } else {
            value
        };
        let indent = 2 + self.label_width + 1;
        let value_width = self.width.saturating_sub(indent).max(10);
        let label_parts = wrap(label, self.label_width);
        let value_parts = wrap(value, value_width);
        let rows = label_parts.len().max(value_parts.len());
        let label_style = self.theme.style(Role::Label);
        for i in 0..rows {
            let label = label_parts.get(i).map(String::as_str).unwrap_or("");
            let pad = self.label_width.saturating_sub(label.width());
            let mut spans = vec![Span::styled(
                format!("  {label}{} ", " ".repeat(pad)),
                label_style,
            )];
            if let Some(v) = value_parts.get(i) {
                spans.push(Span::styled(v.clone(), style));
            }
            self.lines.push(Line::from(spans));
        }
        self
    }

    /// A paragraph indented by two, wrapped under itself.
    pub fn text(&mut self, text: &str, style: Style) -> &mut Self {
        for part in wrap(text, self.width.saturating_sub(2).max(10)) {
            self.lines.push(Line::styled(format!("  {part}"), style));
        }
        self
    }

    /// An entry with a lead ("23-11 10:02 fg: ") and text that wraps under the text, not the
    /// lead (timelines, call logs, consent history).
    pub fn entry(&mut self, lead: &str, lead_style: Style, text: &str, style: Style) -> &mut Self {
        let lead = format!("  {lead}");
        let indent = lead.width().min(self.width / 2);
        let parts = wrap(text, self.width.saturating_sub(indent).max(10));
        for (i, part) in parts.into_iter().enumerate() {
            let first = if i == 0 {
                Span::styled(lead.clone(), lead_style)
            } else {
                Span::raw(" ".repeat(indent))
            };
            self.lines
                .push(Line::from(vec![first, Span::styled(part, style)]));
        }
        self
    }
}

/// Splits `text` into lines of at most `width` columns: at spaces where it can, inside a word
/// only when one word is longer than the line; the text's own line breaks are kept. Every
/// detail field, paragraph and entry passes here, so stored text is made safe to show here:
/// control characters become `�`, invisible or direction-changing ones `⟨U+202E⟩`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let text = crate::domain::text::shown(text);
    let text = text.as_ref();
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let w = word.width();
            let gap = usize::from(!line.is_empty());
            if used + gap + w <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            // A word longer than the line is broken where it must be.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wrapped_values_continue_under_the_value_column() {
        let theme = Theme::default();
        let mut d = Detail::new(&theme, 60);
        d.field(
            "Samenvatting",
            "Ouder vraagt een kopie van het volledige leerlingdossier inclusief notities",
            Style::default(),
        );
        let lines = text(&d.lines());
        assert!(lines.len() > 1, "{lines:?}");
        let value_col = 2 + NARROW_LABEL_WIDTH + 1;
        for l in &lines {
            assert!(l.width() <= 60, "{l:?}");
        }
        for l in &lines[1..] {
            assert!(l[..value_col].trim().is_empty(), "{l:?}");
            assert!(!l[value_col..].starts_with(' '), "{l:?}");
        }
    }

    #[test]
    fn entries_wrap_under_their_text() {
        let theme = Theme::default();
        let mut d = Detail::new(&theme, 40);
        d.entry(
            "23-11 10:02 fg: ",
            Style::default(),
            "Leraar belt: laptop niet versleuteld, gestolen uit de auto",
            Style::default(),
        );
        let lines = text(&d.lines());
        assert!(lines.len() >= 2);
        let indent = "  23-11 10:02 fg: ".len();
        assert!(lines[1][..indent].trim().is_empty(), "{lines:?}");
    }

    #[test]
    fn long_words_break_and_line_breaks_stay() {
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("een\ntwee drie", 20), vec!["een", "twee drie"]);
        assert_eq!(wrap("", 5), vec![""]);
    }
}

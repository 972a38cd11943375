//! Building blocks of the detail views: section titles and label/value lines.

use crate::i18n::{Lang, T};
use crate::ui::theme::{Role, Theme};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Width of the label column in detail views.
pub const LABEL_WIDTH: usize = 26;

pub fn section(lines: &mut Vec<Line<'static>>, title: T, theme: &Theme, lang: Lang) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        title.get(lang).to_string(),
        theme.style(Role::Title),
    ));
}

/// A label and a value; a multi-line value continues under the value column, and a label longer
/// than the column still keeps a space before its value.
pub fn kv(
    lines: &mut Vec<Line<'static>>,
    label: &str,
    value: impl AsRef<str>,
    theme: &Theme,
    style: Style,
) {
    let value = value.as_ref();
    let value = if value.trim().is_empty() {
        "—"
    } else {
        value
    };
    let value = crate::domain::text::shown(value);
    for (i, part) in value.lines().enumerate() {
        let label = if i == 0 { label } else { "" };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {label:<width$} ", width = LABEL_WIDTH),
                theme.style(Role::Label),
            ),
            Span::styled(part.to_string(), style),
        ]));
    }
}

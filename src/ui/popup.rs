//! A centred, bordered box over the screen: forms, help and dialogs all open in one.

use super::theme::{Role, Theme};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// Clears a `width` x `height` box centred in `area` (clamped to it), draws its border and
/// title, and returns the space inside.
pub fn open(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Role::BorderFocused))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)))
        .style(theme.style(Role::Base));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

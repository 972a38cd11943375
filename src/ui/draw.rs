//! Draws the whole screen from the state: tab bar, the active pane, status bar and key hints.

use super::keys::{self, Context};
use super::panes::{breaches, requests};
use super::state::{Level, Tab, UiState, View};
use super::theme::Role;
use crate::i18n::T;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

/// Below this the layout cannot show a usable queue.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub fn draw(frame: &mut Frame, ui: &mut UiState, session: &crate::app::Session) {
    let tz = session.config.timezone;
    let area = frame.area();
    frame.render_widget(Block::default().style(ui.theme.style(Role::Base)), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, ui, area);
        return;
    }
    let [tabs, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(frame, ui, tabs);
    match (ui.tab, ui.view) {
        (Tab::Requests, View::Queue) => requests::draw_queue(frame, body, ui),
        (Tab::Breaches, _) => match ui.breach_view {
            View::Queue => breaches::draw_register(frame, body, ui, tz),
            View::Detail { scroll } => breaches::draw_detail(frame, body, ui, scroll, tz),
        },
        (Tab::Consent, _) => {
            super::panes::consent::draw(frame, body, &mut ui.consent, session, &ui.theme, ui.lang)
        }
        (Tab::Requests, View::Detail { scroll }) => {
            requests::draw_detail(frame, body, ui, scroll, tz)
        }
    }
    draw_status(frame, ui, status);
    draw_hints(frame, ui, hints);
    if let Some(open) = &mut ui.form {
        open.form.draw(frame, body, &ui.theme, ui.lang);
    } else if let Some(dialog) = &ui.recipients {
        dialog.draw(frame, body, &ui.theme, ui.lang);
    } else if ui.help {
        draw_help(frame, ui, body);
    }
}

fn draw_too_small(frame: &mut Frame, ui: &UiState, area: Rect) {
    let text = vec![
        Line::styled(T::too_small.get(ui.lang), ui.theme.style(Role::Warning)),
        Line::raw(format!(
            "{} {MIN_WIDTH}x{MIN_HEIGHT} ({}x{})",
            T::too_small_hint.get(ui.lang),
            area.width,
            area.height
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn draw_tabs(frame: &mut Frame, ui: &UiState, area: Rect) {
    let theme = &ui.theme;
    let mut spans = vec![Span::styled(" avgdesk ", theme.style(Role::Title))];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let style = if *tab == ui.tab {
            theme.style(Role::TabActive)
        } else {
            theme.style(Role::Tab)
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, tab.title().get(ui.lang)),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let date = ui.today.format("%Y-%m-%d ").to_string();
    if area.width as usize > date.len() + 50 {
        frame.render_widget(
            Paragraph::new(Line::styled(date, theme.style(Role::Muted)).right_aligned()),
            area,
        );
    }
}

fn draw_status(frame: &mut Frame, ui: &UiState, area: Rect) {
    let theme = &ui.theme;
    let lang = ui.lang;
    let s = ui.stats;
    let mut spans = vec![
        Span::styled(
            format!(" {} {} ", T::status_open.get(lang), s.open),
            theme.style(Role::StatusBar),
        ),
        Span::styled(
            format!(" {} {} ", T::status_due_7.get(lang), s.due_within_7),
            if s.due_within_7 > 0 {
                theme.style(Role::DueSoon)
            } else {
                theme.style(Role::StatusBar)
            },
        ),
        Span::styled(
            format!(" {} {} ", T::status_overdue.get(lang), s.overdue),
            if s.overdue > 0 {
                theme.style(Role::Overdue)
            } else {
                theme.style(Role::StatusBar)
            },
        ),
    ];
    if ui.show_closed {
        spans.push(Span::styled(
            format!(" {} ", T::showing_closed.get(lang)),
            theme.style(Role::Muted),
        ));
    }
    if ui.filtering || !ui.filter.is_empty() {
        let cursor = if ui.filtering { "▏" } else { "" };
        spans.push(Span::styled(" /", theme.style(Role::Key)));
        spans.push(Span::styled(
            format!("{}{cursor} ", ui.filter),
            theme.style(Role::InputFocused),
        ));
        let matching = match ui.tab {
            Tab::Breaches => ui.breach_visible.len(),
            Tab::Consent => ui.consent.total,
            Tab::Requests => ui.visible.len(),
        };
        spans.push(Span::styled(
            format!("({matching}) "),
            theme.style(Role::Muted),
        ));
    }
    if let Some((level, msg)) = &ui.message {
        let style = match level {
            Level::Info => theme.style(Role::Success),
            Level::Error => theme.style(Role::Error),
        };
        spans.push(Span::styled(format!(" {msg} "), style));
    }
    // Every breach still awaiting the AP decision shows its clock here, on every tab.
    let pending: Vec<_> = ui.pending_breaches().collect();
    for row in pending.iter().take(2) {
        spans.push(Span::styled(
            format!(
                " AP {} {} ",
                row.breach.id,
                breaches::countdown(&row.clock, lang)
            ),
            breaches::clock_style(&row.clock, theme),
        ));
    }
    if pending.len() > 2 {
        spans.push(Span::styled(
            format!(" +{} ", pending.len() - 2),
            theme.style(Role::Warning),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The hint bar: help and quit always, at the right; the context's other hinted keys before
/// them, as many as fit.
pub fn hint_line(context: Context, ui: &UiState, width: u16) -> Line<'static> {
    let theme = &ui.theme;
    let lang = ui.lang;
    let pair = |b: &keys::Binding| {
        vec![
            Span::styled(b.display.to_string(), theme.style(Role::Key)),
            Span::styled(
                format!(" {}  ", b.label.get(lang)),
                theme.style(Role::KeyDesc),
            ),
        ]
    };
    let len = |b: &keys::Binding| b.display.chars().count() + b.label.get(lang).chars().count() + 3;
    let always = |b: &&keys::Binding| matches!(b.action, keys::Action::Help | keys::Action::Quit);
    let hinted: Vec<&keys::Binding> = keys::listed(context).filter(|b| b.hint).collect();
    let tail: Vec<&keys::Binding> = hinted.iter().copied().filter(always).collect();
    let mut room = (width as usize).saturating_sub(tail.iter().map(|b| len(b)).sum::<usize>() + 1);
    let mut spans = Vec::new();
    for b in hinted.iter().filter(|b| !always(b)) {
        if len(b) > room {
            break;
        }
        room -= len(b);
        spans.extend(pair(b));
    }
    spans.push(Span::raw(" ".repeat(room)));
    for b in tail {
        spans.extend(pair(b));
    }
    Line::from(spans)
}

fn draw_hints(frame: &mut Frame, ui: &UiState, area: Rect) {
    let line = if ui.capture.is_some() && ui.form.is_none() {
        // While logging a call every key types; only these two do something else.
        Line::from(vec![
            Span::styled("Enter", ui.theme.style(Role::Key)),
            Span::styled(
                format!(" {}  ", T::key_save.get(ui.lang)),
                ui.theme.style(Role::KeyDesc),
            ),
            Span::styled("Esc", ui.theme.style(Role::Key)),
            Span::styled(
                format!(" {}  ", T::key_stop_log.get(ui.lang)),
                ui.theme.style(Role::KeyDesc),
            ),
        ])
    } else if ui.filtering {
        Line::from(vec![
            Span::styled("Enter", ui.theme.style(Role::Key)),
            Span::styled(
                format!(" {} ", T::key_filter.get(ui.lang)),
                ui.theme.style(Role::KeyDesc),
            ),
            Span::styled("Esc", ui.theme.style(Role::Key)),
            Span::styled(
                format!(" {} ", T::key_cancel.get(ui.lang)),
                ui.theme.style(Role::KeyDesc),
            ),
        ])
    } else {
        hint_line(ui.context(), ui, area.width)
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_help(frame: &mut Frame, ui: &UiState, area: Rect) {
    let theme = &ui.theme;
    let lang = ui.lang;
    let mut entries: Vec<(String, &str)> = keys::listed(ui.context())
        .map(|b| (b.display.to_string(), b.label.get(lang)))
        .collect();
    entries.push(("Ctrl-S".into(), T::key_save_form.get(lang)));
    // One column when it fits, two when the screen is short.
    let room = area.height.saturating_sub(4).max(1) as usize;
    let columns = if entries.len() <= room { 1 } else { 2 };
    let per_column = entries.len().div_ceil(columns);
    let cell = |i: usize| -> Vec<Span<'static>> {
        match entries.get(i) {
            Some((key, label)) => vec![
                Span::styled(format!(" {key:<10}"), theme.style(Role::Key)),
                Span::styled(format!("{label:<18}"), theme.style(Role::KeyDesc)),
            ],
            None => Vec::new(),
        }
    };
    let mut lines: Vec<Line> = (0..per_column)
        .map(|row| {
            let mut spans = cell(row);
            if columns == 2 {
                spans.extend(cell(row + per_column));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", T::help_close.get(lang)),
        theme.style(Role::Muted),
    ));
    let width = if columns == 2 { 64 } else { 40 };
    let inner = super::popup::open(
        frame,
        area,
        width,
        lines.len() as u16 + 2,
        T::help_title.get(lang),
        theme,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

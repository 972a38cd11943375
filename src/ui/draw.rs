//! Draws the whole screen from the state: tab bar, the active pane, the message, status bar
//! and key hints, and the open dialog over the pane.

use super::dialogs::Dialog;
use super::keys::{self, Context};
use super::panes::{Level, View};
use super::state::UiState;
use super::theme::Role;
use super::widgets::status;
use crate::i18n::T;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Below this the layout cannot show a usable queue.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// A message longer than this many lines opens as a popup instead.
const MESSAGE_LINES: u16 = 3;

pub fn draw(frame: &mut Frame, ui: &mut UiState, session: &crate::app::Session) {
    let area = frame.area();
    frame.render_widget(Block::default().style(ui.theme.style(Role::Base)), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, ui, area);
        return;
    }
    let message = message_paragraph(ui);
    let message_height = message
        .as_ref()
        .map(|p| p.line_count(area.width.saturating_sub(1)) as u16)
        .unwrap_or(0);
    // A message is never cut: it wraps over up to three lines, longer ones open as a popup.
    let inline = message_height <= MESSAGE_LINES;
    let [tabs, body, message_area, status_area, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(if inline { message_height } else { 0 }),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(frame, ui, tabs);
    let focused = ui.dialog.is_none();
    {
        let view = View {
            session,
            theme: &ui.theme,
            lang: ui.lang,
            shared: &ui.shared,
            focused,
        };
        ui.panes[ui.active].draw(frame, body, &view);
    }
    if let Some(p) = message {
        if inline {
            // Indented by one, so a wrapped line continues under the first.
            let indented = Rect {
                x: message_area.x + 1,
                width: message_area.width.saturating_sub(1),
                ..message_area
            };
            frame.render_widget(p, indented);
        } else {
            let lines = p.line_count(body.width.saturating_sub(4)) as u16;
            let inner = super::popup::open(
                frame,
                body,
                body.width,
                lines + 2,
                T::message_title.get(ui.lang),
                &ui.theme,
            );
            frame.render_widget(p.block(Block::default()), inner);
        }
    }
    draw_status(frame, ui, status_area);
    draw_hints(frame, ui, hints);
    let (theme, lang) = (&ui.theme, ui.lang);
    match &mut ui.dialog {
        Some(Dialog::Form(fd)) => {
            // The pane behind a form would show as cut-off fragments beside it: a form has
            // the body to itself.
            frame.render_widget(ratatui::widgets::Clear, body);
            frame.render_widget(Block::default().style(theme.style(Role::Base)), body);
            fd.form.draw(frame, body, theme, lang)
        }
        Some(Dialog::Confirm(c)) => {
            let text: Vec<Line> = c
                .question
                .iter()
                .map(|q| Line::styled(q.clone(), theme.style(Role::Base)))
                .collect();
            let p = Paragraph::new(text).wrap(Wrap { trim: false });
            let width = body.width.min(70);
            let height = p.line_count(width.saturating_sub(2)) as u16 + 2;
            let inner = super::popup::open(frame, body, width, height, c.title.get(lang), theme);
            frame.render_widget(p, inner);
        }
        Some(Dialog::Recipients(r)) => r.draw(frame, body, theme, lang),
        Some(Dialog::Help { .. }) => draw_help(frame, ui, body, session.encrypted()),
        Some(Dialog::Letters(c)) => c.draw(frame, body, theme, lang),
        Some(Dialog::Preview(p)) => p.draw(frame, body, theme, lang),
        Some(Dialog::Search(_)) | None => {}
    }
}

fn message_paragraph(ui: &UiState) -> Option<Paragraph<'static>> {
    let (level, text) = ui.message.as_ref()?;
    let style = match level {
        Level::Info => ui.theme.style(Role::Success),
        Level::Warning => ui.theme.style(Role::DueSoon),
        Level::Error => ui.theme.style(Role::Error),
    };
    // A refusal passed on from a rule reads as a sentence: it starts with a capital.
    let text = crate::i18n::sentence(text);
    Some(Paragraph::new(Line::styled(text, style)).wrap(Wrap { trim: false }))
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
    for (i, pane) in ui.panes.iter().enumerate() {
        let style = if i == ui.active {
            theme.style(Role::TabActive)
        } else {
            theme.style(Role::Tab)
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, pane.title().get(ui.lang)),
            style,
        ));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let date = format!("{} ", crate::i18n::dates::date(ui.shared.today, ui.lang));
    if area.width as usize >= used + date.width() + 2 {
        frame.render_widget(
            Paragraph::new(Line::styled(date, theme.style(Role::Muted)).right_aligned()),
            area,
        );
    }
}

fn draw_status(frame: &mut Frame, ui: &mut UiState, area: Rect) {
    let (theme, lang) = (&ui.theme, ui.lang);
    let pane = &ui.panes[ui.active];
    let mut extra = Vec::new();
    if let Some(note) = pane.note() {
        extra.push(Span::styled(
            format!(" {} ", note.get(lang)),
            theme.style(Role::Muted),
        ));
    }
    frame.render_widget(Block::default().style(theme.style(Role::StatusBar)), area);
    if let Some(Dialog::Search(input)) = &mut ui.dialog {
        // The search being typed: an input with its cursor, then the count, then the clocks.
        let matches = pane
            .matches()
            .map(|n| format!(" ({n}) "))
            .unwrap_or_default();
        // The overdue requests and the clocks stay while a search is typed, too.
        let overdue =
            status::overdue_span(&ui.shared, theme, lang, pane.title() != T::tab_requests);
        let overdue_width = overdue.content.width();
        let clocks = status::countdowns(
            &ui.shared,
            theme,
            lang,
            (area.width as usize / 2).saturating_sub(overdue_width),
        );
        let clocks_width: u16 = clocks.iter().map(|s| s.content.width() as u16).sum();
        let [slash, field, count, right] = Layout::horizontal([
            Constraint::Length(2),
            Constraint::Min(8),
            Constraint::Length(matches.width() as u16),
            Constraint::Length(clocks_width + overdue_width as u16),
        ])
        .areas(area);
        let clocks: Vec<Span> = std::iter::once(overdue).chain(clocks).collect();
        frame.render_widget(
            Paragraph::new(Span::styled(" /", theme.style(Role::Key))),
            slash,
        );
        input.render(
            frame.buffer_mut(),
            field,
            theme.style(Role::InputFocused),
            true,
            None,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(matches, theme.style(Role::Muted))),
            count,
        );
        frame.render_widget(Paragraph::new(Line::from(clocks)), right);
        return;
    }
    let search =
        (!pane.search_text().is_empty()).then(|| (pane.search_text().to_string(), pane.matches()));
    let parts = status::StatusParts {
        search,
        extra,
        on_requests: pane.title() == T::tab_requests,
    };
    let line = status::line(&ui.shared, theme, lang, area.width as usize, parts);
    // One background under the whole bar, whatever each part's colour.
    frame.render_widget(
        Paragraph::new(line).style(theme.style(Role::StatusBar)),
        area,
    );
}

/// The hint bar: in a dialog only the dialog's keys; in a pane its hinted keys, with help and
/// quit always at the right.
pub fn hint_line(context: Context, ui: &UiState, width: u16) -> Line<'static> {
    let theme = &ui.theme;
    let lang = ui.lang;
    // A filter form applies rather than saves.
    let save_label = match &ui.dialog {
        Some(Dialog::Form(fd)) => fd.form.save_label,
        _ => T::key_save,
    };
    // Outside a dialog the pane says what its keys do now (or that they do nothing).
    let in_pane = ui.dialog.is_none();
    let now = |b: &keys::Binding| {
        if in_pane {
            ui.pane().hint_label(b.action, b.label)
        } else {
            Some(b.label)
        }
    };
    let label = |b: &keys::Binding| {
        if b.action == keys::Action::Save {
            save_label.get(lang)
        } else {
            now(b).unwrap_or(b.label).get(lang)
        }
    };
    let pair = |b: &keys::Binding| {
        vec![
            Span::styled(b.display.to_string(), theme.style(Role::Key)),
            Span::styled(format!(" {}  ", label(b)), theme.style(Role::KeyDesc)),
        ]
    };
    let len = |b: &keys::Binding| b.display.width() + label(b).width() + 3;
    let always = |b: &&keys::Binding| matches!(b.action, keys::Action::Help | keys::Action::Quit);
    let mut hinted: Vec<&keys::Binding> = keys::listed(context)
        .filter(|b| b.hint && now(b).is_some())
        .collect();
    // A form of one field has no next field.
    if let Some(Dialog::Form(fd)) = &ui.dialog {
        if fd.form.fields.len() < 2 {
            hinted.retain(|b| b.action != keys::Action::NextField);
        }
    }
    // In a form, the keys of the focused field come first: ←/→ in a list, Space in a checklist.
    if let Some(Dialog::Form(fd)) = &ui.dialog {
        use crate::ui::forms::form::Input;
        let own: &[&str] = match fd.form.fields.get(fd.form.focus).map(|f| &f.input) {
            Some(Input::Choice { .. }) => &["←/→"],
            Some(Input::Set { .. }) => &["Space", "←/→"],
            _ => &[],
        };
        // Clearing a whole multi-line field comes last: only where there is room.
        if let Some(Input::Multi(..)) = fd.form.fields.get(fd.form.focus).map(|f| &f.input) {
            hinted.extend(keys::listed(context).find(|b| b.display == "Ctrl-X"));
        }
        let extra: Vec<&keys::Binding> = own
            .iter()
            .filter_map(|d| keys::listed(context).find(|b| b.display == *d))
            .collect();
        let at = hinted.len().min(1);
        for (i, b) in extra.into_iter().enumerate() {
            hinted.insert(at + i, b);
        }
    }
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
    frame.render_widget(
        Paragraph::new(hint_line(ui.context(), ui, area.width)),
        area,
    );
}

/// The keys of the pane the help was opened from, then those of forms and inputs.
fn draw_help(frame: &mut Frame, ui: &mut UiState, area: Rect, encrypted: bool) {
    let theme = &ui.theme;
    let lang = ui.lang;
    let entry = |b: &keys::Binding| (b.display.to_string(), b.label.get(lang));
    // Opened from a dialog: that dialog's keys first; from a form only the form's keys.
    let behind = match &ui.dialog {
        Some(Dialog::Help {
            behind: Some(dialog),
            ..
        }) => Some(dialog.context()),
        _ => None,
    };
    let first = behind.unwrap_or(ui.pane().context());
    let mut entries: Vec<(String, &str)> = if first == Context::Form {
        Vec::new()
    } else {
        keys::listed(first).map(entry).collect()
    };
    let form: Vec<(String, &str)> = keys::listed(Context::Form).map(entry).collect();
    // One column when it fits, two when the screen is short.
    // The pane's keys, a blank and a title, the form's keys, and the line saying whether the
    // database is encrypted (`room` leaves out the borders, the blank and the close line).
    let total = entries.len() + form.len() + 2 + 1;
    let room = area.height.saturating_sub(4).max(1) as usize;
    // Two columns only where they fit whole; otherwise one, scrolled.
    let columns = if total <= room || area.width < 68 {
        1
    } else {
        2
    };
    if !entries.is_empty() {
        entries.push((String::new(), ""));
    }
    entries.push((String::new(), T::help_in_form.get(lang)));
    entries.extend(form);
    let per_column = entries.len().div_ceil(columns);
    let cell = |i: usize| -> Vec<Span<'static>> {
        match entries.get(i) {
            // As wide as a key and its label (1 + 10 + 21), so the second column lines up.
            Some((key, label)) if key.is_empty() => vec![Span::styled(
                format!(" {label:<31}"),
                theme.style(Role::Title),
            )],
            Some((key, label)) => vec![
                Span::styled(format!(" {key:<10}"), theme.style(Role::Key)),
                Span::styled(format!("{label:<21}"), theme.style(Role::KeyDesc)),
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
    let database = if encrypted {
        T::help_db_encrypted
    } else {
        T::help_db_plain
    };
    lines.push(Line::styled(
        format!(" {}", database.get(lang)),
        theme.style(Role::Muted),
    ));
    let width = if columns == 2 { 68 } else { 36 };
    let inner = super::popup::open(
        frame,
        area,
        width,
        lines.len() as u16 + 2,
        T::help_title.get(lang),
        theme,
    );
    // On a short screen the help scrolls (j/k, PgDn/PgUp); a marker says there is more.
    let max = (lines.len() as u16).saturating_sub(inner.height);
    let scroll = match &mut ui.dialog {
        Some(Dialog::Help { scroll, .. }) => {
            *scroll = (*scroll).min(max);
            *scroll
        }
        _ => 0,
    };
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if scroll < max && inner.height > 0 {
        let more = Rect {
            x: inner.x + inner.width.saturating_sub(3),
            y: inner.y + inner.height - 1,
            width: 3.min(inner.width),
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(Span::styled(" ↓ ", theme.style(Role::Key))),
            more,
        );
    }
}

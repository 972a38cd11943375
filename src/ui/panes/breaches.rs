//! The breach register table and one breach's record, with the running log of the call.

use super::lines::{kv, section};
use crate::app::BreachRow;
use crate::domain::breach::{Breach, Clock72};
use crate::i18n::{Lang, T};
use crate::ui::state::{UiState, View};
use crate::ui::theme::{Role, Theme};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

/// Under this many hours left the countdown turns red.
const URGENT_MINUTES: i64 = 12 * 60;

/// "54u20m", or "te laat 3u10m" once past the deadline.
pub fn countdown(clock: &Clock72, lang: Lang) -> String {
    let m = clock.minutes_left.abs();
    let h = match lang {
        Lang::Nl => "u",
        Lang::En => "h",
    };
    let text = format!("{}{h}{:02}m", m / 60, m % 60);
    if clock.overdue() {
        format!("{} {text}", T::overdue_by.get(lang))
    } else {
        text
    }
}

/// The register's narrow column: "-3u10m" once overdue (the row is red as well).
fn short_countdown(clock: &Clock72, lang: Lang) -> String {
    if clock.overdue() {
        let mut overdue = *clock;
        overdue.past_due = false;
        format!("-{}", countdown(&overdue, lang))
    } else {
        countdown(clock, lang)
    }
}

pub fn clock_style(clock: &Clock72, theme: &Theme) -> Style {
    if clock.minutes_left < URGENT_MINUTES {
        theme.style(Role::Overdue)
    } else if clock.minutes_left < 24 * 60 {
        theme.style(Role::DueSoon)
    } else {
        theme.style(Role::OnTrack)
    }
}

fn short_risk(r: crate::domain::breach::Risk, lang: Lang) -> &'static str {
    use crate::domain::breach::Risk;
    match (r, lang) {
        (Risk::None, Lang::Nl) => "geen",
        (Risk::Risk, Lang::Nl) => "risico",
        (Risk::High, Lang::Nl) => "hoog",
        (r, Lang::En) => r.code(),
    }
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

fn short(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%d-%m %H:%M").to_string()
}

pub fn draw_register(frame: &mut Frame, area: Rect, ui: &mut UiState, tz: Tz) {
    let theme = &ui.theme;
    let lang = ui.lang;
    if ui.breach_visible.is_empty() {
        let text = if ui.breaches.is_empty() {
            T::empty_register
        } else {
            T::no_match
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text.get(lang), theme.style(Role::Muted)))
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let wide = area.width >= 110;
    let header = Row::new(
        [
            T::col_id,
            T::ap_title,
            T::col_aware,
            T::col_ap_due,
            T::col_left,
            T::ap_risk,
            T::col_status,
        ]
        .iter()
        .map(|t| Cell::from(t.get(lang))),
    )
    .style(theme.style(Role::Header));
    let time = |t| if wide { local(t, tz) } else { short(t, tz) };
    let widths = [
        Constraint::Length(11),
        Constraint::Min(12),
        Constraint::Length(if wide { 16 } else { 11 }),
        Constraint::Length(if wide { 16 } else { 11 }),
        Constraint::Length(if wide { 16 } else { 13 }),
        Constraint::Length(if wide { 12 } else { 6 }),
        Constraint::Length(if wide { 12 } else { 11 }),
    ];
    let height = area.height.saturating_sub(1) as usize;
    let top = super::requests::window_top(ui.breach_top, ui.breach_selected, height);
    ui.breach_top = top;
    let rows = ui
        .breach_visible
        .iter()
        .skip(top)
        .take(height)
        .filter_map(|&i| ui.breaches.get(i))
        .map(|row| {
            let b = &row.breach;
            let pending = b.awaiting_ap_decision();
            let left = if pending {
                short_countdown(&row.clock, lang)
            } else {
                "–".into()
            };
            let risk = b
                .risk
                .map(|r| {
                    if wide {
                        r.label(lang).to_string()
                    } else {
                        short_risk(r, lang).to_string()
                    }
                })
                .unwrap_or_else(|| "?".into());
            let style = if pending {
                clock_style(&row.clock, theme)
            } else if b.is_open() {
                theme.style(Role::Base)
            } else {
                theme.style(Role::Closed)
            };
            Row::new(vec![
                Cell::from(b.id.clone()),
                Cell::from(b.title.clone()),
                Cell::from(time(b.aware_at)),
                Cell::from(time(row.clock.due)),
                Cell::from(left),
                Cell::from(risk),
                Cell::from(b.status.label(lang)),
            ])
            .style(style)
        });
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.style(Role::Selected));
    ui.page_size = height;
    let mut state = TableState::default().with_selected(Some(ui.breach_selected - top));
    frame.render_stateful_widget(table, area, &mut state);
}

fn opt_time(t: Option<DateTime<Utc>>, tz: Tz, lang: Lang) -> String {
    t.map(|t| local(t, tz))
        .unwrap_or_else(|| T::unknown.get(lang).into())
}

fn labels<X: Copy>(items: &[X], label: fn(X, Lang) -> &'static str, lang: Lang) -> String {
    items
        .iter()
        .map(|&i| label(i, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The record in the AP form's order, then the decisions, then the log.
pub fn detail_lines(row: &BreachRow, theme: &Theme, lang: Lang, tz: Tz) -> Vec<Line<'static>> {
    let b: &Breach = &row.breach;
    let base = theme.style(Role::Base);
    let mut lines = vec![Line::from(vec![
        Span::styled(b.id.clone(), theme.style(Role::Title)),
        Span::styled(format!("  {}  ", b.title), base),
        Span::styled(b.status.label(lang).to_string(), theme.style(Role::Label)),
    ])];
    let clock_text = if b.awaiting_ap_decision() {
        format!(
            "{}  ({})",
            local(row.clock.due, tz),
            countdown(&row.clock, lang)
        )
    } else {
        local(row.clock.due, tz)
    };
    let clock_style = if b.awaiting_ap_decision() {
        clock_style(&row.clock, theme)
    } else {
        base
    };
    kv(
        &mut lines,
        T::ap_deadline.get(lang),
        &clock_text,
        theme,
        clock_style,
    );

    section(&mut lines, T::ap_timeline, theme, lang);
    kv(
        &mut lines,
        T::ap_occurred.get(lang),
        opt_time(b.occurred_at, tz, lang),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_discovered.get(lang),
        opt_time(b.discovered_at, tz, lang),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::f_aware.get(lang),
        local(b.aware_at, tz),
        theme,
        base,
    );
    let ongoing = match b.ongoing {
        Some(true) => T::yes,
        Some(false) => T::no,
        None => T::unknown,
    };
    kv(
        &mut lines,
        T::ap_ongoing.get(lang),
        ongoing.get(lang),
        theme,
        base,
    );

    section(&mut lines, T::ap_description, theme, lang);
    kv(
        &mut lines,
        T::ap_what.get(lang),
        &b.description,
        theme,
        base,
    );
    kv(&mut lines, T::ap_cause.get(lang), &b.cause, theme, base);
    kv(
        &mut lines,
        T::ap_nature.get(lang),
        labels(&b.nature, crate::domain::breach::Nature::label, lang),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_categories.get(lang),
        labels(&b.categories, crate::domain::breach::Category::label, lang),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_records.get(lang),
        b.records.text(),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_people.get(lang),
        b.people.text(),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_groups.get(lang),
        labels(&b.groups, crate::domain::breach::Group::label, lang),
        theme,
        base,
    );
    let encrypted = match b.encrypted {
        Some(true) => T::yes,
        Some(false) => T::no,
        None => T::unknown,
    };
    kv(
        &mut lines,
        T::ap_encrypted.get(lang),
        encrypted.get(lang),
        theme,
        base,
    );
    kv(&mut lines, T::ap_how.get(lang), &b.protection, theme, base);
    kv(
        &mut lines,
        T::ap_consequences.get(lang),
        &b.consequences,
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_severity.get(lang),
        &b.severity,
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_taken.get(lang),
        &b.measures_taken,
        theme,
        base,
    );
    kv(
        &mut lines,
        T::ap_planned.get(lang),
        &b.measures_planned,
        theme,
        base,
    );
    if !b.processor.is_empty() {
        kv(
            &mut lines,
            T::ap_processor.get(lang),
            &b.processor,
            theme,
            base,
        );
        kv(
            &mut lines,
            T::ap_processor_told.get(lang),
            opt_time(b.processor_told_at, tz, lang),
            theme,
            base,
        );
    }
    if !b.cross_border.is_empty() {
        kv(
            &mut lines,
            T::ap_cross_border.get(lang),
            &b.cross_border,
            theme,
            base,
        );
    }

    section(&mut lines, T::ap_assessment, theme, lang);
    let risk = b
        .risk
        .map(|r| r.label(lang))
        .unwrap_or(T::not_decided.get(lang));
    kv(&mut lines, T::ap_risk.get(lang), risk, theme, base);
    kv(
        &mut lines,
        T::ap_reasoning.get(lang),
        &b.risk_reason,
        theme,
        base,
    );
    match (b.notify_ap, &b.notification) {
        (Some(true), Some(n)) => {
            kv(
                &mut lines,
                T::ap_notified_at.get(lang),
                local(n.at, tz),
                theme,
                base,
            );
            kv(
                &mut lines,
                T::ap_reference.get(lang),
                &n.reference,
                theme,
                base,
            );
            if !n.delay_reason.is_empty() {
                kv(
                    &mut lines,
                    T::ap_delay_reason.get(lang),
                    &n.delay_reason,
                    theme,
                    base,
                );
            }
        }
        (Some(false), _) => kv(
            &mut lines,
            T::ap_no_notify_reason.get(lang),
            &b.no_notify_reason,
            theme,
            base,
        ),
        _ => kv(
            &mut lines,
            T::ap_notify.get(lang),
            T::not_decided.get(lang),
            theme,
            theme.style(Role::Flag),
        ),
    }
    for f in &b.followups {
        kv(
            &mut lines,
            T::ap_followup.get(lang),
            format!("{} {}: {}", local(f.at, tz), f.kind.label(lang), f.text),
            theme,
            base,
        );
    }
    let subjects = match b.subjects {
        Some(s) => s.label(lang).to_string(),
        None if b.subjects_must_be_informed() => T::subjects_required.get(lang).to_string(),
        None => T::not_decided.get(lang).to_string(),
    };
    let subjects_style = if b.subjects.is_none() && b.subjects_must_be_informed() {
        theme.style(Role::Flag)
    } else {
        base
    };
    kv(
        &mut lines,
        T::ap_subjects.get(lang),
        &subjects,
        theme,
        subjects_style,
    );
    if !b.subjects_reason.is_empty() {
        kv(
            &mut lines,
            T::ap_reasoning.get(lang),
            &b.subjects_reason,
            theme,
            base,
        );
    }
    if !b.public_communication.is_empty() {
        kv(
            &mut lines,
            T::ap_public.get(lang),
            &b.public_communication,
            theme,
            base,
        );
    }
    if let Some(t) = b.subjects_informed_at {
        kv(
            &mut lines,
            T::ap_informed_at.get(lang),
            local(t, tz),
            theme,
            base,
        );
    }

    section(&mut lines, T::ap_log, theme, lang);
    if b.log.is_empty() {
        lines.push(Line::styled(
            format!("  {} (l)", T::d_none.get(lang)),
            theme.style(Role::Muted),
        ));
    }
    for l in &b.log {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "  {} {}: ",
                    l.at.with_timezone(&tz).format("%d-%m %H:%M"),
                    l.author
                ),
                theme.style(Role::Muted),
            ),
            Span::styled(l.text.clone(), base),
        ]));
    }
    lines
}

pub fn draw_detail(frame: &mut Frame, area: Rect, ui: &mut UiState, scroll: u16, tz: Tz) {
    let Some(row) = ui.selected_breach() else {
        return;
    };
    let lines = detail_lines(row, &ui.theme, ui.lang, tz);
    // While capturing, the input line sits under the record.
    let (text_area, input_area) = match &ui.capture {
        Some(_) => {
            let [t, i] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(area);
            (t, Some(i))
        }
        None => (area, None),
    };
    ui.page_size = text_area.height as usize;
    let paragraph = Paragraph::new(lines)
        .style(ui.theme.style(Role::Base))
        .wrap(Wrap { trim: false });
    let total = paragraph.line_count(text_area.width) as u16;
    let max = total.saturating_sub(text_area.height.max(1));
    let scroll = scroll.min(max);
    if let View::Detail { scroll: s } = &mut ui.breach_view {
        *s = scroll;
    }
    frame.render_widget(paragraph.scroll((scroll, 0)), text_area);
    if let (Some(area), Some(capture)) = (input_area, &ui.capture) {
        let theme = &ui.theme;
        let mut input = vec![Line::from(vec![
            Span::styled(
                format!("{} ▸ ", T::capture_prompt.get(ui.lang)),
                theme.style(Role::Key),
            ),
            Span::styled(
                format!("{}▏", capture.line),
                theme.style(Role::InputFocused),
            ),
        ])];
        input.push(match &capture.error {
            Some(e) => Line::styled(e.clone(), theme.style(Role::Error)),
            None => {
                let mut spans = vec![Span::styled(
                    format!("{} ", capture.id),
                    theme.style(Role::Title),
                )];
                if let Some(row) = ui
                    .selected_breach()
                    .filter(|r| r.breach.awaiting_ap_decision())
                {
                    spans.push(Span::styled(
                        format!("AP {} ", countdown(&row.clock, ui.lang)),
                        clock_style(&row.clock, theme),
                    ));
                }
                spans.push(Span::styled(
                    T::capture_hint.get(ui.lang),
                    theme.style(Role::Muted),
                ));
                Line::from(spans)
            }
        });
        frame.render_widget(Paragraph::new(input), area);
    }
}

//! The request queue table and one request's detail view.

use super::lines::{kv, section};
use crate::app::QueueRow;
use crate::domain::request::{Request, Status};
use crate::i18n::{Lang, T};
use crate::ui::state::UiState;
use crate::ui::theme::{Role, Theme};
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

/// Below this width the queue drops the received column and shortens dates.
const WIDE: u16 = 100;

/// The first row to show so that `selected` stays on a screen of `height` rows, moving the
/// window as little as possible from `top`.
pub fn window_top(top: usize, selected: usize, height: usize) -> usize {
    let height = height.max(1);
    if selected < top {
        selected
    } else if selected >= top + height {
        selected + 1 - height
    } else {
        top
    }
}

/// The style of a queue row: overdue red, five days or fewer amber, decided/closed muted.
pub fn urgency(row: &QueueRow, theme: &Theme) -> Style {
    if !row.request.awaits_answer() {
        theme.style(Role::Closed)
    } else if row.timing.days_left < 0 {
        theme.style(Role::Overdue)
    } else if row.timing.days_left <= 5 {
        theme.style(Role::DueSoon)
    } else {
        theme.style(Role::OnTrack)
    }
}

fn short_date(d: NaiveDate, wide: bool) -> String {
    if wide {
        d.format("%Y-%m-%d").to_string()
    } else {
        d.format("%d-%m-%y").to_string()
    }
}

fn who(r: &Request) -> String {
    if r.pupil.name.is_empty() || r.pupil.name == r.requester.name {
        r.requester.name.clone()
    } else {
        format!("{} / {}", r.requester.name, r.pupil.name)
    }
}

fn days_text(row: &QueueRow) -> String {
    if row.request.awaits_answer() {
        row.timing.days_left.to_string()
    } else {
        "–".into()
    }
}

/// Markers that also work without colour: + extended, ! needs the officer's attention.
fn marks(row: &QueueRow) -> String {
    let r = &row.request;
    let mut s = String::new();
    if row.timing.extended && r.awaits_answer() {
        s.push('+');
    }
    if !r.flags().is_empty() && r.status != Status::Closed {
        s.push('!');
    }
    s
}

fn status_text(row: &QueueRow, lang: Lang) -> String {
    let marks = marks(row);
    if marks.is_empty() {
        row.request.status.label(lang).to_string()
    } else {
        format!("{} {marks}", row.request.status.label(lang))
    }
}

pub fn draw_queue(frame: &mut Frame, area: Rect, ui: &mut UiState) {
    let theme = &ui.theme;
    let lang = ui.lang;
    let wide = area.width >= WIDE;
    if ui.visible.is_empty() {
        let text = if ui.rows.is_empty() {
            T::empty_queue
        } else {
            T::no_match
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text.get(lang), theme.style(Role::Muted)))
                .wrap(Wrap { trim: true })
                .block(Block::default().borders(Borders::NONE)),
            area,
        );
        return;
    }
    let mut header = vec![T::col_id, T::col_kind, T::col_who];
    if wide {
        header.push(T::col_received);
    }
    header.extend([T::col_deadline, T::col_days]);
    let mut header: Vec<&str> = header.into_iter().map(|t| t.get(lang)).collect();
    header.extend(["", T::col_status.get(lang)]);
    let header = Row::new(header.into_iter().map(Cell::from)).style(theme.style(Role::Header));
    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Length(11),
            Constraint::Length(17),
            Constraint::Min(20),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(6),
            Constraint::Length(2),
            Constraint::Length(15),
        ]
    } else {
        vec![
            Constraint::Length(11),
            Constraint::Length(12),
            Constraint::Min(14),
            Constraint::Length(8),
            Constraint::Length(6),
            Constraint::Length(2),
            Constraint::Length(14),
        ]
    };
    // Only the rows on screen are built: a large queue costs nothing per key press.
    let height = area.height.saturating_sub(1) as usize;
    let top = window_top(ui.queue_top, ui.selected, height);
    ui.queue_top = top;
    let rows = ui
        .visible
        .iter()
        .skip(top)
        .take(height)
        .filter_map(|&i| ui.rows.get(i))
        .map(|row| {
            let r = &row.request;
            let mut cells = vec![
                Cell::from(r.id.clone()),
                Cell::from(r.kind.label(lang)),
                Cell::from(who(r)),
            ];
            if wide {
                cells.push(Cell::from(short_date(r.received, true)));
            }
            cells.push(Cell::from(short_date(row.timing.operative, wide)));
            cells.push(Cell::from(Line::from(days_text(row)).right_aligned()));
            cells.push(Cell::from(marks(row)));
            cells.push(Cell::from(row.request.status.label(lang)));
            Row::new(cells).style(urgency(row, theme))
        });
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.style(Role::Selected));
    // Header takes one line; the rest are rows.
    ui.page_size = height;
    let mut state = TableState::default().with_selected(Some(ui.selected - top));
    frame.render_stateful_widget(table, area, &mut state);
}

fn fmt_day(d: NaiveDate, lang: Lang) -> String {
    let day = match lang {
        Lang::Nl => ["ma", "di", "wo", "do", "vr", "za", "zo"],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    use chrono::Datelike;
    format!(
        "{} {}",
        day[d.weekday().num_days_from_monday() as usize],
        d.format("%Y-%m-%d")
    )
}

/// Every field of the request, both deadlines and the timeline, as lines to scroll through.
pub fn detail_lines(
    row: &QueueRow,
    events: &[crate::store::AuditEntry],
    theme: &Theme,
    lang: Lang,
    tz: chrono_tz::Tz,
) -> Vec<Line<'static>> {
    let r = &row.request;
    let t = &row.timing;
    let base = theme.style(Role::Base);
    let mut lines = vec![Line::from(vec![
        Span::styled(r.id.clone(), theme.style(Role::Title)),
        Span::styled(format!("  {}  ", r.kind.label(lang)), base),
        Span::styled(status_text(row, lang), urgency(row, theme)),
    ])];
    kv(
        &mut lines,
        T::col_received.get(lang),
        format!(
            "{}  ({} {})",
            fmt_day(r.received, lang),
            T::d_channel.get(lang).to_lowercase(),
            r.channel.label(lang)
        ),
        theme,
        base,
    );
    let role = r.requester.role.map(|x| x.label(lang)).unwrap_or("");
    kv(
        &mut lines,
        T::d_requester.get(lang),
        format!("{} ({role})  {}", r.requester.name, r.requester.contact),
        theme,
        base,
    );
    if !r.pupil.name.is_empty() || !r.pupil.school.is_empty() {
        let birth = r
            .pupil
            .birth_date
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        kv(
            &mut lines,
            T::d_pupil.get(lang),
            format!(
                "{}{birth}  {} {}",
                r.pupil.name, r.pupil.school, r.pupil.class
            ),
            theme,
            base,
        );
    }
    let flags = r.flags();
    if !flags.is_empty() && r.is_open() {
        for f in flags {
            kv(
                &mut lines,
                T::d_flags.get(lang),
                f.label(lang),
                theme,
                theme.style(Role::Flag),
            );
        }
    }

    section(&mut lines, T::d_deadlines, theme, lang);
    let d = &t.deadlines;
    kv(
        &mut lines,
        T::d_legal.get(lang),
        fmt_day(d.legal_due, lang),
        theme,
        base,
    );
    kv(
        &mut lines,
        T::d_policy.get(lang),
        fmt_day(d.policy_due, lang),
        theme,
        base,
    );
    if t.extended {
        kv(
            &mut lines,
            T::d_extended_legal.get(lang),
            fmt_day(d.extended_legal_due, lang),
            theme,
            base,
        );
        kv(
            &mut lines,
            T::d_extended_policy.get(lang),
            fmt_day(d.extended_policy_due, lang),
            theme,
            base,
        );
    } else if r.awaits_answer() {
        kv(
            &mut lines,
            T::d_notice_due.get(lang),
            fmt_day(d.notice_due, lang),
            theme,
            base,
        );
    }
    let urgency_style = urgency(row, theme);
    kv(
        &mut lines,
        T::d_operative.get(lang),
        fmt_day(t.operative, lang),
        theme,
        urgency_style,
    );
    if r.awaits_answer() {
        kv(
            &mut lines,
            T::d_days_left.get(lang),
            t.days_left.to_string(),
            theme,
            urgency_style,
        );
    }
    if t.paused_days > 0 || r.open_pause().is_some() {
        kv(
            &mut lines,
            T::d_paused_days.get(lang),
            t.paused_days.to_string(),
            theme,
            base,
        );
        kv(
            &mut lines,
            &format!(
                "{} ({})",
                T::d_operative.get(lang),
                T::d_without_pauses.get(lang)
            ),
            fmt_day(t.unpaused.operative(t.extended), lang),
            theme,
            theme.style(Role::Muted),
        );
    }

    section(&mut lines, T::d_identity, theme, lang);
    match &r.identity {
        Some(i) => {
            kv(
                &mut lines,
                T::f_method.get(lang),
                i.method.clone(),
                theme,
                base,
            );
            kv(
                &mut lines,
                T::f_checked_by.get(lang),
                format!("{}  {}", i.checked_by, i.date),
                theme,
                base,
            );
        }
        None => lines.push(Line::styled(
            format!("  {}", T::d_not_checked.get(lang)),
            theme.style(Role::Muted),
        )),
    }
    if let Some(e) = &r.extension {
        section(&mut lines, T::d_extension, theme, lang);
        kv(
            &mut lines,
            &e.date.to_string(),
            e.reason.clone(),
            theme,
            base,
        );
    }
    if !r.pauses.is_empty() {
        section(&mut lines, T::d_pauses, theme, lang);
        for p in &r.pauses {
            let to =
                p.to.map(|d| d.to_string())
                    .unwrap_or_else(|| T::d_open.get(lang).into());
            kv(
                &mut lines,
                &format!("{} – {to}", p.from),
                p.reason.clone(),
                theme,
                base,
            );
        }
    }
    if !r.recipients.is_empty() || r.kind.needs_recipient_notice() {
        section(&mut lines, T::d_recipients, theme, lang);
        if r.recipients.is_empty() {
            lines.push(Line::styled(
                format!("  {} (o)", T::d_none.get(lang)),
                theme.style(Role::Muted),
            ));
        }
        for x in &r.recipients {
            let (mark, what) = match x.notified_on {
                Some(d) => ("[x]", format!("{} {d}", T::d_told.get(lang))),
                None => ("[ ]", T::d_not_told.get(lang).to_string()),
            };
            kv(&mut lines, &format!("{mark} {}", x.name), what, theme, base);
        }
    }
    if let Some(o) = &r.outcome {
        section(&mut lines, T::d_decision, theme, lang);
        kv(
            &mut lines,
            &o.date.to_string(),
            o.decision.label(lang),
            theme,
            base,
        );
        if !o.reason.is_empty() {
            kv(
                &mut lines,
                T::f_reason.get(lang),
                o.reason.clone(),
                theme,
                base,
            );
        }
    }
    if !r.summary.is_empty() {
        section(&mut lines, T::d_summary, theme, lang);
        for l in r.summary.lines() {
            lines.push(Line::styled(format!("  {l}"), base));
        }
    }
    section(&mut lines, T::d_timeline, theme, lang);
    // Notes and what happened, in the order they happened.
    let mut timeline: Vec<(chrono::DateTime<chrono::Utc>, String, Span<'static>)> = r
        .notes
        .iter()
        .map(|n| (n.at, n.author.clone(), Span::styled(n.text.clone(), base)))
        .collect();
    for e in events {
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(&e.at) else {
            continue;
        };
        let text = event_text(e, lang);
        timeline.push((
            at.to_utc(),
            e.user.clone(),
            Span::styled(text, theme.style(Role::Label)),
        ));
    }
    timeline.sort_by_key(|(at, _, _)| *at);
    if timeline.is_empty() {
        lines.push(Line::styled(
            format!("  {} (n)", T::d_none.get(lang)),
            theme.style(Role::Muted),
        ));
    }
    for (at, who, text) in timeline {
        let at = at.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        lines.push(Line::from(vec![
            Span::styled(format!("  {at} {who}: "), theme.style(Role::Muted)),
            text,
        ]));
    }
    lines
}

/// One audit event as a timeline line: the field in the officer's words, codes as labels.
fn event_text(e: &crate::store::AuditEntry, lang: Lang) -> String {
    use crate::domain::request::{Decision, Status};
    let show = |v: &Option<String>| -> String {
        let v = v.as_deref().unwrap_or("—");
        match e.field.as_str() {
            "status" => Status::parse(v).map(|s| s.label(lang).to_string()),
            "decision" => Decision::parse(v).map(|d| d.label(lang).to_string()),
            "kind" | "created" => {
                crate::domain::request::Kind::parse(v).map(|k| k.label(lang).to_string())
            }
            _ => None,
        }
        .unwrap_or_else(|| v.to_string())
    };
    if e.field == "created" {
        return format!("{} ({})", T::event_created.get(lang), show(&e.new_value));
    }
    let label = crate::i18n::field_label(&e.field, lang);
    match &e.old_value {
        Some(_) => format!("{label}: {} → {}", show(&e.old_value), show(&e.new_value)),
        None => format!("{label}: {}", show(&e.new_value)),
    }
}

pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    ui: &mut UiState,
    scroll: u16,
    tz: chrono_tz::Tz,
) {
    let Some(row) = ui.selected_row() else {
        return;
    };
    let lines = detail_lines(row, &ui.request_events, &ui.theme, ui.lang, tz);
    ui.page_size = area.height as usize;
    let paragraph = Paragraph::new(lines)
        .style(ui.theme.style(Role::Base))
        .wrap(Wrap { trim: false });
    // Keep at least one screen of text in view when scrolled past the end.
    let max = (paragraph.line_count(area.width) as u16).saturating_sub(area.height.max(1));
    let scroll = scroll.min(max);
    if let crate::ui::state::View::Detail { scroll: s } = &mut ui.view {
        *s = scroll;
    }
    frame.render_widget(paragraph.scroll((scroll, 0)), area);
}

#[cfg(test)]
mod tests {
    use super::window_top;

    #[test]
    fn the_window_follows_the_selection_with_the_least_movement() {
        assert_eq!(window_top(0, 5, 10), 0);
        assert_eq!(window_top(0, 10, 10), 1);
        assert_eq!(window_top(5, 3, 10), 3);
        assert_eq!(window_top(5, 14, 10), 5);
        assert_eq!(window_top(5, 20, 10), 11);
        assert_eq!(window_top(3, 0, 0), 0);
    }
}

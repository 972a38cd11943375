//! The breach register and one breach's record, with the running log of the call. At 160
//! columns or more the register and the selected record are shown side by side.

use super::{Countdown, Ctx, Pane, Submitted, View};
use crate::app::BreachRow;
use crate::domain::breach::{Breach, Clock72};
use crate::i18n::dates::{datetime, datetime_short};
use crate::i18n::{Lang, T};
use crate::ui::dialogs::letters::{Chooser, Subject};
use crate::ui::dialogs::{AnyPurpose, Dialog, FormDialog};
use crate::ui::forms::breach::{self as breach_forms, BreachPurpose};
use crate::ui::keys::{Action, Context};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::detail::Detail;
use crate::ui::widgets::input::TextInput;
use crate::ui::widgets::records::{self, RecordList};
use crate::ui::widgets::table::{Column, FittedTable, TableCell};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Under this many hours left the countdown turns red.
const URGENT_MINUTES: i64 = 12 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    List,
    Record {
        scroll: u16,
    },
}

/// The running log of a breach during the call: every Enter stores the line at once.
pub struct Capture {
    pub id: String,
    pub input: TextInput,
    pub error: Option<String>,
}

#[derive(Default)]
pub struct BreachesPane {
    /// The register, awaiting the AP decision first, and the search.
    register: RecordList<BreachRow>,
    show_closed: bool,
    mode: Mode,
    capture: Option<Capture>,
}

/// "54u20m", or "te laat 3u10m" once past the deadline: the same words in the register, the
/// record and the status bar.
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

pub fn clock_style(clock: &Clock72, theme: &Theme) -> Style {
    if clock.overdue() || clock.minutes_left < URGENT_MINUTES {
        theme.style(Role::Overdue)
    } else if clock.minutes_left < 24 * 60 {
        theme.style(Role::DueSoon)
    } else {
        theme.style(Role::OnTrack)
    }
}

fn widest<X: Copy>(all: &[X], label: fn(X, Lang) -> &'static str, lang: Lang) -> u16 {
    all.iter()
        .map(|&x| unicode_width::UnicodeWidthStr::width(label(x, lang)) as u16)
        .max()
        .unwrap_or(8)
}

/// The register's columns: the clock and the title first; extra width brings the dates, the
/// category and how many people are affected.
fn columns(lang: Lang) -> Vec<Column> {
    use crate::domain::breach::BreachStatus;
    vec![
        Column::new(T::col_id.get(lang), 11, 11, 0),
        Column::new(T::ap_title.get(lang), 16, 44, 0).comfort(28),
        Column::new(T::col_aware.get(lang), 11, 11, 4),
        Column::new(T::col_ap_due.get(lang), 11, 11, 2),
        Column::new(T::col_left.get(lang), 14, 14, 0),
        Column::new(T::ap_risk.get(lang), 6, 6, 3),
        Column::new(
            T::col_status.get(lang),
            widest(BreachStatus::ALL, BreachStatus::label, lang),
            11,
            1,
        ),
        Column::new(T::col_people.get(lang), 8, 9, 5),
        Column::new(T::col_categories.get(lang), 14, 40, 6).comfort(24),
    ]
}

/// The risk in a word, for the register's narrow column.
fn short_risk(r: crate::domain::breach::Risk, lang: Lang) -> &'static str {
    use crate::domain::breach::Risk;
    match (r, lang) {
        (Risk::None, Lang::Nl) => "geen",
        (Risk::Risk, Lang::Nl) => "risico",
        (Risk::High, Lang::Nl) => "hoog",
        (Risk::None, Lang::En) => "none",
        (Risk::Risk, Lang::En) => "risk",
        (Risk::High, Lang::En) => "high",
    }
}

impl BreachesPane {
    fn selected(&self) -> Option<&BreachRow> {
        self.register.selected()
    }

    fn selected_id(&self) -> Option<String> {
        self.register.selected_id()
    }

    fn open_form(&self, purpose: BreachPurpose, ctx: &mut Ctx) {
        let form = breach_forms::build(&purpose, ctx.session, ctx.lang);
        ctx.open_form(AnyPurpose::Breach(purpose), form);
    }

    /// Opens a form about the selected breach, or says why not before any typing.
    fn with_selected(&self, ctx: &mut Ctx, make: impl FnOnce(&BreachRow) -> BreachPurpose) {
        let Some(row) = self.selected() else {
            return ctx.select_first();
        };
        let purpose = make(row);
        if let Some(refusal) = breach_forms::refusal(&purpose, &row.breach) {
            let tz = ctx.session.config.timezone;
            return ctx.error(crate::i18n::breach_error(&refusal, ctx.lang, tz));
        }
        self.open_form(purpose, ctx);
    }

    /// Writes the whole register (closed breaches included) as CSV to the officer's home
    /// folder, never over an earlier file.
    fn export_register(&self, ctx: &mut Ctx) {
        let written = ctx
            .session
            .register(false)
            .map_err(|e| crate::i18n::app_error(&e, ctx.lang))
            .and_then(|rows| {
                let views = crate::app::export::views(&rows, ctx.session);
                // In the app's language: Dutch words for Dutch Excel, or the English codes.
                crate::app::export::register_csv(&views, ctx.lang).map_err(|e| e.to_string())
            })
            .and_then(|csv| {
                let name = match ctx.lang {
                    Lang::Nl => format!("datalekkenregister-{}.csv", ctx.shared.today),
                    Lang::En => format!("breach-register-{}.csv", ctx.shared.today),
                };
                crate::app::safe_file::write_free(&ctx.shared.export_dir, &name, csv.as_bytes())
                    .map_err(|e| e.to_string())
            });
        match written {
            Ok(path) => {
                let text = format!("{} {}", T::msg_written.get(ctx.lang), path.display());
                ctx.info(text);
            }
            Err(e) => ctx.error(e),
        }
    }

    fn start_capture(&mut self, id: String) {
        self.mode = Mode::Record { scroll: u16::MAX };
        self.capture = Some(Capture {
            id,
            input: TextInput::default(),
            error: None,
        });
    }

    /// Stores the typed line; true when it was stored (or there was nothing to store).
    fn store_line(&mut self, ctx: &mut Ctx) -> bool {
        let Some(capture) = &mut self.capture else {
            return true;
        };
        let line = capture.input.text();
        if line.trim().is_empty() {
            // Spaces alone are no line: cleared, not stored.
            capture.input.clear();
            return true;
        }
        match ctx.session.log_breach(&capture.id, &line) {
            Ok(_) => {
                capture.input.clear();
                capture.error = None;
                self.reload(ctx, true);
                self.mode = Mode::Record { scroll: u16::MAX };
                true
            }
            Err(e) => {
                capture.error = Some(crate::i18n::app_error(&e, ctx.lang));
                false
            }
        }
    }

    fn draw_register(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let (theme, lang, tz) = (view.theme, view.lang, view.tz());
        if self.register.list.visible.is_empty() {
            // Empty because of a search: say which, and how to see everything again.
            let text = if self.register.rows.is_empty() {
                T::empty_register.get(lang).to_string()
            } else {
                format!(
                    "{} /{}. {}",
                    T::no_match_breaches.get(lang),
                    self.register.search,
                    T::esc_clears_search.get(lang)
                )
            };
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme.style(Role::Muted)))
                    .wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let columns = columns(lang);
        // Day and time in the list; the record shows the year.
        let time = |t| datetime_short(t, tz, lang);
        let rows: Vec<(Vec<TableCell>, Style)> = self
            .register
            .window(area.height.saturating_sub(1) as usize)
            .map(|row| {
                let b = &row.breach;
                let pending = b.awaiting_ap_decision();
                let left = if pending {
                    countdown(&row.clock, lang)
                } else {
                    "–".into()
                };
                let risk = b
                    .risk
                    .map(|r| short_risk(r, lang).to_string())
                    .unwrap_or_else(|| "?".into());
                let style = if pending {
                    clock_style(&row.clock, theme)
                } else if b.is_open() {
                    theme.style(Role::Base)
                } else {
                    theme.style(Role::Closed)
                };
                let categories = b
                    .categories
                    .iter()
                    .map(|c| c.label(lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                let cells = vec![
                    b.id.clone().into(),
                    b.title.clone().into(),
                    time(b.aware_at).into(),
                    time(row.clock.due).into(),
                    left.into(),
                    risk.into(),
                    b.status.label(lang).into(),
                    TableCell::from(b.people.text()),
                    categories.into(),
                ];
                (cells, style)
            })
            .collect();
        FittedTable {
            columns: &columns,
            header_style: theme.style(Role::Header),
            highlight: theme.style(Role::Selected),
        }
        .render(
            frame,
            area,
            rows,
            Some(self.register.list.selected - self.register.list.top),
        );
    }

    fn draw_record(&mut self, frame: &mut Frame, area: Rect, view: &View, scroll: Option<u16>) {
        let Some(row) = self.selected() else {
            return;
        };
        // While capturing, the input line sits under the record.
        let capture_height = if self.capture.is_some() { 2 } else { 0 };
        let [text_area, input_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(capture_height)]).areas(area);
        let lines = record_lines(row, view.theme, view.lang, view.tz(), text_area.width);
        let max = (lines.len() as u16).saturating_sub(text_area.height.max(1));
        let shown = scroll.unwrap_or(0).min(max);
        let pending = row.breach.awaiting_ap_decision().then_some(row.clock);
        if let Mode::Record { scroll } = &mut self.mode {
            *scroll = shown;
        }
        self.register.list.page = text_area.height as usize;
        frame.render_widget(
            Paragraph::new(lines)
                .style(view.theme.style(Role::Base))
                .scroll((shown, 0)),
            text_area,
        );
        if let Some(capture) = &mut self.capture {
            draw_capture(frame, input_area, capture, pending, view);
        }
    }
}

fn draw_capture(
    frame: &mut Frame,
    area: Rect,
    capture: &mut Capture,
    pending: Option<Clock72>,
    view: &View,
) {
    let (theme, lang) = (view.theme, view.lang);
    let prompt = format!("{} ▸ ", T::capture_prompt.get(lang));
    let prompt_width = unicode_width::UnicodeWidthStr::width(prompt.as_str()) as u16;
    let [prompt_area, input_area] =
        Layout::horizontal([Constraint::Length(prompt_width), Constraint::Min(1)])
            .areas(Rect { height: 1, ..area });
    frame.render_widget(
        Paragraph::new(Line::styled(prompt, theme.style(Role::Key))),
        prompt_area,
    );
    capture.input.render(
        frame.buffer_mut(),
        input_area,
        theme.style(Role::InputFocused),
        view.focused,
        None,
    );
    let second = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let line = match &capture.error {
        Some(e) => Line::styled(e.clone(), theme.style(Role::Error)),
        None => {
            let mut spans = vec![Span::styled(
                format!("{} ", capture.id),
                theme.style(Role::Title),
            )];
            if let Some(clock) = pending {
                spans.push(Span::styled(
                    format!("AP {} ", countdown(&clock, lang)),
                    clock_style(&clock, theme),
                ));
            }
            // The hint only where it fits whole (the hint bar says the same).
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            let hint = T::capture_hint.get(lang);
            if used + hint.width() <= area.width as usize {
                spans.push(Span::styled(hint, theme.style(Role::Muted)));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), second);
}

impl Pane for BreachesPane {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn title(&self) -> T {
        T::tab_breaches
    }

    fn context(&self) -> Context {
        match (self.mode, &self.capture) {
            (_, Some(_)) => Context::BreachCapture,
            (Mode::List, None) => Context::BreachList,
            (Mode::Record { .. }, None) => Context::BreachDetail,
        }
    }

    fn reload(&mut self, ctx: &mut Ctx, _shown: bool) {
        match ctx.session.register(!self.show_closed) {
            Ok(rows) => self.register.set_rows(rows),
            Err(e) => ctx.error(crate::i18n::app_error(&e, ctx.lang)),
        }
        // Every tab's status bar shows these clocks.
        ctx.shared.pending = self
            .register
            .rows
            .iter()
            .filter(|r| r.breach.awaiting_ap_decision())
            .map(|r| Countdown {
                id: r.breach.id.clone(),
                clock: r.clock,
            })
            .collect();
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> bool {
        if self.capture.is_some() {
            match action {
                Action::StoreLine => {
                    self.store_line(ctx);
                }
                Action::Back => {
                    // A line typed but not yet stored is stored, not thrown away.
                    if self.store_line(ctx) {
                        self.capture = None;
                    }
                }
                Action::PageUp | Action::PageDown => {
                    if let Mode::Record { scroll } = &mut self.mode {
                        records::scroll(scroll, action, self.register.list.page);
                    }
                }
                _ => return false,
            }
            return true;
        }
        let page = self.register.list.page;
        let moved = match &mut self.mode {
            Mode::Record { scroll } => records::scroll(scroll, action, page),
            Mode::List => self.register.list.navigate(action),
        };
        if moved {
            return true;
        }
        let id = |r: &BreachRow| r.breach.id.clone();
        match action {
            Action::Open => {
                if self.selected().is_some() {
                    self.mode = Mode::Record { scroll: 0 };
                }
            }
            Action::Back => match self.mode {
                Mode::Record { .. } => self.mode = Mode::List,
                Mode::List => self.search("", ctx),
            },
            Action::Add => self.open_form(BreachPurpose::Start, ctx),
            Action::Edit => {
                self.with_selected(ctx, |r| BreachPurpose::Edit(Box::new(r.breach.clone())))
            }
            Action::Assess => self.with_selected(ctx, |r| BreachPurpose::Assess(id(r))),
            Action::NotifyAp => self.with_selected(ctx, |r| BreachPurpose::NotifyAp(id(r))),
            Action::NoNotify => self.with_selected(ctx, |r| BreachPurpose::NoNotify(id(r))),
            Action::Subjects => self.with_selected(ctx, |r| BreachPurpose::Subjects(id(r))),
            Action::FollowUp => self.with_selected(ctx, |r| BreachPurpose::FollowUp(id(r))),
            Action::Close => self.with_selected(ctx, |r| BreachPurpose::Close(id(r))),
            Action::Log => match self.selected_id() {
                Some(id) => self.start_capture(id),
                None => ctx.select_first(),
            },
            Action::ToggleClosed => {
                self.show_closed = !self.show_closed;
                self.reload(ctx, true);
            }
            Action::Letters => match self.selected() {
                Some(row) => {
                    let subject = Subject::Breach(Box::new(row.breach.clone()));
                    let chooser = Chooser::new(subject, ctx.session, ctx.me);
                    *ctx.dialog = Some(Dialog::Letters(chooser));
                }
                None => ctx.select_first(),
            },
            Action::ExportRegister => self.export_register(ctx),
            _ => return false,
        }
        true
    }

    /// `b` on any tab starts a breach, while the officer is still on the call.
    fn anywhere(&mut self, action: Action, ctx: &mut Ctx) -> bool {
        if action != Action::NewBreach {
            return false;
        }
        self.open_form(BreachPurpose::Start, ctx);
        true
    }

    fn flush(&mut self, ctx: &mut Ctx) {
        if self.capture.is_some() {
            self.store_line(ctx);
        }
    }

    fn input_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> bool {
        match &mut self.capture {
            Some(capture) => {
                capture.input.handle_key(key);
                true
            }
            None => false,
        }
    }

    fn search(&mut self, text: &str, _ctx: &mut Ctx) {
        self.register.set_search(text);
    }

    fn matches(&self) -> Option<usize> {
        Some(self.register.list.visible.len())
    }

    fn search_text(&self) -> &str {
        &self.register.search
    }

    fn selected_id(&self) -> Option<String> {
        self.register.selected_id()
    }

    fn visible_ids(&self) -> Vec<String> {
        self.register.visible_ids()
    }

    fn note(&self) -> Option<T> {
        self.show_closed.then_some(T::showing_closed)
    }

    fn hint_label(&self, action: Action, label: T) -> Option<T> {
        // An empty register offers only a new breach (and, when a search emptied it, searching
        // again or clearing it).
        match self.selected_id() {
            None => match action {
                Action::Add | Action::Help | Action::Quit => Some(label),
                Action::Filter | Action::Back if !self.register.search.is_empty() => Some(label),
                _ => None,
            },
            Some(_) => Some(label),
        }
    }

    fn submit(&mut self, dialog: &mut FormDialog, ctx: &mut Ctx) -> Submitted {
        if let AnyPurpose::LetterSent(p) = &dialog.purpose {
            let done = crate::ui::dialogs::letters::submit_sent(p, &mut dialog.form, ctx);
            self.reload(ctx, true);
            return done;
        }
        let AnyPurpose::Breach(purpose) = &mut dialog.purpose else {
            return Submitted::Done;
        };
        let started = matches!(purpose, BreachPurpose::Start);
        let Some((id, msg)) =
            breach_forms::submit(purpose, &mut dialog.form, ctx.session, ctx.lang)
        else {
            return Submitted::Stay;
        };
        let mut text = format!("{} {id}", msg.get(ctx.lang));
        for notice in &dialog.form.notices {
            text.push_str(" · ");
            text.push_str(notice);
        }
        ctx.info(text);
        if started {
            // Show the new breach even when a search would hide it.
            self.register.set_search("");
        }
        self.reload(ctx, true);
        if !self.register.select_id(&id) {
            // Closed and now hidden: back to the register rather than showing another record.
            self.mode = Mode::List;
        }
        if started {
            // Straight into the running log: the officer is still on the call. The log line
            // shows the id and the clock, so the status bar keeps room for the countdown.
            *ctx.message = None;
            ctx.activate = true;
            self.start_capture(id);
        }
        Submitted::Done
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        match self.mode {
            Mode::Record { scroll } => self.draw_record(frame, area, view, Some(scroll)),
            Mode::List if area.width >= super::requests::SIDE_BY_SIDE => {
                let [list, record] =
                    Layout::horizontal([Constraint::Percentage(55), Constraint::Min(40)])
                        .areas(area);
                self.draw_register(frame, list, view);
                let block = Block::default()
                    .borders(Borders::LEFT)
                    .border_style(view.theme.style(Role::Border));
                let inner = block.inner(record);
                frame.render_widget(block, record);
                self.draw_record(frame, inner, view, None);
            }
            Mode::List => self.draw_register(frame, area, view),
        }
    }
}

fn opt_time(t: Option<DateTime<Utc>>, tz: Tz, lang: Lang) -> String {
    t.map(|t| datetime(t, tz, lang))
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
pub fn record_lines(
    row: &BreachRow,
    theme: &Theme,
    lang: Lang,
    tz: Tz,
    width: u16,
) -> Vec<Line<'static>> {
    let b: &Breach = &row.breach;
    let base = theme.style(Role::Base);
    let mut d = Detail::new(theme, width);
    d.line(Line::from(vec![
        Span::styled(b.id.clone(), theme.style(Role::Title)),
        Span::styled(
            format!("  {}  ", b.status.label(lang)),
            theme.style(Role::Label),
        ),
    ]));
    d.text(&b.title, base);
    let (clock_text, clock_style) = if b.awaiting_ap_decision() {
        (
            format!(
                "{}  ({})",
                datetime(row.clock.due, tz, lang),
                countdown(&row.clock, lang)
            ),
            self::clock_style(&row.clock, theme),
        )
    } else {
        (datetime(row.clock.due, tz, lang), base)
    };
    d.field(T::ap_deadline.get(lang), &clock_text, clock_style);

    d.section(T::ap_timeline.get(lang));
    d.field(
        T::ap_occurred.get(lang),
        opt_time(b.occurred_at, tz, lang),
        base,
    );
    d.field(
        T::ap_discovered.get(lang),
        opt_time(b.discovered_at, tz, lang),
        base,
    );
    d.field(T::f_aware.get(lang), datetime(b.aware_at, tz, lang), base);
    let yes_no = |v: Option<bool>| match v {
        Some(true) => T::yes,
        Some(false) => T::no,
        None => T::unknown,
    };
    d.field(T::ap_ongoing.get(lang), yes_no(b.ongoing).get(lang), base);

    d.section(T::ap_description.get(lang));
    d.field(T::ap_what.get(lang), &b.description, base);
    d.field(T::ap_cause.get(lang), &b.cause, base);
    d.field(
        T::ap_nature.get(lang),
        labels(&b.nature, crate::domain::breach::Nature::label, lang),
        base,
    );
    d.field(
        T::ap_categories.get(lang),
        labels(&b.categories, crate::domain::breach::Category::label, lang),
        base,
    );
    d.field(T::ap_records.get(lang), b.records.text(), base);
    d.field(T::ap_people.get(lang), b.people.text(), base);
    d.field(
        T::ap_groups.get(lang),
        labels(&b.groups, crate::domain::breach::Group::label, lang),
        base,
    );
    d.field(T::ap_encrypted.get(lang), encrypted_text(b).get(lang), base);
    d.field(T::ap_how.get(lang), &b.protection, base);
    d.field(T::ap_consequences.get(lang), &b.consequences, base);
    d.field(T::ap_severity.get(lang), &b.severity, base);
    d.field(T::ap_taken.get(lang), &b.measures_taken, base);
    d.field(T::ap_planned.get(lang), &b.measures_planned, base);
    if !b.processor.is_empty() {
        d.field(T::ap_processor.get(lang), &b.processor, base);
        d.field(
            T::ap_processor_told.get(lang),
            opt_time(b.processor_told_at, tz, lang),
            base,
        );
    }
    if !b.cross_border.is_empty() {
        d.field(T::ap_cross_border.get(lang), &b.cross_border, base);
    }

    d.section(T::ap_assessment.get(lang));
    let risk = b
        .risk
        .map(|r| r.label(lang))
        .unwrap_or(T::not_decided.get(lang));
    d.field(T::ap_risk.get(lang), risk, base);
    d.field(T::ap_reasoning.get(lang), &b.risk_reason, base);
    match (b.notify_ap, &b.notification) {
        (Some(true), Some(n)) => {
            d.field(T::ap_notified_at.get(lang), datetime(n.at, tz, lang), base);
            d.field(T::ap_reference.get(lang), &n.reference, base);
            if !n.delay_reason.is_empty() {
                d.field(T::ap_delay_reason.get(lang), &n.delay_reason, base);
            }
        }
        (Some(false), _) => {
            d.field(T::ap_no_notify_reason.get(lang), &b.no_notify_reason, base);
        }
        _ => {
            d.field(
                T::ap_notify.get(lang),
                T::not_decided.get(lang),
                theme.style(Role::Flag),
            );
        }
    }
    for f in &b.followups {
        d.field(
            T::ap_followup.get(lang),
            format!(
                "{} {}: {}",
                datetime(f.at, tz, lang),
                f.kind.label(lang),
                f.text
            ),
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
    d.field(T::ap_subjects.get(lang), &subjects, subjects_style);
    if !b.subjects_reason.is_empty() {
        d.field(T::ap_reasoning.get(lang), &b.subjects_reason, base);
    }
    if !b.public_communication.is_empty() {
        d.field(T::ap_public.get(lang), &b.public_communication, base);
    }
    if let Some(t) = b.subjects_informed_at {
        d.field(T::ap_informed_at.get(lang), datetime(t, tz, lang), base);
    }

    if !b.letters.is_empty() {
        d.section(T::d_letters.get(lang));
        for l in &b.letters {
            d.field(
                &crate::i18n::dates::date(l.sent_on, lang),
                format!("{} ({})", l.kind.label(lang), l.via.label(lang)),
                base,
            );
        }
    }

    d.section(T::ap_log.get(lang));
    if b.log.is_empty() {
        d.text(
            &format!("{} (l)", T::d_none.get(lang)),
            theme.style(Role::Muted),
        );
    }
    for l in &b.log {
        let lead = format!("{} {}: ", datetime_short(l.at, tz, lang), l.author);
        d.entry(&lead, theme.style(Role::Muted), &l.text, base);
    }
    d.lines()
}

/// Whether the data was encrypted or hashed: unanswered reads "unknown", never "no".
fn encrypted_text(b: &Breach) -> T {
    match b.encrypted {
        Some(true) => T::yes,
        Some(false) => T::no,
        None => T::unknown,
    }
}

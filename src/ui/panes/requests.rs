//! The request queue and one request's detail view. At 160 columns or more the queue and the
//! selected request are shown side by side.

use super::inbox::InboxView;
use super::{Ctx, Pane, Submitted, View};
use crate::app::QueueRow;
use crate::domain::deadline::{NoticeWindow, Period};
use crate::domain::request::{Request, Status};
use crate::i18n::dates::{date, date_weekday};
use crate::i18n::{Lang, T};
use crate::store::AuditEntry;
use crate::ui::dialogs::letters::{Chooser, Subject};
use crate::ui::dialogs::{AnyPurpose, Dialog, FormDialog};
use crate::ui::forms::request::{self as request_forms, Purpose};
use crate::ui::keys::{Action, Context};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::detail::Detail;
use crate::ui::widgets::records::{self, RecordList};
use crate::ui::widgets::table::{Column, FittedTable, TableCell};
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// From this width the queue and the selected request stand side by side.
pub const SIDE_BY_SIDE: u16 = 160;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Queue,
    Detail {
        scroll: u16,
    },
    /// The e-mail messages still to handle (`m`).
    Inbox,
}

#[derive(Default)]
pub struct RequestsPane {
    /// Every loaded request with its timing, most urgent first, and the search.
    queue: RecordList<QueueRow>,
    show_closed: bool,
    mode: Mode,
    /// The audit events of the request shown in detail, for its timeline, and whose they are.
    events: Vec<AuditEntry>,
    events_of: Option<String>,
    inbox: InboxView,
}

/// Where a request stands against its two deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    OnTime,
    /// Past the board's own (policy) deadline, not yet the legal one.
    PastPolicy,
    /// Past the legal deadline.
    PastLegal,
}

pub fn lateness(row: &QueueRow, today: NaiveDate) -> Lateness {
    let t = &row.timing;
    let d = &t.deadlines;
    let (legal, policy) = if t.extended {
        (d.extended_legal_due, d.extended_policy_due)
    } else {
        (d.legal_due, d.policy_due)
    };
    if !row.request.awaits_answer() {
        Lateness::OnTime
    } else if today > legal {
        Lateness::PastLegal
    } else if today > policy {
        Lateness::PastPolicy
    } else {
        Lateness::OnTime
    }
}

/// The style of a queue row: past the legal deadline red, past the policy one or five days or
/// fewer amber, decided/closed muted.
pub fn urgency(row: &QueueRow, today: NaiveDate, theme: &Theme) -> Style {
    if !row.request.awaits_answer() {
        return theme.style(Role::Closed);
    }
    match lateness(row, today) {
        Lateness::PastLegal => theme.style(Role::Overdue),
        Lateness::PastPolicy => theme.style(Role::DueSoon),
        Lateness::OnTime if row.timing.days_left <= 5 => theme.style(Role::DueSoon),
        Lateness::OnTime => theme.style(Role::OnTrack),
    }
}

/// "5 d", "vandaag", "3 d te laat", "2 d na beleid": late is said in words, never as "-3".
pub fn days_text(row: &QueueRow, today: NaiveDate, lang: Lang) -> String {
    if !row.request.awaits_answer() {
        return "–".into();
    }
    let n = row.timing.days_left;
    match (lateness(row, today), lang) {
        (Lateness::PastLegal, Lang::Nl) => format!("{} d te laat", legal_days_late(row, today)),
        (Lateness::PastLegal, Lang::En) => format!("{} d late", legal_days_late(row, today)),
        (Lateness::PastPolicy, Lang::Nl) => format!("{} d na beleid", -n),
        (Lateness::PastPolicy, Lang::En) => format!("{} d past policy", -n),
        (Lateness::OnTime, _) if n == 0 => T::today.get(lang).into(),
        (Lateness::OnTime, _) => format!("{n} d"),
    }
}

/// Days past the legal deadline (not the earlier policy one).
fn legal_days_late(row: &QueueRow, today: NaiveDate) -> i64 {
    let d = &row.timing.deadlines;
    let legal = if row.timing.extended {
        d.extended_legal_due
    } else {
        d.legal_due
    };
    (today - legal).num_days()
}

fn who(r: &Request) -> String {
    if r.pupil.name.is_empty() || r.pupil.name == r.requester.name {
        r.requester.name.clone()
    } else {
        format!("{} / {}", r.requester.name, r.pupil.name)
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

fn widest<X: Copy>(all: &[X], label: fn(X, Lang) -> &'static str, lang: Lang) -> u16 {
    all.iter()
        .map(|&x| unicode_width::UnicodeWidthStr::width(label(x, lang)) as u16)
        .max()
        .unwrap_or(8)
}

/// The queue's columns: what matters most stays on the narrowest screen; extra width brings
/// the school, the dates and the channel.
fn columns(lang: Lang) -> Vec<Column> {
    use crate::domain::request::{Channel, Kind};
    // The longest: "120 d te laat"; past the policy deadline only by up to three days
    // ("3 d na beleid", "3 d past policy").
    let days_min = match lang {
        Lang::Nl => 13,
        Lang::En => 15,
    };
    vec![
        Column::new(T::col_id.get(lang), 11, 11, 0),
        // The kind in a word: names get the width before a kind's long form would.
        Column::new(
            T::col_kind.get(lang),
            widest(Kind::ALL, Kind::short_label, lang),
            widest(Kind::ALL, Kind::short_label, lang),
            1,
        ),
        Column::new(T::col_who.get(lang), 13, 36, 0)
            .short(T::d_requester.get(lang), 13)
            .comfort(24),
        Column::new(T::f_school.get(lang), 10, 24, 5).comfort(16),
        Column::new(T::col_received.get(lang), 10, 10, 4),
        Column::new(T::col_legal.get(lang), 10, 10, 6),
        Column::new(T::col_policy.get(lang), 10, 10, 6),
        Column::new(T::col_deadline.get(lang), 10, 10, 3),
        Column::new(T::col_days.get(lang), days_min, days_min, 0).right(),
        Column::new("", 2, 2, 0),
        Column::new(
            T::col_status.get(lang),
            widest(Status::ALL, Status::label, lang),
            14,
            2,
        ),
        Column::new(
            T::f_channel.get(lang),
            widest(Channel::ALL, Channel::label, lang),
            9,
            7,
        ),
    ]
}

impl RequestsPane {
    fn selected(&self) -> Option<&QueueRow> {
        self.queue.selected()
    }

    fn selected_id(&self) -> Option<String> {
        self.queue.selected_id()
    }

    /// The timeline's audit events of the selected request, read once per request shown.
    fn load_events(&mut self, session: &crate::app::Session, force: bool) {
        let id = self.selected_id();
        if force || id != self.events_of {
            self.events = id
                .as_ref()
                .and_then(|id| session.request_events(id).ok())
                .unwrap_or_default();
            self.events_of = id;
        }
    }

    /// After a request was logged from an e-mail: the letters of the new request, on the
    /// acknowledgement, addressed to the sender (Enter shows it, Esc goes back to the inbox).
    fn offer_acknowledgement(&self, id: &str, ctx: &mut Ctx) {
        let Ok(request) = ctx.session.request(id) else {
            return;
        };
        let mut chooser = Chooser::new(Subject::Request(Box::new(request)), ctx.session, ctx.me);
        if chooser.select(crate::letters::LetterKind::Acknowledgement) {
            *ctx.dialog = Some(Dialog::Letters(chooser));
            let added = T::msg_added.get(ctx.lang);
            ctx.info(format!("{added} {id}. {}", T::msg_offer_ack.get(ctx.lang)));
        }
    }

    /// An extension saved after the board's notice day: said in amber, as the queue says "na
    /// beleid" (docs/rules.md 1.5, rule 6).
    fn warn_extension_past_policy(&self, id: &str, msg: T, ctx: &mut Ctx) {
        let Ok(r) = ctx.session.request(id) else {
            return;
        };
        let t = ctx.session.timing(&r);
        if let Some(days) = r.extension_past_policy(&t) {
            let dl = &t.deadlines;
            let warning = crate::i18n::extension_past_policy(
                days,
                dl.notice_due,
                dl.notice_legal_due,
                ctx.lang,
            );
            ctx.warn(format!("{} {id}: {warning}", msg.get(ctx.lang)));
        }
    }

    fn open_form(&self, purpose: Purpose, ctx: &mut Ctx) {
        let form = request_forms::build(&purpose, ctx.session, ctx.lang);
        ctx.open_form(AnyPurpose::Request(purpose), form);
    }

    /// Opens a form about the selected request, or says why not before any typing.
    fn with_selected(&self, ctx: &mut Ctx, make: impl FnOnce(&QueueRow) -> Purpose) {
        let Some(row) = self.selected() else {
            return ctx.select_first();
        };
        let purpose = make(row);
        if let Some(refusal) = request_forms::refusal(&purpose, row, ctx.session) {
            return ctx.error(crate::i18n::rule_error(&refusal, ctx.lang));
        }
        self.open_form(purpose, ctx);
    }

    fn draw_queue(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let lang = view.lang;
        if self.queue.list.visible.is_empty() {
            // Empty because of a search: say which, and how to see everything again.
            let text = if self.queue.rows.is_empty() {
                T::empty_queue.get(lang).to_string()
            } else {
                format!(
                    "{} /{}. {}",
                    T::no_match.get(lang),
                    self.queue.search,
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
        let today = view.shared.today;
        // Only the rows on screen are built: a large queue costs nothing per key press.
        let rows: Vec<(Vec<TableCell>, Style)> = self
            .queue
            .window(area.height.saturating_sub(1) as usize)
            .map(|row| {
                let r = &row.request;
                let t = &row.timing;
                let (legal, policy) = if t.extended {
                    (
                        t.deadlines.extended_legal_due,
                        t.deadlines.extended_policy_due,
                    )
                } else {
                    (t.deadlines.legal_due, t.deadlines.policy_due)
                };
                let cells = vec![
                    r.id.clone().into(),
                    r.kind.short_label(lang).into(),
                    who(r).into(),
                    r.pupil.school.clone().into(),
                    date(r.received, lang).into(),
                    date(legal, lang).into(),
                    date(policy, lang).into(),
                    date(t.operative, lang).into(),
                    days_text(row, today, lang).into(),
                    marks(row).into(),
                    r.status.label(lang).into(),
                    r.channel.label(lang).into(),
                ];
                (cells, urgency(row, today, theme))
            })
            .collect();
        let columns = columns(lang);
        FittedTable {
            columns: &columns,
            header_style: theme.style(Role::Header),
            highlight: theme.style(Role::Selected),
        }
        .render(
            frame,
            area,
            rows,
            Some(self.queue.list.selected - self.queue.list.top),
        );
    }

    fn draw_detail(&mut self, frame: &mut Frame, area: Rect, view: &View, scroll: Option<u16>) {
        self.load_events(view.session, false);
        let Some(row) = self.selected() else {
            return;
        };
        let lines = detail_lines(row, &self.events, view, area.width);
        let max = (lines.len() as u16).saturating_sub(area.height.max(1));
        let shown = scroll.unwrap_or(0).min(max);
        if let Mode::Detail { scroll } = &mut self.mode {
            *scroll = shown;
        }
        self.queue.list.page = area.height as usize;
        frame.render_widget(
            Paragraph::new(lines)
                .style(view.theme.style(Role::Base))
                .scroll((shown, 0)),
            area,
        );
    }
}

impl Pane for RequestsPane {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn title(&self) -> T {
        T::tab_requests
    }

    fn context(&self) -> Context {
        match self.mode {
            Mode::Queue => Context::Queue,
            Mode::Detail { .. } => Context::Detail,
            Mode::Inbox => Context::Inbox,
        }
    }

    fn reload(&mut self, ctx: &mut Ctx, _shown: bool) {
        match ctx.session.queue(self.show_closed) {
            Ok(rows) => self.queue.set_rows(rows),
            Err(e) => ctx.error(crate::i18n::app_error(&e, ctx.lang)),
        }
        // The status bar counts the open queue whether or not closed rows are shown.
        ctx.shared.stats = crate::app::QueueStats::of(&self.queue.rows);
        self.load_events(ctx.session, true);
        self.inbox.reload(ctx);
    }

    fn poll(&mut self, ctx: &mut Ctx) -> bool {
        self.inbox.poll(ctx)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> bool {
        if self.mode == Mode::Inbox {
            if action == Action::Back {
                self.mode = Mode::Queue;
                return true;
            }
            return self.inbox.update(action, ctx);
        }
        let page = self.queue.list.page;
        let moved = match &mut self.mode {
            Mode::Detail { scroll } => records::scroll(scroll, action, page),
            Mode::Queue => self.queue.list.navigate(action),
            Mode::Inbox => false,
        };
        if moved {
            return true;
        }
        match action {
            Action::Open => {
                if self.selected().is_some() {
                    self.mode = Mode::Detail { scroll: 0 };
                    self.load_events(ctx.session, false);
                }
            }
            Action::Back => match self.mode {
                Mode::Detail { .. } | Mode::Inbox => self.mode = Mode::Queue,
                // Esc in the queue clears an applied search.
                Mode::Queue => self.search("", ctx),
            },
            Action::Inbox => {
                self.mode = Mode::Inbox;
                self.inbox.reload(ctx);
            }
            Action::Add => self.open_form(Purpose::New, ctx),
            Action::Edit => self.with_selected(ctx, |r| Purpose::Edit(Box::new(r.request.clone()))),
            Action::Extend => self.with_selected(ctx, |r| Purpose::Extend(r.request.id.clone())),
            Action::PauseResume => self.with_selected(ctx, |r| {
                if r.request.open_pause().is_some() {
                    Purpose::Resume(r.request.id.clone())
                } else {
                    Purpose::Pause(r.request.id.clone())
                }
            }),
            Action::Identity => {
                self.with_selected(ctx, |r| Purpose::Identity(r.request.id.clone()))
            }
            Action::Note => self.with_selected(ctx, |r| Purpose::Note(r.request.id.clone())),
            Action::Decide => self.with_selected(ctx, |r| Purpose::Decide {
                id: r.request.id.clone(),
                identity_warned: false,
            }),
            Action::Close => self.with_selected(ctx, |r| {
                // Art. 19: with no recipients recorded the officer is asked whether the data
                // went to anyone before the request closes; "no one" is a recorded answer.
                if r.request.recipients_unanswered() {
                    Purpose::CloseNoRecipients(r.request.id.clone())
                } else {
                    Purpose::Close(r.request.id.clone())
                }
            }),
            Action::Recipients => match self.selected_id() {
                Some(id) => {
                    let dialog =
                        crate::ui::dialogs::recipients::RecipientsDialog::new(id, ctx.session);
                    *ctx.dialog = Some(Dialog::Recipients(dialog));
                }
                None => ctx.select_first(),
            },
            Action::ToggleClosed => {
                self.show_closed = !self.show_closed;
                self.reload(ctx, true);
            }
            Action::Letters => match self.selected() {
                Some(row) => {
                    let subject = Subject::Request(Box::new(row.request.clone()));
                    let chooser = Chooser::new(subject, ctx.session, ctx.me);
                    *ctx.dialog = Some(Dialog::Letters(chooser));
                }
                None => ctx.select_first(),
            },
            _ => return false,
        }
        true
    }

    fn search(&mut self, text: &str, _ctx: &mut Ctx) {
        self.queue.set_search(text);
    }

    fn matches(&self) -> Option<usize> {
        Some(self.queue.list.visible.len())
    }

    fn search_text(&self) -> &str {
        &self.queue.search
    }

    fn selected_id(&self) -> Option<String> {
        self.queue.selected_id()
    }

    fn visible_ids(&self) -> Vec<String> {
        self.queue.visible_ids()
    }

    fn note(&self) -> Option<T> {
        self.show_closed.then_some(T::showing_closed)
    }

    fn hint_label(&self, action: Action, label: T) -> Option<T> {
        if let Mode::Inbox = self.mode {
            return self.inbox.hint_label(action, label);
        }
        if action == Action::Inbox && !self.inbox.configured() {
            return None;
        }
        // What can be done to the request in view, if any.
        let Some(r) = self.selected().map(|row| &row.request) else {
            // An empty list: new, and (when a search emptied it) searching again or clearing.
            let searching = !self.queue.search.is_empty();
            return match action {
                Action::Add | Action::Inbox | Action::Help | Action::Quit => Some(label),
                Action::Filter | Action::Back if searching => Some(label),
                _ => None,
            };
        };
        let answering = r.awaits_answer();
        match action {
            Action::PauseResume if r.open_pause().is_some() => Some(T::key_resume),
            Action::PauseResume | Action::Decide => answering.then_some(label),
            Action::Extend => (answering && r.extension.is_none()).then_some(label),
            // Once decided, identity is history: the hint's room goes to closing.
            Action::Identity => answering.then_some(label),
            Action::Close => (r.status == Status::Decided).then_some(label),
            Action::Note | Action::Edit => r.is_open().then_some(label),
            _ => Some(label),
        }
    }

    fn submit(&mut self, dialog: &mut FormDialog, ctx: &mut Ctx) -> Submitted {
        if let AnyPurpose::LetterSent(p) = &dialog.purpose {
            let done = crate::ui::dialogs::letters::submit_sent(p, &mut dialog.form, ctx);
            self.reload(ctx, true);
            return done;
        }
        let AnyPurpose::Request(purpose) = &mut dialog.purpose else {
            return Submitted::Done;
        };
        let extend = matches!(purpose, Purpose::Extend(_));
        let from_mail = matches!(purpose, Purpose::FromMail(_));
        let set_aside = matches!(purpose, Purpose::SetAside { .. });
        let added = matches!(purpose, Purpose::New) || from_mail;
        let Some((id, msg)) =
            request_forms::submit(purpose, &mut dialog.form, ctx.session, ctx.lang)
        else {
            return Submitted::Stay;
        };
        if set_aside {
            let what = self.inbox.describe_name(&id, ctx);
            ctx.info(format!("{} {what}", msg.get(ctx.lang)));
            // Only the inbox changed.
            self.inbox.reload(ctx);
            return Submitted::Done;
        }
        ctx.info(format!("{} {id}", msg.get(ctx.lang)));
        if extend {
            self.warn_extension_past_policy(&id, msg, ctx);
        }
        if from_mail {
            // The inbox stays in view for the next message; the acknowledgement is offered.
            self.queue.set_search("");
            self.reload(ctx, true);
            self.queue.select_id(&id);
            self.offer_acknowledgement(&id, ctx);
            return Submitted::Done;
        }
        if added {
            // Show the new request even when a search would hide it.
            self.queue.set_search("");
        }
        self.reload(ctx, true);
        if !self.queue.select_id(&id) {
            // Closed and now hidden: back to the queue rather than showing another request.
            self.mode = Mode::Queue;
        }
        self.load_events(ctx.session, true);
        Submitted::Done
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        match self.mode {
            Mode::Inbox => self.inbox.draw(frame, area, view),
            Mode::Detail { scroll } => self.draw_detail(frame, area, view, Some(scroll)),
            Mode::Queue if area.width >= SIDE_BY_SIDE => {
                let [list, detail] =
                    Layout::horizontal([Constraint::Percentage(55), Constraint::Min(40)])
                        .areas(area);
                self.draw_queue(frame, list, view);
                let block = Block::default()
                    .borders(Borders::LEFT)
                    .border_style(view.theme.style(Role::Border));
                let inner = block.inner(detail);
                frame.render_widget(block, detail);
                self.draw_detail(frame, inner, view, None);
            }
            Mode::Queue => self.draw_queue(frame, area, view),
        }
    }
}

fn period_text(p: Period, lang: Lang) -> String {
    match (p, lang) {
        (Period::Weeks(1), Lang::Nl) => "1 week".into(),
        (Period::Weeks(n), Lang::Nl) => format!("{n} weken"),
        (Period::Months(1), Lang::Nl) => "1 maand".into(),
        (Period::Months(n), Lang::Nl) => format!("{n} maanden"),
        (Period::Weeks(1), Lang::En) => "1 week".into(),
        (Period::Weeks(n), Lang::En) => format!("{n} weeks"),
        (Period::Months(1), Lang::En) => "1 month".into(),
        (Period::Months(n), Lang::En) => format!("{n} months"),
    }
}

/// Every field of the request, both deadlines (which one counts and why) and the timeline.
pub fn detail_lines(
    row: &QueueRow,
    events: &[AuditEntry],
    view: &View,
    width: u16,
) -> Vec<Line<'static>> {
    let (theme, lang, tz) = (view.theme, view.lang, view.tz());
    let today = view.shared.today;
    let r = &row.request;
    let t = &row.timing;
    let base = theme.style(Role::Base);
    let urgency_style = urgency(row, today, theme);
    let mut d = Detail::new(theme, width);
    d.line(Line::from(vec![
        Span::styled(r.id.clone(), theme.style(Role::Title)),
        Span::styled(format!("  {}  ", r.kind.label(lang)), base),
        Span::styled(status_text(row, lang), urgency_style),
    ]));
    d.field(
        T::col_received.get(lang),
        format!(
            "{}  ({} {})",
            date_weekday(r.received, lang),
            T::d_channel.get(lang).to_lowercase(),
            r.channel.label(lang)
        ),
        base,
    );
    // A role nobody recorded reads "unknown", never a guess.
    let role = match r.requester.role {
        Some(x) => format!(" ({})", x.label(lang)),
        None => format!(" ({})", T::role_unknown.get(lang)),
    };
    d.field(
        T::d_requester.get(lang),
        format!("{}{role}  {}", r.requester.name, r.requester.contact),
        base,
    );
    // Dutch goes without saying; another language is where the letters differ.
    if r.language != crate::domain::request::Language::default() {
        d.field(T::f_language.get(lang), r.language.label(lang), base);
    }
    if !r.pupil.name.is_empty() || !r.pupil.school.is_empty() {
        let birth = r
            .pupil
            .birth_date
            .map(|b| format!(", {}", date(b, lang)))
            .unwrap_or_default();
        d.field(
            T::d_pupil.get(lang),
            format!(
                "{}{birth}  {} {}",
                r.pupil.name, r.pupil.school, r.pupil.class
            ),
            base,
        );
    }
    if r.is_open() {
        for f in r.flags() {
            d.field(T::d_flags.get(lang), f.label(lang), theme.style(Role::Flag));
        }
    }

    d.section(T::d_deadlines.get(lang));
    let dl = &t.deadlines;
    let policy = view.session.config.policy;
    let legal_label = T::d_legal.get(lang);
    let policy_label = format!("{} ({})", T::d_policy.get(lang), period_text(policy, lang));
    d.field(legal_label, date_weekday(dl.legal_due, lang), base);
    d.field(&policy_label, date_weekday(dl.policy_due, lang), base);
    let (legal, policy_due) = if t.extended {
        d.field(
            T::d_extended_legal.get(lang),
            date_weekday(dl.extended_legal_due, lang),
            base,
        );
        d.field(
            T::d_extended_policy.get(lang),
            date_weekday(dl.extended_policy_due, lang),
            base,
        );
        (dl.extended_legal_due, dl.extended_policy_due)
    } else {
        if r.awaits_answer() {
            // Past the board's notice day, within the law's: still possible, in amber.
            let (notice, style) = match dl.notice_window(today) {
                NoticeWindow::PastPolicy { days } => {
                    let legal = date_weekday(dl.notice_legal_due, lang);
                    let late = match lang {
                        Lang::Nl => {
                            format!("{days} d na beleid; de wet staat verlengen toe t/m {legal}")
                        }
                        Lang::En => {
                            format!("{days} d past policy; the law allows extending until {legal}")
                        }
                    };
                    (
                        format!("{}  ({late})", date_weekday(dl.notice_due, lang)),
                        theme.style(Role::DueSoon),
                    )
                }
                NoticeWindow::InTime | NoticeWindow::PastLegal => {
                    (date_weekday(dl.notice_due, lang), base)
                }
            };
            d.field(T::d_notice_due.get(lang), notice, style);
        }
        (dl.legal_due, dl.policy_due)
    };
    // Which deadline counts, and why: the earlier of the two.
    let which = if policy_due < legal {
        T::d_operative_policy
    } else if legal < policy_due {
        T::d_operative_legal
    } else {
        T::d_operative_both
    };
    d.field(
        T::d_operative.get(lang),
        format!("{}  ({})", date_weekday(t.operative, lang), which.get(lang)),
        urgency_style,
    );
    if r.awaits_answer() {
        d.field(
            T::d_days_left.get(lang),
            days_words(row, today, lang),
            urgency_style,
        );
    }
    if t.paused_days > 0 || r.open_pause().is_some() {
        d.field(T::d_paused_days.get(lang), t.paused_days.to_string(), base);
        d.field(
            &format!(
                "{} ({})",
                T::d_operative.get(lang),
                T::d_without_pauses.get(lang)
            ),
            date_weekday(t.unpaused.operative(t.extended), lang),
            theme.style(Role::Muted),
        );
    }

    d.section(T::d_identity.get(lang));
    match &r.identity {
        Some(i) => {
            d.field(T::f_method.get(lang), &i.method, base);
            d.field(
                T::f_checked_by.get(lang),
                format!("{}  {}", i.checked_by, date(i.date, lang)),
                base,
            );
        }
        None => {
            d.text(T::d_not_checked.get(lang), theme.style(Role::Muted));
        }
    }
    if let Some(e) = &r.extension {
        d.section(T::d_extension.get(lang));
        d.field(&date(e.date, lang), &e.reason, base);
        if let Some(days) = r.extension_past_policy(t) {
            d.text(
                &crate::i18n::extension_past_policy(days, dl.notice_due, dl.notice_legal_due, lang),
                theme.style(Role::DueSoon),
            );
        }
    }
    if !r.pauses.is_empty() {
        d.section(T::d_pauses.get(lang));
        for p in &r.pauses {
            let to =
                p.to.map(|x| date(x, lang))
                    .unwrap_or_else(|| T::d_open.get(lang).into());
            d.field(&format!("{} – {to}", date(p.from, lang)), &p.reason, base);
        }
    }
    if !r.recipients.is_empty() || r.kind.needs_recipient_notice() {
        d.section(T::d_recipients.get(lang));
        match r.recipients_none_on {
            Some(on) if r.recipients.is_empty() => {
                d.field(T::d_recipients_none.get(lang), date(on, lang), base);
            }
            _ if r.recipients.is_empty() => {
                d.text(
                    &format!("{} (o)", T::d_none.get(lang)),
                    theme.style(Role::Muted),
                );
            }
            _ => {}
        }
        for x in &r.recipients {
            let (mark, what) = match x.notified_on {
                Some(on) => ("[x]", format!("{} {}", T::d_told.get(lang), date(on, lang))),
                None => ("[ ]", T::d_not_told.get(lang).to_string()),
            };
            // The name may be long ("Schoolfotograaf De Lange Lens B.V., afdeling ..."): it
            // wraps under itself, never into the label column.
            d.entry(mark, base, &format!("{} — {what}", x.name), base);
        }
    }
    if !r.letters.is_empty() {
        d.section(T::d_letters.get(lang));
        for l in &r.letters {
            d.field(
                &date(l.sent_on, lang),
                format!("{} ({})", l.kind.label(lang), l.via.label(lang)),
                base,
            );
        }
    }
    if let Some(o) = &r.outcome {
        d.section(T::d_decision.get(lang));
        d.field(&date(o.date, lang), o.decision.label(lang), base);
        if !o.reason.is_empty() {
            d.field(T::f_reason.get(lang), &o.reason, base);
        }
    }
    if !r.summary.is_empty() {
        d.section(T::d_summary.get(lang));
        d.text(&r.summary, base);
    }
    d.section(T::d_timeline.get(lang));
    // Notes and what happened, in the order they happened.
    let mut timeline: Vec<Entry> = r
        .notes
        .iter()
        .map(|n| Entry {
            at: n.at,
            day_only: false,
            who: n.author.clone(),
            text: n.text.clone(),
            style: base,
        })
        .collect();
    for e in events {
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(&e.at) else {
            continue;
        };
        // A field set to nothing from nothing (an empty reason) says nothing.
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
        if blank(&e.old_value) && blank(&e.new_value) {
            continue;
        }
        let mut entry = Entry {
            at: at.to_utc(),
            day_only: false,
            who: e.user.clone(),
            text: event_text(e, lang),
            style: theme.style(Role::Label),
        };
        place_late_pause(&mut entry, e, tz, lang);
        timeline.push(entry);
    }
    timeline.sort_by_key(|e| e.at);
    if timeline.is_empty() {
        d.text(
            &format!("{} (n)", T::d_none.get(lang)),
            theme.style(Role::Muted),
        );
    }
    for e in timeline {
        let when = if e.day_only {
            // The day alone, padded to where the time would end: a pause's start has no hour.
            format!("{}      ", date(e.at.with_timezone(&tz).date_naive(), lang))
        } else {
            crate::i18n::dates::datetime(e.at, tz, lang)
        };
        let lead = format!("{when} {}: ", e.who);
        d.entry(&lead, theme.style(Role::Muted), &e.text, e.style);
    }
    d.lines()
}

/// One line of a request's timeline.
struct Entry {
    at: chrono::DateTime<chrono::Utc>,
    /// Placed by a day, not a moment: the lead shows the date only.
    day_only: bool,
    who: String,
    text: String,
    style: Style,
}

/// A pause recorded on a later day than it began (identification asked for on 5 March,
/// recorded on 20 April) is true (docs/rules.md 1.5, rule 7): the timeline shows it where it
/// began, at the end of that day, saying when it was recorded ("vastgelegd op 20-04").
fn place_late_pause(entry: &mut Entry, e: &AuditEntry, tz: chrono_tz::Tz, lang: Lang) {
    // A new pause is a "pause" row without an old value, its value "YYYY-MM-DD – …: reason".
    if e.field != "pause" || e.old_value.is_some() {
        return;
    }
    let Some(from) = e
        .new_value
        .as_deref()
        .and_then(|v| v.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return;
    };
    let recorded = entry.at.with_timezone(&tz).date_naive();
    if from >= recorded {
        return;
    }
    let end_of_day = from
        .succ_opt()
        .and_then(|next| next.and_hms_opt(0, 0, 0))
        .and_then(|midnight| midnight.and_local_timezone(tz).earliest())
        .map(|t| t.to_utc() - chrono::Duration::seconds(1));
    let Some(at) = end_of_day else {
        return;
    };
    entry.at = at;
    entry.day_only = true;
    entry.text = format!(
        "{} ({} {})",
        entry.text,
        T::recorded_on.get(lang),
        crate::i18n::dates::date_short(recorded, lang)
    );
}

/// "nog 5 dagen", "vandaag", "10 dagen te laat (wettelijke termijn)".
fn days_words(row: &QueueRow, today: NaiveDate, lang: Lang) -> String {
    let n = row.timing.days_left;
    let plural = |n: i64| match (n == 1, lang) {
        (true, Lang::Nl) => "dag",
        (false, Lang::Nl) => "dagen",
        (true, Lang::En) => "day",
        (false, Lang::En) => "days",
    };
    match (lateness(row, today), lang) {
        (Lateness::PastLegal, Lang::Nl) => {
            let late = legal_days_late(row, today);
            format!("{late} {} te laat (wettelijke termijn)", plural(late))
        }
        (Lateness::PastLegal, Lang::En) => {
            let late = legal_days_late(row, today);
            format!("{late} {} late (legal deadline)", plural(late))
        }
        (Lateness::PastPolicy, Lang::Nl) => format!(
            "{} {} na de beleidstermijn (wettelijke termijn nog niet verstreken)",
            -n,
            plural(-n)
        ),
        (Lateness::PastPolicy, Lang::En) => format!(
            "{} {} past the policy deadline (the legal one has not passed)",
            -n,
            plural(-n)
        ),
        (Lateness::OnTime, _) if n == 0 => T::today.get(lang).into(),
        (Lateness::OnTime, Lang::Nl) => format!("nog {n} {}", plural(n)),
        (Lateness::OnTime, Lang::En) => format!("{n} {} left", plural(n)),
    }
}

/// One audit event as a timeline line: the field in the officer's words, codes as labels.
/// `text` with every ISO date in it (2026-10-12, as the audit trail stores them) written as
/// the interface writes dates (12-10-2026 in Dutch).
fn dates_as_read(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let parsed = rest
            .get(..10)
            .filter(|d| d.as_bytes().get(4) == Some(&b'-') && d.as_bytes().get(7) == Some(&b'-'))
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            // A longer run of digits (a time stamp, a number) is left as it is.
            .filter(|_| !rest[10..].starts_with(|c: char| c.is_ascii_digit() || c == 'T'));
        match parsed {
            Some(d) => {
                out.push_str(&date(d, lang));
                rest = &rest[10..];
            }
            None => {
                let end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn event_text(e: &AuditEntry, lang: Lang) -> String {
    use crate::domain::request::{Decision, Kind};
    let show = |v: &Option<String>| -> String {
        let v = v.as_deref().unwrap_or("—");
        match e.field.as_str() {
            "status" => Status::parse(v).map(|s| s.label(lang).to_string()),
            "decision" => Decision::parse(v).map(|d| d.label(lang).to_string()),
            "kind" | "created" => Kind::parse(v).map(|k| k.label(lang).to_string()),
            _ => None,
        }
        .unwrap_or_else(|| dates_as_read(v, lang))
    };
    if e.field == "created" {
        return format!("{} ({})", T::event_created.get(lang), show(&e.new_value));
    }
    if e.field == "letter" {
        // Stored as "kind date via [edited]": shown in words, the date as read elsewhere.
        let v = e.new_value.as_deref().unwrap_or("");
        let mut parts = v.split_whitespace();
        let kind = parts.next().and_then(crate::letters::LetterKind::parse);
        let on = parts
            .next()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let via = parts.next().and_then(crate::letters::Via::parse);
        let edited = match parts.next() {
            Some("edited") => format!(", {}", T::letter_edited.get(lang)),
            _ => String::new(),
        };
        if let (Some(kind), Some(on), Some(via)) = (kind, on, via) {
            return format!(
                "{}: {} {} ({}{edited})",
                T::f_letter.get(lang),
                kind.label(lang),
                date(on, lang),
                via.label(lang)
            );
        }
    }
    let label = crate::i18n::field_label(&e.field, lang);
    match &e.old_value {
        Some(_) => format!("{label}: {} → {}", show(&e.old_value), show(&e.new_value)),
        None => format!("{label}: {}", show(&e.new_value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_in_the_timeline_read_as_the_interface_writes_dates() {
        assert_eq!(
            dates_as_read(
                "2026-10-12 – 2026-10-19: verduidelijking gevraagd",
                Lang::Nl
            ),
            "12-10-2026 – 19-10-2026: verduidelijking gevraagd"
        );
        assert_eq!(
            dates_as_read("2026-10-12 – …: wacht", Lang::En),
            "2026-10-12 – …: wacht"
        );
        // Not a date: numbers, times and impossible days stay as they are.
        for text in [
            "V-2026-0001",
            "20-31 personen",
            "2026-02-30",
            "2026-11-23T10:00:00+01:00",
        ] {
            assert_eq!(dates_as_read(text, Lang::Nl), text);
        }
    }
}

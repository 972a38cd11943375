//! The inbox view of the requests tab (`m`): the e-mail messages of the configured mailbox not
//! yet logged or set aside, newest first. Enter opens the new-request form filled from the
//! message (Ctrl-S logs it: three keys from inbox to request), `x` sets a message aside as
//! "no request" with a reason (and puts it back in the set-aside list, `g`).

use super::{Ctx, View};
use crate::i18n::dates::{date, date_short, datetime_short};
use crate::i18n::{Lang, T};
use crate::intake::inbox::{self, Glance, Inbox, InboxRow};
use crate::intake::IntakeError;
use crate::ui::dialogs::AnyPurpose;
use crate::ui::forms::request::{self as request_forms, MailIntake, Purpose};
use crate::ui::keys::Action;
use crate::ui::theme::Role;
use crate::ui::widgets::records::RecordList;
use crate::ui::widgets::table::{clip, Column, FittedTable, TableCell};
use chrono::Datelike;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

#[derive(Default)]
pub struct InboxView {
    /// None until a mailbox is configured and first read.
    inbox: Option<Inbox>,
    rows: RecordList<InboxRow>,
    /// Showing the messages set aside instead of those to handle.
    set_aside: bool,
}

impl InboxView {
    /// Whether a mailbox is configured (and was read): the queue hints `m` only then.
    pub fn configured(&self) -> bool {
        self.inbox.is_some()
    }

    /// An empty list offers no action on a message (the pane's `hint_label`).
    pub fn hint_label(&self, action: Action, label: T) -> Option<T> {
        match action {
            Action::Open | Action::SetAside if self.rows.selected_id().is_none() => None,
            _ => Some(label),
        }
    }

    /// Reads the marks and (when it changed) the mailbox again; sets the count for the
    /// status bar.
    pub fn reload(&mut self, ctx: &mut Ctx) {
        self.refresh(ctx, true);
    }

    /// On every key: reads the mailbox again only when its folders changed (a few `stat`s).
    pub fn poll(&mut self, ctx: &mut Ctx) -> bool {
        self.refresh(ctx, false)
    }

    fn refresh(&mut self, ctx: &mut Ctx, force: bool) -> bool {
        let Some(source) = ctx.session.config.inbox.clone() else {
            self.inbox = None;
            ctx.shared.inbox = None;
            return false;
        };
        let inbox = match &mut self.inbox {
            Some(i) if *i.source() == source => i,
            slot => slot.insert(Inbox::new(source)),
        };
        let mut changed = inbox.refresh(&ctx.session.store, force);
        // Messages seen to be logged elsewhere (`avgdesk intake`) leave the list, except the
        // one under the cursor: the key pressed is meant for it (Enter and x say why it goes).
        let selected = self.rows.selected_id();
        let mut seen = inbox.seen_logged();
        seen.retain(|(name, _)| Some(name) != selected.as_ref());
        if !seen.is_empty() {
            for (name, key) in &seen {
                if let Err(e) = inbox::take_logged(ctx.session, name, key) {
                    ctx.error(crate::i18n::intake_error(&e, ctx.lang));
                }
            }
            changed |= inbox.refresh(&ctx.session.store, true);
        }
        if changed || force {
            self.rows.set_rows(inbox.rows(self.set_aside));
        }
        ctx.shared.inbox = Some(inbox.error.is_none().then(|| inbox.count()));
        changed
    }

    /// Handles a key of the inbox; false for one it leaves to the pane.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> bool {
        if self.rows.list.navigate(action) {
            return true;
        }
        match action {
            Action::Open if !self.set_aside => self.open(ctx),
            Action::Open => ctx.error(T::msg_put_back_first.get(ctx.lang)),
            Action::SetAside => self.set_aside_or_back(ctx),
            Action::ToggleClosed => {
                self.set_aside = !self.set_aside;
                self.rows.list.selected = 0;
                self.reload(ctx);
            }
            _ => return false,
        }
        true
    }

    fn selected_glance(&mut self, ctx: &Ctx) -> Option<(InboxRow, Result<Glance, String>)> {
        let row = self.rows.selected()?.clone();
        let inbox = self.inbox.as_mut()?;
        let glance = match inbox.glance(&row.entry, &ctx.session.store, ctx.session.config.timezone)
        {
            Ok(g) => Ok(g.clone()),
            Err(e) => Err(crate::i18n::intake_error(e, ctx.lang)),
        };
        Some((row, glance))
    }

    /// Enter: the message read whole and the new-request form filled from it.
    fn open(&mut self, ctx: &mut Ctx) {
        // Logged meanwhile from a saved copy with `avgdesk intake`? Then it leaves the list
        // instead of opening a form whose save would be refused.
        if let Some(inbox) = self.inbox.as_mut() {
            inbox.recheck_logged(&ctx.session.store);
        }
        let Some((row, glance)) = self.selected_glance(ctx) else {
            return ctx.select_first();
        };
        if let Ok(Glance {
            logged_as: Some(_),
            key,
            ..
        }) = &glance
        {
            return self.take_logged(&row.entry.name, key, ctx);
        }
        match inbox::proposal(&row.entry, ctx.session.config.timezone) {
            Ok(proposal) => {
                let purpose = Purpose::FromMail(Box::new(MailIntake {
                    proposal,
                    mailbox_name: Some(row.entry.name.clone()),
                }));
                let form = request_forms::build(&purpose, ctx.session, ctx.lang);
                ctx.open_form(AnyPurpose::Request(purpose), form);
            }
            Err(e) => ctx.error(crate::i18n::intake_error(&e, ctx.lang)),
        }
    }

    /// `x`: asks why a message is no request and sets it aside; in the set-aside list, puts
    /// the message back in the inbox.
    fn set_aside_or_back(&mut self, ctx: &mut Ctx) {
        let Some((row, glance)) = self.selected_glance(ctx) else {
            return ctx.select_first();
        };
        let name = row.entry.name.clone();
        if self.set_aside {
            match inbox::put_back(ctx.session, &name) {
                Ok(()) => {
                    let what = self.describe(&row, ctx);
                    ctx.info(format!("{} {what}", T::msg_put_back.get(ctx.lang)));
                    self.reload(ctx);
                }
                Err(e) => ctx.error(crate::i18n::intake_error(&e, ctx.lang)),
            }
            return;
        }
        // An unreadable message is set aside by its file alone.
        let key = match glance {
            Ok(Glance {
                logged_as: Some(_),
                key,
                ..
            }) => return self.take_logged(&name, &key, ctx),
            Ok(g) => g.key,
            Err(_) => format!("file:{name}"),
        };
        let purpose = Purpose::SetAside { name, key };
        let mut form = request_forms::build(&purpose, ctx.session, ctx.lang);
        form.info.push(self.describe(&row, ctx));
        ctx.open_form(AnyPurpose::Request(purpose), form);
    }

    /// A message logged before from the command line: it leaves the inbox, and the officer is
    /// told which request it is.
    fn take_logged(&mut self, name: &str, key: &str, ctx: &mut Ctx) {
        match inbox::take_logged(ctx.session, name, key) {
            Ok(Some(id)) => {
                let e = IntakeError::Duplicate(id);
                ctx.error(crate::i18n::intake_error(&e, ctx.lang));
                self.reload(ctx);
            }
            Ok(None) => {}
            Err(e) => ctx.error(crate::i18n::intake_error(&e, ctx.lang)),
        }
    }

    /// How the message `name` is described in a message to the officer.
    pub fn describe_name(&mut self, name: &str, ctx: &Ctx) -> String {
        let row = self
            .rows
            .rows
            .iter()
            .find(|r| r.entry.name == name)
            .cloned();
        match row {
            Some(row) => self.describe(&row, ctx),
            None => name.to_string(),
        }
    }

    /// "26-11 09:14 J. de Vries — Inzageverzoek": which message a question is about.
    fn describe(&mut self, row: &InboxRow, ctx: &Ctx) -> String {
        let tz = ctx.session.config.timezone;
        let when = datetime_short(row.entry.arrival, tz, ctx.lang);
        let store = &ctx.session.store;
        match self.inbox.as_mut().map(|i| i.glance(&row.entry, store, tz)) {
            Some(Ok(g)) => format!("{when} {} — {}", g.sender, g.subject),
            _ => format!("{when} {}", row.entry.name),
        }
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let lang = view.lang;
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let Some(inbox) = &mut self.inbox else {
            frame.render_widget(
                Paragraph::new(T::inbox_none.get(lang))
                    .style(theme.style(Role::Muted))
                    .wrap(Wrap { trim: true }),
                area,
            );
            return;
        };
        let title = if self.set_aside {
            T::inbox_set_aside_title
        } else {
            T::inbox_title
        };
        let title = format!("{} ({}) ", title.get(lang), self.rows.rows.len());
        // Where the mailbox is and how to leave: cut visibly when the line is too narrow.
        let room = (head.width as usize).saturating_sub(UnicodeWidthStr::width(title.as_str()));
        let rest = clip(
            &format!(
                "{}  {}",
                inbox.source().path().display(),
                T::inbox_back.get(lang)
            ),
            room,
        );
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(title, theme.style(Role::Title)),
                Span::styled(rest, theme.style(Role::Muted)),
            ])),
            head,
        );
        if let Some(e) = &inbox.error {
            let text = crate::i18n::inbox_error(e, inbox.source().path(), lang);
            frame.render_widget(
                Paragraph::new(text)
                    .style(theme.style(Role::Error))
                    .wrap(Wrap { trim: true }),
                body,
            );
            return;
        }
        if self.rows.rows.is_empty() {
            let text = if self.set_aside {
                T::inbox_none_set_aside
            } else {
                T::inbox_empty
            };
            frame.render_widget(
                Paragraph::new(text.get(lang))
                    .style(theme.style(Role::Muted))
                    .wrap(Wrap { trim: true }),
                body,
            );
            return;
        }
        let tz = view.tz();
        let today = view.shared.today;
        let now = view.session.now();
        // Only the rows on screen are read: a mailbox of thousands opens at once.
        let shown: Vec<InboxRow> = self
            .rows
            .window(body.height.saturating_sub(1) as usize)
            .cloned()
            .collect();
        let rows: Vec<(Vec<TableCell>, Style)> = shown
            .iter()
            .map(|row| {
                let glance = inbox.glance(&row.entry, &view.session.store, tz);
                // When it reached the school as the form takes it (the Received: header), else
                // the mailbox's time; never a time still to come (a file name can claim one).
                let at = match glance {
                    Ok(g) => g.received_at,
                    Err(_) => row.entry.arrival,
                }
                .min(now);
                let local = at.with_timezone(&tz);
                // Today's by the time, this year's by day and time, older ones by the date.
                let when = if local.date_naive() == today {
                    local.format("%H:%M").to_string()
                } else if local.year() == today.year() {
                    datetime_short(at, tz, lang)
                } else {
                    date(local.date_naive(), lang)
                };
                let mut cells: Vec<TableCell> = match glance {
                    Ok(g) => vec![
                        when.into(),
                        g.subject.clone().into(),
                        g.sender.clone().into(),
                        // A message logged before (from the command line) says as what.
                        match &g.logged_as {
                            Some(id) => format!("= {id}").into(),
                            None => g.kind.short_label(lang).into(),
                        },
                        attachment_mark(g).into(),
                    ],
                    Err(e) => vec![
                        when.into(),
                        TableCell::styled(
                            crate::i18n::intake_error(e, lang),
                            theme.style(Role::Error),
                        ),
                        T::inbox_unreadable.get(lang).into(),
                        "".into(),
                        "".into(),
                    ],
                };
                if let Some(a) = &row.set_aside {
                    // Who and when before the reason, so a long reason never hides them.
                    cells.push(a.by.clone().into());
                    cells.push(date_short(a.at.with_timezone(&tz).date_naive(), lang).into());
                    cells.push(a.reason.clone().into());
                }
                (cells, theme.style(Role::Base))
            })
            .collect();
        let columns = columns(lang, self.set_aside);
        FittedTable {
            columns: &columns,
            header_style: theme.style(Role::Header),
            highlight: theme.style(Role::Selected),
        }
        .render(
            frame,
            body,
            rows,
            Some(self.rows.list.selected - self.rows.list.top),
        );
    }
}

/// How many attachments, "ID!" when one looks like an identity document, "?" when only the
/// header of a large message was read.
fn attachment_mark(g: &Glance) -> String {
    match (g.attachments, g.id_document) {
        (_, true) => "ID!".into(),
        (None, _) => "?".into(),
        (Some(0), _) => String::new(),
        (Some(n), _) => n.to_string(),
    }
}

fn columns(lang: Lang, set_aside: bool) -> Vec<Column> {
    // In the set-aside list the reason matters more than the whole subject.
    let subject_want = if set_aside { 36 } else { 44 };
    let mut cols = vec![
        Column::new(T::col_arrival.get(lang), 11, 11, 0),
        // The subject says what the message is about: it gets the width before the sender.
        Column::new(T::col_subject.get(lang), 14, subject_want, 0).comfort(30),
        // In the set-aside list the reason widens before the sender does.
        Column::new(T::col_sender.get(lang), 12, 28, u8::from(set_aside)).comfort(16),
        // The suggestion (or "= V-2026-0012") only where the subject and the sender are
        // readable.
        Column::new(T::col_suggested.get(lang), 13, 17, 3)
            .short(T::col_kind.get(lang), 13)
            .comfort(13),
        Column::new(T::col_attachments.get(lang), 5, 5, 2),
    ];
    if set_aside {
        cols.push(Column::new(T::col_set_aside_by.get(lang), 8, 16, 0));
        cols.push(Column::new(T::col_set_aside_on.get(lang), 5, 5, 0));
        cols.push(Column::new(T::col_reason.get(lang), 16, 60, 0));
    }
    cols
}

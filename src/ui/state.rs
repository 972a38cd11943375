//! The app's screen state and how actions change it. Drawing reads this state only.

use super::forms::request::{self as request_forms, Purpose};
use super::forms::{Form, FormEvent};
use super::keys::{self, Action, Context};
use super::recipients::RecipientsDialog;
use super::theme::Theme;
use crate::app::{QueueRow, QueueStats, Session};
use crate::i18n::{Lang, T};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Requests,
    Breaches,
    Consent,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Requests, Tab::Breaches, Tab::Consent];

    pub fn title(self) -> T {
        match self {
            Tab::Requests => T::tab_requests,
            Tab::Breaches => T::tab_breaches,
            Tab::Consent => T::tab_consent,
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Queue,
    Detail { scroll: u16 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

pub struct OpenForm {
    pub purpose: Purpose,
    pub form: Form,
}

pub struct UiState {
    pub lang: Lang,
    pub theme: Theme,
    pub tab: Tab,
    pub view: View,
    /// Every loaded request with its timing, most urgent first.
    pub rows: Vec<QueueRow>,
    /// Indices into `rows` that match the filter.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub show_closed: bool,
    pub stats: QueueStats,
    pub form: Option<OpenForm>,
    pub recipients: Option<RecipientsDialog>,
    pub help: bool,
    pub message: Option<(Level, String)>,
    pub quit: bool,
    /// Rows the queue table showed at the last draw, for paging.
    pub page_size: usize,
    pub today: chrono::NaiveDate,
}

impl UiState {
    pub fn new(session: &Session, theme: Theme) -> UiState {
        let mut ui = UiState {
            lang: session.config.lang,
            theme,
            tab: Tab::Requests,
            view: View::Queue,
            rows: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            show_closed: false,
            stats: QueueStats::default(),
            form: None,
            recipients: None,
            help: false,
            message: None,
            quit: false,
            page_size: 10,
            today: session.today(),
        };
        ui.reload(session);
        ui
    }

    pub fn selected_row(&self) -> Option<&QueueRow> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    fn selected_id(&self) -> Option<String> {
        self.selected_row().map(|r| r.request.id.clone())
    }

    /// Reloads the queue from the store, keeping the selection on the same request.
    pub fn reload(&mut self, session: &Session) {
        let keep = self.selected_id();
        self.today = session.today();
        match session.queue(self.show_closed) {
            Ok(rows) => self.rows = rows,
            Err(e) => self.message = Some((Level::Error, e.to_string())),
        }
        // The status bar counts the open queue whether or not closed rows are shown.
        self.stats = QueueStats::of(&self.rows);
        self.refilter();
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    fn refilter(&mut self) {
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.matches(&self.filter))
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    fn select_id(&mut self, id: &str) {
        if let Some(pos) = self
            .visible
            .iter()
            .position(|&i| self.rows[i].request.id == id)
        {
            self.selected = pos;
        }
    }

    pub fn context(&self) -> Context {
        match (self.tab, self.view) {
            (Tab::Requests, View::Queue) => Context::Queue,
            (Tab::Requests, View::Detail { .. }) => Context::Detail,
            _ => Context::Placeholder,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent, session: &mut Session) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if let Some(open) = &mut self.form {
            match open.form.handle_key(key) {
                FormEvent::None => {}
                FormEvent::Cancel => self.form = None,
                FormEvent::Submit => self.submit_form(session),
            }
            return;
        }
        if let Some(dialog) = &mut self.recipients {
            if !dialog.handle_key(key, session, self.lang) {
                self.recipients = None;
                self.reload(session);
            }
            return;
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter
            ) {
                self.help = false;
            }
            return;
        }
        if self.filtering {
            self.edit_filter(key);
            return;
        }
        if let Some(action) = keys::action_for(key, self.context()) {
            self.update(action, session);
        }
    }

    fn edit_filter(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => self.filtering = false,
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.clear();
            }
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Down => self.move_by(1),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Char(c) => self.filter.push(c),
            _ => return,
        }
        self.selected = 0;
        self.refilter();
    }

    fn move_by(&mut self, delta: isize) {
        let n = self.visible.len();
        if n == 0 {
            return;
        }
        let max = n as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    fn open_form(&mut self, purpose: Purpose, session: &Session) {
        let form = request_forms::build(&purpose, session, self.lang);
        self.form = Some(OpenForm { purpose, form });
    }

    fn submit_form(&mut self, session: &mut Session) {
        let Some(open) = &mut self.form else { return };
        if let Some((id, msg)) =
            request_forms::submit(&mut open.purpose, &mut open.form, session, self.lang)
        {
            let added = matches!(open.purpose, Purpose::New);
            self.form = None;
            self.message = Some((Level::Info, format!("{} {id}", msg.get(self.lang))));
            if added {
                // Show the new request even when a filter would hide it.
                self.filter.clear();
            }
            self.reload(session);
            self.select_id(&id);
        }
    }

    /// Opens a form about the selected request, or says to select one first.
    fn with_selected(&mut self, session: &Session, make: impl FnOnce(&QueueRow) -> Purpose) {
        match self.selected_row() {
            Some(row) => {
                let purpose = make(row);
                self.open_form(purpose, session);
            }
            None => self.message = Some((Level::Error, T::msg_select_first.get(self.lang).into())),
        }
    }

    pub fn update(&mut self, action: Action, session: &mut Session) {
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::NextTab => self.tab = Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()],
            Action::PrevTab => {
                self.tab = Tab::ALL[(self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
            }
            Action::GoTab(i) => self.tab = Tab::ALL.get(i).copied().unwrap_or(self.tab),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.navigate(action),
            Action::Open => {
                if self.selected_row().is_some() {
                    self.view = View::Detail { scroll: 0 };
                }
            }
            Action::Back => self.view = View::Queue,
            Action::Add => self.open_form(Purpose::New, session),
            Action::Edit => {
                self.with_selected(session, |r| Purpose::Edit(Box::new(r.request.clone())))
            }
            Action::Extend => {
                self.with_selected(session, |r| Purpose::Extend(r.request.id.clone()))
            }
            Action::PauseResume => self.with_selected(session, |r| {
                if r.request.open_pause().is_some() {
                    Purpose::Resume(r.request.id.clone())
                } else {
                    Purpose::Pause(r.request.id.clone())
                }
            }),
            Action::Identity => {
                self.with_selected(session, |r| Purpose::Identity(r.request.id.clone()))
            }
            Action::Note => self.with_selected(session, |r| Purpose::Note(r.request.id.clone())),
            Action::Decide => {
                self.with_selected(session, |r| Purpose::Decide(r.request.id.clone()))
            }
            Action::Close => self.with_selected(session, |r| Purpose::Close(r.request.id.clone())),
            Action::Recipients => {
                if let Some(id) = self.selected_id() {
                    self.recipients = Some(RecipientsDialog::new(id, session));
                } else {
                    self.message = Some((Level::Error, T::msg_select_first.get(self.lang).into()));
                }
            }
            Action::Filter => self.filtering = true,
            Action::ToggleClosed => {
                self.show_closed = !self.show_closed;
                self.reload(session);
            }
            Action::Help => self.help = true,
        }
    }

    fn navigate(&mut self, action: Action) {
        let page = self.page_size.max(1) as isize;
        if let View::Detail { scroll } = &mut self.view {
            *scroll = match action {
                Action::Down => scroll.saturating_add(1),
                Action::Up => scroll.saturating_sub(1),
                Action::PageDown => scroll.saturating_add(page as u16),
                Action::PageUp => scroll.saturating_sub(page as u16),
                Action::Top => 0,
                _ => *scroll,
            };
            return;
        }
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = self.visible.len().saturating_sub(1),
            _ => {}
        }
    }
}

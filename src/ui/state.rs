//! The app's screen state and how actions change it. Drawing reads this state only.

use super::forms::breach::{self as breach_forms, BreachPurpose};
use super::forms::consent::{self as consent_forms, ConsentPurpose, Outcome as ConsentOutcome};
use super::forms::request::{self as request_forms, Purpose};
use super::forms::{Form, FormEvent};
use super::keys::{self, Action, Context};
use super::panes::consent::ConsentPane;
use super::recipients::RecipientsDialog;
use super::theme::Theme;
use crate::app::{BreachRow, QueueRow, QueueStats, Session};
use crate::i18n::{Lang, T};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

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

/// What an open form works on.
pub enum AnyPurpose {
    Request(Purpose),
    Breach(BreachPurpose),
    Consent(ConsentPurpose),
}

pub struct OpenForm {
    pub purpose: AnyPurpose,
    pub form: Form,
}

/// The running log of a breach during the call: every Enter stores the line at once.
pub struct Capture {
    pub id: String,
    pub line: String,
    pub error: Option<String>,
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
    /// The first queue row on screen.
    pub queue_top: usize,
    /// The audit events of the request open in the detail view, for its timeline.
    pub request_events: Vec<crate::store::AuditEntry>,
    /// The breach register, awaiting the AP decision first.
    pub breaches: Vec<BreachRow>,
    pub breach_visible: Vec<usize>,
    pub breach_selected: usize,
    pub breach_top: usize,
    pub breach_view: View,
    pub capture: Option<Capture>,
    /// The consent grid and its filter.
    pub consent: ConsentPane,
    /// Where teacher lists are written (the officer's home folder).
    pub export_dir: std::path::PathBuf,
    /// Filters the active tab; cleared when the tab changes.
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
            queue_top: 0,
            request_events: Vec::new(),
            breaches: Vec::new(),
            breach_visible: Vec::new(),
            breach_selected: 0,
            breach_top: 0,
            breach_view: View::Queue,
            capture: None,
            consent: ConsentPane::default(),
            export_dir: directories::UserDirs::new()
                .map(|d| d.home_dir().to_path_buf())
                .unwrap_or_else(|| std::path::PathBuf::from(".")),
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

    pub fn selected_breach(&self) -> Option<&BreachRow> {
        self.breach_visible
            .get(self.breach_selected)
            .and_then(|&i| self.breaches.get(i))
    }

    fn selected_breach_id(&self) -> Option<String> {
        self.selected_breach().map(|r| r.breach.id.clone())
    }

    /// Breaches still waiting for the decision whether to notify the AP, most urgent first:
    /// their countdowns show in the status bar of every tab.
    pub fn pending_breaches(&self) -> impl Iterator<Item = &BreachRow> {
        self.breaches
            .iter()
            .filter(|r| r.breach.awaiting_ap_decision())
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
        let keep_breach = self.selected_breach_id();
        match session.register(!self.show_closed) {
            Ok(rows) => self.breaches = rows,
            Err(e) => self.message = Some((Level::Error, e.to_string())),
        }
        self.refilter();
        // The grid is read when its tab is first shown, not before the first frame.
        if self.tab == Tab::Consent || self.consent.loaded {
            self.consent.reload(session);
        }
        if let Some(id) = keep {
            self.select_id(&id);
        }
        if matches!(self.view, View::Detail { .. }) {
            self.load_request_events(session);
        }
        if let Some(id) = keep_breach {
            self.select_breach_id(&id);
        }
    }

    /// Reads the audit events of the request in the detail view (once per opening or change,
    /// never per frame).
    fn load_request_events(&mut self, session: &Session) {
        self.request_events = self
            .selected_id()
            .and_then(|id| session.request_events(&id).ok())
            .unwrap_or_default();
    }

    fn select_breach_id(&mut self, id: &str) {
        if let Some(pos) = self
            .breach_visible
            .iter()
            .position(|&i| self.breaches[i].breach.id == id)
        {
            self.breach_selected = pos;
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
        self.breach_visible = self
            .breaches
            .iter()
            .enumerate()
            .filter(|(_, r)| r.matches(&self.filter))
            .map(|(i, _)| i)
            .collect();
        self.breach_selected = self
            .breach_selected
            .min(self.breach_visible.len().saturating_sub(1));
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
            (Tab::Breaches, _) => match self.breach_view {
                View::Queue => Context::BreachList,
                View::Detail { .. } => Context::BreachDetail,
            },
            (Tab::Consent, _) => match self.consent.detail {
                Some(_) => Context::PupilDetail,
                None => Context::ConsentGrid,
            },
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent, session: &mut Session) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        // Over SSH, Esc followed quickly by a key arrives as one Alt+key sequence; nobody types
        // Alt here on purpose, so take it as the two keys it was.
        if let (KeyCode::Char(c), true) = (key.code, key.modifiers.contains(KeyModifiers::ALT)) {
            self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), session);
            self.handle_key(
                KeyEvent::new(KeyCode::Char(c), key.modifiers - KeyModifiers::ALT),
                session,
            );
            return;
        }
        if self.capture.is_some() && self.form.is_none() {
            self.edit_capture(key, session);
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
            self.edit_filter(key, session);
            return;
        }
        if let Some(action) = keys::action_for(key, self.context()) {
            self.update(action, session);
        }
    }

    /// A line typed during the call: Enter stores it at once, Esc ends the capture.
    fn edit_capture(&mut self, key: KeyEvent, session: &mut Session) {
        let Some(capture) = &mut self.capture else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                // A line typed but not yet stored is stored, not thrown away.
                if !capture.line.trim().is_empty() {
                    if let Err(e) = session.log_breach(&capture.id, &capture.line) {
                        capture.error = Some(crate::i18n::app_error(&e, self.lang));
                        return;
                    }
                    self.reload(session);
                }
                self.capture = None;
            }
            KeyCode::Enter => {
                if capture.line.trim().is_empty() {
                    return;
                }
                match session.log_breach(&capture.id, &capture.line) {
                    Ok(_) => {
                        capture.line.clear();
                        capture.error = None;
                        self.reload(session);
                        self.scroll_breach_to_end();
                    }
                    Err(e) => capture.error = Some(crate::i18n::app_error(&e, self.lang)),
                }
            }
            KeyCode::Backspace => {
                capture.line.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                capture.line.push(c)
            }
            _ => {}
        }
    }

    /// The log is at the end of the breach detail: keep the newest lines in view.
    fn scroll_breach_to_end(&mut self) {
        if let View::Detail { scroll } = &mut self.breach_view {
            *scroll = u16::MAX;
        }
    }

    fn edit_filter(&mut self, key: KeyEvent, session: &Session) {
        match key.code {
            KeyCode::Enter => self.filtering = false,
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.clear();
            }
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Down => return self.move_by(1),
            KeyCode::Up => return self.move_by(-1),
            KeyCode::Char(c) => self.filter.push(c),
            _ => return,
        }
        self.selected = 0;
        self.breach_selected = 0;
        self.refilter();
        if self.tab == Tab::Consent {
            // The grid searches in the store: only the matching page is read.
            self.consent.filter.search = self.filter.clone();
            self.consent.cursor = 0;
            self.consent.reload(session);
        }
    }

    /// Moves the selection of the active tab's list.
    fn move_by(&mut self, delta: isize) {
        let (n, selected) = match self.tab {
            Tab::Breaches => (self.breach_visible.len(), &mut self.breach_selected),
            _ => (self.visible.len(), &mut self.selected),
        };
        if n == 0 {
            return;
        }
        let max = n as isize - 1;
        *selected = (*selected as isize).saturating_add(delta).clamp(0, max) as usize;
    }

    fn open_form(&mut self, purpose: Purpose, session: &Session) {
        let form = request_forms::build(&purpose, session, self.lang);
        self.form = Some(OpenForm {
            purpose: AnyPurpose::Request(purpose),
            form,
        });
    }

    fn open_breach_form(&mut self, purpose: BreachPurpose, session: &Session) {
        let form = breach_forms::build(&purpose, session, self.lang);
        self.form = Some(OpenForm {
            purpose: AnyPurpose::Breach(purpose),
            form,
        });
    }

    fn submit_form(&mut self, session: &mut Session) {
        let Some(open) = &mut self.form else { return };
        let lang = self.lang;
        let done = match &mut open.purpose {
            AnyPurpose::Request(p) => request_forms::submit(p, &mut open.form, session, lang),
            AnyPurpose::Breach(p) => breach_forms::submit(p, &mut open.form, session, lang),
            AnyPurpose::Consent(p) => {
                match consent_forms::submit(p, &mut open.form, session, lang) {
                    Some(ConsentOutcome::Filter(filter)) => {
                        self.filter = filter.search.clone();
                        // Put the cursor on the purpose asked about.
                        if let Some(i) = filter
                            .purpose
                            .as_ref()
                            .and_then(|k| session.purposes().iter().position(|p| &p.key == k))
                        {
                            self.consent.column = i;
                        }
                        self.consent.filter = filter;
                        self.consent.cursor = 0;
                        self.form = None;
                        self.consent.reload(session);
                    }
                    Some(ConsentOutcome::Saved(name)) => {
                        self.form = None;
                        self.message =
                            Some((Level::Info, format!("{} {name}", T::msg_saved.get(lang))));
                        self.consent.reload(session);
                        if self.consent.detail.is_some() {
                            self.consent.open_detail(session);
                        }
                    }
                    None => {}
                }
                return;
            }
        };
        let Some((id, msg)) = done else { return };
        let added_request = matches!(open.purpose, AnyPurpose::Request(Purpose::New));
        let breach = matches!(open.purpose, AnyPurpose::Breach(_));
        let started_breach = matches!(open.purpose, AnyPurpose::Breach(BreachPurpose::Start));
        self.form = None;
        self.message = Some((Level::Info, format!("{} {id}", msg.get(lang))));
        if added_request || started_breach {
            // Show the new record even when a filter would hide it.
            self.filter.clear();
        }
        self.reload(session);
        if breach {
            self.select_breach_id(&id);
            if self.selected_breach_id().as_deref() != Some(id.as_str()) {
                // Closed and now hidden: back to the list rather than showing another record.
                self.breach_view = View::Queue;
            }
        } else {
            self.select_id(&id);
            if self.selected_id().as_deref() != Some(id.as_str()) {
                self.view = View::Queue;
            }
        }
        if started_breach {
            // Straight into the running log: the officer is still on the call. The log line
            // shows the id and the clock, so the status bar keeps room for the countdown.
            self.message = None;
            self.tab = Tab::Breaches;
            self.breach_view = View::Detail { scroll: 0 };
            self.capture = Some(Capture {
                id,
                line: String::new(),
                error: None,
            });
        }
    }

    /// Opens a breach form about the selected breach, or says to select one first.
    fn with_selected_breach(
        &mut self,
        session: &Session,
        make: impl FnOnce(&BreachRow) -> BreachPurpose,
    ) {
        match self.selected_breach() {
            Some(row) => {
                let purpose = make(row);
                // Say at once when the rules will refuse, instead of after the typing.
                if let Some(refusal) = breach_forms::refusal(&purpose, &row.breach) {
                    let text =
                        crate::i18n::breach_error(&refusal, self.lang, session.config.timezone);
                    self.message = Some((Level::Error, text));
                    return;
                }
                self.open_breach_form(purpose, session);
            }
            None => self.message = Some((Level::Error, T::msg_select_first.get(self.lang).into())),
        }
    }

    /// Opens a form about the selected request, or says to select one first.
    fn with_selected(&mut self, session: &Session, make: impl FnOnce(&QueueRow) -> Purpose) {
        match self.selected_row() {
            Some(row) => {
                let purpose = make(row);
                // Say at once when the rules will refuse, instead of after the typing.
                if let Some(refusal) = request_forms::refusal(&purpose, row, session) {
                    self.message =
                        Some((Level::Error, crate::i18n::rule_error(&refusal, self.lang)));
                    return;
                }
                self.open_form(purpose, session);
            }
            None => self.message = Some((Level::Error, T::msg_select_first.get(self.lang).into())),
        }
    }

    pub fn update(&mut self, action: Action, session: &mut Session) {
        self.message = None;
        if self.tab == Tab::Breaches && self.update_breaches(action, session) {
            return;
        }
        if self.tab == Tab::Consent && self.update_consent(action, session) {
            return;
        }
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
                    self.load_request_events(session);
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
            Action::Filter => {
                // A new search, as in less and vim.
                self.filter.clear();
                self.refilter();
                self.filtering = true;
            }
            Action::ToggleClosed => {
                self.show_closed = !self.show_closed;
                self.reload(session);
            }
            Action::Help => self.help = true,
            Action::NewBreach => self.open_breach_form(BreachPurpose::Start, session),
            Action::Log
            | Action::Assess
            | Action::NotifyAp
            | Action::NoNotify
            | Action::Subjects
            | Action::FollowUp
            | Action::Left
            | Action::Right
            | Action::ChangeCell
            | Action::FilterForm
            | Action::ExportList => {}
        }
        if matches!(action, Action::NextTab | Action::PrevTab | Action::GoTab(_)) {
            self.filter.clear();
            self.refilter();
            if self.tab == Tab::Consent && !self.consent.loaded {
                // The grid's height is known only after its first draw; the queue's is close.
                if self.consent.height == 0 {
                    self.consent.height = self.page_size.saturating_sub(2);
                }
                self.consent.reload(session);
            }
        }
    }

    /// Actions on the Toestemming tab; false lets the shared handling take the action.
    fn update_consent(&mut self, action: Action, session: &mut Session) -> bool {
        let purposes = session.purposes().len();
        let page = self.consent.height.max(1) as isize;
        if let Some(detail) = &mut self.consent.detail {
            match action {
                Action::Back => self.consent.detail = None,
                Action::Down => detail.scroll = detail.scroll.saturating_add(1),
                Action::Up => detail.scroll = detail.scroll.saturating_sub(1),
                Action::PageDown => detail.scroll = detail.scroll.saturating_add(page as u16),
                Action::PageUp => detail.scroll = detail.scroll.saturating_sub(page as u16),
                _ => return false,
            }
            return true;
        }
        match action {
            Action::Down => self.consent.move_rows(1, session),
            Action::Up => self.consent.move_rows(-1, session),
            Action::PageDown => self.consent.move_rows(page, session),
            Action::PageUp => self.consent.move_rows(-page, session),
            Action::Top => self.consent.move_rows(isize::MIN / 2, session),
            Action::Bottom => self.consent.move_rows(isize::MAX / 2, session),
            Action::Left => self.consent.move_column(-1, purposes),
            Action::Right => self.consent.move_column(1, purposes),
            Action::Open => self.consent.open_detail(session),
            Action::ToggleClosed => {
                self.consent.filter.include_left = !self.consent.filter.include_left;
                self.consent.reload(session);
            }
            Action::FilterForm => {
                let form = consent_forms::build(
                    &ConsentPurpose::Filter,
                    session,
                    &self.consent.filter,
                    self.lang,
                );
                self.form = Some(OpenForm {
                    purpose: AnyPurpose::Consent(ConsentPurpose::Filter),
                    form,
                });
            }
            Action::ChangeCell => {
                let target = self
                    .consent
                    .current()
                    .zip(session.purposes().get(self.consent.column))
                    .map(|(row, p)| (row.pupil.clone(), p.clone()));
                match target {
                    Some((pupil, purpose)) => {
                        let p = ConsentPurpose::Set {
                            pupil: Box::new(pupil),
                            purpose,
                        };
                        let form =
                            consent_forms::build(&p, session, &self.consent.filter, self.lang);
                        self.form = Some(OpenForm {
                            purpose: AnyPurpose::Consent(p),
                            form,
                        });
                    }
                    None => {
                        self.message =
                            Some((Level::Error, T::msg_select_first.get(self.lang).into()))
                    }
                }
            }
            Action::ExportList => self.export_teacher_list(session),
            _ => return false,
        }
        true
    }

    /// Writes the grid's current selection as a teacher list in the officer's home folder.
    fn export_teacher_list(&mut self, session: &Session) {
        use crate::app::consent_export::{file_name, teacher_list, ListFormat};
        let filter = &self.consent.filter;
        let path = free_path(
            &self.export_dir,
            &file_name(session, filter, ListFormat::Text),
        );
        let written = teacher_list(session, filter, &[], ListFormat::Text)
            .map_err(|e| e.to_string())
            .and_then(|list| {
                crate::app::export::write_private(&path, list.text.as_bytes())
                    .map(|_| list.pupils)
                    .map_err(|e| e.to_string())
            });
        self.message = Some(match written {
            Ok(n) => {
                let shown = std::fs::canonicalize(&path).unwrap_or(path);
                (
                    Level::Info,
                    format!(
                        "{} {} ({n} {})",
                        T::msg_exported.get(self.lang),
                        shown.display(),
                        T::pupils.get(self.lang)
                    ),
                )
            }
            Err(e) => (Level::Error, e),
        });
    }

    /// Actions on the Datalekken tab; false lets the shared handling take the action.
    fn update_breaches(&mut self, action: Action, session: &mut Session) -> bool {
        let id = |r: &BreachRow| r.breach.id.clone();
        match action {
            Action::Open => {
                if self.selected_breach().is_some() {
                    self.breach_view = View::Detail { scroll: 0 };
                }
            }
            Action::Back => self.breach_view = View::Queue,
            Action::Add => self.open_breach_form(BreachPurpose::Start, session),
            Action::Edit => self
                .with_selected_breach(session, |r| BreachPurpose::Edit(Box::new(r.breach.clone()))),
            Action::Assess => self.with_selected_breach(session, |r| BreachPurpose::Assess(id(r))),
            Action::NotifyAp => {
                self.with_selected_breach(session, |r| BreachPurpose::NotifyAp(id(r)))
            }
            Action::NoNotify => {
                self.with_selected_breach(session, |r| BreachPurpose::NoNotify(id(r)))
            }
            Action::Subjects => {
                self.with_selected_breach(session, |r| BreachPurpose::Subjects(id(r)))
            }
            Action::FollowUp => {
                self.with_selected_breach(session, |r| BreachPurpose::FollowUp(id(r)))
            }
            Action::Close => self.with_selected_breach(session, |r| BreachPurpose::Close(id(r))),
            Action::Log => match self.selected_breach_id() {
                Some(id) => {
                    self.breach_view = View::Detail { scroll: u16::MAX };
                    self.capture = Some(Capture {
                        id,
                        line: String::new(),
                        error: None,
                    });
                }
                None => {
                    self.message = Some((Level::Error, T::msg_select_first.get(self.lang).into()))
                }
            },
            _ => return false,
        }
        true
    }

    fn navigate(&mut self, action: Action) {
        let page = self.page_size.max(1) as isize;
        let view = match self.tab {
            Tab::Breaches => &mut self.breach_view,
            _ => &mut self.view,
        };
        if let View::Detail { scroll } = view {
            *scroll = match action {
                Action::Down => scroll.saturating_add(1),
                Action::Up => scroll.saturating_sub(1),
                Action::PageDown => scroll.saturating_add(page as u16),
                Action::PageUp => scroll.saturating_sub(page as u16),
                Action::Top => 0,
                // Clamped to the end of the text when drawn.
                Action::Bottom => u16::MAX,
                _ => *scroll,
            };
            return;
        }
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.move_by(-(isize::MAX / 2)),
            Action::Bottom => self.move_by(isize::MAX / 2),
            _ => {}
        }
    }
}

/// `dir/name`, or `dir/name-2` and so on when that file exists: an export never overwrites.
fn free_path(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

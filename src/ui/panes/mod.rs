//! One module per tab. A pane owns its rows, selection, view and filter; it answers actions
//! through `update` and draws itself. It never reaches into another pane: what two panes need
//! (the breach countdowns on every tab, the queue counts) goes through [`Shared`].
//!
//! Adding a tab: a module here implementing [`Pane`], one line in [`all`], its keys in
//! `ui/keys.rs`.

pub mod breaches;
pub mod consent;
pub mod inbox;
pub mod requests;

use super::dialogs::{Dialog, FormDialog};
use super::keys::{Action, Context};
use super::theme::Theme;
use crate::app::{QueueStats, Session};
use crate::domain::breach::Clock72;
use crate::i18n::{Lang, T};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::Frame;

/// The tabs, in order: the tab bar, the `1..N` keys and the help follow from this list.
pub fn all() -> Vec<Box<dyn Pane>> {
    vec![
        Box::new(requests::RequestsPane::default()),
        Box::new(breaches::BreachesPane::default()),
        Box::new(consent::ConsentPane::default()),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    /// Done, but late by the board's own rules: amber, as "na beleid" in the queue.
    Warning,
    Error,
}

/// A breach still awaiting the decision whether to notify the AP: its clock shows on every tab.
#[derive(Debug, Clone)]
pub struct Countdown {
    pub id: String,
    pub clock: Clock72,
}

/// What every pane may read or set.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    pub stats: QueueStats,
    /// Most urgent first.
    pub pending: Vec<Countdown>,
    pub today: NaiveDate,
    /// Where lists for teachers are written (the officer's home folder).
    pub export_dir: std::path::PathBuf,
    /// Messages in the inbox still to handle (None: the mailbox cannot be read); None
    /// without a configured mailbox.
    pub inbox: Option<Option<usize>>,
}

/// What a pane works with while it handles an action.
pub struct Ctx<'a> {
    pub session: &'a mut Session,
    pub lang: Lang,
    pub shared: &'a mut Shared,
    pub message: &'a mut Option<(Level, String)>,
    pub dialog: &'a mut Option<Dialog>,
    /// Set by a pane that wants to become the active tab (a breach started from another tab).
    pub activate: bool,
    /// The index of the pane being called, for dialogs to report back to.
    pub me: usize,
}

impl Ctx<'_> {
    pub fn info(&mut self, text: impl Into<String>) {
        *self.message = Some((Level::Info, text.into()));
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        *self.message = Some((Level::Warning, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        *self.message = Some((Level::Error, text.into()));
    }

    pub fn select_first(&mut self) {
        self.error(T::msg_select_first.get(self.lang));
    }

    /// Opens `form` for this pane; a form without fields is a yes/no question.
    pub fn open_form(&mut self, purpose: super::dialogs::AnyPurpose, form: super::forms::Form) {
        *self.dialog = Some(Dialog::for_form(FormDialog {
            owner: self.me,
            purpose,
            form,
        }));
    }
}

/// What a pane draws with.
pub struct View<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
    pub lang: Lang,
    pub shared: &'a Shared,
    /// The capture or another input of the pane is focused (no dialog over it).
    pub focused: bool,
}

impl View<'_> {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.session.config.timezone
    }
}

/// What a submitted form did.
#[derive(Default)]
pub enum Submitted {
    /// Saved: close the form.
    #[default]
    Done,
    /// Refused: the form shows why and stays open.
    Stay,
}

pub trait Pane {
    fn title(&self) -> T;

    /// Where the keys are looked up now.
    fn context(&self) -> Context;

    /// Reads what the pane shows. `shown` is false for a tab never opened (it may wait).
    fn reload(&mut self, ctx: &mut Ctx, shown: bool);

    /// Handles an action of the pane's context; false leaves it to the shared handling.
    fn update(&mut self, action: Action, ctx: &mut Ctx) -> bool;

    /// Handles an action from any tab (e.g. `b` starts a breach everywhere).
    fn anywhere(&mut self, _action: Action, _ctx: &mut Ctx) -> bool {
        false
    }

    /// A key while the pane's own input has the focus (the call log); false: not in one.
    fn input_key(&mut self, _key: crossterm::event::KeyEvent, _ctx: &mut Ctx) -> bool {
        false
    }

    /// Stores what is typed but not saved yet, before the app ends.
    fn flush(&mut self, _ctx: &mut Ctx) {}

    /// Before every key, on every tab: a cheap look whether something outside the database
    /// changed (new mail in the inbox). True when the pane read something new.
    fn poll(&mut self, _ctx: &mut Ctx) -> bool {
        false
    }

    /// The `/` search typed so far; the pane narrows its rows.
    fn search(&mut self, _text: &str, _ctx: &mut Ctx) {}

    /// How many rows the search leaves, for the search line.
    fn matches(&self) -> Option<usize> {
        None
    }

    /// The search in force, shown when the search line is closed.
    fn search_text(&self) -> &str {
        ""
    }

    /// The id of the record under the cursor (request, breach or pupil number).
    fn selected_id(&self) -> Option<String> {
        None
    }

    /// The ids of the rows the list shows after its search, top to bottom (the loaded ones).
    fn visible_ids(&self) -> Vec<String> {
        Vec::new()
    }

    /// A word for the status bar about what the pane shows (e.g. "closed ones shown").
    fn note(&self) -> Option<T> {
        None
    }

    /// How the hint bar names `action` for what is on screen now: `label` as the key table
    /// has it, another word (resume for a paused request), or `None` where the key does
    /// nothing useful (no "pause" on a decided request, no actions on an empty list). The
    /// help still lists every key.
    fn hint_label(&self, _action: Action, label: T) -> Option<T> {
        Some(label)
    }

    /// The tab became active.
    fn shown(&mut self, ctx: &mut Ctx) {
        self.reload(ctx, true);
    }

    /// Saves a form this pane opened.
    fn submit(&mut self, _dialog: &mut FormDialog, _ctx: &mut Ctx) -> Submitted {
        Submitted::Done
    }

    /// After a key in one of its forms (e.g. the class list follows the chosen school).
    fn form_changed(&mut self, _dialog: &mut FormDialog, _session: &Session) {}

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View);

    /// The pane as its own type, for tests and for code that knows which pane it holds.
    fn as_any(&self) -> &dyn std::any::Any;
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;

    /// After a draw: reads rows a taller screen now shows; true when it did (draw again).
    fn fill_screen(&mut self, _session: &Session) -> bool {
        false
    }
}

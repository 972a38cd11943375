//! The off-screen harness shared by the screen tests: a session on a temporary database with a
//! fixed clock, the app's `UiState`, keys through the same `handle_key` the real terminal uses,
//! and the screen rendered into ratatui's `TestBackend` as text.

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::i18n::Lang;
use avgdesk::store::Store;
use avgdesk::ui::dialogs::Dialog;
use avgdesk::ui::keys::Context;
use avgdesk::ui::theme::Theme;
use avgdesk::ui::{draw, UiState};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Monday 23 November 2026, 10:00 in Amsterdam.
pub const NOW: &str = "2026-11-23T10:00:00+01:00";

/// The sizes every pane is checked at: the minimum, the classic terminal, and two large ones.
pub const SIZES: [(u16, u16); 4] = [(60, 15), (80, 24), (120, 40), (200, 60)];

pub struct Tui {
    _dir: tempfile::TempDir,
    pub session: Session,
    pub ui: UiState,
}

/// A session on a fresh database in a temporary folder, clock at [`NOW`].
pub fn session(lang: Lang) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("t.db"), "fg.tester").expect("open store");
    let config = Config {
        lang,
        ..Config::default()
    };
    let clock = Clock::parse(NOW).expect("clock");
    (dir, Session::new(store, config, clock))
}

impl Tui {
    /// An empty database.
    pub fn new(lang: Lang) -> Tui {
        Tui::with(lang, |_| {})
    }

    /// The demo's fictional board.
    pub fn demo(lang: Lang) -> Tui {
        Tui::with(lang, |s| avgdesk::demo::seed(s).expect("demo data"))
    }

    /// A database filled by `seed` before the app opens.
    pub fn with(lang: Lang, seed: impl FnOnce(&mut Session)) -> Tui {
        let (dir, session) = session(lang);
        Tui::from_session(dir, session, seed)
    }

    pub fn from_session(
        dir: tempfile::TempDir,
        mut session: Session,
        seed: impl FnOnce(&mut Session),
    ) -> Tui {
        seed(&mut session);
        let ui = UiState::new(&mut session, Theme::default());
        Tui {
            _dir: dir,
            session,
            ui,
        }
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.ui.handle_key(key, &mut self.session);
    }

    pub fn keys(&mut self, keys: &[KeyCode]) {
        for k in keys {
            self.key(KeyEvent::new(*k, KeyModifiers::NONE));
        }
    }

    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            self.keys(&[KeyCode::Char(c)]);
        }
    }

    pub fn ctrl(&mut self, c: char) {
        self.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen(&mut self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|f| draw::draw(f, &mut self.ui, &self.session))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut line = String::new();
            for x in 0..width {
                line.push_str(buffer[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The style of the first cell of the first place `text` shows on the screen (one row).
    pub fn style_of(
        &mut self,
        width: u16,
        height: u16,
        text: &str,
    ) -> Option<ratatui::style::Style> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|f| draw::draw(f, &mut self.ui, &self.session))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        for y in 0..height {
            // Each cell's symbol with the byte offset it starts at in the row's text.
            let mut line = String::new();
            let mut starts = Vec::new();
            for x in 0..width {
                starts.push((line.len(), x));
                line.push_str(buffer[(x, y)].symbol());
            }
            if let Some(at) = line.find(text) {
                let x = starts.iter().find(|(start, _)| *start == at)?.1;
                return Some(buffer[(x, y)].style());
            }
        }
        None
    }

    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// The pane of type `P` (e.g. the consent grid), to look at its state.
    pub fn pane<P: 'static>(&self) -> &P {
        self.ui
            .panes
            .iter()
            .find_map(|p| p.as_any().downcast_ref::<P>())
            .expect("no such pane")
    }

    pub fn pane_mut<P: 'static>(&mut self) -> &mut P {
        self.ui
            .panes
            .iter_mut()
            .find_map(|p| p.as_any_mut().downcast_mut::<P>())
            .expect("no such pane")
    }

    pub fn context(&self) -> Context {
        self.ui.context()
    }

    /// The title of the active tab in the interface's language.
    pub fn tab(&self) -> &'static str {
        self.ui.pane().title().get(self.ui.lang)
    }

    pub fn selected_id(&self) -> Option<String> {
        self.ui.pane().selected_id()
    }

    pub fn visible_ids(&self) -> Vec<String> {
        self.ui.pane().visible_ids()
    }

    /// The focused field of the open form.
    pub fn form_focus(&self) -> Option<usize> {
        match &self.ui.dialog {
            Some(Dialog::Form(fd)) => Some(fd.form.focus),
            _ => None,
        }
    }

    pub fn dialog_open(&self) -> bool {
        self.ui.dialog.is_some()
    }
}

/// A day written `2026-11-16`.
pub fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A request received on Monday 16 November 2026 by e-mail from a parent, no pupil recorded.
pub fn parent_request(
    kind: avgdesk::domain::request::Kind,
    requester: &str,
) -> avgdesk::domain::request::NewRequest {
    use avgdesk::domain::request::{Channel, NewRequest, Person, Pupil, Role};
    NewRequest {
        kind,
        received: day("2026-11-16"),
        channel: Channel::Email,
        requester: Person {
            name: requester.into(),
            role: Some(Role::Parent),
            contact: String::new(),
        },
        pupil: Pupil::default(),
        summary: String::new(),
        language: Default::default(),
    }
}

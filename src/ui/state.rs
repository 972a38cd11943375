//! What every pane shares: the tabs, theme, language, message, the open dialog and quit.
//! Keys arrive here, go through the key table (`ui/keys.rs`) and become actions for the open
//! dialog if any, else for the active pane, else for the shared handling (tabs, help, quit).

use super::dialogs::{Confirm, Dialog, FormDialog, OnYes};
use super::forms::FormEvent;
use super::keys::{self, Action, Context};
use super::panes::{self, Ctx, Level, Pane, Shared, Submitted};
use super::theme::Theme;
use super::widgets::input::TextInput;
use crate::app::Session;
use crate::i18n::{Lang, T};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use super::panes::Level as MessageLevel;

pub struct UiState {
    pub lang: Lang,
    pub theme: Theme,
    pub panes: Vec<Box<dyn Pane>>,
    /// Index of the active tab in `panes`.
    pub active: usize,
    pub shared: Shared,
    pub message: Option<(Level, String)>,
    pub dialog: Option<Dialog>,
    pub quit: bool,
    /// Text for the officer's own clipboard: written to the terminal as OSC 52 after the key.
    pub clipboard: Option<String>,
    /// A letter's text for the officer's editor ($VISUAL / $EDITOR): after the key the loop
    /// leaves the screen, runs the editor and hands the result to [`UiState::finish_edit`].
    pub editor: Option<String>,
    /// Opened for one dialog (`avgdesk intake` on a terminal): the app ends when no dialog
    /// is left open.
    pub one_shot: bool,
    /// Tabs opened at least once (a tab's rows are read when it is first shown).
    shown: Vec<bool>,
}

impl UiState {
    pub fn new(session: &mut Session, theme: Theme) -> UiState {
        let panes = panes::all();
        let mut shown = vec![false; panes.len()];
        shown[0] = true;
        let mut ui = UiState {
            lang: session.config.lang,
            theme,
            panes,
            active: 0,
            shared: Shared {
                today: session.today(),
                export_dir: directories::UserDirs::new()
                    .map(|d| d.home_dir().to_path_buf())
                    .unwrap_or_else(|| std::path::PathBuf::from(".")),
                ..Shared::default()
            },
            message: None,
            dialog: None,
            quit: false,
            clipboard: None,
            editor: None,
            one_shot: false,
            shown,
        };
        ui.reload(session);
        ui
    }

    /// Calls pane `i` with the shared state; switches to it when it asks to be shown.
    fn call<R: Default>(
        &mut self,
        i: usize,
        session: &mut Session,
        f: impl FnOnce(&mut dyn Pane, &mut Ctx) -> R,
    ) -> R {
        let Some(pane) = self.panes.get_mut(i) else {
            return R::default();
        };
        let mut ctx = Ctx {
            session,
            lang: self.lang,
            shared: &mut self.shared,
            message: &mut self.message,
            dialog: &mut self.dialog,
            activate: false,
            me: i,
        };
        let result = f(pane.as_mut(), &mut ctx);
        if ctx.activate {
            self.active = i;
            if let Some(s) = self.shown.get_mut(i) {
                *s = true;
            }
        }
        result
    }

    /// Reads every pane again (after a change, on the minute, when another officer saved).
    pub fn reload(&mut self, session: &mut Session) {
        self.shared.today = session.today();
        for i in 0..self.panes.len() {
            let shown = self.shown.get(i).copied().unwrap_or(false);
            self.call(i, session, |pane, ctx| pane.reload(ctx, shown));
        }
    }

    pub fn pane(&self) -> &dyn Pane {
        self.panes[self.active].as_ref()
    }

    /// Where keys are looked up now: the open dialog's context, else the active pane's.
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(d) => d.context(),
            None => self.pane().context(),
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
        // Keys typed while the app was still starting reach it through the terminal's line
        // discipline, which turned Enter into a line feed (Ctrl-J): it is still Enter.
        if key.code == KeyCode::Char('j') && key.modifiers == KeyModifiers::CONTROL {
            return self.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), session);
        }
        for i in 0..self.panes.len() {
            self.call(i, session, |p, ctx| p.poll(ctx));
        }
        let context = self.context();
        let action = keys::action_for(key, context);
        if self.dialog.is_some() {
            self.dialog_key(key, action, session);
            if self.one_shot && self.dialog.is_none() {
                self.quit = true;
            }
            return;
        }
        if context == Context::BreachCapture && action == Some(Action::Quit) {
            // The line typed so far is stored before the app quits.
            self.flush(session);
            self.quit = true;
            return;
        }
        if context == Context::BreachCapture {
            // The call log types every key except its own few.
            let active = self.active;
            match action {
                Some(a) => self.call(active, session, |p, ctx| p.update(a, ctx)),
                None => self.call(active, session, |p, ctx| p.input_key(key, ctx)),
            };
            return;
        }
        if let Some(action) = action {
            self.update(action, session);
        }
    }

    pub fn update(&mut self, action: Action, session: &mut Session) {
        self.message = None;
        let active = self.active;
        if self.call(active, session, |p, ctx| p.update(action, ctx)) {
            return;
        }
        match action {
            Action::Quit => {
                self.flush(session);
                self.quit = true;
            }
            Action::NextTab => self.go_tab((self.active + 1) % self.panes.len(), session),
            Action::PrevTab => self.go_tab(
                (self.active + self.panes.len() - 1) % self.panes.len(),
                session,
            ),
            Action::GoTab(i) if i < self.panes.len() => self.go_tab(i, session),
            Action::Help => {
                self.dialog = Some(Dialog::Help {
                    scroll: 0,
                    behind: None,
                })
            }
            Action::Filter => {
                // A new search, as in less and vim.
                self.call(active, session, |p, ctx| p.search("", ctx));
                self.dialog = Some(Dialog::Search(TextInput::new("")));
            }
            other => {
                for i in 0..self.panes.len() {
                    if self.call(i, session, |p, ctx| p.anywhere(other, ctx)) {
                        break;
                    }
                }
            }
        }
    }

    fn go_tab(&mut self, i: usize, session: &mut Session) {
        self.active = i;
        self.shown[i] = true;
        self.call(i, session, |p, ctx| p.shown(ctx));
    }

    fn dialog_key(&mut self, key: KeyEvent, action: Option<Action>, session: &mut Session) {
        // Ctrl-C in a dialog leaves the dialog as Esc does (a changed form asks first): quitting
        // from the middle of a form would throw away what was typed.
        let action = match (action, &self.dialog) {
            (Some(Action::Quit), Some(Dialog::Help { behind: None, .. })) => {
                self.quit = true;
                return;
            }
            // The help over a dialog goes back to it: quitting would lose what it holds.
            (Some(Action::Quit), Some(Dialog::Help { .. })) => Some(Action::Back),
            (Some(Action::Quit), Some(Dialog::Recipients(_))) => Some(Action::Back),
            (Some(Action::Quit), _) => Some(Action::Cancel),
            (other, _) => other,
        };
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        // `?` (F1 where `?` is typed) in any dialog: the help, then back to the dialog.
        if action == Some(Action::Help) && !matches!(dialog, Dialog::Help { .. }) {
            self.dialog = Some(Dialog::Help {
                scroll: 0,
                behind: Some(Box::new(dialog)),
            });
            return;
        }
        match dialog {
            Dialog::Form(mut fd) => match action {
                Some(Action::Save) => self.submit(*fd, session),
                Some(Action::NextField) => {
                    fd.form.next();
                    self.dialog = Some(Dialog::Form(fd));
                }
                Some(Action::PrevField) => {
                    fd.form.prev();
                    self.dialog = Some(Dialog::Form(fd));
                }
                Some(Action::Cancel) if fd.form.changed() => {
                    self.dialog = Some(Dialog::Confirm(Confirm {
                        title: fd.form.title,
                        question: vec![T::confirm_discard.get(self.lang).to_string()],
                        on_yes: OnYes::Discard(fd),
                    }));
                }
                Some(Action::Cancel) => {}
                _ => {
                    let event = fd.form.handle_key(key);
                    let owner = fd.owner;
                    self.call(owner, session, |p, ctx| {
                        p.form_changed(&mut fd, ctx.session)
                    });
                    if event == FormEvent::Submit {
                        self.submit(*fd, session);
                    } else {
                        self.dialog = Some(Dialog::Form(fd));
                    }
                }
            },
            Dialog::Confirm(confirm) => match (action, confirm.on_yes) {
                (Some(Action::Confirm), OnYes::Submit(fd)) => self.submit(*fd, session),
                (Some(Action::Confirm), OnYes::Discard(_)) => {}
                (Some(Action::Cancel), OnYes::Discard(fd)) => self.dialog = Some(Dialog::Form(fd)),
                (Some(Action::Cancel), OnYes::Submit(_)) => {}
                (Some(Action::Confirm), OnYes::Open { yes, .. }) => self.dialog = Some(*yes),
                (Some(Action::Cancel), OnYes::Open { no, .. }) => self.dialog = no.map(|d| *d),
                (_, on_yes) => self.dialog = Some(Dialog::Confirm(Confirm { on_yes, ..confirm })),
            },
            Dialog::Recipients(mut r) => {
                let open = match action {
                    Some(Action::Back) => false,
                    Some(a) => r.act(a, session, self.lang),
                    None => {
                        r.input.handle_key(key);
                        true
                    }
                };
                if open {
                    self.dialog = Some(Dialog::Recipients(r));
                } else {
                    self.reload(session);
                }
            }
            Dialog::Search(mut input) => {
                let active = self.active;
                match action {
                    Some(Action::ApplySearch) => {}
                    Some(Action::Cancel) => {
                        self.call(active, session, |p, ctx| p.search("", ctx));
                    }
                    Some(a @ (Action::Down | Action::Up)) => {
                        self.call(active, session, |p, ctx| p.update(a, ctx));
                        self.dialog = Some(Dialog::Search(input));
                    }
                    _ => {
                        if input.handle_key(key) {
                            let text = input.text();
                            self.call(active, session, |p, ctx| p.search(&text, ctx));
                        }
                        self.dialog = Some(Dialog::Search(input));
                    }
                }
            }
            Dialog::Letters(mut chooser) => match action {
                Some(Action::Back | Action::Cancel) => {}
                Some(Action::Down) => {
                    chooser.move_by(1);
                    self.dialog = Some(Dialog::Letters(chooser));
                }
                Some(Action::Up) => {
                    chooser.move_by(-1);
                    self.dialog = Some(Dialog::Letters(chooser));
                }
                Some(a @ (Action::Top | Action::Bottom)) => {
                    chooser.move_by(if a == Action::Top {
                        isize::MIN / 2
                    } else {
                        isize::MAX / 2
                    });
                    self.dialog = Some(Dialog::Letters(chooser));
                }
                Some(Action::SwitchLanguage) => {
                    chooser.switch_language();
                    self.dialog = Some(Dialog::Letters(chooser));
                }
                Some(Action::Open) => match chooser.open(session, self.lang) {
                    Ok(preview) => self.dialog = Some(Dialog::Preview(Box::new(preview))),
                    Err(why) => {
                        self.message = Some((Level::Error, why));
                        self.dialog = Some(Dialog::Letters(chooser));
                    }
                },
                _ => self.dialog = Some(Dialog::Letters(chooser)),
            },
            Dialog::Preview(mut preview) => {
                self.message = None;
                match action {
                    Some(Action::Back | Action::Cancel) => {
                        // Back to the chooser, read afresh, in the language chosen.
                        let mut chooser = super::dialogs::letters::Chooser::new(
                            preview.subject.clone(),
                            session,
                            preview.owner,
                        );
                        chooser.lang = preview.lang;
                        chooser.select(preview.kind);
                        self.dialog = Some(Dialog::Letters(chooser));
                        return;
                    }
                    Some(Action::EditLetter) => {
                        self.editor = Some(preview.letter.text.clone());
                    }
                    Some(
                        a @ (Action::Down
                        | Action::Up
                        | Action::PageDown
                        | Action::PageUp
                        | Action::Top
                        | Action::Bottom),
                    ) => {
                        super::widgets::records::scroll(
                            &mut preview.scroll,
                            a,
                            preview.page as usize,
                        );
                    }
                    Some(Action::Copy) => {
                        self.clipboard = Some(preview.letter.text.clone());
                        self.message =
                            Some((Level::Info, T::msg_copied.get(self.lang).to_string()));
                    }
                    Some(Action::MarkSent) => {
                        self.dialog = Some(preview.mark_sent(session, self.lang));
                        return;
                    }
                    Some(Action::WriteFile) => {
                        let name = preview.file_name(self.lang);
                        let written = crate::app::safe_file::write_free(
                            &self.shared.export_dir,
                            &name,
                            preview.letter.text.as_bytes(),
                        );
                        self.message = Some(match written {
                            Ok(path) => (
                                Level::Info,
                                format!("{} {}", T::msg_written.get(self.lang), path.display()),
                            ),
                            Err(e) => (Level::Error, e.to_string()),
                        });
                    }
                    _ => {}
                }
                self.dialog = Some(Dialog::Preview(preview));
            }
            Dialog::Help { scroll, behind } => {
                let scroll = match action {
                    Some(Action::Back) => {
                        self.dialog = behind.map(|d| *d);
                        return;
                    }
                    Some(Action::Down) => scroll.saturating_add(1),
                    Some(Action::Up) => scroll.saturating_sub(1),
                    Some(Action::PageDown) => scroll.saturating_add(10),
                    Some(Action::PageUp) => scroll.saturating_sub(10),
                    Some(Action::Top) => 0,
                    // Clamped to the end when drawn.
                    Some(Action::Bottom) => u16::MAX,
                    _ => scroll,
                };
                self.dialog = Some(Dialog::Help { scroll, behind });
            }
        }
    }

    /// The officer's editor returned: the preview shows (and `y`, `s`, `m` use) the edited
    /// text, or the officer is told why nothing changed.
    pub fn finish_edit(&mut self, edited: Result<String, String>) {
        let Some(Dialog::Preview(preview)) = &mut self.dialog else {
            return;
        };
        self.message = Some(match edited.map(|text| preview.take_edit(text)) {
            Ok(true) => (Level::Info, T::msg_letter_edited.get(self.lang).to_string()),
            Ok(false) => (
                Level::Info,
                T::msg_letter_unchanged.get(self.lang).to_string(),
            ),
            Err(why) => (
                Level::Error,
                format!("{} {why}", T::msg_editor_failed.get(self.lang)),
            ),
        });
    }

    /// Hands a form to the pane that opened it; a refused one stays open with the reasons.
    fn submit(&mut self, mut fd: FormDialog, session: &mut Session) {
        self.message = None;
        let owner = fd.owner;
        let fieldless = fd.form.fields.is_empty();
        match self.call(owner, session, |p, ctx| p.submit(&mut fd, ctx)) {
            Submitted::Done => {}
            Submitted::Stay if fieldless => {
                // A refused yes/no question has nothing to fix: say why and close it.
                let why = fd.form.errors.join(" ");
                self.message = Some((Level::Error, why));
            }
            Submitted::Stay => {
                if self.dialog.is_none() {
                    self.dialog = Some(Dialog::Form(Box::new(fd)));
                }
            }
        }
    }

    /// Stores what a pane holds that is not saved yet (a half-typed call-log line), before the
    /// app ends: on quit, and when the terminal hangs up.
    pub fn flush(&mut self, session: &mut Session) {
        for i in 0..self.panes.len() {
            self.call(i, session, |p, ctx| p.flush(ctx));
        }
    }

    /// After a draw: lets the active pane read rows a taller screen now shows.
    pub fn fill_screen(&mut self, session: &Session) -> bool {
        self.panes[self.active].fill_screen(session)
    }
}

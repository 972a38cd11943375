//! The terminal interface: ratatui widgets drawn from `UiState`, keys turned into actions.
//! Never touches SQL: every change goes through `app::Session`.

pub mod dialogs;
pub mod draw;
pub mod editor;
pub mod forms;
pub mod keys;
pub mod panes;
pub mod popup;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod widgets;

pub use state::UiState;

use crate::app::Session;
use anyhow::{Context as _, Result};

/// Something to tell the officer when the app opens.
pub enum Notice {
    NewDatabase(std::path::PathBuf),
    Demo(std::path::PathBuf),
    /// Files of the database that were open to others and were made private on opening.
    Tightened(Vec<std::path::PathBuf>),
}

/// `avgdesk intake FILE.eml` on a terminal: the new-request form filled from the message, over
/// the requests tab; the app ends when the form (and the acknowledgement offered after it)
/// is closed.
pub fn run_intake_form(session: &mut Session, proposal: crate::intake::Proposal) -> Result<()> {
    use forms::request::{MailIntake, Purpose};
    let mut ui = new_state(session)?;
    ui.one_shot = true;
    let purpose = Purpose::FromMail(Box::new(MailIntake {
        proposal,
        mailbox_name: None,
    }));
    let form = forms::request::build(&purpose, session, ui.lang);
    ui.dialog = Some(dialogs::Dialog::for_form(dialogs::FormDialog {
        owner: 0,
        purpose: dialogs::AnyPurpose::Request(purpose),
        form,
    }));
    terminal::run(session, &mut ui)
}

/// The app's state with the configured theme (NO_COLOR honoured).
fn new_state(session: &mut Session) -> Result<UiState> {
    let theme =
        theme::Theme::load(&session.config.theme, theme::no_color_from_env()).context("theme")?;
    Ok(UiState::new(session, theme))
}

/// Opens the terminal app and runs until the officer quits.
pub fn run(session: &mut Session, notice: Option<Notice>) -> Result<()> {
    let mut ui = new_state(session)?;
    let lang = ui.lang;
    ui.message = notice.map(|n| {
        let text = match n {
            Notice::NewDatabase(p) => format!(
                "{} {}",
                crate::i18n::T::notice_new_db.get(lang),
                p.display()
            ),
            Notice::Demo(p) => format!("{} {}", crate::i18n::T::notice_demo.get(lang), p.display()),
            Notice::Tightened(paths) => format!(
                "{} {}",
                crate::i18n::T::notice_tightened.get(lang),
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        (panes::Level::Info, text)
    });
    // A broken tail of the audit chain, or a request on the first screen that differs from its
    // audit trail, outweighs any notice. Only the rows that fit on the screen are checked: the
    // whole replay is `avgdesk audit verify`.
    let rows = crossterm::terminal::size()
        .map(|(_, h)| usize::from(h))
        .unwrap_or(60);
    let first_screen: Vec<String> = ui.pane().visible_ids().into_iter().take(rows).collect();
    if let Some(problem) = session.check_audit_start(&first_screen) {
        ui.message = Some((
            panes::Level::Error,
            crate::i18n::audit_warning(&problem, lang),
        ));
    }
    terminal::run(session, &mut ui)
}

//! The terminal interface: ratatui widgets drawn from `UiState`, keys turned into actions.
//! Never touches SQL: every change goes through `app::Session`.

pub mod draw;
pub mod forms;
pub mod keys;
pub mod panes;
pub mod recipients;
pub mod state;
pub mod terminal;
pub mod theme;

pub use state::UiState;

use crate::app::Session;
use anyhow::{Context as _, Result};

/// Opens the terminal app and runs until the officer quits.
pub fn run(session: &mut Session, notice: Option<String>) -> Result<()> {
    let theme =
        theme::Theme::load(&session.config.theme, theme::no_color_from_env()).context("theme")?;
    let mut ui = UiState::new(session, theme);
    ui.message = notice.map(|n| (state::Level::Info, n));
    terminal::run(session, &mut ui)
}

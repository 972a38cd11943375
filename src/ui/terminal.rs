//! The terminal session: raw mode and the alternate screen (restored on exit, error and panic),
//! and an event loop that redraws only on input, resize, a minute tick or another officer's save.

use super::draw;
use super::state::UiState;
use crate::app::Session;
use anyhow::{bail, Result};
use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::DefaultTerminal;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How often the store is asked whether someone else saved (a cheap PRAGMA).
const EXTERNAL_CHECK: Duration = Duration::from_secs(1);
/// The clock shown and the days left change with time: refresh once a minute.
const TICK: Duration = Duration::from_secs(60);

pub fn run(session: &mut Session, ui: &mut UiState) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the app needs a terminal; for scripts use a command, e.g. `avgdesk request list --json` (see avgdesk --help)");
    }
    // try_init installs a panic hook that restores the terminal before the panic message.
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, session, ui);
    ratatui::try_restore()?;
    result
}

fn draw(terminal: &mut DefaultTerminal, ui: &mut UiState, session: &Session) -> Result<()> {
    // Synchronized updates stop a slow SSH link from showing half-drawn frames.
    crossterm::execute!(std::io::stdout(), BeginSynchronizedUpdate)?;
    let drawn = terminal.draw(|frame| draw::draw(frame, ui, session));
    crossterm::execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    drawn?;
    Ok(())
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    session: &mut Session,
    ui: &mut UiState,
) -> Result<()> {
    let mut seen_version = session.store.data_version().unwrap_or(0);
    let mut last_check = Instant::now();
    let mut last_tick = Instant::now();
    draw(terminal, ui, session)?;
    while !ui.quit {
        let mut dirty = false;
        if event::poll(EXTERNAL_CHECK)? {
            match event::read()? {
                Event::Key(key) => {
                    ui.handle_key(key, session);
                    dirty = true;
                }
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
        }
        if last_check.elapsed() >= EXTERNAL_CHECK {
            last_check = Instant::now();
            if let Ok(version) = session.store.data_version() {
                if version != seen_version {
                    seen_version = version;
                    ui.reload(session);
                    dirty = true;
                }
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            ui.reload(session);
            dirty = true;
        }
        if dirty && !ui.quit {
            draw(terminal, ui, session)?;
            // A taller screen may show consent rows not read yet: read them and draw again.
            if ui.fill_screen(session) {
                draw(terminal, ui, session)?;
            }
        }
    }
    Ok(())
}

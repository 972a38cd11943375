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
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set when the terminal hangs up (a dropped SSH connection) or the process is asked to stop:
/// the loop then stores what was typed and ends, instead of the process dying mid-line.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    // Only an atomic store: the one thing a signal handler may safely do here.
    STOP.store(true, Ordering::SeqCst);
}

#[cfg(unix)]
fn catch_stop_signals() {
    let handler = on_stop_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGHUP, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// How often the store is asked whether someone else saved (a cheap PRAGMA).
const EXTERNAL_CHECK: Duration = Duration::from_secs(1);
/// The clock shown and the days left change with time: refresh once a minute.
const TICK: Duration = Duration::from_secs(60);

/// Output goes to a terminal and keys can be read from one: standard input, or the controlling
/// terminal when standard input is a pipe (a mail client piping a message to `avgdesk intake -`).
pub fn has_terminal() -> bool {
    std::io::stdout().is_terminal()
        && (std::io::stdin().is_terminal()
            || std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok())
}

pub fn run(session: &mut Session, ui: &mut UiState) -> Result<()> {
    if !has_terminal() {
        bail!("the app needs a terminal; for scripts use a command, e.g. `avgdesk request list --json` (see avgdesk --help)");
    }
    // try_init installs a panic hook that restores the terminal before the panic message.
    let mut terminal = ratatui::try_init()?;
    #[cfg(unix)]
    catch_stop_signals();
    let result = event_loop(&mut terminal, session, ui);
    // Whatever ended the loop (quit, hang-up, a broken terminal), nothing typed is lost.
    ui.flush(session);
    let restored = ratatui::try_restore();
    match result {
        // The terminal is gone (a dropped SSH connection, a closed window): there is nothing
        // to restore and nobody to tell; what was typed is stored, so this is a normal end.
        Err(e) if terminal_gone(&e) => Ok(()),
        Ok(()) if STOP.load(Ordering::SeqCst) => Ok(()),
        Ok(()) => Ok(restored?),
        Err(e) => Err(e),
    }
}

/// Reading keys failed because the terminal went away: end of file, or the I/O error Linux
/// gives on a hung-up terminal.
fn terminal_gone(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| {
            io.kind() == std::io::ErrorKind::UnexpectedEof
                || io.raw_os_error() == Some(libc::EIO)
                || io.raw_os_error() == Some(libc::ENXIO)
        })
    })
}

fn draw(terminal: &mut DefaultTerminal, ui: &mut UiState, session: &Session) -> Result<()> {
    // Synchronized updates stop a slow SSH link from showing half-drawn frames.
    crossterm::execute!(std::io::stdout(), BeginSynchronizedUpdate)?;
    let drawn = terminal.draw(|frame| draw::draw(frame, ui, session));
    crossterm::execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    drawn?;
    Ok(())
}

/// Hands `text` to the officer's own terminal's clipboard (OSC 52): the sequence travels with
/// the output, so it reaches the laptop over SSH.
fn copy_to_clipboard(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(super::dialogs::letters::osc52(text).as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Runs the officer's editor on `text` with the screen handed back to the terminal (cooked
/// mode, the normal screen), then takes the screen again and redraws it whole. The outer
/// error is the terminal's; the inner one why the edit did not happen.
fn run_editor(
    terminal: &mut DefaultTerminal,
    text: &str,
) -> Result<std::result::Result<String, String>> {
    use crossterm::terminal::{
        disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
    };
    crossterm::execute!(
        std::io::stdout(),
        LeaveAlternateScreen,
        crossterm::cursor::Show
    )?;
    disable_raw_mode()?;
    let edited = super::editor::edit(text, "brief.txt", &super::editor::command_from_env());
    enable_raw_mode()?;
    crossterm::execute!(std::io::stdout(), EnterAlternateScreen)?;
    // Clears the screen and forgets what was drawn, so the next draw paints it whole
    // (`clear` would first ask the terminal where its cursor is, which not every one answers).
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(edited)
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
    while !ui.quit && !STOP.load(Ordering::SeqCst) {
        let mut dirty = false;
        if event::poll(EXTERNAL_CHECK)? {
            if STOP.load(Ordering::SeqCst) {
                break;
            }
            match event::read()? {
                Event::Key(key) => {
                    ui.handle_key(key, session);
                    if let Some(text) = ui.clipboard.take() {
                        copy_to_clipboard(&text)?;
                    }
                    if let Some(text) = ui.editor.take() {
                        let edited = run_editor(terminal, &text)?;
                        ui.finish_edit(edited);
                    }
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

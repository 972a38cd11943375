//! The terminal goes away: a dropped SSH connection, a closed terminal window, `tmux
//! kill-server`. The real binary runs in a pseudo-terminal whose master side the test closes;
//! the app must store what was typed, end by itself and let go of the database.
//!
//! Also: keys typed before the app has taken the terminal over (a slow link) are not lost and an
//! Enter among them stays an Enter.
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.

mod common;

use common::{Env, ENTER, WAIT};
use std::time::Instant;

const TITLE: &str = "Laptop kwijt in de trein";

/// The texts of the breach's log as the command line reads them from the database.
fn log_texts(env: &Env, id: &str) -> Vec<String> {
    let v = env.cli_json(&["breach", "show", id, "--json"]);
    v["log"]
        .as_array()
        .unwrap_or_else(|| panic!("no log in {v:#}"))
        .iter()
        .map(|l| l["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Waits until the app's process has ended, failing the test if it never does (before the fix
/// it kept reading the dead terminal forever, at 100% CPU).
fn wait_gone(app: &mut common::App) {
    let deadline = Instant::now() + WAIT;
    while !app.has_exited() {
        assert!(
            Instant::now() < deadline,
            "avgdesk was still running after its terminal was closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Starts a breach from the request tab and leaves the cursor in its log.
fn start_breach(app: &mut common::App) {
    app.wait_for("open 0");
    app.send("b");
    app.wait_for("Nieuw datalek");
    app.send(TITLE);
    app.wait_for(TITLE);
    app.send(ENTER);
    app.wait_for("Log ▸");
}

#[test]
fn closing_the_terminal_mid_log_line_keeps_the_line_and_ends_the_app() {
    let env = Env::new();
    let mut app = env.app(100, 40, &[]);
    start_breach(&mut app);
    app.send("Leerling belt: map op de bus laten liggen");
    app.send(ENTER);
    app.wait_for("fg.tester: Leerling belt");
    app.send("half getypt, nog geen Enter");
    app.wait_for("Log ▸ half getypt, nog geen Enter");

    app.close_terminal();
    wait_gone(&mut app);
    drop(app);

    assert_eq!(
        log_texts(&env, "D-2026-0001"),
        [
            "Leerling belt: map op de bus laten liggen",
            "half getypt, nog geen Enter"
        ],
        "the entered line and the half-typed one are both stored"
    );
    // The database is free: the next write from the command line goes through.
    env.cli_json(&[
        "breach",
        "log",
        "D-2026-0001",
        "Na de verbroken verbinding verder",
        "--json",
    ]);
    assert_eq!(log_texts(&env, "D-2026-0001").len(), 3);
}

#[test]
fn sigterm_mid_log_line_keeps_the_line_and_restores_the_terminal() {
    let env = Env::new();
    let mut app = env.app(100, 40, &[]);
    start_breach(&mut app);
    app.send("gestopt door de beheerder");
    app.wait_for("Log ▸ gestopt door de beheerder");
    app.signal("TERM");
    let status = app.wait_exit();
    assert!(status.success(), "a clean end after SIGTERM: {status:?}");
    // The terminal is left as it was found: the alternate screen was left.
    let raw = app.raw.lock().map(|r| r.clone()).unwrap_or_default();
    assert!(
        raw.windows(8).any(|w| w == b"\x1b[?1049l"),
        "the alternate screen was left"
    );
    drop(app);
    assert_eq!(
        log_texts(&env, "D-2026-0001"),
        ["gestopt door de beheerder"]
    );
}

#[test]
fn closing_the_terminal_in_the_queue_ends_the_app() {
    let env = Env::new();
    let mut app = env.app(80, 24, &[]);
    app.wait_for("open 0");
    app.close_terminal();
    wait_gone(&mut app);
}

#[test]
fn closing_the_terminal_in_a_form_ends_the_app_and_stores_nothing_half() {
    let env = Env::new();
    let mut app = env.app(80, 24, &[]);
    app.wait_for("open 0");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    // To the requester's name, past kind, received and channel.
    app.send(&common::TAB.repeat(3));
    app.send("Half ingevuld");
    app.wait_for("Half ingevuld");
    app.close_terminal();
    wait_gone(&mut app);
    drop(app);
    // An unfinished request form is not a request: nothing was saved, and the database opens.
    let list = env.cli_json(&["request", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list:#}");
}

#[test]
fn a_title_and_enter_typed_before_the_app_started_stay_apart_from_the_next_line() {
    let env = Env::new();
    // Typed before avgdesk runs: the terminal is still in line mode and turns each Enter into
    // a line feed, which the app then reads as Ctrl-J.
    let typed = format!("b{TITLE}{ENTER}Eerste regel van het gesprek{ENTER}");
    let mut app = env.app_typed_ahead(100, 40, &[], &typed);
    app.wait_for("fg.tester: Eerste regel van het gesprek");
    app.send(common::ESC);
    app.wait_gone("Log ▸");
    app.quit();

    let breach = env.cli_json(&["breach", "show", "D-2026-0001", "--json"]);
    assert_eq!(breach["title"], TITLE, "{breach:#}");
    assert_eq!(
        log_texts(&env, "D-2026-0001"),
        ["Eerste regel van het gesprek"]
    );
}

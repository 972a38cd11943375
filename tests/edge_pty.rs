//! Edges of text on a real 80x24 screen: the real `avgdesk --demo` in a pseudo-terminal, driven
//! with the keyboard and read back through a terminal emulator (vt100); the running demo's
//! database is read back with the command line.
//!
//! - a log line far longer than the screen is typed with the cursor always in view, stored
//!   whole, and shown whole (wrapped) in the record;
//! - a prefilled name (the officer's) is replaced by what is typed, not added to;
//! - a message longer than the screen is shown whole.
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.

mod common;

use common::{App, Env, CTRL_S, ENTER, ESC, SPACE, TAB, USER};
use serde_json::Value;

const COLS: u16 = 80;
const ROWS: u16 = 24;
/// The End key as an xterm sends it.
const END: &str = "\x1b[F";

/// Starts the demo at 80x24 and waits for the queue.
fn demo(env: &Env) -> App {
    let app = env.app(COLS, ROWS, &["--demo"]);
    app.wait_for("V-2026-0011");
    app
}

/// The call log's input line ("Log ▸ …").
fn log_input(screen: &str) -> Option<&str> {
    screen.lines().find(|l| l.starts_with("Log ▸"))
}

/// Whether the cell right after the last `tail` on the log input line is the cursor (drawn
/// reversed), so the place being typed at is in view.
fn cursor_after(app: &App, tail: &str) -> bool {
    let parser = app.parser.lock().unwrap();
    let screen = parser.screen();
    let rows: Vec<String> = screen.rows(0, COLS).collect();
    rows.iter().enumerate().any(|(r, line)| {
        line.starts_with("Log ▸")
            && line.rfind(tail).is_some_and(|b| {
                let col = line[..b + tail.len()].chars().count() as u16;
                screen.cell(r as u16, col).is_some_and(|c| c.inverse())
            })
    })
}

/// The screen's lines from the first one containing `start` up to (not including) the status
/// bar, with popup borders taken off: the text of a message that may wrap or open a popup.
fn message_lines(screen: &str, start: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains(start))
        .unwrap_or_else(|| panic!("no {start:?} on the screen:\n{screen}"));
    lines[first..]
        .iter()
        // The status bar names the most urgent breach clock, whole or in a summary.
        .take_while(|l| !l.contains("D-2026-0002"))
        .map(|l| {
            l.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_string()
        })
        .filter(|l| !l.is_empty() && !l.starts_with('└'))
        .collect()
}

/// The 200-character log line: numbered words, so any part of it is recognisable.
fn long_line() -> String {
    let words: Vec<String> = (1..=40).map(|i| format!("w{i:03}")).collect();
    let line = format!("{}!", words.join(" "));
    assert_eq!(line.chars().count(), 200);
    line
}

// ---------------------------------------------------------------------------------------------
// (a) A 200-character line in the call log at 80x24

#[test]
fn a_200_character_log_line_is_typed_in_view_stored_whole_and_shown_wrapped() {
    let env = Env::new();
    let mut app = demo(&env);
    let title = "Lange logregel tijdens het gesprek";
    app.send("b");
    app.wait_for("Nieuw datalek");
    app.send(title);
    app.wait_for(title);
    app.send(ENTER);
    app.wait_for("Log ▸");
    let breaches = env.cli_json_on(&env.demo_db(), &["breach", "list", "--json"]);
    let id = breaches
        .as_array()
        .unwrap_or_else(|| panic!("a list: {breaches:#}"))
        .iter()
        .find(|b| b["title"] == title)
        .and_then(|b| b["id"].as_str())
        .unwrap_or_else(|| panic!("the new breach in {breaches:#}"))
        .to_string();

    // Typed about 40 characters at a time: each time the end of what was typed is on the input
    // line, with the cursor right after it. Chunks of 41 end on a letter, digit or "!", never a
    // space, and every word is different: the tail shows only once the whole chunk is drawn.
    let line = long_line();
    let chars: Vec<char> = line.chars().collect();
    let mut typed = String::new();
    for chunk in chars.chunks(41) {
        let chunk: String = chunk.iter().collect();
        assert!(!chunk.ends_with(' '), "{chunk:?}");
        app.send(&chunk);
        typed.push_str(&chunk);
        let tail: String = typed.chars().skip(typed.chars().count() - 12).collect();
        let screen = app.wait_until(&format!("the log input to end in {tail:?}"), |s| {
            log_input(s).is_some_and(|l| l.trim_end().ends_with(&tail))
        });
        let input = log_input(&screen).unwrap();
        assert!(
            input.chars().count() <= COLS as usize,
            "{input:?} wider than the screen"
        );
        assert!(
            cursor_after(&app, &tail),
            "the cursor is not right after {typed:?} ({} typed):\n{screen}",
            typed.len()
        );
        if typed.len() > COLS as usize {
            // The line scrolls sideways rather than running off the screen or wrapping.
            assert!(
                !input.contains("w001 "),
                "the start scrolled out of view: {input:?}"
            );
        }
    }

    // Enter stores the whole line at once; the input is empty again.
    app.send(ENTER);
    app.wait_until("the log input to empty", |s| {
        log_input(s).is_some_and(|l| l.trim_end() == "Log ▸")
    });
    let record = env.cli_json_on(&env.demo_db(), &["breach", "show", &id, "--json"]);
    let texts: Vec<&str> = record["log"]
        .as_array()
        .unwrap_or_else(|| panic!("no log in {record:#}"))
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, [line.as_str()], "{record:#}");

    // Esc ends the log; End scrolls the record to its end: the line is there whole, wrapped.
    app.send(ESC);
    app.wait_gone("Log ▸");
    app.send(END);
    let entry_start = format!("10:00 {USER}: w001 w002");
    let screen = app.wait_until("the log line at the end of the record", |s| {
        s.contains(&entry_start) && s.contains("w040!")
    });
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines.iter().position(|l| l.contains(&entry_start)).unwrap();
    let last = lines.iter().position(|l| l.contains("w040!")).unwrap();
    assert!(
        last >= first + 2,
        "200 characters take three lines or more at 80 columns:\n{screen}"
    );
    // Joined again, the wrapped lines read as the line that was typed.
    let shown: Vec<&str> = lines[first..=last]
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect();
    let shown = shown.join(" ");
    assert!(
        shown.ends_with(&line),
        "the line wrapped whole: {shown:?}\n{screen}"
    );
    // Wrapped under the text, not under the time.
    let indent = lines[first].find(&entry_start).unwrap() + format!("10:00 {USER}: ").len();
    for l in &lines[first + 1..=last] {
        assert!(
            l.len() > indent && l[..indent].trim().is_empty(),
            "continuation {l:?} not under the text:\n{screen}"
        );
    }
    app.quit();
}

// ---------------------------------------------------------------------------------------------
// (b) A prefilled name replaced by typing

/// The line of the focused field `label` ("▸ Gecontroleerd door …"), text after the label.
fn focused_value(screen: &str, label: &str) -> Option<String> {
    let marker = format!("▸ {label}");
    screen.lines().find(|l| l.contains(&marker)).map(|l| {
        l.split(&marker)
            .nth(1)
            .and_then(|rest| rest.split('│').next())
            .unwrap_or("")
            .trim()
            .to_string()
    })
}

#[test]
fn typing_a_name_replaces_the_prefilled_checker_of_an_identity_check() {
    let env = Env::new();
    let mut app = demo(&env);
    // The first row of the queue: V-2026-0011, identity not checked yet.
    app.send("i");
    let form = app.wait_for("Identiteit gecontroleerd");
    assert!(form.contains("V-2026-0011"), "{form}");
    assert!(
        form.contains(&format!("Gecontroleerd door {USER}")),
        "prefilled with the officer's name:\n{form}"
    );
    let method = "paspoort getoond aan de balie";
    app.send(method);
    app.wait_until("the method typed", |s| {
        focused_value(s, "Methode").as_deref() == Some(method)
    });
    app.send(TAB);
    app.wait_for("▸ Datum");
    app.send(TAB);
    app.wait_for("▸ Gecontroleerd door");
    app.send("A. Jansen");
    let screen = app.wait_until("the name typed", |s| {
        focused_value(s, "Gecontroleerd door").is_some_and(|v| v.contains("Jansen"))
    });
    assert_eq!(
        focused_value(&screen, "Gecontroleerd door").as_deref(),
        Some("A. Jansen"),
        "the typed name replaced the suggestion:\n{screen}"
    );
    app.send(CTRL_S);
    app.wait_gone("Identiteit gecontroleerd");

    let request = env.cli_json_on(
        &env.demo_db(),
        &["request", "show", "V-2026-0011", "--json"],
    );
    let identity = &request["identity"];
    assert_eq!(identity["checked_by"], "A. Jansen", "{request:#}");
    assert_eq!(identity["method"], method, "{request:#}");
    assert_eq!(identity["date"], "2026-11-23", "{request:#}");
    app.quit();
}

#[test]
fn typing_a_name_replaces_the_prefilled_answerer_of_a_consent() {
    let env = Env::new();
    let mut app = demo(&env);
    app.send("3");
    app.wait_for(" leerlingen  School: alle");
    app.send(SPACE);
    let form = app.wait_for("Toestemming vastleggen");
    // Given consent is withdrawn by default; the answerer's label follows the answer.
    let label = if form.contains("Ingetrokken door") {
        "Ingetrokken door"
    } else {
        "Gegeven door"
    };
    app.send(TAB);
    app.wait_for(&format!("▸ {label}"));
    let prefilled = focused_value(&app.screen(), label).unwrap_or_default();
    assert!(
        !prefilled.is_empty(),
        "the last answerer is prefilled:\n{form}"
    );
    let name = "P. de Wit";
    app.send(name);
    let screen = app.wait_until("the name typed", |s| {
        focused_value(s, label).is_some_and(|v| v.contains("Wit"))
    });
    assert_eq!(
        focused_value(&screen, label).as_deref(),
        Some(name),
        "the typed name replaced {prefilled:?}:\n{screen}"
    );
    app.send(CTRL_S);
    app.wait_gone("Toestemming vastleggen");

    // The pupil's number from the history (Enter), then the history from the database.
    app.send(ENTER);
    let detail = app.wait_for("Geboortedatum");
    let number = detail
        .lines()
        .nth(1)
        .and_then(|l| l.split("  ").nth(1))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no pupil number:\n{detail}"))
        .to_string();
    let events = env.cli_json_on(
        &env.demo_db(),
        &["consent", "history", "--pupil", &number, "--json"],
    );
    let by: Vec<&Value> = events
        .as_array()
        .unwrap_or_else(|| panic!("a list: {events:#}"))
        .iter()
        .filter(|e| e["given_by"].as_str().is_some_and(|b| b.contains("Wit")))
        .collect();
    assert_eq!(by.len(), 1, "one answer by {name}: {events:#}");
    assert_eq!(by[0]["given_by"], name, "{events:#}");
    assert_eq!(by[0]["in_effect"], true, "{events:#}");
    assert_eq!(by[0]["recorded_by"], USER, "{events:#}");
    app.quit();
}

// ---------------------------------------------------------------------------------------------
// (c) Messages longer than the screen

#[test]
fn a_refusal_longer_than_the_screen_is_shown_whole() {
    let env = Env::new();
    let mut app = demo(&env);
    let request = env.cli_json_on(
        &env.demo_db(),
        &["request", "show", "V-2026-0011", "--json"],
    );
    // Refused after the law's notice day (the board's is earlier still).
    let notice = request["notice_legal_due"]
        .as_str()
        .unwrap_or_else(|| panic!("no notice_legal_due: {request:#}"));
    assert!(
        notice < "2026-11-23",
        "the legal notice deadline passed: {notice}"
    );
    // V-2026-0011 is the first row of the queue.
    app.send("e");
    let screen = app.wait_for("Verlengen kan niet meer");
    assert!(
        !screen.contains("Verlengen met twee maanden"),
        "refused, no form:\n{screen}"
    );
    let lines = message_lines(&screen, "Verlengen kan niet meer");
    let text = lines.join(" ");
    assert!(
        lines.len() >= 2,
        "a message longer than 80 columns takes two lines or a popup:\n{screen}"
    );
    assert!(
        text.ends_with("bericht moeten krijgen"),
        "the message's last words are on the screen: {text:?}\n{screen}"
    );
    // It names the legal notice deadline as every date on the screen is written: 16-11-2026.
    let (y, rest) = notice.split_at(4);
    let dutch = format!("{}-{}-{y}", &rest[4..6], &rest[1..3]);
    assert!(
        text.contains(&format!("uiterlijk {dutch} ")),
        "the message names {dutch}: {text:?}"
    );
    app.quit();
}

#[test]
fn the_path_of_a_written_teacher_list_is_shown_whole() {
    let env = Env::new();
    let mut app = demo(&env);
    app.send("3");
    app.wait_for(" leerlingen  School: alle");
    app.send("x");
    let screen = app.wait_for("Lijst opgeslagen in");
    // The list is written to the home folder (HOME is the test's folder).
    let file = std::fs::read_dir(env.dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("toestemming")
        })
        .unwrap_or_else(|| panic!("no list written in {}", env.dir().display()));
    let path = std::fs::canonicalize(&file).unwrap().display().to_string();
    let lines = message_lines(&screen, "Lijst opgeslagen in");
    // A path has no spaces to wrap at: joined without them, the lines hold the whole path.
    let joined: String = lines.concat().split_whitespace().collect();
    let wanted: String = path.split_whitespace().collect();
    assert!(
        joined.contains(&wanted),
        "the path {path:?} is not on the screen whole: {lines:?}\n{screen}"
    );
    assert!(
        joined.ends_with("leerlingen)"),
        "the message ends on the screen: {lines:?}\n{screen}"
    );
    app.quit();
}

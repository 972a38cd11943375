//! End to end for the breach register: the real `avgdesk` binary in a pseudo-terminal, driven with
//! the keyboard and read back through a terminal emulator (vt100). The test: start a
//! breach during a call, type three log lines, lose the connection (SIGHUP, as a dropped SSH
//! session would send), start again and find all three.
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.

mod common;

use common::{Env, ENTER, ESC, NOW, USER};

const TITLE: &str = "Laptop met rapporten gestolen uit auto";
const LINES: [&str; 3] = [
    "Docent belt: laptop gisteravond uit de auto gestolen",
    "Rapporten van groep 7 en 8 stonden lokaal, geen versleuteling",
    "Aangifte bij de politie is gedaan",
];

/// The texts of the breach's log as the command line reads them from the database.
fn log_texts(env: &Env, id: &str) -> Vec<String> {
    let v = env.cli_json(&["breach", "show", id, "--json"]);
    v["log"]
        .as_array()
        .unwrap_or_else(|| panic!("no log in {v:#}"))
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect()
}

/// How a stored log line shows in the breach's detail: time, author, text.
fn shown(text: &str) -> String {
    format!("10:00 {USER}: {text}")
}

/// The status bar: the line above the key hints, at the bottom of the screen.
fn status_line(screen: &str) -> &str {
    let lines: Vec<&str> = screen.lines().collect();
    lines
        .iter()
        .rev()
        .find(|l| l.contains(" AP "))
        .copied()
        .unwrap_or_else(|| panic!("no AP countdown on the screen:\n{screen}"))
}

/// The end-to-end test: `b`, a title, three lines with Enter, SIGHUP, restart, all three.
#[test]
fn three_log_lines_survive_a_hang_up_during_the_call() {
    let env = Env::new();
    let mut app = env.app(100, 50, &[]);
    app.wait_for("open 0");

    // One key from the request tab starts the breach; the title is all it asks.
    app.send("b");
    app.wait_for("Nieuw datalek");
    app.send(TITLE);
    app.wait_for(TITLE);
    app.send(ENTER);
    let capture = app.wait_for("D-2026-0001 AP 72u00m");
    assert!(
        capture.contains("Log ▸"),
        "straight into the log:\n{capture}"
    );
    assert!(
        !capture.contains("Nieuw datalek"),
        "the form closed:\n{capture}"
    );

    // Each line is stored the moment Enter is pressed: wait until the record shows it.
    for line in LINES {
        app.send(line);
        app.send(ENTER);
        app.wait_for(&shown(line));
    }
    // A line typed but not yet entered when the line drops is stored too, as Esc stores it:
    // what was said on the call is not lost with the connection.
    app.send("half getypt");
    app.wait_for("Log ▸ half getypt");

    app.hang_up();
    let status = app.wait_exit();
    assert!(
        status.success(),
        "the app ended on its own after SIGHUP: {status:?}"
    );
    drop(app);

    let mut expected: Vec<&str> = LINES.to_vec();
    expected.push("half getypt");
    assert_eq!(
        log_texts(&env, "D-2026-0001"),
        expected,
        "stored before and at the hang-up"
    );

    // Start again: the countdown is on the request tab's status bar at once.
    let mut app = env.app(100, 50, &[]);
    let screen = app.wait_for("AP D-2026-0001");
    assert!(screen.contains("Verzoeken"), "{screen}");
    let status = status_line(&screen);
    assert!(status.contains("AP D-2026-0001 72u00m"), "{status}");

    // And on the other tabs.
    app.send("3");
    let screen = app.wait_for("Geen leerlingen");
    assert!(
        status_line(&screen).contains("AP D-2026-0001 72u00m"),
        "{screen}"
    );

    // The register, then the breach's detail with all three lines.
    app.send("2");
    let register = app.wait_for("D-2026-0001 Laptop met rapporten");
    assert!(register.contains("Melden vóór"), "{register}");
    assert!(register.contains("72u00m"), "{register}");
    app.send(ENTER);
    let detail = app.wait_for("Logboek");
    for line in LINES {
        assert!(detail.contains(&shown(line)), "{line:?} missing:\n{detail}");
    }
    assert!(detail.contains("fg.tester: half getypt"), "{detail}");
    let order: Vec<usize> = expected
        .iter()
        .map(|l| detail.find(&shown(l)).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in order:\n{detail}");
    app.quit();

    let v = env.cli_json(&["breach", "show", "D-2026-0001", "--json"]);
    assert_eq!(v["title"], TITLE);
    assert_eq!(v["aware_at"], NOW);
    assert_eq!(v["ap_due"], "2026-11-26T10:00:00+01:00");
    assert_eq!(v["status"], "open");
    let log = v["log"].as_array().unwrap();
    assert_eq!(log.len(), 4, "{v:#}");
    for (entry, line) in log.iter().zip(&expected) {
        assert_eq!(entry["text"], *line);
        assert_eq!(entry["author"], USER);
        assert_eq!(entry["at"], NOW);
    }
}

/// `l` resumes the running log of the selected breach; Esc ends it; every line is kept.
#[test]
fn logging_resumes_with_l_after_a_restart() {
    let env = Env::new();
    let mut app = env.app(100, 50, &[]);
    app.wait_for("open 0");
    app.send("b");
    app.wait_for("Nieuw datalek");
    app.send(TITLE);
    app.send(ENTER);
    app.wait_for("D-2026-0001 AP 72u00m");
    app.send(LINES[0]);
    app.send(ENTER);
    app.wait_for(&shown(LINES[0]));
    app.send(ESC);
    app.wait_until("the log prompt to go", |s| !s.contains("Log ▸"));
    app.quit();

    let mut app = env.app(100, 50, &[]);
    app.wait_for("AP D-2026-0001");
    app.send("2");
    app.wait_for("D-2026-0001 Laptop met rapporten");
    app.send("l");
    app.wait_for("Log ▸");
    for line in &LINES[1..] {
        app.send(line);
        app.send(ENTER);
        app.wait_for(&shown(line));
    }
    app.send(ESC);
    let detail = app.wait_until("the log prompt to go", |s| !s.contains("Log ▸"));
    for line in LINES {
        assert!(detail.contains(&shown(line)), "{line:?} missing:\n{detail}");
    }
    app.quit();

    assert_eq!(log_texts(&env, "D-2026-0001"), LINES);
}

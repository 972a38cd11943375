//! End to end: the real `avgdesk` binary in a pseudo-terminal, driven with the keyboard and read
//! back from the screen through a terminal emulator (vt100). The clock is fixed with AVGDESK_NOW,
//! every test has its own database and empty config in a temporary folder.
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_avgdesk");
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "fg.tester";
/// How long to wait for the screen to show something before giving up.
const WAIT: Duration = Duration::from_secs(10);

const ENTER: &str = "\r";
const TAB: &str = "\t";
const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";
const BACKSPACE: &str = "\x7f";

/// A private folder with a database path and an empty config file.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::Builder::new()
            .prefix("avgdesk-pty-")
            .tempdir()
            .expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), "").expect("empty config");
        Env { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("avgdesk.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// Starts the app in a pseudo-terminal of `cols` x `rows`.
    fn app(&self, cols: u16, rows: u16, extra_args: &[&str]) -> App {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(self.db());
        cmd.arg("--config");
        cmd.arg(self.config());
        for a in extra_args {
            cmd.arg(a);
        }
        cmd.cwd(self.dir.path());
        cmd.env_clear();
        cmd.env("AVGDESK_NOW", NOW);
        cmd.env("AVGDESK_USER", USER);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", self.dir.path());
        // The demo's temporary database lands in this test's folder too.
        cmd.env("TMPDIR", self.dir.path());
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        App::spawn(cmd, cols, rows)
    }

    /// Runs a command of the same binary on the same database and returns its stdout as JSON.
    fn cli_json(&self, args: &[&str]) -> Value {
        let out = std::process::Command::new(BIN)
            .arg("--db")
            .arg(self.db())
            .arg("--config")
            .arg(self.config())
            .args(args)
            .env_clear()
            .env("AVGDESK_NOW", NOW)
            .env("AVGDESK_USER", USER)
            .env("HOME", self.dir.path())
            .output()
            .expect("run avgdesk");
        assert!(
            out.status.success(),
            "avgdesk {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "avgdesk {args:?} printed no JSON ({e}):\n{}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}

/// The running app: its pseudo-terminal, and a terminal emulator fed by a reader thread.
struct App {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Set when the reader saw the end of the output (the app and its terminal are gone).
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal size above zero")
}

impl App {
    fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> App {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pseudo-terminal");
        let child = pair.slave.spawn_command(cmd).expect("start avgdesk");
        // Only the child may hold the terminal side, so reading ends when the child is gone.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let eof = Arc::new(AtomicBool::new(false));
        let handle = {
            let parser = Arc::clone(&parser);
            let eof = Arc::clone(&eof);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        // Linux reports the closed terminal side as EIO: the end, like Ok(0).
                        Ok(0) | Err(_) => break,
                        Ok(n) => parser.lock().unwrap().process(&buf[..n]),
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        App {
            child,
            master: pair.master,
            writer,
            parser,
            eof,
            reader: Some(handle),
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits until the screen shows `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            let ended = self.eof.load(Ordering::SeqCst);
            if ended || Instant::now() > deadline {
                let why = if ended { "the app ended" } else { "timed out" };
                panic!("{why} waiting for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen no longer shows `text`, and returns the screen.
    fn wait_gone(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {text:?} to go; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the terminal (the app gets SIGWINCH) and the emulator with it.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master.resize(size(cols, rows)).expect("resize pty");
    }

    /// Waits for the app to exit and for the last of its output to reach the emulator.
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                break status;
            }
            if Instant::now() > deadline {
                panic!("the app did not exit; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        while !self.eof.load(Ordering::SeqCst) {
            if Instant::now() > deadline {
                panic!("the terminal output did not end after the app exited");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(handle) = self.reader.take() {
            handle.join().expect("reader thread");
        }
        status
    }

    /// Quits with `q` and checks the app ended well.
    fn quit(&mut self) {
        self.send("q");
        let status = self.wait_exit();
        assert!(status.success(), "avgdesk exited with {status:?}");
    }
}

impl Drop for App {
    /// A failing test never leaves the app running: hang up, then kill, then reap.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Opens the new-request form and fills it: kind by its first letter, requester, pupil and a
/// two-line summary. Leaves the form open for the caller to save.
fn fill_new_request(app: &mut App, kind_letter: &str, requester: &str, pupil: &str) {
    app.wait_for("open 0");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    // kind, received, channel, requester, role, contact, pupil, birth, school, class, summary
    app.send(kind_letter);
    app.send(&ENTER.repeat(3));
    app.send(requester);
    app.send(&ENTER.repeat(3));
    app.send(pupil);
    app.send(&ENTER.repeat(4));
    app.send("Vraagt een kopie van het dossier");
    app.send(ENTER);
    app.send("en de toetsresultaten");
    app.wait_for("en de toetsresultaten");
}

#[test]
fn a_request_added_with_the_keyboard_is_shown_and_stored() {
    let env = Env::new();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("Verzoeken");
    fill_new_request(&mut app, "b", "Jan de Vries", "Sanne de Vries");
    let form = app.wait_for("▸ Omschrijving");
    assert!(form.contains("beperking"), "kind chosen by letter:\n{form}");

    app.send(CTRL_S);
    let queue = app.wait_for("Toegevoegd V-2026-0001");
    assert!(queue.contains("V-2026-0001"), "{queue}");
    assert!(queue.contains("Jan de Vries"), "{queue}");
    assert!(queue.contains("open 1"), "{queue}");
    assert!(
        !queue.contains("Nieuw verzoek"),
        "the form closed:\n{queue}"
    );

    app.send(ENTER);
    let detail = app.wait_for("Termijnen");
    for expected in [
        "V-2026-0001",
        "beperking",
        "Jan de Vries (ouder)",
        "Sanne de Vries",
        "2026-11-23",
        "Vraagt een kopie van het dossier",
        "en de toetsresultaten",
    ] {
        assert!(detail.contains(expected), "{expected:?} missing:\n{detail}");
    }
    // Received today with the 4w policy: policy four weeks on, legal one month on.
    for (label, date) in [
        ("Beleid", "ma 2026-12-21"),
        ("Wettelijk (1 maand)", "wo 2026-12-23"),
    ] {
        assert!(
            detail
                .lines()
                .any(|l| l.trim_start().starts_with(label) && l.contains(date)),
            "{label} {date} missing:\n{detail}"
        );
    }
    app.quit();

    let shown = env.cli_json(&["request", "show", "V-2026-0001", "--json"]);
    assert_eq!(shown["id"], "V-2026-0001");
    assert_eq!(shown["kind"], "restriction");
    assert_eq!(shown["received"], "2026-11-23");
    assert_eq!(shown["status"], "new");
    assert_eq!(shown["policy_due"], "2026-12-21");
    assert_eq!(shown["legal_due"], "2026-12-23");
    assert_eq!(shown["due"], "2026-12-21");
    assert_eq!(shown["requester"]["name"], "Jan de Vries");
    assert_eq!(shown["pupil"]["name"], "Sanne de Vries");
    assert_eq!(
        shown["summary"],
        "Vraagt een kopie van het dossier\nen de toetsresultaten"
    );
}

/// The issue's "done when": added, extended with a reason and decided with the keyboard alone,
/// here at the smallest supported size.
#[test]
fn add_extend_and_decide_with_the_keyboard_at_80x24() {
    let env = Env::new();
    let mut app = env.app(80, 24, &[]);
    fill_new_request(&mut app, "i", "Petra Jansen", "Tim Jansen");
    app.send(CTRL_S);
    app.wait_for("Toegevoegd V-2026-0001");
    app.send(ENTER);
    app.wait_for("Termijnen");

    app.send("e");
    let form = app.wait_for("Verlengen met twee maanden");
    assert!(form.contains("2026-12-21 → 2027-02-22"), "{form}");
    app.send("Veel systemen en archieven doorzoeken");
    app.send(CTRL_S);
    let detail = app.wait_for("Verlengd wettelijk");
    assert!(detail.contains("Opgeslagen V-2026-0001"), "{detail}");
    assert!(detail.contains("2027-02-23"), "{detail}");
    assert!(detail.contains("Veel systemen"), "{detail}");

    app.send("d");
    app.wait_for("Besluit vastleggen");
    app.send("a");
    app.wait_for("◂ afgewezen ▸");
    // Refused needs a reason: the form says so, stays open and keeps the chosen decision.
    app.send(CTRL_S);
    let refused = app.wait_for("is verplicht");
    assert!(refused.contains("Besluit vastleggen"), "{refused}");
    assert!(refused.contains("afgewezen"), "{refused}");
    assert!(
        refused.contains("▸ Reden"),
        "the reason has the focus:\n{refused}"
    );
    assert_eq!(
        env.cli_json(&["request", "show", "V-2026-0001", "--json"])["status"],
        "in_progress",
        "nothing saved yet"
    );
    app.send("Valt onder een uitzondering");
    app.send(CTRL_S);
    let decided = app.wait_for("besloten");
    assert!(!decided.contains("Besluit vastleggen"), "{decided}");
    assert!(decided.contains("Opgeslagen V-2026-0001"), "{decided}");
    app.quit();

    let list = env.cli_json(&["request", "list", "--all", "--json"]);
    let rows = list.as_array().expect("a list");
    assert_eq!(rows.len(), 1, "{list:#}");
    let r = &rows[0];
    assert_eq!(r["id"], "V-2026-0001");
    assert_eq!(r["kind"], "access");
    assert_eq!(r["extended"], true);
    assert_eq!(r["status"], "decided");
    assert_eq!(r["decision"], "refused");
    assert_eq!(r["decision_reason"], "Valt onder een uitzondering");
    assert_eq!(
        r["extension_reason"],
        "Veel systemen en archieven doorzoeken"
    );
    assert_eq!(r["legal_due"], "2026-12-23");
    assert_eq!(r["policy_due"], "2026-12-21");
    assert_eq!(r["extended_legal_due"], "2027-02-23");
    assert_eq!(r["extended_due"], "2027-02-22");
    assert_eq!(r["due"], r["extended_due"]);
}

#[test]
fn a_bad_date_is_refused_in_the_form_and_nothing_is_lost() {
    let env = Env::new();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("open 0");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    app.send(TAB);
    app.send(&BACKSPACE.repeat(10));
    app.send("gisteren");
    app.send(&TAB.repeat(2));
    app.send("Karin Bos");
    app.wait_for("Karin Bos");

    app.send(CTRL_S);
    let screen = app.wait_for("is geen datum");
    assert!(screen.contains("\"gisteren\""), "{screen}");
    assert!(
        screen.contains("Nieuw verzoek"),
        "the form stays open:\n{screen}"
    );
    assert!(
        screen.contains("Karin Bos"),
        "nothing typed is lost:\n{screen}"
    );
    assert!(
        screen.contains("▸ Ontvangen op"),
        "the bad field has the focus:\n{screen}"
    );

    // The focus is on the date: replace it with another impossible one.
    app.send(&BACKSPACE.repeat(8));
    app.send("31-02-2026");
    app.send(CTRL_S);
    let screen = app.wait_for("\"31-02-2026\" is geen datum");
    assert!(screen.contains("Karin Bos"), "{screen}");
    assert_eq!(
        env.cli_json(&["request", "list", "--all", "--json"]),
        serde_json::json!([]),
        "nothing saved while a field is wrong"
    );

    // Day-month-year is accepted.
    app.send(&BACKSPACE.repeat(10));
    app.send("20-11-2026");
    app.send(CTRL_S);
    let queue = app.wait_for("Toegevoegd V-2026-0001");
    assert!(queue.contains("Karin Bos"), "{queue}");
    assert!(queue.contains("2026-11-20"), "{queue}");
    app.quit();

    let shown = env.cli_json(&["request", "show", "V-2026-0001", "--json"]);
    assert_eq!(shown["received"], "2026-11-20");
    assert_eq!(shown["requester"]["name"], "Karin Bos");
}

#[test]
fn a_too_small_terminal_says_so_until_it_grows() {
    let env = Env::new();
    let mut app = env.app(40, 10, &[]);
    let screen = app.wait_for("Terminal te klein");
    assert!(!screen.contains("Verzoeken"), "{screen}");
    app.resize(100, 30);
    let screen = app.wait_for("Verzoeken");
    assert!(screen.contains("open 0"), "{screen}");
    app.wait_gone("Terminal te klein");
    app.quit();
}

#[test]
fn english_with_lang_en() {
    let env = Env::new();
    let mut app = env.app(100, 30, &["--lang", "en"]);
    let screen = app.wait_for("Requests");
    assert!(screen.contains("Breaches"), "{screen}");
    assert!(screen.contains("Consent"), "{screen}");
    assert!(!screen.contains("Verzoeken"), "{screen}");
    app.send("a");
    app.wait_for("New request");
    app.send(ESC);
    app.wait_gone("New request");
    app.quit();
}

#[test]
fn quitting_restores_the_terminal() {
    let env = Env::new();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("Verzoeken");
    assert!(app.parser.lock().unwrap().screen().alternate_screen());
    app.quit();
    let parser = app.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "left on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
}

/// The issue's "done when" in the demo: a living queue, and the new request among it.
#[test]
fn in_the_demo_a_request_is_added_extended_and_decided() {
    let env = Env::new();
    let mut app = env.app(100, 30, &["--demo"]);
    app.wait_for("te laat");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    app.send(&ENTER.repeat(3));
    app.send("Demo Ouder");
    app.send(CTRL_S);
    let queue = app.wait_for("Toegevoegd V-2026-");
    assert!(queue.contains("Demo Ouder"), "{queue}");
    // The new request is selected: open it and work on it.
    app.send(ENTER);
    app.wait_for("Demo Ouder (ouder)");
    app.send("e");
    app.wait_for("Verlengen met twee maanden");
    app.send("Complex verzoek");
    app.send(CTRL_S);
    let detail = app.wait_for("Verlengd wettelijk");
    assert!(detail.contains("Demo Ouder"), "{detail}");
    app.send("d");
    app.wait_for("Besluit vastleggen");
    app.send(CTRL_S);
    let detail = app.wait_for("besloten");
    assert!(detail.contains("Demo Ouder"), "{detail}");
    assert!(detail.contains("toegewezen"), "{detail}");
    app.quit();
}

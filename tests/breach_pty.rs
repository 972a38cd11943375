//! End to end for the breach register: the real `avgdesk` binary in a pseudo-terminal, driven with
//! the keyboard and read back through a terminal emulator (vt100). The issue's test: start a
//! breach during a call, type three log lines, lose the connection (SIGHUP, as a dropped SSH
//! session would send), start again and find all three.
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
/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "fg.tester";
/// How long to wait for the screen to show something before giving up.
const WAIT: Duration = Duration::from_secs(10);

const ENTER: &str = "\r";
const ESC: &str = "\x1b";

const TITLE: &str = "Laptop met rapporten gestolen uit auto";
const LINES: [&str; 3] = [
    "Docent belt: laptop gisteravond uit de auto gestolen",
    "Rapporten van groep 7 en 8 stonden lokaal, geen versleuteling",
    "Aangifte bij de politie is gedaan",
];

/// A private folder with a database path and an empty config file.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::Builder::new()
            .prefix("avgdesk-breach-pty-")
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
    fn app(&self, cols: u16, rows: u16) -> App {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(self.db());
        cmd.arg("--config");
        cmd.arg(self.config());
        cmd.cwd(self.dir.path());
        cmd.env_clear();
        cmd.env("AVGDESK_NOW", NOW);
        cmd.env("AVGDESK_USER", USER);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", self.dir.path());
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

    /// The texts of the breach's log as the command line reads them from the database.
    fn log_texts(&self, id: &str) -> Vec<String> {
        let v = self.cli_json(&["breach", "show", id, "--json"]);
        v["log"]
            .as_array()
            .unwrap_or_else(|| panic!("no log in {v:#}"))
            .iter()
            .map(|l| l["text"].as_str().unwrap().to_string())
            .collect()
    }
}

/// The running app: its pseudo-terminal, and a terminal emulator fed by a reader thread.
struct App {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Set when the reader saw the end of the output (the app and its terminal are gone).
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    // Kept open for the app's lifetime: dropping it would hang up the terminal.
    _master: Box<dyn MasterPty + Send>,
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal size above zero")
}

impl App {
    fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> App {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
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
            writer,
            parser,
            eof,
            reader: Some(handle),
            _master: pair.master,
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
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen satisfies `done`, and returns the screen.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            let ended = self.eof.load(Ordering::SeqCst);
            if ended || Instant::now() > deadline {
                let why = if ended { "the app ended" } else { "timed out" };
                panic!("{why} waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGHUP, as the terminal's hang-up on a dropped SSH connection would.
    fn hang_up(&mut self) {
        let pid = self.child.process_id().expect("the app's process id");
        let status = std::process::Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -HUP {pid} failed");
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

    fn quit(&mut self) {
        self.send("q");
        let status = self.wait_exit();
        assert!(status.success(), "avgdesk exited with {status:?}");
    }
}

impl Drop for App {
    /// A failing test never leaves the app running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
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

/// The issue's end-to-end test: `b`, a title, three lines with Enter, SIGHUP, restart, all three.
#[test]
fn three_log_lines_survive_a_hang_up_during_the_call() {
    let env = Env::new();
    let mut app = env.app(100, 50);
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
    // A line typed but not yet entered when the line drops is not part of the record.
    app.send("half getypt");
    app.wait_for("half getypt▏");

    app.hang_up();
    let status = app.wait_exit();
    assert!(!status.success(), "SIGHUP ended the app: {status:?}");
    drop(app);

    assert_eq!(
        env.log_texts("D-2026-0001"),
        LINES,
        "stored before the hang-up"
    );

    // Start again: the countdown is on the request tab's status bar at once.
    let mut app = env.app(100, 50);
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
    assert!(!detail.contains("half getypt"), "{detail}");
    let order: Vec<usize> = LINES
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
    assert_eq!(log.len(), 3, "{v:#}");
    for (entry, line) in log.iter().zip(LINES) {
        assert_eq!(entry["text"], line);
        assert_eq!(entry["author"], USER);
        assert_eq!(entry["at"], NOW);
    }
}

/// `l` resumes the running log of the selected breach; Esc ends it; every line is kept.
#[test]
fn logging_resumes_with_l_after_a_restart() {
    let env = Env::new();
    let mut app = env.app(100, 50);
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

    let mut app = env.app(100, 50);
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

    assert_eq!(env.log_texts("D-2026-0001"), LINES);
}

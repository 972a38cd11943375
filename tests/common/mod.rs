//! The pseudo-terminal harness shared by the end-to-end tests: the real `avgdesk` binary in a
//! pseudo-terminal, driven with the keyboard and read back from the screen through a terminal
//! emulator (vt100). The clock is fixed with AVGDESK_NOW, every test has its own database and
//! empty config in a temporary folder.
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.
//!
//! Each test file that says `mod common;` compiles its own copy and uses only part of it.
//!
//! The command-line harness (assert_cmd, no terminal) is in [`cli`].
#![allow(dead_code)]

pub mod cli;
pub mod tui;

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_avgdesk");
/// Monday 23 November 2026, 10:00 in Amsterdam.
pub const NOW: &str = "2026-11-23T10:00:00+01:00";
pub const USER: &str = "fg.tester";
/// How long to wait for the screen to show something before giving up.
pub const WAIT: Duration = Duration::from_secs(10);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const ESC: &str = "\x1b";
pub const CTRL_S: &str = "\x13";
pub const BACKSPACE: &str = "\x7f";
pub const RIGHT: &str = "\x1b[C";
pub const SPACE: &str = " ";

/// A private folder with a database path and an empty config file.
pub struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::Builder::new()
            .prefix("avgdesk-pty-")
            .tempdir()
            .expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), "").expect("empty config");
        Env { dir }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("avgdesk.db")
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The database of a running `--demo` app: a temporary folder in this test's folder (TMPDIR),
    /// removed when the app exits.
    pub fn demo_db(&self) -> PathBuf {
        let dirs: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("read the test folder")
            .map(|e| e.expect("folder entry").path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("avgdesk-demo-"))
            })
            .collect();
        assert_eq!(dirs.len(), 1, "one running demo: {dirs:?}");
        let db = dirs[0].join("demo.db");
        assert!(db.exists(), "{} missing", db.display());
        db
    }

    /// Starts the app in a pseudo-terminal of `cols` x `rows`.
    pub fn app(&self, cols: u16, rows: u16, extra_args: &[&str]) -> App {
        self.app_typed_ahead(cols, rows, extra_args, "")
    }

    /// Starts the app with `keys` already typed, as over a slow link where the officer types
    /// before the app has drawn anything: they wait in the terminal, still in its line mode.
    pub fn app_typed_ahead(&self, cols: u16, rows: u16, extra_args: &[&str], keys: &str) -> App {
        App::spawn_typed_ahead(self.command(extra_args), cols, rows, keys)
    }

    /// Starts the app with these environment variables set as well (e.g. EDITOR).
    pub fn app_with_env(
        &self,
        cols: u16,
        rows: u16,
        extra_args: &[&str],
        vars: &[(&str, &str)],
    ) -> App {
        let mut cmd = self.command(extra_args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        App::spawn_typed_ahead(cmd, cols, rows, "")
    }

    /// The app's command line and environment: this test's database, config and folder.
    fn command(&self, extra_args: &[&str]) -> CommandBuilder {
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
        cmd
    }

    /// Runs a command of the same binary on the same database and returns its stdout as JSON.
    pub fn cli_json(&self, args: &[&str]) -> Value {
        self.cli_json_on(&self.db(), args)
    }

    /// Runs a command of the same binary on the database `db` (e.g. a running demo's) and
    /// returns its stdout as JSON.
    pub fn cli_json_on(&self, db: &Path, args: &[&str]) -> Value {
        let out = std::process::Command::new(BIN)
            .arg("--db")
            .arg(db)
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
pub struct App {
    child: Box<dyn Child + Send + Sync>,
    /// Kept open for the app's lifetime (dropping it would hang up the terminal); resizes.
    /// `None` once [`App::close_terminal`] closed it.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    /// Tells the reader thread to let go of its side of the terminal.
    stop_reading: Arc<AtomicBool>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, for sequences the emulator does not keep (OSC 52).
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader saw the end of the output (the app and its terminal are gone).
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

/// The app draws each frame inside a synchronized update (DEC mode 2026), which vt100 does not
/// know: the reader hands the emulator whole frames only, so the screen is never half drawn.
const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";

/// How much of `data` can go to the emulator now: everything up to the first synchronized update
/// that has not ended yet (or a marker that may be cut off at the end).
fn complete_frames(data: &[u8]) -> usize {
    let mut complete = 0;
    let mut inside = false;
    let mut i = 0;
    while i < data.len() {
        let rest = &data[i..];
        if rest.starts_with(BEGIN_SYNC) {
            inside = true;
            i += BEGIN_SYNC.len();
        } else if rest.starts_with(END_SYNC) {
            inside = false;
            i += END_SYNC.len();
        } else if rest.len() < BEGIN_SYNC.len() && BEGIN_SYNC.starts_with(rest) {
            // Perhaps the start of a marker whose end is still on its way.
            break;
        } else {
            i += 1;
        }
        if !inside {
            complete = i;
        }
    }
    complete
}

/// Whether the terminal has output to read (or has ended), waiting at most 50 ms.
fn readable(fd: std::os::unix::io::RawFd) -> bool {
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and the fd stays open while the reader thread runs.
    unsafe { libc::poll(&mut poll, 1, 50) > 0 }
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
    /// Starts `cmd` with `keys` written to the terminal before the program runs.
    pub fn spawn_typed_ahead(cmd: CommandBuilder, cols: u16, rows: u16, keys: &str) -> App {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("open a pseudo-terminal");
        let mut writer = pair.master.take_writer().expect("pty writer");
        writer.write_all(keys.as_bytes()).expect("type ahead");
        writer.flush().expect("flush keys");
        let child = pair.slave.spawn_command(cmd).expect("start avgdesk");
        // Only the child may hold the terminal side, so reading ends when the child is gone.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let master_fd = pair
            .master
            .as_raw_fd()
            .expect("the terminal's file descriptor");
        let stop_reading = Arc::new(AtomicBool::new(false));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let eof = Arc::new(AtomicBool::new(false));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let handle = {
            let parser = Arc::clone(&parser);
            let eof = Arc::clone(&eof);
            let raw = Arc::clone(&raw);
            let stop = Arc::clone(&stop_reading);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                // Output held back until the synchronized update it belongs to is complete.
                let mut pending = Vec::new();
                loop {
                    // Wait for output a little at a time, so that closing the terminal can
                    // take this side away too (a blocked read would keep it open).
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if !readable(master_fd) {
                        continue;
                    }
                    match reader.read(&mut buf) {
                        // Linux reports the closed terminal side as EIO: the end, like Ok(0).
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            raw.lock().unwrap().extend_from_slice(&buf[..n]);
                            pending.extend_from_slice(&buf[..n]);
                            let whole = complete_frames(&pending);
                            parser.lock().unwrap().process(&pending[..whole]);
                            pending.drain(..whole);
                        }
                    }
                }
                parser.lock().unwrap().process(&pending);
                eof.store(true, Ordering::SeqCst);
            })
        };
        App {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            stop_reading,
            parser,
            raw,
            eof,
            reader: Some(handle),
        }
    }

    /// Waits until the app has written `needle` (raw bytes, escape sequences included).
    pub fn wait_for_raw(&self, needle: &[u8]) -> Vec<u8> {
        let deadline = Instant::now() + WAIT;
        loop {
            let raw = self.raw.lock().unwrap().clone();
            if raw.windows(needle.len()).any(|w| w == needle) {
                return raw;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {:?} in the output; the screen shows:\n{}",
                    String::from_utf8_lossy(needle),
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The screen's text as the emulator shows it now.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    /// Closes the terminal's master side, as a dropped SSH connection or a closed terminal
    /// window does: the app's reads then fail and it gets SIGHUP. The screen as it was is kept.
    pub fn close_terminal(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
        if let Some(handle) = self.reader.take() {
            handle.join().expect("reader thread");
        }
        self.writer = None;
        self.master = None;
    }

    /// Whether the app's process has ended (without waiting).
    pub fn has_exited(&mut self) -> bool {
        self.child.try_wait().expect("child status").is_some()
    }

    /// Waits until the screen shows `text`, and returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen no longer shows `text`, and returns the screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// Waits until the screen satisfies `done`, and returns the screen. `what` names the wait in
    /// the failure message.
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
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

    /// Resizes the terminal (the app gets SIGWINCH) and the emulator with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(size(cols, rows))
            .expect("resize pty");
    }

    /// Sends SIGHUP, as the terminal's hang-up on a dropped SSH connection would.
    pub fn hang_up(&mut self) {
        self.signal("HUP");
    }

    /// Sends the signal `name` (`HUP`, `TERM`, ...) to the app, as `kill -NAME` does.
    pub fn signal(&mut self, name: &str) {
        let pid = self.child.process_id().expect("the app's process id");
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// Waits for the app to exit and for the last of its output to reach the emulator.
    pub fn wait_exit(&mut self) -> ExitStatus {
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
        while self.master.is_some() && !self.eof.load(Ordering::SeqCst) {
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
    pub fn quit(&mut self) {
        self.send("q");
        let status = self.wait_exit();
        assert!(status.success(), "avgdesk exited with {status:?}");
    }
}

impl Drop for App {
    /// A failing test never leaves the app running: kill, then reap.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

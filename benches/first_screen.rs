//! The whole process, as the officer meets it: the release binary started in a 120x40
//! pseudo-terminal on a board of 1,000, 10,000 and 30,000 pupils (`avgdesk demo-data`, seed 1),
//! timed from the start of the process until the screen shows the request queue's first row in
//! a complete frame (read back through a terminal emulator). Then the peak memory (maximum
//! resident set size, from `/usr/bin/time`) of the app up to its first screen, of
//! `request list --json`, and of `consent export` for one school.
//!
//! Run: `cargo bench --bench first_screen`. Under `cargo test --benches` it only checks, once on
//! the smallest board, that the measuring works.

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::demo_data::{self, Options};
use avgdesk::store::Store;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_avgdesk");
const NOW: &str = "2026-11-23T10:00:00+01:00";
const TIME: &str = "/usr/bin/time";
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// Only bounds a wait so a broken build fails instead of hanging.
const GIVE_UP: Duration = Duration::from_secs(30);
const END_SYNC: &[u8] = b"\x1b[?2026l";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn db(&self, pupils: usize) -> PathBuf {
        self.dir.path().join(format!("board-{pupils}.db"))
    }

    fn generate(&self, pupils: usize) {
        let store = Store::open(&self.db(pupils), "bench").expect("open");
        let mut session = Session::new(store, Config::default(), Clock::parse(NOW).unwrap());
        demo_data::generate(&mut session, &Options { pupils, seed: 1 }).expect("demo data");
    }

    /// A command of the binary (or of /usr/bin/time around it) with a clean environment.
    fn pty_command(&self, pupils: usize, rss_file: Option<&Path>) -> CommandBuilder {
        let mut cmd = match rss_file {
            Some(file) => {
                let mut c = CommandBuilder::new(TIME);
                c.args(["-f", "%M", "-o"]);
                c.arg(file);
                c.arg(BIN);
                c
            }
            None => CommandBuilder::new(BIN),
        };
        cmd.arg("--db");
        cmd.arg(self.db(pupils));
        cmd.arg("--config");
        cmd.arg(self.config());
        cmd.cwd(self.dir.path());
        cmd.env_clear();
        cmd.env("AVGDESK_NOW", NOW);
        cmd.env("AVGDESK_USER", "bench");
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", self.dir.path());
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd
    }
}

/// Starts the app in a pseudo-terminal and returns the time until the first queue row is on
/// the screen in a finished frame; then quits it.
fn first_screen(env: &Env, pupils: usize, rss_file: Option<&Path>) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let cmd = env.pty_command(pupils, rss_file);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let nonzero = |n: u16| std::num::NonZeroU16::new(n).expect("size above zero");
    let mut parser = vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0);
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("start avgdesk");
    drop(pair.slave);
    let mut buf = [0u8; 65536];
    let elapsed = loop {
        let n = reader.read(&mut buf).expect("read the terminal");
        assert!(n > 0, "avgdesk ended before its first screen");
        parser.process(&buf[..n]);
        // Row 0 is the tab bar, row 1 the table header, row 2 the most urgent request.
        let first_row = parser
            .screen()
            .contents_between(2, 0, 2, 12)
            .starts_with("V-");
        if first_row && buf[..n].windows(END_SYNC.len()).any(|w| w == END_SYNC) {
            break started.elapsed();
        }
        assert!(started.elapsed() < GIVE_UP, "no first screen");
    };
    writer.write_all(b"q").expect("quit");
    writer.flush().expect("flush");
    // Drain until the app is gone so it never blocks on a full terminal.
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
    }
    child.wait().expect("wait");
    elapsed
}

/// Peak resident memory in MB of a command line of the binary, from /usr/bin/time.
fn peak_rss_cli(env: &Env, pupils: usize, args: &[&str]) -> f64 {
    let file = env.dir.path().join("rss-cli.txt");
    let status = Command::new(TIME)
        .args(["-f", "%M", "-o"])
        .arg(&file)
        .arg(BIN)
        .arg("--db")
        .arg(env.db(pupils))
        .arg("--config")
        .arg(env.config())
        .args(args)
        .env_clear()
        .env("AVGDESK_NOW", NOW)
        .env("AVGDESK_USER", "bench")
        .env("HOME", env.dir.path())
        .stdout(Stdio::null())
        .status()
        .expect("run /usr/bin/time");
    assert!(status.success(), "avgdesk {args:?} failed");
    read_kb(&file) / 1024.0
}

fn read_kb(file: &Path) -> f64 {
    let text = std::fs::read_to_string(file).expect("time's output");
    text.lines()
        .filter_map(|l| l.trim().parse::<f64>().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no figure in {text:?}"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then only a smoke run.
    let bench = std::env::args().any(|a| a == "--bench");
    let (sizes, runs): (&[usize], usize) = if bench {
        (&[1_000, 10_000, 30_000], 15)
    } else {
        (&[1_000], 1)
    };
    let env = Env {
        dir: tempfile::Builder::new()
            .prefix("avgdesk-first-screen-")
            .tempdir()
            .expect("temp dir"),
    };
    std::fs::write(env.config(), "").expect("config");
    let have_time = Path::new(TIME).exists();
    if !have_time {
        println!("{TIME} not found (apt-get install time): no memory figures");
    }
    for &pupils in sizes {
        env.generate(pupils);
        // Warm the page cache first, as on a server that has the file open all day.
        for _ in 0..2.min(runs) {
            first_screen(&env, pupils, None);
        }
        let times: Vec<Duration> = (0..runs)
            .map(|_| first_screen(&env, pupils, None))
            .collect();
        let (min, max) = (
            times.iter().min().copied().unwrap_or_default(),
            times.iter().max().copied().unwrap_or_default(),
        );
        println!(
            "first_screen/{pupils}: median {:.1} ms (min {:.1}, max {:.1}, {runs} runs)",
            ms(median(times)),
            ms(min),
            ms(max)
        );
        if have_time {
            let file = env.dir.path().join("rss-tui.txt");
            first_screen(&env, pupils, Some(&file));
            println!(
                "peak_rss/tui_first_screen/{pupils}: {:.1} MB",
                read_kb(&file) / 1024.0
            );
            let list = peak_rss_cli(&env, pupils, &["request", "list", "--json"]);
            println!("peak_rss/request_list_json/{pupils}: {list:.1} MB");
            let school = first_school(&env, pupils);
            let export = peak_rss_cli(&env, pupils, &["consent", "export", "--school", &school]);
            println!("peak_rss/consent_export_school/{pupils}: {export:.1} MB");
        }
    }
}

fn first_school(env: &Env, pupils: usize) -> String {
    let store = Store::open(&env.db(pupils), "bench").expect("open");
    store.schools().expect("schools")[0].clone()
}

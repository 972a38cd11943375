//! The command-line harness shared by the CLI tests: the real `avgdesk` binary as a script sees
//! it, run with a fixed clock (`AVGDESK_NOW`), a fixed user, a database in a temporary folder and
//! a config file of its own, so neither the developer's own config nor their data can leak in.
//! That config says only `language = "en"`: the tests read the command line's English words
//! (Dutch is its default); a test of the Dutch says `--lang nl` or writes its own config.
//!
//! The clock and the user differ per test file, so [`Env::with_clock`] takes them; each file
//! wraps it in its own `Env::new` and adds the helpers only it needs in its own `impl Env`.
#![allow(dead_code)]

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

/// The config every test starts from: English, everything else the default.
pub const ENGLISH: &str = "language = \"en\"\n";

/// A private world for one test: a temporary folder with a config file and a database path.
pub struct Env {
    pub dir: TempDir,
    pub config: PathBuf,
    pub db: PathBuf,
    /// "Now" for every command of this test unless given.
    now: String,
    user: String,
}

impl Env {
    /// A config in English and a database path (not yet created) in a fresh temporary folder;
    /// every command runs at `now` as `user`.
    pub fn with_clock(now: &str, user: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, ENGLISH).unwrap();
        let db = dir.path().join("avgdesk.db");
        Env {
            dir,
            config,
            db,
            now: now.to_string(),
            user: user.to_string(),
        }
    }

    /// The same world with another "now", e.g. after a deadline, so that no time given to a
    /// command lies in the future.
    pub fn at(mut self, now: &str) -> Env {
        self.now = now.to_string();
        self
    }

    /// A path in the test's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `avgdesk --config <file> --db <temp> ...` with the clock at `now` and the fixed user.
    pub fn cmd_at(&self, now: &str) -> Command {
        let mut cmd = bare_cmd(now, &self.user);
        cmd.arg("--config").arg(&self.config);
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    /// `avgdesk --config <file> --db <db> ...` on another database than the test's own, with the
    /// test's clock and user.
    pub fn cmd_on(&self, db: &std::path::Path) -> Command {
        let mut cmd = bare_cmd(&self.now, &self.user);
        cmd.arg("--config").arg(&self.config);
        cmd.arg("--db").arg(db);
        cmd
    }

    /// A key file in the test's folder holding `passphrase` and a newline, with `mode`.
    pub fn key_file(&self, name: &str, passphrase: &str, mode: u32) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.path(name);
        std::fs::write(&p, format!("{passphrase}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        p
    }

    /// `avgdesk --config <file> --db <temp> ...` with the test's clock and user.
    pub fn cmd(&self) -> Command {
        self.cmd_at(&self.now)
    }

    /// Runs `args`, expects success and returns stdout.
    pub fn stdout(&self, args: &[&str]) -> String {
        stdout_of(self.cmd().args(args))
    }

    /// Runs `args` at `now` (with `--json` added), expects success and parses stdout.
    pub fn json_at(&self, now: &str, args: &[&str]) -> Value {
        let out = stdout_of(self.cmd_at(now).args(args).arg("--json"));
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e}):\n{out}"))
    }

    /// Runs `args` (with `--json` added), expects success and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        self.json_at(&self.now, args)
    }

    /// Runs `args` at `now` (with `--json` added) and expects a JSON array.
    pub fn rows_at(&self, now: &str, args: &[&str]) -> Vec<Value> {
        match self.json_at(now, args) {
            Value::Array(rows) => rows,
            other => panic!("{args:?} is not an array: {other}"),
        }
    }

    /// Runs `args` (with `--json` added) and expects a JSON array.
    pub fn rows(&self, args: &[&str]) -> Vec<Value> {
        self.rows_at(&self.now, args)
    }

    /// Runs `args`, expects exit code `code`, nothing on stdout and a message on stderr; returns
    /// stderr (checked for a panic).
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        fails_with(self.cmd().args(args), code)
    }
}

/// The binary with the clock at `now`, the user `user` and nothing else from the developer's
/// environment.
pub fn bare_cmd(now: &str, user: &str) -> Command {
    let mut cmd = cargo_bin_cmd!("avgdesk");
    cmd.env("AVGDESK_NOW", now)
        .env("AVGDESK_USER", user)
        .env_remove("AVGDESK_DB")
        .env_remove("AVGDESK_KEY_FILE")
        .env_remove("NO_COLOR");
    cmd
}

/// Runs `cmd`, expects success and returns stdout.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Runs `cmd`, expects exit code `code`, nothing on stdout and a message on stderr; returns
/// stderr (checked for a panic).
pub fn fails_with(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    assert!(!stderr.trim().is_empty(), "no message on stderr");
    assert!(
        out.stdout.is_empty(),
        "a failed command printed to stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// The `id` of every row.
pub fn ids(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

/// The pupil `number` of every row.
pub fn numbers(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["number"].as_str().unwrap()).collect()
}

/// The row of the pupil with `number`.
pub fn by_number<'a>(rows: &'a [Value], number: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["number"] == number)
        .unwrap_or_else(|| panic!("no pupil {number} in {rows:#?}"))
}

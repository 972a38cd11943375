//! `avgdesk demo-data` as a user runs it: the real binary on a new database with a fixed clock,
//! the result read back through the ordinary list commands.

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";

struct Env {
    dir: TempDir,
    config: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "").unwrap();
        Env { dir, config }
    }

    fn db(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self, db: &Path) -> Command {
        let mut cmd = cargo_bin_cmd!("avgdesk");
        cmd.env("AVGDESK_NOW", NOW)
            .env("AVGDESK_USER", "f.jansen")
            .env("HOME", self.dir.path())
            .env_remove("AVGDESK_DB");
        cmd.arg("--config").arg(&self.config).arg("--db").arg(db);
        cmd
    }

    /// Runs demo-data and returns its summary.
    fn generate(&self, db: &Path, pupils: usize, seed: Option<u64>) -> Value {
        let mut cmd = self.cmd(db);
        cmd.args(["demo-data", "--pupils", &pupils.to_string(), "--json"]);
        if let Some(s) = seed {
            cmd.args(["--seed", &s.to_string()]);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    }

    fn json(&self, db: &Path, args: &[&str]) -> Value {
        let out = self
            .cmd(db)
            .args(args)
            .arg("--json")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
    }

    fn list(&self, db: &Path, args: &[&str]) -> Vec<Value> {
        self.json(db, args).as_array().unwrap().clone()
    }
}

fn texts<'a>(rows: &'a [Value], field: &str) -> BTreeSet<&'a str> {
    rows.iter().map(|r| r[field].as_str().unwrap()).collect()
}

#[test]
fn a_board_of_the_requested_size_in_every_state() {
    let env = Env::new();
    let db = env.db("board.db");
    let summary = env.generate(&db, 1200, Some(3));

    let pupils = env.list(&db, &["pupil", "list"]);
    assert_eq!(pupils.len(), 1200);
    let schools = texts(&pupils, "school");
    assert_eq!(schools.len(), 2, "{schools:?}");
    for school in &schools {
        let classes: BTreeSet<&str> = pupils
            .iter()
            .filter(|p| p["school"] == *school)
            .map(|p| p["class"].as_str().unwrap())
            .collect();
        assert_eq!(classes.len(), 8, "{school}: {classes:?}");
    }
    let numbers = texts(&pupils, "number");
    assert_eq!(numbers.len(), 1200, "pupil numbers are unique");

    // About three answers per pupil and purpose (10 purposes by default).
    let answers = summary["consent_events"].as_u64().unwrap();
    assert!((25_000..=36_000).contains(&answers), "{answers} answers");
    assert_eq!(summary["pupils"], 1200);
    assert_eq!(summary["schools"], 2);

    let requests = env.list(&db, &["request", "list", "--all"]);
    assert_eq!(requests.len(), 200);
    assert_eq!(summary["requests"], 200);
    assert_eq!(
        texts(&requests, "status"),
        BTreeSet::from(["new", "in_progress", "waiting", "decided", "closed"])
    );
    // Over the last three years, never in the future.
    let received = texts(&requests, "received");
    assert!(*received.first().unwrap() >= "2023-11-23", "{received:?}");
    assert!(*received.last().unwrap() <= "2026-11-23", "{received:?}");
    assert!(
        received.iter().any(|d| *d < "2024-06-01"),
        "spread over the years"
    );
    assert!(requests
        .iter()
        .any(|r| !r["notes"].as_array().unwrap().is_empty()));
    // Only the open ones by default.
    let open = env.list(&db, &["request", "list"]);
    assert!(open.len() < requests.len() && !open.is_empty());

    let breaches = env.list(&db, &["breach", "list"]);
    assert_eq!(breaches.len(), 20);
    assert_eq!(
        texts(&breaches, "status"),
        BTreeSet::from(["open", "assessed", "notified", "not_notified", "closed"])
    );
    assert!(breaches
        .iter()
        .all(|b| !b["log"].as_array().unwrap().is_empty()));
    assert!(breaches
        .iter()
        .all(|b| b["aware_at"].as_str().unwrap() <= "2026-11-23T10:00:00+01:00"));

    // The consent commands read it like any other board: a pupil's history has answers for
    // several purposes, none in the future.
    let history = env.list(
        &db,
        &["consent", "history", "--pupil", numbers.first().unwrap()],
    );
    assert!(history.len() >= 10, "{history:?}");
    assert!(texts(&history, "purpose").len() >= 5, "{history:?}");
    assert!(texts(&history, "effective")
        .iter()
        .all(|d| *d <= "2026-11-23"));
}

#[test]
fn the_same_seed_and_clock_give_the_same_board() {
    let env = Env::new();
    let (a, b, c) = (env.db("a.db"), env.db("b.db"), env.db("c.db"));
    env.generate(&a, 300, Some(7));
    env.generate(&b, 300, Some(7));
    env.generate(&c, 300, Some(8));
    for args in [
        &["pupil", "list"][..],
        &["request", "list", "--all"],
        &["breach", "list"],
        &["consent", "list"],
    ] {
        assert_eq!(env.json(&a, args), env.json(&b, args), "{args:?}");
    }
    assert_ne!(
        env.json(&a, &["request", "list", "--all"]),
        env.json(&c, &["request", "list", "--all"])
    );
}

#[test]
fn a_database_in_use_is_refused_and_left_alone() {
    let env = Env::new();
    let db = env.db("used.db");
    env.generate(&db, 120, None);
    let before = env.list(&db, &["request", "list", "--all"]);
    let out = env
        .cmd(&db)
        .args(["demo-data", "--pupils", "120"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already holds data") && err.contains("used.db"),
        "{err}"
    );
    assert_eq!(env.list(&db, &["request", "list", "--all"]), before);
    assert_eq!(env.list(&db, &["pupil", "list"]).len(), 120);

    // One request typed in by hand is enough to refuse.
    let db = env.db("one.db");
    env.cmd(&db)
        .args(["request", "add", "--kind", "access", "--requester", "Sanne"])
        .assert()
        .success();
    env.cmd(&db)
        .args(["demo-data", "--pupils", "120"])
        .assert()
        .code(1);
    assert_eq!(env.list(&db, &["request", "list", "--all"]).len(), 1);
    assert!(env.list(&db, &["pupil", "list"]).is_empty());
}

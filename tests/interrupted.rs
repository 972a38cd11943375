//! Whole-file commands interrupted mid-way (issue 15 §3): Ctrl-C (SIGINT), `kill` (SIGTERM) or
//! a hang-up leave no temporary file behind, and the database as it was; what SIGKILL leaves is
//! swept on the next run, which says so; no core dump can be written while a key is held.
//!
//! The commands run as real child processes on a board large enough (`demo-data`) that each
//! takes a while; the test waits until the temporary file is there (a condition), then sends
//! the signal.

mod common;

use common::cli::{fails_with, Env};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";

/// A board whose database (about 35 MB) takes seconds to encrypt, copy or check.
const PUPILS: &str = "2000";

fn big_board() -> Env {
    let env = Env::with_clock(NOW, USER);
    env.cmd()
        .args(["demo-data", "--pupils", PUPILS])
        .assert()
        .success();
    env
}

/// `avgdesk --config .. --db .. ARGS` as a child process that may write a core dump (its soft
/// core limit raised to the hard one): only avgdesk itself can forbid it.
fn spawn(env: &Env, args: &[&str]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_avgdesk"));
    cmd.env("AVGDESK_NOW", NOW)
        .env("AVGDESK_USER", USER)
        .env_remove("AVGDESK_DB")
        .env_remove("AVGDESK_KEY_FILE")
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&env.db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: getrlimit/setrlimit are async-signal-safe and touch only the child.
    unsafe {
        cmd.pre_exec(|| {
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::getrlimit(libc::RLIMIT_CORE, &mut limit);
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
            Ok(())
        });
    }
    cmd.spawn().unwrap()
}

/// Names in `dir` that an interrupted command must not leave: temporary files and SQLite
/// companions of them.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    v.sort();
    v
}

/// The soft core-file limit of process `pid` as /proc shows it ("0", "unlimited", ...).
fn core_limit(pid: u32) -> String {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap()
        .to_string();
    line["Max core file size".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// What happened to a child sent a signal once its temporary file appeared.
struct Interrupted {
    status: ExitStatus,
    /// The child's soft core limit while it held the key and wrote its temporary file.
    core_limit: String,
}

/// Runs `args`, waits until a temporary file of `target_name` appears in the test's folder,
/// sends `signal` and waits for the end. `None` when the command finished before the signal
/// landed (it was too quick: the caller tries again).
fn interrupt(env: &Env, args: &[&str], target_name: &str, signal: i32) -> Option<Interrupted> {
    let prefix = format!(".{target_name}.");
    let mut child = spawn(env, args);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let seen = leftovers(env.dir.path())
            .iter()
            .any(|n| n.starts_with(&prefix) && n.ends_with(".tmp"));
        if seen {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{args:?} ended ({status}) before its temporary file appeared");
        }
        assert!(Instant::now() < deadline, "{args:?}: no temporary file");
        std::thread::sleep(Duration::from_millis(1));
    }
    let core_limit = core_limit(child.id());
    // SAFETY: kill with the pid of our own child, which has not been waited for yet.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let status = child.wait().unwrap();
    if status.success() {
        return None;
    }
    Some(Interrupted { status, core_limit })
}

/// [`interrupt`] until the signal lands while the command works (at most five tries; `undo`
/// puts back what a finished run changed).
fn interrupt_mid_way(
    env: &Env,
    args: &[&str],
    target_name: &str,
    signal: i32,
    undo: impl Fn(),
) -> Interrupted {
    for _ in 0..5 {
        if let Some(done) = interrupt(env, args, target_name, signal) {
            return done;
        }
        undo();
    }
    panic!("{args:?} always finished before the signal");
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn assert_killed_by(done: &Interrupted, signal: i32, what: &str) {
    assert_eq!(
        done.status.signal(),
        Some(signal),
        "{what}: ended by the signal's default action, not {}",
        done.status
    );
}

#[test]
fn interrupted_backup_and_encrypt_leave_nothing_and_the_database_as_it_was() {
    let env = big_board();
    let info_before = env.json(&["info"]);
    let backup = env.path("b.db");

    let done = interrupt_mid_way(
        &env,
        &["backup", path_str(&backup)],
        "b.db",
        libc::SIGINT,
        || std::fs::remove_file(&backup).unwrap(),
    );
    assert_killed_by(&done, libc::SIGINT, "backup");
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new(), "backup");
    assert!(!backup.exists(), "a half backup was left");

    let key = env.key_file("k", "correct horse", 0o600);
    let done = interrupt(
        &env,
        &["encrypt", "--new-key-file", path_str(&key)],
        "avgdesk.db",
        libc::SIGTERM,
    )
    .expect("encrypt finished before the signal");
    assert_killed_by(&done, libc::SIGTERM, "encrypt");
    assert_eq!(
        done.core_limit, "0",
        "encrypt could write a core dump holding the passphrase"
    );
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new(), "encrypt");
    assert!(bytes(&env.db).starts_with(b"SQLite format 3\0"));
    let info = env.json(&["info"]);
    assert_eq!(info["encrypted"], false);
    assert_eq!(info["counts"], info_before["counts"]);
}

#[test]
fn interrupted_rekey_decrypt_and_restore_leave_nothing_and_kill_9_is_swept_next_time() {
    let env = big_board();
    let key = env.key_file("k", "correct horse", 0o600);
    let new_key = env.key_file("k2", "battery staple", 0o600);
    let with_key = |args: &[&str]| -> Vec<String> {
        let mut v = vec!["--key-file".to_string(), path_str(&key).to_string()];
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    env.cmd()
        .args(["encrypt", "--new-key-file", path_str(&key)])
        .assert()
        .success();
    let backup = env.path("b.db");
    env.cmd()
        .args(with_key(&["backup", path_str(&backup)]))
        .assert()
        .success();
    let info_args = with_key(&["info"]);
    let info_args: Vec<&str> = info_args.iter().map(String::as_str).collect();
    let info_before = env.json(&info_args);
    let plain = env.path("plain.db");

    let args = with_key(&["rekey", "--new-key-file", path_str(&new_key)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let done = interrupt(&env, &args, "avgdesk.db", libc::SIGINT).expect("rekey too quick");
    assert_killed_by(&done, libc::SIGINT, "rekey");
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new(), "rekey");

    let args = with_key(&["decrypt", "--out", path_str(&plain)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let done = interrupt(&env, &args, "plain.db", libc::SIGINT).expect("decrypt too quick");
    assert_killed_by(&done, libc::SIGINT, "decrypt");
    assert_eq!(
        done.core_limit, "0",
        "decrypt could write a core dump holding the passphrase"
    );
    assert_eq!(
        leftovers(env.dir.path()),
        Vec::<String>::new(),
        "decrypt left a plain copy"
    );
    assert!(!plain.exists());

    let args = with_key(&["restore", path_str(&backup)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let done = interrupt(&env, &args, "avgdesk.db", libc::SIGHUP).expect("restore too quick");
    assert_killed_by(&done, libc::SIGHUP, "restore");
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new(), "restore");
    // The old passphrase still opens the database, which holds what it held.
    assert_eq!(env.json(&info_args)["counts"], info_before["counts"]);

    // SIGKILL cannot be caught: the plain copy being written stays, until the next decrypt to
    // that file sweeps it and says so.
    let args = with_key(&["decrypt", "--out", path_str(&plain)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    interrupt(&env, &args, "plain.db", libc::SIGKILL).expect("decrypt too quick");
    let left = leftovers(env.dir.path());
    assert!(
        left.iter().any(|n| n.starts_with(".plain.db.")),
        "SIGKILL was caught? {left:?}"
    );
    let out = env
        .cmd()
        .args(with_key(&["decrypt", "--out", path_str(&plain)]))
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in &left {
        assert!(stderr.contains(name.as_str()), "{name} not named: {stderr}");
    }
    assert!(
        stderr.contains("left by an interrupted avgdesk"),
        "{stderr}"
    );
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new());
    std::fs::remove_file(&plain).unwrap();

    // The same for the database's own folder: any next run sweeps it. A temporary file that a
    // running avgdesk holds is never swept.
    let args = with_key(&["rekey", "--new-key-file", path_str(&new_key)]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    interrupt(&env, &args, "avgdesk.db", libc::SIGKILL).expect("rekey too quick");
    let left = leftovers(env.dir.path());
    assert!(!left.is_empty());
    let stderr = fails_with(
        env.cmd().args(with_key(&[
            "backup",
            "verify",
            path_str(&env.path("none.db")),
        ])),
        1,
    );
    for name in &left {
        assert!(stderr.contains(name.as_str()), "{name} not named: {stderr}");
    }
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new());
    // The records are as they were; the audit trail has one row more: the decrypt that
    // completed is recorded (the interrupted commands wrote nothing).
    let counts = env.json(&info_args)["counts"].clone();
    let mut expected = info_before["counts"].clone();
    expected["audit"] = serde_json::json!(expected["audit"].as_i64().unwrap() + 1);
    assert_eq!(counts, expected);
}

#[test]
fn a_running_commands_temporary_file_is_not_swept_by_another_avgdesk() {
    let env = big_board();
    let key = env.key_file("k", "correct horse", 0o600);
    let mut child = spawn(&env, &["encrypt", "--new-key-file", path_str(&key)]);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if leftovers(env.dir.path())
            .iter()
            .any(|n| n.starts_with(".avgdesk.db.") && n.ends_with(".tmp"))
        {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "encrypt ended early");
        assert!(Instant::now() < deadline, "no temporary file");
        std::thread::sleep(Duration::from_millis(1));
    }
    // Another avgdesk starts meanwhile (a file command that does not wait for the database).
    let out = env
        .cmd()
        .args(["backup", "verify", path_str(&env.path("none.db"))])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("removed"),
        "{out:?}"
    );
    // Had its temporary file been removed, encrypt could not check and place its copy.
    assert!(child.wait().unwrap().success(), "encrypt failed");
    assert_eq!(leftovers(env.dir.path()), Vec::<String>::new());
    let info = env.json(&["--key-file", path_str(&key), "info"]);
    assert_eq!(info["encrypted"], true);
    assert_eq!(info["counts"]["pupils"], 2000);
}

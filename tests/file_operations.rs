//! File operations that leave nothing behind (issue 15 §3): `decrypt --out` never onto the live
//! database and never over a pipe or a folder; passphrases never in SQL text and key files
//! refused in words; a plain backup never un-encrypts a database; a backup missing part of its
//! schema fails its check; pipes, devices and folders refused at once, oversized input refused;
//! a template looping without end stopped. (Interrupted commands: tests/interrupted.rs.)

mod common;

use common::cli::{fails_with, Env};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";

/// Far more than any refusal takes; only a command that waits on a pipe forever reaches it.
const NO_HANG: Duration = Duration::from_secs(30);

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn add_request(env: &Env, db: &Path, requester: &str, extra: &[&str]) {
    env.cmd_on(db)
        .args(extra)
        .args(["request", "add", "--kind", "access"])
        .args(["--requester", requester])
        .args(["--received", "2026-11-02", "--pupil", "Daan de Vries"])
        .assert()
        .success();
}

fn requesters(env: &Env, db: &Path, extra: &[&str]) -> Vec<String> {
    let out = env
        .cmd_on(db)
        .args(extra)
        .args(["request", "list", "--all", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Value = serde_json::from_slice(&out).unwrap();
    let mut v: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requester"]["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(s(path)).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_fifo()
}

fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// A private key file holding exactly `bytes`.
fn raw_key_file(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = env.path(name);
    std::fs::write(&p, bytes).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p
}

/// An encrypted database with two requests; returns the key file.
fn encrypted(env: &Env) -> PathBuf {
    let key = env.key_file("k", "correct horse", 0o600);
    add_request(
        env,
        &env.db,
        "Sanne de Vries",
        &["--encrypt", "--key-file", s(&key)],
    );
    add_request(env, &env.db, "Mohamed El Amrani", &["--key-file", s(&key)]);
    key
}

#[test]
fn decrypt_onto_the_live_database_or_its_companions_is_refused_under_any_name() {
    let env = env();
    let key = encrypted(&env);
    let k = ["--key-file", s(&key)];
    // Another name for the same folder, and a second name (hard link) for the file itself.
    let sub = env.path("sub");
    std::fs::create_dir(&sub).unwrap();
    let roundabout = sub.join("..").join("avgdesk.db");
    let hard_link = env.path("second-name.db");
    std::fs::hard_link(&env.db, &hard_link).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    for out in [
        env.db.clone(),
        roundabout,
        companion(&env.db, "-wal"),
        companion(&env.db, "-shm"),
        companion(&env.db, "-journal"),
        hard_link,
    ] {
        for force in [false, true] {
            let mut cmd = env.cmd();
            cmd.args(k).args(["decrypt", "--out", s(&out)]);
            if force {
                cmd.arg("--force");
            }
            let err = fails_with(&mut cmd, 1);
            if out.exists() && !force {
                // Without --force an existing file is refused anyway.
                assert!(
                    err.contains("is the database itself") || err.contains("already exists"),
                    "{out:?}: {err}"
                );
            } else {
                assert!(err.contains("is the database itself"), "{out:?}: {err}");
            }
        }
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert_eq!(
        requesters(&env, &env.db, &k),
        ["Mohamed El Amrani", "Sanne de Vries"]
    );
}

#[test]
fn decrypt_takes_the_database_for_itself_as_encrypt_does() {
    let env = env();
    let key = encrypted(&env);
    let plain = env.path("plain.db");
    {
        let k = avgdesk::store::Key::new("correct horse".into());
        // Read before opening: closing any descriptor of the file drops this process's locks.
        let _ = std::fs::read(&env.db).unwrap();
        let _other = avgdesk::store::Store::open_with(
            &env.db,
            "other",
            &avgdesk::store::OpenOptions::with_key(k),
        )
        .unwrap();
        let err = fails_with(
            env.cmd()
                .args(["--key-file", s(&key)])
                .args(["decrypt", "--out", s(&plain)]),
            1,
        );
        assert!(err.contains("is open in another avgdesk"), "{err}");
        assert!(!plain.exists());
    }
    env.cmd()
        .args(["--key-file", s(&key)])
        .args(["decrypt", "--out", s(&plain)])
        .assert()
        .success();
    assert_eq!(
        requesters(&env, &plain, &[]),
        ["Mohamed El Amrani", "Sanne de Vries"]
    );
}

#[test]
fn force_replaces_only_a_regular_file_never_a_pipe_or_a_folder() {
    let env = env();
    let key = encrypted(&env);
    let pipe = env.path("pipe");
    mkfifo(&pipe);
    let folder = env.path("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside"), b"keep").unwrap();
    for out in [&pipe, &folder] {
        let err = fails_with(
            env.cmd()
                .args(["--key-file", s(&key)])
                .args(["decrypt", "--force", "--out", s(out)])
                .timeout(NO_HANG),
            1,
        );
        assert!(err.contains("not a regular file"), "{err}");
    }
    assert!(is_fifo(&pipe), "the pipe was replaced");
    assert_eq!(std::fs::read(folder.join("inside")).unwrap(), b"keep");
    let left: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_key_file_with_a_nul_a_carriage_return_or_two_lines_is_refused_and_never_echoed() {
    let env = env();
    add_request(&env, &env.db, "Sanne de Vries", &[]);
    let before = std::fs::read(&env.db).unwrap();
    for (name, bytes, says) in [
        ("nul.key", &b"Geheim\0Leak\n"[..], "a NUL byte"),
        ("crlf.key", &b"GeheimLeak\r\n"[..], "carriage return"),
        ("lines.key", &b"Geheim\nLeak\n"[..], "more than one line"),
    ] {
        let file = raw_key_file(&env, name, bytes);
        let err = fails_with(env.cmd().args(["encrypt", "--new-key-file", s(&file)]), 1);
        assert!(err.contains(says), "{name}: {err}");
        assert!(err.contains("one line of text"), "{name}: {err}");
        assert!(!err.contains("Leak") && !err.contains("Geheim"), "{err}");
        assert_eq!(std::fs::read(&env.db).unwrap(), before, "{name}");
    }
    // A key file that is a pipe is refused at once.
    let pipe = env.path("key.pipe");
    mkfifo(&pipe);
    let err = fails_with(
        env.cmd()
            .args(["encrypt", "--new-key-file", s(&pipe)])
            .timeout(NO_HANG),
        1,
    );
    assert!(err.contains("named pipe"), "{err}");
}

#[test]
fn a_passphrase_never_goes_into_sql_any_byte_is_part_of_it() {
    use avgdesk::store::{Key, OpenOptions, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    // A quote and a NUL byte were SQL text before: the NUL stopped the statement with an
    // error that printed the passphrase.
    let key = || Key::new("Geh'eim\0Leak".into());
    {
        let store = Store::open_with(&db, "t", &OpenOptions::with_key(key())).unwrap();
        assert!(store.encrypted());
    }
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    Store::open_with(&db, "t", &OpenOptions::with_key(key())).unwrap();
    // Only the whole passphrase opens it; the error names no part of it.
    for wrong in ["Geh'eim", "Geh'eim\0Lea", "Geh'eim\0Leak "] {
        let e = Store::open_with(&db, "t", &OpenOptions::with_key(Key::new(wrong.into())))
            .err()
            .expect("a wrong passphrase opened the database");
        let msg = format!("{e} {e:?}");
        assert!(msg.contains("wrong passphrase"), "{msg}");
        assert!(!msg.contains("eim") && !msg.contains("Leak"), "{msg}");
    }
}

#[test]
fn a_database_keyed_with_the_old_pragma_still_opens_and_the_other_way_round() {
    let env = env();
    let plain = env.path("plain.db");
    add_request(&env, &plain, "Sanne de Vries", &[]);
    let passphrase = "It's geheim – ü";
    let key = env.key_file("k", passphrase, 0o600);
    let old = env.path("old.db");
    {
        // What avgdesk did before: the passphrase quoted into `PRAGMA key`.
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = '{}';",
            passphrase.replace('\'', "''")
        ))
        .unwrap();
        conn.execute("ATTACH DATABASE ?1 AS plain KEY ''", [s(&plain)])
            .unwrap();
        conn.query_row("SELECT sqlcipher_export('main', 'plain')", [], |_| Ok(()))
            .unwrap();
        let version: i64 = conn
            .query_row("PRAGMA plain.user_version", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch(&format!("PRAGMA main.user_version = {version}"))
            .unwrap();
    }
    assert_eq!(
        requesters(&env, &old, &["--key-file", s(&key)]),
        ["Sanne de Vries"]
    );
    // A database encrypted now opens with the old statement too.
    env.cmd_on(&plain)
        .args(["encrypt", "--new-key-file", s(&key)])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&plain).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = '{}';",
        passphrase.replace('\'', "''")
    ))
    .unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_plain_backup_restored_over_an_encrypted_database_is_encrypted_with_its_passphrase() {
    let env = env();
    let key = encrypted(&env);
    let k = ["--key-file", s(&key)];
    let plain_db = env.path("plain.db");
    add_request(&env, &plain_db, "Uit de backup", &[]);
    let plain_backup = env.path("plain-backup.db");
    env.cmd_on(&plain_db)
        .args(["backup", s(&plain_backup)])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(k)
        .args(["restore", s(&plain_backup), "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let outcome: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(outcome["report"]["encrypted"], false, "{outcome:#}");
    assert_eq!(outcome["encrypted"], true, "{outcome:#}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is encrypted with the database's passphrase"),
        "{stderr}"
    );
    let bytes = std::fs::read(&env.db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"), "restored plain");
    assert!(!bytes.windows(4).any(|w| w == b"Daan"), "a name in clear");
    assert_eq!(requesters(&env, &env.db, &k), ["Uit de backup"]);
    let info = env.json(&["--key-file", s(&key), "info"]);
    assert_eq!(info["encrypted"], true);
    // Without the passphrase it does not open.
    let err = fails_with(env.cmd().args(["request", "list"]), 1);
    assert!(err.contains("encrypted"), "{err}");
    let left: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A backup of the test's database, changed afterwards with `sql` behind avgdesk's back.
fn tampered_backup(env: &Env, name: &str, sql: &str) -> PathBuf {
    let backup = env.path(name);
    env.cmd().args(["backup", s(&backup)]).assert().success();
    let conn = rusqlite::Connection::open(&backup).unwrap();
    conn.execute_batch(sql).unwrap();
    backup
}

#[test]
fn a_backup_missing_part_of_its_schema_fails_verify_and_is_not_restored() {
    let env = env();
    add_request(&env, &env.db, "Sanne de Vries", &[]);
    let cases = [
        (
            "no-table.db",
            "DROP TABLE intake_mailbox;",
            "the table 'intake_mailbox' is missing",
        ),
        (
            "no-trigger.db",
            "DROP TRIGGER consent_no_delete;",
            "the trigger 'consent_no_delete' is missing",
        ),
        (
            "no-index.db",
            "DROP INDEX requests_status;",
            "the index 'requests_status' is missing",
        ),
        (
            "own-trigger.db",
            "CREATE TRIGGER wipe AFTER INSERT ON requests BEGIN DELETE FROM request_notes; END;",
            "a trigger 'wipe' that avgdesk does not make",
        ),
    ];
    let good = env.path("good.db");
    env.cmd().args(["backup", s(&good)]).assert().success();
    env.cmd()
        .args(["backup", "verify", s(&good)])
        .assert()
        .success();
    for (name, sql, fault) in cases {
        let backup = tampered_backup(&env, name, sql);
        // Taking the backup wrote its audit row into the database: compare from here on.
        let before = std::fs::read(&env.db).unwrap();
        let out = env
            .cmd()
            .args(["backup", "verify", s(&backup), "--json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let report: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(report["ok"], false, "{name}");
        let faults = report["faults"].to_string();
        assert!(faults.contains(fault), "{name}: {faults}");
        let err = fails_with(env.cmd().args(["restore", s(&backup)]), 1);
        assert!(err.contains("did not pass its check"), "{name}: {err}");
        assert_eq!(std::fs::read(&env.db).unwrap(), before, "{name}");
    }
}

#[test]
fn a_pipe_or_a_folder_as_database_config_or_input_is_refused_at_once() {
    let env = env();
    let pipe = env.path("pipe");
    mkfifo(&pipe);
    let folder = env.path("folder");
    std::fs::create_dir(&folder).unwrap();
    for (what, path) in [("named pipe", &pipe), ("folder", &folder)] {
        // --db, for a session command and for a whole-file command.
        for args in [&["request", "list"][..], &["info"][..], &["encrypt"][..]] {
            let err = fails_with(env.cmd_on(path).args(args).timeout(NO_HANG), 1);
            assert!(err.contains(what), "--db {args:?}: {err}");
        }
        // --config.
        let err = fails_with(
            common::cli::bare_cmd(NOW, USER)
                .args(["--config", s(path), "--db", s(&env.db), "request", "list"])
                .timeout(NO_HANG),
            1,
        );
        assert!(err.contains(what), "--config: {err}");
        // The pupil list and the e-mail.
        let err = fails_with(
            env.cmd()
                .args(["pupil", "import", s(path)])
                .timeout(NO_HANG),
            1,
        );
        assert!(err.contains(what), "pupil import: {err}");
        let err = fails_with(
            env.cmd()
                .args(["intake", s(path), "--print"])
                .timeout(NO_HANG),
            1,
        );
        assert!(err.contains(what), "intake: {err}");
        // A backup to verify or restore.
        for args in [&["backup", "verify"][..], &["restore"][..]] {
            let err = fails_with(env.cmd().args(args).arg(path).timeout(NO_HANG), 1);
            assert!(err.contains(what), "{args:?}: {err}");
        }
    }
    assert!(is_fifo(&pipe));
    // A device where a file is read (never as --db or an output: those are refused the same
    // way, but a regression there would write into /dev).
    let device = Path::new("/dev/zero");
    for args in [
        &["pupil", "import", "/dev/zero"][..],
        &["intake", "/dev/zero", "--print"][..],
        &["encrypt", "--new-key-file", "/dev/zero"][..],
    ] {
        let err = fails_with(env.cmd().args(args).timeout(NO_HANG), 1);
        assert!(err.contains("a device"), "{args:?}: {err}");
    }
    let err = fails_with(
        common::cli::bare_cmd(NOW, USER)
            .args(["--config", s(device), "--db", s(&env.db), "request", "list"])
            .timeout(NO_HANG),
        1,
    );
    assert!(err.contains("a device"), "--config: {err}");
}

#[test]
fn input_past_its_size_limit_is_refused_with_the_limit() {
    let env = env();
    // The e-mail, from standard input or a file: 50 MB at most, refused before any database
    // is created.
    let big = vec![b'a'; 50_000_001];
    let err = fails_with(
        env.cmd()
            .args(["intake", "-", "--print"])
            .write_stdin(big.clone()),
        1,
    );
    assert!(err.contains("larger than 50 MB"), "{err}");
    let file = env.path("big.eml");
    std::fs::write(&file, &big).unwrap();
    let err = fails_with(env.cmd().args(["intake", s(&file), "--print"]), 1);
    assert!(err.contains("larger than 50 MB"), "{err}");
    assert!(!env.db.exists(), "a database was created");
    // The pupil list: 50 MB.
    let err = fails_with(env.cmd().args(["pupil", "import", "-"]).write_stdin(big), 1);
    assert!(err.contains("larger than 50 MB"), "{err}");
    // The config file: 1 MB.
    std::fs::write(&env.config, "#".repeat(1_000_001)).unwrap();
    let err = fails_with(env.cmd().args(["request", "list"]), 1);
    assert!(err.contains("larger than 1 MB"), "{err}");
}

#[test]
fn a_board_template_that_loops_without_end_is_stopped_and_named() {
    let env = env();
    std::fs::write(
        &env.config,
        "signatory = \"A. de Vries\"\n[organisation]\nname = \"Stichting IJsselgraaf\"\n\
         contact_name = \"M. Jansen\"\ncontact_role = \"FG\"\nemail = \"privacy@example.nl\"\n",
    )
    .unwrap();
    add_request(&env, &env.db, "Sanne de Vries", &[]);
    let dir = env.path("templates").join("nl");
    std::fs::create_dir_all(&dir).unwrap();
    let template = dir.join("acknowledgement.txt.j2");
    std::fs::write(
        &template,
        "Beste {{ request.requester.name }},\n\
         {% for a in range(100000) %}{% for b in range(100000) %}.{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let err = fails_with(
        env.cmd()
            .args(["letter", "acknowledgement", "V-2026-0001"])
            .timeout(Duration::from_secs(120)),
        1,
    );
    assert!(err.contains(s(&template)), "{err}");
    assert!(err.contains("ran too long"), "{err}");
    // A template that is a pipe is refused at once.
    std::fs::remove_file(&template).unwrap();
    mkfifo(&template);
    let err = fails_with(
        env.cmd()
            .args(["letter", "acknowledgement", "V-2026-0001"])
            .timeout(NO_HANG),
        1,
    );
    assert!(err.contains("named pipe"), "{err}");
}

//! Backup and restore (issue 9, section 2): `backup FILE` while others write, `backup verify`,
//! `restore` with the old file kept aside, and the refusals (existing target, symbolic link,
//! a database in use, a damaged backup).

mod common;

use common::cli::{fails_with, Env};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

fn add_request(env: &Env, db: &Path, requester: &str, extra: &[&str]) {
    env.cmd_on(db)
        .args(extra)
        .args([
            "request",
            "add",
            "--kind",
            "access",
            "--requester",
            requester,
        ])
        .args(["--received", "2026-11-02", "--pupil", "Daan de Vries"])
        .assert()
        .success();
}

fn ids_in(env: &Env, db: &Path, extra: &[&str]) -> Vec<String> {
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
    let mut ids: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn verify(env: &Env, file: &Path, extra: &[&str]) -> Value {
    let out = env
        .cmd()
        .args(extra)
        .args(["backup", "verify", file.to_str().unwrap(), "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn before_restore_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("avgdesk.db.before-restore-")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn backups_taken_while_another_process_writes_verify_and_restore_whole() {
    let env = env();
    add_request(&env, &env.db, "Eerste", &[]);
    let writes = 12;
    let writer = {
        let db = env.db.clone();
        let config = env.config.clone();
        std::thread::spawn(move || {
            for i in 0..writes {
                common::cli::bare_cmd(NOW, "writer")
                    .arg("--config")
                    .arg(&config)
                    .arg("--db")
                    .arg(&db)
                    .args(["request", "add", "--kind", "access"])
                    .args(["--requester", &format!("Schrijver {i}")])
                    .args(["--received", "2026-11-02"])
                    .assert()
                    .success();
            }
        })
    };
    let mut backups = Vec::new();
    for n in 0..4 {
        let file = env.path(&format!("backup-{n}.db"));
        env.cmd()
            .args(["backup", file.to_str().unwrap()])
            .assert()
            .success();
        backups.push(file);
    }
    writer.join().unwrap();
    let last = env.path("backup-last.db");
    env.cmd()
        .args(["backup", last.to_str().unwrap()])
        .assert()
        .success();
    backups.push(last);

    for (n, file) in backups.iter().enumerate() {
        assert_eq!(
            std::fs::metadata(file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let report = verify(&env, file, &[]);
        assert_eq!(report["ok"], true, "{report}");
        assert_eq!(report["integrity"], serde_json::json!(["ok"]));
        let count = report["counts"]["requests"].as_i64().unwrap() as usize;
        assert!((1..=writes + 1).contains(&count), "{report}");
        assert!(report["audit"]["rows"].as_i64().unwrap() >= count as i64);
        // Restoring it gives exactly the rows it holds: V-2026-0001 up to its count.
        let restored = env.path(&format!("restored-{n}.db"));
        env.cmd_on(&restored)
            .args(["restore", file.to_str().unwrap()])
            .assert()
            .success();
        let expected: Vec<String> = (1..=count).map(|i| format!("V-2026-{i:04}")).collect();
        assert_eq!(ids_in(&env, &restored, &[]), expected, "backup {n}");
    }
    let report = verify(&env, backups.last().unwrap(), &[]);
    assert_eq!(report["counts"]["requests"], writes as i64 + 1);
}

#[test]
fn restore_is_refused_while_the_database_is_open_and_keeps_the_old_file() {
    let env = env();
    add_request(&env, &env.db, "Eerste", &[]);
    let backup = env.path("one.db");
    env.cmd()
        .args(["backup", backup.to_str().unwrap()])
        .assert()
        .success();
    add_request(&env, &env.db, "Tweede", &[]);

    {
        // Another avgdesk (here: this test process) has the database open. (Read the file
        // before: closing any descriptor of it would drop this process's POSIX locks.)
        let before = std::fs::read(&env.db).unwrap();
        let _other = avgdesk::store::Store::open(&env.db, "other").unwrap();
        let err = fails_with(env.cmd().args(["restore", backup.to_str().unwrap()]), 1);
        assert!(err.contains("is open in another avgdesk"), "{err}");
        assert_eq!(std::fs::read(&env.db).unwrap(), before);
        assert!(before_restore_files(env.dir.path()).is_empty());
    }
    assert_eq!(ids_in(&env, &env.db, &[]), ["V-2026-0001", "V-2026-0002"]);

    let out = env
        .cmd()
        .args(["restore", backup.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("avgdesk.db.before-restore-20261123-100000"),
        "{out}"
    );
    assert_eq!(ids_in(&env, &env.db, &[]), ["V-2026-0001"]);
    let kept = before_restore_files(env.dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with("avgdesk.db.before-restore-20261123-100000"));
    assert_eq!(
        ids_in(&env, &kept[0], &[]),
        ["V-2026-0001", "V-2026-0002"],
        "the kept file is the database as it was"
    );

    // A second restore in the same second never writes over the first kept file.
    let first_kept = std::fs::read(&kept[0]).unwrap();
    env.cmd()
        .args(["restore", backup.to_str().unwrap()])
        .assert()
        .success();
    let kept = before_restore_files(env.dir.path());
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), first_kept);
    assert!(kept[1].ends_with("avgdesk.db.before-restore-20261123-100000-2"));
}

#[test]
fn backup_refuses_an_existing_target_and_a_symlink() {
    let env = env();
    add_request(&env, &env.db, "Eerste", &[]);
    let existing = env.path("existing.db");
    std::fs::write(&existing, b"keep me").unwrap();
    let err = fails_with(env.cmd().args(["backup", existing.to_str().unwrap()]), 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");

    let link = env.path("link.db");
    std::os::unix::fs::symlink(&existing, &link).unwrap();
    let err = fails_with(env.cmd().args(["backup", link.to_str().unwrap()]), 1);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");

    let dangling = env.path("dangling.db");
    std::os::unix::fs::symlink(env.path("nowhere.db"), &dangling).unwrap();
    let err = fails_with(env.cmd().args(["backup", dangling.to_str().unwrap()]), 1);
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!env.path("nowhere.db").exists());
    // No temporary file is left behind either.
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_damaged_backup_fails_verify_and_is_not_restored() {
    let env = env();
    for i in 0..30 {
        add_request(&env, &env.db, &format!("Ouder {i}"), &[]);
    }
    let backup = env.path("b.db");
    env.cmd()
        .args(["backup", backup.to_str().unwrap()])
        .assert()
        .success();
    let mut bytes = std::fs::read(&backup).unwrap();
    assert!(bytes.len() >= 3 * 4096, "{}", bytes.len());
    // Overwrite every page after the first (which holds the schema) with rubbish.
    for b in &mut bytes[4096..] {
        *b = 0x5a;
    }
    std::fs::write(&backup, &bytes).unwrap();
    let out = env
        .cmd()
        .args(["backup", "verify", backup.to_str().unwrap()])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("FAULT"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not pass its check"));

    let before = std::fs::read(&env.db).unwrap();
    let err = fails_with(env.cmd().args(["restore", backup.to_str().unwrap()]), 1);
    assert!(err.contains("did not pass its check"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert!(before_restore_files(env.dir.path()).is_empty());
    assert_eq!(ids_in(&env, &env.db, &[]).len(), 30);
}

#[test]
fn an_encrypted_database_gives_an_encrypted_backup() {
    let env = env();
    let key = env.key_file("k", "geheim", 0o600);
    let k = ["--key-file", key.to_str().unwrap()];
    add_request(&env, &env.db, "Eerste", &["--encrypt", k[0], k[1]]);
    add_request(&env, &env.db, "Tweede", &k);
    let backup = env.path("enc-backup.db");
    env.cmd()
        .args(k)
        .args(["backup", backup.to_str().unwrap()])
        .assert()
        .success();
    let bytes = std::fs::read(&backup).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    assert!(!bytes.windows(4).any(|w| w == b"Daan"));
    let report = verify(&env, &backup, &k);
    assert_eq!(report["encrypted"], true);
    assert_eq!(report["counts"]["requests"], 2);
    add_request(&env, &env.db, "Derde", &k);
    env.cmd()
        .args(k)
        .args(["restore", backup.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(ids_in(&env, &env.db, &k), ["V-2026-0001", "V-2026-0002"]);
    // A plain `backup verify` without the key refuses instead of guessing.
    let wrong = env.key_file("wrong", "fout", 0o600);
    let err = fails_with(
        env.cmd()
            .args(["--key-file", wrong.to_str().unwrap()])
            .args(["backup", "verify", backup.to_str().unwrap()]),
        1,
    );
    assert!(
        err.contains("wrong passphrase or not an avgdesk database"),
        "{err}"
    );

    // A plain backup restored over the encrypted database: encrypted with its passphrase, and
    // said.
    let plain_db = env.path("plain.db");
    add_request(&env, &plain_db, "Plain", &[]);
    let plain_backup = env.path("plain-backup.db");
    env.cmd_on(&plain_db)
        .args(["backup", plain_backup.to_str().unwrap()])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(k)
        .args(["restore", plain_backup.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("is encrypted with the database's passphrase"),
        "{out:?}"
    );
    assert!(!std::fs::read(&env.db)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    assert_eq!(ids_in(&env, &env.db, &k), ["V-2026-0001"]);
}

#[test]
fn a_backup_with_a_forged_audit_row_fails_verify_and_is_not_restored() {
    let env = env();
    add_request(&env, &env.db, "Ouder", &[]);
    let backup = env.path("b.db");
    env.cmd()
        .args(["backup", backup.to_str().unwrap()])
        .assert()
        .success();
    let good = verify(&env, &backup, &[]);
    assert_eq!(good["audit"]["intact"], true, "{good:#}");
    assert!(good["audit"]["head"].is_string(), "{good:#}");
    {
        // Someone with write access edits history in the copy behind avgdesk's back.
        let conn = rusqlite::Connection::open(&backup).unwrap();
        conn.execute_batch(
            "DROP TRIGGER IF EXISTS audit_no_update;
             UPDATE audit SET new_value = 'vervalst' WHERE id = (SELECT max(id) FROM audit);",
        )
        .unwrap();
    }
    let out = env
        .cmd()
        .args(["backup", "verify", backup.to_str().unwrap(), "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["audit"]["intact"], false, "{report:#}");
    let faults = report["faults"].to_string();
    assert!(faults.contains("audit trail"), "{faults}");
    let before = std::fs::read(&env.db).unwrap();
    fails_with(env.cmd().args(["restore", backup.to_str().unwrap()]), 1);
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

//! Files written safely (issue 9, §4): exports go through a temporary file and a rename, never
//! over an existing file without `--force`, never through a symbolic link; databases of other
//! programs and of newer avgdesk versions are left byte for byte as they were; a database
//! readable by others is tightened.

mod common;

use common::cli::{fails_with, Env};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "fg.tester";

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

/// A breach to export; returns its id.
fn breach(env: &Env) -> String {
    let v = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-11-20 16:20",
        "--title",
        "Laptop gestolen",
    ]);
    v["id"].as_str().unwrap().to_string()
}

/// Every way of writing a file with `--out`, each with the arguments before `--out`.
fn exports(id: &str) -> Vec<Vec<String>> {
    [
        vec!["breach", "export", id],
        vec!["breach", "export", id, "--format", "json"],
        vec!["breach", "register", "--csv"],
        vec!["breach", "register", "--json"],
        vec!["consent", "export"],
    ]
    .into_iter()
    .map(|a| a.into_iter().map(String::from).collect())
    .collect()
}

/// The names in `dir` that look like a temporary file left behind.
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with(".avgdesk"))
        .collect()
}

#[test]
fn a_symbolic_link_at_out_is_refused_even_with_force_and_its_target_is_untouched() {
    let env = env();
    let id = breach(&env);
    let target = env.path("elsewhere.txt");
    std::fs::write(&target, "belangrijk").unwrap();
    let link = env.path("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    // A dangling link must not create its target either.
    let dangling_target = env.path("created-through-link.txt");
    let dangling = env.path("dangling.txt");
    std::os::unix::fs::symlink(&dangling_target, &dangling).unwrap();
    for args in exports(&id) {
        for force in [false, true] {
            for out in [&link, &dangling] {
                let mut cmd = env.cmd();
                cmd.args(&args).arg("--out").arg(out);
                if force {
                    cmd.arg("--force");
                }
                let err = fails_with(&mut cmd, 1);
                assert!(err.contains("symbolic link"), "{args:?} {force}: {err}");
            }
        }
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "belangrijk");
    assert!(!dangling_target.exists());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(temporary_files(env.dir.path()).is_empty());
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_then_by_a_new_private_file() {
    let env = env();
    let id = breach(&env);
    for (i, args) in exports(&id).into_iter().enumerate() {
        let file = env.path(&format!("export-{i}.txt"));
        std::fs::write(&file, "eerdere export").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = fails_with(env.cmd().args(&args).arg("--out").arg(&file), 1);
        assert!(
            err.contains(&format!(
                "{} exists; use --force to replace it or choose another name",
                file.display()
            )),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "eerdere export");

        // With --force the file is a new inode renamed over the old one: a reader holding the
        // old file still sees the old contents, the name gets the new ones, private.
        let old = std::fs::File::open(&file).unwrap();
        env.cmd()
            .args(&args)
            .arg("--out")
            .arg(&file)
            .arg("--force")
            .assert()
            .success()
            .stdout("");
        let mut before = String::new();
        std::io::Read::read_to_string(&mut &old, &mut before).unwrap();
        assert_eq!(before, "eerdere export", "{args:?} wrote into the old file");
        let now = std::fs::read_to_string(&file).unwrap();
        assert_ne!(now, "eerdere export", "{args:?}");
        assert!(!now.is_empty(), "{args:?}");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{args:?}");
    }
    assert!(temporary_files(env.dir.path()).is_empty());
}

#[test]
fn force_without_out_is_a_usage_error() {
    let env = env();
    let id = breach(&env);
    fails_with(env.cmd().args(["breach", "export", &id, "--force"]), 2);
}

/// `cmd` with its file size limited to `limit` bytes and SIGXFSZ ignored, so a write past the
/// limit fails with EFBIG as on a full disk instead of killing the process.
fn with_file_size_limit(cmd: &mut std::process::Command, limit: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rl = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: limit as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
}

#[test]
fn a_full_disk_during_an_export_leaves_the_earlier_export_intact() {
    let env = env();
    let id = breach(&env);
    let file = env.path("melding.txt");
    env.cmd()
        .args(["breach", "export", &id, "--out"])
        .arg(&file)
        .assert()
        .success();
    let earlier = std::fs::read(&file).unwrap();
    // Now the export grows beyond what the "disk" can take.
    let long = "Lange beschrijving van wat er gebeurde. ".repeat(2_500);
    env.json(&["breach", "update", &id, "--description", &long]);

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_avgdesk"));
    cmd.env("AVGDESK_NOW", NOW)
        .env("AVGDESK_USER", USER)
        .env_remove("AVGDESK_DB")
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&env.db)
        .args(["breach", "export", &id, "--force", "--out"])
        .arg(&file);
    with_file_size_limit(&mut cmd, 64 * 1024);
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), earlier);
    assert!(temporary_files(env.dir.path()).is_empty());
    // Without the limit the same export works: the failure was the full disk.
    env.cmd()
        .args(["breach", "export", &id, "--force", "--out"])
        .arg(&file)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains(&long[..200]));
}

// Databases --------------------------------------------------------------------------------------

/// The path of the database's `-wal`, `-shm` or `-journal` companion.
fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The bytes of the database and its companions (`None` where there is no file).
fn snapshot(db: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|s| std::fs::read(companion(db, s)).ok())
        .collect()
}

/// The latest schema version of this avgdesk, as a fresh database says.
fn latest_version(env: &Env) -> i64 {
    env.stdout(&["request", "list"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Runs a few commands against the database and expects each refused with `message`, the files
/// as they were.
fn refused_unchanged(env: &Env, message: &str) {
    let before = snapshot(&env.db);
    for args in [
        vec!["request", "list"],
        vec!["breach", "list"],
        vec![
            "request",
            "add",
            "--kind",
            "access",
            "--received",
            "2026-11-20",
            "--requester",
            "X",
        ],
    ] {
        let err = env.fails(&args, 1);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("SELECT") && !err.contains("sqlite_"), "{err}");
        assert!(before == snapshot(&env.db), "{args:?} changed the files");
    }
}

#[test]
fn a_database_of_another_program_is_refused_and_left_byte_for_byte() {
    let env = env();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(
            "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ada');
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let msg = format!(
        "{} is a SQLite database of another program; avgdesk leaves it alone",
        env.db.display()
    );
    refused_unchanged(&env, &msg);
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!companion(&env.db, suffix).exists(), "{suffix} left behind");
    }
}

#[test]
fn a_foreign_database_in_wal_mode_with_pending_changes_is_left_alone() {
    let env = env();
    // Another program's WAL database with changes not yet checkpointed: copied while that
    // program still has it open, so the copy has a -wal and no -shm.
    let original = env.path("other.db");
    let conn = rusqlite::Connection::open(&original).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0; CREATE TABLE people (name TEXT);
         INSERT INTO people VALUES ('Ada');",
    )
    .unwrap();
    std::fs::copy(&original, &env.db).unwrap();
    std::fs::copy(companion(&original, "-wal"), companion(&env.db, "-wal")).unwrap();
    drop(conn);
    assert!(!companion(&env.db, "-shm").exists());
    refused_unchanged(&env, "another program");
    assert!(!companion(&env.db, "-shm").exists(), "-shm left behind");
}

#[test]
fn another_programs_mark_is_refused_even_with_tables_named_like_avgdesks() {
    let env = env();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(
            "CREATE TABLE requests (id TEXT); CREATE TABLE audit (id TEXT);
             PRAGMA user_version = 1; PRAGMA application_id = 1234;",
        )
        .unwrap();
    }
    refused_unchanged(&env, "another program");
}

#[test]
fn a_newer_database_and_its_pending_wal_are_left_byte_for_byte() {
    let env = env();
    let newer = latest_version(&env) + 1;
    std::fs::remove_file(&env.db).unwrap();
    // What a newer avgdesk would leave while it still runs (or after a crash): the schema
    // change and data in the WAL, not yet checkpointed.
    let original = env.path("newer.db");
    let conn = rusqlite::Connection::open(&original).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA wal_autocheckpoint = 0; PRAGMA application_id = {};
         CREATE TABLE requests (id TEXT); CREATE TABLE audit (id TEXT);
         CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('hello');
         PRAGMA user_version = {newer};",
        avgdesk::store::APPLICATION_ID
    ))
    .unwrap();
    std::fs::copy(&original, &env.db).unwrap();
    std::fs::copy(companion(&original, "-wal"), companion(&env.db, "-wal")).unwrap();
    drop(conn);
    assert!(std::fs::metadata(companion(&env.db, "-wal")).unwrap().len() > 0);
    refused_unchanged(&env, "written by a newer avgdesk");
    assert!(!companion(&env.db, "-shm").exists(), "-shm left behind");
}

#[test]
fn a_damaged_schema_is_named_in_words() {
    let env = env();
    env.stdout(&["request", "list"]);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("ALTER TABLE requests DROP COLUMN summary;")
            .unwrap();
    }
    let err = env.fails(&["request", "list"], 1);
    assert!(
        err.contains("the table 'requests' is missing a column 'summary'"),
        "{err}"
    );
    assert!(!err.contains("no such column"), "{err}");
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("DROP TABLE request_notes;").unwrap();
    }
    let err = env.fails(&["breach", "list"], 1);
    assert!(err.contains("is missing"), "{err}");
}

#[test]
fn new_and_older_databases_get_avgdesks_mark() {
    let env = env();
    env.stdout(&["request", "list"]);
    let app_id = |db: &Path| -> i32 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(app_id(&env.db), 0x4156_4744);
    // A database from before the mark: avgdesk's tables, a schema version, no mark.
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.pragma_update(None, "application_id", 0).unwrap();
    }
    env.stdout(&["request", "list"]);
    assert_eq!(app_id(&env.db), avgdesk::store::APPLICATION_ID);
    // An empty SQLite file (no tables) may become an avgdesk database.
    let empty = env.path("empty.db");
    rusqlite::Connection::open(&empty)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0; VACUUM;")
        .unwrap();
    common::cli::bare_cmd(NOW, USER)
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&empty)
        .args(["request", "list"])
        .assert()
        .success();
    assert_eq!(app_id(&empty), avgdesk::store::APPLICATION_ID);
}

#[test]
fn a_database_readable_by_others_is_made_private_with_a_notice() {
    let env = env();
    env.stdout(&["request", "list"]);
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .args(["request", "list"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{} was open to others (mode 0644)",
            env.db.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("readable by you only"), "{stderr}");
    let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Once private, nothing more is said.
    let out = env.cmd().args(["request", "list"]).assert().success();
    assert!(out.get_output().stderr.is_empty());
}

#[test]
fn the_app_says_when_it_made_the_database_private() {
    let pty = common::Env::new();
    pty.cli_json(&["request", "list", "--json"]);
    let db = pty.db();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut app = pty.app(120, 30, &[]);
    let screen = app.wait_for("Was leesbaar voor anderen");
    assert!(screen.contains("avgdesk.db"), "{screen}");
    app.quit();
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

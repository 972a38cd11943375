//! Encryption at rest (issue 9, section 1): `encrypt`, `rekey`, `decrypt --out`, key files,
//! `info`, and an encrypted database that holds no readable pupil data. Passphrases always come
//! from key files here, never from a terminal.

mod common;

use common::cli::{fails_with, Env};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";
const PUPIL: &str = "Yasmina El Amrani";

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

fn add_request(env: &Env, extra: &[&str], requester: &str) {
    env.cmd()
        .args(extra)
        .args([
            "request",
            "add",
            "--kind",
            "access",
            "--requester",
            requester,
        ])
        .args(["--pupil", PUPIL, "--received", "2026-11-02"])
        .assert()
        .success();
}

fn hash(path: &Path) -> Vec<u8> {
    // The whole file's bytes are the strongest "unchanged"; the databases here are small.
    std::fs::read(path).unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every byte avgdesk keeps for the database: the file and its -wal, if any.
fn all_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(more) = std::fs::read(PathBuf::from(wal)) {
        bytes.extend(more);
    }
    bytes
}

fn names(rows: &Value) -> Vec<String> {
    let mut v: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requester"]["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn with_key(key: &Path) -> [&str; 2] {
    ["--key-file", key.to_str().unwrap()]
}

#[test]
fn encrypt_open_wrong_key_rekey_decrypt_round_trip() {
    let env = env();
    add_request(&env, &[], "Sanne de Vries");
    add_request(&env, &[], "Mohamed El Amrani");
    assert!(
        contains(&all_bytes(&env.db), PUPIL),
        "plain db holds the name"
    );
    let old = env.key_file("old.key", "correct horse", 0o600);
    let new = env.key_file("new.key", "battery staple", 0o600);
    let wrong = env.key_file("wrong.key", "not it", 0o600);

    let out = env
        .cmd()
        .args(["encrypt", "--new-key-file", old.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("encrypted"));
    let bytes = all_bytes(&env.db);
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    assert!(
        !contains(&bytes, PUPIL),
        "the encrypted file shows a pupil's name"
    );
    for side in ["-wal", "-shm"] {
        let mut p = env.db.as_os_str().to_owned();
        p.push(side);
        assert!(!PathBuf::from(p).exists(), "plain {side} left behind");
    }
    let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // Opens with the key file; every row is there.
    let rows = env.json(&[&with_key(&old)[..], &["request", "list", "--all"]].concat());
    assert_eq!(names(&rows), ["Mohamed El Amrani", "Sanne de Vries"]);

    // A wrong passphrase: the message, exit 1, the file unchanged.
    let before = hash(&env.db);
    let err = fails_with(
        env.cmd()
            .args(with_key(&wrong))
            .args(["request", "list", "--json"]),
        1,
    );
    assert!(
        err.contains("wrong passphrase or not an avgdesk database"),
        "{err}"
    );
    assert_eq!(
        err.lines().count(),
        1,
        "one message, no SQLCipher log: {err}"
    );
    assert_eq!(hash(&env.db), before, "a wrong key changed the file");

    // Rekey: the old key is refused afterwards, the new one works.
    env.cmd()
        .args(with_key(&old))
        .args(["rekey", "--new-key-file", new.to_str().unwrap()])
        .assert()
        .success();
    let err = fails_with(env.cmd().args(with_key(&old)).args(["info"]), 1);
    assert!(err.contains("wrong passphrase"), "{err}");
    let info = env.json(&[&with_key(&new)[..], &["info"]].concat());
    assert_eq!(info["encrypted"], true);
    assert_eq!(info["counts"]["requests"], 2);
    assert!(info["schema_version"].as_i64().unwrap() >= 6);

    // Decrypt to a plain copy with the same rows; refuses an existing file without --force.
    let plain = env.path("plain.db");
    env.cmd()
        .args(with_key(&new))
        .args(["decrypt", "--out", plain.to_str().unwrap()])
        .assert()
        .success();
    assert!(std::fs::read(&plain)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    assert_eq!(
        std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let rows = env
        .cmd_on(&plain)
        .args(["request", "list", "--all", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Value = serde_json::from_slice(&rows).unwrap();
    assert_eq!(names(&rows), ["Mohamed El Amrani", "Sanne de Vries"]);
    let err = fails_with(
        env.cmd()
            .args(with_key(&new))
            .args(["decrypt", "--out", plain.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("already exists"), "{err}");
    env.cmd()
        .args(with_key(&new))
        .args(["decrypt", "--force", "--out", plain.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn key_file_readable_by_others_is_refused() {
    let env = env();
    add_request(&env, &[], "Sanne de Vries");
    let loose = env.key_file("loose.key", "geheim", 0o644);
    let err = fails_with(
        env.cmd()
            .args(["encrypt", "--new-key-file", loose.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("can be read by others"), "{err}");
    assert!(std::fs::read(&env.db)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    // The same for the key of an encrypted database.
    let tight = env.key_file("tight.key", "geheim", 0o600);
    env.cmd()
        .args(["encrypt", "--new-key-file", tight.to_str().unwrap()])
        .assert()
        .success();
    let err = fails_with(env.cmd().args(with_key(&loose)).args(["info"]), 1);
    assert!(err.contains("can be read by others"), "{err}");
    // Through the environment variable too; one trailing newline is not part of the key.
    let out = env
        .cmd()
        .env("AVGDESK_KEY_FILE", &tight)
        .args(["info", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let info: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(info["encrypted"], true);
}

#[test]
fn a_new_database_is_plain_unless_encrypt_is_given() {
    let env = env();
    let key = env.key_file("k", "geheim", 0o600);
    add_request(&env, &[], "Sanne de Vries");
    assert!(std::fs::read(&env.db)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    let info = env.json(&["info"]);
    assert_eq!(info["encrypted"], false);
    assert_eq!(info["counts"]["requests"], 1);
    // --encrypt on an existing plain database is a usage error, not a silent no-op.
    let err = fails_with(
        env.cmd()
            .args(["--encrypt"])
            .args(with_key(&key))
            .args(["request", "list"]),
        2,
    );
    assert!(err.contains("avgdesk encrypt"), "{err}");
    assert!(std::fs::read(&env.db)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));

    let enc = env.path("new.db");
    env.cmd_on(&enc)
        .arg("--encrypt")
        .args(with_key(&key))
        .args([
            "request",
            "add",
            "--kind",
            "access",
            "--requester",
            "Ömer Yılmaz",
        ])
        .args(["--pupil", PUPIL, "--received", "2026-11-02"])
        .assert()
        .success();
    let bytes = all_bytes(&enc);
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    assert!(!contains(&bytes, PUPIL));
    let err = fails_with(
        env.cmd_on(&enc)
            .args(with_key(&env.path("missing.key")))
            .args(["info"]),
        1,
    );
    assert!(err.contains("missing.key"), "{err}");
}

#[test]
fn encrypted_demo_board_holds_no_readable_name_and_help_says_encrypted() {
    use avgdesk::app::Session;
    use avgdesk::clock::Clock;
    use avgdesk::config::Config;
    use avgdesk::i18n::Lang;
    use avgdesk::store::{Key, OpenOptions, Store};
    use avgdesk::ui::theme::Theme;
    use avgdesk::ui::{draw, UiState};

    let dir = tempfile::tempdir().unwrap();
    let screen_of = |path: &Path, key: Option<Key>, lang: Lang| -> (String, Vec<u8>) {
        let store = Store::open_with(path, "tester", &OpenOptions::with_key(key)).unwrap();
        let config = Config {
            lang,
            ..Config::default()
        };
        let mut session = Session::new(store, config, Clock::parse(NOW).unwrap());
        avgdesk::demo::seed(&mut session).unwrap();
        let mut ui = UiState::new(&mut session, Theme::default());
        ui.handle_key(
            crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('?'),
                crossterm::event::KeyModifiers::NONE,
            ),
            &mut session,
        );
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 50)).unwrap();
        terminal.draw(|f| draw::draw(f, &mut ui, &session)).unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        drop(session);
        (screen, all_bytes(path))
    };
    let key = Key::new("correct horse".into());
    let (screen, bytes) = screen_of(&dir.path().join("enc.db"), key, Lang::Nl);
    assert!(screen.contains("Database: versleuteld"), "{screen}");
    assert!(!contains(&bytes, "Yasmina"), "a pupil's name is readable");
    assert!(!contains(&bytes, "El Amrani"));
    let (screen, bytes) = screen_of(&dir.path().join("plain.db"), None, Lang::En);
    assert!(screen.contains("Database: not encrypted"), "{screen}");
    assert!(contains(&bytes, "Yasmina"), "the check would see a name");
}

#[test]
fn encrypt_waits_for_sole_use_and_decrypt_never_follows_a_symlink() {
    let env = env();
    add_request(&env, &[], "Sanne de Vries");
    let key = env.key_file("k", "geheim", 0o600);
    {
        // Read the file before opening: closing any descriptor of it drops this process's locks.
        let before = std::fs::read(&env.db).unwrap();
        let _other = avgdesk::store::Store::open(&env.db, "other").unwrap();
        let err = fails_with(
            env.cmd()
                .args(["encrypt", "--new-key-file", key.to_str().unwrap()]),
            1,
        );
        assert!(err.contains("is open in another avgdesk"), "{err}");
        assert!(before.starts_with(b"SQLite format 3\0"));
    }
    assert!(std::fs::read(&env.db)
        .unwrap()
        .starts_with(b"SQLite format 3\0"));
    env.cmd()
        .args(["encrypt", "--new-key-file", key.to_str().unwrap()])
        .assert()
        .success();

    let target = env.path("elsewhere.db");
    std::fs::write(&target, b"not yours").unwrap();
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for force in [false, true] {
        let mut cmd = env.cmd();
        cmd.args(with_key(&key))
            .args(["decrypt", "--out", link.to_str().unwrap()]);
        if force {
            cmd.arg("--force");
        }
        let err = fails_with(&mut cmd, 1);
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"not yours");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}

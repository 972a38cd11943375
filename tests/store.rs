//! The SQLite store as a user of the library sees it: migrations, refusing files it must not
//! touch, private file modes, two officers on one file, conflicts, the audit trail and
//! round-trips of everything saved on a request.

use avgdesk::domain::calendar::Calendar;
use avgdesk::domain::deadline::Period;
use avgdesk::domain::request::{
    Channel, Decision, Kind, NewRequest, Person, Pupil, Request, Role, Status,
};
use avgdesk::store::{migrations, RequestFilter, Store, StoreError};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(day: &str, hour: u32) -> DateTime<Utc> {
    let day = d(day);
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
}

fn new_request(summary: &str) -> NewRequest {
    NewRequest {
        kind: Kind::Erasure,
        received: d("2026-03-03"),
        channel: Channel::Email,
        requester: Person {
            name: "J. de Vries".into(),
            role: Some(Role::Parent),
            contact: "j.devries@example.nl".into(),
        },
        pupil: Pupil {
            name: "Sanne de Vries".into(),
            birth_date: Some(d("2014-05-17")),
            school: "De Regenboog".into(),
            class: "groep 7".into(),
        },
        summary: summary.into(),
        language: Default::default(),
    }
}

/// A database path inside a fresh temporary folder (kept alive by the returned guard).
fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("avgdesk.sqlite");
    (dir, path)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

// 1. Migrations ---------------------------------------------------------------------------------

#[test]
fn fresh_file_is_migrated_to_the_latest_schema() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, "officer").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    assert_eq!(store.path(), path.as_path());
    assert_eq!(store.user(), "officer");
}

/// A database as avgdesk wrote it at schema version 4, when "encrypted" could not be unknown:
/// every breach started as 'no' (audited as its creation value), and a later change left an
/// audit row with the old value.
fn version_4_database_with_breaches(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &migrations::MIGRATIONS[..4] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 4).unwrap();
    let t = "2026-03-27T15:20:00+00:00";
    let breach = |seq: i64, encrypted: &str| {
        let id = format!("D-2026-{seq:04}");
        conn.execute(
            "INSERT INTO breaches (id, year, seq, title, aware_at, encrypted, status, created_at, updated_at)
             VALUES (?1, 2026, ?2, 'Lek', ?3, ?4, 'open', ?3, ?3)",
            rusqlite::params![id, seq, t, encrypted],
        )
        .unwrap();
        audit(&conn, &id, "created", None, Some("Lek"));
        audit(&conn, &id, "encrypted", None, Some("no"));
        id
    };
    // Started and never answered: the 'no' is only the old default.
    let untouched = breach(1, "no");
    conn.execute(
        "INSERT INTO breach_log (breach_id, at, author, text) VALUES (?1, ?2, 'fg', 'Leraar belt')",
        [&untouched, t],
    )
    .unwrap();
    // Someone answered "yes", then corrected it to "no".
    let corrected = breach(2, "no");
    audit(&conn, &corrected, "encrypted", Some("no"), Some("yes"));
    audit(&conn, &corrected, "encrypted", Some("yes"), Some("no"));
    // Someone answered "yes".
    let yes = breach(3, "yes");
    audit(&conn, &yes, "encrypted", Some("no"), Some("yes"));
}

fn audit(conn: &rusqlite::Connection, id: &str, field: &str, old: Option<&str>, new: Option<&str>) {
    conn.execute(
        "INSERT INTO audit (at, user, entity, record_id, field, old_value, new_value)
         VALUES ('2026-03-27T15:20:00+00:00', 'fg', 'breach', ?1, ?2, ?3, ?4)",
        rusqlite::params![id, field, old, new],
    )
    .unwrap();
}

#[test]
fn migration_5_makes_an_unanswered_encrypted_unknown_and_keeps_answers() {
    let (_dir, path) = temp_db();
    version_4_database_with_breaches(&path);
    let store = Store::open(&path, "officer").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    let untouched = store.breach("D-2026-0001").unwrap();
    assert_eq!(untouched.encrypted, None, "the default 'no' nobody set");
    // The rebuild-free migration keeps the call log (a table rebuild would cascade-delete it).
    assert_eq!(untouched.log.len(), 1);
    assert_eq!(store.breach("D-2026-0002").unwrap().encrypted, Some(false));
    assert_eq!(store.breach("D-2026-0003").unwrap().encrypted, Some(true));
    // The trail keeps its field name, so old and new changes read as one history.
    let trail = store.audit_trail("breach", "D-2026-0002").unwrap();
    assert_eq!(trail.iter().filter(|e| e.field == "encrypted").count(), 3);
    drop(store);

    // Indexes and the audit trail's guards survive.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let objects: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for name in [
        "audit_no_delete",
        "audit_no_update",
        "audit_record",
        "breaches_status",
    ] {
        assert!(
            objects.iter().any(|o| o == name),
            "{name} missing: {objects:?}"
        );
    }
    let err = conn.execute("DELETE FROM audit", []).unwrap_err();
    assert!(err.to_string().contains("never edited"), "{err}");
}

#[test]
fn reopening_keeps_the_schema_and_the_data() {
    let (_dir, path) = temp_db();
    let added = {
        let mut store = Store::open(&path, "officer").unwrap();
        store
            .add_request(
                &new_request("all data about Sanne"),
                "V",
                at("2026-03-04", 9),
            )
            .unwrap()
    };
    assert_eq!(added.id, "V-2026-0001");

    let store = Store::open(&path, "officer").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    let read = store.request(&added.id).unwrap();
    assert_eq!(read, added, "every field survives closing and reopening");
    assert_eq!(read.kind, Kind::Erasure);
    assert_eq!(read.received, d("2026-03-03"));
    assert_eq!(read.requester.role, Some(Role::Parent));
    assert_eq!(read.pupil.birth_date, Some(d("2014-05-17")));
    assert_eq!(read.status, Status::New);
    assert_eq!(read.version, 1);
    // Ids are trimmed on lookup, as typed on a command line.
    assert_eq!(store.request(" V-2026-0001 ").unwrap(), added);
    assert!(matches!(
        store.request("V-2026-0002"),
        Err(StoreError::NotFound(id)) if id == "V-2026-0002"
    ));
}

// 2. A newer schema is refused without touching the file ----------------------------------------

fn assert_newer_schema_refused(path: &Path) {
    let before = std::fs::read(path).unwrap();
    let newer = migrations::latest() + 1;
    match Store::open(path, "officer") {
        Err(StoreError::NewerSchema {
            path: p,
            found,
            supported,
        }) => {
            assert_eq!(p, path);
            assert_eq!(found, newer);
            assert_eq!(supported, migrations::latest());
        }
        Err(other) => panic!("expected NewerSchema, got {other:?}"),
        Ok(_) => panic!("a database of a newer avgdesk was opened"),
    }
    let after = std::fs::read(path).unwrap();
    assert!(before == after, "the file's bytes changed");
    assert!(
        !sidecar(path, "-wal").exists(),
        "a -wal file was left behind"
    );
    assert!(
        !sidecar(path, "-journal").exists(),
        "a -journal file was left behind"
    );
}

#[test]
fn newer_schema_is_refused_and_the_file_left_untouched() {
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('hello');")
            .unwrap();
        conn.pragma_update(None, "user_version", migrations::latest() + 1)
            .unwrap();
        // A newer avgdesk marks its databases as every avgdesk does.
        conn.pragma_update(None, "application_id", avgdesk::store::APPLICATION_ID)
            .unwrap();
    }
    assert_newer_schema_refused(&path);
    assert!(!sidecar(&path, "-shm").exists());

    // The message tells the officer what to do.
    let msg = Store::open(&path, "officer").err().unwrap().to_string();
    assert!(msg.contains("newer avgdesk"), "{msg}");
    assert!(msg.contains("untouched"), "{msg}");
}

#[test]
fn newer_schema_in_wal_mode_is_refused_and_the_file_left_untouched() {
    // What a newer avgdesk would really leave: a WAL database, cleanly closed.
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.execute_batch("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('hello');")
            .unwrap();
        conn.pragma_update(None, "user_version", migrations::latest() + 1)
            .unwrap();
        // A newer avgdesk marks its databases as every avgdesk does.
        conn.pragma_update(None, "application_id", avgdesk::store::APPLICATION_ID)
            .unwrap();
    }
    assert!(!sidecar(&path, "-wal").exists());
    assert_newer_schema_refused(&path);
}

// 3. Not an SQLite file --------------------------------------------------------------------------

#[test]
fn a_file_that_is_not_sqlite_is_refused_with_a_clear_message() {
    let (_dir, path) = temp_db();
    let text = "kind,received\naccess,2026-03-03\n".repeat(20);
    std::fs::write(&path, &text).unwrap();
    match Store::open(&path, "officer") {
        Err(StoreError::Open { path: p, message }) => {
            assert_eq!(p, path);
            assert!(message.contains("not an avgdesk database"), "{message}");
        }
        Err(other) => panic!("expected Open, got {other:?}"),
        Ok(_) => panic!("a text file was opened as a database"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

// 4. File modes ----------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn new_database_and_its_new_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("avgdesk").join("data");
    let path = folder.join("avgdesk.sqlite");
    let mut store = Store::open(&path, "officer").unwrap();
    store
        .add_request(&new_request("x"), "V", at("2026-03-04", 9))
        .unwrap();

    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "database file");
    assert_eq!(mode(&folder), 0o700, "database folder");
    assert_eq!(mode(folder.parent().unwrap()), 0o700, "intermediate folder");
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(&path, suffix);
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{suffix} file");
        }
    }
}

// 5. Two officers on one file --------------------------------------------------------------------

fn add_concurrently(path: &Path, open_in_threads: bool) {
    const THREADS: usize = 2;
    const PER_THREAD: usize = 25;
    let barrier = Arc::new(Barrier::new(THREADS));
    let mut stores: Vec<Option<Store>> = (0..THREADS)
        .map(|i| (!open_in_threads).then(|| Store::open(path, &format!("officer{i}")).unwrap()))
        .collect();
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let store = stores[i].take();
            let path = path.to_path_buf();
            std::thread::spawn(move || -> Result<Vec<String>, String> {
                barrier.wait();
                let mut store = match store {
                    Some(s) => s,
                    None => {
                        Store::open(&path, &format!("officer{i}")).map_err(|e| e.to_string())?
                    }
                };
                let mut ids = Vec::new();
                for n in 0..PER_THREAD {
                    let r = store
                        .add_request(
                            &new_request(&format!("officer{i} #{n}")),
                            "V",
                            at("2026-03-04", 9),
                        )
                        .map_err(|e| e.to_string())?;
                    ids.push(r.id);
                }
                Ok(ids)
            })
        })
        .collect();
    let mut ids: Vec<String> = Vec::new();
    for h in handles {
        match h.join().unwrap() {
            Ok(mine) => ids.extend(mine),
            Err(e) => panic!("a concurrent add failed: {e}"),
        }
    }
    assert_eq!(ids.len(), THREADS * PER_THREAD);
    ids.sort();
    let expected: Vec<String> = (1..=THREADS * PER_THREAD)
        .map(|n| format!("V-2026-{n:04}"))
        .collect();
    assert_eq!(ids, expected, "ids are unique and without gaps");

    let store = Store::open(path, "checker").unwrap();
    let all = store.requests(RequestFilter::default()).unwrap();
    let stored: Vec<String> = all.iter().map(|r| r.id.clone()).collect();
    assert_eq!(stored, expected);
}

#[test]
fn two_stores_on_one_file_add_concurrently() {
    let (_dir, path) = temp_db();
    add_concurrently(&path, false);
}

#[test]
fn two_officers_opening_a_fresh_file_at_once_both_succeed() {
    let (_dir, path) = temp_db();
    add_concurrently(&path, true);
    let store = Store::open(&path, "checker").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
}

#[test]
fn data_version_changes_when_another_store_commits() {
    let (_dir, path) = temp_db();
    let a = Store::open(&path, "anna").unwrap();
    let mut b = Store::open(&path, "bram").unwrap();
    let v = a.data_version().unwrap();
    assert_eq!(a.data_version().unwrap(), v, "stable while nobody writes");
    b.add_request(&new_request("x"), "V", at("2026-03-04", 9))
        .unwrap();
    assert_ne!(a.data_version().unwrap(), v, "Anna sees Bram's commit");
    assert_eq!(a.requests(RequestFilter::default()).unwrap().len(), 1);
}

// 6. Concurrent edits ----------------------------------------------------------------------------

#[test]
fn a_save_based_on_a_stale_copy_is_a_conflict_and_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut a = Store::open(&path, "anna").unwrap();
    let mut b = Store::open(&path, "bram").unwrap();
    let id = a
        .add_request(&new_request("original summary"), "V", at("2026-03-04", 9))
        .unwrap()
        .id;

    let a_before = a.request(&id).unwrap();
    let b_before = b.request(&id).unwrap();
    assert_eq!(a_before, b_before);

    let mut a_after = a_before.clone();
    a_after.summary = "summary by Anna".into();
    let saved = a
        .save_request(&a_before, &a_after, at("2026-03-05", 10))
        .unwrap();
    assert_eq!(saved.summary, "summary by Anna");
    assert_eq!(saved.version, a_before.version + 1);

    let mut b_after = b_before.clone();
    b_after.pupil.class = "groep 8".into();
    b_after.add_recipient("Parnassys").unwrap();
    match b.save_request(&b_before, &b_after, at("2026-03-05", 11)) {
        Err(StoreError::Conflict { id: cid, changes }) => {
            assert_eq!(cid, id);
            let summary = changes
                .iter()
                .find(|c| c.field == "summary")
                .expect("the conflict names the field Anna changed");
            assert_eq!(summary.old.as_deref(), Some("original summary"));
            assert_eq!(summary.new.as_deref(), Some("summary by Anna"));
            assert_eq!(
                changes.len(),
                1,
                "only Anna's change is listed: {changes:?}"
            );
        }
        other => panic!("expected Conflict, got {other:?}"),
    }

    for store in [&a, &b] {
        let now = store.request(&id).unwrap();
        assert_eq!(now.summary, "summary by Anna");
        assert_eq!(now.pupil.class, "groep 7", "Bram's change was not written");
        assert!(
            now.recipients.is_empty(),
            "Bram's recipient was not written"
        );
        assert_eq!(now.version, saved.version);
    }
    let trail = a.audit_trail("request", &id).unwrap();
    assert!(trail.iter().all(|e| e.user != "bram"), "{trail:?}");

    // Based on the fresh copy, Bram's change goes through.
    let fresh = b.request(&id).unwrap();
    let mut b_after = fresh.clone();
    b_after.pupil.class = "groep 8".into();
    let saved = b
        .save_request(&fresh, &b_after, at("2026-03-05", 12))
        .unwrap();
    assert_eq!(saved.pupil.class, "groep 8");
    assert_eq!(saved.summary, "summary by Anna");
}

#[test]
fn saving_without_changes_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path, "anna").unwrap();
    let r = store
        .add_request(&new_request("s"), "V", at("2026-03-04", 9))
        .unwrap();
    let trail_before = store.audit_trail("request", &r.id).unwrap();
    let saved = store
        .save_request(&r, &r.clone(), at("2026-03-05", 9))
        .unwrap();
    assert_eq!(saved, r);
    assert_eq!(store.audit_trail("request", &r.id).unwrap(), trail_before);
}

// 7. Audit trail ---------------------------------------------------------------------------------

#[test]
fn audit_trail_records_who_changed_what_and_cannot_be_edited() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path, "anna").unwrap();
    let added = store
        .add_request(&new_request("all data"), "V", at("2026-03-04", 9))
        .unwrap();
    let id = added.id.clone();

    let mut after = added.clone();
    after
        .extend(
            "many files at three schools",
            d("2026-03-20"),
            Period::Weeks(4),
            &Calendar::default(),
        )
        .unwrap();
    assert_eq!(after.status, Status::InProgress);
    let saved = store
        .save_request(&added, &after, at("2026-03-20", 14))
        .unwrap();
    assert_eq!(saved.extension, after.extension);
    assert_eq!(saved.status, Status::InProgress);

    let note = store
        .add_note(&id, "  phoned the parent  ", at("2026-03-21", 8))
        .unwrap();
    assert_eq!(note.text, "phoned the parent");
    assert_eq!(note.author, "anna");
    assert!(matches!(
        store.add_note(&id, "   ", at("2026-03-21", 8)),
        Err(StoreError::Rule(_))
    ));
    assert!(matches!(
        store.add_note("V-2026-0099", "x", at("2026-03-21", 8)),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.request(&id).unwrap().notes, vec![note]);

    let trail = store.audit_trail("request", &id).unwrap();
    assert!(trail.iter().all(|e| e.user == "anna" && e.record_id == id));
    assert!(trail.iter().all(|e| e.entity == "request"));
    let find = |field: &str| {
        trail
            .iter()
            .find(|e| e.field == field)
            .unwrap_or_else(|| panic!("no audit entry for {field}: {trail:?}"))
    };
    assert_eq!(trail[0].field, "created");
    assert_eq!(find("created").new_value.as_deref(), Some("erasure"));
    assert_eq!(find("summary").new_value.as_deref(), Some("all data"));
    let status = trail.iter().rfind(|e| e.field == "status").unwrap();
    assert_eq!(status.old_value.as_deref(), Some("new"));
    assert_eq!(status.new_value.as_deref(), Some("in_progress"));
    let ext = find("extension_reason");
    assert_eq!(ext.old_value, None);
    assert_eq!(
        ext.new_value.as_deref(),
        Some("many files at three schools")
    );
    let ext_date = find("extension_date");
    assert_eq!(ext_date.new_value.as_deref(), Some("2026-03-20"));
    assert_eq!(ext_date.at, at("2026-03-20", 14).to_rfc3339());
    let note = find("note");
    assert_eq!(note.new_value.as_deref(), Some("phoned the parent"));
    assert_eq!(note.old_value, None);
    assert_eq!(trail.last().unwrap().field, "note", "oldest first");
    drop(store);

    // Behind avgdesk's back the trail still cannot be rewritten.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
            .unwrap()
    };
    let rows = count(&conn);
    assert!(rows >= trail.len() as i64);
    let err = conn
        .execute("UPDATE audit SET user = 'mallory'", [])
        .unwrap_err();
    assert!(err.to_string().contains("never edited"), "{err}");
    let err = conn.execute("DELETE FROM audit", []).unwrap_err();
    assert!(err.to_string().contains("never edited"), "{err}");
    assert_eq!(count(&conn), rows);
    let users: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE user = 'mallory'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(users, 0);
}

// 8. Pauses and recipients -----------------------------------------------------------------------

/// `after` as the store should hand it back: one version on, with the ids the rows got.
fn as_saved(after: &Request, saved: &Request) -> Request {
    let mut expected = after.clone();
    expected.version += 1;
    assert_eq!(expected.pauses.len(), saved.pauses.len());
    for (e, s) in expected.pauses.iter_mut().zip(&saved.pauses) {
        assert!(s.id > 0, "a stored pause has an id");
        e.id = s.id;
    }
    assert_eq!(expected.recipients.len(), saved.recipients.len());
    for (e, s) in expected.recipients.iter_mut().zip(&saved.recipients) {
        assert!(s.id > 0, "a stored recipient has an id");
        e.id = s.id;
    }
    expected
}

fn save_and_check(
    store: &mut Store,
    before: &Request,
    after: &Request,
    now: DateTime<Utc>,
) -> Request {
    let saved = store.save_request(before, after, now).unwrap();
    assert_eq!(saved, as_saved(after, &saved));
    assert_eq!(store.request(&after.id).unwrap(), saved, "read back equal");
    saved
}

#[test]
fn pauses_and_recipients_round_trip() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path, "anna").unwrap();
    let r0 = store
        .add_request(&new_request("erase the photos"), "V", at("2026-03-04", 9))
        .unwrap();

    // Pause for identification.
    let mut r1 = r0.clone();
    r1.pause(d("2026-03-05"), "waiting for identification")
        .unwrap();
    let r1 = save_and_check(&mut store, &r0, &r1, at("2026-03-05", 9));
    assert_eq!(r1.status, Status::Waiting);
    assert_eq!(r1.pauses.len(), 1);
    assert_eq!(r1.pauses[0].to, None);

    // Resume, and record two recipients.
    let mut r2 = r1.clone();
    r2.resume(d("2026-03-12")).unwrap();
    r2.add_recipient("Parnassys").unwrap();
    r2.add_recipient("Schoolfoto BV").unwrap();
    let r2 = save_and_check(&mut store, &r1, &r2, at("2026-03-12", 9));
    assert_eq!(r2.status, Status::InProgress);
    assert_eq!(r2.pauses.len(), 1, "resuming closes the pause, adds none");
    assert_eq!(r2.pauses[0].to, Some(d("2026-03-12")));
    assert_eq!(r2.pauses[0].id, r1.pauses[0].id);
    assert_eq!(r2.recipients.len(), 2);
    assert_eq!(r2.recipients[0].name, "Parnassys");
    assert_eq!(r2.recipients[1].name, "Schoolfoto BV");
    assert!(r2.recipients.iter().all(|r| r.notified_on.is_none()));

    // A second pause, and tick both recipients off.
    let mut r3 = r2.clone();
    r3.pause(d("2026-03-16"), "asked to clarify which photos")
        .unwrap();
    r3.toggle_recipient(0, d("2026-03-16")).unwrap();
    r3.toggle_recipient(1, d("2026-03-16")).unwrap();
    let r3 = save_and_check(&mut store, &r2, &r3, at("2026-03-16", 9));
    assert_eq!(r3.pauses.len(), 2);
    assert_eq!(r3.pauses[1].from, d("2026-03-16"));
    assert_eq!(r3.recipients[0].notified_on, Some(d("2026-03-16")));
    assert_eq!(r3.recipients[1].notified_on, Some(d("2026-03-16")));

    // Toggle one back to pending; deciding ends the open pause.
    let mut r4 = r3.clone();
    r4.toggle_recipient(1, d("2026-03-18")).unwrap();
    r4.decide(Decision::Granted, "", d("2026-03-18")).unwrap();
    let r4 = save_and_check(&mut store, &r3, &r4, at("2026-03-18", 9));
    assert_eq!(r4.recipients[1].notified_on, None);
    assert_eq!(r4.recipients[0].notified_on, Some(d("2026-03-16")));
    assert_eq!(r4.pauses[1].to, Some(d("2026-03-18")));
    assert_eq!(r4.status, Status::Decided);
    assert_eq!(r4.recipients_pending(), 1);

    // The trail shows the list changes too.
    let trail = store.audit_trail("request", &r0.id).unwrap();
    assert!(trail.iter().any(|e| e.field == "pause"
        && e.old_value.is_none()
        && e.new_value
            .as_deref()
            .is_some_and(|v| v.contains("waiting for identification"))));
    assert!(trail
        .iter()
        .any(|e| e.field == "recipient"
            && e.new_value.as_deref() == Some("Parnassys (told 2026-03-16)")));

    // Everything survives reopening.
    drop(store);
    let store = Store::open(&path, "bram").unwrap();
    assert_eq!(store.request(&r0.id).unwrap(), r4);
}

#[test]
fn no_one_as_the_recipients_answer_round_trips_with_who_and_when() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path, "anna").unwrap();
    let r0 = store
        .add_request(&new_request("erase the photos"), "V", at("2026-03-04", 9))
        .unwrap();
    assert_eq!(r0.recipients_none_on, None);

    let mut r1 = r0.clone();
    r1.set_no_recipients(d("2026-03-10")).unwrap();
    let r1 = save_and_check(&mut store, &r0, &r1, at("2026-03-10", 9));
    assert_eq!(r1.recipients_none_on, Some(d("2026-03-10")));
    let trail = store.audit_trail("request", &r0.id).unwrap();
    let answered = trail
        .iter()
        .find(|e| e.field == "recipients_none_on")
        .expect("the answer is in the audit trail");
    assert_eq!(answered.user, "anna");
    assert_eq!(answered.old_value, None);
    assert_eq!(answered.new_value.as_deref(), Some("2026-03-10"));
    assert!(
        answered.at.starts_with("2026-03-10T09:00"),
        "{}",
        answered.at
    );

    // Listing a recipient afterwards withdraws the answer, in the store as in the domain.
    let mut r2 = r1.clone();
    r2.add_recipient("GGD").unwrap();
    let r2 = save_and_check(&mut store, &r1, &r2, at("2026-03-11", 9));
    assert_eq!(r2.recipients_none_on, None);

    drop(store);
    let store = Store::open(&path, "bram").unwrap();
    assert_eq!(store.request(&r0.id).unwrap(), r2);
}

#[test]
fn a_database_one_version_old_gains_the_recipients_answer_and_keeps_its_requests() {
    let (_dir, path) = temp_db();
    // Version 4: before the art. 19 answer (migration 5) was added.
    let previous: i64 = 4;
    {
        // A database as the previous avgdesk left it, with a granted erasure and no recipients.
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &migrations::MIGRATIONS[..previous as usize] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", previous).unwrap();
        conn.execute(
            "INSERT INTO requests (id, year, seq, kind, received, channel, requester_name, \
             decision, decision_reason, decision_date, status, created_at, updated_at) \
             VALUES ('V-2026-0001', 2026, 1, 'erasure', '2026-03-03', 'email', 'J. de Vries', \
             'granted', '', '2026-03-20', 'decided', '2026-03-04T09:00:00+00:00', \
             '2026-03-20T09:00:00+00:00')",
            [],
        )
        .unwrap();
    }

    let mut store = Store::open(&path, "anna").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    let before = store.request("V-2026-0001").unwrap();
    assert_eq!(before.kind, Kind::Erasure);
    assert_eq!(before.recipients_none_on, None);
    assert!(before.recipients_unanswered());

    let mut after = before.clone();
    after.set_no_recipients(d("2026-03-21")).unwrap();
    after.close().unwrap();
    let saved = store
        .save_request(&before, &after, at("2026-03-21", 9))
        .unwrap();
    assert_eq!(saved.status, Status::Closed);
    assert_eq!(saved.recipients_none_on, Some(d("2026-03-21")));
}

// 9. Listing -------------------------------------------------------------------------------------

#[test]
fn closed_requests_are_hidden_unless_asked_for() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path, "anna").unwrap();
    let open = store
        .add_request(&new_request("still open"), "V", at("2026-03-04", 9))
        .unwrap();
    let closing = store
        .add_request(&new_request("to be closed"), "V", at("2026-03-04", 10))
        .unwrap();

    let mut closed = closing.clone();
    closed
        .decide(
            Decision::Refused,
            "legal duty to keep the file",
            d("2026-03-20"),
        )
        .unwrap();
    closed.close().unwrap();
    let closed = store
        .save_request(&closing, &closed, at("2026-03-20", 9))
        .unwrap();
    assert_eq!(closed.status, Status::Closed);

    let ids = |filter: RequestFilter| -> Vec<String> {
        store
            .requests(filter)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(
        ids(RequestFilter {
            include_closed: false
        }),
        vec![open.id.clone()]
    );
    assert_eq!(
        ids(RequestFilter {
            include_closed: true
        }),
        vec![open.id.clone(), closed.id.clone()]
    );
    let all = store
        .requests(RequestFilter {
            include_closed: true,
        })
        .unwrap();
    assert_eq!(all[1], closed);
    assert_eq!(all[0], open);
}

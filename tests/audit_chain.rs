//! The audit trail as a hash chain: a normal database verifies, and every way of rewriting the
//! file behind avgdesk's back (rows inserted, deleted, edited or swapped, a trigger dropped,
//! records and consent answers without their audit row) is found and the row named. The real
//! binary runs `audit verify` and `audit head`; the library opens pre-chain databases, checks
//! the tail as the app does at start-up, and writes from two handles at once.

mod common;

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::store::{migrations, ProblemKind, Store};
use common::cli::Env;
use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;

const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

/// A register in use: two requests (one extended, one with a note), a breach with a log line,
/// pupils and consent answers, all through the real binary.
fn populated() -> Env {
    let env = env();
    let r1 = env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-02",
        "--requester",
        "S. de Vries",
    ]);
    let r1 = r1["id"].as_str().unwrap().to_string();
    env.stdout(&["request", "note", &r1, "called the parent"]);
    env.stdout(&["request", "extend", &r1, "--reason", "complex"]);
    env.json(&[
        "request",
        "add",
        "--kind",
        "erasure",
        "--received",
        "2026-11-10",
        "--requester",
        "J. Bakker",
    ]);
    let b = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-11-22 16:20",
        "--title",
        "Laptop gestolen",
    ]);
    env.stdout(&[
        "breach",
        "log",
        b["id"].as_str().unwrap(),
        "Leraar belt: laptop niet versleuteld",
    ]);
    let csv = env.path("leerlingen.csv");
    std::fs::write(
        &csv,
        "leerlingnummer;roepnaam;achternaam;geboortedatum;groep;school\n\
         1001;Sanne;Vries;2016-05-17;groep 6;De Regenboog\n\
         1002;Ömer;Yilmaz;2016-02-01;groep 6;De Regenboog\n",
    )
    .unwrap();
    env.stdout(&["pupil", "import", csv.to_str().unwrap()]);
    for (pupil, value) in [
        ("1001", "given"),
        ("1002", "refused"),
        ("1001", "withdrawn"),
    ] {
        env.json(&[
            "consent",
            "set",
            "--pupil",
            pupil,
            "--purpose",
            "photo_website",
            "--value",
            value,
            "--by",
            "A. de Vries",
            "--role",
            "parent",
        ]);
    }
    env
}

/// `audit verify --json [extra]`: its exit code and report.
fn verify(env: &Env, extra: &[&str]) -> (i32, Value) {
    let out = env
        .cmd()
        .args(["audit", "verify", "--json"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let code = out.status.code().unwrap();
    // A broken trail says so on stderr too, naming the first problem.
    if code == 1 && !report["problems"].as_array().unwrap().is_empty() {
        assert!(stderr.contains("tampered with"), "{stderr}");
    }
    (code, report)
}

fn problems(report: &Value) -> &Vec<Value> {
    report["problems"].as_array().unwrap()
}

fn kinds(report: &Value) -> Vec<&str> {
    problems(report)
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect()
}

fn db(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Runs `forge` with the append-only triggers dropped, then puts them back exactly as they
/// were: what someone covering their tracks would do.
fn behind_the_triggers(path: &Path, forge: impl FnOnce(&Connection)) {
    let conn = db(path);
    let triggers: Vec<(String, String)> = {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // audit, consent_events and letters_sent: two each.
    assert_eq!(triggers.len(), 6, "{triggers:?}");
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    forge(&conn);
    for (_, sql) in &triggers {
        conn.execute_batch(sql).unwrap();
    }
}

/// The audit row `id`'s entity, record and field.
fn row_of(path: &Path, id: i64) -> (String, String, String) {
    db(path)
        .query_row(
            "SELECT entity, record_id, field FROM audit WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn session(path: &Path) -> Session {
    Session::new(
        Store::open(path, "anna").unwrap(),
        Config::default(),
        Clock::parse(NOW).unwrap(),
    )
}

// 1. An untouched trail ------------------------------------------------------------------------

#[test]
fn a_register_in_use_verifies_and_its_head_is_the_last_row() {
    let env = populated();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["intact"], true);
    let conn = db(&env.db);
    let rows = count(&conn, "SELECT COUNT(*) FROM audit");
    assert!(rows > 15, "{rows}");
    assert_eq!(report["rows"], rows);
    assert_eq!(
        report["sealed_rows"], 0,
        "a new database has nothing to seal"
    );
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM audit WHERE hash IS NULL"),
        0
    );
    let last: String = conn
        .query_row(
            "SELECT lower(hex(hash)) FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(report["head"], last.as_str());

    // `audit head` gives the same hash and the number of rows.
    let head = env.json(&["audit", "head"]);
    assert_eq!(head["head"], last.as_str());
    assert_eq!(head["rows"], rows);
    assert_eq!(head["id"], report["head_id"]);
    let text = env.stdout(&["audit", "head"]);
    assert!(text.starts_with(&format!("{last}\n{rows} rows")), "{text}");
    let text = env.stdout(&["audit", "verify"]);
    assert!(
        text.contains(&format!("audit trail intact: {rows} rows")) && text.contains(&last),
        "{text}"
    );
}

#[test]
fn every_consent_answer_has_its_own_audit_row_holding_the_whole_answer() {
    // [answer id, value, effective, given by, role, method, form version, recorded by, at];
    // pupil and purpose are the row's record and field.
    let env = populated();
    let conn = db(&env.db);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM consent_events"), 3);
    let values: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT new_value FROM audit WHERE entity = 'consent' ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(values.len(), 3);
    let first: Value = serde_json::from_str(&values[0]).unwrap();
    assert_eq!(first.as_array().unwrap().len(), 9, "{first}");
    assert_eq!(first[1], "given");
    assert_eq!(first[3], "A. de Vries");
    assert_eq!(first[4], "parent");
    assert_eq!(first[7], USER);
    let id: i64 = conn
        .query_row(
            "SELECT MIN(id) FROM consent_events WHERE pupil = '1001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(first[0], id);
    let (record, field): (String, String) = conn
        .query_row(
            "SELECT record_id, field FROM audit WHERE entity = 'consent' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((record.as_str(), field.as_str()), ("1001", "photo_website"));
    // The chain columns are bytes: 16 of salt, 32 of each hash.
    let sizes: (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT length(salt), length(value_hash), length(prev_hash), length(hash) FROM audit LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(sizes, (16, 32, 32, 32));
}

#[test]
fn a_generated_board_and_the_demo_verify() {
    // demo-data writes through the bulk loader: its requests, breaches, notes, log lines and
    // every consent answer are chained too.
    let env = env();
    env.stdout(&["demo-data", "--pupils", "60", "--seed", "1"]);
    let conn = db(&env.db);
    let answers = count(&conn, "SELECT COUNT(*) FROM consent_events");
    assert!(answers > 0);
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM audit WHERE entity = 'consent'"),
        answers
    );
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["rows"], count(&conn, "SELECT COUNT(*) FROM audit"));
    // The demo the app opens with (seeded through the session) too.
    let out = common::cli::bare_cmd(NOW, USER)
        .args(["--demo", "--config"])
        .arg(&env.config)
        .args(["audit", "verify", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["intact"], true);
    assert!(report["rows"].as_i64().unwrap() > 10, "{report}");
}

// 2. Forgeries ---------------------------------------------------------------------------------

#[test]
fn a_row_inserted_behind_avgdesks_back_is_named() {
    let env = populated();
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "INSERT INTO audit (at, user, entity, record_id, field, old_value, new_value)
             VALUES ('2026-11-20T09:00:00+00:00', 'fg', 'request', 'V-2026-0001', 'decision', NULL, 'granted')",
            [],
        )
        .unwrap();
    });
    let forged = count(&db(&env.db), "SELECT MAX(id) FROM audit");
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["intact"], false);
    assert_eq!(kinds(&report), ["unlinked"], "{report:#}");
    let p = &problems(&report)[0];
    assert_eq!(p["id"], forged);
    assert_eq!(p["entity"], "request");
    assert_eq!(p["record_id"], "V-2026-0001");
    assert_eq!(p["field"], "decision");
    assert_eq!(p["at"], "2026-11-20T09:00:00+00:00");
    // The text names the row too.
    let out = env.cmd().args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "row {forged} (request V-2026-0001, field decision"
        )),
        "{text}"
    );
}

#[test]
fn a_row_deleted_behind_avgdesks_back_breaks_the_link_of_the_next_row() {
    let env = populated();
    let (victim, next) = (5, 6);
    let next_row = row_of(&env.db, next);
    behind_the_triggers(&env.db, |c| {
        c.execute("DELETE FROM audit WHERE id = ?1", [victim])
            .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    let first = &problems(&report)[0];
    assert_eq!(first["kind"], "broken_link", "{report:#}");
    assert_eq!(first["id"], next);
    assert_eq!(first["entity"], next_row.0.as_str());
    assert_eq!(first["record_id"], next_row.1.as_str());
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains(&format!("does not follow row {}", victim - 1)),
        "{first}"
    );
}

#[test]
fn an_edited_value_is_found_in_its_row() {
    let env = populated();
    let id: i64 = db(&env.db)
        .query_row(
            "SELECT id FROM audit WHERE field = 'note' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "UPDATE audit SET new_value = 'nothing happened' WHERE id = ?1",
            [id],
        )
        .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["changed"], "{report:#}");
    let p = &problems(&report)[0];
    assert_eq!(p["id"], id);
    assert_eq!(p["field"], "note");
    assert!(
        p["message"].as_str().unwrap().contains("value was changed"),
        "{p}"
    );
}

#[test]
fn two_swapped_rows_are_found_at_the_first_of_them() {
    let env = populated();
    behind_the_triggers(&env.db, |c| {
        // Rows 3 and 4 change places: every column but the id moves.
        c.execute_batch(
            "UPDATE audit SET id = -4 WHERE id = 4;
             UPDATE audit SET id = 4 WHERE id = 3;
             UPDATE audit SET id = 3 WHERE id = -4;",
        )
        .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    let first = &problems(&report)[0];
    assert_eq!(first["id"], 3, "{report:#}");
    assert_eq!(first["kind"], "broken_link");
    assert!(kinds(&report)
        .iter()
        .all(|k| *k == "broken_link" || *k == "changed"));
    let ids: Vec<i64> = problems(&report)
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&4) && ids.contains(&5), "{ids:?}");
}

#[test]
fn a_dropped_trigger_alone_fails_the_check() {
    let env = populated();
    db(&env.db)
        .execute_batch("DROP TRIGGER audit_no_delete")
        .unwrap();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["trigger_missing"], "{report:#}");
    assert_eq!(problems(&report)[0]["record_id"], "audit_no_delete");

    // A trigger replaced by one that lets everything through is as bad as none.
    let env = populated();
    db(&env.db)
        .execute_batch(
            "DROP TRIGGER consent_no_update;
             CREATE TRIGGER consent_no_update BEFORE UPDATE ON consent_events
                 WHEN 0 BEGIN SELECT RAISE(ABORT, 'never'); END;",
        )
        .unwrap();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(problems(&report)[0]["record_id"], "consent_no_update");
}

#[test]
fn a_request_inserted_with_sql_has_no_audit_row_and_is_reported() {
    let env = populated();
    db(&env.db)
        .execute(
            "INSERT INTO requests (id, year, seq, kind, received, channel, requester_name, status, created_at, updated_at)
             VALUES ('V-2026-0099', 2026, 99, 'access', '2026-11-01', 'email', 'X', 'open',
                     '2026-11-01T09:00:00+00:00', '2026-11-01T09:00:00+00:00')",
            [],
        )
        .unwrap();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["record_without_audit"], "{report:#}");
    assert_eq!(problems(&report)[0]["record_id"], "V-2026-0099");
    assert_eq!(problems(&report)[0]["entity"], "request");
}

#[test]
fn a_deleted_breach_is_reported_by_its_creation_row() {
    let env = populated();
    db(&env.db)
        .execute("DELETE FROM breaches WHERE id = 'D-2026-0001'", [])
        .unwrap();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["audit_without_record"], "{report:#}");
    assert_eq!(problems(&report)[0]["record_id"], "D-2026-0001");
}

#[test]
fn a_consent_answer_without_its_audit_row_or_changed_afterwards_is_reported() {
    let env = populated();
    db(&env.db)
        .execute(
            "INSERT INTO consent_events (pupil, purpose, value, effective, given_by, role, method, recorded_by, recorded_at)
             VALUES ('1002', 'photo_website', 'given', '2026-11-01', 'Y', 'parent', 'form', 'x', '2026-11-01T09:00:00+00:00')",
            [],
        )
        .unwrap();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["consent_without_audit"], "{report:#}");
    assert_eq!(problems(&report)[0]["record_id"], "1002");

    // An answer turned from refused into given: its audit row no longer matches it.
    let env = populated();
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "UPDATE consent_events SET value = 'given' WHERE pupil = '1002'",
            [],
        )
        .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        kinds(&report),
        ["consent_without_audit", "audit_without_consent"],
        "{report:#}"
    );
    assert_eq!(problems(&report)[1]["record_id"], "1002");
    assert_eq!(problems(&report)[1]["field"], "photo_website");
}

#[test]
fn values_blanked_by_a_purge_keep_the_chain_and_the_answers_verifiable() {
    let env = populated();
    behind_the_triggers(&env.db, |c| {
        c.execute_batch(
            "UPDATE audit SET old_value = NULL, new_value = NULL
              WHERE entity = 'consent' OR field = 'requester_name'",
        )
        .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["blanked_rows"], 3 + 2);
    // The answer is still checked against the blanked row's commitment.
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "UPDATE consent_events SET given_by = 'B. Anders' WHERE pupil = '1002'",
            [],
        )
        .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(problems(&report)[0]["kind"], "consent_without_audit");
}

// 3. --head ------------------------------------------------------------------------------------

#[test]
fn an_old_head_proves_the_trail_up_to_it_and_a_made_up_one_fails() {
    let env = populated();
    let old = env.json(&["audit", "head"]);
    let old_hash = old["head"].as_str().unwrap().to_string();
    env.stdout(&["request", "note", "V-2026-0001", "later note"]);
    let (code, report) = verify(&env, &["--head", &old_hash]);
    assert_eq!(code, 0, "{report:#}");
    let given = &report["given_head"];
    assert_eq!(given["found"], true);
    assert_eq!(given["verified"], true);
    assert_eq!(given["id"], old["id"]);
    assert_ne!(report["head"], old_hash.as_str(), "the chain went on");
    let text = env.stdout(&["audit", "verify", "--head", &old_hash.to_uppercase()]);
    assert!(
        text.contains(&format!("is row {}", old["id"])) && text.contains("nothing up to it"),
        "{text}"
    );

    let made_up = "ab".repeat(32);
    let (code, report) = verify(&env, &["--head", &made_up]);
    assert_eq!(code, 1);
    assert_eq!(report["given_head"]["found"], false);
    assert_eq!(report["intact"], false);
    assert!(problems(&report).is_empty());

    // A dropped trigger fails the check, but says nothing about the rows up to the head.
    let trigger: String = db(&env.db)
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db(&env.db)
        .execute_batch("DROP TRIGGER audit_no_delete")
        .unwrap();
    let (code, report) = verify(&env, &["--head", &old_hash]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["trigger_missing"]);
    assert_eq!(report["given_head"]["verified"], true);
    db(&env.db).execute_batch(&trigger).unwrap();

    // Rewriting a row before the old head: the head is found but no longer verified.
    behind_the_triggers(&env.db, |c| {
        c.execute("UPDATE audit SET user = 'someone' WHERE id = 2", [])
            .unwrap();
    });
    let (code, report) = verify(&env, &["--head", &old_hash]);
    assert_eq!(code, 1);
    assert_eq!(report["given_head"]["verified"], false);

    // Not a hash at all is a usage error.
    let msg = env.fails(&["audit", "verify", "--head", "xyz"], 2);
    assert!(msg.contains("64 hex"), "{msg}");
}

// 4. A database from before the chain ----------------------------------------------------------

/// A database as avgdesk 6 left it: audit rows, a request and consent answers (some recorded in
/// bulk, without an audit row each), no chain.
fn version_6_database(path: &Path) {
    let conn = Connection::open(path).unwrap();
    for sql in &migrations::MIGRATIONS[..6] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 6).unwrap();
    conn.execute_batch(
        "INSERT INTO requests (id, year, seq, kind, received, channel, requester_name, status, created_at, updated_at)
         VALUES ('V-2026-0001', 2026, 1, 'access', '2026-03-03', 'email', 'J. de Vries', 'open',
                 '2026-03-03T09:00:00+00:00', '2026-03-03T09:00:00+00:00');
         INSERT INTO audit (at, user, entity, record_id, field, old_value, new_value) VALUES
           ('2026-03-03T09:00:00+00:00', 'fg', 'request', 'V-2026-0001', 'created', NULL, 'access'),
           ('2026-03-03T09:00:00+00:00', 'fg', 'request', 'V-2026-0001', 'requester_name', NULL, 'J. de Vries'),
           ('2026-03-04T09:00:00+00:00', 'fg', 'consent', 'bulk', 'answers', NULL, '2');
         INSERT INTO pupils (number, first_name, last_name, sort_name, updated_at)
           VALUES ('1001', 'Sanne', 'Vries', 'Vries, Sanne', '2026-03-01T09:00:00+00:00');
         INSERT INTO consent_events (pupil, purpose, value, effective, given_by, role, method, recorded_by, recorded_at) VALUES
           ('1001', 'photo_website', 'given', '2026-03-01', 'A', 'parent', 'form', 'fg', '2026-03-04T09:00:00+00:00'),
           ('1001', 'photo_yearbook', 'refused', '2026-03-01', 'A', 'parent', 'form', 'fg', '2026-03-04T09:00:00+00:00');",
    )
    .unwrap();
}

#[test]
fn a_pre_chain_database_is_sealed_on_opening_and_verifies() {
    let env = env();
    version_6_database(&env.db);
    let store = Store::open(&env.db, "anna").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    // The old rows stay as they were; one seal row starts the chain.
    let conn = db(&env.db);
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM audit WHERE hash IS NULL"),
        3
    );
    let seal: (i64, String, String) = conn
        .query_row(
            "SELECT id, new_value, user FROM audit WHERE hash IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(seal.0, 4);
    assert_eq!(seal.1, "rows=3 last_row=3 last_consent_answer=2");
    assert_eq!(seal.2, "anna");
    let report = store.verify_audit(None).unwrap();
    assert!(report.intact, "{report:#?}");
    assert_eq!(report.sealed_rows, 3);
    // Migration 12 then wrote the request's baseline and the marker after it.
    assert_eq!(report.rows, 6);
    assert_eq!(report.head_id, Some(6));
    let baseline: (String, String, String) = conn
        .query_row(
            "SELECT entity, record_id, field FROM audit WHERE id = 5",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        baseline,
        ("request".into(), "V-2026-0001".into(), "baseline".into())
    );
    // The sealed rows before the chain do not alarm the app at start-up.
    assert_eq!(session(&env.db).check_audit_tail(), None);

    // Opening again seals nothing more; new writes follow the seal.
    drop(store);
    let mut store = Store::open(&env.db, "anna").unwrap();
    store
        .add_note("V-2026-0001", "na de migratie", chrono::Utc::now())
        .unwrap();
    let report = store.verify_audit(None).unwrap();
    assert!(report.intact, "{report:#?}");
    assert_eq!(report.rows, 7);
    drop(store);

    // A sealed row or a sealed consent answer changed later breaks the seal.
    behind_the_triggers(&env.db, |c| {
        c.execute("UPDATE audit SET new_value = 'Anders' WHERE id = 2", [])
            .unwrap();
    });
    let store = Store::open(&env.db, "anna").unwrap();
    let report = store.verify_audit(None).unwrap();
    assert_eq!(report.problems.len(), 1, "{report:#?}");
    assert_eq!(report.problems[0].kind, ProblemKind::SealedBlockChanged);
    assert_eq!(report.problems[0].id, Some(4));
    drop(store);
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "UPDATE audit SET new_value = 'J. de Vries' WHERE id = 2",
            [],
        )
        .unwrap();
        c.execute(
            "UPDATE consent_events SET value = 'given' WHERE purpose = 'photo_yearbook'",
            [],
        )
        .unwrap();
    });
    let store = Store::open(&env.db, "anna").unwrap();
    let report = store.verify_audit(None).unwrap();
    assert_eq!(report.problems.len(), 1, "{report:#?}");
    assert_eq!(report.problems[0].kind, ProblemKind::SealedBlockChanged);
}

#[test]
fn answers_recorded_after_the_seal_need_their_audit_row_and_older_ones_do_not() {
    let env = env();
    version_6_database(&env.db);
    drop(Store::open(&env.db, "anna").unwrap());
    // The sealed answers (ids 1 and 2) had no audit row each and are fine; a new one without
    // its row is not.
    db(&env.db)
        .execute(
            "INSERT INTO consent_events (pupil, purpose, value, effective, given_by, role, method, recorded_by, recorded_at)
             VALUES ('1001', 'photo_website', 'withdrawn', '2026-04-01', 'A', 'parent', 'form', 'fg', '2026-04-01T09:00:00+00:00')",
            [],
        )
        .unwrap();
    let store = Store::open(&env.db, "anna").unwrap();
    let report = store.verify_audit(None).unwrap();
    assert_eq!(report.problems.len(), 1, "{report:#?}");
    assert_eq!(report.problems[0].kind, ProblemKind::ConsentWithoutAudit);
    assert!(report.problems[0].message.contains("#3"), "{report:#?}");
}

// 5. The check at start-up ---------------------------------------------------------------------

#[test]
fn the_apps_tail_check_reports_a_broken_tail_and_names_the_row() {
    let env = populated();
    assert_eq!(session(&env.db).check_audit_tail(), None);
    let last = count(&db(&env.db), "SELECT MAX(id) FROM audit");
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "UPDATE audit SET at = '2026-01-01T00:00:00+00:00' WHERE id = ?1",
            [last - 1],
        )
        .unwrap();
    });
    let problem = session(&env.db).check_audit_tail().unwrap();
    assert_eq!(problem.id, Some(last - 1));
    assert_eq!(problem.kind, ProblemKind::Changed);

    // A dropped trigger is found at start-up too.
    let env = populated();
    db(&env.db)
        .execute_batch("DROP TRIGGER audit_no_update")
        .unwrap();
    let problem = session(&env.db).check_audit_tail().unwrap();
    assert_eq!(problem.kind, ProblemKind::TriggerMissing);

    // And a row appended without a link.
    let env = populated();
    db(&env.db)
        .execute(
            "INSERT INTO audit (at, user, entity, record_id, field) VALUES ('x', 'y', 'request', 'V', 'f')",
            [],
        )
        .unwrap();
    let problem = session(&env.db).check_audit_tail().unwrap();
    assert_eq!(problem.kind, ProblemKind::Unlinked);
}

// 6. Two officers at once ----------------------------------------------------------------------

#[test]
fn two_stores_writing_alternately_keep_one_chain() {
    let env = populated();
    let mut anna = Store::open(&env.db, "anna").unwrap();
    let mut bram = Store::open(&env.db, "bram").unwrap();
    let before = anna.audit_head().unwrap().rows;
    for i in 0..5 {
        let now = chrono::Utc::now();
        anna.add_note("V-2026-0001", &format!("anna {i}"), now)
            .unwrap();
        bram.add_note("V-2026-0002", &format!("bram {i}"), now)
            .unwrap();
    }
    let report = bram.verify_audit(None).unwrap();
    assert!(report.intact, "{report:#?}");
    assert_eq!(report.rows, before + 10);
    assert_eq!(anna.audit_head().unwrap(), bram.audit_head().unwrap());

    // And at the same time, from two threads.
    let path = env.db.clone();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let writers: Vec<_> = ["carla", "daan"]
        .into_iter()
        .map(|who| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&path, who).unwrap();
                barrier.wait();
                for i in 0..10 {
                    store
                        .add_note("V-2026-0001", &format!("{who} {i}"), chrono::Utc::now())
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let report = anna.verify_audit(None).unwrap();
    assert!(report.intact, "{report:#?}");
    assert_eq!(report.rows, before + 30);
}

// 7. The records against their trail ------------------------------------------------------------

/// Appends audit rows with correctly computed salts, commitments and links, as someone who can
/// write the file and knows the format would: the chain itself stays intact.
/// One forged row: time, user, entity, record, field, old value, new value.
type Forged<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
);

fn append_forged(path: &Path, rows: &[Forged<'_>]) {
    use sha2::{Digest, Sha256};
    fn put(h: &mut Sha256, b: &[u8]) {
        h.update((b.len() as u64).to_be_bytes());
        h.update(b);
    }
    fn put_opt(h: &mut Sha256, v: Option<&str>) {
        match v {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                put(h, s.as_bytes());
            }
        }
    }
    let conn = db(path);
    for (at, user, entity, record, field, old, new) in rows {
        let (id, prev): (i64, Vec<u8>) = conn
            .query_row(
                "SELECT id + 1, hash FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let salt = [9u8; 16];
        let mut h = Sha256::new();
        h.update(salt);
        put_opt(&mut h, *old);
        put_opt(&mut h, *new);
        let vh: [u8; 32] = h.finalize().into();
        let mut h = Sha256::new();
        h.update(b"avgdesk audit link v1");
        put(&mut h, &prev);
        put(&mut h, id.to_string().as_bytes());
        for part in [at, user, entity, record, field] {
            put(&mut h, part.as_bytes());
        }
        put(&mut h, &vh);
        let hash: [u8; 32] = h.finalize().into();
        conn.execute(
            "INSERT INTO audit (id, at, user, entity, record_id, field, old_value, new_value, salt, value_hash, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            rusqlite::params![id, at, user, entity, record, field, old, new, &salt[..], &vh[..], prev, &hash[..]],
        )
        .unwrap();
    }
}

/// The one problem of `kind` the report has, or a panic showing the report.
fn the<'a>(report: &'a Value, kind: &str) -> &'a Value {
    let found: Vec<&Value> = problems(report)
        .iter()
        .filter(|p| p["kind"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "one {kind} expected: {report:#}");
    found[0]
}

/// `audit verify` on a tampered file: exit 1, and the problems' kinds.
fn broken(env: &Env) -> Value {
    let (code, report) = verify(env, &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["intact"], false);
    report
}

#[test]
fn a_request_closed_with_sql_differs_from_its_trail() {
    let env = populated();
    db(&env.db)
        .execute(
            "UPDATE requests SET status = 'closed' WHERE id = 'V-2026-0002'",
            [],
        )
        .unwrap();
    let report = broken(&env);
    assert_eq!(kinds(&report), ["record_differs"], "{report:#}");
    let p = the(&report, "record_differs");
    assert_eq!(p["entity"], "request");
    assert_eq!(p["record_id"], "V-2026-0002");
    assert_eq!(p["field"], "status");
    assert_eq!(p["stored"], "closed");
    assert_eq!(p["audited"], "new");
    // The row that set the audited value is named.
    let (entity, record, field) = row_of(&env.db, p["id"].as_i64().unwrap());
    assert_eq!(
        (entity.as_str(), record.as_str(), field.as_str()),
        ("request", "V-2026-0002", "status")
    );
    let out = env.cmd().args(["audit", "verify"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "request V-2026-0002, field status: stored \"closed\", the audit trail says \"new\""
        ),
        "{text}"
    );
}

#[test]
fn a_rewritten_requester_or_summary_is_named_with_both_values() {
    let env = populated();
    db(&env.db)
        .execute_batch(
            "UPDATE requests SET requester_name = 'Someone Else' WHERE id = 'V-2026-0001';
             UPDATE requests SET summary = 'nothing asked' WHERE id = 'V-2026-0002';",
        )
        .unwrap();
    let report = broken(&env);
    let fields: Vec<(&str, &str, &Value, &Value)> = problems(&report)
        .iter()
        .map(|p| {
            (
                p["record_id"].as_str().unwrap(),
                p["field"].as_str().unwrap(),
                &p["stored"],
                &p["audited"],
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "V-2026-0001",
                "requester_name",
                &Value::from("Someone Else"),
                &Value::from("S. de Vries")
            ),
            (
                "V-2026-0002",
                "summary",
                &Value::from("nothing asked"),
                &Value::Null
            ),
        ],
        "{report:#}"
    );
}

#[test]
fn a_decision_changed_to_refused_differs_from_its_trail() {
    let env = populated();
    env.stdout(&["request", "decide", "V-2026-0001", "--decision", "granted"]);
    assert_eq!(verify(&env, &[]).0, 0);
    db(&env.db)
        .execute(
            "UPDATE requests SET decision = 'refused', decision_reason = 'wettelijke plicht' WHERE id = 'V-2026-0001'",
            [],
        )
        .unwrap();
    let report = broken(&env);
    let p = problems(&report)
        .iter()
        .find(|p| p["field"] == "decision")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(p["kind"], "record_differs");
    assert_eq!(
        (&p["stored"], &p["audited"]),
        (&"refused".into(), &"granted".into())
    );
    assert!(kinds(&report).iter().all(|k| *k == "record_differs"));
}

#[test]
fn a_breachs_changed_risk_differs_from_its_trail() {
    let env = populated();
    env.stdout(&[
        "breach",
        "assess",
        "D-2026-0001",
        "--risk",
        "high",
        "--reason",
        "BSN onversleuteld",
    ]);
    assert_eq!(verify(&env, &[]).0, 0);
    db(&env.db)
        .execute(
            "UPDATE breaches SET risk = 'none' WHERE id = 'D-2026-0001'",
            [],
        )
        .unwrap();
    let report = broken(&env);
    let p = the(&report, "record_differs");
    assert_eq!(p["entity"], "breach");
    assert_eq!(p["field"], "risk");
    assert_eq!(
        (&p["stored"], &p["audited"]),
        (&"none".into(), &"high".into())
    );
}

#[test]
fn a_deleted_or_edited_log_line_or_note_is_named() {
    // Deleted: the trail still has it.
    let env = populated();
    db(&env.db)
        .execute_batch("DELETE FROM breach_log; DELETE FROM request_notes;")
        .unwrap();
    let report = broken(&env);
    assert_eq!(
        kinds(&report),
        ["audit_without_row", "audit_without_row"],
        "{report:#}"
    );
    let fields: Vec<(&str, &str)> = problems(&report)
        .iter()
        .map(|p| {
            (
                p["record_id"].as_str().unwrap(),
                p["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(fields, [("V-2026-0001", "note"), ("D-2026-0001", "log")]);
    assert!(problems(&report)[1]["audited"]
        .as_str()
        .unwrap()
        .ends_with("f.jansen: Leraar belt: laptop niet versleuteld"));

    // Edited: stored and audited text side by side.
    let env = populated();
    db(&env.db)
        .execute_batch(
            "UPDATE breach_log SET text = 'Laptop was versleuteld';
             UPDATE request_notes SET author = 'bram';",
        )
        .unwrap();
    let report = broken(&env);
    assert_eq!(
        kinds(&report),
        ["record_differs", "record_differs"],
        "{report:#}"
    );
    let log = &problems(&report)[1];
    assert_eq!(log["field"], "log");
    assert!(log["stored"]
        .as_str()
        .unwrap()
        .ends_with("f.jansen: Laptop was versleuteld"));
    assert!(log["audited"]
        .as_str()
        .unwrap()
        .ends_with("f.jansen: Leraar belt: laptop niet versleuteld"));
    assert!(problems(&report)[0]["stored"]
        .as_str()
        .unwrap()
        .contains(" bram: called the parent"));

    // Added with SQL: a line no audit row records.
    let env = populated();
    db(&env.db)
        .execute(
            "INSERT INTO breach_log (breach_id, at, author, text)
             VALUES ('D-2026-0001', '2026-11-23T09:00:00+00:00', 'f.jansen', 'Alles in orde')",
            [],
        )
        .unwrap();
    let report = broken(&env);
    assert_eq!(the(&report, "row_without_audit")["field"], "log");
}

#[test]
fn the_last_audit_rows_deleted_leave_the_record_ahead_of_its_trail() {
    let env = populated();
    let before = count(&db(&env.db), "SELECT MAX(id) FROM audit");
    env.stdout(&[
        "request",
        "decide",
        "V-2026-0002",
        "--decision",
        "refused",
        "--reason",
        "wettelijke bewaarplicht",
    ]);
    // The decision's rows cut off the end: the chain that is left is intact...
    behind_the_triggers(&env.db, |c| {
        c.execute("DELETE FROM audit WHERE id > ?1", [before])
            .unwrap();
    });
    let report = broken(&env);
    // ...but the request is decided and its trail does not say so.
    assert!(
        kinds(&report).iter().all(|k| *k == "record_differs"),
        "{report:#}"
    );
    let fields: Vec<&str> = problems(&report)
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for f in [
        "decision",
        "decision_reason",
        "decision_date",
        "status",
        "version",
    ] {
        assert!(fields.contains(&f), "{f} missing: {report:#}");
    }
}

#[test]
fn rows_appended_with_correct_hashes_but_dated_before_the_request_are_named() {
    // The forgery of the issue: a refusal on 4 November, before the request was logged on the
    // 23rd, appended with hashes that check, and the request changed to match.
    let env = populated();
    append_forged(
        &env.db,
        &[
            (
                "2026-11-04T09:12:00+00:00",
                "anna",
                "request",
                "V-2026-0002",
                "decision",
                None,
                Some("refused"),
            ),
            (
                "2026-11-04T09:12:00+00:00",
                "anna",
                "request",
                "V-2026-0002",
                "decision_date",
                None,
                Some("2026-11-04"),
            ),
        ],
    );
    db(&env.db)
        .execute(
            "UPDATE requests SET decision = 'refused', decision_date = '2026-11-04' WHERE id = 'V-2026-0002'",
            [],
        )
        .unwrap();
    // The timeline shows the forged refusal...
    let show = env.json(&["request", "show", "V-2026-0002"]);
    assert_eq!(show["decision"], "refused", "{show:#}");
    // ...and `audit verify` names both rows: dated before the row before them, and before the
    // request existed.
    let report = broken(&env);
    assert_eq!(
        kinds(&report),
        [
            "time_out_of_order",
            "dated_before_record",
            "time_out_of_order",
            "dated_before_record"
        ],
        "{report:#}"
    );
    let last = count(&db(&env.db), "SELECT MAX(id) FROM audit");
    let ids: Vec<i64> = problems(&report)
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [last - 1, last - 1, last, last]);
    let message = |i: usize| {
        problems(&report)[i]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        message(0).contains(&format!(
            "is dated before row {} (2026-11-23T09:00:00+00:00) that comes before it",
            last - 2
        )),
        "{}",
        message(0)
    );
    assert!(message(1).contains("dated before its request was created (2026-11-23T09:00:00+00:00)"));

    // Without the record changed to match, the record differs too.
    let env = populated();
    append_forged(
        &env.db,
        &[(
            "2026-11-24T09:00:00+00:00",
            "anna",
            "request",
            "V-2026-0002",
            "decision",
            None,
            Some("refused"),
        )],
    );
    let report = broken(&env);
    assert_eq!(kinds(&report), ["record_differs"], "{report:#}");
    assert_eq!(the(&report, "record_differs")["audited"], "refused");
}

#[test]
fn a_baseline_row_appended_later_is_not_honoured() {
    // A baseline would let a forger restate a record (a note gone); only migration 12's are
    // taken, and a database created at schema 12 has none.
    let env = populated();
    append_forged(
        &env.db,
        &[(
            "2026-11-23T09:00:00+00:00",
            "anna",
            "request",
            "V-2026-0001",
            "baseline",
            None,
            Some("{\"fields\":{}}"),
        )],
    );
    let report = broken(&env);
    assert_eq!(kinds(&report), ["baseline_out_of_place"], "{report:#}");
}

#[test]
fn recipients_pauses_letters_and_bookkeeping_columns_are_replayed_too() {
    let env = populated();
    env.stdout(&["request", "recipient", "V-2026-0002", "Schoolfotograaf"]);
    env.stdout(&["request", "pause", "V-2026-0001", "--reason", "wacht op ID"]);
    Store::open(&env.db, USER)
        .unwrap()
        .add_sent_letter(
            "V-2026-0001",
            avgdesk::letters::LetterKind::Acknowledgement,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            avgdesk::letters::Via::Email,
            None,
            false,
            chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc(),
        )
        .unwrap();
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    behind_the_triggers(&env.db, |c| {
        c.execute_batch(
            "UPDATE request_recipients SET notified_on = '2026-11-20';
             UPDATE request_pauses SET reason = 'op verzoek';
             UPDATE letters_sent SET via = 'post';
             UPDATE requests SET created_at = '2026-01-01T09:00:00+00:00', version = 7
              WHERE id = 'V-2026-0002';",
        )
        .unwrap();
    });
    let report = broken(&env);
    let fields: Vec<(&str, &str, &str)> = problems(&report)
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap(),
                p["record_id"].as_str().unwrap(),
                p["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("record_differs", "V-2026-0001", "pause"),
            ("record_differs", "V-2026-0001", "letter"),
            ("record_differs", "V-2026-0002", "created_at"),
            ("record_differs", "V-2026-0002", "version"),
            ("record_differs", "V-2026-0002", "recipient"),
        ],
        "{report:#}"
    );
    let recipient = &problems(&report)[4];
    assert_eq!(recipient["stored"], "Schoolfotograaf (told 2026-11-20)");
    assert_eq!(recipient["audited"], "Schoolfotograaf (not yet told)");

    // A letter recorded with SQL has no audit row.
    behind_the_triggers(&env.db, |c| {
        c.execute(
            "INSERT INTO letters_sent (record_id, kind, sent_on, via, recorded_by, recorded_at)
             VALUES ('V-2026-0002', 'decision', '2026-11-23', 'email', 'x', '2026-11-23T09:00:00+00:00')",
            [],
        )
        .unwrap();
    });
    let report = broken(&env);
    let p = problems(&report)
        .iter()
        .find(|p| p["kind"] == "row_without_audit")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(
        (&p["record_id"], &p["field"]),
        (&"V-2026-0002".into(), &"letter".into())
    );
}

#[test]
fn inbox_marks_are_replayed_from_their_audit_rows() {
    let env = populated();
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&chrono::Utc);
    {
        let mut store = Store::open(&env.db, "anna").unwrap();
        store
            .set_message_aside("17000.M1.host", "message-id:<a@b>", "nieuwsbrief", now)
            .unwrap();
        store
            .set_message_aside("17001.M2.host", "message-id:<c@d>", "spam", now)
            .unwrap();
        store.put_message_back("17001.M2.host", now).unwrap();
    }
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    db(&env.db)
        .execute_batch(
            "UPDATE intake_mailbox SET reason = 'geen verzoek' WHERE mailbox_name = '17000.M1.host';
             INSERT INTO intake_mailbox (mailbox_name, key, state, reason, set_by, set_at)
             VALUES ('17002.M3.host', 'message-id:<e@f>', 'set_aside', 'x', 'anna', '2026-11-23T09:00:00+00:00');",
        )
        .unwrap();
    let report = broken(&env);
    assert_eq!(
        kinds(&report),
        ["record_differs", "row_without_audit"],
        "{report:#}"
    );
    assert_eq!(problems(&report)[0]["entity"], "intake");
    assert_eq!(problems(&report)[0]["field"], "reason");
    assert_eq!(problems(&report)[1]["record_id"], "17002.M3.host");
    db(&env.db)
        .execute("DELETE FROM intake_mailbox", [])
        .unwrap();
    let report = broken(&env);
    assert_eq!(kinds(&report), ["audit_without_row"], "{report:#}");
    assert_eq!(problems(&report)[0]["record_id"], "17000.M1.host");
}

/// A database as avgdesk 10 left it: a request logged from an e-mail message with its inbox mark
/// (which avgdesk 10 did not audit), a breach whose encryption answer migration 6 cleared.
fn version_10_database(path: &Path) {
    let env_now = "2026-11-20T09:00:00+00:00";
    {
        let conn = Connection::open(path).unwrap();
        // Migration 7's seal has nothing to seal in an empty database.
        for sql in &migrations::MIGRATIONS[..10] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 10).unwrap();
    }
    // Rows written the way avgdesk 10 wrote them: through the chain, by the library of today
    // (which writes the same rows for these), then the inbox mark without its audit row.
    let conn = Connection::open(path).unwrap();
    append_forged_from_empty(&conn, env_now);
    conn.execute_batch(&format!(
        "INSERT INTO requests (id, year, seq, kind, received, channel, requester_name, status, created_at, updated_at, version)
         VALUES ('V-2026-0001', 2026, 1, 'access', '2026-11-19', 'email', 'J. de Vries', 'new', '{env_now}', '{env_now}', 1);
         INSERT INTO intake_messages (key, request_id, logged_at) VALUES ('message-id:<x@y>', 'V-2026-0001', '{env_now}');
         INSERT INTO intake_mailbox (mailbox_name, key, state, set_by, set_at)
           VALUES ('17000.M1.host', 'message-id:<x@y>', 'logged', 'fg', '{env_now}');"
    ))
    .unwrap();
}

/// The audit rows of the request in `version_10_database`, chained from the empty block.
fn append_forged_from_empty(conn: &Connection, at: &str) {
    use sha2::{Digest, Sha256};
    fn put(h: &mut Sha256, b: &[u8]) {
        h.update((b.len() as u64).to_be_bytes());
        h.update(b);
    }
    let mut prev: Vec<u8> = {
        let mut h = Sha256::new();
        h.update(b"avgdesk audit sealed block v1");
        h.finalize().to_vec()
    };
    let rows = [
        ("created", "access"),
        ("kind", "access"),
        ("received", "2026-11-19"),
        ("channel", "email"),
        ("requester_name", "J. de Vries"),
        ("status", "new"),
        ("intake_message", "message-id:<x@y>"),
    ];
    for (i, (field, new)) in rows.iter().enumerate() {
        let id = i as i64 + 1;
        let salt = [3u8; 16];
        let mut h = Sha256::new();
        h.update(salt);
        h.update([0u8]);
        h.update([1u8]);
        put(&mut h, new.as_bytes());
        let vh: [u8; 32] = h.finalize().into();
        let mut h = Sha256::new();
        h.update(b"avgdesk audit link v1");
        put(&mut h, &prev);
        put(&mut h, id.to_string().as_bytes());
        for part in [at, "fg", "request", "V-2026-0001", field] {
            put(&mut h, part.as_bytes());
        }
        put(&mut h, &vh);
        let hash: [u8; 32] = h.finalize().into();
        conn.execute(
            "INSERT INTO audit (id, at, user, entity, record_id, field, old_value, new_value, salt, value_hash, prev_hash, hash)
             VALUES (?1, ?2, 'fg', 'request', 'V-2026-0001', ?3, NULL, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![id, at, field, new, &salt[..], &vh[..], prev, &hash[..]],
        )
        .unwrap();
        prev = hash.to_vec();
    }
}

#[test]
fn an_older_database_verifies_from_its_baseline_and_later_changes_are_checked() {
    let env = env();
    version_10_database(&env.db);
    let store = Store::open(&env.db, "anna").unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    // Migration 12: a baseline for the request and one for the inbox mark, then the marker.
    let conn = db(&env.db);
    let written: Vec<(String, String, String)> = {
        let mut stmt = conn
            .prepare("SELECT entity, record_id, field FROM audit WHERE id > 7 ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        written,
        [
            ("request".into(), "V-2026-0001".into(), "baseline".into()),
            ("intake".into(), "17000.M1.host".into(), "baseline".into()),
            ("audit".into(), "baseline".into(), "baselined".into()),
        ]
    );
    // The unaudited inbox mark of avgdesk 10 is no fault.
    let report = store.verify_audit(None).unwrap();
    assert!(report.intact, "{report:#?}");
    drop(store);
    // Changes after the baseline are checked as in a new database.
    db(&env.db)
        .execute_batch(
            "UPDATE requests SET requester_name = 'X' WHERE id = 'V-2026-0001';
             UPDATE intake_mailbox SET key = 'message-id:<other>';",
        )
        .unwrap();
    let store = Store::open(&env.db, "anna").unwrap();
    let report = store.verify_audit(None).unwrap();
    let found: Vec<(ProblemKind, Option<String>)> = report
        .problems
        .iter()
        .map(|p| (p.kind, p.field.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (ProblemKind::RecordDiffers, Some("requester_name".into())),
            (ProblemKind::RecordDiffers, Some("key".into())),
        ],
        "{report:#?}"
    );
}

#[test]
fn the_apps_start_up_check_notices_a_request_on_the_first_screen_that_differs_from_its_trail() {
    let env = populated();
    let first_screen = |s: &Session| -> Vec<String> {
        s.queue(false)
            .unwrap()
            .into_iter()
            .map(|row| row.request.id)
            .collect()
    };
    let s = session(&env.db);
    assert_eq!(first_screen(&s), ["V-2026-0002", "V-2026-0001"]);
    assert_eq!(s.check_audit_start(&first_screen(&s)), None);
    db(&env.db)
        .execute(
            "UPDATE requests SET requester_name = 'Iemand Anders' WHERE id = 'V-2026-0002'",
            [],
        )
        .unwrap();
    let s = session(&env.db);
    // The tail alone is intact; the record is not.
    assert_eq!(s.check_audit_tail(), None);
    let problem = s.check_audit_start(&first_screen(&s)).unwrap();
    assert_eq!(problem.kind, ProblemKind::RecordDiffers);
    assert_eq!(problem.record_id.as_deref(), Some("V-2026-0002"));
    assert_eq!(problem.field.as_deref(), Some("requester_name"));
    assert_eq!(
        avgdesk::i18n::audit_warning(&problem, avgdesk::i18n::Lang::Nl),
        "V-2026-0002 wijkt af van het audit-logboek (veld requester_name): voer `avgdesk audit verify` uit"
    );
    // A request not on the first screen is left to `audit verify`.
    assert_eq!(s.check_audit_start(&["V-2026-0001".to_string()]), None);
}

// 8. Heads kept in backups, and the file operations in the trail -------------------------------

#[test]
fn a_backup_holds_the_head_it_was_taken_at_and_verify_against_it_finds_a_cut_tail() {
    let env = populated();
    let before_note = env.json(&["audit", "head"]);
    env.stdout(&["request", "note", "V-2026-0002", "gebeld"]);
    let head = env.json(&["audit", "head"]);
    let backup = env.path("backup.db");
    let backup = backup.to_str().unwrap();
    env.stdout(&["backup", backup]);
    // The live trail records the backup and the head it holds.
    let (field, value): (String, String) = db(&env.db)
        .query_row(
            "SELECT field, new_value FROM audit WHERE entity = 'database' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(field, "backup");
    let hash = head["head"].as_str().unwrap();
    assert!(
        value.contains(&format!("head {hash} (row {})", head["id"])) && value.contains(backup),
        "{value}"
    );
    // Nothing cut: verified up to the backup's head (the backup row came after it).
    let (code, report) = verify(&env, &["--against", backup]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["against"]["head"], hash);
    assert_eq!(report["against"]["head_id"], head["id"]);
    assert_eq!(report["given_head"]["verified"], true);
    let text = env.stdout(&["audit", "verify", "--against", backup]);
    assert!(
        text.contains(&format!("backup {backup} was taken at row {}", head["id"]))
            && text.contains("nothing up to it was rewritten"),
        "{text}"
    );

    // The note and every row from its own on cut off, the note deleted too: what is left is a
    // consistent trail, which the chain alone cannot tell from the truth...
    let first_cut = before_note["id"].as_i64().unwrap() + 1;
    behind_the_triggers(&env.db, |c| {
        c.execute("DELETE FROM audit WHERE id >= ?1", [first_cut])
            .unwrap();
        c.execute("DELETE FROM request_notes WHERE text = 'gebeld'", [])
            .unwrap();
    });
    let (code, report) = verify(&env, &[]);
    assert_eq!(code, 0, "{report:#}");
    // ...but the backup can.
    let (code, report) = verify(&env, &["--against", backup]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["backup_head_missing"], "{report:#}");
    let p = &problems(&report)[0];
    assert_eq!(p["id"], head["id"]);
    assert!(
        p["message"]
            .as_str()
            .unwrap()
            .contains("cut off or rewritten"),
        "{p}"
    );
    assert_eq!(report["given_head"]["found"], false);

    // --head and --against together are a usage error; a backup that fails its own check
    // vouches for nothing.
    env.fails(&["audit", "verify", "--head", hash, "--against", backup], 2);
    behind_the_triggers(Path::new(backup), |c| {
        c.execute("UPDATE audit SET user = 'x' WHERE id = 3", [])
            .unwrap();
    });
    let msg = env.fails(&["audit", "verify", "--against", backup], 1);
    assert!(msg.contains("did not pass its check"), "{msg}");
}

#[test]
fn encrypt_rekey_decrypt_backup_and_restore_each_write_an_audit_row() {
    let env = populated();
    let k1 = env.key_file("k1", "eerste wachtwoord", 0o600);
    let k2 = env.key_file("k2", "tweede wachtwoord", 0o600);
    let run = |args: &[&str]| {
        common::cli::stdout_of(env.cmd().args(args));
    };
    run(&["encrypt", "--new-key-file", k1.to_str().unwrap()]);
    run(&[
        "--key-file",
        k1.to_str().unwrap(),
        "rekey",
        "--new-key-file",
        k2.to_str().unwrap(),
    ]);
    let plain = env.path("plain.db");
    run(&[
        "--key-file",
        k2.to_str().unwrap(),
        "decrypt",
        "--out",
        plain.to_str().unwrap(),
    ]);
    let backup = env.path("backup.db");
    run(&[
        "--key-file",
        k2.to_str().unwrap(),
        "backup",
        backup.to_str().unwrap(),
    ]);
    let key = || {
        avgdesk::store::OpenOptions::with_key(avgdesk::store::Key::new("tweede wachtwoord".into()))
    };
    let ops = |path: &Path| -> Vec<(String, String)> {
        Store::open_with(path, "test", &key())
            .unwrap()
            .audit_trail("database", "file")
            .unwrap()
            .into_iter()
            .map(|e| (e.field, e.new_value.unwrap_or_default()))
            .collect()
    };
    let live = ops(&env.db);
    let fields: Vec<&str> = live.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["encrypt", "rekey", "decrypt", "backup"]);
    assert!(live[2].1.contains("plain.db"), "{live:?}");
    // Restore: the restored file is the backup and the row of its restoring.
    run(&[
        "--key-file",
        k2.to_str().unwrap(),
        "restore",
        backup.to_str().unwrap(),
    ]);
    let restored = ops(&env.db);
    let fields: Vec<&str> = restored.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["encrypt", "rekey", "decrypt", "restore"]);
    let what = &restored[3].1;
    assert!(
        what.contains("backup.db") && what.contains("head ") && what.contains("before-restore"),
        "{what}"
    );
    let out = env
        .cmd()
        .args(["--key-file", k2.to_str().unwrap(), "audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

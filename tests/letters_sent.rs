//! What was sent is part of the record (issue 10 §3): `letter KIND ID --mark-sent`, `letter
//! list ID`, the `letters` and `extension_notice_sent` fields of the request and breach JSON,
//! the `extension_notice_missing` flag, the audit trail and the append-only table.
//!
//! Requests are received on Tuesday 3 March 2026: the extension must be notified by Tuesday
//! 31 March 2026 (policy four weeks). The breach became known on Monday 16 March 2026.

mod common;

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::letters::{LetterKind, SentMark, Via};
use avgdesk::store::Store;
use common::cli::Env;
use rusqlite::Connection;
use serde_json::{json, Value};

/// Friday 20 March 2026, 10:00 in Amsterdam: within the notice deadline of 31 March.
const NOW: &str = "2026-03-20T10:00:00+01:00";
/// Wednesday 1 April 2026: the notice deadline has passed.
const AFTER_NOTICE_DUE: &str = "2026-04-01T10:00:00+02:00";
const USER: &str = "fg.tester";

// In English: the tests read the command line's English messages (the letters stay Dutch).
const CONFIG: &str = r#"language = "en"
signatory = "A. de Vries, privacyofficer"
complaints_url = "https://www.ijsselgraaf.example/klachtenregeling"

[organisation]
name = "Stichting IJsselgraaf"
contact_name = "M. Jansen"
contact_role = "FG"
email = "privacy@ijsselgraaf.example"
phone = "0314 - 382 990"
"#;

fn env() -> Env {
    let env = Env::with_clock(NOW, USER);
    std::fs::write(&env.config, CONFIG).unwrap();
    env
}

/// Adds an access request received on 3 March 2026 and returns its id.
fn add_request(env: &Env) -> String {
    let r = env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "Sanne de Vries",
        "--contact",
        "s.devries@example.nl",
    ]);
    r["id"].as_str().unwrap().to_string()
}

/// An extended access request (extended on 20 March).
fn extended_request(env: &Env) -> String {
    let id = add_request(env);
    env.stdout(&[
        "request",
        "extend",
        &id,
        "--reason",
        "Wij moeten de gegevens bij drie scholen opvragen.",
    ]);
    id
}

fn add_breach(env: &Env) -> String {
    let b = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-03-16 09:00",
        "--title",
        "USB-stick kwijt",
    ]);
    b["id"].as_str().unwrap().to_string()
}

fn letters_of(env: &Env, id: &str) -> Vec<Value> {
    env.rows(&["letter", "list", id])
}

fn flags_in_list(env: &Env, now: &str, id: &str) -> Vec<String> {
    let rows = env.rows_at(now, &["request", "list"]);
    let row = rows
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed"));
    row["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_letter_marked_sent_is_listed_and_in_the_request_json() {
    let env = env();
    let id = extended_request(&env);
    assert_eq!(letters_of(&env, &id), Vec::<Value>::new());

    // The letter is printed, then marked sent.
    let out = env
        .cmd()
        .args([
            "letter",
            "extension",
            &id,
            "--mark-sent",
            "--on",
            "2026-03-19",
            "--via",
            "post",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let letter = String::from_utf8(out.stdout).unwrap();
    assert!(letter.contains("Sanne de Vries"), "{letter}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("extension sent 2026-03-19 by post"),
        "{stderr}"
    );
    // Default: today, by e-mail.
    env.stdout(&["letter", "acknowledgement", &id, "--mark-sent"]);

    let letters = letters_of(&env, &id);
    assert_eq!(letters.len(), 2, "{letters:?}");
    assert_eq!(letters[0]["kind"], "extension");
    assert_eq!(letters[0]["sent_on"], "2026-03-19");
    assert_eq!(letters[0]["via"], "post");
    assert_eq!(letters[0]["recorded_by"], USER);
    assert_eq!(letters[0]["recorded_at"], "2026-03-20T09:00:00+00:00");
    assert_eq!(letters[1]["kind"], "acknowledgement");
    assert_eq!(letters[1]["sent_on"], "2026-03-20");
    assert_eq!(letters[1]["via"], "email");

    let text = env.stdout(&["letter", "list", &id]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("extension sent 2026-03-19 by post (recorded by fg.tester"));
    assert!(lines[1].starts_with("acknowledgement sent 2026-03-20 by email"));

    let shown = env.json(&["request", "show", &id]);
    assert_eq!(
        shown["letters"],
        json!([
            {"kind": "extension", "sent_on": "2026-03-19", "via": "post"},
            {"kind": "acknowledgement", "sent_on": "2026-03-20", "via": "email"},
        ])
    );
    assert_eq!(shown["extension_notice_sent"], "2026-03-19");
    let listed = env.rows(&["request", "list"]);
    assert_eq!(listed[0]["letters"], shown["letters"]);
    let text = env.stdout(&["request", "show", &id]);
    assert!(text.contains("extension sent 2026-03-19 by post"), "{text}");

    // A request without letters says so in JSON too.
    let other = add_request(&env);
    let shown = env.json(&["request", "show", &other]);
    assert_eq!(shown["letters"], json!([]));
    assert_eq!(shown["extension_notice_sent"], Value::Null);
    let text = env.stdout(&["letter", "list", &other]);
    assert!(text.contains("no letters marked sent"), "{text}");
}

#[test]
fn a_breach_letter_marked_sent_is_in_the_breach_json() {
    let env = env();
    let id = add_breach(&env);
    env.stdout(&["letter", "ap", &id, "--mark-sent", "--via", "portal"]);
    let expected = json!([{"kind": "ap", "sent_on": "2026-03-20", "via": "portal"}]);
    assert_eq!(env.json(&["breach", "show", &id])["letters"], expected);
    assert_eq!(env.rows(&["breach", "list"])[0]["letters"], expected);
    let register: Value =
        serde_json::from_str(&env.stdout(&["breach", "register", "--json"])).unwrap();
    assert_eq!(register[0]["letters"], expected);
    let letters = letters_of(&env, &id);
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0]["kind"], "ap");
    assert_eq!(letters[0]["recorded_by"], USER);

    // Not before the school knew of the breach.
    let e = env.fails(
        &["letter", "ap", &id, "--mark-sent", "--on", "2026-03-15"],
        1,
    );
    assert!(e.contains("before the day the school became aware"), "{e}");
    assert_eq!(letters_of(&env, &id).len(), 1);
}

#[test]
fn marking_refuses_future_dates_wrong_records_and_flags_without_mark_sent() {
    let env = env();
    let id = add_request(&env);
    let breach = add_breach(&env);

    let e = env.fails(
        &[
            "letter",
            "acknowledgement",
            &id,
            "--mark-sent",
            "--on",
            "2026-03-21",
        ],
        1,
    );
    assert!(e.contains("2026-03-21 lies in the future"), "{e}");
    let e = env.fails(
        &[
            "letter",
            "acknowledgement",
            &id,
            "--mark-sent",
            "--on",
            "2026-03-02",
        ],
        1,
    );
    assert!(e.contains("before the day the request was received"), "{e}");

    // `ap` belongs to a breach, `decision` to a request.
    let e = env.fails(&["letter", "ap", &id, "--mark-sent"], 1);
    assert!(e.contains("the ap letter is for a breach"), "{e}");
    assert!(e.contains(&format!("{id} is a request")), "{e}");
    let e = env.fails(&["letter", "acknowledgement", &breach, "--mark-sent"], 1);
    assert!(e.contains("is for a request"), "{e}");
    let e = env.fails(&["letter", "list", "V-2026-0099"], 1);
    assert!(e.contains("V-2026-0099"), "{e}");

    // --on and --via only with --mark-sent; an unknown way of sending is a usage error.
    let e = env.fails(&["letter", "acknowledgement", &id, "--on", "2026-03-19"], 2);
    assert!(e.contains("--mark-sent"), "{e}");
    let e = env.fails(&["letter", "acknowledgement", &id, "--via", "post"], 2);
    assert!(e.contains("--mark-sent"), "{e}");
    let e = env.fails(
        &[
            "letter",
            "acknowledgement",
            &id,
            "--mark-sent",
            "--via",
            "fax",
        ],
        2,
    );
    assert!(e.contains("email, post, portal"), "{e}");

    // Nothing was recorded by any of these.
    assert_eq!(letters_of(&env, &id), Vec::<Value>::new());
    assert_eq!(letters_of(&env, &breach), Vec::<Value>::new());
}

#[test]
fn an_extension_not_notified_by_the_notice_deadline_is_flagged() {
    let env = env();
    let missing = extended_request(&env);
    let in_time = extended_request(&env);
    let late = extended_request(&env);
    env.stdout(&["letter", "extension", &in_time, "--mark-sent"]);

    // Before 31 March the notice can still go out: no flag.
    assert!(!flags_in_list(&env, NOW, &missing).contains(&"extension_notice_missing".into()));

    let env = env.at(AFTER_NOTICE_DUE);
    // Sent after the deadline does not count.
    env.stdout(&["letter", "extension", &late, "--mark-sent"]);
    let flag = "extension_notice_missing".to_string();
    assert!(flags_in_list(&env, AFTER_NOTICE_DUE, &missing).contains(&flag));
    assert!(flags_in_list(&env, AFTER_NOTICE_DUE, &late).contains(&flag));
    assert!(!flags_in_list(&env, AFTER_NOTICE_DUE, &in_time).contains(&flag));
    let shown = env.json(&["request", "show", &missing]);
    assert!(shown["flags"].as_array().unwrap().contains(&json!(flag)));
    assert_eq!(shown["extension_notice_sent"], Value::Null);
    let text = env.stdout(&["request", "show", &missing]);
    assert!(
        text.contains("extension not notified to the requester in time"),
        "{text}"
    );

    // A request that was not extended needs no notice.
    let plain = add_request(&env);
    assert!(!flags_in_list(&env, AFTER_NOTICE_DUE, &plain).contains(&flag));
}

#[test]
fn marking_writes_the_audit_trail_and_the_chain_still_verifies() {
    let env = env();
    let id = extended_request(&env);
    let breach = add_breach(&env);
    env.stdout(&[
        "letter",
        "extension",
        &id,
        "--mark-sent",
        "--on",
        "2026-03-19",
        "--via",
        "post",
    ]);
    env.stdout(&["letter", "ap", &breach, "--mark-sent"]);
    // A letter that does not fit is neither printed nor marked.
    let e = env.fails(&["letter", "subjects", &breach, "--mark-sent"], 1);
    assert!(e.contains("does not fit"), "{e}");
    let report = env.json(&["audit", "verify"]);
    assert_eq!(report["intact"], true, "{report:#}");
    env.stdout(&["audit", "verify"]);

    let session = Session::new(
        Store::open(&env.db, "anna").unwrap(),
        Config::default(),
        Clock::parse(NOW).unwrap(),
    );
    let events = session.request_events(&id).unwrap();
    let letter = events
        .iter()
        .find(|e| e.field == "letter")
        .expect("the letter is in the request's timeline");
    assert_eq!(
        letter.new_value.as_deref(),
        Some("extension 2026-03-19 post")
    );
    assert_eq!(letter.user, USER);
    assert_eq!(letter.old_value, None);
    let trail = session.store.audit_trail("breach", &breach).unwrap();
    let letters: Vec<_> = trail
        .iter()
        .filter(|e| e.field == "letter")
        .map(|e| e.new_value.clone().unwrap_or_default())
        .collect();
    assert_eq!(letters, ["ap 2026-03-20 email"]);
}

#[test]
fn the_library_marks_and_lists_in_the_order_sent() {
    let env = env();
    let id = extended_request(&env);
    let mut session = Session::new(
        Store::open(&env.db, "anna").unwrap(),
        Config::default(),
        Clock::parse(NOW).unwrap(),
    );
    let day = |s: &str| s.parse().unwrap();
    let second = session
        .mark_letter_sent(&id, LetterKind::Decision, None, Via::Portal)
        .unwrap();
    assert_eq!(second.sent_on, day("2026-03-20"));
    assert_eq!(second.recorded_by, "anna");
    session
        .mark_letter_sent(
            &id.to_lowercase(),
            LetterKind::Extension,
            Some(day("2026-03-10")),
            Via::Email,
        )
        .unwrap();
    let kinds: Vec<_> = session
        .letters_sent(&id)
        .unwrap()
        .into_iter()
        .map(|l| l.kind)
        .collect();
    assert_eq!(kinds, [LetterKind::Extension, LetterKind::Decision]);
    let r = session.request(&id).unwrap();
    assert_eq!(r.extension_notice_sent(), Some(day("2026-03-10")));
    assert!(session
        .mark_letter_sent("V-2026-0042", LetterKind::Decision, None, Via::Post)
        .is_err());
    assert!(session
        .check_letter_sent(&id, LetterKind::Ap, None)
        .is_err());
    assert!(session
        .check_letter_sent(&id, LetterKind::Acknowledgement, Some(day("2026-03-03")))
        .is_ok());
    // A second decision letter only when asked: a mark is never taken back.
    let e = session
        .check_letter_sent(&id, LetterKind::Decision, None)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("already marked sent on 2026-03-20 by portal"),
        "{e}"
    );
    let again = SentMark {
        via: Via::Post,
        again: true,
        ..SentMark::default()
    };
    session
        .record_sent(&id, LetterKind::Decision, &again)
        .unwrap();
    assert_eq!(session.letters_sent(&id).unwrap().len(), 3);
}

#[test]
fn the_letters_sent_table_refuses_update_and_delete_and_a_dropped_trigger_is_found() {
    let env = env();
    let id = add_request(&env);
    env.stdout(&["letter", "acknowledgement", &id, "--mark-sent"]);
    let conn = Connection::open(&env.db).unwrap();
    let e = conn
        .execute("UPDATE letters_sent SET sent_on = '2026-03-04'", [])
        .unwrap_err();
    assert!(e.to_string().contains("never edited"), "{e}");
    let e = conn.execute("DELETE FROM letters_sent", []).unwrap_err();
    assert!(e.to_string().contains("never edited"), "{e}");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM letters_sent", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);

    conn.execute_batch("DROP TRIGGER letters_sent_no_delete;")
        .unwrap();
    drop(conn);
    let out = env
        .cmd()
        .args(["audit", "verify", "--json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["problems"][0]["kind"], "trigger_missing",
        "{report:#}"
    );
    assert_eq!(report["problems"][0]["record_id"], "letters_sent_no_delete");
}

#[test]
fn a_second_mark_of_the_same_letter_is_refused_without_again() {
    let env = env();
    let id = add_request(&env);
    env.stdout(&[
        "letter",
        "acknowledgement",
        &id,
        "--mark-sent",
        "--on",
        "2026-03-19",
    ]);
    // Marked twice by mistake is refused, before anything is printed.
    let out = env
        .cmd()
        .args(["letter", "acknowledgement", &id, "--mark-sent"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty(), "printed although refused");
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("the acknowledgement letter was already marked sent on 2026-03-19 by email; add --again"),
        "{e}"
    );
    assert_eq!(letters_of(&env, &id).len(), 1);
    // --again records it deliberately; --again alone is a usage error.
    let e = env.fails(&["letter", "acknowledgement", &id, "--again"], 2);
    assert!(e.contains("--mark-sent"), "{e}");
    env.stdout(&[
        "letter",
        "acknowledgement",
        &id,
        "--mark-sent",
        "--again",
        "--via",
        "post",
    ]);
    let letters = letters_of(&env, &id);
    assert_eq!(letters.len(), 2, "{letters:?}");
    assert_eq!(letters[1]["via"], "post");
    // Another kind is a first mark.
    env.stdout(&["letter", "identification", &id, "--mark-sent"]);
    assert_eq!(letters_of(&env, &id).len(), 3);
}

#[test]
fn the_record_keeps_which_template_made_the_letter() {
    let env = env();
    let id = add_request(&env);
    env.stdout(&[
        "letter",
        "acknowledgement",
        &id,
        "--mark-sent",
        "--lang",
        "en",
    ]);
    let own = env.path("templates").join("nl/identification.txt.j2");
    std::fs::create_dir_all(own.parent().unwrap()).unwrap();
    std::fs::write(&own, "Beste {{ request.requester.name }}\n").unwrap();
    env.stdout(&["letter", "identification", &id, "--mark-sent"]);
    let letters = letters_of(&env, &id);
    assert_eq!(letters[0]["template"], "en/acknowledgement.txt.j2");
    assert_eq!(letters[0]["edited"], false);
    assert_eq!(letters[1]["template"], own.display().to_string());
    let text = env.stdout(&["letter", "list", &id]);
    assert!(text.contains("; en/acknowledgement.txt.j2)"), "{text}");
}

/// A rectification for Daan with two recipients, granted.
fn granted_rectification(env: &Env) -> String {
    let r = env.json(&[
        "request",
        "add",
        "--kind",
        "rectification",
        "--received",
        "2026-03-03",
        "--requester",
        "Sanne de Vries",
        "--pupil",
        "Daan de Vries",
    ]);
    let id = r["id"].as_str().unwrap().to_string();
    env.stdout(&["request", "recipient", &id, "Schoolfotograaf"]);
    env.stdout(&["request", "recipient", &id, "ParnasSys"]);
    env.stdout(&["request", "decide", &id, "--decision", "granted"]);
    id
}

fn told(env: &Env, id: &str) -> Vec<(String, Value)> {
    env.json(&["request", "show", id])["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_string(),
                x["notified_on"].clone(),
            )
        })
        .collect()
}

#[test]
fn marking_the_art19_letter_sent_ticks_off_the_recipients_it_went_to() {
    let env = env();
    let id = granted_rectification(&env);
    let out = env
        .cmd()
        .args([
            "letter",
            "recipients",
            &id,
            "--mark-sent",
            "--on",
            "2026-03-19",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("told 2026-03-19: Schoolfotograaf, ParnasSys"),
        "{stderr}"
    );
    assert_eq!(
        told(&env, &id),
        [
            ("Schoolfotograaf".to_string(), json!("2026-03-19")),
            ("ParnasSys".to_string(), json!("2026-03-19")),
        ]
    );
    // Everyone is told: no letter left to write.
    let e = env.fails(&["letter", "recipients", &id], 1);
    assert!(e.contains("every recipient was told already"), "{e}");
    // A recipient found later gets their own letter, and only they are ticked off.
    env.stdout(&["request", "recipient", &id, "Fotobureau Lens"]);
    let letter = env.stdout(&["letter", "recipients", &id]);
    assert!(letter.contains("Aan: Fotobureau Lens"), "{letter}");
    assert!(!letter.contains("Aan: Schoolfotograaf"), "{letter}");
    env.stdout(&["letter", "recipients", &id, "--mark-sent", "--again"]);
    let now = told(&env, &id);
    assert_eq!(now[0].1, json!("2026-03-19"));
    assert_eq!(now[2], ("Fotobureau Lens".to_string(), json!("2026-03-20")));
}

#[test]
fn letters_are_written_in_the_requesters_language_unless_lang_says_otherwise() {
    let env = env();
    let r = env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "Emily Clarke",
        "--language",
        "en",
    ]);
    assert_eq!(r["language"], "en");
    let id = r["id"].as_str().unwrap().to_string();
    let en = env.stdout(&["letter", "acknowledgement", &id]);
    assert!(en.contains("Dear Emily Clarke,"), "{en}");
    let nl = env.stdout(&["letter", "acknowledgement", &id, "--lang", "nl"]);
    assert!(nl.contains("Geachte Emily Clarke,"), "{nl}");
    // Without --language a request is written to in Dutch.
    let plain = add_request(&env);
    assert_eq!(env.json(&["request", "show", &plain])["language"], "nl");
    let e = env.fails(
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--requester",
            "X",
            "--language",
            "fr",
        ],
        2,
    );
    assert!(
        e.contains("unknown language \"fr\"; use one of: nl, en"),
        "{e}"
    );
}

fn stderr_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().success().get_output().clone();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_command_line_warns_of_an_unchecked_identity_and_an_unsent_decision_letter() {
    let env = env();
    let id = add_request(&env);
    let e = stderr_of(
        env.cmd()
            .args(["request", "decide", &id, "--decision", "granted"]),
    );
    assert!(
        e.contains(&format!("{id} was granted with the identity unchecked")),
        "{e}"
    );
    let e = stderr_of(env.cmd().args(["request", "close", &id]));
    assert!(
        e.contains("closed without its decision letter marked sent"),
        "{e}"
    );
    // Checked, refused and the letter marked sent: nothing to warn about.
    let other = add_request(&env);
    env.stdout(&["request", "identity", &other, "--method", "ID getoond"]);
    let e = stderr_of(env.cmd().args([
        "request",
        "decide",
        &other,
        "--decision",
        "refused",
        "--reason",
        "Geen gegevens.",
    ]));
    assert!(e.is_empty(), "{e}");
    env.stdout(&["letter", "decision", &other, "--mark-sent"]);
    let e = stderr_of(env.cmd().args(["request", "close", &other]));
    assert!(e.is_empty(), "{e}");
}

#[test]
fn a_database_from_before_the_letter_language_reads_dutch_and_no_template() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = Connection::open(&path).unwrap();
    for sql in &avgdesk::store::migrations::MIGRATIONS[..10] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 10).unwrap();
    conn.execute_batch(
        "INSERT INTO requests (id, year, seq, kind, received, channel, requester_name, status, created_at, updated_at)
         VALUES ('V-2026-0001', 2026, 1, 'access', '2026-03-03', 'email', 'J. de Vries', 'in_progress',
                 '2026-03-03T09:00:00+00:00', '2026-03-03T09:00:00+00:00');
         INSERT INTO letters_sent (record_id, kind, sent_on, via, recorded_by, recorded_at)
         VALUES ('V-2026-0001', 'acknowledgement', '2026-03-04', 'post', 'fg', '2026-03-04T09:00:00+00:00');",
    )
    .unwrap();
    drop(conn);
    let session = Session::new(
        Store::open(&path, "anna").unwrap(),
        Config::default(),
        Clock::parse(NOW).unwrap(),
    );
    let r = session.request("V-2026-0001").unwrap();
    assert_eq!(r.language, avgdesk::domain::request::Language::Nl);
    assert_eq!(r.letters[0].template, None);
    assert!(!r.letters[0].edited);
    // The language is one of the two the letters are written in.
    let conn = Connection::open(&path).unwrap();
    let e = conn
        .execute("UPDATE requests SET language = 'fr'", [])
        .unwrap_err();
    assert!(e.to_string().contains("CHECK"), "{e}");
}

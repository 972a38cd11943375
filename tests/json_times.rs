//! Every moment in JSON output reads like `2026-11-23T10:00:00+01:00`: RFC 3339 to the second,
//! with the board's offset, never a fraction of a second or `Z`. The clock here runs at a time
//! with nanoseconds, as the system clock does.

mod common;

use avgdesk::domain::consent::Pupil;
use avgdesk::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use common::cli::Env;
use serde_json::Value;

/// Monday 23 November 2026, just after 10:00 in Amsterdam, to the nanosecond.
const NOW: &str = "2026-11-23T10:00:00.987654321+01:00";
/// [`NOW`] as every JSON output must write it.
const NOW_IN_JSON: &str = "2026-11-23T10:00:00+01:00";

/// Every string in `v` that reads as an RFC 3339 moment, with where it was found.
fn moments(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) if DateTime::parse_from_rfc3339(s).is_ok() => {
            out.push((path.to_string(), s.clone()))
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                moments(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(fields) => {
            for (k, item) in fields {
                moments(item, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// Checks every moment in `v` and returns how many there were.
fn assert_to_the_second(v: &Value, what: &str) -> usize {
    let mut found = Vec::new();
    moments(v, what, &mut found);
    for (path, s) in &found {
        // YYYY-MM-DDTHH:MM:SS+HH:MM, nothing more.
        let shape_ok = s.len() == 25
            && !s.contains('.')
            && !s.ends_with('Z')
            && (s.ends_with("+01:00") || s.ends_with("+02:00"));
        assert!(shape_ok, "{path} = {s:?}");
    }
    found.len()
}

fn with_pupil(env: &Env) {
    let mut store = Store::open(&env.db, "import").unwrap();
    let pupil = Pupil {
        number: "1001".into(),
        first_name: "Jan".into(),
        infix: String::new(),
        last_name: "Berg".into(),
        birth_date: NaiveDate::from_ymd_opt(2015, 3, 1),
        class: "6".into(),
        school: "OBS De Regenboog".into(),
        active: true,
    };
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).unwrap().into();
    store.import_pupils(&[pupil], false, now).unwrap();
}

#[test]
fn requests_breaches_logs_and_consent_write_moments_to_the_second() {
    let env = Env::with_clock(NOW, "f.jansen");
    with_pupil(&env);

    let request = env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-20",
        "--requester",
        "S. de Vries",
    ]);
    let id = request["id"].as_str().unwrap();
    let request = env.json(&["request", "note", id, "Ouder gebeld"]);
    assert_eq!(request["notes"][0]["at"], NOW_IN_JSON);
    assert_to_the_second(&request, "request");
    assert_to_the_second(&env.json(&["request", "list"]), "request list");

    let breach = env.json(&["breach", "add", "--title", "Laptop kwijt"]);
    let id = breach["id"].as_str().unwrap();
    assert_eq!(breach["aware_at"], NOW_IN_JSON);
    env.json(&["breach", "log", id, "Docent belt"]);
    env.json(&[
        "breach",
        "update",
        id,
        "--occurred",
        "2026-11-22 18:00",
        "--processor-told",
        "2026-11-23 09:30",
    ]);
    env.json(&["breach", "assess", id, "--risk", "high", "--reason", "BSN"]);
    env.json(&[
        "breach",
        "notify-ap",
        id,
        "--at",
        NOW,
        "--reference",
        "AP-1",
    ]);
    env.json(&[
        "breach",
        "followup",
        id,
        "--kind",
        "supplement",
        "--text",
        "Meer",
    ]);
    let breach = env.json(&[
        "breach",
        "subjects",
        id,
        "--decision",
        "informed",
        "--informed-at",
        NOW,
    ]);
    assert_eq!(breach["log"][0]["at"], NOW_IN_JSON);
    assert_eq!(breach["followups"][0]["at"], NOW_IN_JSON);
    assert_eq!(breach["notified_at"], NOW_IN_JSON);
    assert_eq!(breach["subjects_informed_at"], NOW_IN_JSON);
    assert_eq!(breach["ap_due"], "2026-11-26T10:00:00+01:00");
    // Aware, due, occurred, processor told, notified, informed, the log line and the follow-up.
    assert_eq!(assert_to_the_second(&breach, "breach"), 8);
    assert_to_the_second(&env.json(&["breach", "list"]), "breach list");
    assert_to_the_second(&env.json(&["breach", "register"]), "register");
    let export: Value =
        serde_json::from_str(&env.stdout(&["breach", "export", id, "--format", "json"])).unwrap();
    assert_to_the_second(&export, "export");

    let answer = env.json(&[
        "consent",
        "set",
        "--pupil",
        "1001",
        "--purpose",
        "photo_website",
        "--value",
        "given",
        "--by",
        "A. Berg",
        "--role",
        "parent",
    ]);
    assert_eq!(answer["recorded_at"], NOW_IN_JSON);
    assert_eq!(answer["in_effect"], true);
    let history = env.json(&["consent", "history", "--pupil", "1001"]);
    assert_eq!(assert_to_the_second(&history, "history"), 1);
}

#[test]
fn the_audit_trail_is_written_and_read_to_the_second() {
    let env = Env::with_clock(NOW, "f.jansen");
    let breach = env.json(&["breach", "add", "--title", "Laptop kwijt"]);
    let id = breach["id"].as_str().unwrap();
    // A row from before times were kept to the second.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "INSERT INTO audit (at, user, entity, record_id, field, old_value, new_value)
         VALUES ('2026-11-23T09:00:00.123456789+00:00', 'fg', 'breach', ?1, 'title', 'a', 'b')",
        [id],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&env.db, "fg").unwrap();
    let trail = store.audit_trail("breach", id).unwrap();
    assert_eq!(
        trail[0].at, "2026-11-23T09:00:00+00:00",
        "written to the second"
    );
    let json = serde_json::to_value(&trail).unwrap();
    let ats: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert!(ats.len() >= 2, "{ats:?}");
    assert!(
        ats.iter().all(|at| at.len() == 25 && !at.contains('.')),
        "{ats:?}"
    );
    assert_eq!(ats.last(), Some(&"2026-11-23T09:00:00+00:00"));
}

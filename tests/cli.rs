//! The command line as a script sees it: the real `avgdesk` binary, run with a fixed clock
//! (`AVGDESK_NOW`), a fixed user, a database in a temporary folder and an empty config file, so
//! neither the developer's own config nor their data can leak in.

mod common;

use assert_cmd::Command;
use common::cli::{fails_with, ids, stdout_of, Env};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";

/// The fields every request in JSON has (issue 2, section 7); add freely, never remove.
const REQUIRED_FIELDS: &[&str] = &[
    "id",
    "kind",
    "received",
    "status",
    "due",
    "legal_due",
    "policy_due",
    "days_left",
    "extended",
    "notice_due",
    "notice_legal_due",
    "paused_days",
];

const DATE_FIELDS: &[&str] = &[
    "received",
    "due",
    "legal_due",
    "policy_due",
    "notice_due",
    "notice_legal_due",
    "extended_legal_due",
    "extended_policy_due",
    "extended_due",
    "due_without_pauses",
];

impl Env {
    /// A private world for one test (see `common::cli`), at [`NOW`] as [`USER`].
    fn new() -> Env {
        Env::with_clock(NOW, USER)
    }

    fn show(&self, id: &str) -> Value {
        self.json(&["request", "show", id])
    }

    fn list(&self, extra: &[&str]) -> Vec<Value> {
        self.rows(&[&["request", "list"], extra].concat())
    }

    /// Logs a request and returns its id.
    fn add(&self, kind: &str, received: &str, requester: &str) -> String {
        let v = self.json(&[
            "request",
            "add",
            "--kind",
            kind,
            "--received",
            received,
            "--requester",
            requester,
        ]);
        v["id"].as_str().unwrap().to_string()
    }
}

/// The binary with the fixed clock and user and nothing else from the developer's environment.
fn bare_cmd() -> Command {
    common::cli::bare_cmd(NOW, USER)
}

/// The value on the text line that starts with `label`.
fn text_line<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{text}"))
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn assert_request_shape(v: &Value) {
    for f in REQUIRED_FIELDS {
        assert!(v.get(f).is_some(), "field {f} missing in {v:#}");
    }
    for f in DATE_FIELDS {
        let s = v[f]
            .as_str()
            .unwrap_or_else(|| panic!("{f} is not a string: {v:#}"));
        assert!(is_iso_date(s), "{f} = {s:?} is not YYYY-MM-DD");
    }
    assert!(v["days_left"].is_i64(), "{v:#}");
    assert!(v["paused_days"].is_u64(), "{v:#}");
    assert!(v["extended"].is_boolean(), "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// deadline

#[test]
fn deadline_text_worked_example_good_friday_and_easter_monday() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args(["deadline", "--received", "2026-03-03"]));
    assert!(text_line(&out, "received").contains("2026-03-03"), "{out}");
    assert!(text_line(&out, "legal_due").contains("2026-04-07"), "{out}");
    assert!(
        text_line(&out, "policy_due (4w)").contains("2026-03-31"),
        "{out}"
    );
    assert!(text_line(&out, "due ").contains("2026-03-31"), "{out}");
    assert!(
        text_line(&out, "notice_due").contains("2026-03-31"),
        "{out}"
    );
    for label in ["extended_legal_due", "extended_policy_due", "extended_due"] {
        text_line(&out, label);
    }
}

#[test]
fn deadline_json_worked_examples() {
    let env = Env::new();
    let v = env.json(&["deadline", "--received", "2026-03-03"]);
    assert_eq!(v["received"], "2026-03-03");
    assert_eq!(v["policy"], "4w");
    assert_eq!(v["legal_due"], "2026-04-07");
    assert_eq!(v["policy_due"], "2026-03-31");
    assert_eq!(v["due"], "2026-03-31");
    assert_eq!(v["notice_due"], "2026-03-31");

    let v = env.json(&["deadline", "--received", "2025-01-31"]);
    assert_eq!(v["legal_due"], "2025-02-28");
    assert_eq!(v["policy_due"], "2025-02-28");
    assert_eq!(v["due"], "2025-02-28");
    assert_eq!(v["extended_legal_due"], "2025-04-30");
    assert_eq!(v["extended_policy_due"], "2025-04-28");
    assert_eq!(v["extended_due"], "2025-04-28");
}

#[test]
fn deadline_with_a_months_policy_from_the_flag_or_the_config() {
    let env = Env::new();
    // 3 March + 1 month = Good Friday 3 April, rolled past Easter to Tue 7 April.
    let v = env.json(&["deadline", "--received", "2026-03-03", "--policy", "1m"]);
    assert_eq!(v["policy"], "1m");
    assert_eq!(v["policy_due"], "2026-04-07");
    assert_eq!(v["legal_due"], "2026-04-07");
    assert_eq!(v["due"], "2026-04-07");
    // With a months period the extension is received + (1 + 2) months: Wed 3 June.
    assert_eq!(v["extended_policy_due"], "2026-06-03");
    assert_eq!(v["extended_legal_due"], "2026-06-03");

    std::fs::write(&env.config, "policy_period = \"1m\"\n").unwrap();
    let v = env.json(&["deadline", "--received", "2026-03-03"]);
    assert_eq!(v["policy"], "1m");
    assert_eq!(v["policy_due"], "2026-04-07");
    // The flag wins over the config.
    let v = env.json(&["deadline", "--received", "2026-03-03", "--policy", "4w"]);
    assert_eq!(v["policy_due"], "2026-03-31");
}

#[test]
fn deadline_bad_policy_is_a_usage_error_naming_the_flag() {
    let env = Env::new();
    let err = env.fails(
        &["deadline", "--received", "2026-03-03", "--policy", "3d"],
        2,
    );
    assert!(err.contains("--policy"), "{err}");
    assert!(err.contains("3d"), "{err}");
    assert!(err.contains("4w") && err.contains("1m"), "{err}");
}

#[test]
fn bad_dates_are_usage_errors_naming_the_flag_and_the_format() {
    let env = Env::new();
    for bad in ["2026-02-30", "yesterday", "2026-13-01"] {
        let err = env.fails(&["deadline", "--received", bad], 2);
        assert!(err.contains("--received"), "{bad}: {err}");
        assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
    }
    let err = env.fails(
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--requester",
            "J",
            "--received",
            "3 maart",
        ],
        2,
    );
    assert!(
        err.contains("--received") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let err = env.fails(
        &[
            "request",
            "pause",
            "V-2026-0001",
            "--reason",
            "x",
            "--on",
            "soon",
        ],
        2,
    );
    assert!(err.contains("--on") && err.contains("YYYY-MM-DD"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// request add / show

#[test]
fn add_returns_the_first_id_and_both_deadlines() {
    let env = Env::new();
    let v = env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-02",
        "--requester",
        "J. de Vries",
        "--pupil",
        "Sanne de Vries",
        "--channel",
        "letter",
        "--summary",
        "Copy of the pupil file",
    ]);
    assert_request_shape(&v);
    assert_eq!(v["id"], "V-2026-0001");
    assert_eq!(v["kind"], "access");
    assert_eq!(v["received"], "2026-11-02");
    assert_eq!(v["status"], "new");
    // Monday 2 November + 4 weeks = Monday 30 November; + 1 month = Wednesday 2 December.
    assert_eq!(v["policy_due"], "2026-11-30");
    assert_eq!(v["legal_due"], "2026-12-02");
    assert_eq!(v["due"], "2026-11-30");
    assert_eq!(v["notice_due"], "2026-11-30");
    assert_eq!(v["days_left"], 7);
    assert_eq!(v["extended"], false);
    assert_eq!(v["paused_days"], 0);
    assert_eq!(v["channel"], "letter");
    assert_eq!(v["pupil"]["name"], "Sanne de Vries");
    assert_eq!(v["summary"], "Copy of the pupil file");

    // Stored: `show` reads the same back, and the next id follows.
    let shown = env.show("V-2026-0001");
    assert_request_shape(&shown);
    assert_eq!(shown, v);
    assert_eq!(env.add("access", "2026-11-20", "P. Bakker"), "V-2026-0002");
}

#[test]
fn add_without_json_prints_one_line() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args([
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-02",
        "--requester",
        "J",
    ]));
    assert!(out.contains("V-2026-0001"), "{out}");
    assert!(out.contains("2026-11-30"), "{out}");
    assert!(out.contains("7 days left"), "{out}");
}

#[test]
fn received_defaults_to_today_in_the_boards_time_zone() {
    let env = Env::new();
    let v = env.json(&["request", "add", "--kind", "access", "--requester", "J"]);
    assert_eq!(v["received"], "2026-11-23");
    // 23:30 UTC on 23 November is already 24 November in Amsterdam: not in the future.
    let v: Value = serde_json::from_slice(
        &env.cmd()
            .env("AVGDESK_NOW", "2026-11-23T23:30:00Z")
            .args([
                "request",
                "add",
                "--kind",
                "access",
                "--requester",
                "K",
                "--received",
                "2026-11-24",
                "--json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["received"], "2026-11-24");
}

#[test]
fn role_defaults_to_unknown_as_the_form_does() {
    let env = Env::new();
    // A pupil of 16 on the day of receipt: a guessed "parent" would raise a false flag.
    let base = [
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-02",
        "--requester",
        "S. de Vries",
        "--pupil",
        "Sanne",
        "--pupil-birth-date",
        "2010-06-01",
    ];
    let v = env.json(&base);
    assert_eq!(v["requester"]["role"], Value::Null, "{v:#}");
    assert_eq!(v["flags"], serde_json::json!([]), "{v:#}");
    let id = v["id"].as_str().unwrap().to_string();
    let text = env.stdout(&["request", "show", &id]);
    assert!(
        text_line(&text, "requester").contains("(role unknown)"),
        "{text}"
    );

    // `unknown` (and the Dutch `onbekend`) are accepted values; the three roles still are.
    for (role, stored) in [
        ("unknown", Value::Null),
        ("onbekend", Value::Null),
        ("parent", Value::from("parent")),
        ("pupil", Value::from("pupil")),
        ("other", Value::from("other")),
    ] {
        let v = env.json(&[&base[..], &["--role", role]].concat());
        assert_eq!(v["requester"]["role"], stored, "--role {role}");
    }
    // The parent of a pupil of 16 is flagged only when the role says parent.
    let v = env.json(&[&base[..], &["--role", "parent"]].concat());
    assert_eq!(v["flags"], serde_json::json!(["parent_for_pupil16_plus"]));

    let err = env.fails(&[&base[..], &["--role", "grandparent"]].concat(), 2);
    assert!(
        err.contains("parent, pupil, other, unknown"),
        "the accepted values are listed: {err}"
    );
    let help = env.stdout(&["request", "add", "--help"]);
    assert!(help.contains("[default: unknown]"), "{help}");
}

#[test]
fn dutch_aliases_are_accepted_and_stored_as_codes() {
    let env = Env::new();
    let v = env.json(&[
        "request",
        "add",
        "--kind",
        "inzage",
        "--role",
        "leerling",
        "--channel",
        "brief",
        "--received",
        "2026-11-02",
        "--requester",
        "Daan",
    ]);
    assert_eq!(v["kind"], "access");
    assert_eq!(v["channel"], "letter");
    assert_eq!(v["requester"]["role"], "pupil");
    let v = env.json(&[
        "request",
        "add",
        "--kind",
        "Verwijdering",
        "--requester",
        "J",
    ]);
    assert_eq!(v["kind"], "erasure");
    let v = env.json(&[
        "request",
        "decide",
        "V-2026-0001",
        "--decision",
        "afgewezen",
        "--reason",
        "wettelijke bewaarplicht",
    ]);
    assert_eq!(v["decision"], "refused");
}

// ---------------------------------------------------------------------------------------------
// the lifecycle

#[test]
fn full_lifecycle_pause_resume_extend_note_decide_close() {
    let env = Env::new();
    let id = env.add("access", "2026-11-02", "J. de Vries");
    assert_eq!(id, "V-2026-0001");

    // Paused from Thursday 5 November: an open pause counts up to today (18 days).
    let v = env.json(&[
        "request",
        "pause",
        &id,
        "--reason",
        "waiting for identification",
        "--on",
        "2026-11-05",
    ]);
    assert_request_shape(&v);
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["paused"], true);
    assert_eq!(v["paused_days"], 18);
    // 2 Nov + 18 days = Fri 20 Nov; + 4 weeks = Fri 18 Dec; + 1 month = Sun 20 Dec -> Mon 21 Dec.
    assert_eq!(v["policy_due"], "2026-12-18");
    assert_eq!(v["legal_due"], "2026-12-21");
    assert_eq!(v["due"], "2026-12-18");
    assert_eq!(v["days_left"], 25);
    assert_eq!(v["due_without_pauses"], "2026-11-30");
    assert_eq!(env.show(&id), v);

    // A second pause while paused is refused.
    let err = env.fails(&["request", "pause", &id, "--reason", "again"], 1);
    assert!(err.contains("already paused"), "{err}");

    // Resumed on Tuesday 10 November: 5 paused days.
    let v = env.json(&["request", "resume", &id, "--on", "2026-11-10"]);
    assert_eq!(v["status"], "in_progress");
    assert_eq!(v["paused"], false);
    assert_eq!(v["paused_days"], 5);
    // 2 Nov + 5 = Sat 7 Nov; + 4 weeks = Sat 5 Dec -> Mon 7 Dec; + 1 month = Mon 7 Dec.
    assert_eq!(v["policy_due"], "2026-12-07");
    assert_eq!(v["legal_due"], "2026-12-07");
    assert_eq!(v["due"], "2026-12-07");
    assert_eq!(v["notice_due"], "2026-12-07");
    assert_eq!(v["days_left"], 14);
    assert_eq!(v["due_without_pauses"], "2026-11-30");
    assert_eq!(v["pauses"][0]["from"], "2026-11-05");
    assert_eq!(v["pauses"][0]["to"], "2026-11-10");
    assert_eq!(v["pauses"][0]["reason"], "waiting for identification");
    assert_eq!(env.show(&id), v);

    // Extension without a reason is a usage error; with one the extended deadline counts.
    let err = env.fails(&["request", "extend", &id], 2);
    assert!(err.contains("--reason"), "{err}");
    let v = env.json(&[
        "request",
        "extend",
        &id,
        "--reason",
        "records at three schools",
    ]);
    assert_eq!(v["extended"], true);
    // (Sat 5 Dec unrolled) + 2 months = Fri 5 Feb 2027; legal: 7 Nov + 3 months = Sun 7 Feb -> Mon 8 Feb.
    assert_eq!(v["extended_policy_due"], "2027-02-05");
    assert_eq!(v["extended_legal_due"], "2027-02-08");
    assert_eq!(v["extended_due"], "2027-02-05");
    assert_eq!(v["due"], v["extended_due"]);
    assert_eq!(v["days_left"], 74);
    assert_eq!(v["extension_date"], "2026-11-23");
    assert_eq!(v["extension_reason"], "records at three schools");
    // The non-extended deadlines are still shown.
    assert_eq!(v["legal_due"], "2026-12-07");
    assert_eq!(v["notice_due"], "2026-12-07");
    assert_eq!(env.show(&id), v);
    let err = env.fails(&["request", "extend", &id, "--reason", "again"], 1);
    assert!(err.contains("already extended"), "{err}");

    // A note lands on the timeline with the user and the local time.
    let v = env.json(&["request", "note", &id, "Called the parent about the scope"]);
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["text"], "Called the parent about the scope");
    assert_eq!(notes[0]["author"], USER);
    let text = stdout_of(env.cmd().args(["request", "show", &id]));
    assert!(
        text.contains("2026-11-23 10:00 f.jansen: Called the parent about the scope"),
        "note time must be local (Amsterdam), as in the app:\n{text}"
    );

    // A refusal needs a reason: nothing is saved without one.
    let err = env.fails(&["request", "decide", &id, "--decision", "refused"], 1);
    assert!(err.contains("reason"), "{err}");
    let v = env.show(&id);
    assert_eq!(v["status"], "in_progress");
    assert_eq!(v["decision"], Value::Null);

    // Closing before deciding is refused.
    let err = env.fails(&["request", "close", &id], 1);
    assert!(err.contains("decide"), "{err}");

    let v = env.json(&[
        "request",
        "decide",
        &id,
        "--decision",
        "refused",
        "--reason",
        "legal duty to keep the data",
    ]);
    assert_eq!(v["status"], "decided");
    assert_eq!(v["decision"], "refused");
    assert_eq!(v["decision_reason"], "legal duty to keep the data");
    assert_eq!(v["decision_date"], "2026-11-23");
    assert_eq!(env.show(&id), v);

    let v = env.json(&["request", "close", &id]);
    assert_eq!(v["status"], "closed");
    assert_eq!(env.show(&id)["status"], "closed");

    // A closed request takes no more changes.
    let err = env.fails(&["request", "pause", &id, "--reason", "x"], 1);
    assert!(err.contains("closed"), "{err}");
}

#[test]
fn extension_is_refused_once_the_legal_notice_day_passed() {
    let env = Env::new();
    // Received Tue 1 September: operative deadline (= the board's notice day) Tue 29
    // September, the legal one (the law's notice day) Thu 1 October.
    let id = env.add("access", "2026-09-01", "J");
    let err = env.fails(
        &["request", "extend", &id, "--reason", "complex after all"],
        1,
    );
    assert!(err.contains("extension refused"), "{err}");
    assert!(err.contains("art. 12(3)"), "{err}");
    assert!(err.contains("2026-10-01"), "{err}");
    assert!(err.contains("passed"), "{err}");
    let v = env.show(&id);
    assert_eq!(v["extended"], false);
    assert_eq!(v["extension_reason"], Value::Null);
    assert_eq!(v["due"], "2026-09-29");
    assert_eq!(v["days_left"], -55);
    assert_eq!(v["notice_due"], "2026-09-29");
    assert_eq!(v["notice_legal_due"], "2026-10-01");
}

/// Received Tue 3 March 2026: the board's notice day Tue 31 March, the law's Tue 7 April
/// (3 April is Good Friday, then Easter): extending in between is allowed with a warning.
#[test]
fn extension_between_the_boards_and_the_legal_notice_day_is_allowed_with_a_warning() {
    let env = Env::new().at("2026-03-20T10:00:00+01:00");
    let ids: Vec<String> = (0..5)
        .map(|_| env.add("access", "2026-03-03", "J"))
        .collect();
    let v = env.show(&ids[0]);
    assert_eq!(v["notice_due"], "2026-03-31");
    assert_eq!(v["notice_legal_due"], "2026-04-07");
    let text = env.stdout(&["request", "show", &ids[0]]);
    assert!(
        text_line(&text, "notice_due").contains("2026-03-31"),
        "{text}"
    );
    assert!(
        text_line(&text, "notice_legal_due").contains("2026-04-07"),
        "{text}"
    );

    // (now, request, allowed, warned): the board's day itself, the day after, the legal day
    // itself ("uiterlijk": still allowed), the day after that.
    for (now, id, allowed, warned) in [
        ("2026-03-31T16:00:00+02:00", &ids[1], true, false),
        ("2026-04-01T09:00:00+02:00", &ids[2], true, true),
        ("2026-04-07T23:59:00+02:00", &ids[3], true, true),
        ("2026-04-08T00:01:00+02:00", &ids[4], false, false),
    ] {
        let out = env
            .cmd_at(now)
            .args([
                "request",
                "extend",
                id,
                "--reason",
                "veel dossiers",
                "--json",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.success(), allowed, "{now}: {stderr}");
        let v = env.json_at(now, &["request", "show", id]);
        assert_eq!(v["extended"], allowed, "{now}");
        assert_eq!(
            stderr.contains("warning: extension") && stderr.contains("d past policy"),
            warned,
            "{now}: {stderr}"
        );
        if warned {
            assert!(stderr.contains("2026-03-31"), "{stderr}");
            assert!(stderr.contains("2026-04-07"), "{stderr}");
        }
        if allowed {
            let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(shown["extended_due"], "2026-06-01", "{now}");
            // The board's date stays what it was; the law's is beside it.
            assert_eq!(shown["notice_due"], "2026-03-31");
            assert_eq!(shown["notice_legal_due"], "2026-04-07");
        } else {
            assert!(stderr.contains("extension refused"), "{stderr}");
            assert!(stderr.contains("2026-04-07"), "{stderr}");
        }
    }
}

#[test]
fn deadline_shows_both_notice_days() {
    let env = Env::new();
    let v = env.json(&["deadline", "--received", "2026-03-03"]);
    assert_eq!(v["notice_due"], "2026-03-31");
    assert_eq!(v["notice_legal_due"], "2026-04-07");
    let out = stdout_of(env.cmd().args(["deadline", "--received", "2026-03-03"]));
    assert!(
        text_line(&out, "notice_legal_due").contains("2026-04-07"),
        "{out}"
    );
}

/// Received Tue 3 March 2026, due Tue 31 March; identification asked for on 5 March and the
/// pause recorded on 20 April: true, so accepted. A pause that starts after the deadline is not.
#[test]
fn a_pause_recorded_late_that_began_on_time_is_accepted() {
    let env = Env::new().at("2026-03-04T10:00:00+01:00");
    let late = env.add("access", "2026-03-03", "J");
    let on_deadline = env.add("access", "2026-03-03", "K");
    let after = env.add("access", "2026-03-03", "L");
    let env = env.at("2026-04-20T11:00:00+02:00");
    assert_eq!(env.show(&late)["days_left"], -20);

    let v = env.json(&[
        "request",
        "pause",
        &late,
        "--reason",
        "identificatie gevraagd",
        "--on",
        "2026-03-05",
    ]);
    assert_request_shape(&v);
    assert_eq!(v["paused"], true);
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["pauses"][0]["from"], "2026-03-05");
    assert_eq!(v["pauses"][0]["to"], Value::Null);
    // The clock stood still from 5 March to today.
    assert_eq!(v["paused_days"], 46);
    assert_eq!(v["due_without_pauses"], "2026-03-31");
    assert!(v["days_left"].as_i64().unwrap() > 0, "{v:#}");
    // The identification came back on 10 March: five days.
    let v = env.json(&["request", "resume", &late, "--on", "2026-03-10"]);
    assert_eq!(v["paused_days"], 5);
    assert_eq!(v["due"], "2026-04-07");

    // "Uiterlijk": the deadline day itself is still a start on time.
    let v = env.json(&[
        "request",
        "pause",
        &on_deadline,
        "--reason",
        "verduidelijking gevraagd",
        "--on",
        "2026-03-31",
    ]);
    assert_eq!(v["pauses"][0]["from"], "2026-03-31");

    // A pause that starts after the deadline stays refused, and nothing changes.
    let before = env.show(&after);
    for on in ["2026-04-01", "2026-04-20"] {
        let err = env.fails(
            &[
                "request", "pause", &after, "--reason", "te laat", "--on", on,
            ],
            1,
        );
        assert!(err.contains("2026-03-31"), "{on}: {err}");
        assert!(err.contains("already passed"), "{on}: {err}");
    }
    let err = env.fails(&["request", "pause", &after, "--reason", "te laat"], 1);
    assert!(err.contains("already passed"), "today: {err}");
    assert_eq!(env.show(&after), before);
}

#[test]
fn a_blank_note_is_refused_with_one_clear_message() {
    let env = Env::new();
    let id = env.add("access", "2026-11-02", "J");
    let err = env.fails(&["request", "note", &id, "  "], 1);
    assert!(err.contains("note is required"), "{err}");
    assert_eq!(
        err.matches("note is required").count(),
        1,
        "message repeated: {err}"
    );
    assert_eq!(env.show(&id)["notes"], serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// list

#[test]
fn list_is_most_urgent_first_and_filters() {
    let env = Env::new();
    let later = env.add("access", "2026-11-20", "Later"); // due 18 Dec, 25 days
    let overdue = env.add("erasure", "2026-09-01", "Overdue"); // due 29 Sep, -55 days
    let soon = env.add("objection", "2026-11-10", "Soon"); // due 8 Dec, 15 days
    let decided = env.add("access", "2026-09-02", "Decided"); // overdue but answered
    let closed = env.add("other", "2026-11-16", "Closed");
    env.json(&["request", "decide", &decided, "--decision", "granted"]);
    env.json(&["request", "decide", &closed, "--decision", "withdrawn"]);
    env.json(&["request", "close", &closed]);

    let rows = env.list(&[]);
    for r in &rows {
        assert_request_shape(r);
    }
    // Awaiting an answer by days left (overdue on top), then decided ones; closed hidden.
    assert_eq!(ids(&rows), [&overdue, &soon, &later, &decided]);
    assert_eq!(rows[0]["days_left"], -55);
    assert_eq!(rows[1]["days_left"], 15);
    assert_eq!(rows[2]["days_left"], 25);
    let days: Vec<i64> = rows[..3]
        .iter()
        .map(|r| r["days_left"].as_i64().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");

    // Only requests still awaiting an answer past their deadline.
    let rows = env.list(&["--overdue"]);
    assert_eq!(ids(&rows), [&overdue]);

    let rows = env.list(&["--all"]);
    assert_eq!(ids(&rows), [&overdue, &soon, &later, &decided, &closed]);
    assert_eq!(rows[4]["status"], "closed");

    // The text form lists the same requests.
    let text = stdout_of(env.cmd().args(["request", "list"]));
    assert!(text.starts_with("id"), "{text}");
    assert!(text.contains(&overdue) && !text.contains(&closed), "{text}");
    let pos = |id: &str| text.find(id).unwrap();
    assert!(
        pos(&overdue) < pos(&soon) && pos(&soon) < pos(&later),
        "{text}"
    );
}

#[test]
fn an_empty_database_lists_an_empty_array() {
    let env = Env::new();
    assert!(env.list(&[]).is_empty());
    assert!(env.list(&["--all", "--overdue"]).is_empty());
}

// ---------------------------------------------------------------------------------------------
// recipients (art. 19)

#[test]
fn granted_erasure_cannot_close_until_every_recipient_is_told() {
    let env = Env::new();
    let id = env.add("erasure", "2026-11-16", "J. de Vries");
    let v = env.json(&["request", "recipient", &id, "ParnasSys"]);
    assert_eq!(v["recipients"][0]["name"], "ParnasSys");
    assert_eq!(v["recipients"][0]["notified_on"], Value::Null);
    assert!(
        v["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("recipients_pending")),
        "{v:#}"
    );
    env.json(&["request", "decide", &id, "--decision", "granted"]);

    let err = env.fails(&["request", "close", &id], 1);
    assert!(err.contains("art. 19"), "{err}");
    assert!(err.contains("1 not yet notified"), "{err}");
    assert_eq!(env.show(&id)["status"], "decided");

    // An unknown recipient is named, with the ones that exist.
    let err = env.fails(&["request", "told", &id, "Magister"], 1);
    assert!(
        err.contains("Magister") && err.contains("ParnasSys"),
        "{err}"
    );

    // Names match case-insensitively.
    let v = env.json(&["request", "told", &id, "parnassys"]);
    assert_eq!(v["recipients"][0]["notified_on"], "2026-11-23");
    assert!(
        !v["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("recipients_pending")),
        "{v:#}"
    );
    let v = env.json(&["request", "close", &id]);
    assert_eq!(v["status"], "closed");
}

#[test]
fn a_granted_erasure_without_recipients_closes_once_no_one_is_recorded() {
    let env = Env::new();
    let id = env.add("erasure", "2026-11-16", "J. de Vries");
    let v = env.show(&id);
    assert_eq!(v["recipients_none"], false);
    assert_eq!(v["recipients_none_on"], Value::Null);
    let v = env.json(&["request", "decide", &id, "--decision", "granted"]);
    let flags = v["flags"].as_array().unwrap().clone();
    assert!(
        flags.contains(&Value::from("recipients_unanswered")),
        "{v:#}"
    );

    let err = env.fails(&["request", "close", &id], 1);
    assert!(err.contains("art. 19") && err.contains("no one"), "{err}");
    assert_eq!(env.show(&id)["status"], "decided");

    let v = env.json(&["request", "recipient", &id, "--none"]);
    assert_eq!(v["recipients_none"], true);
    assert_eq!(v["recipients_none_on"], "2026-11-23");
    assert!(v["flags"].as_array().unwrap().is_empty(), "{v:#}");
    let text = env.stdout(&["request", "show", &id]);
    assert!(text.contains("disclosed to no one"), "{text}");

    let v = env.json(&["request", "close", &id]);
    assert_eq!(v["status"], "closed");
}

#[test]
fn no_one_and_a_named_recipient_exclude_each_other() {
    let env = Env::new();
    let id = env.add("rectification", "2026-11-16", "J");
    // Both, or neither, is a usage error.
    env.fails(&["request", "recipient", &id, "GGD", "--none"], 2);
    env.fails(&["request", "recipient", &id], 2);

    env.json(&["request", "recipient", &id, "GGD"]);
    let err = env.fails(&["request", "recipient", &id, "--none"], 1);
    assert!(err.contains("1 recipient(s) are listed"), "{err}");

    // "No one" first, then a recipient after all: the answer becomes the recipient.
    let id = env.add("restriction", "2026-11-16", "J");
    assert_eq!(
        env.json(&["request", "recipient", &id, "--none"])["recipients_none"],
        true
    );
    let v = env.json(&["request", "recipient", &id, "Ouderapp"]);
    assert_eq!(v["recipients_none"], false);
    assert_eq!(v["recipients"][0]["name"], "Ouderapp");

    // Access requests have no recipients to ask about.
    let id = env.add("access", "2026-11-16", "J");
    let err = env.fails(&["request", "recipient", &id, "--none"], 1);
    assert!(err.contains("art. 19"), "{err}");
}

#[test]
fn told_is_idempotent_and_undo_puts_a_recipient_back_to_pending() {
    let env = Env::new();
    let id = env.add("rectification", "2026-11-16", "J");
    env.json(&["request", "recipient", &id, "GGD"]);
    env.json(&["request", "told", &id, "GGD"]);
    let v = env.json(&["request", "told", &id, "GGD"]);
    assert_eq!(
        v["recipients"][0]["notified_on"], "2026-11-23",
        "told twice stays told"
    );
    let v = env.json(&["request", "told", &id, "GGD", "--undo"]);
    assert_eq!(v["recipients"][0]["notified_on"], Value::Null);
    env.json(&[
        "request",
        "decide",
        &id,
        "--decision",
        "partly_granted",
        "--reason",
        "part",
    ]);
    env.fails(&["request", "close", &id], 1);
}

// ---------------------------------------------------------------------------------------------
// errors

#[test]
fn unknown_kind_is_a_usage_error_listing_the_accepted_kinds() {
    let env = Env::new();
    let err = env.fails(
        &["request", "add", "--kind", "complaint", "--requester", "J"],
        2,
    );
    assert!(err.contains("--kind"), "{err}");
    assert!(err.contains("complaint"), "{err}");
    for kind in [
        "access",
        "rectification",
        "erasure",
        "restriction",
        "portability",
        "objection",
        "other",
    ] {
        assert!(err.contains(kind), "{kind} not listed: {err}");
    }
    // Refused before anything was opened.
    assert!(!env.db.exists());
}

#[test]
fn unknown_decision_lists_the_accepted_ones() {
    let env = Env::new();
    let id = env.add("access", "2026-11-02", "J");
    let err = env.fails(&["request", "decide", &id, "--decision", "maybe"], 2);
    assert!(err.contains("--decision"), "{err}");
    for d in ["granted", "partly_granted", "refused", "withdrawn"] {
        assert!(err.contains(d), "{err}");
    }
}

#[test]
fn unknown_id_exits_1_saying_so() {
    let env = Env::new();
    env.add("access", "2026-11-02", "J");
    for args in [
        vec!["request", "show", "V-2026-0099"],
        vec!["request", "extend", "V-2026-0099", "--reason", "x"],
        vec!["request", "note", "V-2026-0099", "hello"],
        vec!["request", "told", "V-2026-0099", "GGD"],
    ] {
        let err = env.fails(&args, 1);
        assert!(
            err.contains("no request with id V-2026-0099"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_future_received_date_is_refused_naming_the_field() {
    let env = Env::new();
    let err = env.fails(
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--requester",
            "J",
            "--received",
            "2026-11-24",
        ],
        1,
    );
    assert!(err.contains("received"), "{err}");
    assert!(
        err.contains("2026-11-24") && err.contains("future"),
        "{err}"
    );
    assert!(env.list(&["--all"]).is_empty());
}

#[test]
fn an_invalid_avgdesk_now_is_refused_with_an_example() {
    let env = Env::new();
    let err = fails_with(
        env.cmd()
            .env("AVGDESK_NOW", "next tuesday")
            .args(["request", "list"]),
        1,
    );
    assert!(err.contains("AVGDESK_NOW"), "{err}");
    assert!(err.contains("next tuesday"), "{err}");
    assert!(err.contains("RFC 3339"), "{err}");
}

#[test]
fn a_malformed_config_names_the_line_and_the_key() {
    let env = Env::new();
    std::fs::write(
        &env.config,
        "theme = \"default\"\npolicy_period = \"3d\"\nlanguage = \"nl\"\n",
    )
    .unwrap();
    for args in [
        vec!["request", "list"],
        vec!["deadline", "--received", "2026-03-03"],
    ] {
        let err = env.fails(&args, 1);
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("policy_period"), "{err}");
        assert!(err.contains("3d"), "{err}");
        assert!(err.contains("config.toml"), "the file is named: {err}");
    }

    std::fs::write(&env.config, "theme = \"default\"\ncolour = \"red\"\n").unwrap();
    let err = env.fails(&["request", "list"], 1);
    assert!(err.contains("line 2") && err.contains("colour"), "{err}");
}

#[test]
fn an_explicit_config_path_that_does_not_exist_is_an_error() {
    let env = Env::new();
    let missing = env.path("nope.toml");
    let err = fails_with(
        bare_cmd()
            .arg("--config")
            .arg(&missing)
            .args(["deadline", "--received", "2026-03-03"]),
        1,
    );
    assert!(err.contains("cannot read config file"), "{err}");
    assert!(err.contains("nope.toml"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "cause repeated: {err}");
}

#[test]
fn a_database_from_a_newer_avgdesk_is_refused_and_left_untouched() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        // Marked as avgdesk's, as every avgdesk database is.
        conn.execute_batch(
            "CREATE TABLE future (x TEXT); PRAGMA user_version = 999;
             PRAGMA application_id = 1096173380;",
        )
        .unwrap();
    }
    let before = std::fs::read(&env.db).unwrap();
    for args in [
        vec!["request", "list"],
        vec!["request", "add", "--kind", "access", "--requester", "J"],
    ] {
        let err = env.fails(&args, 1);
        assert!(err.contains("newer avgdesk"), "{err}");
        assert!(err.contains("999"), "{err}");
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before, "the file changed");
    // Not even switched to WAL.
    assert!(!env.path("avgdesk.db-wal").exists());
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 999);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_clearly() {
    let env = Env::new();
    std::fs::write(&env.db, "this is a text file, not SQLite\n".repeat(100)).unwrap();
    let before = std::fs::read(&env.db).unwrap();
    let err = env.fails(&["request", "list"], 1);
    assert!(err.contains("not an avgdesk database"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn a_database_error_is_reported_once() {
    // An avgdesk database that claims version 1 but lacks the tables: the problem is named in
    // words, once, not as SQLite's message repeated through the error chain.
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(
            "CREATE TABLE other (x TEXT); PRAGMA user_version = 1;
             PRAGMA application_id = 1096173380;",
        )
        .unwrap();
    }
    let err = env.fails(&["request", "list"], 1);
    let missing = "not a usable avgdesk database: the table";
    assert!(err.contains(missing), "{err}");
    assert_eq!(err.matches(missing).count(), 1, "repeated: {err}");
    assert!(!err.contains("no such table"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// files, demo, the app

#[cfg(unix)]
#[test]
fn the_database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let db = env.path("data/avgdesk/avgdesk.db");
    bare_cmd()
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&db)
        .args(["request", "add", "--kind", "access", "--requester", "J"])
        .assert()
        .success();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600, "database file mode");
    assert_eq!(mode(db.parent().unwrap()), 0o700, "database folder mode");

    env.add("access", "2026-11-02", "J");
    assert_eq!(mode(&env.db), 0o600);
}

#[test]
fn the_database_can_come_from_avgdesk_db() {
    let env = Env::new();
    let mut cmd = bare_cmd();
    cmd.env("AVGDESK_DB", &env.db)
        .arg("--config")
        .arg(&env.config)
        .args(["request", "add", "--kind", "access", "--requester", "J"])
        .assert()
        .success();
    assert!(env.db.exists());
    assert_eq!(env.list(&[]).len(), 1);
}

#[test]
fn demo_lists_a_living_queue_without_touching_the_real_database() {
    let env = Env::new();
    let rows = env.list_demo();
    assert!(rows.len() >= 5, "{} demo requests", rows.len());
    for r in &rows {
        assert_request_shape(r);
    }
    assert!(
        rows.iter().any(|r| r["days_left"].as_i64().unwrap() < 0
            && !matches!(r["status"].as_str(), Some("decided" | "closed"))),
        "no overdue request"
    );
    assert!(rows.iter().any(|r| r["extended"] == true), "none extended");
    assert!(rows.iter().any(|r| r["paused"] == true), "none paused");
    assert!(
        rows.iter().any(|r| r["paused_days"].as_u64().unwrap() > 0),
        "no paused days"
    );
    let kinds: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert!(kinds.len() >= 4, "kinds: {kinds:?}");
    assert!(!env.db.exists(), "--demo wrote to --db");
}

impl Env {
    fn list_demo(&self) -> Vec<Value> {
        let out = self
            .cmd()
            .args(["--demo", "request", "list", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<Vec<Value>>(&out).unwrap()
    }
}

#[test]
fn the_app_without_a_terminal_says_it_needs_one() {
    let env = Env::new();
    let out = env.cmd().assert().failure().get_output().clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("terminal"), "{err}");
    assert!(
        err.contains("request list"),
        "points to the commands: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1));
    // And with --demo too.
    let out = env
        .cmd()
        .arg("--demo")
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("terminal") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn help_and_config_example_work_without_any_setup() {
    bare_cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("deadline").and(predicate::str::contains("request")));
    let env = Env::new();
    let example = stdout_of(env.cmd().arg("config-example"));
    assert!(example.contains("policy_period"), "{example}");
    // The printed example is itself a valid config.
    std::fs::write(&env.config, &example).unwrap();
    env.json(&["deadline", "--received", "2026-03-03"]);
}

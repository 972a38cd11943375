//! The breach register from the command line, as a script sees it: the real `avgdesk` binary with
//! a fixed clock (`AVGDESK_NOW`), a fixed user, a database in a temporary folder and an empty
//! config file. Covers the 72-hour clock across both changes of the clocks, the state rules, and
//! the exports (AP-form text, JSON, CSV register, private files).

mod common;

use common::cli::{fails_with, ids, stdout_of, Env};
use serde_json::Value;

/// Saturday 28 March 2026, 10:00 in Amsterdam (still winter time): the day after the worked
/// example's Friday, before the clocks go forward on Sunday 29 March.
const NOW: &str = "2026-03-28T10:00:00+01:00";
const USER: &str = "fg.tester";

/// The fields every breach in JSON has (issue 3, section 4); add freely, never remove.
const REQUIRED_FIELDS: &[&str] = &[
    "id",
    "title",
    "aware_at",
    "ap_due",
    "hours_left",
    "risk",
    "status",
    "log",
];

/// The AP form's sections as `breach export` numbers them, in the form's order (docs/rules.md,
/// section 2.3).
const SECTIONS_NL: &[&str] = &[
    "1. Melder en contactpersoon",
    "2. Tijdlijn",
    "3. Omschrijving en oorzaak",
    "4. Aard van het lek",
    "5. Soorten persoonsgegevens",
    "6. Aantallen",
    "7. Groepen betrokkenen",
    "8. Maatregelen vóór het lek",
    "9. Gevolgen",
    "10. Betrokkenen informeren",
    "11. Maatregelen",
    "12. Verwerker",
    "13. Grensoverschrijdend",
    "14. Beoordeling en melding",
    "15. Logboek",
];

const SECTIONS_EN: &[&str] = &[
    "1. Notifying organisation and contact",
    "2. Timeline",
    "3. Description and cause",
    "4. Nature of the breach",
    "5. Categories of personal data",
    "6. Numbers",
    "7. Groups of people",
    "8. Protection before the breach",
    "9. Consequences",
    "10. Informing data subjects",
    "11. Measures",
    "12. Processor",
    "13. Cross-border",
    "14. Assessment and notification",
    "15. Log",
];

impl Env {
    /// A private world for one test (see `common::cli`), at [`NOW`] as [`USER`].
    fn new() -> Env {
        Env::with_clock(NOW, USER)
    }

    /// The English config with `text` added.
    fn with_config(text: &str) -> Env {
        let env = Env::new();
        std::fs::write(&env.config, format!("{}{text}", common::cli::ENGLISH)).unwrap();
        env
    }

    fn show(&self, id: &str) -> Value {
        self.json(&["breach", "show", id])
    }

    fn list(&self, extra: &[&str]) -> Vec<Value> {
        self.rows(&[&["breach", "list"], extra].concat())
    }

    /// Starts a breach aware at `aware` (board time) and returns its id.
    fn add(&self, aware: &str, title: &str) -> String {
        let v = self.json(&["breach", "add", "--aware", aware, "--title", title]);
        assert_breach_shape(&v);
        v["id"].as_str().unwrap().to_string()
    }

    /// Like `fails`, and checks the breach is exactly as it was.
    fn refused(&self, id: &str, args: &[&str], code: i32) -> String {
        let before = self.show(id);
        let err = self.fails(args, code);
        assert_eq!(self.show(id), before, "{args:?} changed the breach");
        err
    }

    /// `breach subjects ID --decision ...`, expected to be refused with `code` (see `refused`).
    fn subjects_refused(&self, id: &str, decision: &[&str], code: i32) -> String {
        let args = [&["breach", "subjects", id, "--decision"], decision].concat();
        self.refused(id, &args, code)
    }
}

/// An RFC 3339 time with an explicit numeric offset (not `Z`), as the contract promises.
fn assert_rfc3339_with_offset(v: &Value, what: &str) {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v}"));
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{what} = {s:?} is not RFC 3339: {e}"));
    assert!(
        s.ends_with("+01:00") || s.ends_with("+02:00"),
        "{what} = {s:?} is not in the board's offset"
    );
}

fn assert_breach_shape(v: &Value) {
    for f in REQUIRED_FIELDS {
        assert!(v.get(f).is_some(), "field {f} missing in {v:#}");
    }
    assert_rfc3339_with_offset(&v["aware_at"], "aware_at");
    assert_rfc3339_with_offset(&v["ap_due"], "ap_due");
    assert!(v["hours_left"].is_number(), "{v:#}");
    assert!(v["log"].is_array(), "{v:#}");
    for entry in v["log"].as_array().unwrap() {
        assert_rfc3339_with_offset(&entry["at"], "log at");
        assert!(entry["text"].is_string(), "{entry}");
    }
}

/// The lines of the export from `heading` up to the next numbered heading.
fn section<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "no section {heading:?} in:\n{text}");
    lines.take_while(|l| !is_heading(l)).collect()
}

fn is_heading(line: &str) -> bool {
    line.split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn headings(text: &str) -> Vec<&str> {
    text.lines().filter(|l| is_heading(l)).collect()
}

fn has_line(lines: &[&str], want: &str) -> bool {
    lines.iter().any(|l| l.trim() == want)
}

// ---------------------------------------------------------------------------------------------
// The 72-hour clock

#[test]
fn spring_change_friday_16_20_is_due_monday_17_20_summer_time() {
    let env = Env::new();
    let out = env.stdout(&[
        "breach",
        "add",
        "--aware",
        "2026-03-27 16:20",
        "--title",
        "Laptop met rapporten gestolen",
    ]);
    assert!(out.starts_with("D-2026-0001"), "{out}");
    assert!(out.contains("2026-03-30 17:20 +02:00"), "{out}");
    assert!(out.contains("54.3 hours left"), "{out}");

    let v = env.show("D-2026-0001");
    assert_breach_shape(&v);
    assert_eq!(v["aware_at"], "2026-03-27T16:20:00+01:00");
    assert_eq!(v["ap_due"], "2026-03-30T17:20:00+02:00");
    // Saturday 10:00 CET to Monday 17:20 CEST: 55h20 on the wall clock, 54h20 in real hours.
    assert_eq!(v["minutes_left"], 54 * 60 + 20);
    assert_eq!(v["hours_left"], 54.33);
    assert_eq!(v["overdue"], false);
    assert_eq!(v["awaiting_ap_decision"], true);
    assert_eq!(v["status"], "open");
    assert_eq!(v["risk"], Value::Null);
    assert_eq!(v["log"], serde_json::json!([]));
}

#[test]
fn autumn_change_friday_16_20_is_due_monday_15_20_winter_time() {
    let env = Env::new();
    let now = "2026-10-25T12:00:00+01:00"; // Sunday, an hour after the clocks went back
    let v = env.json_at(
        now,
        &[
            "breach",
            "add",
            "--aware",
            "2026-10-23 16:20",
            "--title",
            "USB-stick kwijt",
        ],
    );
    assert_breach_shape(&v);
    assert_eq!(v["aware_at"], "2026-10-23T16:20:00+02:00");
    assert_eq!(v["ap_due"], "2026-10-26T15:20:00+01:00");
    // Sunday 12:00 CET (11:00 UTC) to Monday 15:20 CET (14:20 UTC).
    assert_eq!(v["minutes_left"], 27 * 60 + 20);
    assert_eq!(v["hours_left"], 27.33);

    let text = stdout_of(env.cmd_at(now).args(["breach", "list"]));
    let row = text.lines().find(|l| l.starts_with("D-2026-0001")).unwrap();
    assert!(row.contains("2026-10-23 16:20"), "{row}");
    assert!(row.contains("2026-10-26 15:20"), "{row}");
    assert!(row.contains("27h20"), "{row}");
}

#[test]
fn hours_left_counts_real_hours_and_goes_negative_when_overdue() {
    let env = Env::new();
    let id = env.add("2026-03-28 10:00", "Mail naar verkeerde ouder");
    // A day later on the wall clock, but the night lost an hour: 23 real hours passed.
    let v = env.json_at(
        "2026-03-29T10:00:00+02:00",
        &["breach", "show", id.as_str()],
    );
    assert_eq!(v["ap_due"], "2026-03-31T11:00:00+02:00");
    assert_eq!(v["minutes_left"], 49 * 60);
    assert_eq!(v["hours_left"], 49.0);

    let v = env.json_at(
        "2026-03-31T12:20:00+02:00",
        &["breach", "show", id.as_str()],
    );
    assert_eq!(v["minutes_left"], -80);
    assert_eq!(v["hours_left"], -1.33);
    assert_eq!(v["overdue"], true);
    // The overdue clock reads as in the app, in the officer's language, not as "-1h20".
    let list = |lang: &str| {
        stdout_of(
            env.cmd_at("2026-03-31T12:20:00+02:00")
                .args(["--lang", lang, "breach", "list"]),
        )
    };
    let en = list("en");
    assert!(en.contains(" overdue by 1h20m "), "{en}");
    assert!(!en.contains("-1h20"), "{en}");
    let nl = list("nl");
    assert!(nl.contains(" te laat 1u20m "), "{nl}");

    // Overdue only after the deadline's own second ("not later than 72 hours", art. 33(1));
    // the minutes round up before it and down after.
    for (now, overdue, minutes, hours, left) in [
        ("2026-03-31T10:59:59+02:00", false, 1, 0.02, "0h01m"),
        ("2026-03-31T11:00:00+02:00", false, 0, 0.0, "0h00m"),
        (
            "2026-03-31T11:00:01+02:00",
            true,
            0,
            0.0,
            "overdue by 0h00m",
        ),
        (
            "2026-03-31T11:00:59+02:00",
            true,
            0,
            0.0,
            "overdue by 0h00m",
        ),
        (
            "2026-03-31T11:01:00+02:00",
            true,
            -1,
            -0.02,
            "overdue by 0h01m",
        ),
    ] {
        let v = env.json_at(now, &["breach", "show", id.as_str()]);
        assert_eq!(v["overdue"], overdue, "{now}");
        assert_eq!(v["minutes_left"], minutes, "{now}");
        assert_eq!(v["hours_left"], hours, "{now}");
        let text = stdout_of(env.cmd_at(now).args(["breach", "list"]));
        assert!(text.contains(&format!(" {left} ")), "{now}: {text}");
    }

    // Once decided, the breach is no longer overdue, though the deadline stays on record.
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "none",
        "--reason",
        "Alleen een voornaam",
    ]);
    env.json(&["breach", "no-notify", &id, "--reason", "Geen risico"]);
    let v = env.json_at(
        "2026-03-31T12:20:00+02:00",
        &["breach", "show", id.as_str()],
    );
    assert_eq!(v["overdue"], false);
    assert_eq!(v["awaiting_ap_decision"], false);
    assert_eq!(v["ap_due"], "2026-03-31T11:00:00+02:00");
}

#[test]
fn aware_with_an_explicit_offset_wins_over_the_boards_zone() {
    let env = Env::new();
    let v = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-03-27T16:20:00Z",
        "--title",
        "UTC",
    ]);
    assert_eq!(v["aware_at"], "2026-03-27T17:20:00+01:00");
    assert_eq!(v["ap_due"], "2026-03-30T18:20:00+02:00");

    let v = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-03-27T16:20:00+01:00",
        "--title",
        "CET",
    ]);
    assert_eq!(v["aware_at"], "2026-03-27T16:20:00+01:00");
    assert_eq!(v["ap_due"], "2026-03-30T17:20:00+02:00");
}

#[test]
fn the_autumn_hour_that_happens_twice_and_the_spring_hour_that_never_does() {
    let env = Env::new();
    let now = "2026-10-26T09:00:00+01:00";
    // Board time in the doubled hour: the first (summer time) is taken, and said on stderr in
    // the officer's language; the command succeeds.
    let add_doubled = |lang: &str, title: &str| {
        let out = env
            .cmd_at(now)
            .args([
                "--lang",
                lang,
                "breach",
                "add",
                "--aware",
                "2026-10-25 02:30",
            ])
            .args(["--title", title, "--json"])
            .assert()
            .success()
            .get_output()
            .clone();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (v, String::from_utf8(out.stderr).unwrap())
    };
    let (first, notice) = add_doubled("nl", "Eerste");
    assert!(
        notice.contains("--aware 2026-10-25 02:30: aangenomen: zomertijd, 02:30 +02:00"),
        "{notice}"
    );
    let (english, notice) = add_doubled("en", "Eerste, Engels");
    assert!(
        notice.contains("assumed: summer time, 02:30 +02:00"),
        "{notice}"
    );
    assert_eq!(english["aware_at"], "2026-10-25T02:30:00+02:00");
    assert_eq!(first["aware_at"], "2026-10-25T02:30:00+02:00");
    assert_eq!(first["ap_due"], "2026-10-28T01:30:00+01:00");
    // The second one needs its offset.
    let out = env
        .cmd_at(now)
        .args(["breach", "add", "--aware", "2026-10-25T02:30:00+01:00"])
        .args(["--title", "Tweede", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stderr.is_empty(), "an offset leaves nothing to assume");
    let second: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(second["aware_at"], "2026-10-25T02:30:00+01:00");
    assert_eq!(second["ap_due"], "2026-10-28T02:30:00+01:00");
    assert_eq!(
        first["minutes_left"].as_i64().unwrap() + 60,
        second["minutes_left"].as_i64().unwrap()
    );

    // 02:30 on 29 March never happens in Amsterdam: a usage error, nothing stored.
    let err = env.fails(
        &[
            "breach",
            "add",
            "--aware",
            "2026-03-29 02:30",
            "--title",
            "x",
        ],
        2,
    );
    assert!(err.contains("--aware"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(err.contains("jumps from 02:00 to 03:00"), "{err}");
    let err = env.fails(&["breach", "add", "--aware", "gisteren", "--title", "x"], 2);
    assert!(err.contains("YYYY-MM-DD HH:MM"), "{err}");
    assert_eq!(ids(&env.list(&[])).len(), 3);
}

#[test]
fn aware_defaults_to_now_and_may_not_lie_in_the_future() {
    let env = Env::new();
    let v = env.json(&["breach", "add", "--title", "Telefoontje"]);
    assert_eq!(v["aware_at"], NOW);
    assert_eq!(v["ap_due"], "2026-03-31T11:00:00+02:00");
    assert_eq!(v["hours_left"], 72.0);

    let err = env.fails(
        &[
            "breach",
            "add",
            "--aware",
            "2026-03-28 10:01",
            "--title",
            "x",
        ],
        1,
    );
    assert!(err.contains("future"), "{err}");
    let err = env.fails(&["breach", "add", "--title", "  "], 1);
    assert!(err.contains("title is required"), "{err}");
    assert_eq!(ids(&env.list(&[])), ["D-2026-0001"]);
}

#[test]
fn breach_hours_come_from_the_config_file() {
    let env = Env::with_config("breach_hours = 48\n");
    let v = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-03-27 16:20",
        "--title",
        "Kortere termijn",
    ]);
    assert_eq!(v["ap_due"], "2026-03-29T17:20:00+02:00");
    // Saturday 10:00 CET (09:00 UTC) to Sunday 17:20 CEST (15:20 UTC).
    assert_eq!(v["minutes_left"], 30 * 60 + 20);
    let id = v["id"].as_str().unwrap().to_string();

    // The configured hours also decide whether a notification was late.
    let env = env.at("2026-03-30T10:00:00+02:00");
    let late = [
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-29 17:21",
        "--reference",
        "AP-48",
    ];
    let err = env.refused(&id, &late, 1);
    assert!(err.contains("2026-03-29 17:20"), "{err}");
    let mut on_time = late;
    on_time[4] = "2026-03-29 17:20";
    assert_eq!(env.json(&on_time)["status"], "notified");

    // Line 3 of the file: the English config's line, the theme, then the mistake.
    let bad = Env::with_config("theme = \"default\"\nbreach_hours = 0\n");
    let err = bad.fails(&["breach", "list"], 1);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("breach_hours"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// State rules

#[test]
fn not_notifying_needs_its_reasoning() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Rapporten in de prullenbak");
    // Not notifying is only for a breach assessed as unlikely to result in a risk.
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "none",
        "--reason",
        "Papier versnipperd",
    ]);
    let err = env.refused(&id, &["breach", "no-notify", &id], 2);
    assert!(err.contains("--reason"), "{err}");
    for empty in ["", "   "] {
        let err = env.refused(&id, &["breach", "no-notify", &id, "--reason", empty], 1);
        assert!(err.contains("reason is required"), "{empty:?}: {err}");
    }
    assert_eq!(env.show(&id)["notify_ap"], Value::Null);

    let v = env.json(&[
        "breach",
        "no-notify",
        &id,
        "--reason",
        "Papier versnipperd teruggevonden; geen risico",
    ]);
    assert_eq!(v["status"], "not_notified");
    assert_eq!(v["notify_ap"], false);
    assert_eq!(
        v["no_notify_reason"],
        "Papier versnipperd teruggevonden; geen risico"
    );
    assert_eq!(v["awaiting_ap_decision"], false);
}

#[test]
fn a_late_notification_needs_the_reasons_for_the_delay() {
    let env = Env::new().at("2026-03-31T10:00:00+02:00");
    let id = env.add("2026-03-27 16:20", "Inbraak in de administratie");
    let late = [
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-30 17:21",
        "--reference",
        "AP-2026-123",
    ];
    let err = env.refused(&id, &late, 1);
    assert!(err.contains("after the deadline"), "{err}");
    // The deadline is named in board time, as everywhere else.
    assert!(err.contains("2026-03-30 17:20 +02:00"), "{err}");
    assert!(err.contains("--delay-reason"), "{err}");
    let mut blank = late.to_vec();
    blank.extend(["--delay-reason", "  "]);
    env.refused(&id, &blank, 1);

    // Before becoming aware, or without a reference: refused too.
    let err = env.refused(
        &id,
        &[
            "breach",
            "notify-ap",
            &id,
            "--at",
            "2026-03-27 16:00",
            "--reference",
            "AP-1",
        ],
        1,
    );
    assert!(err.contains("precede"), "{err}");
    let err = env.refused(
        &id,
        &[
            "breach",
            "notify-ap",
            &id,
            "--at",
            "2026-03-28 09:00",
            "--reference",
            " ",
        ],
        1,
    );
    assert!(err.contains("reference is required"), "{err}");
    env.refused(
        &id,
        &[
            "breach",
            "notify-ap",
            &id,
            "--at",
            "morgen",
            "--reference",
            "AP-1",
        ],
        2,
    );

    let mut with_reason = late.to_vec();
    with_reason.extend([
        "--delay-reason",
        "De verwerker meldde het pas maandagmiddag",
    ]);
    let v = env.json(&with_reason);
    assert_eq!(v["status"], "notified");
    assert_eq!(v["notify_ap"], true);
    assert_eq!(v["notified_at"], "2026-03-30T17:21:00+02:00");
    assert_eq!(v["ap_reference"], "AP-2026-123");
    assert_eq!(
        v["delay_reason"],
        "De verwerker meldde het pas maandagmiddag"
    );
    assert_eq!(v["awaiting_ap_decision"], false);
}

#[test]
fn notifying_right_at_the_deadline_needs_no_delay_reason() {
    let env = Env::new().at("2026-03-31T10:00:00+02:00");
    let id = env.add("2026-03-27 16:20", "Op tijd");
    let v = env.json(&[
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-30 17:20",
        "--reference",
        "AP-9",
    ]);
    assert_eq!(v["status"], "notified");
    assert_eq!(v["delay_reason"], "");
}

#[test]
fn a_notified_breach_cannot_become_not_notified() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Gemeld");
    env.json(&[
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-28 09:00",
        "--reference",
        "AP-77",
    ]);
    let err = env.refused(
        &id,
        &["breach", "no-notify", &id, "--reason", "toch niet"],
        1,
    );
    assert!(err.contains("AP-77"), "{err}");
    assert!(err.contains("withdrawal"), "{err}");
    // The way back is a withdrawal, which keeps the notification on record.
    let v = env.json(&[
        "breach",
        "followup",
        &id,
        "--kind",
        "withdrawal",
        "--text",
        "Bleek geen datalek",
    ]);
    assert_eq!(v["status"], "notified");
    assert_eq!(v["ap_reference"], "AP-77");
}

#[test]
fn assessing_needs_a_reason_and_a_known_risk() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Beoordelen");
    let err = env.refused(&id, &["breach", "assess", &id, "--risk", "high"], 2);
    assert!(err.contains("--reason"), "{err}");
    let err = env.refused(
        &id,
        &["breach", "assess", &id, "--risk", "high", "--reason", " "],
        1,
    );
    assert!(err.contains("reason is required"), "{err}");
    let err = env.refused(
        &id,
        &["breach", "assess", &id, "--risk", "medium", "--reason", "x"],
        2,
    );
    assert!(err.contains("--risk"), "{err}");
    for code in ["none", "risk", "high"] {
        assert!(err.contains(code), "{code} not listed: {err}");
    }

    let v = env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "high",
        "--reason",
        "BSN en medische gegevens",
    ]);
    assert_eq!(v["risk"], "high");
    assert_eq!(v["risk_reason"], "BSN en medische gegevens");
    assert_eq!(v["status"], "assessed");
    // Assessing does not decide about the AP: the clock keeps running.
    assert_eq!(v["awaiting_ap_decision"], true);
}

#[test]
fn data_subjects_rules_of_article_34() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Medische gegevens gelekt");
    let err = env.subjects_refused(&id, &["not_required"], 1);
    assert!(err.contains("assess"), "{err}");
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "high",
        "--reason",
        "gezondheid",
    ]);

    let err = env.subjects_refused(&id, &["not_required"], 1);
    assert!(err.contains("risk is high"), "{err}");
    let err = env.subjects_refused(
        &id,
        &[
            "disproportionate",
            "--reason",
            "3000 oud-leerlingen zonder adres",
        ],
        1,
    );
    assert!(err.contains("public communication is required"), "{err}");
    // Exception a needs the data to have been encrypted (see
    // `exception_a_needs_the_data_to_have_been_encrypted`); with that recorded, it needs a reason.
    env.json(&[
        "breach",
        "update",
        &id,
        "--encrypted",
        "yes",
        "--protection",
        "Versleuteld met BitLocker",
    ]);
    let err = env.subjects_refused(&id, &["unintelligible"], 1);
    assert!(err.contains("reason is required"), "{err}");
    let err = env.subjects_refused(&id, &["informed"], 1);
    assert!(err.contains("informed at is required"), "{err}");
    let err = env.subjects_refused(&id, &["perhaps"], 2);
    assert!(err.contains("disproportionate"), "{err}");

    let v = env.json(&[
        "breach",
        "subjects",
        &id,
        "--decision",
        "disproportionate",
        "--reason",
        "3000 oud-leerlingen zonder adres",
        "--public-communication",
        "Bericht op de website en in de nieuwsbrief",
    ]);
    assert_eq!(v["subjects"], "disproportionate");
    assert_eq!(v["subjects_reason"], "3000 oud-leerlingen zonder adres");
    assert_eq!(
        v["public_communication"],
        "Bericht op de website en in de nieuwsbrief"
    );

    let v = env.json(&[
        "breach",
        "subjects",
        &id,
        "--decision",
        "informed",
        "--informed-at",
        "2026-03-28 09:30",
    ]);
    assert_eq!(v["subjects"], "informed");
    assert_eq!(v["subjects_informed_at"], "2026-03-28T09:30:00+01:00");

    // With a lower risk, informing them is not required.
    let low = env.add("2026-03-27 16:20", "Laag risico");
    env.json(&[
        "breach", "assess", &low, "--risk", "risk", "--reason", "beperkt",
    ]);
    let v = env.json(&["breach", "subjects", &low, "--decision", "not_required"]);
    assert_eq!(v["subjects"], "not_required");
}

#[test]
fn a_followup_needs_a_notification_first() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Vervolg");
    let err = env.refused(
        &id,
        &[
            "breach",
            "followup",
            &id,
            "--kind",
            "supplement",
            "--text",
            "Aantallen bekend",
        ],
        1,
    );
    assert!(err.contains("not been notified"), "{err}");
    env.json(&[
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-28 09:00",
        "--reference",
        "AP-5",
    ]);
    let v = env.json(&[
        "breach",
        "followup",
        &id,
        "--kind",
        "supplement",
        "--text",
        "Aantallen bekend",
    ]);
    let followups = v["followups"].as_array().unwrap();
    assert_eq!(followups.len(), 1, "{v:#}");
    assert_eq!(followups[0]["kind"], "supplement");
    assert_eq!(followups[0]["text"], "Aantallen bekend");
    assert_eq!(followups[0]["at"], NOW);
    let err = env.refused(
        &id,
        &[
            "breach",
            "followup",
            &id,
            "--kind",
            "supplement",
            "--text",
            "",
        ],
        1,
    );
    assert!(err.contains("text is required"), "{err}");
}

#[test]
fn a_breach_marked_ongoing_is_not_closed_until_set_to_no() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Gedeelde map staat nog open");
    env.json(&["breach", "update", &id, "--ongoing", "yes"]);
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "none",
        "--reason",
        "Alleen roosters",
    ]);
    env.json(&[
        "breach",
        "no-notify",
        &id,
        "--reason",
        "Geen persoonsgegevens",
    ]);
    // Everything else for closing is in place; only "ongoing" holds it back.
    let err = env.refused(&id, &["breach", "close", &id], 1);
    assert!(err.contains("still ongoing"), "{err}");
    assert!(err.contains("--ongoing no"), "{err}");
    assert_eq!(env.show(&id)["status"], "not_notified");

    // Unknown is not ongoing; "no" closes it too.
    env.json(&["breach", "update", &id, "--ongoing", "unknown"]);
    let unknown = env.show(&id);
    assert_eq!(unknown["ongoing"], Value::Null);
    env.json(&["breach", "update", &id, "--ongoing", "yes"]);
    env.refused(&id, &["breach", "close", &id], 1);
    env.json(&["breach", "update", &id, "--ongoing", "no"]);
    let v = env.json(&["breach", "close", &id]);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["ongoing"], false);
}

#[test]
fn closing_needs_the_ap_decision_and_then_the_breach_refuses_changes() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Sluiten");
    let err = env.refused(&id, &["breach", "close", &id], 1);
    assert!(err.contains("decide first"), "{err}");
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "none",
        "--reason",
        "Geen persoonsgegevens op de lijst",
    ]);
    env.json(&[
        "breach",
        "no-notify",
        &id,
        "--reason",
        "Geen persoonsgegevens",
    ]);
    let v = env.json(&["breach", "close", &id]);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["no_notify_reason"], "Geen persoonsgegevens");

    let changes: [&[&str]; 8] = [
        &["breach", "assess", &id, "--risk", "none", "--reason", "x"],
        &["breach", "no-notify", &id, "--reason", "anders"],
        &[
            "breach",
            "notify-ap",
            &id,
            "--at",
            "2026-03-28 09:00",
            "--reference",
            "AP-1",
        ],
        &[
            "breach",
            "subjects",
            &id,
            "--decision",
            "unintelligible",
            "--reason",
            "x",
        ],
        &[
            "breach",
            "followup",
            &id,
            "--kind",
            "supplement",
            "--text",
            "x",
        ],
        &["breach", "close", &id],
        &[
            "breach",
            "update",
            &id,
            "--description",
            "achteraf gewijzigd",
        ],
        &["breach", "update", &id, "--title", "Andere titel"],
    ];
    for args in changes {
        let err = env.refused(&id, args, 1);
        assert!(err.contains("closed"), "{args:?}: {err}");
    }
    assert_eq!(env.show(&id)["status"], "closed");
}

// ---------------------------------------------------------------------------------------------
// The rules of articles 33 and 34: each refusal exits 1, says why and changes nothing

#[test]
fn not_notifying_needs_the_risk_assessed_as_none() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Klassenlijst op de gang gevonden");
    let no_notify = [
        "breach",
        "no-notify",
        id.as_str(),
        "--reason",
        "Geen risico",
    ];
    let err = env.refused(&id, &no_notify, 1);
    assert!(err.contains("assess the risk first"), "{err}");
    let v = env.show(&id);
    assert_eq!(v["status"], "open");
    assert_eq!(v["notify_ap"], Value::Null);

    // Art. 33(1): a breach with risk, high or not, must be notified.
    for (risk, reason) in [
        ("risk", "Namen, klassen en geboortedata"),
        ("high", "Ook BSN en zorgnotities"),
    ] {
        env.json(&["breach", "assess", &id, "--risk", risk, "--reason", reason]);
        let err = env.refused(&id, &no_notify, 1);
        assert!(err.contains(&format!("assessed as {risk}")), "{err}");
        assert!(err.contains("must be notified to the AP"), "{err}");
        assert!(err.contains("art. 33(1)"), "{err}");
        let v = env.show(&id);
        assert_eq!(v["status"], "assessed");
        assert_eq!(v["notify_ap"], Value::Null);
        assert_eq!(v["no_notify_reason"], "");
        assert_eq!(v["awaiting_ap_decision"], true);
    }

    // Reassessed as unlikely to result in a risk, the decision and its reasoning are recorded.
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "none",
        "--reason",
        "Alleen voornamen; lijst binnen het uur terug",
    ]);
    let v = env.json(&no_notify);
    assert_eq!(v["risk"], "none");
    assert_eq!(v["status"], "not_notified");
    assert_eq!(v["notify_ap"], false);
    assert_eq!(v["no_notify_reason"], "Geen risico");
    assert_eq!(v["awaiting_ap_decision"], false);
}

#[test]
fn the_ap_is_notified_once_and_later_news_is_a_supplement() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Eén keer melden");
    env.json(&[
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-28 09:00",
        "--reference",
        "AP-1",
    ]);
    for (at, reference) in [("2026-03-28 09:30", "AP-2"), ("2026-03-28 09:00", "AP-1")] {
        let err = env.refused(
            &id,
            &[
                "breach",
                "notify-ap",
                &id,
                "--at",
                at,
                "--reference",
                reference,
            ],
            1,
        );
        assert!(err.contains("already notified"), "{err}");
        assert!(err.contains("AP-1"), "names the first notification: {err}");
        assert!(err.contains("supplement"), "{err}");
    }
    let v = env.show(&id);
    assert_eq!(v["notified_at"], "2026-03-28T09:00:00+01:00");
    assert_eq!(v["ap_reference"], "AP-1");
    assert_eq!(v["followups"], serde_json::json!([]));

    // The way to tell the AP more keeps the first notification as it was.
    let v = env.json(&[
        "breach",
        "followup",
        &id,
        "--kind",
        "supplement",
        "--text",
        "Tweede meldnummer AP-2 ontvangen",
    ]);
    assert_eq!(v["ap_reference"], "AP-1");
    assert_eq!(v["notified_at"], "2026-03-28T09:00:00+01:00");
    assert_eq!(v["followups"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["followups"][0]["kind"], "supplement");
}

#[test]
fn a_high_risk_breach_closes_only_after_the_data_subjects_decision() {
    let env = Env::new();
    let notify = |id: &str, reference: &str| {
        env.json(&[
            "breach",
            "notify-ap",
            id,
            "--at",
            "2026-03-28 09:00",
            "--reference",
            reference,
        ]);
    };

    let informed = env.add("2026-03-27 16:20", "Zorgdossiers gemaild");
    env.json(&[
        "breach",
        "assess",
        &informed,
        "--risk",
        "high",
        "--reason",
        "Gezondheidsgegevens",
    ]);
    notify(&informed, "AP-1");
    let err = env.refused(&informed, &["breach", "close", &informed], 1);
    assert!(err.contains("risk is high"), "{err}");
    assert!(err.contains("data subjects"), "{err}");
    assert!(err.contains("art. 34"), "{err}");
    let v = env.show(&informed);
    assert_eq!(v["status"], "notified");
    assert_eq!(v["subjects"], Value::Null);
    env.json(&[
        "breach",
        "subjects",
        &informed,
        "--decision",
        "informed",
        "--informed-at",
        "2026-03-28 09:30",
    ]);
    let v = env.json(&["breach", "close", &informed]);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["subjects"], "informed");

    // An exception recorded instead of informing them counts as the decision too.
    let exception = env.add("2026-03-27 16:20", "Oud-leerlingen zonder adres");
    env.json(&[
        "breach", "assess", &exception, "--risk", "high", "--reason", "BSN",
    ]);
    notify(&exception, "AP-2");
    env.refused(&exception, &["breach", "close", &exception], 1);
    env.json(&[
        "breach",
        "subjects",
        &exception,
        "--decision",
        "disproportionate",
        "--reason",
        "3000 oud-leerlingen zonder adres",
        "--public-communication",
        "Bericht op de website",
    ]);
    assert_eq!(
        env.json(&["breach", "close", &exception])["status"],
        "closed"
    );

    // Below a high risk, art. 34 asks nothing, so closing needs no such decision.
    let lower = env.add("2026-03-27 16:20", "Namenlijst gemaild");
    env.json(&[
        "breach", "assess", &lower, "--risk", "risk", "--reason", "Namen",
    ]);
    notify(&lower, "AP-3");
    let v = env.json(&["breach", "close", &lower]);
    assert_eq!(v["status"], "closed");
    assert_eq!(v["subjects"], Value::Null);
}

#[test]
fn exception_a_needs_the_data_to_have_been_encrypted() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "USB-stick met zorgdossiers kwijt");
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "high",
        "--reason",
        "Zorgdossiers",
    ]);
    let reason = "Versleuteld, sleutel niet op de stick";
    // `a` is the short code of the same exception.
    for decision in ["unintelligible", "a"] {
        let err = env.refused(
            &id,
            &[
                "breach",
                "subjects",
                &id,
                "--decision",
                decision,
                "--reason",
                reason,
            ],
            1,
        );
        assert!(err.contains("exception a"), "{decision}: {err}");
        assert!(err.contains("encrypted"), "{decision}: {err}");
    }
    // Nobody answered yet: unknown, which does not qualify.
    let v = env.show(&id);
    assert_eq!(v["encrypted"], Value::Null);
    assert_eq!(v["subjects"], Value::Null);
    assert_eq!(v["subjects_reason"], "");

    // A protection that is not encryption does not qualify either.
    env.json(&[
        "breach",
        "update",
        &id,
        "--encrypted",
        "no",
        "--protection",
        "Wachtwoord op de map",
    ]);
    let exception_a = [
        "breach",
        "subjects",
        id.as_str(),
        "--decision",
        "unintelligible",
        "--reason",
        reason,
    ];
    let err = env.refused(&id, &exception_a, 1);
    assert!(err.contains("encrypted"), "{err}");

    // Exception b does not depend on encryption.
    let b = env.add("2026-03-27 16:20", "Wachtwoord gelekt");
    env.json(&[
        "breach", "assess", &b, "--risk", "high", "--reason", "Toegang",
    ]);
    let v = env.json(&[
        "breach",
        "subjects",
        &b,
        "--decision",
        "risk_removed",
        "--reason",
        "Wachtwoord binnen het uur gewijzigd",
    ]);
    assert_eq!(v["subjects"], "risk_removed");
    assert_eq!(v["encrypted"], Value::Null);

    // Once the encryption is on record, exception a is accepted with its reason.
    env.json(&[
        "breach",
        "update",
        &id,
        "--encrypted",
        "yes",
        "--protection",
        "BitLocker, sleutel niet op de stick",
    ]);
    let v = env.json(&exception_a);
    assert_eq!(v["encrypted"], true);
    assert_eq!(v["subjects"], "unintelligible");
    assert_eq!(v["subjects_reason"], reason);
}

#[test]
fn a_new_breach_reads_encrypted_unknown_until_someone_answers() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Laptop kwijt");
    assert_eq!(env.show(&id)["encrypted"], Value::Null);
    let export_json: Value =
        serde_json::from_str(&env.stdout(&["breach", "export", &id, "--format", "json"])).unwrap();
    assert_eq!(export_json["encrypted"], Value::Null);
    assert_eq!(
        env.json(&["breach", "register"])[0]["encrypted"],
        Value::Null
    );
    let protection = |lang: &str, args: &[&str]| {
        let text = stdout_of(env.cmd().args(["--lang", lang]).args(args));
        let heading = if lang == "nl" {
            SECTIONS_NL[7]
        } else {
            SECTIONS_EN[7]
        };
        section(&text, heading).join("\n")
    };
    for args in [["breach", "show", &id], ["breach", "export", &id]] {
        let nl = protection("nl", &args);
        assert!(
            nl.contains("Versleuteld of gehasht: onbekend"),
            "{args:?}: {nl}"
        );
        let en = protection("en", &args);
        assert!(
            en.contains("Encrypted or hashed: unknown"),
            "{args:?}: {en}"
        );
    }
    let csv_cell = || {
        let text = env.stdout(&["breach", "register", "--csv"]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let col = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "encrypted");
        let row = reader.records().next().unwrap().unwrap();
        row[col.unwrap()].to_string()
    };
    assert_eq!(csv_cell(), "unknown");

    // Answered "no", then back to unknown: each answer reads as given.
    env.json(&["breach", "update", &id, "--encrypted", "no"]);
    assert_eq!(env.show(&id)["encrypted"], false);
    assert_eq!(csv_cell(), "no");
    assert!(protection("nl", &["breach", "show", &id]).contains("Versleuteld of gehasht: nee"));
    env.json(&["breach", "update", &id, "--encrypted", "unknown"]);
    assert_eq!(env.show(&id)["encrypted"], Value::Null);
    let err = env.fails(&["breach", "update", &id, "--encrypted", "misschien"], 2);
    assert!(err.contains("yes, no or unknown"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Completing the record and reading it back

/// A breach completed through `breach update` and decided, for the export tests.
fn completed(env: &Env) -> String {
    let id = env.add("2026-03-27 16:20", "Laptop met leerlingrapporten gestolen");
    env.json(&[
        "breach",
        "log",
        &id,
        "Docent belt: laptop uit auto gestolen",
    ]);
    env.json(&[
        "breach",
        "update",
        &id,
        "--occurred",
        "2026-03-27 12:00",
        "--discovered",
        "2026-03-27 15:45",
        "--ongoing",
        "no",
        "--description",
        "Laptop uit de auto van een docent gestolen",
        "--cause",
        "Laptop onbeheerd in de auto",
        "--nature",
        "theft,confidentiality",
        "--categories",
        "name_address,bsn,health",
        "--records",
        "100-150",
        "--people",
        "?-120",
        "--groups",
        "pupils,parents",
        "--encrypted",
        "no",
        "--protection",
        "Alleen een Windows-wachtwoord",
        "--consequences",
        "Identiteitsfraude mogelijk",
        "--severity",
        "hoog",
        "--measures-taken",
        "Account geblokkeerd",
        "--measures-planned",
        "Schijfversleuteling op alle laptops",
        "--processor",
        "Leerlingvolgsysteem BV",
        "--processor-told",
        "2026-03-27 16:00",
        "--cross-border",
        "nee",
    ]);
    env.json(&[
        "breach",
        "assess",
        &id,
        "--risk",
        "high",
        "--reason",
        "BSN en gezondheidsgegevens, onversleuteld",
    ]);
    env.json(&[
        "breach",
        "notify-ap",
        &id,
        "--at",
        "2026-03-28 09:15",
        "--reference",
        "AP-2026-4711",
    ]);
    id
}

#[test]
fn update_fills_the_record_and_show_returns_it() {
    let env = Env::new();
    let id = completed(&env);
    let v = env.show(&id);
    assert_breach_shape(&v);
    assert_eq!(v["occurred_at"], "2026-03-27T12:00:00+01:00");
    assert_eq!(v["discovered_at"], "2026-03-27T15:45:00+01:00");
    assert_eq!(v["ongoing"], false);
    assert_eq!(v["nature"], serde_json::json!(["confidentiality", "theft"]));
    assert_eq!(
        v["categories"],
        serde_json::json!(["name_address", "bsn", "health"])
    );
    assert_eq!(v["records"], serde_json::json!({"min": 100, "max": 150}));
    assert_eq!(v["people"], serde_json::json!({"min": null, "max": 120}));
    assert_eq!(v["groups"], serde_json::json!(["pupils", "parents"]));
    assert_eq!(v["processor"], "Leerlingvolgsysteem BV");
    assert_eq!(v["processor_told_at"], "2026-03-27T16:00:00+01:00");
    assert_eq!(v["status"], "notified");

    // Only the options given change; --occurred unknown clears the time.
    let v = env.json(&["breach", "update", &id, "--occurred", "unknown"]);
    assert_eq!(v["occurred_at"], Value::Null);
    assert_eq!(v["cause"], "Laptop onbeheerd in de auto");
}

#[test]
fn update_with_a_bad_option_exits_2_and_changes_nothing() {
    let env = Env::new();
    let id = completed(&env);
    let cases: [(&[&str], &str); 6] = [
        (&["--records", "10-5"], "--records"),
        (&["--people", "veel"], "--people"),
        (&["--categories", "bsn,xyz"], "xyz"),
        (&["--nature", "theft,fire"], "--nature"),
        (&["--ongoing", "misschien"], "--ongoing"),
        (&["--occurred", "gisteren"], "--occurred"),
    ];
    for (bad, named) in cases {
        // A good option in the same call is not saved either.
        let mut args = vec!["breach", "update", &id, "--description", "mag niet landen"];
        args.extend_from_slice(bad);
        let err = env.refused(&id, &args, 2);
        assert!(err.contains(named), "{bad:?}: {err}");
    }
    let err = env.refused(
        &id,
        &["breach", "update", &id, "--categories", "bsn,xyz"],
        2,
    );
    assert!(
        err.contains("name_address") && err.contains("health"),
        "lists the accepted values: {err}"
    );
    assert_eq!(
        env.show(&id)["description"],
        "Laptop uit de auto van een docent gestolen"
    );
}

#[test]
fn an_unknown_id_exits_1_and_names_it() {
    let env = Env::new();
    env.add("2026-03-27 16:20", "Bestaat");
    let missing = "D-2026-0099";
    let commands: [&[&str]; 10] = [
        &["breach", "show", missing],
        &["breach", "log", missing, "regel"],
        &["breach", "update", missing, "--description", "x"],
        &[
            "breach", "assess", missing, "--risk", "none", "--reason", "x",
        ],
        &[
            "breach",
            "notify-ap",
            missing,
            "--at",
            "2026-03-28 09:00",
            "--reference",
            "AP-1",
        ],
        &["breach", "no-notify", missing, "--reason", "x"],
        &["breach", "subjects", missing, "--decision", "informed"],
        &[
            "breach",
            "followup",
            missing,
            "--kind",
            "supplement",
            "--text",
            "x",
        ],
        &["breach", "close", missing],
        &["breach", "export", missing],
    ];
    for args in commands {
        let err = env.fails(args, 1);
        assert!(
            err.contains("no breach with id D-2026-0099"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(ids(&env.list(&[])), ["D-2026-0001"]);
}

#[test]
fn log_lines_keep_their_time_and_author_in_order() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Telefoon");
    env.json_at(
        "2026-03-28T10:00:00+01:00",
        &["breach", "log", &id, "eerste"],
    );
    env.json_at(
        "2026-03-28T10:01:00+01:00",
        &["breach", "log", &id, "tweede"],
    );
    let v = env.json_at(
        "2026-03-28T10:02:00+01:00",
        &["breach", "log", &id, "  derde  "],
    );
    assert_breach_shape(&v);
    let log = v["log"].as_array().unwrap();
    let texts: Vec<&str> = log.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["eerste", "tweede", "derde"]);
    assert_eq!(log[1]["at"], "2026-03-28T10:01:00+01:00");
    assert_eq!(log[2]["author"], USER);
    let err = env.refused(&id, &["breach", "log", &id, "   "], 1);
    assert!(err.contains("text is required"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Exports

#[test]
fn export_text_follows_the_ap_forms_order_with_the_typed_values() {
    let env = Env::with_config(
        "[organisation]\nname = \"Stichting Scholengroep Voorbeeld\"\ncontact_name = \"F. Jansen\"\ncontact_role = \"FG\"\nemail = \"fg@example.nl\"\nphone = \"030-1234567\"\n",
    );
    let id = completed(&env);
    env.json(&[
        "breach",
        "followup",
        &id,
        "--kind",
        "supplement",
        "--text",
        "Aantal personen nu bekend: 118",
    ]);
    let text = env.stdout(&["--lang", "nl", "breach", "export", &id]);
    assert!(
        text.starts_with("Datalek D-2026-0001 – Laptop met leerlingrapporten gestolen\n"),
        "{text}"
    );
    assert_eq!(headings(&text), SECTIONS_NL, "{text}");

    let org = section(&text, SECTIONS_NL[0]);
    assert!(
        has_line(&org, "Organisatie: Stichting Scholengroep Voorbeeld"),
        "{org:?}"
    );
    assert!(has_line(&org, "Contactpersoon: F. Jansen FG"), "{org:?}");
    assert!(has_line(&org, "E-mail: fg@example.nl"), "{org:?}");
    let timeline = section(&text, SECTIONS_NL[1]);
    for want in [
        "Ontstaan op: 27 maart 2026 12:00",
        "Ontdekt op: 27 maart 2026 15:45",
        "Bekend bij de school (72 uur vanaf): 27 maart 2026 16:20",
        "Duurt het lek nog voort: nee",
    ] {
        assert!(has_line(&timeline, want), "{want:?} not in {timeline:?}");
    }
    let expected: [(usize, &[&str]); 12] = [
        (
            2,
            &[
                "Wat is er gebeurd: Laptop uit de auto van een docent gestolen",
                "Oorzaak: Laptop onbeheerd in de auto",
            ],
        ),
        (
            3,
            &["Aard van het lek: vertrouwelijkheid (ingezien of gekopieerd), diefstal"],
        ),
        (4, &["Soorten persoonsgegevens:"]),
        (
            5,
            &[
                "Aantal records (min–max): 100 – 150",
                "Aantal personen (min–max): ? – 120",
            ],
        ),
        (6, &["Groepen betrokkenen:"]),
        (
            7,
            &[
                "Versleuteld of gehasht: nee",
                "Hoe: Alleen een Windows-wachtwoord",
            ],
        ),
        (8, &["Gevolgen: Identiteitsfraude mogelijk", "Ernst: hoog"]),
        (9, &["Betrokkenen informeren: nog niet besloten"]),
        (
            10,
            &[
                "Genomen maatregelen: Account geblokkeerd",
                "Geplande maatregelen: Schijfversleuteling op alle laptops",
            ],
        ),
        (
            11,
            &[
                "Verwerker: Leerlingvolgsysteem BV",
                "Verwerker meldde het op: 27 maart 2026 16:00",
            ],
        ),
        (12, &["Grensoverschrijdend: nee"]),
        (
            13,
            &[
                "Motivering: BSN en gezondheidsgegevens, onversleuteld",
                "Uiterste meldtijd AP: 30 maart 2026 17:20",
                "Melden bij de AP: ja",
                "Gemeld op: 28 maart 2026 09:15",
                "Meldnummer AP: AP-2026-4711",
                "Vervolgmelding: 28 maart 2026 10:00 aanvulling: Aantal personen nu bekend: 118",
            ],
        ),
    ];
    for (i, wants) in expected {
        let lines = section(&text, SECTIONS_NL[i]);
        for want in wants {
            assert!(
                lines.iter().any(|l| l.trim().starts_with(want)),
                "{want:?} not in section {:?}: {lines:?}",
                SECTIONS_NL[i]
            );
        }
    }
    let categories = section(&text, SECTIONS_NL[4]).join("\n");
    assert!(categories.contains("BSN"), "{categories}");
    let groups = section(&text, SECTIONS_NL[6]).join("\n").to_lowercase();
    assert!(
        groups.contains("leerlingen") && groups.contains("ouders"),
        "{groups}"
    );
    let log = section(&text, SECTIONS_NL[14]);
    assert!(
        has_line(
            &log,
            "Regel: 28 maart 2026 10:00 fg.tester: Docent belt: laptop uit auto gestolen"
        ),
        "{log:?}"
    );

    // Times read as in every other Dutch text (issue 16 §1), never ISO with an offset.
    assert!(
        !text.contains("(+01:00)") && !text.contains("2026-03-"),
        "{text}"
    );

    // The same order in English, the times written out the same way.
    let en = stdout_of(env.cmd().args(["--lang", "en", "breach", "export", &id]));
    assert_eq!(headings(&en), SECTIONS_EN, "{en}");
    let timeline = section(&en, SECTIONS_EN[1]);
    assert!(
        has_line(&timeline, "Occurred: 27 March 2026 12:00"),
        "{timeline:?}"
    );
}

#[test]
fn an_undecided_notification_reads_not_yet_decided_in_the_export() {
    let env = Env::new();
    let id = env.add("2026-03-27 16:20", "Nog in onderzoek");
    let nl = env.stdout(&["--lang", "nl", "breach", "export", &id]);
    let nl = section(&nl, SECTIONS_NL[13]);
    assert!(
        has_line(&nl, "Melden bij de AP: nog niet besloten"),
        "{nl:?}"
    );
    let en = stdout_of(env.cmd().args(["--lang", "en", "breach", "export", &id]));
    let en = section(&en, SECTIONS_EN[13]);
    assert!(has_line(&en, "Notify the AP: not yet decided"), "{en:?}");
}

#[test]
fn export_text_keeps_the_reasoning_of_a_late_or_withheld_notification() {
    let env = Env::new().at("2026-04-01T10:00:00+02:00");
    let late = env.add("2026-03-27 16:20", "Laat gemeld");
    env.json(&[
        "breach",
        "notify-ap",
        &late,
        "--at",
        "2026-03-31 09:00",
        "--reference",
        "AP-8",
        "--delay-reason",
        "Verwerker meldde het te laat",
    ]);
    let text = env.stdout(&["--lang", "nl", "breach", "export", &late]);
    let decision = section(&text, SECTIONS_NL[13]);
    assert!(
        has_line(
            &decision,
            "Reden voor late melding: Verwerker meldde het te laat"
        ),
        "{decision:?}"
    );

    let withheld = env.add("2026-03-27 16:20", "Niet gemeld");
    env.json(&[
        "breach",
        "assess",
        &withheld,
        "--risk",
        "none",
        "--reason",
        "Versleuteld, sleutel veilig",
    ]);
    env.json(&[
        "breach",
        "no-notify",
        &withheld,
        "--reason",
        "Versleutelde USB-stick, sleutel veilig",
    ]);
    let text = env.stdout(&["--lang", "nl", "breach", "export", &withheld]);
    let decision = section(&text, SECTIONS_NL[13]);
    assert!(has_line(&decision, "Melden bij de AP: nee"), "{decision:?}");
    assert!(
        has_line(
            &decision,
            "Reden om niet te melden: Versleutelde USB-stick, sleutel veilig"
        ),
        "{decision:?}"
    );
    assert!(
        !decision.iter().any(|l| l.contains("Meldnummer")),
        "{decision:?}"
    );
}

#[test]
fn export_json_has_the_contract_fields() {
    let env = Env::new();
    let id = completed(&env);
    let out = env.stdout(&["breach", "export", &id, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("export --format json is JSON");
    assert_breach_shape(&v);
    assert_eq!(v["id"], "D-2026-0001");
    assert_eq!(v["title"], "Laptop met leerlingrapporten gestolen");
    assert_eq!(v["aware_at"], "2026-03-27T16:20:00+01:00");
    assert_eq!(v["ap_due"], "2026-03-30T17:20:00+02:00");
    assert_eq!(v["hours_left"], 54.33);
    assert_eq!(v["risk"], "high");
    assert_eq!(v["status"], "notified");
    let log = v["log"].as_array().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["at"], NOW);
    assert_eq!(log[0]["author"], USER);
    assert_eq!(log[0]["text"], "Docent belt: laptop uit auto gestolen");
    // The export is the same record `show` gives.
    assert_eq!(v, env.show(&id));
}

#[test]
fn export_out_writes_a_private_file_and_nothing_to_stdout() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let id = completed(&env);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    let file = env.path("melding.txt");
    let out = env
        .cmd()
        .args(["breach", "export", &id, "--out"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(mode(&file), 0o600);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        env.stdout(&["breach", "export", &id])
    );

    // An existing readable file is only replaced with --force, by a new private file.
    let json = env.path("melding.json");
    std::fs::write(&json, "oud").unwrap();
    std::fs::set_permissions(&json, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .args([
            "breach", "export", &id, "--format", "json", "--force", "--out",
        ])
        .arg(&json)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    assert_eq!(mode(&json), 0o600);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["id"], "D-2026-0001");

    let csv = env.path("register.csv");
    let out = env
        .cmd()
        .args(["breach", "register", "--csv", "--out"])
        .arg(&csv)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    assert_eq!(mode(&csv), 0o600);
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("id,"));

    let err = fails_with(
        env.cmd()
            .args(["breach", "export", &id, "--out"])
            .arg(env.path("no/such/folder/x.txt")),
        1,
    );
    assert!(err.contains("cannot write"), "{err}");
}

#[test]
fn register_csv_has_every_breach_with_its_decision_and_reasoning() {
    let env = Env::new();
    let notified = completed(&env);
    let withheld = env.add("2026-03-27 18:00", "USB-stick, \"versleuteld\", kwijt");
    env.json(&[
        "breach",
        "assess",
        &withheld,
        "--risk",
        "none",
        "--reason",
        "BitLocker, sleutel veilig",
    ]);
    env.json(&[
        "breach",
        "no-notify",
        &withheld,
        "--reason",
        "Versleuteld met BitLocker,\nsleutel niet op de stick",
    ]);
    let closed = env.add("2026-03-26 08:00", "Brief naar oud adres");
    env.json(&[
        "breach",
        "assess",
        &closed,
        "--risk",
        "none",
        "--reason",
        "Eén ouder",
    ]);
    env.json(&[
        "breach",
        "no-notify",
        &closed,
        "--reason",
        "Eén ouder, geen risico",
    ]);
    env.json(&["breach", "close", &closed]);
    let open = env.add("2026-03-28 08:00", "Nog in onderzoek");

    let text = env.stdout(&["breach", "register", "--csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    for col in [
        "id",
        "title",
        "status",
        "aware_at",
        "ap_due",
        "risk",
        "risk_reason",
        "notify_ap",
        "no_notify_reason",
        "notified_at",
        "ap_reference",
        "delay_reason",
    ] {
        assert!(header.iter().any(|h| h == col), "{col} missing: {header:?}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len(),
        4,
        "one row per breach, closed ones too:\n{text}"
    );
    let row = |id: &str| {
        rows.iter()
            .find(|r| &r[col("id")] == id)
            .unwrap_or_else(|| panic!("no row {id}:\n{text}"))
    };

    let r = row(&withheld);
    assert_eq!(&r[col("title")], "USB-stick, \"versleuteld\", kwijt");
    assert_eq!(&r[col("status")], "not_notified");
    assert_eq!(&r[col("risk")], "none");
    assert_eq!(&r[col("risk_reason")], "BitLocker, sleutel veilig");
    assert_eq!(&r[col("notify_ap")], "no");
    assert_eq!(
        &r[col("no_notify_reason")],
        "Versleuteld met BitLocker,\nsleutel niet op de stick"
    );
    assert_eq!(&r[col("ap_reference")], "");

    let r = row(&closed);
    assert_eq!(&r[col("status")], "closed");
    assert_eq!(&r[col("no_notify_reason")], "Eén ouder, geen risico");

    let r = row(&notified);
    assert_eq!(&r[col("status")], "notified");
    assert_eq!(&r[col("notify_ap")], "yes");
    assert_eq!(&r[col("risk")], "high");
    assert_eq!(&r[col("ap_reference")], "AP-2026-4711");
    assert_eq!(&r[col("notified_at")], "2026-03-28T09:15:00+01:00");
    assert_eq!(&r[col("aware_at")], "2026-03-27T16:20:00+01:00");
    assert_eq!(&r[col("ap_due")], "2026-03-30T17:20:00+02:00");

    // Not yet decided is said, never an empty cell that reads as "no".
    let r = row(&open);
    assert_eq!(&r[col("status")], "open");
    assert_eq!(&r[col("notify_ap")], "undecided");
    assert_eq!(&r[col("risk")], "undecided");
    assert_eq!(&r[col("occurred_at")], "unknown");
    assert_eq!(&r[col("nature")], "unknown");
    assert_eq!(&r[col("records_min")], "unknown");

    // The same register as JSON, and neither format chosen is a usage error.
    let json = env.json(&["breach", "register"]);
    assert_eq!(json.as_array().unwrap().len(), 4);
    let err = env.fails(&["breach", "register"], 2);
    assert!(err.contains("--csv"), "{err}");
}

#[test]
fn an_empty_register_is_a_header_only() {
    let env = Env::new();
    let text = env.stdout(&["breach", "register", "--csv"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("id,title,status"), "{text}");
    assert_eq!(env.list(&[]), Vec::<Value>::new());
}

#[test]
fn list_puts_the_clock_first_and_open_hides_closed() {
    let env = Env::new();
    let later = env.add("2026-03-28 08:00", "Later bekend");
    let sooner = env.add("2026-03-27 16:20", "Eerder bekend");
    let decided = env.add("2026-03-27 18:00", "Besloten");
    let closed = env.add("2026-03-27 19:00", "Gesloten");
    for id in [&decided, &closed] {
        env.json(&["breach", "assess", id, "--risk", "none", "--reason", "x"]);
        env.json(&["breach", "no-notify", id, "--reason", "geen risico"]);
    }
    env.json(&["breach", "close", &closed]);

    // Awaiting the AP decision first, least time left on top; then the rest, newest first.
    let all = env.list(&[]);
    assert_eq!(ids(&all), [&sooner, &later, &closed, &decided]);
    for v in &all {
        assert_breach_shape(v);
    }
    let open = env.list(&["--open"]);
    assert_eq!(ids(&open), [&sooner, &later, &decided]);

    let text = env.stdout(&["breach", "list", "--open"]);
    assert!(!text.contains(&closed), "{text}");
    let header = text.lines().next().unwrap();
    for col in [
        "id", "title", "aware_at", "ap_due", "left", "risk", "status",
    ] {
        assert!(header.contains(col), "{col}: {header}");
    }
    let row = text.lines().find(|l| l.starts_with(&sooner)).unwrap();
    assert!(row.contains("54h20"), "{row}");
    let row = text.lines().find(|l| l.starts_with(&decided)).unwrap();
    assert!(row.contains("not_notified") && row.contains('–'), "{row}");
    assert!(env.stdout(&["breach", "list"]).contains(&closed));
}

#[test]
fn a_breach_on_new_years_night_is_numbered_in_the_local_year() {
    let env = Env::new();
    // 00:30 on 1 January in Amsterdam is still 31 December in UTC.
    let id = env.add("2026-01-01 00:30", "Vuurwerkfoto's in verkeerde app");
    assert!(id.starts_with("D-2026-"), "{id}");
}

//! Output that cannot attack the terminal (issue 9, §5): JSON escapes C1 control characters,
//! invisible and direction-changing characters are refused on input and shown as `⟨U+202E⟩`
//! when a stored record already holds one, dates outside 1900-2100 are refused, and request and
//! breach ids cannot share a prefix.

mod common;

use common::cli::{fails_with, Env};
use common::tui::Tui;
use crossterm::event::KeyCode;
use serde_json::Value;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "fg.tester";
const RLO: char = '\u{202E}';

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

/// Runs `args`, expects success and returns stdout as bytes.
fn raw_stdout(env: &Env, args: &[&str]) -> Vec<u8> {
    env.cmd()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn has_raw_c1(bytes: &[u8]) -> bool {
    // UTF-8 of U+0080..=U+009F is C2 80..=C2 9F.
    bytes
        .windows(2)
        .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
}

fn add_request(env: &Env, requester: &str) -> String {
    let v = env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-20",
        "--requester",
        requester,
    ]);
    v["id"].as_str().unwrap().to_string()
}

fn csi_name() -> String {
    // U+009B is the one-byte CSI: "\u{9b}2J" clears the screen on a terminal that takes C1.
    "S. de\u{9b}2J Vries".to_string()
}

#[test]
fn json_escapes_c1_characters_and_reads_back_the_same() {
    let env = env();
    let name = csi_name();
    let title = format!("Laptop\u{9b}31m {}", "gestolen");
    // Typed today they are refused (tests/bad_input.rs); a record stored before that rule holds
    // them, put there directly as an older avgdesk would have left it.
    let id = add_request(&env, "S. de Vries");
    let breach = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-11-20 16:20",
        "--title",
        "Laptop gestolen",
    ]);
    let breach_id = breach["id"].as_str().unwrap().to_string();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE requests SET requester_name = ?1 WHERE id = ?2",
        [name.as_str(), id.as_str()],
    )
    .unwrap();
    conn.execute(
        "UPDATE breaches SET title = ?1 WHERE id = ?2",
        [title.as_str(), breach_id.as_str()],
    )
    .unwrap();
    for args in [
        vec!["request", "show", id.as_str(), "--json"],
        vec!["request", "list", "--json"],
        vec!["breach", "show", breach_id.as_str(), "--json"],
        vec!["breach", "list", "--json"],
        vec!["breach", "register", "--json"],
        vec!["breach", "export", breach_id.as_str(), "--format", "json"],
    ] {
        let out = raw_stdout(&env, &args);
        assert!(!has_raw_c1(&out), "{args:?} wrote a raw C1 byte");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\\u009b"), "{args:?}: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let first = if v.is_array() { &v[0] } else { &v };
        if args[0] == "request" {
            assert_eq!(first["requester"]["name"], name.as_str(), "{args:?}");
        } else {
            assert_eq!(first["title"], title.as_str(), "{args:?}");
        }
    }
    // The text output shows the character as a replacement, never raw.
    let text = raw_stdout(&env, &["request", "show", &id]);
    assert!(!has_raw_c1(&text));
    assert!(String::from_utf8(text).unwrap().contains("S. de�2J Vries"));
}

/// `args` refused with exit 1 and a message naming the character.
fn refused(env: &Env, args: &[&str]) -> String {
    let err = fails_with(env.cmd().args(args), 1);
    assert!(
        err.contains("contains an invisible or direction-changing character (U+202E)"),
        "{args:?}: {err}"
    );
    err
}

#[test]
fn invisible_and_direction_changing_characters_are_refused_in_names_and_titles() {
    let env = env();
    let evil = format!("Jan{RLO}slaw");
    let base = [
        "request",
        "add",
        "--kind",
        "erasure",
        "--received",
        "2026-11-20",
    ];
    let err = refused(&env, &[&base[..], &["--requester", &evil]].concat());
    assert!(err.contains("requester"), "{err}");
    let err = refused(
        &env,
        &[&base[..], &["--requester", "Ouder", "--pupil", &evil]].concat(),
    );
    assert!(err.contains("pupil"), "{err}");
    assert!(env.rows(&["request", "list", "--all"]).is_empty());

    let erasure = env.json(&[&base[..], &["--requester", "Ouder"]].concat());
    let erasure = erasure["id"].as_str().unwrap();
    refused(&env, &["request", "recipient", erasure, &evil]);
    refused(
        &env,
        &[
            "request", "identity", erasure, "--method", "paspoort", "--by", &evil,
        ],
    );
    assert_eq!(
        env.json(&["request", "show", erasure])["identity"],
        Value::Null
    );
    assert_eq!(
        env.json(&["request", "show", erasure])["recipients"],
        Value::Array(vec![])
    );
    // Every listed character counts, not only the override.
    for c in ['\u{200B}', '\u{2066}', '\u{FEFF}', '\u{2060}'] {
        let err = fails_with(
            env.cmd()
                .args([&base[..], &["--requester"]].concat())
                .arg(format!("A{c}B")),
            1,
        );
        assert!(err.contains(&format!("U+{:04X}", c as u32)), "{c:?}: {err}");
    }

    refused(
        &env,
        &[
            "breach",
            "add",
            "--aware",
            "2026-11-20 16:20",
            "--title",
            &evil,
        ],
    );
    assert!(env.rows(&["breach", "list"]).is_empty());

    // Consent: who gave the answer.
    import_pupil(&env, "01-03-2015");
    refused(&env, &consent_set(&evil, "2026-11-20"));
    assert_eq!(
        env.rows(&["consent", "history", "--pupil", "1001"]),
        Vec::<Value>::new()
    );
}

#[test]
fn an_import_with_an_invisible_character_in_a_name_or_number_is_refused_by_line() {
    let env = env();
    let csv = env.path("leerlingen.csv");
    std::fs::write(
        &csv,
        format!(
            "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;School\n\
             1001;Jan;Berg;01-03-2015;6;A\n\
             1002;Sara;Ab{RLO}del;01-03-2015;6;A\n\
             10\u{200B}03;Tim;Smit;01-03-2015;6;A\n"
        ),
    )
    .unwrap();
    let err = fails_with(env.cmd().args(["pupil", "import"]).arg(&csv), 1);
    assert!(
        err.contains(
            "line 3: last name: contains an invisible or direction-changing character (U+202E)"
        ),
        "{err}"
    );
    assert!(
        err.contains("line 4: pupil number: contains an invisible"),
        "{err}"
    );
    assert!(err.contains("U+200B"), "{err}");
    assert!(env.rows(&["pupil", "list", "--all"]).is_empty());
}

/// A record stored before the rule existed (or written by another tool): its name holds an
/// override. The stored text is put there directly, as an older avgdesk would have left it.
fn stored_with_override(env: &Env) -> String {
    let id = add_request(env, "Jan");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE requests SET requester_name = ?1 WHERE id = ?2",
        [format!("Jan{RLO}slaw"), id.clone()],
    )
    .unwrap();
    id
}

#[test]
fn a_stored_override_is_shown_visibly_in_text_and_escaped_in_json() {
    let env = env();
    let id = stored_with_override(&env);
    for args in [
        vec!["request", "show", id.as_str()],
        vec!["request", "list"],
    ] {
        let out = env.stdout(&args);
        assert!(out.contains("Jan⟨U+202E⟩slaw"), "{args:?}: {out}");
        assert!(!out.contains(RLO), "{args:?} wrote the override raw");
    }
    let json = String::from_utf8(raw_stdout(&env, &["request", "show", &id, "--json"])).unwrap();
    assert!(!json.contains(RLO));
    assert!(json.contains("Jan\\u202eslaw"), "{json}");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["requester"]["name"], format!("Jan{RLO}slaw"));
}

#[test]
fn a_stored_override_is_shown_visibly_in_the_app() {
    let mut tui = Tui::with(avgdesk::i18n::Lang::Nl, |session| {
        let new = avgdesk::domain::request::NewRequest {
            kind: avgdesk::domain::request::Kind::Access,
            received: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            channel: avgdesk::domain::request::Channel::Email,
            requester: avgdesk::domain::request::Person {
                name: "Jan".into(),
                ..Default::default()
            },
            pupil: Default::default(),
            summary: String::new(),
            language: Default::default(),
        };
        let r = session.add_request(new).unwrap();
        let conn = rusqlite::Connection::open(session.store.path()).unwrap();
        conn.execute(
            "UPDATE requests SET requester_name = ?1, summary = ?1 WHERE id = ?2",
            [format!("Jan{RLO}slaw"), r.id],
        )
        .unwrap();
        // A pupil stored below the rules (the store does not check names).
        let pupil = avgdesk::domain::consent::Pupil {
            number: "1001".into(),
            first_name: "Sara".into(),
            infix: String::new(),
            last_name: format!("Ab{RLO}del"),
            birth_date: chrono::NaiveDate::from_ymd_opt(2015, 3, 1),
            class: "6".into(),
            school: "A".into(),
            active: true,
        };
        let now = session.now();
        session.store.import_pupils(&[pupil], false, now).unwrap();
    });
    let queue = tui.screen(120, 40);
    assert!(queue.contains("Jan⟨U+202E⟩slaw"), "{queue}");
    assert!(!queue.contains(RLO));
    tui.keys(&[KeyCode::Enter]);
    let detail = tui.screen(120, 40);
    assert!(detail.contains("Jan⟨U+202E⟩slaw"), "{detail}");
    assert!(!detail.contains(RLO));
    tui.keys(&[KeyCode::Esc, KeyCode::Char('3')]);
    let grid = tui.screen(120, 40);
    assert!(grid.contains("Ab⟨U+202E⟩del"), "{grid}");
    tui.keys(&[KeyCode::Enter]);
    let pupil = tui.screen(120, 40);
    assert!(pupil.contains("Ab⟨U+202E⟩del"), "{pupil}");
    assert!(!pupil.contains(RLO));
}

#[test]
fn the_app_refuses_an_override_in_a_breach_title_in_dutch_and_shows_it() {
    let mut tui = Tui::new(avgdesk::i18n::Lang::Nl);
    tui.keys(&[KeyCode::Char('b')]);
    tui.type_str(&format!("Lek{RLO}x"));
    let typing = tui.screen(120, 40);
    assert!(typing.contains("Lek⟨U+202E⟩x"), "{typing}");
    tui.keys(&[KeyCode::Enter]);
    let refused = tui.screen(120, 40);
    assert!(
        refused.contains("bevat een onzichtbaar of richting-wisselend teken (U+202E)"),
        "{refused}"
    );
    assert!(tui.dialog_open(), "the form stays open with what was typed");
    assert!(tui.session.register(true).unwrap().is_empty());
}

#[test]
fn dates_before_1900_or_after_2100_are_refused_everywhere_they_are_typed() {
    let env = env();
    let range = "outside the years 1900 to 2100";
    fn add<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        [
            &["request", "add", "--kind", "access", "--requester", "Ouder"][..],
            extra,
        ]
        .concat()
    }
    for args in [
        add(&["--received", "0000-01-01"]),
        add(&[
            "--received",
            "2026-11-20",
            "--pupil-birth-date",
            "01-01-0000",
        ]),
        add(&[
            "--received",
            "2026-11-20",
            "--pupil-birth-date",
            "1899-12-31",
        ]),
        vec!["deadline", "--received", "2101-01-01"],
    ] {
        let err = fails_with(env.cmd().args(&args), 2);
        assert!(err.contains(range), "{args:?}: {err}");
    }
    let id = add_request(&env, "Ouder");
    for args in [
        vec![
            "request",
            "pause",
            id.as_str(),
            "--reason",
            "id",
            "--on",
            "0000-01-01",
        ],
        vec![
            "request",
            "identity",
            id.as_str(),
            "--method",
            "paspoort",
            "--on",
            "0000-01-01",
        ],
    ] {
        let err = fails_with(env.cmd().args(&args), 2);
        assert!(err.contains(range), "{args:?}: {err}");
    }
    for aware in ["0000-01-01 10:00", "0001-01-01T10:00:00+01:00"] {
        let err = fails_with(
            env.cmd()
                .args(["breach", "add", "--title", "Lek", "--aware", aware]),
            2,
        );
        assert!(err.contains(range), "{aware}: {err}");
    }
    assert!(env.rows(&["breach", "list"]).is_empty());

    let err = fails_with(
        env.cmd()
            .args(["pupil", "import"])
            .arg(pupil_file(&env, "01-01-0000")),
        1,
    );
    assert!(err.contains("line 2") && err.contains(range), "{err}");
    import_pupil(&env, "01-03-2015");
    let err = fails_with(env.cmd().args(consent_set("A. Berg", "0000-01-01")), 2);
    assert!(err.contains(range), "{err}");
}

/// A pupil file with pupil 1001, born on `birth`.
fn pupil_file(env: &Env, birth: &str) -> std::path::PathBuf {
    let csv = env.path("leerlingen.csv");
    std::fs::write(
        &csv,
        format!("Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;School\n1001;Jan;Berg;{birth};6;A\n"),
    )
    .unwrap();
    csv
}

fn import_pupil(env: &Env, birth: &str) {
    env.cmd()
        .args(["pupil", "import"])
        .arg(pupil_file(env, birth))
        .assert()
        .success();
}

/// `consent set` for pupil 1001, answered by `by` (a parent) from `on`.
fn consent_set<'a>(by: &'a str, on: &'a str) -> Vec<&'a str> {
    vec![
        "consent",
        "set",
        "--pupil",
        "1001",
        "--purpose",
        "photo_website",
        "--value",
        "given",
        "--by",
        by,
        "--role",
        "parent",
        "--on",
        on,
    ]
}

#[test]
fn the_same_prefix_for_requests_and_breaches_is_refused_naming_the_line() {
    let env = env();
    std::fs::write(
        &env.config,
        "language = \"en\"\nrequest_prefix = \"X\"\nbreach_prefix = \"x\"\n",
    )
    .unwrap();
    let err = env.fails(&["request", "list"], 1);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("different prefixes"), "{err}");
}

//! Bad input stays out (issue 15 §4): control characters are refused where text is typed or
//! imported (the command line, the pupil import, the config, the app) and replaced in text
//! taken from e-mail; e-mail dates outside 1900-2100 are refused like any other date; messages
//! on stderr escape the control and bidi characters they quote.

mod common;

use common::cli::{bare_cmd, fails_with, Env};
use common::tui::Tui;
use crossterm::event::KeyCode;
use serde_json::Value;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "fg.tester";
const ESC: char = '\u{1b}';

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

/// `args` refused with exit 1, the message naming `field` and the character's code point, and
/// no raw control character on stderr.
fn refused(env: &Env, args: &[&str], field: &str, code: &str) -> String {
    let err = fails_with(env.cmd().args(args), 1);
    assert!(
        err.contains(&format!("{field}: contains")),
        "{args:?}: {err}"
    );
    assert!(err.contains(code), "{args:?}: {err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "{args:?}: a raw control character on stderr: {err:?}"
    );
    err
}

fn add_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [
        &[
            "request",
            "add",
            "--kind",
            "erasure",
            "--received",
            "2026-11-20",
        ][..],
        extra,
    ]
    .concat()
}

#[test]
fn control_characters_are_refused_in_every_field_of_a_new_request() {
    let env = env();
    let cases = [
        ("--requester", "Jan\u{1b}[31m", "requester", "U+001B"),
        ("--pupil", "Sara\u{7}", "pupil", "U+0007"),
        ("--contact", "a@example.nl\nBcc: x", "contact", "U+000A"),
        ("--school", "De\rBron", "school", "U+000D"),
        ("--class", "6\u{9b}2J", "class", "U+009B"),
        ("--summary", "inzage\u{1b}[2J", "summary", "U+001B"),
        ("--summary", "kolom\tkolom", "summary", "U+0009"),
    ];
    for (flag, value, field, code) in cases {
        let mut args = add_args(&["--requester", "Ouder"]);
        if flag == "--requester" {
            args.truncate(args.len() - 2);
        }
        args.extend([flag, value]);
        refused(&env, &args, field, code);
    }
    assert!(env.rows(&["request", "list", "--all"]).is_empty());
    // A summary has several lines.
    let r = env.json(&add_args(&[
        "--requester",
        "Ouder",
        "--summary",
        "regel 1\nregel 2",
    ]));
    assert_eq!(r["summary"], "regel 1\nregel 2");
}

#[test]
fn control_characters_are_refused_in_every_change_to_a_request() {
    let env = env();
    let id = env.json(&add_args(&["--requester", "Ouder"]))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let id = id.as_str();
    refused(
        &env,
        &["request", "extend", id, "--reason", "veel\u{1b}[2J"],
        "reason",
        "U+001B",
    );
    // A pause's reason is one line.
    refused(
        &env,
        &["request", "pause", id, "--reason", "wacht op\nid"],
        "reason",
        "U+000A",
    );
    refused(
        &env,
        &["request", "identity", id, "--method", "ID\u{1b}]0;x\u{7}"],
        "method",
        "U+001B",
    );
    refused(
        &env,
        &[
            "request",
            "identity",
            id,
            "--method",
            "paspoort",
            "--by",
            "A.\u{85}Jansen",
        ],
        "checked by",
        "U+0085",
    );
    refused(
        &env,
        &["request", "recipient", id, "GGD\u{7}"],
        "recipient",
        "U+0007",
    );
    refused(
        &env,
        &["request", "note", id, "gebeld\u{1b}[2J"],
        "note",
        "U+001B",
    );
    refused(
        &env,
        &[
            "request",
            "decide",
            id,
            "--decision",
            "refused",
            "--reason",
            "nee\u{9b}2J",
        ],
        "reason",
        "U+009B",
    );
    let r = env.json(&["request", "show", id]);
    assert_eq!(r["extended"], false, "{r:#}");
    assert_eq!(r["pauses"], Value::Array(vec![]));
    assert_eq!(r["identity"], Value::Null);
    assert_eq!(r["recipients"], Value::Array(vec![]));
    assert_eq!(r["decision"], Value::Null);
    assert_eq!(r["notes"], Value::Array(vec![]));
    // A note keeps its lines and tabs; a decision's reason its lines.
    let r = env.json(&["request", "note", id, "regel 1\n\tingesprongen"]);
    assert_eq!(r["notes"][0]["text"], "regel 1\n\tingesprongen");
    let r = env.json(&[
        "request",
        "decide",
        id,
        "--decision",
        "refused",
        "--reason",
        "wettelijke plicht\nzie art. 17 lid 3",
    ]);
    assert_eq!(r["decision_reason"], "wettelijke plicht\nzie art. 17 lid 3");
}

#[test]
fn control_characters_are_refused_in_breaches() {
    let env = env();
    refused(
        &env,
        &[
            "breach",
            "add",
            "--aware",
            "2026-11-20 16:20",
            "--title",
            "Lek\u{1b}[2J",
        ],
        "title",
        "U+001B",
    );
    assert!(env.rows(&["breach", "list"]).is_empty());
    let b = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-11-20 16:20",
        "--title",
        "Lek",
    ]);
    let id = b["id"].as_str().unwrap().to_string();
    let id = id.as_str();
    refused(
        &env,
        &["breach", "update", id, "--description", "kwijt\u{1b}[2J"],
        "description",
        "U+001B",
    );
    refused(
        &env,
        &["breach", "update", id, "--severity", "hoog\nlaag"],
        "severity",
        "U+000A",
    );
    refused(
        &env,
        &["breach", "update", id, "--processor", "Host\u{9b}BV"],
        "processor",
        "U+009B",
    );
    refused(&env, &["breach", "log", id, "belde\u{7}"], "text", "U+0007");
    refused(
        &env,
        &[
            "breach",
            "assess",
            id,
            "--risk",
            "high",
            "--reason",
            "bsn\u{1b}",
        ],
        "reason",
        "U+001B",
    );
    let b = env.json(&["breach", "show", id]);
    assert_eq!(b["description"], "");
    assert_eq!(b["severity"], "");
    assert_eq!(b["log"], Value::Array(vec![]));
    assert_eq!(b["risk"], Value::Null);
    let b = env.json(&["breach", "update", id, "--description", "regel 1\nregel 2"]);
    assert_eq!(b["description"], "regel 1\nregel 2");
}

/// A pupil file with pupil 1001 (born 2015, so the parents answer).
fn import_pupil(env: &Env) {
    let csv = env.path("leerlingen.csv");
    std::fs::write(
        &csv,
        "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;School\n1001;Jan;Berg;01-03-2015;6;A\n",
    )
    .unwrap();
    env.cmd()
        .args(["pupil", "import"])
        .arg(&csv)
        .assert()
        .success();
}

#[test]
fn control_characters_are_refused_in_a_consent_answer() {
    let env = env();
    import_pupil(&env);
    let set = |by: &'static str, version: &'static str| {
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
            "--form-version",
            version,
        ]
    };
    refused(
        &env,
        &set("A. Berg\u{1b}[2J", "2026-1"),
        "given by",
        "U+001B",
    );
    refused(&env, &set("A. Berg", "2026\u{7}"), "form version", "U+0007");
    assert_eq!(
        env.rows(&["consent", "history", "--pupil", "1001"]),
        Vec::<Value>::new()
    );
}

#[test]
fn a_pupil_import_with_a_control_character_is_refused_by_line_and_imports_nothing() {
    let env = env();
    let csv = env.path("leerlingen.csv");
    std::fs::write(
        &csv,
        "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;School\n\
         1001;Jan\u{1b}[2J;Berg;01-03-2015;6;A\n\
         10\u{7f}02;Sara;Smit;01-03-2015;6;A\n\
         1003;Tim;Bos;01-03-2015;6;\"De\r\nBron\"\n\
         1004;Eva;Dam;01-03-2015;6;A\n",
    )
    .unwrap();
    let err = fails_with(env.cmd().args(["pupil", "import"]).arg(&csv), 1);
    for expected in [
        "line 2: first name: contains a control character (U+001B); correct it in the file",
        "line 3: pupil number: contains a control character (U+007F)",
        "line 4: school: contains a line break (U+000D)",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(!err.contains(ESC) && !err.contains('\u{7f}'), "{err:?}");
    assert!(env.rows(&["pupil", "list", "--all"]).is_empty());
}

#[test]
fn a_control_character_in_a_config_value_is_refused_naming_its_line() {
    let env = env();
    std::fs::write(
        &env.config,
        "language = \"en\"\n\
         complaints = \"\"\"\nline 1\nline 2\"\"\"\n\
         [organisation]\n\
         name = \"De Bron\\u001b[2J\"\n",
    )
    .unwrap();
    let err = env.fails(&["request", "list"], 1);
    assert!(
        err.contains("line 6: organisation.name: contains a control character (U+001B); remove it"),
        "{err}"
    );
    assert!(!err.contains(ESC), "{err:?}");
    assert!(!env.db.exists(), "nothing was created");
    // Line breaks are fine where the value has several lines.
    std::fs::write(
        &env.config,
        "complaints = \"\"\"\nline 1\nline 2\"\"\"\n[organisation]\nname = \"De Bron\"\n",
    )
    .unwrap();
    env.rows(&["request", "list"]);
}

#[test]
fn a_control_character_in_the_user_name_is_refused() {
    let env = env();
    let err = fails_with(
        env.cmd()
            .env("AVGDESK_USER", "anna\u{1b}[2J")
            .args(["request", "list"]),
        1,
    );
    assert!(
        err.contains("user name (AVGDESK_USER): contains a control character (U+001B)"),
        "{err}"
    );
    assert!(!err.contains(ESC), "{err:?}");
    assert!(!env.db.exists(), "nothing was created");
}

/// Runs `cmd`, expects exit `code`, and returns stderr as bytes.
fn stderr_bytes(cmd: &mut assert_cmd::Command, code: i32) -> Vec<u8> {
    cmd.assert().code(code).get_output().stderr.clone()
}

fn has_raw_c1(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
}

#[test]
fn error_messages_escape_control_and_bidi_characters_they_quote() {
    let env = env();
    env.rows(&["request", "list"]);
    // `request show $'V-2026-0001\e[2J'` must not clear the screen.
    let err = stderr_bytes(
        env.cmd().args(["request", "show", "V-2026-0001\u{1b}[2J"]),
        1,
    );
    assert!(!err.contains(&0x1b), "raw ESC on stderr: {err:?}");
    let text = String::from_utf8(err).unwrap();
    assert!(
        text.contains("no request with id V-2026-0001\\u{1b}[2J"),
        "{text}"
    );
    // A right-to-left override would make the rest of the line read backwards.
    let text = fails_with(env.cmd().args(["breach", "show", "D-2026-1\u{202e}x"]), 1);
    assert!(!text.contains('\u{202e}'), "{text:?}");
    assert!(text.contains("\\u{202e}"), "{text}");
    // A C1 escape in a value clap refuses, and in a recipient's name quoted back.
    let err = stderr_bytes(
        env.cmd()
            .args(["request", "add", "--kind", "x\u{9b}2J", "--requester", "A"]),
        2,
    );
    assert!(!has_raw_c1(&err), "raw C1 on stderr: {err:?}");
    let id = env.json(&add_args(&["--requester", "Ouder"]))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let err = stderr_bytes(
        env.cmd()
            .args(["request", "told", &id, "GGD\u{9b}2J\u{1b}[2J"]),
        1,
    );
    assert!(!has_raw_c1(&err) && !err.contains(&0x1b), "{err:?}");
    // A database path quoted in a notice.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db\u{1b}[2J.db");
    let out = bare_cmd(NOW, USER)
        .arg("--config")
        .arg(&env.config)
        .arg("--db")
        .arg(&db)
        .args(["request", "list"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(!out.stderr.contains(&0x1b), "{:?}", out.stderr);
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("created a new, empty database") && text.contains("db\\u{1b}[2J.db"),
        "{text}"
    );
}

/// A message from lines joined with CRLF, as on the wire.
fn eml(lines: &[&str]) -> Vec<u8> {
    let mut s = lines.join("\r\n");
    s.push_str("\r\n");
    s.into_bytes()
}

fn message_dated(headers: &[&str]) -> Vec<u8> {
    let mut lines = headers.to_vec();
    lines.extend([
        "From: Sanne de Vries <sanne@example.nl>",
        "Subject: Verzoek om inzage",
        "Message-ID: <old@example.nl>",
        "",
        "Graag een kopie van het dossier.",
    ]);
    eml(&lines)
}

#[test]
fn an_e_mail_dated_outside_1900_to_2100_is_refused() {
    let env = env();
    let cases = [
        ("Date: Sun, 31 Dec 1899 10:00:00 +0000", "1899"),
        ("Date: Sat, 1 Jan 0000 10:00:00 +0000", "0000"),
        ("Date: Fri, 1 Jan 2106 10:00:00 +0000", "2106"),
        (
            "Received: from a by mx.school.example; Sun, 31 Dec 1899 10:00:00 +0000",
            "1899",
        ),
    ];
    for (header, year) in cases {
        let file = env.path("oud.eml");
        std::fs::write(&file, message_dated(&[header])).unwrap();
        let err = fails_with(env.cmd().arg("intake").arg(&file).arg("--yes"), 1);
        assert!(
            err.contains(&format!(
                "gives the year {year}, outside the years 1900 to 2100"
            )),
            "{header}: {err}"
        );
        assert!(
            env.rows(&["request", "list", "--all"]).is_empty(),
            "{header}"
        );
    }
    // A broken Received: header gives way to the sender's Date:.
    let p = avgdesk::intake::propose(
        &message_dated(&[
            "Received: from a by mx.school.example; Sun, 31 Dec 1899 10:00:00 +0000",
            "Date: Mon, 23 Nov 2026 09:14:00 +0100",
        ]),
        chrono_tz::Europe::Amsterdam,
    )
    .unwrap();
    assert_eq!(p.received.to_string(), "2026-11-23");
    assert_eq!(p.received_from, avgdesk::intake::ReceivedFrom::DateHeader);
    // The two-digit year of old mail still reads as 2000 onwards.
    let p = avgdesk::intake::propose(
        &message_dated(&["Date: Mon, 23 Nov 26 09:14:00 +0100"]),
        chrono_tz::Europe::Amsterdam,
    )
    .unwrap();
    assert_eq!(p.received.to_string(), "2026-11-23");
}

#[test]
fn control_characters_in_an_e_mail_are_replaced_not_stored() {
    let env = env();
    let mut raw = eml(&[
        "Received: from a by mx.school.example; Mon, 23 Nov 2026 09:15:00 +0100",
        "From: =?utf-8?q?Jan=1B[31m_de_Vries?= <jan@example.nl>",
        "Subject: =?utf-8?q?Inzage=1B[2J_dossier?=",
        "Message-ID: <ctl@example.nl>",
        "Content-Type: text/plain; charset=utf-8",
        "",
    ]);
    raw.extend_from_slice(
        "Graag\tinzage\u{1b}]0;titel\u{7} in het\u{9b}2J dossier.\r\nGroet\r\n".as_bytes(),
    );
    let file = env.path("ctl.eml");
    std::fs::write(&file, &raw).unwrap();
    let r = env.json(&["intake", file.to_str().unwrap(), "--yes"]);
    let id = r["id"].as_str().unwrap();
    let r = env.json(&["request", "show", id]);
    let name = r["requester"]["name"].as_str().unwrap();
    let summary = r["summary"].as_str().unwrap();
    let note = r["notes"][0]["text"].as_str().unwrap();
    assert_eq!(name, "Jan\u{FFFD}[31m de Vries");
    // The summary is the subject; the mail's text is the first note.
    assert_eq!(summary, "Inzage\u{FFFD}[2J dossier");
    assert_eq!(
        note,
        "Tekst van de e-mail:\nGraag inzage\u{FFFD}]0;titel\u{FFFD} in het\u{FFFD}2J dossier.\nGroet"
    );
    for text in [name, summary, note] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}

fn tui_with_request(summary: &str) -> Tui {
    let summary = summary.to_string();
    Tui::with(avgdesk::i18n::Lang::Nl, move |session| {
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
        if !summary.is_empty() {
            // As an older avgdesk could have stored it.
            let conn = rusqlite::Connection::open(session.store.path()).unwrap();
            conn.execute(
                "UPDATE requests SET summary = ?1 WHERE id = ?2",
                [summary.as_str(), r.id.as_str()],
            )
            .unwrap();
        }
    })
}

#[test]
fn the_app_drops_a_control_character_typed_or_pasted_into_a_text_area() {
    let mut tui = tui_with_request("");
    tui.keys(&[KeyCode::Char('n')]);
    tui.type_str("gebeld\u{9b}2J met ouder\u{1b}");
    tui.ctrl('s');
    assert!(!tui.dialog_open(), "saved:\n{}", tui.screen(100, 30));
    let r = tui.session.request("V-2026-0001").unwrap();
    assert_eq!(r.notes.len(), 1);
    assert_eq!(r.notes[0].text, "gebeld2J met ouder");
}

#[test]
fn the_app_drops_a_control_character_from_a_value_it_opens_with() {
    // A summary stored by an older avgdesk: editing the request shows and saves it without.
    let mut tui = tui_with_request("Oud\u{1b}[2J\tbericht");
    tui.keys(&[KeyCode::Char('w')]);
    // The summary is the last field of the form.
    for _ in 0..10 {
        tui.keys(&[KeyCode::Tab]);
    }
    assert_eq!(tui.form_focus(), Some(10));
    let screen = tui.screen(120, 40);
    assert!(screen.contains("Oud[2J bericht"), "{screen}");
    tui.type_str(" en nieuw");
    tui.ctrl('s');
    assert!(!tui.dialog_open(), "saved:\n{}", tui.screen(120, 40));
    let r = tui.session.request("V-2026-0001").unwrap();
    assert_eq!(r.summary, "Oud[2J bericht en nieuw");
}

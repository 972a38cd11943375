//! The inbox and `avgdesk intake` in a real pseudo-terminal (issue 11 §4): from the inbox to a
//! logged request in three keys (m, Enter, Ctrl-S), and `avgdesk intake FILE.eml` opening the
//! same prefilled form, which ends the program when it is closed.

mod common;

use common::{Env, CTRL_S, ENTER, ESC};
use std::fs;

/// Saturday 21 November 2026, 11:00 in Amsterdam (10:00 UTC).
const SAT_1100: i64 = 1_795_255_200;

const MESSAGE: &str =
    "Received: from mail.example.nl by mx.school.example; Sat, 21 Nov 2026 10:59:30 +0100\r\n\
From: =?utf-8?B?UmVuw6llIEJha2tlcg==?= <renee@example.nl>\r\n\
Subject: =?iso-8859-1?Q?Foto's_verwijderen_van_de_website?=\r\n\
Date: Sat, 21 Nov 2026 10:59:00 +0100\r\n\
Message-ID: <pty-1@example.nl>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\n\
Wilt u de foto's van mijn dochter Zo=C3=AB van de website verwijderen?\r\n";

fn maildir(env: &Env) -> std::path::PathBuf {
    let root = env.dir().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    fs::write(
        root.join("new").join(format!("{SAT_1100}.M1P1.mx")),
        MESSAGE,
    )
    .unwrap();
    fs::write(
        env.config(),
        format!("[intake]\nmaildir = \"{}\"\n", root.display()),
    )
    .unwrap();
    root
}

#[test]
fn from_the_inbox_to_a_logged_request_in_three_keys() {
    let env = Env::new();
    let root = maildir(&env);
    let before = fs::read(root.join("new").join(format!("{SAT_1100}.M1P1.mx"))).unwrap();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("postvak 1");
    app.send("m");
    app.wait_for("Renée Bakker");
    app.send(ENTER);
    app.wait_for("Verzoek uit e-mail");
    app.send(CTRL_S);
    app.wait_for("Toegevoegd V-2026-0001");
    app.send(ESC);
    app.wait_for("postvak 0");
    app.quit();
    let r = env.cli_json(&["request", "show", "V-2026-0001", "--json"]);
    assert_eq!(r["kind"], "erasure");
    assert_eq!(r["received"], "2026-11-21");
    assert_eq!(r["requester"]["name"], "Renée Bakker");
    assert_eq!(r["summary"], "Foto's verwijderen van de website", "{r}");
    assert!(
        r["notes"][0]["text"].as_str().unwrap().contains("Zoë"),
        "the mail's text is the first note: {r}"
    );
    // Read, never changed or moved.
    assert_eq!(
        fs::read(root.join("new").join(format!("{SAT_1100}.M1P1.mx"))).unwrap(),
        before
    );
}

#[test]
fn intake_on_a_terminal_opens_the_form_and_ends_with_it() {
    let env = Env::new();
    let file = env.dir().join("verzoek.eml");
    fs::write(&file, MESSAGE).unwrap();
    let mut app = env.app(90, 30, &["intake", file.to_str().unwrap()]);
    let screen = app.wait_for("Verzoek uit e-mail");
    assert!(screen.contains("renee@example.nl"), "{screen}");
    assert!(screen.contains("verwijdering"), "{screen}");
    app.send(CTRL_S);
    app.wait_for("Ontvangstbevestiging");
    app.send(ESC);
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    // Said in the officer's language, as the form was (Dutch: the config sets none).
    let raw = app.wait_for_raw(b"V-2026-0001  verwijdering");
    assert!(String::from_utf8_lossy(&raw).contains("ontvangen 21-11-2026"));
    let list = env.cli_json(&["request", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
}

#[test]
fn intake_on_a_terminal_closed_without_saving_logs_nothing() {
    let env = Env::new();
    let file = env.dir().join("verzoek.eml");
    fs::write(&file, MESSAGE).unwrap();
    let mut app = env.app(80, 24, &["intake", file.to_str().unwrap()]);
    app.wait_for("Verzoek uit e-mail");
    app.send(ESC);
    let status = app.wait_exit();
    assert!(status.success(), "{status:?}");
    app.wait_for_raw("niets vastgelegd".as_bytes());
    let list = env.cli_json(&["request", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
}

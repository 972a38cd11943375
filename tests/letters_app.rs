//! The letters in the app: `L` in a request's or breach's detail view opens the letters that fit
//! its state (and why the others do not), Enter the preview, `y` copies it to the officer's own
//! clipboard through the terminal (OSC 52), `s` writes it to a file.

mod common;

use avgdesk::domain::request::{
    Channel, Decision, Kind, Language, NewRequest, Person, Pupil, Role,
};
use avgdesk::i18n::Lang;
use avgdesk::letters::{LetterKind, Via};
use avgdesk::ui::dialogs::Dialog;
use avgdesk::ui::keys::Context;
use common::tui::Tui;
use common::{Env, ENTER};
use crossterm::event::KeyCode;

#[test]
fn the_letters_that_fit_are_one_key_away_and_the_others_say_why() {
    let mut f = Tui::demo(Lang::Nl);
    f.keys(&[KeyCode::Enter, KeyCode::Char('L')]);
    assert_eq!(f.context(), Context::Letters);
    let screen = f.screen(100, 30);
    assert!(screen.contains("ontvangstbevestiging"), "{screen}");
    assert!(
        screen.contains("besluit — er is nog geen besluit vastgelegd"),
        "{screen}"
    );
    // A letter that does not fit is refused with its reason, the chooser stays.
    f.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(f.context(), Context::Letters);
    // The acknowledgement opens as a preview that names the request and the deadline.
    f.keys(&[KeyCode::Home]);
    for _ in 0..5 {
        f.keys(&[KeyCode::Up]);
    }
    f.keys(&[KeyCode::Enter]);
    assert_eq!(f.context(), Context::Preview);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Ons kenmerk: V-2026-0011"), "{screen}");
    assert!(screen.contains("nooit een kopie van uw"), "{screen}");
    // y: the letter's text goes to the clipboard through the terminal.
    f.keys(&[KeyCode::Char('y')]);
    let copied = f.ui.clipboard.take().expect("something to copy");
    assert!(copied.contains("Ons kenmerk: V-2026-0011"));
    assert!(f.screen(100, 30).contains("Gekopieerd"));
    // s: written to a new file in the officer's folder, never over an earlier one.
    f.ui.shared.export_dir = f.dir().to_path_buf();
    f.keys(&[KeyCode::Char('s'), KeyCode::Char('s')]);
    let mut names: Vec<String> = std::fs::read_dir(f.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ontvangstbevestiging-V-2026-0011"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    let text = std::fs::read_to_string(f.dir().join(&names[0])).unwrap();
    assert_eq!(text, copied);
    // Esc: back to the chooser; Esc again: the detail view.
    f.keys(&[KeyCode::Esc]);
    assert!(matches!(f.ui.dialog, Some(Dialog::Letters(_))));
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::Detail);
}

#[test]
fn a_breach_offers_the_ap_text_without_the_call_log() {
    let mut f = Tui::demo(Lang::Nl);
    f.keys(&[KeyCode::Char('2'), KeyCode::Enter, KeyCode::Char('L')]);
    let screen = f.screen(120, 40);
    assert!(screen.contains("AP"), "{screen}");
    // The last choice is the AP notification text.
    f.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(f.context(), Context::Preview, "{}", f.screen(120, 40));
    f.keys(&[KeyCode::Char('y')]);
    let text = f.ui.clipboard.take().unwrap();
    let b = f.session.breach("D-2026-0002").unwrap();
    for line in &b.log {
        assert!(
            !text.contains(&line.text),
            "the call log stays in the register"
        );
    }
}

#[test]
fn copying_writes_the_osc52_sequence_to_the_terminal() {
    let env = Env::new();
    let mut app = env.app(100, 30, &["--demo"]);
    app.wait_for("Verzoeken");
    app.send(ENTER);
    app.wait_for("Termijnen");
    app.send("L");
    app.wait_for("Brieven");
    app.send(ENTER);
    let screen = app.wait_for("Ons kenmerk: V-2026-0011");
    assert!(screen.contains("voorbeeld"), "{screen}");
    app.send("y");
    let raw = app.wait_for_raw(b"\x1b]52;c;");
    let start = raw.windows(7).position(|w| w == b"\x1b]52;c;").unwrap() + 7;
    let end = start + raw[start..].iter().position(|&b| b == 0x07).unwrap();
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..end])
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("Ons kenmerk: V-2026-0011"), "{text}");
    assert!(text.contains("Stichting Voorbeeldscholen (demo)"), "{text}");
    // Back out of the preview and the chooser, then quit.
    app.send(common::ESC);
    app.wait_for("Brieven");
    app.send(common::ESC);
    app.wait_gone("Brieven");
    app.quit();
}

#[test]
fn a_letter_marked_sent_is_part_of_the_record_and_identification_offers_the_pause() {
    let mut f = Tui::demo(Lang::Nl);
    // V-2026-0003 is open and on time; its detail view, then the letters.
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("V-2026-0003");
    f.keys(&[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('L')]);
    // The identification letter (second), preview, m: today by e-mail.
    f.keys(&[KeyCode::Home, KeyCode::Up, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(f.context(), Context::Preview, "{}", f.screen(100, 30));
    f.keys(&[KeyCode::Char('m')]);
    assert_eq!(f.context(), Context::Form);
    f.keys(&[KeyCode::Tab, KeyCode::Right]);
    f.ctrl('s');
    let r = f.session.request("V-2026-0003").unwrap();
    let sent = r.letters.last().expect("recorded");
    assert_eq!(sent.kind.code(), "identification");
    assert_eq!(sent.via.code(), "post");
    assert_eq!(sent.sent_on.to_string(), "2026-11-23");
    // The suspend form is offered from that day; Ctrl-S stops the clock.
    assert_eq!(f.context(), Context::Form);
    let screen = f.screen(100, 30);
    assert!(
        screen.contains("termijn opschorten vanaf de verzenddatum"),
        "{screen}"
    );
    f.ctrl('s');
    let r = f.session.request("V-2026-0003").unwrap();
    assert_eq!(
        r.open_pause().map(|p| p.from.to_string()).as_deref(),
        Some("2026-11-23")
    );
    // The detail view and the timeline say what was sent.
    f.keys(&[KeyCode::End]);
    let screen = f.screen(120, 60);
    assert!(screen.contains("Brieven verzonden"), "{screen}");
    assert!(
        screen.contains(
            "Brief verstuurd: verzoek om identificatie of verduidelijking 23-11-2026 (post)"
        ),
        "{screen}"
    );
}

/// Issue 15: the identification was asked for on time but marked sent only now, when the
/// request looks overdue: the pause from that day is true, so it is still offered.
#[test]
fn an_identification_marked_sent_late_still_offers_the_pause_from_its_day() {
    let mut f = Tui::demo(Lang::Nl);
    // V-2026-0011, the first row, is past its deadline (13 November) today, 23 November.
    let r = f.session.request("V-2026-0011").unwrap();
    assert!(f.session.timing(&r).days_left < 0);
    f.keys(&[KeyCode::Enter, KeyCode::Char('L')]);
    f.keys(&[KeyCode::Home, KeyCode::Up, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(f.context(), Context::Preview, "{}", f.screen(100, 30));
    f.keys(&[KeyCode::Char('m')]);
    assert_eq!(f.context(), Context::Form);
    // Sent on Monday 2 November, before the deadline.
    f.type_str("02-11-2026");
    f.ctrl('s');
    let r = f.session.request("V-2026-0011").unwrap();
    assert_eq!(r.letters.last().unwrap().sent_on.to_string(), "2026-11-02");
    assert_eq!(f.context(), Context::Form, "{}", f.screen(100, 30));
    assert!(
        f.screen(100, 30)
            .contains("termijn opschorten vanaf de verzenddatum"),
        "the pause is offered"
    );
    f.ctrl('s');
    let r = f.session.request("V-2026-0011").unwrap();
    assert_eq!(
        r.open_pause().map(|p| p.from.to_string()).as_deref(),
        Some("2026-11-02")
    );
    f.keys(&[KeyCode::End]);
    let screen = f.screen(120, 60);
    assert!(
        screen.contains("02-11-2026       fg.tester: Opschortingen: 02-11-2026 – …"),
        "{screen}"
    );
    assert!(screen.contains("(vastgelegd op 23-11)"), "{screen}");
}

/// The board's details every letter to a person needs.
fn board(s: &mut avgdesk::app::Session) {
    s.config.organisation.name = "Stichting IJsselgraaf".into();
    s.config.organisation.email = "privacy@ijsselgraaf.example".into();
    s.config.signatory = "A. de Vries, privacyofficer".into();
}

/// A request received on `received` by a parent for Daan (no pupil when `pupil` is empty).
fn request(
    s: &mut avgdesk::app::Session,
    kind: Kind,
    received: &str,
    pupil: &str,
    language: Language,
) -> String {
    let new = NewRequest {
        kind,
        received: received.parse().unwrap(),
        channel: Channel::Email,
        requester: Person {
            name: "Emily Clarke".into(),
            role: Some(Role::Parent),
            contact: "e.clarke@example.nl".into(),
        },
        pupil: Pupil {
            name: pupil.into(),
            ..Pupil::default()
        },
        summary: "I want my son's file; call me on 06-12345678.".into(),
        language,
    };
    s.add_request(new).unwrap().id
}

#[test]
fn the_chooser_writes_in_the_requesters_language_and_l_switches() {
    let mut f = Tui::with(Lang::Nl, |s| {
        board(s);
        request(s, Kind::Access, "2026-11-20", "Daan Clarke", Language::En);
    });
    f.keys(&[KeyCode::Enter]);
    assert!(
        f.screen(100, 30).contains("Taal brieven"),
        "the detail says so"
    );
    f.keys(&[KeyCode::Char('L')]);
    assert!(
        f.screen(100, 30)
            .contains("Taal van de brieven: Engels (l)"),
        "{}",
        f.screen(100, 30)
    );
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Dear Emily Clarke,"), "{screen}");
    // Back in the chooser the language stays; l switches it.
    f.keys(&[KeyCode::Esc, KeyCode::Char('l')]);
    assert!(f
        .screen(100, 30)
        .contains("Taal van de brieven: Nederlands (l)"));
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Geachte Emily Clarke,"), "{screen}");
    // The request's text is not in the letter (issue 16 §1).
    assert!(!screen.contains("06-12345678"), "{screen}");
}

#[test]
fn the_chooser_shows_what_was_sent_and_a_second_mark_is_asked_first() {
    let mut f = Tui::with(Lang::Nl, |s| {
        board(s);
        let id = request(s, Kind::Access, "2026-11-20", "Daan Clarke", Language::Nl);
        s.mark_letter_sent(
            &id,
            LetterKind::Acknowledgement,
            Some("2026-11-21".parse().unwrap()),
            Via::Email,
        )
        .unwrap();
    });
    f.keys(&[KeyCode::Enter, KeyCode::Char('L')]);
    let screen = f.screen(100, 30);
    assert!(
        screen.contains("ontvangstbevestiging [verzonden 21-11-2026 (e-mail)]"),
        "{screen}"
    );
    f.keys(&[KeyCode::Enter, KeyCode::Char('m')]);
    assert_eq!(f.context(), Context::Confirm);
    let screen = f.screen(100, 30);
    assert!(
        screen.contains("V-2026-0001: ontvangstbevestiging"),
        "{screen}"
    );
    assert!(
        screen.contains("al verzonden op 21-11-2026 per e-mail; nogmaals vastleggen?"),
        "{screen}"
    );
    // No: back to the preview, nothing recorded.
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::Preview);
    assert_eq!(f.session.request("V-2026-0001").unwrap().letters.len(), 1);
    // Yes: the sent form; saving records the second mark.
    f.keys(&[KeyCode::Char('m'), KeyCode::Enter]);
    assert_eq!(f.context(), Context::Form);
    f.ctrl('s');
    let letters = f.session.request("V-2026-0001").unwrap().letters;
    assert_eq!(letters.len(), 2);
    assert_eq!(letters[1].sent_on.to_string(), "2026-11-23");
    assert_eq!(
        letters[1].template.as_deref(),
        Some("nl/acknowledgement.txt.j2")
    );
    assert!(!letters[1].edited);
    f.keys(&[KeyCode::Char('L')]);
    let screen = f.screen(100, 30);
    assert!(
        screen.contains("ontvangstbevestiging [2× verzonden, laatst 23-11-2026 (e-mail)]"),
        "{screen}"
    );
}

#[test]
fn marking_the_art19_letter_in_the_app_ticks_off_its_recipients() {
    let mut f = Tui::with(Lang::Nl, |s| {
        board(s);
        for pupil in ["Daan Clarke", ""] {
            let id = request(s, Kind::Erasure, "2026-11-20", pupil, Language::Nl);
            s.add_recipient(&id, "Schoolfotograaf").unwrap();
            s.add_recipient(&id, "ParnasSys").unwrap();
            s.decide(&id, Decision::Granted, "", None).unwrap();
        }
    });
    // V-2026-0002 names no pupil: the art. 19 letter waits, and says why.
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("V-2026-0002");
    f.keys(&[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('L')]);
    let screen = f.screen(120, 30);
    assert!(
        screen.contains("— niet vastgelegd wiens gegevens"),
        "{screen}"
    );
    f.keys(&[KeyCode::Esc, KeyCode::Esc, KeyCode::Esc]);
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("V-2026-0001");
    f.keys(&[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('L')]);
    for _ in 0..4 {
        f.keys(&[KeyCode::Down]);
    }
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(120, 40);
    assert!(screen.contains("Aan: Schoolfotograaf"), "{screen}");
    assert!(screen.contains("verstrekt van Daan Clarke"), "{screen}");
    f.keys(&[KeyCode::Char('m')]);
    f.ctrl('s');
    let r = f.session.request("V-2026-0001").unwrap();
    let told: Vec<_> = r
        .recipients
        .iter()
        .map(|x| x.notified_on.map(|d| d.to_string()))
        .collect();
    assert_eq!(told, [Some("2026-11-23".into()), Some("2026-11-23".into())]);
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("ingelicht: Schoolfotograaf, ParnasSys"),
        "{screen}"
    );
}

#[test]
fn an_overdue_acknowledgement_warns_in_the_preview() {
    let mut f = Tui::with(Lang::Nl, |s| {
        board(s);
        request(s, Kind::Access, "2026-10-01", "Daan Clarke", Language::Nl);
    });
    f.keys(&[KeyCode::Enter, KeyCode::Char('L')]);
    let screen = f.screen(120, 30);
    assert!(
        screen.contains("! ontvangstbevestiging — het antwoord is te laat"),
        "{screen}"
    );
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(120, 40);
    // Received 1 October: four weeks end on Thursday 29 October.
    assert!(
        screen.contains(
            "! het antwoord is te laat (de termijn liep af op donderdag 29 oktober 2026)"
        ),
        "{screen}"
    );
    assert!(screen.contains("ons antwoord is te laat"), "{screen}");
    // Two weeks from Monday 23 November: Monday 7 December.
    assert!(
        screen.contains("uiterlijk op maandag 7 december 2026"),
        "{screen}"
    );
}

#[test]
fn granting_with_the_identity_unchecked_warns_once() {
    let mut f = Tui::with(Lang::Nl, |s| {
        board(s);
        request(s, Kind::Access, "2026-11-20", "Daan Clarke", Language::Nl);
        request(s, Kind::Access, "2026-11-20", "Daan Clarke", Language::Nl);
    });
    // Granted (the default) without an identity check: warned, not saved.
    f.keys(&[KeyCode::Char('d')]);
    f.ctrl('s');
    assert_eq!(f.context(), Context::Form);
    assert!(
        f.screen(100, 30)
            .contains("De identiteit is niet gecontroleerd (i)"),
        "{}",
        f.screen(100, 30)
    );
    let id = f.selected_id().unwrap();
    assert!(f.session.request(&id).unwrap().outcome.is_none());
    // A second Ctrl-S grants it deliberately.
    f.ctrl('s');
    assert!(!f.dialog_open());
    assert!(f.session.request(&id).unwrap().outcome.is_some());
    // Refusing asks nothing of the identity.
    f.keys(&[
        KeyCode::Down,
        KeyCode::Char('d'),
        KeyCode::Right,
        KeyCode::Right,
    ]);
    f.keys(&[KeyCode::Tab]);
    f.type_str("Geen gegevens gevonden.");
    f.ctrl('s');
    assert!(!f.dialog_open(), "{}", f.screen(100, 30));
}

#[test]
fn closing_says_when_the_decision_letter_was_never_marked_sent() {
    let mut f = Tui::with(Lang::Nl, |s| {
        board(s);
        let id = request(s, Kind::Access, "2026-11-20", "Daan Clarke", Language::Nl);
        s.decide(&id, Decision::Refused, "Geen gegevens gevonden.", None)
            .unwrap();
    });
    f.keys(&[KeyCode::Char('c')]);
    assert_eq!(f.context(), Context::Confirm);
    assert!(f
        .screen(100, 30)
        .contains("de besluitbrief is niet als verzonden vastgelegd"));
    f.keys(&[KeyCode::Esc]);
    f.session
        .mark_letter_sent("V-2026-0001", LetterKind::Decision, None, Via::Post)
        .unwrap();
    f.keys(&[KeyCode::Char('c')]);
    assert!(!f.screen(100, 30).contains("besluitbrief"));
    f.keys(&[KeyCode::Enter]);
    assert_eq!(
        f.session.request("V-2026-0001").unwrap().status.code(),
        "closed"
    );
}

/// `e` in the preview, in a real terminal: the app leaves the screen for the officer's editor
/// (here a script that changes the salutation), comes back with the edited text, which `s`
/// writes and `m` records as edited, with the template that made it. The file the editor got
/// was private and is gone afterwards, with its folder.
#[cfg(unix)]
#[test]
fn e_edits_the_letter_in_the_officers_editor_and_the_record_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let script = env.dir().join("edit.sh");
    let seen = env.dir().join("seen");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" > '{seen}'\nstat -c %a \"$1\" >> '{seen}'\nstat -c %a \"$(dirname \"$1\")\" >> '{seen}'\nsed -i 's/Geachte/Beste/' \"$1\"\n",
            seen = seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let mut app = env.app_with_env(
        100,
        30,
        &["--demo"],
        &[("EDITOR", script.to_str().unwrap())],
    );
    app.wait_for("Verzoeken");
    app.send(ENTER);
    app.wait_for("Termijnen");
    app.send("L");
    app.wait_for("Brieven");
    app.send(ENTER);
    app.wait_for("Ons kenmerk: V-2026-0011");
    app.send("e");
    let screen = app.wait_for("Brief bewerkt");
    assert!(screen.contains("Beste "), "{screen}");
    assert!(screen.contains("(bewerkt)"), "{screen}");
    assert!(!screen.contains("Geachte"), "{screen}");
    let seen = std::fs::read_to_string(&seen).unwrap();
    let lines: Vec<&str> = seen.lines().collect();
    assert_eq!(lines[1], "600", "the editor's file is the officer's only");
    assert_eq!(lines[2], "700", "and so is its folder");
    let file = std::path::Path::new(lines[0]);
    assert!(!file.exists() && !file.parent().unwrap().exists(), "{seen}");
    // s writes the edited text.
    app.send("s");
    app.wait_for("Geschreven:");
    let written = env.dir().join("ontvangstbevestiging-V-2026-0011.txt");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(
        text.contains("Beste ") && !text.contains("Geachte"),
        "{text}"
    );
    // m records it as sent, edited, with its template.
    app.send("m");
    app.wait_for("bewerkt)");
    app.send(common::CTRL_S);
    app.wait_for("Vastgelegd als verzonden");
    let letters = env.cli_json_on(&env.demo_db(), &["letter", "list", "V-2026-0011", "--json"]);
    let last = letters.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "acknowledgement");
    assert_eq!(last["edited"], true, "{letters}");
    assert_eq!(last["template"], "nl/acknowledgement.txt.j2");
    app.quit();
}

#[test]
fn a_mail_in_english_opens_the_request_form_with_english_letters() {
    use avgdesk::ui::forms::request::{build, MailIntake, Purpose};
    let f = Tui::new(Lang::Nl);
    let mail = b"From: Emily Clarke <emily@example.com>\r\nSubject: Request for a copy of my son's file\r\nDate: Mon, 23 Nov 2026 09:14:00 +0100\r\n\r\nDear Sir or Madam, I would like to receive a copy of the file of my son. Thank you.\r\n";
    let proposal = avgdesk::intake::propose(mail, chrono_tz::Europe::Amsterdam).unwrap();
    let purpose = Purpose::FromMail(Box::new(MailIntake {
        proposal,
        mailbox_name: None,
    }));
    let form = build(&purpose, &f.session, Lang::Nl);
    assert_eq!(form.value("language"), "en");
    // The officer can choose otherwise; the new-request form starts in Dutch.
    let form = build(&Purpose::New, &f.session, Lang::Nl);
    assert_eq!(form.value("language"), "nl");
}

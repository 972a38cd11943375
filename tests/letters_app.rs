//! The letters in the app: `L` in a request's or breach's detail view opens the letters that fit
//! its state (and why the others do not), Enter the preview, `y` copies it to the officer's own
//! clipboard through the terminal (OSC 52), `s` writes it to a file.

mod common;

use avgdesk::i18n::Lang;
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

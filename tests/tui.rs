//! Screens rendered into an off-screen terminal with a fixed clock and size, compared as
//! snapshots. Keys go through the same `UiState::handle_key` the real terminal uses.

mod common;

use avgdesk::i18n::Lang;
use common::tui::Tui;
use crossterm::event::KeyCode;

fn fixture(lang: Lang, demo: bool) -> Tui {
    if demo {
        Tui::demo(lang)
    } else {
        Tui::new(lang)
    }
}

#[test]
fn queue_80x24() {
    let mut f = fixture(Lang::Nl, true);
    insta::assert_snapshot!(f.screen(80, 24));
}

#[test]
fn queue_120x40() {
    let mut f = fixture(Lang::Nl, true);
    insta::assert_snapshot!(f.screen(120, 40));
}

#[test]
fn queue_in_english_120x40() {
    let mut f = fixture(Lang::En, true);
    insta::assert_snapshot!(f.screen(120, 40));
}

#[test]
fn detail_80x24() {
    let mut f = fixture(Lang::Nl, true);
    f.keys(&[KeyCode::Down, KeyCode::Enter]);
    insta::assert_snapshot!(f.screen(80, 24));
}

#[test]
fn detail_of_extended_request_120x40() {
    let mut f = fixture(Lang::Nl, true);
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("fleur");
    f.keys(&[KeyCode::Enter, KeyCode::Enter]);
    insta::assert_snapshot!(f.screen(120, 40));
}

#[test]
fn new_request_form_80x24() {
    let mut f = fixture(Lang::Nl, true);
    f.keys(&[KeyCode::Char('a')]);
    insta::assert_snapshot!(f.screen(80, 24));
}

#[test]
fn form_errors_keep_what_was_typed() {
    let mut f = fixture(Lang::Nl, false);
    f.keys(&[KeyCode::Char('a'), KeyCode::Tab]);
    // Clear the prefilled date and type an impossible one.
    for _ in 0..10 {
        f.keys(&[KeyCode::Backspace]);
    }
    f.type_str("31-02-2026");
    f.keys(&[KeyCode::Tab, KeyCode::Tab]);
    f.type_str("Jan Smit");
    f.ctrl('s');
    let screen = f.screen(80, 24);
    assert!(screen.contains("is geen datum"), "{screen}");
    assert!(screen.contains("Jan Smit"), "typed values stay: {screen}");
    assert!(f.session.queue(true).unwrap().is_empty(), "nothing saved");
    assert_eq!(f.form_focus(), Some(1), "cursor on the bad field");
    insta::assert_snapshot!(screen);
}

#[test]
fn help_lists_the_same_keys_as_the_hint_bar() {
    let mut f = fixture(Lang::Nl, true);
    let queue = f.screen(120, 40);
    let hints = queue.lines().last().unwrap().to_string();
    f.keys(&[KeyCode::Char('?')]);
    let help = f.screen(120, 40);
    for label in [
        "nieuw",
        "openen",
        "zoeken",
        "verlengen",
        "opschorten",
        "besluit",
        "hulp",
        "stoppen",
    ] {
        assert!(hints.contains(label), "hint bar lacks {label}: {hints}");
        assert!(help.contains(label), "help lacks {label}");
    }
    insta::assert_snapshot!(help);
}

#[test]
fn too_small_says_so() {
    let mut f = fixture(Lang::Nl, true);
    let screen = f.screen(50, 12);
    assert!(screen.contains("Terminal te klein"), "{screen}");
    assert!(screen.contains("60x15"), "{screen}");
}

#[test]
fn empty_queue_invites_adding() {
    let mut f = fixture(Lang::Nl, false);
    let screen = f.screen(80, 24);
    assert!(screen.contains("Druk op a"), "{screen}");
    assert!(screen.contains("open 0"), "{screen}");
}

#[test]
fn status_bar_counts_open_due_and_overdue() {
    let mut f = fixture(Lang::Nl, true);
    let stats = f.ui.shared.stats;
    let screen = f.screen(80, 24);
    let status = screen.lines().nth(22).unwrap();
    assert!(status.contains(&format!("open {}", stats.open)), "{status}");
    assert!(
        status.contains(&format!("te laat {}", stats.overdue)),
        "{status}"
    );
    assert!(stats.overdue > 0 && stats.due_within_7 > 0);
}

#[test]
fn filter_narrows_the_queue_and_esc_clears_it() {
    let mut f = fixture(Lang::Nl, true);
    let all = f.visible_ids().len();
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("yılmaz");
    assert_eq!(f.visible_ids().len(), 1);
    let screen = f.screen(80, 24);
    assert!(screen.contains("Ömer Yılmaz"), "{screen}");
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.visible_ids().len(), all);
    // An applied search (Enter) is cleared by Esc in the queue, as the README says.
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("yılmaz");
    f.keys(&[KeyCode::Enter]);
    assert!(!f.dialog_open());
    assert_eq!(f.visible_ids().len(), 1);
    let screen = f.screen(80, 24);
    assert!(
        screen.contains("/yılmaz"),
        "the search in force shows: {screen}"
    );
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.visible_ids().len(), all);
}

#[test]
fn keyboard_only_add_extend_decide() {
    let mut f = fixture(Lang::Nl, false);
    f.keys(&[KeyCode::Char('a')]);
    f.keys(&[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    f.type_str("Sanne de Vries");
    f.keys(&[KeyCode::Tab, KeyCode::Tab]);
    f.type_str("s.devries@example.nl");
    f.keys(&[KeyCode::Tab]);
    f.type_str("Daan de Vries");
    f.ctrl('s');
    assert!(!f.dialog_open(), "form closed after save");
    assert_eq!(f.selected_id().as_deref(), Some("V-2026-0001"));
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.requester.contact, "s.devries@example.nl");

    f.keys(&[KeyCode::Char('e')]);
    f.type_str("veel dossiers bij drie scholen");
    f.ctrl('s');
    let r = f.session.request("V-2026-0001").unwrap();
    let timing = f.session.timing(&r);
    assert!(timing.extended);
    // Received 23 Nov 2026: policy 4 weeks = 21 Dec, + 2 months = 21 Feb 2027 (Sunday) -> 22 Feb.
    assert_eq!(timing.operative.to_string(), "2027-02-22");

    f.keys(&[KeyCode::Char('d'), KeyCode::Char('a')]);
    f.ctrl('s');
    let screen = f.screen(80, 24);
    assert!(
        screen.contains("verplicht") || screen.contains("required"),
        "{screen}"
    );
    // The error put the cursor in the reason field.
    f.type_str("wettelijke bewaarplicht");
    f.ctrl('s');
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.status.code(), "decided");
    // The timeline shows what happened, not only notes.
    f.keys(&[KeyCode::Enter, KeyCode::End]);
    let screen = f.screen(120, 40);
    assert!(screen.contains("verzoek vastgelegd (inzage)"), "{screen}");
    assert!(
        screen.contains("Verlenging: veel dossiers bij drie scholen"),
        "{screen}"
    );
    assert!(
        screen.contains("Status: in behandeling → besloten"),
        "{screen}"
    );
    assert_eq!(r.outcome.unwrap().reason, "wettelijke bewaarplicht");
}

//! Screens rendered into an off-screen terminal with a fixed clock and size, compared as
//! snapshots. Keys go through the same `UiState::handle_key` the real terminal uses.

mod common;

use avgdesk::clock::Clock;
use avgdesk::domain::request::{Channel, Kind, NewRequest, Person, Pupil};
use avgdesk::i18n::Lang;
use avgdesk::ui::keys::Context;
use avgdesk::ui::theme::{Role, Theme};
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

/// One request received Tue 3 March 2026 (the board's notice day Tue 31 March, the law's Tue
/// 7 April), with the app opened at `now`.
fn received_3_march(now: &str) -> Tui {
    let (dir, mut session) = common::tui::session(Lang::Nl);
    session.clock = Clock::parse("2026-03-04T10:00:00+01:00").unwrap();
    Tui::from_session(dir, session, |s| {
        s.add_request(NewRequest {
            kind: Kind::Access,
            received: chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
            channel: Channel::Email,
            requester: Person {
                name: "J. de Vries".into(),
                role: None,
                contact: String::new(),
            },
            pupil: Pupil::default(),
            summary: String::new(),
            language: Default::default(),
        })
        .unwrap();
        s.clock = Clock::parse(now).unwrap();
    })
}

#[test]
fn extending_between_the_boards_and_the_legal_notice_day_warns_in_amber() {
    let amber = Theme::default().style(Role::DueSoon).fg;
    // Thursday 2 April: two days past the board's notice day, within the law's.
    let mut f = received_3_march("2026-04-02T10:00:00+02:00");
    f.keys(&[KeyCode::Enter]);
    assert_eq!(f.context(), Context::Detail);
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("2 d na beleid; de wet staat verlengen toe t/m di 07-04-2026"),
        "{screen}"
    );
    assert_eq!(
        f.style_of(120, 40, "2 d na beleid; de wet")
            .and_then(|s| s.fg),
        amber
    );

    // The form opens (it was refused before) with the warning in amber above the fields.
    f.keys(&[KeyCode::Char('e')]);
    assert_eq!(f.context(), Context::Form, "{}", f.screen(120, 40));
    let warning = "verlenging 2 d na beleid: het reglement vraagt bericht uiterlijk 31-03-2026";
    let screen = f.screen(120, 40);
    assert!(screen.contains(warning), "{screen}");
    assert!(screen.contains("tot en met 07-04-2026"), "{screen}");
    assert_eq!(f.style_of(120, 40, warning).and_then(|s| s.fg), amber);

    f.type_str("Dossiers van drie scholen");
    f.ctrl('s');
    assert!(!f.dialog_open());
    let r = f.session.request("V-2026-0001").unwrap();
    assert!(r.extension.is_some(), "extended");
    // Saved, and said in amber in the message line; the record keeps it under the extension.
    let saved = "Opgeslagen V-2026-0001: verlenging 2 d na beleid";
    let screen = f.screen(120, 40);
    assert!(screen.contains(saved), "{screen}");
    assert_eq!(f.style_of(120, 40, saved).and_then(|s| s.fg), amber);
    assert_eq!(
        screen
            .matches("verlenging 2 d na beleid: het reglement")
            .count(),
        2,
        "in the message line and under the extension:\n{screen}"
    );
}

#[test]
fn extending_on_the_boards_notice_day_shows_no_warning_and_after_the_legal_day_is_refused() {
    let mut f = received_3_march("2026-03-31T10:00:00+02:00");
    f.keys(&[KeyCode::Char('e')]);
    assert_eq!(f.context(), Context::Form);
    let screen = f.screen(120, 40);
    assert!(!screen.contains("na beleid"), "{screen}");
    assert!(
        screen.contains("Uiterlijk volgens de wet 07-04-2026"),
        "{screen}"
    );

    // Wednesday 8 April: past the law's day too; refused before anything is typed.
    let mut f = received_3_march("2026-04-08T10:00:00+02:00");
    f.keys(&[KeyCode::Char('e')]);
    assert!(!f.dialog_open());
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("Verlengen kan niet meer: de verzoeker had volgens de wet (art. 12 lid 3) uiterlijk 07-04-2026"),
        "{screen}"
    );
}

#[test]
fn a_pause_recorded_late_shows_in_the_timeline_where_it_began() {
    // Monday 20 April: the request looks 20 days overdue.
    let mut f = received_3_march("2026-04-20T11:00:00+02:00");
    f.keys(&[KeyCode::Enter, KeyCode::Char('p')]);
    // The form opens (it was refused before) and says which start days are left.
    assert_eq!(f.context(), Context::Form, "{}", f.screen(120, 40));
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("De termijn verliep op 31-03-2026"),
        "{screen}"
    );

    // Today is refused: a pause from after the deadline would hide it.
    f.keys(&[KeyCode::Tab]);
    f.type_str("identificatie gevraagd");
    f.ctrl('s');
    assert!(f.dialog_open());
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("de termijn (31-03-2026) is al verstreken"),
        "{screen}"
    );

    // The day the identification was asked for is accepted (the cursor is on the date).
    assert_eq!(f.form_focus(), Some(0));
    for _ in 0..10 {
        f.keys(&[KeyCode::Backspace]);
    }
    f.type_str("05-03-2026");
    f.ctrl('s');
    assert!(!f.dialog_open(), "{}", f.screen(120, 40));
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.pauses.len(), 1);
    assert_eq!(
        r.pauses[0].from,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()
    );

    // In the timeline it stands on 5 March, after the request was logged, saying when it was
    // recorded; the record's logging keeps its own time.
    let screen = f.screen(120, 60);
    let timeline: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("Tijdlijn"))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let pause = timeline
        .iter()
        .position(|l| l.contains("(vastgelegd op 20-04)"))
        .unwrap_or_else(|| panic!("no late pause in the timeline:\n{screen}"));
    assert!(
        timeline[pause].contains("05-03-2026       fg.tester: Opschortingen: 05-03-2026"),
        "{}",
        timeline[pause]
    );
    let logged = timeline
        .iter()
        .position(|l| l.contains("verzoek vastgelegd"))
        .unwrap();
    assert!(timeline[logged].contains("04-03-2026 10:00"), "{screen}");
    assert!(logged < pause, "{screen}");
    // The status change of the same save happened on 20 April and stays there.
    assert!(
        timeline[pause + 1..]
            .iter()
            .any(|l| l.contains("20-04-2026 11:00")),
        "{screen}"
    );
}

#[test]
fn a_pause_recorded_on_the_day_it_began_says_nothing_more() {
    let mut f = received_3_march("2026-03-05T11:00:00+01:00");
    f.keys(&[KeyCode::Enter, KeyCode::Char('p'), KeyCode::Tab]);
    f.type_str("identificatie gevraagd");
    f.ctrl('s');
    assert!(!f.dialog_open(), "{}", f.screen(120, 40));
    let screen = f.screen(120, 60);
    assert!(
        screen.contains("05-03-2026 11:00 fg.tester: Opschortingen: 05-03-2026"),
        "{screen}"
    );
    assert!(!screen.contains("vastgelegd op"), "{screen}");
}

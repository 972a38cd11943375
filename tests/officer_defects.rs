//! The defects found when the app was tried as a privacy officer would, each driven through the
//! keyboard off-screen (the same `UiState::handle_key` the terminal uses) and checked on the
//! screen and in the database.

mod common;

use avgdesk::app::Session;
use avgdesk::domain::dates::parse_datetime;
use avgdesk::domain::request::{Decision, Kind, NewRequest};
use avgdesk::i18n::Lang;
use avgdesk::ui::keys::Context;
use common::tui::{day, Tui};
use crossterm::event::KeyCode;

fn request(kind: Kind, requester: &str) -> NewRequest {
    common::tui::parent_request(kind, requester)
}

fn hint_bar(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

fn status_bar(screen: &str) -> &str {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 2]
}

// 1. A prefilled "who" is replaced by typing, never appended to.
#[test]
fn the_checker_typed_over_the_suggestion_is_stored_alone() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
    });
    f.keys(&[KeyCode::Char('i')]);
    f.type_str("bekende ouder");
    f.keys(&[KeyCode::Tab, KeyCode::Tab]);
    let screen = f.screen(80, 24);
    assert!(screen.contains("fg.tester"), "suggested: {screen}");
    f.type_str("A. Jansen");
    f.ctrl('s');
    assert!(!f.dialog_open(), "saved");
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.identity.unwrap().checked_by, "A. Jansen");
}

#[test]
fn the_consent_answerer_typed_over_the_suggestion_is_stored_alone() {
    let mut f = Tui::demo(Lang::Nl);
    f.keys(&[KeyCode::Char('3')]);
    f.screen(100, 30);
    let number = f.selected_id().unwrap();
    f.keys(&[KeyCode::Char(' ')]);
    assert_eq!(f.context(), Context::Form);
    // value, then "by"
    f.keys(&[KeyCode::Tab]);
    f.type_str("Fatma el Bakker");
    f.ctrl('s');
    assert!(!f.dialog_open(), "saved:\n{}", f.screen(100, 30));
    let history = f.session.consent_history(&number).unwrap();
    let newest = history.iter().max_by_key(|e| e.id).unwrap();
    assert_eq!(newest.given_by, "Fatma el Bakker");
}

// 3. An unanswered "encrypted" reads unknown, not no.
#[test]
fn a_new_breach_reads_encrypted_unknown() {
    let mut f = Tui::new(Lang::Nl);
    f.keys(&[KeyCode::Char('b')]);
    f.type_str("Laptop gestolen");
    f.keys(&[KeyCode::Enter, KeyCode::Esc]);
    assert_eq!(f.context(), Context::BreachDetail);
    let screen = f.screen(100, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("Versleuteld of gehasht"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("onbekend"), "{line}");
}

// 9. The class list of the consent filter follows the chosen school.
#[test]
fn the_class_list_follows_the_chosen_school() {
    let mut f = Tui::demo(Lang::Nl);
    f.keys(&[KeyCode::Char('3')]);
    f.screen(100, 30);
    let all_classes = f.session.store.classes(None).unwrap();
    let schools = f.session.store.schools().unwrap();
    let school = schools[0].clone();
    let its_classes = f.session.store.classes(Some(&school)).unwrap();
    assert!(
        its_classes.len() < all_classes.len(),
        "the demo has classes per school"
    );
    f.keys(&[KeyCode::Char('f'), KeyCode::Right]);
    let screen = f.screen(100, 30);
    assert!(screen.contains(&format!("◂ {school} ▸")), "{screen}");
    f.keys(&[KeyCode::Tab]);
    // Walk the class list: every option belongs to the school (or is "alle").
    let mut seen = Vec::new();
    for _ in 0..all_classes.len() + 2 {
        let screen = f.screen(100, 30);
        let option = screen
            .lines()
            .find_map(|l| l.split("◂ ").nth(1).and_then(|r| r.split(" ▸").next()))
            .unwrap()
            .to_string();
        if !seen.contains(&option) {
            seen.push(option);
        }
        f.keys(&[KeyCode::Right]);
    }
    assert_eq!(seen.len(), its_classes.len() + 1, "{seen:?}");
    for c in &seen[1..] {
        assert!(its_classes.contains(c), "{c} is not a class of {school}");
    }
    // The filter applies ("toepassen", not "opslaan").
    assert!(hint_bar(&f.screen(100, 30)).contains("Ctrl-S toepassen"));
}

// 11. A form scrolled on a short screen shows its top fields again when the screen grows.
#[test]
fn a_form_shows_its_top_again_after_the_screen_grows() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.start_breach("Lek", None).unwrap();
    });
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('w')]);
    for _ in 0..12 {
        f.keys(&[KeyCode::Tab]);
    }
    let short = f.screen(60, 15);
    assert!(!short.contains("  Titel"), "scrolled down:\n{short}");
    // Same focus, taller screen: the form starts at its first field again.
    let tall = f.screen(200, 60);
    assert!(tall.contains("  Titel "), "{tall}");
    assert!(tall.contains("Bekend sinds"), "{tall}");
}

// 13. An overdue breach reads "te laat" in the register's row, never "-0u47m".
#[test]
fn an_overdue_breach_reads_late_in_the_register() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let aware = parse_datetime("2026-11-20 09:13", chrono_tz::Europe::Amsterdam)
            .unwrap()
            .at;
        s.start_breach("Mail naar verkeerde ouders", Some(aware))
            .unwrap();
    });
    f.keys(&[KeyCode::Char('2')]);
    let screen = f.screen(80, 24);
    let row = screen
        .lines()
        .find(|l| l.starts_with("D-2026-0001"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("te laat 0u47m"), "{row}");
    assert!(!row.contains("-0u47m"), "{row}");
}

// 14. Closing a breach that may not close is refused at once; a question shows one footer.
#[test]
fn closing_an_unclosable_breach_is_refused_before_the_question() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.start_breach("Lek", None).unwrap();
    });
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('c')]);
    assert!(!f.dialog_open(), "no question for a refused close");
    let screen = f.screen(80, 24);
    assert!(
        screen.contains("Besluit eerst of het lek bij de AP gemeld wordt"),
        "{screen}"
    );
}

#[test]
fn a_question_has_only_the_questions_keys() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    f.keys(&[KeyCode::Char('c')]);
    assert_eq!(f.context(), Context::Confirm);
    let screen = f.screen(80, 24);
    let hints = hint_bar(&screen);
    assert!(
        hints.contains("Enter ja") && hints.contains("Esc nee"),
        "{hints}"
    );
    assert!(!screen.contains("Ctrl-S"), "no form footer:\n{screen}");
    f.keys(&[KeyCode::Enter]);
    assert_eq!(
        f.session.request("V-2026-0001").unwrap().status.code(),
        "closed"
    );
}

// 15. A granted erasure without recipients asks whether the data went to anyone.
#[test]
fn closing_a_granted_erasure_asks_who_received_the_data() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s
            .add_request(request(Kind::Erasure, "S. de Vries"))
            .unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    f.keys(&[KeyCode::Char('c')]);
    assert_eq!(f.context(), Context::Confirm);
    let screen = f.screen(80, 24);
    assert!(screen.contains("aan niemand"), "{screen}");
    // Esc: nothing recorded, still open.
    f.keys(&[KeyCode::Esc]);
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.status.code(), "decided");
    assert_eq!(r.recipients_none_on, None);
    // Enter: "disclosed to no one" recorded, then closed.
    f.keys(&[KeyCode::Char('c'), KeyCode::Enter]);
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.status.code(), "closed");
    assert_eq!(r.recipients_none_on, Some(day("2026-11-23")));
}

// 16. Ctrl-U clears to the start of the line in a multi-line field too.
#[test]
fn ctrl_u_clears_the_line_in_a_note() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
    });
    f.keys(&[KeyCode::Char('n')]);
    f.type_str("eerste regel");
    f.keys(&[KeyCode::Enter]);
    f.type_str("verkeerd getypt");
    f.ctrl('u');
    f.type_str("tweede regel");
    f.ctrl('s');
    let r = f.session.request("V-2026-0001").unwrap();
    assert_eq!(r.notes[0].text, "eerste regel\ntweede regel");
}

#[test]
fn a_placeholder_starts_where_values_start() {
    let mut f = Tui::new(Lang::Nl);
    f.keys(&[KeyCode::Char('a')]);
    let screen = f.screen(80, 24);
    let value_col = |label: &str, text: &str| {
        let line = screen.lines().find(|l| l.contains(label)).unwrap();
        line.chars()
            .collect::<Vec<_>>()
            .windows(text.chars().count())
            .position(|w| w.iter().collect::<String>() == text)
            .unwrap_or_else(|| panic!("{text} in {line}"))
    };
    assert_eq!(
        value_col("Ontvangen op", "23-11-2026"),
        value_col("Geboortedatum", "DD-MM-JJJJ")
    );
}

// Leaving a changed form asks first; an unchanged one closes at once.
#[test]
fn esc_on_a_changed_form_asks_before_throwing_it_away() {
    let mut f = Tui::new(Lang::Nl);
    f.keys(&[KeyCode::Char('a'), KeyCode::Esc]);
    assert!(!f.dialog_open(), "unchanged: closed at once");
    f.keys(&[KeyCode::Char('a'), KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    f.type_str("Jan Smit");
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::Confirm);
    assert!(f.screen(80, 24).contains("weggooien"));
    // No: back to the form with what was typed.
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::Form);
    assert!(f.screen(80, 24).contains("Jan Smit"));
    // Yes: gone, nothing saved.
    f.keys(&[KeyCode::Esc, KeyCode::Enter]);
    assert!(!f.dialog_open());
    assert!(f.session.queue(true).unwrap().is_empty());
}

// The October hour that happens twice is taken as summer time, and the app says so.
#[test]
fn an_ambiguous_hour_is_taken_as_summer_time_and_said() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.start_breach("Lek", None).unwrap();
    });
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('w'), KeyCode::Tab]);
    f.type_str("25-10-2026 02:30");
    f.ctrl('s');
    assert!(!f.dialog_open(), "saved:\n{}", f.screen(120, 40));
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("aangenomen: zomertijd, 02:30 +02:00"),
        "{screen}"
    );
    let b = f.session.breach("D-2026-0001").unwrap();
    assert_eq!(
        b.occurred_at.unwrap().to_rfc3339(),
        "2026-10-25T00:30:00+00:00"
    );
}

// The queue tells the policy deadline from the legal one.
#[test]
fn the_queue_says_past_policy_or_past_the_law() {
    let mut f = Tui::with(Lang::Nl, |s: &mut Session| {
        // Received 21 Oct: policy (4 weeks) 18 Nov passed, legal (1 month) 23 Nov is today.
        let mut r = request(Kind::Access, "Beleid Voorbij");
        r.received = day("2026-10-21");
        s.add_request(r).unwrap();
        // Received 9 Oct: legal 9 Nov passed.
        let mut r = request(Kind::Access, "Wet Voorbij");
        r.received = day("2026-10-09");
        s.add_request(r).unwrap();
    });
    let screen = f.screen(80, 24);
    let row = |who: &str| {
        screen
            .lines()
            .find(|l| l.contains(who))
            .unwrap_or_else(|| panic!("{who}:\n{screen}"))
            .to_string()
    };
    assert!(row("Beleid Voorbij").contains("5 d na beleid"), "{screen}");
    assert!(row("Wet Voorbij").contains("14 d te laat"), "{screen}");
    assert!(!screen.contains(" -"), "no negative days:\n{screen}");
    // The detail view names the operative deadline and why.
    f.keys(&[KeyCode::Enter]);
    let detail = f.screen(100, 40);
    assert!(detail.contains("Beleid (4 weken)"), "{detail}");
    assert!(detail.contains("Wettelijk (1 maand)"), "{detail}");
    assert!(detail.contains("te laat (wettelijke termijn)"), "{detail}");
}

// Every pending clock stays in the status bar on every tab, a summary when they do not fit.
#[test]
fn a_fourth_open_breach_still_has_its_clock() {
    let mut f = Tui::with(Lang::Nl, |s| {
        for (title, aware) in [
            ("Een", "2026-11-21 10:00"),
            ("Twee", "2026-11-22 10:00"),
            ("Drie", "2026-11-22 12:00"),
            ("Vier", "2026-11-23 09:00"),
        ] {
            let at = parse_datetime(aware, chrono_tz::Europe::Amsterdam)
                .unwrap()
                .at;
            s.start_breach(title, Some(at)).unwrap();
        }
    });
    for tab in ['1', '2', '3'] {
        f.keys(&[KeyCode::Char(tab)]);
        let wide = f.screen(200, 60);
        for id in ["D-2026-0001", "D-2026-0002", "D-2026-0003", "D-2026-0004"] {
            assert!(
                status_bar(&wide).contains(&format!("AP {id}")),
                "{tab}: {wide}"
            );
        }
        let narrow = f.screen(80, 24);
        let bar = status_bar(&narrow);
        assert!(
            bar.contains("AP: 4 open, eerste D-2026-0001 24u00m"),
            "{tab}: {bar}"
        );
    }
}

// 10. Wrapped history lines continue under their text, not at column 0.
#[test]
fn a_long_note_wraps_under_the_timeline_text() {
    let long = "Ouder belt opnieuw en vraagt waarom het dossier nog niet is verstuurd; \
                afgesproken dat de intern begeleider vandaag de verslagen aanlevert";
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.add_note(&r.id, long).unwrap();
    });
    f.keys(&[KeyCode::Enter, KeyCode::End]);
    let screen = f.screen(80, 24);
    let first = screen
        .lines()
        .position(|l| l.contains("Ouder belt opnieuw"))
        .unwrap_or_else(|| panic!("{screen}"));
    let lead = screen.lines().nth(first).unwrap().find("Ouder").unwrap();
    let next = screen.lines().nth(first + 1).unwrap();
    assert!(next[..lead].trim().is_empty(), "{next:?}");
    assert!(!next[lead..].starts_with(' '), "{next:?}");
}

// Found when tried as a hostile officer: rules that were open to quiet rewriting.
// Issue 15 refined it: what counts is the day the pause starts, not the day it is recorded.
#[test]
fn a_pause_cannot_hide_an_overdue_request_by_starting_after_the_deadline() {
    let mut f = Tui::with(Lang::Nl, |s| {
        // Received 9 Oct: due Fri 6 Nov (policy), both deadlines passed by 23 Nov.
        let mut r = request(Kind::Access, "Wet Voorbij");
        r.received = day("2026-10-09");
        s.add_request(r).unwrap();
    });
    // The form opens (a pause that began on time may be recorded late), but today is refused.
    f.keys(&[KeyCode::Char('p'), KeyCode::Tab]);
    assert!(f.dialog_open());
    f.type_str("wacht op ouder");
    f.ctrl('s');
    assert!(f.dialog_open(), "refused");
    assert!(f.screen(80, 24).contains("al verstreken"));
    // Nor through the session with a start after the deadline.
    let err = f
        .session
        .pause("V-2026-0001", Some(day("2026-11-07")), "wacht op ouder")
        .unwrap_err();
    assert!(err.to_string().contains("already passed"), "{err}");
    assert!(f.session.request("V-2026-0001").unwrap().pauses.is_empty());
    // A start on or before the deadline is true, and accepted however late it is recorded.
    f.session
        .pause("V-2026-0001", Some(day("2026-11-06")), "wacht op ouder")
        .unwrap();
    assert_eq!(f.session.request("V-2026-0001").unwrap().pauses.len(), 1);
}

#[test]
fn a_decision_or_identity_check_before_receipt_is_refused() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
    });
    f.keys(&[KeyCode::Char('d'), KeyCode::Tab, KeyCode::Tab]);
    f.ctrl('u');
    f.type_str("01-11-2026");
    f.ctrl('s');
    assert!(f.dialog_open(), "stays open");
    assert!(f
        .screen(100, 30)
        .contains("vóór de dag van ontvangst (16-11-2026)"));
    assert!(f.session.request("V-2026-0001").unwrap().outcome.is_none());
    let err = f
        .session
        .check_identity(
            "V-2026-0001",
            "paspoort bekeken",
            Some(day("2026-11-01")),
            "A",
        )
        .unwrap_err();
    assert!(err.to_string().contains("before the day"), "{err}");
}

#[test]
fn a_closed_request_cannot_be_rewritten() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
        s.close(&r.id).unwrap();
    });
    f.keys(&[KeyCode::Char('g'), KeyCode::Char('w')]);
    assert!(!f.dialog_open(), "refused before the form opens");
    assert!(f.screen(80, 24).contains("Het verzoek is gesloten"));
    let before = f.session.request("V-2026-0001").unwrap();
    let mut after = before.clone();
    after.received = day("2020-01-01");
    assert!(f.session.save_edit(&before, &after).is_err());
}

#[test]
fn breach_times_keep_their_order_and_aware_cannot_move_past_the_log() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let aware = parse_datetime("2026-11-20 19:00", chrono_tz::Europe::Amsterdam)
            .unwrap()
            .at;
        let b = s.start_breach("USB-stick kwijt", Some(aware)).unwrap();
        // The call was logged at 19:05 that evening.
        let now = s.clock;
        s.clock = avgdesk::clock::Clock::Fixed(
            parse_datetime("2026-11-20 19:05", chrono_tz::Europe::Amsterdam)
                .unwrap()
                .at,
        );
        s.log_breach(&b.id, "Docent belt").unwrap();
        s.clock = now;
    });
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('w'), KeyCode::Tab]);
    f.type_str("23-11-2026 09:59");
    f.keys(&[KeyCode::Tab]);
    f.type_str("20-11-2026 10:00");
    f.ctrl('s');
    assert!(f.dialog_open());
    assert!(f
        .screen(100, 30)
        .contains("ligt na het moment van ontdekken"));
    // Aware moved past the first log line (23-11 10:00, when the line was typed).
    f.keys(&[KeyCode::Esc, KeyCode::Enter]);
    f.keys(&[KeyCode::Char('w'), KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    f.ctrl('u');
    f.type_str("21-11-2026 09:00");
    f.ctrl('s');
    assert!(f.dialog_open(), "refused");
    assert!(
        f.screen(120, 40)
            .contains("ligt na de eerste regel van het logboek (20-11-2026 19:05)"),
        "{}",
        f.screen(120, 40)
    );
    let b = f.session.breach("D-2026-0001").unwrap();
    assert_eq!(
        b.aware_at,
        parse_datetime("2026-11-20 19:00", chrono_tz::Europe::Amsterdam)
            .unwrap()
            .at,
        "the AP deadline did not move"
    );
}

#[test]
fn not_notifying_a_breach_with_risk_is_refused_before_typing() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let b = s.start_breach("Lek", None).unwrap();
        s.assess_breach(&b.id, avgdesk::domain::breach::Risk::High, "BSN")
            .unwrap();
    });
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('x')]);
    assert!(!f.dialog_open());
    let screen = f.screen(200, 40);
    assert!(screen.contains("moet bij de AP gemeld worden"), "{screen}");
}

#[test]
fn ctrl_c_in_a_changed_form_asks_instead_of_quitting() {
    let mut f = Tui::new(Lang::Nl);
    f.keys(&[KeyCode::Char('a'), KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    f.type_str("Jan Smit");
    f.ctrl('c');
    assert!(!f.ui.quit, "the app stays");
    assert_eq!(f.context(), Context::Confirm);
    f.keys(&[KeyCode::Esc]);
    assert!(f.screen(80, 24).contains("Jan Smit"), "back in the form");
}

#[test]
fn the_counts_stay_beside_five_breach_clocks() {
    let mut f = Tui::with(Lang::Nl, |s| {
        for i in 0..5 {
            s.start_breach(&format!("Lek {i}"), None).unwrap();
        }
    });
    for (w, h) in [(80, 24), (120, 40), (160, 40)] {
        let screen = f.screen(w, h);
        let bar = status_bar(&screen);
        assert!(bar.contains("open 0"), "{w}: {bar}");
        assert!(bar.contains("te laat 0"), "{w}: {bar}");
        assert!(bar.contains("AP"), "{w}: {bar}");
    }
}

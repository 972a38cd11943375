//! The screen defects an officer found in issue 16 §2, each driven through the keyboard
//! off-screen (the same `UiState::handle_key` the terminal uses) and checked on the screen and
//! in the database.

mod common;

use avgdesk::domain::request::{Decision, Kind, NewRequest};
use avgdesk::i18n::Lang;
use avgdesk::ui::keys::Context;
use common::tui::Tui;
use crossterm::event::KeyCode;

fn request(kind: Kind, requester: &str) -> NewRequest {
    common::tui::parent_request(kind, requester)
}

fn status_of(f: &Tui, id: &str) -> &'static str {
    f.session.request(id).unwrap().status.code()
}

#[test]
fn j_does_not_answer_yes_to_closing_a_request() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    f.keys(&[KeyCode::Char('c')]);
    assert_eq!(f.context(), Context::Confirm);
    // j moves down everywhere else: here it does nothing, the question stays.
    f.keys(&[KeyCode::Char('j')]);
    assert_eq!(f.context(), Context::Confirm);
    assert_eq!(status_of(&f, "V-2026-0001"), "decided");
    let screen = f.screen(80, 24);
    assert!(
        screen.contains("Enter = ja"),
        "the question says which key: {screen}"
    );
    // y (and J, for "ja") do confirm.
    f.keys(&[KeyCode::Char('y')]);
    assert_eq!(status_of(&f, "V-2026-0001"), "closed");
}

#[test]
fn capital_j_confirms_for_ja() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    f.keys(&[KeyCode::Char('c'), KeyCode::Char('J')]);
    assert_eq!(status_of(&f, "V-2026-0001"), "closed");
}

/// The lines of a mail as an officer pastes them into the request's description.
const MAIL: [&str; 7] = [
    "Geachte heer, mevrouw,",
    "Graag ontvang ik een kopie van het dossier van mijn dochter.",
    "Zij zit in groep 6 van De Regenboog.",
    "Alvast bedankt.",
    "Met vriendelijke groet,",
    "Marieke de Jong",
    "06-12345678",
];

/// Opens the new-request form and types the mail into its description (the last field).
fn form_with_mail(f: &mut Tui) {
    f.keys(&[KeyCode::Char('a')]);
    assert_eq!(f.context(), Context::Form);
    // The description comes before the letters' language, the last field: two steps back
    // from the first.
    f.keys(&[KeyCode::BackTab, KeyCode::BackTab]);
    for (i, line) in MAIL.iter().enumerate() {
        if i > 0 {
            f.keys(&[KeyCode::Enter]);
        }
        f.type_str(line);
    }
}

/// The rows of the form's description field: the label's row and those under it, to the border.
fn description_rows(screen: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("Omschrijving"))
        .unwrap_or_else(|| panic!("no description field:\n{screen}"));
    lines[start..]
        .iter()
        .take_while(|l| !l.contains('└') && !l.contains("Taal brieven"))
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn an_unfocused_description_shows_its_start_and_says_more_follows() {
    let mut f = Tui::new(Lang::Nl);
    form_with_mail(&mut f);
    // Move on to the first field: the description is no longer being typed in.
    f.keys(&[KeyCode::Tab]);
    for (w, h) in [(80, 24), (200, 60)] {
        let screen = f.screen(w, h);
        let rows = description_rows(&screen).join("\n");
        assert!(
            rows.contains("Geachte heer"),
            "{w}x{h}: the start:\n{screen}"
        );
        assert!(
            !rows.contains("06-12345678"),
            "{w}x{h}: not the end:\n{screen}"
        );
        assert!(rows.contains('…'), "{w}x{h}: more follows:\n{screen}");
    }
}

#[test]
fn a_focused_description_has_no_stale_offset_after_the_screen_grows() {
    let mut f = Tui::new(Lang::Nl);
    form_with_mail(&mut f);
    // Typed at 60x15 the view has scrolled down to the cursor on the last line.
    let narrow = f.screen(60, 15);
    assert!(narrow.contains("06-12345678"), "{narrow}");
    // At 200x60 it is drawn again from the top as far as the cursor needs: its rows hold
    // text, never blank rows under a fragment.
    let wide = f.screen(200, 60);
    let rows = description_rows(&wide);
    let texts: Vec<&str> = rows
        .iter()
        .map(|r| {
            r.trim_start_matches(|c: char| c == '│' || c.is_whitespace())
                .trim_start_matches("Omschrijving")
                .trim_matches(|c: char| c == '│' || c.is_whitespace())
        })
        .collect();
    assert!(
        wide.contains("06-12345678"),
        "the cursor's line shows:\n{wide}"
    );
    assert!(
        texts.iter().all(|t| !t.is_empty()),
        "no blank rows in the field: {texts:?}\n{wide}"
    );
}

#[test]
fn ctrl_x_clears_a_whole_multi_line_field() {
    let mut f = Tui::new(Lang::Nl);
    form_with_mail(&mut f);
    let screen = f.screen(80, 24);
    assert!(
        screen
            .lines()
            .last()
            .unwrap_or("")
            .contains("Ctrl-X veld leegmaken"),
        "the hint bar names the key in a multi-line field:\n{screen}"
    );
    f.ctrl('x');
    let screen = f.screen(80, 24);
    for line in MAIL {
        assert!(!screen.contains(line), "{line:?} was cleared:\n{screen}");
    }
}

#[test]
fn the_queue_gives_names_the_width_a_long_kind_took() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(
            Kind::Portability,
            "Alexandra van Oldenbarnevelt-Smit",
        ))
        .unwrap();
        s.add_request(request(Kind::Erasure, "Mohamed El Amrani"))
            .unwrap();
    });
    let screen = f.screen(60, 15);
    assert!(screen.contains("overdracht"), "the short kind:\n{screen}");
    assert!(screen.contains("wissen"), "the short kind:\n{screen}");
    assert!(!screen.contains("dataportabiliteit"), "{screen}");
    assert!(
        screen.contains("Alexandra van Olden"),
        "the name gets the width:\n{screen}"
    );
    // The search still finds a request by its kind's full name.
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("dataportabiliteit");
    f.keys(&[KeyCode::Enter]);
    assert_eq!(f.visible_ids(), ["V-2026-0001"]);
}

fn hint_bar(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

#[test]
fn the_hints_follow_the_request_in_view() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let paused = s.add_request(request(Kind::Access, "A. Paused")).unwrap();
        s.pause(&paused.id, None, "wacht op identificatie").unwrap();
    });
    let screen = f.screen(120, 30);
    let hints = hint_bar(&screen);
    assert!(hints.contains("p hervatten"), "{hints}");
    assert!(!hints.contains("opschorten"), "{hints}");

    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "B. Decided")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    let screen = f.screen(120, 30);
    let hints = hint_bar(&screen);
    for gone in ["opschorten", "verlengen", "besluit"] {
        assert!(
            !hints.contains(gone),
            "{gone} on a decided request: {hints}"
        );
    }
    assert!(hints.contains("c sluiten"), "{hints}");
}

#[test]
fn an_empty_queue_hints_no_actions_on_a_request() {
    let mut f = Tui::new(Lang::Nl);
    let screen = f.screen(120, 30);
    let hints = hint_bar(&screen);
    assert!(hints.contains("a nieuw"), "{hints}");
    for gone in [
        "verlengen",
        "opschorten",
        "besluit",
        "identiteit",
        "notitie",
        "sluiten",
        "Enter",
    ] {
        assert!(!hints.contains(gone), "{gone} on an empty queue: {hints}");
    }
    // The empty register likewise.
    f.keys(&[KeyCode::Char('2')]);
    let screen = f.screen(120, 30);
    let hints = hint_bar(&screen);
    assert!(hints.contains("a "), "{hints}");
    assert!(!hints.contains("Enter"), "{hints}");
}

#[test]
fn a_form_of_one_field_hints_no_next_field() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
    });
    // The note form has one field.
    f.keys(&[KeyCode::Char('n')]);
    assert_eq!(f.context(), Context::Form);
    let screen = f.screen(100, 30);
    assert!(!hint_bar(&screen).contains("Tab"), "{}", hint_bar(&screen));
}

#[test]
fn help_opens_over_any_dialog_and_goes_back_to_it() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    // Over a question: ? shows the help, Esc goes back to the question.
    f.keys(&[KeyCode::Char('c'), KeyCode::Char('?')]);
    assert_eq!(f.context(), Context::Help);
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::Confirm);
    f.keys(&[KeyCode::Esc]);
    // Over a form, where ? is typed: F1, and what was typed is still there.
    f.keys(&[KeyCode::Char('n')]);
    f.type_str("Gebeld? Geen gehoor");
    f.keys(&[KeyCode::F(1)]);
    assert_eq!(f.context(), Context::Help);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Ctrl-S"), "the form's keys:\n{screen}");
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::Form);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Gebeld? Geen gehoor"), "{screen}");
    // Ctrl-C in the help over a form goes back to the form, never quits with it.
    f.keys(&[KeyCode::F(1)]);
    f.ctrl('c');
    assert_eq!(f.context(), Context::Form);
    assert!(!f.ui.quit);
}

#[test]
fn home_and_end_move_in_the_letters_list() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
    });
    f.keys(&[KeyCode::Char('L')]);
    assert_eq!(f.context(), Context::Letters);
    let chooser = |f: &Tui| match &f.ui.dialog {
        Some(avgdesk::ui::dialogs::Dialog::Letters(c)) => c.cursor,
        _ => panic!("no letters list"),
    };
    f.keys(&[KeyCode::End]);
    let last = chooser(&f);
    assert!(last > 0, "End moves to the last letter");
    f.keys(&[KeyCode::Home]);
    assert_eq!(chooser(&f), 0);
}

#[test]
fn a_note_added_says_so_and_a_refusal_starts_with_a_capital() {
    let mut f = Tui::with(Lang::Nl, |s| {
        s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
    });
    f.keys(&[KeyCode::Char('n')]);
    f.type_str("Moeder gebeld");
    f.ctrl('s');
    let screen = f.screen(100, 30);
    assert!(
        screen.contains("Notitie toegevoegd bij V-2026-0001"),
        "{screen}"
    );
    // Closing an undecided request is refused: the refusal reads as a sentence.
    f.keys(&[KeyCode::Char('c')]);
    let (_, text) = f.ui.message.clone().expect("a refusal");
    let first = text.chars().next().unwrap();
    let shown: String = first.to_uppercase().chain(text.chars().skip(1)).collect();
    let screen = f.screen(100, 30);
    let start: String = shown.chars().take(30).collect();
    assert!(
        screen.contains(&start),
        "{start:?} on the screen:\n{screen}"
    );
}

#[test]
fn no_fragments_of_the_pane_beside_a_form() {
    let mut f = Tui::demo(Lang::Nl);
    // The detail of the first request, then its edit form.
    f.keys(&[KeyCode::Enter, KeyCode::Char('w')]);
    assert_eq!(f.context(), Context::Form);
    for (w, h) in [(120, 40), (200, 60), (80, 24)] {
        let screen = f.screen(w, h);
        let lines: Vec<&str> = screen.lines().collect();
        // Between the tab bar and the message line: only the form's box.
        for line in &lines[1..lines.len() - 3] {
            let before = line
                .find(['│', '┌', '└'])
                .map(|i| &line[..i])
                .unwrap_or(line);
            assert!(
                before.trim().is_empty(),
                "{w}x{h}: {before:?} beside the form:\n{screen}"
            );
        }
    }
}

#[test]
fn a_long_recipient_name_wraps_under_itself() {
    const NAME: &str =
        "Schoolfotograaf De Lange Lens B.V., afdeling klantenservice en nabestellingen";
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s
            .add_request(request(Kind::Erasure, "S. de Vries"))
            .unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
        s.add_recipient(&r.id, NAME).unwrap();
    });
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(80, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("Schoolfotograaf"))
        .unwrap_or_else(|| panic!("no recipient:\n{screen}"));
    let column = lines[first].find("Schoolfotograaf").unwrap();
    let next = lines[first + 1];
    let indent = next.len() - next.trim_start().len();
    assert_eq!(
        indent, column,
        "the name continues under itself:\n{}\n{}",
        lines[first], next
    );
    // The whole name is there, in words.
    let joined: String = lines[first..first + 3].join(" ");
    let joined: Vec<&str> = joined.split_whitespace().collect();
    let joined = joined.join(" ");
    assert!(
        joined.contains("afdeling klantenservice en nabestellingen"),
        "{joined}"
    );
}

#[test]
fn the_status_bar_counts_late_as_the_queue_says_late() {
    let mut f = Tui::demo(Lang::Nl);
    let screen = f.screen(120, 40);
    // The queue: one request past the law ("te laat"), one past the board's own deadline only
    // ("na beleid").
    let late = screen.lines().filter(|l| l.contains(" d te laat")).count();
    let policy = screen
        .lines()
        .filter(|l| l.contains(" d na beleid"))
        .count();
    let status = screen.lines().rev().nth(1).unwrap_or("");
    assert!(
        status.contains(&format!("te laat {late}")),
        "{status}\n{screen}"
    );
    assert!(status.contains(&format!("na beleid {policy}")), "{status}");
}

#[test]
fn the_help_from_a_form_lists_the_forms_keys_and_its_columns_line_up() {
    let mut f = Tui::new(Lang::Nl);
    f.keys(&[KeyCode::Char('a'), KeyCode::F(1)]);
    let screen = f.screen(80, 24);
    assert!(screen.contains("Ctrl-S"), "{screen}");
    assert!(
        !screen.contains("verlengen"),
        "not the queue's keys: {screen}"
    );
    // Over a question the help has two columns, the left one with a blank row and a
    // heading: the second column starts at the same place on every row.
    let mut f = Tui::with(Lang::Nl, |s| {
        let r = s.add_request(request(Kind::Access, "S. de Vries")).unwrap();
        s.decide(&r.id, Decision::Granted, "", None).unwrap();
    });
    f.keys(&[KeyCode::Char('c'), KeyCode::Char('?')]);
    let screen = f.screen(80, 24);
    let starts: std::collections::BTreeSet<usize> = screen
        .lines()
        .filter_map(|l| {
            let inner: Vec<char> = l.split('│').nth(1)?.chars().collect();
            (30..inner.len())
                .find(|&i| inner[i] != ' ' && inner[i - 1] == ' ' && inner[i - 2] == ' ')
        })
        .collect();
    assert_eq!(
        starts.len(),
        1,
        "the second column moves: {starts:?}\n{screen}"
    );
}

#[test]
fn config_example_opens_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_avgdesk"))
        .arg("config-example")
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("[organisation]"));
    let created: Vec<_> = walk(dir.path());
    assert!(created.is_empty(), "config-example wrote {created:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_search_that_finds_nothing_says_what_was_searched_and_how_back() {
    let mut f = Tui::demo(Lang::Nl);
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("qqqzzz");
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(80, 24);
    assert!(
        screen.contains("Geen verzoeken gevonden voor /qqqzzz. Esc wist de zoekopdracht."),
        "{screen}"
    );
    assert!(
        hint_bar(&screen).contains("/ zoeken"),
        "{}",
        hint_bar(&screen)
    );
    // The breach register says breaches, not requests.
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('/')]);
    f.type_str("qqqzzz");
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(80, 24);
    assert!(
        screen.contains("Geen datalekken gevonden voor /qqqzzz."),
        "{screen}"
    );
}

#[test]
fn an_empty_consent_grid_hints_no_action_on_a_pupil() {
    let mut f = Tui::new(Lang::Nl);
    f.keys(&[KeyCode::Char('3')]);
    let screen = f.screen(100, 30);
    let hints = hint_bar(&screen);
    for gone in ["Enter", "Space", "x lijst"] {
        assert!(!hints.contains(gone), "{gone} with no pupils: {hints}");
    }
    assert!(hints.contains("f filter"), "{hints}");
}

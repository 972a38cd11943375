//! The consent grid rendered off-screen with a fixed clock: filters, a cell change, the pupil
//! history, and the flags.

mod common;

use avgdesk::domain::consent::ConsentState;
use avgdesk::i18n::Lang;
use avgdesk::ui::panes::consent::ConsentPane;
use common::tui::Tui;
use crossterm::event::KeyCode;

type Fixture = Tui;

fn fixture(lang: Lang) -> Fixture {
    let mut f = Tui::demo(lang);
    f.keys(&[KeyCode::Char('3')]);
    f
}

trait Choose {
    fn choose(&mut self, label: &str);
    fn consent(&self) -> &ConsentPane;
}

impl Choose for Fixture {
    fn choose(&mut self, label: &str) {
        for _ in 0..60 {
            let screen = self.screen(100, 30);
            if screen.lines().any(|l| l.contains('▸') && l.contains(label)) {
                return;
            }
            self.keys(&[KeyCode::Right]);
        }
        panic!("option {label:?} not found");
    }

    fn consent(&self) -> &ConsentPane {
        self.pane::<ConsentPane>()
    }
}

#[test]
fn grid_80x24() {
    let mut f = fixture(Lang::Nl);
    f.screen(80, 24);
    insta::assert_snapshot!(f.screen(80, 24));
}

#[test]
fn grid_in_english_120x40() {
    let mut f = fixture(Lang::En);
    f.screen(120, 40);
    insta::assert_snapshot!(f.screen(120, 40));
}

#[test]
fn who_of_group_6_may_not_appear_on_the_website() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 30);
    f.keys(&[KeyCode::Char('f')]);
    f.choose("OBS De Regenboog");
    f.keys(&[KeyCode::Tab]);
    f.choose("groep 6");
    f.keys(&[KeyCode::Tab]);
    f.choose("Foto/video op de website");
    f.keys(&[KeyCode::Tab]);
    f.choose("geen toestemming");
    f.ctrl('s');
    let screen = f.screen(100, 30);
    assert!(screen.contains("School: OBS De Regenboog"), "{screen}");
    // Every listed pupil really lacks consent for the website, and the count matches.
    let website = f
        .session
        .purposes()
        .iter()
        .position(|p| p.key == "photo_website")
        .unwrap();
    assert_eq!(
        f.consent().column,
        website,
        "cursor on the purpose asked about"
    );
    let rows = f.session.consent_rows(&f.consent().filter, 0, 100).unwrap();
    assert_eq!(rows.len(), f.consent().total);
    assert!(rows.iter().all(|r| !r.states[website].allows()));
    assert!(rows.iter().all(|r| r.pupil.class == "groep 6"));
    assert!(
        screen.contains(&format!("{} leerlingen", rows.len())),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn a_withdrawal_is_recorded_and_the_history_stays() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 30);
    // Find a pupil who gave consent for the website.
    let website = f
        .session
        .purposes()
        .iter()
        .position(|p| p.key == "photo_website")
        .unwrap();
    f.keys(&[KeyCode::Right]);
    assert_eq!(f.consent().column, website);
    while f.consent().current().unwrap().states[website] != ConsentState::Given {
        f.keys(&[KeyCode::Down]);
    }
    let number = f.consent().current().unwrap().pupil.number.clone();
    let before = f.session.consent_history(&number).unwrap().len();
    f.keys(&[KeyCode::Char(' ')]);
    // Withdrawn is the default answer; the last answerer is prefilled.
    f.ctrl('s');
    assert!(!f.dialog_open(), "saved");
    let row = f.consent().current().unwrap();
    assert_eq!(row.pupil.number, number);
    assert_eq!(row.states[website], ConsentState::Withdrawn);
    let history = f.session.consent_history(&number).unwrap();
    assert_eq!(
        history.len(),
        before + 1,
        "a new event, nothing overwritten"
    );
    assert!(history
        .iter()
        .any(|e| e.purpose == "photo_website" && e.value.code() == "given"));
    f.keys(&[KeyCode::Enter]);
    let screen = f.screen(100, 30);
    assert!(
        screen.contains("Foto/video op de website  ingetrokken"),
        "{screen}"
    );
    assert!(
        screen.contains("gegeven ·"),
        "old answer still shown: {screen}"
    );
}

#[test]
fn giving_by_needs_a_name() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 30);
    f.keys(&[KeyCode::Char(' '), KeyCode::Tab]);
    // Clear the prefilled name.
    for _ in 0..40 {
        f.keys(&[KeyCode::Backspace]);
    }
    f.ctrl('s');
    let screen = f.screen(100, 30);
    assert!(screen.contains("is verplicht"), "{screen}");
    assert!(f.dialog_open(), "form stays open");
}

#[test]
fn name_search_narrows_the_grid() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 30);
    let all = f.consent().total;
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("omer");
    assert!(f.consent().total < all);
    assert!(f.consent().total > 0);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Ömer"), "{screen}");
}

#[test]
fn x_writes_the_teacher_list_for_the_filter() {
    let mut f = fixture(Lang::Nl);
    f.ui.shared.export_dir = f.dir().to_path_buf();
    f.screen(100, 30);
    f.keys(&[KeyCode::Char('f')]);
    f.choose("OBS De Regenboog");
    f.keys(&[KeyCode::Tab]);
    f.choose("groep 6");
    f.ctrl('s');
    f.keys(&[KeyCode::Char('x')]);
    let screen = f.screen(160, 30);
    assert!(screen.contains("Lijst opgeslagen in"), "{screen}");
    let file = std::fs::read_dir(f.dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("toestemming")
        })
        .expect("list written");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("OBS De Regenboog"), "{text}");
    assert!(
        text.matches("groep 6").count() >= f.consent().total,
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn flags_show_pupils_turning_16_and_old_forms() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 30);
    let rows = f
        .session
        .consent_rows(&Default::default(), 0, 1000)
        .unwrap();
    assert!(rows.iter().any(|r| !r.flags.is_empty()));
    // Walk to the first flagged row: the legend names the flag.
    while f.consent().current().unwrap().flags.is_empty() {
        f.keys(&[KeyCode::Down]);
    }
    let screen = f.screen(100, 30);
    assert!(screen.contains("! "), "{screen}");
}

/// Presses `x` `times` on the grid with lists going to the test's folder; the names written.
fn write_lists(f: &mut Fixture, times: usize) -> Vec<String> {
    f.ui.shared.export_dir = f.dir().to_path_buf();
    f.screen(100, 30);
    for _ in 0..times {
        f.keys(&[KeyCode::Char('x')]);
    }
    let mut names: Vec<String> = std::fs::read_dir(f.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_teacher_list_is_named_in_the_officers_language() {
    for (lang, prefix) in [(Lang::Nl, "toestemming-"), (Lang::En, "consent-")] {
        let names = write_lists(&mut fixture(lang), 1);
        assert_eq!(names, [format!("{prefix}2026-11-23.txt")], "{lang:?}");
    }
}

#[test]
fn a_second_list_never_overwrites_the_first() {
    let lists = write_lists(&mut fixture(Lang::Nl), 2);
    assert_eq!(
        lists,
        ["toestemming-2026-11-23-2.txt", "toestemming-2026-11-23.txt"],
        "{lists:?}"
    );
}

#[test]
fn a_taller_screen_reads_the_rows_it_now_shows() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 20);
    let loaded = f.consent().rows.len();
    // The window was read for a short screen; a resize to a much taller one needs more rows.
    f.screen(100, 200);
    assert!(f.ui.fill_screen(&f.session), "a read was needed");
    assert!(f.consent().rows.len() > loaded);
    let shown = f.consent().height.min(f.consent().total);
    assert!(f.consent().rows.len() >= shown);
    assert!(!f.ui.fill_screen(&f.session), "nothing more to read");
}

#[test]
fn a_list_for_one_purpose_is_named_by_the_purpose_in_dutch() {
    let mut f = fixture(Lang::Nl);
    f.ui.shared.export_dir = f.dir().to_path_buf();
    f.screen(100, 30);
    f.keys(&[KeyCode::Char('f')]);
    f.choose("OBS De Regenboog");
    f.keys(&[KeyCode::Tab]);
    f.choose("groep 6");
    f.keys(&[KeyCode::Tab]);
    f.choose("Foto/video op de website");
    f.ctrl('s');
    f.keys(&[KeyCode::Char('x')]);
    let names: Vec<String> = std::fs::read_dir(f.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    assert_eq!(
        names,
        ["toestemming-OBS-De-Regenboog-groep-6-foto-video-op-de-website-2026-11-23.txt"],
        "no English code like photo-website in a Dutch name"
    );
}

//! The consent grid rendered off-screen with a fixed clock: filters, a cell change, the pupil
//! history, and the flags.

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::domain::consent::ConsentState;
use avgdesk::i18n::Lang;
use avgdesk::store::Store;
use avgdesk::ui::theme::Theme;
use avgdesk::ui::{draw, UiState};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

struct Fixture {
    _dir: tempfile::TempDir,
    session: Session,
    ui: UiState,
}

fn fixture(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db"), "tester").unwrap();
    let config = Config {
        lang,
        ..Config::default()
    };
    let clock = Clock::parse("2026-11-23T10:00:00+01:00").unwrap();
    let mut session = Session::new(store, config, clock);
    avgdesk::demo::seed(&mut session).unwrap();
    let mut ui = UiState::new(&session, Theme::default());
    ui.handle_key(key(KeyCode::Char('3')), &mut session);
    Fixture {
        _dir: dir,
        session,
        ui,
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl Fixture {
    fn keys(&mut self, keys: &[KeyCode]) {
        for k in keys {
            self.ui.handle_key(key(*k), &mut self.session);
        }
    }

    fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            self.keys(&[KeyCode::Char(c)]);
        }
    }

    fn ctrl(&mut self, c: char) {
        self.ui.handle_key(
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            &mut self.session,
        );
    }

    fn screen(&mut self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| draw::draw(f, &mut self.ui, &self.session))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut line = String::new();
            for x in 0..width {
                line.push_str(buffer[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Chooses an option in the focused choice field by its label, cycling with →.
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
        f.ui.consent.column, website,
        "cursor on the purpose asked about"
    );
    let rows = f
        .session
        .consent_rows(&f.ui.consent.filter, 0, 100)
        .unwrap();
    assert_eq!(rows.len(), f.ui.consent.total);
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
    assert_eq!(f.ui.consent.column, website);
    while f.ui.consent.current().unwrap().states[website] != ConsentState::Given {
        f.keys(&[KeyCode::Down]);
    }
    let number = f.ui.consent.current().unwrap().pupil.number.clone();
    let before = f.session.consent_history(&number).unwrap().len();
    f.keys(&[KeyCode::Char(' ')]);
    // Withdrawn is the default answer; the last answerer is prefilled.
    f.ctrl('s');
    assert!(f.ui.form.is_none(), "saved");
    let row = f.ui.consent.current().unwrap();
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
    assert!(f.ui.form.is_some(), "form stays open");
}

#[test]
fn name_search_narrows_the_grid() {
    let mut f = fixture(Lang::Nl);
    f.screen(100, 30);
    let all = f.ui.consent.total;
    f.keys(&[KeyCode::Char('/')]);
    f.type_str("omer");
    assert!(f.ui.consent.total < all);
    assert!(f.ui.consent.total > 0);
    let screen = f.screen(100, 30);
    assert!(screen.contains("Ömer"), "{screen}");
}

#[test]
fn x_writes_the_teacher_list_for_the_filter() {
    let mut f = fixture(Lang::Nl);
    f.ui.export_dir = f._dir.path().to_path_buf();
    f.screen(100, 30);
    f.keys(&[KeyCode::Char('f')]);
    f.choose("OBS De Regenboog");
    f.keys(&[KeyCode::Tab]);
    f.choose("groep 6");
    f.ctrl('s');
    f.keys(&[KeyCode::Char('x')]);
    let screen = f.screen(160, 30);
    assert!(screen.contains("Lijst opgeslagen in"), "{screen}");
    let file = std::fs::read_dir(f._dir.path())
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
        text.matches("groep 6").count() >= f.ui.consent.total,
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
    while f.ui.consent.current().unwrap().flags.is_empty() {
        f.keys(&[KeyCode::Down]);
    }
    let screen = f.screen(100, 30);
    assert!(screen.contains("! "), "{screen}");
}

/// Presses `x` `times` on the grid with lists going to the test's folder; the names written.
fn write_lists(f: &mut Fixture, times: usize) -> Vec<String> {
    f.ui.export_dir = f._dir.path().to_path_buf();
    f.screen(100, 30);
    for _ in 0..times {
        f.keys(&[KeyCode::Char('x')]);
    }
    let mut names: Vec<String> = std::fs::read_dir(f._dir.path())
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
    let loaded = f.ui.consent.rows.len();
    // The window was read for a short screen; a resize to a much taller one needs more rows.
    f.screen(100, 200);
    assert!(f.ui.consent.fill_screen(&f.session), "a read was needed");
    assert!(f.ui.consent.rows.len() > loaded);
    let shown = f.ui.consent.height.min(f.ui.consent.total);
    assert!(f.ui.consent.rows.len() >= shown);
    assert!(
        !f.ui.consent.fill_screen(&f.session),
        "nothing more to read"
    );
}

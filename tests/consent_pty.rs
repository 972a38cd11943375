//! End to end for the consent overview (issue 4 §7): the real `avgdesk --demo` in a
//! pseudo-terminal filters the grid to answer "which pupils of group 6 may not appear on the
//! website?", then withdraws a consent from the grid and finds the old answer still in the
//! pupil's history. The running demo's database is read back with the command line.
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.

mod common;

use common::{App, Env, CTRL_S, ENTER, ESC, RIGHT, SPACE, TAB, USER};
use serde_json::Value;

const SCHOOL: &str = "OBS De Regenboog";
const CLASS: &str = "groep 6";
const WEBSITE: &str = "Foto/video op de website";
const WEBSITE_KEY: &str = "photo_website";
/// The website's column in the grid (1-based, as the header and the legend number it).
const WEBSITE_COLUMN: usize = 2;
const PURPOSES: usize = 10;
const CELLS: [&str; 4] = ["ja", "nee", "int", "?"];

/// One pupil's row of the grid as shown on the screen.
#[derive(Debug)]
struct GridRow {
    name: String,
    class: String,
    /// The cell texts, one per purpose column.
    cells: Vec<String>,
}

/// The rows of the grid on the screen: the lines under the "Leerling … Groep  1 … 10" header.
fn grid_rows(screen: &str) -> Vec<GridRow> {
    let mut lines = screen.lines().skip_while(|l| !l.starts_with("Leerling"));
    let header = lines
        .next()
        .unwrap_or_else(|| panic!("no grid header:\n{screen}"));
    let numbers: Vec<String> = (1..=PURPOSES).map(|n| n.to_string()).collect();
    assert!(
        header
            .split_whitespace()
            .rev()
            .take(PURPOSES)
            .eq(numbers.iter().rev()),
        "{PURPOSES} numbered purpose columns: {header:?}"
    );
    let class_at = header
        .find("Groep")
        .map(|i| header[..i].chars().count())
        .unwrap_or_else(|| panic!("no class column: {header:?}"));
    let mut rows = Vec::new();
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < PURPOSES + 2 {
            break;
        }
        let cells = &words[words.len() - PURPOSES..];
        if !cells.iter().all(|c| CELLS.contains(c)) {
            break;
        }
        // The class column starts where its header does (a long name may fill its column).
        let chars: Vec<char> = line.chars().collect();
        let name: String = chars[..class_at.min(chars.len())].iter().collect();
        let rest: String = chars[class_at.min(chars.len())..].iter().collect();
        let name = name.trim().to_string();
        let class = rest
            .split("  ")
            .map(str::trim)
            .find(|p| !p.is_empty())
            .expect("a class")
            .to_string();
        rows.push(GridRow {
            name,
            class,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        });
    }
    rows
}

/// The grid's filter line: "N leerlingen  School: …".
fn filter_line(screen: &str) -> &str {
    screen
        .lines()
        .find(|l| l.contains(" leerlingen  School: "))
        .unwrap_or_else(|| panic!("no filter line:\n{screen}"))
}

/// The count of matching pupils at the start of the filter line.
fn count(screen: &str) -> usize {
    let line = filter_line(screen);
    line.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

/// The legend under the grid: "2. Foto/video op de website: NAME – gegeven".
fn legend(screen: &str) -> Option<&str> {
    screen.lines().rev().find(|l| {
        l.split_once(". ")
            .is_some_and(|(n, rest)| n.parse::<usize>().is_ok() && rest.contains(": "))
    })
}

/// The line of the form field that has the focus ("▸ School …"), if that field has it.
fn focused_field<'a>(screen: &'a str, field: &str) -> Option<&'a str> {
    let marker = format!("▸ {field}");
    screen.lines().find(|l| l.contains(&marker))
}

/// Chooses an option in the focused choice field `field` by (the start of) its label, cycling
/// with → and waiting for each step to show.
fn choose(app: &mut App, field: &str, label: &str) {
    let wanted = format!("◂ {label}");
    for _ in 0..40 {
        let screen = app.wait_for(&format!("▸ {field}"));
        let line = focused_field(&screen, field).unwrap().to_string();
        if line.contains(&wanted) {
            return;
        }
        app.send(RIGHT);
        app.wait_until(&format!("{field} to change from {line:?}"), |s| {
            focused_field(s, field).is_some_and(|l| l != line)
        });
    }
    panic!(
        "option {label:?} not found in {field}; the screen shows:\n{}",
        app.screen()
    );
}

/// Opens the filter form with `f`, chooses school, class, purpose and state, and applies it.
fn filter(app: &mut App, school: &str, class: &str, purpose: &str, state: &str) -> String {
    app.send("f");
    app.wait_for("Overzicht filteren");
    choose(app, "School", school);
    app.send(TAB);
    choose(app, "Groep/klas", class);
    app.send(TAB);
    choose(app, "Doel", purpose);
    app.send(TAB);
    choose(app, "Toestemming", state);
    app.send(CTRL_S);
    app.wait_gone("Overzicht filteren")
}

fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("a list: {list:#}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// The end-to-end test: filter the grid to the group-6 website question, clear the
/// filter, withdraw a given consent from the grid, and find both answers in the history.
#[test]
fn the_grid_is_filtered_and_a_cell_is_changed() {
    let env = Env::new();
    let mut app = env.app(100, 30, &["--demo"]);
    app.wait_for("Verzoeken");
    app.send("3");
    let screen = app.wait_for(" leerlingen  School: alle  Groep/klas: alle");
    let demo = env.demo_db();
    let everyone = env.cli_json_on(&demo, &["consent", "list", "--json"]);
    assert_eq!(count(&screen), names(&everyone).len(), "{screen}");

    // Which pupils of group 6 of this school may not appear on the website?
    let screen = filter(&mut app, SCHOOL, CLASS, WEBSITE, "geen toestemming");
    let line = filter_line(&screen);
    assert!(
        line.contains(&format!("leerlingen  School: {SCHOOL}")),
        "{screen}"
    );
    assert!(line.contains(&format!("Groep/klas: {CLASS}")), "{line}");
    assert!(line.contains(&format!("Doel: {WEBSITE}")), "{line}");
    let shown = count(&screen);
    assert!(shown > 0, "the demo has such pupils:\n{screen}");
    let rows = grid_rows(&screen);
    assert_eq!(rows.len(), shown, "the count matches the rows:\n{screen}");
    for row in &rows {
        assert_eq!(row.class, CLASS, "{row:?}");
        assert_ne!(row.cells[WEBSITE_COLUMN - 1], "ja", "{row:?}");
    }
    let legend_line = legend(&screen).unwrap_or_else(|| panic!("no legend:\n{screen}"));
    assert!(
        legend_line.starts_with(&format!("{WEBSITE_COLUMN}. {WEBSITE}: ")),
        "the cursor is on the purpose asked about: {legend_line:?}"
    );
    // The same question on the command line, against the running demo's database.
    let answer = env.cli_json_on(
        &demo,
        &[
            "consent",
            "list",
            "--school",
            SCHOOL,
            "--class",
            CLASS,
            "--purpose",
            WEBSITE_KEY,
            "--state",
            "not_given",
            "--json",
        ],
    );
    let mut on_screen: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    on_screen.sort();
    assert_eq!(on_screen, names(&answer), "{answer:#}");
    for pupil in answer.as_array().unwrap() {
        assert_eq!(pupil["school"], SCHOOL, "{pupil:#}");
        assert_ne!(pupil["states"][WEBSITE_KEY], "given", "{pupil:#}");
    }

    // Back to everyone.
    let mut screen = filter(&mut app, "alle", "alle", "alle", "alle");
    assert!(
        filter_line(&screen).contains(" leerlingen  School: alle  Groep/klas: alle"),
        "{screen}"
    );
    assert_eq!(count(&screen), names(&everyone).len(), "{screen}");

    // Onto the website column: `h` to the first column, then `l` to the website's.
    app.send("h");
    screen = app.wait_until("the legend to name purpose 1", |s| {
        legend(s).is_some_and(|l| l.starts_with("1. "))
    });
    let website = format!("{WEBSITE_COLUMN}. {WEBSITE}: ");
    for _ in 0..PURPOSES {
        let before = legend(&screen).unwrap_or_default().to_string();
        if before.starts_with(&website) {
            break;
        }
        app.send("l");
        screen = app.wait_until("the legend to follow `l`", |s| {
            legend(s).is_some_and(|l| l != before)
        });
    }
    let rows = grid_rows(&screen);
    let first = rows
        .first()
        .unwrap_or_else(|| panic!("an empty grid:\n{screen}"));
    assert!(
        legend(&screen).is_some_and(|l| l.starts_with(&format!("{website}{} – ", first.name))),
        "on the website column of the first row:\n{screen}"
    );
    // Down with `j` to a pupil with a "ja" there, a few rows down so the cursor moves (and with
    // a name not above it, so the legend names only that row).
    let down = (3..rows.len())
        .find(|&i| {
            rows[i].cells[WEBSITE_COLUMN - 1] == "ja"
                && rows[..i].iter().all(|r| r.name != rows[i].name)
        })
        .unwrap_or_else(|| panic!("no \"ja\" for the website on the first page:\n{screen}"));
    let name = rows[down].name.clone();
    app.send(&"j".repeat(down));
    app.wait_for(&format!("{website}{name} – gegeven"));

    // Space: withdrawn is the default answer, the last answerer is prefilled.
    app.send(SPACE);
    let form = app.wait_for("Toestemming vastleggen");
    assert!(
        form.contains(&format!("{name} ({}) – {WEBSITE}", rows[down].class)),
        "{form}"
    );
    let answer = focused_field(&form, "Antwoord").unwrap_or_else(|| panic!("{form}"));
    assert!(answer.contains("◂ ingetrokken ▸"), "{answer:?}");
    // A withdrawal is not "given": the label follows the answer.
    let by_line = form
        .lines()
        .find(|l| l.contains("  Ingetrokken door "))
        .unwrap_or_else(|| panic!("no Ingetrokken door:\n{form}"));
    let by = by_line
        .split("Ingetrokken door")
        .nth(1)
        .and_then(|rest| rest.split('│').next())
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    assert!(!by.is_empty(), "prefilled: {by_line:?}");
    app.send(CTRL_S);
    let screen = app.wait_for(&format!("{website}{name} – ingetrokken"));
    assert!(
        !screen.contains("Toestemming vastleggen"),
        "saved:\n{screen}"
    );
    assert!(screen.contains(&format!("Opgeslagen {name}")), "{screen}");
    let rows = grid_rows(&screen);
    assert_eq!(rows[down].name, name, "{screen}");
    assert_eq!(rows[down].cells[WEBSITE_COLUMN - 1], "int", "{screen}");

    // Enter: the pupil's history keeps the old answer under the new one.
    app.send(ENTER);
    let heading = format!("{WEBSITE}  ingetrokken");
    let detail = app.wait_for(&heading);
    let number = detail
        .lines()
        .find(|l| l.starts_with(&format!("{name}  ")))
        .and_then(|l| l[name.len()..].split_whitespace().next())
        .unwrap_or_else(|| panic!("no pupil number:\n{detail}"))
        .to_string();
    let history: Vec<&str> = detail
        .lines()
        .skip_while(|l| !l.starts_with(&heading))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(history.len(), 2, "two answers:\n{detail}");
    assert!(
        history[0].contains(&format!("gegeven · {by} (")),
        "{detail}"
    );
    assert!(
        history[1].contains(&format!("23-11-2026  ingetrokken · {by} (ouder)")),
        "{detail}"
    );
    assert!(
        history[1].trim_end().ends_with(USER),
        "recorded by the user:\n{detail}"
    );

    // The database agrees: a new event, the given one kept.
    let events = env.cli_json_on(&demo, &["consent", "history", "--pupil", &number, "--json"]);
    let website_events: Vec<&Value> = events
        .as_array()
        .unwrap_or_else(|| panic!("a list: {events:#}"))
        .iter()
        .filter(|e| e["purpose"] == WEBSITE_KEY)
        .collect();
    assert_eq!(website_events.len(), 2, "{events:#}");
    let (old, new) = (website_events[0], website_events[1]);
    assert_eq!(old["value"], "given", "{old:#}");
    assert_eq!(old["in_effect"], false, "{old:#}");
    assert_eq!(new["value"], "withdrawn", "{new:#}");
    assert_eq!(new["in_effect"], true, "{new:#}");
    assert_eq!(new["given_by"], by.as_str(), "{new:#}");
    assert_eq!(new["role"], "parent", "{new:#}");
    assert_eq!(new["effective"], "2026-11-23", "{new:#}");
    assert_eq!(new["recorded_by"], USER, "{new:#}");

    app.send(ESC);
    app.wait_for(" leerlingen  School: alle");
    app.quit();
    assert!(!demo.exists(), "the demo's database is removed on exit");
}

//! Every pane and dialog of the app on the demo data (Dutch), rendered off-screen at each of the
//! four sizes in `SIZES` with the clock fixed at Monday 23 November 2026 10:00, compared as
//! snapshots named after the pane and the size (`queue_80x24`).
//!
//! Besides the snapshot, every screen is checked for what a wrong layout would break: no line
//! wider than the screen, the status bar keeps every pending AP clock (or the summary), table
//! cells show whole words or an ellipsis, consent cells are only `ja`/`nee`/`int`/`?`, a form
//! shows the marker on the focused field's whole label, the help lists every key.
//!
//! Problems are collected per size and reported together, so the sizes that are right still have
//! their snapshot compared, and a broken screen is never recorded as a snapshot.

mod common;

use avgdesk::domain::request::{Kind, Status};
use avgdesk::i18n::{Lang, T};
use avgdesk::ui::dialogs::Dialog;
use avgdesk::ui::forms::form::Input;
use avgdesk::ui::keys::{self, Context};
use avgdesk::ui::panes::consent::ConsentPane;
use common::tui::{Tui, SIZES};
use crossterm::event::KeyCode::{self, Char, Down, Enter, Home, Tab};
use unicode_width::UnicodeWidthStr;

const NL: Lang = Lang::Nl;
/// The demo's two breaches awaiting the AP decision, with their clocks at 10:00 on 23 November.
const CLOCKS: [&str; 2] = ["AP D-2026-0002 9u00m", "AP D-2026-0001 42u00m"];
/// What the status bar shows instead when the clocks do not all fit.
const CLOCK_SUMMARY: &str = "AP: 2 open, eerste D-2026-0002 9u00m";
/// ... and where the summary does not fit either.
const CLOCK_COMPACT: &str = "AP 2: D-2026-0002 9u00m";
/// The only texts a consent cell may show.
const CELLS: [&str; 4] = ["ja", "nee", "int", "?"];
const BREACH_STATUSES: [&str; 5] = ["open", "beoordeeld", "gemeld", "niet gemeld", "gesloten"];

/// What is wrong with one screen; empty when it is right.
type Problems = Vec<String>;
/// Keys that open a screen on a fresh demo.
type Setup = fn(&mut Tui);

/// Adds `msg` to the problems unless `ok`.
macro_rules! expect {
    ($problems:expr, $ok:expr, $($msg:tt)+) => {
        if !$ok {
            $problems.push(format!($($msg)+));
        }
    };
}

// ---------------------------------------------------------------------------------------------
// The harness: one fresh demo per size, keys, the screen, the checks, the snapshot.

/// Draws as the app does: a frame, then the rows a pane found it needs for that frame, then
/// the frame again if it read any.
fn draw(f: &mut Tui, w: u16, h: u16) -> String {
    let screen = f.screen(w, h);
    if f.ui.fill_screen(&f.session) {
        f.screen(w, h)
    } else {
        screen
    }
}

/// For each size: a fresh demo drawn once (as the app draws before the first key), `setup`'s
/// keys, the screen; then the checks every screen passes, `check`'s own, and the snapshot
/// `{name}_{w}x{h}` when no check failed. Fails at the end with every problem of every size.
fn at_every_size(
    name: &str,
    setup: impl Fn(&mut Tui),
    check: impl Fn(&mut Tui, &str, u16, u16) -> Problems,
) {
    let mut failures = Vec::new();
    for (w, h) in SIZES {
        let mut f = Tui::demo(NL);
        draw(&mut f, w, h);
        setup(&mut f);
        let screen = draw(&mut f, w, h);
        let mut problems = frame_problems(&f, &screen, w, h);
        problems.extend(check(&mut f, &screen, w, h));
        if problems.is_empty() {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        } else {
            failures.push(format!(
                "{name} at {w}x{h}:\n  - {}\n{}",
                problems.join("\n  - "),
                framed(&screen)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The screen with its right edge marked, for failure messages.
fn framed(screen: &str) -> String {
    screen.lines().map(|l| format!("{l}|\n")).collect()
}

/// What every screen must be: as tall as the terminal, no line wider than it, the tab bar, and
/// the status bar (the line above the key hints) with every pending AP clock whole or the
/// summary that replaces them, and the search in force with its `/`.
fn frame_problems(f: &Tui, screen: &str, w: u16, h: u16) -> Problems {
    let mut p = Problems::new();
    let lines: Vec<&str> = screen.lines().collect();
    expect!(
        p,
        lines.len() == h as usize,
        "{} lines, not {h}",
        lines.len()
    );
    for (i, line) in lines.iter().enumerate() {
        expect!(
            p,
            line.width() <= w as usize,
            "line {i} is {} wide: {line:?}",
            line.width()
        );
    }
    let tabs = lines.first().copied().unwrap_or("");
    for tab in ["1 Verzoeken", "2 Datalekken", "3 Toestemming"] {
        expect!(p, tabs.contains(tab), "tab bar lacks {tab:?}: {tabs:?}");
    }
    let status = lines.get(h as usize - 2).copied().unwrap_or("");
    let all_clocks = CLOCKS.iter().all(|c| status.contains(c));
    expect!(
        p,
        all_clocks || status.contains(CLOCK_SUMMARY) || status.contains(CLOCK_COMPACT),
        "status bar lacks the AP clocks {CLOCKS:?} and the summary: {status:?}"
    );
    // The overdue requests never give way either (one past the law in the demo).
    expect!(
        p,
        status.contains("te laat 1"),
        "status bar lacks the overdue requests \"te laat 1\": {status:?}"
    );
    // The search in force gives way whole when the bar is full, never cut; from 80 columns
    // there is room for it.
    let search = f.ui.pane().search_text();
    if !search.is_empty() && (w >= 80 || status.contains(search)) {
        expect!(
            p,
            status.contains(&format!("/{search}")),
            "status bar lacks the search in force \"/{search}\": {status:?}"
        );
    }
    p
}

/// Moves the selection of the active list to `id` (Home, then Down).
fn select(f: &mut Tui, id: &str) {
    let pos = f
        .visible_ids()
        .iter()
        .position(|r| r == id)
        .unwrap_or_else(|| panic!("{id} not in {:?}", f.visible_ids()));
    f.keys(&[Home]);
    for _ in 0..pos {
        f.keys(&[Down]);
    }
    assert_eq!(f.selected_id().as_deref(), Some(id));
}

fn press(f: &mut Tui, keys: &[KeyCode]) {
    f.keys(keys);
}

// ---------------------------------------------------------------------------------------------
// Reading the screen back.

/// A line cut at the side-by-side divider, so only the list's part is read.
fn left_part(line: &str) -> String {
    line.split('│').next().unwrap_or("").to_string()
}

/// The cells of column `title` in the table whose header is the first line starting with
/// `header_start`, for the rows whose line starts with `row_start`: the text from the title's
/// position to the start of the next header title (or the end of the line), trimmed. `None`
/// when the column is not shown.
fn column_cells(
    screen: &str,
    header_start: &str,
    row_start: &str,
    title: &str,
) -> Option<Vec<String>> {
    let lines: Vec<String> = screen.lines().map(left_part).collect();
    let header = lines.iter().find(|l| l.starts_with(header_start))?;
    let start = header
        .split(' ')
        .scan(0usize, |pos, word| {
            let at = *pos;
            *pos += word.chars().count() + 1;
            Some((at, word))
        })
        .find(|(_, word)| *word == title)
        .map(|(at, _)| at)?;
    let head: Vec<char> = header.chars().collect();
    let title_end = start + title.chars().count();
    let end = (title_end..head.len())
        .find(|&i| head[i] != ' ' && head[i - 1] == ' ')
        .unwrap_or(usize::MAX);
    Some(
        lines
            .iter()
            .filter(|l| l.starts_with(row_start))
            .map(|l| {
                let chars: Vec<char> = l.chars().collect();
                let from = start.min(chars.len());
                let to = end.min(chars.len());
                chars[from..to]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .collect(),
    )
}

/// A cell is a whole word from `words`, or the start of one cut with an ellipsis.
fn whole_or_ellipsis(cell: &str, words: &[&str]) -> bool {
    if words.contains(&cell) {
        return true;
    }
    match cell.strip_suffix('…') {
        Some(start) => !start.is_empty() && words.iter().any(|w| w.starts_with(start)),
        None => false,
    }
}

/// The rows inside the popup titled `title`: for each line between its top and bottom border, the
/// text between its left border and its right one (found by the column of the top-left corner,
/// so a table or a side-by-side pane around the popup is left out).
fn popup_rows(screen: &str, title: &str) -> Option<Vec<String>> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let corner: Vec<char> = format!("┌ {title} ").chars().collect();
    let (top, left) = lines.iter().enumerate().find_map(|(i, l)| {
        l.windows(corner.len())
            .position(|w| w == corner.as_slice())
            .map(|x| (i, x))
    })?;
    let mut rows = Vec::new();
    for line in &lines[top + 1..] {
        if line.get(left) != Some(&'│') {
            break; // the bottom border
        }
        rows.push(line[left + 1..].iter().take_while(|c| **c != '│').collect());
    }
    Some(rows)
}

/// The text inside the popup titled `title`, its lines joined with spaces (a wrapped sentence
/// reads whole again).
fn popup_text(screen: &str, title: &str) -> Option<String> {
    let rows = popup_rows(screen, title)?;
    Some(squeeze(&rows.join(" ")))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// The request queue and a request's detail

/// The kinds as the queue's narrow column writes them.
const KINDS: [&str; 7] = [
    "inzage",
    "correctie",
    "wissen",
    "beperking",
    "overdracht",
    "bezwaar",
    "overig",
];
const STATUSES: [&str; 5] = ["nieuw", "in behandeling", "wacht", "besloten", "gesloten"];

#[test]
fn the_labels_the_queue_checks_are_the_apps() {
    // The word lists below are the app's own labels: a renamed label fails here, not as a
    // mysterious "cut" cell.
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.short_label(NL)).collect();
    assert_eq!(kinds, KINDS);
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.label(NL)).collect();
    assert_eq!(statuses, STATUSES);
}

/// The queue's table: rows in the list's order from the top, as many as the body holds, kind and
/// status cells whole (an ellipsis marks a cut); on 80 columns and more both columns are shown.
fn queue_problems(f: &mut Tui, screen: &str, w: u16, h: u16) -> Problems {
    let mut p = Problems::new();
    let ids = f.visible_ids();
    let shown: Vec<String> = screen
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("V-2026-"))
        .map(|l| l[..11].to_string())
        .collect();
    // Everything but the tab bar, the table header, the status bar and the hints.
    let room = h as usize - 4;
    expect!(
        p,
        shown.len() == ids.len().min(room),
        "{} rows shown of {} for {room} rows of room: {shown:?}",
        shown.len(),
        ids.len()
    );
    expect!(
        p,
        ids.starts_with(&shown),
        "rows {shown:?} not the list's {ids:?}"
    );
    match column_cells(screen, "Nummer", "V-2026-", "Soort") {
        Some(cells) => {
            for c in &cells {
                expect!(p, whole_or_ellipsis(c, &KINDS), "kind cell {c:?}");
            }
        }
        None => expect!(p, w < 80, "no kind column at {w} columns"),
    }
    match column_cells(screen, "Nummer", "V-2026-", "Status") {
        Some(cells) => {
            for c in &cells {
                expect!(p, whole_or_ellipsis(c, &STATUSES), "status cell {c:?}");
            }
        }
        None => expect!(p, w < 80, "no status column at {w} columns"),
    }
    p
}

#[test]
fn queue() {
    at_every_size(
        "queue",
        |_| {},
        |f, screen, w, h| {
            let mut p = queue_problems(f, screen, w, h);
            expect!(
                p,
                f.context() == Context::Queue,
                "context {:?}",
                f.context()
            );
            p
        },
    );
}

#[test]
fn request_detail() {
    at_every_size(
        "request_detail",
        |f| press(f, &[Down, Enter]),
        |f, screen, _, _| {
            let mut p = Problems::new();
            expect!(
                p,
                f.context() == Context::Detail,
                "context {:?}",
                f.context()
            );
            let second = f.visible_ids()[1].clone();
            expect!(
                p,
                f.selected_id().as_deref() == Some(second.as_str()),
                "opened {:?}, not the second row {second}",
                f.selected_id()
            );
            // The title line: id, kind and status, each whole.
            let r = f.session.request(&second).unwrap();
            let title = format!("{second}  {}  {}", r.kind.label(NL), r.status.label(NL));
            let first = screen.lines().nth(1).unwrap_or("");
            expect!(
                p,
                first.trim_end() == title,
                "title {first:?}, not {title:?}"
            );
            for section in ["Ontvangen", "Verzoeker", "Termijnen"] {
                expect!(p, screen.contains(section), "no {section:?}");
            }
            p
        },
    );
}

// ---------------------------------------------------------------------------------------------
// The breach register and a breach's record

#[test]
fn breach_register() {
    at_every_size(
        "breach_register",
        |f| press(f, &[Char('2')]),
        |f, screen, _, _| {
            let mut p = Problems::new();
            expect!(
                p,
                f.context() == Context::BreachList,
                "context {:?}",
                f.context()
            );
            let shown: Vec<String> = screen
                .lines()
                .filter(|l| l.starts_with("D-2026-"))
                .map(|l| l[..11].to_string())
                .collect();
            expect!(
                p,
                shown == f.visible_ids(),
                "rows {shown:?}, list {:?}",
                f.visible_ids()
            );
            match column_cells(screen, "Nummer", "D-2026-", "Status") {
                Some(cells) => {
                    for c in &cells {
                        expect!(p, whole_or_ellipsis(c, &BREACH_STATUSES), "status {c:?}");
                    }
                }
                None => p.push("no status column".into()),
            }
            // The clock column shows each countdown whole.
            match column_cells(screen, "Nummer", "D-2026-", "Over") {
                Some(cells) => {
                    expect!(
                        p,
                        cells.len() >= 2 && cells[0] == "9u00m" && cells[1] == "42u00m",
                        "countdowns {cells:?}"
                    );
                }
                None => p.push("no countdown column".into()),
            }
            p
        },
    );
}

#[test]
fn breach_record() {
    at_every_size(
        "breach_record",
        |f| {
            press(f, &[Char('2')]);
            select(f, "D-2026-0002");
            press(f, &[Enter]);
        },
        |f, screen, _, _| {
            let mut p = Problems::new();
            expect!(
                p,
                f.context() == Context::BreachDetail,
                "context {:?}",
                f.context()
            );
            expect!(
                p,
                f.selected_id().as_deref() == Some("D-2026-0002"),
                "{:?}",
                f.selected_id()
            );
            let lines: Vec<&str> = screen.lines().collect();
            expect!(
                p,
                lines[1].trim_end() == "D-2026-0002  beoordeeld",
                "title {:?}",
                lines[1]
            );
            expect!(
                p,
                lines[2].trim() == "USB-stick met leerlingdossiers kwijt",
                "the breach's title whole: {:?}",
                lines[2]
            );
            expect!(
                p,
                screen.contains("23-11-2026 19:00  (9u00m)"),
                "the AP deadline with its countdown"
            );
            p
        },
    );
}

// ---------------------------------------------------------------------------------------------
// The consent grid and a pupil's history

/// The grid's rows: the trailing cell texts of each line under the "Leerling" header, and the
/// word before them.
fn grid_rows(screen: &str) -> Vec<(String, Vec<String>)> {
    screen
        .lines()
        .skip_while(|l| !l.starts_with("Leerling"))
        .skip(1)
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let n = words.iter().rev().take_while(|w| CELLS.contains(w)).count();
            if n == 0 {
                return None;
            }
            let before = words[..words.len() - n].last().copied().unwrap_or("");
            Some((
                before.to_string(),
                words[words.len() - n..]
                    .iter()
                    .map(|w| w.to_string())
                    .collect(),
            ))
        })
        .collect()
}

/// The number of purpose columns the numbered header shows ("1 … 5 ›6"), or all when the
/// header shows purpose names.
fn numbered_columns(screen: &str, purposes: usize) -> usize {
    let header = screen
        .lines()
        .find(|l| l.starts_with("Leerling"))
        .unwrap_or("");
    let numbers = header
        .split_whitespace()
        .filter(|w| {
            w.trim_start_matches(['›', '‹'])
                .trim_end_matches(['›', '‹'])
                .parse::<usize>()
                .is_ok()
        })
        .count();
    if numbers == 0 {
        purposes
    } else {
        numbers
    }
}

fn grid_problems(f: &mut Tui, screen: &str, w: u16, h: u16) -> Problems {
    let mut p = Problems::new();
    let purposes = f.session.purposes().len();
    let rows = grid_rows(screen);
    let pane = f.pane::<ConsentPane>();
    // Tab bar, count line, header, legend, status bar, hints; a second header line for names.
    let room = h as usize - 6;
    expect!(
        p,
        rows.len() >= room.saturating_sub(1).min(pane.total) && rows.len() <= room,
        "{} grid rows for {room} rows of room",
        rows.len()
    );
    let columns = numbered_columns(screen, purposes);
    if w >= 80 {
        expect!(
            p,
            columns == purposes,
            "{columns} of {purposes} purposes at {w}"
        );
    }
    for (before, cells) in &rows {
        expect!(
            p,
            cells.len() == columns,
            "{} cells in a row, {columns} columns: {cells:?}",
            cells.len()
        );
        // A cut cell ("j", "ne", "in") would end the row's name or class part.
        expect!(
            p,
            !CELLS.iter().any(|c| c.starts_with(before.as_str())),
            "a cut cell {before:?} before {cells:?}"
        );
    }
    let legend = screen.lines().nth(h as usize - 3).unwrap_or("");
    let first = &f.session.purposes()[pane.column];
    let expected = format!("{}. {}: ", pane.column + 1, first.nl);
    expect!(
        p,
        legend.starts_with(&expected),
        "legend {legend:?} does not name the purpose {expected:?}"
    );
    expect!(
        p,
        screen.contains(&format!("{} leerlingen", pane.total)),
        "no count"
    );
    p
}

#[test]
fn consent_grid() {
    at_every_size(
        "consent_grid",
        |f| press(f, &[Char('3')]),
        |f, screen, w, h| {
            let mut p = grid_problems(f, screen, w, h);
            expect!(
                p,
                f.context() == Context::ConsentGrid,
                "context {:?}",
                f.context()
            );
            p
        },
    );
}

#[test]
fn pupil_history() {
    at_every_size(
        "pupil_history",
        |f| press(f, &[Char('3'), Enter]),
        |f, screen, _, _| {
            let mut p = Problems::new();
            expect!(
                p,
                f.context() == Context::PupilDetail,
                "context {:?}",
                f.context()
            );
            let pupil = f.pane::<ConsentPane>().current().unwrap().pupil.clone();
            let first = screen.lines().nth(1).unwrap_or("");
            expect!(
                p,
                first.starts_with(&format!("{}  {}", pupil.full_name(), pupil.number)),
                "the pupil's name and number: {first:?}"
            );
            let purpose = &f.session.purposes()[0].nl;
            expect!(
                p,
                screen.contains(&format!("{purpose}  gegeven")),
                "first purpose {purpose:?} with its state"
            );
            p
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Forms

/// The open form's title and the label of its focused field.
fn form_labels(f: &Tui) -> Option<(String, String, usize)> {
    match &f.ui.dialog {
        Some(Dialog::Form(fd)) => {
            let form = &fd.form;
            let field = form.fields.get(form.focus)?;
            Some((
                form.title.get(NL).to_string(),
                field.label.get(NL).to_string(),
                form.fields.len(),
            ))
        }
        _ => None,
    }
}

/// A form is open with its title in the border, the marker on the focused field's whole label,
/// and the form's keys in the hint bar.
fn form_problems(f: &mut Tui, screen: &str, h: u16) -> Problems {
    let mut p = Problems::new();
    expect!(p, f.context() == Context::Form, "context {:?}", f.context());
    let Some((title, label, _)) = form_labels(f) else {
        p.push("no form open".into());
        return p;
    };
    expect!(
        p,
        screen.contains(&format!("┌ {title} ")),
        "title {title:?} not whole in the border"
    );
    let marker = format!("▸ {label}");
    expect!(
        p,
        screen.lines().any(|l| l.contains(&marker)),
        "focused field {marker:?} not shown whole"
    );
    p.extend(field_problems(f, screen));
    let hints = screen.lines().nth(h as usize - 1).unwrap_or("");
    expect!(p, hints.contains("Ctrl-S"), "hint bar {hints:?}");
    p
}

/// The open form's fields on screen: each shown label whole and apart from its value (a label
/// is never cut or wrapped away, never runs into the value), and each one-line text value of a
/// field without the focus whole or cut with an ellipsis.
fn field_problems(f: &Tui, screen: &str) -> Problems {
    let mut p = Problems::new();
    let Some(Dialog::Form(fd)) = &f.ui.dialog else {
        return p;
    };
    let form = &fd.form;
    let Some(rows) = popup_rows(screen, form.title.get(NL)) else {
        p.push("no form popup".into());
        return p;
    };
    for (i, field) in form.fields.iter().enumerate() {
        let label = field.label.get(NL);
        let marker = if i == form.focus { "▸ " } else { "  " };
        let start: String = label.split(' ').take(2).collect::<Vec<_>>().join(" ");
        let Some(row) = rows
            .iter()
            .find(|r| r.starts_with(&format!("{marker}{start}")))
        else {
            continue; // scrolled out of view
        };
        let Some(after) = row[marker.len()..].strip_prefix(label) else {
            p.push(format!("field label {label:?} cut: {row:?}"));
            continue;
        };
        expect!(
            p,
            after.is_empty() || after.starts_with(' '),
            "field label {label:?} runs into its value: {row:?}"
        );
        let value = field.value();
        if i != form.focus && matches!(field.input, Input::Text(_)) && !value.is_empty() {
            let shown = after.trim();
            let whole = shown == value;
            let cut = shown
                .strip_suffix('…')
                .is_some_and(|start| !start.is_empty() && value.starts_with(start));
            expect!(
                p,
                whole || cut,
                "{label:?} shows {shown:?} of {value:?}: cut without an ellipsis"
            );
        }
    }
    p
}

fn form_at_every_size(name: &str, setup: impl Fn(&mut Tui)) {
    at_every_size(name, setup, |f, screen, _, h| form_problems(f, screen, h));
}

fn on_request(f: &mut Tui, id: &str, key: char) {
    select(f, id);
    press(f, &[Char(key)]);
}

fn on_breach(f: &mut Tui, id: &str, key: char) {
    press(f, &[Char('2')]);
    select(f, id);
    press(f, &[Char(key)]);
}

/// An open request whose notice deadline (25-11-2026) has not passed: every request form opens.
const OPEN_REQUEST: &str = "V-2026-0003";

#[test]
fn form_new_request() {
    form_at_every_size("form_new_request", |f| press(f, &[Char('a')]));
}

#[test]
fn form_extend() {
    form_at_every_size("form_extend", |f| on_request(f, OPEN_REQUEST, 'e'));
}

#[test]
fn form_decide() {
    form_at_every_size("form_decide", |f| on_request(f, OPEN_REQUEST, 'd'));
}

#[test]
fn form_identity() {
    form_at_every_size("form_identity", |f| on_request(f, OPEN_REQUEST, 'i'));
}

#[test]
fn form_note() {
    form_at_every_size("form_note", |f| on_request(f, OPEN_REQUEST, 'n'));
}

#[test]
fn form_new_breach() {
    form_at_every_size("form_new_breach", |f| press(f, &[Char('b')]));
}

#[test]
fn form_complete_breach() {
    form_at_every_size("form_complete_breach", |f| on_breach(f, "D-2026-0002", 'w'));
}

#[test]
fn form_assess() {
    form_at_every_size("form_assess", |f| on_breach(f, "D-2026-0001", 'r'));
}

#[test]
fn form_notify_ap() {
    form_at_every_size("form_notify_ap", |f| on_breach(f, "D-2026-0002", 'm'));
}

#[test]
fn form_consent_filter() {
    form_at_every_size("form_consent_filter", |f| press(f, &[Char('3'), Char('f')]));
}

#[test]
fn form_consent_answer() {
    form_at_every_size("form_consent_answer", |f| press(f, &[Char('3'), Char(' ')]));
}

/// Every field of every form can be reached with Tab at every size, and shows the marker on its
/// whole label when it has the focus (a long form scrolls; a long label is never cut); the other
/// fields on screen keep their whole labels and values meanwhile.
#[test]
fn every_form_field_shows_its_whole_label_when_focused() {
    let forms: [(&str, Setup); 11] = [
        ("new request", |f| press(f, &[Char('a')])),
        ("extend", |f| on_request(f, OPEN_REQUEST, 'e')),
        ("decide", |f| on_request(f, OPEN_REQUEST, 'd')),
        ("identity", |f| on_request(f, OPEN_REQUEST, 'i')),
        ("note", |f| on_request(f, OPEN_REQUEST, 'n')),
        ("new breach", |f| press(f, &[Char('b')])),
        ("complete breach", |f| on_breach(f, "D-2026-0002", 'w')),
        ("assess", |f| on_breach(f, "D-2026-0001", 'r')),
        ("notify AP", |f| on_breach(f, "D-2026-0002", 'm')),
        ("consent filter", |f| press(f, &[Char('3'), Char('f')])),
        ("consent answer", |f| press(f, &[Char('3'), Char(' ')])),
    ];
    let mut failures = Vec::new();
    for (name, setup) in forms {
        for (w, h) in SIZES {
            let mut f = Tui::demo(NL);
            draw(&mut f, w, h);
            setup(&mut f);
            let fields = form_labels(&f).map(|(_, _, n)| n).unwrap_or(0);
            assert!(fields > 0, "{name}: no form opened");
            // Each problem once per form and size, with the first screen that showed one.
            let mut problems: Vec<String> = Vec::new();
            let mut first_screen = None;
            for _ in 0..fields {
                let screen = draw(&mut f, w, h);
                let (_, label, _) = form_labels(&f).unwrap();
                let marker = format!("▸ {label}");
                let mut found = field_problems(&f, &screen);
                if !screen.lines().any(|l| l.contains(&marker)) {
                    found.insert(0, format!("focused, {marker:?} is not shown whole"));
                }
                for problem in found {
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
                if !problems.is_empty() && first_screen.is_none() {
                    first_screen = Some(screen);
                }
                press(&mut f, &[Tab]);
            }
            if let Some(screen) = first_screen {
                failures.push(format!(
                    "{name} at {w}x{h}:\n  - {}\n{}",
                    problems.join("\n  - "),
                    framed(&screen)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Dialogs: recipients, help, a yes/no question

#[test]
fn recipients_dialog() {
    at_every_size(
        "recipients",
        |f| {
            // A rectification: art. 19 asks who received the data.
            press(f, &[Char('/')]);
            f.type_str("correctie");
            press(f, &[Enter, Home, Char('o')]);
        },
        |f, screen, _, _| {
            let mut p = Problems::new();
            expect!(
                p,
                f.context() == Context::Recipients,
                "context {:?}",
                f.context()
            );
            let id = f.selected_id().unwrap_or_default();
            let kind = f.session.request(&id).map(|r| r.kind).ok();
            expect!(
                p,
                kind.is_some_and(|k| k.needs_recipient_notice()),
                "{id} is a {kind:?}"
            );
            match popup_text(screen, "Ontvangers informeren (art. 19)") {
                Some(text) => {
                    expect!(p, text.starts_with(&id), "the request's id first: {text:?}");
                    expect!(
                        p,
                        text.contains("Nieuwe ontvanger:"),
                        "the input for a new name: {text:?}"
                    );
                }
                None => p.push("no recipients popup with its whole title".into()),
            }
            let hints = screen.lines().last().unwrap_or("");
            expect!(
                p,
                hints.contains("Space afvinken") && hints.contains("Esc terug"),
                "hints {hints:?}"
            );
            p
        },
    );
}

/// The help opens at the top; on a short screen it scrolls (↓/j) and says so with a "↓" in its
/// bottom right corner until the end. Scrolled to the end, every key of the queue and of forms
/// has been shown, as the key table lists them, and the line that says how to close it.
#[test]
fn help() {
    at_every_size(
        "help",
        |f| press(f, &[Char('?')]),
        |f, screen, w, h| {
            let mut p = Problems::new();
            expect!(p, f.context() == Context::Help, "context {:?}", f.context());
            let title = T::help_title.get(NL);
            let more = |rows: &[String]| rows.last().is_some_and(|r| r.trim_end().ends_with('↓'));
            let Some(mut rows) = popup_rows(screen, title) else {
                p.push("no help popup".into());
                return p;
            };
            let mut seen: Vec<String> = Vec::new();
            for _ in 0..100 {
                seen.extend(rows.iter().map(|r| squeeze(r.trim_end_matches('↓'))));
                if !more(&rows) {
                    break;
                }
                press(f, &[Down]);
                let next = draw(f, w, h);
                match popup_rows(&next, title) {
                    Some(r) if r != rows => rows = r,
                    _ => {
                        p.push(format!(
                            "↓ shown, but Down does not scroll:\n{}",
                            framed(&next)
                        ));
                        break;
                    }
                }
            }
            let close = T::help_close.get(NL);
            let entries = keys::listed(Context::Queue)
                .chain(keys::listed(Context::Form))
                .map(|b| squeeze(&format!("{} {}", b.display, b.label.get(NL))))
                .chain([close.to_string()]);
            let mut missing = Vec::new();
            for entry in entries {
                if !seen.iter().any(|r| r.contains(&entry)) {
                    missing.push(entry);
                }
            }
            expect!(
                p,
                missing.is_empty(),
                "scrolled to the end, the help never showed {missing:?}"
            );
            p
        },
    );
}

#[test]
fn close_question() {
    at_every_size(
        "close_question",
        |f| {
            // A decided request: closing it is a yes/no question.
            press(f, &[Char('/')]);
            f.type_str("besloten");
            press(f, &[Enter, Home, Char('c')]);
        },
        |f, screen, _, h| {
            let mut p = Problems::new();
            expect!(
                p,
                f.context() == Context::Confirm,
                "context {:?}",
                f.context()
            );
            let (title, question) = match &f.ui.dialog {
                Some(Dialog::Confirm(c)) => (c.title.get(NL), c.question.join(" ")),
                _ => return vec!["no question open".into()],
            };
            let id = f.selected_id().unwrap_or_default();
            expect!(p, question.contains(&id), "{question:?} names {id}");
            match popup_text(screen, title) {
                Some(text) => expect!(
                    p,
                    text == squeeze(&question),
                    "question shown as {text:?}, not {question:?}"
                ),
                None => p.push(format!("no popup titled {title:?}")),
            }
            let hints = screen.lines().nth(h as usize - 1).unwrap_or("");
            expect!(
                p,
                hints.contains("Enter ja") && hints.contains("Esc nee"),
                "hints {hints:?}"
            );
            p
        },
    );
}

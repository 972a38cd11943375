//! How avgdesk's cost grows with the board: 1,000, 10,000 and 30,000 pupils from
//! `avgdesk demo-data` (seed 1, clock fixed). Each database is generated once into a temporary
//! folder and reused by every benchmark.
//!
//! - `first_frame/<tab>/<pupils>`: open the database, build the screen state, go to the tab and
//!   draw the first frame into an off-screen 120x40 terminal (what starting the app costs); on
//!   the consent tab this includes reading the grid, which happens when the tab is first shown
//!   (checked once, outside the timing, to show a full screen of pupils);
//! - `key_down/<tab>/<pupils>`: one Down and the redraw, in each tab;
//! - `filter_key/consent/<pupils>`: one letter typed in the consent grid's search, and the redraw;
//! - `request_list_json/<pupils>`: what `avgdesk request list --json` does after opening;
//! - `consent_export_school/<pupils>`: the teacher list of one whole school (`consent export`).
//!
//! Also printed (not timings): the bytes one Down in the request queue writes to a 120x40
//! terminal through the real crossterm backend, against a full-screen redraw.
//!
//! Run: `cargo bench --bench large_board` (a few minutes on 2 cores). Figures and their
//! reading are in BENCHMARKS.md.

use avgdesk::app::consent_export::{teacher_list, ListFormat};
use avgdesk::app::{RequestView, Session};
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::demo_data::{self, Options};
use avgdesk::store::{PupilFilter, Store};
use avgdesk::ui::theme::Theme;
use avgdesk::ui::{draw, UiState};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use std::cell::RefCell;
use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [1_000, 10_000, 30_000];
/// Monday 23 November 2026, 10:00 in Amsterdam, as in the tests.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

struct Board {
    pupils: usize,
    path: PathBuf,
}

struct Boards {
    _dir: tempfile::TempDir,
    boards: Vec<Board>,
}

/// The three databases, generated on first use.
fn boards() -> &'static [Board] {
    static BOARDS: OnceLock<Boards> = OnceLock::new();
    &BOARDS
        .get_or_init(|| {
            let dir = tempfile::Builder::new()
                .prefix("avgdesk-bench-")
                .tempdir()
                .expect("temp dir");
            let boards = SIZES
                .iter()
                .map(|&pupils| {
                    let path = dir.path().join(format!("board-{pupils}.db"));
                    let mut session = open(&path);
                    let s = demo_data::generate(&mut session, &Options { pupils, seed: 1 })
                        .expect("demo data");
                    eprintln!(
                        "generated {pupils} pupils: {} answers, {} requests, {} breaches in {:.1} s",
                        s.counts.consent_events, s.counts.requests, s.counts.breaches, s.seconds
                    );
                    Board { pupils, path }
                })
                .collect();
            Boards { _dir: dir, boards }
        })
        .boards
}

fn open(path: &std::path::Path) -> Session {
    let store = Store::open(path, "bench").expect("open");
    let clock = Clock::parse(NOW).expect("clock");
    Session::new(store, Config::default(), clock)
}

fn key(ui: &mut UiState, session: &mut Session, code: KeyCode) {
    ui.handle_key(KeyEvent::new(code, KeyModifiers::NONE), session);
}

#[derive(Clone, Copy)]
enum Tab {
    Requests,
    Breaches,
    Consent,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Requests, Tab::Breaches, Tab::Consent];

    fn name(self) -> &'static str {
        match self {
            Tab::Requests => "requests",
            Tab::Breaches => "breaches",
            Tab::Consent => "consent",
        }
    }

    fn key(self) -> char {
        match self {
            Tab::Requests => '1',
            Tab::Breaches => '2',
            Tab::Consent => '3',
        }
    }
}

/// Everything the app has after its first frame on `tab`.
struct App {
    session: Session,
    ui: UiState,
    terminal: Terminal<TestBackend>,
}

fn start(board: &Board, tab: Tab) -> App {
    let mut session = open(&board.path);
    let mut ui = UiState::new(&mut session, Theme::default());
    key(&mut ui, &mut session, KeyCode::Char(tab.key()));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    terminal
        .draw(|f| draw::draw(f, &mut ui, &session))
        .expect("draw");
    App {
        session,
        ui,
        terminal,
    }
}

impl App {
    fn redraw(&mut self) {
        let (ui, session) = (&mut self.ui, &self.session);
        self.terminal
            .draw(|f| draw::draw(f, ui, session))
            .expect("draw");
    }

    /// Back to the first row (outside the timing) once Down can go no further.
    fn rewind_at_end(&mut self, tab: Tab) {
        let at_end = match tab {
            Tab::Requests | Tab::Breaches => {
                let pane = self.ui.pane();
                pane.visible_ids().last() == pane.selected_id().as_ref()
            }
            Tab::Consent => {
                let pane = consent(&self.ui);
                pane.cursor + 1 >= pane.total
            }
        };
        if at_end {
            key(&mut self.ui, &mut self.session, KeyCode::Home);
            self.redraw();
        }
    }
}

fn consent(ui: &UiState) -> &avgdesk::ui::panes::consent::ConsentPane {
    ui.panes
        .iter()
        .find_map(|p| p.as_any().downcast_ref())
        .expect("the consent pane")
}

/// The consent grid is read when its tab is first shown: check (outside the timing) that the
/// first frame on that tab really shows a full grid of pupils, not an empty one.
fn assert_grid_shown(app: &App) {
    let pane = consent(&app.ui);
    assert!(pane.loaded, "the consent grid was not read");
    assert!(pane.total > 0 && pane.height > 0, "an empty consent grid");
    assert!(
        pane.rows.len() >= pane.height,
        "{} rows read for a grid of {}",
        pane.rows.len(),
        pane.height
    );
    let screen: String = app
        .terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    for row in [&pane.rows[0], &pane.rows[pane.height - 1]] {
        assert!(
            screen.contains(&row.pupil.last_name),
            "{} is not on the first consent screen",
            row.pupil.last_name
        );
    }
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    for board in boards() {
        assert_grid_shown(&start(board, Tab::Consent));
        for tab in Tab::ALL {
            group.bench_function(BenchmarkId::new(tab.name(), board.pupils), |b| {
                b.iter_with_large_drop(|| start(board, tab))
            });
        }
    }
    group.finish();
}

fn key_down(c: &mut Criterion) {
    let mut group = c.benchmark_group("key_down");
    for board in boards() {
        for tab in Tab::ALL {
            let mut app = start(board, tab);
            group.bench_function(BenchmarkId::new(tab.name(), board.pupils), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        app.rewind_at_end(tab);
                        let t = Instant::now();
                        key(&mut app.ui, &mut app.session, KeyCode::Down);
                        app.redraw();
                        total += t.elapsed();
                    }
                    total
                })
            });
        }
    }
    group.finish();
}

fn filter_key(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_key");
    for board in boards() {
        let mut app = start(board, Tab::Consent);
        group.bench_function(BenchmarkId::new("consent", board.pupils), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // A new search (outside the timing): Esc clears the last one, / opens it.
                    key(&mut app.ui, &mut app.session, KeyCode::Esc);
                    key(&mut app.ui, &mut app.session, KeyCode::Char('/'));
                    app.redraw();
                    let t = Instant::now();
                    key(&mut app.ui, &mut app.session, KeyCode::Char('e'));
                    app.redraw();
                    total += t.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

fn request_list_json(c: &mut Criterion) {
    let mut group = c.benchmark_group("request_list_json");
    for board in boards() {
        let session = open(&board.path);
        group.bench_function(BenchmarkId::from_parameter(board.pupils), |b| {
            b.iter(|| {
                let rows: Vec<RequestView> = session
                    .queue(false)
                    .expect("queue")
                    .iter()
                    .map(|row| RequestView::new(&row.request, &row.timing, session.config.timezone))
                    .collect();
                black_box(serde_json::to_string_pretty(&rows).expect("json"))
            })
        });
    }
    group.finish();
}

fn consent_export_school(c: &mut Criterion) {
    let mut group = c.benchmark_group("consent_export_school");
    for board in boards() {
        let session = open(&board.path);
        let school = session.store.schools().expect("schools")[0].clone();
        let filter = PupilFilter {
            school: Some(school),
            ..PupilFilter::default()
        };
        group.bench_function(BenchmarkId::from_parameter(board.pupils), |b| {
            b.iter(|| {
                black_box(teacher_list(&session, &filter, &[], ListFormat::Text).expect("list"))
            })
        });
    }
    group.finish();
}

/// A `Vec<u8>` the bench can read while the backend owns the writer.
#[derive(Clone, Default)]
struct Bytes(Rc<RefCell<Vec<u8>>>);

impl Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Bytes {
    /// The bytes written since the last call.
    fn take(&self) -> usize {
        std::mem::take(&mut *self.0.borrow_mut()).len()
    }
}

/// The real crossterm backend writing into memory, with the size fixed at 120x40 (there is no
/// terminal to ask) and the cursor at the origin.
struct Recorder(CrosstermBackend<Bytes>);

impl Backend for Recorder {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.0.draw(content)
    }
    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.0.hide_cursor()
    }
    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.0.show_cursor()
    }
    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> std::io::Result<()> {
        self.0.set_cursor_position(position)
    }
    fn clear(&mut self) -> std::io::Result<()> {
        self.0.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> std::io::Result<()> {
        self.0.clear_region(clear_type)
    }
    fn size(&self) -> std::io::Result<Size> {
        Ok(Size::new(WIDTH, HEIGHT))
    }
    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: Size::new(WIDTH, HEIGHT),
            pixels: Size::new(0, 0),
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Backend::flush(&mut self.0)
    }
}

/// Bytes for one Down in the request queue vs. a full redraw, at 120x40. Not timings.
fn terminal_bytes(_: &mut Criterion) {
    for board in boards() {
        let mut session = open(&board.path);
        let mut ui = UiState::new(&mut session, Theme::default());
        let bytes = Bytes::default();
        let mut terminal = Terminal::new(Recorder(CrosstermBackend::new(bytes.clone()))).unwrap();
        terminal.draw(|f| draw::draw(f, &mut ui, &session)).unwrap();
        let first = bytes.take();
        key(&mut ui, &mut session, KeyCode::Down);
        terminal.draw(|f| draw::draw(f, &mut ui, &session)).unwrap();
        let down = bytes.take();
        terminal.clear().unwrap();
        terminal.draw(|f| draw::draw(f, &mut ui, &session)).unwrap();
        let full = bytes.take();
        println!(
            "terminal_bytes/{}: first frame {first} B, one Down {down} B, full redraw (clear + draw) {full} B, ratio {:.3}",
            board.pupils,
            down as f64 / full as f64
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = terminal_bytes, first_frame, key_down, filter_key, request_list_json, consent_export_school
}
criterion_main!(benches);

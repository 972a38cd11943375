//! The inbox with 5,000 messages (issue 11 §2): a Maildir made here, each message a few
//! kilobytes of Dutch text, one in ten with a 300 kB attachment (so larger than what a row
//! reads). The inbox reads only the folders to list and count, and only the rows on screen.
//!
//! - `inbox_open/5000`: build the app's state (the requests pane reads the mailbox for the
//!   status bar count), press `m` and draw the first 120x40 frame of the inbox: every row on
//!   screen read (header and start of the body), nothing else;
//! - `inbox_key/5000`: one Down and the redraw, with the mailbox unchanged (one look at the
//!   folders' times);
//! - `inbox_rescan/5000`: one new message delivered and the next key: the folders listed again.
//!
//! Run: `cargo bench --bench inbox`. Figures in BENCHMARKS.md.

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::{Config, MailSource};
use avgdesk::store::Store;
use avgdesk::ui::theme::Theme;
use avgdesk::ui::{draw, UiState};
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-23T10:00:00+01:00";
const MESSAGES: usize = 5_000;
/// Monday 2 November 2026, 08:00 UTC: the first delivery; one every 5 minutes after it.
const FIRST: i64 = 1_793_606_400;

fn message(i: usize) -> String {
    let body = "Beste privacyfunctionaris,\r\n\r\nIk wil graag inzage in het dossier van mijn \
                zoon. Wilt u mij een kopie sturen van alle gegevens die de school over hem \
                bewaart, ook de toetsresultaten en de notities van de mentor?\r\n\r\n"
        .repeat(8);
    let mut text = format!(
        "Received: from mail.example.nl by mx.school.example; Mon, 02 Nov 2026 09:00:00 +0100\r\n\
         From: Ouder {i} <ouder{i}@example.nl>\r\nTo: privacy@school.example\r\n\
         Subject: Inzageverzoek {i}\r\nDate: Mon, 02 Nov 2026 08:59:00 +0100\r\n\
         Message-ID: <bench-{i}@example.nl>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    );
    if i.is_multiple_of(10) {
        text.push_str(
            "--b\r\nContent-Type: application/pdf; name=\"bijlage.pdf\"\r\n\
             Content-Disposition: attachment; filename=\"bijlage.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n",
        );
        let line = format!("{}\r\n", "QUJD".repeat(19));
        text.push_str(&line.repeat(300_000 / 76));
    }
    text.push_str("--b--\r\n");
    text
}

fn maildir(dir: &Path) -> PathBuf {
    let root = dir.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).expect("maildir");
    }
    for i in 0..MESSAGES {
        let at = FIRST + 300 * i as i64;
        let (sub, flags) = if i.is_multiple_of(3) {
            ("new", "")
        } else {
            ("cur", ":2,S")
        };
        std::fs::write(
            root.join(sub).join(format!("{at}.M{i}P1.mx{flags}")),
            message(i),
        )
        .expect("message");
    }
    root
}

fn session(dir: &Path, root: &Path) -> Session {
    let store = Store::open(&dir.join("bench.db"), "bench").expect("open");
    let config = Config {
        inbox: Some(MailSource::Maildir(root.to_path_buf())),
        ..Config::default()
    };
    Session::new(store, config, Clock::parse(NOW).expect("clock"))
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn frame(ui: &mut UiState, session: &Session) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| draw::draw(f, ui, session)).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..40)
        .map(|y| {
            (0..120)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = maildir(dir.path());
    let mut session = session(dir.path(), &root);

    // Once, outside the timing: the newest message is on top and the count is whole.
    let mut ui = UiState::new(&mut session, Theme::default());
    ui.handle_key(key(KeyCode::Char('m')), &mut session);
    let screen = frame(&mut ui, &session);
    assert!(screen.contains("Inzageverzoek 4999"), "{screen}");
    assert!(screen.contains(&format!("postvak {MESSAGES}")), "{screen}");

    c.bench_function("inbox_open/5000", |b| {
        b.iter(|| {
            let mut ui = UiState::new(&mut session, Theme::default());
            ui.handle_key(key(KeyCode::Char('m')), &mut session);
            black_box(frame(&mut ui, &session));
        })
    });

    let mut ui = UiState::new(&mut session, Theme::default());
    ui.handle_key(key(KeyCode::Char('m')), &mut session);
    frame(&mut ui, &session);
    c.bench_function("inbox_key/5000", |b| {
        let mut down = true;
        b.iter(|| {
            let k = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            ui.handle_key(key(k), &mut session);
            black_box(frame(&mut ui, &session));
        })
    });

    let mut n = MESSAGES;
    c.bench_function("inbox_rescan/5000", |b| {
        b.iter(|| {
            n += 1;
            let at = FIRST + 300 * n as i64;
            std::fs::write(root.join("new").join(format!("{at}.M{n}P1.mx")), message(n))
                .expect("deliver");
            ui.handle_key(key(KeyCode::Down), &mut session);
            black_box(frame(&mut ui, &session));
        })
    });
}

criterion_group! {
    name = inbox;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(inbox);

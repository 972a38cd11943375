//! The inbox of the requests tab (issue 11 §2–4), through the same key handling and drawing
//! the terminal uses: a Maildir made here, listed newest first by delivery time; Enter and
//! Ctrl-S log a message (three keys with `m`), the acknowledgement is offered next; `x` sets a
//! message aside with a reason and puts it back; new mail shows on the next key; the mailbox
//! is never changed.

mod common;

use avgdesk::config::MailSource;
use avgdesk::i18n::Lang;
use avgdesk::store::RequestFilter;
use avgdesk::ui::dialogs::Dialog;
use avgdesk::ui::keys::Context;
use common::tui::{self, Tui, SIZES};
use crossterm::event::KeyCode;
use std::fs;
use std::path::{Path, PathBuf};

/// Unix time of Friday 20 November 2026, 09:00 in Amsterdam (08:00 UTC).
const FRI_0900: i64 = 1_795_161_600;
const HOUR: i64 = 3600;

fn message(from: &str, subject: &str, date: &str, id: &str, body: &str) -> String {
    format!(
        "Received: from mail.example.nl by mx.school.example; {date}\r\n\
         From: {from}\r\nTo: privacy@school.example\r\nSubject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{id}@example.nl>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

struct Mailbox {
    root: PathBuf,
}

impl Mailbox {
    fn new(dir: &Path) -> Mailbox {
        let root = dir.join("Maildir");
        for sub in ["new", "cur", "tmp"] {
            fs::create_dir_all(root.join(sub)).unwrap();
        }
        Mailbox { root }
    }

    /// Delivers `raw` as the Maildir would at unix time `at` (`cur` with flags: read).
    fn deliver(&self, at: i64, seq: u32, read: bool, raw: &str) -> String {
        let unique = format!("{at}.M{seq}P100.mx");
        let path = if read {
            self.root.join("cur").join(format!("{unique}:2,S"))
        } else {
            self.root.join("new").join(&unique)
        };
        fs::write(path, raw).unwrap();
        unique
    }

    /// Every file with its bytes, to show nothing was changed, moved or deleted.
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for sub in ["new", "cur", "tmp"] {
            for e in fs::read_dir(self.root.join(sub)).unwrap() {
                let p = e.unwrap().path();
                let bytes = fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
        out.sort();
        out
    }
}

/// A database and a Maildir with three messages: an access request (read, Friday 09:00), an
/// erasure request (Saturday 11:00) and a newsletter (Sunday 08:00).
fn three(lang: Lang) -> (Tui, Mailbox) {
    let (dir, mut session) = tui::session(lang);
    let mailbox = Mailbox::new(dir.path());
    session.config.inbox = Some(MailSource::Maildir(mailbox.root.clone()));
    mailbox.deliver(
        FRI_0900,
        1,
        true,
        &message(
            "Sanne de Vries <sanne@example.nl>",
            "Verzoek om inzage",
            "Fri, 20 Nov 2026 08:59:00 +0100",
            "a1",
            "Graag ontvang ik een kopie van het dossier van mijn zoon.",
        ),
    );
    mailbox.deliver(
        FRI_0900 + 26 * HOUR,
        2,
        false,
        &message(
            "=?iso-8859-1?Q?Ren=E9e_Bakker?= <renee@example.nl>",
            "Foto's verwijderen",
            "Sat, 21 Nov 2026 10:59:00 +0100",
            "b2",
            "Wilt u de foto's van mijn dochter van de website verwijderen?",
        ),
    );
    mailbox.deliver(
        FRI_0900 + 47 * HOUR,
        3,
        false,
        &message(
            "Nieuwsbrief <news@example.com>",
            "Nieuws van de week",
            "Sun, 22 Nov 2026 07:59:00 +0100",
            "c3",
            "Lees ons nieuws.",
        ),
    );
    (Tui::from_session(dir, session, |_| {}), mailbox)
}

fn row_of(screen: &str, needle: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
}

/// The screen without its last three lines (message, status bar, hints).
fn list(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len().saturating_sub(3)].join("\n")
}

fn status(screen: &str) -> &str {
    screen.lines().rev().nth(1).unwrap_or("")
}

#[test]
fn the_inbox_lists_the_messages_newest_first_and_the_status_bar_counts_them() {
    let (mut t, _mailbox) = three(Lang::Nl);
    let screen = t.screen(100, 30);
    assert!(status(&screen).contains("postvak 3"), "{screen}");
    t.keys(&[KeyCode::Char('m')]);
    assert_eq!(t.context(), Context::Inbox);
    let screen = t.screen(100, 30);
    let news = row_of(&screen, "Nieuws van de week");
    let renee = row_of(&screen, "Renée Bakker");
    let sanne = row_of(&screen, "Sanne de Vries");
    assert!(news < renee && renee < sanne, "{screen}");
    // Arrival as the form takes it: the Received: header (10:59), not the Maildir name's
    // delivery a minute later; in the board's zone; the suggested kind in words.
    assert!(
        screen.lines().nth(renee).unwrap().contains("21-11 10:59"),
        "{screen}"
    );
    assert!(
        screen.lines().nth(renee).unwrap().contains("wissen"),
        "{screen}"
    );
    assert!(
        screen.lines().nth(sanne).unwrap().contains("inzage"),
        "{screen}"
    );
    assert!(screen.contains("Postvak (3)"), "{screen}");
    // The subject says what a message is about: it comes before the sender and is whole at
    // 60 columns, where the sender is cut.
    let narrow = t.screen(60, 15);
    let row = narrow
        .lines()
        .find(|l| l.contains("Foto's verwijderen"))
        .unwrap_or_else(|| panic!("the subject is whole at 60 columns:\n{narrow}"));
    assert!(
        row.find("Foto's verwijderen") < row.find("Renée"),
        "subject before sender: {row}"
    );
    // m again (or Esc) goes back to the queue.
    t.keys(&[KeyCode::Char('m')]);
    assert_eq!(t.context(), Context::Queue);
}

#[test]
fn three_keys_from_inbox_to_logged_request_and_the_acknowledgement_is_offered() {
    let (mut t, mailbox) = three(Lang::Nl);
    let before = mailbox.files();
    t.keys(&[KeyCode::Char('m'), KeyCode::Down]);
    // On the erasure request (the second row): m, (moving), Enter, Ctrl-S.
    t.keys(&[KeyCode::Enter]);
    let screen = t.screen(100, 40);
    assert!(screen.contains("Verzoek uit e-mail"), "{screen}");
    assert!(screen.contains("Received:-kop"), "{screen}");
    t.ctrl('s');
    let all = t
        .session
        .store
        .requests(RequestFilter {
            include_closed: true,
        })
        .unwrap();
    assert_eq!(all.len(), 1);
    let r = &all[0];
    assert_eq!(r.kind.code(), "erasure");
    assert_eq!(r.received.to_string(), "2026-11-21");
    assert_eq!(r.requester.name, "Renée Bakker");
    assert_eq!(r.requester.contact, "renee@example.nl");
    assert_eq!(
        r.requester.role, None,
        "the role nobody chose stays unknown"
    );
    assert_eq!(r.channel.code(), "email");
    assert!(r.pupil.name.is_empty(), "no pupil guessed");
    // The subject is the summary; the mail's text is the first note.
    assert_eq!(r.summary, "Foto's verwijderen");
    assert!(r.notes[0].text.contains("van de website verwijderen"));
    // The acknowledgement is offered next: the letters of the new request, on it.
    match &t.ui.dialog {
        Some(Dialog::Letters(c)) => {
            assert_eq!(c.subject.id(), r.id);
            assert_eq!(c.choices[c.cursor].kind.code(), "acknowledgement");
        }
        _ => panic!("the letters chooser is open"),
    }
    let screen = t.screen(100, 40);
    assert!(screen.contains(&format!("Toegevoegd {}", r.id)), "{screen}");
    t.keys(&[KeyCode::Esc]);
    // Back in the inbox, which no longer lists the message.
    assert_eq!(t.context(), Context::Inbox);
    let screen = t.screen(100, 40);
    assert!(!list(&screen).contains("Renée Bakker"), "{screen}");
    assert!(screen.contains("Postvak (2)"), "{screen}");
    assert!(status(&screen).contains("postvak 2"), "{screen}");
    assert_eq!(mailbox.files(), before, "the mailbox is never changed");
}

#[test]
fn the_received_date_can_be_typed_over_and_a_failed_save_keeps_the_form() {
    let (mut t, _mailbox) = three(Lang::Nl);
    t.keys(&[KeyCode::Char('m'), KeyCode::Enter]);
    // Focus: kind; Tab to the received date and type another date over the suggestion.
    t.keys(&[KeyCode::Tab]);
    t.type_str("31-02-2026");
    t.ctrl('s');
    assert!(
        matches!(t.ui.dialog, Some(Dialog::Form(_))),
        "refused: the form stays"
    );
    t.keys(&[KeyCode::Tab]);
    t.key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    t.keys(&[KeyCode::BackTab]);
    t.key(crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    t.type_str("19-11-2026");
    t.ctrl('s');
    let r = t.session.request("V-2026-0001").unwrap();
    assert_eq!(r.received.to_string(), "2026-11-19");
    assert_eq!(r.requester.name, "Nieuwsbrief");
}

#[test]
fn a_message_is_set_aside_with_a_reason_listed_with_g_and_put_back_with_x() {
    let (mut t, mailbox) = three(Lang::Nl);
    let before = mailbox.files();
    t.keys(&[KeyCode::Char('m'), KeyCode::Char('x')]);
    let screen = t.screen(100, 30);
    assert!(screen.contains("Apart zetten"), "{screen}");
    assert!(
        screen.contains("Nieuws van de week"),
        "the question names the message"
    );
    // No reason: refused, the form stays open.
    t.ctrl('s');
    assert!(matches!(t.ui.dialog, Some(Dialog::Form(_))));
    let screen = t.screen(100, 30);
    assert!(screen.contains("geef kort aan waarom"), "{screen}");
    t.type_str("nieuwsbrief, geen verzoek");
    t.ctrl('s');
    assert!(!t.dialog_open());
    let screen = t.screen(100, 30);
    assert!(!list(&screen).contains("Nieuws van de week"), "{screen}");
    assert!(status(&screen).contains("postvak 2"), "{screen}");
    assert!(
        screen.contains("Apart gezet: 22-11 08:00 Nieuwsbrief — Nieuws van de week"),
        "{screen}"
    );
    // g lists what was set aside, with the reason and who did it.
    t.keys(&[KeyCode::Char('g')]);
    let screen = t.screen(140, 30);
    assert!(
        screen.contains("Apart gezet (geen verzoek) (1)"),
        "{screen}"
    );
    // Who and when come before the reason, so a long reason cannot hide them.
    let row = screen
        .lines()
        .find(|l| l.contains("nieuwsbrief, geen verzoek"))
        .unwrap_or_else(|| panic!("no set-aside row:\n{screen}"));
    let by = row.find("fg.tester").expect("who set it aside");
    let on = row.find("23-11").expect("when");
    let reason = row.find("nieuwsbrief, geen verzoek").unwrap();
    assert!(by < reason && on < reason, "{row}");
    // Recorded in the audit trail by the message's mailbox name, never its sender.
    let trail = t
        .session
        .store
        .audit_trail("intake", "1795330800.M3P100.mx")
        .unwrap();
    let fields: Vec<&str> = trail.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["set_aside", "key"]);
    // The message's key only as a digest (a key without Message-ID holds the sender).
    let key = trail[1].new_value.as_deref().unwrap();
    assert!(key.starts_with("sha256:") && key.len() == 7 + 64, "{key}");
    // Reversible: x puts it back.
    t.keys(&[KeyCode::Char('x')]);
    let screen = t.screen(140, 30);
    assert!(screen.contains("Terug in het postvak"), "{screen}");
    assert!(status(&screen).contains("postvak 3"), "{screen}");
    t.keys(&[KeyCode::Char('g')]);
    assert!(t.screen(140, 30).contains("Nieuws van de week"));
    let trail = t
        .session
        .store
        .audit_trail("intake", "1795330800.M3P100.mx")
        .unwrap();
    let fields: Vec<&str> = trail.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["set_aside", "key", "set_aside"]);
    assert_eq!(mailbox.files(), before);
}

#[test]
fn new_mail_shows_on_the_next_key_and_a_read_flag_changes_nothing() {
    let (mut t, mailbox) = three(Lang::Nl);
    t.keys(&[KeyCode::Char('m')]);
    assert!(t.screen(100, 30).contains("Postvak (3)"));
    mailbox.deliver(
        FRI_0900 + 70 * HOUR,
        4,
        false,
        &message(
            "Karin Smit <karin@example.nl>",
            "Bezwaar tegen foto's",
            "Mon, 23 Nov 2026 06:59:00 +0100",
            "d4",
            "Ik maak bezwaar.",
        ),
    );
    // The mail client reads a message: it moves from new/ to cur/ with a flag.
    let unread = mailbox
        .root
        .join("new")
        .join(format!("{}.M2P100.mx", FRI_0900 + 26 * HOUR));
    let read = mailbox
        .root
        .join("cur")
        .join(format!("{}.M2P100.mx:2,S", FRI_0900 + 26 * HOUR));
    fs::rename(unread, read).unwrap();
    t.keys(&[KeyCode::Down]);
    let screen = t.screen(100, 30);
    assert!(screen.contains("Postvak (4)"), "{screen}");
    assert!(screen.contains("Karin Smit"), "{screen}");
    assert_eq!(
        screen.matches("Renée Bakker").count(),
        1,
        "the read message is the same message: {screen}"
    );
    assert!(row_of(&screen, "Karin Smit") < row_of(&screen, "Nieuws van de week"));
}

#[test]
fn a_message_logged_from_the_command_line_leaves_the_inbox_with_its_id() {
    let (mut t, mailbox) = three(Lang::Nl);
    let raw = fs::read(
        mailbox
            .root
            .join("cur")
            .join(format!("{FRI_0900}.M1P100.mx:2,S")),
    )
    .unwrap();
    let proposal = avgdesk::intake::propose(&raw, t.session.config.timezone).unwrap();
    let r = avgdesk::intake::log(&mut t.session, &proposal).unwrap();
    t.ui.reload(&mut t.session);
    t.keys(&[KeyCode::Char('m')]);
    let screen = t.screen(100, 30);
    let row = screen
        .lines()
        .nth(row_of(&screen, "Sanne de Vries"))
        .unwrap();
    assert!(row.contains(&format!("= {}", r.id)), "{screen}");
    // Seen to be logged: it leaves the inbox on the next key, counted no more.
    t.keys(&[KeyCode::Down]);
    let screen = t.screen(100, 30);
    assert!(
        !list(&screen).contains("Sanne de Vries"),
        "it left the inbox: {screen}"
    );
    assert!(status(&screen).contains("postvak 2"), "{screen}");
    assert!(screen.contains("Postvak (2)"), "{screen}");
    // A second copy of the same message (delivered twice) goes the same way.
    mailbox.deliver(
        FRI_0900 + 80 * HOUR,
        9,
        false,
        std::str::from_utf8(&raw).unwrap(),
    );
    t.keys(&[KeyCode::Home]);
    let screen = t.screen(100, 30);
    assert!(screen.contains(&format!("= {}", r.id)), "{screen}");
    t.keys(&[KeyCode::Enter]);
    assert!(!t.dialog_open(), "not logged twice");
    let screen = t.screen(100, 30);
    assert!(
        screen.contains(&format!("al vastgelegd als {}", r.id)),
        "{screen}"
    );
    assert!(!list(&screen).contains("Sanne de Vries"), "{screen}");
    assert!(status(&screen).contains("postvak 2"), "{screen}");
}

#[test]
fn an_unreadable_message_is_listed_and_can_be_set_aside() {
    let (mut t, mailbox) = three(Lang::Nl);
    mailbox.deliver(FRI_0900 + 72 * HOUR, 5, false, "\u{0}\u{1} geen mail");
    t.keys(&[KeyCode::Char('m'), KeyCode::Home]);
    let screen = t.screen(120, 30);
    let row = screen.lines().nth(row_of(&screen, "(onleesbaar)")).unwrap();
    assert!(
        row.contains("geen leesbaar e-mailbericht") || row.contains("geen afzender"),
        "{screen}"
    );
    t.keys(&[KeyCode::Enter]);
    assert!(!t.dialog_open());
    t.keys(&[KeyCode::Char('x')]);
    t.type_str("kapot bericht");
    t.ctrl('s');
    assert!(status(&t.screen(120, 30)).contains("postvak 3"));
}

#[test]
fn every_size_shows_the_inbox_its_form_and_the_count() {
    for (w, h) in SIZES {
        let (mut t, _mailbox) = three(Lang::Nl);
        t.keys(&[KeyCode::Char('m')]);
        let screen = t.screen(w, h);
        assert!(status(&screen).contains("postvak 3"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("Postvak (3)"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("Nieuws"), "{w}x{h}:\n{screen}");
        // The header line is whole, or cut with a visible ellipsis.
        let header = screen.lines().nth(1).unwrap_or("");
        assert!(
            header.ends_with("terug naar de verzoeken") || header.ends_with('…'),
            "{w}x{h}: {header:?}"
        );
        t.keys(&[KeyCode::Enter]);
        let screen = t.screen(w, h);
        assert!(screen.contains("Verzoek uit e-mail"), "{w}x{h}:\n{screen}");
        t.ctrl('s');
        assert!(t.session.request("V-2026-0001").is_ok(), "{w}x{h}");
        let screen = t.screen(w, h);
        assert!(status(&screen).contains("postvak 2"), "{w}x{h}:\n{screen}");
    }
}

#[test]
fn english_and_without_an_inbox() {
    let (mut t, _mailbox) = three(Lang::En);
    t.keys(&[KeyCode::Char('m')]);
    let screen = t.screen(100, 30);
    assert!(screen.contains("Inbox (3)"), "{screen}");
    assert!(status(&screen).contains("inbox 3"), "{screen}");
    assert!(screen.contains("erasure"), "{screen}");

    let mut plain = Tui::new(Lang::Nl);
    let screen = plain.screen(100, 30);
    assert!(
        !screen.contains("postvak"),
        "no count without a mailbox: {screen}"
    );
    plain.keys(&[KeyCode::Char('m')]);
    let screen = plain.screen(100, 30);
    assert!(screen.contains("Geen postvak ingesteld"), "{screen}");
    assert!(screen.contains("[intake] maildir"), "{screen}");
}

#[test]
fn a_missing_mailbox_folder_is_said_not_fatal() {
    let (dir, mut session) = tui::session(Lang::Nl);
    session.config.inbox = Some(MailSource::Folder(dir.path().join("weg")));
    let mut t = Tui::from_session(dir, session, |_| {});
    t.keys(&[KeyCode::Char('m')]);
    let screen = t.screen(100, 30);
    assert!(
        screen.contains("weg is not a folder") || screen.contains("weg"),
        "{screen}"
    );
    assert!(
        status(&screen).contains("postvak ?"),
        "not an empty inbox: {screen}"
    );
}

#[test]
fn logging_from_the_inbox_keeps_no_attachment_and_lists_it_with_the_id_warning() {
    let (mut t, mailbox) = three(Lang::Nl);
    let marker = "MARKER-INBOX-PASPOORT-5521";
    let mut jpeg = marker.as_bytes().to_vec();
    jpeg.resize(50_000, b'J');
    jpeg.extend_from_slice(marker.as_bytes());
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&jpeg);
    let raw = format!(
        "Received: from mail.example.nl by mx.school.example; Sun, 22 Nov 2026 20:00:00 +0100\r\n\
         From: Karin Smit <karin@example.nl>\r\nSubject: Gegevens wissen\r\n\
         Date: Sun, 22 Nov 2026 19:59:00 +0100\r\nMessage-ID: <pas@example.nl>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
         --m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWis alles. Mijn paspoort zit erbij.\r\n\
         --m\r\nContent-Type: image/jpeg; name=\"paspoort.jpg\"\r\n\
         Content-Disposition: attachment; filename=\"paspoort.jpg\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--m--\r\n"
    );
    mailbox.deliver(FRI_0900 + 60 * HOUR, 7, false, &raw);
    t.keys(&[KeyCode::Char('m'), KeyCode::Home]);
    let screen = t.screen(120, 30);
    let row = screen.lines().nth(row_of(&screen, "Karin Smit")).unwrap();
    assert!(row.contains("ID!"), "{screen}");
    t.keys(&[KeyCode::Enter]);
    let screen = t.screen(120, 40);
    assert!(screen.contains("lijkt een identiteitsbewijs"), "{screen}");
    assert!(
        screen.contains("paspoort.jpg (image/jpeg, 51 kB)"),
        "{screen}"
    );
    t.ctrl('s');
    let r = t.session.request("V-2026-0001").unwrap();
    assert_eq!(r.notes.len(), 1);
    assert!(
        r.notes[0].text.contains("paspoort.jpg image/jpeg 51 kB"),
        "{}",
        r.notes[0].text
    );
    let mut stored = fs::read(t.dir().join("t.db")).unwrap();
    if let Ok(wal) = fs::read(t.dir().join("t.db-wal")) {
        stored.extend(wal);
    }
    assert!(
        stored.windows(10).any(|w| w == b"Wis alles."),
        "the text is stored"
    );
    assert!(!stored.windows(marker.len()).any(|w| w == marker.as_bytes()));
    assert!(!stored.windows(60).any(|w| w == &b64.as_bytes()[..60]));
}

#[test]
fn an_empty_inbox_hints_no_action_on_a_message() {
    let (dir, mut session) = tui::session(Lang::Nl);
    let mailbox = Mailbox::new(dir.path());
    session.config.inbox = Some(MailSource::Maildir(mailbox.root.clone()));
    let mut t = Tui::from_session(dir, session, |_| {});
    t.keys(&[KeyCode::Char('m')]);
    assert_eq!(t.context(), Context::Inbox);
    let screen = t.screen(100, 30);
    let hints = screen.lines().last().unwrap_or("");
    assert!(!hints.contains("vastleggen"), "{hints}");
    assert!(!hints.contains("apart zetten"), "{hints}");
    assert!(hints.contains("m/Esc"), "the way back stays: {hints}");
}

#[test]
fn a_message_logged_from_a_saved_copy_while_the_inbox_is_open_leaves_it_on_enter() {
    let (mut t, mailbox) = three(Lang::Nl);
    // The officer looks at the inbox: the rows are read.
    t.keys(&[KeyCode::Char('m')]);
    let screen = t.screen(100, 30);
    assert!(screen.contains("Sanne de Vries"), "{screen}");
    // Meanwhile a saved copy of Sanne's message (same Message-ID) is logged from the command
    // line.
    let raw = fs::read(
        mailbox
            .root
            .join("cur")
            .join(format!("{FRI_0900}.M1P100.mx:2,S")),
    )
    .unwrap();
    let proposal = avgdesk::intake::propose(&raw, t.session.config.timezone).unwrap();
    let r = avgdesk::intake::log(&mut t.session, &proposal).unwrap();
    // Enter on it: no form whose save would be refused; it says as what it was logged.
    t.keys(&[KeyCode::End]);
    t.keys(&[KeyCode::Enter]);
    assert!(!t.dialog_open(), "no form for a logged message");
    let screen = t.screen(100, 30);
    assert!(
        screen.contains(&format!("al vastgelegd als {}", r.id)),
        "{screen}"
    );
    assert!(!list(&screen).contains("Sanne de Vries"), "{screen}");
}

#[test]
fn the_inbox_never_shows_an_arrival_still_to_come() {
    let (dir, mut session) = tui::session(Lang::Nl);
    let mailbox = Mailbox::new(dir.path());
    session.config.inbox = Some(MailSource::Maildir(mailbox.root.clone()));
    // A file name claiming delivery next week, a message without Received: or Date: headers.
    let raw = "From: Karin Smit <karin@example.nl>\r\nSubject: Inzage\r\n\
               Message-ID: <f1@example.nl>\r\n\r\nGraag inzage.\r\n";
    mailbox.deliver(FRI_0900 + 10 * 24 * HOUR, 5, false, raw);
    let mut t = Tui::from_session(dir, session, |_| {});
    t.keys(&[KeyCode::Char('m')]);
    let screen = t.screen(100, 30);
    let row = screen
        .lines()
        .find(|l| l.contains("Karin Smit"))
        .unwrap_or_else(|| panic!("{screen}"));
    // Today is Monday 23 November, 10:00: the arrival shows as today, never as a later day.
    assert!(row.starts_with("10:00"), "{row}");
}

//! The Datalekken tab rendered into an off-screen terminal with a fixed clock and size, compared
//! as snapshots: the register with breaches in every state, one breach's record, and the running
//! log during a call. Keys go through the same `UiState::handle_key` the real terminal uses.

mod common;

use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::domain::breach::{Category, Group, Nature, Range, Risk, SubjectsDecision};
use avgdesk::domain::dates::parse_datetime;
use avgdesk::i18n::Lang;
use avgdesk::ui::keys::Context;
use chrono::{DateTime, Utc};
use common::tui::{session, Tui};
use crossterm::event::KeyCode;

type Fixture = Tui;

/// Board time, as an officer types it.
fn at(local: &str) -> DateTime<Utc> {
    parse_datetime(local, chrono_tz::Europe::Amsterdam)
        .unwrap()
        .at
}

/// Writes one log line as if typed at `local`.
fn log_at(s: &mut Session, id: &str, local: &str, text: &str) {
    let now = s.clock;
    s.clock = Clock::Fixed(at(local));
    s.log_breach(id, text).unwrap();
    s.clock = now;
}

/// A register with a breach in every state, at 10:00 on Monday 23 November 2026:
/// - D-0001 overdue (aware Friday 09:00), no decision yet;
/// - D-0002 assessed high risk, 58 hours left;
/// - D-0003 open, under 12 hours left;
/// - D-0004 completed and notified to the AP, with its log and a follow-up;
/// - D-0005 not notified, with the reasoning;
/// - D-0006 closed (shown only with the closed ones).
fn register(lang: Lang) -> Fixture {
    let (dir, mut s) = session(lang);
    let overdue = s
        .start_breach(
            "Mail met cijferlijst naar verkeerde ouders",
            Some(at("2026-11-20 09:00")),
        )
        .unwrap();
    log_at(
        &mut s,
        &overdue.id,
        "2026-11-20 09:05",
        "Mentor meldt: lijst groep 8 aan alle ouders gemaild",
    );

    let assessed = s
        .start_breach(
            "Phishing: wachtwoord administratie buitgemaakt",
            Some(at("2026-11-22 20:30")),
        )
        .unwrap();
    s.assess_breach(&assessed.id, Risk::High, "Toegang tot BSN en zorgdossiers")
        .unwrap();

    s.start_breach("USB-stick met toetsen kwijt", Some(at("2026-11-20 19:00")))
        .unwrap();

    let notified = s
        .start_breach(
            "Laptop met leerlingrapporten gestolen",
            Some(at("2026-11-19 16:20")),
        )
        .unwrap();
    log_at(
        &mut s,
        &notified.id,
        "2026-11-19 16:21",
        "Docent belt: laptop uit auto gestolen bij het station",
    );
    log_at(
        &mut s,
        &notified.id,
        "2026-11-19 16:23",
        "Rapporten groep 7 en 8 stonden lokaal, geen versleuteling",
    );
    log_at(
        &mut s,
        &notified.id,
        "2026-11-19 16:25",
        "Aangifte wordt vanavond gedaan",
    );
    let before = s.breach(&notified.id).unwrap();
    let mut after = before.clone();
    after.occurred_at = Some(at("2026-11-19 12:00"));
    after.discovered_at = Some(at("2026-11-19 15:45"));
    after.ongoing = Some(false);
    after.description = "Laptop uit de auto van een docent gestolen".into();
    after.cause = "Laptop onbeheerd in de auto".into();
    after.nature = vec![Nature::Confidentiality, Nature::Theft];
    after.categories = vec![Category::NameAddress, Category::Bsn, Category::Health];
    after.records = Range::parse("100-150").unwrap();
    after.people = Range::parse("?-120").unwrap();
    after.groups = vec![Group::Pupils, Group::Parents];
    after.protection = "Alleen een Windows-wachtwoord".into();
    after.consequences = "Identiteitsfraude mogelijk".into();
    after.severity = "hoog".into();
    after.measures_taken = "Account geblokkeerd, wachtwoorden gewijzigd".into();
    after.measures_planned = "Schijfversleuteling op alle laptops".into();
    s.save_breach_edit(&before, &after).unwrap();
    s.assess_breach(
        &notified.id,
        Risk::High,
        "BSN en gezondheidsgegevens, onversleuteld",
    )
    .unwrap();
    s.notify_ap(&notified.id, at("2026-11-20 10:15"), "AP-2026-4711", "")
        .unwrap();
    s.breach_subjects(
        &notified.id,
        SubjectsDecision::Informed,
        "",
        "",
        Some(at("2026-11-20 14:00")),
    )
    .unwrap();

    let withheld = s
        .start_breach(
            "Brief naar oud adres gestuurd",
            Some(at("2026-11-16 11:00")),
        )
        .unwrap();
    s.assess_breach(
        &withheld.id,
        Risk::None,
        "Alleen naam en klas, brief ongeopend retour",
    )
    .unwrap();
    s.no_notify(&withheld.id, "Geen risico voor de betrokkene")
        .unwrap();

    let closed = s
        .start_breach(
            "Presentielijst in de trein laten liggen",
            Some(at("2026-11-02 08:30")),
        )
        .unwrap();
    s.assess_breach(
        &closed.id,
        Risk::None,
        "Alleen namen, lijst dezelfde dag teruggevonden",
    )
    .unwrap();
    s.no_notify(&closed.id, "Lijst teruggevonden, niet ingezien")
        .unwrap();
    s.close_breach(&closed.id).unwrap();

    Tui::from_session(dir, s, |_| {})
}

fn empty(lang: Lang) -> Fixture {
    Tui::new(lang)
}

/// Opens the breach `id` from the register with the arrow keys and Enter.
fn open(f: &mut Fixture, id: &str) {
    let pos = f
        .visible_ids()
        .iter()
        .position(|r| r == id)
        .unwrap_or_else(|| panic!("{id} not in the register"));
    f.keys(&[KeyCode::Home]);
    for _ in 0..pos {
        f.keys(&[KeyCode::Down]);
    }
    f.keys(&[KeyCode::Enter]);
    assert_eq!(f.selected_id().as_deref(), Some(id));
    assert_eq!(f.context(), Context::BreachDetail);
}

// ---------------------------------------------------------------------------------------------
// The register

#[test]
fn register_orders_by_the_clock_then_newest_first() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    assert_eq!(f.tab(), "Datalekken");
    // Awaiting the AP decision, least time left first; then the decided ones, newest first.
    assert_eq!(
        f.visible_ids(),
        [
            "D-2026-0001",
            "D-2026-0003",
            "D-2026-0002",
            "D-2026-0004",
            "D-2026-0005"
        ]
    );
    f.keys(&[KeyCode::Char('g')]);
    assert_eq!(
        f.visible_ids(),
        [
            "D-2026-0001",
            "D-2026-0003",
            "D-2026-0002",
            "D-2026-0004",
            "D-2026-0005",
            "D-2026-0006"
        ]
    );
}

#[test]
fn register_80x24() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    let screen = f.screen(80, 24);
    assert!(screen.contains("te laat 1u00m"), "{screen}");
    assert!(!screen.contains("D-2026-0006"), "closed hidden:\n{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn register_120x40() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    let screen = f.screen(120, 40);
    for id in [
        "D-2026-0001",
        "D-2026-0002",
        "D-2026-0003",
        "D-2026-0004",
        "D-2026-0005",
    ] {
        assert!(screen.contains(id), "{id}:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn register_with_closed_120x40() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2'), KeyCode::Char('g')]);
    let screen = f.screen(120, 40);
    assert!(screen.contains("D-2026-0006"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn register_in_english_120x40() {
    let mut f = register(Lang::En);
    f.keys(&[KeyCode::Char('2')]);
    let screen = f.screen(120, 40);
    assert!(screen.contains("overdue by 1h00m"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn empty_register_80x24() {
    let mut f = empty(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    insta::assert_snapshot!(f.screen(80, 24));
}

#[test]
fn pending_countdowns_show_on_every_tab() {
    let mut f = register(Lang::Nl);
    for tab in ['1', '2', '3'] {
        f.keys(&[KeyCode::Char(tab)]);
        let screen = f.screen(120, 40);
        let status = screen.lines().nth(38).unwrap();
        assert!(
            status.contains("AP D-2026-0001 te laat 1u00m"),
            "tab {tab}: {status}"
        );
        assert!(
            status.contains("AP D-2026-0003 9u00m"),
            "tab {tab}: {status}"
        );
        // Every breach awaiting the decision has its clock.
        assert!(status.contains("AP D-2026-0002"), "tab {tab}: {status}");
        assert!(!status.contains("D-2026-0004"), "decided: {status}");
    }
}

#[test]
fn the_countdown_reads_overdue_only_after_the_deadlines_second() {
    for (aware, status, late) in [
        // Due a second ago: overdue for 0 minutes.
        ("2026-11-20 09:59:59", "AP D-2026-0001 te laat 0u00m", true),
        // Due at 10:00:00, now: "not later than 72 hours" still holds at that second.
        ("2026-11-20 10:00", "AP D-2026-0001 0u00m", false),
        // Due in a second: a part of a minute left reads as a minute.
        ("2026-11-20 10:00:01", "AP D-2026-0001 0u01m", false),
        // Due at 10:00:30: half a minute left still reads as a minute.
        ("2026-11-20 10:00:30", "AP D-2026-0001 0u01m", false),
    ] {
        let mut f = Tui::with(Lang::Nl, |s| {
            s.start_breach("Lek", Some(at(aware))).unwrap();
        });
        f.keys(&[KeyCode::Char('2')]);
        let screen = f.screen(120, 40);
        let bar = screen.lines().nth(38).unwrap();
        assert!(bar.contains(status), "{aware}: {bar}");
        assert_eq!(bar.contains("te laat 0u"), late, "{aware}: {bar}");
    }
}

// ---------------------------------------------------------------------------------------------
// One breach's record

#[test]
fn detail_80x24() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    open(&mut f, "D-2026-0004");
    insta::assert_snapshot!(f.screen(80, 24));
}

#[test]
fn detail_120x40() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    open(&mut f, "D-2026-0004");
    insta::assert_snapshot!(f.screen(120, 40));
}

#[test]
fn detail_scrolled_to_the_log_80x24() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    open(&mut f, "D-2026-0004");
    let top = f.screen(80, 24);
    assert!(
        !top.contains("Logboek"),
        "the log is below the fold:\n{top}"
    );
    for _ in 0..3 {
        f.keys(&[KeyCode::PageDown]);
    }
    let screen = f.screen(80, 24);
    for line in [
        "16:21 fg.tester: Docent belt: laptop uit auto gestolen bij het station",
        "16:23 fg.tester: Rapporten groep 7 en 8 stonden lokaal",
        "16:25 fg.tester: Aangifte wordt vanavond gedaan",
        "AP-2026-4711",
    ] {
        assert!(screen.contains(line), "{line:?}:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn detail_of_a_not_notified_breach_keeps_the_reasoning_120x40() {
    let mut f = register(Lang::Nl);
    f.keys(&[KeyCode::Char('2')]);
    open(&mut f, "D-2026-0005");
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("Geen risico voor de betrokkene"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn the_record_form_asks_encrypted_three_ways_and_starts_at_unknown() {
    use avgdesk::ui::forms::breach::{build, submit, BreachPurpose};
    use avgdesk::ui::forms::form::Input;
    let (_dir, mut s) = session(Lang::Nl);
    let b = s.start_breach("USB-stick kwijt", None).unwrap();
    let mut purpose = BreachPurpose::Edit(Box::new(b.clone()));
    let mut form = build(&purpose, &s, Lang::Nl);
    let field = form.field("encrypted").unwrap();
    let Input::Choice { options, .. } = &field.input else {
        panic!("encrypted is not a choice");
    };
    let labels: Vec<&str> = options.iter().map(|(_, label)| label.as_str()).collect();
    assert_eq!(labels, ["onbekend", "ja", "nee"]);
    assert_eq!(field.value(), "", "unknown until someone answers");
    // Saving the record without touching the question keeps it unanswered.
    form.field_mut("title")
        .unwrap()
        .set_value("USB-stick met toetsen kwijt");
    submit(&mut purpose, &mut form, &mut s, Lang::Nl).unwrap();
    assert_eq!(s.breach(&b.id).unwrap().encrypted, None);
    let mut purpose = BreachPurpose::Edit(Box::new(s.breach(&b.id).unwrap()));
    let mut form = build(&purpose, &s, Lang::Nl);
    form.field_mut("encrypted").unwrap().set_value("no");
    submit(&mut purpose, &mut form, &mut s, Lang::Nl).unwrap();
    assert_eq!(s.breach(&b.id).unwrap().encrypted, Some(false));
}

#[test]
fn closing_a_breach_marked_ongoing_asks_to_set_it_to_no_first() {
    let mut f = Tui::with(Lang::Nl, |s| {
        let b = s
            .start_breach("Gedeelde map staat open", Some(at("2026-11-22 09:00")))
            .unwrap();
        let mut after = b.clone();
        after.ongoing = Some(true);
        s.save_breach_edit(&b, &after).unwrap();
        s.assess_breach(&b.id, Risk::None, "Alleen roosters")
            .unwrap();
        s.no_notify(&b.id, "Geen persoonsgegevens").unwrap();
    });
    f.keys(&[KeyCode::Char('2')]);
    open(&mut f, "D-2026-0001");
    f.keys(&[KeyCode::Char('c')]);
    // Refused before the question "close it?" is asked: no dialog, the reason on screen.
    assert_eq!(f.context(), Context::BreachDetail);
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("Het lek duurt volgens het dossier nog voort"),
        "{screen}"
    );
    assert!(screen.contains("op nee (w)"), "{screen}");
    assert!(f.session.breach("D-2026-0001").unwrap().is_open());

    // Set to "no" in the record, closing goes through.
    let b = f.session.breach("D-2026-0001").unwrap();
    let mut after = b.clone();
    after.ongoing = Some(false);
    f.session.save_breach_edit(&b, &after).unwrap();
    f.ui.reload(&mut f.session);
    f.keys(&[KeyCode::Char('c')]);
    assert_eq!(f.context(), Context::Confirm);
    f.keys(&[KeyCode::Enter]);
    assert!(!f.session.breach("D-2026-0001").unwrap().is_open());
}

#[test]
fn a_refusal_lands_on_its_field_in_the_officers_language() {
    use avgdesk::ui::forms::breach::{build, submit, BreachPurpose};
    let (_dir, mut s) = session(Lang::Nl);
    let b = s
        .start_breach("USB-stick kwijt", Some(at("2026-11-22 09:00")))
        .unwrap();
    let mut purpose = BreachPurpose::NotifyAp(b.id.clone());
    let mut form = build(&purpose, &s, Lang::Nl);
    form.field_mut("reference").unwrap().set_value("AP-1");
    for (when, message) in [
        ("2026-11-24 09:00", "ligt in de toekomst"),
        (
            "2026-11-21 09:00",
            "de melding kan niet vóór het bekend worden liggen",
        ),
    ] {
        form.field_mut("at").unwrap().set_value(when);
        assert!(submit(&mut purpose, &mut form, &mut s, Lang::Nl).is_none());
        assert_eq!(form.field("at").unwrap().error.as_deref(), Some(message));
    }
    assert_eq!(s.breach(&b.id).unwrap().notification, None);
}

// ---------------------------------------------------------------------------------------------
// The call: `b`, a title, then the running log

#[test]
fn start_form_from_the_request_tab_80x24() {
    let mut f = empty(Lang::Nl);
    assert_eq!(f.tab(), "Verzoeken");
    f.keys(&[KeyCode::Char('b')]);
    f.type_str("Laptop gestolen");
    let screen = f.screen(80, 24);
    assert!(screen.contains("Nieuw datalek"), "{screen}");
    assert!(screen.contains("23-11-2026 10:00"), "aware now:\n{screen}");
    insta::assert_snapshot!(screen);
}

/// Starts a breach with `b` and types two lines with Enter and a third without.
fn during_a_call(lang: Lang) -> Fixture {
    let mut f = empty(lang);
    f.keys(&[KeyCode::Char('b')]);
    f.type_str("Laptop met rapporten gestolen uit auto");
    f.keys(&[KeyCode::Enter]);
    assert_eq!(f.tab(), "Datalekken");
    assert_eq!(f.context(), Context::BreachCapture, "straight into the log");
    f.type_str("Docent belt: laptop gisteravond gestolen");
    f.keys(&[KeyCode::Enter]);
    f.type_str("Rapporten stonden lokaal");
    f.keys(&[KeyCode::Enter]);
    f.type_str("Aangifte wordt ged");
    f
}

#[test]
fn capture_stores_each_line_at_enter() {
    let mut f = during_a_call(Lang::Nl);
    let b = f.session.breach("D-2026-0001").unwrap();
    assert_eq!(b.title, "Laptop met rapporten gestolen uit auto");
    assert_eq!(b.aware_at, at("2026-11-23 10:00"));
    let texts: Vec<&str> = b.log.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Docent belt: laptop gisteravond gestolen",
            "Rapporten stonden lokaal"
        ],
        "the unfinished line is not stored yet"
    );
    // An empty Enter stores nothing; Backspace edits the line before it is stored.
    f.keys(&[KeyCode::Backspace, KeyCode::Backspace, KeyCode::Backspace]);
    f.type_str("gedaan");
    f.keys(&[KeyCode::Enter, KeyCode::Enter]);
    let b = f.session.breach("D-2026-0001").unwrap();
    assert_eq!(b.log.len(), 3);
    assert_eq!(b.log[2].text, "Aangifte wordt gedaan");
    // Esc ends the capture; the record stays open.
    f.keys(&[KeyCode::Esc]);
    assert_eq!(f.context(), Context::BreachDetail);
    // `l` resumes it.
    f.keys(&[KeyCode::Char('l')]);
    assert_eq!(f.context(), Context::BreachCapture);
    assert_eq!(f.selected_id().as_deref(), Some("D-2026-0001"));
}

#[test]
fn capture_80x24() {
    let mut f = during_a_call(Lang::Nl);
    let screen = f.screen(80, 24);
    assert!(screen.contains("Log ▸ Aangifte wordt ged"), "{screen}");
    assert!(screen.contains("AP D-2026-0001"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn capture_120x40() {
    let mut f = during_a_call(Lang::Nl);
    let screen = f.screen(120, 40);
    assert!(
        screen.contains("10:00 fg.tester: Rapporten stonden lokaal"),
        "{screen}"
    );
    assert!(screen.contains("AP D-2026-0001 72u00m"), "{screen}");
    insta::assert_snapshot!(screen);
}

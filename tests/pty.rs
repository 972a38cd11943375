//! End to end: the real `avgdesk` binary in a pseudo-terminal, driven with the keyboard and read
//! back from the screen through a terminal emulator (vt100). The clock is fixed with AVGDESK_NOW,
//! every test has its own database and empty config in a temporary folder (see `common`).
//!
//! Timeouts only bound a wait so a broken build fails instead of hanging; nothing here measures
//! time.

mod common;

use common::{App, Env, BACKSPACE, CTRL_S, ENTER, ESC, TAB};

/// Opens the new-request form and fills it: kind by its first letter, requester, pupil and a
/// two-line summary. Leaves the form open for the caller to save.
fn fill_new_request(app: &mut App, kind_letter: &str, requester: &str, pupil: &str) {
    app.wait_for("open 0");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    // kind, received, channel, requester, role, contact, pupil, birth, school, class, summary
    app.send(kind_letter);
    app.send(&ENTER.repeat(3));
    app.send(requester);
    app.send(&ENTER.repeat(3));
    app.send(pupil);
    app.send(&ENTER.repeat(4));
    app.send("Vraagt een kopie van het dossier");
    app.send(ENTER);
    app.send("en de toetsresultaten");
    app.wait_for("en de toetsresultaten");
}

#[test]
fn a_request_added_with_the_keyboard_is_shown_and_stored() {
    let env = Env::new();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("Verzoeken");
    fill_new_request(&mut app, "b", "Jan de Vries", "Sanne de Vries");
    let form = app.wait_for("▸ Omschrijving");
    assert!(form.contains("beperking"), "kind chosen by letter:\n{form}");

    app.send(CTRL_S);
    let queue = app.wait_for("Toegevoegd V-2026-0001");
    assert!(queue.contains("V-2026-0001"), "{queue}");
    assert!(queue.contains("Jan de Vries"), "{queue}");
    assert!(queue.contains("open 1"), "{queue}");
    assert!(
        !queue.contains("Nieuw verzoek"),
        "the form closed:\n{queue}"
    );

    app.send(ENTER);
    let detail = app.wait_for("Termijnen");
    for expected in [
        "V-2026-0001",
        "beperking",
        "Jan de Vries (rol onbekend)",
        "Sanne de Vries",
        "ma 23-11-2026",
        "Vraagt een kopie van het dossier",
        "en de toetsresultaten",
    ] {
        assert!(detail.contains(expected), "{expected:?} missing:\n{detail}");
    }
    // Received today with the 4w policy: policy four weeks on, legal one month on.
    for (label, date) in [
        ("Beleid", "ma 21-12-2026"),
        ("Wettelijk (1 maand)", "wo 23-12-2026"),
    ] {
        assert!(
            detail
                .lines()
                .any(|l| l.trim_start().starts_with(label) && l.contains(date)),
            "{label} {date} missing:\n{detail}"
        );
    }
    app.quit();

    let shown = env.cli_json(&["request", "show", "V-2026-0001", "--json"]);
    assert_eq!(shown["id"], "V-2026-0001");
    assert_eq!(shown["kind"], "restriction");
    assert_eq!(shown["received"], "2026-11-23");
    assert_eq!(shown["status"], "new");
    assert_eq!(shown["policy_due"], "2026-12-21");
    assert_eq!(shown["legal_due"], "2026-12-23");
    assert_eq!(shown["due"], "2026-12-21");
    assert_eq!(shown["requester"]["name"], "Jan de Vries");
    assert_eq!(shown["pupil"]["name"], "Sanne de Vries");
    assert_eq!(
        shown["summary"],
        "Vraagt een kopie van het dossier\nen de toetsresultaten"
    );
}

/// The "done when": added, extended with a reason and decided with the keyboard alone,
/// here at the smallest supported size.
#[test]
fn add_extend_and_decide_with_the_keyboard_at_80x24() {
    let env = Env::new();
    let mut app = env.app(80, 24, &[]);
    fill_new_request(&mut app, "i", "Petra Jansen", "Tim Jansen");
    app.send(CTRL_S);
    app.wait_for("Toegevoegd V-2026-0001");
    app.send(ENTER);
    app.wait_for("Termijnen");

    app.send("e");
    let form = app.wait_for("Verlengen met twee maanden");
    assert!(form.contains("21-12-2026 → 22-02-2027"), "{form}");
    app.send("Veel systemen en archieven doorzoeken");
    app.send(CTRL_S);
    let detail = app.wait_for("Verlengd wettelijk");
    assert!(detail.contains("Opgeslagen V-2026-0001"), "{detail}");
    assert!(detail.contains("di 23-02-2027"), "{detail}");
    assert!(detail.contains("Veel systemen"), "{detail}");

    app.send("d");
    app.wait_for("Besluit vastleggen");
    app.send("a");
    app.wait_for("◂ afgewezen ▸");
    // Refused needs a reason: the form says so, stays open and keeps the chosen decision.
    app.send(CTRL_S);
    let refused = app.wait_for("is verplicht");
    assert!(refused.contains("Besluit vastleggen"), "{refused}");
    assert!(refused.contains("afgewezen"), "{refused}");
    assert!(
        refused.contains("▸ Reden"),
        "the reason has the focus:\n{refused}"
    );
    assert_eq!(
        env.cli_json(&["request", "show", "V-2026-0001", "--json"])["status"],
        "in_progress",
        "nothing saved yet"
    );
    app.send("Valt onder een uitzondering");
    app.send(CTRL_S);
    let decided = app.wait_for("besloten");
    assert!(!decided.contains("Besluit vastleggen"), "{decided}");
    assert!(decided.contains("Opgeslagen V-2026-0001"), "{decided}");
    app.quit();

    let list = env.cli_json(&["request", "list", "--all", "--json"]);
    let rows = list.as_array().expect("a list");
    assert_eq!(rows.len(), 1, "{list:#}");
    let r = &rows[0];
    assert_eq!(r["id"], "V-2026-0001");
    assert_eq!(r["kind"], "access");
    assert_eq!(r["extended"], true);
    assert_eq!(r["status"], "decided");
    assert_eq!(r["decision"], "refused");
    assert_eq!(r["decision_reason"], "Valt onder een uitzondering");
    assert_eq!(
        r["extension_reason"],
        "Veel systemen en archieven doorzoeken"
    );
    assert_eq!(r["legal_due"], "2026-12-23");
    assert_eq!(r["policy_due"], "2026-12-21");
    assert_eq!(r["extended_legal_due"], "2027-02-23");
    assert_eq!(r["extended_due"], "2027-02-22");
    assert_eq!(r["due"], r["extended_due"]);
}

#[test]
fn a_bad_date_is_refused_in_the_form_and_nothing_is_lost() {
    let env = Env::new();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("open 0");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    app.send(TAB);
    app.send(&BACKSPACE.repeat(10));
    app.send("gisteren");
    app.send(&TAB.repeat(2));
    app.send("Karin Bos");
    app.wait_for("Karin Bos");

    app.send(CTRL_S);
    let screen = app.wait_for("is geen datum");
    assert!(screen.contains("\"gisteren\""), "{screen}");
    assert!(
        screen.contains("Nieuw verzoek"),
        "the form stays open:\n{screen}"
    );
    assert!(
        screen.contains("Karin Bos"),
        "nothing typed is lost:\n{screen}"
    );
    assert!(
        screen.contains("▸ Ontvangen op"),
        "the bad field has the focus:\n{screen}"
    );

    // The focus is on the date: replace it with another impossible one.
    app.send(&BACKSPACE.repeat(8));
    app.send("31-02-2026");
    app.send(CTRL_S);
    let screen = app.wait_for("\"31-02-2026\" is geen datum");
    assert!(screen.contains("Karin Bos"), "{screen}");
    assert_eq!(
        env.cli_json(&["request", "list", "--all", "--json"]),
        serde_json::json!([]),
        "nothing saved while a field is wrong"
    );

    // Day-month-year is accepted.
    app.send(&BACKSPACE.repeat(10));
    app.send("20-11-2026");
    app.send(CTRL_S);
    let queue = app.wait_for("Toegevoegd V-2026-0001");
    assert!(queue.contains("Karin Bos"), "{queue}");
    app.quit();

    let shown = env.cli_json(&["request", "show", "V-2026-0001", "--json"]);
    assert_eq!(shown["received"], "2026-11-20");
    assert_eq!(shown["requester"]["name"], "Karin Bos");
}

#[test]
fn a_too_small_terminal_says_so_until_it_grows() {
    let env = Env::new();
    let mut app = env.app(40, 10, &[]);
    let screen = app.wait_for("Terminal te klein");
    assert!(!screen.contains("Verzoeken"), "{screen}");
    app.resize(100, 30);
    let screen = app.wait_for("Verzoeken");
    assert!(screen.contains("open 0"), "{screen}");
    app.wait_gone("Terminal te klein");
    app.quit();
}

#[test]
fn english_with_lang_en() {
    let env = Env::new();
    let mut app = env.app(100, 30, &["--lang", "en"]);
    let screen = app.wait_for("Requests");
    assert!(screen.contains("Breaches"), "{screen}");
    assert!(screen.contains("Consent"), "{screen}");
    assert!(!screen.contains("Verzoeken"), "{screen}");
    app.send("a");
    app.wait_for("New request");
    app.send(ESC);
    app.wait_gone("New request");
    app.quit();
}

#[test]
fn quitting_restores_the_terminal() {
    let env = Env::new();
    let mut app = env.app(100, 30, &[]);
    app.wait_for("Verzoeken");
    assert!(app.parser.lock().unwrap().screen().alternate_screen());
    app.quit();
    let parser = app.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "left on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
}

/// The "done when" in the demo: a living queue, and the new request among it.
#[test]
fn in_the_demo_a_request_is_added_extended_and_decided() {
    let env = Env::new();
    let mut app = env.app(100, 30, &["--demo"]);
    app.wait_for("te laat");
    app.send("a");
    app.wait_for("Nieuw verzoek");
    app.send(&ENTER.repeat(3));
    app.send("Demo Ouder");
    app.send(CTRL_S);
    let queue = app.wait_for("Toegevoegd V-2026-");
    assert!(queue.contains("Demo Ouder"), "{queue}");
    // The new request is selected: open it and work on it.
    app.send(ENTER);
    app.wait_for("Demo Ouder (rol onbekend)");
    app.send("e");
    app.wait_for("Verlengen met twee maanden");
    app.send("Complex verzoek");
    app.send(CTRL_S);
    let detail = app.wait_for("Verlengd wettelijk");
    assert!(detail.contains("Demo Ouder"), "{detail}");
    app.send("d");
    app.wait_for("Besluit vastleggen");
    app.send(CTRL_S);
    // Granted while the identity was never checked: warned once, the second Ctrl-S grants.
    app.wait_for("De identiteit is niet gecontroleerd");
    app.send(CTRL_S);
    let detail = app.wait_for("besloten");
    assert!(detail.contains("Demo Ouder"), "{detail}");
    assert!(detail.contains("toegewezen"), "{detail}");
    app.quit();
}

#[test]
fn a_request_on_the_first_screen_changed_behind_avgdesks_back_is_said_at_start_up() {
    let env = Env::new();
    env.cli_json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-11-02",
        "--requester",
        "S. de Vries",
        "--json",
    ]);
    // A request closed behind avgdesk's back leaves the queue; a rewritten one stays on it.
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE requests SET requester_name = 'Iemand Anders' WHERE id = 'V-2026-0001'",
            [],
        )
        .unwrap();
    let app = env.app(120, 30, &[]);
    let screen = app.wait_for("V-2026-0001 wijkt af van het audit-logboek (veld requester_name)");
    assert!(screen.contains("avgdesk audit verify"), "{screen}");
}

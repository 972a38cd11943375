//! Spreadsheets and the command line in the officer's language (issue 16 §3): the register and
//! the queue as CSV that Dutch Excel opens in columns, with plain `--csv` keeping the English
//! codes for scripts; and the command line's lists, messages, warnings and refusals in Dutch
//! when the config's language is Dutch (its default), in English with `language = "en"`.

mod common;

use avgdesk::i18n::Lang;
use common::cli::{fails_with, stdout_of, Env};
use common::tui::Tui;
use crossterm::event::KeyCode;

/// Saturday 28 March 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-03-28T10:00:00+01:00";
const USER: &str = "fg.tester";

/// A world whose config says `config` (the harness's English one replaced).
fn env_with(config: &str) -> Env {
    let env = Env::with_clock(NOW, USER);
    std::fs::write(&env.config, config).unwrap();
    env
}

/// Dutch by the config file.
fn dutch() -> Env {
    env_with("language = \"nl\"\n")
}

/// A breach with some answers given and others not: nature and categories known, the number
/// of people, whether it was encrypted and when it happened not; no decision yet. Its title
/// starts like a formula.
fn breach(env: &Env) -> String {
    let v = env.json(&[
        "breach",
        "add",
        "--aware",
        "2026-03-27 16:20",
        "--title",
        "=HYPERLINK(\"http://x.example\";\"klik\")",
    ]);
    let id = v["id"].as_str().unwrap().to_string();
    env.json(&[
        "breach",
        "update",
        &id,
        "--nature",
        "confidentiality,theft",
        "--categories",
        "name_address,contact",
        "--records",
        "120",
    ]);
    id
}

/// CSV text in Dutch Excel's form: the byte-order mark taken off, the rest read with `;`.
fn dutch_excel(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let body = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no byte-order mark: {text:?}"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a csv::StringRecord, name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"));
    &row[i]
}

// ---------------------------------------------------------------------------------------------
// Spreadsheets

#[test]
fn the_register_in_dutch_opens_in_columns_in_dutch_excel() {
    let env = dutch();
    breach(&env);
    let text = stdout_of(
        env.cmd()
            .args(["--lang", "nl", "breach", "register", "--csv"]),
    );
    let (header, rows) = dutch_excel(&text);
    assert_eq!(
        &header[..5],
        ["Nummer", "Titel", "Status", "Bekend sinds", "Melden vóór"]
    );
    assert_eq!(rows.len(), 1, "{text}");
    let r = &rows[0];
    let c = |name: &str| cell(&header, r, name).to_string();
    assert_eq!(c("Nummer"), "D-2026-0001");
    // A title that starts like a formula stays text.
    assert_eq!(
        c("Titel"),
        "'=HYPERLINK(\"http://x.example\";\"klik\")",
        "{text}"
    );
    assert_eq!(c("Status"), "open");
    // Times in ISO order, in the board's zone, as Excel reads a date and time.
    assert_eq!(c("Bekend sinds"), "2026-03-27 16:20");
    assert_eq!(c("Melden vóór"), "2026-03-30 17:20");
    // The app's Dutch words, never the codes.
    assert_eq!(
        c("Aard van het lek"),
        "vertrouwelijkheid (ingezien of gekopieerd); diefstal"
    );
    assert_eq!(
        c("Soorten persoonsgegevens"),
        "naam, adres, woonplaats; telefoon, e-mail"
    );
    assert_eq!(c("Aantal records (min)"), "120");
    // Unanswered is not "no": it says so.
    assert_eq!(c("Ontstaan op"), "onbekend");
    assert_eq!(c("Aantal personen (min)"), "onbekend");
    assert_eq!(c("Groepen betrokkenen"), "onbekend");
    assert_eq!(c("Versleuteld of gehasht"), "onbekend");
    assert_eq!(c("Risico"), "nog niet besloten");
    assert_eq!(c("Melden bij de AP"), "nog niet besloten");
    assert_eq!(c("Betrokkenen informeren"), "nog niet besloten");
}

#[test]
fn plain_csv_keeps_the_english_codes_whatever_the_configs_language() {
    for config in ["", "language = \"nl\"\n", "language = \"en\"\n"] {
        let env = env_with(config);
        breach(&env);
        for args in [
            &["breach", "register", "--csv"][..],
            &["--lang", "en", "breach", "register", "--csv"][..],
        ] {
            let text = stdout_of(env.cmd().args(args));
            assert!(
                text.starts_with("id,title,status,aware_at,ap_due,"),
                "{config:?} {args:?}: {text}"
            );
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect();
            let row = reader.records().next().unwrap().unwrap();
            assert_eq!(cell(&header, &row, "nature"), "confidentiality,theft");
            assert_eq!(cell(&header, &row, "aware_at"), "2026-03-27T16:20:00+01:00");
            assert_eq!(cell(&header, &row, "encrypted"), "unknown");
            assert_eq!(cell(&header, &row, "people_min"), "unknown");
            assert_eq!(cell(&header, &row, "notify_ap"), "undecided");
        }
    }
}

#[test]
fn the_queue_as_csv_for_scripts_and_for_dutch_excel() {
    let env = dutch();
    for (kind, received, requester) in [
        ("access", "2026-03-03", "S. de Vries"),
        ("erasure", "2026-03-20", "=cmd|' /C calc'!A0"),
    ] {
        env.json(&[
            "request",
            "add",
            "--kind",
            kind,
            "--received",
            received,
            "--requester",
            requester,
        ]);
    }
    env.json(&[
        "request",
        "decide",
        "V-2026-0001",
        "--decision",
        "granted",
        "--on",
        "2026-03-20",
    ]);

    // Plain --csv: the codes, whatever the config's language.
    let text = env.stdout(&["request", "list", "--csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    for col in ["id", "kind", "status", "received", "due", "days_left"] {
        assert!(header.iter().any(|h| h == col), "{col}: {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2, "{text}");
    let by_id = |rows: &[csv::StringRecord], header: &[String], col: &str, id: &str| {
        let row = rows
            .iter()
            .find(|r| cell(header, r, header[0].as_str()) == id)
            .unwrap_or_else(|| panic!("no {id}"));
        cell(header, row, col).to_string()
    };
    assert_eq!(by_id(&rows, &header, "kind", "V-2026-0001"), "access");
    assert_eq!(
        by_id(&rows, &header, "received", "V-2026-0001"),
        "2026-03-03"
    );
    assert_eq!(by_id(&rows, &header, "decision", "V-2026-0001"), "granted");
    assert_eq!(
        by_id(&rows, &header, "decision", "V-2026-0002"),
        "undecided"
    );
    // Added without --role: nobody said, so it reads unknown (never a default).
    assert_eq!(
        by_id(&rows, &header, "requester_role", "V-2026-0002"),
        "unknown"
    );
    assert_eq!(
        by_id(&rows, &header, "requester", "V-2026-0002"),
        "'=cmd|' /C calc'!A0"
    );

    // --lang nl: Dutch Excel, the app's words, ISO dates.
    let text = env.stdout(&["--lang", "nl", "request", "list", "--csv"]);
    let (header, rows) = dutch_excel(&text);
    assert_eq!(&header[..3], ["Nummer", "Soort", "Status"]);
    assert_eq!(by_id(&rows, &header, "Soort", "V-2026-0001"), "inzage");
    assert_eq!(
        by_id(&rows, &header, "Soort", "V-2026-0002"),
        "verwijdering"
    );
    assert_eq!(
        by_id(&rows, &header, "Ontvangen", "V-2026-0001"),
        "2026-03-03"
    );
    assert_eq!(
        by_id(&rows, &header, "Besluit", "V-2026-0001"),
        "toegewezen"
    );
    assert_eq!(
        by_id(&rows, &header, "Besluit", "V-2026-0002"),
        "nog niet besloten"
    );
    assert_eq!(by_id(&rows, &header, "Verlengd", "V-2026-0002"), "nee");

    // One of --csv and --json.
    let err = fails_with(env.cmd().args(["request", "list", "--csv", "--json"]), 2);
    assert!(err.contains("--json"), "{err}");
}

#[test]
fn the_apps_e_writes_the_register_in_the_apps_language() {
    for (lang, name, first) in [
        (Lang::Nl, "datalekkenregister-", "\u{feff}Nummer;Titel;"),
        (Lang::En, "breach-register-", "id,title,"),
    ] {
        let mut f = Tui::with(lang, |s| {
            s.start_breach("Laptop kwijt", None).unwrap();
        });
        f.ui.shared.export_dir = f.dir().to_path_buf();
        f.keys(&[KeyCode::Char('2'), KeyCode::Char('E')]);
        let file = std::fs::read_dir(f.dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap_or_else(|| panic!("{lang:?}: no {name}*.csv"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with(first), "{lang:?}: {text}");
        assert!(text.contains("Laptop kwijt"), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// The command line's words

#[test]
fn lists_and_messages_follow_the_configs_language() {
    // No language in the config: Dutch, the default, as in the app.
    for env in [env_with(""), dutch()] {
        let added = env.stdout(&[
            "request",
            "add",
            "--kind",
            "access",
            "--received",
            "2026-03-03",
            "--requester",
            "S. de Vries",
        ]);
        assert_eq!(
            added,
            "V-2026-0001  inzage  termijn 31-03-2026 (nog 3 dagen)\n"
        );
        let list = env.stdout(&["request", "list"]);
        let head = list.lines().next().unwrap();
        for word in ["Nummer", "Soort", "Ontvangen", "Termijn", "Dagen"] {
            assert!(head.contains(word), "{word}: {list}");
        }
        let row = list.lines().nth(1).unwrap();
        assert!(row.contains("inzage"), "{list}");
        assert!(row.contains("03-03-2026"), "{list}");
        assert!(row.contains("nieuw"), "{list}");
        let show = env.stdout(&["request", "show", "V-2026-0001"]);
        assert!(show.contains("Geldend"), "{show}");
        assert!(show.contains("31-03-2026 (nog 3 dagen)"), "{show}");

        let added = env.stdout(&[
            "breach",
            "add",
            "--aware",
            "2026-03-27 16:20",
            "--title",
            "Laptop kwijt",
        ]);
        assert!(
            added.starts_with("D-2026-0001  melden bij de AP vóór 30-03-2026 17:20 +02:00"),
            "{added}"
        );
        let list = env.stdout(&["breach", "list"]);
        assert!(
            list.lines().next().unwrap().contains("Melden vóór"),
            "{list}"
        );
        assert!(list.contains("54u20m"), "{list}");
        assert!(list.contains("30-03-2026 17:20"), "{list}");
        // A breach logged after its deadline says how late it is.
        let late = stdout_of(env.cmd_at("2026-04-01T10:00:00+02:00").args([
            "breach",
            "add",
            "--aware",
            "2026-03-29 09:00",
            "--title",
            "Te laat gestart",
        ]));
        assert!(late.ends_with("(1,0 uur te laat)\n"), "{late}");
    }

    // language = "en": the English words the command line always had.
    let env = env_with("language = \"en\"\n");
    let added = env.stdout(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "S. de Vries",
    ]);
    assert_eq!(added, "V-2026-0001  access  due 2026-03-31 (3 days left)\n");
    let list = env.stdout(&["request", "list"]);
    assert!(list.starts_with("id "), "{list}");
    assert!(list.lines().nth(1).unwrap().contains("access"), "{list}");
}

#[test]
fn refusals_are_said_in_the_configs_language() {
    let env = dutch();
    env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "S. de Vries",
    ]);
    let err = env.fails(&["request", "close", "V-2026-0001"], 1);
    assert!(
        err.contains("leg eerst een besluit vast voordat u het verzoek sluit"),
        "{err}"
    );
    let err = env.fails(&["request", "show", "V-2026-0099"], 1);
    assert!(err.contains("geen verzoek met nummer V-2026-0099"), "{err}");
    let id = breach(&env);
    let err = env.fails(&["breach", "close", &id], 1);
    assert!(
        err.contains("besluit eerst of het lek bij de AP gemeld wordt"),
        "{err}"
    );
    // A late notification names the deadline in the board's time, in Dutch.
    let late = env_with("language = \"nl\"\n").at("2026-04-01T10:00:00+02:00");
    let id = breach(&late);
    let err = late.fails(
        &[
            "breach",
            "notify-ap",
            &id,
            "--at",
            "2026-03-31 09:00",
            "--reference",
            "AP-1",
        ],
        1,
    );
    assert!(
        err.contains("na de uiterste meldtijd (30-03-2026 17:20 +02:00)"),
        "{err}"
    );

    // The same refusal in English with language = "en".
    let env = env_with("language = \"en\"\n");
    env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "S. de Vries",
    ]);
    let err = env.fails(&["request", "close", "V-2026-0001"], 1);
    assert!(err.contains("decide"), "{err}");
    assert!(!err.contains("besluit"), "{err}");
}

#[test]
fn a_message_logged_twice_is_refused_in_dutch() {
    let env = dutch().at("2026-11-25T10:00:00+01:00");
    let eml = env.path("verzoek.eml");
    std::fs::write(
        &eml,
        "Received: from mail.example.nl by mx.school.example; Mon, 23 Nov 2026 09:15:00 +0100\r\n\
         From: \"Sanne de Vries\" <sanne@example.nl>\r\n\
         Subject: Verzoek om inzage\r\n\
         Date: Mon, 23 Nov 2026 09:14:00 +0100\r\n\
         Message-ID: <a1@example.nl>\r\n\
         \r\n\
         Graag een kopie van het dossier van mijn zoon.\r\n",
    )
    .unwrap();
    let file = eml.to_str().unwrap();
    let logged = env.stdout(&["intake", file, "--yes"]);
    assert!(
        logged.starts_with("V-2026-0001  inzage  ontvangen 23-11-2026"),
        "{logged}"
    );
    let err = env.fails(&["intake", file, "--yes"], 1);
    assert!(
        err.contains("dit bericht is al vastgelegd als V-2026-0001"),
        "{err}"
    );
    let out = env.cmd().args(["intake", file]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("dit bericht is al vastgelegd als V-2026-0001"),
        "{stderr}"
    );
}

/// The board's details that letters need, in Dutch.
const BOARD_NL: &str = r#"language = "nl"
signatory = "A. de Vries, privacyofficer"

[organisation]
name = "Stichting IJsselgraaf"
contact_name = "M. Jansen"
contact_role = "FG"
email = "privacy@ijsselgraaf.example"
"#;

#[test]
fn letter_warnings_and_unfit_reasons_are_said_in_the_interface_language() {
    let env = env_with(BOARD_NL);
    env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "S. de Vries",
    ]);
    // A letter that does not fit: why, in Dutch.
    let err = env.fails(&["letter", "decision", "V-2026-0001"], 1);
    assert!(
        err.contains("de brief besluit past niet bij V-2026-0001"),
        "{err}"
    );
    assert!(!err.contains("does not fit"), "{err}");
    // A decision letter without a complaint procedure in the config: the warning in Dutch,
    // the letter in English as asked with --lang en.
    env.json(&[
        "request",
        "decide",
        "V-2026-0001",
        "--decision",
        "granted",
        "--on",
        "2026-03-20",
    ]);
    let out = env
        .cmd()
        .args(["letter", "decision", "V-2026-0001"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("avgdesk: let op: complaints_url staat niet in de configuratie"),
        "{stderr}"
    );
    let out = env
        .cmd()
        .args(["--lang", "en", "letter", "decision", "V-2026-0001"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("avgdesk: warning: complaints_url is not set"),
        "{stderr}"
    );
}

#[test]
fn a_dutch_refusal_on_the_command_line_names_its_field() {
    let env = dutch();
    let err = env.fails(
        &[
            "request",
            "add",
            "--kind",
            "access",
            "--received",
            "2026-03-03",
            "--requester",
            "",
        ],
        1,
    );
    // No form shows the field beside it here: the message names it.
    assert!(err.contains("requester: is verplicht"), "{err}");
    // A long Dutch label never runs into its value.
    env.json(&[
        "request",
        "add",
        "--kind",
        "access",
        "--received",
        "2026-03-03",
        "--requester",
        "Jan",
    ]);
    let text = env.stdout(&["request", "show", "V-2026-0001"]);
    let line = text
        .lines()
        .find(|l| l.starts_with("Meld verlenging uiterlijk"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("Meld verlenging uiterlijk "), "{line}");
}

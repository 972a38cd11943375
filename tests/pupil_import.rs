//! Importing pupils from a school administration export (issue 4, sections 1 and 7): the parser
//! through the library, and `avgdesk pupil import` / `pupil list` as a script sees them, with a
//! fixed clock and user, a database in a temporary folder and an empty config file.

mod common;

use avgdesk::app::import::{parse_pupils, Column, ImportError, RowProblem};
use avgdesk::app::Session;
use avgdesk::clock::Clock;
use avgdesk::config::Config;
use avgdesk::domain::consent::{AnsweredBy, ConsentValue, Method};
use avgdesk::store::{NewConsent, PupilFilter, Store};
use chrono::NaiveDate;
use common::cli::{by_number, numbers, Env};
use serde_json::Value;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";

/// A ParnasSys-like export: Dutch headers, `;`, CRLF, a "van der" infix and diacritics.
const PARNASSYS: &str =
    "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\r\n\
    1001;Jan;van der;Berg;03-04-2016;Groep 6;De Regenboog\r\n\
    1002;Ömer;;Yılmaz;2016-09-12;Groep 6;De Regenboog\r\n\
    1003;Zoë;;Smit;1-2-2013;Groep 8;De Regenboog\r\n\
    2001;Daan;de;Vries;15/06/2017;Groep 5;Het Anker\r\n";

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn with_bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// Windows-1252: 0xD6 is "Ö", 0xEB is "ë", 0xFC is "ü".
const CP1252: &[u8] =
    b"Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\r\n\
    3001;\xD6mer;;\xD6zt\xFCrk;01-02-2015;Groep 7;De Br\xFCg\r\n\
    3002;Zo\xEB;van der;Meer;;Groep 7;De Br\xFCg\r\n";

fn row_problems(err: ImportError) -> Vec<(u64, RowProblem)> {
    match err {
        ImportError::Rows(rows) => rows.into_iter().map(|r| (r.line, r.problem)).collect(),
        other => panic!("expected row errors, got: {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The parser, through the library

#[test]
fn parse_semicolons_dutch_headers_infix_and_diacritics() {
    let pupils = parse_pupils(PARNASSYS.as_bytes()).unwrap();
    assert_eq!(pupils.len(), 4);
    let jan = &pupils[0];
    assert_eq!(
        (
            jan.number.as_str(),
            jan.first_name.as_str(),
            jan.infix.as_str(),
            jan.last_name.as_str()
        ),
        ("1001", "Jan", "van der", "Berg")
    );
    assert_eq!(jan.full_name(), "Jan van der Berg");
    assert_eq!(jan.birth_date, date(2016, 4, 3));
    assert_eq!(jan.class, "Groep 6");
    assert_eq!(jan.school, "De Regenboog");
    assert_eq!(pupils[1].first_name, "Ömer");
    assert_eq!(pupils[1].last_name, "Yılmaz");
    assert_eq!(pupils[1].birth_date, date(2016, 9, 12));
    assert_eq!(pupils[2].first_name, "Zoë");
    assert_eq!(pupils[2].birth_date, date(2013, 2, 1));
    assert_eq!(pupils[3].birth_date, date(2017, 6, 15));
    assert!(pupils.iter().all(|p| p.active));
}

#[test]
fn parse_utf8_with_bom_is_the_same_as_without() {
    assert_eq!(
        parse_pupils(&with_bom(PARNASSYS)).unwrap(),
        parse_pupils(PARNASSYS.as_bytes()).unwrap()
    );
    // The BOM must not end up in the first header: the number column is still found.
    let pupils = parse_pupils(&with_bom(PARNASSYS)).unwrap();
    assert_eq!(pupils[0].number, "1001");
}

#[test]
fn parse_windows_1252() {
    let pupils = parse_pupils(CP1252).unwrap();
    assert_eq!(pupils[0].first_name, "Ömer");
    assert_eq!(pupils[0].last_name, "Öztürk");
    assert_eq!(pupils[0].school, "De Brüg");
    assert_eq!(pupils[1].first_name, "Zoë");
    assert_eq!(pupils[1].infix, "van der");
    assert_eq!(pupils[1].birth_date, None);
}

#[test]
fn parse_commas_english_headers_and_quoted_separators() {
    let csv = "Student number,First name,Infix,Last name,Date of birth,Class,School name\n\
               17,\"Anna, Maria\",van der,\"Berg; Jansen\",2014-05-06,\"6A\",\"Het Anker, Zwolle\"\n\
               18,\"Said \"\"Sami\"\"\",,El Idrissi,,6A,\"Het Anker, Zwolle\"\n";
    let pupils = parse_pupils(csv.as_bytes()).unwrap();
    assert_eq!(pupils[0].first_name, "Anna, Maria");
    assert_eq!(pupils[0].last_name, "Berg; Jansen");
    assert_eq!(pupils[0].school, "Het Anker, Zwolle");
    assert_eq!(pupils[0].infix, "van der");
    assert_eq!(pupils[0].birth_date, date(2014, 5, 6));
    assert_eq!(pupils[1].first_name, "Said \"Sami\"");
    // And a `;` file whose fields hold commas.
    let csv = "leerling nummer;voornaam;achternaam;klas;brin\n5;\"Jan, Piet\";Bos;1B;\"12AB;01\"\n";
    let p = &parse_pupils(csv.as_bytes()).unwrap()[0];
    assert_eq!(
        (p.first_name.as_str(), p.school.as_str(), p.class.as_str()),
        ("Jan, Piet", "12AB;01", "1B")
    );
}

#[test]
fn parse_a_missing_column_names_it_and_the_headers_found() {
    let csv = "Leerlingnummer;Roepnaam;Tussenvoegsel;Geboortedatum;School\n1;Jan;;;A\n";
    let err = parse_pupils(csv.as_bytes()).unwrap_err();
    match &err {
        ImportError::MissingColumns { missing, found } => {
            assert_eq!(missing, &vec![Column::LastName, Column::Class]);
            assert_eq!(
                found,
                &vec![
                    "Leerlingnummer",
                    "Roepnaam",
                    "Tussenvoegsel",
                    "Geboortedatum",
                    "School"
                ]
            );
        }
        other => panic!("{other}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("last name"), "{msg}");
    assert!(msg.contains("class/group"), "{msg}");
    assert!(
        msg.contains(
            "headers found: Leerlingnummer, Roepnaam, Tussenvoegsel, Geboortedatum, School"
        ),
        "{msg}"
    );
}

#[test]
fn parse_reports_every_bad_row_by_line_and_returns_no_pupils() {
    let csv = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;School\n\
               1;Jan;Berg;31-02-2016;6;A\n\
               2;Piet;Bos;;6;A\n\
               2;Kees;Dam;;6;A\n\
               ;Eva;Vos;;6;A\n\
               3;Anna;;2016-04-05;6;A\n\
               4;Tim;Kok;5 mei 2016;6;A\n\
               5;Fout;Veld;;6\n\
               6;Goed;Rij;01-01-2016;6;A\n";
    let problems = row_problems(parse_pupils(csv.as_bytes()).unwrap_err());
    assert_eq!(
        problems,
        vec![
            (2, RowProblem::BadDate("31-02-2016".into())),
            (
                4,
                RowProblem::DuplicateNumber {
                    number: "2".into(),
                    first_line: 3
                }
            ),
            (5, RowProblem::MissingNumber),
            (6, RowProblem::MissingLastName),
            (7, RowProblem::BadDate("5 mei 2016".into())),
            (
                8,
                RowProblem::FieldCount {
                    expected: 6,
                    found: 5
                }
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The session: history stays when a pupil leaves

#[test]
fn a_pupil_who_left_keeps_their_consent_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db"), USER).unwrap();
    let mut session = Session::new(store, Config::default(), Clock::parse(NOW).unwrap());
    session.import_pupils(PARNASSYS.as_bytes(), false).unwrap();
    let now = session.now();
    session
        .store
        .add_consent(
            &NewConsent {
                pupil: "1003".into(),
                purpose: "photo_website".into(),
                value: ConsentValue::Refused,
                effective: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                given_by: "M. Smit".into(),
                role: AnsweredBy::Parent,
                method: Method::Form,
                form_version: "2026-1".into(),
            },
            now,
            |_, _| Ok(()),
        )
        .unwrap();
    let without_zoe: String = PARNASSYS
        .lines()
        .filter(|l| !l.starts_with("1003;"))
        .map(|l| format!("{l}\n"))
        .collect();
    let report = session
        .import_pupils(without_zoe.as_bytes(), false)
        .unwrap();
    assert_eq!(report.summary.left, 1);
    assert_eq!(report.summary.unchanged, 3);
    let zoe = session.pupil("1003").unwrap();
    assert!(!zoe.active);
    assert_eq!(zoe.first_name, "Zoë");
    assert_eq!(session.consent_history("1003").unwrap().len(), 1);
    let active = session.list_pupils(&PupilFilter::default()).unwrap();
    assert!(active.iter().all(|p| p.number != "1003"));
}

// ---------------------------------------------------------------------------------------------
// The command line

impl Env {
    /// A private world for one test (see `common::cli`), at [`NOW`] as [`USER`].
    fn new() -> Env {
        Env::with_clock(NOW, USER)
    }

    /// Writes `bytes` to a file in the test's folder and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// `pupil import FILE --json`.
    fn import(&self, path: &str) -> Value {
        self.json(&["pupil", "import", path])
    }

    /// `pupil list [extra] --json`.
    fn list(&self, extra: &[&str]) -> Vec<Value> {
        self.rows(&[&["pupil", "list"], extra].concat())
    }
}

fn summary(v: &Value) -> [u64; 4] {
    ["added", "updated", "unchanged", "left"].map(|k| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("no count {k} in {v:#}"))
    })
}

#[test]
fn cli_imports_a_parnassys_export_with_bom() {
    let env = Env::new();
    let path = env.file("leerlingen.csv", &with_bom(PARNASSYS));
    let report = env.import(&path);
    assert_eq!(summary(&report), [4, 0, 0, 0]);
    assert_eq!(report["in_file"], 4);
    assert_eq!(report["dry_run"], false);

    let rows = env.list(&[]);
    // Grid order: school, class, then last name.
    assert_eq!(numbers(&rows), ["1001", "1002", "1003", "2001"]);
    let jan = by_number(&rows, "1001");
    assert_eq!(jan["first_name"], "Jan");
    assert_eq!(jan["infix"], "van der");
    assert_eq!(jan["last_name"], "Berg");
    assert_eq!(jan["name"], "Jan van der Berg");
    assert_eq!(jan["birth_date"], "2016-04-03");
    assert_eq!(jan["class"], "Groep 6");
    assert_eq!(jan["school"], "De Regenboog");
    assert_eq!(jan["status"], "active");
    assert_eq!(by_number(&rows, "1002")["first_name"], "Ömer");
    assert_eq!(by_number(&rows, "1003")["first_name"], "Zoë");
    assert_eq!(by_number(&rows, "1003")["birth_date"], "2013-02-01");
}

#[test]
fn cli_imports_commas_quotes_and_english_headers() {
    let env = Env::new();
    let csv = "Pupil number,Given name,Prefix,Surname,DOB,Group,School\n\
               7,Zoë,van der,Linden,2015-03-04,\"6\",\"Het Anker, Zwolle\"\n\
               8,\"Ömer, jr.\",,Kaya,04-03-2015,6,\"Het Anker, Zwolle\"\n";
    let path = env.file("pupils.csv", csv.as_bytes());
    assert_eq!(summary(&env.import(&path)), [2, 0, 0, 0]);
    let rows = env.list(&["--school", "Het Anker, Zwolle"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(by_number(&rows, "7")["name"], "Zoë van der Linden");
    assert_eq!(by_number(&rows, "8")["first_name"], "Ömer, jr.");
    assert_eq!(by_number(&rows, "8")["birth_date"], "2015-03-04");
}

#[test]
fn cli_imports_windows_1252() {
    let env = Env::new();
    let path = env.file("export-ansi.csv", CP1252);
    assert_eq!(summary(&env.import(&path)), [2, 0, 0, 0]);
    let rows = env.list(&[]);
    assert_eq!(by_number(&rows, "3001")["name"], "Ömer Öztürk");
    assert_eq!(by_number(&rows, "3001")["school"], "De Brüg");
    assert_eq!(by_number(&rows, "3002")["name"], "Zoë van der Meer");
    assert_eq!(by_number(&rows, "3002")["birth_date"], Value::Null);
    // The text table shows them intact too.
    let text = env.stdout(&["pupil", "list"]);
    assert!(text.contains("Ömer Öztürk"), "{text}");
    assert!(text.contains("Zoë van der Meer"), "{text}");
}

#[test]
fn cli_missing_column_lists_the_headers_found_and_writes_nothing() {
    let env = Env::new();
    let good = env.file("good.csv", PARNASSYS.as_bytes());
    env.import(&good);
    let before = env.list(&["--all"]);
    let csv = "Leerlingnummer;Voornaam;Achternaam;School\n1;Jan;Berg;A\n";
    let path = env.file("no-class.csv", csv.as_bytes());
    let err = env.fails(&["pupil", "import", &path], 1);
    assert!(err.contains("no-class.csv"), "{err}");
    assert!(err.contains("missing column: class/group"), "{err}");
    assert!(
        err.contains("headers found: Leerlingnummer, Voornaam, Achternaam, School"),
        "{err}"
    );
    assert_eq!(env.list(&["--all"]), before);
}

#[test]
fn cli_bad_dates_and_duplicate_numbers_are_listed_by_line_and_nothing_is_written() {
    let env = Env::new();
    let good = env.file("good.csv", PARNASSYS.as_bytes());
    env.import(&good);
    let before = env.list(&["--all"]);

    // Would change Jan's class and add a pupil, but three rows are bad.
    let csv = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\n\
               1001;Jan;van der;Berg;03-04-2016;Groep 7;De Regenboog\n\
               1002;Ömer;;Yılmaz;31-09-2016;Groep 6;De Regenboog\n\
               1003;Zoë;;Smit;1-2-2013;Groep 8;De Regenboog\n\
               4001;Nieuw;;Kind;2018-01-01;Groep 3;De Regenboog\n\
               1003;Zoë;;Smit;1-2-2013;Groep 8;De Regenboog\n\
               2001;Daan;de;Vries;2017-13-15;Groep 5;Het Anker\n";
    let path = env.file("bad.csv", csv.as_bytes());
    let err = env.fails(&["pupil", "import", &path], 1);
    assert!(err.contains("3 bad rows, nothing was imported"), "{err}");
    assert!(
        err.contains("line 3: date of birth \"31-09-2016\""),
        "{err}"
    );
    assert!(
        err.contains("line 6: pupil number 1003 is also on line 4"),
        "{err}"
    );
    assert!(
        err.contains("line 7: date of birth \"2017-13-15\""),
        "{err}"
    );
    assert!(!err.contains("line 2:"), "{err}");
    assert_eq!(env.list(&["--all"]), before, "the database changed");

    // The same with --json: still an error, still nothing written.
    let err = env.fails(&["pupil", "import", &path, "--json"], 1);
    assert!(err.contains("line 6:"), "{err}");
    assert_eq!(env.list(&["--all"]), before, "the database changed");
}

#[test]
fn cli_an_unreadable_file_is_a_clear_error() {
    let env = Env::new();
    let missing = env.dir.path().join("nope.csv");
    let err = env.fails(&["pupil", "import", missing.to_str().unwrap()], 1);
    assert!(err.contains("cannot read"), "{err}");
    assert!(err.contains("nope.csv"), "{err}");
    let dir = env.dir.path().to_str().unwrap().to_string();
    let err = env.fails(&["pupil", "import", &dir], 1);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn cli_dry_run_writes_nothing() {
    let env = Env::new();
    let path = env.file("leerlingen.csv", PARNASSYS.as_bytes());
    let text = env.stdout(&["pupil", "import", &path, "--dry-run"]);
    assert!(text.contains("dry run: nothing written"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("added") && l.contains('4')),
        "{text}"
    );
    assert!(env.list(&["--all"]).is_empty());

    let report = env.json(&["pupil", "import", &path, "--dry-run"]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(summary(&report), [4, 0, 0, 0]);
    assert!(env.list(&["--all"]).is_empty());

    // Against a filled database the dry run predicts exactly what the import then does.
    env.import(&path);
    let before = env.list(&["--all"]);
    let next: String = PARNASSYS
        .replace(
            "Groep 6;De Regenboog\r\n1002",
            "Groep 7;De Regenboog\r\n1002",
        )
        .lines()
        .filter(|l| !l.starts_with("2001;"))
        .map(|l| format!("{l}\n"))
        .collect();
    let next = env.file("next.csv", next.as_bytes());
    let dry = env.json(&["pupil", "import", &next, "--dry-run"]);
    // 2001 is the only pupil of Het Anker, which is not in this file: that school's pupils are
    // left alone, so one school's export never marks another school's pupils as left.
    assert_eq!(summary(&dry), [0, 1, 2, 0]);
    assert_eq!(env.list(&["--all"]), before, "the dry run wrote");
    let real = env.import(&next);
    assert_eq!(summary(&real), summary(&dry));
}

#[test]
fn cli_reimport_updates_by_number_and_marks_missing_pupils_as_left() {
    let env = Env::new();
    let first = env.file("sept.csv", PARNASSYS.as_bytes());
    env.import(&first);

    // Jan moves to group 7, Daan is no longer in Het Anker's export, two new pupils arrive.
    let csv = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\n\
               1001;Jan;van der;Berg;03-04-2016;Groep 7;De Regenboog\n\
               1002;Ömer;;Yılmaz;2016-09-12;Groep 6;De Regenboog\n\
               1003;Zoë;;Smit;1-2-2013;Groep 8;De Regenboog\n\
               1004;Fenna;;Kok;2016-01-20;Groep 6;De Regenboog\n\
               2002;Sem;;Bos;2017-03-02;Groep 5;Het Anker\n";
    let second = env.file("jan.csv", csv.as_bytes());
    let text = env.stdout(&["pupil", "import", &second]);
    assert!(!text.contains("dry run"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("left") && l.contains("1 of 4")),
        "{text}"
    );

    let active = env.list(&[]);
    assert_eq!(active.len(), 5);
    assert!(!numbers(&active).contains(&"2001"));
    assert_eq!(by_number(&active, "1001")["class"], "Groep 7");
    assert_eq!(by_number(&active, "1004")["status"], "active");

    let all = env.list(&["--all"]);
    assert_eq!(all.len(), 6);
    let daan = by_number(&all, "2001");
    assert_eq!(daan["status"], "left");
    assert_eq!(daan["active"], false);
    assert_eq!(daan["name"], "Daan de Vries");
    let table = env.stdout(&["pupil", "list", "--all"]);
    let line = table
        .lines()
        .find(|l| l.starts_with("2001"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.trim_end().ends_with("left"), "{line}");
    assert!(!env.stdout(&["pupil", "list"]).contains("2001"));

    // Importing the same file again changes nothing.
    assert_eq!(summary(&env.import(&second)), [0, 0, 5, 0]);
    // Daan back in the file: active again, same pupil; Fenna and Sem are not in it.
    assert_eq!(summary(&env.import(&first)), [0, 2, 2, 2]);
    assert_eq!(by_number(&env.list(&[]), "2001")["status"], "active");
}

#[test]
fn cli_list_filters_by_school_and_class_and_prints_a_table() {
    let env = Env::new();
    let path = env.file("leerlingen.csv", PARNASSYS.as_bytes());
    env.import(&path);
    assert_eq!(
        numbers(&env.list(&["--school", "De Regenboog", "--class", "Groep 6"])),
        ["1001", "1002"]
    );
    // Typed in another case, the stored spelling is found.
    assert_eq!(numbers(&env.list(&["--class", "groep 8"])), ["1003"]);
    assert_eq!(numbers(&env.list(&["--school", "het anker"])), ["2001"]);
    assert!(env.list(&["--school", "Nergens"]).is_empty());

    let text = env.stdout(&["pupil", "list", "--school", "De Regenboog"]);
    let header = text.lines().next().unwrap();
    for col in ["number", "name", "born", "school", "class", "status"] {
        assert!(header.contains(col), "{header}");
    }
    let jan = text.lines().find(|l| l.starts_with("1001")).unwrap();
    for cell in [
        "Jan van der Berg",
        "2016-04-03",
        "De Regenboog",
        "Groep 6",
        "active",
    ] {
        assert!(jan.contains(cell), "{jan}");
    }
    assert!(text.contains("3 pupils"), "{text}");
}

#[test]
fn cli_imports_a_few_hundred_generated_pupils() {
    let env = Env::new();
    let first = [
        "Jan", "Ömer", "Zoë", "Daan", "Fatima", "Noah", "Eline", "Léa",
    ];
    let infix = ["", "van der", "de", "van", "van den", ""];
    let last = [
        "Berg",
        "Yılmaz",
        "Smit",
        "Vries",
        "El Amrani",
        "Bakker",
        "Jansen",
    ];
    let schools = ["De Regenboog", "Het Anker", "De Wegwijzer"];
    let mut csv = String::from(
        "\u{feff}Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\r\n",
    );
    let n = 360;
    for i in 0..n {
        let birth = format!("{:02}-{:02}-{}", 1 + i % 28, 1 + i % 12, 2012 + i % 8);
        csv += &format!(
            "{};{};{};\"{}\";{};Groep {};{}\r\n",
            10_000 + i,
            first[i % first.len()],
            infix[i % infix.len()],
            last[i % last.len()],
            birth,
            1 + i % 8,
            schools[i % schools.len()]
        );
    }
    let path = env.file("bestuur.csv", csv.as_bytes());
    let report = env.import(&path);
    assert_eq!(summary(&report), [n as u64, 0, 0, 0]);
    let rows = env.list(&[]);
    assert_eq!(rows.len(), n);
    let p = by_number(&rows, "10001");
    assert_eq!(p["first_name"], "Ömer");
    assert_eq!(p["infix"], "van der");
    assert_eq!(p["birth_date"], "2013-02-02");
    // 360 pupils over 3 schools and 8 groups: 15 per school and group.
    assert_eq!(
        env.list(&["--school", "Het Anker", "--class", "Groep 2"])
            .len(),
        15
    );
    assert_eq!(summary(&env.import(&path)), [0, 0, n as u64, 0]);
}

#[test]
fn a_number_that_now_names_another_child_is_refused_and_nothing_changes() {
    let env = Env::new();
    let first = env.file("a.csv", PARNASSYS.as_bytes());
    env.import(&first);
    let before = env.list(&["--all"]);
    // Another school's export reuses 1001 for a different child.
    let clash = env.file(
        "b.csv",
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\n\
         1001;Karim;;Amrani;2017-02-02;Groep 5;Het Anker\n"
            .as_bytes(),
    );
    let err = env.fails(&["pupil", "import", &clash], 1);
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("1001"), "{err}");
    assert!(err.contains("Jan van der Berg"), "{err}");
    assert!(err.contains("Karim Amrani"), "{err}");
    assert_eq!(env.list(&["--all"]), before, "nothing written");
}

#[test]
fn a_file_without_birth_dates_keeps_the_ones_on_record_and_future_ones_are_refused() {
    let env = Env::new();
    let first = env.file("a.csv", PARNASSYS.as_bytes());
    env.import(&first);
    let no_dates = env.file(
        "nodob.csv",
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;School\n\
         1001;Jan;van der;Berg;Groep 7;De Regenboog\n"
            .as_bytes(),
    );
    env.import(&no_dates);
    let jan = env
        .list(&[])
        .into_iter()
        .find(|p| p["number"] == "1001")
        .unwrap();
    assert_eq!(jan["class"], "Groep 7");
    assert_eq!(jan["birth_date"], "2016-04-03", "birth date kept");

    let future = env.file(
        "future.csv",
        "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\n\
         3001;Sem;;Bos;2030-01-01;Groep 1;De Regenboog\n"
            .as_bytes(),
    );
    let err = env.fails(&["pupil", "import", &future], 1);
    assert!(err.contains("line 2") && err.contains("future"), "{err}");
}

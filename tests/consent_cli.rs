//! `avgdesk consent ...` as a script sees it: the real binary with a fixed clock and user, a
//! temporary database with pupils put there through the library, and an empty config file.

mod common;

use avgdesk::domain::consent::Pupil;
use avgdesk::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use common::cli::{by_number as row, numbers, Env};
use serde_json::Value;

/// Monday 23 November 2026, 10:00 in Amsterdam.
const NOW: &str = "2026-11-23T10:00:00+01:00";
const USER: &str = "f.jansen";
const REGENBOOG: &str = "OBS De Regenboog";
const KOMPAS: &str = "CBS Het Kompas";

fn pupil(
    number: &str,
    first: &str,
    infix: &str,
    last: &str,
    birth: &str,
    class: &str,
    school: &str,
) -> Pupil {
    Pupil {
        number: number.into(),
        first_name: first.into(),
        infix: infix.into(),
        last_name: last.into(),
        birth_date: Some(NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap()),
        class: class.into(),
        school: school.into(),
        active: true,
    }
}

/// Five pupils in group 6 (two schools), one in group 7, and one who turns 16 on 2026-12-10.
fn pupils() -> Vec<Pupil> {
    vec![
        pupil(
            "1001",
            "Jan",
            "van der",
            "Berg",
            "2015-03-01",
            "6",
            REGENBOOG,
        ),
        pupil("1002", "Zoë", "", "Smit", "2015-06-10", "6", REGENBOOG),
        pupil("1003", "Daan", "de", "Vries", "2015-01-20", "6", REGENBOOG),
        pupil("1004", "Ömer", "", "Yılmaz", "2015-08-02", "6", REGENBOOG),
        pupil("1005", "Fleur", "", "Jansen", "2014-04-04", "7", REGENBOOG),
        pupil("2001", "Noah", "", "Bakker", "2015-02-02", "6", KOMPAS),
        pupil("2002", "Sem", "", "Visser", "2010-12-10", "7", KOMPAS),
    ]
}

impl Env {
    /// A private world for one test (see `common::cli`), at [`NOW`] as [`USER`]: a temporary
    /// database holding [`pupils`], and an empty config file.
    fn new() -> Env {
        let env = Env::with_clock(NOW, USER);
        let mut store = Store::open(&env.db, "import").unwrap();
        let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).unwrap().into();
        let summary = store.import_pupils(&pupils(), false, now).unwrap();
        assert_eq!(summary.added, 7);
        drop(store);
        env
    }

    /// Records an answer by a parent on a form, effective `on`.
    fn set(&self, pupil: &str, purpose: &str, value: &str, on: &str) -> Value {
        self.json(&[
            "consent",
            "set",
            "--pupil",
            pupil,
            "--purpose",
            purpose,
            "--value",
            value,
            "--by",
            "A. de Vries",
            "--role",
            "parent",
            "--on",
            on,
        ])
    }

    /// `consent list` rows as JSON.
    fn list_at(&self, now: &str, extra: &[&str]) -> Vec<Value> {
        self.rows_at(now, &[&["consent", "list"], extra].concat())
    }

    fn list(&self, extra: &[&str]) -> Vec<Value> {
        self.list_at(NOW, extra)
    }

    fn history(&self, pupil: &str) -> Vec<Value> {
        self.rows(&["consent", "history", "--pupil", pupil])
    }

    /// `consent export` of group 6 of De Regenboog: who may not appear on the website, with
    /// `extra` arguments.
    fn export_not_on_website(&self, extra: &[&str]) -> String {
        let args = [
            &[
                "--lang",
                "nl",
                "consent",
                "export",
                "--school",
                REGENBOOG,
                "--class",
                "6",
                "--purpose",
                "photo_website",
                "--state",
                "not_given",
            ],
            extra,
        ]
        .concat();
        self.stdout(&args)
    }
}

fn flags_of(rows: &[Value], number: &str) -> Vec<Value> {
    row(rows, number)["flags"].as_array().unwrap().clone()
}

/// The answers the group-6 question is asked about: given, refused, withdrawn, not asked.
fn website_answers(env: &Env) {
    env.set("1001", "photo_website", "given", "2026-09-01");
    env.set("1003", "photo_website", "refused", "2026-09-01");
    env.set("1004", "photo_website", "given", "2026-09-01");
    env.set("1004", "photo_website", "withdrawn", "2026-11-20");
    env.set("2001", "photo_website", "given", "2026-09-01");
    // 1002 (Zoë) was never asked.
}

// ---------------------------------------------------------------------------------------------
// set, history, list

#[test]
fn a_withdrawal_keeps_the_history() {
    let env = Env::new();
    let given = env.set("1001", "photo_social", "given", "2026-09-01");
    assert_eq!(given["value"], "given");
    assert_eq!(given["effective"], "2026-09-01");
    assert_eq!(given["in_effect"], true);
    assert_eq!(given["form_version"], "2026-1");
    assert_eq!(given["recorded_by"], USER);

    // A parent mails that they withdraw: recorded today by default.
    let text = env.stdout(&[
        "consent",
        "set",
        "--pupil",
        "1001",
        "--purpose",
        "photo_social",
        "--value",
        "withdrawn",
        "--by",
        "A. de Vries",
        "--role",
        "parent",
        "--method",
        "email",
    ]);
    assert!(text.contains("1001 Jan van der Berg"), "{text}");
    assert!(text.contains("withdrawn from 2026-11-23"), "{text}");

    let history = env.history("1001");
    assert_eq!(history.len(), 2, "{history:#?}");
    assert_eq!(history[0]["value"], "given");
    assert_eq!(history[0]["effective"], "2026-09-01");
    assert_eq!(history[0]["in_effect"], false);
    assert_eq!(history[1]["value"], "withdrawn");
    assert_eq!(history[1]["effective"], "2026-11-23");
    assert_eq!(history[1]["method"], "email");
    assert_eq!(history[1]["in_effect"], true);
    for e in &history {
        for field in [
            "purpose",
            "value",
            "effective",
            "given_by",
            "role",
            "method",
            "form_version",
            "recorded_by",
            "recorded_at",
        ] {
            assert!(e.get(field).is_some(), "{field} missing in {e:#}");
        }
        assert_eq!(e["purpose"], "photo_social");
        assert_eq!(e["given_by"], "A. de Vries");
        assert_eq!(e["role"], "parent");
    }

    let rows = env.list(&[]);
    let jan = row(&rows, "1001");
    assert_eq!(jan["name"], "Jan van der Berg");
    assert_eq!(jan["class"], "6");
    assert_eq!(jan["school"], REGENBOOG);
    assert_eq!(jan["states"]["photo_social"], "withdrawn");
    assert_eq!(jan["states"]["photo_website"], "not_asked");
    assert_eq!(jan["states"].as_object().unwrap().len(), 10);

    let text = env.stdout(&["consent", "history", "--pupil", "1001"]);
    assert!(text.contains("Jan van der Berg"), "{text}");
    assert!(text.contains("given"), "{text}");
    assert!(text.contains("withdrawn"), "{text}");
    assert!(text.contains("(in effect)"), "{text}");
}

#[test]
fn dutch_values_are_accepted() {
    let env = Env::new();
    let e = env.json(&[
        "consent",
        "set",
        "--pupil",
        "1002",
        "--purpose",
        "medical",
        "--value",
        "ingetrokken",
        "--by",
        "M. Smit",
        "--role",
        "ouder",
        "--method",
        "mondeling",
        "--on",
        "23-11-2026",
    ]);
    assert_eq!(e["value"], "withdrawn");
    assert_eq!(e["role"], "parent");
    assert_eq!(e["method"], "verbal");
    assert_eq!(e["effective"], "2026-11-23");
    assert_eq!(e["given_by"], "M. Smit");
}

#[test]
fn below_16_only_parents_answer_and_answers_are_never_back_dated_past_a_later_one() {
    let env = Env::new();
    // Zoë is 11: her own answer is refused, with what to do instead.
    let err = env
        .cmd()
        .args([
            "consent",
            "set",
            "--pupil",
            "1002",
            "--purpose",
            "medical",
            "--value",
            "given",
            "--by",
            "Zoë Smit",
            "--role",
            "pupil",
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("below 16 the parents answer"), "{err}");
    // A withdrawal dated before a later answer would not take effect: refused, not silently lost.
    env.set("1001", "photo_website", "given", "2026-11-23");
    let err = env
        .cmd()
        .args([
            "consent",
            "set",
            "--pupil",
            "1001",
            "--purpose",
            "photo_website",
            "--value",
            "withdrawn",
            "--by",
            "A. Berg",
            "--role",
            "parent",
            "--on",
            "2026-11-22",
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("later answer"), "{err}");
    let history = env.json(&["consent", "history", "--pupil", "1001"]);
    assert_eq!(history.as_array().unwrap().len(), 1, "nothing written");
}

#[test]
fn an_answer_dated_in_the_future_is_not_yet_in_effect() {
    let env = Env::new();
    env.set("1001", "photo_newsletter", "given", "2026-09-01");
    let later = env.set("1001", "photo_newsletter", "withdrawn", "2026-12-01");
    assert_eq!(later["in_effect"], false);
    let first = env.set("1002", "photo_newsletter", "given", "2026-12-01");
    assert_eq!(first["in_effect"], false);

    let rows = env.list(&[]);
    assert_eq!(row(&rows, "1001")["states"]["photo_newsletter"], "given");
    assert_eq!(
        row(&rows, "1002")["states"]["photo_newsletter"],
        "not_asked"
    );
    let text = env.stdout(&[
        "--lang",
        "nl",
        "consent",
        "export",
        "--class",
        "6",
        "--school",
        REGENBOOG,
        "--purpose",
        "photo_newsletter",
        "--format",
        "csv",
    ]);
    assert!(
        text.contains("Jan van der Berg;6;OBS De Regenboog;ja\n"),
        "{text}"
    );
    assert!(text.contains("Zoë Smit;6;OBS De Regenboog;nee\n"), "{text}");

    let rows = env.list_at("2026-12-01T08:00:00+01:00", &[]);
    assert_eq!(
        row(&rows, "1001")["states"]["photo_newsletter"],
        "withdrawn"
    );
    assert_eq!(row(&rows, "1002")["states"]["photo_newsletter"], "given");

    let history = env.history("1001");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["in_effect"], true, "{history:#?}");
    assert_eq!(history[1]["in_effect"], false, "{history:#?}");
}

// ---------------------------------------------------------------------------------------------
// filters

#[test]
fn who_of_group_6_may_not_appear_on_the_website() {
    let env = Env::new();
    website_answers(&env);
    let args = [
        "--school",
        REGENBOOG,
        "--class",
        "6",
        "--purpose",
        "photo_website",
        "--state",
        "refused,withdrawn",
        "--state",
        "not_asked",
    ];
    let rows = env.list(&args);
    // Sorted by last name: Smit, Vries (de), Yılmaz; Jan gave consent.
    assert_eq!(numbers(&rows), ["1002", "1003", "1004"], "{rows:#?}");
    assert_eq!(row(&rows, "1002")["states"]["photo_website"], "not_asked");
    assert_eq!(row(&rows, "1003")["states"]["photo_website"], "refused");
    assert_eq!(row(&rows, "1004")["states"]["photo_website"], "withdrawn");

    // "not_given" is the same question in one word.
    let short = env.list(&[
        "--school",
        REGENBOOG,
        "--class",
        "groep 6",
        "--purpose",
        "photo_website",
        "--state",
        "not_given",
    ]);
    assert_eq!(numbers(&short), numbers(&rows));

    let text = env.stdout(&[
        "consent",
        "list",
        "--school",
        REGENBOOG,
        "--class",
        "6",
        "--purpose",
        "photo_website",
        "--state",
        "not_given",
    ]);
    assert!(text.contains("Zoë Smit"), "{text}");
    assert!(text.contains("not_asked"), "{text}");
    assert!(!text.contains("Jan van der Berg"), "{text}");
    assert!(text.contains("3 pupils"), "{text}");

    let given = env.list(&["--purpose", "photo_website", "--state", "given"]);
    assert_eq!(numbers(&given), ["2001", "1001"], "{given:#?}");
}

#[test]
fn school_class_and_name_filters() {
    let env = Env::new();
    let all = env.list(&[]);
    assert_eq!(all.len(), 7);
    // School, then class, then last name.
    assert_eq!(
        numbers(&all),
        ["2001", "2002", "1001", "1002", "1003", "1004", "1005"]
    );
    let class6 = env.list(&["--class", "6"]);
    assert_eq!(numbers(&class6), ["2001", "1001", "1002", "1003", "1004"]);
    let kompas = env.list(&["--school", "cbs het kompas"]);
    assert_eq!(numbers(&kompas), ["2001", "2002"]);
    let seven = env.list(&["--school", REGENBOOG, "--class", "7"]);
    assert_eq!(numbers(&seven), ["1005"]);
    let search = env.list(&["--search", "van der"]);
    assert_eq!(numbers(&search), ["1001"]);
    let zoe = env.list(&["--search", "Zoë"]);
    assert_eq!(numbers(&zoe), ["1002"]);
}

// ---------------------------------------------------------------------------------------------
// lists for teachers

#[test]
fn export_csv_says_yes_only_for_given() {
    let env = Env::new();
    website_answers(&env);
    env.set("1001", "photo_newsletter", "refused", "2026-09-01");
    let export = |lang: &str| {
        env.stdout(&[
            "--lang",
            lang,
            "consent",
            "export",
            "--school",
            REGENBOOG,
            "--class",
            "6",
            "--purpose",
            "photo_website,photo_newsletter",
            "--format",
            "csv",
        ])
    };
    // In Dutch for Dutch Excel: `;`-separated UTF-8 with a byte-order mark, so a double-click
    // opens it in columns with "Zoë" and "Ömer" spelt right.
    let csv = export("nl");
    let body = csv
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no BOM: {csv:?}"));
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines,
        [
            "Leerling;Groep;School;Foto/video op de website;Foto/video in de nieuwsbrief",
            "Jan van der Berg;6;OBS De Regenboog;ja;nee",
            "Zoë Smit;6;OBS De Regenboog;nee;nee",
            "Daan de Vries;6;OBS De Regenboog;nee;nee",
            "Ömer Yılmaz;6;OBS De Regenboog;nee;nee",
        ],
        "{csv}"
    );
    // In English `,`-separated without a mark.
    let csv = export("en");
    assert!(
        csv.starts_with("Pupil,Class,School,Photo/video on the website,"),
        "{csv}"
    );
    assert!(
        csv.contains("\nJan van der Berg,6,OBS De Regenboog,yes,no\n"),
        "{csv}"
    );

    // The teacher's question as a list: only those who may not appear on the website.
    let csv = env.export_not_on_website(&["--format", "csv"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(!csv.contains("Jan van der Berg"), "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.ends_with(";nee")), "{csv}");
}

#[test]
fn export_text_has_a_title_and_aligned_columns() {
    let env = Env::new();
    website_answers(&env);
    let text = env.export_not_on_website(&[]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains(REGENBOOG), "{text}");
    assert!(lines[0].contains("Groep: 6"), "{text}");
    assert!(lines[0].contains("Foto/video op de website"), "{text}");
    assert!(lines[0].contains("23-11-2026"), "{text}");
    assert!(
        text.contains("geweigerd, ingetrokken, niet gevraagd"),
        "{text}"
    );
    assert!(text.contains("3 leerlingen"), "{text}");
    let header = lines
        .iter()
        .position(|l| l.starts_with("Leerling"))
        .unwrap();
    let column = lines[header].find("Foto/video").unwrap();
    let body = &lines[header + 2..];
    assert_eq!(body.len(), 3, "{text}");
    for l in body {
        // Aligned by characters: "Zoë" and "Yılmaz" take as much room as ASCII names.
        let cells: Vec<char> = l.chars().collect();
        let at: String = cells[column..].iter().collect();
        assert_eq!(at, "nee", "{text}");
    }

    // In English, with every purpose.
    let out = env
        .cmd()
        .args([
            "--lang", "en", "consent", "export", "--class", "6", "--school", KOMPAS,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Photo/video on the website"), "{text}");
    assert!(text.contains("Processing medical data"), "{text}");
    assert!(text.contains("2026-11-23"), "{text}");
    assert!(text.contains("1 pupil"), "{text}");
    let noah = text.lines().find(|l| l.starts_with("Noah Bakker")).unwrap();
    assert_eq!(noah.matches("yes").count(), 1, "{text}");
    assert_eq!(noah.matches("no").count(), 9, "{text}");
}

#[cfg(unix)]
#[test]
fn export_to_a_file_is_private_and_prints_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    website_answers(&env);
    let file = env.dir.path().join("groep6.csv");
    // An existing, world-readable file is replaced (--force) by a new private one.
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .args([
            "--lang",
            "nl",
            "consent",
            "export",
            "--class",
            "6",
            "--purpose",
            "photo_website",
            "--force",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The .csv name chose the format.
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("\u{feff}Leerling;Groep;School;"), "{csv}");
    assert_eq!(csv.lines().count(), 6, "{csv}");

    let txt = env.dir.path().join("groep6.txt");
    env.cmd()
        .args(["--lang", "nl", "consent", "export", "--class", "6", "--out"])
        .arg(&txt)
        .assert()
        .success()
        .stdout("");
    let mode = std::fs::metadata(&txt).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(std::fs::read_to_string(&txt)
        .unwrap()
        .contains("5 leerlingen"));
}

// ---------------------------------------------------------------------------------------------
// flags

#[test]
fn turning_16_within_30_days_is_flagged() {
    let env = Env::new();
    let rows = env.list(&[]);
    let sem = flags_of(&rows, "2002");
    assert_eq!(sem.len(), 1, "{sem:#?}");
    assert_eq!(sem[0]["flag"], "turns_sixteen");
    assert_eq!(sem[0]["on"], "2026-12-10");
    assert!(flags_of(&rows, "1001").is_empty());

    // Two months earlier the birthday is not near yet.
    let rows = env.list_at("2026-10-01T10:00:00+02:00", &[]);
    assert!(flags_of(&rows, "2002").is_empty());

    // After the birthday, parental answers only: the pupil now decides.
    env.set("2002", "photo_website", "given", "2026-09-01");
    let rows = env.list_at("2026-12-11T10:00:00+01:00", &[]);
    let sem = flags_of(&rows, "2002");
    assert_eq!(sem.len(), 1, "{sem:#?}");
    assert_eq!(sem[0]["flag"], "sixteen_with_parental_answers");

    let text = env.stdout(&["consent", "list", "--school", KOMPAS]);
    let line = text.lines().find(|l| l.contains("Sem Visser")).unwrap();
    assert!(line.contains("turns 16 on 2026-12-10"), "{text}");
}

#[test]
fn an_answer_on_an_older_form_is_flagged() {
    let env = Env::new();
    env.set("1001", "photo_website", "given", "2026-09-01");
    env.json(&[
        "consent",
        "set",
        "--pupil",
        "1002",
        "--purpose",
        "photo_website",
        "--value",
        "given",
        "--by",
        "B. Smit",
        "--role",
        "parent",
        "--form-version",
        "2025-1",
        "--on",
        "2025-09-01",
    ]);
    let rows = env.list(&[]);
    assert!(flags_of(&rows, "1001").is_empty());
    let zoe = flags_of(&rows, "1002");
    assert_eq!(zoe.len(), 1, "{zoe:#?}");
    assert_eq!(zoe[0]["flag"], "outdated_form");
    assert_eq!(zoe[0]["purpose"], "photo_website");
    let text = env.stdout(&["consent", "list", "--search", "Smit"]);
    assert!(text.contains("outdated form: photo_website"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// errors

#[test]
fn mistakes_in_the_call_exit_with_2() {
    let env = Env::new();
    let set = |extra: &[&str]| {
        let mut args = vec![
            "consent",
            "set",
            "--pupil",
            "1001",
            "--purpose",
            "photo_website",
            "--by",
            "A. de Vries",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let call = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        env.fails(&refs, 2)
    };
    let e = call(set(&["--value", "maybe", "--role", "parent"]));
    assert!(e.contains("given, refused, withdrawn"), "{e}");
    let e = call(set(&["--value", "given", "--role", "teacher"]));
    assert!(e.contains("parent, pupil"), "{e}");
    let e = call(set(&[
        "--value", "given", "--role", "parent", "--method", "fax",
    ]));
    assert!(e.contains("form, email, portal, verbal"), "{e}");
    let e = call(set(&[
        "--value",
        "given",
        "--role",
        "parent",
        "--on",
        "yesterday",
    ]));
    assert!(e.contains("YYYY-MM-DD"), "{e}");
    call(set(&["--role", "parent"]));

    let e = env.fails(&["consent", "list", "--state", "refused"], 2);
    assert!(e.contains("--purpose"), "{e}");
    let e = env.fails(
        &["consent", "export", "--class", "6", "--state", "not_given"],
        2,
    );
    assert!(e.contains("--purpose"), "{e}");
    let e = env.fails(
        &[
            "consent",
            "list",
            "--purpose",
            "photo_website",
            "--state",
            "perhaps",
        ],
        2,
    );
    assert!(e.contains("not_asked"), "{e}");
    let e = env.fails(&["consent", "export", "--format", "pdf"], 2);
    assert!(e.contains("csv"), "{e}");
    env.fails(&["consent", "history"], 2);
    assert!(env.history("1001").is_empty(), "nothing was written");
}

#[test]
fn unknown_pupils_purposes_and_schools_exit_with_1() {
    let env = Env::new();
    let e = env.fails(
        &[
            "consent",
            "set",
            "--pupil",
            "9999",
            "--purpose",
            "photo_website",
            "--value",
            "given",
            "--by",
            "A. de Vries",
            "--role",
            "parent",
        ],
        1,
    );
    assert!(e.contains("no pupil with number \"9999\""), "{e}");
    let e = env.fails(
        &[
            "consent",
            "set",
            "--pupil",
            "1001",
            "--purpose",
            "website",
            "--value",
            "given",
            "--by",
            "A. de Vries",
            "--role",
            "parent",
        ],
        1,
    );
    assert!(e.contains("unknown purpose \"website\""), "{e}");
    assert!(e.contains("photo_website"), "{e}");
    assert!(e.contains("medical"), "{e}");
    let e = env.fails(
        &[
            "consent",
            "set",
            "--pupil",
            "1001",
            "--purpose",
            "medical",
            "--value",
            "given",
            "--by",
            " ",
            "--role",
            "parent",
        ],
        1,
    );
    assert!(e.contains("given by"), "{e}");
    assert!(env.history("1001").is_empty(), "nothing was written");

    let e = env.fails(&["consent", "history", "--pupil", "9999"], 1);
    assert!(e.contains("9999"), "{e}");
    let e = env.fails(&["consent", "list", "--purpose", "website"], 1);
    assert!(e.contains("photo_website"), "{e}");
    let e = env.fails(&["consent", "export", "--school", "OBS Nergens"], 1);
    assert!(e.contains(REGENBOOG) && e.contains(KOMPAS), "{e}");
    let e = env.fails(&["consent", "list", "--school", KOMPAS, "--class", "8"], 1);
    assert!(e.contains("6, 7"), "{e}");
}

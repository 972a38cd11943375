//! Letters from the command line (issue 10): every letter rendered for fixed records in Dutch
//! and English and kept as a snapshot, the content the law asks for checked by assertion, the
//! board's own templates, broken templates, writing files, and the mistakes a script can make.
//!
//! The records are made the way an officer makes them, through the real binary with a fixed
//! clock: requests received on Tuesday 3 March 2026 (the rules' worked example: policy deadline
//! Tuesday 31 March 2026), a breach the school became aware of on Monday 16 March 2026.

mod common;

use common::cli::{fails_with, stdout_of, Env};
use std::path::Path;

/// Friday 20 March 2026, 10:00 in Amsterdam: within the notice deadline of 31 March.
const NOW: &str = "2026-03-20T10:00:00+01:00";
const USER: &str = "fg.tester";

// In English: the tests read the command line's English messages (the letters stay Dutch).
const CONFIG: &str = r#"language = "en"
signatory = "A. de Vries, privacyofficer"
complaints_url = "https://www.ijsselgraaf.example/klachtenregeling"

[organisation]
name = "Stichting IJsselgraaf"
contact_name = "M. Jansen"
contact_role = "FG"
email = "privacy@ijsselgraaf.example"
phone = "0314 - 382 990"
"#;

const ERASURE_REASON: &str =
    "De gegevens vallen onder de wettelijke bewaarplicht van de leerlingadministratie.";
const EXTENSION_REASON: &str =
    "Wij moeten de gegevens bij drie scholen en twee verwerkers opvragen.";
const PARTLY_REASON: &str =
    "Het verslag van de jeugdarts is niet door de school opgesteld en blijft ongewijzigd.";

/// A world with the board's config and these records:
/// - V-2026-0001 access by a parent for her son, not yet decided;
/// - V-2026-0002 erasure, extended, then refused;
/// - V-2026-0003 rectification with two recipients, partly granted;
/// - V-2026-0004 access, granted;
/// - D-2026-0001 a lost USB stick, high risk, notified to the AP, with a call log.
fn world() -> Env {
    let env = Env::with_clock(NOW, USER);
    std::fs::write(&env.config, CONFIG).unwrap();
    let add = |kind: &str, summary: &str| {
        env.stdout(&[
            "request",
            "add",
            "--kind",
            kind,
            "--received",
            "2026-03-03",
            "--requester",
            "Sanne de Vries",
            "--role",
            "parent",
            "--contact",
            "s.devries@example.nl",
            "--pupil",
            "Daan de Vries",
            "--school",
            "OBS De Regenboog",
            "--class",
            "groep 6",
            "--summary",
            summary,
        ]);
    };
    add(
        "access",
        "Vraagt een kopie van het leerlingdossier van Daan,\ninclusief de verslagen van de intern begeleider.",
    );
    add("erasure", "Wil dat het dossier van Daan wordt verwijderd.");
    add(
        "rectification",
        "Het adres en het telefoonnummer kloppen niet sinds de verhuizing.",
    );
    add("access", "Kopie van de toetsresultaten.");
    let run = |args: &[&str]| {
        env.stdout(args);
    };
    run(&[
        "request",
        "extend",
        "V-2026-0002",
        "--reason",
        EXTENSION_REASON,
    ]);
    run(&[
        "request",
        "decide",
        "V-2026-0002",
        "--decision",
        "refused",
        "--reason",
        ERASURE_REASON,
        "--on",
        "2026-03-19",
    ]);
    run(&["request", "recipient", "V-2026-0003", "Schoolfotograaf"]);
    run(&[
        "request",
        "recipient",
        "V-2026-0003",
        "ParnasSys (leerlingadministratie)",
    ]);
    run(&[
        "request",
        "decide",
        "V-2026-0003",
        "--decision",
        "partly_granted",
        "--reason",
        PARTLY_REASON,
        "--on",
        "2026-03-18",
    ]);
    run(&[
        "request",
        "decide",
        "V-2026-0004",
        "--decision",
        "granted",
        "--on",
        "2026-03-17",
    ]);
    run(&[
        "breach",
        "add",
        "--aware",
        "2026-03-16 16:20",
        "--title",
        "USB-stick met leerlingdossiers kwijt",
    ]);
    run(&[
        "breach",
        "log",
        "D-2026-0001",
        "IB'er belt: USB-stick in de trein verloren",
    ]);
    run(&[
        "breach",
        "update",
        "D-2026-0001",
        "--occurred",
        "2026-03-16 08:10",
        "--description",
        "Een medewerker is een USB-stick met de ontwikkelingsperspectieven van groep 8 verloren in de trein.",
        "--consequences",
        "Iemand die de stick vindt, kan gegevens over de ontwikkeling en de gezondheid van leerlingen lezen.",
        "--measures-taken",
        "Wij hebben de vervoerder gevraagd de stick te zoeken en alle medewerkers een versleutelde stick gegeven.",
        "--measures-planned",
        "Vanaf april kunnen dossiers alleen nog in de beveiligde omgeving worden opgeslagen.",
        "--categories",
        "name_address,sex_birth_age,health",
        "--people",
        "20-31",
        "--groups",
        "pupils,parents",
        "--encrypted",
        "no",
    ]);
    run(&[
        "breach",
        "assess",
        "D-2026-0001",
        "--risk",
        "high",
        "--reason",
        "gezondheidsgegevens van kinderen, onversleuteld",
    ]);
    run(&[
        "breach",
        "notify-ap",
        "D-2026-0001",
        "--at",
        "2026-03-17 11:00",
        "--reference",
        "AP-2026-100200",
    ]);
    env
}

/// Runs `cmd`, expects success and returns (stdout, stderr): for warnings beside the letter.
fn with_warnings(cmd: &mut assert_cmd::Command) -> (String, String) {
    let out = cmd.assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn letter(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["letter"];
    all.extend_from_slice(args);
    env.stdout(&all)
}

/// Both languages of one letter, each compared as a snapshot; returns (Dutch, English).
fn both(env: &Env, name: &str, kind: &str, id: &str) -> (String, String) {
    let nl = letter(env, &[kind, id]);
    let en = letter(env, &[kind, id, "--lang", "en"]);
    insta::assert_snapshot!(format!("{name}_nl"), nl);
    insta::assert_snapshot!(format!("{name}_en"), en);
    for text in [&nl, &en] {
        for placeholder in ["[naam]", "[name]", "TODO", "Lorem", "{{", "{%"] {
            assert!(
                !text.contains(placeholder),
                "{placeholder:?} left in:\n{text}"
            );
        }
    }
    (nl, en)
}

#[test]
fn acknowledgement_names_the_deadline_in_words_the_extension_and_the_contact() {
    let env = world();
    let (nl, en) = both(&env, "acknowledgement", "acknowledgement", "V-2026-0001");
    assert!(
        nl.contains("Op 3 maart 2026 hebben wij uw verzoek ontvangen"),
        "{nl}"
    );
    assert!(nl.contains("uiterlijk op dinsdag 31 maart 2026"), "{nl}");
    assert!(nl.contains("twee maanden verlengen"), "{nl}");
    assert!(nl.contains("privacy@ijsselgraaf.example"), "{nl}");
    assert!(nl.contains("A. de Vries, privacyofficer"), "{nl}");
    // The request's own text is not quoted back (issue 16 §1): the kind says what was asked.
    assert!(!nl.contains("intern begeleider"), "{nl}");
    assert!(!en.contains("intern begeleider"), "{en}");
    assert!(en.contains("no later than Tuesday 31 March 2026"), "{en}");
}

#[test]
fn identification_says_no_copy_of_an_identity_document_and_that_the_term_is_suspended() {
    let env = world();
    let (nl, en) = both(&env, "identification", "identification", "V-2026-0001");
    assert!(nl.contains("Stuur ons geen kopie"), "{nl}");
    assert!(nl.contains("artikel 8.1"), "{nl}");
    assert!(nl.contains("opgeschort"), "{nl}");
    assert!(
        nl.contains("ouder of wettelijk vertegenwoordiger van Daan de Vries"),
        "{nl}"
    );
    assert!(en.contains("Do not send us a copy"), "{en}");
    assert!(en.contains("suspended"), "{en}");
    // Once identity is checked, the same letter asks for a clarification instead.
    env.stdout(&[
        "request",
        "identity",
        "V-2026-0001",
        "--method",
        "bekende ouder, via schoolmailadres",
    ]);
    let nl = letter(&env, &["identification", "V-2026-0001"]);
    assert!(nl.contains("Betreft: verzoek om verduidelijking"), "{nl}");
    assert!(!nl.contains("identiteitsbewijs zien"), "{nl}");
}

#[test]
fn extension_gives_the_reason_and_the_new_deadline() {
    let env = world();
    let (nl, en) = both(&env, "extension", "extension", "V-2026-0002");
    assert!(nl.contains(EXTENSION_REASON), "{nl}");
    // Received 3 March, policy four weeks: (3 March + 4 weeks) + 2 months = 31 May 2026, a
    // Sunday, rolled to Monday 1 June; the legal 3 June is later.
    assert!(nl.contains("uiterlijk op maandag 1 juni 2026"), "{nl}");
    assert!(nl.contains("artikel 12, lid 3 AVG"), "{nl}");
    assert!(en.contains("no later than Monday 1 June 2026"), "{en}");
}

#[test]
fn an_extension_letter_after_the_notice_deadline_is_printed_with_a_warning() {
    let env = world();
    let (stdout, stderr) = with_warnings(env.cmd_at("2026-04-02T10:00:00+02:00").args([
        "letter",
        "extension",
        "V-2026-0002",
    ]));
    assert!(
        stderr.contains("warning") && stderr.contains("Tuesday 31 March 2026"),
        "{stderr}"
    );
    assert!(stdout.contains(EXTENSION_REASON), "{stdout}");
}

/// What every decision letter says about complaining (GDPR art. 12(4); the regulation, 8).
fn names_the_complaint_routes(nl: &str, en: &str) {
    assert!(
        nl.contains("klachtenregeling van Stichting IJsselgraaf"),
        "{nl}"
    );
    assert!(
        nl.contains("https://www.ijsselgraaf.example/klachtenregeling"),
        "{nl}"
    );
    assert!(nl.contains("Autoriteit Persoonsgegevens"), "{nl}");
    assert!(nl.contains("rechter"), "{nl}");
    assert!(
        en.contains("complaint procedure of Stichting IJsselgraaf"),
        "{en}"
    );
    assert!(en.contains("Autoriteit Persoonsgegevens"), "{en}");
    assert!(en.contains("go to court"), "{en}");
}

#[test]
fn a_granted_access_decision_lists_what_article_15_requires() {
    let env = world();
    let (nl, en) = both(&env, "decision_access_granted", "decision", "V-2026-0004");
    names_the_complaint_routes(&nl, &en);
    assert!(nl.contains("kopie van de persoonsgegevens"), "{nl}");
    for item in [
        "a. Doelen",
        "b. Soorten gegevens",
        "c. Ontvangers",
        "d. Bewaartermijn",
        "e. Uw rechten",
        "f. Klacht",
        "g. Herkomst",
        "h. Geautomatiseerde besluiten",
    ] {
        assert!(nl.contains(item), "{item} missing:\n{nl}");
    }
    assert!(nl.contains("besloten uw verzoek in te willigen"), "{nl}");
}

#[test]
fn a_refused_decision_gives_the_reason_and_the_complaint_routes() {
    let env = world();
    let (nl, en) = both(&env, "decision_refused", "decision", "V-2026-0002");
    names_the_complaint_routes(&nl, &en);
    assert!(nl.contains("besloten uw verzoek af te wijzen"), "{nl}");
    assert!(nl.contains(ERASURE_REASON), "{nl}");
    assert!(en.contains(ERASURE_REASON), "{en}");
    // Refused: nothing was changed, so no art. 15 list and no art. 19 promise.
    assert!(
        !nl.contains("a. Doelen") && !nl.contains("artikel 19"),
        "{nl}"
    );
}

#[test]
fn a_partly_granted_decision_gives_the_reason_and_promises_to_tell_the_recipients() {
    let env = world();
    let (nl, en) = both(&env, "decision_partly", "decision", "V-2026-0003");
    names_the_complaint_routes(&nl, &en);
    assert!(nl.contains("gedeeltelijk in te willigen"), "{nl}");
    assert!(nl.contains(PARTLY_REASON), "{nl}");
    assert!(nl.contains("artikel 19 AVG"), "{nl}");
    assert!(en.contains("Article 19 GDPR"), "{en}");
}

#[test]
fn recipients_get_one_letter_each() {
    let env = world();
    let (nl, _en) = both(&env, "recipients", "recipients", "V-2026-0003");
    let letters: Vec<&str> = nl
        .split("----------------------------------------")
        .collect();
    assert_eq!(letters.len(), 2, "{nl}");
    assert!(letters[0].contains("Aan: Schoolfotograaf"), "{nl}");
    assert!(
        letters[1].contains("Aan: ParnasSys (leerlingadministratie)"),
        "{nl}"
    );
    for l in letters {
        assert!(l.contains("Artikel 19 AVG verplicht ons"), "{l}");
        assert!(l.contains("op dezelfde manier te corrigeren"), "{l}");
    }
}

#[test]
fn the_article_34_letter_has_the_four_items_of_article_34_2() {
    let env = world();
    let (nl, en) = both(&env, "subjects", "subjects", "D-2026-0001");
    // The nature of the breach, in plain language.
    assert!(
        nl.contains("USB-stick met de ontwikkelingsperspectieven"),
        "{nl}"
    );
    // The contact point: the FG, with how to reach them.
    assert!(nl.contains("M. Jansen (FG)"), "{nl}");
    assert!(nl.contains("privacy@ijsselgraaf.example"), "{nl}");
    // The likely consequences.
    assert!(
        nl.contains("kan gegevens over de ontwikkeling en de gezondheid"),
        "{nl}"
    );
    // The measures taken and proposed.
    assert!(
        nl.contains("alle medewerkers een versleutelde stick"),
        "{nl}"
    );
    assert!(nl.contains("Vanaf april kunnen dossiers"), "{nl}");
    assert!(
        nl.contains("gemeld bij de Autoriteit Persoonsgegevens"),
        "{nl}"
    );
    assert!(en.contains("What could the consequences be?"), "{en}");
}

#[test]
fn the_ap_text_leaves_the_call_log_out_unless_asked() {
    let env = world();
    let (nl, en) = both(&env, "ap", "ap", "D-2026-0001");
    // Times as in every other Dutch text (issue 16 §1), not ISO with an offset.
    assert!(
        nl.contains("Bekend bij de school (72 uur vanaf): 16 maart 2026 16:20\n"),
        "{nl}"
    );
    assert!(en.contains("17 March 2026 11:00"), "{en}");
    for text in [&nl, &en] {
        assert!(!text.contains("IB'er belt"), "{text}");
        assert!(!text.contains("15."), "{text}");
        assert!(text.contains("14. "), "{text}");
    }
    let with_log = letter(&env, &["ap", "D-2026-0001", "--with-log"]);
    assert!(with_log.contains("15. Logboek"), "{with_log}");
    assert!(with_log.contains("IB'er belt"), "{with_log}");
    // With the log it is exactly what `breach export` writes.
    let export = env.stdout(&["--lang", "nl", "breach", "export", "D-2026-0001"]);
    assert_eq!(with_log, export);
    let fails = env.fails(&["letter", "decision", "V-2026-0004", "--with-log"], 2);
    assert!(
        fails.contains("--with-log is for the ap letter only"),
        "{fails}"
    );
}

#[test]
fn the_ap_text_warns_when_the_organisation_block_is_empty() {
    let env = world();
    std::fs::write(&env.config, common::cli::ENGLISH).unwrap();
    let (stdout, stderr) = with_warnings(env.cmd().args(["letter", "ap", "D-2026-0001"]));
    assert!(stderr.contains("[organisation] block"), "{stderr}");
    assert!(stdout.contains("Organisatie: —"), "{stdout}");
}

#[test]
fn a_letter_to_a_person_without_the_boards_name_is_refused_with_the_key() {
    let env = world();
    std::fs::write(&env.config, common::cli::ENGLISH).unwrap();
    let e = env.fails(&["letter", "acknowledgement", "V-2026-0001"], 1);
    assert!(e.contains("organisation.name is not set"), "{e}");
    // Without a signatory the organisation's contact signs.
    std::fs::write(
        &env.config,
        "language = \"en\"\n[organisation]\nname = \"B\"\nemail = \"p@b.example\"\ncontact_name = \"M. Jansen\"\ncontact_role = \"FG\"\n",
    )
    .unwrap();
    let nl = letter(&env, &["acknowledgement", "V-2026-0001"]);
    assert!(nl.ends_with("M. Jansen, FG\nB\n"), "{nl}");
    // Without a complaint procedure in the config the decision names the board's and warns.
    let (stdout, stderr) = with_warnings(env.cmd().args(["letter", "decision", "V-2026-0002"]));
    assert!(stderr.contains("complaints_url is not set"), "{stderr}");
    assert!(stdout.contains("de klachtenregeling van B."), "{stdout}");
}

#[test]
fn letters_that_do_not_fit_the_state_are_refused_with_the_reason() {
    let env = world();
    let e = env.fails(&["letter", "decision", "V-2026-0001"], 1);
    assert!(e.contains("no decision has been recorded yet"), "{e}");
    let e = env.fails(&["letter", "extension", "V-2026-0001"], 1);
    assert!(e.contains("was not extended"), "{e}");
    let e = env.fails(&["letter", "recipients", "V-2026-0002"], 1);
    assert!(e.contains("only after a request granted"), "{e}");
    let e = env.fails(&["letter", "recipients", "V-2026-0004"], 1);
    assert!(
        e.contains("only after rectification, erasure or restriction"),
        "{e}"
    );
}

#[test]
fn a_bad_kind_is_a_usage_error_and_an_unknown_id_a_failure() {
    let env = world();
    let e = env.fails(&["letter", "memo", "V-2026-0001"], 2);
    assert!(e.contains("unknown letter \"memo\""), "{e}");
    assert!(e.contains("acknowledgement, identification"), "{e}");
    let e = env.fails(&["letter", "decision", "V-2026-0999"], 1);
    assert!(e.contains("no request with id V-2026-0999"), "{e}");
    let e = env.fails(&["letter", "ap", "D-2026-0999"], 1);
    assert!(e.contains("no breach with id D-2026-0999"), "{e}");
    let e = env.fails(&["letter", "decision"], 2);
    assert!(e.contains("ID"), "{e}");
}

fn override_template(env: &Env, name: &str, text: &str) -> std::path::PathBuf {
    let path = env.path("templates").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_boards_own_template_wins_and_is_listed() {
    let env = world();
    let path = override_template(
        &env,
        "nl/acknowledgement.txt.j2",
        "Beste {{ request.requester.name }}, wij antwoorden uiterlijk {{ request.due }}.\n",
    );
    assert_eq!(
        letter(&env, &["acknowledgement", "V-2026-0001"]),
        "Beste Sanne de Vries, wij antwoorden uiterlijk dinsdag 31 maart 2026.\n"
    );
    // The English letter still comes from the built-in template.
    let en = letter(&env, &["acknowledgement", "V-2026-0001", "--lang", "en"]);
    assert!(en.starts_with("Stichting IJsselgraaf\nDate:"), "{en}");
    let list = env.stdout(&["letter", "templates"]);
    assert_eq!(list.lines().filter(|l| l.ends_with("built-in")).count(), 13);
    let line = list
        .lines()
        .find(|l| l.starts_with("nl/acknowledgement.txt.j2"))
        .unwrap();
    assert!(line.ends_with(&path.display().to_string()), "{list}");
}

#[test]
fn a_broken_template_names_file_and_line_and_writes_nothing() {
    let env = world();
    let path = override_template(
        &env,
        "nl/decision.txt.j2",
        "{{ org.name }}\n\n{% if request.decision == \"granted\" %}\nja\n{% else %}\n{{ request.foo }}\n{% endif %}\n",
    );
    let out = env.path("besluit.txt");
    let e = env.fails(
        &[
            "letter",
            "decision",
            "V-2026-0004",
            "--out",
            out.to_str().unwrap(),
        ],
        1,
    );
    // Found although this granted request never takes the branch that names it.
    assert!(
        e.contains(&format!(
            "{} line 6: undefined value `request.foo`",
            path.display()
        )),
        "{e}"
    );
    assert!(!out.exists());
    std::fs::write(
        &path,
        "{{ org.name }}\n{% if request.decision %}\nopen blok\n",
    )
    .unwrap();
    let e = env.fails(&["letter", "decision", "V-2026-0004"], 1);
    assert!(e.contains(&format!("{} line ", path.display())), "{e}");
    assert!(e.contains("endif") || e.contains("end of input"), "{e}");
}

#[test]
fn template_dir_writes_the_defaults_and_never_overwrites() {
    let env = world();
    let mine = override_template(&env, "nl/decision.txt.j2", "mijn besluit\n");
    let out = env.stdout(&["letter", "template-dir"]);
    assert!(out.contains("13 written, 1 skipped"), "{out}");
    assert!(
        out.contains(&format!("skipped  {}", mine.display())),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mijn besluit\n");
    let written = env.path("templates").join("en/subjects.txt.j2");
    assert!(std::fs::read_to_string(&written)
        .unwrap()
        .contains("Article 34 GDPR"));
    let again = env.stdout(&["letter", "template-dir"]);
    assert!(again.contains("0 written, 14 skipped"), "{again}");
    // The written defaults render exactly like the built-in ones.
    std::fs::remove_file(&mine).unwrap();
    let from_files = letter(&env, &["decision", "V-2026-0002"]);
    std::fs::remove_dir_all(env.path("templates")).unwrap();
    assert_eq!(from_files, letter(&env, &["decision", "V-2026-0002"]));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn out_writes_a_private_file_and_never_over_an_existing_one_without_force() {
    let env = world();
    let out = env.path("ontvangst.txt");
    let o = out.to_str().unwrap();
    let printed = letter(&env, &["acknowledgement", "V-2026-0001"]);
    stdout_of(
        env.cmd()
            .args(["letter", "acknowledgement", "V-2026-0001", "--out", o]),
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), printed);
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    let e = fails_with(
        env.cmd()
            .args(["letter", "decision", "V-2026-0004", "--out", o]),
        1,
    );
    assert!(e.contains("already exists") && e.contains("--force"), "{e}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), printed);
    stdout_of(
        env.cmd()
            .args(["letter", "decision", "V-2026-0004", "--out", o, "--force"]),
    );
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("Betreft: besluit op uw verzoek"));
}

#[cfg(unix)]
#[test]
fn out_never_writes_through_a_link() {
    let env = world();
    let target = env.path("elders.txt");
    std::fs::write(&target, "niet aanraken\n").unwrap();
    let link = env.path("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let e = env.fails(
        &[
            "letter",
            "acknowledgement",
            "V-2026-0001",
            "--out",
            link.to_str().unwrap(),
            "--force",
        ],
        1,
    );
    assert!(e.contains("symbolic link"), "{e}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "niet aanraken\n");
}

#[test]
fn markdown_marks_the_subject_and_keeps_the_address_lines_apart() {
    let env = world();
    let md = letter(
        &env,
        &["acknowledgement", "V-2026-0001", "--format", "markdown"],
    );
    assert!(
        md.contains("\n## Betreft: ontvangstbevestiging van uw verzoek\n"),
        "{md}"
    );
    assert!(
        md.starts_with("Stichting IJsselgraaf  \nDatum: 20 maart 2026  \n"),
        "{md}"
    );
}

/// What an inbox-born request looks like: the whole e-mail as its summary, in English, with
/// family circumstances and a phone number; a parent asks, no pupil recorded.
const MAIL: &str = "Subject: please delete my son's file. Since the divorce my ex-husband \
    must not see anything; call me on 06-12345678 after 18:00.";

fn add_mailed_request(env: &Env, kind: &str, role: &str, pupil: &str) -> String {
    let mut args = vec![
        "request",
        "add",
        "--kind",
        kind,
        "--received",
        "2026-03-03",
        "--requester",
        "Karin Bakker",
        "--contact",
        "k.bakker@example.nl",
        "--role",
        role,
        "--summary",
        MAIL,
    ];
    if !pupil.is_empty() {
        args.extend(["--pupil", pupil]);
    }
    let id = env.json(&args)["id"].as_str().unwrap().to_string();
    env.stdout(&["request", "recipient", &id, "Schoolfotograaf"]);
    env.stdout(&["request", "decide", &id, "--decision", "granted"]);
    id
}

#[test]
fn no_letter_quotes_the_requests_text() {
    let env = world();
    let id = add_mailed_request(&env, "erasure", "parent", "Tim Bakker");
    env.stdout(&["request", "extend", &id, "--reason", EXTENSION_REASON]);
    for kind in [
        "acknowledgement",
        "identification",
        "extension",
        "decision",
        "recipients",
    ] {
        for lang in ["nl", "en"] {
            let text = letter(&env, &[kind, &id, "--lang", lang]);
            for private in ["divorce", "06-12345678", "ex-husband", "son's file"] {
                assert!(
                    !text.contains(private),
                    "{kind} ({lang}) quotes {private:?}:\n{text}"
                );
            }
        }
    }
    // The art. 19 letter names the pupil whose data it is and what to do, never the parent.
    let nl = letter(&env, &["recipients", &id]);
    assert!(
        nl.contains("persoonsgegevens verstrekt van Tim Bakker"),
        "{nl}"
    );
    assert!(!nl.contains("Karin"), "{nl}");
    assert!(nl.contains("ook te verwijderen"), "{nl}");
}

#[test]
fn the_recipients_letter_waits_until_it_is_recorded_whose_data_it_is() {
    let env = world();
    // A parent's e-mail: no pupil recorded. The parent is not the data subject.
    let id = add_mailed_request(&env, "erasure", "parent", "");
    let e = env.fails(&["letter", "recipients", &id], 1);
    assert!(e.contains("not recorded whose data it is"), "{e}");
    // A pupil asking for their own data is the data subject.
    let own = add_mailed_request(&env, "erasure", "pupil", "");
    let nl = letter(&env, &["recipients", &own]);
    assert!(
        nl.contains("persoonsgegevens verstrekt van Karin Bakker"),
        "{nl}"
    );
}

#[test]
fn a_boards_older_template_that_quotes_the_summary_renders_it_empty_and_warns() {
    let env = world();
    override_template(
        &env,
        "nl/acknowledgement.txt.j2",
        "Beste {{ request.requester.name }},\n{% if request.summary %}U schreef: \"{{ request.summary }}\"\n{% endif %}Groet\n",
    );
    let (stdout, stderr) =
        with_warnings(env.cmd().args(["letter", "acknowledgement", "V-2026-0001"]));
    assert_eq!(stdout, "Beste Sanne de Vries,\nGroet\n");
    assert!(
        stderr.contains("names request.summary") && stderr.contains("never quote"),
        "{stderr}"
    );
}

#[test]
fn an_acknowledgement_for_an_overdue_request_says_it_is_late_and_when_the_answer_comes() {
    let env = world();
    // Wednesday 8 April 2026: the four weeks ended on 31 March, the legal month (rolled past
    // Easter) on 7 April.
    let (nl, stderr) = with_warnings(env.cmd_at("2026-04-08T10:00:00+02:00").args([
        "letter",
        "acknowledgement",
        "V-2026-0001",
    ]));
    assert!(
        stderr.contains("warning: the answer is late (the deadline was Tuesday 31 March 2026)"),
        "{stderr}"
    );
    assert!(nl.contains("ons antwoord is te laat"), "{nl}");
    assert!(
        nl.contains(
            "U ontvangt ons antwoord zo snel mogelijk en uiterlijk op woensdag 22 april 2026."
        ),
        "{nl}"
    );
    // No promise of an extension notice by a day that has passed.
    assert!(!nl.contains("laten wij u dat uiterlijk op"), "{nl}");
    let en = stdout_of(env.cmd_at("2026-04-08T10:00:00+02:00").args([
        "letter",
        "acknowledgement",
        "V-2026-0001",
        "--lang",
        "en",
    ]));
    assert!(en.contains("our answer is late"), "{en}");
    assert!(en.contains("no later than Wednesday 22 April 2026"), "{en}");
    // Extended in time: the letter names the extended deadline, not the passed notice day.
    env.stdout(&[
        "request",
        "extend",
        "V-2026-0001",
        "--reason",
        EXTENSION_REASON,
    ]);
    let nl = letter(&env, &["acknowledgement", "V-2026-0001"]);
    assert!(nl.contains("met twee maanden verlengd"), "{nl}");
    assert!(nl.contains("uiterlijk op maandag 1 juni 2026"), "{nl}");
    assert!(!nl.contains("laten wij u dat uiterlijk op"), "{nl}");
}

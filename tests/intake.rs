//! E-mail intake (issue 11 §1): `avgdesk intake FILE.eml|-` proposes a request from one
//! message, `--yes` logs it; attachments are listed, never kept; the same message twice is
//! refused with the id it was logged as; a message that cannot be read writes nothing.
//!
//! "Now" is Wednesday 25 November 2026, 10:00 in Amsterdam; the board's zone is Amsterdam.

mod common;

use avgdesk::domain::request::Kind;
use avgdesk::intake::{self, IntakeError, ReceivedFrom};
use base64::Engine;
use chrono::NaiveDate;
use common::cli::Env;
use serde_json::Value;

const NOW: &str = "2026-11-25T10:00:00+01:00";
const USER: &str = "fg.tester";
const TZ: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

fn env() -> Env {
    Env::with_clock(NOW, USER)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A message from lines joined with CRLF, as on the wire.
fn eml(lines: &[&str]) -> Vec<u8> {
    let mut s = lines.join("\r\n");
    s.push_str("\r\n");
    s.into_bytes()
}

const RECEIVED_23: &str = "Received: from mail.example.nl (mail.example.nl [192.0.2.1])\r\n\tby mx.school.example with ESMTPS id 4AbC; Mon, 23 Nov 2026 09:15:00 +0100";

fn alternative_message() -> Vec<u8> {
    eml(&[
        RECEIVED_23,
        "From: \"Sanne de Vries\" <sanne@example.nl>",
        "To: privacy@school.example",
        "Subject: Verzoek om inzage",
        "Date: Mon, 23 Nov 2026 09:14:00 +0100",
        "Message-ID: <a1@example.nl>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Graag ontvang ik een kopie van het dossier van mijn zoon.",
        "--b1",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Graag ontvang ik een <b>kopie</b> van het dossier van mijn zoon.</p>",
        "--b1--",
    ])
}

/// A message with a JPEG attachment named paspoort.jpg of about 120 kB whose bytes carry
/// `marker`.
fn passport_message(marker: &str) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(passport_jpeg(marker));
    let mut lines: Vec<String> = [
        RECEIVED_23,
        "From: Pieter Bakker <p.bakker@example.nl>",
        "Reply-To: pieter.thuis@example.nl",
        "Subject: Gegevens verwijderen",
        "Date: Mon, 23 Nov 2026 09:14:00 +0100",
        "Message-ID: <pas-1@example.nl>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"mix\"",
        "",
        "--mix",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Wilt u de gegevens van mijn dochter wissen? Zie bijlage voor mijn paspoort.",
        "--mix",
        "Content-Type: image/jpeg; name=\"paspoort.jpg\"",
        "Content-Disposition: attachment; filename=\"paspoort.jpg\"",
        "Content-Transfer-Encoding: base64",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for chunk in b64.as_bytes().chunks(76) {
        lines.push(String::from_utf8(chunk.to_vec()).unwrap());
    }
    lines.push("--mix--".into());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    eml(&refs)
}

/// The attachment's bytes: a JPEG header, `marker`, filler and `marker` again (119,526 bytes).
fn passport_jpeg(marker: &str) -> Vec<u8> {
    let mut jpeg = vec![0xFFu8, 0xD8, 0xFF, 0xE0];
    jpeg.extend_from_slice(marker.as_bytes());
    jpeg.resize(119_500, 0x5A);
    jpeg.extend_from_slice(marker.as_bytes());
    jpeg
}

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let p = env.path(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn request_count(env: &Env) -> usize {
    env.rows(&["request", "list", "--all"]).len()
}

// --- parsing -------------------------------------------------------------------------------

#[test]
fn multipart_alternative_gives_the_plain_text_once() {
    let p = intake::propose(&alternative_message(), TZ).unwrap();
    assert_eq!(p.requester_name, "Sanne de Vries");
    assert_eq!(p.requester_contact, "sanne@example.nl");
    assert_eq!(p.subject, "Verzoek om inzage");
    // The summary says what is asked in a line; the mail's text is kept apart (first note).
    assert_eq!(p.summary, "Verzoek om inzage");
    assert_eq!(
        p.mail_text,
        "Graag ontvang ik een kopie van het dossier van mijn zoon."
    );
    assert_eq!(p.kind_suggestion, Kind::Access);
    assert_eq!(p.received, date("2026-11-23"));
    assert_eq!(p.received_from, ReceivedFrom::ReceivedHeader);
    assert_eq!(p.received_alternative, None);
    assert_eq!(p.message_id.as_deref(), Some("a1@example.nl"));
    assert!(p.attachments.is_empty());
    assert!(!p.id_document_warning);
}

#[test]
fn an_html_only_message_becomes_text() {
    let raw = eml(&[
        "From: ouder@example.nl",
        "Subject: Foto's",
        "Date: Tue, 24 Nov 2026 14:00:00 +0100",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<html><body><p>Ik wil dat de foto's van mijn kind worden <b>verwijderd</b> van de site.</p></body></html>",
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert!(
        p.mail_text
            .contains("Ik wil dat de foto's van mijn kind worden verwijderd van de site."),
        "{}",
        p.mail_text
    );
    assert!(!p.mail_text.contains('<'), "{}", p.mail_text);
    assert_eq!(p.kind_suggestion, Kind::Erasure);
    // Without a display name the address is the requester's name.
    assert_eq!(p.requester_name, "ouder@example.nl");
    assert_eq!(p.received_from, ReceivedFrom::DateHeader);
    assert_eq!(p.received, date("2026-11-24"));
}

#[test]
fn quoted_printable_dutch_text_in_utf8_and_windows_1252() {
    for (charset, body) in [
        (
            "utf-8",
            "Mijn gegevens zijn onjuist: ik heet Ren=C3=A9, mijn dochter Zo=C3=AB.",
        ),
        (
            "windows-1252",
            "Mijn gegevens zijn onjuist: ik heet Ren=E9, mijn dochter Zo=EB.",
        ),
    ] {
        let ct = format!("Content-Type: text/plain; charset={charset}");
        let raw = eml(&[
            "From: Rene <rene@example.nl>",
            "Subject: Correctie",
            "Date: Tue, 24 Nov 2026 14:00:00 +0100",
            &ct,
            "Content-Transfer-Encoding: quoted-printable",
            "",
            body,
        ]);
        let p = intake::propose(&raw, TZ).unwrap();
        assert!(
            p.mail_text
                .contains("Mijn gegevens zijn onjuist: ik heet René, mijn dochter Zoë."),
            "{charset}: {}",
            p.mail_text
        );
        assert_eq!(p.kind_suggestion, Kind::Rectification, "{charset}");
    }
}

#[test]
fn a_base64_body_is_decoded() {
    let body = base64::engine::general_purpose::STANDARD
        .encode("Ik maak bezwaar tegen het gebruik van mijn gegevens.".as_bytes());
    let raw = eml(&[
        "From: Jan <jan@example.nl>",
        "Subject: Brief",
        "Date: Tue, 24 Nov 2026 14:00:00 +0100",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        &body,
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert_eq!(p.summary, "Brief");
    assert_eq!(
        p.mail_text,
        "Ik maak bezwaar tegen het gebruik van mijn gegevens."
    );
    assert_eq!(p.kind_suggestion, Kind::Objection);
}

#[test]
fn encoded_word_headers_in_iso_8859_1() {
    let raw = eml(&[
        "From: =?iso-8859-1?Q?Ren=E9_M=FCller?= <rene@example.nl>",
        "Subject: =?iso-8859-1?Q?Gegevens_overdragen_naar_de_nieuwe_school_=28Zo=EB=29?=",
        "Date: Tue, 24 Nov 2026 14:00:00 +0100",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Zie onderwerp.",
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert_eq!(p.requester_name, "René Müller");
    assert_eq!(p.subject, "Gegevens overdragen naar de nieuwe school (Zoë)");
    assert_eq!(p.kind_suggestion, Kind::Portability);
}

#[test]
fn a_from_whose_encoded_word_wraps_the_whole_address_is_name_and_address() {
    // As some web forms and Python's email library send it: the whole `Name <address>` is one
    // encoded word, so the header has no address outside it.
    for from in [
        "From: =?utf-8?q?Ren=C3=A9e_=3Crenee=40example.nl=3E?=",
        "From: =?utf-8?b?UmVuw6llIDxyZW5lZUBleGFtcGxlLm5sPg==?=",
    ] {
        let raw = eml(&[
            from,
            "Subject: Inzage dossier",
            "Date: Tue, 24 Nov 2026 14:00:00 +0100",
            "Content-Type: text/plain; charset=utf-8",
            "",
            "Graag een kopie.",
        ]);
        let p = intake::propose(&raw, TZ).unwrap_or_else(|e| panic!("{from}: {e}"));
        assert_eq!(p.requester_name, "Renée", "{from}");
        assert_eq!(p.requester_contact, "renee@example.nl", "{from}");
    }
    // An encoded word holding no address at all is still no address.
    let raw = eml(&[
        "From: =?utf-8?q?Ren=C3=A9e?=",
        "Subject: Inzage",
        "Date: Tue, 24 Nov 2026 14:00:00 +0100",
        "",
        "Graag.",
    ]);
    assert!(intake::propose(&raw, TZ).is_err());
}

#[test]
fn kind_words_are_accent_and_case_insensitive() {
    assert_eq!(intake::suggest_kind("INZAGE graag"), Kind::Access);
    assert_eq!(intake::suggest_kind("Gegevens BEPERKEN"), Kind::Restriction);
    assert_eq!(intake::suggest_kind("Bezwáár"), Kind::Objection);
    assert_eq!(intake::suggest_kind("Please delete my data"), Kind::Erasure);
    assert_eq!(
        intake::suggest_kind("Vraag over de schoolreis"),
        Kind::Other
    );
}

#[test]
fn identity_documents_are_recognised_by_name_and_type() {
    assert!(intake::looks_like_id_document("paspoort.jpg", "image/jpeg"));
    assert!(intake::looks_like_id_document(
        "ID-kaart scan.pdf",
        "application/pdf"
    ));
    assert!(intake::looks_like_id_document(
        "Rijbewijs_voorkant.PNG",
        "image/png"
    ));
    assert!(intake::looks_like_id_document(
        "my passport.heic",
        "image/heic"
    ));
    assert!(!intake::looks_like_id_document(
        "paspoort.docx",
        "application/msword"
    ));
    assert!(!intake::looks_like_id_document("video.jpg", "image/jpeg"));
    assert!(!intake::looks_like_id_document(
        "IMG_2034.jpg",
        "image/jpeg"
    ));
}

#[test]
fn received_header_wins_across_midnight_and_the_other_date_is_shown() {
    // Written late on Friday 20 November, taken in by the school's server early on Sunday 22
    // November: the law counts the day it reached the school. The lower Received header (an
    // earlier hop) is older.
    let raw = eml(&[
        "Received: from relay.example.net by mx.school.example; Sun, 22 Nov 2026 00:15:00 +0100",
        "Received: from laptop by relay.example.net; Sat, 21 Nov 2026 22:00:00 +0100",
        "From: Sanne <sanne@example.nl>",
        "Subject: Inzage",
        "Date: Fri, 20 Nov 2026 23:30:00 +0100",
        "",
        "Graag inzage.",
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert_eq!(p.received, date("2026-11-22"));
    assert_eq!(p.received_from, ReceivedFrom::ReceivedHeader);
    assert_eq!(p.received_alternative, Some(date("2026-11-20")));
}

#[test]
fn received_time_is_taken_in_the_boards_zone() {
    // 23:30 UTC on Saturday is 00:30 on Sunday in Amsterdam; less than a day from Date:, so no
    // alternative.
    let raw = eml(&[
        "Received: from relay.example.net by mx.school.example; Sat, 21 Nov 2026 23:30:00 +0000",
        "From: Sanne <sanne@example.nl>",
        "Subject: Inzage",
        "Date: Sat, 21 Nov 2026 23:20:00 +0000",
        "",
        "Graag inzage.",
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert_eq!(p.received, date("2026-11-22"));
    assert_eq!(p.received_alternative, None);
    let utc = intake::propose(&raw, chrono_tz::UTC).unwrap();
    assert_eq!(utc.received, date("2026-11-21"));
}

#[test]
fn a_message_without_a_from_address_or_headers_is_refused() {
    let no_from = eml(&[
        "Subject: Inzage",
        "Date: Tue, 24 Nov 2026 14:00:00 +0100",
        "",
        "Graag inzage.",
    ]);
    assert!(matches!(
        intake::propose(&no_from, TZ),
        Err(IntakeError::NoFrom)
    ));
    assert!(intake::propose(b"", TZ).is_err());
}

// --- the command ---------------------------------------------------------------------------

#[test]
fn proposal_json_has_the_contract_fields_and_writes_nothing() {
    let env = env();
    let file = write(&env, "alt.eml", &alternative_message());
    let p = env.json(&["intake", &file]);
    assert_eq!(p["received"], "2026-11-23");
    assert_eq!(p["received_from"], "received_header");
    assert_eq!(p["received_alternative"], Value::Null);
    assert_eq!(p["requester_name"], "Sanne de Vries");
    assert_eq!(p["requester_contact"], "sanne@example.nl");
    assert_eq!(p["channel"], "email");
    assert_eq!(p["subject"], "Verzoek om inzage");
    assert_eq!(p["kind_suggestion"], "access");
    assert_eq!(p["attachments"], Value::Array(vec![]));
    assert_eq!(p["id_document_warning"], false);
    assert_eq!(p["message_id"], "a1@example.nl");
    assert_eq!(request_count(&env), 0, "a proposal logs nothing");
    let text = env.stdout(&["intake", &file]);
    assert!(text.contains("kind_suggestion       access"), "{text}");
    assert!(text.contains("--yes"), "{text}");
}

#[test]
fn yes_logs_the_request_with_the_suggested_kind_and_the_received_date() {
    let env = env();
    let file = write(&env, "alt.eml", &alternative_message());
    let out = env.stdout(&["intake", &file, "--yes"]);
    assert!(
        out.starts_with("V-2026-0001  access  received 2026-11-23"),
        "{out}"
    );
    let r = env.json(&["request", "show", "V-2026-0001"]);
    assert_eq!(r["kind"], "access");
    assert_eq!(r["received"], "2026-11-23");
    assert_eq!(r["channel"], "email");
    assert_eq!(r["requester"]["name"], "Sanne de Vries");
    assert_eq!(
        r["requester"]["role"],
        Value::Null,
        "the role is never guessed"
    );
    assert_eq!(r["requester"]["contact"], "sanne@example.nl");
    assert_eq!(r["pupil"]["name"], "", "the pupil is never guessed");
    // The summary is the subject; the mail's text is the first note, where no letter
    // quotes it.
    assert_eq!(r["summary"], "Verzoek om inzage");
    assert_eq!(
        r["notes"][0]["text"],
        "Tekst van de e-mail:\nGraag ontvang ik een kopie van het dossier van mijn zoon."
    );
    assert_eq!(
        r["notes"].as_array().map(Vec::len),
        Some(1),
        "no attachments note"
    );
    env.stdout(&["audit", "verify"]);
}

#[test]
fn the_same_message_twice_is_refused_with_its_id() {
    let env = env();
    let file = write(&env, "alt.eml", &alternative_message());
    env.stdout(&["intake", &file, "--yes"]);
    let err = env.fails(&["intake", &file, "--yes"], 1);
    assert!(err.contains("already logged as V-2026-0001"), "{err}");
    assert_eq!(request_count(&env), 1);
    // The proposal says so too.
    let out = env.cmd().args(["intake", file.as_str()]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("already logged as V-2026-0001"), "{stderr}");
}

#[test]
fn without_message_id_sender_date_and_subject_identify_the_message() {
    let env = env();
    let msg = |subject: &str| {
        eml(&[
            "From: Jan <jan@example.nl>",
            &format!("Subject: {subject}"),
            "Date: Tue, 24 Nov 2026 14:00:00 +0100",
            "",
            "Graag een kopie.",
        ])
    };
    let first = write(&env, "a.eml", &msg("Inzage"));
    let again = write(&env, "b.eml", &msg("Inzage"));
    let other = write(&env, "c.eml", &msg("Inzage, tweede kind"));
    env.stdout(&["intake", &first, "--yes"]);
    let err = env.fails(&["intake", &again, "--yes"], 1);
    assert!(err.contains("already logged as V-2026-0001"), "{err}");
    let out = env.stdout(&["intake", &other, "--yes"]);
    assert!(out.starts_with("V-2026-0002"), "{out}");
}

#[test]
fn attachments_are_listed_never_kept_and_an_id_copy_is_warned_about() {
    let env = env();
    let marker = "MARKER-PASPOORT-BYTES-7731";
    let file = write(&env, "pas.eml", &passport_message(marker));
    let p = env.json(&["intake", &file]);
    assert_eq!(p["id_document_warning"], true);
    assert_eq!(
        p["requester_contact"], "pieter.thuis@example.nl",
        "Reply-To wins"
    );
    assert_eq!(p["kind_suggestion"], "erasure");
    let a = &p["attachments"][0];
    assert_eq!(a["name"], "paspoort.jpg");
    assert_eq!(a["content_type"], "image/jpeg");
    assert_eq!(a["size"], 119_526);
    assert!(!serde_json::to_string(&p).unwrap().contains(marker));

    env.stdout(&["intake", &file, "--yes"]);
    let r = env.json(&["request", "show", "V-2026-0001"]);
    let notes: Vec<&str> = r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    // The body text is stored in the first note (so the search below would find stored
    // text), with the attachments listed ...
    assert!(
        notes[0].starts_with("Tekst van de e-mail:\n"),
        "{}",
        notes[0]
    );
    assert!(notes[0].contains("Zie bijlage"), "{}", notes[0]);
    assert!(
        notes[0].ends_with("Bijlagen (niet bewaard): paspoort.jpg image/jpeg 120 kB — lijkt een identiteitsbewijs: verwijder de bijlage uit de mail (reglement 8.1)"),
        "{}",
        notes[0]
    );
    // ... but not one byte of the attachment, plain or encoded, in the database or its WAL.
    let encoded = base64::engine::general_purpose::STANDARD.encode(passport_jpeg(marker));
    let mut stored = std::fs::read(&env.db).unwrap();
    if let Ok(wal) = std::fs::read(env.path("avgdesk.db-wal")) {
        stored.extend(wal);
    }
    let has = |needle: &[u8]| stored.windows(needle.len()).any(|w| w == needle);
    assert!(has("Zie bijlage".as_bytes()), "the search reads the file");
    assert!(!has(marker.as_bytes()));
    assert!(!has(&encoded.as_bytes()[..60]));
    env.stdout(&["audit", "verify"]);
}

#[test]
fn standard_input_works() {
    let env = env();
    let out = env
        .cmd()
        .args(["intake", "-", "--yes"])
        .write_stdin(alternative_message())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.starts_with("V-2026-0001  access"), "{stdout}");
    assert_eq!(request_count(&env), 1);
}

#[test]
fn a_malformed_message_is_refused_and_nothing_is_written() {
    let env = env();
    let garbage = write(
        &env,
        "junk.eml",
        b"\x00\x01\x02 this is no mail\r\n\r\nat all",
    );
    let err = env.fails(&["intake", &garbage, "--yes"], 1);
    assert!(
        err.contains("not an e-mail message") || err.contains("no From: address"),
        "{err}"
    );
    assert!(!env.db.exists(), "no database was created");

    // With a database: nothing is added to it either.
    env.stdout(&["request", "list"]);
    let before = std::fs::read(&env.db).unwrap();
    let no_from = write(
        &env,
        "nofrom.eml",
        &eml(&[
            "Subject: Inzage",
            "Date: Tue, 24 Nov 2026 14:00:00 +0100",
            "",
            "Graag inzage.",
        ]),
    );
    let err = env.fails(&["intake", &no_from, "--yes"], 1);
    assert!(err.contains("no From: address"), "{err}");
    assert_eq!(request_count(&env), 0);
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn received_dates_follow_the_clock_changes_of_the_boards_zone() {
    // Amsterdam: summer time (UTC+2) until Sunday 25 October 2026 03:00, winter time (UTC+1)
    // from then; summer time again from Sunday 29 March 2026 02:00. The same half hour past
    // midnight lands on the right day only with the offset of that day.
    let day_of = |received: &str| {
        let raw = eml(&[
            &format!("Received: from relay.example.net by mx.school.example; {received}"),
            "From: Sanne <sanne@example.nl>",
            "Subject: Inzage",
            "",
            "Graag inzage.",
        ]);
        intake::propose(&raw, TZ).unwrap().received
    };
    // 22:30 UTC on Saturday 24 October is 00:30 on Sunday (still summer time, +2) ...
    assert_eq!(
        day_of("Sat, 24 Oct 2026 22:30:00 +0000"),
        date("2026-10-25")
    );
    // ... but 22:30 UTC on Sunday 25 October is 23:30 the same Sunday (winter time, +1).
    assert_eq!(
        day_of("Sun, 25 Oct 2026 22:30:00 +0000"),
        date("2026-10-25")
    );
    assert_eq!(
        day_of("Sun, 25 Oct 2026 23:30:00 +0000"),
        date("2026-10-26")
    );
    // Spring: 23:30 UTC on Saturday 28 March is 00:30 Sunday (+1); 22:30 UTC on Sunday 29
    // March is 00:30 Monday (+2).
    assert_eq!(
        day_of("Sat, 28 Mar 2026 23:30:00 +0000"),
        date("2026-03-29")
    );
    assert_eq!(
        day_of("Sun, 29 Mar 2026 22:30:00 +0000"),
        date("2026-03-30")
    );
    assert_eq!(
        day_of("Sun, 29 Mar 2026 21:30:00 +0000"),
        date("2026-03-29")
    );
}

#[test]
fn received_and_date_across_the_autumn_clock_change_are_compared_in_real_time() {
    // Written Saturday 24 October 02:30 summer time, taken in Sunday 25 October 02:15 winter
    // time: 23¾ hours apart on the wall clock, 24¾ real hours (the night had an extra hour), so
    // both dates are shown for the officer to choose.
    let raw = eml(&[
        "Received: from relay.example.net by mx.school.example; Sun, 25 Oct 2026 02:15:00 +0100",
        "From: Sanne <sanne@example.nl>",
        "Subject: Inzage",
        "Date: Sat, 24 Oct 2026 02:30:00 +0200",
        "",
        "Graag inzage.",
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert_eq!(p.received, date("2026-10-25"));
    assert_eq!(p.received_from, ReceivedFrom::ReceivedHeader);
    assert_eq!(p.received_alternative, Some(date("2026-10-24")));
}

/// A message with a 20 MB attachment whose bytes carry `marker`.
fn twenty_megabyte_message(marker: &str) -> Vec<u8> {
    let mut blob = marker.as_bytes().to_vec();
    blob.resize(20_000_000, b'Q');
    blob.extend_from_slice(marker.as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(&blob);
    let mut text = String::from(
        "Received: from mail.example.nl by mx.school.example; Tue, 24 Nov 2026 08:05:00 +0100\r\n\
         From: Karin Smit <karin@example.nl>\r\n\
         Subject: Kopie van alle gegevens\r\n\
         Date: Tue, 24 Nov 2026 08:04:00 +0100\r\n\
         Message-ID: <big-1@example.nl>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n\
         --big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Ik wil graag een kopie van alle gegevens over mijn zoon. De scans zitten in de bijlage.\r\n\
         --big\r\nContent-Type: application/zip; name=\"scans.zip\"\r\n\
         Content-Disposition: attachment; filename=\"scans.zip\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n",
    );
    for line in b64.as_bytes().chunks(76) {
        text.push_str(std::str::from_utf8(line).unwrap());
        text.push_str("\r\n");
    }
    text.push_str("--big--\r\n");
    text.into_bytes()
}

#[test]
fn a_twenty_megabyte_message_is_logged_without_its_attachment() {
    let env = env();
    let marker = "MARKER-BIG-SCAN-4417";
    let raw = twenty_megabyte_message(marker);
    assert!(raw.len() > 20_000_000);
    let file = write(&env, "big.eml", &raw);
    let p = env.json(&["intake", &file]);
    assert_eq!(p["received"], "2026-11-24");
    assert_eq!(p["kind_suggestion"], "access");
    assert_eq!(p["attachments"][0]["name"], "scans.zip");
    assert_eq!(p["attachments"][0]["size"], 20_000_000 + marker.len());
    env.stdout(&["intake", &file, "--yes"]);
    let r = env.json(&["request", "show", "V-2026-0001"]);
    let note = r["notes"][0]["text"].as_str().unwrap();
    assert!(note.contains("scans.zip application/zip 20.0 MB"), "{note}");
    let mut stored = std::fs::read(&env.db).unwrap();
    if let Ok(wal) = std::fs::read(env.path("avgdesk.db-wal")) {
        stored.extend(wal);
    }
    assert!(
        stored.len() < 2_000_000,
        "the database stays small: {} bytes",
        stored.len()
    );
    assert!(!stored.windows(marker.len()).any(|w| w == marker.as_bytes()));
}

fn arrival(at: &str, delivered: bool) -> intake::Arrival {
    intake::Arrival {
        at: chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
        delivered,
    }
}

#[test]
fn in_a_maildir_without_received_the_delivery_time_counts_not_the_senders_date() {
    // A sender whose clock says 1990: the mailbox took the message in on 25 November 2026.
    let raw = eml(&[
        "From: Oud <oud@example.nl>",
        "Subject: Inzage",
        "Date: Mon, 01 Jan 1990 12:00:00 +0100",
        "",
        "Graag inzage.",
    ]);
    let delivered = arrival("2026-11-25T16:20:00+01:00", true);
    let p = intake::propose_arrived(&raw, TZ, Some(delivered)).unwrap();
    assert_eq!(p.received, date("2026-11-25"));
    assert_eq!(p.received_from, ReceivedFrom::Delivery);
    assert_eq!(p.received_alternative, Some(date("1990-01-01")));
    // A file's time is no delivery: the sender's Date: counts, as on the command line.
    let file = arrival("2026-11-25T16:20:00+01:00", false);
    let p = intake::propose_arrived(&raw, TZ, Some(file)).unwrap();
    assert_eq!(p.received, date("1990-01-01"));
    assert_eq!(p.received_from, ReceivedFrom::DateHeader);
    // With a Received: header the delivery time changes nothing.
    let p = intake::propose_arrived(&alternative_message(), TZ, Some(delivered)).unwrap();
    assert_eq!(p.received, date("2026-11-23"));
    assert_eq!(p.received_from, ReceivedFrom::ReceivedHeader);
}

#[test]
fn without_any_date_header_the_files_time_is_taken_and_said() {
    let raw = eml(&[
        "From: Iemand <iemand@example.nl>",
        "Subject: Inzage",
        "",
        "Graag.",
    ]);
    assert!(matches!(
        intake::propose(&raw, TZ),
        Err(IntakeError::NoDate)
    ));
    let file = arrival("2026-11-24T23:30:00+00:00", false);
    let p = intake::propose_arrived(&raw, TZ, Some(file)).unwrap();
    assert_eq!(p.received, date("2026-11-25"), "in the board's zone");
    assert_eq!(p.received_from, ReceivedFrom::FileTime);
}

#[test]
fn a_long_body_is_cut_in_the_first_note_and_says_so() {
    let long = "Dit is een zin van een lange mail. ".repeat(1_000);
    let raw = eml(&[
        RECEIVED_23,
        "From: Lang <lang@example.nl>",
        "Subject: Inzage",
        "",
        &long,
    ]);
    let p = intake::propose(&raw, TZ).unwrap();
    assert_eq!(p.summary, "Inzage");
    assert!(p.mail_text.starts_with("Dit is een zin"));
    assert!(p.mail_text.chars().count() < intake::SUMMARY_CHARS + 80);
    assert!(
        p.mail_text.ends_with("tekens staan alleen in de mail]"),
        "{}",
        &p.mail_text[p.mail_text.len() - 80..]
    );
}

#[test]
fn the_summary_is_what_is_asked_never_the_whole_mail() {
    let mail = |subject: &str, body: &str| {
        let raw = eml(&[
            RECEIVED_23,
            "From: Marieke de Jong <marieke@example.nl>",
            &format!("Subject: {subject}"),
            "Content-Type: text/plain; charset=utf-8",
            "",
            body,
        ]);
        intake::propose(&raw, TZ).unwrap()
    };
    let body = "Geachte heer, mevrouw,\n\nMijn dochter zit sinds dit jaar op De Regenboog. \
                Thuis gaat het niet goed met ons.\nGraag ontvang ik een kopie van haar dossier.\n\n\
                Met vriendelijke groet,\nMarieke de Jong\n06-12345678";
    // An informative subject is the summary, without its reply mark.
    let p = mail("Re: Inzage dossier Lotte", body);
    assert_eq!(p.summary, "Inzage dossier Lotte");
    // A subject that says nothing: the first sentence that asks, never the greeting, the
    // family's circumstances or the phone number.
    let p = mail("Vraag", body);
    assert_eq!(p.summary, "Graag ontvang ik een kopie van haar dossier.");
    for private in ["Thuis gaat", "06-12345678", "Geachte"] {
        assert!(!p.summary.contains(private), "{}", p.summary);
    }
    // The whole text is kept for the officer, as the request's first note.
    assert!(p.mail_text.contains("06-12345678"));
    assert!(p.first_note().unwrap().contains("Thuis gaat het niet goed"));
}

#[test]
fn the_mails_language_is_suggested_for_the_letters() {
    use avgdesk::domain::request::Language;
    assert_eq!(
        intake::suggest_language("Graag ontvang ik een kopie van het dossier van mijn zoon."),
        Language::Nl
    );
    assert_eq!(
        intake::suggest_language("Dear Sir, I would like a copy of my son's file. Kind regards"),
        Language::En
    );
    // Nothing to go by: the board's own language.
    assert_eq!(intake::suggest_language("Inzage 2026"), Language::Nl);
    let env = env();
    let english = eml(&[
        RECEIVED_23,
        "From: \"Emily Clarke\" <emily@example.com>",
        "To: privacy@school.example",
        "Subject: Request for a copy of my son's file",
        "Date: Mon, 23 Nov 2026 09:14:00 +0100",
        "Message-ID: <en1@example.com>",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Dear Sir or Madam, I would like to receive a copy of the school file of my son.",
        "Please send it to this address. Thank you.",
    ]);
    let file = write(&env, "en.eml", &english);
    assert_eq!(env.json(&["intake", &file])["language"], "en");
    assert!(env
        .stdout(&["intake", &file])
        .contains("language              en"));
    env.stdout(&["intake", &file, "--yes"]);
    assert_eq!(
        env.json(&["request", "show", "V-2026-0001"])["language"],
        "en"
    );
    // A Dutch mail stays Dutch.
    let dutch = write(&env, "alt.eml", &alternative_message());
    assert_eq!(env.json(&["intake", &dutch])["language"], "nl");
}

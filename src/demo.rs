//! Fictional demo data relative to today, so a newcomer sees a living queue at once.
//! Every name, school and e-mail address here is invented.

use crate::app::Session;
use crate::domain::request::{Channel, Decision, Kind, NewRequest, Person, Pupil, Role};
use crate::letters::{LetterKind, Via};
use anyhow::Result;
use chrono::Days;

pub const SCHOOLS: &[&str] = &[
    "OBS De Regenboog",
    "CBS Het Kompas",
    "IKC De Vlinder",
    "Montessorischool Zuid",
    "SBO De Brug",
];

/// What happens to a demo request after it is logged.
#[derive(Clone, Copy)]
enum Fate {
    Fresh,
    Working,
    Paused,
    PausedAndResumed,
    Extended,
    Decided(Decision),
    Closed(Decision),
}

struct Seed {
    days_ago: u64,
    kind: Kind,
    channel: Channel,
    requester: &'static str,
    role: Role,
    contact: &'static str,
    pupil: &'static str,
    /// Age of the pupil in years on the day received (None: unknown).
    age: Option<u32>,
    school: usize,
    class: &'static str,
    summary: &'static str,
    fate: Fate,
    notes: &'static [&'static str],
}

const SEEDS: &[Seed] = &[
    Seed { days_ago: 33, kind: Kind::Access, channel: Channel::Email, requester: "Sanne de Vries", role: Role::Parent, contact: "s.devries@example.nl", pupil: "Daan de Vries", age: Some(9), school: 0, class: "groep 6", summary: "Vraagt een kopie van het leerlingdossier van Daan,\ninclusief de verslagen van de intern begeleider.", fate: Fate::Working, notes: &["Dossier opgevraagd bij de IB'er.", "Nog wachten op verslagen uit 2024."] },
    Seed { days_ago: 29, kind: Kind::Erasure, channel: Channel::Letter, requester: "Mohamed El Amrani", role: Role::Parent, contact: "06-12345678", pupil: "Yasmina El Amrani", age: Some(11), school: 1, class: "groep 8", summary: "Wil dat de foto's van Yasmina van de website en de schoolapp worden verwijderd.", fate: Fate::Fresh, notes: &[] },
    Seed { days_ago: 26, kind: Kind::Rectification, channel: Channel::Portal, requester: "Linda Bakker", role: Role::Parent, contact: "linda.bakker@example.nl", pupil: "Noah Bakker", age: Some(7), school: 2, class: "groep 4", summary: "Het adres en het telefoonnummer in ParnasSys kloppen niet sinds de verhuizing.", fate: Fate::Working, notes: &["Administratie gevraagd het adres te corrigeren."] },
    Seed { days_ago: 24, kind: Kind::Access, channel: Channel::Email, requester: "Ömer Yılmaz", role: Role::Parent, contact: "omer.yilmaz@example.com", pupil: "Elif Yılmaz", age: Some(10), school: 3, class: "groep 7", summary: "Inzage in de toetsresultaten en de observaties van het afgelopen jaar.", fate: Fate::Paused, notes: &["Identificatie gevraagd: e-mailadres is niet bekend bij de school."] },
    Seed { days_ago: 40, kind: Kind::Objection, channel: Channel::Email, requester: "Peter Jansen", role: Role::Parent, contact: "p.jansen@example.nl", pupil: "Fleur Jansen", age: Some(12), school: 0, class: "groep 8", summary: "Bezwaar tegen het delen van gegevens met de schoolfotograaf.", fate: Fate::Extended, notes: &["Afstemming nodig met de fotograaf en de MR.", "Verzoeker geïnformeerd over de verlenging."] },
    Seed { days_ago: 12, kind: Kind::Portability, channel: Channel::Email, requester: "Anouk Visser", role: Role::Parent, contact: "anouk.visser@example.nl", pupil: "Lotte Visser", age: Some(8), school: 4, class: "groep 5", summary: "Wil het leerlingdossier in een leesbaar bestand meenemen naar de nieuwe school.", fate: Fate::Fresh, notes: &[] },
    Seed { days_ago: 9, kind: Kind::Access, channel: Channel::InPerson, requester: "Zoë Smit", role: Role::Pupil, contact: "zoe.smit@leerling.example.nl", pupil: "Zoë Smit", age: Some(14), school: 3, class: "groep 8", summary: "Leerling vraagt zelf welke gegevens de school over haar bewaart.", fate: Fate::Working, notes: &["Leerling is 14: met de ouders afstemmen."] },
    Seed { days_ago: 5, kind: Kind::Restriction, channel: Channel::Phone, requester: "Kees van den Berg", role: Role::Parent, contact: "06-87654321", pupil: "Bram van den Berg", age: Some(6), school: 1, class: "groep 3", summary: "Vraagt de verwerking van het zorgdossier te beperken tot het bezwaar is behandeld.", fate: Fate::Fresh, notes: &[] },
    Seed { days_ago: 3, kind: Kind::Other, channel: Channel::Email, requester: "Fatima Ouali", role: Role::Parent, contact: "f.ouali@example.nl", pupil: "Adam Ouali", age: Some(9), school: 2, class: "groep 5", summary: "Vraag waarom de klassenlijst met telefoonnummers is rondgestuurd.", fate: Fate::Fresh, notes: &[] },
    Seed { days_ago: 1, kind: Kind::Access, channel: Channel::Email, requester: "Marieke Mulder", role: Role::Parent, contact: "marieke.mulder@example.nl", pupil: "Sem Mulder", age: Some(16), school: 4, class: "VSO 3", summary: "Kopie van alle gegevens over Sem.", fate: Fate::Fresh, notes: &[] },
    Seed { days_ago: 45, kind: Kind::Rectification, channel: Channel::Email, requester: "Jeroen de Boer", role: Role::Parent, contact: "jeroen@example.nl", pupil: "Mila de Boer", age: Some(10), school: 0, class: "groep 6", summary: "Onjuiste diagnose in het OPP laten corrigeren.", fate: Fate::PausedAndResumed, notes: &["Verduidelijking gevraagd welke passage het betreft.", "Antwoord ontvangen; behandeling hervat."] },
    Seed { days_ago: 38, kind: Kind::Access, channel: Channel::Letter, requester: "Esther Hendriks", role: Role::Parent, contact: "Dorpsstraat 12, Zwolle", pupil: "Tim Hendriks", age: Some(11), school: 1, class: "groep 7", summary: "Inzage in het verzuimdossier.", fate: Fate::Decided(Decision::Granted), notes: &["Kopie per aangetekende post verstuurd."] },
    Seed { days_ago: 50, kind: Kind::Erasure, channel: Channel::Email, requester: "Rob Peters", role: Role::Parent, contact: "rob.peters@example.nl", pupil: "Julia Peters", age: Some(12), school: 2, class: "groep 8", summary: "Verwijdering van oude foto's en de aanmelding bij de naschoolse opvang.", fate: Fate::Closed(Decision::PartlyGranted), notes: &["Foto's verwijderd; aanmeldgegevens bewaard wegens wettelijke bewaarplicht."] },
    Seed { days_ago: 60, kind: Kind::Objection, channel: Channel::Portal, requester: "Iris Dekker", role: Role::Parent, contact: "iris.dekker@example.nl", pupil: "Finn Dekker", age: Some(8), school: 3, class: "groep 4", summary: "Bezwaar tegen het gebruik van een nieuwe leerapp.", fate: Fate::Closed(Decision::Refused), notes: &[] },
    Seed { days_ago: 20, kind: Kind::Access, channel: Channel::Email, requester: "Thomas Vos", role: Role::Other, contact: "advocaat.vos@example.nl", pupil: "Lieke Vos", age: None, school: 4, class: "groep 7", summary: "Advocaat vraagt namens de vader om gegevens; machtiging nog niet ontvangen.", fate: Fate::Decided(Decision::Withdrawn), notes: &["Verzoek ingetrokken na overleg."] },
];

/// Fills an empty database with the demo requests, dated relative to the session's today.
pub fn seed(session: &mut Session) -> Result<()> {
    // A fictional board, so the letters of the demo can be written (a real board sets its own
    // in the config file; nothing here overrides what a config already says).
    let org = &mut session.config.organisation;
    if org.name.is_empty() {
        org.name = "Stichting Voorbeeldscholen (demo)".into();
        org.contact_name = "M. de Vries".into();
        org.contact_role = "functionaris gegevensbescherming".into();
        org.email = "fg@voorbeeldscholen.example".into();
        org.phone = "010 123 45 67".into();
    }
    if session.config.complaints_url.is_empty() && session.config.complaints.is_empty() {
        session.config.complaints_url = "https://voorbeeldscholen.example/klachtenregeling".into();
    }
    let today = session.today();
    let policy = session.config.policy;
    for s in SEEDS {
        let received = today - Days::new(s.days_ago);
        let birth = s
            .age
            .and_then(|a| received.checked_sub_months(chrono::Months::new(a * 12 + 3)));
        let r = session.add_request(NewRequest {
            kind: s.kind,
            received,
            channel: s.channel,
            requester: Person {
                name: s.requester.into(),
                role: Some(s.role),
                contact: s.contact.into(),
            },
            pupil: Pupil {
                name: s.pupil.into(),
                birth_date: birth,
                school: SCHOOLS[s.school % SCHOOLS.len()].into(),
                class: s.class.into(),
            },
            summary: s.summary.into(),
            language: Default::default(),
        })?;
        let id = r.id.clone();
        // Written now, like everything the demo records: a note dated before its request was
        // logged would be a forgery to `audit verify`.
        for text in s.notes {
            session.add_note(&id, text)?;
        }
        let day = |n: u64| received + Days::new(n.min(s.days_ago));
        match s.fate {
            Fate::Fresh => {}
            Fate::Working => {
                session.change(&id, |r, _| {
                    r.check_identity(
                        "bekende ouder, via schoolmailadres",
                        day(1),
                        "Privacyofficer",
                    )
                })?;
            }
            Fate::Paused => {
                session.change(&id, |r, _| r.pause(day(2), "wacht op identificatie"))?;
            }
            Fate::PausedAndResumed => {
                session.change(&id, |r, _| r.pause(day(3), "verduidelijking gevraagd"))?;
                session.change(&id, |r, _| r.resume(day(10)))?;
            }
            Fate::Extended => {
                session.change(&id, |r, s| {
                    r.extend(
                        "complex: meerdere partijen betrokken",
                        day(20),
                        policy,
                        s.calendar(),
                    )
                })?;
                // A board that follows the rules tells the requester the same day (art. 12(3)).
                session.mark_letter_sent(&id, LetterKind::Extension, Some(day(20)), Via::Email)?;
            }
            Fate::Decided(d) | Fate::Closed(d) => {
                let reason = if d.needs_reason() {
                    "wettelijke bewaarplicht (art. 7 Wet primair onderwijs)"
                } else {
                    ""
                };
                if s.kind.needs_recipient_notice() {
                    session.change(&id, |r, _| {
                        r.add_recipient("ParnasSys (leerlingadministratie)")
                    })?;
                    session.change(&id, |r, _| r.add_recipient("Schoolfotograaf"))?;
                }
                session.change(&id, |r, _| r.decide(d, reason, day(18)))?;
                if matches!(s.fate, Fate::Closed(_)) {
                    session.change(&id, |r, _| {
                        for i in 0..r.recipients.len() {
                            r.toggle_recipient(i, day(20))?;
                        }
                        r.close()
                    })?;
                }
            }
        }
    }
    seed_breaches(session)?;
    seed_consent(session)?;
    Ok(())
}

const FIRST_NAMES: &[&str] = &[
    "Daan", "Emma", "Noah", "Julia", "Sem", "Mila", "Lucas", "Tess", "Finn", "Zoë", "Liam", "Sara",
    "Levi", "Nora", "Ömer", "Yara", "Adam", "Lotte", "Bram", "Evi", "Mohamed", "Fleur", "Milan",
    "Elif",
];
const INFIXES: &[&str] = &[
    "", "", "", "de", "van", "van der", "van den", "", "", "el", "",
];
const LAST_NAMES: &[&str] = &[
    "Jansen", "Vries", "Bakker", "Visser", "Smit", "Meijer", "Berg", "Mulder", "Bos", "Vos",
    "Peters", "Hendriks", "Dekker", "Yılmaz", "Amrani", "Dijk", "Kok", "Boer", "Ouali", "Brouwer",
    "Leeuwen",
];

/// A small deterministic generator, so every demo has the same pupils and answers.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// Pupils for every demo school, each with an answer per purpose: mostly given, some refused,
/// a few withdrawn since, some still on last year's form. The special school has pupils near 16.
fn seed_consent(session: &mut Session) -> Result<()> {
    use crate::domain::consent::{AnsweredBy, ConsentValue, Method, Pupil};
    use crate::store::NewConsent;
    let today = session.today();
    let now = session.now();
    let mut rng = Lcg(2026);
    let mut pupils = Vec::new();
    for (s, school) in SCHOOLS.iter().enumerate() {
        let special = s == SCHOOLS.len() - 1;
        for group in 1..=8u32 {
            for i in 0..10u32 {
                let age = if special { 12 + group / 2 } else { 3 + group };
                let days = rng.next(360) as u64;
                let birth = today
                    .checked_sub_months(chrono::Months::new(age * 12))
                    .map(|d| d - Days::new(days));
                pupils.push(Pupil {
                    number: format!("{}{:02}{:02}", s + 1, group, i + 1),
                    first_name: FIRST_NAMES[rng.next(FIRST_NAMES.len())].into(),
                    infix: INFIXES[rng.next(INFIXES.len())].into(),
                    last_name: LAST_NAMES[rng.next(LAST_NAMES.len())].into(),
                    birth_date: birth,
                    class: if special {
                        format!("VSO {group}")
                    } else {
                        format!("groep {group}")
                    },
                    school: (*school).into(),
                    active: true,
                });
            }
        }
    }
    session.store.import_pupils(&pupils, false, now)?;
    let purposes = session.config.purposes.clone();
    let start = today
        .checked_sub_months(chrono::Months::new(2))
        .unwrap_or(today);
    let mut answers = Vec::new();
    for p in &pupils {
        let pupil_answers = p.age_on(today).is_some_and(|a| a >= 16) && rng.next(2) == 0;
        let (by, role) = if pupil_answers {
            (p.full_name(), AnsweredBy::Pupil)
        } else {
            (format!("ouder van {}", p.first_name), AnsweredBy::Parent)
        };
        let old_form = rng.next(12) == 0;
        for purpose in &purposes {
            let value = match rng.next(10) {
                0 => ConsentValue::Refused,
                _ => ConsentValue::Given,
            };
            let version = if old_form {
                "2025-1".to_string()
            } else {
                purpose.form_version.clone()
            };
            answers.push(NewConsent {
                pupil: p.number.clone(),
                purpose: purpose.key.clone(),
                value,
                effective: start,
                given_by: by.clone(),
                role,
                method: Method::Form,
                form_version: version,
            });
            if value == ConsentValue::Given && rng.next(25) == 0 {
                answers.push(NewConsent {
                    pupil: p.number.clone(),
                    purpose: purpose.key.clone(),
                    value: ConsentValue::Withdrawn,
                    effective: today - Days::new(rng.next(40) as u64),
                    given_by: by.clone(),
                    role,
                    method: Method::Email,
                    form_version: purpose.form_version.clone(),
                });
            }
        }
    }
    session.store.add_consents(&answers, now)?;
    Ok(())
}

/// Demo breaches: one fresh, one close to its deadline, one notified, one kept in the register
/// without notification, one reported late by a processor.
fn seed_breaches(session: &mut Session) -> Result<()> {
    use crate::domain::breach::{
        Category, FollowUpKind, Group, Nature, Range, Risk, SubjectsDecision,
    };
    let now = session.now();
    let hours = |h: i64| now - chrono::Duration::hours(h);
    // Logged now, after the breach was recorded (see the notes in `seed`).
    let log = |session: &mut Session, id: &str, lines: &[&str]| -> Result<()> {
        for line in lines {
            session.store.log_breach(id, line, now)?;
        }
        Ok(())
    };

    let b = session.start_breach("Cijferlijst naar verkeerde ouder gemaild", Some(hours(30)))?;
    log(
        session,
        &b.id,
        &[
            "Leerkracht groep 7 belt: cijferlijst van de hele klas naar één ouder gestuurd.",
            "Ouder is gevraagd de mail te verwijderen; bevestiging nog niet binnen.",
        ],
    )?;
    session.change_breach(&b.id, |x, _| {
        x.nature = vec![Nature::Confidentiality];
        x.categories = vec![Category::NameAddress, Category::Other];
        x.people = Range {
            min: Some(28),
            max: Some(28),
        };
        x.groups = vec![Group::Pupils];
        x.encrypted = Some(false);
        Ok(())
    })?;

    let b = session.start_breach("USB-stick met leerlingdossiers kwijt", Some(hours(63)))?;
    log(
        session,
        &b.id,
        &[
            "IB'er meldt: USB-stick met OPP's van groep 8 verloren in de trein.",
            "Stick was niet versleuteld.",
            "NS gevonden voorwerpen gebeld: niets gevonden.",
        ],
    )?;
    session.change_breach(&b.id, |x, _| {
        x.nature = vec![Nature::Confidentiality, Nature::Availability];
        x.categories = vec![
            Category::NameAddress,
            Category::SexBirthAge,
            Category::Health,
        ];
        x.people = Range {
            min: Some(20),
            max: Some(31),
        };
        x.groups = vec![Group::Pupils, Group::Parents];
        x.encrypted = Some(false);
        // Enough of the record for the art. 34 letter to the parents to be tried in the demo.
        x.description = "Een USB-stick met ontwikkelingsperspectieven (OPP's) van groep 8 is \
            in de trein verloren."
            .into();
        x.consequences = "Onbekenden kunnen gegevens over de ontwikkeling en gezondheid van \
            leerlingen inzien."
            .into();
        x.measures_taken = "Gevonden voorwerpen van NS ingeschakeld; medewerkers gebruiken \
            voortaan alleen versleutelde sticks."
            .into();
        x.assess(
            Risk::High,
            "gezondheidsgegevens van kinderen, onversleuteld",
        )
    })?;

    let b = session.start_breach(
        "Phishing: inloggegevens leerkracht buitgemaakt",
        Some(hours(20 * 24)),
    )?;
    log(
        session,
        &b.id,
        &["Leerkracht klikte op link; account is direct geblokkeerd."],
    )?;
    let at = hours(20 * 24 - 30);
    session.change_breach(&b.id, |x, s| {
        x.nature = vec![Nature::Confidentiality];
        x.categories = vec![Category::Login, Category::Contact];
        x.people = Range {
            min: Some(1),
            max: Some(250),
        };
        x.groups = vec![Group::Pupils, Group::Parents, Group::Staff];
        x.encrypted = Some(false);
        x.measures_taken = "Wachtwoord gereset, MFA verplicht gesteld.".into();
        x.assess(Risk::Risk, "mailbox bevat adressen en berichten van ouders")?;
        x.notify_ap(at, "AP-2026-104512", "", s.config.breach_hours)?;
        x.decide_subjects(SubjectsDecision::NotRequired, "", "", None)
    })?;
    session.breach_followup(
        &b.id,
        FollowUpKind::Supplement,
        "Onderzoek afgerond: geen misbruik van de mailbox gevonden.",
    )?;

    let b = session.start_breach(
        "Klassenlijst in verkeerde groepsapp gedeeld",
        Some(hours(45 * 24)),
    )?;
    session.change_breach(&b.id, |x, _| {
        x.categories = vec![Category::NameAddress];
        x.groups = vec![Group::Pupils];
        x.encrypted = Some(false);
        x.assess(
            Risk::None,
            "alleen voornamen, binnen 10 minuten verwijderd door de beheerder",
        )?;
        x.decide_not_to_notify(
            "geen risico: voornamen zonder verdere gegevens, direct verwijderd",
        )?;
        x.close()
    })?;

    let b = session.start_breach(
        "Verwerker leerlingvolgsysteem meldt inbraak",
        Some(hours(100 * 24)),
    )?;
    let late = hours(100 * 24 - 80);
    session.change_breach(&b.id, |x, s| {
        x.processor = "Leerlingvolgsysteem BV".into();
        x.processor_told_at = Some(x.aware_at);
        x.nature = vec![Nature::Confidentiality];
        x.categories = vec![Category::NameAddress, Category::SexBirthAge, Category::Bsn];
        x.people = Range {
            min: Some(1200),
            max: Some(1450),
        };
        x.groups = vec![Group::Pupils];
        // Encrypted at rest, but the intruder came in through the application itself.
        x.encrypted = Some(true);
        x.protection = "database versleuteld; inbraak via een beheeraccount".into();
        x.assess(Risk::High, "BSN van ruim 1.200 leerlingen")?;
        x.notify_ap(
            late,
            "AP-2026-098877",
            "verwerker leverde de omvang pas na drie dagen aan",
            s.config.breach_hours,
        )?;
        x.decide_subjects(SubjectsDecision::Informed, "", "", Some(late))?;
        x.close()
    })?;
    Ok(())
}

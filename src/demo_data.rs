//! A realistic board at any scale (`avgdesk demo-data --pupils N`): for trying avgdesk at one's
//! own size, and for the benchmarks. Every name, school and address is invented.
//!
//! N pupils over N/500 schools of 8 classes; for every configured purpose about three answers
//! per pupil (an answer on an old form, a later one on the current form, then a change, now and
//! then a withdrawal); N/6 requests and N/60 breaches over the last three years in every state,
//! with notes and log lines. Dates are relative to the clock (`AVGDESK_NOW`), and the same seed
//! with the same clock gives the same database.
//!
//! Everything is written in one transaction through `store::bulk`, so 30,000 pupils take
//! seconds. Requests and breaches are built with the domain's own rules (identity check,
//! pause, extension, decision, closing; assessment, notification, ...), so their states are
//! ones the app can reach.

use crate::app::Session;
use crate::domain::breach::{
    Breach, BreachError, BreachStatus, Category, FollowUpKind, Group, LogEntry, Nature, Range,
    Risk, SubjectsDecision,
};
use crate::domain::consent::{AnsweredBy, ConsentValue, Method, Pupil, Purpose};
use crate::domain::request::{
    self, format_id, Channel, Decision, Kind, Note, Person, Request, Role, RuleError, Status,
};
use crate::store::bulk::{BulkCounts, BulkWriter};
use crate::store::{NewConsent, StoreError};
use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::time::Instant;

/// Pupils per school, as on a large Dutch board.
pub const PUPILS_PER_SCHOOL: usize = 500;
pub const CLASSES_PER_SCHOOL: u32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub pupils: usize,
    pub seed: u64,
}

/// What was generated, and how long it took.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub schools: usize,
    pub classes: usize,
    pub purposes: usize,
    #[serde(flatten)]
    pub counts: BulkCounts,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoDataError {
    #[error(
        "{path} already holds data ({rows} rows); demo-data only fills a new, empty database: \
         pass --db with a file that does not exist yet"
    )]
    NotEmpty { path: String, rows: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fills the session's (empty) database. Refuses, writing nothing, when it holds any data.
pub fn generate(session: &mut Session, opts: &Options) -> Result<Summary, DemoDataError> {
    let started = Instant::now();
    let not_empty = |session: &Session| match session.store.row_count() {
        Ok(rows) => DemoDataError::NotEmpty {
            path: session.store.path().display().to_string(),
            rows,
        },
        Err(e) => e.into(),
    };
    if session.store.row_count()? > 0 {
        return Err(not_empty(session));
    }
    let plan = Plan::new(session, opts)?;
    let user = session.store.user().to_string();
    let purposes = session.config.purposes.clone();
    let loaded = session
        .store
        .bulk_load(|w| plan.write(w, &purposes, &user))?;
    let Some(((), counts)) = loaded else {
        return Err(not_empty(session));
    };
    Ok(Summary {
        schools: plan.schools.len(),
        classes: plan.schools.len() * CLASSES_PER_SCHOOL as usize,
        purposes: purposes.len(),
        counts,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// lo..=hi.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo + 1) as u64) as i64
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index chosen by weight.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut n = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if n < *w {
                return i;
            }
            n -= w;
        }
        weights.len() - 1
    }
}

const FIRST_NAMES: &[&str] = &[
    "Daan", "Emma", "Noah", "Julia", "Sem", "Mila", "Lucas", "Tess", "Finn", "Zoë", "Liam", "Sara",
    "Levi", "Nora", "Ömer", "Yara", "Adam", "Lotte", "Bram", "Evi", "Mohamed", "Fleur", "Milan",
    "Elif", "Luuk", "Saar", "Jesse", "Anna", "Thijs", "Lieke", "Ryan", "Noor", "Gijs", "Fenna",
    "Ayoub", "Ilse", "Mees", "Roos", "Bilal", "Sophie", "Teun", "Femke", "Jayden", "Hanna", "Cas",
    "Maud", "Stijn", "Isa", "Siem", "Nina", "Hamza", "Lynn", "Ruben", "Esmee", "Dex", "Amira",
    "Jens", "Floor", "Olivier", "Yasmin", "Boaz", "Lara", "Kyan", "Jasmijn", "Thomas", "Sanne",
    "Joep", "Lina", "Mats", "Iris", "Tijn", "Zeynep", "Vince", "Anouk", "Björn", "Chloë",
];
const PARENT_NAMES: &[&str] = &[
    "Sanne", "Mohamed", "Linda", "Ömer", "Peter", "Anouk", "Kees", "Fatima", "Marieke", "Jeroen",
    "Esther", "Rob", "Iris", "Thomas", "Karin", "Mark", "Nadia", "Dennis", "Ingrid", "Hasan",
    "Monique", "Erik", "Samira", "Bas", "Wendy", "Youssef", "Petra", "Martijn", "Ayşe", "Rik",
];
const INFIXES: &[&str] = &[
    "", "", "", "", "", "de", "van", "van der", "van den", "", "", "el", "", "ter", "",
];
const LAST_NAMES: &[&str] = &[
    "Jansen",
    "Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Berg",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Yılmaz",
    "Amrani",
    "Dijk",
    "Kok",
    "Boer",
    "Ouali",
    "Brouwer",
    "Leeuwen",
    "Janssen",
    "Dijkstra",
    "Wit",
    "Graaf",
    "Huisman",
    "Kaya",
    "Bulut",
    "Postma",
    "Kuipers",
    "Veenstra",
    "Kramer",
    "Willems",
    "Brink",
    "Prins",
    "Vermeulen",
    "Maas",
    "Koster",
    "Şahin",
    "Benali",
    "Haddou",
    "Nguyen",
    "Pinas",
    "Wijk",
    "Hoekstra",
    "Schouten",
    "Gerritsen",
    "Çelik",
    "Zwart",
    "Linden",
];
const SCHOOL_KINDS: &[&str] = &[
    "OBS",
    "CBS",
    "IKC",
    "RKBS",
    "Daltonschool",
    "Montessorischool",
    "Jenaplanschool",
    "PCBS",
];
const SCHOOL_NAMES: &[&str] = &[
    "De Regenboog",
    "Het Kompas",
    "De Vlinder",
    "De Brug",
    "De Wilgen",
    "Het Palet",
    "De Zonnebloem",
    "De Sterrenwacht",
    "Het Anker",
    "De Klimop",
    "De Piramide",
    "Het Baken",
    "De Meander",
    "De Windroos",
    "De Tamboerijn",
    "De Springplank",
    "Het Mozaïek",
    "De Eendracht",
    "De Horizon",
    "Het Startpunt",
];
const OFFICERS: &[&str] = &["fg.jansen", "fg.el.amrani", "privacy.bestuur"];

/// The old form versions answered before the current one.
fn old_versions(current: &str) -> Vec<String> {
    match current
        .split_once('-')
        .and_then(|(y, _)| y.parse::<i32>().ok())
    {
        Some(year) => vec![format!("{}-1", year - 2), format!("{}-1", year - 1)],
        None => vec!["oud".to_string()],
    }
}

fn school_names(n: usize) -> Vec<String> {
    let (k, m) = (SCHOOL_KINDS.len(), SCHOOL_NAMES.len());
    (0..n)
        .map(|s| {
            let mut name = format!("{} {}", SCHOOL_KINDS[s % k], SCHOOL_NAMES[(s / k) % m]);
            if s >= k * m {
                name.push_str(&format!(" {}", s / (k * m) + 1));
            }
            // The last school of a board of three or more is a special secondary school.
            if n >= 3 && s == n - 1 {
                name = format!("VSO {}", SCHOOL_NAMES[s % m]);
            }
            name
        })
        .collect()
}

/// A login name for a school's administration, e.g. `adm.de-regenboog`.
fn account(school: &str) -> String {
    let slug: String = crate::domain::text::fold(school)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("adm.{}", slug.trim_matches('-'))
}

/// An e-mail-safe lower-case form of a name.
fn mail_part(s: &str) -> String {
    crate::domain::text::fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

struct PlannedRequest {
    request: Request,
    year: i32,
    seq: i64,
    created: DateTime<Utc>,
}

struct PlannedBreach {
    breach: Breach,
    year: i32,
    seq: i64,
}

/// Everything but the answers, which are made pupil by pupil while writing.
struct Plan {
    seed: u64,
    now: DateTime<Utc>,
    today: NaiveDate,
    tz: Tz,
    schools: Vec<String>,
    pupils: Vec<Pupil>,
    /// The school index of each pupil.
    school_of: Vec<usize>,
    requests: Vec<PlannedRequest>,
    breaches: Vec<PlannedBreach>,
}

impl Plan {
    fn new(session: &Session, opts: &Options) -> Result<Plan, StoreError> {
        let now = session.now();
        let today = session.today();
        let tz = session.config.timezone;
        let n_schools = (opts.pupils / PUPILS_PER_SCHOOL).max(1);
        let schools = school_names(n_schools);
        let mut plan = Plan {
            seed: opts.seed,
            now,
            today,
            tz,
            schools,
            pupils: Vec::with_capacity(opts.pupils),
            school_of: Vec::with_capacity(opts.pupils),
            requests: Vec::new(),
            breaches: Vec::new(),
        };
        plan.make_pupils(opts.pupils);
        plan.make_requests(session, opts.pupils / 6)?;
        plan.make_breaches(session, opts.pupils / 60)?;
        Ok(plan)
    }

    /// A local time on `day`, `minutes` after midnight, never after now.
    fn local(&self, day: NaiveDate, minutes: i64) -> DateTime<Utc> {
        let naive = day.and_time(NaiveTime::MIN) + Duration::minutes(minutes);
        let t = self
            .tz
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive));
        t.min(self.now)
    }

    fn three_years_ago(&self) -> NaiveDate {
        self.today
            .checked_sub_months(Months::new(36))
            .unwrap_or(self.today)
    }

    fn make_pupils(&mut self, n: usize) {
        let mut rng = Rng::new(self.seed, 1);
        let n_schools = self.schools.len();
        let width = n.to_string().len().max(6);
        let mut number = 0usize;
        for (s, school) in self.schools.iter().enumerate() {
            let in_school = n / n_schools + usize::from(s < n % n_schools);
            let special = school.starts_with("VSO");
            for k in 0..in_school {
                // Evenly over the eight classes.
                let group = (k * CLASSES_PER_SCHOOL as usize / in_school.max(1)) as u32 + 1;
                let age = if special { 11 + group } else { 3 + group };
                let birth = self
                    .today
                    .checked_sub_months(Months::new(age * 12))
                    .map(|d| d - Days::new(rng.below(365)));
                number += 1;
                self.pupils.push(Pupil {
                    number: format!("{number:0width$}"),
                    first_name: rng.pick(FIRST_NAMES).to_string(),
                    infix: rng.pick(INFIXES).to_string(),
                    last_name: rng.pick(LAST_NAMES).to_string(),
                    birth_date: birth,
                    class: if special {
                        format!("VSO {group}")
                    } else {
                        format!("groep {group}")
                    },
                    school: school.clone(),
                    active: true,
                });
                self.school_of.push(s);
            }
        }
    }

    /// Requests in every state: closed ones over three years, open ones mostly recent with a few
    /// overdue stragglers. The first five take each state once, so a small board has them all.
    fn make_requests(&mut self, session: &Session, n: usize) -> Result<(), StoreError> {
        let mut rng = Rng::new(self.seed, 2);
        let states = [
            Status::New,
            Status::InProgress,
            Status::Waiting,
            Status::Decided,
            Status::Closed,
        ];
        let mut made = Vec::with_capacity(n);
        for i in 0..n {
            let state = if i < states.len() {
                states[i]
            } else {
                states[rng.weighted(&[2, 4, 3, 4, 87])]
            };
            let days_ago = match state {
                Status::New => rng.between(0, 6),
                Status::InProgress if rng.chance(92) => rng.between(3, 40),
                Status::InProgress => rng.between(46, 200),
                Status::Waiting if rng.chance(90) => rng.between(5, 60),
                Status::Waiting => rng.between(61, 300),
                Status::Decided if rng.chance(80) => rng.between(15, 120),
                Status::Decided => rng.between(121, 1000),
                Status::Closed => rng.between(20, 1094),
            };
            let r = self.request(session, &mut rng, state, days_ago as u64)?;
            made.push((r, i));
        }
        // Ids in the order received, numbered per year as `Store::add_request` does.
        made.sort_by_key(|(r, i)| (r.received, *i));
        let prefix = &session.config.request_prefix;
        let mut year = 0;
        let mut seq = 0;
        for (mut r, _) in made {
            if r.received.year() != year {
                year = r.received.year();
                seq = 0;
            }
            seq += 1;
            r.id = format_id(prefix, year, seq);
            let created = self.local(r.received, 8 * 60 + 30);
            self.requests.push(PlannedRequest {
                request: r,
                year,
                seq,
                created,
            });
        }
        Ok(())
    }

    fn request(
        &self,
        session: &Session,
        rng: &mut Rng,
        state: Status,
        days_ago: u64,
    ) -> Result<Request, RuleError> {
        let received = self.today - Days::new(days_ago);
        let day = |n: i64| received + Days::new((n.max(0) as u64).min(days_ago));
        let kind = Kind::ALL[rng.weighted(&[45, 15, 15, 5, 5, 8, 7])];
        let channel = Channel::ALL[rng.weighted(&[60, 10, 8, 7, 15])];
        let pupil = if self.pupils.is_empty() {
            None
        } else {
            Some(&self.pupils[rng.below(self.pupils.len() as u64) as usize])
        };
        let pupil_last = pupil
            .map(|p| {
                if p.infix.is_empty() {
                    p.last_name.clone()
                } else {
                    format!("{} {}", p.infix, p.last_name)
                }
            })
            .unwrap_or_else(|| rng.pick(LAST_NAMES).to_string());
        let role = match (rng.below(100), pupil.and_then(|p| p.age_on(received))) {
            (0..=4, Some(age)) if age >= 12 => Role::Pupil,
            (5..=11, _) => Role::Other,
            _ => Role::Parent,
        };
        let requester = match (role, pupil) {
            (Role::Pupil, Some(p)) => p.full_name(),
            (Role::Other, _) => format!("mr. {} {}", rng.pick(PARENT_NAMES), rng.pick(LAST_NAMES)),
            _ => format!("{} {pupil_last}", rng.pick(PARENT_NAMES)),
        };
        let contact = if channel == Channel::Phone || rng.chance(10) {
            format!("06-{:08}", rng.below(100_000_000))
        } else {
            let parts: Vec<String> = requester.split(' ').map(mail_part).collect();
            format!("{}@example.nl", parts.join("."))
        };
        let first = pupil
            .map(|p| p.first_name.as_str())
            .unwrap_or("de leerling");
        let summary = match kind {
            Kind::Access => format!("Vraagt een kopie van het leerlingdossier van {first}, inclusief de verslagen van de intern begeleider."),
            Kind::Rectification => format!("Gegevens van {first} in de leerlingadministratie kloppen niet sinds de verhuizing."),
            Kind::Erasure => format!("Wil dat de foto's van {first} van de website en uit de ouderapp worden verwijderd."),
            Kind::Restriction => format!("Vraagt de verwerking van het zorgdossier van {first} te beperken tot het bezwaar is behandeld."),
            Kind::Portability => format!("Wil het dossier van {first} in een leesbaar bestand meenemen naar de nieuwe school."),
            Kind::Objection => format!("Bezwaar tegen het delen van gegevens van {first} met de schoolfotograaf."),
            Kind::Other => format!("Vraag waarom de klassenlijst van {first} met telefoonnummers is rondgestuurd."),
        };
        let mut r = Request {
            id: String::new(),
            kind,
            received,
            channel,
            requester: Person {
                name: requester,
                role: Some(role),
                contact,
            },
            pupil: pupil
                .map(|p| request::Pupil {
                    name: p.full_name(),
                    birth_date: p.birth_date.filter(|b| *b <= received),
                    school: p.school.clone(),
                    class: p.class.clone(),
                })
                .unwrap_or_default(),
            summary,
            language: Default::default(),
            identity: None,
            extension: None,
            outcome: None,
            status: Status::New,
            pauses: Vec::new(),
            recipients: Vec::new(),
            recipients_none_on: None,
            notes: Vec::new(),
            letters: Vec::new(),
            notice_due_passed: None,
            version: 1,
        };
        let officer = *rng.pick(OFFICERS);
        let identity = |r: &mut Request, rng: &mut Rng| {
            let method = *rng.pick(&[
                "bekende ouder, via schoolmailadres",
                "ID-bewijs getoond aan de balie",
                "teruggebeld op bekend nummer",
            ]);
            r.check_identity(method, day(rng.between(1, 3)), officer)
        };
        let policy = session.config.policy;
        let cal = session.calendar();
        let mut last = day(0);
        match state {
            Status::New => {}
            Status::Waiting => {
                if rng.chance(50) {
                    identity(&mut r, rng)?;
                }
                let on = day(rng.between(1, 5));
                let reason = *rng.pick(&[
                    "wacht op identificatie",
                    "verduidelijking gevraagd welke gegevens",
                    "wacht op machtiging",
                ]);
                r.pause(on, reason)?;
                last = on;
            }
            Status::InProgress | Status::Decided | Status::Closed => {
                identity(&mut r, rng)?;
                if rng.chance(20) && days_ago > 10 {
                    r.pause(day(2), "verduidelijking gevraagd")?;
                    last = day(rng.between(4, 9));
                    r.resume(last)?;
                }
                if rng.chance(15) && days_ago >= 14 {
                    last = day(14);
                    r.extend("complex: meerdere partijen betrokken", last, policy, cal)?;
                }
                if state != Status::InProgress {
                    if kind.needs_recipient_notice() {
                        let names = [
                            "ParnasSys (leerlingadministratie)",
                            "Schoolfotograaf",
                            "Ouderapp",
                            "Samenwerkingsverband",
                        ];
                        for name in names.iter().take(rng.between(1, 3) as usize) {
                            r.add_recipient(name)?;
                        }
                    }
                    let decision = Decision::ALL[rng.weighted(&[60, 20, 10, 10])];
                    let reason = if decision.needs_reason() {
                        "wettelijke bewaarplicht (art. 7 Wet primair onderwijs)"
                    } else {
                        ""
                    };
                    last = day(rng.between(10, 35)).max(last);
                    r.decide(decision, reason, last)?;
                    let tell_all = state == Status::Closed || rng.chance(40);
                    for i in 0..r.recipients.len() {
                        if tell_all || rng.chance(50) {
                            let on = (last + Days::new(rng.below(5))).min(self.today);
                            r.toggle_recipient(i, on)?;
                            last = last.max(on);
                        }
                    }
                    if state == Status::Closed {
                        r.close()?;
                    }
                }
            }
        }
        // Notes between receipt and the last step (or today for open requests).
        let end = if r.awaits_answer() { self.today } else { last };
        let span = (end - received).num_days().max(0);
        let n_notes = match state {
            Status::New => rng.below(2),
            Status::Closed | Status::Decided => rng.between(1, 4) as u64,
            _ => rng.between(1, 3) as u64,
        };
        let texts = [
            "Dossier opgevraagd bij de intern begeleider.",
            "Administratie gevraagd de gegevens te controleren.",
            "Verzoeker gebeld: verzoek verduidelijkt.",
            "Afstemming met de directeur van de school.",
            "Concept-antwoord klaar voor controle.",
            "Verzoeker geïnformeerd over de stand van zaken.",
            "Kopie per beveiligde mail verstuurd.",
            "Overleg met de verwerker over het verwijderen van de gegevens.",
        ];
        // Never before the request was logged (`make_requests`: 08:30 on the day received).
        let logged = self.local(received, 8 * 60 + 30);
        let mut notes: Vec<Note> = (0..n_notes)
            .map(|_| {
                let on = received + Days::new(rng.between(0, span) as u64);
                Note {
                    at: self.local(on, rng.between(8 * 60, 17 * 60)).max(logged),
                    author: rng.pick(OFFICERS).to_string(),
                    text: rng.pick(&texts).to_string(),
                }
            })
            .collect();
        notes.sort_by_key(|n| n.at);
        r.notes = notes;
        Ok(r)
    }

    /// Breaches in every state: most closed over three years; the ones still waiting for the AP
    /// decision from the last days. The first five take each state once.
    fn make_breaches(&mut self, session: &Session, n: usize) -> Result<(), StoreError> {
        let mut rng = Rng::new(self.seed, 3);
        let states = [
            BreachStatus::Open,
            BreachStatus::Assessed,
            BreachStatus::Notified,
            BreachStatus::NotNotified,
            BreachStatus::Closed,
        ];
        let mut made = Vec::with_capacity(n);
        for i in 0..n {
            let state = if i < states.len() {
                states[i]
            } else {
                states[rng.weighted(&[1, 1, 10, 14, 74])]
            };
            let hours = match state {
                BreachStatus::Open => rng.between(1, 60),
                BreachStatus::Assessed => rng.between(4, 80),
                BreachStatus::Notified | BreachStatus::NotNotified => {
                    rng.between(4 * 24, 1094 * 24)
                }
                BreachStatus::Closed => rng.between(10 * 24, 1094 * 24),
            };
            let aware = self.now - Duration::hours(hours) - Duration::minutes(rng.between(0, 59));
            let b = self.breach(session, &mut rng, state, aware)?;
            made.push((b, i));
        }
        made.sort_by_key(|(b, i)| (b.aware_at, *i));
        let prefix = &session.config.breach_prefix;
        let mut year = 0;
        let mut seq = 0;
        for (mut b, _) in made {
            // As `Store::add_breach`: the year of becoming aware.
            if b.aware_at.year() != year {
                year = b.aware_at.year();
                seq = 0;
            }
            seq += 1;
            b.id = format_id(prefix, year, seq);
            self.breaches.push(PlannedBreach {
                breach: b,
                year,
                seq,
            });
        }
        Ok(())
    }

    fn breach(
        &self,
        session: &Session,
        rng: &mut Rng,
        state: BreachStatus,
        aware: DateTime<Utc>,
    ) -> Result<Breach, BreachError> {
        const TITLES: &[(&str, &str)] = &[
            (
                "Cijferlijst naar verkeerde ouder gemaild",
                "Leerkracht stuurde de cijferlijst van de hele klas naar één ouder.",
            ),
            (
                "USB-stick met leerlingdossiers kwijt",
                "IB'er verloor een USB-stick met OPP's in de trein.",
            ),
            (
                "Phishing: inloggegevens leerkracht buitgemaakt",
                "Leerkracht klikte op een link; het account is direct geblokkeerd.",
            ),
            (
                "Klassenlijst in verkeerde groepsapp gedeeld",
                "Klassenlijst met telefoonnummers in de groepsapp van een andere klas.",
            ),
            (
                "Verwerker leerlingvolgsysteem meldt inbraak",
                "De leverancier meldt toegang door onbevoegden tot een server.",
            ),
            (
                "Laptop gestolen uit auto",
                "Laptop van een leerkracht met toetsresultaten gestolen.",
            ),
            (
                "Zorgverslag in openbare map",
                "Een verslag van het zorgteam stond in een map die alle collega's konden lezen.",
            ),
            (
                "E-mail met CC in plaats van BCC",
                "Nieuwsbrief verstuurd met alle adressen van ouders zichtbaar.",
            ),
            (
                "Papieren dossier bij het oud papier",
                "Een map met leerlinggegevens is bij het oud papier gevonden.",
            ),
            (
                "Foto's op verkeerde website",
                "Foto's van een schoolreis op de openbare site in plaats van de ouderapp.",
            ),
        ];
        let (title, description) = *rng.pick(TITLES);
        let mut b = Breach::start(String::new(), title, aware)?;
        let minute = |m: i64| (aware + Duration::minutes(m)).min(self.now);
        let lines = [
            "Melding binnen via de directeur.",
            "Betrokken collega gebeld; feiten op een rij gezet.",
            "Ontvanger gevraagd de gegevens te verwijderen.",
            "Bevestiging van verwijdering ontvangen.",
            "ICT-beheer ingeschakeld; toegang ingetrokken.",
            "Omvang nagevraagd bij de administratie.",
        ];
        b.log = (0..rng.between(1, 5))
            .map(|i| LogEntry {
                at: minute(5 + i * rng.between(2, 30)),
                author: rng.pick(OFFICERS).to_string(),
                text: rng.pick(&lines).to_string(),
            })
            .collect();
        b.log.sort_by_key(|l| l.at);
        b.description = description.to_string();
        b.cause = rng
            .pick(&[
                "menselijke fout",
                "diefstal",
                "phishing",
                "fout bij verwerker",
            ])
            .to_string();
        b.nature = vec![Nature::ALL[rng.weighted(&[70, 5, 15, 10])]];
        let mut categories = vec![Category::NameAddress];
        if rng.chance(40) {
            categories.push(*rng.pick(&[Category::Contact, Category::Health, Category::Bsn]));
        }
        categories.sort();
        categories.dedup();
        b.categories = categories;
        let people = rng.between(1, 400) as u64;
        b.people = Range {
            min: Some(people),
            max: Some(people + rng.below(people / 2 + 1)),
        };
        b.groups = vec![Group::Pupils];
        if rng.chance(40) {
            b.groups.push(Group::Parents);
        }
        b.encrypted = Some(rng.chance(20));
        if rng.chance(20) {
            b.processor = "Leerlingvolgsysteem BV".into();
            b.processor_told_at = Some(aware);
        }
        if state == BreachStatus::Open {
            return Ok(b);
        }
        let risk = match state {
            BreachStatus::Notified => *rng.pick(&[Risk::Risk, Risk::High]),
            // Only a breach without risk may stay unreported (art. 33(1)).
            BreachStatus::NotNotified => Risk::None,
            _ => Risk::ALL[rng.weighted(&[50, 35, 15])],
        };
        let reason = match risk {
            Risk::None => "alleen namen, direct verwijderd door de ontvanger",
            Risk::Risk => "contactgegevens van ouders in verkeerde handen",
            Risk::High => "gezondheidsgegevens van kinderen, onversleuteld",
        };
        b.assess(risk, reason)?;
        if state == BreachStatus::Assessed {
            return Ok(b);
        }
        let hours = session.config.breach_hours;
        let notify = match state {
            BreachStatus::Notified => true,
            BreachStatus::NotNotified => false,
            _ => risk != Risk::None,
        };
        if notify {
            let late = rng.chance(10);
            let after = if late {
                rng.between(i64::from(hours) + 1, i64::from(hours) + 48)
            } else {
                rng.between(6, i64::from(hours).max(7) - 1)
            };
            let at = minute(after * 60);
            let reference = format!("AP-{}-{:06}", at.year(), rng.below(1_000_000));
            let delay = if late {
                "de omvang was pas na navraag bij de verwerker bekend"
            } else {
                ""
            };
            b.notify_ap(at, &reference, delay, hours)?;
            if risk == Risk::High {
                let informed = (at + Duration::days(1)).min(self.now);
                b.decide_subjects(SubjectsDecision::Informed, "", "", Some(informed))?;
            } else {
                b.decide_subjects(SubjectsDecision::NotRequired, "", "", None)?;
            }
            if rng.chance(30) {
                let when = (at + Duration::days(rng.between(2, 20))).min(self.now);
                b.add_followup(
                    when,
                    FollowUpKind::Supplement,
                    "Onderzoek afgerond: geen misbruik van de gegevens gevonden.",
                )?;
            }
        } else {
            b.decide_not_to_notify("geen of gering risico: gegevens direct verwijderd")?;
        }
        if state == BreachStatus::Closed {
            b.close()?;
        }
        Ok(b)
    }

    /// Writes everything; the answers are made pupil by pupil as they are written.
    fn write(
        &self,
        w: &mut BulkWriter<'_>,
        purposes: &[Purpose],
        user: &str,
    ) -> Result<(), StoreError> {
        for p in &self.pupils {
            w.pupil(p, self.now)?;
        }
        let mut rng = Rng::new(self.seed, 4);
        let accounts: Vec<String> = self.schools.iter().map(|s| account(s)).collect();
        let olds: Vec<Vec<String>> = purposes
            .iter()
            .map(|p| old_versions(&p.form_version))
            .collect();
        let mut answers = Vec::new();
        for (p, &s) in self.pupils.iter().zip(&self.school_of) {
            answers.clear();
            self.answers(p, purposes, &olds, &mut rng, &mut answers);
            for c in &answers {
                let at = self.local(c.effective, rng.between(8 * 60, 16 * 60));
                w.consent(c, &accounts[s], at)?;
            }
        }
        for r in &self.requests {
            let officer = *rng.pick(OFFICERS);
            w.request(&r.request, r.year, r.seq, r.created, officer)?;
        }
        for b in &self.breaches {
            let officer = *rng.pick(OFFICERS);
            w.breach(&b.breach, b.year, b.seq, b.breach.aware_at, officer)?;
        }
        let summary = format!(
            "{} pupils in {} schools, seed {}",
            self.pupils.len(),
            self.schools.len(),
            self.seed
        );
        w.audit(
            self.now,
            user,
            "board",
            "demo-data",
            "generated",
            Some(&summary),
        )?;
        Ok(())
    }

    /// About three answers per purpose: one on an old form, one on the current form, then a
    /// change; now and then a withdrawal, a purpose never asked, or only the old form.
    fn answers(
        &self,
        p: &Pupil,
        purposes: &[Purpose],
        olds: &[Vec<String>],
        rng: &mut Rng,
        out: &mut Vec<NewConsent>,
    ) {
        let enrolled = p
            .birth_date
            .and_then(|b| b.checked_add_months(Months::new(4 * 12)))
            .unwrap_or(self.today)
            .max(self.three_years_ago())
            .min(self.today);
        let span = (self.today - enrolled).num_days().max(0);
        let parent = format!(
            "{} {}",
            rng.pick(PARENT_NAMES),
            if p.infix.is_empty() {
                p.last_name.clone()
            } else {
                format!("{} {}", p.infix, p.last_name)
            }
        );
        let pupil_name = p.full_name();
        // Below 16 the parents answer, from 16 the pupil (as `consent::check_answer` demands).
        let who = |effective: NaiveDate| match p.age_on(effective) {
            Some(age) if age >= 16 => (pupil_name.clone(), AnsweredBy::Pupil),
            _ => (parent.clone(), AnsweredBy::Parent),
        };
        let day =
            |offset: i64| (enrolled + Days::new(offset.clamp(0, span) as u64)).min(self.today);
        for (purpose, old) in purposes.iter().zip(olds) {
            if rng.chance(3) {
                continue; // never asked
            }
            let answer = |value, effective, method, form_version: &str| {
                let (given_by, role) = who(effective);
                NewConsent {
                    pupil: p.number.clone(),
                    purpose: purpose.key.clone(),
                    value,
                    effective,
                    given_by,
                    role,
                    method,
                    form_version: form_version.to_string(),
                }
            };
            let yes_no = |rng: &mut Rng, yes: u64| {
                if rng.chance(yes) {
                    ConsentValue::Given
                } else {
                    ConsentValue::Refused
                }
            };
            let first = yes_no(rng, 85);
            let e1 = day(rng.between(0, span / 5));
            out.push(answer(first, e1, Method::Form, rng.pick(old).as_str()));
            if rng.chance(5) {
                continue; // only the old form: flagged as outdated
            }
            let offset = (e1 - enrolled).num_days();
            let rest = span - offset;
            let e2 = day(offset + rest * 3 / 10 + rng.between(0, rest * 4 / 10));
            let second = yes_no(rng, if first == ConsentValue::Given { 90 } else { 50 });
            let method = if rng.chance(70) {
                Method::Form
            } else {
                Method::Portal
            };
            out.push(answer(second, e2, method, &purpose.form_version));
            let offset = (e2 - enrolled).num_days();
            let e3 = day(offset + rng.between(1, (span - offset).max(1)));
            let third = if second == ConsentValue::Given && rng.chance(6) {
                out.push(answer(
                    ConsentValue::Withdrawn,
                    e3,
                    Method::Email,
                    &purpose.form_version,
                ));
                ConsentValue::Withdrawn
            } else {
                let v = yes_no(rng, 85);
                out.push(answer(v, e3, Method::Portal, &purpose.form_version));
                v
            };
            if rng.chance(8) {
                let offset = (e3 - enrolled).num_days();
                let e4 = day(offset + rng.between(1, (span - offset).max(1)));
                let fourth = if third == ConsentValue::Given {
                    ConsentValue::Withdrawn
                } else {
                    ConsentValue::Given
                };
                out.push(answer(fourth, e4, Method::Email, &purpose.form_version));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::config::Config;
    use crate::domain::consent::{check_answer, ConsentEvent};
    use crate::store::Store;

    /// Every answer is one `Session::set_consent` would have accepted when it was recorded:
    /// parents below 16, the pupil from 16, never before birth or before an earlier answer.
    #[test]
    fn answers_follow_the_consent_rules() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), "tester").unwrap();
        let clock = Clock::parse("2026-11-23T10:00:00+01:00").unwrap();
        let mut session = Session::new(store, Config::default(), clock);
        // Three schools: the last is a special secondary school with pupils of 12 to 19.
        let summary = generate(
            &mut session,
            &Options {
                pupils: 1500,
                seed: 5,
            },
        )
        .unwrap();
        assert_eq!(summary.schools, 3);
        let schools = session.store.schools().unwrap();
        assert!(schools.iter().any(|s| s.starts_with("VSO")), "{schools:?}");
        let today = session.today();
        let mut pupils_16 = 0;
        let filter = crate::store::PupilFilter::default();
        for p in session.store.pupils_page(&filter, today, 0, 2000).unwrap() {
            pupils_16 += usize::from(p.age_on(today).is_some_and(|a| a >= 16));
            let history = session.store.consent_history(&p.number).unwrap();
            for e in &history {
                // What was recorded before it, for the same purpose.
                let earlier: Vec<ConsentEvent> = history
                    .iter()
                    .filter(|o| o.purpose == e.purpose && o.id < e.id)
                    .cloned()
                    .collect();
                check_answer(&p, e.role, e.effective, &earlier)
                    .unwrap_or_else(|err| panic!("{}: {e:?}: {err}", p.number));
                assert!(e.effective <= today && e.recorded_at <= session.now());
            }
        }
        assert!(pupils_16 > 0, "some pupils are 16 or older");
    }
}

//! Consent (toestemming): pupils, the board's purposes, and the append-only history of answers.
//! The current answer is the latest event in effect; no event means "not asked", which is no.

use super::deadline::age_on;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;

code_enum!(
    ConsentValue {
        Given = "given" | "gegeven" | "ja" | "yes",
        Refused = "refused" | "geweigerd" | "nee" | "no",
        Withdrawn = "withdrawn" | "ingetrokken",
    }
);

code_enum!(
    /// Who answered: below 16 the parents, from 16 the pupil.
    AnsweredBy {
        Parent = "parent" | "ouder",
        Pupil = "pupil" | "leerling",
    }
);

code_enum!(
    Method {
        Form = "form" | "formulier",
        Email = "email" | "e-mail",
        Portal = "portal" | "portaal",
        Verbal = "verbal" | "mondeling",
    }
);

/// What a cell of the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    NotAsked,
    Given,
    Refused,
    Withdrawn,
}

impl ConsentState {
    /// Only an explicit "given" in effect counts as consent; opt-out is not consent.
    pub fn allows(self) -> bool {
        self == ConsentState::Given
    }

    pub fn code(self) -> &'static str {
        match self {
            ConsentState::NotAsked => "not_asked",
            ConsentState::Given => "given",
            ConsentState::Refused => "refused",
            ConsentState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentState> {
        match s.trim().to_lowercase().as_str() {
            "not_asked" | "not-asked" | "niet_gevraagd" | "niet gevraagd" => {
                Some(ConsentState::NotAsked)
            }
            other => ConsentValue::parse(other).map(ConsentState::from),
        }
    }
}

impl From<ConsentValue> for ConsentState {
    fn from(v: ConsentValue) -> Self {
        match v {
            ConsentValue::Given => ConsentState::Given,
            ConsentValue::Refused => ConsentState::Refused,
            ConsentValue::Withdrawn => ConsentState::Withdrawn,
        }
    }
}

/// A pupil as the school administration exports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pupil {
    pub number: String,
    pub first_name: String,
    pub infix: String,
    pub last_name: String,
    pub birth_date: Option<NaiveDate>,
    pub class: String,
    pub school: String,
    /// False once a re-import no longer lists the pupil; their history stays.
    pub active: bool,
}

impl Pupil {
    /// "Jan van der Berg".
    pub fn full_name(&self) -> String {
        [
            self.first_name.as_str(),
            self.infix.as_str(),
            self.last_name.as_str(),
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// Sorted as Dutch lists do: by last name without the infix ("Berg, Jan van der").
    pub fn sort_name(&self) -> String {
        let mut s = format!("{}, {}", self.last_name, self.first_name);
        if !self.infix.is_empty() {
            s.push(' ');
            s.push_str(&self.infix);
        }
        s
    }

    pub fn age_on(&self, day: NaiveDate) -> Option<i32> {
        self.birth_date.map(|b| age_on(b, day))
    }

    /// The day the pupil turns 16 and decides for themselves.
    pub fn sixteenth_birthday(&self) -> Option<NaiveDate> {
        self.birth_date
            .and_then(|b| b.checked_add_months(Months::new(16 * 12)))
    }
}

/// A purpose consent is asked for, with the version of its current form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Purpose {
    pub key: String,
    pub nl: String,
    pub en: String,
    #[serde(default)]
    pub form_version: String,
}

/// The defaults of docs/rules.md (section 3.1): photos and video per channel, contact details to
/// other parents, the pupil's social media, care organisations, medical data, and video for
/// coaching.
pub fn default_purposes() -> Vec<Purpose> {
    let p = |key: &str, nl: &str, en: &str| Purpose {
        key: key.into(),
        nl: nl.into(),
        en: en.into(),
        form_version: "2026-1".into(),
    };
    vec![
        p(
            "photo_guide",
            "Foto/video in de schoolgids",
            "Photo/video in the school guide",
        ),
        p(
            "photo_website",
            "Foto/video op de website",
            "Photo/video on the website",
        ),
        p(
            "photo_newsletter",
            "Foto/video in de nieuwsbrief",
            "Photo/video in the newsletter",
        ),
        p(
            "photo_social",
            "Foto/video op sociale media van de school",
            "Photo/video on the school's social media",
        ),
        p(
            "photo_app",
            "Foto/video in de ouderapp",
            "Photo/video in the parent app",
        ),
        p(
            "video_coaching",
            "Video-opnames voor begeleiding van leraren",
            "Video for coaching teachers",
        ),
        p(
            "contact_parents",
            "Contactgegevens delen met andere ouders",
            "Contact details to other parents",
        ),
        p(
            "pupil_social_media",
            "Gebruik van sociale media door de leerling",
            "Pupil's use of social media",
        ),
        p(
            "care_exchange",
            "Uitwisseling met zorgorganisaties",
            "Exchange with care organisations",
        ),
        p(
            "medical",
            "Verwerken van medische gegevens",
            "Processing medical data",
        ),
    ]
}

/// Why an answer was refused. The English text is for the command line; the app shows the
/// officer's language (`i18n::consent_error`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    #[error("{pupil} is {age}: below 16 the parents answer (--role parent)")]
    PupilUnder16 { pupil: String, age: i32 },
    #[error("{pupil} is {age}: from 16 the pupil answers (--role pupil)")]
    ParentFor16Plus { pupil: String, age: i32 },
    #[error("the answer cannot take effect before the pupil was born ({0})")]
    BeforeBirth(NaiveDate),
    #[error("there is a later answer ({value} from {effective}); record this one from that day or later")]
    LaterAnswerExists {
        value: ConsentValue,
        effective: NaiveDate,
    },
    #[error("{0} has left the school; answers are kept but no new ones are recorded")]
    PupilLeft(String),
}

impl ConsentError {
    /// The input field the error is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ConsentError::PupilUnder16 { .. } | ConsentError::ParentFor16Plus { .. } => {
                Some("role")
            }
            ConsentError::BeforeBirth(_) | ConsentError::LaterAnswerExists { .. } => {
                Some("effective")
            }
            ConsentError::PupilLeft(_) => None,
        }
    }
}

/// Checks a new answer against the pupil and the answers already recorded for that purpose.
pub fn check_answer(
    pupil: &Pupil,
    role: AnsweredBy,
    effective: NaiveDate,
    earlier: &[ConsentEvent],
) -> Result<(), ConsentError> {
    if !pupil.active {
        return Err(ConsentError::PupilLeft(pupil.full_name()));
    }
    if let Some(birth) = pupil.birth_date {
        if effective < birth {
            return Err(ConsentError::BeforeBirth(birth));
        }
        let age = age_on(birth, effective);
        match role {
            AnsweredBy::Pupil if age < 16 => {
                return Err(ConsentError::PupilUnder16 {
                    pupil: pupil.full_name(),
                    age,
                })
            }
            AnsweredBy::Parent if age >= 16 => {
                return Err(ConsentError::ParentFor16Plus {
                    pupil: pupil.full_name(),
                    age,
                })
            }
            _ => {}
        }
    }
    if let Some(later) = earlier
        .iter()
        .filter(|e| e.effective > effective)
        .max_by_key(|e| (e.effective, e.id))
    {
        return Err(ConsentError::LaterAnswerExists {
            value: later.value,
            effective: later.effective,
        });
    }
    Ok(())
}

/// One answer, never changed afterwards: a change is a new event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentEvent {
    pub id: i64,
    pub pupil: String,
    pub purpose: String,
    pub value: ConsentValue,
    /// The answer counts from this day.
    pub effective: NaiveDate,
    pub given_by: String,
    pub role: AnsweredBy,
    pub method: Method,
    pub form_version: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// The answer in effect on `day`: the latest by effective date (then by recording order).
pub fn current<'a>(
    events: impl IntoIterator<Item = &'a ConsentEvent>,
    day: NaiveDate,
) -> Option<&'a ConsentEvent> {
    events
        .into_iter()
        .filter(|e| e.effective <= day)
        .max_by_key(|e| (e.effective, e.id))
}

pub fn state_of(event: Option<&ConsentEvent>) -> ConsentState {
    event
        .map(|e| e.value.into())
        .unwrap_or(ConsentState::NotAsked)
}

/// Something about a pupil's consent the officer must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "flag")]
pub enum ConsentFlag {
    /// Turns 16 within 30 days: tell the pupil they will decide.
    TurnsSixteen { on: NaiveDate },
    /// 16 or older, but every answer in effect came from a parent.
    SixteenWithParentalAnswers,
    /// The latest answer predates the purpose's current form version: ask again.
    OutdatedForm { purpose: String },
}

/// The flags for one pupil given the answers in effect (one per purpose at most).
pub fn flags(
    pupil: &Pupil,
    in_effect: &[&ConsentEvent],
    purposes: &[Purpose],
    today: NaiveDate,
) -> Vec<ConsentFlag> {
    let mut out = Vec::new();
    if let (Some(age), Some(sixteen)) = (pupil.age_on(today), pupil.sixteenth_birthday()) {
        if age < 16 && sixteen <= today + chrono::Days::new(30) {
            out.push(ConsentFlag::TurnsSixteen { on: sixteen });
        }
        // From 16 the pupil decides: flagged until every answer in effect is the pupil's own.
        if age >= 16
            && (in_effect.is_empty() || in_effect.iter().any(|e| e.role == AnsweredBy::Parent))
        {
            out.push(ConsentFlag::SixteenWithParentalAnswers);
        }
    }
    for e in in_effect {
        if let Some(p) = purposes.iter().find(|p| p.key == e.purpose) {
            // Versions are written so they sort ("2025-1" < "2026-1"): only an older one is flagged.
            if !p.form_version.is_empty() && e.form_version.as_str() < p.form_version.as_str() {
                out.push(ConsentFlag::OutdatedForm {
                    purpose: p.key.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn pupil(birth: &str) -> Pupil {
        Pupil {
            number: "1001".into(),
            first_name: "Jan".into(),
            infix: "van der".into(),
            last_name: "Berg".into(),
            birth_date: Some(d(birth)),
            class: "6".into(),
            school: "OBS De Regenboog".into(),
            active: true,
        }
    }

    fn event(
        id: i64,
        purpose: &str,
        value: ConsentValue,
        effective: &str,
        role: AnsweredBy,
        version: &str,
    ) -> ConsentEvent {
        ConsentEvent {
            id,
            pupil: "1001".into(),
            purpose: purpose.into(),
            value,
            effective: d(effective),
            given_by: "A. de Vries".into(),
            role,
            method: Method::Form,
            form_version: version.into(),
            recorded_by: "officer".into(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn names_with_infixes() {
        let p = pupil("2014-05-01");
        assert_eq!(p.full_name(), "Jan van der Berg");
        assert_eq!(p.sort_name(), "Berg, Jan van der");
    }

    #[test]
    fn the_latest_answer_in_effect_counts() {
        let events = vec![
            event(
                1,
                "photo_website",
                ConsentValue::Given,
                "2026-09-01",
                AnsweredBy::Parent,
                "2026-1",
            ),
            event(
                2,
                "photo_website",
                ConsentValue::Withdrawn,
                "2026-11-20",
                AnsweredBy::Parent,
                "2026-1",
            ),
            event(
                3,
                "photo_website",
                ConsentValue::Given,
                "2026-12-01",
                AnsweredBy::Parent,
                "2026-1",
            ),
        ];
        assert_eq!(
            state_of(current(&events, d("2026-10-01"))),
            ConsentState::Given
        );
        assert_eq!(
            state_of(current(&events, d("2026-11-23"))),
            ConsentState::Withdrawn
        );
        // A change takes effect from its date, not before.
        assert_eq!(
            state_of(current(&events, d("2026-12-01"))),
            ConsentState::Given
        );
        assert_eq!(
            state_of(current(&events, d("2026-08-01"))),
            ConsentState::NotAsked
        );
        assert!(!ConsentState::NotAsked.allows());
        assert!(!ConsentState::Withdrawn.allows());
    }

    #[test]
    fn same_day_answers_are_ordered_by_recording() {
        let events = vec![
            event(
                7,
                "medical",
                ConsentValue::Refused,
                "2026-11-01",
                AnsweredBy::Parent,
                "",
            ),
            event(
                5,
                "medical",
                ConsentValue::Given,
                "2026-11-01",
                AnsweredBy::Parent,
                "",
            ),
        ];
        assert_eq!(
            state_of(current(&events, d("2026-11-23"))),
            ConsentState::Refused
        );
    }

    #[test]
    fn sixteen_flags() {
        let purposes = default_purposes();
        let today = d("2026-11-23");
        let soon = pupil("2010-12-10");
        assert_eq!(
            flags(&soon, &[], &purposes, today),
            vec![ConsentFlag::TurnsSixteen {
                on: d("2026-12-10")
            }]
        );
        let later = pupil("2011-01-10");
        assert!(flags(&later, &[], &purposes, today).is_empty());
        let older = pupil("2009-01-10");
        let by_parent = event(
            1,
            "photo_website",
            ConsentValue::Given,
            "2026-09-01",
            AnsweredBy::Parent,
            "2026-1",
        );
        assert_eq!(
            flags(&older, &[&by_parent], &purposes, today),
            vec![ConsentFlag::SixteenWithParentalAnswers]
        );
        let by_pupil = event(
            2,
            "photo_guide",
            ConsentValue::Given,
            "2026-09-01",
            AnsweredBy::Pupil,
            "2026-1",
        );
        // One purpose still rests on the parents' answer: still flagged.
        assert_eq!(
            flags(&older, &[&by_parent, &by_pupil], &purposes, today),
            vec![ConsentFlag::SixteenWithParentalAnswers]
        );
        assert!(flags(&older, &[&by_pupil], &purposes, today).is_empty());
        // Turned 16 without any answer: the pupil must still be told.
        assert_eq!(
            flags(&older, &[], &purposes, today),
            vec![ConsentFlag::SixteenWithParentalAnswers]
        );
    }

    #[test]
    fn outdated_form_versions_are_flagged() {
        let purposes = default_purposes();
        let p = pupil("2015-01-01");
        let old = event(
            1,
            "photo_website",
            ConsentValue::Given,
            "2025-09-01",
            AnsweredBy::Parent,
            "2025-1",
        );
        assert_eq!(
            flags(&p, &[&old], &purposes, d("2026-11-23")),
            vec![ConsentFlag::OutdatedForm {
                purpose: "photo_website".into()
            }]
        );
    }

    #[test]
    fn answers_are_checked_against_age_birth_and_later_answers() {
        let p = pupil("2014-05-01");
        let d0 = d("2026-11-23");
        assert_eq!(
            check_answer(&p, AnsweredBy::Pupil, d0, &[]),
            Err(ConsentError::PupilUnder16 {
                pupil: "Jan van der Berg".into(),
                age: 12
            })
        );
        assert!(check_answer(&p, AnsweredBy::Parent, d0, &[]).is_ok());
        assert_eq!(
            check_answer(&p, AnsweredBy::Parent, d("2010-01-01"), &[]),
            Err(ConsentError::BeforeBirth(d("2014-05-01")))
        );
        let later = event(
            9,
            "photo_website",
            ConsentValue::Given,
            "2026-11-24",
            AnsweredBy::Parent,
            "2026-1",
        );
        assert_eq!(
            check_answer(&p, AnsweredBy::Parent, d0, &[later]),
            Err(ConsentError::LaterAnswerExists {
                value: ConsentValue::Given,
                effective: d("2026-11-24")
            })
        );
        let older = pupil("2009-01-10");
        assert!(matches!(
            check_answer(&older, AnsweredBy::Parent, d0, &[]),
            Err(ConsentError::ParentFor16Plus { .. })
        ));
        let mut left = pupil("2014-05-01");
        left.active = false;
        assert!(matches!(
            check_answer(&left, AnsweredBy::Parent, d0, &[]),
            Err(ConsentError::PupilLeft(_))
        ));
    }

    #[test]
    fn only_older_form_versions_are_flagged() {
        let purposes = default_purposes();
        let p = pupil("2015-01-01");
        let newer = event(
            1,
            "photo_website",
            ConsentValue::Given,
            "2026-09-01",
            AnsweredBy::Parent,
            "2027-1",
        );
        assert!(flags(&p, &[&newer], &purposes, d("2026-11-23")).is_empty());
    }

    #[test]
    fn states_parse_in_both_languages() {
        assert_eq!(
            ConsentState::parse("niet gevraagd"),
            Some(ConsentState::NotAsked)
        );
        assert_eq!(
            ConsentState::parse("ingetrokken"),
            Some(ConsentState::Withdrawn)
        );
        assert_eq!(ConsentState::parse("given"), Some(ConsentState::Given));
        assert_eq!(ConsentState::parse("maybe"), None);
        assert_eq!(default_purposes().len(), 10);
    }
}

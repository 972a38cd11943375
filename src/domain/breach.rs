//! Personal-data breaches (datalekken): the record in the order of the AP's notification form,
//! the 72-hour clock, and the rules on assessing, notifying and informing data subjects.

use super::text::{check, Shape};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde::Serialize;

code_enum!(
    /// What happened to the data (the AP form's "nature of the breach").
    Nature {
        Confidentiality = "confidentiality" | "vertrouwelijkheid" | "read",
        Integrity = "integrity" | "integriteit" | "altered",
        Availability = "availability" | "beschikbaarheid" | "lost",
        Theft = "theft" | "diefstal",
    }
);

code_enum!(
    /// Categories of personal data, as the AP form lists them.
    Category {
        NameAddress = "name_address" | "naw",
        Contact = "contact" | "phone_email",
        Login = "login",
        Financial = "financial" | "financieel",
        IdCopies = "id_copies" | "id",
        SexBirthAge = "sex_birth_age" | "geboortedatum",
        Bsn = "bsn",
        Special = "special" | "bijzonder",
        Health = "health" | "gezondheid",
        Criminal = "criminal" | "strafrechtelijk",
        Other = "other" | "overig",
    }
);

code_enum!(
    Group {
        Pupils = "pupils" | "leerlingen",
        Parents = "parents" | "ouders",
        Staff = "staff" | "personeel",
        Other = "other" | "overig",
    }
);

code_enum!(
    Risk {
        None = "none" | "geen",
        Risk = "risk" | "risico",
        High = "high" | "hoog",
    }
);

code_enum!(
    BreachStatus {
        Open = "open",
        Assessed = "assessed" | "beoordeeld",
        Notified = "notified" | "gemeld",
        NotNotified = "not_notified" | "niet_gemeld",
        Closed = "closed" | "gesloten",
    }
);

code_enum!(
    /// How the data subjects were dealt with (GDPR art. 34).
    SubjectsDecision {
        Informed = "informed" | "geinformeerd",
        NotRequired = "not_required" | "niet_nodig",
        /// (a) the data was unintelligible to others, e.g. encrypted with the key safe.
        Unintelligible = "unintelligible" | "a",
        /// (b) later measures removed the high risk.
        RiskRemoved = "risk_removed" | "b",
        /// (c) disproportionate effort: a public communication replaces it.
        Disproportionate = "disproportionate" | "c",
    }
);

code_enum!(
    FollowUpKind {
        Supplement = "supplement" | "aanvulling",
        Withdrawal = "withdrawal" | "intrekking",
    }
);

/// One line typed during or after the incident call, saved the moment Enter is pressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub at: DateTime<Utc>,
    pub kind: FollowUpKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApNotification {
    pub at: DateTime<Utc>,
    pub reference: String,
    /// Required when notified after the deadline (art. 33(1)).
    pub delay_reason: String,
}

/// A range of affected records or people; either end may be unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl Range {
    /// Reads `120`, `100-150`, `?-150` or an empty text (unknown).
    pub fn parse(s: &str) -> Option<Range> {
        let num = |p: &str| -> Option<Option<u64>> {
            let p = p.trim();
            if p.is_empty() || p == "?" {
                Some(None)
            } else {
                p.parse().ok().map(Some)
            }
        };
        let range = match s.split_once(['-', '–']) {
            Some((a, b)) => Range {
                min: num(a)?,
                max: num(b)?,
            },
            None => {
                let n = num(s)?;
                Range { min: n, max: n }
            }
        };
        match (range.min, range.max) {
            (Some(a), Some(b)) if a > b => None,
            _ => Some(range),
        }
    }

    /// The text `parse` reads back.
    pub fn text(&self) -> String {
        let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
        match (self.min, self.max) {
            (None, None) => String::new(),
            (a, b) if a == b => n(a),
            (a, b) => format!("{}-{}", n(a), n(b)),
        }
    }
}

/// One breach, notified or not: every one stays in the register (art. 33(5)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub id: String,
    pub title: String,
    // Timeline
    pub occurred_at: Option<DateTime<Utc>>,
    pub discovered_at: Option<DateTime<Utc>>,
    pub aware_at: DateTime<Utc>,
    pub ongoing: Option<bool>,
    // What happened
    pub description: String,
    pub cause: String,
    pub nature: Vec<Nature>,
    pub categories: Vec<Category>,
    pub records: Range,
    pub people: Range,
    pub groups: Vec<Group>,
    pub protection: String,
    /// Whether the data was encrypted or hashed; `None` until someone answered, so an
    /// unanswered question never reads as "no" on the AP form.
    pub encrypted: Option<bool>,
    pub consequences: String,
    pub severity: String,
    pub measures_taken: String,
    pub measures_planned: String,
    pub processor: String,
    pub processor_told_at: Option<DateTime<Utc>>,
    pub cross_border: String,
    // Assessment and decisions
    pub risk: Option<Risk>,
    pub risk_reason: String,
    /// Some(true): notify the AP; Some(false): not, with `no_notify_reason`.
    pub notify_ap: Option<bool>,
    pub no_notify_reason: String,
    pub notification: Option<ApNotification>,
    pub subjects: Option<SubjectsDecision>,
    pub subjects_reason: String,
    pub public_communication: String,
    pub subjects_informed_at: Option<DateTime<Utc>>,
    pub status: BreachStatus,
    pub log: Vec<LogEntry>,
    pub followups: Vec<FollowUp>,
    /// The letters marked as sent, in the order sent (loaded with the breach; never edited).
    pub letters: Vec<crate::domain::letter::SentLetter>,
    pub version: i64,
}

/// Why a change to a breach was refused. The English text is for the command line; the app
/// shows the officer's language (`i18n::breach_error`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BreachError {
    #[error("{field} is required")]
    Required { field: &'static str },
    /// A field holding a character it may not (`domain::text::Shape`): a control character
    /// (a terminal escape code, a line break in a one-line field), or in a title or name a
    /// bidi override or a zero-width character.
    #[error(
        "{field}: contains {}; {}",
        crate::domain::text::what(*.ch),
        crate::domain::text::remedy(*.ch)
    )]
    Invisible { field: &'static str, ch: char },
    /// A moment the officer records (aware, occurred, notified, ...) lies after now.
    #[error("{field}: lies in the future")]
    InFuture { field: &'static str },
    #[error("at: the notification cannot precede becoming aware")]
    NotifiedBeforeAware,
    /// The breach cannot have occurred after it was discovered.
    #[error("occurred: lies after the moment it was discovered")]
    OccurredAfterDiscovered,
    /// The call log shows the school knew earlier: a later "aware" would quietly move the AP
    /// deadline (art. 33(1) counts from becoming aware).
    #[error(
        "aware: lies after the first line of the call log ({first}); the 72 hours count from then"
    )]
    AwareAfterLog { first: DateTime<Utc> },
    /// "Not required" was chosen for data subjects while the risk is high (art. 34(1)).
    #[error("decision: the risk is high: inform the data subjects or record exception a, b or c")]
    HighRiskNeedsInforming,
    #[error(
        "the AP was notified after the deadline ({due}); the reasons for the delay are required"
    )]
    DelayReasonRequired { due: DateTime<Utc> },
    #[error("assess the risk first")]
    NotAssessed,
    #[error("the breach is closed")]
    Closed,
    #[error("decide first whether to notify the AP")]
    NoApDecision,
    #[error("the AP has not been notified, so there is nothing to supplement or withdraw")]
    NotNotified,
    #[error("the AP was already notified (reference {reference}); record a withdrawal instead")]
    AlreadyNotified { reference: String },
    #[error("the AP was already notified (reference {reference}); add a supplement instead")]
    NotifiedTwice { reference: String },
    #[error(
        "the risk was assessed as {0}: a breach with risk must be notified to the AP (art. 33(1))"
    )]
    RiskRequiresNotification(Risk),
    #[error(
        "the risk is high: record how the data subjects were dealt with (art. 34) before closing"
    )]
    SubjectsUndecided,
    #[error(
        "exception a needs the data to have been encrypted or hashed; record the protection first"
    )]
    NotEncrypted,
    /// Closing a breach the record says is still going on: it is not over yet.
    #[error("the breach is marked as still ongoing: set ongoing to no first (breach update ID --ongoing no)")]
    StillOngoing,
}

impl From<crate::domain::text::Refused> for BreachError {
    fn from(r: crate::domain::text::Refused) -> Self {
        BreachError::Invisible {
            field: r.field,
            ch: r.ch,
        }
    }
}

impl BreachError {
    /// The input field the error is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            BreachError::Required { field }
            | BreachError::InFuture { field }
            | BreachError::Invisible { field, .. } => Some(field),
            BreachError::NotifiedBeforeAware => Some("at"),
            BreachError::OccurredAfterDiscovered => Some("occurred"),
            BreachError::AwareAfterLog { .. } => Some("aware"),
            BreachError::HighRiskNeedsInforming => Some("decision"),
            BreachError::DelayReasonRequired { .. } => Some("delay reason"),
            BreachError::NotAssessed
            | BreachError::Closed
            | BreachError::NoApDecision
            | BreachError::NotNotified
            | BreachError::AlreadyNotified { .. }
            | BreachError::NotifiedTwice { .. }
            | BreachError::RiskRequiresNotification(_)
            | BreachError::SubjectsUndecided
            | BreachError::NotEncrypted
            | BreachError::StillOngoing => None,
        }
    }
}

/// The AP clock of one breach at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clock72 {
    /// To the whole second, as it is shown.
    pub due: DateTime<Utc>,
    /// Whole minutes left: rounded up while the deadline is ahead, so a running clock never
    /// reads 0u00m before its last second; 0 at the deadline's own second; once it passed,
    /// the minutes since, rounded down and negative (0 in the first minute after the
    /// deadline, when `past_due` already holds).
    pub minutes_left: i64,
    /// Only after the deadline: now > due. Art. 33(1) says "not later than 72 hours", so a
    /// notification at the deadline's own second is still in time (as `notify_ap` has it).
    pub past_due: bool,
}

impl Clock72 {
    /// The clock at `now` for a deadline `due`, both taken to the whole second.
    pub fn at(due: DateTime<Utc>, now: DateTime<Utc>) -> Clock72 {
        let due = due.trunc_subsecs(0);
        let left = due - now.trunc_subsecs(0);
        let past_due = left < Duration::zero();
        // `num_minutes` truncates toward zero: down for the minutes since, and up (below)
        // for a part of a minute still to go.
        let whole = left.num_minutes();
        let minutes_left = if !past_due && left > Duration::minutes(whole) {
            whole + 1
        } else {
            whole
        };
        Clock72 {
            due,
            minutes_left,
            past_due,
        }
    }

    pub fn overdue(&self) -> bool {
        self.past_due
    }

    pub fn hours_left(&self) -> f64 {
        (self.minutes_left as f64 / 60.0 * 100.0).round() / 100.0
    }
}

/// Real hours from becoming aware: no weekend or holiday roll. UTC arithmetic, so a change of
/// the clocks in between neither adds nor removes an hour.
pub fn ap_due(aware_at: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
    aware_at + Duration::hours(i64::from(hours))
}

/// A required text, trimmed. Its control characters are checked with the whole record
/// (`Breach::check_new_text`), by the shape of its field.
fn required(field: &'static str, value: &str) -> Result<String, BreachError> {
    let v = value.trim();
    if v.is_empty() {
        Err(BreachError::Required { field })
    } else {
        match crate::domain::text::first_invisible(v) {
            Some(ch) => Err(BreachError::Invisible { field, ch }),
            None => Ok(v.to_string()),
        }
    }
}

/// Refuses a title or name with a control, invisible or direction-changing character in it.
pub fn visible(field: &'static str, value: &str) -> Result<(), BreachError> {
    Ok(check(field, value, Shape::Name)?)
}

impl Breach {
    /// Every text field of the breach (log lines and follow-ups included) with its name in
    /// messages and the characters it may hold.
    fn texts(&self) -> Vec<(&'static str, &str, Shape)> {
        let mut texts = vec![
            ("title", self.title.as_str(), Shape::Name),
            ("description", &self.description, Shape::Lines),
            ("cause", &self.cause, Shape::Lines),
            ("protection", &self.protection, Shape::Line),
            ("consequences", &self.consequences, Shape::Lines),
            ("severity", &self.severity, Shape::Line),
            ("measures taken", &self.measures_taken, Shape::Lines),
            ("measures planned", &self.measures_planned, Shape::Lines),
            ("processor", &self.processor, Shape::Name),
            ("cross border", &self.cross_border, Shape::Line),
            ("reason", &self.risk_reason, Shape::Lines),
            ("reason", &self.no_notify_reason, Shape::Lines),
            ("reason", &self.subjects_reason, Shape::Lines),
            (
                "public communication",
                &self.public_communication,
                Shape::Line,
            ),
        ];
        if let Some(n) = &self.notification {
            texts.push(("reference", &n.reference, Shape::Line));
            texts.push(("delay reason", &n.delay_reason, Shape::Lines));
        }
        texts.extend(
            self.log
                .iter()
                .map(|l| ("text", l.text.as_str(), Shape::Line)),
        );
        texts.extend(
            self.followups
                .iter()
                .map(|f| ("text", f.text.as_str(), Shape::Lines)),
        );
        texts
    }

    /// Refuses text that `self` holds and `before` did not, when it has a character its field
    /// may not hold. Text stored before the rule existed is left alone.
    pub fn check_new_text(&self, before: &Breach) -> Result<(), BreachError> {
        let old = before.texts();
        for (field, value, shape) in self.texts() {
            if !old.iter().any(|&(f, v, _)| f == field && v == value) {
                check(field, value, shape)?;
            }
        }
        Ok(())
    }
}

/// Refuses one line of the breach's log with a control character in it.
pub fn check_log_line(text: &str) -> Result<(), BreachError> {
    Ok(check("text", text, Shape::Line)?)
}

impl Breach {
    /// A new breach as started during the call: aware now, a title, nothing else yet.
    pub fn start(id: String, title: &str, aware_at: DateTime<Utc>) -> Result<Breach, BreachError> {
        Ok(Breach {
            id,
            title: {
                let title = required("title", title)?;
                visible("title", &title)?;
                title
            },
            occurred_at: None,
            discovered_at: None,
            aware_at,
            ongoing: None,
            description: String::new(),
            cause: String::new(),
            nature: Vec::new(),
            categories: Vec::new(),
            records: Range::default(),
            people: Range::default(),
            groups: Vec::new(),
            protection: String::new(),
            encrypted: None,
            consequences: String::new(),
            severity: String::new(),
            measures_taken: String::new(),
            measures_planned: String::new(),
            processor: String::new(),
            processor_told_at: None,
            cross_border: String::new(),
            risk: None,
            risk_reason: String::new(),
            notify_ap: None,
            no_notify_reason: String::new(),
            notification: None,
            subjects: None,
            subjects_reason: String::new(),
            public_communication: String::new(),
            subjects_informed_at: None,
            status: BreachStatus::Open,
            log: Vec::new(),
            followups: Vec::new(),
            letters: Vec::new(),
            version: 1,
        })
    }

    pub fn clock(&self, hours: u32, now: DateTime<Utc>) -> Clock72 {
        Clock72::at(ap_due(self.aware_at, hours), now)
    }

    /// The countdown runs until the officer decided whether to notify the AP.
    pub fn awaiting_ap_decision(&self) -> bool {
        self.notify_ap.is_none() && self.status != BreachStatus::Closed
    }

    pub fn is_open(&self) -> bool {
        self.status != BreachStatus::Closed
    }

    fn ensure_open(&self) -> Result<(), BreachError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(BreachError::Closed)
        }
    }

    /// Art. 34: informing the data subjects is required when the risk is high.
    pub fn subjects_must_be_informed(&self) -> bool {
        self.risk == Some(Risk::High)
    }

    pub fn assess(&mut self, risk: Risk, reason: &str) -> Result<(), BreachError> {
        self.ensure_open()?;
        self.risk_reason = required("reason", reason)?;
        self.risk = Some(risk);
        if self.status == BreachStatus::Open {
            self.status = BreachStatus::Assessed;
        }
        Ok(())
    }

    /// Records the decision not to notify the AP, with the reasoning the register must keep.
    pub fn decide_not_to_notify(&mut self, reason: &str) -> Result<(), BreachError> {
        self.ensure_open()?;
        // A notification made stays on record; taking it back is a withdrawal follow-up.
        if let Some(n) = &self.notification {
            return Err(BreachError::AlreadyNotified {
                reference: n.reference.clone(),
            });
        }
        // Art. 33(1): only a breach unlikely to result in a risk may go unnotified.
        match self.risk {
            None => return Err(BreachError::NotAssessed),
            Some(r @ (Risk::Risk | Risk::High)) => {
                return Err(BreachError::RiskRequiresNotification(r))
            }
            Some(Risk::None) => {}
        }
        self.no_notify_reason = required("reason", reason)?;
        self.notify_ap = Some(false);
        self.status = BreachStatus::NotNotified;
        Ok(())
    }

    /// Records the notification to the AP; after the deadline the reasons for the delay are required.
    pub fn notify_ap(
        &mut self,
        at: DateTime<Utc>,
        reference: &str,
        delay_reason: &str,
        hours: u32,
    ) -> Result<(), BreachError> {
        self.ensure_open()?;
        if let Some(n) = &self.notification {
            return Err(BreachError::NotifiedTwice {
                reference: n.reference.clone(),
            });
        }
        let reference = required("reference", reference)?;
        let due = ap_due(self.aware_at, hours);
        if at < self.aware_at {
            return Err(BreachError::NotifiedBeforeAware);
        }
        let delay_reason = delay_reason.trim().to_string();
        if at > due && delay_reason.is_empty() {
            return Err(BreachError::DelayReasonRequired { due });
        }
        self.notify_ap = Some(true);
        self.no_notify_reason.clear();
        self.notification = Some(ApNotification {
            at,
            reference,
            delay_reason,
        });
        self.status = BreachStatus::Notified;
        Ok(())
    }

    pub fn add_followup(
        &mut self,
        at: DateTime<Utc>,
        kind: FollowUpKind,
        text: &str,
    ) -> Result<(), BreachError> {
        self.ensure_open()?;
        if self.notification.is_none() {
            return Err(BreachError::NotNotified);
        }
        let text = required("text", text)?;
        self.followups.push(FollowUp { at, kind, text });
        Ok(())
    }

    /// Records how the data subjects were dealt with. When the risk is high, not informing them
    /// needs one of the three exceptions; (c) needs the public communication used.
    pub fn decide_subjects(
        &mut self,
        decision: SubjectsDecision,
        reason: &str,
        public_communication: &str,
        informed_at: Option<DateTime<Utc>>,
    ) -> Result<(), BreachError> {
        self.ensure_open()?;
        let reason = reason.trim().to_string();
        let public = public_communication.trim().to_string();
        match decision {
            SubjectsDecision::Informed => {
                if informed_at.is_none() {
                    return Err(BreachError::Required {
                        field: "informed at",
                    });
                }
            }
            SubjectsDecision::NotRequired => {
                if self.risk.is_none() {
                    return Err(BreachError::NotAssessed);
                }
                if self.subjects_must_be_informed() {
                    return Err(BreachError::HighRiskNeedsInforming);
                }
            }
            SubjectsDecision::Unintelligible | SubjectsDecision::RiskRemoved => {
                // Exception a rests on the data being unreadable: "unknown" is not enough.
                if decision == SubjectsDecision::Unintelligible && self.encrypted != Some(true) {
                    return Err(BreachError::NotEncrypted);
                }
                if reason.is_empty() {
                    return Err(BreachError::Required { field: "reason" });
                }
            }
            SubjectsDecision::Disproportionate => {
                if reason.is_empty() {
                    return Err(BreachError::Required { field: "reason" });
                }
                if public.is_empty() {
                    return Err(BreachError::Required {
                        field: "public communication",
                    });
                }
            }
        }
        self.subjects = Some(decision);
        self.subjects_reason = reason;
        self.public_communication = public;
        self.subjects_informed_at = informed_at;
        Ok(())
    }

    /// Closing keeps the record in the register; it needs the breach to be over (not marked
    /// ongoing) and the AP decision.
    pub fn close(&mut self) -> Result<(), BreachError> {
        self.ensure_open()?;
        // A breach still going on is not finished: its record (and any notification) may
        // still have to change. "Unknown" is not "ongoing" and does not hold it back.
        if self.ongoing == Some(true) {
            return Err(BreachError::StillOngoing);
        }
        if self.notify_ap.is_none() {
            return Err(BreachError::NoApDecision);
        }
        if self.subjects_must_be_informed() && self.subjects.is_none() {
            return Err(BreachError::SubjectsUndecided);
        }
        self.status = BreachStatus::Closed;
        Ok(())
    }
}

/// Parses a comma-separated list of codes, e.g. `bsn,health`; reports the first unknown one.
pub fn parse_codes<T: Copy + Ord>(s: &str, parse: fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        out.push(parse(part).ok_or_else(|| part.to_string())?);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

pub fn join_codes<T: Copy>(items: &[T], code: fn(T) -> &'static str) -> String {
    items.iter().map(|&i| code(i)).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Amsterdam;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Amsterdam
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn seventy_two_real_hours_across_the_spring_change() {
        // Aware Fri 27 March 2026 16:20 CET -> due Mon 30 March 2026 17:20 CEST.
        let due = ap_due(local(2026, 3, 27, 16, 20), 72);
        let shown = due.with_timezone(&Amsterdam);
        assert_eq!(shown.to_rfc3339(), "2026-03-30T17:20:00+02:00");
    }

    #[test]
    fn seventy_two_real_hours_across_the_autumn_change() {
        // Clocks go back on Sun 25 October 2026: 16:20 CEST + 72 h = 15:20 CET.
        let due = ap_due(local(2026, 10, 23, 16, 20), 72);
        assert_eq!(
            due.with_timezone(&Amsterdam).to_rfc3339(),
            "2026-10-26T15:20:00+01:00"
        );
    }

    #[test]
    fn no_weekend_roll_and_configurable_hours() {
        let aware = local(2026, 11, 20, 9, 0); // a Friday
        assert_eq!(
            ap_due(aware, 72).with_timezone(&Amsterdam).to_rfc3339(),
            "2026-11-23T09:00:00+01:00"
        );
        assert_eq!(
            ap_due(aware, 48).with_timezone(&Amsterdam).to_rfc3339(),
            "2026-11-22T09:00:00+01:00"
        );
    }

    #[test]
    fn clock_counts_down_and_goes_negative() {
        let b = Breach::start(
            "D-2026-0001".into(),
            "USB-stick kwijt",
            local(2026, 11, 20, 9, 0),
        )
        .unwrap();
        let c = b.clock(72, local(2026, 11, 22, 21, 30));
        assert_eq!(c.minutes_left, 11 * 60 + 30);
        assert_eq!(c.hours_left(), 11.5);
        let late = b.clock(72, local(2026, 11, 23, 12, 20));
        assert!(late.overdue());
        assert_eq!(late.minutes_left, -200);
    }

    #[test]
    fn overdue_only_after_the_second_of_the_deadline() {
        let aware = local(2026, 11, 20, 9, 0);
        let b = Breach::start("D".into(), "x", aware).unwrap();
        let due = ap_due(aware, 72);
        let at = |seconds: i64| b.clock(72, due + Duration::seconds(seconds));
        let cases = [
            // (seconds from the deadline, overdue, minutes left)
            (-61, false, 2),
            (-60, false, 1),
            (-1, false, 1),
            // Exactly 72:00:00 after becoming aware: "not later than 72 hours" still holds.
            (0, false, 0),
            (1, true, 0),
            (59, true, 0),
            (60, true, -1),
            (200 * 60 + 30, true, -200),
        ];
        for (seconds, overdue, minutes) in cases {
            let c = at(seconds);
            assert_eq!(c.overdue(), overdue, "{seconds}s");
            assert_eq!(c.minutes_left, minutes, "{seconds}s");
        }
        // A fraction of a second on either side counts with its whole second.
        let aware_late = aware + Duration::milliseconds(700);
        let b = Breach::start("D".into(), "x", aware_late).unwrap();
        let c = b.clock(72, due + Duration::milliseconds(300));
        assert_eq!((c.overdue(), c.due, c.minutes_left), (false, due, 0));
        let c = b.clock(72, due + Duration::milliseconds(1300));
        assert_eq!((c.overdue(), c.minutes_left), (true, 0));
        let c = b.clock(72, due - Duration::milliseconds(300));
        assert_eq!((c.overdue(), c.minutes_left), (false, 1));
    }

    #[test]
    fn the_clock_and_the_notification_agree_on_the_deadline_second() {
        // Whatever the hours, a notification at the deadline's second needs no delay reason,
        // and the clock at that second does not read overdue; a second later both say late.
        let aware = local(2026, 10, 23, 16, 20);
        for hours in [1, 24, 48, 72, 720] {
            let due = ap_due(aware, hours);
            let b = Breach::start("D".into(), "x", aware).unwrap();
            assert!(!b.clock(hours, due).overdue(), "{hours}h");
            assert!(
                b.clock(hours, due + Duration::seconds(1)).overdue(),
                "{hours}h"
            );
            let mut on_time = b.clone();
            assert_eq!(on_time.notify_ap(due, "AP-1", "", hours), Ok(()));
            let mut late = b.clone();
            assert_eq!(
                late.notify_ap(due + Duration::seconds(1), "AP-1", "", hours),
                Err(BreachError::DelayReasonRequired { due })
            );
        }
    }

    #[test]
    fn not_notifying_needs_reasoning() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        assert!(b.awaiting_ap_decision());
        assert_eq!(
            b.decide_not_to_notify("geen risico"),
            Err(BreachError::NotAssessed)
        );
        b.assess(Risk::High, "BSN").unwrap();
        assert_eq!(
            b.decide_not_to_notify("toch niet"),
            Err(BreachError::RiskRequiresNotification(Risk::High))
        );
        b.assess(Risk::None, "versleuteld, sleutel veilig").unwrap();
        assert_eq!(
            b.decide_not_to_notify("  "),
            Err(BreachError::Required { field: "reason" })
        );
        b.decide_not_to_notify("versleuteld, sleutel veilig")
            .unwrap();
        assert_eq!(b.status, BreachStatus::NotNotified);
        assert!(!b.awaiting_ap_decision());
    }

    #[test]
    fn late_notification_needs_delay_reason() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        let late = local(2026, 11, 23, 10, 0);
        assert!(matches!(
            b.notify_ap(late, "AP-123", "", 72),
            Err(BreachError::DelayReasonRequired { .. })
        ));
        assert_eq!(
            b.notify_ap(late, " ", "x", 72),
            Err(BreachError::Required { field: "reference" })
        );
        b.notify_ap(late, "AP-123", "verwerker meldde pas maandag", 72)
            .unwrap();
        assert_eq!(b.status, BreachStatus::Notified);
        let mut on_time = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        on_time
            .notify_ap(local(2026, 11, 23, 9, 0), "AP-124", "", 72)
            .unwrap();
        let mut early = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        assert_eq!(
            early.notify_ap(local(2026, 11, 19, 9, 0), "AP-125", "", 72),
            Err(BreachError::NotifiedBeforeAware)
        );
    }

    #[test]
    fn followups_need_a_notification() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        let t = local(2026, 11, 21, 9, 0);
        assert_eq!(
            b.add_followup(t, FollowUpKind::Supplement, "meer"),
            Err(BreachError::NotNotified)
        );
        b.notify_ap(t, "AP-1", "", 72).unwrap();
        b.add_followup(t, FollowUpKind::Supplement, "aantal bekend")
            .unwrap();
        assert_eq!(b.followups.len(), 1);
        // Once notified, "not notified" would contradict the AP's reference on record.
        assert_eq!(
            b.decide_not_to_notify("toch niet"),
            Err(BreachError::AlreadyNotified {
                reference: "AP-1".into()
            })
        );
        assert_eq!(b.status, BreachStatus::Notified);
    }

    #[test]
    fn data_subjects_rules() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        assert_eq!(
            b.decide_subjects(SubjectsDecision::NotRequired, "", "", None),
            Err(BreachError::NotAssessed)
        );
        b.assess(Risk::High, "BSN en gezondheidsgegevens").unwrap();
        assert_eq!(b.status, BreachStatus::Assessed);
        assert_eq!(
            b.decide_subjects(SubjectsDecision::NotRequired, "", "", None),
            Err(BreachError::HighRiskNeedsInforming)
        );
        assert_eq!(
            b.decide_subjects(
                SubjectsDecision::Disproportionate,
                "3000 adressen onbekend",
                "",
                None
            ),
            Err(BreachError::Required {
                field: "public communication"
            })
        );
        b.decide_subjects(
            SubjectsDecision::Disproportionate,
            "adressen onbekend",
            "bericht op website",
            None,
        )
        .unwrap();
        assert_eq!(
            b.decide_subjects(SubjectsDecision::Unintelligible, "sleutel veilig", "", None),
            Err(BreachError::NotEncrypted)
        );
        b.encrypted = Some(false);
        assert_eq!(
            b.decide_subjects(SubjectsDecision::Unintelligible, "sleutel veilig", "", None),
            Err(BreachError::NotEncrypted)
        );
        b.encrypted = Some(true);
        assert_eq!(
            b.decide_subjects(SubjectsDecision::Unintelligible, "", "", None),
            Err(BreachError::Required { field: "reason" })
        );
        assert_eq!(
            b.decide_subjects(SubjectsDecision::Informed, "", "", None),
            Err(BreachError::Required {
                field: "informed at"
            })
        );
        let mut low = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        low.assess(Risk::Risk, "beperkt").unwrap();
        low.decide_subjects(SubjectsDecision::NotRequired, "", "", None)
            .unwrap();
    }

    #[test]
    fn exception_a_is_refused_while_encryption_is_unknown() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        // Nobody answered yet: the record must not claim "not encrypted".
        assert_eq!(b.encrypted, None);
        b.assess(Risk::High, "BSN").unwrap();
        let exception_a = |b: &mut Breach| {
            b.decide_subjects(SubjectsDecision::Unintelligible, "sleutel veilig", "", None)
        };
        assert_eq!(exception_a(&mut b), Err(BreachError::NotEncrypted));
        assert_eq!(b.subjects, None);
        b.encrypted = Some(true);
        exception_a(&mut b).unwrap();
        assert_eq!(b.subjects, Some(SubjectsDecision::Unintelligible));
    }

    #[test]
    fn a_high_risk_breach_closes_only_after_the_data_subjects_decision() {
        let t = local(2026, 11, 21, 9, 0);
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        b.assess(Risk::High, "gezondheid").unwrap();
        b.notify_ap(t, "AP-1", "", 72).unwrap();
        assert_eq!(
            b.notify_ap(t, "AP-2", "", 72),
            Err(BreachError::NotifiedTwice {
                reference: "AP-1".into()
            })
        );
        assert_eq!(b.close(), Err(BreachError::SubjectsUndecided));
        b.decide_subjects(SubjectsDecision::Informed, "", "", Some(t))
            .unwrap();
        b.close().unwrap();
    }

    #[test]
    fn closing_needs_the_ap_decision_and_then_freezes() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        assert_eq!(b.close(), Err(BreachError::NoApDecision));
        b.assess(Risk::None, "alleen voornamen").unwrap();
        b.decide_not_to_notify("geen risico").unwrap();
        b.close().unwrap();
        assert_eq!(b.assess(Risk::None, "x"), Err(BreachError::Closed));
        assert!(!b.awaiting_ap_decision());
    }

    #[test]
    fn a_breach_marked_ongoing_cannot_be_closed() {
        let mut b = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        b.assess(Risk::None, "alleen voornamen").unwrap();
        b.decide_not_to_notify("geen risico").unwrap();
        for (ongoing, closes) in [(Some(true), false), (None, true), (Some(false), true)] {
            let mut c = b.clone();
            c.ongoing = ongoing;
            let result = c.close();
            if closes {
                assert_eq!(result, Ok(()), "{ongoing:?}");
                assert_eq!(c.status, BreachStatus::Closed);
            } else {
                assert_eq!(result, Err(BreachError::StillOngoing), "{ongoing:?}");
                assert_eq!(c.status, BreachStatus::NotNotified);
            }
        }
        // Ongoing comes first: it is asked before the other conditions of closing.
        let mut open = Breach::start("D".into(), "x", local(2026, 11, 20, 9, 0)).unwrap();
        open.ongoing = Some(true);
        assert_eq!(open.close(), Err(BreachError::StillOngoing));
    }

    #[test]
    fn ranges_parse_and_print() {
        assert_eq!(
            Range::parse("120"),
            Some(Range {
                min: Some(120),
                max: Some(120)
            })
        );
        assert_eq!(
            Range::parse(" 100 - 150 "),
            Some(Range {
                min: Some(100),
                max: Some(150)
            })
        );
        assert_eq!(
            Range::parse("?-150"),
            Some(Range {
                min: None,
                max: Some(150)
            })
        );
        assert_eq!(Range::parse(""), Some(Range::default()));
        assert_eq!(Range::parse("150-100"), None);
        assert_eq!(Range::parse("veel"), None);
        for text in ["120", "100-150", "?-150", ""] {
            assert_eq!(Range::parse(text).unwrap().text(), text);
        }
    }

    #[test]
    fn code_lists_parse() {
        assert_eq!(
            parse_codes("bsn, health,bsn", Category::parse),
            Ok(vec![Category::Bsn, Category::Health])
        );
        assert_eq!(
            parse_codes("bsn,nope", Category::parse),
            Err("nope".to_string())
        );
        assert_eq!(
            join_codes(&[Group::Pupils, Group::Parents], Group::code),
            "pupils,parents"
        );
        assert_eq!(
            Breach::start("D".into(), " ", Utc::now()),
            Err(BreachError::Required { field: "title" })
        );
    }
}

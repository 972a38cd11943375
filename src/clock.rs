//! "Now" for the whole program: the system clock, or `AVGDESK_NOW` (RFC 3339) for tests and demos.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

#[derive(Debug, thiserror::Error)]
#[error("AVGDESK_NOW={value:?} is not an RFC 3339 time; write e.g. 2026-11-23T09:30:00+01:00")]
pub struct ClockError {
    pub value: String,
}

impl Clock {
    /// Reads `AVGDESK_NOW` from the environment; unset or empty means the system clock.
    pub fn from_env() -> Result<Clock, ClockError> {
        match std::env::var("AVGDESK_NOW") {
            Ok(v) if !v.trim().is_empty() => Clock::parse(&v),
            _ => Ok(Clock::System),
        }
    }

    pub fn parse(value: &str) -> Result<Clock, ClockError> {
        DateTime::parse_from_rfc3339(value.trim())
            .map(|t| Clock::Fixed(t.with_timezone(&Utc)))
            .map_err(|_| ClockError {
                value: value.to_string(),
            })
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's calendar date in the board's time zone.
    pub fn today(&self, tz: Tz) -> NaiveDate {
        self.now().with_timezone(&tz).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_taken_in_the_boards_zone() {
        // 23:30 UTC on 23 November is already 24 November in Amsterdam.
        let c = Clock::parse("2026-11-23T23:30:00Z").unwrap();
        assert_eq!(
            c.today(chrono_tz::Europe::Amsterdam),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(
            c.today(chrono_tz::UTC),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
    }

    #[test]
    fn bad_value_is_refused_with_an_example() {
        let e = Clock::parse("tomorrow").unwrap_err().to_string();
        assert!(e.contains("RFC 3339") && e.contains("tomorrow"), "{e}");
    }
}

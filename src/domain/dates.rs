//! Reading dates as officers type them.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    SecondsFormat, TimeZone, Utc,
};
use chrono_tz::Tz;

/// The first and last year avgdesk accepts in any date or time: a date outside them is a typing
/// mistake (`0000-01-01`, `20266-...`), never a request, a birth or a breach.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

/// Why a typed date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date; write YYYY-MM-DD or DD-MM-YYYY, e.g. 2026-11-23")]
    Format(String),
    #[error("{0} lies outside the years {FIRST_YEAR} to {LAST_YEAR} that avgdesk accepts")]
    OutOfRange(NaiveDate),
}

/// Whether `d` lies within [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn in_range(d: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&chrono::Datelike::year(&d))
}

/// Accepts `2026-11-23` (ISO) and the Dutch habit `23-11-2026` (also with `/` or `.`), in the
/// years [`FIRST_YEAR`] to [`LAST_YEAR`].
pub fn read_date(s: &str) -> Result<NaiveDate, DateError> {
    let d = parse_any_date(s).ok_or_else(|| DateError::Format(s.trim().to_string()))?;
    if in_range(d) {
        Ok(d)
    } else {
        Err(DateError::OutOfRange(d))
    }
}

/// [`read_date`] for callers that only need to know whether it is a date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    read_date(s).ok()
}

fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let normalized = s.trim().replace(['/', '.'], "-");
    let parts: Vec<&str> = normalized.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        [d, m, y] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_dutch_order() {
        let want = NaiveDate::from_ymd_opt(2026, 11, 3);
        assert_eq!(parse_date("2026-11-03"), want);
        assert_eq!(parse_date(" 3-11-2026 "), want);
        assert_eq!(parse_date("03/11/2026"), want);
        assert_eq!(parse_date("3.11.2026"), want);
        for bad in [
            "",
            "2026-13-01",
            "31-02-2026",
            "11-03-26",
            "tomorrow",
            "2026/11",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn years_before_1900_and_after_2100_are_refused_naming_the_range() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(read_date("1900-01-01"), Ok(d(1900, 1, 1)));
        assert_eq!(read_date("31-12-2100"), Ok(d(2100, 12, 31)));
        for (bad, date) in [
            ("0000-01-01", d(0, 1, 1)),
            ("31-12-1899", d(1899, 12, 31)),
            ("2101-01-01", d(2101, 1, 1)),
        ] {
            let e = read_date(bad).unwrap_err();
            assert_eq!(e, DateError::OutOfRange(date), "{bad}");
            assert!(e.to_string().contains("1900 to 2100"), "{e}");
            assert_eq!(parse_date(bad), None);
        }
        let tz = chrono_tz::Europe::Amsterdam;
        for bad in [
            "0000-01-01 10:00",
            "2101-01-01T00:00:00+01:00",
            "1899-12-31 23:59",
        ] {
            let e = parse_datetime(bad, tz).unwrap_err();
            assert!(matches!(e, TimeError::OutOfRange(_)), "{bad}: {e:?}");
            assert!(e.to_string().contains("1900 to 2100"), "{e}");
        }
        assert!(parse_datetime("1900-01-01 12:00", tz).is_ok());
    }
}

/// Why a local time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("{0:?} is not a date and time; write YYYY-MM-DD HH:MM (board time) or RFC 3339 with an offset")]
    Format(String),
    /// The spring hour the clocks skip: `from` and `to` are the local times of the jump.
    #[error(
        "{input:?} does not exist in the board's time zone: the clock jumps from {} to {} that night; use a time from {} on",
        from.format("%H:%M"), to.format("%H:%M"), to.format("%H:%M")
    )]
    Skipped {
        input: String,
        from: NaiveDateTime,
        to: NaiveDateTime,
    },
    #[error("{0:?} lies outside the years {FIRST_YEAR} to {LAST_YEAR} that avgdesk accepts")]
    OutOfRange(String),
}

/// What the reader assumed about a moment the officer typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assumption {
    /// The autumn hour that happens twice: the earlier instant (summer time) was taken;
    /// `winter` is the same wall-clock time an hour later, which needs its offset typed.
    SummerTime {
        taken: DateTime<FixedOffset>,
        winter: DateTime<FixedOffset>,
    },
}

/// A moment as read from the officer's text, and what had to be assumed to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTime {
    pub at: DateTime<Utc>,
    pub assumption: Option<Assumption>,
}

/// Reads a moment as officers type it: `2026-03-27 16:20` (or with `T`, seconds, or the Dutch
/// date order) in the board's zone, or RFC 3339 with its own offset. In the autumn hour that
/// occurs twice the earlier (summer time) is taken and said; the spring hour that never occurs
/// is refused.
pub fn parse_datetime(s: &str, tz: Tz) -> Result<ParsedTime, TimeError> {
    let s = s.trim();
    let parsed = parse_datetime_any_year(s, tz)?;
    let local = parsed.at.with_timezone(&tz).date_naive();
    if in_range(local) {
        Ok(parsed)
    } else {
        Err(TimeError::OutOfRange(s.to_string()))
    }
}

fn parse_datetime_any_year(s: &str, tz: Tz) -> Result<ParsedTime, TimeError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(ParsedTime {
            at: t.with_timezone(&Utc),
            assumption: None,
        });
    }
    let local = parse_local(s).ok_or_else(|| TimeError::Format(s.to_string()))?;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(ParsedTime {
            at: t.with_timezone(&Utc),
            assumption: None,
        }),
        LocalResult::Ambiguous(first, second) => Ok(ParsedTime {
            at: first.with_timezone(&Utc),
            assumption: Some(Assumption::SummerTime {
                taken: first.fixed_offset(),
                winter: second.fixed_offset(),
            }),
        }),
        LocalResult::None => {
            let (from, to) = gap_around(local, tz);
            Err(TimeError::Skipped {
                input: s.to_string(),
                from,
                to,
            })
        }
    }
}

/// `2026-03-27 16:20`, with `T`, seconds, a `.` between hours and minutes or the Dutch date order.
fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let (date_part, time_part) = s.split_once(['T', ' '])?;
    let date = parse_any_date(date_part)?;
    let time = ["%H:%M", "%H:%M:%S", "%H.%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(time_part.trim(), f).ok())?;
    Some(NaiveDateTime::new(date, time))
}

/// The local times of the jump that skips `local` (e.g. 02:00 and 03:00): the change happens
/// at the first instant between the two readings of `local` that has the later offset.
fn gap_around(local: NaiveDateTime, tz: Tz) -> (NaiveDateTime, NaiveDateTime) {
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    // Read with the offset before the jump, `local` lies after the change; read with the
    // offset after it, before. A gap is shorter than a day, so a day away is outside it.
    let before = offset_at(Utc.from_utc_datetime(&(local - Duration::days(1))));
    let after = offset_at(Utc.from_utc_datetime(&(local + Duration::days(1))));
    let mut lo = Utc.from_utc_datetime(&(local - after));
    let mut hi = Utc.from_utc_datetime(&(local - before));
    while hi - lo > Duration::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if offset_at(mid) == after {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    (hi.naive_utc() + before, hi.naive_utc() + after)
}

/// RFC 3339 to the whole second with a numeric offset, e.g. `2026-11-23T10:00:00+01:00`: the
/// one form of a moment in JSON and in the audit trail (no fractions, no `Z`).
pub fn rfc3339<Z: TimeZone>(t: &DateTime<Z>) -> String
where
    Z::Offset: std::fmt::Display,
{
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `#[serde(serialize_with = "...")]` helpers that write moments as [`rfc3339`] does.
pub mod json {
    use chrono::{DateTime, TimeZone};
    use serde::Serializer;

    pub fn time<S: Serializer, Z: TimeZone>(t: &DateTime<Z>, s: S) -> Result<S::Ok, S::Error>
    where
        Z::Offset: std::fmt::Display,
    {
        s.serialize_str(&super::rfc3339(t))
    }

    pub fn opt_time<S: Serializer, Z: TimeZone>(
        t: &Option<DateTime<Z>>,
        s: S,
    ) -> Result<S::Ok, S::Error>
    where
        Z::Offset: std::fmt::Display,
    {
        match t {
            Some(t) => time(t, s),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use chrono_tz::Europe::Amsterdam;

    fn at(s: &str) -> DateTime<Utc> {
        parse_datetime(s, Amsterdam).unwrap().at
    }

    #[test]
    fn local_times_in_the_boards_zone() {
        let t = parse_datetime("2026-03-27 16:20", Amsterdam).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2026-03-27T15:20:00+00:00");
        assert_eq!(t.assumption, None);
        assert_eq!(at("27-03-2026 16:20"), t.at);
        assert_eq!(at("2026-03-27T16:20:00"), t.at);
        assert_eq!(
            at("2026-07-01 12:00").to_rfc3339(),
            "2026-07-01T10:00:00+00:00"
        );
    }

    #[test]
    fn an_offset_wins_over_the_zone() {
        assert_eq!(
            at("2026-03-27T16:20:00Z").to_rfc3339(),
            "2026-03-27T16:20:00+00:00"
        );
        // With its offset the doubled autumn hour needs no assumption.
        let winter = parse_datetime("2026-10-25T02:30:00+01:00", Amsterdam).unwrap();
        assert_eq!(winter.at.to_rfc3339(), "2026-10-25T01:30:00+00:00");
        assert_eq!(winter.assumption, None);
    }

    #[test]
    fn the_autumn_hour_that_happens_twice_is_read_as_summer_time_and_said() {
        let t = parse_datetime("2026-10-25 02:30", Amsterdam).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        let Some(Assumption::SummerTime { taken, winter }) = t.assumption else {
            panic!("no assumption: {t:?}");
        };
        assert_eq!(taken.to_rfc3339(), "2026-10-25T02:30:00+02:00");
        assert_eq!(winter.to_rfc3339(), "2026-10-25T02:30:00+01:00");
        // Just outside the doubled hour nothing is assumed.
        for s in ["2026-10-25 01:59", "2026-10-25 03:00"] {
            assert_eq!(
                parse_datetime(s, Amsterdam).unwrap().assumption,
                None,
                "{s}"
            );
        }
    }

    #[test]
    fn the_spring_hour_that_never_happens_is_refused_naming_the_jump() {
        // 02:30 on 29 March 2026 never happens in Amsterdam: 02:00 becomes 03:00.
        let e = parse_datetime("2026-03-29 02:30", Amsterdam).unwrap_err();
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(
            e,
            TimeError::Skipped {
                input: "2026-03-29 02:30".into(),
                from: day.and_hms_opt(2, 0, 0).unwrap(),
                to: day.and_hms_opt(3, 0, 0).unwrap(),
            }
        );
        let text = e.to_string();
        assert!(text.contains("jumps from 02:00 to 03:00"), "{text}");
        // The minutes either side of the gap are fine.
        assert_eq!(
            at("2026-03-29 01:59").to_rfc3339(),
            "2026-03-29T00:59:00+00:00"
        );
        assert_eq!(
            at("2026-03-29 03:00").to_rfc3339(),
            "2026-03-29T01:00:00+00:00"
        );
    }

    #[test]
    fn rubbish_is_refused_with_the_format() {
        for bad in ["", "2026-03-27", "gisteren 16:00", "2026-03-27 25:00"] {
            let e = parse_datetime(bad, Amsterdam).unwrap_err().to_string();
            assert!(e.contains("YYYY-MM-DD HH:MM"), "{bad}: {e}");
        }
    }

    #[test]
    fn rfc3339_is_to_the_second_with_a_numeric_offset() {
        let t = DateTime::parse_from_rfc3339("2026-11-23T09:00:00.123456789Z").unwrap();
        assert_eq!(rfc3339(&t.with_timezone(&Utc)), "2026-11-23T09:00:00+00:00");
        assert_eq!(
            rfc3339(&t.with_timezone(&Amsterdam)),
            "2026-11-23T10:00:00+01:00"
        );
    }
}

//! Reading dates as officers type them.

use chrono::NaiveDate;

/// Accepts `2026-11-23` (ISO) and the Dutch habit `23-11-2026` (also with `/` or `.`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
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
}

/// Why a local time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("{0:?} is not a date and time; write YYYY-MM-DD HH:MM (board time) or RFC 3339 with an offset")]
    Format(String),
    #[error("{0:?} does not exist in the board's time zone (the clocks jump forward then); use a time after the change")]
    Skipped(String),
}

/// Reads a moment as officers type it: `2026-03-27 16:20` (or with `T`, seconds, or the Dutch
/// date order) in the board's zone, or RFC 3339 with its own offset. In the autumn hour that
/// occurs twice, the first is taken.
pub fn parse_datetime(
    s: &str,
    tz: chrono_tz::Tz,
) -> Result<chrono::DateTime<chrono::Utc>, TimeError> {
    use chrono::{LocalResult, NaiveDateTime, NaiveTime, TimeZone};
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    let (date_part, time_part) = s
        .split_once(['T', ' '])
        .ok_or_else(|| TimeError::Format(s.to_string()))?;
    let date = parse_date(date_part).ok_or_else(|| TimeError::Format(s.to_string()))?;
    let time = ["%H:%M", "%H:%M:%S", "%H.%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(time_part.trim(), f).ok())
        .ok_or_else(|| TimeError::Format(s.to_string()))?;
    match tz.from_local_datetime(&NaiveDateTime::new(date, time)) {
        LocalResult::Single(t) => Ok(t.with_timezone(&chrono::Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&chrono::Utc)),
        LocalResult::None => Err(TimeError::Skipped(s.to_string())),
    }
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use chrono_tz::Europe::Amsterdam;

    #[test]
    fn local_times_in_the_boards_zone() {
        let t = parse_datetime("2026-03-27 16:20", Amsterdam).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-27T15:20:00+00:00");
        assert_eq!(parse_datetime("27-03-2026 16:20", Amsterdam).unwrap(), t);
        assert_eq!(parse_datetime("2026-03-27T16:20:00", Amsterdam).unwrap(), t);
        let summer = parse_datetime("2026-07-01 12:00", Amsterdam).unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T10:00:00+00:00");
    }

    #[test]
    fn an_offset_wins_over_the_zone() {
        let t = parse_datetime("2026-03-27T16:20:00Z", Amsterdam).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-27T16:20:00+00:00");
    }

    #[test]
    fn daylight_saving_edges() {
        // 02:30 on 29 March 2026 never happens in Amsterdam.
        assert!(matches!(
            parse_datetime("2026-03-29 02:30", Amsterdam),
            Err(TimeError::Skipped(_))
        ));
        // 02:30 on 25 October 2026 happens twice; the first (summer time) is taken.
        let t = parse_datetime("2026-10-25 02:30", Amsterdam).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn rubbish_is_refused_with_the_format() {
        for bad in ["", "2026-03-27", "gisteren 16:00", "2026-03-27 25:00"] {
            let e = parse_datetime(bad, Amsterdam).unwrap_err().to_string();
            assert!(e.contains("YYYY-MM-DD HH:MM"), "{bad}: {e}");
        }
    }
}

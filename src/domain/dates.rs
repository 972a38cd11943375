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

//! Working days for the Algemene termijnenwet / Regulation 1182/71 art. 3(4):
//! Saturdays, Sundays, the Dutch public holidays and configured extra days are not working days.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// Easter Sunday by the Anonymous Gregorian (Meeus/Jones/Butcher) computus.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The computus always yields a day in March or April, which exists in every year.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// The Dutch public holidays of one year, with their Dutch names, in date order.
pub fn dutch_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let easter = easter_sunday(year);
    let offset = |days: i64| easter + chrono::Duration::days(days);
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(NaiveDate::MIN);
    let kings_day = {
        let d = ymd(4, 27);
        if d.weekday() == Weekday::Sun {
            ymd(4, 26)
        } else {
            d
        }
    };
    let mut days = vec![
        (ymd(1, 1), "Nieuwjaarsdag"),
        (offset(-2), "Goede Vrijdag"),
        (easter, "Eerste Paasdag"),
        (offset(1), "Tweede Paasdag"),
        (kings_day, "Koningsdag"),
        (ymd(5, 5), "Bevrijdingsdag"),
        (offset(39), "Hemelvaartsdag"),
        (offset(49), "Eerste Pinksterdag"),
        (offset(50), "Tweede Pinksterdag"),
        (ymd(12, 25), "Eerste Kerstdag"),
        (ymd(12, 26), "Tweede Kerstdag"),
    ];
    days.sort();
    days
}

/// The board's calendar: Dutch holidays (computed for any year) plus extra days from configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    extra: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(extra: impl IntoIterator<Item = NaiveDate>) -> Self {
        Calendar {
            extra: extra.into_iter().collect(),
        }
    }

    /// The name of the holiday on `date`, if it is one.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&'static str> {
        if let Some((_, name)) = dutch_holidays(date.year())
            .into_iter()
            .find(|(d, _)| *d == date)
        {
            return Some(name);
        }
        self.extra.contains(&date).then_some("extra vrije dag")
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && self.holiday_name(date).is_none()
    }

    /// Rule 4 of docs/rules.md (1.5): a period ending on a non-working day ends on the next
    /// working day.
    pub fn roll_forward(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            match d.checked_add_days(Days::new(1)) {
                Some(next) => d = next,
                None => break,
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_matches_known_dates() {
        for (year, date) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), d(date), "easter {year}");
        }
    }

    #[test]
    fn every_holiday_of_2026_is_named() {
        let cal = Calendar::default();
        for (date, name) in [
            ("2026-01-01", "Nieuwjaarsdag"),
            ("2026-04-03", "Goede Vrijdag"),
            ("2026-04-05", "Eerste Paasdag"),
            ("2026-04-06", "Tweede Paasdag"),
            ("2026-04-27", "Koningsdag"),
            ("2026-05-05", "Bevrijdingsdag"),
            ("2026-05-14", "Hemelvaartsdag"),
            ("2026-05-24", "Eerste Pinksterdag"),
            ("2026-05-25", "Tweede Pinksterdag"),
            ("2026-12-25", "Eerste Kerstdag"),
            ("2026-12-26", "Tweede Kerstdag"),
        ] {
            assert_eq!(cal.holiday_name(d(date)), Some(name), "{date}");
        }
        assert_eq!(cal.holiday_name(d("2026-04-07")), None);
    }

    #[test]
    fn kings_day_moves_to_saturday_when_27_april_is_a_sunday() {
        let cal = Calendar::default();
        // 27 April 2025 is a Sunday.
        assert_eq!(cal.holiday_name(d("2025-04-26")), Some("Koningsdag"));
        assert_eq!(cal.holiday_name(d("2025-04-27")), None);
        assert_eq!(cal.holiday_name(d("2026-04-27")), Some("Koningsdag"));
    }

    #[test]
    fn liberation_day_is_a_holiday_every_year() {
        let cal = Calendar::default();
        for year in [2025, 2026, 2027, 2029] {
            let date = NaiveDate::from_ymd_opt(year, 5, 5).unwrap();
            assert_eq!(cal.holiday_name(date), Some("Bevrijdingsdag"));
        }
        // Tuesday 5 May 2026 is not a working day.
        assert!(!cal.is_working_day(d("2026-05-05")));
    }

    #[test]
    fn roll_forward_skips_weekends_holidays_and_extra_days() {
        let cal = Calendar::new([d("2026-05-15")]);
        assert_eq!(cal.roll_forward(d("2026-03-31")), d("2026-03-31"));
        assert_eq!(cal.roll_forward(d("2026-03-28")), d("2026-03-30"));
        assert_eq!(cal.roll_forward(d("2026-04-03")), d("2026-04-07"));
        // Ascension Thursday, then the configured Friday, then the weekend.
        assert_eq!(cal.roll_forward(d("2026-05-14")), d("2026-05-18"));
        assert_eq!(cal.roll_forward(d("2026-12-25")), d("2026-12-28"));
        assert_eq!(cal.roll_forward(d("2027-01-01")), d("2027-01-04"));
        assert_eq!(
            Calendar::default().roll_forward(d("2026-05-15")),
            d("2026-05-15")
        );
    }
}

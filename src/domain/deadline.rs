//! The deadline engine for data-subject requests (docs/rules.md, section 1.5).
//! Pure functions: the caller passes today's date and the calendar.

use super::calendar::Calendar;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A period of weeks or months, as configured for the board's policy (`4w`, `1m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Weeks(u32),
    Months(u32),
}

impl Default for Period {
    fn default() -> Self {
        Period::Weeks(4)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Weeks(n) => write!(f, "{n}w"),
            Period::Months(n) => write!(f, "{n}m"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid period {0:?}: use 4w (four weeks, the default) or 1m (one month); a board may choose 1w to 3w, never more than the legal month")]
pub struct PeriodError(pub String);

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let err = || PeriodError(s.to_string());
        // The unit is the last character, whatever its width in bytes.
        let unit = t.chars().last().ok_or_else(err)?;
        let num = &t[..t.len() - unit.len_utf8()];
        let n: u32 = num.trim().parse().map_err(|_| err())?;
        // The policy period can only be shorter than or equal to the legal month.
        match unit {
            'w' if (1..=4).contains(&n) => Ok(Period::Weeks(n)),
            'm' if n == 1 => Ok(Period::Months(n)),
            _ => Err(err()),
        }
    }
}

/// Rule 2: same date number in the last month, or that month's last day if it has no such date.
/// `chrono`'s `Months` arithmetic clamps to the month's end, which is exactly art. 3(2)(c).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Rule 3: a period of weeks ends on the same weekday.
pub fn add_weeks(date: NaiveDate, weeks: u32) -> NaiveDate {
    date.checked_add_days(Days::new(7 * u64::from(weeks)))
        .unwrap_or(NaiveDate::MAX)
}

/// Rule 1 is implicit: the period runs from the day after `date`, so the arithmetic adds to `date`.
pub fn add_period(date: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Weeks(n) => add_weeks(date, n),
        Period::Months(n) => add_months(date, n),
    }
}

/// Every deadline of one request. `due` is the operative (earlier) non-extended deadline;
/// `notice_due` is the last day the board's regulation gives to tell the requester of an
/// extension (its own four weeks: the operative non-extended deadline), `notice_legal_due` the
/// last day the law gives (art. 12(3): the legal month, the non-extended legal deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    pub legal_due: NaiveDate,
    pub policy_due: NaiveDate,
    pub due: NaiveDate,
    pub notice_due: NaiveDate,
    pub notice_legal_due: NaiveDate,
    pub extended_legal_due: NaiveDate,
    pub extended_policy_due: NaiveDate,
    pub extended_due: NaiveDate,
}

impl Deadlines {
    /// The deadline that counts: the extended one once the request is extended.
    pub fn operative(&self, extended: bool) -> NaiveDate {
        if extended {
            self.extended_due
        } else {
            self.due
        }
    }

    /// Where `day` stands against the two last days to notify an extension (rule 6). Both
    /// days are "uiterlijk": the day itself still counts.
    pub fn notice_window(&self, day: NaiveDate) -> NoticeWindow {
        if day > self.notice_legal_due {
            NoticeWindow::PastLegal
        } else if day > self.notice_due {
            NoticeWindow::PastPolicy {
                days: (day - self.notice_due).num_days(),
            }
        } else {
            NoticeWindow::InTime
        }
    }
}

/// An extension (or its notice) on a given day, against the board's and the law's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeWindow {
    /// On or before the board's notice day.
    InTime,
    /// After the board's notice day by `days`, on or before the legal one: allowed, with the
    /// amber "na beleid" warning the queue uses.
    PastPolicy { days: i64 },
    /// After the legal notice day: an extension is refused.
    PastLegal,
}

/// Computes all deadlines for a request received on `received`, with the clock stopped for
/// `paused_days` days (rule 7: every deadline counts from received + paused days).
pub fn compute(received: NaiveDate, policy: Period, paused_days: u32, cal: &Calendar) -> Deadlines {
    let start = received
        .checked_add_days(Days::new(u64::from(paused_days)))
        .unwrap_or(NaiveDate::MAX);
    let legal_due = cal.roll_forward(add_months(start, 1));
    let policy_due = cal.roll_forward(add_period(start, policy));
    let due = legal_due.min(policy_due);
    let extended_legal_due = cal.roll_forward(add_months(start, 3));
    let extended_policy_due = cal.roll_forward(match policy {
        // Rule 6: the unrolled end of the weeks period, plus two months.
        Period::Weeks(_) => add_months(add_period(start, policy), 2),
        Period::Months(n) => add_months(start, n + 2),
    });
    Deadlines {
        legal_due,
        policy_due,
        due,
        notice_due: due,
        notice_legal_due: legal_due,
        extended_legal_due,
        extended_policy_due,
        extended_due: extended_legal_due.min(extended_policy_due),
    }
}

/// A recorded pause of the clock: from the day it stopped to the day it resumed (open while
/// still waiting). A pause from Monday to Wednesday stops the clock for two days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PauseSpan {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// Total days the clock stood still; an open pause counts up to `today`.
pub fn paused_days(pauses: &[PauseSpan], today: NaiveDate) -> u32 {
    pauses
        .iter()
        .map(|p| {
            let end = p.to.unwrap_or(today);
            (end - p.from).num_days().max(0)
        })
        .sum::<i64>()
        .clamp(0, i64::from(u32::MAX)) as u32
}

/// Rule 8: operative deadline minus today; negative means overdue.
pub fn days_left(operative: NaiveDate, today: NaiveDate) -> i64 {
    (operative - today).num_days()
}

/// Age in whole years on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        Calendar::default()
    }

    #[test]
    fn period_parses_and_rejects() {
        assert_eq!("4w".parse::<Period>(), Ok(Period::Weeks(4)));
        assert_eq!("1m".parse::<Period>(), Ok(Period::Months(1)));
        assert_eq!(" 1M ".parse::<Period>(), Ok(Period::Months(1)));
        assert_eq!("2w".parse::<Period>(), Ok(Period::Weeks(2)));
        for bad in [
            "", "w", "4", "4d", "0w", "-1m", "99m", "fourw", "6w", "2m", "4ü", "é",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert_eq!(Period::Weeks(4).to_string(), "4w");
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        for (from, n, to) in [
            ("2025-01-31", 1, "2025-02-28"),
            ("2024-01-31", 1, "2024-02-29"),
            ("2025-03-31", 1, "2025-04-30"),
            ("2025-01-30", 1, "2025-02-28"),
            ("2025-01-15", 1, "2025-02-15"),
            ("2025-12-15", 1, "2026-01-15"),
            ("2025-11-30", 3, "2026-02-28"),
            ("2027-11-30", 3, "2028-02-29"),
            ("2025-08-31", 2, "2025-10-31"),
        ] {
            assert_eq!(add_months(d(from), n), d(to), "{from} + {n}m");
        }
    }

    #[test]
    fn weeks_end_on_the_same_weekday() {
        // Received Monday 2 November + 4 weeks = Monday 30 November.
        assert_eq!(add_weeks(d("2026-11-02"), 4), d("2026-11-30"));
        assert_eq!(add_weeks(d("2026-12-17"), 4), d("2027-01-14"));
    }

    #[test]
    fn worked_example_good_friday_and_easter_monday() {
        let dl = compute(d("2026-03-03"), Period::Weeks(4), 0, &cal());
        assert_eq!(dl.legal_due, d("2026-04-07"));
        assert_eq!(dl.policy_due, d("2026-03-31"));
        assert_eq!(dl.due, d("2026-03-31"));
        assert_eq!(dl.notice_due, d("2026-03-31"));
        assert_eq!(dl.notice_legal_due, d("2026-04-07"));
    }

    #[test]
    fn the_notice_window_runs_from_the_boards_day_to_the_legal_day() {
        // Received Tue 3 March 2026: the board's notice day Tue 31 March, the law's Tue 7 April.
        let dl = compute(d("2026-03-03"), Period::Weeks(4), 0, &cal());
        for (day, window) in [
            ("2026-03-04", NoticeWindow::InTime),
            ("2026-03-31", NoticeWindow::InTime),
            ("2026-04-01", NoticeWindow::PastPolicy { days: 1 }),
            ("2026-04-06", NoticeWindow::PastPolicy { days: 6 }),
            ("2026-04-07", NoticeWindow::PastPolicy { days: 7 }),
            ("2026-04-08", NoticeWindow::PastLegal),
            ("2026-06-01", NoticeWindow::PastLegal),
        ] {
            assert_eq!(dl.notice_window(d(day)), window, "{day}");
        }
        // A months policy: both days coincide, so nothing lies between them.
        let dl = compute(d("2026-03-03"), Period::Months(1), 0, &cal());
        assert_eq!(dl.notice_due, dl.notice_legal_due);
        assert_eq!(dl.notice_window(d("2026-04-07")), NoticeWindow::InTime);
        assert_eq!(dl.notice_window(d("2026-04-08")), NoticeWindow::PastLegal);
        // Pauses move both days: the legal month counts from received + the paused days.
        let dl = compute(d("2026-03-03"), Period::Weeks(4), 10, &cal());
        assert_eq!(dl.notice_due, d("2026-04-10"));
        // 13 March + 1 month = Mon 13 April.
        assert_eq!(dl.notice_legal_due, d("2026-04-13"));
    }

    #[test]
    fn worked_example_31_january_2025() {
        let dl = compute(d("2025-01-31"), Period::Weeks(4), 0, &cal());
        assert_eq!(dl.legal_due, d("2025-02-28"));
        assert_eq!(dl.policy_due, d("2025-02-28"));
        assert_eq!(dl.extended_legal_due, d("2025-04-30"));
        assert_eq!(dl.extended_policy_due, d("2025-04-28"));
        assert_eq!(dl.extended_due, d("2025-04-28"));
        assert!(dl.operative(true) == d("2025-04-28"));
        assert!(dl.operative(false) == d("2025-02-28"));
    }

    #[test]
    fn leap_year_month_end() {
        let dl = compute(d("2024-01-31"), Period::Months(1), 0, &cal());
        // 29 February 2024 is a Thursday.
        assert_eq!(dl.legal_due, d("2024-02-29"));
        assert_eq!(dl.policy_due, d("2024-02-29"));
        // months policy: received + (1 + 2) months = 30 April 2024 (Tuesday).
        assert_eq!(dl.extended_policy_due, d("2024-04-30"));
    }

    #[test]
    fn rolling_comes_after_the_arithmetic_not_in_between() {
        // 4 weeks from Fri 2 Jan 2026 = Fri 30 Jan; legal = Mon 2 Feb.
        // Extended policy: (30 Jan unrolled) + 2 months = 30 March 2026 (Monday).
        let dl = compute(d("2026-01-02"), Period::Weeks(4), 0, &cal());
        assert_eq!(dl.policy_due, d("2026-01-30"));
        assert_eq!(dl.legal_due, d("2026-02-02"));
        assert_eq!(dl.extended_policy_due, d("2026-03-30"));
        // Received Sat 31 Jan 2026: 4 weeks = Sat 28 Feb, rolled to Mon 2 March; the extension
        // adds 2 months to the unrolled 28 Feb, giving Tue 28 April, not 2 May.
        let dl = compute(d("2026-01-31"), Period::Weeks(4), 0, &cal());
        assert_eq!(dl.policy_due, d("2026-03-02"));
        assert_eq!(dl.extended_policy_due, d("2026-04-28"));
        // Legal extended: 31 Jan + 3 months = 30 April (Thursday).
        assert_eq!(dl.extended_legal_due, d("2026-04-30"));
    }

    #[test]
    fn each_holiday_rolls_a_deadline() {
        // (received, policy, expected legal due) with the 1-month legal deadline landing on it.
        for (received, legal) in [
            ("2025-12-01", "2026-01-02"), // 1 Jan Nieuwjaarsdag (Thu) -> Fri 2 Jan
            ("2026-03-03", "2026-04-07"), // Goede Vrijdag, weekend, Tweede Paasdag
            ("2026-03-27", "2026-04-28"), // Mon 27 April Koningsdag -> Tue 28
            ("2025-03-26", "2025-04-28"), // Sat 26 April 2025 (Koningsdag), Sun -> Mon 28
            ("2026-04-05", "2026-05-06"), // Tue 5 May Bevrijdingsdag -> Wed 6
            ("2026-04-14", "2026-05-15"), // Thu 14 May Hemelvaartsdag -> Fri 15
            ("2026-04-25", "2026-05-26"), // Mon 25 May Tweede Pinksterdag -> Tue 26
            ("2026-11-25", "2026-12-28"), // Fri 25 Dec, Sat 26 Dec, Sun -> Mon 28
        ] {
            let dl = compute(d(received), Period::Weeks(4), 0, &cal());
            assert_eq!(dl.legal_due, d(legal), "received {received}");
        }
    }

    #[test]
    fn extra_holidays_from_configuration_roll_too() {
        let extra = Calendar::new([d("2026-05-15")]);
        let dl = compute(d("2026-04-14"), Period::Weeks(4), 0, &extra);
        assert_eq!(dl.legal_due, d("2026-05-18"));
    }

    #[test]
    fn months_policy_equals_legal_and_extends_to_three_months() {
        let dl = compute(d("2026-11-23"), Period::Months(1), 0, &cal());
        assert_eq!(dl.policy_due, d("2026-12-23"));
        assert_eq!(dl.legal_due, d("2026-12-23"));
        assert_eq!(dl.extended_policy_due, d("2027-02-23"));
        assert_eq!(dl.extended_legal_due, d("2027-02-23"));
    }

    #[test]
    fn weeks_policy_is_earlier_than_legal_month() {
        let dl = compute(d("2026-11-02"), Period::Weeks(4), 0, &cal());
        assert_eq!(dl.policy_due, d("2026-11-30"));
        assert_eq!(dl.legal_due, d("2026-12-02"));
        assert_eq!(dl.due, d("2026-11-30"));
        // (30 Nov) + 2 months = 30 Jan 2027, a Saturday -> Mon 1 Feb.
        assert_eq!(dl.extended_policy_due, d("2027-02-01"));
        assert_eq!(dl.extended_legal_due, d("2027-02-02"));
        assert_eq!(dl.extended_due, d("2027-02-01"));
    }

    #[test]
    fn pauses_shift_every_deadline() {
        let pauses = [
            PauseSpan {
                from: d("2026-11-05"),
                to: Some(d("2026-11-09")),
            },
            PauseSpan {
                from: d("2026-11-12"),
                to: Some(d("2026-11-13")),
            },
        ];
        let today = d("2026-11-20");
        let days = paused_days(&pauses, today);
        assert_eq!(days, 5);
        let with = compute(d("2026-11-02"), Period::Weeks(4), days, &cal());
        let without = compute(d("2026-11-02"), Period::Weeks(4), 0, &cal());
        // 2 Nov + 5 = 7 Nov; + 4 weeks = Sat 5 Dec -> Mon 7 Dec.
        assert_eq!(with.policy_due, d("2026-12-07"));
        assert_eq!(with.legal_due, d("2026-12-07"));
        assert_eq!(without.policy_due, d("2026-11-30"));
    }

    #[test]
    fn open_pause_counts_up_to_today() {
        let pauses = [PauseSpan {
            from: d("2026-11-10"),
            to: None,
        }];
        assert_eq!(paused_days(&pauses, d("2026-11-23")), 13);
        assert_eq!(paused_days(&pauses, d("2026-11-10")), 0);
        // A pause recorded with its end before its start counts as nothing.
        let odd = [PauseSpan {
            from: d("2026-11-10"),
            to: Some(d("2026-11-08")),
        }];
        assert_eq!(paused_days(&odd, d("2026-11-23")), 0);
    }

    #[test]
    fn days_left_is_negative_when_overdue() {
        assert_eq!(days_left(d("2026-11-30"), d("2026-11-23")), 7);
        assert_eq!(days_left(d("2026-11-23"), d("2026-11-23")), 0);
        assert_eq!(days_left(d("2026-11-20"), d("2026-11-23")), -3);
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d("2010-11-24"), d("2026-11-23")), 15);
        assert_eq!(age_on(d("2010-11-23"), d("2026-11-23")), 16);
        assert_eq!(age_on(d("2008-02-29"), d("2024-02-28")), 15);
    }
}

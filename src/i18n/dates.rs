//! Dates and times as the officer reads them: one function per form, from the language.
//! Dutch `16-11-2026` (short `16-11`, with weekday `ma 16-11-2026`), English `2026-11-16`.
//! Files for machines (CSV, JSON) keep ISO 8601 and do not use these.

use super::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Nl => d.format("%d-%m-%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// Day and month only, where space is tight.
pub fn date_short(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Nl => d.format("%d-%m").to_string(),
        Lang::En => d.format("%m-%d").to_string(),
    }
}

/// With the weekday, for detail views: "ma 16-11-2026", "Mon 2026-11-16".
pub fn date_weekday(d: NaiveDate, lang: Lang) -> String {
    let day = match lang {
        Lang::Nl => ["ma", "di", "wo", "do", "vr", "za", "zo"],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    format!(
        "{} {}",
        day[d.weekday().num_days_from_monday() as usize],
        date(d, lang)
    )
}

/// A moment in the board's time zone: "27-03-2026 16:20".
pub fn datetime(t: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let local = t.with_timezone(&tz);
    format!(
        "{} {}",
        date(local.date_naive(), lang),
        local.format("%H:%M")
    )
}

/// Day, month and time, where space is tight: "27-03 16:20".
pub fn datetime_short(t: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let local = t.with_timezone(&tz);
    format!(
        "{} {}",
        date_short(local.date_naive(), lang),
        local.format("%H:%M")
    )
}

/// A date written out, as in a letter: "31 maart 2026", "31 March 2026"; with the weekday
/// "dinsdag 31 maart 2026", "Tuesday 31 March 2026".
pub fn date_words(d: NaiveDate, lang: Lang, weekday: bool) -> String {
    const NL_MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const NL_DAYS: [&str; 7] = [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ];
    const EN_DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let (months, days) = match lang {
        Lang::Nl => (NL_MONTHS, NL_DAYS),
        Lang::En => (EN_MONTHS, EN_DAYS),
    };
    let month = months[d.month0() as usize];
    let text = format!("{} {month} {}", d.day(), d.year());
    if weekday {
        format!(
            "{} {text}",
            days[d.weekday().num_days_from_monday() as usize]
        )
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(date_words(d, Lang::Nl, true), "dinsdag 31 maart 2026");
        assert_eq!(date_words(d, Lang::En, true), "Tuesday 31 March 2026");
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(date_words(d, Lang::Nl, false), "1 januari 2027");
        assert_eq!(date_words(d, Lang::En, true), "Friday 1 January 2027");
    }

    #[test]
    fn dutch_and_english_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        assert_eq!(date(d, Lang::Nl), "16-11-2026");
        assert_eq!(date(d, Lang::En), "2026-11-16");
        assert_eq!(date_short(d, Lang::Nl), "16-11");
        assert_eq!(date_weekday(d, Lang::Nl), "ma 16-11-2026");
        assert_eq!(date_weekday(d, Lang::En), "Mon 2026-11-16");
        let t = DateTime::parse_from_rfc3339("2026-03-27T15:20:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            datetime(t, chrono_tz::Europe::Amsterdam, Lang::Nl),
            "27-03-2026 16:20"
        );
        assert_eq!(
            datetime(t, chrono_tz::Europe::Amsterdam, Lang::En),
            "2026-03-27 16:20"
        );
        assert_eq!(
            datetime_short(t, chrono_tz::Europe::Amsterdam, Lang::Nl),
            "27-03 16:20"
        );
    }
}

//! Configuration: a TOML file (defaults embedded), paths from the `directories` crate, and
//! environment overrides (`AVGDESK_DB`, `AVGDESK_NOW`, `AVGDESK_USER`).

use crate::domain::calendar::Calendar;
use crate::domain::consent::{default_purposes, Purpose};
use crate::domain::deadline::Period;
use crate::i18n::Lang;
use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The settings the program runs with, after the file and the command line are merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub timezone: Tz,
    pub policy: Period,
    pub extra_holidays: Vec<NaiveDate>,
    pub theme: String,
    pub lang: Lang,
    /// Prefix of request ids (`V` gives `V-2026-0001`).
    pub request_prefix: String,
    /// Prefix of breach ids (`D` gives `D-2026-0001`).
    pub breach_prefix: String,
    /// Hours from becoming aware of a breach to the AP deadline (GDPR art. 33: 72).
    pub breach_hours: u32,
    /// The notifying organisation and its contact, as the AP form asks them.
    pub organisation: Organisation,
    /// The purposes consent is asked for, in grid order.
    pub purposes: Vec<Purpose>,
}

/// The board and its contact for the AP (usually the FG).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timezone: chrono_tz::Europe::Amsterdam,
            policy: Period::Weeks(4),
            extra_holidays: Vec::new(),
            theme: "default".into(),
            lang: Lang::Nl,
            request_prefix: "V".into(),
            breach_prefix: "D".into(),
            breach_hours: 72,
            organisation: Organisation::default(),
            purposes: default_purposes(),
        }
    }
}

impl Config {
    pub fn calendar(&self) -> Calendar {
        Calendar::new(self.extra_holidays.iter().copied())
    }
}

/// The file as written by the officer; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    timezone: Option<String>,
    policy_period: Option<String>,
    extra_holidays: Option<Vec<String>>,
    theme: Option<String>,
    language: Option<String>,
    request_prefix: Option<String>,
    breach_prefix: Option<String>,
    breach_hours: Option<u32>,
    organisation: Option<Organisation>,
    purposes: Option<Vec<Purpose>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    // The field is not called `source`: that would make it the error's source too, and `{:#}`
    // would print the I/O message twice.
    #[error("cannot read config file {path}: {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// An example config, printed by `avgdesk config example` and shown in the README.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// Reads `path`. A missing default file is not an error (the defaults apply); a missing file the
/// user named explicitly is.
pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(error) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            error,
        }),
    }
}

/// Parses config text; errors name the line and the key.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let invalid = |line: usize, message: String| ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of_offset(text, s.start)).unwrap_or(1);
        let message = e.message().trim().to_string();
        match key_on_line(text, line) {
            Some(key) if !message.contains(&key) => invalid(line, format!("{key}: {message}")),
            _ => invalid(line, message),
        }
    })?;
    let mut config = Config::default();
    if let Some(tz) = raw.timezone {
        config.timezone = tz.parse().map_err(|_| {
            invalid(
                line_of_key(text, "timezone"),
                format!("timezone: unknown time zone {tz:?}; use an IANA name such as \"Europe/Amsterdam\""),
            )
        })?;
    }
    if let Some(p) = raw.policy_period {
        config.policy = p
            .parse()
            .map_err(|e: crate::domain::deadline::PeriodError| {
                invalid(
                    line_of_key(text, "policy_period"),
                    format!("policy_period: {e}"),
                )
            })?;
    }
    if let Some(days) = raw.extra_holidays {
        for day in days {
            let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| {
                invalid(
                    line_of_key(text, "extra_holidays"),
                    format!("extra_holidays: {day:?} is not a date; write YYYY-MM-DD"),
                )
            })?;
            config.extra_holidays.push(date);
        }
    }
    if let Some(theme) = raw.theme {
        config.theme = theme;
    }
    if let Some(lang) = raw.language {
        config.lang = Lang::parse(&lang).ok_or_else(|| {
            invalid(
                line_of_key(text, "language"),
                format!("language: {lang:?} is not supported; use \"nl\" or \"en\""),
            )
        })?;
    }
    for (key, value, target) in [
        (
            "request_prefix",
            raw.request_prefix,
            &mut config.request_prefix,
        ),
        (
            "breach_prefix",
            raw.breach_prefix,
            &mut config.breach_prefix,
        ),
    ] {
        if let Some(prefix) = value {
            let ok = !prefix.is_empty()
                && prefix.len() <= 6
                && prefix.chars().all(|c| c.is_ascii_alphanumeric());
            if !ok {
                return Err(invalid(
                    line_of_key(text, key),
                    format!("{key}: use 1 to 6 letters or digits, e.g. \"V\""),
                ));
            }
            // Ids are looked up case-blind by upper-casing; store them that way too.
            *target = prefix.to_ascii_uppercase();
        }
    }
    if let Some(hours) = raw.breach_hours {
        if !(1..=720).contains(&hours) {
            return Err(invalid(
                line_of_key(text, "breach_hours"),
                format!("breach_hours: {hours} is out of range; use a number of hours from 1 to 720 (the law says 72)"),
            ));
        }
        config.breach_hours = hours;
    }
    if let Some(org) = raw.organisation {
        config.organisation = org;
    }
    if let Some(purposes) = raw.purposes {
        let line = line_of_key(text, "key");
        let mut seen = std::collections::HashSet::new();
        for p in &purposes {
            let ok = !p.key.is_empty()
                && p.key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok {
                return Err(invalid(
                    line,
                    format!("purposes: key {:?} must be lower-case letters, digits and _, e.g. \"photo_website\"", p.key),
                ));
            }
            if !seen.insert(p.key.clone()) {
                return Err(invalid(
                    line,
                    format!("purposes: key {:?} appears twice", p.key),
                ));
            }
        }
        if purposes.is_empty() {
            return Err(invalid(
                line,
                "purposes: list at least one purpose, or leave [[purposes]] out for the defaults"
                    .into(),
            ));
        }
        config.purposes = purposes;
    }
    Ok(config)
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The key assigned on a 1-based line, if that line is `key = ...`.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('#')).then(|| key.to_string())
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// Where avgdesk keeps its files by default.
pub struct Paths {
    pub config_file: PathBuf,
    pub database: PathBuf,
}

pub fn default_paths() -> Option<Paths> {
    let dirs = directories::ProjectDirs::from("nl", "avgdesk", "avgdesk")?;
    Some(Paths {
        config_file: dirs.config_dir().join("config.toml"),
        database: dirs.data_dir().join("avgdesk.db"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("config.toml")
    }

    #[test]
    fn defaults_when_empty() {
        let c = parse("", p()).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.timezone, chrono_tz::Europe::Amsterdam);
        assert_eq!(c.policy, Period::Weeks(4));
    }

    #[test]
    fn the_example_file_parses() {
        let c = parse(EXAMPLE, p()).unwrap();
        assert_eq!(c.lang, Lang::Nl);
    }

    #[test]
    fn full_config() {
        let text = "timezone = \"Europe/Brussels\"\npolicy_period = \"1m\"\nextra_holidays = [\"2026-05-15\"]\ntheme = \"light\"\nlanguage = \"en\"\n";
        let c = parse(text, p()).unwrap();
        assert_eq!(c.timezone, chrono_tz::Europe::Brussels);
        assert_eq!(c.policy, Period::Months(1));
        assert_eq!(
            c.extra_holidays,
            vec![NaiveDate::from_ymd_opt(2026, 5, 15).unwrap()]
        );
        assert_eq!(c.lang, Lang::En);
        assert!(!c
            .calendar()
            .is_working_day(NaiveDate::from_ymd_opt(2026, 5, 15).unwrap()));
    }

    #[test]
    fn purposes_replace_the_defaults_and_are_checked() {
        let text = "[[purposes]]\nkey = \"photo_website\"\nnl = \"Foto op website\"\nen = \"Photo on website\"\nform_version = \"2027-1\"\n";
        let c = parse(text, p()).unwrap();
        assert_eq!(c.purposes.len(), 1);
        assert_eq!(c.purposes[0].form_version, "2027-1");
        let dup = format!("{text}{text}");
        assert!(parse(&dup, p()).unwrap_err().to_string().contains("twice"));
        let bad = "[[purposes]]\nkey = \"Photo Website\"\nnl = \"x\"\nen = \"x\"\n";
        assert!(parse(bad, p()).unwrap_err().to_string().contains("line 2"));
        assert_eq!(Config::default().purposes.len(), 10);
    }

    #[test]
    fn breach_hours_are_checked() {
        assert_eq!(parse("breach_hours = 48\n", p()).unwrap().breach_hours, 48);
        let e = parse("\nbreach_hours = 0\n", p()).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("breach_hours"), "{e}");
    }

    #[test]
    fn errors_name_line_and_key() {
        let cases = [
            (
                "theme = \"x\"\npolicy_period = \"3d\"\n",
                2,
                "policy_period",
            ),
            ("\n\ntimezone = \"Mars/Olympus\"\n", 3, "timezone"),
            ("language = \"fr\"\n", 1, "language"),
            ("theme = \"x\"\ncolour = \"red\"\n", 2, "colour"),
            ("extra_holidays = [\"15-05-2026\"]\n", 1, "extra_holidays"),
            ("theme = \"x\"\ntimezone = 5\n", 2, "timezone"),
            ("theme = \n", 1, ""),
        ];
        for (text, line, key) in cases {
            let err = parse(text, p()).unwrap_err().to_string();
            assert!(err.contains(&format!("line {line}")), "{text:?}: {err}");
            assert!(err.contains(key), "{text:?}: {err}");
        }
    }
}

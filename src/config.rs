//! Configuration: a TOML file (defaults embedded), paths from the `directories` crate, and
//! environment overrides (`AVGDESK_DB`, `AVGDESK_NOW`, `AVGDESK_USER`).

use crate::domain::calendar::Calendar;
use crate::domain::consent::{default_purposes, Purpose};
use crate::domain::deadline::Period;
use crate::i18n::Lang;
use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

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
    /// Where the board's complaint procedure (klachtenregeling) is published; named in every
    /// decision letter. Empty: not set.
    pub complaints_url: String,
    /// The complaint procedure in words, for a board without a web page for it (or to add to
    /// the link). Empty: not set.
    pub complaints: String,
    /// Who signs the letters ("A. de Vries, privacyofficer"). Empty: not set.
    pub signatory: String,
    /// The folder whose files override the built-in letter templates: `templates/` beside the
    /// config file. Set by the command line from where the config is read; None without one.
    pub letter_templates: Option<PathBuf>,
    /// Where requests arrive by e-mail (`[intake] maildir` or `folder`): the inbox view of the
    /// requests tab reads it and never changes it. None: no inbox.
    pub inbox: Option<MailSource>,
    /// The `--lang` given on the command line, if any. The CSV a script reads (the register,
    /// the queue) changes language only with it, never with the file's `language`.
    pub lang_given: Option<Lang>,
}

/// A mailbox avgdesk reads (never writes): a Maildir, or a folder of `.eml` files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailSource {
    /// A Maildir (`new/` and `cur/`); file names carry the delivery time.
    Maildir(PathBuf),
    /// A folder of `.eml` files (saved from Outlook or Thunderbird); the file's time is its
    /// arrival.
    Folder(PathBuf),
}

impl MailSource {
    pub fn path(&self) -> &Path {
        match self {
            MailSource::Maildir(p) | MailSource::Folder(p) => p,
        }
    }
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
            complaints_url: String::new(),
            complaints: String::new(),
            signatory: String::new(),
            letter_templates: None,
            inbox: None,
            lang_given: None,
        }
    }
}

impl Config {
    pub fn calendar(&self) -> Calendar {
        Calendar::new(self.extra_holidays.iter().copied())
    }
}

/// The file as written by the officer; every key optional. Values that are checked after
/// reading keep their place in the file (`Spanned`), so an error names the line they are on.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    timezone: Option<Spanned<String>>,
    policy_period: Option<Spanned<String>>,
    extra_holidays: Option<Vec<Spanned<String>>>,
    theme: Option<String>,
    language: Option<Spanned<String>>,
    request_prefix: Option<Spanned<String>>,
    breach_prefix: Option<Spanned<String>>,
    breach_hours: Option<Spanned<u32>>,
    organisation: Option<Organisation>,
    purposes: Option<Spanned<Vec<RawPurpose>>>,
    #[serde(default)]
    complaints_url: String,
    #[serde(default)]
    complaints: String,
    #[serde(default)]
    signatory: String,
    intake: Option<RawIntake>,
}

/// `[intake]`: one of the two, the mailbox where requests arrive.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntake {
    maildir: Option<Spanned<String>>,
    folder: Option<Spanned<String>>,
}

/// One `[[purposes]]` entry as written; its key keeps its place for the checks below.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    key: Spanned<String>,
    nl: String,
    en: String,
    #[serde(default)]
    form_version: String,
}

impl RawPurpose {
    fn into_purpose(self) -> Purpose {
        Purpose {
            key: self.key.into_inner(),
            nl: self.nl,
            en: self.en,
            form_version: self.form_version,
        }
    }
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
    // A named pipe or a device is refused, never waited on; a huge file is not read.
    match crate::input::read_text_capped(path, crate::input::TEXT_FILE_LIMIT) {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(error) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            error,
        }),
    }
}

/// Turns a place in the file into an error that names its line.
struct Source<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Source<'_> {
    fn invalid(&self, span: Range<usize>, message: String) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line: line_of_offset(self.text, span.start),
            message,
        }
    }

    /// The parser's or serde's error at the place the parser reported, with the key there
    /// when the message does not already name it.
    fn toml_error(&self, e: &toml::de::Error) -> ConfigError {
        let message = e.message().trim().to_string();
        let Some(span) = e.span() else {
            return self.invalid(0..0, message);
        };
        let mut path = key_path_at(self.text, span.start).unwrap_or_default();
        // "unknown field `colour`" already names the key; the table it is in still helps.
        if path
            .last()
            .is_some_and(|last| message.contains(&format!("`{last}`")))
        {
            path.pop();
        }
        if path.is_empty() {
            self.invalid(span, message)
        } else {
            self.invalid(span, format!("{}: {message}", path.join(".")))
        }
    }
}

/// Parses config text; errors name the line and the key.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let src = Source { text, path };
    let raw: RawConfig = toml::from_str(text).map_err(|e| src.toml_error(&e))?;
    plain_text(&src)?;
    let mut config = Config::default();
    if let Some(tz) = raw.timezone {
        config.timezone = tz.get_ref().parse().map_err(|_| {
            src.invalid(
                tz.span(),
                format!("timezone: unknown time zone {:?}; use an IANA name such as \"Europe/Amsterdam\"", tz.get_ref()),
            )
        })?;
    }
    if let Some(p) = raw.policy_period {
        config.policy =
            p.get_ref()
                .parse()
                .map_err(|e: crate::domain::deadline::PeriodError| {
                    src.invalid(p.span(), format!("policy_period: {e}"))
                })?;
    }
    for day in raw.extra_holidays.unwrap_or_default() {
        let date = NaiveDate::parse_from_str(day.get_ref().trim(), "%Y-%m-%d").map_err(|_| {
            src.invalid(
                day.span(),
                format!(
                    "extra_holidays: {:?} is not a date; write YYYY-MM-DD",
                    day.get_ref()
                ),
            )
        })?;
        config.extra_holidays.push(date);
    }
    if let Some(theme) = raw.theme {
        config.theme = theme;
    }
    if let Some(lang) = raw.language {
        config.lang = Lang::parse(lang.get_ref()).ok_or_else(|| {
            src.invalid(
                lang.span(),
                format!(
                    "language: {:?} is not supported; use \"nl\" or \"en\"",
                    lang.get_ref()
                ),
            )
        })?;
    }
    if let Some(prefix) = &raw.request_prefix {
        config.request_prefix = id_prefix(&src, "request_prefix", prefix)?;
    }
    if let Some(prefix) = &raw.breach_prefix {
        config.breach_prefix = id_prefix(&src, "breach_prefix", prefix)?;
    }
    distinct_prefixes(&src, &config, &raw.request_prefix, &raw.breach_prefix)?;
    if let Some(hours) = raw.breach_hours {
        let h = *hours.get_ref();
        if !(1..=720).contains(&h) {
            return Err(src.invalid(
                hours.span(),
                format!("breach_hours: {h} is out of range; use a number of hours from 1 to 720 (the law says 72)"),
            ));
        }
        config.breach_hours = h;
    }
    if let Some(org) = raw.organisation {
        config.organisation = org;
    }
    if let Some(purposes) = raw.purposes {
        config.purposes = checked_purposes(&src, purposes)?;
    }
    config.complaints_url = raw.complaints_url.trim().to_string();
    config.complaints = raw.complaints.trim().to_string();
    config.signatory = raw.signatory.trim().to_string();
    if let Some(intake) = raw.intake {
        config.inbox = mail_source(&src, intake)?;
    }
    Ok(config)
}

/// The inbox of `[intake]`: a Maildir or a folder, not both; `~/` is the home folder.
fn mail_source(src: &Source<'_>, intake: RawIntake) -> Result<Option<MailSource>, ConfigError> {
    let path = |value: &Spanned<String>, key: &str| -> Result<PathBuf, ConfigError> {
        let text = value.get_ref().trim();
        if text.is_empty() {
            return Err(src.invalid(
                value.span(),
                format!("intake.{key}: empty; name the folder, e.g. \"~/Maildir/.Privacy\", or leave the key out"),
            ));
        }
        Ok(expand_home(text))
    };
    match (&intake.maildir, &intake.folder) {
        (Some(_), Some(folder)) => Err(src.invalid(
            folder.span(),
            "intake: set either maildir or folder, not both".into(),
        )),
        (Some(m), None) => Ok(Some(MailSource::Maildir(path(m, "maildir")?))),
        (None, Some(f)) => Ok(Some(MailSource::Folder(path(f, "folder")?))),
        (None, None) => Ok(None),
    }
}

/// `~` or `~/...` as the home folder, as a shell would read it.
fn expand_home(text: &str) -> PathBuf {
    let home = || directories::UserDirs::new().map(|d| d.home_dir().to_path_buf());
    match text.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from(text)),
        Some(rest) if rest.starts_with('/') => match home() {
            Some(h) => h.join(rest.trim_start_matches('/')),
            None => PathBuf::from(text),
        },
        _ => PathBuf::from(text),
    }
}

/// An id prefix: 1 to 6 letters or digits, stored upper-case because ids are looked up
/// case-blind by upper-casing.
fn id_prefix(src: &Source<'_>, key: &str, prefix: &Spanned<String>) -> Result<String, ConfigError> {
    let p = prefix.get_ref();
    let ok = !p.is_empty() && p.len() <= 6 && p.chars().all(|c| c.is_ascii_alphanumeric());
    if !ok {
        return Err(src.invalid(
            prefix.span(),
            format!("{key}: use 1 to 6 letters or digits, e.g. \"V\""),
        ));
    }
    Ok(p.to_ascii_uppercase())
}

/// Request and breach ids must not look alike: `V-2026-0001` names one record. The error names
/// the line of the prefix set last in the file (the one that made them equal).
fn distinct_prefixes(
    src: &Source<'_>,
    config: &Config,
    request: &Option<Spanned<String>>,
    breach: &Option<Spanned<String>>,
) -> Result<(), ConfigError> {
    if config.request_prefix != config.breach_prefix {
        return Ok(());
    }
    let span = [request, breach]
        .into_iter()
        .flatten()
        .map(|p| p.span())
        .max_by_key(|span| span.start)
        .unwrap_or(0..0);
    Err(src.invalid(
        span,
        format!(
            "request_prefix and breach_prefix are both {:?}; give requests and breaches different prefixes",
            config.request_prefix
        ),
    ))
}

/// The board's purposes: at least one, keys well-formed and unique. An error names the line of
/// the offending entry's key.
fn checked_purposes(
    src: &Source<'_>,
    purposes: Spanned<Vec<RawPurpose>>,
) -> Result<Vec<Purpose>, ConfigError> {
    if purposes.get_ref().is_empty() {
        return Err(src.invalid(
            purposes.span(),
            "purposes: list at least one purpose, or leave [[purposes]] out for the defaults"
                .into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for p in purposes.get_ref() {
        let key = p.key.get_ref();
        let ok = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(src.invalid(
                p.key.span(),
                format!("purposes: key {key:?} must be lower-case letters, digits and _, e.g. \"photo_website\""),
            ));
        }
        if !seen.insert(key.clone()) {
            return Err(src.invalid(p.key.span(), format!("purposes: key {key:?} appears twice")));
        }
    }
    Ok(purposes
        .into_inner()
        .into_iter()
        .map(RawPurpose::into_purpose)
        .collect())
}

/// The keys whose text may span several lines; every other value is one line.
const MULTI_LINE_KEYS: &[&str] = &["complaints", "signatory"];

/// Refuses a control character in any text value of the file (a TOML escape such as `\u001b`
/// writes one): the values go into letters, ids and the consent records. Line feeds only in
/// [`MULTI_LINE_KEYS`]. The error names the line and the key.
fn plain_text(src: &Source<'_>) -> Result<(), ConfigError> {
    let Ok(doc) = toml::de::DeTable::parse(src.text) else {
        return Ok(());
    };
    let mut found = None;
    refused_in_table(doc.get_ref(), &mut Vec::new(), &mut found);
    match found {
        None => Ok(()),
        Some((path, span, refused)) => {
            Err(src.invalid(span, format!("{}: {refused}", path.join("."))))
        }
    }
}

/// A text value refused for a character: its key path, its place in the file and why.
type Found = Option<(Vec<String>, Range<usize>, String)>;

/// Looks for the first text value under `table` with a character its key may not hold.
fn refused_in_table(table: &toml::de::DeTable<'_>, path: &mut Vec<String>, found: &mut Found) {
    for (key, value) in table.iter() {
        if found.is_some() {
            return;
        }
        path.push(key.get_ref().to_string());
        refused_in_value(value, path, found);
        path.pop();
    }
}

fn refused_in_value(
    value: &Spanned<toml::de::DeValue<'_>>,
    path: &mut Vec<String>,
    found: &mut Found,
) {
    match value.get_ref() {
        toml::de::DeValue::String(text) => {
            let multi = path.len() == 1 && MULTI_LINE_KEYS.contains(&path[0].as_str());
            let shape = if multi {
                crate::domain::text::Shape::Lines
            } else {
                crate::domain::text::Shape::Line
            };
            // A multi-line string in a file saved with Windows line ends keeps them.
            let text = text.replace("\r\n", "\n");
            if let Some(ch) = crate::domain::text::first_refused(&text, shape) {
                let refused = format!(
                    "contains {}; {}",
                    crate::domain::text::what(ch),
                    crate::domain::text::remedy(ch)
                );
                *found = Some((path.clone(), value.span(), refused));
            }
        }
        toml::de::DeValue::Table(t) => refused_in_table(t, path, found),
        toml::de::DeValue::Array(items) => {
            for item in items.iter() {
                if found.is_some() {
                    return;
                }
                refused_in_value(item, path, found);
            }
        }
        _ => {}
    }
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The keys (`["organisation", "email"]`) whose key or value lies at byte `offset`, read from
/// the parser's own spans. None when the text does not parse or nothing is there (a syntax
/// error between keys).
fn key_path_at(text: &str, offset: usize) -> Option<Vec<String>> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    path_in_table(doc.get_ref(), offset)
}

/// The deepest key at `offset`, searching children before their parent: a table's own span
/// need not cover its entries (a `[[purposes]]` entry's body follows its header).
fn path_in_table(table: &toml::de::DeTable<'_>, offset: usize) -> Option<Vec<String>> {
    table.iter().find_map(|(key, value)| {
        let name = key.get_ref().to_string();
        if let Some(mut inner) = path_in_value(value.get_ref(), offset) {
            inner.insert(0, name);
            return Some(inner);
        }
        let here = key.span().contains(&offset) || value.span().contains(&offset);
        here.then(|| vec![name])
    })
}

fn path_in_value(value: &toml::de::DeValue<'_>, offset: usize) -> Option<Vec<String>> {
    match value {
        toml::de::DeValue::Table(t) => path_in_table(t, offset),
        // An element with nothing deeper at `offset` (a `[[purposes]]` entry missing a field)
        // is still inside the array's key.
        toml::de::DeValue::Array(items) => items.iter().find_map(|item| {
            path_in_value(item.get_ref(), offset)
                .or_else(|| item.span().contains(&offset).then(Vec::new))
        }),
        _ => None,
    }
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
    fn request_and_breach_prefixes_must_differ() {
        let e = parse("request_prefix = \"AV\"\n\nbreach_prefix = \"av\"\n", p())
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
        assert!(e.contains("different prefixes"), "{e}");
        // Equal to the other's default counts too.
        let e = parse("\nbreach_prefix = \"V\"\n", p())
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("\"V\""), "{e}");
        let ok = parse("request_prefix = \"D\"\nbreach_prefix = \"L\"\n", p()).unwrap();
        assert_eq!(
            (ok.request_prefix.as_str(), ok.breach_prefix.as_str()),
            ("D", "L")
        );
    }

    #[test]
    fn letter_keys_are_read_and_trimmed() {
        let text = "complaints_url = \" https://example.nl/klachten \"\nsignatory = \"A. de Vries\"\ncomplaints = \"Klachtenregeling\"\n";
        let c = parse(text, p()).unwrap();
        assert_eq!(c.complaints_url, "https://example.nl/klachten");
        assert_eq!(c.signatory, "A. de Vries");
        assert_eq!(c.complaints, "Klachtenregeling");
        assert_eq!(Config::default().signatory, "");
    }

    #[test]
    fn the_intake_mailbox_is_a_maildir_or_a_folder() {
        let c = parse("[intake]\nmaildir = \"/srv/mail/.Privacy\"\n", p()).unwrap();
        assert_eq!(
            c.inbox,
            Some(MailSource::Maildir(PathBuf::from("/srv/mail/.Privacy")))
        );
        let c = parse("[intake]\nfolder = \"~/privacy-inbox\"\n", p()).unwrap();
        let Some(MailSource::Folder(f)) = c.inbox else {
            panic!("a folder")
        };
        assert!(f.ends_with("privacy-inbox") && !f.starts_with("~"), "{f:?}");
        let both = error_of("[intake]\nmaildir = \"/a\"\nfolder = \"/b\"\n");
        assert!(
            both.contains("line 3") && both.contains("not both"),
            "{both}"
        );
        let empty = error_of("[intake]\nmaildir = \" \"\n");
        assert!(empty.contains("intake.maildir: empty"), "{empty}");
        assert_eq!(parse("", p()).unwrap().inbox, None);
    }

    #[test]
    fn breach_hours_are_checked() {
        assert_eq!(parse("breach_hours = 48\n", p()).unwrap().breach_hours, 48);
        let e = parse("\nbreach_hours = 0\n", p()).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("breach_hours"), "{e}");
    }

    /// Two valid `[[purposes]]` entries (lines 1-4 and 6-9) around whatever `second` adds to
    /// the second entry, so a test can put a mistake on line 10 and beyond.
    fn two_purposes(second: &str) -> String {
        format!(
            "[[purposes]]\nkey = \"photo_website\"\nnl = \"Foto op website\"\nen = \"Photo on website\"\n\n\
             [[purposes]]\nkey = \"medical\"\nnl = \"Medisch\"\nen = \"Medical\"\n{second}"
        )
    }

    fn error_of(text: &str) -> String {
        parse(text, p()).unwrap_err().to_string()
    }

    #[test]
    fn a_bad_value_in_the_second_purpose_names_its_line() {
        let text = two_purposes("").replace("key = \"medical\"", "key = \"Medical Data\"");
        let e = error_of(&text);
        assert!(
            e.contains("line 7:") && e.contains("\"Medical Data\""),
            "{e}"
        );
        // A duplicate key is reported where it appears the second time.
        let e = error_of(&two_purposes("").replace("\"medical\"", "\"photo_website\""));
        assert!(e.contains("line 7:") && e.contains("twice"), "{e}");
    }

    #[test]
    fn an_unknown_key_names_its_line() {
        let e = error_of(&two_purposes("form_verison = \"2027-1\"\n"));
        assert!(e.contains("line 10:"), "{e}");
        assert!(e.contains("purposes: unknown field `form_verison`"), "{e}");
        let e = error_of("theme = \"x\"\n\n[organisation]\nname = \"B\"\nmail = \"x\"\n");
        assert!(
            e.contains("line 5:") && e.contains("organisation: unknown field `mail`"),
            "{e}"
        );
    }

    #[test]
    fn a_wrong_type_names_its_line() {
        let e = error_of(&two_purposes("form_version = 5\n"));
        assert!(
            e.contains("line 10:") && e.contains("purposes.form_version"),
            "{e}"
        );
        assert!(e.contains("invalid type: integer `5`"), "{e}");
        let e = error_of("theme = \"x\"\n[organisation]\nname = \"B\"\nemail = 5\n");
        assert!(
            e.contains("line 4: organisation.email: invalid type"),
            "{e}"
        );
        // A missing field names the entry it is missing from (its header line).
        let e = error_of(&two_purposes("").replace("nl = \"Medisch\"\n", ""));
        assert!(e.contains("line 6: purposes: missing field `nl`"), "{e}");
    }

    #[test]
    fn a_bad_element_of_a_multi_line_list_names_its_line() {
        let text = "extra_holidays = [\n  \"2026-05-15\",\n  \"15-05-2026\",\n]\n";
        let e = error_of(text);
        assert!(e.contains("line 3:") && e.contains("\"15-05-2026\""), "{e}");
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

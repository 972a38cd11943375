//! Lists for teachers: which pupils of a selection may (ja) or may not (nee) be photographed,
//! published, shared... per purpose. Only "given" in effect counts as yes; refused, withdrawn
//! and not asked are all no. The pupils are read in pages, never in one giant query.

use super::spreadsheet::{self, Dialect};
use super::{AppError, Session};
use crate::domain::consent::{ConsentState, Purpose};
use crate::domain::text::printable;
use crate::i18n::{Lang, T};
use crate::store::PupilFilter;

/// How many pupils are read at a time.
pub const PAGE: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFormat {
    Csv,
    /// Aligned columns under a title naming the selection, the date and the count.
    #[default]
    Text,
}

#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("cannot write the list as CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// A finished list and the number of pupils on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeacherList {
    pub text: String,
    pub pupils: usize,
}

/// The purposes a list shows: the keys given (in that order), else the filter's purpose, else
/// every purpose of the board.
pub fn list_purposes(
    session: &Session,
    filter: &PupilFilter,
    keys: &[String],
) -> Result<Vec<Purpose>, AppError> {
    if !keys.is_empty() {
        let mut out: Vec<Purpose> = Vec::new();
        for k in keys {
            let p = session.purpose(k)?;
            if !out.iter().any(|o| o.key == p.key) {
                out.push(p.clone());
            }
        }
        return Ok(out);
    }
    if let Some(k) = &filter.purpose {
        return Ok(vec![session.purpose(k)?.clone()]);
    }
    Ok(session.purposes().to_vec())
}

/// The list for the pupils matching `filter`, with a yes/no column per purpose of `keys` (see
/// [`list_purposes`]), in the session's language.
pub fn teacher_list(
    session: &Session,
    filter: &PupilFilter,
    keys: &[String],
    format: ListFormat,
) -> Result<TeacherList, ListError> {
    let lang = session.config.lang;
    let purposes = list_purposes(session, filter, keys)?;
    // A teacher's list is of the pupils at school now, whatever the grid shows.
    let current = PupilFilter {
        include_left: false,
        ..filter.clone()
    };
    let columns: Vec<usize> = purposes
        .iter()
        .filter_map(|p| session.purposes().iter().position(|q| q.key == p.key))
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut offset = 0;
    loop {
        let page = session.consent_rows(&current, offset, PAGE)?;
        let n = page.len();
        for r in page {
            let mut row = vec![r.pupil.full_name(), r.pupil.class, r.pupil.school];
            for &i in &columns {
                let state = r.states.get(i).copied().unwrap_or(ConsentState::NotAsked);
                row.push(yes_no(state, lang).to_string());
            }
            rows.push(row);
        }
        if n < PAGE {
            break;
        }
        offset += n;
    }
    let mut header = vec![
        word(lang, "Leerling", "Pupil").to_string(),
        word(lang, "Groep", "Class").to_string(),
        "School".to_string(),
    ];
    header.extend(purposes.iter().map(|p| label(p, lang).to_string()));
    let pupils = rows.len();
    let text = match format {
        // A Dutch list opens in columns in Dutch Excel; each cell is made safe on its own.
        ListFormat::Csv => spreadsheet::write(Dialect::for_lang(lang), &header, rows)?,
        ListFormat::Text => {
            let mut s = title(session, filter, &purposes);
            s.push('\n');
            s.push_str(&count_line(pupils, lang));
            s.push_str("\n\n");
            s.push_str(&aligned(&header, &rows));
            printable(&s)
        }
    };
    Ok(TeacherList { text, pupils })
}

/// A file name for the list in the session's language, e.g. `toestemming-groep-6-2026-11-23.csv`
/// or `consent-groep-6-2026-11-23.csv` (school, class and purpose key as recorded).
pub fn file_name(session: &Session, filter: &PupilFilter, format: ListFormat) -> String {
    let lang = session.config.lang;
    let mut parts = vec![word(lang, "toestemming", "consent").to_string()];
    if let Some(s) = &filter.school {
        parts.push(s.clone());
    }
    if let Some(c) = &filter.class {
        parts.push(c.clone());
    }
    if let Some(key) = &filter.purpose {
        // The purpose as the reader names it ("foto-op-de-website"), not its code
        // ("photo_website"), in at most a few words.
        let named = session
            .purpose(key)
            .map(|p| label(p, lang).to_string())
            .unwrap_or_else(|_| key.replace('_', "-"));
        parts.push(first_words(&named, 40));
    }
    parts.push(session.today().format("%Y-%m-%d").to_string());
    let stem: String = parts
        .join("-")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let ext = match format {
        ListFormat::Csv => "csv",
        ListFormat::Text => "txt",
    };
    format!("{stem}.{ext}")
}

/// The words of `text` that fit in `max` characters (at least the first word, cut).
fn first_words(text: &str, max: usize) -> String {
    let mut out = String::new();
    for w in text.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + w.chars().count();
        if len > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = text.chars().take(max).collect();
    }
    out.to_lowercase()
}

fn word(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

fn label(p: &Purpose, lang: Lang) -> &str {
    let l = match lang {
        Lang::Nl => &p.nl,
        Lang::En => &p.en,
    };
    if l.trim().is_empty() {
        &p.key
    } else {
        l
    }
}

/// Only an explicit "given" in effect is a yes.
fn yes_no(state: ConsentState, lang: Lang) -> &'static str {
    if state.allows() {
        T::yes.get(lang)
    } else {
        T::no.get(lang)
    }
}

pub fn state_label(state: ConsentState, lang: Lang) -> &'static str {
    match state {
        ConsentState::Given => word(lang, "gegeven", "given"),
        ConsentState::Refused => word(lang, "geweigerd", "refused"),
        ConsentState::Withdrawn => word(lang, "ingetrokken", "withdrawn"),
        ConsentState::NotAsked => word(lang, "niet gevraagd", "not asked"),
    }
}

/// "Toestemming · School: OBS De Regenboog · Groep: 6 · Foto/video op de website · 23-11-2026",
/// and a second line naming the state filter if there is one.
fn title(session: &Session, filter: &PupilFilter, purposes: &[Purpose]) -> String {
    let lang = session.config.lang;
    let all = word(lang, "alle", "all");
    let school = filter.school.as_deref().unwrap_or(all);
    let class_word = word(lang, "Groep", "Class");
    let class = match filter.class.as_deref() {
        None => format!("{class_word}: {all}"),
        // "groep 6" says it already.
        Some(c)
            if ["groep", "group", "klas", "class"]
                .iter()
                .any(|w| c.trim().to_lowercase().starts_with(w)) =>
        {
            c.to_string()
        }
        Some(c) => format!("{class_word}: {c}"),
    };
    let labels: Vec<&str> = purposes.iter().map(|p| label(p, lang)).collect();
    let date = match lang {
        Lang::Nl => session.today().format("%d-%m-%Y").to_string(),
        Lang::En => session.today().format("%Y-%m-%d").to_string(),
    };
    let mut s = format!(
        "{} · School: {school} · {class} · {}: {} · {date}",
        word(lang, "Toestemming", "Consent"),
        if purposes.len() == 1 {
            word(lang, "Doel", "Purpose")
        } else {
            word(lang, "Doelen", "Purposes")
        },
        labels.join(", "),
    );
    if let (Some(key), false) = (&filter.purpose, filter.states.is_empty()) {
        let purpose = session
            .purposes()
            .iter()
            .find(|p| &p.key == key)
            .map(|p| label(p, lang).to_string())
            .unwrap_or_else(|| key.clone());
        let states: Vec<&str> = filter
            .states
            .iter()
            .map(|s| state_label(*s, lang))
            .collect();
        s.push_str(&format!(
            "\n{} {purpose}: {}",
            word(lang, "Alleen leerlingen met", "Only pupils with"),
            states.join(", ")
        ));
    }
    s
}

fn count_line(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 leerling".into(),
        (Lang::Nl, n) => format!("{n} leerlingen"),
        (Lang::En, 1) => "1 pupil".into(),
        (Lang::En, n) => format!("{n} pupils"),
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Columns padded to their widest cell; the last column is not padded.
fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(c);
            if i + 1 < cells.len() {
                l.push_str(&" ".repeat(w.saturating_sub(width(c))));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    let mut s = line(header);
    s.push_str(&line(
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    ));
    for r in rows {
        s.push_str(&line(r));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_characters_not_bytes() {
        let header = vec!["Leerling".to_string(), "Groep".to_string()];
        let rows = vec![vec!["Zoë Smit".to_string(), "6".to_string()]];
        let s = aligned(&header, &rows);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "Leerling  Groep");
        assert_eq!(lines[1], "--------  -----");
        assert_eq!(lines[2], "Zoë Smit  6");
    }

    #[test]
    fn only_given_is_yes() {
        assert_eq!(yes_no(ConsentState::Given, Lang::Nl), "ja");
        for s in [
            ConsentState::Refused,
            ConsentState::Withdrawn,
            ConsentState::NotAsked,
        ] {
            assert_eq!(yes_no(s, Lang::Nl), "nee");
            assert_eq!(yes_no(s, Lang::En), "no");
        }
    }
}

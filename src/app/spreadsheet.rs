//! CSV files for spreadsheets and scripts, in one of two dialects: `,`-separated UTF-8 for
//! scripts and English spreadsheets, or the way Dutch Excel opens a file in columns on a
//! double-click (`;`-separated, its list separator, and UTF-8 with a byte-order mark, without
//! which it reads ë and ö as Windows-1252). Lines end in `\n`, which Excel reads as well as
//! `\r\n`. Every cell is made safe the same way in both.

use crate::domain::dates::rfc3339;
use crate::domain::text::printable;
use crate::i18n::{Lang, T};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Which spreadsheet the file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,`-separated UTF-8 without a byte-order mark.
    Comma,
    /// `;`-separated UTF-8 with a byte-order mark, for Dutch Excel.
    DutchExcel,
}

impl Dialect {
    /// The dialect a file in `lang` is written in.
    pub fn for_lang(lang: Lang) -> Dialect {
        match lang {
            Lang::Nl => Dialect::DutchExcel,
            Lang::En => Dialect::Comma,
        }
    }

    fn delimiter(self) -> u8 {
        match self {
            Dialect::Comma => b',',
            Dialect::DutchExcel => b';',
        }
    }
}

/// The byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// The header and the rows as CSV text in `dialect`, every cell through [`safe_cell`].
pub fn write<H: AsRef<str>>(
    dialect: Dialect,
    header: &[H],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    w.write_record(header.iter().map(|h| safe_cell(h.as_ref())))?;
    for row in rows {
        w.write_record(row.iter().map(|c| safe_cell(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(match dialect {
        Dialect::Comma => text.into_owned(),
        Dialect::DutchExcel => format!("{BOM}{text}"),
    })
}

/// A CSV's header row: the column codes scripts read, or the Dutch words for Dutch Excel.
pub fn header<'a>(columns: &'a [(&'a str, T)], lang: Lang) -> Vec<&'a str> {
    columns
        .iter()
        .map(|(code, dutch)| match lang {
            Lang::Nl => dutch.get(lang),
            Lang::En => code,
        })
        .collect()
}

/// A cell as it may stand in a spreadsheet: control and invisible characters shown as in text
/// output (a line break stays), and a cell that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@` or a tab) gets a leading quote, so it reads as the text it is. A
/// negative whole number (days overdue) is no formula and stays a number.
pub fn safe_cell(cell: &str) -> String {
    let cell = printable(cell);
    let negative_number = cell
        .strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if cell.starts_with(['=', '+', '-', '@', '\t']) && !negative_number {
        format!("'{cell}")
    } else {
        cell
    }
}

/// How cells are written in one language: English codes, or the Dutch words the app shows.
pub struct Cells {
    pub lang: Lang,
}

impl Cells {
    /// The code in English, the label in Dutch.
    pub fn code(&self, code: &str, label: &str) -> String {
        match self.lang {
            Lang::Nl => label.to_string(),
            Lang::En => code.to_string(),
        }
    }

    pub fn time(&self, t: DateTime<FixedOffset>) -> String {
        match self.lang {
            Lang::Nl => t.format("%Y-%m-%d %H:%M").to_string(),
            Lang::En => rfc3339(&t),
        }
    }

    /// A day in ISO order (`2026-11-23`) in both languages: Excel reads it as a date in any
    /// locale, and it sorts.
    pub fn date(&self, d: NaiveDate) -> String {
        d.format("%Y-%m-%d").to_string()
    }

    pub fn unknown(&self) -> String {
        match self.lang {
            Lang::Nl => T::unknown.get(self.lang).to_string(),
            Lang::En => "unknown".to_string(),
        }
    }

    pub fn maybe_time(&self, t: Option<DateTime<FixedOffset>>) -> String {
        t.map(|t| self.time(t)).unwrap_or_else(|| self.unknown())
    }

    pub fn number(&self, n: Option<u64>) -> String {
        n.map(|n| n.to_string()).unwrap_or_else(|| self.unknown())
    }

    /// Codes joined with `,`; Dutch labels (which have commas of their own) with `; `.
    pub fn list<X: Copy>(
        &self,
        items: &[X],
        code: fn(X) -> &'static str,
        label: fn(X, Lang) -> &'static str,
    ) -> String {
        if items.is_empty() {
            return self.unknown();
        }
        let (words, sep): (Vec<&str>, &str) = match self.lang {
            Lang::Nl => (items.iter().map(|&i| label(i, self.lang)).collect(), "; "),
            Lang::En => (items.iter().map(|&i| code(i)).collect(), ","),
        };
        words.join(sep)
    }

    pub fn yes_no(&self, b: bool) -> (&'static str, &'static str) {
        if b {
            ("yes", T::yes.get(self.lang))
        } else {
            ("no", T::no.get(self.lang))
        }
    }

    pub fn answer(&self, b: Option<bool>) -> String {
        match b {
            Some(b) => {
                let (code, label) = self.yes_no(b);
                self.code(code, label)
            }
            None => self.unknown(),
        }
    }

    /// A decision as its code or label; not yet taken reads "undecided".
    pub fn decision(&self, d: Option<(&str, &str)>) -> String {
        match d {
            Some((code, label)) => self.code(code, label),
            None => self.code("undecided", T::not_decided.get(self.lang)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_control_characters_shown() {
        for f in ["=HYPERLINK(\"x\")", "+1", "-1+1", "@SUM(A1)", "\t=1"] {
            assert_eq!(safe_cell(f), format!("'{f}"));
        }
        assert_eq!(safe_cell("Jan"), "Jan");
        assert_eq!(safe_cell("-3"), "-3");
        assert_eq!(safe_cell("-"), "'-");
        assert_eq!(safe_cell("a\u{1b}[31m"), "a�[31m");
        assert_eq!(safe_cell("regel 1\nregel 2"), "regel 1\nregel 2");
    }

    #[test]
    fn dutch_excel_is_semicolon_separated_with_a_byte_order_mark() {
        let rows = vec![vec!["Zoë".to_string(), "a; b".to_string()]];
        let nl = write(Dialect::DutchExcel, &["naam", "x"], rows.clone()).unwrap();
        assert_eq!(nl, "\u{feff}naam;x\nZoë;\"a; b\"\n");
        let en = write(Dialect::Comma, &["name", "x"], rows).unwrap();
        assert_eq!(en, "name,x\nZoë,a; b\n");
    }
}

//! Importing pupils from a CSV export of the school administration (ParnasSys-like).
//!
//! The file may be UTF-8 (with or without byte order mark) or Windows-1252, separated by `;` or
//! `,` (or tabs), with quoted fields. Columns are found by their header, Dutch or English, in any
//! order. Every bad row is reported with its line number; if any row is bad nothing is imported.

use super::Session;
use crate::domain::consent::Pupil;
use crate::domain::dates::{read_date, DateError};
use crate::domain::text::Shape;
use crate::store::{ImportSummary, PupilFilter, StoreError};
use encoding_rs::{Encoding, WINDOWS_1252};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// A column of the import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Number,
    FirstName,
    Infix,
    LastName,
    BirthDate,
    Class,
    School,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Number,
        Column::FirstName,
        Column::Infix,
        Column::LastName,
        Column::BirthDate,
        Column::Class,
        Column::School,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Column::Number => "pupil number",
            Column::FirstName => "first name",
            Column::Infix => "infix",
            Column::LastName => "last name",
            Column::BirthDate => "date of birth",
            Column::Class => "class/group",
            Column::School => "school",
        }
    }

    /// The headers accepted for this column, best first. They are compared without case,
    /// spaces or punctuation, so "Lln. nr" matches "lln nr" and "Leerling-nummer" matches
    /// "leerlingnummer".
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Number => &[
                "leerlingnummer",
                "leerlingnr",
                "lln nr",
                "llnr",
                "nummer",
                "student number",
                "student nr",
                "pupil number",
                "pupil nr",
                "number",
                "student id",
                "pupil id",
                "id",
            ],
            Column::FirstName => &[
                "roepnaam",
                "voornaam",
                "voornamen",
                "first name",
                "given name",
                "forename",
            ],
            Column::Infix => &[
                "tussenvoegsel",
                "tussenvoegsels",
                "voorvoegsel",
                "voorvoegsels",
                "infix",
                "prefix",
            ],
            Column::LastName => &[
                "achternaam",
                "geslachtsnaam",
                "last name",
                "surname",
                "family name",
            ],
            Column::BirthDate => &[
                "geboortedatum",
                "geb. datum",
                "geb. dat.",
                "date of birth",
                "birth date",
                "birthdate",
                "dob",
            ],
            Column::Class => &["groep", "stamgroep", "klas", "class", "group"],
            Column::School => &[
                "school",
                "schoolnaam",
                "school name",
                "brin",
                "brinnummer",
                "brin nummer",
                "brincode",
            ],
        }
    }

    /// Infix and date of birth may be left out of the file.
    pub fn required(self) -> bool {
        !matches!(self, Column::Infix | Column::BirthDate)
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label(), self.headers().join(", "))
    }
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("date of birth {0:?} is not a date; write DD-MM-YYYY or YYYY-MM-DD")]
    BadDate(String),
    #[error("no pupil number")]
    MissingNumber,
    #[error("no last name")]
    MissingLastName,
    #[error("pupil number {number} is also on line {first_line}")]
    DuplicateNumber { number: String, first_line: u64 },
    #[error(
        "{found} fields where the header has {expected} (a separator inside a name needs \"quotes\")"
    )]
    FieldCount { expected: u64, found: u64 },
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("date of birth {0} lies in the future")]
    FutureBirthDate(chrono::NaiveDate),
    #[error("date of birth {0} lies outside the years 1900 to 2100 that avgdesk accepts")]
    DateOutOfRange(chrono::NaiveDate),
    /// A control character (a terminal escape code, a tab or line break inside a field) or an
    /// invisible or direction-changing one: refused, never cleaned up into something else.
    #[error(
        "{}: contains {}; correct it in the file",
        .column.label(),
        crate::domain::text::what(*.ch)
    )]
    Invisible { column: Column, ch: char },
    #[error(
        "pupil number {number} is {known} in avgdesk, but this row is {row}: a different child? \
         Numbers must be unique across the board (e.g. prefix them with the school's BRIN)"
    )]
    NumberClash {
        number: String,
        known: String,
        row: String,
    },
}

/// A bad row: its line in the file (the header is line 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problem: RowProblem,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// Why a file could not be imported. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("not a CSV text file ({0}); save it from the school administration or Excel as CSV")]
    NotText(&'static str),
    #[error("the file starts with a {0} byte order mark but is not valid {0}")]
    Encoding(&'static str),
    #[error(
        "missing {}: {}; headers found: {}",
        if missing.len() == 1 { "column" } else { "columns" },
        missing.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; "),
        if found.is_empty() { "(none)".to_string() } else { found.join(", ") }
    )]
    MissingColumns {
        missing: Vec<Column>,
        found: Vec<String>,
    },
    #[error("the file has a header but no pupils; nothing was imported")]
    NoPupils,
    #[error(
        "{} bad {}, nothing was imported:\n{}",
        .0.len(),
        if .0.len() == 1 { "row" } else { "rows" },
        .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n")
    )]
    Rows(Vec<RowError>),
    /// Only from [`Session::import_pupils`]: the database refused the import.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did, or for a dry run would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Pupils listed in the file.
    pub in_file: usize,
    /// Active pupils in the database before the import.
    pub active_before: usize,
    #[serde(flatten)]
    pub summary: ImportSummary,
}

impl Session {
    /// Imports a CSV export: pupils are added or updated by number, and pupils no longer in the
    /// file are marked as left (their history stays). All or nothing, in one transaction. A dry
    /// run reports the same counts without writing anything.
    pub fn import_pupils(
        &mut self,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, ImportError> {
        let parsed = parse_file(bytes)?;
        let pupils = self.check_against_register(parsed)?;
        let active_before = self
            .store
            .count_pupils(&PupilFilter::default(), self.today())?;
        let summary = if dry_run {
            self.store.preview_import_pupils(&pupils, true)?
        } else {
            let now = self.now();
            self.store.import_pupils(&pupils, true, now)?
        };
        Ok(ImportReport {
            dry_run,
            in_file: pupils.len(),
            active_before,
            summary,
        })
    }

    /// Checks a parsed file against the pupils already known: a number that now names another
    /// child is refused (two children would merge), a birth date in the future is refused, and
    /// a file without a birth-date column keeps the birth dates on record.
    fn check_against_register(&self, parsed: ParsedFile) -> Result<Vec<Pupil>, ImportError> {
        let today = self.today();
        let mut errors = Vec::new();
        let mut pupils = parsed.pupils;
        for (p, &line) in pupils.iter_mut().zip(&parsed.lines) {
            if let Some(b) = p.birth_date.filter(|b| *b > today) {
                errors.push(RowError {
                    line,
                    problem: RowProblem::FutureBirthDate(b),
                });
            }
            let known = match self.store.pupil(&p.number) {
                Ok(k) => k,
                Err(StoreError::PupilNotFound(_)) => continue,
                Err(e) => return Err(e.into()),
            };
            if !parsed.has_birth_dates {
                p.birth_date = known.birth_date;
            }
            let same_name = crate::domain::text::fold(&known.last_name)
                == crate::domain::text::fold(&p.last_name);
            let same_birth = known.birth_date.is_none()
                || p.birth_date.is_none()
                || known.birth_date == p.birth_date;
            if !same_name && !same_birth {
                let describe = |x: &Pupil| format!("{} ({})", x.full_name(), x.school);
                errors.push(RowError {
                    line,
                    problem: RowProblem::NumberClash {
                        number: p.number.clone(),
                        known: describe(&known),
                        row: describe(p),
                    },
                });
            }
        }
        if errors.is_empty() {
            Ok(pupils)
        } else {
            Err(ImportError::Rows(errors))
        }
    }

    /// Every pupil matching `filter`, in grid order (school, class, name).
    pub fn list_pupils(&self, filter: &PupilFilter) -> super::Result<Vec<Pupil>> {
        const PAGE: usize = 5000;
        let today = self.today();
        let mut all = Vec::new();
        loop {
            let page = self.store.pupils_page(filter, today, all.len(), PAGE)?;
            let done = page.len() < PAGE;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
    }
}

/// Reads a CSV export into pupils. Either every row is good and all pupils are returned, or
/// every bad row is reported and none are.
pub fn parse_pupils(bytes: &[u8]) -> Result<Vec<Pupil>, ImportError> {
    parse_file(bytes).map(|f| f.pupils)
}

/// The pupils of a file with the line each came from, and whether it has a birth-date column.
pub struct ParsedFile {
    pub pupils: Vec<Pupil>,
    pub lines: Vec<u64>,
    pub has_birth_dates: bool,
}

pub fn parse_file(bytes: &[u8]) -> Result<ParsedFile, ImportError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let (delimiter, skipped_lines, body) = sniff(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(false)
        .from_reader(body.as_bytes());
    let line_of = |pos: Option<&csv::Position>| pos.map(|p| p.line()).unwrap_or(0) + skipped_lines;
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(ImportError::Empty),
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(ImportError::Rows(vec![RowError {
                line: line_of(e.position()),
                problem: RowProblem::Unreadable(e.to_string()),
            }]))
        }
    };
    let columns = map_columns(&header)?;

    let mut pupils = Vec::new();
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    for result in records {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        errors.push(RowError {
                            line,
                            problem: RowProblem::FieldCount {
                                expected: *expected_len,
                                found: *len,
                            },
                        });
                        continue;
                    }
                    _ => {
                        errors.push(RowError {
                            line,
                            problem: RowProblem::Unreadable(e.to_string()),
                        });
                        break;
                    }
                }
            }
        };
        let line = line_of(record.position());
        let raw = |c: Column| columns.get(&c).and_then(|&i| record.get(i));
        let field = |c: Column| raw(c).map(clean).unwrap_or_default();
        // Spreadsheets leave rows of bare separators at the end; they are no pupils.
        if record.iter().all(|f| clean(f).is_empty()) {
            continue;
        }
        let mut bad = |problem| errors.push(RowError { line, problem });
        let number = field(Column::Number);
        let last_name = field(Column::LastName);
        let birth = field(Column::BirthDate);
        if number.is_empty() {
            bad(RowProblem::MissingNumber);
        } else if let Some(&first_line) = first_line_of.get(&number) {
            bad(RowProblem::DuplicateNumber {
                number: number.clone(),
                first_line,
            });
        } else {
            first_line_of.insert(number.clone(), line);
        }
        if last_name.is_empty() {
            bad(RowProblem::MissingLastName);
        }
        for column in [
            Column::Number,
            Column::FirstName,
            Column::Infix,
            Column::LastName,
            Column::School,
            Column::Class,
        ] {
            let value = raw(column).unwrap_or_default();
            if let Some(ch) = crate::domain::text::first_refused(value, Shape::Name) {
                bad(RowProblem::Invisible { column, ch });
            }
        }
        let birth_date = if birth.is_empty() {
            None
        } else {
            match read_date(&birth) {
                Ok(d) => Some(d),
                Err(DateError::OutOfRange(d)) => {
                    bad(RowProblem::DateOutOfRange(d));
                    None
                }
                Err(DateError::Format(_)) => {
                    bad(RowProblem::BadDate(birth));
                    None
                }
            }
        };
        lines.push(line);
        pupils.push(Pupil {
            number,
            first_name: field(Column::FirstName),
            infix: field(Column::Infix),
            last_name,
            birth_date,
            class: field(Column::Class),
            school: field(Column::School),
            active: true,
        });
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    if pupils.is_empty() {
        return Err(ImportError::NoPupils);
    }
    Ok(ParsedFile {
        pupils,
        lines,
        has_birth_dates: columns.contains_key(&Column::BirthDate),
    })
}

/// UTF-8 if the bytes are valid UTF-8, else Windows-1252; a byte order mark decides first.
fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::NotText("it looks like an Excel workbook"));
    }
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ImportError::Encoding(encoding.name()));
        }
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        }
    };
    if text.contains('\0') {
        return Err(ImportError::NotText("it contains NUL bytes"));
    }
    Ok(text)
}

/// The separator, from the header line: whichever of `;`, `,` and tab occurs most outside
/// quotes (`;` on a tie, as Dutch Excel writes it). Excel's `sep=;` first line is honoured and
/// skipped. Returns the separator, the number of lines skipped, and the rest of the text.
fn sniff(text: &str) -> (u8, u64, &str) {
    let first_line = text.lines().next().unwrap_or("");
    let hint = first_line.trim().to_ascii_lowercase();
    if let Some(sep) = hint.strip_prefix("sep=") {
        if let [b @ (b';' | b',' | b'\t' | b'|')] = sep.as_bytes() {
            let rest = text.find('\n').map(|i| &text[i + 1..]).unwrap_or("");
            return (*b, 1, rest);
        }
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b',', b'\t'];
    let mut best = 0;
    for i in 1..candidates.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    (candidates[best], 0, text)
}

/// Lower case letters and digits only: "Geb. datum" -> "gebdatum".
fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The index of each column found; an error naming the missing required columns and the
/// headers that are there.
fn map_columns(header: &csv::StringRecord) -> Result<HashMap<Column, usize>, ImportError> {
    let normalized: Vec<String> = header.iter().map(normalize_header).collect();
    let mut columns = HashMap::new();
    let mut missing = Vec::new();
    for column in Column::ALL {
        let found = column.headers().iter().find_map(|alias| {
            let alias = normalize_header(alias);
            normalized.iter().position(|h| *h == alias)
        });
        match found {
            Some(i) => {
                columns.insert(column, i);
            }
            None if column.required() => missing.push(column),
            None => {}
        }
    }
    if missing.is_empty() {
        Ok(columns)
    } else {
        Err(ImportError::MissingColumns {
            missing,
            found: header.iter().map(clean).filter(|h| !h.is_empty()).collect(),
        })
    }
}

/// Trims a field and folds runs of white space into one space. Letters are left alone: "Ömer",
/// "Zoë", "van der". (A control character, such as a line break inside quotes, is refused before
/// this: `RowProblem::Invisible`.)
fn clean(field: &str) -> String {
    field
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn rows(err: ImportError) -> Vec<RowError> {
        match err {
            ImportError::Rows(r) => r,
            other => panic!("expected row errors, got {other}"),
        }
    }

    #[test]
    fn a_parnassys_export_with_semicolons() {
        let csv = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep;School\r\n\
                   1001;Jan;van der;Berg;03-04-2016;Groep 6;De Regenboog\r\n\
                   1002;Zoë;;Smit;2012-12-31;Groep 8;De Regenboog\r\n";
        let pupils = parse_pupils(csv.as_bytes()).unwrap();
        assert_eq!(pupils.len(), 2);
        assert_eq!(
            pupils[0],
            Pupil {
                number: "1001".into(),
                first_name: "Jan".into(),
                infix: "van der".into(),
                last_name: "Berg".into(),
                birth_date: date(2016, 4, 3),
                class: "Groep 6".into(),
                school: "De Regenboog".into(),
                active: true,
            }
        );
        assert_eq!(pupils[1].first_name, "Zoë");
        assert_eq!(pupils[1].infix, "");
        assert_eq!(pupils[1].birth_date, date(2012, 12, 31));
    }

    #[test]
    fn english_headers_commas_quotes_and_any_column_order() {
        let csv = "School,Class,Surname,\"First name\",Student number,DOB\n\
                   \"Het Anker, Zwolle\",7B,\"Jong, de\",Ömer,42,1/2/2014\n";
        let pupils = parse_pupils(csv.as_bytes()).unwrap();
        assert_eq!(pupils[0].school, "Het Anker, Zwolle");
        assert_eq!(pupils[0].last_name, "Jong, de");
        assert_eq!(pupils[0].first_name, "Ömer");
        assert_eq!(pupils[0].number, "42");
        assert_eq!(pupils[0].class, "7B");
        assert_eq!(pupils[0].birth_date, date(2014, 2, 1));
        assert_eq!(pupils[0].infix, "");
    }

    #[test]
    fn headers_match_without_case_spaces_or_punctuation() {
        let csv = "LLN. NR;Voornaam;Voorvoegsel;Geslachtsnaam;Geb. datum;Stamgroep;BRIN\n\
                   7;Eva;de;Vries;;3A;12AB\n";
        let p = &parse_pupils(csv.as_bytes()).unwrap()[0];
        assert_eq!(
            (p.number.as_str(), p.infix.as_str(), p.school.as_str()),
            ("7", "de", "12AB")
        );
        assert_eq!(p.birth_date, None);
    }

    #[test]
    fn roepnaam_wins_over_voornamen_and_school_over_brin() {
        let csv = "Leerlingnummer;Voornamen;Roepnaam;Achternaam;Groep;BRIN;School\n\
                   1;Johannes Petrus;Hans;Bos;4;12AB;De Wegwijzer\n";
        let p = &parse_pupils(csv.as_bytes()).unwrap()[0];
        assert_eq!(p.first_name, "Hans");
        assert_eq!(p.school, "De Wegwijzer");
    }

    #[test]
    fn utf8_bom_and_windows_1252() {
        let mut bom = b"\xEF\xBB\xBFLeerlingnummer;Roepnaam;Achternaam;Groep;School\n".to_vec();
        bom.extend_from_slice("1;Zoë;Smit;8;A\n".as_bytes());
        let p = parse_pupils(&bom).unwrap();
        assert_eq!(p[0].number, "1");
        assert_eq!(p[0].first_name, "Zoë");

        let cp1252 = b"Leerlingnummer;Roepnaam;Achternaam;Groep;School\n\
                       1;\xD6mer;Y\xFCcel;8;A\n2;Zo\xEB;M\xFCller;8;A\n";
        let p = parse_pupils(cp1252).unwrap();
        assert_eq!(p[0].first_name, "Ömer");
        assert_eq!(p[0].last_name, "Yücel");
        assert_eq!(p[1].first_name, "Zoë");
    }

    #[test]
    fn utf16_with_a_bom_is_read_too() {
        let text = "Leerlingnummer\tRoepnaam\tAchternaam\tGroep\tSchool\n1\tZoë\tSmit\t8\tA\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let p = parse_pupils(&bytes).unwrap();
        assert_eq!(p[0].first_name, "Zoë");
    }

    #[test]
    fn fields_are_trimmed_and_inner_space_folded() {
        let csv = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;School\n \
                   12 ; Jan\u{a0};  van   der ; Berg ;6; De Regenboog \n";
        let p = &parse_pupils(csv.as_bytes()).unwrap()[0];
        assert_eq!(p.number, "12");
        assert_eq!(p.first_name, "Jan");
        assert_eq!(p.infix, "van der");
        assert_eq!(p.full_name(), "Jan van der Berg");
        assert_eq!(p.school, "De Regenboog");
    }

    #[test]
    fn every_bad_row_is_reported_by_line() {
        let csv = "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;School\n\
                   1;Jan;Berg;31-02-2015;6;A\n\
                   2;Piet;Bos;;6;A\n\
                   ;Kees;Dam;;6;A\n\
                   2;Anna;;2015-13-01;6;A\n\
                   3;Te;Veel;;6;A;extra\n\
                   4;Goed;Genoeg;1-1-2015;6;A\n";
        let errors = rows(parse_pupils(csv.as_bytes()).unwrap_err());
        let got: Vec<(u64, RowProblem)> = errors.into_iter().map(|e| (e.line, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (2, RowProblem::BadDate("31-02-2015".into())),
                (4, RowProblem::MissingNumber),
                (
                    5,
                    RowProblem::DuplicateNumber {
                        number: "2".into(),
                        first_line: 3
                    }
                ),
                (5, RowProblem::MissingLastName),
                (5, RowProblem::BadDate("2015-13-01".into())),
                (
                    6,
                    RowProblem::FieldCount {
                        expected: 6,
                        found: 7
                    }
                ),
            ]
        );
    }

    #[test]
    fn line_numbers_count_file_lines_across_quoted_line_breaks() {
        let csv = "Leerlingnummer;Roepnaam;Achternaam;Groep;School\n\
                   1;\"Jan\nWillem\";Berg;6;A\n\
                   1;Piet;Bos;6;A\n";
        let errors = rows(parse_pupils(csv.as_bytes()).unwrap_err());
        assert_eq!(errors.len(), 2);
        // The line break inside the quotes is refused in the name, and counted as a line.
        assert_eq!(
            errors[0].to_string(),
            "line 2: first name: contains a line break (U+000A); correct it in the file"
        );
        assert_eq!(errors[1].line, 4);
        assert_eq!(
            errors[1].to_string(),
            "line 4: pupil number 1 is also on line 2"
        );
    }

    #[test]
    fn the_error_message_lists_every_line() {
        let csv = "Leerlingnummer;Roepnaam;Achternaam;Groep;School\n;A;B;6;A\n2;A;;6;A\n";
        let msg = parse_pupils(csv.as_bytes()).unwrap_err().to_string();
        assert!(
            msg.starts_with("2 bad rows, nothing was imported:"),
            "{msg}"
        );
        assert!(msg.contains("\n  line 2: no pupil number"), "{msg}");
        assert!(msg.contains("\n  line 3: no last name"), "{msg}");
    }

    #[test]
    fn a_missing_column_lists_the_headers_found() {
        let csv = "Leerlingnummer;Roepnaam;Groep;Schoolnaam\n1;Jan;6;A\n";
        let err = parse_pupils(csv.as_bytes()).unwrap_err();
        match &err {
            ImportError::MissingColumns { missing, found } => {
                assert_eq!(missing, &vec![Column::LastName]);
                assert_eq!(
                    found,
                    &vec!["Leerlingnummer", "Roepnaam", "Groep", "Schoolnaam"]
                );
            }
            other => panic!("{other}"),
        }
        let msg = err.to_string();
        assert!(
            msg.starts_with("missing column: last name (achternaam"),
            "{msg}"
        );
        assert!(
            msg.ends_with("headers found: Leerlingnummer, Roepnaam, Groep, Schoolnaam"),
            "{msg}"
        );
    }

    fn session(dir: &tempfile::TempDir) -> Session {
        let store = crate::store::Store::open(&dir.path().join("t.db"), "tester").unwrap();
        let clock = crate::clock::Clock::parse("2026-11-23T10:00:00+01:00").unwrap();
        Session::new(store, crate::config::Config::default(), clock)
    }

    const FIRST: &str = "Leerlingnummer;Roepnaam;Achternaam;Groep;School\n\
                         1;Jan;Berg;6;A\n2;Piet;Bos;6;A\n3;Kees;Dam;7;A\n";
    const SECOND: &str = "Leerlingnummer;Roepnaam;Achternaam;Groep;School\n\
                          1;Jan;Berg;7;A\n2;Piet;Bos;6;A\n4;Eva;Vos;3;A\n";

    #[test]
    fn a_dry_run_predicts_the_import_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(&dir);
        let all = PupilFilter {
            include_left: true,
            ..PupilFilter::default()
        };
        let dry = s.import_pupils(FIRST.as_bytes(), true).unwrap();
        assert!(dry.dry_run);
        assert_eq!(s.list_pupils(&all).unwrap(), vec![]);
        let real = s.import_pupils(FIRST.as_bytes(), false).unwrap();
        assert_eq!(dry.summary, real.summary);
        assert_eq!((real.in_file, real.active_before), (3, 0));
        assert_eq!(real.summary.added, 3);

        let dry = s.import_pupils(SECOND.as_bytes(), true).unwrap();
        assert_eq!(s.pupil("1").unwrap().class, "6");
        let real = s.import_pupils(SECOND.as_bytes(), false).unwrap();
        assert_eq!(dry.summary, real.summary);
        assert_eq!(
            real.summary,
            ImportSummary {
                added: 1,
                updated: 1,
                unchanged: 1,
                left: 1
            }
        );
        assert_eq!(real.active_before, 3);
        assert_eq!(s.pupil("1").unwrap().class, "7");
        assert!(!s.pupil("3").unwrap().active);
        assert_eq!(s.list_pupils(&PupilFilter::default()).unwrap().len(), 3);
        assert_eq!(s.list_pupils(&all).unwrap().len(), 4);

        // Back in the file: active again, counted as updated by both.
        let dry = s.import_pupils(FIRST.as_bytes(), true).unwrap();
        let real = s.import_pupils(FIRST.as_bytes(), false).unwrap();
        assert_eq!(dry.summary, real.summary);
        assert!(s.pupil("3").unwrap().active);
    }

    #[test]
    fn a_bad_file_leaves_the_database_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(&dir);
        s.import_pupils(FIRST.as_bytes(), false).unwrap();
        let before = s.list_pupils(&PupilFilter::default()).unwrap();
        let bad = "Leerlingnummer;Roepnaam;Achternaam;Groep;School\n1;Jan;Berg;8;A\n1;X;Y;8;A\n";
        assert!(matches!(
            s.import_pupils(bad.as_bytes(), false),
            Err(ImportError::Rows(_))
        ));
        assert_eq!(s.list_pupils(&PupilFilter::default()).unwrap(), before);
    }

    #[test]
    fn separators_are_sniffed_from_the_header() {
        assert_eq!(sniff("a;b;c\n").0, b';');
        assert_eq!(sniff("a,b,c\n").0, b',');
        assert_eq!(sniff("a\tb\tc\n").0, b'\t');
        // A comma inside a quoted header does not count.
        assert_eq!(sniff("\"a, b\";c\n").0, b';');
        assert_eq!(sniff("a;b,c\n").0, b';');
        let (sep, skipped, rest) = sniff("sep=,\r\na,b\n");
        assert_eq!((sep, skipped, rest), (b',', 1, "a,b\n"));
    }

    #[test]
    fn excel_sep_line_keeps_file_line_numbers() {
        let csv = "sep=;\nLeerlingnummer;Roepnaam;Achternaam;Groep;School\n1;Jan;;6;A\n";
        let errors = rows(parse_pupils(csv.as_bytes()).unwrap_err());
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn blank_rows_are_skipped() {
        let csv = "Leerlingnummer;Roepnaam;Achternaam;Groep;School\n1;Jan;Berg;6;A\n\n;;;;\n";
        assert_eq!(parse_pupils(csv.as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn empty_header_only_and_binary_files_are_refused() {
        assert!(matches!(parse_pupils(b""), Err(ImportError::Empty)));
        assert!(matches!(parse_pupils(b" \r\n"), Err(ImportError::Empty)));
        assert!(matches!(
            parse_pupils(b"Leerlingnummer;Roepnaam;Achternaam;Groep;School\r\n"),
            Err(ImportError::NoPupils)
        ));
        assert!(matches!(
            parse_pupils(b"PK\x03\x04\x14\x00\x06\x00"),
            Err(ImportError::NotText(_))
        ));
        assert!(matches!(
            parse_pupils(b"\xEF\xBB\xBFnummer\xFF"),
            Err(ImportError::Encoding("UTF-8"))
        ));
    }
}

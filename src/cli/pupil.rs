//! `avgdesk pupil ...`: importing pupils from the school administration and listing them.

use super::{print_json, truncate};
use crate::app::import::ImportReport;
use crate::app::Session;
use crate::domain::consent::Pupil;
use crate::domain::text::printable;
use crate::i18n::{Lang, T};
use crate::store::PupilFilter;
use anyhow::{Context, Result};
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum PupilCommand {
    /// Import pupils from a CSV export of the school administration (ParnasSys-like)
    #[command(
        long_about = "Import pupils from a CSV export of the school administration \
        (ParnasSys-like).\n\n\
        Columns are found by their header, Dutch or English: leerlingnummer (pupil number), \
        roepnaam (first name), tussenvoegsel (infix, optional), achternaam (last name), \
        geboortedatum (date of birth, optional), groep/klas (class), school (name or BRIN). \
        Separated by ; or , with quoted fields; UTF-8 (with or without BOM) or Windows-1252.\n\n\
        Pupils are added or updated by number; pupils no longer in the file are marked as left \
        (their consent history stays). One bad row and nothing is imported: every bad line is \
        listed. Use --dry-run first to see what would change."
    )]
    Import {
        /// The CSV file ("-" reads standard input)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Report what would change without writing anything
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// List pupils by school, class and name
    List {
        /// Only pupils of this school
        #[arg(long, value_name = "SCHOOL")]
        school: Option<String>,
        /// Only pupils of this class/group
        #[arg(long, value_name = "CLASS")]
        class: Option<String>,
        /// Include pupils who have left
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: PupilCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match cmd {
        PupilCommand::Import {
            file,
            dry_run,
            json,
        } => {
            let lang = session.config.lang;
            let name = if file.as_os_str() == "-" {
                match lang {
                    Lang::Nl => "standaardinvoer".to_string(),
                    Lang::En => "standard input".to_string(),
                }
            } else {
                file.display().to_string()
            };
            let bytes = read_input(&file)?;
            let report = session
                .import_pupils(&bytes, dry_run)
                .with_context(|| name.clone())?;
            if json {
                print_json(out, &report)
            } else {
                out.write_all(import_text(&name, &report, lang).as_bytes())?;
                Ok(())
            }
        }
        PupilCommand::List {
            school,
            class,
            all,
            json,
        } => {
            let filter = PupilFilter {
                school: school.map(|s| known_name(s, session.store.schools().ok())),
                class: class.map(|c| known_name(c, session.store.classes(None).ok())),
                include_left: all,
                ..PupilFilter::default()
            };
            let pupils = session.list_pupils(&filter)?;
            if json {
                let rows: Vec<PupilRow> = pupils.iter().map(PupilRow::new).collect();
                print_json(out, &rows)
            } else {
                out.write_all(printable(&list_text(&pupils, session.config.lang)).as_bytes())?;
                Ok(())
            }
        }
    }
}

/// The pupil list from `file` or standard input (`-`): a regular file only (a named pipe or a
/// device is refused, never waited on), at most `input::PUPIL_LIST_LIMIT` bytes.
fn read_input(file: &std::path::Path) -> Result<Vec<u8>> {
    use crate::input::{read_capped, read_stdin_capped, PUPIL_LIST_LIMIT};
    if file.as_os_str() == "-" {
        return read_stdin_capped(PUPIL_LIST_LIMIT).context("cannot read standard input");
    }
    read_capped(file, PUPIL_LIST_LIMIT).with_context(|| format!("cannot read {}", file.display()))
}

/// The stored spelling of a school or class typed in another case ("groep 6" for "Groep 6");
/// otherwise what was typed.
fn known_name(typed: String, known: Option<Vec<String>>) -> String {
    let typed = typed.trim().to_string();
    let known = known.unwrap_or_default();
    if known.contains(&typed) {
        return typed;
    }
    let mut matches = known
        .into_iter()
        .filter(|k| k.to_lowercase() == typed.to_lowercase());
    match (matches.next(), matches.next()) {
        (Some(only), None) => only,
        _ => typed,
    }
}

fn import_text(name: &str, r: &ImportReport, lang: Lang) -> String {
    let mut s = String::new();
    let (n, m) = (r.summary, r.active_before);
    match lang {
        Lang::Nl => {
            if r.dry_run {
                s += "proefimport: niets geschreven\n";
            }
            s += &format!("{:<15}{} ({} leerlingen)\n", "bestand", name, r.in_file);
            s += &format!("{:<15}{}\n", "toegevoegd", n.added);
            s += &format!("{:<15}{}\n", "bijgewerkt", n.updated);
            s += &format!("{:<15}{}\n", "ongewijzigd", n.unchanged);
            s += &format!(
                "{:<15}{} van {m} actieve leerlingen (niet in het bestand; hun geschiedenis blijft)\n",
                "uitgeschreven", n.left
            );
        }
        Lang::En => {
            if r.dry_run {
                s += "dry run: nothing written\n";
            }
            s += &format!("{:<11}{} ({} pupils)\n", "file", name, r.in_file);
            s += &format!("{:<11}{}\n", "added", n.added);
            s += &format!("{:<11}{}\n", "updated", n.updated);
            s += &format!("{:<11}{}\n", "unchanged", n.unchanged);
            s += &format!(
                "{:<11}{} of {m} active pupils (not in the file; their history stays)\n",
                "left", n.left
            );
        }
    }
    printable(&s)
}

/// A pupil in `pupil list --json`: the stored fields plus the display name and status.
#[derive(Serialize)]
struct PupilRow<'a> {
    #[serde(flatten)]
    pupil: &'a Pupil,
    name: String,
    status: &'static str,
}

impl<'a> PupilRow<'a> {
    fn new(pupil: &'a Pupil) -> PupilRow<'a> {
        PupilRow {
            pupil,
            name: pupil.full_name(),
            status: status(pupil),
        }
    }
}

fn status(p: &Pupil) -> &'static str {
    if p.active {
        "active"
    } else {
        "left"
    }
}

fn list_text(pupils: &[Pupil], lang: Lang) -> String {
    let rows: Vec<[String; 6]> = pupils
        .iter()
        .map(|p| {
            [
                truncate(&p.number, 14),
                truncate(&p.full_name(), 32),
                p.birth_date
                    .map(|d| crate::i18n::dates::date(d, lang))
                    .unwrap_or_else(|| "-".into()),
                truncate(&p.school, 28),
                truncate(&p.class, 12),
                match (lang, p.active) {
                    (Lang::Nl, true) => "ingeschreven".to_string(),
                    (Lang::Nl, false) => T::pupil_left.get(lang).to_string(),
                    (Lang::En, _) => status(p).to_string(),
                },
            ]
        })
        .collect();
    let header = match lang {
        Lang::Nl => ["nummer", "naam", "geboren", "school", "groep", "status"],
        Lang::En => ["number", "name", "born", "school", "class", "status"],
    }
    .map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; 6]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                s += cell;
            } else {
                s += &format!("{cell:<w$}  ");
            }
        }
        s + "\n"
    };
    let mut s = line(&header);
    for row in &rows {
        s += &line(row);
    }
    let word = if pupils.len() == 1 {
        T::pupil_one
    } else {
        T::pupils
    };
    s += &format!("{} {}\n", pupils.len(), word.get(lang));
    s
}

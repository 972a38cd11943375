//! Pupils and their consent history in SQLite. Queries fetch only what is asked for (a page of
//! pupils, the answers in effect for those pupils), so the grid stays instant at 30,000 pupils.

use super::audit::AuditContext;
use super::chain::{ConsentRaw, Tail};
use super::record::{corrupt, map_corrupt, opt_date, parse_date};
use super::{Result, Store, StoreError};
use crate::domain::consent::{
    AnsweredBy, ConsentError, ConsentEvent, ConsentState, ConsentValue, Method, Pupil,
};
use crate::domain::dates::rfc3339;
use crate::domain::text::fold;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

/// Which pupils a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PupilFilter {
    pub school: Option<String>,
    pub class: Option<String>,
    /// Part of the name or pupil number; empty matches all.
    pub search: String,
    /// With a purpose: only pupils whose answer in effect has one of these states.
    pub purpose: Option<String>,
    pub states: Vec<ConsentState>,
    pub include_left: bool,
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Pupils no longer in the file, marked as left (their history stays).
    pub left: usize,
}

/// A new answer before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsent {
    pub pupil: String,
    pub purpose: String,
    pub value: ConsentValue,
    pub effective: NaiveDate,
    pub given_by: String,
    pub role: AnsweredBy,
    pub method: Method,
    pub form_version: String,
}

const PUPIL_COLUMNS: &str =
    "number, first_name, infix, last_name, birth_date, class, school, active";

fn pupil_from_row(r: &Row<'_>) -> rusqlite::Result<Pupil> {
    Ok(Pupil {
        number: r.get("number")?,
        first_name: r.get("first_name")?,
        infix: r.get("infix")?,
        last_name: r.get("last_name")?,
        birth_date: opt_date("birth_date", r.get("birth_date")?)?,
        class: r.get("class")?,
        school: r.get("school")?,
        active: r.get::<_, i64>("active")? != 0,
    })
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<ConsentEvent> {
    let text = |column: &str| -> rusqlite::Result<String> { r.get(column) };
    let value = text("value")?;
    let role = text("role")?;
    let method = text("method")?;
    let at = text("recorded_at")?;
    Ok(ConsentEvent {
        id: r.get("id")?,
        pupil: text("pupil")?,
        purpose: text("purpose")?,
        value: ConsentValue::parse(&value).ok_or_else(|| corrupt("value", &value))?,
        effective: parse_date("effective", &text("effective")?)?,
        given_by: text("given_by")?,
        role: AnsweredBy::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        method: Method::parse(&method).ok_or_else(|| corrupt("method", &method))?,
        form_version: text("form_version")?,
        recorded_by: text("recorded_by")?,
        recorded_at: DateTime::parse_from_rfc3339(&at)
            .map_err(|_| corrupt("recorded_at", &at))?
            .with_timezone(&Utc),
    })
}

pub(super) const EVENT_COLUMNS: &str = "id, pupil, purpose, value, effective, given_by, role, method, form_version, recorded_by, recorded_at";

/// What the name search looks in: the folded full name and the pupil number.
pub(super) fn search_key(p: &Pupil) -> String {
    format!("{} {}", fold(&p.full_name()), p.number.to_lowercase())
}

/// An answer's columns as they are stored, recorded by `user` at `now`.
pub(super) fn raw_answer(c: &NewConsent, user: &str, now: DateTime<Utc>) -> ConsentRaw {
    ConsentRaw {
        id: 0,
        pupil: c.pupil.clone(),
        purpose: c.purpose.clone(),
        value: c.value.code().to_string(),
        effective: date_str(c.effective),
        given_by: c.given_by.clone(),
        role: c.role.code().to_string(),
        method: c.method.code().to_string(),
        form_version: c.form_version.clone(),
        recorded_by: user.to_string(),
        recorded_at: now.to_rfc3339(),
    }
}

fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The WHERE clause and its parameters for a filter; `today` decides which answers are in effect.
fn where_clause(f: &PupilFilter, today: NaiveDate) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut values = Vec::new();
    if !f.include_left {
        parts.push("p.active = 1".to_string());
    }
    if let Some(school) = &f.school {
        values.push(school.clone());
        parts.push(format!("p.school = ?{}", values.len()));
    }
    if let Some(class) = &f.class {
        values.push(class.clone());
        parts.push(format!("p.class = ?{}", values.len()));
    }
    let search = f.search.trim();
    if !search.is_empty() {
        // A typed % or _ is a character to find, not a wildcard.
        let escaped = fold(search)
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        values.push(format!("%{escaped}%"));
        parts.push(format!("p.search_key LIKE ?{} ESCAPE '\\'", values.len()));
    }
    if let (Some(purpose), false) = (&f.purpose, f.states.is_empty()) {
        values.push(purpose.clone());
        let np = values.len();
        values.push(date_str(today));
        let nd = values.len();
        let latest = format!(
            "(SELECT e.value FROM consent_events e WHERE e.pupil = p.number AND e.purpose = ?{np} \
             AND e.effective <= ?{nd} ORDER BY e.effective DESC, e.id DESC LIMIT 1)"
        );
        let mut alternatives = Vec::new();
        for state in &f.states {
            match state {
                ConsentState::NotAsked => alternatives.push(format!("{latest} IS NULL")),
                other => {
                    values.push(other.code().to_string());
                    alternatives.push(format!("{latest} = ?{}", values.len()));
                }
            }
        }
        parts.push(format!("({})", alternatives.join(" OR ")));
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", parts.join(" AND "))
    };
    (clause, values)
}

impl Store {
    /// Adds and updates pupils by number in one transaction; with `mark_missing`, pupils not in
    /// `pupils` are marked as left. Nothing is written if any statement fails.
    pub fn import_pupils(
        &mut self,
        pupils: &[Pupil],
        mark_missing: bool,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let mut summary = ImportSummary::default();
        for p in pupils {
            let existing = tx
                .query_row(
                    &format!("SELECT {PUPIL_COLUMNS} FROM pupils WHERE number = ?1"),
                    [&p.number],
                    pupil_from_row,
                )
                .optional()
                .map_err(map_corrupt)?;
            let values = params![
                p.number,
                p.first_name,
                p.infix,
                p.last_name,
                p.sort_name(),
                search_key(p),
                p.birth_date.map(date_str),
                p.class,
                p.school,
                now.to_rfc3339()
            ];
            match existing {
                None => {
                    tx.execute(
                        "INSERT INTO pupils (number, first_name, infix, last_name, sort_name, search_key, birth_date, class, school, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        values,
                    )?;
                    summary.added += 1;
                }
                Some(old)
                    if old
                        == Pupil {
                            active: true,
                            ..p.clone()
                        } =>
                {
                    summary.unchanged += 1
                }
                Some(_) => {
                    tx.execute(
                        "UPDATE pupils SET first_name = ?2, infix = ?3, last_name = ?4, sort_name = ?5, search_key = ?6,
                         birth_date = ?7, class = ?8, school = ?9, updated_at = ?10, active = 1, left_on = NULL WHERE number = ?1",
                        values,
                    )?;
                    summary.updated += 1;
                }
            }
        }
        if mark_missing {
            // Only the schools in the file: one school's export leaves the others alone.
            tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS imported_pupils (number TEXT PRIMARY KEY, school TEXT NOT NULL);
                 DELETE FROM imported_pupils;",
            )?;
            {
                let mut insert = tx.prepare(
                    "INSERT OR IGNORE INTO imported_pupils (number, school) VALUES (?1, ?2)",
                )?;
                for p in pupils {
                    insert.execute([&p.number, &p.school])?;
                }
            }
            summary.left = tx.execute(
                "UPDATE pupils SET active = 0, left_on = ?1, updated_at = ?2
                 WHERE active = 1 AND number NOT IN (SELECT number FROM imported_pupils)
                   AND school IN (SELECT school FROM imported_pupils)",
                params![date_str(now.date_naive()), now.to_rfc3339()],
            )?;
            tx.execute_batch("DELETE FROM imported_pupils;")?;
        }
        AuditContext {
            at: now,
            user: &user,
            entity: "pupils",
            record_id: "import",
        }
        .record(
            &tx,
            "import",
            None,
            Some(&format!(
                "added {}, updated {}, unchanged {}, left {}",
                summary.added, summary.updated, summary.unchanged, summary.left
            )),
        )?;
        tx.commit()?;
        Ok(summary)
    }

    pub fn pupil(&self, number: &str) -> Result<Pupil> {
        self.conn
            .query_row(
                &format!("SELECT {PUPIL_COLUMNS} FROM pupils WHERE number = ?1"),
                [number.trim()],
                pupil_from_row,
            )
            .optional()
            .map_err(map_corrupt)?
            .ok_or_else(|| StoreError::PupilNotFound(number.trim().to_string()))
    }

    pub fn count_pupils(&self, filter: &PupilFilter, today: NaiveDate) -> Result<usize> {
        let (clause, values) = where_clause(filter, today);
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM pupils p {clause}"),
            params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// One page of pupils in grid order: school, class, name.
    pub fn pupils_page(
        &self,
        filter: &PupilFilter,
        today: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Pupil>> {
        let (clause, mut values) = where_clause(filter, today);
        values.push(limit.to_string());
        let nl = values.len();
        values.push(offset.to_string());
        let no = values.len();
        let sql = format!(
            "SELECT {} FROM pupils p {clause} ORDER BY p.school, p.class, p.sort_name, p.number LIMIT ?{nl} OFFSET ?{no}",
            PUPIL_COLUMNS.split(", ").map(|c| format!("p.{c}")).collect::<Vec<_>>().join(", ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), pupil_from_row)
            .map_err(map_corrupt)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_corrupt)?;
        Ok(rows)
    }

    /// The answers in effect on `today` for these pupils: at most one per pupil and purpose.
    /// One query for the whole page; only the latest answer per purpose is read and decoded.
    pub fn consent_in_effect(
        &self,
        numbers: &[String],
        today: NaiveDate,
    ) -> Result<Vec<ConsentEvent>> {
        if numbers.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..numbers.len()).map(|i| format!("?{}", i + 2)).collect();
        // For each pupil and purpose on the page, the id of the latest answer in effect is
        // read from the index alone (pupil, purpose, effective, id); only those rows are fetched.
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM consent_events WHERE id IN (
                 SELECT (SELECT x.id FROM consent_events x
                         WHERE x.pupil = k.pupil AND x.purpose = k.purpose AND x.effective <= ?1
                         ORDER BY x.effective DESC, x.id DESC LIMIT 1)
                 FROM (SELECT DISTINCT pupil, purpose FROM consent_events WHERE pupil IN ({})) k)",
            placeholders.join(", ")
        );
        let mut values: Vec<String> = vec![date_str(today)];
        values.extend(numbers.iter().cloned());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), event_from_row)
            .map_err(map_corrupt)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_corrupt)?;
        Ok(rows)
    }

    /// Every answer ever recorded for a pupil, oldest first.
    pub fn consent_history(&self, number: &str) -> Result<Vec<ConsentEvent>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM consent_events WHERE pupil = ?1 ORDER BY purpose, effective, id"
        ))?;
        let rows = stmt
            .query_map([number.trim()], event_from_row)
            .map_err(map_corrupt)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_corrupt)?;
        Ok(rows)
    }

    /// Appends many answers in one transaction (demo data, bulk recording); all or nothing.
    /// Each answer has its own audit row, as one recorded alone.
    pub fn add_consents(&mut self, answers: &[NewConsent], now: DateTime<Utc>) -> Result<()> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let mut tail = Tail::read(&tx)?;
        let at = rfc3339(&now);
        for c in answers {
            let mut raw = raw_answer(c, &user, now);
            raw.insert(&tx)?;
            tail.append(
                &tx,
                &at,
                &user,
                "consent",
                &c.pupil,
                &c.purpose,
                None,
                Some(&raw.answer_value()),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Appends an answer; earlier answers stay as they were.
    /// `check` sees the pupil and the answers already recorded for this purpose inside the
    /// write transaction, so two officers answering at once cannot both pass a rule that only
    /// one of them may.
    pub fn add_consent(
        &mut self,
        c: &NewConsent,
        now: DateTime<Utc>,
        check: impl FnOnce(&Pupil, &[ConsentEvent]) -> std::result::Result<(), ConsentError>,
    ) -> Result<ConsentEvent> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let pupil = tx
            .query_row(
                &format!("SELECT {PUPIL_COLUMNS} FROM pupils WHERE number = ?1"),
                [&c.pupil],
                pupil_from_row,
            )
            .optional()
            .map_err(map_corrupt)?
            .ok_or_else(|| StoreError::PupilNotFound(c.pupil.clone()))?;
        let earlier = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM consent_events WHERE pupil = ?1 AND purpose = ?2 ORDER BY effective, id"
            ))?;
            let rows = stmt
                .query_map(params![c.pupil, c.purpose], event_from_row)
                .map_err(map_corrupt)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(map_corrupt)?;
            rows
        };
        check(&pupil, &earlier)?;
        let mut raw = raw_answer(c, &user, now);
        let id = raw.insert(&tx)?;
        // The audit row holds the whole answer, so `audit verify` can check the stored answer
        // against the row's commitment.
        AuditContext {
            at: now,
            user: &user,
            entity: "consent",
            record_id: &c.pupil,
        }
        .record(&tx, &c.purpose, None, Some(&raw.answer_value()))?;
        let event = tx
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM consent_events WHERE id = ?1"),
                [id],
                event_from_row,
            )
            .map_err(map_corrupt)?;
        tx.commit()?;
        Ok(event)
    }

    /// The schools with active pupils, and the classes of one school, for the grid's filters.
    pub fn schools(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT school FROM pupils WHERE active = 1 ORDER BY school",
        )?;
        let rows = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }

    pub fn classes(&self, school: Option<&str>) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT class FROM pupils WHERE active = 1 AND (?1 IS NULL OR school = ?1) ORDER BY class",
        )?;
        let rows = stmt
            .query_map([school], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }
}

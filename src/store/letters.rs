//! Letters marked as sent (`letters_sent`): append-only like the audit trail, each with its
//! audit row written in the same transaction. Loaded with their request or breach.

use super::audit::AuditContext;
use super::record::{code, corrupt, parse_date};
use super::{Result, Store, StoreError};
use crate::domain::dates::rfc3339;
use crate::domain::letter::{LetterKind, SentLetter, Via};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// The letters of the records in `scope` (an SQL condition on `record_id`, e.g. `= ?1` or
/// `IN (SELECT ...)`), by record id, each list in the order sent. Only request letters when
/// `requests`, else only breach letters: the kind says which record a letter belongs to.
pub(super) fn load(
    conn: &Connection,
    scope: &str,
    params: &[&dyn rusqlite::ToSql],
    requests: bool,
) -> rusqlite::Result<HashMap<String, Vec<SentLetter>>> {
    let kinds = LetterKind::ALL
        .into_iter()
        .filter(|k| k.for_request() == requests)
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT record_id, kind, sent_on, via, recorded_by, recorded_at, template, edited
         FROM letters_sent
         WHERE record_id {scope} AND kind IN ({kinds}) ORDER BY sent_on, id"
    ))?;
    let mut rows = stmt.query(params)?;
    let mut out: HashMap<String, Vec<SentLetter>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let at: String = row.get("recorded_at")?;
        let letter = SentLetter {
            kind: code(
                "letter kind",
                &row.get::<_, String>("kind")?,
                LetterKind::parse,
            )?,
            sent_on: parse_date("sent_on", &row.get::<_, String>("sent_on")?)?,
            via: code("via", &row.get::<_, String>("via")?, Via::parse)?,
            recorded_by: row.get("recorded_by")?,
            recorded_at: DateTime::parse_from_rfc3339(&at)
                .map_err(|_| corrupt("recorded_at", &at))?
                .with_timezone(&Utc),
            template: row.get("template")?,
            edited: row.get("edited")?,
        };
        out.entry(row.get("record_id")?).or_default().push(letter);
    }
    Ok(out)
}

impl Store {
    /// Records that letter `kind` about `record_id` was sent on `sent_on` `via` (made with
    /// `template`, `edited` by the officer or not), with its audit row (entity `request` or
    /// `breach` as the kind says, field `letter`, the new value "decision 2026-11-23 email")
    /// in one IMMEDIATE transaction. The record must exist; the dates are the caller's to check.
    #[allow(clippy::too_many_arguments)]
    pub fn add_sent_letter(
        &mut self,
        record_id: &str,
        kind: LetterKind,
        sent_on: NaiveDate,
        via: Via,
        template: Option<&str>,
        edited: bool,
        now: DateTime<Utc>,
    ) -> Result<SentLetter> {
        let id = record_id.trim().to_uppercase();
        let (entity, table) = if kind.for_request() {
            ("request", "requests")
        } else {
            ("breach", "breaches")
        };
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let exists: bool = tx.query_row(
            &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1)"),
            [&id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(if kind.for_request() {
                StoreError::NotFound(id)
            } else {
                StoreError::BreachNotFound(id)
            });
        }
        let letter = SentLetter {
            kind,
            sent_on,
            via,
            recorded_by: user.clone(),
            recorded_at: now.trunc_subsecs(0),
            template: template.map(str::to_string),
            edited,
        };
        tx.execute(
            "INSERT INTO letters_sent
                 (record_id, kind, sent_on, via, recorded_by, recorded_at, template, edited)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                kind.code(),
                sent_on.format("%Y-%m-%d").to_string(),
                via.code(),
                user,
                rfc3339(&letter.recorded_at),
                letter.template,
                edited
            ],
        )?;
        AuditContext {
            at: now,
            user: &user,
            entity,
            record_id: &id,
        }
        .record(&tx, "letter", None, Some(&letter.audit_value()))?;
        tx.commit()?;
        Ok(letter)
    }
}

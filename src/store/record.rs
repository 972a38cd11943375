//! What requests and breaches share in storage: a record is saved as the difference between the
//! version the caller loaded and the version it wants, checked against the stored `version`.
//! The same difference is what the audit trail records and what a conflict reports.

use super::audit::AuditContext;
use super::{Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Transaction};
use serde::Serialize;

/// A record's own columns with their stored text, in a fixed order.
pub(super) type Fields = Vec<(&'static str, Option<String>)>;

/// One field that differs between two versions of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub(super) trait Record {
    /// The name in the audit trail.
    const ENTITY: &'static str;
    const TABLE: &'static str;
    fn id(&self) -> &str;
    fn version(&self) -> i64;
    /// The record's columns; the names are column names and never come from input.
    fn fields(&self) -> Fields;
    /// Child lists (pauses, follow-ups, ...) as one line of text per item, for the difference.
    fn lists(&self) -> Vec<(&'static str, Vec<String>)>;
}

/// Field-by-field differences between two versions, child lists included.
pub(super) fn diff<R: Record>(before: &R, after: &R) -> Vec<FieldChange> {
    let mut changes: Vec<FieldChange> = before
        .fields()
        .into_iter()
        .zip(after.fields())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect();
    for ((field, a), (_, b)) in before.lists().into_iter().zip(after.lists()) {
        for i in 0..a.len().max(b.len()) {
            let (old, new) = (a.get(i).cloned(), b.get(i).cloned());
            if old != new {
                changes.push(FieldChange {
                    field: field.to_string(),
                    old,
                    new,
                });
            }
        }
    }
    changes
}

/// The next sequence number of `year` in `table` (ids like `V-2026-0001`).
pub(super) fn next_seq(tx: &Transaction<'_>, table: &str, year: i32) -> Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE year = ?1"),
        [year],
        |r| r.get(0),
    )?)
}

/// Inserts a new record and writes its creation to the audit trail.
pub(super) fn insert<R: Record>(
    tx: &Transaction<'_>,
    record: &R,
    year: i32,
    seq: i64,
    now: DateTime<Utc>,
    user: &str,
    created: &str,
) -> Result<()> {
    let fields = record.fields();
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    let placeholders: Vec<String> = (0..fields.len()).map(|i| format!("?{}", i + 5)).collect();
    let sql = format!(
        "INSERT INTO {} (id, year, seq, created_at, {}, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, {}, ?4, 1)",
        R::TABLE,
        names.join(", "),
        placeholders.join(", ")
    );
    let mut values: Vec<Option<String>> = vec![
        Some(record.id().to_string()),
        Some(year.to_string()),
        Some(seq.to_string()),
        Some(now.to_rfc3339()),
    ];
    values.extend(fields.iter().map(|(_, v)| v.clone()));
    tx.execute(&sql, rusqlite::params_from_iter(values.iter()))?;
    let audit = AuditContext {
        at: now,
        user,
        entity: R::ENTITY,
        record_id: record.id(),
    };
    audit.record(tx, "created", None, Some(created))?;
    for (field, value) in &fields {
        if value.as_deref().is_some_and(|v| !v.is_empty()) {
            audit.record(tx, field, None, value.as_deref())?;
        }
    }
    Ok(())
}

/// Saves `after` over `before` inside `tx`, given the `current` stored version. Refuses with the
/// other officer's changes when `current` moved on since `before` was loaded.
pub(super) fn save_diff<R: Record>(
    tx: &Transaction<'_>,
    before: &R,
    after: &R,
    current: &R,
    now: DateTime<Utc>,
    user: &str,
    save_children: impl FnOnce(&Transaction<'_>) -> Result<()>,
) -> Result<()> {
    if current.version() != before.version() {
        return Err(StoreError::Conflict {
            id: before.id().to_string(),
            changes: diff(before, current),
        });
    }
    let changes = diff(before, after);
    if changes.is_empty() {
        return Ok(());
    }
    let old_fields = before.fields();
    for (i, (column, value)) in after.fields().into_iter().enumerate() {
        if old_fields.get(i).map(|(_, v)| v) != Some(&value) {
            tx.execute(
                &format!("UPDATE {} SET {column} = ?1 WHERE id = ?2", R::TABLE),
                params![value, before.id()],
            )?;
        }
    }
    save_children(tx)?;
    let audit = AuditContext {
        at: now,
        user,
        entity: R::ENTITY,
        record_id: before.id(),
    };
    for c in &changes {
        audit.record(tx, &c.field, c.old.as_deref(), c.new.as_deref())?;
    }
    // The version (and so `updated_at`, the time of this row) is replayed like any field.
    let version = before.version();
    audit.record(
        tx,
        "version",
        Some(&version.to_string()),
        Some(&(version + 1).to_string()),
    )?;
    tx.execute(
        &format!(
            "UPDATE {} SET version = version + 1, updated_at = ?1 WHERE id = ?2",
            R::TABLE
        ),
        params![now.to_rfc3339(), before.id()],
    )?;
    Ok(())
}

pub(super) fn parse_date(field: &str, v: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| corrupt(field, v))
}

pub(super) fn corrupt(field: &str, v: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{field} = {v:?}").into(),
    )
}

pub(super) fn code<T>(field: &str, v: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(v).ok_or_else(|| corrupt(field, v))
}

pub(super) fn opt_date(field: &str, v: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    v.map(|s| parse_date(field, &s)).transpose()
}

pub(super) fn map_corrupt(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, msg) => {
            StoreError::Corrupt(msg.to_string())
        }
        other => StoreError::Sqlite(other),
    }
}

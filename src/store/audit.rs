//! The audit trail: who changed which field of which record, when, from what to what.
//! Rows are only ever inserted; triggers refuse updates and deletes, and every row is a link in
//! a hash chain (`chain.rs`) so that rewriting the file behind avgdesk's back is evident.

use super::chain::{self, AuditHead, AuditProblem, AuditReport, Tail};
use super::{Result, Store};
use crate::domain::dates::rfc3339;
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// As stored; rows written before times were kept to the second still carry a fraction,
    /// which JSON leaves out.
    #[serde(serialize_with = "stored_time")]
    pub at: String,
    pub user: String,
    pub entity: String,
    pub record_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A stored time as every moment in JSON is written; a text that is not a time stays as it is.
fn stored_time<S: serde::Serializer>(at: &str, s: S) -> std::result::Result<S::Ok, S::Error> {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => s.serialize_str(&rfc3339(&t)),
        Err(_) => s.serialize_str(at),
    }
}

/// Everything one audit row needs except the values.
pub(super) struct AuditContext<'a> {
    pub at: DateTime<Utc>,
    pub user: &'a str,
    pub entity: &'a str,
    pub record_id: &'a str,
}

impl AuditContext<'_> {
    pub fn record(
        &self,
        tx: &Transaction<'_>,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        // The tail is read inside the caller's IMMEDIATE transaction: a second avgdesk on the
        // same file waits for it, so the chain stays one line.
        Tail::read(tx)?.append(
            tx,
            // To the second, as the trail is shown and exported: the order is the row id.
            &rfc3339(&self.at),
            self.user,
            self.entity,
            self.record_id,
            field,
            old,
            new,
        )?;
        Ok(())
    }
}

impl Store {
    /// The trail of one record, oldest first.
    pub fn audit_trail(&self, entity: &str, record_id: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, user, entity, record_id, field, old_value, new_value
             FROM audit WHERE entity = ?1 AND record_id = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![entity, record_id], |r| {
            Ok(AuditEntry {
                at: r.get("at")?,
                user: r.get("user")?,
                entity: r.get("entity")?,
                record_id: r.get("record_id")?,
                field: r.get("field")?,
                old_value: r.get("old_value")?,
                new_value: r.get("new_value")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Walks the whole audit trail (see `chain.rs`); `head` is a hash kept from earlier that
    /// must appear in the chain with nothing before it broken.
    pub fn verify_audit(&self, head: Option<&str>) -> Result<AuditReport> {
        // One read transaction: every table is seen as of one moment.
        let _snapshot = self.conn.unchecked_transaction()?;
        chain::verify(&self.conn, head)
    }

    /// The latest hash of the audit chain and the number of rows.
    pub fn audit_head(&self) -> Result<AuditHead> {
        chain::head(&self.conn)
    }

    /// The cheap check for start-up: the append-only triggers and the last rows of the chain.
    pub fn audit_tail_problem(&self) -> Result<Option<AuditProblem>> {
        let _snapshot = self.conn.unchecked_transaction()?;
        chain::tail_problem(&self.conn, chain::TAIL_ROWS)
    }

    /// The whole check at start-up: `audit_tail_problem`, then the requests `request_ids` (those
    /// on the first screen) against the audit rows that last set each of their fields.
    pub fn audit_start_problem(&self, request_ids: &[String]) -> Result<Option<AuditProblem>> {
        let _snapshot = self.conn.unchecked_transaction()?;
        if let Some(p) = chain::tail_problem(&self.conn, chain::TAIL_ROWS)? {
            return Ok(Some(p));
        }
        chain::first_screen_problem(&self.conn, request_ids)
    }

    /// Starts a write (an IMMEDIATE transaction) at `now`, or at the time of the last audit row
    /// when `now` is a little earlier (see [`write_time`]). Every write path stores this time in
    /// its rows and its audit rows alike.
    pub(super) fn begin_write(
        &mut self,
        now: DateTime<Utc>,
    ) -> Result<(Transaction<'_>, DateTime<Utc>)> {
        let tx = self.write_tx()?;
        let now = write_time(&tx, now)?;
        Ok((tx, now))
    }

    /// Records an operation on the database file (a backup, encryption, ...) in the trail:
    /// entity `database`, record `file`, field `op`, the new value `what`.
    pub fn record_file_event(&mut self, op: &str, what: &str, now: DateTime<Utc>) -> Result<()> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        AuditContext {
            at: now,
            user: &user,
            entity: "database",
            record_id: "file",
        }
        .record(&tx, op, None, Some(what))?;
        tx.commit()?;
        Ok(())
    }
}

/// How far before the last audit row a write may be dated and still be given that row's time.
/// A writer that computed its time and then waited for another's transaction (at most the
/// 15-second busy timeout), or a clock a little behind, would otherwise date its row before the
/// one it follows. A time further back (a clock set back by hand) is written as given, and
/// `audit verify` reports it.
const CATCH_UP: chrono::Duration = chrono::Duration::minutes(5);

/// The time a write inside `tx` is dated: `now`, or the last audit row's time when `now` is
/// earlier by at most [`CATCH_UP`]. Times along the chain then never go back.
pub(super) fn write_time(tx: &Transaction<'_>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    Ok(match chain::last_time(tx)? {
        Some(last) if last > now && last - now <= CATCH_UP => last,
        _ => now,
    })
}

//! The inbox's marks: which messages of the mailbox were logged (as which request) and which
//! were set aside as "no request" (why, by whom, when). The mailbox itself is never written.

use super::audit::AuditContext;
use super::{Result, Store, StoreError};
use crate::domain::dates::rfc3339;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::HashMap;

/// A message set aside as "no request".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// What the store knows of the inbox's messages, by mailbox name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxMarks {
    /// Logged messages: the request each became.
    pub logged: HashMap<String, String>,
    pub set_aside: HashMap<String, SetAside>,
}

impl InboxMarks {
    /// Logged or set aside: no longer in the inbox list.
    pub fn handled(&self, name: &str) -> bool {
        self.logged.contains_key(name) || self.set_aside.contains_key(name)
    }
}

/// The audit trail names inbox messages by their mailbox name (never a sender or subject).
const ENTITY: &str = "intake";

/// Puts a set-aside message back (inside the caller's transaction); false when it was not
/// set aside.
pub(super) fn restore_in(
    tx: &Transaction<'_>,
    name: &str,
    now: DateTime<Utc>,
    user: &str,
) -> Result<bool> {
    let reason: Option<String> = tx
        .query_row(
            "SELECT reason FROM intake_mailbox WHERE mailbox_name = ?1 AND state = 'set_aside'",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    let Some(reason) = reason else {
        return Ok(false);
    };
    tx.execute(
        "DELETE FROM intake_mailbox WHERE mailbox_name = ?1 AND state = 'set_aside'",
        [name],
    )?;
    AuditContext {
        at: now,
        user,
        entity: ENTITY,
        record_id: name,
    }
    .record(tx, "set_aside", Some(&reason), None)?;
    Ok(true)
}

/// The request the message with duplicate `key` was logged as, if it was.
pub(super) fn logged_request(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT request_id FROM intake_messages WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records that the message `name` in the mailbox is the logged message `key` (inside the
/// caller's transaction), with its audit row (field `logged`, the key's digest). A name already
/// marked keeps its mark.
pub(super) fn mark_logged(
    tx: &Transaction<'_>,
    name: &str,
    key: &str,
    now: DateTime<Utc>,
    user: &str,
) -> Result<()> {
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO intake_mailbox (mailbox_name, key, state, set_by, set_at)
         VALUES (?1, ?2, 'logged', ?3, ?4)",
        params![name, key, user, rfc3339(&now)],
    )?;
    if inserted > 0 {
        AuditContext {
            at: now,
            user,
            entity: ENTITY,
            record_id: name,
        }
        .record(tx, "logged", None, Some(&super::chain::key_digest(key)))?;
    }
    Ok(())
}

impl Store {
    /// Every mark of the inbox: one small read, done when the inbox is refreshed.
    pub fn inbox_marks(&self) -> Result<InboxMarks> {
        let mut marks = InboxMarks::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.mailbox_name, i.request_id FROM intake_mailbox m
             JOIN intake_messages i ON i.key = m.key WHERE m.state = 'logged'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            marks.logged.insert(row.get(0)?, row.get(1)?);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT mailbox_name, reason, set_by, set_at FROM intake_mailbox
                 WHERE state = 'set_aside'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let at: String = row.get(3)?;
            let at = DateTime::parse_from_rfc3339(&at)
                .map_err(|_| StoreError::Corrupt(format!("set_at {at:?}")))?
                .with_timezone(&Utc);
            marks.set_aside.insert(
                row.get(0)?,
                SetAside {
                    reason: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    by: row.get(2)?,
                    at,
                },
            );
        }
        Ok(marks)
    }

    /// Sets the message `name` (duplicate key `key`) aside as "no request" with `reason`, with
    /// its audit row. Refused when it was logged as a request or is set aside already.
    pub fn set_message_aside(
        &mut self,
        name: &str,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let logged = logged_request(&tx, key)?;
        if let Some(request_id) = logged {
            return Err(StoreError::MessageLogged { request_id });
        }
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO intake_mailbox (mailbox_name, key, state, reason, set_by, set_at)
             VALUES (?1, ?2, 'set_aside', ?3, ?4, ?5)",
            params![name, key, reason, user, rfc3339(&now)],
        )?;
        if inserted == 0 {
            return Err(StoreError::AlreadySetAside);
        }
        let audit = AuditContext {
            at: now,
            user: &user,
            entity: ENTITY,
            record_id: name,
        };
        audit.record(&tx, "set_aside", None, Some(reason))?;
        // The message's duplicate key too (as a digest: it may hold the sender), so the whole
        // mark can be replayed.
        audit.record(&tx, "key", None, Some(&super::chain::key_digest(key)))?;
        tx.commit()?;
        Ok(())
    }

    /// The request the message with duplicate `key` was logged as (e.g. by `avgdesk intake`),
    /// now also known by its inbox name `name` so that it leaves the inbox; None when the
    /// message was never logged.
    pub fn link_logged_message(
        &mut self,
        name: &str,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let request_id = logged_request(&tx, key)?;
        if request_id.is_some() {
            mark_logged(&tx, name, key, now, &user)?;
            tx.commit()?;
        }
        Ok(request_id)
    }

    /// Puts a set-aside message back in the inbox, with its audit row.
    pub fn put_message_back(&mut self, name: &str, now: DateTime<Utc>) -> Result<()> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        if !restore_in(&tx, name, now, &user)? {
            return Err(StoreError::NotSetAside);
        }
        tx.commit()?;
        Ok(())
    }
}

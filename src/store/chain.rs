//! The audit trail as a SHA-256 hash chain, so that rewriting it is evident.
//!
//! Every audit row written since migration 7 carries four columns:
//! - `salt`: 16 random bytes from the operating system's CSPRNG;
//! - `value_hash`: SHA-256(salt ‖ enc(old_value) ‖ enc(new_value)), a *commitment* to the values,
//!   where enc(NULL) = 0x00 and enc(text) = 0x01 ‖ length (u64, big-endian) ‖ UTF-8 bytes;
//! - `prev_hash`: the `hash` of the row before it (in id order);
//! - `hash`: SHA-256("avgdesk audit link v1" ‖ lp(prev_hash) ‖ lp(id) ‖ lp(at) ‖ lp(user) ‖
//!   lp(entity) ‖ lp(record_id) ‖ lp(field) ‖ lp(value_hash)), lp = length (u64, big-endian) ‖
//!   bytes, the id in decimal.
//!
//! The four are BLOBs (32 bytes, the salt 16); the command line shows hashes in hex.
//!
//! The link covers the commitment, not the values: a retention purge may later set `old_value`
//! and `new_value` to NULL (keeping `salt` and `value_hash`) and the chain still verifies. Such
//! a row counts as "blanked"; its values can no longer be checked, everything else can. A
//! consent answer's audit row holds the whole answer (`ConsentRaw::answer_value`), so the answer
//! in `consent_events` is checked against the commitment even after its audit values are blanked.
//!
//! Rows from before the chain (written before migration 7) are sealed as one block: the first
//! chained row's `prev_hash` is the block digest, SHA-256 over "avgdesk audit sealed block v1",
//! then each old audit row in id order ('a' ‖ lp(id) ‖ lp(at) ‖ lp(user) ‖ lp(entity) ‖
//! lp(record_id) ‖ lp(field) ‖ enc(old) ‖ enc(new)), then each consent answer that existed then
//! ('c' ‖ lp of its eleven columns). Migration 7 writes one "seal" row (entity `audit`, record
//! `seal`, field `sealed`) that starts the chain and names the last sealed row and answer. A new
//! database has no seal row: its first row follows the digest of the empty block.
//!
//! A chain proves the order and content of what it holds; someone who can write the file can
//! still rebuild it from some row on. `avgdesk audit head` gives the latest hash to keep outside
//! the database (the yearly report, a letter to the board); `audit verify --head` later proves
//! nothing up to that point was rewritten.

mod replay;

pub(super) use replay::{key_digest, write_baselines, SINCE_VERSION};

use super::{Result, StoreError};
use chrono::{DateTime, SubsecRound, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

const LINK_TAG: &[u8] = b"avgdesk audit link v1";
const BLOCK_TAG: &[u8] = b"avgdesk audit sealed block v1";

/// The entity, record and field of the row that seals the rows from before the chain.
const SEAL: (&str, &str, &str) = ("audit", "seal", "sealed");

/// The triggers that keep the audit trail, the consent history and the letters sent
/// append-only. Name, table and the statement as migrations 1, 3 and 8 created it (whitespace
/// aside): a trigger replaced by one that lets something through counts as dropped.
pub const APPEND_ONLY_TRIGGERS: &[(&str, &str, &str)] = &[
    (
        "audit_no_update",
        "audit",
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit \
         BEGIN SELECT RAISE(ABORT, 'the audit trail is never edited'); END",
    ),
    (
        "audit_no_delete",
        "audit",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit \
         BEGIN SELECT RAISE(ABORT, 'the audit trail is never edited'); END",
    ),
    (
        "consent_no_update",
        "consent_events",
        "CREATE TRIGGER consent_no_update BEFORE UPDATE ON consent_events \
         BEGIN SELECT RAISE(ABORT, 'consent history is never overwritten'); END",
    ),
    (
        "consent_no_delete",
        "consent_events",
        "CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent_events \
         BEGIN SELECT RAISE(ABORT, 'consent history is never overwritten'); END",
    ),
    (
        "letters_sent_no_update",
        "letters_sent",
        "CREATE TRIGGER letters_sent_no_update BEFORE UPDATE ON letters_sent \
         BEGIN SELECT RAISE(ABORT, 'what was sent is never edited'); END",
    ),
    (
        "letters_sent_no_delete",
        "letters_sent",
        "CREATE TRIGGER letters_sent_no_delete BEFORE DELETE ON letters_sent \
         BEGIN SELECT RAISE(ABORT, 'what was sent is never edited'); END",
    ),
];

/// The schema version that created each append-only table after the first: a database (a
/// backup) from before it has neither the table nor its triggers, and that is no fault.
const LATER_TABLES: &[(&str, i64)] = &[("letters_sent", 8)];

/// SQL with its whitespace runs made one space, to compare statements.
fn normalised(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many rows the check at start-up reads from the end of the trail.
pub const TAIL_ROWS: i64 = 1_000;

fn put(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn put_opt(h: &mut Sha256, value: Option<&str>) {
    match value {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            put(h, s.as_bytes());
        }
    }
}

/// A SHA-256 digest.
type Digest32 = [u8; 32];

/// The commitment to a row's values.
pub(super) fn value_hash(salt: &[u8], old: Option<&str>, new: Option<&str>) -> Digest32 {
    let mut h = Sha256::new();
    h.update(salt);
    put_opt(&mut h, old);
    put_opt(&mut h, new);
    h.finalize().into()
}

/// What the link hash covers besides the previous hash.
struct LinkFields<'a> {
    id: i64,
    at: &'a str,
    user: &'a str,
    entity: &'a str,
    record_id: &'a str,
    field: &'a str,
    value_hash: &'a [u8],
}

fn link_hash(prev: &[u8], f: &LinkFields<'_>) -> Digest32 {
    let mut h = Sha256::new();
    h.update(LINK_TAG);
    put(&mut h, prev);
    put(&mut h, f.id.to_string().as_bytes());
    for part in [f.at, f.user, f.entity, f.record_id, f.field] {
        put(&mut h, part.as_bytes());
    }
    put(&mut h, f.value_hash);
    h.finalize().into()
}

/// The digest of the rows sealed when the chain began, fed in id order.
struct Block {
    h: Sha256,
    rows: i64,
}

impl Block {
    fn new() -> Block {
        let mut h = Sha256::new();
        h.update(BLOCK_TAG);
        Block { h, rows: 0 }
    }

    fn audit_row(&mut self, r: &AuditRow) {
        self.h.update(b"a");
        put(&mut self.h, r.id.to_string().as_bytes());
        for part in [&r.at, &r.user, &r.entity, &r.record_id, &r.field] {
            put(&mut self.h, part.as_bytes());
        }
        put_opt(&mut self.h, r.old.as_deref());
        put_opt(&mut self.h, r.new.as_deref());
        self.rows += 1;
    }

    fn consent_row(&mut self, c: &ConsentRaw) {
        self.h.update(b"c");
        put(&mut self.h, c.id.to_string().as_bytes());
        for part in c.texts() {
            put(&mut self.h, part.as_bytes());
        }
    }

    fn finish(self) -> Digest32 {
        self.h.finalize().into()
    }
}

/// The hash a new database's first row follows: the digest of an empty block.
fn genesis() -> Digest32 {
    Block::new().finish()
}

/// One audit row as stored, chain columns included.
#[derive(Debug, Clone)]
struct AuditRow {
    id: i64,
    at: String,
    user: String,
    entity: String,
    record_id: String,
    field: String,
    old: Option<String>,
    new: Option<String>,
    salt: Option<Vec<u8>>,
    value_hash: Option<Vec<u8>>,
    prev_hash: Option<Vec<u8>>,
    hash: Option<Vec<u8>>,
}

/// A stored value's bytes, whatever type someone wrote into the column: a forged type is then
/// reported as a changed row, not as an error that stops the check.
fn raw(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Vec<u8>>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string().into_bytes()),
        ValueRef::Real(x) => Some(x.to_string().into_bytes()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(t.to_vec()),
    })
}

fn text(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    Ok(raw(r, i)?.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

fn required(r: &Row<'_>, i: usize) -> rusqlite::Result<String> {
    Ok(text(r, i)?.unwrap_or_default())
}

const AUDIT_COLUMNS: &str =
    "id, at, user, entity, record_id, field, old_value, new_value, salt, value_hash, prev_hash, hash";

impl AuditRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<AuditRow> {
        Ok(AuditRow {
            id: r.get(0)?,
            at: required(r, 1)?,
            user: required(r, 2)?,
            entity: required(r, 3)?,
            record_id: required(r, 4)?,
            field: required(r, 5)?,
            old: text(r, 6)?,
            new: text(r, 7)?,
            salt: raw(r, 8)?,
            value_hash: raw(r, 9)?,
            prev_hash: raw(r, 10)?,
            hash: raw(r, 11)?,
        })
    }

    fn blanked(&self) -> bool {
        self.old.is_none() && self.new.is_none()
    }

    fn describe(&self) -> String {
        format!(
            "row {} ({} {}, field {}, {} by {})",
            self.id, self.entity, self.record_id, self.field, self.at, self.user
        )
    }

    fn problem(&self, kind: ProblemKind, message: String) -> AuditProblem {
        AuditProblem {
            kind,
            id: Some(self.id),
            at: Some(self.at.clone()),
            entity: Some(self.entity.clone()),
            record_id: Some(self.record_id.clone()),
            field: Some(self.field.clone()),
            message,
            stored: None,
            audited: None,
        }
    }

    /// What is wrong with this chained row on its own: its link or its values do not match.
    fn own_problem(&self) -> Option<AuditProblem> {
        let (Some(salt), Some(vh), Some(prev), Some(hash)) = (
            self.salt.as_deref(),
            self.value_hash.as_deref(),
            self.prev_hash.as_deref(),
            self.hash.as_deref(),
        ) else {
            return Some(self.problem(
                ProblemKind::Changed,
                format!(
                    "{} has incomplete chain columns: changed outside avgdesk",
                    self.describe()
                ),
            ));
        };
        let fields = LinkFields {
            id: self.id,
            at: &self.at,
            user: &self.user,
            entity: &self.entity,
            record_id: &self.record_id,
            field: &self.field,
            value_hash: vh,
        };
        if link_hash(prev, &fields)[..] != *hash {
            return Some(self.problem(
                ProblemKind::Changed,
                format!(
                    "{} was changed after it was written (its hash no longer matches)",
                    self.describe()
                ),
            ));
        }
        // A blanked row (a purge removed its values) keeps only its commitment.
        if !self.blanked() && value_hash(salt, self.old.as_deref(), self.new.as_deref())[..] != *vh
        {
            return Some(self.problem(
                ProblemKind::Changed,
                format!(
                    "{}: its old or new value was changed after it was written",
                    self.describe()
                ),
            ));
        }
        None
    }
}

/// A consent answer's stored columns, as text.
#[derive(Debug, Clone)]
pub(super) struct ConsentRaw {
    pub id: i64,
    pub pupil: String,
    pub purpose: String,
    pub value: String,
    pub effective: String,
    pub given_by: String,
    pub role: String,
    pub method: String,
    pub form_version: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// The same columns, in the same order, as the consent store reads.
use super::consent::EVENT_COLUMNS as CONSENT_COLUMNS;

impl ConsentRaw {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<ConsentRaw> {
        ConsentRaw::from_row_at(r, 0)
    }

    /// The answer's columns (`CONSENT_COLUMNS`) from column `o` of `r` on.
    pub(super) fn from_row_at(r: &Row<'_>, o: usize) -> rusqlite::Result<ConsentRaw> {
        Ok(ConsentRaw {
            id: r.get(o)?,
            pupil: required(r, o + 1)?,
            purpose: required(r, o + 2)?,
            value: required(r, o + 3)?,
            effective: required(r, o + 4)?,
            given_by: required(r, o + 5)?,
            role: required(r, o + 6)?,
            method: required(r, o + 7)?,
            form_version: required(r, o + 8)?,
            recorded_by: required(r, o + 9)?,
            recorded_at: required(r, o + 10)?,
        })
    }

    fn texts(&self) -> [&str; 10] {
        [
            &self.pupil,
            &self.purpose,
            &self.value,
            &self.effective,
            &self.given_by,
            &self.role,
            &self.method,
            &self.form_version,
            &self.recorded_by,
            &self.recorded_at,
        ]
    }

    /// The new value of the answer's audit row, so the stored answer can be checked against
    /// the row's commitment: a JSON array of the answer's id, value, effective date, who gave
    /// it, role, method, form version, who recorded it and when. Pupil and purpose are the
    /// row's record and field (covered by its link), so they are not repeated: a board's
    /// million answers each carry this.
    pub fn answer_value(&self) -> String {
        serde_json::json!([
            self.id,
            self.value,
            self.effective,
            self.given_by,
            self.role,
            self.method,
            self.form_version,
            self.recorded_by,
            self.recorded_at,
        ])
        .to_string()
    }

    /// Inserts the answer; returns its id.
    pub fn insert(&mut self, conn: &Connection) -> Result<i64> {
        conn.prepare_cached(
            "INSERT INTO consent_events (pupil, purpose, value, effective, given_by, role, method, form_version, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            self.pupil,
            self.purpose,
            self.value,
            self.effective,
            self.given_by,
            self.role,
            self.method,
            self.form_version,
            self.recorded_by,
            self.recorded_at
        ])?;
        self.id = conn.last_insert_rowid();
        Ok(self.id)
    }
}

/// Where the next audit row goes: its id and the hash it follows.
pub(super) struct Tail {
    next_id: i64,
    /// As stored: the writer follows whatever the last row holds, the check judges it.
    prev: Vec<u8>,
}

impl Tail {
    /// Read inside the write transaction, so two writers cannot both follow the same row.
    pub fn read(conn: &Connection) -> Result<Tail> {
        let next_id: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM audit", [], |r| {
                r.get(0)
            })?;
        let prev = conn
            .query_row(
                "SELECT hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
                [],
                |r| raw(r, 0),
            )
            .optional()?
            .flatten();
        Ok(Tail {
            next_id,
            prev: prev.unwrap_or_else(|| genesis().to_vec()),
        })
    }

    /// Appends one chained row and moves the tail past it.
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        conn: &Connection,
        at: &str,
        user: &str,
        entity: &str,
        record_id: &str,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        let salt = random_salt()?;
        let vh = value_hash(&salt, old, new);
        let hash = link_hash(
            &self.prev,
            &LinkFields {
                id: self.next_id,
                at,
                user,
                entity,
                record_id,
                field,
                value_hash: &vh,
            },
        );
        conn.prepare_cached(
            "INSERT INTO audit (id, at, user, entity, record_id, field, old_value, new_value, salt, value_hash, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            self.next_id,
            at,
            user,
            entity,
            record_id,
            field,
            old,
            new,
            &salt[..],
            &vh[..],
            self.prev,
            &hash[..]
        ])?;
        self.prev = hash.to_vec();
        self.next_id += 1;
        Ok(())
    }
}

fn random_salt() -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| StoreError::NoRandom(e.to_string()))?;
    Ok(salt)
}

/// Migration 7's second half: seals the rows written before the chain (audit rows and consent
/// answers) under one digest and starts the chain with a seal row. Nothing to seal in a new
/// database: its first row will follow the empty block.
pub(super) fn seal(conn: &Connection, user: &str, at: &str) -> Result<()> {
    let mut block = Block::new();
    let mut last_row = 0;
    {
        let mut stmt = conn.prepare(&format!("SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let row = AuditRow::from_row(r)?;
            last_row = row.id;
            block.audit_row(&row);
        }
    }
    let last_answer: i64 =
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM consent_events", [], |r| {
            r.get(0)
        })?;
    if block.rows == 0 && last_answer == 0 {
        return Ok(());
    }
    feed_answers(conn, &mut block, last_answer)?;
    let sealed = block.rows;
    let mut tail = Tail {
        next_id: last_row + 1,
        prev: block.finish().to_vec(),
    };
    let (entity, record, field) = SEAL;
    tail.append(
        conn,
        at,
        user,
        entity,
        record,
        field,
        None,
        Some(&format!(
            "rows={sealed} last_row={last_row} last_consent_answer={last_answer}"
        )),
    )
}

fn feed_answers(conn: &Connection, block: &mut Block, up_to: i64) -> Result<()> {
    if up_to == 0 {
        return Ok(());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consent_events WHERE id <= ?1 ORDER BY id"
    ))?;
    let mut rows = stmt.query([up_to])?;
    while let Some(r) = rows.next()? {
        block.consent_row(&ConsentRaw::from_row(r)?);
    }
    Ok(())
}

/// The last consent answer a seal row covers (0 when it names none or is not a seal row).
fn sealed_answers(row: &AuditRow) -> i64 {
    if (
        row.entity.as_str(),
        row.record_id.as_str(),
        row.field.as_str(),
    ) != SEAL
    {
        return 0;
    }
    row.new
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("last_consent_answer="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// What kind of damage a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A row's content or values no longer match its hash or commitment.
    Changed,
    /// A row does not follow the row before it: rows deleted, inserted or moved.
    BrokenLink,
    /// The rows sealed when the chain began were changed.
    SealedBlockChanged,
    /// A row without chain columns after the chain began.
    Unlinked,
    /// An append-only trigger was dropped or altered.
    TriggerMissing,
    /// A request or breach without the audit row of its creation.
    RecordWithoutAudit,
    /// The audit trail created a request or breach that is no longer there.
    AuditWithoutRecord,
    /// A consent answer without its audit row.
    ConsentWithoutAudit,
    /// An answer's audit row whose answer is no longer (as it was) in the consent history.
    AuditWithoutConsent,
    /// The trail could not be read at all.
    Unreadable,
    /// A stored field of a record differs from what replaying its audit rows gives.
    RecordDiffers,
    /// A stored row (a note, log line, recipient, letter, inbox mark, ...) that no audit row
    /// records: inserted or changed outside avgdesk.
    RowWithoutAudit,
    /// An audit row records a row (a note, log line, letter, ...) that is no longer stored.
    AuditWithoutRow,
    /// A row dated earlier than the row before it in the chain, or with no readable time.
    TimeOutOfOrder,
    /// A row dated before its request or breach was created.
    DatedBeforeRecord,
    /// A baseline row (see `replay`) outside the block migration 12 wrote.
    BaselineOutOfPlace,
    /// `audit verify --against BACKUP`: the backup's head is not in the chain.
    BackupHeadMissing,
}

/// One thing found wrong, naming the row where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditProblem {
    pub kind: ProblemKind,
    /// The audit row (its id), where the problem is in a row.
    pub id: Option<i64>,
    pub at: Option<String>,
    pub entity: Option<String>,
    pub record_id: Option<String>,
    pub field: Option<String>,
    /// In English, for the command line.
    pub message: String,
    /// `record_differs` and the like: the value as stored and as the audit trail has it.
    pub stored: Option<String>,
    pub audited: Option<String>,
}

impl AuditProblem {
    pub(super) fn general(
        kind: ProblemKind,
        entity: &str,
        record_id: &str,
        message: String,
    ) -> Self {
        AuditProblem {
            kind,
            id: None,
            at: None,
            entity: Some(entity.to_string()),
            record_id: Some(record_id.to_string()),
            field: None,
            message,
            stored: None,
            audited: None,
        }
    }
}

/// Where a hash given with `--head` was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadCheck {
    pub hash: String,
    pub found: bool,
    /// The audit row that carries it, and its place in the chain (1 = the first chained row).
    pub id: Option<i64>,
    pub position: Option<i64>,
    pub at: Option<String>,
    /// True when the hash was found and nothing up to and including its row is broken.
    pub verified: bool,
}

/// The outcome of walking the whole trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub intact: bool,
    /// Every audit row.
    pub rows: i64,
    /// Rows from before the chain, sealed as one block.
    pub sealed_rows: i64,
    /// Rows whose values a purge blanked (their commitment stays in the chain).
    pub blanked_rows: i64,
    /// The hash of the last chained row, and that row.
    pub head: Option<String>,
    pub head_id: Option<i64>,
    pub problems: Vec<AuditProblem>,
    /// Only with `--head` (or `--against`: the backup's head).
    pub given_head: Option<HeadCheck>,
    /// Only with `--against BACKUP`: the backup and the head it holds.
    pub against: Option<AgainstBackup>,
}

/// The backup `audit verify --against` compared with: the head it was taken at (its last
/// chained row) proves the trail up to there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgainstBackup {
    pub backup: String,
    pub head: Option<String>,
    pub head_id: Option<i64>,
    pub rows: i64,
}

/// The latest link, for a report or a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditHead {
    pub head: Option<String>,
    pub rows: i64,
    pub id: Option<i64>,
    pub at: Option<String>,
}

fn trigger_problems(conn: &Connection) -> Result<Vec<AuditProblem>> {
    let mut problems = Vec::new();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (name, table, expected) in APPEND_ONLY_TRIGGERS {
        let before_table = LATER_TABLES
            .iter()
            .any(|(t, since)| t == table && version > 0 && version < *since);
        if before_table {
            continue;
        }
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = ?2",
                [name, table],
                |r| r.get(0),
            )
            .optional()?;
        let intact = sql.is_some_and(|s| normalised(&s) == normalised(expected));
        if !intact {
            problems.push(AuditProblem::general(
                ProblemKind::TriggerMissing,
                table,
                name,
                format!("the trigger {name} that keeps {table} append-only was dropped or altered"),
            ));
        }
    }
    Ok(problems)
}

/// A chained row's link to the row before it.
fn broken_link(row: &AuditRow, prev: &AuditRow) -> AuditProblem {
    row.problem(
        ProblemKind::BrokenLink,
        format!(
            "{} does not follow row {}: a row between them was deleted, or rows were inserted or moved",
            row.describe(),
            prev.id
        ),
    )
}

fn unlinked(row: &AuditRow) -> AuditProblem {
    row.problem(
        ProblemKind::Unlinked,
        format!(
            "{} has no chain link: it was inserted outside avgdesk",
            row.describe()
        ),
    )
}

/// Walks the whole trail: the sealed block, every link, every commitment, the triggers, that
/// every request, breach and consent answer has its audit row, that times never go back, and
/// (from schema 12) that replaying the rows gives every record as stored (`replay`). `head`,
/// when given, must be the hash of a row, and nothing up to that row may be broken.
pub(super) fn verify(conn: &Connection, head: Option<&str>) -> Result<AuditReport> {
    let mut problems = trigger_problems(conn)?;
    // A dropped trigger makes the file editable; it does not say a row before the head was.
    let trigger_problems = problems.len();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Older files (a backup) did not audit everything: their rows are checked as links only.
    let replaying = version >= SINCE_VERSION;
    let marker = if replaying {
        replay::marker(conn)?
    } else {
        None
    };
    let mut replay = replay::Replay::new(marker);
    // The time of the last row the time rules apply to.
    let mut last_time: Option<(String, i64)> = None;
    // Rows before the first chained row; None once the chain has begun.
    let mut block = Some(Block::new());
    let mut first_unchained: Option<AuditRow> = None;
    let mut sealed_rows = 0;
    let mut answers_sealed = 0;
    let mut rows = 0;
    let mut blanked = 0;
    let mut position = 0;
    let mut prev: Option<AuditRow> = None;
    let mut given = head.map(|h| HeadCheck {
        hash: h.to_ascii_lowercase(),
        found: false,
        id: None,
        position: None,
        at: None,
        verified: false,
    });
    // A hash that is not hex cannot be in the chain.
    let wanted: Option<Vec<u8>> = head.and_then(|h| hex::decode(h.trim()).ok());
    let mut problems_up_to_head = 0;
    {
        let mut stmt = conn.prepare(&format!("SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id"))?;
        let mut cursor = stmt.query([])?;
        while let Some(r) = cursor.next()? {
            let row = AuditRow::from_row(r)?;
            rows += 1;
            if row.hash.is_none() {
                match block.as_mut() {
                    Some(b) => {
                        b.audit_row(&row);
                        first_unchained.get_or_insert(row);
                    }
                    None => problems.push(unlinked(&row)),
                }
                continue;
            }
            position += 1;
            if let Some(mut b) = block.take() {
                // The first chained row follows the digest of the sealed block.
                answers_sealed = sealed_answers(&row);
                feed_answers(conn, &mut b, answers_sealed)?;
                sealed_rows = b.rows;
                if row.prev_hash.as_deref() != Some(&b.finish()[..]) {
                    problems.push(row.problem(
                        ProblemKind::SealedBlockChanged,
                        format!(
                            "the {sealed_rows} rows sealed when the chain began (before {}) were changed, added to or deleted from",
                            row.describe()
                        ),
                    ));
                }
            } else if let Some(p) = &prev {
                if row.prev_hash != p.hash {
                    problems.push(broken_link(&row, p));
                }
            }
            let own = row.own_problem();
            if row.blanked() {
                blanked += 1;
            }
            if replaying {
                if marker.is_none_or(|m| row.id > m) {
                    problems.extend(time_problems(&row, &mut last_time, &replay));
                }
                if own.is_none() {
                    replay.row(&row);
                } else {
                    // Its values cannot be trusted: replayed as if a purge had blanked them.
                    replay.row(&AuditRow {
                        old: None,
                        new: None,
                        ..row.clone()
                    });
                }
            }
            problems.extend(own);
            if let Some(g) = given.as_mut() {
                if !g.found && wanted.is_some() && row.hash == wanted {
                    g.found = true;
                    g.id = Some(row.id);
                    g.position = Some(position);
                    g.at = Some(row.at.clone());
                    problems_up_to_head = problems.len() - trigger_problems;
                }
            }
            prev = Some(row);
        }
    }
    // No chain at all, yet rows: a new database's first rows are always chained, and
    // migration 7 sealed whatever was there before.
    if let (Some(b), Some(first)) = (&block, &first_unchained) {
        problems.push(first.problem(
            ProblemKind::Unlinked,
            format!(
                "{} and {} more rows have no chain link: inserted outside avgdesk",
                first.describe(),
                b.rows - 1
            ),
        ));
    }
    check_answers(conn, answers_sealed, &mut problems)?;
    problems.extend(record_problems(conn)?);
    if replaying {
        problems.extend(replay.finish(conn)?);
    }
    if let Some(g) = given.as_mut() {
        g.verified = g.found && problems_up_to_head == 0;
    }
    Ok(AuditReport {
        intact: problems.is_empty() && given.as_ref().is_none_or(|g| g.verified),
        rows,
        sealed_rows,
        blanked_rows: blanked,
        head: prev
            .as_ref()
            .and_then(|p| p.hash.as_deref().map(hex::encode)),
        head_id: prev.as_ref().map(|p| p.id),
        problems,
        given_head: given,
        against: None,
    })
}

/// A row's time against the row before it and against its record's creation. `last` is the
/// time of the previous row the rules apply to (and its id).
fn time_problems(
    row: &AuditRow,
    last: &mut Option<(String, i64)>,
    replay: &replay::Replay,
) -> Vec<AuditProblem> {
    let mut out = Vec::new();
    let Some(at) = instant(&row.at) else {
        out.push(row.problem(
            ProblemKind::TimeOutOfOrder,
            format!("{}: its time is not a time", row.describe()),
        ));
        return out;
    };
    if let Some((before, id)) = last.as_ref() {
        if at < *before {
            out.push(row.problem(
                ProblemKind::TimeOutOfOrder,
                format!(
                    "{} is dated before row {id} ({before}) that comes before it: inserted or re-dated outside avgdesk",
                    row.describe()
                ),
            ));
        }
    }
    if let Some(created) = replay.created(row) {
        if row.field != "created" && at.as_str() < created {
            out.push(row.problem(
                ProblemKind::DatedBeforeRecord,
                format!(
                    "{} is dated before its {} was created ({created}): inserted or re-dated outside avgdesk",
                    row.describe(),
                    row.entity
                ),
            ));
        }
    }
    // The latest time stays the mark (with the last row that has it), so every back-dated row
    // is named against the same row.
    if last.as_ref().is_none_or(|(before, _)| at >= *before) {
        *last = Some((at, row.id));
    }
    out
}

/// A stored time as comparable text: UTC to the second ("2026-11-23T09:00:00+00:00"), the form
/// every row since the chain began has; None when it is not a time.
fn instant(at: &str) -> Option<String> {
    if at.len() == 25 && at.ends_with("+00:00") {
        // The usual form: parsing a million of them would cost more than the check.
        return DateTime::parse_from_rfc3339(at)
            .ok()
            .map(|_| at.to_string());
    }
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| crate::domain::dates::rfc3339(&t.with_timezone(&Utc).trunc_subsecs(0)))
}

/// The time of the last chained row, if it is one.
pub(super) fn last_time(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn
        .query_row(
            "SELECT at FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| text(r, 0),
        )
        .optional()?
        .flatten();
    Ok(at
        .and_then(|a| DateTime::parse_from_rfc3339(&a).ok())
        .map(|t| t.with_timezone(&Utc)))
}

/// Every consent answer after the seal must have an audit row committing to exactly it, and
/// every answer's audit row must still find its answer. Both are read sorted by pupil and
/// purpose and matched group by group, so a board's million answers never sit in memory.
fn check_answers(conn: &Connection, sealed: i64, problems: &mut Vec<AuditProblem>) -> Result<()> {
    let mut answers_stmt = conn.prepare(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consent_events WHERE id > ?1 ORDER BY pupil, purpose, id"
    ))?;
    let mut answers = answers_stmt.query_map([sealed], ConsentRaw::from_row)?;
    let mut rows_stmt = conn.prepare(&format!(
        "SELECT {AUDIT_COLUMNS} FROM audit WHERE entity = 'consent' AND hash IS NOT NULL
         ORDER BY record_id, field, id"
    ))?;
    let mut rows = rows_stmt.query_map([], AuditRow::from_row)?;
    let mut next_answer = answers.next().transpose()?;
    let mut next_row = rows.next().transpose()?;
    loop {
        let key = match (&next_answer, &next_row) {
            (None, None) => break,
            (Some(a), None) => (a.pupil.clone(), a.purpose.clone()),
            (None, Some(r)) => (r.record_id.clone(), r.field.clone()),
            (Some(a), Some(r)) => std::cmp::min(
                (a.pupil.clone(), a.purpose.clone()),
                (r.record_id.clone(), r.field.clone()),
            ),
        };
        let mut group_answers = Vec::new();
        while let Some(a) = next_answer.take_if(|a| (&a.pupil, &a.purpose) == (&key.0, &key.1)) {
            group_answers.push(a);
            next_answer = answers.next().transpose()?;
        }
        let mut group_rows: Vec<(AuditRow, bool)> = Vec::new();
        while let Some(r) = next_row.take_if(|r| (&r.record_id, &r.field) == (&key.0, &key.1)) {
            group_rows.push((r, false));
            next_row = rows.next().transpose()?;
        }
        match_group(&group_answers, &mut group_rows, problems);
    }
    Ok(())
}

/// Matches the answers of one pupil and purpose with their audit rows.
fn match_group(
    answers: &[ConsentRaw],
    rows: &mut [(AuditRow, bool)],
    problems: &mut Vec<AuditProblem>,
) {
    for answer in answers {
        let json = answer.answer_value();
        let found = rows.iter_mut().find(|(row, matched)| {
            !*matched
                && match (&row.salt, &row.value_hash) {
                    (Some(salt), Some(vh)) => value_hash(salt, None, Some(&json))[..] == *vh,
                    _ => false,
                }
        });
        match found {
            Some((_, matched)) => *matched = true,
            None => problems.push(AuditProblem::general(
                ProblemKind::ConsentWithoutAudit,
                "consent",
                &answer.pupil,
                format!(
                    "consent answer #{} (pupil {}, purpose {}, recorded {} by {}) has no matching audit row: inserted or changed outside avgdesk",
                    answer.id, answer.pupil, answer.purpose, answer.recorded_at, answer.recorded_by
                ),
            )),
        }
    }
    for (row, _) in rows.iter().filter(|(_, matched)| !matched) {
        problems.push(row.problem(
            ProblemKind::AuditWithoutConsent,
            format!(
                "{} records a consent answer that is no longer in the consent history as it was: deleted or changed outside avgdesk",
                row.describe()
            ),
        ));
    }
}

/// Requests and breaches without the audit row of their creation, and creations whose record
/// is gone.
fn record_problems(conn: &Connection) -> Result<Vec<AuditProblem>> {
    let mut problems = Vec::new();
    for (entity, table, what) in [
        ("request", "requests", "request"),
        ("breach", "breaches", "breach"),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id FROM {table} t WHERE NOT EXISTS
               (SELECT 1 FROM audit a WHERE a.entity = ?1 AND a.record_id = t.id AND a.field = 'created')
             ORDER BY id"
        ))?;
        let ids = stmt
            .query_map([entity], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for id in ids {
            problems.push(AuditProblem::general(
                ProblemKind::RecordWithoutAudit,
                entity,
                &id,
                format!("{what} {id} has no audit row for its creation: inserted outside avgdesk"),
            ));
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit a WHERE a.entity = ?1 AND a.field = 'created'
               AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.record_id)
             ORDER BY id"
        ))?;
        let gone = stmt
            .query_map([entity], AuditRow::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for row in gone {
            problems.push(row.problem(
                ProblemKind::AuditWithoutRecord,
                format!(
                    "{what} {} was created ({}) but is no longer in the register: deleted outside avgdesk",
                    row.record_id,
                    row.describe()
                ),
            ));
        }
    }
    Ok(problems)
}

/// The cheap check at start-up: the triggers, and the links and commitments of the last
/// `n` rows among themselves. The first problem found, if any.
pub(super) fn tail_problem(conn: &Connection, n: i64) -> Result<Option<AuditProblem>> {
    if let Some(p) = trigger_problems(conn)?.into_iter().next() {
        return Ok(Some(p));
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id DESC LIMIT ?1"
    ))?;
    let mut rows = stmt
        .query_map([n], AuditRow::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.reverse();
    let mut prev: Option<&AuditRow> = None;
    for row in &rows {
        if row.hash.is_none() {
            // Unchained rows may only come before the chain began.
            if prev.is_some() {
                return Ok(Some(unlinked(row)));
            }
            continue;
        }
        if let Some(p) = prev {
            if row.prev_hash != p.hash {
                return Ok(Some(broken_link(row, p)));
            }
        }
        if let Some(problem) = row.own_problem() {
            return Ok(Some(problem));
        }
        prev = Some(row);
    }
    Ok(None)
}

/// The other half of the check at start-up: the requests on the first screen, each field
/// against the audit row that last set it.
pub(super) fn first_screen_problem(
    conn: &Connection,
    ids: &[String],
) -> Result<Option<AuditProblem>> {
    replay::first_screen_problem(conn, ids)
}

/// The latest link and the number of rows.
pub(super) fn head(conn: &Connection) -> Result<AuditHead> {
    let rows: i64 = conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))?;
    let last = conn
        .query_row(
            "SELECT id, at, hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, required(r, 1)?, raw(r, 2)?)),
        )
        .optional()?;
    Ok(match last {
        Some((id, at, hash)) => AuditHead {
            head: hash.map(hex::encode),
            rows,
            id: Some(id),
            at: Some(at),
        },
        None => AuditHead {
            head: None,
            rows,
            id: None,
            at: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_triggers_as_the_migrations_create_them_pass_and_a_weakened_one_does_not() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in super::super::migrations::MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        assert_eq!(trigger_problems(&conn).unwrap(), vec![]);
        conn.execute_batch(
            "DROP TRIGGER audit_no_update;
             CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
             WHEN NEW.user = 'me' BEGIN SELECT RAISE(ABORT, 'the audit trail is never edited'); END;
             DROP TRIGGER consent_no_delete;",
        )
        .unwrap();
        let names: Vec<_> = trigger_problems(&conn)
            .unwrap()
            .into_iter()
            .map(|p| (p.kind, p.record_id.unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                (ProblemKind::TriggerMissing, "audit_no_update".to_string()),
                (ProblemKind::TriggerMissing, "consent_no_delete".to_string())
            ]
        );
    }

    #[test]
    fn the_letters_triggers_are_checked_from_the_version_that_made_them() {
        let migrations = super::super::migrations::MIGRATIONS;
        // A backup from before migration 8 has no letters table and is not at fault.
        let conn = Connection::open_in_memory().unwrap();
        for sql in &migrations[..7] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        assert_eq!(trigger_problems(&conn).unwrap(), vec![]);
        // At version 8 the table and both triggers must be there.
        conn.pragma_update(None, "user_version", 8).unwrap();
        let missing: Vec<_> = trigger_problems(&conn)
            .unwrap()
            .into_iter()
            .map(|p| p.record_id.unwrap())
            .collect();
        assert_eq!(
            missing,
            ["letters_sent_no_update", "letters_sent_no_delete"]
        );
        conn.execute_batch(migrations[7]).unwrap();
        assert_eq!(trigger_problems(&conn).unwrap(), vec![]);
        conn.execute_batch("DROP TRIGGER letters_sent_no_update;")
            .unwrap();
        assert_eq!(trigger_problems(&conn).unwrap().len(), 1);
    }

    #[test]
    fn the_value_commitment_tells_null_from_empty_and_moved_separators() {
        let salt = [7u8; 16];
        let none_empty = value_hash(&salt, None, Some(""));
        let empty_none = value_hash(&salt, Some(""), None);
        let none_none = value_hash(&salt, None, None);
        assert_ne!(none_empty, empty_none);
        assert_ne!(none_empty, none_none);
        // "a" + "bc" and "ab" + "c" commit differently.
        assert_ne!(
            value_hash(&salt, Some("a"), Some("bc")),
            value_hash(&salt, Some("ab"), Some("c"))
        );
        // The salt matters: the same values under another salt give another commitment.
        assert_ne!(
            value_hash(&salt, Some("x"), None),
            value_hash(&[8u8; 16], Some("x"), None)
        );
        assert_eq!(none_empty.len(), 32);
    }

    #[test]
    fn the_link_covers_every_field_and_the_previous_hash() {
        let base = LinkFields {
            id: 5,
            at: "2026-11-23T09:00:00+00:00",
            user: "fg",
            entity: "request",
            record_id: "V-2026-0001",
            field: "summary",
            value_hash: b"ab",
        };
        let h = link_hash(b"prev", &base);
        assert_eq!(h, link_hash(b"prev", &base), "deterministic");
        assert_ne!(h, link_hash(b"other", &base));
        let variants = [
            LinkFields { id: 6, ..base },
            LinkFields {
                at: "2026-11-23T09:00:01+00:00",
                ..base
            },
            LinkFields { user: "fh", ..base },
            LinkFields {
                entity: "breach",
                ..base
            },
            LinkFields {
                record_id: "V-2026-0002",
                ..base
            },
            LinkFields {
                field: "summar",
                ..base
            },
            LinkFields {
                value_hash: b"ac",
                ..base
            },
        ];
        for v in &variants {
            assert_ne!(h, link_hash(b"prev", v));
        }
        // Moving a character between neighbouring fields changes the hash (length prefixes).
        let shifted = LinkFields {
            entity: "requestV",
            record_id: "-2026-0001",
            ..base
        };
        assert_ne!(h, link_hash(b"prev", &shifted));
    }

    #[test]
    fn the_seal_row_names_the_last_sealed_answer() {
        let row = |entity: &str, new: &str| AuditRow {
            id: 9,
            at: String::new(),
            user: String::new(),
            entity: entity.into(),
            record_id: "seal".into(),
            field: "sealed".into(),
            old: None,
            new: Some(new.into()),
            salt: None,
            value_hash: None,
            prev_hash: None,
            hash: None,
        };
        assert_eq!(
            sealed_answers(&row("audit", "rows=8 last_row=8 last_consent_answer=345")),
            345
        );
        assert_eq!(
            sealed_answers(&row("request", "last_consent_answer=345")),
            0
        );
        assert_eq!(genesis(), Block::new().finish());
        assert_ne!(genesis(), {
            let mut b = Block::new();
            b.audit_row(&row("audit", ""));
            b.finish()
        });
    }
}

//! Bulk loading of a new database: a whole board's pupils, answers, requests and breaches in
//! ONE transaction through statements prepared once, so 30,000 pupils load in seconds. Requests
//! and breaches are written through the same column lists as `Store::add_request`/`add_breach`
//! (`Record::fields`), with the same creation entries in the audit trail. A board's history
//! is not written in the order it happened (pupil by pupil, then requests, then breaches), so
//! the audit rows wait in a temporary table and are chained at the end in time order: times
//! along the chain never go back.

use super::chain::{ConsentRaw, Tail};
use super::consent::{raw_answer, search_key};
use super::record::Record;
use super::{NewConsent, Result, Store};
use crate::domain::breach::Breach;
use crate::domain::consent::Pupil;
use crate::domain::request::Request;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, params_from_iter, Statement, Transaction, TransactionBehavior};
use serde::Serialize;

/// What a bulk load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BulkCounts {
    pub pupils: usize,
    pub consent_events: usize,
    pub requests: usize,
    pub request_pauses: usize,
    pub request_recipients: usize,
    pub request_notes: usize,
    pub breaches: usize,
    pub breach_log: usize,
    pub breach_followups: usize,
    pub audit: usize,
}

/// The tables a database must have no rows in to count as empty.
const TABLES: &[&str] = &[
    "pupils",
    "consent_events",
    "requests",
    "breaches",
    "request_notes",
    "breach_log",
    "audit",
];

fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

/// Writes rows inside the bulk transaction. Every statement is prepared once.
pub struct BulkWriter<'a> {
    tx: &'a Transaction<'a>,
    pupil: Statement<'a>,
    /// The audit rows, chained in time order by `finish`.
    pending: Statement<'a>,
    /// The order of rows of one moment.
    seq: i64,
    pause: Statement<'a>,
    recipient: Statement<'a>,
    note: Statement<'a>,
    log: Statement<'a>,
    followup: Statement<'a>,
    counts: BulkCounts,
}

impl<'a> BulkWriter<'a> {
    fn new(tx: &'a Transaction<'a>) -> Result<BulkWriter<'a>> {
        // Kept in time order as it is filled (no sort at the end), and small: a consent
        // answer's row is only its time and the answer's id (the values are read back from
        // `consent_events`). It is a temporary table in memory: SQLCipher keeps temporary data
        // off the disk, where it would not be encrypted.
        tx.execute_batch(
            "DROP TABLE IF EXISTS temp.bulk_audit;
             CREATE TEMP TABLE bulk_audit (at TEXT NOT NULL, seq INTEGER NOT NULL,
                 consent INTEGER, user TEXT, entity TEXT, record_id TEXT, field TEXT,
                 new_value TEXT, PRIMARY KEY (at, seq)) WITHOUT ROWID;",
        )?;
        Ok(BulkWriter {
            tx,
            pupil: tx.prepare(
                "INSERT INTO pupils (number, first_name, infix, last_name, sort_name, search_key, birth_date, class, school, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            pending: tx.prepare(
                "INSERT INTO temp.bulk_audit (at, seq, consent, user, entity, record_id, field, new_value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            seq: 0,
            pause: tx.prepare(
                "INSERT INTO request_pauses (request_id, from_date, to_date, reason) VALUES (?1, ?2, ?3, ?4)",
            )?,
            recipient: tx.prepare(
                "INSERT INTO request_recipients (request_id, name, notified_on) VALUES (?1, ?2, ?3)",
            )?,
            note: tx.prepare(
                "INSERT INTO request_notes (request_id, at, author, text) VALUES (?1, ?2, ?3, ?4)",
            )?,
            log: tx.prepare(
                "INSERT INTO breach_log (breach_id, at, author, text) VALUES (?1, ?2, ?3, ?4)",
            )?,
            followup: tx.prepare(
                "INSERT INTO breach_followups (breach_id, at, kind, text) VALUES (?1, ?2, ?3, ?4)",
            )?,
            counts: BulkCounts::default(),
        })
    }

    pub fn counts(&self) -> BulkCounts {
        self.counts
    }

    /// One audit row (a creation: no old value), chained by `finish` in time order.
    pub fn audit(
        &mut self,
        at: DateTime<Utc>,
        user: &str,
        entity: &str,
        record_id: &str,
        field: &str,
        new: Option<&str>,
    ) -> Result<()> {
        self.seq += 1;
        self.pending.execute(params![
            crate::domain::dates::rfc3339(&at),
            self.seq,
            None::<i64>,
            user,
            entity,
            record_id,
            field,
            new
        ])?;
        self.counts.audit += 1;
        Ok(())
    }

    /// The audit row of the consent answer `id`, recorded at `at`.
    fn audit_answer(&mut self, at: DateTime<Utc>, id: i64) -> Result<()> {
        self.seq += 1;
        self.pending.execute(params![
            crate::domain::dates::rfc3339(&at),
            self.seq,
            id,
            None::<String>,
            None::<String>,
            None::<String>,
            None::<String>,
            None::<String>
        ])?;
        self.counts.audit += 1;
        Ok(())
    }

    /// Chains the audit rows, oldest first (rows of one moment in the order they were made).
    /// The times are UTC to the second in one form, so their text sorts as they do.
    fn finish(self) -> Result<BulkCounts> {
        let BulkWriter {
            tx,
            pending,
            counts,
            ..
        } = self;
        drop(pending);
        let mut tail = Tail::read(tx)?;
        {
            let columns = super::consent::EVENT_COLUMNS
                .split(", ")
                .map(|c| format!("c.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            // In primary-key order: no sort.
            let mut stmt = tx.prepare(&format!(
                "SELECT b.at, b.user, b.entity, b.record_id, b.field, b.new_value, {columns}
                 FROM temp.bulk_audit b LEFT JOIN consent_events c ON c.id = b.consent
                 ORDER BY b.at, b.seq"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let at: String = r.get(0)?;
                match r.get::<_, Option<i64>>(6)? {
                    // As `Store::add_consent` writes it: pupil, purpose, the whole answer.
                    Some(_) => {
                        let answer = ConsentRaw::from_row_at(r, 6)?;
                        tail.append(
                            tx,
                            &at,
                            &answer.recorded_by,
                            "consent",
                            &answer.pupil,
                            &answer.purpose,
                            None,
                            Some(&answer.answer_value()),
                        )?;
                    }
                    None => {
                        let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
                        tail.append(
                            tx,
                            &at,
                            &text(1)?,
                            &text(2)?,
                            &text(3)?,
                            &text(4)?,
                            None,
                            r.get::<_, Option<String>>(5)?.as_deref(),
                        )?;
                    }
                }
            }
        }
        tx.execute_batch("DROP TABLE temp.bulk_audit;")?;
        Ok(counts)
    }

    /// A new pupil, as `Store::import_pupils` adds one.
    pub fn pupil(&mut self, p: &Pupil, now: DateTime<Utc>) -> Result<()> {
        self.pupil.execute(params![
            p.number,
            p.first_name,
            p.infix,
            p.last_name,
            p.sort_name(),
            search_key(p),
            p.birth_date.map(date_str),
            p.class,
            p.school,
            ts(now)
        ])?;
        self.counts.pupils += 1;
        Ok(())
    }

    /// One answer in the history, recorded by `recorded_by` at `recorded_at`, with its audit
    /// row as `Store::add_consent` writes it.
    pub fn consent(
        &mut self,
        c: &NewConsent,
        recorded_by: &str,
        recorded_at: DateTime<Utc>,
    ) -> Result<()> {
        let mut raw = raw_answer(c, recorded_by, recorded_at);
        let id = raw.insert(self.tx)?;
        self.audit_answer(recorded_at, id)?;
        self.counts.consent_events += 1;
        Ok(())
    }

    /// A record's row through the column list of `Record::fields`, and its creation in the
    /// audit trail as `record::insert` writes it, its child lists (pauses, recipients,
    /// follow-ups) as items added at its creation, and its version when it is not the first.
    fn record<R: Record>(
        &mut self,
        record: &R,
        year: i32,
        seq: i64,
        created: DateTime<Utc>,
        user: &str,
        created_label: &str,
    ) -> Result<()> {
        // Notes and log lines do not change a record's `updated_at`; saves do, and a loaded
        // record has had none.
        let updated = created;
        let fields = record.fields();
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        let placeholders: Vec<String> = (0..fields.len()).map(|i| format!("?{}", i + 7)).collect();
        let sql = format!(
            "INSERT INTO {} (id, year, seq, created_at, updated_at, version, {})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, {})",
            R::TABLE,
            names.join(", "),
            placeholders.join(", ")
        );
        let mut values: Vec<Option<String>> = vec![
            Some(record.id().to_string()),
            Some(year.to_string()),
            Some(seq.to_string()),
            Some(ts(created)),
            Some(ts(updated)),
            Some(record.version().to_string()),
        ];
        values.extend(fields.iter().map(|(_, v)| v.clone()));
        // The same text every time: prepared once, then taken from the connection's cache.
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values.iter()))?;
        self.audit(
            created,
            user,
            R::ENTITY,
            record.id(),
            "created",
            Some(created_label),
        )?;
        for (field, value) in &fields {
            if value.as_deref().is_some_and(|v| !v.is_empty()) {
                self.audit(
                    created,
                    user,
                    R::ENTITY,
                    record.id(),
                    field,
                    value.as_deref(),
                )?;
            }
        }
        for (field, items) in record.lists() {
            for item in &items {
                self.audit(created, user, R::ENTITY, record.id(), field, Some(item))?;
            }
        }
        if record.version() != 1 {
            let version = record.version().to_string();
            self.audit(
                created,
                user,
                R::ENTITY,
                record.id(),
                "version",
                Some(&version),
            )?;
        }
        Ok(())
    }

    /// A request with its pauses, recipients and notes (each note also in the audit trail, as
    /// `Store::add_note` writes it). `year` and `seq` are those of its id.
    pub fn request(
        &mut self,
        r: &Request,
        year: i32,
        seq: i64,
        created: DateTime<Utc>,
        user: &str,
    ) -> Result<()> {
        self.record(r, year, seq, created, user, r.kind.code())?;
        for p in &r.pauses {
            self.pause.execute(params![
                r.id,
                date_str(p.from),
                p.to.map(date_str),
                p.reason
            ])?;
            self.counts.request_pauses += 1;
        }
        for x in &r.recipients {
            self.recipient
                .execute(params![r.id, x.name, x.notified_on.map(date_str)])?;
            self.counts.request_recipients += 1;
        }
        for n in &r.notes {
            self.note
                .execute(params![r.id, ts(n.at), n.author, n.text])?;
            self.counts.request_notes += 1;
            self.audit(n.at, &n.author, "request", &r.id, "note", Some(&n.text))?;
        }
        self.counts.requests += 1;
        Ok(())
    }

    /// A breach with its log and follow-ups (log lines also in the audit trail, as
    /// `Store::log_breach` writes them). `year` and `seq` are those of its id.
    pub fn breach(
        &mut self,
        b: &Breach,
        year: i32,
        seq: i64,
        created: DateTime<Utc>,
        user: &str,
    ) -> Result<()> {
        self.record(b, year, seq, created, user, &b.title)?;
        for l in &b.log {
            self.log
                .execute(params![b.id, ts(l.at), l.author, l.text])?;
            self.counts.breach_log += 1;
            self.audit(l.at, &l.author, "breach", &b.id, "log", Some(&l.text))?;
        }
        for f in &b.followups {
            self.followup
                .execute(params![b.id, ts(f.at), f.kind.code(), f.text])?;
            self.counts.breach_followups += 1;
        }
        self.counts.breaches += 1;
        Ok(())
    }
}

/// Rows in the tables that make a database "in use".
fn rows_in_use(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    let sql = TABLES
        .iter()
        .map(|t| format!("(SELECT COUNT(*) FROM {t})"))
        .collect::<Vec<_>>()
        .join(" + ");
    conn.query_row(&format!("SELECT {sql}"), [], |r| r.get(0))
}

impl Store {
    /// Rows in the tables that make a database "in use" (pupils, answers, requests, breaches,
    /// notes, log lines, audit trail); 0 for a new database.
    pub fn row_count(&self) -> Result<i64> {
        Ok(rows_in_use(&self.conn)?)
    }

    /// Fills an EMPTY database in one transaction: `fill` writes through the `BulkWriter`.
    /// Returns None, having written nothing, when the database already holds data (checked
    /// under the write lock, so two loads cannot both pass). All or nothing.
    pub fn bulk_load<T>(
        &mut self,
        fill: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>,
    ) -> Result<Option<(T, BulkCounts)>> {
        // A bigger page cache for the load only: the indexes stay in memory while they grow.
        self.conn.pragma_update(None, "cache_size", -65536)?;
        let result = self.bulk_in_tx(fill);
        self.conn.pragma_update(None, "cache_size", -2000)?;
        result
    }

    fn bulk_in_tx<T>(
        &mut self,
        fill: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>,
    ) -> Result<Option<(T, BulkCounts)>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if rows_in_use(&tx)? > 0 {
            return Ok(None);
        }
        let out = {
            let mut writer = BulkWriter::new(&tx)?;
            let value = fill(&mut writer)?;
            (value, writer.finish()?)
        };
        tx.commit()?;
        Ok(Some(out))
    }
}

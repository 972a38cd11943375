//! Requests in SQLite. A change is saved as the difference between the request as the caller
//! loaded it and as the caller wants it, checked against the stored version so that two
//! officers editing at once never silently overwrite each other.

use super::audit::AuditContext;
use super::record::{
    code, corrupt, insert, map_corrupt, next_seq, opt_date, parse_date, save_diff, Fields, Record,
};
use super::{Result, Store, StoreError};
use crate::domain::request::{
    format_id, Channel, Decision, Extension, IdentityCheck, Kind, Language, NewRequest, Note,
    Outcome, Pause, Person, Pupil, Recipient, Request, Role, Status,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use std::collections::HashMap;

/// Which requests a listing returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestFilter {
    pub include_closed: bool,
}

const COLUMNS: &str = "id, kind, received, channel, requester_name, requester_role, requester_contact, \
     pupil_name, pupil_birth_date, pupil_school, pupil_class, summary, id_method, id_date, id_checked_by, \
     extension_date, extension_reason, decision, decision_reason, decision_date, status, \
     recipients_none_on, language, version";

fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The request's own columns in `scalar_fields` order (the audit trail's field names).
pub(in crate::store) const FIELD_NAMES: &[&str] = &[
    "kind",
    "received",
    "channel",
    "requester_name",
    "requester_role",
    "requester_contact",
    "pupil_name",
    "pupil_birth_date",
    "pupil_school",
    "pupil_class",
    "summary",
    "language",
    "id_method",
    "id_date",
    "id_checked_by",
    "extension_date",
    "extension_reason",
    "decision",
    "decision_reason",
    "decision_date",
    "status",
    "recipients_none_on",
];

/// The open requests, as an SQL condition (spelled out so the status index is used).
pub(in crate::store) const OPEN: &str = "status IN ('new', 'in_progress', 'waiting', 'decided')";

/// The request's own columns, as stored, in a fixed order. The names are the column names.
fn scalar_fields(r: &Request) -> Fields {
    let s = |v: &str| Some(v.to_string());
    let values = vec![
        s(r.kind.code()),
        Some(date_str(r.received)),
        s(r.channel.code()),
        s(&r.requester.name),
        r.requester.role.map(|x| x.code().to_string()),
        s(&r.requester.contact),
        s(&r.pupil.name),
        r.pupil.birth_date.map(date_str),
        s(&r.pupil.school),
        s(&r.pupil.class),
        s(&r.summary),
        s(r.language.code()),
        r.identity.as_ref().map(|i| i.method.clone()),
        r.identity.as_ref().map(|i| date_str(i.date)),
        r.identity.as_ref().map(|i| i.checked_by.clone()),
        r.extension.as_ref().map(|e| date_str(e.date)),
        r.extension.as_ref().map(|e| e.reason.clone()),
        r.outcome.as_ref().map(|o| o.decision.code().to_string()),
        r.outcome.as_ref().map(|o| o.reason.clone()),
        r.outcome.as_ref().map(|o| date_str(o.date)),
        s(r.status.code()),
        r.recipients_none_on.map(date_str),
    ];
    FIELD_NAMES.iter().copied().zip(values).collect()
}

fn pause_text(p: &Pause) -> String {
    let to = p.to.map(date_str).unwrap_or_else(|| "…".into());
    format!("{} – {to}: {}", date_str(p.from), p.reason)
}

fn recipient_text(r: &Recipient) -> String {
    match r.notified_on {
        Some(d) => format!("{} (told {})", r.name, date_str(d)),
        None => format!("{} (not yet told)", r.name),
    }
}

impl Record for Request {
    const ENTITY: &'static str = "request";
    const TABLE: &'static str = "requests";

    fn id(&self) -> &str {
        &self.id
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn fields(&self) -> Fields {
        scalar_fields(self)
    }

    fn lists(&self) -> Vec<(&'static str, Vec<String>)> {
        vec![
            ("pause", self.pauses.iter().map(pause_text).collect()),
            (
                "recipient",
                self.recipients.iter().map(recipient_text).collect(),
            ),
        ]
    }
}

/// A request row without its pauses, recipients and notes. Columns are read by name, so a
/// reordered `COLUMNS` cannot shift one field into another.
fn request_from_row(row: &Row<'_>) -> rusqlite::Result<Request> {
    let text = |column: &str| -> rusqlite::Result<String> { row.get(column) };
    let opt_text = |column: &str| -> rusqlite::Result<Option<String>> { row.get(column) };
    let id_date = opt_date("id_date", opt_text("id_date")?)?;
    let ext_date = opt_date("extension_date", opt_text("extension_date")?)?;
    let decision_date = opt_date("decision_date", opt_text("decision_date")?)?;
    let recipients_none_on = opt_date("recipients_none_on", opt_text("recipients_none_on")?)?;
    Ok(Request {
        id: text("id")?,
        kind: code("kind", &text("kind")?, Kind::parse)?,
        received: parse_date("received", &text("received")?)?,
        channel: code("channel", &text("channel")?, Channel::parse)?,
        requester: Person {
            name: text("requester_name")?,
            role: opt_text("requester_role")?
                .map(|r| code("requester_role", &r, Role::parse))
                .transpose()?,
            contact: text("requester_contact")?,
        },
        pupil: Pupil {
            name: text("pupil_name")?,
            birth_date: opt_date("pupil_birth_date", opt_text("pupil_birth_date")?)?,
            school: text("pupil_school")?,
            class: text("pupil_class")?,
        },
        summary: text("summary")?,
        language: code("language", &text("language")?, Language::parse)?,
        identity: match (opt_text("id_method")?, id_date, opt_text("id_checked_by")?) {
            (Some(method), Some(date), Some(checked_by)) => Some(IdentityCheck {
                method,
                date,
                checked_by,
            }),
            _ => None,
        },
        extension: match (ext_date, opt_text("extension_reason")?) {
            (Some(date), Some(reason)) => Some(Extension { date, reason }),
            _ => None,
        },
        outcome: match (opt_text("decision")?, decision_date) {
            (Some(d), Some(date)) => Some(Outcome {
                decision: code("decision", &d, Decision::parse)?,
                reason: opt_text("decision_reason")?.unwrap_or_default(),
                date,
            }),
            _ => None,
        },
        status: code("status", &text("status")?, Status::parse)?,
        pauses: Vec::new(),
        recipients: Vec::new(),
        recipients_none_on,
        notes: Vec::new(),
        letters: Vec::new(),
        notice_due_passed: None,
        version: row.get("version")?,
    })
}

/// Pauses, recipients and notes of the requests in `scope` (an SQL condition on `request_id`),
/// read with one query per table however many requests there are.
fn load_children(
    conn: &rusqlite::Connection,
    scope: &str,
    params: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<HashMap<String, Children>> {
    let mut out: HashMap<String, Children> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT request_id, id, from_date, to_date, reason FROM request_pauses WHERE {scope} ORDER BY id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let pause = Pause {
            id: row.get("id")?,
            from: parse_date("from_date", &row.get::<_, String>("from_date")?)?,
            to: opt_date("to_date", row.get("to_date")?)?,
            reason: row.get("reason")?,
        };
        out.entry(row.get("request_id")?)
            .or_default()
            .pauses
            .push(pause);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT request_id, id, name, notified_on FROM request_recipients WHERE {scope} ORDER BY id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let recipient = Recipient {
            id: row.get("id")?,
            name: row.get("name")?,
            notified_on: opt_date("notified_on", row.get("notified_on")?)?,
        };
        out.entry(row.get("request_id")?)
            .or_default()
            .recipients
            .push(recipient);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT request_id, at, author, text FROM request_notes WHERE {scope} ORDER BY at, id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let at: String = row.get("at")?;
        let note = Note {
            at: DateTime::parse_from_rfc3339(&at)
                .map_err(|_| corrupt("note time", &at))?
                .with_timezone(&Utc),
            author: row.get("author")?,
            text: row.get("text")?,
        };
        out.entry(row.get("request_id")?)
            .or_default()
            .notes
            .push(note);
    }
    Ok(out)
}

#[derive(Default)]
struct Children {
    pauses: Vec<Pause>,
    recipients: Vec<Recipient>,
    notes: Vec<Note>,
}

fn attach(r: &mut Request, children: &mut HashMap<String, Children>) {
    if let Some(c) = children.remove(&r.id) {
        r.pauses = c.pauses;
        r.recipients = c.recipients;
        r.notes = c.notes;
    }
}

fn load_one(conn: &rusqlite::Connection, id: &str) -> Result<Request> {
    let mut r = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM requests WHERE id = ?1"),
            [id],
            request_from_row,
        )
        .optional()
        .map_err(map_corrupt)?
        .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
    let mut children = load_children(conn, "request_id = ?1", &[&r.id]).map_err(map_corrupt)?;
    attach(&mut r, &mut children);
    let mut letters = super::letters::load(conn, "= ?1", &[&r.id], true).map_err(map_corrupt)?;
    r.letters = letters.remove(&r.id).unwrap_or_default();
    Ok(r)
}

/// Inserts a new request under the next id of its year, with its "created" audit rows.
fn insert_new(
    tx: &Transaction<'_>,
    new: &NewRequest,
    prefix: &str,
    now: DateTime<Utc>,
    user: &str,
) -> Result<Request> {
    let year = new.received.year();
    let seq = next_seq(tx, "requests", year)?;
    let id = format_id(prefix, year, seq);
    let request = Request {
        id: id.clone(),
        kind: new.kind,
        received: new.received,
        channel: new.channel,
        requester: new.requester.clone(),
        pupil: new.pupil.clone(),
        summary: new.summary.clone(),
        language: new.language,
        identity: None,
        extension: None,
        outcome: None,
        status: Status::New,
        pauses: Vec::new(),
        recipients: Vec::new(),
        recipients_none_on: None,
        notes: Vec::new(),
        letters: Vec::new(),
        notice_due_passed: None,
        version: 1,
    };
    insert(tx, &request, year, seq, now, user, new.kind.code())?;
    Ok(request)
}

impl Store {
    /// Stores a new request under the next id of its year and returns it.
    pub fn add_request(
        &mut self,
        new: &NewRequest,
        prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<Request> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let request = insert_new(&tx, new, prefix, now, &user)?;
        tx.commit()?;
        Ok(request)
    }

    /// The id of the request an e-mail message with this duplicate `key` was logged as.
    pub fn intake_logged_as(&self, key: &str) -> Result<Option<String>> {
        super::intake::logged_request(&self.conn, key)
    }

    /// Stores a new request made from an e-mail message, with its duplicate `key` and an
    /// optional first note (the attachments' list), in one transaction. A message whose key
    /// was logged before is refused with the request it was logged as, and nothing is written.
    pub fn add_request_from_message(
        &mut self,
        new: &NewRequest,
        prefix: &str,
        now: DateTime<Utc>,
        key: &str,
        note: Option<&str>,
        mailbox_name: Option<&str>,
    ) -> Result<Request> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let earlier = super::intake::logged_request(&tx, key)?;
        if let Some(request_id) = earlier {
            return Err(StoreError::DuplicateMessage {
                key: key.to_string(),
                request_id,
            });
        }
        let mut request = insert_new(&tx, new, prefix, now, &user)?;
        let id = request.id.clone();
        tx.execute(
            "INSERT INTO intake_messages (key, request_id, logged_at) VALUES (?1, ?2, ?3)",
            params![key, id, now.to_rfc3339()],
        )?;
        let audit = AuditContext {
            at: now,
            user: &user,
            entity: "request",
            record_id: &id,
        };
        audit.record(&tx, "intake_message", None, Some(key))?;
        // A message logged from the inbox leaves the "set aside" list if it was on it.
        if let Some(name) = mailbox_name {
            super::intake::restore_in(&tx, name, now, &user)?;
            super::intake::mark_logged(&tx, name, key, now, &user)?;
        }
        if let Some(text) = note.map(str::trim).filter(|t| !t.is_empty()) {
            tx.execute(
                "INSERT INTO request_notes (request_id, at, author, text) VALUES (?1, ?2, ?3, ?4)",
                params![id, now.to_rfc3339(), user, text],
            )?;
            audit.record(&tx, "note", None, Some(text))?;
            request.notes.push(Note {
                at: now,
                author: user.clone(),
                text: text.to_string(),
            });
        }
        tx.commit()?;
        Ok(request)
    }

    /// Ids are matched case-insensitively: `v-2026-0001` finds `V-2026-0001`.
    pub fn request(&self, id: &str) -> Result<Request> {
        load_one(&self.conn, &id.trim().to_uppercase())
    }

    /// All requests (open ones only unless asked), each with pauses, recipients and notes.
    pub fn requests(&self, filter: RequestFilter) -> Result<Vec<Request>> {
        let condition = if filter.include_closed { "1 = 1" } else { OPEN };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM requests WHERE {condition} ORDER BY year, seq"
        ))?;
        let mut list = stmt
            .query_map([], request_from_row)
            .map_err(map_corrupt)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_corrupt)?;
        let scope = format!("request_id IN (SELECT id FROM requests WHERE {condition})");
        let mut children = load_children(&self.conn, &scope, &[]).map_err(map_corrupt)?;
        let mut letters = super::letters::load(
            &self.conn,
            &format!("IN (SELECT id FROM requests WHERE {condition})"),
            &[],
            true,
        )
        .map_err(map_corrupt)?;
        for r in &mut list {
            attach(r, &mut children);
            r.letters = letters.remove(&r.id).unwrap_or_default();
        }
        Ok(list)
    }

    /// Saves `after` over `before`. If someone else saved since `before` was loaded, nothing is
    /// written and the error lists what they changed. Notes are not saved here: see `add_note`.
    pub fn save_request(
        &mut self,
        before: &Request,
        after: &Request,
        now: DateTime<Utc>,
    ) -> Result<Request> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let current = load_one(&tx, &before.id)?;
        save_diff(&tx, before, after, &current, now, &user, |tx| {
            save_pauses(tx, &before.id, &after.pauses)?;
            save_recipients(tx, &before.id, &after.recipients)
        })?;
        let saved = load_one(&tx, &before.id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Appends a note to the request's timeline. Notes never conflict: they only add.
    pub fn add_note(&mut self, id: &str, text: &str, now: DateTime<Utc>) -> Result<Note> {
        let id = &id.trim().to_uppercase();
        let text = text.trim();
        if text.is_empty() {
            return Err(crate::domain::request::RuleError::Required { field: "note" }.into());
        }
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM requests WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::NotFound(id.to_string()));
        }
        tx.execute(
            "INSERT INTO request_notes (request_id, at, author, text) VALUES (?1, ?2, ?3, ?4)",
            params![id, now.to_rfc3339(), user, text],
        )?;
        AuditContext {
            at: now,
            user: &user,
            entity: "request",
            record_id: id,
        }
        .record(&tx, "note", None, Some(text))?;
        tx.commit()?;
        Ok(Note {
            at: now,
            author: user,
            text: text.to_string(),
        })
    }
}

/// Pauses are added (id 0) or closed; existing rows are updated in place.
fn save_pauses(tx: &Transaction<'_>, id: &str, pauses: &[Pause]) -> Result<()> {
    for p in pauses {
        let to = p.to.map(date_str);
        if p.id == 0 {
            tx.execute(
                "INSERT INTO request_pauses (request_id, from_date, to_date, reason) VALUES (?1, ?2, ?3, ?4)",
                params![id, date_str(p.from), to, p.reason],
            )?;
        } else {
            tx.execute(
                "UPDATE request_pauses SET from_date = ?1, to_date = ?2, reason = ?3 WHERE id = ?4 AND request_id = ?5",
                params![date_str(p.from), to, p.reason, p.id, id],
            )?;
        }
    }
    Ok(())
}

fn save_recipients(tx: &Transaction<'_>, id: &str, recipients: &[Recipient]) -> Result<()> {
    for r in recipients {
        let told = r.notified_on.map(date_str);
        if r.id == 0 {
            tx.execute(
                "INSERT INTO request_recipients (request_id, name, notified_on) VALUES (?1, ?2, ?3)",
                params![id, r.name, told],
            )?;
        } else {
            tx.execute(
                "UPDATE request_recipients SET name = ?1, notified_on = ?2 WHERE id = ?3 AND request_id = ?4",
                params![r.name, told, r.id, id],
            )?;
        }
    }
    Ok(())
}

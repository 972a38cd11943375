//! The breach register in SQLite. Saved like requests (by difference, version-checked, audited);
//! the call log is append-only and every line is committed on its own.

use super::audit::AuditContext;
use super::record::{corrupt, insert, map_corrupt, next_seq, save_diff, Fields, Record};
use super::{Result, Store, StoreError};
use crate::domain::breach::{
    join_codes, parse_codes, ApNotification, Breach, BreachStatus, Category, FollowUp,
    FollowUpKind, Group, LogEntry, Nature, Range, Risk, SubjectsDecision,
};
use crate::domain::request::format_id;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::HashMap;

/// The open breaches, as an SQL condition (spelled out so the status index is used).
pub(in crate::store) const OPEN: &str =
    "status IN ('open', 'assessed', 'notified', 'not_notified')";

/// The column names in `fields()` order; reading selects exactly these.
pub(in crate::store) const FIELD_NAMES: &[&str] = &[
    "title",
    "occurred_at",
    "discovered_at",
    "aware_at",
    "ongoing",
    "description",
    "cause",
    "nature",
    "categories",
    "records_min",
    "records_max",
    "people_min",
    "people_max",
    "affected_groups",
    "protection",
    "encrypted",
    "consequences",
    "severity",
    "measures_taken",
    "measures_planned",
    "processor",
    "processor_told_at",
    "cross_border",
    "risk",
    "risk_reason",
    "notify_ap",
    "no_notify_reason",
    "notified_at",
    "ap_reference",
    "delay_reason",
    "subjects",
    "subjects_reason",
    "public_communication",
    "subjects_informed_at",
    "status",
];

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn num(n: Option<u64>) -> Option<String> {
    n.map(|n| n.to_string())
}

impl Record for Breach {
    const ENTITY: &'static str = "breach";
    const TABLE: &'static str = "breaches";

    fn id(&self) -> &str {
        &self.id
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn fields(&self) -> Fields {
        let s = |v: &str| Some(v.to_string());
        let values = vec![
            s(&self.title),
            self.occurred_at.map(ts),
            self.discovered_at.map(ts),
            Some(ts(self.aware_at)),
            self.ongoing.map(yes_no),
            s(&self.description),
            s(&self.cause),
            Some(join_codes(&self.nature, Nature::code)),
            Some(join_codes(&self.categories, Category::code)),
            num(self.records.min),
            num(self.records.max),
            num(self.people.min),
            num(self.people.max),
            Some(join_codes(&self.groups, Group::code)),
            s(&self.protection),
            self.encrypted.map(yes_no),
            s(&self.consequences),
            s(&self.severity),
            s(&self.measures_taken),
            s(&self.measures_planned),
            s(&self.processor),
            self.processor_told_at.map(ts),
            s(&self.cross_border),
            self.risk.map(|r| r.code().to_string()),
            s(&self.risk_reason),
            self.notify_ap.map(yes_no),
            s(&self.no_notify_reason),
            self.notification.as_ref().map(|n| ts(n.at)),
            self.notification.as_ref().map(|n| n.reference.clone()),
            self.notification.as_ref().map(|n| n.delay_reason.clone()),
            self.subjects.map(|d| d.code().to_string()),
            s(&self.subjects_reason),
            s(&self.public_communication),
            self.subjects_informed_at.map(ts),
            s(self.status.code()),
        ];
        FIELD_NAMES.iter().copied().zip(values).collect()
    }

    fn lists(&self) -> Vec<(&'static str, Vec<String>)> {
        vec![(
            "followup",
            self.followups
                .iter()
                .map(|f| format!("{} {}: {}", ts(f.at), f.kind.code(), f.text))
                .collect(),
        )]
    }
}

/// Reads one stored row (as name -> text) back into a breach, without log and follow-ups.
fn from_columns(
    id: String,
    version: i64,
    c: &HashMap<&str, Option<String>>,
) -> rusqlite::Result<Breach> {
    let text = |k: &str| c.get(k).cloned().flatten().unwrap_or_default();
    let opt = |k: &str| c.get(k).cloned().flatten().filter(|v| !v.is_empty());
    let time = |k: &str| -> rusqlite::Result<Option<DateTime<Utc>>> {
        opt(k)
            .map(|v| {
                DateTime::parse_from_rfc3339(&v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| corrupt(k, &v))
            })
            .transpose()
    };
    let number = |k: &str| -> rusqlite::Result<Option<u64>> {
        opt(k)
            .map(|v| v.parse().map_err(|_| corrupt(k, &v)))
            .transpose()
    };
    let flag = |k: &str| opt(k).map(|v| v == "yes");
    fn codes<T: Copy + Ord>(
        k: &str,
        v: String,
        parse: fn(&str) -> Option<T>,
    ) -> rusqlite::Result<Vec<T>> {
        parse_codes(&v, parse).map_err(|bad| corrupt(k, &bad))
    }
    fn one<T>(
        k: &str,
        v: Option<String>,
        parse: fn(&str) -> Option<T>,
    ) -> rusqlite::Result<Option<T>> {
        v.map(|s| parse(&s).ok_or_else(|| corrupt(k, &s)))
            .transpose()
    }
    let aware_at = time("aware_at")?.ok_or_else(|| corrupt("aware_at", ""))?;
    let notification = match (time("notified_at")?, opt("ap_reference")) {
        (Some(at), Some(reference)) => Some(ApNotification {
            at,
            reference,
            delay_reason: text("delay_reason"),
        }),
        _ => None,
    };
    Ok(Breach {
        id,
        title: text("title"),
        occurred_at: time("occurred_at")?,
        discovered_at: time("discovered_at")?,
        aware_at,
        ongoing: flag("ongoing"),
        description: text("description"),
        cause: text("cause"),
        nature: codes("nature", text("nature"), Nature::parse)?,
        categories: codes("categories", text("categories"), Category::parse)?,
        records: Range {
            min: number("records_min")?,
            max: number("records_max")?,
        },
        people: Range {
            min: number("people_min")?,
            max: number("people_max")?,
        },
        groups: codes("affected_groups", text("affected_groups"), Group::parse)?,
        protection: text("protection"),
        encrypted: flag("encrypted"),
        consequences: text("consequences"),
        severity: text("severity"),
        measures_taken: text("measures_taken"),
        measures_planned: text("measures_planned"),
        processor: text("processor"),
        processor_told_at: time("processor_told_at")?,
        cross_border: text("cross_border"),
        risk: one("risk", opt("risk"), Risk::parse)?,
        risk_reason: text("risk_reason"),
        notify_ap: flag("notify_ap"),
        no_notify_reason: text("no_notify_reason"),
        notification,
        subjects: one("subjects", opt("subjects"), SubjectsDecision::parse)?,
        subjects_reason: text("subjects_reason"),
        public_communication: text("public_communication"),
        subjects_informed_at: time("subjects_informed_at")?,
        status: one("status", opt("status"), BreachStatus::parse)?
            .ok_or_else(|| corrupt("status", ""))?,
        log: Vec::new(),
        followups: Vec::new(),
        letters: Vec::new(),
        version,
    })
}

fn select_sql(filter: &str) -> String {
    format!(
        "SELECT id, version, {} FROM breaches {filter}",
        FIELD_NAMES.join(", ")
    )
}

fn row_to_breach(row: &rusqlite::Row<'_>) -> rusqlite::Result<Breach> {
    let mut columns = HashMap::new();
    for name in FIELD_NAMES {
        columns.insert(*name, row.get::<_, Option<String>>(*name)?);
    }
    from_columns(row.get("id")?, row.get("version")?, &columns)
}

fn parse_time(k: &str, v: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt(k, v))
}

/// Each breach's log lines and follow-ups, by breach id.
type Children = HashMap<String, (Vec<LogEntry>, Vec<FollowUp>)>;

/// Log lines and follow-ups of the breaches in `scope` (an SQL condition on `breach_id`), one
/// query per table however many breaches there are.
fn load_children(
    conn: &Connection,
    scope: &str,
    params: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Children> {
    let mut out = Children::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT breach_id, at, author, text FROM breach_log WHERE {scope} ORDER BY at, id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let entry = LogEntry {
            at: parse_time("log time", &r.get::<_, String>("at")?)?,
            author: r.get("author")?,
            text: r.get("text")?,
        };
        out.entry(r.get("breach_id")?).or_default().0.push(entry);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT breach_id, at, kind, text FROM breach_followups WHERE {scope} ORDER BY id"
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get("kind")?;
        let followup = FollowUp {
            at: parse_time("follow-up time", &r.get::<_, String>("at")?)?,
            kind: FollowUpKind::parse(&kind).ok_or_else(|| corrupt("follow-up kind", &kind))?,
            text: r.get("text")?,
        };
        out.entry(r.get("breach_id")?).or_default().1.push(followup);
    }
    Ok(out)
}

fn attach(b: &mut Breach, children: &mut Children) {
    if let Some((log, followups)) = children.remove(&b.id) {
        b.log = log;
        b.followups = followups;
    }
}

fn load_one(conn: &Connection, id: &str) -> Result<Breach> {
    let mut b = conn
        .query_row(&select_sql("WHERE id = ?1"), [id], row_to_breach)
        .optional()
        .map_err(map_corrupt)?
        .ok_or_else(|| StoreError::BreachNotFound(id.to_string()))?;
    let mut children = load_children(conn, "breach_id = ?1", &[&b.id]).map_err(map_corrupt)?;
    attach(&mut b, &mut children);
    let mut letters = super::letters::load(conn, "= ?1", &[&b.id], false).map_err(map_corrupt)?;
    b.letters = letters.remove(&b.id).unwrap_or_default();
    Ok(b)
}

/// Follow-ups only ever get added.
fn save_followups(
    tx: &Transaction<'_>,
    id: &str,
    before: &[FollowUp],
    after: &[FollowUp],
) -> Result<()> {
    for f in after.iter().skip(before.len()) {
        tx.execute(
            "INSERT INTO breach_followups (breach_id, at, kind, text) VALUES (?1, ?2, ?3, ?4)",
            params![id, ts(f.at), f.kind.code(), f.text],
        )?;
    }
    Ok(())
}

impl Store {
    /// Starts a breach record with its id; `make` builds it from the id so the domain checks apply.
    /// `year` is the year of becoming aware in the board's time zone (the id's year).
    pub fn add_breach(
        &mut self,
        prefix: &str,
        year: i32,
        now: DateTime<Utc>,
        make: impl FnOnce(String) -> std::result::Result<Breach, crate::domain::breach::BreachError>,
    ) -> Result<Breach> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let seq = next_seq(&tx, "breaches", year)?;
        let breach = make(format_id(prefix, year, seq))?;
        insert(&tx, &breach, year, seq, now, &user, &breach.title)?;
        tx.commit()?;
        Ok(breach)
    }

    /// Ids are matched case-insensitively.
    pub fn breach(&self, id: &str) -> Result<Breach> {
        load_one(&self.conn, &id.trim().to_uppercase())
    }

    /// The whole register (closed breaches too unless `open_only`), with log and follow-ups.
    pub fn breaches(&self, open_only: bool) -> Result<Vec<Breach>> {
        let condition = if open_only { OPEN } else { "1 = 1" };
        let mut stmt = self.conn.prepare_cached(&select_sql(&format!(
            "WHERE {condition} ORDER BY year, seq"
        )))?;
        let mut list = stmt
            .query_map([], row_to_breach)
            .map_err(map_corrupt)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_corrupt)?;
        let scope = format!("breach_id IN (SELECT id FROM breaches WHERE {condition})");
        let mut children = load_children(&self.conn, &scope, &[]).map_err(map_corrupt)?;
        let mut letters = super::letters::load(
            &self.conn,
            &format!("IN (SELECT id FROM breaches WHERE {condition})"),
            &[],
            false,
        )
        .map_err(map_corrupt)?;
        for b in &mut list {
            attach(b, &mut children);
            b.letters = letters.remove(&b.id).unwrap_or_default();
        }
        Ok(list)
    }

    pub fn save_breach(
        &mut self,
        before: &Breach,
        after: &Breach,
        now: DateTime<Utc>,
    ) -> Result<Breach> {
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let current = load_one(&tx, &before.id)?;
        save_diff(&tx, before, after, &current, now, &user, |tx| {
            save_followups(tx, &before.id, &before.followups, &after.followups)
        })?;
        let saved = load_one(&tx, &before.id)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Appends one line to the breach's log, committed at once so a dropped connection loses
    /// nothing typed before it.
    pub fn log_breach(&mut self, id: &str, text: &str, now: DateTime<Utc>) -> Result<LogEntry> {
        let id = &id.trim().to_uppercase();
        let text = text.trim();
        if text.is_empty() {
            return Err(crate::domain::breach::BreachError::Required { field: "text" }.into());
        }
        let user = self.user.clone();
        let (tx, now) = self.begin_write(now)?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM breaches WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::BreachNotFound(id.to_string()));
        }
        tx.execute(
            "INSERT INTO breach_log (breach_id, at, author, text) VALUES (?1, ?2, ?3, ?4)",
            params![id, ts(now), user, text],
        )?;
        AuditContext {
            at: now,
            user: &user,
            entity: "breach",
            record_id: id,
        }
        .record(&tx, "log", None, Some(text))?;
        tx.commit()?;
        Ok(LogEntry {
            at: now,
            author: user,
            text: text.to_string(),
        })
    }
}

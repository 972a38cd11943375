//! Replaying the audit trail into the records it describes, and comparing the result with the
//! records as stored.
//!
//! A record, for this comparison, is an [`Image`]: its columns as text (the bookkeeping ones
//! `created_at`, `updated_at` and `version` too, times to the second; `year` and `seq` as its id
//! says), its child lists as the audit trail writes them (pauses, recipients, follow-ups: one
//! text per item, changed in place), and its dated entries (notes, log lines, letters sent,
//! e-mail messages logged: time, who, value). An inbox mark (entity `intake`, named by the
//! message's mailbox name) is an image of its state, key (as [`key_digest`]), reason, who and
//! when.
//!
//! The audit rows of a record rebuild its image: the creation row starts it, a row per field
//! sets that field, list rows add or replace an item, entry rows add an entry, and every save
//! of a request or breach writes a `version` row (old and new version), which also dates
//! `updated_at`. Empty and NULL are the same value here: creating a record does not write a
//! row for an empty field.
//!
//! Databases from before schema 12 did not audit everything (inbox marks logged as a request,
//! the key of a message set aside, the version). Migration 12 therefore writes one *baseline*
//! row per request, breach and inbox mark, holding its image as stored then (JSON), followed by
//! one marker row (entity `audit`, record `baseline`, field `baselined`). A record's replay
//! starts from its baseline; rows before it are checked as links of the chain only. Baselines
//! are honoured only before the marker. Times along the chain are checked from the marker on
//! (from the first row in a database created at schema 12 or later).

use super::{text, AuditProblem, AuditRow, ProblemKind};
use crate::store::Result;
use chrono::{DateTime, SubsecRound, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The schema version from which every field is audited and baselines exist.
pub(in crate::store) const SINCE_VERSION: i64 = 12;

/// The field of a baseline row, and the marker row that ends the baselines.
const BASELINE: &str = "baseline";
pub(super) const MARKER: (&str, &str, &str) = ("audit", "baseline", "baselined");

/// Child lists: one text per item, changed by position.
const LISTS: &[&str] = &["pause", "recipient", "followup"];
/// Dated entries: added, never changed.
const ENTRIES: &[&str] = &["note", "log", "letter", "intake_message"];

/// The kinds of record that are replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Request,
    Breach,
    Intake,
}

impl Kind {
    fn of(entity: &str) -> Option<Kind> {
        match entity {
            "request" => Some(Kind::Request),
            "breach" => Some(Kind::Breach),
            "intake" => Some(Kind::Intake),
            _ => None,
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Breach => "breach",
            Kind::Intake => "intake",
        }
    }

    /// How a message names the record.
    fn what(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Breach => "breach",
            Kind::Intake => "the inbox mark of message",
        }
    }
}

type Key = (Kind, String);

/// One dated entry: a note, a log line, a letter sent, a message logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Entry {
    at: String,
    /// Who; None where the stored row does not say (a logged message).
    user: Option<String>,
    /// None when a purge blanked the audit row's value.
    value: Option<String>,
}

impl Entry {
    fn matches(&self, audited: &Entry) -> bool {
        self.at == audited.at
            && (self.user.is_none() || audited.user.is_none() || self.user == audited.user)
            && (audited.value.is_none() || self.value == audited.value)
    }

    fn describe(&self) -> String {
        format!(
            "{} {}: {}",
            self.at,
            self.user.as_deref().unwrap_or("-"),
            self.value.as_deref().unwrap_or("(blanked)")
        )
    }
}

/// A record as stored (or as a baseline row holds it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Image {
    fields: BTreeMap<String, Option<String>>,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    entries: BTreeMap<String, Vec<Entry>>,
}

/// A value as the trail has it, and the row that set it.
#[derive(Debug, Clone)]
struct Slot {
    /// None when the row was blanked by a purge.
    value: Option<Option<String>>,
    row: i64,
}

/// A record as its audit rows make it.
#[derive(Debug, Default)]
struct Audited {
    /// The creation row or a baseline was seen: there is something to compare.
    started: bool,
    /// The creation time (to the second), for "dated before its record".
    created: Option<String>,
    fields: BTreeMap<String, Slot>,
    /// Items, each with the row that wrote it.
    lists: BTreeMap<String, Vec<(String, i64)>>,
    /// Lists a blanked row touched: their items can no longer be known.
    unknown_lists: BTreeSet<String>,
    entries: BTreeMap<String, Vec<(Entry, i64)>>,
    /// A blanked baseline or inbox row: nothing can be compared.
    unknown: bool,
}

/// How inbox rows name a message's duplicate key: a digest, since the key of a message without
/// a Message-ID holds its sender, which the trail of a message that is no request never names.
pub(in crate::store) fn key_digest(key: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{}", hex::encode(Sha256::digest(key.as_bytes())))
}

/// "" and NULL are one value.
fn norm(v: Option<&str>) -> Option<String> {
    v.filter(|s| !s.is_empty()).map(str::to_string)
}

/// A stored time to the second in UTC, as audit rows write it; text that is not a time stays.
fn norm_time(s: &str) -> String {
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) => crate::domain::dates::rfc3339(&t.with_timezone(&Utc).trunc_subsecs(0)),
        Err(_) => s.to_string(),
    }
}

/// The year and number an id like `V-2026-0001` carries (as the columns hold them).
fn year_seq(id: &str) -> (Option<String>, Option<String>) {
    let mut parts = id.rsplitn(3, '-');
    let seq = parts.next().and_then(|s| s.parse::<i64>().ok());
    let year = parts.next().and_then(|s| s.parse::<i64>().ok());
    (year.map(|y| y.to_string()), seq.map(|s| s.to_string()))
}

impl Audited {
    fn set(&mut self, field: &str, value: Option<Option<String>>, row: i64) {
        match self.fields.get_mut(field) {
            Some(slot) => *slot = Slot { value, row },
            None => {
                self.fields.insert(field.to_string(), Slot { value, row });
            }
        }
    }

    fn from_image(image: Image, row: i64) -> Audited {
        let created = image.fields.get("created_at").cloned().flatten();
        Audited {
            started: true,
            created,
            fields: image
                .fields
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        Slot {
                            value: Some(v),
                            row,
                        },
                    )
                })
                .collect(),
            lists: image
                .lists
                .into_iter()
                .map(|(k, items)| (k, items.into_iter().map(|i| (i, row)).collect()))
                .collect(),
            unknown_lists: BTreeSet::new(),
            entries: image
                .entries
                .into_iter()
                .map(|(k, items)| (k, items.into_iter().map(|e| (e, row)).collect()))
                .collect(),
            unknown: false,
        }
    }

    /// Applies one row of a request or breach.
    fn record_row(&mut self, row: &AuditRow) {
        let blanked = row.blanked();
        let new = if blanked {
            None
        } else {
            Some(norm(row.new.as_deref()))
        };
        let field = row.field.as_str();
        match field {
            "created" => {
                let at = norm_time(&row.at);
                let (year, seq) = year_seq(&row.record_id);
                self.started = true;
                self.created = Some(at.clone());
                self.set("created_at", Some(Some(at.clone())), row.id);
                self.set("updated_at", Some(Some(at)), row.id);
                self.set("version", Some(Some("1".into())), row.id);
                self.set("year", Some(year), row.id);
                self.set("seq", Some(seq), row.id);
            }
            "version" => {
                self.set("version", new, row.id);
                self.set("updated_at", Some(Some(norm_time(&row.at))), row.id);
            }
            f if LISTS.contains(&f) => {
                if blanked {
                    self.unknown_lists.insert(f.to_string());
                    return;
                }
                let items = self.lists.entry(f.to_string()).or_default();
                let old = norm(row.old.as_deref());
                let at = old
                    .as_ref()
                    .and_then(|o| items.iter().position(|(i, _)| i == o));
                match (at, norm(row.new.as_deref())) {
                    (Some(i), Some(n)) => items[i] = (n, row.id),
                    (Some(i), None) => {
                        items.remove(i);
                    }
                    (None, Some(n)) => items.push((n, row.id)),
                    (None, None) => {}
                }
            }
            f if ENTRIES.contains(&f) => {
                let entry = Entry {
                    at: norm_time(&row.at),
                    user: Some(row.user.clone()),
                    value: new.map(|v| v.unwrap_or_default()),
                };
                self.entries
                    .entry(f.to_string())
                    .or_default()
                    .push((entry, row.id));
            }
            f => self.set(f, new, row.id),
        }
    }

    /// Applies one row of an inbox mark.
    fn intake_row(&mut self, row: &AuditRow) {
        if row.blanked() {
            self.unknown = true;
            return;
        }
        self.started = true;
        let at = Some(Some(norm_time(&row.at)));
        let user = Some(Some(row.user.clone()));
        match row.field.as_str() {
            "logged" => {
                self.set("state", Some(Some("logged".into())), row.id);
                self.set("key", Some(norm(row.new.as_deref())), row.id);
                self.set("reason", Some(None), row.id);
                self.set("set_by", user, row.id);
                self.set("set_at", at, row.id);
            }
            "set_aside" => match norm(row.new.as_deref()) {
                Some(reason) => {
                    self.set("state", Some(Some("set_aside".into())), row.id);
                    self.set("key", Some(None), row.id);
                    self.set("reason", Some(Some(reason)), row.id);
                    self.set("set_by", user, row.id);
                    self.set("set_at", at, row.id);
                }
                // Put back: the mark is gone.
                None => {
                    for f in ["state", "key", "reason", "set_by", "set_at"] {
                        self.set(f, Some(None), row.id);
                    }
                }
            },
            "key" => self.set("key", Some(norm(row.new.as_deref())), row.id),
            other => self.set(other, Some(norm(row.new.as_deref())), row.id),
        }
    }

    /// Whether the trail says the inbox mark exists.
    fn mark_exists(&self) -> bool {
        self.fields
            .get("state")
            .is_some_and(|s| !matches!(s.value, Some(None)))
    }
}

/// The replay of the whole trail, fed row by row in id order.
#[derive(Default)]
pub(super) struct Replay {
    records: HashMap<Key, Audited>,
    /// The marker row's id (migration 12); baselines are honoured only before it.
    marker: Option<i64>,
    /// Problems found while feeding.
    problems: Vec<AuditProblem>,
}

impl Replay {
    pub fn new(marker: Option<i64>) -> Replay {
        Replay {
            marker,
            ..Replay::default()
        }
    }

    /// Feeds one chained row.
    pub fn row(&mut self, row: &AuditRow) {
        let Some(kind) = Kind::of(&row.entity) else {
            return;
        };
        let key = (kind, row.record_id.clone());
        if row.field == BASELINE {
            if self.marker.is_none_or(|m| row.id > m) {
                self.problems.push(row.problem(
                    ProblemKind::BaselineOutOfPlace,
                    format!(
                        "{} is a baseline outside the block migration 12 wrote: inserted outside avgdesk",
                        row.describe()
                    ),
                ));
                return;
            }
            let audited = match row.new.as_deref().map(serde_json::from_str::<Image>) {
                Some(Ok(image)) => Audited::from_image(image, row.id),
                // Blanked (or not an image): nothing of this record can be compared.
                _ => Audited {
                    started: true,
                    unknown: true,
                    ..Audited::default()
                },
            };
            self.records.insert(key, audited);
            return;
        }
        let audited = self.records.entry(key).or_default();
        match kind {
            Kind::Intake => audited.intake_row(row),
            _ => audited.record_row(row),
        }
    }

    /// When the record of `row` was created, as its trail says (to the second).
    pub fn created(&self, row: &AuditRow) -> Option<&str> {
        let kind = Kind::of(&row.entity)?;
        if kind == Kind::Intake {
            return None;
        }
        self.records
            .get(&(kind, row.record_id.clone()))
            .and_then(|a| a.created.as_deref())
    }

    /// Compares every replayed record with the record as stored.
    pub fn finish(mut self, conn: &Connection) -> Result<Vec<AuditProblem>> {
        let stored = load(conn, Scope::All)?;
        let mut problems = std::mem::take(&mut self.problems);
        let mut keys: BTreeSet<&Key> = stored.keys().collect();
        keys.extend(self.records.keys());
        for key in keys {
            compare(
                key,
                stored.get(key),
                self.records.get(key),
                false,
                &mut problems,
            );
        }
        describe_rows(conn, &mut problems)?;
        Ok(problems)
    }
}

/// Compares one record; `fields_only` for the cheap check at start-up.
fn compare(
    key: &Key,
    stored: Option<&Image>,
    audited: Option<&Audited>,
    fields_only: bool,
    out: &mut Vec<AuditProblem>,
) {
    let (kind, id) = (key.0, key.1.as_str());
    if kind == Kind::Intake {
        match (stored, audited) {
            (Some(_), None) => {
                out.push(differs(
                    ProblemKind::RowWithoutAudit,
                    key,
                    None,
                    None,
                    None,
                    None,
                    format!("{} {id} has no audit row: set outside avgdesk", kind.what()),
                ));
                return;
            }
            (None, Some(a)) if a.mark_exists() && !a.unknown => {
                out.push(differs(
                    ProblemKind::AuditWithoutRow,
                    key,
                    Some("state"),
                    None,
                    None,
                    a.fields.get("state").map(|s| s.row),
                    format!(
                        "{} {id} is in the audit trail but no longer stored: deleted outside avgdesk",
                        kind.what()
                    ),
                ));
                return;
            }
            (Some(_), Some(_)) => {}
            _ => return,
        }
    }
    // A request or breach without its creation row, or a creation whose record is gone, is
    // reported by `record_problems`.
    let (Some(stored), Some(audited)) = (stored, audited) else {
        return;
    };
    if !audited.started || audited.unknown {
        return;
    }
    let names: BTreeSet<&String> = stored.fields.keys().chain(audited.fields.keys()).collect();
    for name in names {
        let have = stored.fields.get(name).cloned().flatten();
        let (want, row) = match audited.fields.get(name) {
            Some(Slot { value: None, .. }) => continue, // blanked by a purge
            Some(Slot {
                value: Some(v),
                row,
            }) => (v.clone(), Some(*row)),
            None => (None, None),
        };
        if have != want {
            out.push(differs(
                ProblemKind::RecordDiffers,
                key,
                Some(name),
                have.as_deref(),
                want.as_deref(),
                row,
                format!(
                    "{} {id}, field {name}: stored {}, the audit trail says {}: changed outside avgdesk",
                    kind.what(),
                    shown(have.as_deref()),
                    shown(want.as_deref())
                ),
            ));
        }
    }
    if fields_only {
        return;
    }
    let list_names: BTreeSet<&String> = stored.lists.keys().chain(audited.lists.keys()).collect();
    for name in list_names {
        if audited.unknown_lists.contains(name.as_str()) {
            continue;
        }
        let have = stored.lists.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let want = audited.lists.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let found = match_items(have, want, |h, w| h == w);
        report_items(key, name, found, |item: &String| item.clone(), out);
    }
    let entry_names: BTreeSet<&String> = stored
        .entries
        .keys()
        .chain(audited.entries.keys())
        .collect();
    for name in entry_names {
        let have = stored.entries.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let want = audited.entries.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let found = match_items(have, want, |h, w| h.matches(w));
        report_items(key, name, found, Entry::describe, out);
    }
}

/// What matching stored items with audited ones found: pairs that differ (a changed item), items
/// stored without an audit row, and audited items no longer stored.
struct Matched<'a, T> {
    changed: Vec<(&'a T, &'a (T, i64))>,
    unaudited: Vec<&'a T>,
    gone: Vec<&'a (T, i64)>,
}

/// Items are matched as a multiset first (their order says little: two recipients of one name);
/// what is left is paired in order, and the rest is unaudited or gone.
fn match_items<'a, T>(
    have: &'a [T],
    want: &'a [(T, i64)],
    same: impl Fn(&T, &T) -> bool,
) -> Matched<'a, T> {
    let mut used = vec![false; want.len()];
    let mut left = Vec::new();
    for h in have {
        match (0..want.len()).find(|&j| !used[j] && same(h, &want[j].0)) {
            Some(j) => used[j] = true,
            None => left.push(h),
        }
    }
    let mut unmatched = want.iter().zip(&used).filter(|(_, u)| !**u).map(|(w, _)| w);
    let mut found = Matched {
        changed: Vec::new(),
        unaudited: Vec::new(),
        gone: Vec::new(),
    };
    for h in left {
        match unmatched.next() {
            Some(w) => found.changed.push((h, w)),
            None => found.unaudited.push(h),
        }
    }
    found.gone.extend(unmatched);
    found
}

/// The problems of one list or kind of entry of a record.
fn report_items<T>(
    key: &Key,
    name: &str,
    found: Matched<'_, T>,
    describe: impl Fn(&T) -> String,
    out: &mut Vec<AuditProblem>,
) {
    let (kind, id) = (key.0, key.1.as_str());
    for (h, (w, row)) in found.changed {
        let (hd, wd) = (describe(h), describe(w));
        out.push(differs(
            ProblemKind::RecordDiffers,
            key,
            Some(name),
            Some(&hd),
            Some(&wd),
            Some(*row),
            format!(
                "{} {id}, {name}: stored {}, the audit trail says {}: changed outside avgdesk",
                kind.what(),
                shown(Some(&hd)),
                shown(Some(&wd))
            ),
        ));
    }
    for h in found.unaudited {
        let hd = describe(h);
        out.push(differs(
            ProblemKind::RowWithoutAudit,
            key,
            Some(name),
            Some(&hd),
            None,
            None,
            format!(
                "{} {id}, {name} {} is stored but no audit row records it: added outside avgdesk",
                kind.what(),
                shown(Some(&hd))
            ),
        ));
    }
    for (w, row) in found.gone {
        let wd = describe(w);
        out.push(differs(
            ProblemKind::AuditWithoutRow,
            key,
            Some(name),
            None,
            Some(&wd),
            Some(*row),
            format!(
                "{} {id}, {name} {}: in the audit trail but no longer stored: deleted outside avgdesk",
                kind.what(),
                shown(Some(&wd))
            ),
        ));
    }
}

fn shown(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "nothing".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn differs(
    kind: ProblemKind,
    key: &Key,
    field: Option<&str>,
    stored: Option<&str>,
    audited: Option<&str>,
    row: Option<i64>,
    message: String,
) -> AuditProblem {
    AuditProblem {
        kind,
        id: row,
        at: None,
        entity: Some(key.0.entity().to_string()),
        record_id: Some(key.1.clone()),
        field: field.map(str::to_string),
        message,
        stored: stored.map(str::to_string),
        audited: audited.map(str::to_string),
    }
}

/// Fills in the time of the audit row each problem names (and says who wrote it).
fn describe_rows(conn: &Connection, problems: &mut [AuditProblem]) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT at, user FROM audit WHERE id = ?1")?;
    for p in problems.iter_mut().filter(|p| p.at.is_none()) {
        let Some(id) = p.id else { continue };
        let row = stmt
            .query_row([id], |r| Ok((text(r, 0)?, text(r, 1)?)))
            .optional()?;
        if let Some((at, user)) = row {
            p.message.push_str(&format!(
                " (audit row {id}, {} by {})",
                at.as_deref().unwrap_or(""),
                user.as_deref().unwrap_or("")
            ));
            p.at = at;
        }
    }
    Ok(())
}

/// Which records to read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope<'a> {
    /// Everything, children included.
    All,
    /// These requests, their columns only.
    Requests(&'a [String]),
}

/// `?1, ?2, ...` for `n` values.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The records as stored, as images.
fn load(conn: &Connection, scope: Scope<'_>) -> Result<BTreeMap<Key, Image>> {
    let mut out = BTreeMap::new();
    if let Scope::Requests(ids) = scope {
        let condition = format!("id IN ({})", placeholders(ids.len()));
        load_records(
            conn,
            Kind::Request,
            "requests",
            crate::store::requests::FIELD_NAMES,
            &condition,
            ids,
            &mut out,
        )?;
        return Ok(out);
    }
    load_records(
        conn,
        Kind::Request,
        "requests",
        crate::store::requests::FIELD_NAMES,
        "1 = 1",
        &[],
        &mut out,
    )?;
    load_records(
        conn,
        Kind::Breach,
        "breaches",
        crate::store::breaches::FIELD_NAMES,
        "1 = 1",
        &[],
        &mut out,
    )?;
    let mut list = |kind: Kind, name: &str, sql: &str| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = text(r, 0)?.unwrap_or_default();
            let item = text(r, 1)?.unwrap_or_default();
            if let Some(image) = out.get_mut(&(kind, id)) {
                image.lists.entry(name.into()).or_default().push(item);
            }
        }
        Ok(())
    };
    // The texts as `Record::lists` writes them (see requests.rs and breaches.rs).
    list(
        Kind::Request,
        "pause",
        "SELECT request_id, from_date || ' – ' || COALESCE(to_date, '…') || ': ' || reason
         FROM request_pauses ORDER BY id",
    )?;
    list(
        Kind::Request,
        "recipient",
        "SELECT request_id, name || CASE WHEN notified_on IS NULL THEN ' (not yet told)'
                                         ELSE ' (told ' || notified_on || ')' END
         FROM request_recipients ORDER BY id",
    )?;
    list(
        Kind::Breach,
        "followup",
        "SELECT breach_id, at || ' ' || kind || ': ' || text FROM breach_followups ORDER BY id",
    )?;
    let mut entries = |kind: Option<Kind>, name: &str, sql: &str| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = text(r, 0)?.unwrap_or_default();
            let entry = Entry {
                at: norm_time(&text(r, 1)?.unwrap_or_default()),
                user: text(r, 2)?,
                value: Some(text(r, 3)?.unwrap_or_default()),
            };
            // A letter belongs to a request or a breach as its kind says.
            let kind = kind.unwrap_or_else(|| {
                let code = text(r, 4).ok().flatten().unwrap_or_default();
                match crate::domain::letter::LetterKind::parse(&code) {
                    Some(k) if !k.for_request() => Kind::Breach,
                    _ => Kind::Request,
                }
            });
            if let Some(image) = out.get_mut(&(kind, id)) {
                image.entries.entry(name.into()).or_default().push(entry);
            }
        }
        Ok(())
    };
    entries(
        Some(Kind::Request),
        "note",
        "SELECT request_id, at, author, text FROM request_notes ORDER BY id",
    )?;
    entries(
        Some(Kind::Breach),
        "log",
        "SELECT breach_id, at, author, text FROM breach_log ORDER BY id",
    )?;
    entries(
        Some(Kind::Request),
        "intake_message",
        "SELECT request_id, logged_at, NULL, key FROM intake_messages ORDER BY rowid",
    )?;
    // The audit value of a letter: "decision 2026-11-23 email" (`SentLetter::audit_value`).
    entries(
        None,
        "letter",
        "SELECT record_id, recorded_at, recorded_by, kind || ' ' || sent_on || ' ' || via, kind
         FROM letters_sent ORDER BY id",
    )?;
    let mut stmt = conn.prepare(
        "SELECT mailbox_name, state, key, reason, set_by, set_at FROM intake_mailbox ORDER BY mailbox_name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let mut image = Image::default();
        for (i, name) in ["state", "key", "reason", "set_by", "set_at"]
            .into_iter()
            .enumerate()
        {
            let v = norm(text(r, i + 1)?.as_deref());
            let v = match name {
                "set_at" => v.map(|t| norm_time(&t)),
                "key" => v.map(|k| key_digest(&k)),
                _ => v,
            };
            image.fields.insert(name.into(), v);
        }
        out.insert((Kind::Intake, text(r, 0)?.unwrap_or_default()), image);
    }
    Ok(out)
}

fn load_records(
    conn: &Connection,
    kind: Kind,
    table: &str,
    fields: &[&str],
    condition: &str,
    values: &[String],
    out: &mut BTreeMap<Key, Image>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, created_at, updated_at, version, year, seq, {} FROM {table} WHERE {condition}",
        fields.join(", ")
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
    while let Some(r) = rows.next()? {
        out.insert(
            (kind, text(r, 0)?.unwrap_or_default()),
            record_image(r, fields)?,
        );
    }
    Ok(())
}

fn record_image(r: &Row<'_>, fields: &[&str]) -> rusqlite::Result<Image> {
    let mut image = Image::default();
    let t = |i: usize| -> rusqlite::Result<Option<String>> { Ok(norm(text(r, i)?.as_deref())) };
    image
        .fields
        .insert("created_at".into(), t(1)?.map(|s| norm_time(&s)));
    image
        .fields
        .insert("updated_at".into(), t(2)?.map(|s| norm_time(&s)));
    for (i, name) in ["version", "year", "seq"].into_iter().enumerate() {
        image.fields.insert(name.into(), t(3 + i)?);
    }
    for (i, name) in fields.iter().enumerate() {
        image.fields.insert((*name).into(), t(6 + i)?);
    }
    Ok(image)
}

/// Migration 12: a baseline row per request, breach and inbox mark holding it as stored, then
/// the marker row. Nothing in a database whose trail and registers are empty.
pub(in crate::store) fn write_baselines(conn: &Connection, user: &str, now: &str) -> Result<()> {
    let in_use: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM audit) + (SELECT COUNT(*) FROM requests)
              + (SELECT COUNT(*) FROM breaches) + (SELECT COUNT(*) FROM intake_mailbox)",
        [],
        |r| r.get(0),
    )?;
    if in_use == 0 {
        return Ok(());
    }
    let images = load(conn, Scope::All)?;
    let mut tail = super::Tail::read(conn)?;
    // Never dated before the row it follows.
    let at = match super::last_time(conn)? {
        Some(last) if crate::domain::dates::rfc3339(&last).as_str() > now => {
            crate::domain::dates::rfc3339(&last)
        }
        _ => now.to_string(),
    };
    for ((kind, id), image) in &images {
        let json = serde_json::to_string(image)
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        tail.append(
            conn,
            &at,
            user,
            kind.entity(),
            id,
            BASELINE,
            None,
            Some(&json),
        )?;
    }
    let (entity, record, field) = MARKER;
    tail.append(
        conn,
        &at,
        user,
        entity,
        record,
        field,
        None,
        Some(&format!("records={}", images.len())),
    )
}

/// The id of the marker row migration 12 wrote, if it wrote one.
pub(super) fn marker(conn: &Connection) -> Result<Option<i64>> {
    let (entity, record, field) = MARKER;
    Ok(conn
        .query_row(
            "SELECT MIN(id) FROM audit WHERE entity = ?1 AND record_id = ?2 AND field = ?3
               AND hash IS NOT NULL",
            [entity, record, field],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

/// The check at start-up: the requests `ids` (those on the app's first screen), each field
/// compared with the audit row that last set it. Only these records' rows are read (through the
/// (entity, record_id) index), so it costs a few milliseconds however large the board. The first
/// difference, if any.
pub(super) fn first_screen_problem(
    conn: &Connection,
    ids: &[String],
) -> Result<Option<AuditProblem>> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < SINCE_VERSION || ids.is_empty() {
        return Ok(None);
    }
    let stored = load(conn, Scope::Requests(ids))?;
    let mut replay = Replay::new(marker(conn)?);
    // The chain columns are left out: the links are the tail check's and `audit verify`'s.
    let mut stmt = conn.prepare(&format!(
        "SELECT id, at, user, entity, record_id, field, old_value, new_value, NULL, NULL, NULL, NULL
         FROM audit
         WHERE entity = 'request' AND record_id IN ({}) AND hash IS NOT NULL
         ORDER BY id",
        placeholders(ids.len())
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(ids))?;
    while let Some(r) = rows.next()? {
        replay.row(&AuditRow::from_row(r)?);
    }
    let mut problems = Vec::new();
    for (key, image) in &stored {
        compare(
            key,
            Some(image),
            replay.records.get(key),
            true,
            &mut problems,
        );
        if !problems.is_empty() {
            break;
        }
    }
    describe_rows(conn, &mut problems)?;
    Ok(problems.into_iter().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_give_their_year_and_number_as_stored() {
        assert_eq!(
            year_seq("V-2026-0012"),
            (Some("2026".into()), Some("12".into()))
        );
        assert_eq!(
            year_seq("AVG-X-2025-0001"),
            (Some("2025".into()), Some("1".into()))
        );
        assert_eq!(year_seq("nonsense"), (None, None));
    }

    #[test]
    fn times_are_compared_to_the_second_in_utc() {
        assert_eq!(
            norm_time("2026-11-23T10:00:00.123456+01:00"),
            "2026-11-23T09:00:00+00:00"
        );
        assert_eq!(norm_time("not a time"), "not a time");
    }

    #[test]
    fn two_recipients_of_one_name_match_whichever_was_ticked_off() {
        // The second "X" was told; replaying its row ticks off the first "X" it finds.
        let stored = [
            "X (not yet told)".to_string(),
            "X (told 2026-11-20)".to_string(),
        ];
        let audited = [
            ("X (told 2026-11-20)".to_string(), 9),
            ("X (not yet told)".to_string(), 4),
        ];
        let found = match_items(&stored, &audited, |h, w| h == w);
        assert!(found.changed.is_empty() && found.unaudited.is_empty() && found.gone.is_empty());
        // A changed one is paired with what is left over.
        let stored = [
            "X (not yet told)".to_string(),
            "Y (not yet told)".to_string(),
        ];
        let found = match_items(&stored, &audited, |h, w| h == w);
        assert_eq!(found.changed.len(), 1);
        assert_eq!(found.changed[0].0, "Y (not yet told)");
        assert_eq!(found.changed[0].1 .0, "X (told 2026-11-20)");
    }

    #[test]
    fn a_blanked_entry_matches_by_time_and_author_only() {
        let stored = Entry {
            at: "t".into(),
            user: Some("anna".into()),
            value: Some("belt".into()),
        };
        let blanked = Entry {
            value: None,
            ..stored.clone()
        };
        assert!(stored.matches(&blanked));
        let other = Entry {
            user: Some("bram".into()),
            ..blanked
        };
        assert!(!stored.matches(&other));
    }
}

//! The inbox: the messages of the configured mailbox not yet logged or set aside, newest first.
//! Listing reads the folders only; a message is read (its start, or its header when it is
//! large) when its row is shown, and whole when the officer opens it. Nothing in the mailbox
//! is ever moved, changed or deleted: what was handled is kept in the database by the
//! message's mailbox name.

use super::mailbox::{self, Entry};
use super::{propose_arrived, Arrival, IntakeError, Proposal};
use crate::app::{AppError, Session};
use crate::config::MailSource;
use crate::domain::request::Kind;
use crate::store::{InboxMarks, SetAside, Store};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::time::SystemTime;

/// Why the inbox shows no messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxError {
    /// The configured folder does not exist (or is no folder).
    Missing,
    /// `maildir =` names a folder without `new/` and `cur/`.
    NotMaildir,
    /// The folder could not be read (permissions): the system's words.
    Unreadable(String),
    /// The database's marks could not be read.
    Store(String),
}

/// What a row shows of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glance {
    /// The sender's name, else address.
    pub sender: String,
    pub subject: String,
    pub kind: Kind,
    /// How many attachments; None when only the header of a large message was read.
    pub attachments: Option<usize>,
    pub id_document: bool,
    /// The duplicate key (Message-ID, or sender + date + subject).
    pub key: String,
    /// The request the message was logged as elsewhere (`avgdesk intake`), when it was.
    pub logged_as: Option<String>,
    /// When it reached the school, as the form takes it (the newest `Received:` header, else
    /// the delivery time).
    pub received_at: DateTime<Utc>,
}

/// A row of the inbox list.
#[derive(Debug, Clone)]
pub struct InboxRow {
    pub entry: Entry,
    /// Set when the list shows the messages set aside.
    pub set_aside: Option<SetAside>,
}

pub struct Inbox {
    source: MailSource,
    stamp: Vec<Option<SystemTime>>,
    entries: Vec<Entry>,
    marks: InboxMarks,
    /// Read once per message while it stays in the mailbox.
    glances: HashMap<String, Result<Glance, IntakeError>>,
    /// Why the mailbox could not be read, if it could not.
    pub error: Option<InboxError>,
    scanned: bool,
}

impl Inbox {
    pub fn new(source: MailSource) -> Inbox {
        Inbox {
            source,
            stamp: Vec::new(),
            entries: Vec::new(),
            marks: InboxMarks::default(),
            glances: HashMap::new(),
            error: None,
            scanned: false,
        }
    }

    pub fn source(&self) -> &MailSource {
        &self.source
    }

    /// Reads the mailbox again when its folders changed (or always, with `force`), and with
    /// `force` the marks from the database too. True when the list may have changed.
    pub fn refresh(&mut self, store: &Store, force: bool) -> bool {
        let mut changed = false;
        if force || !self.scanned {
            match store.inbox_marks() {
                Ok(marks) => {
                    changed |= marks != self.marks;
                    self.marks = marks;
                }
                Err(e) => self.error = Some(InboxError::Store(e.to_string())),
            }
            changed |= self.recheck_logged(store);
        }
        let stamp = mailbox::stamp(&self.source);
        if !self.scanned || stamp != self.stamp {
            self.stamp = stamp;
            self.scanned = true;
            changed = true;
            match mailbox::scan(&self.source) {
                Ok(entries) => {
                    self.error = None;
                    // Forget what was read of messages that left the mailbox.
                    self.glances
                        .retain(|name, _| entries.iter().any(|e| &e.name == name));
                    self.entries = entries;
                }
                Err(e) => {
                    self.error = Some(match e.kind() {
                        std::io::ErrorKind::NotFound => InboxError::Missing,
                        std::io::ErrorKind::InvalidData => InboxError::NotMaildir,
                        _ => InboxError::Unreadable(e.to_string()),
                    });
                    self.entries.clear();
                }
            }
        }
        changed
    }

    /// Asks the database again whether the messages read so far were logged meanwhile (by
    /// `avgdesk intake` from a saved copy of the same message, or by another officer). True
    /// when one was.
    pub fn recheck_logged(&mut self, store: &Store) -> bool {
        let mut found = false;
        for g in self.glances.values_mut().flatten() {
            if g.logged_as.is_none() {
                g.logged_as = store.intake_logged_as(&g.key).ok().flatten();
                found |= g.logged_as.is_some();
            }
        }
        found
    }

    /// The messages still to handle, newest first; or, with `set_aside`, those set aside.
    pub fn rows(&self, set_aside: bool) -> Vec<InboxRow> {
        self.entries
            .iter()
            .filter_map(|e| {
                let aside = self.marks.set_aside.get(&e.name);
                match (set_aside, aside) {
                    (false, None) if !self.marks.logged.contains_key(&e.name) => Some(InboxRow {
                        entry: e.clone(),
                        set_aside: None,
                    }),
                    (true, Some(a)) => Some(InboxRow {
                        entry: e.clone(),
                        set_aside: Some(a.clone()),
                    }),
                    _ => None,
                }
            })
            .collect()
    }

    /// Messages shown as logged elsewhere (`avgdesk intake`) but not yet marked in the inbox:
    /// (name, key).
    pub fn seen_logged(&self) -> Vec<(String, String)> {
        self.glances
            .iter()
            .filter_map(|(name, g)| match g {
                Ok(Glance {
                    logged_as: Some(_),
                    key,
                    ..
                }) if !self.marks.handled(name) => Some((name.clone(), key.clone())),
                _ => None,
            })
            .collect()
    }

    /// How many messages are still to handle.
    pub fn count(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| !self.marks.handled(&e.name))
            .count()
    }

    /// What the row of `entry` shows, read once.
    pub fn glance(&mut self, entry: &Entry, store: &Store, tz: Tz) -> &Result<Glance, IntakeError> {
        self.glances
            .entry(entry.name.clone())
            .or_insert_with(|| read_glance(entry, store, tz))
    }
}

/// A message logged before from elsewhere (`avgdesk intake FILE.eml`) leaves the inbox when
/// the officer opens or sets it aside: it is recorded under its inbox name too. Returns the
/// request it was logged as.
pub fn take_logged(
    session: &mut Session,
    name: &str,
    key: &str,
) -> Result<Option<String>, IntakeError> {
    let now = session.now();
    session
        .store
        .link_logged_message(name, key, now)
        .map_err(|e| IntakeError::App(AppError::Store(e)))
}

fn read_glance(entry: &Entry, store: &Store, tz: Tz) -> Result<Glance, IntakeError> {
    let (raw, whole) =
        mailbox::read_glance(&entry.path).map_err(|e| IntakeError::Read(e.to_string()))?;
    let p = propose_arrived(&raw, tz, Some(arrival(entry)))?;
    Ok(Glance {
        sender: p.requester_name.clone(),
        subject: p.subject.clone(),
        kind: p.kind_suggestion,
        attachments: whole.then_some(p.attachments.len()),
        id_document: p.id_document_warning,
        logged_as: store.intake_logged_as(&p.key).ok().flatten(),
        received_at: p.received_at,
        key: p.key,
    })
}

/// The whole message of `entry` as a proposal, read when the officer opens it.
pub fn proposal(entry: &Entry, tz: Tz) -> Result<Proposal, IntakeError> {
    let raw = mailbox::read_message(&entry.path).map_err(|e| IntakeError::Read(e.to_string()))?;
    propose_arrived(&raw, tz, Some(arrival(entry)))
}

fn arrival(entry: &Entry) -> Arrival {
    Arrival {
        at: entry.arrival,
        delivered: entry.delivered,
    }
}

/// Sets a message aside as "no request" with the officer's reason (recorded, reversible).
pub fn set_aside(
    session: &mut Session,
    name: &str,
    key: &str,
    reason: &str,
) -> Result<(), IntakeError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(IntakeError::NoReason);
    }
    crate::domain::request::check_text("reason", reason, crate::domain::text::Shape::Line)
        .map_err(|e| IntakeError::App(e.into()))?;
    let now = session.now();
    session
        .store
        .set_message_aside(name, key, reason, now)
        .map_err(|e| IntakeError::App(AppError::Store(e)))
}

/// Puts a set-aside message back in the inbox.
pub fn put_back(session: &mut Session, name: &str) -> Result<(), IntakeError> {
    let now = session.now();
    session
        .store
        .put_message_back(name, now)
        .map_err(|e| IntakeError::App(AppError::Store(e)))
}

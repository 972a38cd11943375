//! SQLite storage: opening with safe settings, migrations, and the typed errors of this layer.
//! Knows the domain types, nothing of the screen.

mod audit;
mod breaches;
pub mod bulk;
mod chain;
mod consent;
pub mod dbfile;
mod guard;
mod import;
mod intake;
mod key;
mod letters;
pub mod migrations;
mod record;
mod requests;
mod scratch;

pub use audit::AuditEntry;
pub use chain::{AgainstBackup, AuditHead, AuditProblem, AuditReport, HeadCheck, ProblemKind};
pub use consent::{ImportSummary, NewConsent, PupilFilter};
pub use dbfile::{BackupReport, DatabaseInfo, DbFileError, RecordCounts};
pub use guard::{OpenNotice, APPLICATION_ID};
pub use intake::{InboxMarks, SetAside};
pub use key::{forbid_core_dumps, is_encrypted, Key, OpenOptions};
pub use record::FieldChange;
pub use requests::RequestFilter;
pub use scratch::sweep_beside;

use crate::domain::request::RuleError;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error(
        "database {path} was written by a newer avgdesk (schema version {found}, this avgdesk knows up to {supported}); \
         upgrade avgdesk to open it. The file was left untouched."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{} is a SQLite database of another program; avgdesk leaves it alone", path.display())]
    Foreign { path: PathBuf },
    #[error("database {}: not a usable avgdesk database: {problem}", path.display())]
    BrokenSchema { path: PathBuf, problem: String },
    #[error(
        "{} can be read by others (mode {mode:04o}) and belongs to another user; ask its owner to \
         run `chmod 600 {}`", path.display(), path.display()
    )]
    OpenToOthers { path: PathBuf, mode: u32 },
    #[error("database {path}: wrong passphrase or not an avgdesk database")]
    WrongKey { path: PathBuf },
    #[error(
        "database {path} is encrypted; give its passphrase (asked on the terminal, or --key-file PATH)"
    )]
    Encrypted { path: PathBuf },
    #[error("no request with id {0}")]
    NotFound(String),
    /// `avgdesk intake` was given a message that was logged before.
    #[error("this message was already logged as {request_id}; it is not logged twice")]
    DuplicateMessage { key: String, request_id: String },
    /// A message in the inbox was logged as a request: it cannot also be set aside.
    #[error("this message was logged as {request_id}; it is not set aside")]
    MessageLogged { request_id: String },
    /// A message in the inbox is already set aside, or (putting back) is not.
    #[error("this message is already set aside")]
    AlreadySetAside,
    #[error("this message is not set aside")]
    NotSetAside,
    #[error("no breach with id {0}")]
    BreachNotFound(String),
    #[error("no pupil with number {0}")]
    PupilNotFound(String),
    #[error(transparent)]
    Breach(#[from] crate::domain::breach::BreachError),
    #[error(transparent)]
    Consent(#[from] crate::domain::consent::ConsentError),
    #[error("{id} was changed by someone else since you opened it")]
    Conflict {
        id: String,
        changes: Vec<FieldChange>,
    },
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("the database holds a value this avgdesk cannot read: {0}")]
    Corrupt(String),
    // Not `#[from]`: that would also make the SQLite error the `source`, and `{:#}` would print
    // its message twice.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// The operating system gave no random bytes for an audit row's salt.
    #[error("no random numbers from the operating system for the audit trail: {0}")]
    NoRandom(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One open database. Every write runs in an IMMEDIATE transaction and records its audit trail.
pub struct Store {
    conn: Connection,
    user: String,
    path: PathBuf,
    notices: Vec<OpenNotice>,
    /// The passphrase of an encrypted database (kept for backups, which use the same key).
    key: Option<Key>,
}

/// How long a writer waits for another avgdesk process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

impl Store {
    /// Opens (creating if needed) the plain database at `path`, acting as `user` for the audit
    /// trail.
    pub fn open(path: &Path, user: &str) -> Result<Store> {
        Store::open_with(path, user, &OpenOptions::default())
    }

    /// Opens (creating if needed) the database at `path` with `options`: with a key, an
    /// encrypted database is opened, or a new one is created encrypted. The key is applied
    /// before anything is read; a wrong one is refused without changing the file.
    pub fn open_with(path: &Path, user: &str, options: &OpenOptions) -> Result<Store> {
        let open_err = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        // A named pipe, a device or a folder is refused before anything opens it (it would
        // wait for a writer forever, or read without end).
        crate::input::refuse_special(path).map_err(|e| open_err(e.to_string()))?;
        // An encrypted file without its passphrase is refused before anything else reads it.
        if options.key.is_none() && is_encrypted(path).unwrap_or(false) {
            return Err(StoreError::Encrypted {
                path: path.to_path_buf(),
            });
        }
        // Read-only first: another program's database, a newer one or a damaged one is refused
        // before anything is written (see `guard`).
        guard::inspect(path, options.key.as_ref())?;
        let notices = guard::tighten(path)?;
        create_private(path).map_err(|e| open_err(e.to_string()))?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_err(describe_open_error(&e)))?;
        key::apply_key(&conn, options.key.as_ref())?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Refuse a newer schema before changing anything, even the journal mode.
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| key_or_open_error(path, options.key.is_some(), &e))?;
        if found > migrations::latest() {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: migrations::latest(),
            });
        }
        let mode = switch_to_wal(&conn).map_err(|e| open_err(describe_open_error(&e)))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(open_err(format!(
                "could not switch to WAL journal mode (got {mode}); is the file on a network share?"
            )));
        }
        // An 8 MB page cache keeps a large board's working set in memory (peak stays far
        // below 40 MB).
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8000;",
        )?;
        let mut store = Store {
            conn,
            user: user.to_string(),
            path: path.to_path_buf(),
            notices,
            key: options.key.clone(),
        };
        store.migrate()?;
        guard::mark(&store.conn)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// What opening changed that the officer should know (a file made private).
    pub fn notices(&self) -> &[OpenNotice] {
        &self.notices
    }

    /// Whether the database is encrypted at rest (opened with a passphrase).
    pub fn encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The passphrase the database was opened with, for a backup under the same key.
    pub fn key(&self) -> Option<&Key> {
        self.key.as_ref()
    }

    /// Runs every migration not yet applied, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        for (i, sql) in migrations::MIGRATIONS.iter().enumerate() {
            let version = i as i64 + 1;
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the lock.
            let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if current >= version {
                continue;
            }
            tx.execute_batch(sql)?;
            migrations::after_step(version, &tx, &self.user)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Changes whenever another connection commits; the app polls it to refresh its view.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn write_tx(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

/// Switches to WAL, retrying while another process does the same. SQLite does not call the busy
/// handler here (this connection already holds a read lock), so two officers opening a fresh
/// file at once would otherwise get "database is locked".
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

/// Creates the folder (0700) and an empty file (0600) so the database never exists readable by
/// others, not even for a moment.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir)?;
        }
    }
    if !path.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(_) => {}
            // Another process created it between our check and our open.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// With a key, "not a database" means the key is wrong (or the file is no database at all:
/// SQLCipher cannot tell the two apart).
fn key_or_open_error(path: &Path, keyed: bool, e: &rusqlite::Error) -> StoreError {
    if keyed && e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        StoreError::WrongKey {
            path: path.to_path_buf(),
        }
    } else {
        StoreError::Open {
            path: path.to_path_buf(),
            message: describe_open_error(e),
        }
    }
}

fn describe_open_error(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "is not an avgdesk database (not an SQLite file); check --db or AVGDESK_DB".into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen) => {
            format!("cannot be opened for writing ({e}); check the file's and folder's permissions")
        }
        _ => e.to_string(),
    }
}

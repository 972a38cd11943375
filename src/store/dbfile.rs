//! Whole-file operations on a database: encrypt in place, change the passphrase, write a plain
//! copy, take an online backup, verify a backup, restore one.
//!
//! Every new file is written under a temporary name in the target's own folder (0600, created
//! exclusively), flushed to disk and then renamed into place, so an interrupted run leaves the
//! original untouched. Operations that replace the database itself first take it for themselves
//! (see [`take_exclusive`]) and refuse while another avgdesk has it open.

use super::key::{apply_key, is_encrypted, Key};
use super::scratch::{folder_of, Scratch};
use super::{migrations, Store, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params, Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DbFileError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no database at {0}")]
    Missing(PathBuf),
    #[error(
        "{0} is open in another avgdesk (or another program); close it there first. Nothing was changed."
    )]
    InUse(PathBuf),
    #[error("{0} already exists; avgdesk never writes over an existing file")]
    TargetExists(PathBuf),
    #[error("{0} is a symbolic link; give the real path")]
    Symlink(PathBuf),
    #[error("{0} is not encrypted")]
    NotEncrypted(PathBuf),
    #[error("{0} is already encrypted; use `avgdesk rekey` to change its passphrase")]
    AlreadyEncrypted(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the path is not valid UTF-8, which SQLite needs here")]
    NotUtf8 { path: PathBuf },
    #[error("{path} did not pass its check: {}", faults.join("; "))]
    Faulty { path: PathBuf, faults: Vec<String> },
    #[error(
        "{0} is the database itself (or its -wal, -shm or -journal file); write the plain copy to another file"
    )]
    LiveDatabase(PathBuf),
    #[error("{0} is not a regular file (a folder, a named pipe or a device); --force replaces only a regular file")]
    NotAFile(PathBuf),
}

impl From<rusqlite::Error> for DbFileError {
    fn from(e: rusqlite::Error) -> Self {
        DbFileError::Store(StoreError::Sqlite(e))
    }
}

pub type Result<T> = std::result::Result<T, DbFileError>;

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> DbFileError + '_ {
    move |source| DbFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The number of records of each kind in a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecordCounts {
    pub requests: i64,
    pub breaches: i64,
    pub pupils: i64,
    pub consent_answers: i64,
    pub audit: i64,
}

fn count_records(conn: &Connection) -> rusqlite::Result<RecordCounts> {
    let count = |table: &str| -> rusqlite::Result<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
    };
    Ok(RecordCounts {
        requests: count("requests")?,
        breaches: count("breaches")?,
        pupils: count("pupils")?,
        consent_answers: count("consent_events")?,
        audit: count("audit")?,
    })
}

/// What `avgdesk info` shows.
#[derive(Debug, Clone, Serialize)]
pub struct DatabaseInfo {
    pub path: PathBuf,
    pub schema_version: i64,
    pub encrypted: bool,
    /// The main file's size in bytes (recent changes may still sit in the -wal file beside it).
    pub size_bytes: u64,
    pub counts: RecordCounts,
}

impl Store {
    pub fn record_counts(&self) -> super::Result<RecordCounts> {
        Ok(count_records(&self.conn)?)
    }

    pub fn info(&self) -> Result<DatabaseInfo> {
        let size_bytes = std::fs::metadata(&self.path)
            .map_err(io_err(&self.path))?
            .len();
        Ok(DatabaseInfo {
            path: self.path.clone(),
            schema_version: self.schema_version()?,
            encrypted: self.encrypted(),
            size_bytes,
            counts: self.record_counts()?,
        })
    }

    /// Writes a consistent copy of the database to `target` with SQLite's online backup API
    /// while others keep working; encrypted with the same key when this database is. Never
    /// over an existing file or through a symbolic link.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        refuse_existing(target)?;
        let tmp = temp_beside(target)?;
        {
            let mut dest = Connection::open(tmp.path())?;
            apply_key(&dest, self.key())?;
            {
                let backup = Backup::new(&self.conn, &mut dest)?;
                // All pages in one step: one read transaction, so the copy is a single moment of
                // the database; writers in WAL mode are not held up.
                loop {
                    match backup.step(-1)? {
                        StepResult::Done => break,
                        StepResult::More => {}
                        _ => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            }
            // A backup is one self-contained file: no -wal needed beside it to read it.
            let mode: String = dest.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("delete") {
                return Err(DbFileError::Faulty {
                    path: target.to_path_buf(),
                    faults: vec![format!("journal mode stayed {mode}")],
                });
            }
        }
        persist(tmp, target, false)
    }
}

/// Refuses an existing target, a dangling symbolic link included.
fn refuse_existing(target: &Path) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(DbFileError::Symlink(target.to_path_buf())),
        Ok(_) => Err(DbFileError::TargetExists(target.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_err(target)(e)),
    }
}

fn refuse_symlink(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(DbFileError::Symlink(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// An empty private (0600) file with a temporary name in `target`'s folder, removed if dropped
/// or if the command is interrupted (see [`Scratch`]).
fn temp_beside(target: &Path) -> Result<Scratch> {
    Scratch::beside(target).map_err(io_err(target))
}

/// Flushes `tmp` to disk and renames it to `target` (over an existing file only when
/// `replace`), then flushes the folder so the rename itself survives a power cut.
fn persist(tmp: Scratch, target: &Path, replace: bool) -> Result<()> {
    tmp.as_file().sync_all().map_err(io_err(tmp.path()))?;
    match tmp.persist(target, replace) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(DbFileError::TargetExists(target.to_path_buf()))
        }
        Err(e) => return Err(io_err(target)(e)),
    }
    sync_folder(target)
}

fn sync_folder(target: &Path) -> Result<()> {
    let dir = folder_of(target);
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

fn utf8(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| DbFileError::NotUtf8 {
        path: path.to_path_buf(),
    })
}

fn busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Maps "not a database" after a key was applied to the wrong-passphrase error.
fn keyed_error(path: &Path, e: rusqlite::Error) -> DbFileError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        DbFileError::Store(StoreError::WrongKey {
            path: path.to_path_buf(),
        })
    } else {
        e.into()
    }
}

fn require_key(path: &Path, key: Option<&Key>) -> Result<()> {
    if key.is_none() && is_encrypted(path).map_err(io_err(path))? {
        return Err(StoreError::Encrypted {
            path: path.to_path_buf(),
        }
        .into());
    }
    Ok(())
}

/// Takes the database at `path` for this process alone, for as long as the returned connection
/// lives; refused (`InUse`) while any other connection has it open.
///
/// How: a fresh connection with a zero busy timeout and `locking_mode = EXCLUSIVE` reads the
/// file, which in WAL mode takes an exclusive lock on it, and leaves WAL mode
/// (`journal_mode = DELETE`). SQLite grants both only to the sole user of the file: every
/// other open avgdesk holds a shared lock on it for as long as its connection is open. Leaving
/// WAL also copies everything from the -wal file into the main file, so the file alone is the
/// whole database. A write lock is then taken and, in exclusive locking mode, kept until the
/// connection closes, so nobody starts using the file while it is being replaced. (A program
/// that opened it before the lock and waits for it would, after the replacement, still see the
/// old file; avgdesk waits at most 15 seconds for a lock and then says the database is locked.)
fn take_exclusive(path: &Path, key: Option<&Key>) -> Result<Connection> {
    refuse_symlink(path)?;
    if !path.exists() {
        return Err(DbFileError::Missing(path.to_path_buf()));
    }
    require_key(path, key)?;
    let in_use = |e: rusqlite::Error| {
        if busy(&e) {
            DbFileError::InUse(path.to_path_buf())
        } else {
            keyed_error(path, e)
        }
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    conn.busy_timeout(Duration::ZERO)?;
    conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))?;
    // The first read finds the file in WAL mode and, in exclusive locking mode, must take the
    // exclusive lock on it at once: refused while anyone else holds their shared lock. (Before
    // a read, `journal_mode` would not even know the file is in WAL mode.)
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(in_use)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(in_use)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(DbFileError::InUse(path.to_path_buf()));
    }
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
        .map_err(in_use)?;
    Ok(conn)
}

/// Copies every table, index, trigger and the schema version from `conn` into a new database
/// at `dest`, encrypted with `dest_key` or plain without one, inside one read transaction, and
/// returns what the copy must hold (read in that same transaction).
fn export(conn: &Connection, dest: &Path, dest_key: Option<&Key>) -> Result<Expected> {
    conn.execute(
        "ATTACH DATABASE ?1 AS avgdesk_export KEY ?2",
        params![utf8(dest)?, dest_key.map(Key::as_str).unwrap_or("")],
    )?;
    // sqlcipher_export copies tables, indexes and triggers, not the schema version: set it too.
    let result = conn
        .execute_batch("BEGIN")
        .and_then(|()| Expected::of(conn))
        .and_then(|expected| {
            conn.query_row("SELECT sqlcipher_export('avgdesk_export')", [], |_| Ok(()))?;
            conn.execute_batch(&format!(
                "PRAGMA avgdesk_export.user_version = {}",
                expected.version
            ))?;
            conn.execute_batch("COMMIT")?;
            Ok(expected)
        });
    if result.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let detached = conn.execute_batch("DETACH DATABASE avgdesk_export");
    let expected = result?;
    detached?;
    Ok(expected)
}

/// What a database is made of: every table, index, trigger and view with its SQL.
type Schema = Vec<(String, String, Option<String>)>;

fn schema_of(conn: &Connection, db: &str) -> rusqlite::Result<Schema> {
    let mut stmt = conn.prepare(&format!(
        "SELECT type, name, sql FROM {db}.sqlite_master ORDER BY type, name"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// What a copy must match: the original's record counts, schema version and schema.
struct Expected {
    counts: RecordCounts,
    version: i64,
    schema: Schema,
}

impl Expected {
    fn of(conn: &Connection) -> rusqlite::Result<Expected> {
        Ok(Expected {
            counts: count_records(conn)?,
            version: conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?,
            schema: schema_of(conn, "main")?,
        })
    }
}

/// Checks that the copy at `copy` opens with `key`, is intact and holds what `expected` says.
fn check_copy(copy: &Path, key: Option<&Key>, expected: &Expected) -> Result<()> {
    let report = backup_report(copy, key)?;
    let mut faults = report.faults;
    let (counts, version) = (expected.counts, expected.version);
    {
        let conn = open_immutable(copy, key)?;
        if schema_of(&conn, "main")? != expected.schema {
            faults.push("the copy's tables, indexes or triggers differ from the original's".into());
        }
    }
    if report.counts != counts {
        faults.push(format!(
            "the copy holds {:?}, the original {counts:?}",
            report.counts
        ));
    }
    if report.schema_version != version {
        faults.push(format!(
            "the copy has schema version {}, the original {version}",
            report.schema_version
        ));
    }
    if faults.is_empty() {
        Ok(())
    } else {
        Err(DbFileError::Faulty {
            path: copy.to_path_buf(),
            faults,
        })
    }
}

/// Rewrites the database at `path` (opened with `old`) under `new`: through a verified copy in
/// the same folder renamed over the original, which stays as it was until that rename.
fn rewrite(path: &Path, old: Option<&Key>, new: Option<&Key>) -> Result<()> {
    let guard = take_exclusive(path, old)?;
    let tmp = temp_beside(path)?;
    let expected = export(&guard, tmp.path(), new)?;
    check_copy(tmp.path(), new, &expected)?;
    remove_if_present(&sidecar(path, "-shm"))?;
    persist(tmp, path, true)?;
    drop(guard);
    Ok(())
}

/// Encrypts the plain database at `path` in place with `key`.
pub fn encrypt(path: &Path, key: &Key) -> Result<()> {
    if is_encrypted(path).map_err(io_err(path))? {
        return Err(DbFileError::AlreadyEncrypted(path.to_path_buf()));
    }
    rewrite(path, None, Some(key))
}

/// Changes the passphrase of the encrypted database at `path` from `old` to `new`.
pub fn rekey(path: &Path, old: &Key, new: &Key) -> Result<()> {
    if !path.exists() {
        return Err(DbFileError::Missing(path.to_path_buf()));
    }
    if !is_encrypted(path).map_err(io_err(path))? {
        return Err(DbFileError::NotEncrypted(path.to_path_buf()));
    }
    rewrite(path, Some(old), Some(new))
}

/// Writes a plain copy of the encrypted database at `path` to `out`: never through a symbolic
/// link, never onto the database itself or its companions, never over an existing file unless
/// `force` (and then only over a regular file). Takes the database for itself meanwhile, as
/// `encrypt` does: refused while another avgdesk has it open.
pub fn decrypt(path: &Path, key: &Key, out: &Path, force: bool) -> Result<()> {
    if !path.exists() {
        return Err(DbFileError::Missing(path.to_path_buf()));
    }
    if !is_encrypted(path).map_err(io_err(path))? {
        return Err(DbFileError::NotEncrypted(path.to_path_buf()));
    }
    refuse_symlink(out)?;
    refuse_live_database(path, out)?;
    if force {
        refuse_special(out)?;
    } else {
        refuse_existing(out)?;
    }
    // The key is checked (and the database taken) before anything is created.
    let guard = take_exclusive(path, Some(key))?;
    let tmp = temp_beside(out)?;
    let expected = export(&guard, tmp.path(), None)?;
    check_copy(tmp.path(), None, &expected)?;
    persist(tmp, out, force)?;
    drop(guard);
    Ok(())
}

/// Refuses `out` when it names the database at `db` or one of its companion files, under any
/// name: the same path, or another name for the same file (a hard link).
fn refuse_live_database(db: &Path, out: &Path) -> Result<()> {
    let live = || DbFileError::LiveDatabase(out.to_path_buf());
    let db_abs = std::fs::canonicalize(db).map_err(io_err(db))?;
    // The folder resolved (links in it included), the name as given: `out` itself may not exist.
    let out_abs = match (std::fs::canonicalize(folder_of(out)), out.file_name()) {
        (Ok(dir), Some(name)) => Some(dir.join(name)),
        _ => None,
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        if out_abs.as_deref() == Some(sidecar(&db_abs, suffix).as_path()) {
            return Err(live());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let same = match (
                std::fs::metadata(sidecar(db, suffix)),
                std::fs::symlink_metadata(out),
            ) {
                (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
                _ => false,
            };
            if same {
                return Err(live());
            }
        }
    }
    Ok(())
}

/// Refuses an existing `out` that is not a regular file: `--force` never replaces a folder,
/// a named pipe or a device.
fn refuse_special(out: &Path) -> Result<()> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if !m.is_file() => Err(DbFileError::NotAFile(out.to_path_buf())),
        _ => Ok(()),
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_err(path)(e)),
        _ => Ok(()),
    }
}

/// What `avgdesk backup verify` found in a backup.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub encrypted: bool,
    pub schema_version: i64,
    /// `PRAGMA integrity_check`'s lines: `["ok"]` for an intact file.
    pub integrity: Vec<String>,
    pub counts: RecordCounts,
    pub audit: AuditCheck,
    /// Every problem found; the backup is good only when this is empty.
    pub faults: Vec<String>,
    pub ok: bool,
}

/// The audit trail of a backup: its size and the hash chain checked as `avgdesk audit verify`
/// does (its problems are among the report's faults).
#[derive(Debug, Clone, Serialize)]
pub struct AuditCheck {
    pub rows: i64,
    /// The chain verified: every link, commitment and append-only trigger.
    pub intact: bool,
    /// The latest hash, to compare with one written down earlier: the head the backup was
    /// taken at (`audit verify --against` proves the live trail up to it).
    pub head: Option<String>,
    /// The row that carries it.
    pub head_id: Option<i64>,
}

/// Percent-encodes a path for an SQLite `file:` URI.
fn uri_path(path: &Path) -> Result<String> {
    let mut s = String::new();
    for b in utf8(path)?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(s)
}

/// Opens `path` read-only and immutable (no locks, no -wal or -shm: exactly the file's bytes).
fn open_immutable(path: &Path, key: Option<&Key>) -> Result<Connection> {
    let abs = std::path::absolute(path).map_err(io_err(path))?;
    let conn = Connection::open_with_flags(
        format!("file:{}?mode=ro&immutable=1", uri_path(&abs)?),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    Ok(conn)
}

/// Opens the backup at `path` read-only (with `key` if it is encrypted) and checks it: SQLite's
/// integrity check, the schema version, and the records it holds. Nothing is written, not
/// even a -wal or -shm file (the file is opened immutable: exactly its bytes are checked).
pub fn backup_report(path: &Path, key: Option<&Key>) -> Result<BackupReport> {
    if !path.exists() {
        return Err(DbFileError::Missing(path.to_path_buf()));
    }
    let encrypted = is_encrypted(path).map_err(io_err(path))?;
    require_key(path, key)?;
    let conn = open_immutable(path, if encrypted { key } else { None })?;
    let schema_version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| {
            if encrypted {
                keyed_error(path, e)
            } else if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
                DbFileError::Faulty {
                    path: path.to_path_buf(),
                    faults: vec!["not an SQLite database".into()],
                }
            } else {
                e.into()
            }
        })?;
    let mut faults = Vec::new();
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .unwrap_or_else(|e| vec![e.to_string()]);
    if integrity != ["ok"] {
        faults.push(format!("integrity check: {}", integrity.join("; ")));
    }
    if schema_version == 0 {
        faults.push("not an avgdesk database (no schema)".into());
    } else if schema_version > migrations::latest() {
        faults.push(format!(
            "schema version {schema_version} is newer than this avgdesk knows ({})",
            migrations::latest()
        ));
    } else {
        // The whole schema: a backup missing a table (or a trigger guarding the audit trail)
        // would pass every count and then not open.
        match super::guard::schema_differences(&conn, schema_version) {
            Ok(differences) => {
                faults.extend(differences.into_iter().map(|d| format!("schema: {d}")))
            }
            Err(e) => faults.push(format!("schema cannot be checked: {e}")),
        }
    }
    let counts = match count_records(&conn) {
        Ok(c) => c,
        Err(e) => {
            faults.push(format!("cannot count the records: {e}"));
            RecordCounts {
                requests: 0,
                breaches: 0,
                pupils: 0,
                consent_answers: 0,
                audit: 0,
            }
        }
    };
    let audit = match super::chain::verify(&conn, None) {
        Ok(report) => {
            for p in &report.problems {
                faults.push(format!("audit trail: {}", p.message));
            }
            AuditCheck {
                rows: counts.audit,
                intact: report.intact,
                head: report.head,
                head_id: report.head_id,
            }
        }
        Err(e) => {
            faults.push(format!("audit trail cannot be checked: {e}"));
            AuditCheck {
                rows: counts.audit,
                intact: false,
                head: None,
                head_id: None,
            }
        }
    };
    Ok(BackupReport {
        path: path.to_path_buf(),
        encrypted,
        schema_version,
        integrity,
        counts,
        audit,
        ok: faults.is_empty(),
        faults,
    })
}

/// What `restore` did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreOutcome {
    pub report: BackupReport,
    /// Where the database that was replaced is kept (none when there was no database).
    pub kept: Option<PathBuf>,
    /// Whether the restored database is encrypted: a plain backup restored over an encrypted
    /// database is encrypted with that database's passphrase.
    pub encrypted: bool,
}

/// Replaces the database at `db` (opened with `db_key`) with the backup at `backup` (opened
/// with `backup_key`). The backup is copied next to the database first and that copy is
/// verified; the current database is kept as `NAME.before-restore-STAMP` (never overwriting:
/// `-2`, `-3`, … are added when that name exists); refused while another avgdesk has the
/// database open. `stamp` is `YYYYMMDD-HHMMSS`.
pub fn restore(
    db: &Path,
    db_key: Option<&Key>,
    backup: &Path,
    backup_key: Option<&Key>,
    stamp: &str,
) -> Result<RestoreOutcome> {
    refuse_symlink(db)?;
    if !backup.exists() {
        return Err(DbFileError::Missing(backup.to_path_buf()));
    }
    // A named pipe or a device is refused, never waited on.
    let mut from = crate::input::open_regular(backup).map_err(io_err(backup))?;
    let tmp = temp_beside(db)?;
    {
        let mut to = tmp.as_file();
        std::io::copy(&mut from, &mut to).map_err(io_err(tmp.path()))?;
        to.sync_all().map_err(io_err(tmp.path()))?;
    }
    drop(from);
    let mut report = backup_report(tmp.path(), backup_key)?;
    report.path = backup.to_path_buf();
    if !report.ok {
        return Err(DbFileError::Faulty {
            path: backup.to_path_buf(),
            faults: report.faults,
        });
    }
    // A plain backup never makes an encrypted database plain: it is encrypted under the
    // database's passphrase first.
    let (tmp, encrypted) = match db_key {
        Some(key) if !report.encrypted => (encrypted_copy(&tmp, db, key)?, true),
        _ => (tmp, report.encrypted),
    };
    if !db.exists() {
        persist(tmp, db, false)?;
        return Ok(RestoreOutcome {
            report,
            kept: None,
            encrypted,
        });
    }
    let guard = take_exclusive(db, db_key)?;
    let kept = keep_aside(db, stamp)?;
    remove_if_present(&sidecar(db, "-shm"))?;
    persist(tmp, db, true)?;
    drop(guard);
    Ok(RestoreOutcome {
        report,
        kept: Some(kept),
        encrypted,
    })
}

/// An encrypted (under `key`), checked copy of the plain database file `plain`, beside `db`.
fn encrypted_copy(plain: &Scratch, db: &Path, key: &Key) -> Result<Scratch> {
    let conn = Connection::open_with_flags(
        plain.path(),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, None)?;
    let tmp = temp_beside(db)?;
    let expected = export(&conn, tmp.path(), Some(key))?;
    drop(conn);
    check_copy(tmp.path(), Some(key), &expected)?;
    Ok(tmp)
}

/// Gives the current database a second name, `NAME.before-restore-STAMP[-N]`, never one that
/// exists (a hard link: created atomically, and the file is never missing from its own name).
fn keep_aside(db: &Path, stamp: &str) -> Result<PathBuf> {
    let base = format!(
        "{}.before-restore-{stamp}",
        db.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "avgdesk.db".into())
    );
    let dir = folder_of(db);
    for n in 1..1000 {
        let name = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let kept = dir.join(name);
        match std::fs::hard_link(db, &kept) {
            Ok(()) => return Ok(kept),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err(&kept)(e)),
        }
    }
    Err(DbFileError::TargetExists(dir.join(base)))
}

/// The head of the audit chain in the backup at `path` (the head it was taken at), read without
/// checking the rest: for the audit row `backup` writes.
pub fn backup_head(path: &Path, key: Option<&Key>) -> Result<super::AuditHead> {
    let encrypted = is_encrypted(path).map_err(io_err(path))?;
    let conn = open_immutable(path, if encrypted { key } else { None })?;
    Ok(super::chain::head(&conn)?)
}

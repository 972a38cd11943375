//! What `Store::open` checks before it changes anything: that the file is avgdesk's own (or
//! empty), of a version this avgdesk knows, with the tables and columns it needs, and readable
//! by its owner only.
//!
//! The first look is read-only and leaves no trace: a database of another program or of a newer
//! avgdesk stays byte for byte as it was, `-wal` and `-shm` included. avgdesk marks its own
//! databases with `PRAGMA application_id` ([`APPLICATION_ID`]); databases from before the mark
//! are recognised by their tables and marked when opened.

use super::{migrations, Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of an avgdesk database: "AVGD" in ASCII.
pub const APPLICATION_ID: i32 = 0x4156_4744;

/// Tables every avgdesk database has had since its first schema version.
const OWN_TABLES: [&str; 2] = ["requests", "audit"];

/// What the read-only look found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// No file, an empty file or an SQLite file without any table: avgdesk may create its schema.
    Empty,
    /// An avgdesk database at `version`, complete for that version.
    Ours { version: i64 },
}

/// Something `Store::open` tells the officer after opening: printed on stderr by the command
/// line, shown in the app's message line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenNotice {
    /// The file was readable or writable by others (`mode`) and is now 0600.
    Tightened { path: PathBuf, mode: u32 },
}

impl std::fmt::Display for OpenNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenNotice::Tightened { path, mode } => write!(
                f,
                "{} was open to others (mode {mode:04o}); it is now readable by you only (0600)",
                path.display()
            ),
        }
    }
}

/// `path` with `suffix` appended: the `-wal`, `-shm` and `-journal` companions.
pub(super) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Looks at the file at `path` without changing it, and refuses a database of another program,
/// of a newer avgdesk, or with a damaged schema.
pub(super) fn inspect(path: &Path, key: Option<&super::Key>) -> Result<Found> {
    let open_err = |message: String| StoreError::Open {
        path: path.to_path_buf(),
        message,
    };
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Empty),
        Err(e) => return Err(open_err(format!("cannot be read ({e})"))),
    };
    let wal = companion(path, "-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    if len == 0 && wal_len == 0 {
        return Ok(Found::Empty);
    }
    // Without a WAL holding changes (and without a rollback journal) the main file is the whole
    // database: read it as immutable, which creates no `-wal` or `-shm`. Otherwise a read-only
    // connection reads the WAL too; any companion it had to create is removed again below when
    // the file is refused.
    let immutable = wal_len == 0 && !exists(&companion(path, "-journal"));
    let before: Vec<(PathBuf, bool)> = ["-wal", "-shm"]
        .iter()
        .map(|s| {
            let p = companion(path, s);
            let e = exists(&p);
            (p, e)
        })
        .collect();
    // An encrypted database is read through its key; a wrong key reads as "not a database".
    let verdict = open_read_only(path, immutable)
        .and_then(|conn| super::key::apply_key(&conn, key).map(|_| conn))
        .map_err(Classified::Sqlite)
        .and_then(|conn| classify(&conn, path))
        .map_err(|e| match e {
            Classified::Sqlite(e) => super::key_or_open_error(path, key.is_some(), &e),
            Classified::Refused(e) => e,
        });
    if verdict.is_err() && !immutable {
        for (p, existed) in before {
            if !existed {
                let _ = std::fs::remove_file(p);
            }
        }
    }
    verdict
}

/// A read-only connection to `path` that never checkpoints. `immutable`: SQLite takes no locks
/// and creates no companion files.
pub(super) fn open_read_only(path: &Path, immutable: bool) -> rusqlite::Result<Connection> {
    let uri = format!(
        "file:{}?mode=ro{}",
        uri_path(path),
        if immutable { "&immutable=1" } else { "" }
    );
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    Ok(conn)
}

/// The path for a `file:` URI: every byte outside the unreserved set and `/` percent-encoded.
fn uri_path(path: &Path) -> String {
    let absolute;
    let path = if path.is_absolute() {
        path
    } else {
        absolute = std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        &absolute
    };
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut s = String::new();
    for &b in &bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

enum Classified {
    Sqlite(rusqlite::Error),
    Refused(StoreError),
}

impl From<rusqlite::Error> for Classified {
    fn from(e: rusqlite::Error) -> Self {
        Classified::Sqlite(e)
    }
}

fn classify(conn: &Connection, path: &Path) -> std::result::Result<Found, Classified> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let tables = table_names(conn)?;
    let foreign = || {
        Classified::Refused(StoreError::Foreign {
            path: path.to_path_buf(),
        })
    };
    let ours = match app_id {
        APPLICATION_ID => true,
        0 if objects == 0 && version == 0 => return Ok(Found::Empty),
        0 => version >= 1 && OWN_TABLES.iter().all(|t| tables.contains(*t)),
        _ => false,
    };
    if !ours {
        return Err(foreign());
    }
    if version > migrations::latest() {
        return Err(Classified::Refused(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: migrations::latest(),
        }));
    }
    if let Some(problem) = schema_problem(conn, version)? {
        return Err(Classified::Refused(StoreError::BrokenSchema {
            path: path.to_path_buf(),
            problem,
        }));
    }
    Ok(Found::Ours { version })
}

fn table_names(conn: &Connection) -> rusqlite::Result<BTreeSet<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    names.collect()
}

fn column_names(conn: &Connection, table: &str) -> rusqlite::Result<BTreeSet<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    names.collect()
}

/// What the database at schema `version` lacks compared with a fresh one at that version, in
/// words: the first missing table or column. Extra tables and columns are no problem.
fn schema_problem(conn: &Connection, version: i64) -> rusqlite::Result<Option<String>> {
    if version == 0 {
        return Ok(None);
    }
    let reference = reference(version)?;
    let have = table_names(conn)?;
    for table in table_names(&reference)? {
        if !have.contains(&table) {
            return Ok(Some(format!("the table '{table}' is missing")));
        }
        let columns = column_names(conn, &table)?;
        if let Some(column) = column_names(&reference, &table)?
            .into_iter()
            .find(|c| !columns.contains(c))
        {
            return Ok(Some(format!(
                "the table '{table}' is missing a column '{column}'"
            )));
        }
    }
    Ok(None)
}

/// A fresh, empty avgdesk database at schema `version`, in memory.
fn reference(version: i64) -> rusqlite::Result<Connection> {
    let reference = Connection::open_in_memory()?;
    for sql in migrations::MIGRATIONS.iter().take(version.max(0) as usize) {
        reference.execute_batch(sql)?;
    }
    Ok(reference)
}

/// Every table, index, trigger and view (avgdesk's own, not SQLite's) with its SQL, whitespace
/// folded: the schema as a whole.
fn schema_objects(
    conn: &Connection,
) -> rusqlite::Result<std::collections::BTreeMap<(String, String), String>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
    )?;
    let rows = stmt.query_map([], |r| {
        let sql: String = r.get(2)?;
        Ok((
            (r.get(0)?, r.get(1)?),
            sql.split_whitespace().collect::<Vec<_>>().join(" "),
        ))
    })?;
    rows.collect()
}

/// Every way the schema of `conn` differs from a fresh avgdesk database at `version`, in words:
/// a table, column, index, trigger or view that is missing or defined otherwise, and a trigger
/// or view avgdesk never made (a trigger runs on every write). Extra tables and indexes are no
/// fault, as when opening. For a backup: one that passes opens in avgdesk.
pub(super) fn schema_differences(conn: &Connection, version: i64) -> rusqlite::Result<Vec<String>> {
    let want = schema_objects(&reference(version)?)?;
    let have = schema_objects(conn)?;
    let mut faults = Vec::new();
    for ((kind, name), sql) in &want {
        match have.get(&(kind.clone(), name.clone())) {
            None => faults.push(format!("the {kind} '{name}' is missing")),
            Some(found) if found != sql => {
                faults.push(format!("the {kind} '{name}' differs from avgdesk's"))
            }
            Some(_) => {}
        }
    }
    for (kind, name) in have.keys() {
        if matches!(kind.as_str(), "trigger" | "view")
            && !want.contains_key(&(kind.clone(), name.clone()))
        {
            faults.push(format!("a {kind} '{name}' that avgdesk does not make"));
        }
    }
    Ok(faults)
}

/// Makes the database and its `-wal` and `-shm` readable by the owner only. A file of another
/// user that others can read is refused with what to do: avgdesk cannot change its mode.
#[cfg(unix)]
pub(super) fn tighten(path: &Path) -> Result<Vec<OpenNotice>> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    tighten_as(path, unsafe { libc::geteuid() })
}

/// Without Unix file modes there is nothing to tighten.
#[cfg(not(unix))]
pub(super) fn tighten(_path: &Path) -> Result<Vec<OpenNotice>> {
    Ok(Vec::new())
}

/// [`tighten`] for the user `me`.
#[cfg(unix)]
fn tighten_as(path: &Path, me: u32) -> Result<Vec<OpenNotice>> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mut notices = Vec::new();
    for p in [
        path.to_path_buf(),
        companion(path, "-wal"),
        companion(path, "-shm"),
    ] {
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(StoreError::Open {
                    path: p,
                    message: format!("cannot be read ({e})"),
                })
            }
        };
        let mode = meta.mode() & 0o7777;
        if mode & 0o077 == 0 {
            continue;
        }
        if meta.uid() != me {
            return Err(StoreError::OpenToOthers { path: p, mode });
        }
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            StoreError::Open {
                path: p.clone(),
                message: format!("is open to others and could not be made private ({e})"),
            }
        })?;
        notices.push(OpenNotice::Tightened { path: p, mode });
    }
    Ok(notices)
}

/// Marks the database as avgdesk's (a database from before the mark, or a new one).
pub(super) fn mark(conn: &Connection) -> rusqlite::Result<()> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().mode() & 0o7777
    }

    #[test]
    fn files_open_to_others_are_made_private_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        std::fs::write(&db, b"x").unwrap();
        std::fs::write(companion(&db, "-wal"), b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(
            companion(&db, "-wal"),
            std::fs::Permissions::from_mode(0o660),
        )
        .unwrap();
        let me = std::fs::metadata(&db).unwrap().uid();
        let notices = tighten_as(&db, me).unwrap();
        assert_eq!(
            notices,
            [
                OpenNotice::Tightened {
                    path: db.clone(),
                    mode: 0o644
                },
                OpenNotice::Tightened {
                    path: companion(&db, "-wal"),
                    mode: 0o660
                }
            ]
        );
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&companion(&db, "-wal")), 0o600);
        assert!(notices[0].to_string().contains("now readable by you only"));
        // Already private: nothing to say.
        assert!(tighten_as(&db, me).unwrap().is_empty());
    }

    #[test]
    fn a_file_of_another_user_open_to_others_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        std::fs::write(&db, b"x").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let someone_else = std::fs::metadata(&db).unwrap().uid().wrapping_add(1);
        let e = tighten_as(&db, someone_else).unwrap_err();
        assert!(
            matches!(e, StoreError::OpenToOthers { mode: 0o644, .. }),
            "{e:?}"
        );
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("chmod 600 {}", db.display())),
            "{msg}"
        );
        assert!(msg.contains("ask its owner"), "{msg}");
        assert_eq!(mode(&db), 0o644, "another user's file was changed");
    }

    #[test]
    fn a_uri_path_survives_question_marks_and_spaces() {
        assert_eq!(
            uri_path(Path::new("/a b/c?d#e%.db")),
            "/a%20b/c%3Fd%23e%25.db"
        );
    }
}

//! Encryption at rest (SQLCipher): the passphrase type, applying it to a connection, and telling
//! an encrypted file from a plain one.
//!
//! The passphrase goes to SQLCipher through `sqlite3_key`, never as SQL text: no statement, and
//! so no error message, can ever hold it. (`sqlite3_key` with the passphrase's bytes is what
//! `PRAGMA key = '...'` did: databases keyed either way open either way.) While a key is held
//! the process writes no core dump, and the key is wiped from memory when dropped.

use rusqlite::Connection;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// A database passphrase. Wiped from memory when dropped; never printed (`Debug` hides it).
#[derive(Clone)]
pub struct Key(Zeroizing<String>);

impl Key {
    /// Takes the passphrase; `None` when it is empty (SQLCipher treats an empty key as "no key").
    pub fn new(passphrase: String) -> Option<Key> {
        forbid_core_dumps();
        let passphrase = Zeroizing::new(passphrase);
        if passphrase.is_empty() {
            None
        } else {
            Some(Key(passphrase))
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.as_str() == other.as_str()
    }
}

/// How to open a database: with the passphrase of an encrypted one (also: the passphrase a new
/// database is created with).
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub key: Option<Key>,
}

impl OpenOptions {
    pub fn with_key(key: Option<Key>) -> OpenOptions {
        OpenOptions { key }
    }
}

/// Gives the connection its passphrase. Must come first on a fresh connection: SQLCipher reads
/// nothing until then. The passphrase's bytes go through `sqlite3_key` (any byte, a quote or a
/// NUL included, is part of the passphrase), never through SQL text.
pub(crate) fn apply_key(conn: &Connection, key: Option<&Key>) -> rusqlite::Result<()> {
    // SQLCipher logs a wrong key ("hmac check failed") to stderr, over the terminal and the
    // app's own message: the typed error says it once.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(key) = key {
        let bytes = key.as_str().as_bytes();
        let len = std::ffi::c_int::try_from(bytes.len()).map_err(|_| {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_TOOBIG),
                Some("the passphrase is too long".into()),
            )
        })?;
        // SAFETY: the handle is this open connection's, used on this thread only; SQLCipher
        // copies the `len` bytes it is given and keeps no pointer to them.
        let rc = unsafe { rusqlite::ffi::sqlite3_key(conn.handle(), bytes.as_ptr().cast(), len) };
        if rc != rusqlite::ffi::SQLITE_OK {
            // The code only: the passphrase is never part of an error.
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rc),
                None,
            ));
        }
    }
    Ok(())
}

/// Stops this process from writing a core dump (`RLIMIT_CORE` 0, soft and hard) from the moment
/// a passphrase is read: a core file would hold it in clear. Once set it stays for the process's
/// life; nothing in avgdesk needs a core dump.
pub fn forbid_core_dumps() {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit with a valid struct; lowering a limit cannot fail for lack of
        // privilege.
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) };
    }
}

/// The first 16 bytes of every plain SQLite database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The smallest page SQLite and SQLCipher write: an encrypted database is at least this long.
const MIN_PAGE: u64 = 512;

/// Whether the file at `path` looks like an encrypted database: at least a page long, and its
/// first 16 bytes (SQLCipher's random salt) are neither SQLite's plain header nor plain text.
/// An empty file (a database about to be created) is not encrypted; neither is a text file
/// given by mistake, which SQLite then refuses as "not an avgdesk database".
pub fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    // A named pipe or a device is refused, never waited on.
    let mut file = crate::input::open_regular(path)?;
    if file.metadata()?.len() < MIN_PAGE {
        return Ok(false);
    }
    let mut head = [0u8; 16];
    file.read_exact(&mut head)?;
    let text = head
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    Ok(&head != SQLITE_HEADER && !text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_tell_plain_from_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        std::fs::write(&p, b"").unwrap();
        assert!(
            !is_encrypted(&p).unwrap(),
            "an empty file is a new plain database"
        );
        std::fs::write(&p, b"SQLite format 3\0rest of page").unwrap();
        assert!(!is_encrypted(&p).unwrap());
        std::fs::write(&p, [0x8a_u8; 4096]).unwrap();
        assert!(is_encrypted(&p).unwrap());
        std::fs::write(&p, [0x8a_u8; 64]).unwrap();
        assert!(!is_encrypted(&p).unwrap(), "shorter than any page");
        std::fs::write(&p, "not SQLite, just text\n".repeat(100)).unwrap();
        assert!(
            !is_encrypted(&p).unwrap(),
            "a text file is no database at all"
        );
    }

    #[test]
    fn empty_passphrase_is_no_key_and_debug_hides_it() {
        assert!(Key::new(String::new()).is_none());
        let k = Key::new("geheim".into()).unwrap();
        assert_eq!(format!("{k:?}"), "Key(..)");
    }
}

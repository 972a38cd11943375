//! Temporary files for whole-file operations, and sweeping up those a killed avgdesk left.
//!
//! A new database file (an encrypted or plain copy, a backup, a restored file) is written as
//! `.NAME.XXXXXX.tmp` in the target's own folder (0600, created exclusively) and renamed into
//! place when it is complete. While it exists:
//!
//! - its path (and the `-journal`, `-wal` and `-shm` SQLite may put beside it) is held by
//!   [`crate::interrupt`], so Ctrl-C or `kill` removes it before the process ends;
//! - it carries an exclusive `flock(2)` for as long as this process has it open. A file of that
//!   name without the lock belongs to no running avgdesk: SIGKILL or a power cut left it, and
//!   [`sweep_beside`] removes it on the next run. The lock, not the file's age, tells the two
//!   apart, so a long encrypt in another terminal is never swept from under it.

use crate::interrupt;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// The files SQLite may create beside a database it writes.
const COMPANIONS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The random part of a temporary name: `.NAME.` + this many letters and digits + `.tmp`.
const RANDOM_LEN: usize = 6;

/// A temporary file in a target's folder, removed when dropped (with any SQLite companion),
/// on SIGINT/SIGTERM/SIGHUP, or by the next run's sweep when the process was killed.
pub(crate) struct Scratch {
    // Fields drop in this order: the companions, the file itself, and only then the hold on
    // their paths.
    companions: Companions,
    file: NamedTempFile,
    _held: Vec<interrupt::Registration>,
}

/// Removes, when dropped, the files SQLite may have left beside a temporary file.
struct Companions(PathBuf);

impl Drop for Companions {
    fn drop(&mut self) {
        for c in COMPANIONS {
            let _ = std::fs::remove_file(companion(&self.0, c));
        }
    }
}

impl Scratch {
    /// An empty private file named `.NAME.XXXXXX.tmp` beside `target`.
    pub(crate) fn beside(target: &Path) -> io::Result<Scratch> {
        loop {
            // Held from the moment it exists: a signal in between would leave it behind.
            let (file, held) = interrupt::creating(|| -> io::Result<_> {
                let file = tempfile::Builder::new()
                    .prefix(&format!(".{}.", name_of(target)))
                    .suffix(".tmp")
                    .rand_bytes(RANDOM_LEN)
                    .tempfile_in(folder_of(target))?;
                let mut held = vec![interrupt::hold(file.path())];
                held.extend(
                    COMPANIONS
                        .iter()
                        .map(|c| interrupt::hold(&companion(file.path(), c))),
                );
                Ok((file, held))
            })?;
            // Where the file system has no locks, the sweep cannot lock the file either and so
            // never removes it: going on without is safe.
            let _ = lock(file.as_file(), true);
            // A sweep that found the file before the lock was taken may have removed the name:
            // then this file is no one's, and another name is taken.
            if same_file(file.as_file(), file.path())? {
                return Ok(Scratch {
                    companions: Companions(file.path().to_path_buf()),
                    file,
                    _held: held,
                });
            }
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }

    pub(crate) fn as_file(&self) -> &File {
        self.file.as_file()
    }

    /// Renames the file to `target`: over an existing file only when `replace`. On an error
    /// the temporary file is removed.
    pub(crate) fn persist(self, target: &Path, replace: bool) -> io::Result<()> {
        let Scratch {
            companions,
            file,
            _held,
        } = self;
        drop(companions);
        let placed = if replace {
            file.persist(target)
        } else {
            file.persist_noclobber(target)
        };
        // On an error the file drops here, removed while its path is still held.
        placed.map(drop).map_err(|e| e.error)
    }
}

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "avgdesk".into())
}

pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Takes an exclusive `flock` on `file`: waiting for it (`wait`) or not at all. `Ok(false)`
/// when another open file holds it.
#[cfg(unix)]
fn lock(file: &File, wait: bool) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    let op = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: flock on a descriptor this File owns.
        if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) => return Ok(false),
            _ => return Err(e),
        }
    }
}

#[cfg(not(unix))]
fn lock(_file: &File, _wait: bool) -> io::Result<bool> {
    Ok(true)
}

/// Whether `path` still names the file open as `file`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let open = file.metadata()?;
    Ok(match std::fs::symlink_metadata(path) {
        Ok(named) => named.dev() == open.dev() && named.ino() == open.ino(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    })
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> io::Result<bool> {
    Ok(path.exists())
}

/// What a name in the folder is to the sweep: avgdesk's temporary file for `name`, one of its
/// SQLite companions (with the temporary file's own name), or something else.
enum Leftover {
    Temp,
    Companion(String),
}

fn leftover_kind(file_name: &str, name: &str) -> Option<Leftover> {
    let rest = file_name.strip_prefix(&format!(".{name}."))?;
    let random = rest.get(..RANDOM_LEN)?;
    if !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    match rest.get(RANDOM_LEN..)? {
        ".tmp" => Some(Leftover::Temp),
        tail if COMPANIONS.iter().any(|c| tail == format!(".tmp{c}")) => {
            Some(Leftover::Companion(format!(".{name}.{random}.tmp")))
        }
        _ => None,
    }
}

/// Removes what a killed avgdesk left beside `target` (a database, or a copy being written):
/// `.NAME.XXXXXX.tmp` files of this user that no running avgdesk holds, and their SQLite
/// companions. Returns the paths removed. Anything else, a symbolic link, another user's file
/// or one that cannot be checked is left alone.
pub fn sweep_beside(target: &Path) -> Vec<PathBuf> {
    let dir = folder_of(target);
    let name = name_of(target);
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = listing
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    // The temporary files first, so their companions go with them.
    names.sort_by_key(|n| !n.ends_with(".tmp"));
    let mut removed = Vec::new();
    for file_name in names {
        let path = dir.join(&file_name);
        match leftover_kind(&file_name, &name) {
            Some(Leftover::Temp) if remove_unheld(&path) => {
                removed.push(path.clone());
                for c in COMPANIONS {
                    let p = companion(&path, c);
                    if own_regular_file(&p) && std::fs::remove_file(&p).is_ok() {
                        removed.push(p);
                    }
                }
            }
            // A companion whose temporary file is gone belongs to nothing any more.
            Some(Leftover::Companion(temp))
                if !dir.join(&temp).exists()
                    && own_regular_file(&path)
                    && std::fs::remove_file(&path).is_ok() =>
            {
                removed.push(path);
            }
            _ => {}
        }
    }
    removed
}

/// Removes the temporary file at `path` if it is this user's regular file and no process holds
/// its lock (taken here first, so its creator cannot start using it meanwhile).
fn remove_unheld(path: &Path) -> bool {
    if !own_regular_file(path) {
        return false;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC,
    );
    let Ok(file) = options.open(path) else {
        return false;
    };
    match lock(&file, false) {
        Ok(true) => {}
        _ => return false,
    }
    same_file(&file, path).unwrap_or(false) && std::fs::remove_file(path).is_ok()
}

/// A regular file (not a link) owned by this user.
fn own_regular_file(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        meta.is_file() && meta.uid() == unsafe { libc::geteuid() }
    }
    #[cfg(not(unix))]
    meta.is_file()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_held_temporary_file_is_not_swept_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("avgdesk.db");
        let scratch = Scratch::beside(&db).unwrap();
        std::fs::write(companion(scratch.path(), "-journal"), b"j").unwrap();
        let name = scratch
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with(".avgdesk.db.") && name.ends_with(".tmp"),
            "{name}"
        );
        assert!(sweep_beside(&db).is_empty(), "a live file was swept");
        assert_eq!(names(dir.path()).len(), 2);
        drop(scratch);
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn a_stale_temporary_file_and_its_companions_are_swept_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("avgdesk.db");
        let keep = [
            "avgdesk.db",
            ".avgdesk.db.abc.tmp",
            ".avgdesk.db.abc!ef.tmp",
            ".other.db.Ab12Cd.tmp",
            ".avgdesk.db.Ab12Cd.tmp.bak",
            "notes.txt",
        ];
        for n in keep {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        std::os::unix::fs::symlink(
            dir.path().join("notes.txt"),
            dir.path().join(".avgdesk.db.Lnk123.tmp"),
        )
        .unwrap();
        for n in [
            ".avgdesk.db.Ab12Cd.tmp",
            ".avgdesk.db.Ab12Cd.tmp-journal",
            ".avgdesk.db.zz99ZZ.tmp-wal",
        ] {
            std::fs::write(dir.path().join(n), b"stale").unwrap();
        }
        let mut swept: Vec<String> = sweep_beside(&db)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        swept.sort();
        assert_eq!(
            swept,
            [
                ".avgdesk.db.Ab12Cd.tmp",
                ".avgdesk.db.Ab12Cd.tmp-journal",
                ".avgdesk.db.zz99ZZ.tmp-wal"
            ]
        );
        let mut left = names(dir.path());
        left.retain(|n| n != ".avgdesk.db.Lnk123.tmp");
        let mut expected: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(left, expected);
        assert!(std::fs::symlink_metadata(dir.path().join(".avgdesk.db.Lnk123.tmp")).is_ok());
    }
}

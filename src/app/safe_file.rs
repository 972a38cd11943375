//! Writing export files safely: every file avgdesk writes goes through here.
//!
//! The contents go to a new temporary file in the target's folder (created 0600, `O_EXCL`,
//! `O_NOFOLLOW`, a unique name), are flushed to disk and only then renamed into place. A full
//! disk or a crash therefore never leaves half a file and never destroys an earlier export. An
//! existing file is only replaced when the caller says so (`--force`), and then still atomically;
//! a symbolic link at the target is refused, never followed.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum SafeFileError {
    #[error("{} exists; use --force to replace it or choose another name", .0.display())]
    Exists(PathBuf),
    #[error("{} is a symbolic link; avgdesk does not write through links, choose another name", .0.display())]
    Symlink(PathBuf),
    #[error("{} is not a regular file; choose another name", .0.display())]
    NotAFile(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl SafeFileError {
    fn io(path: &Path, source: io::Error) -> Self {
        SafeFileError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Whether an existing file at the target may be replaced (`--force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Replace,
}

impl Existing {
    pub fn from_force(force: bool) -> Self {
        if force {
            Existing::Replace
        } else {
            Existing::Refuse
        }
    }
}

/// Writes `contents` to `path` atomically, readable by the owner only.
pub fn write_file(path: &Path, contents: &[u8], existing: Existing) -> Result<(), SafeFileError> {
    check_target(path, existing)?;
    let temp = TempFile::write(folder_of(path), contents, path)?;
    match existing {
        Existing::Replace => temp.rename_over(path),
        Existing::Refuse => match temp.place_new(path)? {
            true => Ok(()),
            false => Err(SafeFileError::Exists(path.to_path_buf())),
        },
    }
}

/// Writes `contents` as `dir/name`, or `dir/stem-2.ext`, `-3` and so on when that name is taken
/// (by anything, a symbolic link included). Never replaces a file. Returns the path written.
pub fn write_free(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, SafeFileError> {
    let temp = TempFile::write(dir, contents, &dir.join(name))?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    for n in 1u32..10_000 {
        let candidate = match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem}-{n}{ext}")),
        };
        if temp.place_new(&candidate)? {
            return Ok(candidate);
        }
    }
    Err(SafeFileError::Exists(dir.join(name)))
}

/// Refuses a symbolic link always, and an existing file unless it may be replaced.
fn check_target(path: &Path, existing: Existing) -> Result<(), SafeFileError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(SafeFileError::Symlink(path.to_path_buf())),
        Ok(m) if !m.is_file() => Err(SafeFileError::NotAFile(path.to_path_buf())),
        Ok(_) if existing == Existing::Refuse => Err(SafeFileError::Exists(path.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(SafeFileError::io(path, e)),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A fully written, synced temporary file; removed on drop unless it was placed, and on
/// SIGINT/SIGTERM/SIGHUP while it exists (see `crate::interrupt`).
struct TempFile {
    path: PathBuf,
    placed: std::cell::Cell<bool>,
    // Dropped after `Drop::drop` removed the file.
    _held: crate::interrupt::Registration,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TempFile {
    /// `shown` is the file the officer asked for: errors name it, not the temporary name.
    fn write(dir: &Path, contents: &[u8], shown: &Path) -> Result<TempFile, SafeFileError> {
        // Held from the moment it exists: a signal in between would leave it behind.
        let (path, mut file, held) = crate::interrupt::creating(|| {
            Self::create(dir).map(|(path, file)| {
                let held = crate::interrupt::hold(&path);
                (path, file, held)
            })
        })
        .map_err(|e| SafeFileError::io(shown, e))?;
        let temp = TempFile {
            _held: held,
            path,
            placed: std::cell::Cell::new(false),
        };
        file.write_all(contents)
            .and_then(|_| file.sync_all())
            .map_err(|e| SafeFileError::io(shown, e))?;
        Ok(temp)
    }

    /// A new file with a name nobody else uses: `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600.
    fn create(dir: &Path) -> io::Result<(PathBuf, File)> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(
                ".avgdesk-{}-{n}-{nanos:08x}.tmp",
                std::process::id()
            ));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options
                    .mode(0o600)
                    .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
            }
            match options.open(&path) {
                Ok(file) => return Ok((path, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::from(io::ErrorKind::AlreadyExists))
    }

    /// Renames over `path` (replacing a file there atomically).
    fn rename_over(self, path: &Path) -> Result<(), SafeFileError> {
        std::fs::rename(&self.path, path).map_err(|e| SafeFileError::io(path, e))?;
        self.placed.set(true);
        sync_folder(folder_of(path));
        Ok(())
    }

    /// Puts the file at `path` only if nothing is there: `Ok(false)` when the name is taken.
    /// A hard link never replaces and never follows a link at its target; on a file system
    /// without hard links the name is checked first and the file renamed.
    fn place_new(&self, path: &Path) -> Result<bool, SafeFileError> {
        match std::fs::hard_link(&self.path, path) {
            Ok(()) => {
                // The temporary name goes; the file stays under its new name.
                let _ = std::fs::remove_file(&self.path);
                self.placed.set(true);
                sync_folder(folder_of(path));
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(_) => match std::fs::symlink_metadata(path) {
                Ok(_) => Ok(false),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    std::fs::rename(&self.path, path).map_err(|e| SafeFileError::io(path, e))?;
                    self.placed.set(true);
                    sync_folder(folder_of(path));
                    Ok(true)
                }
                Err(e) => Err(SafeFileError::io(path, e)),
            },
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.placed.get() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Makes the rename itself durable. A folder that cannot be synced (some network file systems)
/// does not make the export fail: the file's contents are already on disk.
fn sync_folder(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_a_new_file_private_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_file(&path, b"hello", Existing::Refuse).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn an_existing_file_is_kept_unless_replacing_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, b"old").unwrap();
        let e = write_file(&path, b"new", Existing::Refuse).unwrap_err();
        assert!(matches!(e, SafeFileError::Exists(_)));
        assert!(e.to_string().contains("use --force"));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        write_file(&path, b"new", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_symbolic_link_is_refused_even_when_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, b"keep").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for existing in [Existing::Refuse, Existing::Replace] {
            let e = write_file(&link, b"evil", existing).unwrap_err();
            assert!(matches!(e, SafeFileError::Symlink(_)), "{e}");
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn a_free_name_skips_files_and_links_alike() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("victim");
        std::fs::write(dir.path().join("list.txt"), b"first").unwrap();
        // A dangling link at the next name must not be followed to create its target.
        std::os::unix::fs::symlink(&target, dir.path().join("list-2.txt")).unwrap();
        let written = write_free(dir.path(), "list.txt", b"third").unwrap();
        assert_eq!(written, dir.path().join("list-3.txt"));
        assert_eq!(std::fs::read(&written).unwrap(), b"third");
        assert_eq!(
            std::fs::read(dir.path().join("list.txt")).unwrap(),
            b"first"
        );
        assert!(!target.exists());
        assert!(leftovers(dir.path()).is_empty());
    }
}

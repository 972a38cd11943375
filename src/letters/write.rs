//! Writing a letter to a file: readable by its owner only, never over an existing file unless
//! asked, never through a symbolic link, and never half-written (a temporary file in the same
//! folder, renamed into place).

use super::LetterError;
use crate::app::safe_file::{write_file, Existing, SafeFileError};
use std::path::Path;

/// Writes `text` to `path` (mode 0600) through the one safe writer every export uses. Without
/// `force` an existing file is refused; a symbolic link at `path` is always refused.
pub fn write_letter(path: &Path, text: &str, force: bool) -> Result<(), LetterError> {
    write_file(path, text.as_bytes(), Existing::from_force(force)).map_err(|e| match e {
        SafeFileError::Exists(p) => LetterError::Exists(p),
        SafeFileError::Symlink(p) => LetterError::Symlink(p),
        SafeFileError::NotAFile(p) => LetterError::Write {
            error: std::io::Error::other("not a regular file"),
            path: p,
        },
        SafeFileError::Io { path, source } => LetterError::Write {
            path,
            error: source,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_private_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.txt");
        write_letter(&path, "eerste\n", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "eerste\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let e = write_letter(&path, "tweede\n", false).unwrap_err();
        assert!(matches!(e, LetterError::Exists(_)), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "eerste\n");
        write_letter(&path, "tweede\n", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "tweede\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep\n").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for force in [false, true] {
            let e = write_letter(&link, "x", force).unwrap_err();
            assert!(matches!(e, LetterError::Symlink(_)), "{e}");
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep\n");
    }
}

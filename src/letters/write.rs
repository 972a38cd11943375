//! Writing a letter to a file: readable by its owner only, never over an existing file unless
//! asked, never through a symbolic link, and never half-written (a temporary file in the same
//! folder, renamed into place).

use super::LetterError;
use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` (mode 0600). Without `force` an existing file is refused, and the
/// final rename refuses one that appeared in the meantime; a symbolic link at `path` is always
/// refused.
pub fn write_letter(path: &Path, text: &str, force: bool) -> Result<(), LetterError> {
    let io = |error: std::io::Error| LetterError::Write {
        path: path.to_path_buf(),
        error,
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(LetterError::Symlink(path.to_path_buf()))
        }
        Ok(_) if !force => return Err(LetterError::Exists(path.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // tempfile creates the file with mode 0600 and a random name, exclusively.
    let mut tmp = tempfile::Builder::new()
        .prefix(".avgdesk-letter-")
        .tempfile_in(folder)
        .map_err(io)?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                LetterError::Exists(path.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
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

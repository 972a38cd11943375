//! Reading what the officer hands avgdesk: a database path, a pupil list, an e-mail, the config
//! file, a key file, a letter template. Only a regular file is read: a named pipe, a device or a
//! folder is refused at once, instead of waiting forever for a writer or reading without end.
//! Nothing, standard input included, is read past a stated size.
//!
//! The errors are `io::Error`s whose text says what is wrong with the file ("it is a named pipe
//! (FIFO), not a file"); the caller's message names the file.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most avgdesk reads of a pupil list (a board of 50,000 pupils is about 5 MB).
pub const PUPIL_LIST_LIMIT: u64 = 50_000_000;
/// The most avgdesk reads of one e-mail message, attachments included.
pub const MESSAGE_LIMIT: u64 = 50_000_000;
/// The most avgdesk reads of the config file or a letter template.
pub const TEXT_FILE_LIMIT: u64 = 1_000_000;
/// The most avgdesk reads of a key file (a passphrase is one line).
pub const KEY_FILE_LIMIT: u64 = 64_000;

/// What the file at `meta` is, in words, when it is not a regular file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

fn refused(kind: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {kind}, not a file; give the path of a regular file"),
    )
}

/// Refuses a path that exists and is not a regular file (after following links). A missing
/// path passes: whether it may be missing is the caller's question.
pub fn refuse_special(path: &Path) -> io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) => match not_a_file(&meta) {
            Some(kind) => Err(refused(kind)),
            None => Ok(()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens `path` for reading only if it is a regular file. A named pipe is never waited on:
/// the file is looked at before it is opened, opened without blocking, and checked again
/// through the open descriptor (it may have been swapped meanwhile).
pub fn open_regular(path: &Path) -> io::Result<File> {
    if let Some(kind) = not_a_file(&std::fs::metadata(path)?) {
        return Err(refused(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NONBLOCK | libc::O_CLOEXEC,
    );
    let file = options.open(path)?;
    if let Some(kind) = not_a_file(&file.metadata()?) {
        return Err(refused(kind));
    }
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // Reads of a regular file never block anyway; clearing the flag keeps it ordinary.
        // SAFETY: fcntl on a descriptor this File owns.
        unsafe {
            let fd = file.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

/// `limit` bytes as the officer reads it: "50 MB", "64 kB".
pub fn shown_size(limit: u64) -> String {
    match limit {
        1_000_000.. => format!("{} MB", limit / 1_000_000),
        1_000.. => format!("{} kB", limit / 1_000),
        _ => format!("{limit} bytes"),
    }
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "it is larger than {}, the most avgdesk reads here",
            shown_size(limit)
        ),
    )
}

/// Reads everything from `reader`, refusing more than `limit` bytes.
pub fn read_capped_from(reader: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// The regular file at `path`, at most `limit` bytes of it.
pub fn read_capped(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_capped_from(open_regular(path)?, limit)
}

/// The regular file at `path` as UTF-8 text, at most `limit` bytes of it.
pub fn read_text_capped(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_capped(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// Standard input, at most `limit` bytes of it.
pub fn read_stdin_capped(limit: u64) -> io::Result<Vec<u8>> {
    read_capped_from(io::stdin().lock(), limit)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn fifo(path: &Path) {
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn a_fifo_a_folder_and_a_device_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        fifo(&pipe);
        for (path, kind) in [
            (pipe.as_path(), "a named pipe (FIFO)"),
            (dir.path(), "a folder"),
            (Path::new("/dev/null"), "a device"),
        ] {
            let e = read_capped(path, 10).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{path:?}");
            assert!(e.to_string().contains(kind), "{e}");
            assert!(refuse_special(path).is_err());
        }
        assert!(refuse_special(&dir.path().join("missing")).is_ok());
    }

    #[test]
    fn a_file_is_read_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_capped(&p, 5).unwrap(), b"12345");
        let e = read_capped(&p, 4).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("larger than"), "{e}");
        assert_eq!(shown_size(50_000_000), "50 MB");
        assert_eq!(shown_size(64_000), "64 kB");
    }
}

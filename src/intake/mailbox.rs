//! Reading a mailbox without changing it: a Maildir (`new/` and `cur/`, whose file names start
//! with the delivery time) or a folder of `.eml` files (whose modification time is the arrival).
//! Listing reads only the folders; a message's header is read when its row is shown.

use crate::config::MailSource;
use chrono::{DateTime, Utc};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One message file as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable while the message stays in the mailbox: a Maildir's unique name without the
    /// `:2,FLAGS` a mail client adds or changes (and whether it sits in `new/` or `cur/`), or
    /// the file name in a folder.
    pub name: String,
    pub path: PathBuf,
    /// When the message was delivered.
    pub arrival: DateTime<Utc>,
    /// `arrival` is the delivery time of a Maildir file name (else a file's time).
    pub delivered: bool,
    /// In bytes.
    pub size: u64,
}

/// The folders a source is read from.
fn folders(source: &MailSource) -> Vec<PathBuf> {
    match source {
        MailSource::Maildir(root) => vec![root.join("new"), root.join("cur")],
        MailSource::Folder(dir) => vec![dir.clone()],
    }
}

/// What changes when a message arrives, is read or goes: the folders' modification times.
/// Compared on every key, so it must stay a few `stat` calls.
pub fn stamp(source: &MailSource) -> Vec<Option<SystemTime>> {
    folders(source)
        .iter()
        .map(|d| fs::metadata(d).and_then(|m| m.modified()).ok())
        .collect()
}

/// The Maildir unique name of file name `file`: everything before the `:2,` info part (or the
/// `!2,`/`;2,` that some systems use where `:` is not allowed).
pub fn maildir_unique(file: &str) -> &str {
    [":2,", "!2,", ";2,"]
        .iter()
        .filter_map(|sep| file.find(sep))
        .min()
        .map(|i| &file[..i])
        .unwrap_or(file)
}

/// The delivery time a Maildir file name starts with ("1764152400.M12P3.host").
fn maildir_time(file: &str) -> Option<DateTime<Utc>> {
    let secs: i64 = file.split('.').next()?.parse().ok()?;
    DateTime::from_timestamp(secs, 0)
}

/// Every message of the mailbox, newest first. A folder that does not exist is an error (the
/// config names it); files that are not regular (symlinks, sockets) and hidden files are
/// skipped, and a folder of .eml files lists only `.eml` files.
pub fn scan(source: &MailSource) -> io::Result<Vec<Entry>> {
    let maildir = matches!(source, MailSource::Maildir(_));
    if !source.path().is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} is not a folder", source.path().display()),
        ));
    }
    if maildir && !source.path().join("new").is_dir() && !source.path().join("cur").is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no new/ or cur/ in it: not a Maildir",
        ));
    }
    let mut entries = Vec::new();
    for dir in folders(source) {
        let listing = match fs::read_dir(&dir) {
            Ok(l) => l,
            // A Maildir without `new/` yet (nothing delivered) is empty, not broken.
            Err(e) if maildir && e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for item in listing {
            let item = item?;
            let Ok(file) = item.file_name().into_string() else {
                continue;
            };
            if file.starts_with('.') {
                continue;
            }
            if !maildir && !file.to_ascii_lowercase().ends_with(".eml") {
                continue;
            }
            // `DirEntry::metadata` does not follow symlinks.
            let Ok(meta) = item.metadata() else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let modified = meta.modified().ok().map(DateTime::<Utc>::from);
            let delivery = if maildir { maildir_time(&file) } else { None };
            let name = if maildir {
                maildir_unique(&file).to_string()
            } else {
                file.clone()
            };
            entries.push(Entry {
                name,
                path: item.path(),
                arrival: delivery.or(modified).unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
                delivered: delivery.is_some(),
                size: meta.len(),
            });
        }
    }
    // A message moved from new/ to cur/ between the two listings shows once.
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries.dedup_by(|a, b| a.name == b.name);
    entries.sort_by(|a, b| b.arrival.cmp(&a.arrival).then_with(|| b.name.cmp(&a.name)));
    Ok(entries)
}

/// At most this much of a message is read to show its row: the header and the start of the
/// body (enough for the subject, sender and a kind suggestion).
pub const GLANCE_BYTES: u64 = 256 * 1024;

/// The start of a message for its row: the whole message when it is small, else its header
/// (up to the first empty line) and no body.
pub fn read_glance(path: &Path) -> io::Result<(Vec<u8>, bool)> {
    let file = open_plain(path)?;
    let mut buf = Vec::new();
    file.take(GLANCE_BYTES + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 <= GLANCE_BYTES {
        return Ok((buf, true));
    }
    let end = header_end(&buf).unwrap_or(buf.len());
    buf.truncate(end);
    Ok((buf, false))
}

/// The whole message, read when the officer opens it.
pub fn read_message(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_plain(path)?;
    let mut buf = Vec::new();
    file.read_to_end(&mut buf)?;
    Ok(buf)
}

/// Opens a message file for reading, refusing a symlink (a mailbox holds plain files).
fn open_plain(path: &Path) -> io::Result<fs::File> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a plain file", path.display()),
        ));
    }
    fs::File::open(path)
}

/// Where the header ends: after the first empty line.
fn header_end(buf: &[u8]) -> Option<usize> {
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maildir_names_lose_their_flags() {
        assert_eq!(
            maildir_unique("1764152400.M1P2.host:2,S"),
            "1764152400.M1P2.host"
        );
        assert_eq!(
            maildir_unique("1764152400.M1P2.host!2,RS"),
            "1764152400.M1P2.host"
        );
        assert_eq!(
            maildir_unique("1764152400.M1P2.host"),
            "1764152400.M1P2.host"
        );
        assert_eq!(
            maildir_time("1764152400.M1P2.host:2,S").map(|t| t.timestamp()),
            Some(1_764_152_400)
        );
        assert_eq!(maildir_time("notatime.host"), None);
    }

    #[test]
    fn the_header_ends_at_the_first_empty_line() {
        assert_eq!(header_end(b"A: b\r\nC: d\r\n\r\nbody\n\nmore"), Some(14));
        assert_eq!(header_end(b"A: b\nC: d\n\nbody"), Some(11));
        assert_eq!(header_end(b"A: b\n"), None);
    }

    fn write(path: &Path, text: &str) {
        fs::write(path, text).unwrap();
    }

    #[test]
    fn a_maildir_is_listed_newest_first_by_delivery_time_and_never_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("Maildir");
        for sub in ["new", "cur", "tmp"] {
            fs::create_dir_all(root.join(sub)).unwrap();
        }
        // Written in another order than they arrived; the file times say nothing.
        write(&root.join("cur/1764000000.M1P1.host:2,S"), "old");
        write(&root.join("new/1764200000.M3P3.host"), "newest");
        write(&root.join("cur/1764100000.M2P2.host:2,"), "middle");
        write(
            &root.join("tmp/1764300000.M4P4.host"),
            "still being delivered",
        );
        write(&root.join("cur/.hidden"), "x");
        let before: Vec<_> = walk(&root);
        let source = MailSource::Maildir(root.clone());
        let names: Vec<String> = scan(&source).unwrap().into_iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "1764200000.M3P3.host",
                "1764100000.M2P2.host",
                "1764000000.M1P1.host"
            ]
        );
        assert_eq!(walk(&root), before, "the mailbox is read, never changed");
    }

    fn walk(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for sub in ["new", "cur", "tmp"] {
            for e in fs::read_dir(root.join(sub)).unwrap() {
                let p = e.unwrap().path();
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_folder_lists_its_eml_files_by_file_time_and_skips_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.eml");
        let b = dir.path().join("b.EML");
        write(&a, "a");
        write(&b, "b");
        write(&dir.path().join("notes.txt"), "not a message");
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        fs::File::options()
            .write(true)
            .open(&b)
            .unwrap()
            .set_modified(old)
            .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&a, dir.path().join("link.eml")).unwrap();
        let listed = scan(&MailSource::Folder(dir.path().into())).unwrap();
        let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a.eml", "b.EML"]);
        assert_eq!(listed[1].arrival.timestamp(), 1_700_000_000);
        assert!(read_message(&dir.path().join("link.eml")).is_err());
    }

    #[test]
    fn a_missing_folder_or_one_without_new_and_cur_is_an_error_an_empty_maildir_is_not() {
        let dir = tempfile::tempdir().unwrap();
        assert!(scan(&MailSource::Folder(dir.path().join("nope"))).is_err());
        let e = scan(&MailSource::Maildir(dir.path().into())).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        fs::create_dir(dir.path().join("cur")).unwrap();
        assert!(scan(&MailSource::Maildir(dir.path().into()))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_large_message_is_glanced_at_by_its_header_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.eml");
        let mut text = String::from("From: a@b.nl\r\nSubject: groot\r\n\r\n");
        text.push_str(&"x".repeat(GLANCE_BYTES as usize + 10));
        write(&path, &text);
        let (head, whole) = read_glance(&path).unwrap();
        assert!(!whole);
        assert_eq!(head, b"From: a@b.nl\r\nSubject: groot\r\n\r\n");
        let small = dir.path().join("small.eml");
        write(&small, "From: a@b.nl\r\n\r\nkort");
        let (all, whole) = read_glance(&small).unwrap();
        assert!(whole);
        assert_eq!(all, b"From: a@b.nl\r\n\r\nkort");
    }
}

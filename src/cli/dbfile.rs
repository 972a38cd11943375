//! Commands on the database file as a whole (encrypt, rekey, decrypt, info, backup, restore)
//! and how a passphrase is obtained: from the terminal without echo, or from a key file that
//! only its owner can read. A passphrase never goes into an argument, the environment or a log.

use super::{Cli, UsageError};
use crate::clock::Clock;
use crate::config::Config;
use crate::store::dbfile::{self, BackupReport};
use crate::store::{is_encrypted, Key, OpenOptions, Store};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[derive(Debug, Args)]
pub struct NewKeyArgs {
    /// Read the new passphrase from this file (readable by its owner only) instead of asking
    /// twice on the terminal
    #[arg(long, value_name = "PATH")]
    pub new_key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DecryptArgs {
    /// Where to write the plain copy (0600; never through a symbolic link)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    /// The new backup file (must not exist yet)
    #[arg(value_name = "FILE", required = true)]
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Open a backup read-only and check it: integrity, schema version, record counts; exit 1
    /// on any fault
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (verified first)
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// Whether `command` works on the database file itself rather than inside a session.
pub fn is_file_command(command: &super::Command) -> bool {
    use super::Command as C;
    matches!(
        command,
        C::Encrypt(_) | C::Rekey(_) | C::Decrypt(_) | C::Info { .. } | C::Backup(_) | C::Restore(_)
    )
}

/// Runs a command on the database file `db`.
pub fn run(
    command: super::Command,
    cli: &Cli,
    db: &Path,
    config: &Config,
    out: &mut dyn Write,
) -> Result<()> {
    use super::Command as C;
    let key_file = cli.key_file.as_deref();
    match command {
        C::Encrypt(args) => {
            require_db(db)?;
            if is_encrypted(db)? {
                bail!(dbfile::DbFileError::AlreadyEncrypted(db.to_path_buf()));
            }
            let key = new_key(args.new_key_file.as_deref())?;
            dbfile::encrypt(db, &key)?;
            record(
                db,
                Some(&key),
                "encrypt",
                "encrypted with a passphrase".into(),
            )?;
            writeln!(out, "encrypted {}", db.display())?;
        }
        C::Rekey(args) => {
            require_db(db)?;
            if !is_encrypted(db)? {
                bail!(dbfile::DbFileError::NotEncrypted(db.to_path_buf()));
            }
            let old = existing_key(key_file, db)?;
            // Check the old passphrase before asking for a new one.
            drop(Store::open_with(
                db,
                "rekey",
                &OpenOptions::with_key(Some(old.clone())),
            )?);
            let new = new_key(args.new_key_file.as_deref())?;
            dbfile::rekey(db, &old, &new)?;
            record(db, Some(&new), "rekey", "passphrase changed".into())?;
            writeln!(out, "changed the passphrase of {}", db.display())?;
        }
        C::Decrypt(args) => {
            require_db(db)?;
            if !is_encrypted(db)? {
                bail!(dbfile::DbFileError::NotEncrypted(db.to_path_buf()));
            }
            let key = existing_key(key_file, db)?;
            sweep_leftovers(&args.out);
            dbfile::decrypt(db, &key, &args.out, args.force)?;
            record(
                db,
                Some(&key),
                "decrypt",
                format!("plain copy written to {}", args.out.display()),
            )?;
            writeln!(
                out,
                "wrote a plain (unencrypted) copy to {}; keep it safe and delete it when done",
                args.out.display()
            )?;
        }
        C::Info { json } => {
            let store = open_existing(cli, db)?;
            let info = store.info()?;
            if json {
                super::print_json(out, &info)?;
            } else {
                let c = info.counts;
                let mut s = String::new();
                let mut kv = |k: &str, v: String| s += &format!("{k:<18}{v}\n");
                kv("path", info.path.display().to_string());
                kv("schema_version", info.schema_version.to_string());
                kv("encrypted", yes_no(info.encrypted).into());
                kv("size_bytes", info.size_bytes.to_string());
                kv("requests", c.requests.to_string());
                kv("breaches", c.breaches.to_string());
                kv("pupils", c.pupils.to_string());
                kv("consent_answers", c.consent_answers.to_string());
                kv("audit_rows", c.audit.to_string());
                out.write_all(crate::domain::text::printable(&s).as_bytes())?;
            }
        }
        C::Backup(args) => match (args.command, args.file) {
            (Some(BackupCommand::Verify { file, json }), _) => {
                let key = key_if_encrypted(key_file, &file)?;
                let report = dbfile::backup_report(&file, key.as_ref())?;
                print_report(&report, json, out)?;
                if !report.ok {
                    bail!(
                        "backup {} did not pass its check ({} problem(s))",
                        file.display(),
                        report.faults.len()
                    );
                }
            }
            (None, Some(file)) => {
                let mut store = open_existing(cli, db)?;
                sweep_leftovers(&file);
                store.backup_to(&file)?;
                // The head the backup was taken at goes into the trail too: a later
                // `audit verify --against FILE` proves nothing up to it was cut or rewritten.
                let head = dbfile::backup_head(&file, store.key())?;
                store
                    .record_file_event(
                        "backup",
                        &format!("{}: {}", file.display(), head_text(&head)),
                        Clock::from_env()?.now(),
                    )
                    .with_context(|| {
                        format!(
                            "the backup {} was written, but its audit row was not",
                            file.display()
                        )
                    })?;
                writeln!(
                    out,
                    "backup written to {}{}",
                    file.display(),
                    if store.encrypted() {
                        " (encrypted with the database's passphrase)"
                    } else {
                        ""
                    }
                )?;
            }
            (None, None) => {
                return Err(
                    UsageError("backup needs a FILE (or: backup verify FILE)".into()).into(),
                )
            }
        },
        C::Restore(args) => {
            let db_key = if db.exists() {
                key_if_encrypted(key_file, db)?
            } else {
                None
            };
            let backup_key = key_if_encrypted_reuse(key_file, &args.file, db_key.as_ref())?;
            let clock = Clock::from_env()?;
            let stamp = clock
                .now()
                .with_timezone(&config.timezone)
                .format("%Y%m%d-%H%M%S")
                .to_string();
            let outcome =
                dbfile::restore(db, db_key.as_ref(), &args.file, backup_key.as_ref(), &stamp)?;
            let a = &outcome.report.audit;
            let mut what = format!(
                "from {}: {}",
                args.file.display(),
                head_text(&crate::store::AuditHead {
                    head: a.head.clone(),
                    rows: a.rows,
                    id: a.head_id,
                    at: None,
                })
            );
            if let Some(kept) = &outcome.kept {
                what.push_str(&format!(
                    "; the previous database is kept as {}",
                    kept.display()
                ));
            }
            // The restored file opens with the backup's passphrase, or with the database's
            // when a plain backup was encrypted on the way in.
            let restored_key = if outcome.encrypted && !outcome.report.encrypted {
                db_key.as_ref()
            } else {
                backup_key.as_ref()
            };
            record(db, restored_key, "restore", what)?;
            if outcome.encrypted && !outcome.report.encrypted {
                super::tell(format_args!(
                    "note: the backup was not encrypted; the restored {} is encrypted \
                     with the database's passphrase",
                    db.display()
                ));
            }
            if args.json {
                super::print_json(out, &outcome)?;
            } else {
                print_report(&outcome.report, false, out)?;
                if let Some(kept) = &outcome.kept {
                    writeln!(out, "the previous database is kept as {}", kept.display())?;
                }
                writeln!(
                    out,
                    "restored {} from {}",
                    db.display(),
                    args.file.display()
                )?;
            }
        }
        _ => return Err(UsageError("not a command on the database file".into()).into()),
    }
    Ok(())
}

/// Checks the database path before anything opens it (a named pipe, a device or a folder is
/// refused at once) and removes, saying so, what an avgdesk killed mid-command left beside it.
pub fn prepare_database_path(db: &Path) -> Result<()> {
    crate::input::refuse_special(db).with_context(|| format!("database {}", db.display()))?;
    sweep_leftovers(db);
    Ok(())
}

/// Removes the temporary files a killed avgdesk left beside `path` (see `store::sweep_beside`)
/// and says so on stderr.
fn sweep_leftovers(path: &Path) {
    for p in crate::store::sweep_beside(path) {
        super::tell(format_args!(
            "removed {}, a temporary file left by an interrupted avgdesk",
            p.display()
        ));
    }
}

/// Writes the audit row of an operation on the database file once it succeeded (the database is
/// opened as usual for that, which brings an older one's schema up to date).
fn record(db: &Path, key: Option<&Key>, op: &str, what: String) -> Result<()> {
    let written = || -> Result<()> {
        let mut store = Store::open_with(
            db,
            &super::current_user(),
            &OpenOptions::with_key(key.cloned()),
        )?;
        store.record_file_event(op, &what, Clock::from_env()?.now())?;
        Ok(())
    };
    written().with_context(|| {
        format!(
            "{op} of {} done, but its audit row was not written",
            db.display()
        )
    })
}

/// "head HASH (row N)", or that there is none.
fn head_text(h: &crate::store::AuditHead) -> String {
    match (&h.head, h.id) {
        (Some(head), Some(id)) => format!("head {head} (row {id})"),
        _ => "no audit chain".into(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn print_report(r: &BackupReport, json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        return super::print_json(out, r);
    }
    let mut s = String::new();
    let mut kv = |k: &str, v: String| s += &format!("{k:<18}{v}\n");
    kv("backup", r.path.display().to_string());
    kv("encrypted", yes_no(r.encrypted).into());
    kv("schema_version", r.schema_version.to_string());
    kv("integrity", r.integrity.join("; "));
    kv("requests", r.counts.requests.to_string());
    kv("breaches", r.counts.breaches.to_string());
    kv("pupils", r.counts.pupils.to_string());
    kv("consent_answers", r.counts.consent_answers.to_string());
    kv("audit_rows", r.audit.rows.to_string());
    for f in &r.faults {
        kv("FAULT", f.clone());
    }
    kv("result", if r.ok { "ok" } else { "FAULTY" }.into());
    out.write_all(crate::domain::text::printable(&s).as_bytes())?;
    Ok(())
}

fn require_db(db: &Path) -> Result<()> {
    if !db.exists() {
        bail!(dbfile::DbFileError::Missing(db.to_path_buf()));
    }
    Ok(())
}

/// Opens the existing database at `db` (never creating one), with its passphrase if encrypted.
fn open_existing(cli: &Cli, db: &Path) -> Result<Store> {
    require_db(db)?;
    let key = key_if_encrypted(cli.key_file.as_deref(), db)?;
    Ok(Store::open_with(
        db,
        &super::current_user(),
        &OpenOptions::with_key(key),
    )?)
}

/// The key to open the database at `db` with, for the app and the session commands: asked (or
/// read from the key file) when it is encrypted; a new one when `--encrypt` creates it.
pub fn key_to_open(cli: &Cli, db: &Path) -> Result<Option<Key>> {
    let has_content = std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false);
    if has_content && is_encrypted(db)? {
        return Ok(Some(existing_key(cli.key_file.as_deref(), db)?));
    }
    if !cli.encrypt {
        return Ok(None);
    }
    if has_content {
        return Err(UsageError(format!(
            "--encrypt creates a new encrypted database, and {} already exists unencrypted; \
             encrypt it with `avgdesk encrypt`",
            db.display()
        ))
        .into());
    }
    match cli.key_file.as_deref() {
        Some(file) => Ok(Some(read_key_file(file)?)),
        None => Ok(Some(new_key(None)?)),
    }
}

fn key_if_encrypted(key_file: Option<&Path>, path: &Path) -> Result<Option<Key>> {
    if path.exists() && is_encrypted(path).with_context(|| path.display().to_string())? {
        Ok(Some(existing_key(key_file, path)?))
    } else {
        Ok(None)
    }
}

/// The key of the backup at `path`: the key file's, else the database's own when it opens the
/// backup, else asked.
fn key_if_encrypted_reuse(
    key_file: Option<&Path>,
    path: &Path,
    known: Option<&Key>,
) -> Result<Option<Key>> {
    if key_file.is_none() {
        if let Some(k) = known {
            if path.exists() && is_encrypted(path)? && dbfile::backup_report(path, Some(k)).is_ok()
            {
                return Ok(Some(k.clone()));
            }
        }
    }
    key_if_encrypted(key_file, path)
}

/// The passphrase of the existing encrypted file `path`: from the key file, else asked once.
fn existing_key(key_file: Option<&Path>, path: &Path) -> Result<Key> {
    match key_file {
        Some(file) => read_key_file(file),
        None => ask(&format!("Passphrase for {}: ", path.display())).with_context(|| {
            format!(
                "{} is encrypted (or not an avgdesk database): it has no SQLite header",
                path.display()
            )
        }),
    }
}

/// A new passphrase: from the key file, else asked twice on the terminal.
fn new_key(key_file: Option<&Path>) -> Result<Key> {
    if let Some(file) = key_file {
        return read_key_file(file);
    }
    let first = ask("New passphrase: ")?;
    let second = ask("New passphrase again: ")?;
    if first != second {
        bail!("the two passphrases differ; nothing was changed");
    }
    Ok(first)
}

/// Asks on the terminal (/dev/tty) without echo.
fn ask(prompt: &str) -> Result<Key> {
    crate::store::forbid_core_dumps();
    let typed = rpassword::prompt_password(prompt).map_err(|e| {
        anyhow::anyhow!(
            "cannot ask for the passphrase on a terminal ({e}); give it with --key-file PATH or AVGDESK_KEY_FILE"
        )
    })?;
    Key::new(typed).context("the passphrase is empty")
}

/// Reads a passphrase from `path`, which must be a regular file owned by this user and readable
/// by no one else (mode & 0o077 == 0). One trailing newline is not part of the passphrase; any
/// other line break or a NUL byte is refused (a Windows line end would otherwise read as a wrong
/// passphrase).
pub fn read_key_file(path: &Path) -> Result<Key> {
    crate::store::forbid_core_dumps();
    let shown = path.display();
    // A named pipe or a device is refused, never waited on.
    let file = crate::input::open_regular(path).with_context(|| format!("key file {shown}"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = file
            .metadata()
            .with_context(|| format!("key file {shown}"))?;
        let mode = meta.mode() & 0o777;
        if mode & 0o077 != 0 {
            bail!(
                "key file {shown} can be read by others (mode {mode:o}); allow only its owner: chmod 600 {shown}"
            );
        }
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            bail!(
                "key file {shown} belongs to another user (uid {}); it must be your own",
                meta.uid()
            );
        }
    }
    let bytes = read_secret(file, crate::input::KEY_FILE_LIMIT)
        .with_context(|| format!("key file {shown}"))?;
    let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let refuse = |what: &str| -> Result<Key> {
        bail!(
            "key file {shown} holds {what}; a passphrase is one line of text. Save the file with \
             the passphrase alone on its first line and a plain newline (LF) at most"
        )
    };
    if line.contains(&b'\r') {
        return refuse("a carriage return (a Windows line end?)");
    }
    if line.contains(&b'\n') {
        return refuse("more than one line");
    }
    if line.contains(&0) {
        return refuse("a NUL byte");
    }
    let text = std::str::from_utf8(line)
        .map_err(|_| anyhow::anyhow!("key file {shown} is not UTF-8 text"))?;
    Key::new(text.to_string()).with_context(|| format!("key file {shown} holds no passphrase"))
}

/// Reads at most `limit` bytes from `file` into one buffer allocated up front and wiped when
/// dropped: growing a buffer would leave copies of the passphrase behind in freed memory.
fn read_secret(mut file: std::fs::File, limit: u64) -> std::io::Result<Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let cap = usize::try_from(limit).unwrap_or(usize::MAX - 1);
    let mut buf = Zeroizing::new(vec![0u8; cap + 1]);
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if filled > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "it is larger than {}, too large for a passphrase",
                crate::input::shown_size(limit)
            ),
        ));
    }
    buf.truncate(filled);
    Ok(buf)
}

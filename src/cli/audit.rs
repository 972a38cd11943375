//! `avgdesk audit ...`: checking the audit trail's hash chain and printing its head.

use super::{print_json, UsageError};
use crate::app::Session;
use crate::domain::text::printable;
use crate::store::dbfile;
use crate::store::{AgainstBackup, AuditHead, AuditProblem, AuditReport, ProblemKind};
use anyhow::{bail, Result};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit trail's hash chain and replay every record from it; exit 1 and name
    /// what was tampered with
    #[command(
        long_about = "Walk the audit trail's hash chain and report every row that was \
        inserted, deleted, changed, moved or back-dated outside avgdesk, a dropped append-only \
        trigger, and requests, breaches and consent answers without their audit row. Then \
        replay every request, breach and inbox mark from its audit rows and name each field, \
        note, log line, recipient, pause, follow-up or letter that differs from what is stored \
        (stored value and audited value). Exit 0 with the number of rows and the head hash when \
        intact, 1 otherwise.\n\n\
        --head HASH (a hash printed by `avgdesk audit head` earlier, e.g. in the yearly report) \
        also proves that nothing up to that row was rewritten: the hash must be in the chain \
        and the chain must verify up to it. --against BACKUP does the same with the head a \
        backup was taken at (an encrypted backup is opened with the database's passphrase): \
        nothing up to that backup was rewritten or cut off."
    )]
    Verify {
        /// A head hash kept from earlier (64 hex characters)
        #[arg(long, value_name = "HASH", conflicts_with = "against")]
        head: Option<String>,
        /// A backup made by `avgdesk backup`: the trail must hold everything the backup holds
        #[arg(long, value_name = "BACKUP")]
        against: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Print the latest hash of the audit chain and the number of rows (keep it outside the
    /// database: the yearly report, a letter to the board)
    Head {
        #[arg(long)]
        json: bool,
    },
}

/// The trail failed verification; the report was printed already.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct AuditBroken(String);

pub fn run(cmd: AuditCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match cmd {
        AuditCommand::Verify {
            head,
            against,
            json,
        } => {
            let report = match against {
                Some(backup) => verify_against(session, &backup)?,
                None => {
                    let head = head.map(|h| check_hash(&h)).transpose()?;
                    session.verify_audit(head.as_deref())?
                }
            };
            if json {
                print_json(out, &report)?;
            } else {
                out.write_all(verify_text(&report).as_bytes())?;
            }
            if report.intact {
                Ok(())
            } else {
                Err(AuditBroken(failure(&report)).into())
            }
        }
        AuditCommand::Head { json } => {
            let head = session.audit_head()?;
            if json {
                print_json(out, &head)
            } else {
                Ok(out.write_all(head_text(&head).as_bytes())?)
            }
        }
    }
}

/// The trail checked against the head the backup at `path` was taken at. The backup must pass
/// its own check first: a broken backup vouches for nothing.
fn verify_against(session: &Session, path: &Path) -> Result<AuditReport> {
    let backup = dbfile::backup_report(path, session.store.key())?;
    if !backup.ok {
        bail!(
            "backup {} did not pass its check, so it cannot vouch for the trail: {}",
            path.display(),
            printable(&backup.faults.join("; "))
        );
    }
    let (Some(head), head_id) = (backup.audit.head.clone(), backup.audit.head_id) else {
        bail!(
            "backup {} holds no audit chain to compare with",
            path.display()
        );
    };
    let mut report = session.verify_audit(Some(&head))?;
    if report.given_head.as_ref().is_some_and(|g| !g.found) {
        report.problems.push(AuditProblem {
            kind: ProblemKind::BackupHeadMissing,
            id: head_id,
            at: None,
            entity: None,
            record_id: None,
            field: None,
            message: format!(
                "backup {} was taken at row {} (head {head}), which is not in the trail: rows up to it were cut off or rewritten",
                path.display(),
                head_id.map(|i| i.to_string()).unwrap_or_else(|| "?".into()),
            ),
            stored: None,
            audited: None,
        });
    }
    report.against = Some(AgainstBackup {
        backup: path.display().to_string(),
        head: Some(head),
        head_id,
        rows: backup.audit.rows,
    });
    Ok(report)
}

fn check_hash(h: &str) -> Result<String> {
    let h = h.trim().to_ascii_lowercase();
    if h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(h)
    } else {
        Err(UsageError(format!(
            "--head {:?}: expected a hash of 64 hex characters as `avgdesk audit head` prints it",
            printable(&h)
        ))
        .into())
    }
}

fn verify_text(r: &AuditReport) -> String {
    let mut s = String::new();
    if let Some(a) = &r.against {
        s.push_str(&format!(
            "backup {} was taken at row {} ({} rows)\n",
            printable(&a.backup),
            a.head_id
                .map(|i| i.to_string())
                .unwrap_or_else(|| "?".into()),
            a.rows
        ));
    }
    if let Some(g) = &r.given_head {
        match (g.found, g.id, g.position) {
            (true, Some(id), Some(pos)) => s.push_str(&format!(
                "head {} is row {id} ({}), link {pos} of the chain; {}\n",
                g.hash,
                printable(g.at.as_deref().unwrap_or("")),
                if g.verified {
                    "nothing up to it was rewritten"
                } else {
                    "but the chain is broken before it"
                }
            )),
            _ => s.push_str(&format!(
                "head {} is not in the chain: the trail was rewritten before it, or the hash is wrong\n",
                g.hash
            )),
        }
    }
    for p in &r.problems {
        s.push_str(&printable(&p.message));
        s.push('\n');
    }
    if r.problems.is_empty() {
        s.push_str(&format!(
            "audit trail intact: {} rows ({} sealed before the chain began, {} blanked), head {} (row {})\n",
            r.rows,
            r.sealed_rows,
            r.blanked_rows,
            r.head.as_deref().unwrap_or("none"),
            r.head_id.map(|i| i.to_string()).unwrap_or_else(|| "none".into()),
        ));
    }
    s
}

fn failure(r: &AuditReport) -> String {
    match r.problems.first() {
        Some(first) => format!(
            "the audit trail was tampered with: {} problem(s); the first: {}",
            r.problems.len(),
            printable(&first.message)
        ),
        None => "the given head is not verified".into(),
    }
}

fn head_text(h: &AuditHead) -> String {
    match (&h.head, h.id) {
        (Some(head), Some(id)) => format!(
            "{head}\n{} rows; the head is row {id} ({})\n",
            h.rows,
            printable(h.at.as_deref().unwrap_or(""))
        ),
        _ => format!("no chained rows yet; {} rows\n", h.rows),
    }
}

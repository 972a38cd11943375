//! `avgdesk audit ...`: checking the audit trail's hash chain and printing its head.

use super::{print_json, UsageError};
use crate::app::Session;
use crate::domain::text::printable;
use crate::store::{AuditHead, AuditReport};
use anyhow::Result;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit trail's hash chain; exit 1 and name the first broken row if it was
    /// tampered with
    #[command(
        long_about = "Walk the audit trail's hash chain and report every row that was \
        inserted, deleted, changed or moved outside avgdesk, a dropped append-only trigger, \
        and requests, breaches and consent answers without their audit row. Exit 0 with the \
        number of rows and the head hash when intact, 1 otherwise.\n\n\
        --head HASH (a hash printed by `avgdesk audit head` earlier, e.g. in the yearly report) \
        also proves that nothing up to that row was rewritten: the hash must be in the chain \
        and the chain must verify up to it."
    )]
    Verify {
        /// A head hash kept from earlier (64 hex characters)
        #[arg(long, value_name = "HASH")]
        head: Option<String>,
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
        AuditCommand::Verify { head, json } => {
            let head = head.map(|h| check_hash(&h)).transpose()?;
            let report = session.verify_audit(head.as_deref())?;
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

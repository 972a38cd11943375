//! `avgdesk consent ...`: recording answers, the overview, history and teacher lists.

use crate::app::Session;
use anyhow::Result;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// List the purposes consent is asked for
    Purposes,
}

pub fn run(cmd: ConsentCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match cmd {
        ConsentCommand::Purposes => {
            for p in session.purposes() {
                writeln!(out, "{}\t{}\t{}", p.key, p.form_version, p.en)?;
            }
            Ok(())
        }
    }
}

//! `avgdesk pupil ...`: importing pupils from the school administration and listing them.

use crate::app::Session;
use anyhow::Result;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum PupilCommand {
    /// List pupils (placeholder until the import lands)
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: PupilCommand, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    match cmd {
        PupilCommand::List { json: _ } => {
            let n = session.count_pupils(&Default::default())?;
            writeln!(out, "{n} pupils")?;
            Ok(())
        }
    }
}

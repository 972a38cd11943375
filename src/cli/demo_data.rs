//! `avgdesk demo-data`: a realistic board of any size in a new database, to try avgdesk at
//! one's own scale and for the benchmarks.

use crate::app::Session;
use crate::demo_data::{self, Options};
use anyhow::{bail, Result};
use clap::Args;
use std::io::Write;

/// The long help of `avgdesk demo-data --help`.
pub const LONG_ABOUT: &str =
    "Fill a NEW database with a realistic, invented school board: N pupils \
    over N/500 schools of 8 classes, about three consent answers per pupil and purpose, N/6 \
    requests and N/60 breaches over the last three years in every state, with notes and log \
    lines.\n\n\
    The same --seed and the same clock (AVGDESK_NOW) give the same database. A database that \
    already holds anything is refused, and so is the default database: pass --db.";

#[derive(Debug, Args)]
pub struct DemoDataArgs {
    /// How many pupils
    #[arg(long, value_name = "N")]
    pub pupils: usize,
    /// Another seed gives another board of the same size
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: DemoDataArgs, session: &mut Session, out: &mut dyn Write) -> Result<()> {
    // Invented pupils never go into the officer's real register by accident.
    let default = crate::config::default_paths().map(|p| p.database);
    if default.as_deref() == Some(session.store.path()) {
        bail!(
            "demo-data never writes into the default database ({}); pass --db with a new file",
            session.store.path().display()
        );
    }
    let summary = demo_data::generate(
        session,
        &Options {
            pupils: args.pupils,
            seed: args.seed,
        },
    )?;
    if args.json {
        return super::print_json(out, &summary);
    }
    let c = &summary.counts;
    writeln!(
        out,
        "{} pupils in {} schools ({} classes), {} consent answers for {} purposes\n\
         {} requests ({} notes, {} pauses, {} recipients)\n\
         {} breaches ({} log lines, {} follow-ups)\n\
         {} audit entries\n\
         written to {} in {:.1} s",
        c.pupils,
        summary.schools,
        summary.classes,
        c.consent_events,
        summary.purposes,
        c.requests,
        c.request_notes,
        c.request_pauses,
        c.request_recipients,
        c.breaches,
        c.breach_log,
        c.breach_followups,
        c.audit,
        session.store.path().display(),
        summary.seconds
    )?;
    Ok(())
}

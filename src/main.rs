//! Entry point: parse the command line, open the store, run the app or one command.

use anyhow::Result;
use avgdesk::cli::{self, Cli, Command};
use avgdesk::domain::text::escaped;
use avgdesk::ui::Notice;
use clap::Parser;
use std::borrow::Cow;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors exit with 2 (clap's convention); everything else that fails exits with 1.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    // Refusals are said in the officer's language, known for sure once the config is read.
    let mut voice = cli::Voice::from_lang(cli.lang);
    match run(cli, &mut voice) {
        Ok(()) => ExitCode::SUCCESS,
        // `avgdesk ... | head` closes the pipe early: that is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            cli::tell(voice.error(&e));
            if e.downcast_ref::<cli::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// clap's own message (a usage mistake, or --help and --version). What it quotes from the
/// command line is escaped on stderr, as in every other message: `--kind $'\e[2J'` must not
/// clear the screen. A message with nothing to escape keeps clap's colours.
fn clap_error(e: clap::Error) -> ExitCode {
    let plain = e.render().to_string();
    if !e.use_stderr() || matches!(escaped(&plain), Cow::Borrowed(_)) {
        // --help and --version go to stdout, and exit 0.
        e.exit()
    }
    eprint!("{}", escaped(&plain));
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

fn run(mut cli: Cli, voice: &mut cli::Voice) -> Result<()> {
    let config = cli::load_config(&cli)?;
    *voice = cli::Voice::new(&config);
    let mut command = cli.command.take();
    // An example config is text: no database is opened (or created) for it.
    if let Some(Command::ConfigExample) = command {
        use std::io::Write;
        return Ok(std::io::stdout().write_all(avgdesk::config::EXAMPLE.as_bytes())?);
    }
    // Deadline arithmetic needs no database, so it works before any setup.
    if let Some(Command::Deadline(args)) = command {
        return cli::deadline_only(args, &config, &mut std::io::stdout().lock());
    }
    if let Some(Command::Letter(args)) = &mut command {
        // Letters are Dutch unless --lang is given on this command line (the config's language
        // is the interface's, not the board's letters').
        args.lang = cli.lang;
        // Listing and writing the templates needs no database either.
        if cli::letter::run_without_database(args, &config, &mut std::io::stdout().lock())? {
            return Ok(());
        }
    }
    // A message that cannot be read as an e-mail is refused before any database is opened
    // or created.
    if let Some(Command::Intake(args)) = &mut command {
        cli::intake::prepare(args, &config)?;
    }
    // The demo database lives in a private temporary folder, removed when avgdesk exits.
    let demo_dir = if cli.demo {
        Some(tempfile::Builder::new().prefix("avgdesk-demo-").tempdir()?)
    } else {
        None
    };
    let db = match &demo_dir {
        Some(dir) => dir.path().join("demo.db"),
        None => cli::database_path(&cli)?,
    };
    if demo_dir.is_none() {
        cli::dbfile::prepare_database_path(&db)?;
    }
    // The generated dataset never goes into the officer's own database; refuse before the
    // default file would be created.
    if matches!(command, Some(Command::DemoData(_))) && cli.db.is_none() && !cli.demo {
        return Err(cli::UsageError(
            "demo-data needs --db PATH with a new file; it never writes into your own database"
                .into(),
        )
        .into());
    }
    // Whole-file commands (encrypt, backup, restore, ...) never open a session: some replace
    // the file, and none may create an empty database by accident.
    if let Some(c) = command.take_if(|c| cli::dbfile::is_file_command(c)) {
        if demo_dir.is_some() || cli.encrypt {
            return Err(cli::UsageError(
                "this command does not take --demo or --encrypt (--encrypt creates a new database)"
                    .into(),
            )
            .into());
        }
        return cli::dbfile::run(c, &cli, &db, &config, &mut std::io::stdout().lock());
    }
    // The demo database stays plain.
    if demo_dir.is_some() && cli.encrypt {
        return Err(cli::UsageError("--encrypt does not apply to --demo".into()).into());
    }
    let key = match demo_dir {
        Some(_) => None,
        None => cli::dbfile::key_to_open(&cli, &db)?,
    };
    let existed = db.exists();
    let mut session =
        cli::open_session_with(&db, config, &avgdesk::store::OpenOptions::with_key(key))?;
    if demo_dir.is_some() {
        avgdesk::demo::seed(&mut session)?;
    }
    // A mistyped --db would otherwise quietly start an empty register: say so. The demo says
    // where its database is, so a second terminal can run commands against it.
    // A database file that others could read was made private: say so, on stderr or in the app.
    let tightened: Vec<std::path::PathBuf> = session
        .store
        .notices()
        .iter()
        .map(|n| match n {
            avgdesk::store::OpenNotice::Tightened { path, .. } => path.clone(),
        })
        .collect();
    let notice = if !tightened.is_empty() && command.is_none() {
        Some(Notice::Tightened(tightened))
    } else if demo_dir.is_some() {
        Some(Notice::Demo(db.clone()))
    } else if !existed {
        Some(Notice::NewDatabase(db.clone()))
    } else {
        None
    };
    match command {
        Some(command) => {
            for n in session.store.notices() {
                cli::tell(voice.notice(n));
            }
            if let Some(Notice::NewDatabase(path)) = &notice {
                cli::tell(voice.new_database(path));
            }
            cli::run_command(command, &mut session, &mut std::io::stdout().lock())
        }
        None => avgdesk::ui::run(&mut session, notice),
    }
}

//! `flowtriage sessions list|show|export`: the wizard's saved sessions, re-exported.

use super::args::SessionsCommand;
use super::commands::print_out;
use super::{CliError, exit};
use crate::engine::Position;
use crate::paths::Dirs;
use crate::store::SessionStore;

fn store() -> Result<(Dirs, SessionStore), CliError> {
    let dirs = Dirs::discover().ok_or_else(|| {
        CliError::failure(
            "no home folder found; set FLOWTRIAGE_HOME to choose where flowtriage keeps its files",
        )
    })?;
    let store = SessionStore::new(dirs.sessions());
    Ok((dirs, store))
}

pub fn run(command: SessionsCommand) -> Result<u8, CliError> {
    let (dirs, store) = store()?;
    let config = crate::app::load_config();
    match command {
        SessionsCommand::List => {
            let ids = store.ids();
            if ids.is_empty() {
                eprintln!("no saved sessions in {}", store.dir().display());
                return Ok(exit::OK);
            }
            let playbook = crate::source::load_playbook(None)?;
            let mut out = String::new();
            for id in ids {
                match store.load(&id) {
                    Ok(session) => {
                        let standing = match session.triage.position(&playbook) {
                            Some(Position::Done(o)) => {
                                let ids: Vec<String> =
                                    o.steps.iter().map(|s| s.id.clone()).collect();
                                let done = ids
                                    .iter()
                                    .filter(|i| session.marks.done.contains(*i))
                                    .count();
                                format!("{} ({done}/{} done)", o.title, ids.len())
                            }
                            Some(Position::Asking(q)) => format!("pending: {}", q.key),
                            None => "content changed since this session".into(),
                        };
                        out.push_str(&format!(
                            "{}  {}  {}  {}\n",
                            session.id,
                            session.case_id.as_deref().unwrap_or("-"),
                            session.started,
                            crate::text::one_line(&standing)
                        ));
                    }
                    Err(e) => out.push_str(&format!("{id}  unreadable: {e}\n")),
                }
            }
            print_out(&out)
        }
        SessionsCommand::Show {
            id,
            format,
            audience,
        } => {
            let session = store
                .find(&id)
                .map_err(|e| CliError::failure(e.to_string()))?;
            let playbook = crate::source::load_playbook(None)?;
            let report = session.export_report(
                &playbook,
                config.engineer.clone(),
                None,
                audience.audience(),
                config.customer_greeting.clone(),
            );
            print_out(&crate::export::render(&report, format.format()))
        }
        SessionsCommand::Export {
            id,
            format,
            output,
            audience,
            report_dir,
        } => {
            let session = store
                .find(&id)
                .map_err(|e| CliError::failure(e.to_string()))?;
            let playbook = crate::source::load_playbook(None)?;
            let report = session.export_report(
                &playbook,
                config.engineer.clone(),
                Some(crate::app::now_utc()),
                audience.audience(),
                config.customer_greeting.clone(),
            );
            let format = super::args::choose_format(format, output.as_deref(), &config);
            let path = match output {
                Some(path) => {
                    crate::files::write_atomic(
                        &path,
                        crate::export::render(&report, format).as_bytes(),
                    )
                    .map_err(|e| {
                        CliError::failure(format!(
                            "cannot write the report to {}: {e}",
                            path.display()
                        ))
                    })?;
                    path
                }
                None => {
                    let dir = report_dir
                        .or(config.report_dir.clone())
                        .unwrap_or_else(|| dirs.reports());
                    crate::export::save(&report, format, &dir, &session.id)
                        .map_err(|e| CliError::failure(e.to_string()))?
                }
            };
            print_out(&format!("{}\n", path.display()))
        }
        SessionsCommand::Prune {
            older_than,
            dry_run,
        } => {
            let cutoff = match older_than {
                Some(text) => {
                    let age = humantime::parse_duration(&text).map_err(|e| {
                        CliError::usage(format!(
                            "--older-than {text}: {e}; write it like 30d, 12h or 90m"
                        ))
                    })?;
                    let when = std::time::SystemTime::now()
                        .checked_sub(age)
                        .unwrap_or(std::time::UNIX_EPOCH);
                    Some(humantime::format_rfc3339_seconds(when).to_string())
                }
                None => None,
            };
            let mut out = String::new();
            for session in store.newest_first() {
                // RFC 3339 UTC stamps to the second compare as text.
                let stale = cutoff
                    .as_deref()
                    .is_some_and(|c| session.updated.as_str() < c);
                if session.has_work() && !stale {
                    continue;
                }
                let why = if session.has_work() { "old" } else { "empty" };
                if !dry_run {
                    store
                        .remove(&session.id)
                        .map_err(|e| CliError::failure(e.to_string()))?;
                }
                out.push_str(&format!(
                    "{} {}  {why}  {}\n",
                    if dry_run { "would delete" } else { "deleted" },
                    session.id,
                    session.updated
                ));
            }
            if out.is_empty() {
                eprintln!("nothing to prune in {}", store.dir().display());
                return Ok(exit::OK);
            }
            print_out(&out)
        }
    }
}

//! `flowtriage sessions list|show|export|mark`: the wizard's saved sessions, re-exported,
//! and how each ended ("Did this fix it?").

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

/// The playbook a session was made with: `--content`, or the folder it recorded.
fn playbook_of(
    session: &crate::session::Session,
    content: Option<std::path::PathBuf>,
) -> Result<crate::content::Playbook, CliError> {
    let dir = content.or_else(|| session.content_dir.as_ref().map(std::path::PathBuf::from));
    Ok(crate::source::load_playbook(dir.as_deref())?)
}

pub fn run(command: SessionsCommand) -> Result<u8, CliError> {
    let (dirs, store) = store()?;
    let config = crate::app::load_config();
    match command {
        SessionsCommand::List => {
            let ids = store.ids();
            if ids.is_empty() {
                crate::app::print_err(&format!("no saved sessions in {}", store.dir().display()));
                return Ok(exit::OK);
            }
            let playbook = crate::source::load_playbook(None)?;
            // Newest first (the one a caller just worked on is on top), then the files
            // that no longer load; columns padded to line up.
            let mut rows: Vec<[String; 4]> = Vec::new();
            let mut unreadable = Vec::new();
            for id in ids.into_iter().rev() {
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
                            Some(Position::Asking(q)) => {
                                format!("pending: {} ({})", q.prompt, q.key)
                            }
                            None => "content changed since this session".into(),
                        };
                        rows.push([
                            session.id.clone(),
                            // Masked as in every report: a case id typed by a person
                            // may hold a secret a session saved before a rule existed.
                            session
                                .case_id
                                .as_deref()
                                .map(|c| crate::classify::redact(c).text)
                                .unwrap_or_else(|| "-".into()),
                            session.started.clone(),
                            crate::text::one_line(&standing),
                        ]);
                    }
                    Err(e) => unreadable.push(format!("{id}  unreadable: {e}\n")),
                }
            }
            rows.sort_by(|a, b| b[2].cmp(&a[2]).then_with(|| b[0].cmp(&a[0])));
            let header = [
                "SESSION".to_string(),
                "CASE".into(),
                "STARTED (UTC)".into(),
                "WHERE IT STANDS".into(),
            ];
            let width = |col: usize| {
                std::iter::once(&header)
                    .chain(&rows)
                    .map(|r| r[col].chars().count())
                    .max()
                    .unwrap_or(0)
            };
            let widths = [width(0), width(1), width(2)];
            let mut out = String::new();
            for row in std::iter::once(&header).chain(&rows) {
                for (cell, w) in row.iter().zip(widths) {
                    out.push_str(cell);
                    out.push_str(&" ".repeat(w - cell.chars().count() + 2));
                }
                out.push_str(&row[3]);
                out.push('\n');
            }
            out.extend(unreadable);
            print_out(&out)
        }
        SessionsCommand::Show {
            id,
            format,
            content,
            audience,
        } => {
            let session = store
                .find(&id)
                .map_err(|e| CliError::failure(e.to_string()))?;
            let playbook = playbook_of(&session, content)?;
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
            content,
            output,
            audience,
            report_dir,
        } => {
            let session = store
                .find(&id)
                .map_err(|e| CliError::failure(e.to_string()))?;
            let playbook = playbook_of(&session, content)?;
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
                    crate::files::write_output(
                        &path,
                        crate::export::render_for_file(&report, format).as_bytes(),
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
            // Lock files of wizards that were killed (a live wizard's are left alone).
            for name in store.stale_locks(dry_run) {
                out.push_str(&format!(
                    "{} {name}  stale lock\n",
                    if dry_run { "would delete" } else { "deleted" }
                ));
            }
            if out.is_empty() {
                eprintln!("nothing to prune in {}", store.dir().display());
                return Ok(exit::OK);
            }
            print_out(&out)
        }
        SessionsCommand::Mark {
            id,
            fixed,
            step,
            content,
        } => {
            let mut session = store
                .load(&id)
                .map_err(|e| CliError::failure(e.to_string()))?;
            let playbook = crate::source::load_playbook(content.as_deref())?;
            let index = match &step {
                Some(step) => Some(step_index(&session, &playbook, step)?),
                None => None,
            };
            session.record(&playbook, fixed.fixed(), index);
            let now = crate::app::now_utc();
            if let Some(r) = &mut session.resolution {
                r.recorded = Some(now.clone());
            }
            session.updated = now;
            store
                .save(&mut session)
                .map_err(|e| CliError::failure(e.to_string()))?;
            let report = session.report(&playbook, None, None);
            let summary = report.resolution.map(|r| r.summary()).unwrap_or_default();
            print_out(&format!("{}: resolved: {summary}\n", session.id))
        }
    }
}

/// The index (main steps, then the alternatives') of the step a user named by its
/// number on the checklist or by its id.
fn step_index(
    session: &crate::session::Session,
    playbook: &crate::content::Playbook,
    step: &str,
) -> Result<usize, CliError> {
    let Some(Position::Done(outcome)) = session.triage.position(playbook) else {
        return Err(CliError::usage(format!(
            "session '{}' has not reached a checklist, so no step can have fixed it; mark it without --step",
            session.id
        )));
    };
    let ids: Vec<&str> = outcome
        .steps
        .iter()
        .chain(outcome.alternatives.iter().flat_map(|a| a.steps.iter()))
        .map(|s| s.id.as_str())
        .collect();
    let found = match step.trim().parse::<usize>() {
        Ok(n) => n.checked_sub(1).filter(|i| *i < ids.len()),
        Err(_) => ids.iter().position(|id| *id == step.trim()),
    };
    found.ok_or_else(|| {
        CliError::usage(format!(
            "'{step}' is not a step of '{}': give a number from 1 to {} or one of: {}",
            outcome.title,
            ids.len(),
            ids.join(", ")
        ))
    })
}

//! `flowtriage stats`: the edge around the pure `stats` module. Reads the session
//! folders (skipping, with a warning naming the file, what is not a session), turns
//! `--since` into a time with the clock, and prints the chosen format.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::CliError;
use super::args::{StatsArgs, StatsFormat};
use super::commands::print_out;
use crate::session::Session;
use crate::stats::{self, Filter};

/// Every session in `dirs`, and the files that could not be read as one (path, reason).
/// A session found in two folders (the same id and start) counts once: the copy
/// updated last.
pub fn read_sessions(dirs: &[PathBuf]) -> (Vec<Session>, Vec<(PathBuf, String)>) {
    let mut sessions: Vec<Session> = Vec::new();
    let mut bad = Vec::new();
    for dir in dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            // No folder yet: no sessions saved on this machine.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                bad.push((dir.clone(), format!("cannot be read: {e}")));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            match read_one(&path) {
                Ok(session) => sessions.push(session),
                Err(reason) => bad.push((path, reason)),
            }
        }
    }
    sessions.sort_by(|a, b| {
        (a.id.as_str(), a.started.as_str(), b.updated.as_str()).cmp(&(
            b.id.as_str(),
            b.started.as_str(),
            a.updated.as_str(),
        ))
    });
    sessions.dedup_by(|later, first| later.id == first.id && later.started == first.started);
    (sessions, bad)
}

fn read_one(path: &Path) -> Result<Session, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("is not a flowtriage session: {e}"))
}

/// `--since` as an RFC 3339 time: a date, a time, or a span back from `now`.
pub fn since(value: &str, now: SystemTime) -> Result<String, CliError> {
    let value = value.trim();
    if stats::seconds(value).is_some() {
        return Ok(value.to_string());
    }
    let as_date = format!("{value}T00:00:00Z");
    if stats::seconds(&as_date).is_some() {
        return Ok(as_date);
    }
    match humantime::parse_duration(value) {
        Ok(span) => Ok(humantime::format_rfc3339_seconds(
            now.checked_sub(span).unwrap_or(SystemTime::UNIX_EPOCH),
        )
        .to_string()),
        Err(_) => Err(CliError::usage(format!(
            "--since '{value}' is not a date (2026-11-01), an RFC 3339 time or a span (30d, 2weeks)"
        ))),
    }
}

pub fn run(args: StatsArgs) -> Result<u8, CliError> {
    let dirs = if args.sessions.is_empty() {
        let home = crate::paths::Dirs::discover().ok_or_else(|| {
            CliError::failure("no home folder found; set FLOWTRIAGE_HOME or give --sessions DIR")
        })?;
        vec![home.sessions()]
    } else {
        if let Some(missing) = args.sessions.iter().find(|d| !d.is_dir()) {
            return Err(CliError::failure(format!(
                "--sessions {}: no such folder",
                missing.display()
            )));
        }
        args.sessions.clone()
    };
    let filter = Filter {
        since: args
            .since
            .as_deref()
            .map(|s| since(s, SystemTime::now()))
            .transpose()?,
        content_version: args.content_version.clone(),
        include_details: args.include_details,
    };
    let playbook = crate::files::load_playbook(args.content.as_deref())?;
    let (sessions, bad) = read_sessions(&dirs);
    for (path, reason) in &bad {
        eprintln!("flowtriage: skipped {}: {reason}", path.display());
    }
    let mut figures = stats::aggregate(&sessions, &playbook, &filter);
    figures.skipped = bad.len();
    if sessions.is_empty() {
        let shown: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        eprintln!("flowtriage: no saved sessions in {}", shown.join(", "));
    }
    print_out(&match args.format {
        StatsFormat::Text => stats::to_text(&figures),
        StatsFormat::Json => stats::to_json(&figures),
        StatsFormat::Csv => stats::to_csv(&figures),
        StatsFormat::Html => stats::to_html(&figures),
    })
}

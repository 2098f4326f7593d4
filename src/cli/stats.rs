//! `flowtriage stats`: the edge around the pure `stats` module. Reads the session
//! folders (`store::read_folders`; what is not a session is skipped with a warning
//! naming the file), turns `--since` into a time with the clock, and prints.

use std::time::SystemTime;

use super::CliError;
use super::args::{StatsArgs, StatsFormat};
use super::commands::print_out;
use crate::stats::{self, Filter};

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
    let playbook = crate::source::load_playbook(args.content.as_deref())?;
    let (sessions, bad) = crate::store::read_folders(&dirs);
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

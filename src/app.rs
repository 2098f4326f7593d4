//! What both front ends (the wizard and the command line) need from the edges: the
//! app's error, the clock, the user's config, and reading an exported file to inspect.
//! Exit codes are not here: only the command line turns an error into one.

use std::io::Write as _;
use std::time::SystemTime;

use crate::config::Config;
use crate::inspect::Inspection;
use crate::source::PlaybookError;

/// What kind of failure ended a command: the command line maps each to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user asked for something that cannot be done as asked (a bad value, a
    /// missing argument).
    Usage,
    /// Something failed while doing it (a file, the terminal, the playbook).
    Failure,
}

/// A failure that ends a command: what to tell the user, and of which kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
}

impl AppError {
    pub fn usage(message: impl Into<String>) -> AppError {
        AppError {
            kind: ErrorKind::Usage,
            message: message.into(),
        }
    }

    pub fn failure(message: impl Into<String>) -> AppError {
        AppError {
            kind: ErrorKind::Failure,
            message: message.into(),
        }
    }
}

impl From<PlaybookError> for AppError {
    fn from(e: PlaybookError) -> AppError {
        AppError::failure(format!("cannot load the playbook:\n{e}"))
    }
}

/// UTC now, RFC 3339 to the second: the app's only clock read.
pub fn now_utc() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// The user's config.toml, or the defaults; a broken file is a warning on stderr.
pub fn load_config() -> Config {
    let Some(dirs) = crate::paths::Dirs::discover() else {
        return Config::default();
    };
    let (config, warnings) = crate::config::load(&dirs.config_file());
    for warning in warnings {
        // A closed stderr (`2>&1 | head`) must not panic.
        let _ = writeln!(std::io::stderr(), "flowtriage: warning: {warning}");
    }
    config
}

/// Read and inspect an exported file: the edge around the pure `inspect` module.
pub fn inspect_file(path: &std::path::Path) -> Result<Inspection, AppError> {
    let bytes = std::fs::read(path)
        .map_err(|e| AppError::failure(format!("cannot read {}: {e}", path.display())))?;
    crate::inspect::inspect_bytes(&path.display().to_string(), &bytes)
        .map_err(|e| AppError::failure(e.to_string()))
}

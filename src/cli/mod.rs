//! The command-line edge: parses arguments, reads files and the clock, calls the pure
//! core, prints, and turns failures into the contract's exit codes.

pub mod args;
pub mod commands;
mod diagnose;
mod sessions;
mod stats;

use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use commands::inspect_file;
pub use diagnose::{load_config, now_utc};

/// Exit codes of the outside contract.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PENDING: u8 = 3;
}

/// A failure that ends the command: what to print and which exit code to use.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            code: exit::USAGE,
            message: message.into(),
        }
    }

    pub fn failure(message: impl Into<String>) -> CliError {
        CliError {
            code: exit::FAILURE,
            message: message.into(),
        }
    }
}

impl From<crate::files::PlaybookError> for CliError {
    fn from(e: crate::files::PlaybookError) -> CliError {
        CliError::failure(format!("cannot load the playbook:\n{e}"))
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with exit 0, usage errors with exit 2.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("flowtriage: {}", err.message);
            ExitCode::from(err.code)
        }
    }
}

//! The command-line edge: parses arguments, reads files and the clock, calls the pure
//! core, prints, and turns failures into the contract's exit codes.

pub mod args;
pub mod commands;
mod diagnose;
mod sessions;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

use crate::app::ErrorKind;

pub use args::Cli;

/// Exit codes of the outside contract.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const PENDING: u8 = 3;
}

/// The app's error, under the name the command modules use.
pub use crate::app::AppError as CliError;

/// The exit code of the outside contract for an error of this kind.
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Usage => exit::USAGE,
        ErrorKind::Failure => exit::FAILURE,
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
            // A closed stderr (`2>&1 | head`) must not panic.
            let _ = writeln!(std::io::stderr(), "flowtriage: {}", err.message);
            ExitCode::from(exit_code(err.kind))
        }
    }
}

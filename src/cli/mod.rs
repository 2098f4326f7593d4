//! The command-line edge: parses arguments, reads files and the clock, calls the pure
//! core, prints, and turns failures into the contract's exit codes.

pub mod args;
pub mod commands;
mod diagnose;
mod sessions;

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

/// `text` made inert for a terminal: control characters other than line breaks and
/// tabs (escape sequences, C1 controls) and the invisible and bidirectional marks are
/// dropped. Everything printed goes through here: names from a customer's export, a
/// playbook's text and a saved session's case id are data, never terminal commands.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c != '\t' && crate::report::is_hazard(c);
    if !text.contains(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().filter(|&c| !bad(c)).collect())
}

/// Print a line on standard error, inert. A standard error that cannot be written (a
/// closed pipe, `2>/dev/full`) loses the message but never panics (F23).
pub fn print_err(line: &str) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", terminal_safe(line));
}

/// A writer that makes what passes through inert (`terminal_safe`), for the
/// line-by-line wizard.
pub struct InertWriter<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for InertWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(terminal_safe(text).as_bytes()),
            Err(_) => {
                let kept: Vec<u8> = buf
                    .iter()
                    .copied()
                    .filter(|&b| b >= 0x20 && b != 0x7f || b == b'\n' || b == b'\t' || b >= 0x80)
                    .collect();
                self.0.write_all(&kept)
            }
        }?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
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
            print_err(&format!("flowtriage: {}", err.message));
            ExitCode::from(err.code)
        }
    }
}

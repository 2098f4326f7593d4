//! The terminal itself: knowing when it has gone, and which input modes to ask for.
//!
//! Paste: the wizard asks for bracketed paste everywhere. Unix terminals, Windows
//! Terminal and the Windows 10+ console (with VT output) then mark a paste; crossterm
//! reports it as one paste event on Unix. On Windows crossterm reads console input
//! records, so a paste arrives as a burst of key events whatever the console does, and
//! the wizard's burst detection turns it into a paste. Windows' VT input mode
//! (`ENABLE_VIRTUAL_TERMINAL_INPUT`) is deliberately not turned on: crossterm 0.29
//! does not parse VT sequences from console input, so arrow keys would arrive as Esc,
//! `[` and `A`. The legacy console, without VT output, refuses bracketed paste; that is
//! not an error there.

use std::io;

/// What `poll` on the terminal said, with no events asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HangUpCheck {
    /// The terminal hung up (its window, tab, tmux pane or SSH connection closed).
    HungUp,
    /// `poll` cannot watch this descriptor (older macOS for terminals): stop watching.
    CannotTell,
    /// Nothing yet: poll again.
    Wait,
}

/// Decide from `poll`'s `revents` bits (POLLHUP, POLLERR, POLLNVAL).
pub fn after_poll(hup: bool, err: bool, nval: bool) -> HangUpCheck {
    if nval {
        HangUpCheck::CannotTell
    } else if hup || err {
        HangUpCheck::HungUp
    } else {
        HangUpCheck::Wait
    }
}

/// The result of asking for an optional terminal mode (bracketed paste): a terminal
/// that cannot do it (the legacy Windows console says `Unsupported`) is not an error.
pub fn optional_mode(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hang_up_or_an_error_means_the_terminal_is_gone() {
        assert_eq!(after_poll(true, false, false), HangUpCheck::HungUp);
        assert_eq!(after_poll(false, true, false), HangUpCheck::HungUp);
        assert_eq!(after_poll(true, true, false), HangUpCheck::HungUp);
        assert_eq!(after_poll(false, false, false), HangUpCheck::Wait);
        // An invalid descriptor is not a hang-up: the wizard must not quit on its own.
        assert_eq!(after_poll(true, false, true), HangUpCheck::CannotTell);
        assert_eq!(after_poll(false, false, true), HangUpCheck::CannotTell);
    }

    #[test]
    fn a_console_without_bracketed_paste_is_not_an_error() {
        let unsupported = io::Error::new(io::ErrorKind::Unsupported, "legacy console");
        assert!(optional_mode(Err(unsupported)).is_ok());
        let broken = io::Error::new(io::ErrorKind::BrokenPipe, "gone");
        assert!(optional_mode(Err(broken)).is_err());
        assert!(optional_mode(Ok(())).is_ok());
    }
}

//! Whether a copy by OSC 52 (the escape sequence that asks the terminal to put text on
//! the clipboard, which works over SSH too) can reach the clipboard.
//!
//! Windows Terminal takes OSC 52; the classic Windows console (conhost) does not, and
//! without VT output it would print the sequence as text. Elsewhere it depends on the
//! terminal's settings (tmux's `set-clipboard`, iTerm2's "Applications in terminal may
//! access clipboard"), which a program cannot see, so the wizard says so.

/// What is known about the terminal, read from the environment by [`Env::current`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Env<'a> {
    pub windows: bool,
    /// The console interprets escape sequences (always true on Unix).
    pub vt_output: bool,
    /// `WT_SESSION` is set: Windows Terminal.
    pub windows_terminal: bool,
    /// `TERM_PROGRAM`, when set.
    pub term_program: Option<&'a str>,
}

/// Whether OSC 52 will work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Osc52 {
    /// This terminal takes it (named).
    Works(&'static str),
    /// It depends on the terminal's settings.
    Unknown,
    /// It cannot work here (why, and where it would); nothing is written.
    Unsupported(&'static str),
}

/// Terminals on Windows known to take OSC 52, by `TERM_PROGRAM`.
const WINDOWS_HOSTS_WITH_OSC52: &[(&str, &str)] = &[("WezTerm", "WezTerm")];

/// The decision, a pure function of the environment.
pub fn osc52(env: Env<'_>) -> Osc52 {
    if !env.windows {
        return Osc52::Unknown;
    }
    if !env.vt_output {
        return Osc52::Unsupported(
            "the classic Windows console cannot take a copy from a program (OSC 52); run flowtriage in Windows Terminal",
        );
    }
    if env.windows_terminal {
        return Osc52::Works("Windows Terminal");
    }
    if let Some(name) = env.term_program
        && let Some((_, host)) = WINDOWS_HOSTS_WITH_OSC52.iter().find(|(p, _)| *p == name)
    {
        return Osc52::Works(host);
    }
    Osc52::Unsupported(
        "this Windows console is not Windows Terminal and does not take a copy from a program (OSC 52); run flowtriage in Windows Terminal",
    )
}

impl<'a> Env<'a> {
    /// This process's terminal; `term_program` is `TERM_PROGRAM`.
    pub fn current(term_program: Option<&'a str>) -> Env<'a> {
        Env {
            windows: cfg!(windows),
            vt_output: vt_output(),
            windows_terminal: std::env::var_os("WT_SESSION").is_some_and(|v| !v.is_empty()),
            term_program,
        }
    }
}

#[cfg(windows)]
fn vt_output() -> bool {
    ratatui::crossterm::ansi_support::supports_ansi()
}

#[cfg(not(windows))]
fn vt_output() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(vt_output: bool, windows_terminal: bool, term_program: Option<&str>) -> Env<'_> {
        Env {
            windows: true,
            vt_output,
            windows_terminal,
            term_program,
        }
    }

    #[test]
    fn windows_terminal_takes_osc52() {
        assert_eq!(
            osc52(windows(true, true, None)),
            Osc52::Works("Windows Terminal")
        );
        assert_eq!(
            osc52(windows(true, false, Some("WezTerm"))),
            Osc52::Works("WezTerm")
        );
    }

    #[test]
    fn the_classic_console_says_it_cannot() {
        for env in [windows(false, false, None), windows(true, false, None)] {
            match osc52(env) {
                Osc52::Unsupported(why) => {
                    assert!(why.contains("Windows Terminal"), "{why}");
                }
                other => panic!("{other:?}"),
            }
        }
        // Without VT output nothing may be written, even in Windows Terminal's name.
        assert!(matches!(
            osc52(windows(false, true, None)),
            Osc52::Unsupported(_)
        ));
    }

    #[test]
    fn unix_terminals_depend_on_their_settings() {
        let env = Env {
            windows: false,
            vt_output: true,
            windows_terminal: false,
            term_program: Some("iTerm.app"),
        };
        assert_eq!(osc52(env), Osc52::Unknown);
    }
}

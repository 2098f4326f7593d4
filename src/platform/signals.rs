//! Requests from outside the wizard: stop (a signal, a closed terminal, a closed console
//! window, log-off, shut-down), suspend (Ctrl-Z, SIGTSTP) and resume (SIGCONT).
//!
//! On Unix the signals are caught with `signal-hook` and a thread waits for the
//! terminal to hang up (`poll` on standard input), which catches a closed terminal even
//! when no SIGHUP arrives. On Windows the console control handler does the same for a
//! closed window, log-off and shut-down: it holds the process open until the session is
//! saved, because Windows ends the process as soon as the handler returns.
//!
//! A watchdog makes sure a stop ends the process within about a second even when the
//! main thread is stuck (crossterm loops for ever reading a hung-up terminal): it waits
//! for a save in progress, puts the terminal back and exits. The wizard saves before it
//! waits for each key, so nothing that was shown is lost.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// What the wizard is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Save, put the terminal back and end.
    Stop(Reason),
    /// Put the terminal back and stop the process (job control); `Resume` follows.
    Suspend,
    /// The process was continued: take the terminal again and draw everything.
    Resume,
}

/// Why the wizard is asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// SIGINT or Ctrl-C/Ctrl-Break delivered as a console event.
    Interrupt,
    /// SIGTERM.
    Terminate,
    /// SIGHUP, or the terminal went away.
    HangUp,
    /// SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM: signals whose default would kill the wizard
    /// with the terminal still in raw mode.
    OtherSignal,
    /// The console window was closed (Windows).
    ConsoleClosed,
    /// The user is logging off (Windows).
    LogOff,
    /// The system is shutting down (Windows).
    Shutdown,
}

impl Reason {
    /// Whether Windows ends the process as soon as the console handler returns, so the
    /// handler must wait for the save first.
    pub fn ends_when_handler_returns(self) -> bool {
        matches!(
            self,
            Reason::ConsoleClosed | Reason::LogOff | Reason::Shutdown
        )
    }
}

/// How long a stop may take before the watchdog ends the process itself. The main loop
/// looks for requests at least every 250 ms.
pub const GRACE: Duration = Duration::from_millis(700);

/// After a hang-up the main thread is almost always stuck in crossterm's reader, which
/// spins on the dead terminal, and the session was saved before it started waiting for
/// input: end sooner, yet later than the main loop's 250 ms when it is not stuck.
pub const HANG_UP_GRACE: Duration = Duration::from_millis(400);

/// How long the watchdog waits for the main thread after a stop for `reason`.
pub fn grace_for(reason: Reason) -> Duration {
    match reason {
        Reason::HangUp => HANG_UP_GRACE,
        _ => GRACE,
    }
}

/// How long a Windows console handler waits for the save. Windows allows about five
/// seconds after a console window is closed before it ends the process.
pub const CONSOLE_WAIT: Duration = Duration::from_millis(4_000);

// The Windows console control events (wincon.h), here so that the decision is
// compiled and tested on every platform.
pub const CTRL_C_EVENT: u32 = 0;
pub const CTRL_BREAK_EVENT: u32 = 1;
pub const CTRL_CLOSE_EVENT: u32 = 2;
pub const CTRL_LOGOFF_EVENT: u32 = 5;
pub const CTRL_SHUTDOWN_EVENT: u32 = 6;

/// What a Windows console control event asks for.
pub fn request_for_console_event(event: u32) -> Option<Request> {
    match event {
        CTRL_C_EVENT | CTRL_BREAK_EVENT => Some(Request::Stop(Reason::Interrupt)),
        CTRL_CLOSE_EVENT => Some(Request::Stop(Reason::ConsoleClosed)),
        CTRL_LOGOFF_EVENT => Some(Request::Stop(Reason::LogOff)),
        CTRL_SHUTDOWN_EVENT => Some(Request::Stop(Reason::Shutdown)),
        _ => None,
    }
}

/// The Unix signals the wizard catches.
#[cfg(unix)]
pub const WATCHED: &[i32] = {
    use signal_hook::consts::*;
    &[
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP, SIGCONT,
    ]
};

/// What a Unix signal asks for.
#[cfg(unix)]
pub fn request_for_signal(signal: i32) -> Option<Request> {
    use signal_hook::consts::*;
    match signal {
        SIGINT => Some(Request::Stop(Reason::Interrupt)),
        SIGTERM => Some(Request::Stop(Reason::Terminate)),
        SIGHUP => Some(Request::Stop(Reason::HangUp)),
        SIGQUIT | SIGUSR1 | SIGUSR2 | SIGALRM => Some(Request::Stop(Reason::OtherSignal)),
        SIGTSTP => Some(Request::Suspend),
        SIGCONT => Some(Request::Resume),
        _ => None,
    }
}

/// Whether the keyboard's Ctrl-Z suspends the wizard, as it does in a shell. Raw mode
/// turns the terminal's own Ctrl-Z off, so the wizard does it; Windows has no job control.
pub const CTRL_Z_SUSPENDS: bool = cfg!(unix);

/// Put the terminal back before the process ends, whoever ends it.
pub type Restore = fn();

struct Shared {
    requests: Mutex<VecDeque<Request>>,
    /// Set when the main thread has saved and put the terminal back.
    finished: Mutex<bool>,
    finished_changed: Condvar,
    /// Held while the session is written, so a forced exit never cuts a save short.
    saving: Mutex<()>,
    /// Set once a watchdog runs, so a second signal starts no second one.
    stopping: Mutex<bool>,
    restore: Restore,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn push(self: &Arc<Self>, request: Request) {
        lock(&self.requests).push_back(request);
        if let Request::Stop(reason) = request {
            self.start_watchdog(grace_for(reason));
        }
    }

    /// Wait until the main thread is done or `limit` has passed; true when done.
    fn wait_finished(&self, limit: Duration) -> bool {
        let finished = lock(&self.finished);
        let (finished, _) = self
            .finished_changed
            .wait_timeout_while(finished, limit, |done| !*done)
            .unwrap_or_else(PoisonError::into_inner);
        *finished
    }

    fn start_watchdog(self: &Arc<Self>, grace: Duration) {
        {
            let mut stopping = lock(&self.stopping);
            if *stopping {
                return;
            }
            *stopping = true;
        }
        let shared = Arc::clone(self);
        let _ = std::thread::Builder::new()
            .name("flowtriage-watchdog".into())
            .spawn(move || {
                if shared.wait_finished(grace) {
                    return;
                }
                // The main thread is stuck: let a save in progress finish, then end.
                let _saving = lock(&shared.saving);
                (shared.restore)();
                std::process::exit(0);
            });
    }
}

/// The installed handlers; dropping it tells a waiting watchdog or console handler
/// that the session is saved and the terminal is back.
pub struct Watch {
    shared: Arc<Shared>,
}

impl Watch {
    /// Catch the signals and events above for as long as the process runs. `restore`
    /// puts the terminal back if the watchdog has to end the process.
    pub fn install(restore: Restore) -> io::Result<Watch> {
        let shared = Arc::new(Shared {
            requests: Mutex::new(VecDeque::new()),
            finished: Mutex::new(false),
            finished_changed: Condvar::new(),
            saving: Mutex::new(()),
            stopping: Mutex::new(false),
            restore,
        });
        os::install(&shared)?;
        Ok(Watch { shared })
    }

    /// The next request, if one came.
    pub fn next(&self) -> Option<Request> {
        lock(&self.shared.requests).pop_front()
    }

    /// Hold this while writing the session.
    pub fn saving(&self) -> MutexGuard<'_, ()> {
        lock(&self.shared.saving)
    }

    /// Stop the process until it is continued (job control); returns when continued.
    pub fn stop_self(&self) {
        os::stop_self();
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        *lock(&self.shared.finished) = true;
        self.shared.finished_changed.notify_all();
    }
}

#[cfg(unix)]
mod os {
    use std::io;
    use std::sync::Arc;

    use super::super::terminal::{HangUpCheck, after_poll};
    use super::{Reason, Request, Shared};

    pub(super) fn install(shared: &Arc<Shared>) -> io::Result<()> {
        let mut signals = signal_hook::iterator::Signals::new(super::WATCHED)?;
        let for_signals = Arc::clone(shared);
        std::thread::Builder::new()
            .name("flowtriage-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if let Some(request) = super::request_for_signal(signal) {
                        for_signals.push(request);
                    }
                }
            })?;
        let for_hangup = Arc::clone(shared);
        std::thread::Builder::new()
            .name("flowtriage-hangup".into())
            .spawn(move || {
                if wait_for_hangup() {
                    for_hangup.push(Request::Stop(Reason::HangUp));
                }
            })?;
        Ok(())
    }

    /// Block until standard input, the terminal, hangs up; false if that cannot be known.
    fn wait_for_hangup() -> bool {
        use rustix::event::{PollFd, PollFlags, poll};
        let stdin = io::stdin();
        loop {
            // No events asked for: poll still reports a hang-up or an error, and
            // otherwise sleeps, however much input is waiting.
            let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) => {
                    let got = fds[0].revents();
                    match after_poll(
                        got.contains(PollFlags::HUP),
                        got.contains(PollFlags::ERR),
                        got.contains(PollFlags::NVAL),
                    ) {
                        HangUpCheck::HungUp => return true,
                        HangUpCheck::CannotTell => return false,
                        HangUpCheck::Wait => continue,
                    }
                }
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return false,
            }
        }
    }

    pub(super) fn stop_self() {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    }
}

#[cfg(windows)]
mod os {
    use std::io;
    use std::sync::{Arc, OnceLock};

    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
    use windows_sys::core::BOOL;

    use super::{Request, Shared};

    static SHARED: OnceLock<Arc<Shared>> = OnceLock::new();

    /// Runs on a thread Windows starts for the event. Returning TRUE for a close,
    /// log-off or shut-down ends the process, so wait for the save first.
    unsafe extern "system" fn handler(event: u32) -> BOOL {
        let Some(shared) = SHARED.get() else {
            return 0;
        };
        match super::request_for_console_event(event) {
            Some(Request::Stop(reason)) => {
                shared.push(Request::Stop(reason));
                if reason.ends_when_handler_returns() {
                    shared.wait_finished(super::CONSOLE_WAIT);
                }
                1
            }
            _ => 0,
        }
    }

    pub(super) fn install(shared: &Arc<Shared>) -> io::Result<()> {
        if SHARED.set(Arc::clone(shared)).is_err() {
            // Installed before, in this process: the handler already points at the
            // first watch, which is the one still running.
            return Ok(());
        }
        // SAFETY: `handler` is a plain function with the signature Windows expects and
        // lives for the whole process.
        if unsafe { SetConsoleCtrlHandler(Some(handler), 1) } == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    pub(super) fn stop_self() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_close_log_off_and_shut_down_save_like_a_hang_up() {
        for (event, reason) in [
            (CTRL_CLOSE_EVENT, Reason::ConsoleClosed),
            (CTRL_LOGOFF_EVENT, Reason::LogOff),
            (CTRL_SHUTDOWN_EVENT, Reason::Shutdown),
        ] {
            assert_eq!(
                request_for_console_event(event),
                Some(Request::Stop(reason))
            );
            assert!(reason.ends_when_handler_returns(), "{reason:?}");
        }
    }

    #[test]
    fn ctrl_c_and_ctrl_break_stop_without_holding_the_process() {
        for event in [CTRL_C_EVENT, CTRL_BREAK_EVENT] {
            assert_eq!(
                request_for_console_event(event),
                Some(Request::Stop(Reason::Interrupt))
            );
        }
        assert!(!Reason::Interrupt.ends_when_handler_returns());
        assert_eq!(request_for_console_event(3), None);
        assert_eq!(request_for_console_event(4), None);
    }

    #[cfg(unix)]
    #[test]
    fn every_watched_signal_asks_for_something() {
        use signal_hook::consts::*;
        for &signal in WATCHED {
            assert!(request_for_signal(signal).is_some(), "signal {signal}");
        }
        assert_eq!(request_for_signal(SIGTSTP), Some(Request::Suspend));
        assert_eq!(request_for_signal(SIGCONT), Some(Request::Resume));
        assert_eq!(
            request_for_signal(SIGHUP),
            Some(Request::Stop(Reason::HangUp))
        );
        // A closed pipe and a resize are not requests to stop.
        assert_eq!(request_for_signal(SIGPIPE), None);
        assert_eq!(request_for_signal(SIGWINCH), None);
    }

    #[test]
    fn a_stop_ends_within_a_second() {
        assert!(GRACE + Duration::from_millis(250) < Duration::from_secs(1));
        assert!(grace_for(Reason::HangUp) < grace_for(Reason::Terminate));
        assert_eq!(grace_for(Reason::ConsoleClosed), GRACE);
        assert!(CONSOLE_WAIT < Duration::from_secs(5));
    }
}

//! The wizard's terminal life cycle on Unix, in a real pseudo-terminal: the terminal
//! closing under it, signals from outside, and job control. Each test reads the pty's
//! modes (raw or cooked) and the saved session, not only the screen.
#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::BorrowedFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);
const ROWS: u16 = 30;
const COLS: u16 = 100;
/// Generous for a loaded CI machine; the wizard itself allows itself under a second.
const DEADLINE: Duration = Duration::from_secs(20);

/// The wizard in a pty whose master side the test owns outright, so that dropping it
/// really closes the terminal (portable-pty's writer would type Enter and Ctrl-D first).
struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<File>,
    output: Arc<Mutex<Vec<u8>>>,
    stop_reading: Arc<AtomicBool>,
    /// Set when the reader has seen the end: everything the child wrote is in `output`.
    read_all: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl Pty {
    fn start(home: &Path) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(["--content", MINIMAL]);
        cmd.env("FLOWTRIAGE_HOME", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        drop(pair.slave);
        let raw = pair.master.as_raw_fd().expect("a Unix pty");
        // SAFETY: `raw` is the master's open descriptor; it stays open until
        // `pair.master` is dropped, after the duplicate is made.
        let own = unsafe { BorrowedFd::borrow_raw(raw) }
            .try_clone_to_owned()
            .unwrap();
        drop(pair.master);
        let master = File::from(own);
        let mut reader = master.try_clone().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let read_all = Arc::new(AtomicBool::new(false));
        let (sink, stop, done) = (
            Arc::clone(&output),
            Arc::clone(&stop_reading),
            Arc::clone(&read_all),
        );
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            let tick = Timespec {
                tv_sec: 0,
                tv_nsec: 50_000_000,
            };
            while !stop.load(Ordering::Relaxed) {
                let mut fds = [PollFd::new(&reader, PollFlags::IN)];
                if poll(&mut fds, Some(&tick)).unwrap_or(0) == 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => {
                        done.store(true, Ordering::Relaxed);
                        break;
                    }
                    Ok(n) => sink.lock().unwrap().extend_from_slice(&buf[..n]),
                }
            }
        });
        Pty {
            child,
            master: Some(master),
            output,
            stop_reading,
            read_all,
            reader: Some(reader),
        }
    }

    fn pid(&self) -> i32 {
        self.child.process_id().expect("a pid") as i32
    }

    fn screen(&self) -> String {
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
        let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
        parser.process(&self.output.lock().unwrap());
        parser.screen().contents()
    }

    /// Everything the child wrote so far; once it has exited, all of it (the reader
    /// may lag behind on a loaded machine).
    fn raw(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.read_all.load(Ordering::Relaxed) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Wait until the output since byte `from` holds `text`.
    fn wait_raw(&self, from: usize, text: &str) -> bool {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            let out = self.output.lock().unwrap();
            if String::from_utf8_lossy(&out[from.min(out.len())..]).contains(text) {
                return true;
            }
            drop(out);
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "'{text}' did not appear; the screen was:\n{}",
            self.screen()
        );
    }

    fn send(&mut self, keys: &str) {
        let master = self.master.as_mut().expect("the terminal is open");
        master.write_all(keys.as_bytes()).unwrap();
        master.flush().unwrap();
        std::thread::sleep(Duration::from_millis(80));
    }

    /// Whether the terminal is in canonical (cooked) mode. On Linux the master side
    /// reports the slave's modes.
    fn cooked(&self) -> bool {
        let master = self.master.as_ref().expect("the terminal is open");
        tcgetattr(master)
            .expect("the pty's modes")
            .local_modes
            .contains(LocalModes::ICANON)
    }

    /// What bash does when a job stops: put the terminal back in cooked mode with echo.
    fn cook_like_a_shell(&self) {
        let master = self.master.as_ref().expect("the terminal is open");
        let mut modes = tcgetattr(master).unwrap();
        modes.local_modes |= LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG;
        tcsetattr(master, OptionalActions::Now, &modes).unwrap();
    }

    /// Close the terminal, as a closed window, tab, tmux session or SSH connection does.
    fn hang_up(&mut self) {
        self.stop_reading.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.master = None;
    }

    /// How long the process took to end, if it ended before the deadline.
    fn ended_within(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    fn exit_status(&mut self) -> portable_pty::ExitStatus {
        match self.ended_within(DEADLINE) {
            Some(_) => self.child.wait().unwrap(),
            None => {
                let _ = self.child.kill();
                panic!("the wizard did not end; the screen was:\n{}", self.screen())
            }
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.hang_up();
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

fn signal(pid: i32, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name} {pid}");
}

/// The process state letter from /proc (R, S, T for stopped, Z...), if it still runs.
fn state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(") ").next()?.chars().next()
}

fn wait_state(pid: i32, wanted: char) {
    let deadline = Instant::now() + DEADLINE;
    while Instant::now() < deadline {
        if state(pid) == Some(wanted) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "process {pid} never reached state {wanted}: {:?}",
        state(pid)
    );
}

/// The saved session files' text.
fn saved_sessions(home: &Path) -> String {
    std::fs::read_dir(home.join("state/sessions"))
        .map(|dir| {
            dir.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// Start a triage and answer the first question: "Where?" -> email.
fn answer_one(home: &Path) -> Pty {
    let mut s = Pty::start(home);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("2");
    s.wait_for("Which status?");
    s
}

#[test]
fn a_closed_terminal_saves_and_ends_the_wizard_at_once() {
    let home = tempfile::tempdir().unwrap();
    let mut s = answer_one(home.path());
    let pid = s.pid();
    s.hang_up();
    let took = s.ended_within(DEADLINE);
    let Some(took) = took else {
        let still = state(pid);
        let _ = s.child.kill();
        panic!("the wizard outlived its terminal (state {still:?})");
    };
    eprintln!("ended {took:?} after the terminal closed");
    assert!(
        took < Duration::from_secs(5),
        "took {took:?} to end after the terminal closed"
    );
    let saved = saved_sessions(home.path());
    assert!(saved.contains("email"), "the answer was saved: {saved}");
}

#[test]
fn sigint_sigquit_and_sigusr1_put_the_terminal_back_and_keep_the_session() {
    for name in ["INT", "QUIT", "USR1", "ALRM"] {
        let home = tempfile::tempdir().unwrap();
        let mut s = answer_one(home.path());
        assert!(!s.cooked(), "the wizard runs in raw mode");
        signal(s.pid(), name);
        assert!(s.exit_status().success(), "SIG{name}: a clean exit");
        let raw = s.raw();
        assert!(
            raw.contains("\u{1b}[?1049l"),
            "SIG{name}: alternate screen left"
        );
        assert!(
            raw.contains("\u{1b}[?2004l"),
            "SIG{name}: bracketed paste off"
        );
        assert!(s.cooked(), "SIG{name}: cooked mode is back");
        let saved = saved_sessions(home.path());
        assert!(saved.contains("email"), "SIG{name}: saved: {saved}");
    }
}

#[test]
fn sigtstp_gives_the_terminal_back_and_fg_takes_it_again() {
    let home = tempfile::tempdir().unwrap();
    let mut s = answer_one(home.path());
    let pid = s.pid();
    let before = s.output.lock().unwrap().len();
    signal(pid, "TSTP");
    wait_state(pid, 'T');
    assert!(s.cooked(), "stopped with the terminal in cooked mode");
    assert!(
        s.wait_raw(before, "\u{1b}[?1049l"),
        "the alternate screen is left while stopped"
    );
    // The shell resets the modes while the job is stopped, then `fg` continues it.
    s.cook_like_a_shell();
    signal(pid, "CONT");
    let deadline = Instant::now() + DEADLINE;
    while s.cooked() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!s.cooked(), "raw mode again after fg");
    // One key, no Enter, is enough again: the answer goes through.
    s.send("1");
    s.wait_for("Resubmit");
    s.send("q");
    assert!(s.exit_status().success());
    assert!(s.cooked(), "cooked mode after quitting");
}

#[test]
fn ctrl_z_suspends_like_in_a_shell() {
    let home = tempfile::tempdir().unwrap();
    let mut s = answer_one(home.path());
    let pid = s.pid();
    s.send("\u{1a}");
    wait_state(pid, 'T');
    assert!(s.cooked(), "stopped with the terminal in cooked mode");
    signal(pid, "CONT");
    let deadline = Instant::now() + DEADLINE;
    while s.cooked() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.wait_for("Which status?");
    s.send("1");
    s.wait_for("Resubmit");
    s.send("q");
    assert!(s.exit_status().success());
}

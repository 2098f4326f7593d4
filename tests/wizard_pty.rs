//! The real binary in a pseudo-terminal, driven as a person would: search a code, tick a
//! step, export, quit; the report is on disk with the tick; `--resume` shows it again.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);
const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader has seen the end: everything the child wrote is in `output`.
    read_all: Arc<AtomicBool>,
}

impl Session {
    fn start(home: &Path, args: &[&str]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env("FLOWTRIAGE_HOME", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        let child = pty.slave.spawn_command(cmd).expect("the binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let read_all = Arc::new(AtomicBool::new(false));
        let (sink, done) = (Arc::clone(&output), Arc::clone(&read_all));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            done.store(true, Ordering::Relaxed);
        });
        // Keep the master alive as long as the session: dropping it hangs up the child.
        std::mem::forget(pty.master);
        Session {
            child,
            writer,
            output,
            read_all,
        }
    }

    fn screen(&self) -> String {
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
        let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
        parser.process(&self.output.lock().unwrap());
        parser.screen().contents()
    }

    /// Poll the screen until `text` shows; fail with the screen after a deadline.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
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
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(80));
    }

    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!(
            "the wizard did not exit; the screen was:\n{}",
            self.screen()
        );
    }

    /// Everything the child wrote; after it exited, waits for the reader to catch up
    /// (on a loaded machine the last bytes, the terminal's restore, come in late).
    fn raw(&self) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.read_all.load(Ordering::Relaxed) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.output.lock().unwrap().clone()
    }
}

#[test]
fn search_tick_export_quit_and_resume() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(
        home.path(),
        &["wizard", "--content", MINIMAL, "--case", "E2E-1"],
    );
    s.wait_for("Start a triage");
    s.wait_for("case E2E-1");
    s.send("/");
    s.wait_for("Search");
    s.send("TriggerOff");
    s.wait_for("code    TriggerOff");
    s.send("\r");
    s.wait_for("Turn the flow on");
    s.send("j");
    s.send(" ");
    s.wait_for("[x] 2. Turn it on.");
    s.send("e");
    s.wait_for("Report saved:");
    s.send("q");
    assert!(s.wait_exit(), "exit status 0");
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        raw.contains("\u{1b}[?1049l"),
        "the alternate screen was left"
    );
    assert!(
        raw.contains("\u{1b}[?2004l"),
        "bracketed paste was turned off"
    );

    let reports: Vec<_> = std::fs::read_dir(home.path().join("data/reports"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let name = reports[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with("-E2E-1.md"), "{name}");
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("- [x] Turn it on."), "{report}");
    assert!(
        report.contains("- [ ] Work in the source environment."),
        "{report}"
    );

    let mut again = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    again.wait_for("[x] 2. Turn it on.");
    again.wait_for("case E2E-1");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn sigterm_saves_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("2");
    s.wait_for("Which status?");
    let pid = s.child.process_id().expect("a pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(s.wait_exit());
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        raw.contains("\u{1b}[?1049l"),
        "the alternate screen was left"
    );

    let mut again = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    again.wait_for("Which status?");
    again.wait_for("So far: where: email");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn kill_9_loses_nothing_that_was_shown() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("1");
    s.wait_for("Which code?");
    s.child.kill().unwrap();
    let _ = s.child.wait();
    let mut again = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    again.wait_for("Which code?");
    again.wait_for("So far: where: app");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn ctrl_c_and_sighup_keep_the_session() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("2");
    s.wait_for("Which status?");
    s.send("\u{3}");
    assert!(s.wait_exit(), "Ctrl-C quits cleanly");
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("\u{1b}[?1049l"));

    let mut again = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    again.wait_for("Which status?");
    again.send("1");
    again.wait_for("Resubmit");
    let pid = again.child.process_id().expect("a pid");
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(again.wait_exit());
    let mut third = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    third.wait_for("Resubmit the run.");
    third.send("q");
    assert!(third.wait_exit());
}

#[test]
fn an_unwritable_state_folder_is_a_visible_warning_and_work_goes_on() {
    // Root ignores permission bits, so the state folder is a regular file instead.
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("state"), "not a folder").unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.wait_for("! not saved, kept in memory only");
    s.send("2");
    s.wait_for("Which status?");
    s.send("1");
    s.wait_for("Resubmit the run.");
    s.send("q");
    assert!(s.wait_exit());
}

/// The real binary with a failpoint that panics when `key` is pressed.
fn start_with_failpoint(home: &Path, key: char) -> Session {
    let pty = native_pty_system()
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
    cmd.env("FLOWTRIAGE_FAILPOINT", format!("panic-on-key:{key}"));
    let child = pty.slave.spawn_command(cmd).expect("the binary starts");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let writer = pty.master.take_writer().unwrap();
    let output = Arc::new(Mutex::new(Vec::new()));
    let read_all = Arc::new(AtomicBool::new(false));
    let (sink, done) = (Arc::clone(&output), Arc::clone(&read_all));
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
        done.store(true, Ordering::Relaxed);
    });
    std::mem::forget(pty.master);
    Session {
        child,
        writer,
        output,
        read_all,
    }
}

#[test]
fn a_panic_restores_the_terminal_and_loses_nothing() {
    let home = tempfile::tempdir().unwrap();
    let mut s = start_with_failpoint(home.path(), 'Z');
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("2");
    s.wait_for("Which status?");
    s.send("Z");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Ok(Some(status)) = s.child.try_wait() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the wizard did not end after the panic"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success(), "a panic is a failure exit");
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    let panic_at = raw
        .find("failpoint: panic-on-key:Z")
        .expect("the panic message is shown");
    let before = &raw[..panic_at];
    assert!(
        before.contains("\u{1b}[?1049l"),
        "the alternate screen is left before the message"
    );
    assert!(
        before.contains("\u{1b}[?2004l"),
        "bracketed paste is off before the message"
    );

    let mut again = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    again.wait_for("Which status?");
    again.wait_for("So far: where: email");
    again.send("q");
    assert!(again.wait_exit());
}

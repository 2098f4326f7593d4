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
    master: Box<dyn portable_pty::MasterPty + Send>,
    /// The size of the terminal, and where in the output the app's drawing at that size
    /// starts (after a resize it redraws the whole screen).
    size: (u16, u16),
    drawn_from: usize,
    /// Set when the reader has seen the end: everything the child wrote is in `output`.
    read_all: Arc<AtomicBool>,
}

impl Session {
    fn start(home: &Path, args: &[&str]) -> Session {
        Session::start_sized(home, args, &[], (ROWS, COLS))
    }

    fn start_sized(
        home: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        (rows, cols): (u16, u16),
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env("FLOWTRIAGE_HOME", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
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
        Session {
            child,
            writer,
            output,
            // Kept as long as the session: dropping it hangs up the child.
            master: pty.master,
            size: (rows, cols),
            drawn_from: 0,
            read_all,
        }
    }

    fn screen(&self) -> String {
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
        let mut parser = vt100::Parser::new(size(self.size.0), size(self.size.1), 0);
        parser.process(&self.output.lock().unwrap()[self.drawn_from..]);
        parser.screen().contents()
    }

    /// Resize the terminal, as dragging the window's corner does.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.drawn_from = self.output.lock().unwrap().len();
        self.size = (rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Poll the screen until `text` shows; fail with the screen after a deadline.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "'{text}' did not appear; the screen was:\n{}",
            self.screen()
        );
    }

    /// Write keys as a terminal would. No pause follows: tests wait for the screen they
    /// expect instead (a fixed sleep is too short on a loaded machine). Three or more
    /// text keys written at once arrive as a burst, which the wizard takes as a paste.
    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
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
    s.wait_for("┌ Search ─");
    s.send("TriggerOff");
    s.wait_for("/ TriggerOff ");
    s.send("\r");
    s.wait_for("Checklist · 0 of");
    s.send("j");
    s.wait_for("> [ ] 2. Turn it on.");
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

    assert!(
        raw.contains("is saved. Resume it with: flowtriage --resume "),
        "quitting says how to resume"
    );

    let mut again = Session::start(home.path(), &["--resume", "--content", MINIMAL]);
    again.wait_for("[x] 2. Turn it on.");
    again.wait_for("case E2E-1");
    again.send("q");
    assert!(again.wait_exit());

    // The case id alone reopens the case's session, and so does --resume CASE.
    let mut by_case = Session::start(home.path(), &["--case", "E2E-1", "--content", MINIMAL]);
    by_case.wait_for("[x] 2. Turn it on.");
    by_case.wait_for("Reopened the session of this case");
    by_case.send("q");
    assert!(by_case.wait_exit());
    let mut by_id = Session::start(home.path(), &["--resume", "E2E-1", "--content", MINIMAL]);
    by_id.wait_for("[x] 2. Turn it on.");
    by_id.send("q");
    assert!(by_id.wait_exit());
}

fn session_files(home: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(home.join("state/sessions"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                // Sessions only, not the lock files beside them.
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn restart_with_work_asks_first_and_keeps_the_session() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("2");
    s.wait_for("Which status?");
    s.send("1");
    s.wait_for("Resubmit the run.");
    s.send(" ");
    s.wait_for("[x] 1.");
    s.send("r");
    s.wait_for("Start over in a new session?");
    assert!(s.screen().contains("[x] 1."), "nothing changed yet");
    s.send("n");
    s.wait_for("Nothing was changed.");
    assert!(s.screen().contains("[x] 1."));
    s.send("r");
    s.wait_for("Start over in a new session?");
    s.send("y");
    s.wait_for("Where?");
    s.wait_for("the old one is kept");
    s.send("q");
    assert!(s.wait_exit());
    let files = session_files(home.path());
    assert_eq!(
        files.len(),
        1,
        "the fresh, empty session is not kept: {files:?}"
    );
    let saved = std::fs::read_to_string(&files[0]).unwrap();
    assert!(saved.contains("\"done\": ["), "{saved}");
    let id = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    let mut again = Session::start(home.path(), &["--resume", &id, "--content", MINIMAL]);
    again.wait_for("[x] 1.");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start_sized(home.path(), &["--content", MINIMAL], &[], (10, 40));
    s.wait_for("Terminal too small.");
    s.send("\r");
    s.wait_for("(1 ignored)");
    s.send("1");
    s.wait_for("(2 ignored)");
    s.send("p");
    s.wait_for("(3 ignored)");
    s.send("typed");
    s.wait_for("(4 ignored)");
    s.resize(ROWS, COLS);
    s.wait_for("Start a triage");
    let screen = s.screen();
    assert!(screen.contains("> 1. Start a triage"), "{screen}");
    assert!(!screen.contains("Paste an error ·"), "{screen}");
    s.send("q");
    assert!(s.wait_exit());
    assert!(session_files(home.path()).is_empty());
}

#[test]
fn an_unbracketed_paste_on_the_start_screen_does_not_quit() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    // As a Windows console without bracketed paste delivers it: one key per character.
    s.send("Request failed with status 401");
    s.wait_for("Paste an error ·");
    s.wait_for("Request failed with status 401");
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    s.send("\u{1b}");
    s.wait_for("Enter routes the text");
    s.send("\u{1b}");
    s.wait_for("> 1. Start a triage");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn a_bracketed_paste_with_cr_line_ends_keeps_its_lines_and_hides_tokens() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    let token =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
    s.send(&format!(
        "\u{1b}[200~From: maker@contoso.com\rSubject: flow broken\rAuthorization: Bearer {token}\u{1b}[201~"
    ));
    s.wait_for("Paste an error ·");
    s.wait_for("1 secret hidden");
    let screen = s.screen();
    assert!(
        !screen.contains("comSubject"),
        "CR is a line break: {screen}"
    );
    assert!(screen.contains("│Subject: flow broken"), "{screen}");
    assert!(
        !screen.contains(&token[..20]),
        "the token is masked: {screen}"
    );
    s.send("\u{3}");
    assert!(s.wait_exit());
}

#[test]
fn references_are_reachable_at_80x24() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start_sized(home.path(), &[], &[], (24, 80));
    s.wait_for("Start a triage");
    s.send("/");
    s.wait_for("┌ Search ─");
    s.send("ResponseTimeout");
    s.wait_for("/ ResponseTimeout ");
    s.wait_for("> code    ResponseTimeout");
    s.send("\r");
    s.wait_for("Checklist ·");
    s.wait_for("↓ more below");
    assert!(!s.screen().contains("References"));
    s.send("G");
    s.wait_for("References");
    s.wait_for("https://learn.microsoft.com/");
    s.wait_for("↑ more above");
    s.send("g");
    s.wait_for("Checklist ·");
    s.wait_for("↓ more below");
    s.send("q");
    assert!(s.wait_exit());
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
    again.wait_for("So far: Where: In an email");
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
    again.wait_for("So far: Where: In the app");
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
    s.send("2");
    s.wait_for("Which status?");
    s.wait_for("! not saved, kept in memory only");
    s.send("1");
    s.wait_for("Resubmit the run.");
    s.send("q");
    assert!(s.wait_exit());
}

/// The real binary with a failpoint that panics when `key` is pressed.
fn start_with_failpoint(home: &Path, key: char) -> Session {
    let failpoint = format!("panic-on-key:{key}");
    Session::start_sized(
        home,
        &["--content", MINIMAL],
        &[("FLOWTRIAGE_FAILPOINT", &failpoint)],
        (ROWS, COLS),
    )
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
    again.wait_for("So far: Where: In an email");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn the_inspect_box_takes_a_quoted_path_and_completes_with_tab() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[]);
    s.wait_for("Start a triage");
    s.send("4");
    s.wait_for("Inspect an exported file");
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/inspect/");
    // As "Copy as path" gives it, still without its closing quote.
    s.send(&format!("'{folder}solution-unm"));
    s.wait_for("solution-unm");
    s.send("\t");
    s.wait_for("solution-unmanaged-stale-app.zip");
    s.send("\r");
    s.wait_for("From the inspected file");
    s.wait_for("text_1");
    s.send("q");
    assert!(s.wait_exit());
}

#[test]
fn did_it_fix_it_is_asked_at_the_end_of_the_checklist_and_never_blocks() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL, "--case", "FIX-1"]);
    s.wait_for("Start a triage");
    s.send("/");
    s.wait_for("┌ Search ─");
    s.send("TriggerOff");
    s.wait_for("/ TriggerOff ");
    s.wait_for("> code    TriggerOff");
    s.send("\r");
    s.wait_for("Checklist · 0 of");
    s.send(" ");
    s.wait_for("[x] 1. Work in the source environment.");
    s.send("j");
    s.wait_for("> [ ] 2. Turn it on.");
    s.send(" ");
    // Ticking the last step asks; Esc is "not now".
    s.wait_for("Did this fix it?");
    s.wait_for("Fixed by: step 2. Turn it on.");
    s.send("\u{1b}");
    s.wait_for("Not recorded; f asks again.");
    // f asks again; Right moves the step on; 1 answers.
    s.send("f");
    s.wait_for("Did this fix it?");
    s.send("\u{1b}[C");
    s.wait_for("Fixed by: step 3. Ask the owner to turn it on.");
    s.send("1");
    s.wait_for("Recorded: yes, by step 3.");
    s.send("q");
    assert!(s.wait_exit());
    let session_file = session_files(home.path())
        .into_iter()
        .next()
        .expect("a saved session");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&session_file).unwrap()).unwrap();
    assert_eq!(saved["resolution"]["fixed"], "yes", "{saved}");
    assert_eq!(saved["resolution"]["step_number"], 3);
    assert!(saved["resolution"]["recorded"].is_string());

    // Quitting while the question is open leaves an answer that was never given
    // unrecorded, and exits normally.
    let other = tempfile::tempdir().unwrap();
    let mut s = Session::start(other.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    s.send("\r");
    s.wait_for("Where?");
    s.send("2");
    s.wait_for("Which status?");
    s.send("1");
    s.wait_for("Resubmit the run.");
    s.send("f");
    s.wait_for("Did this fix it?");
    s.send("q");
    assert!(s.wait_exit(), "quitting from the question is a normal exit");
    let session_file = session_files(other.path())
        .into_iter()
        .next()
        .expect("a saved session");
    let saved = std::fs::read_to_string(&session_file).unwrap();
    assert!(!saved.contains("\"resolution\""), "{saved}");
}

/// The paste box's title, `Paste an error · N characters`, once it shows `n`.
fn wait_for_characters(s: &Session, n: usize) {
    s.wait_for(&format!("Paste an error · {n} characters"));
}

#[test]
fn an_end_of_paste_marker_inside_a_paste_stays_text() {
    // F25: the pasted text holds the terminal's own end marker, `ESC[201~`, and after
    // it keys that would act: Ctrl-D submits the box, `1` picks a step, `r` restarts,
    // `q` quits. A terminal that does not filter pastes (tmux) sends it all as is.
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    let json = r#"{"error":{"code":"WorkflowTriggerIsNotEnabled"}}"#;
    s.send(&format!(
        "\u{1b}[200~{json}\u{1b}[201~ tail 1r\u{4}q\u{1b}[D\u{1b}[201~"
    ));
    // Everything after the marker is text; Ctrl-D and the arrow type nothing.
    let pasted = format!("{json} tail 1rq");
    wait_for_characters(&s, pasted.chars().count());
    assert!(s.screen().contains(" tail 1rq"), "{}", s.screen());
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    // Nothing is left pending either: one Esc only arms the box.
    s.send("\u{1b}");
    s.wait_for("Enter routes the text");
    s.send("\r");
    s.wait_for("Checklist · 0 of");
    s.send("q");
    assert!(s.wait_exit());
    let files = session_files(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let saved = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        saved.contains(" tail 1rq"),
        "the whole paste is kept: {saved}"
    );
    assert!(
        !saved.contains("\"done\": [\n"),
        "no step was ticked: {saved}"
    );
}

#[test]
fn a_long_paste_typed_out_as_keys_arrives_without_another_key() {
    // A terminal without bracketed paste (a Windows console, some SSH clients) types a
    // paste out as keys. Crossterm reads the terminal 1,024 bytes at a time; the rest
    // must not wait for the next key.
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &["--content", MINIMAL]);
    s.wait_for("Start a triage");
    let line = "Request failed with status 401 and code WorkflowTriggerIsNotEnabled. ";
    let mut text = String::new();
    while text.len() < 5_000 {
        text.push_str(line);
    }
    text.truncate(5_000);
    s.send(&text);
    wait_for_characters(&s, 5_000);
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    s.send("\u{3}");
    assert!(s.wait_exit());
}

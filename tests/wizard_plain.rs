//! `wizard --plain` over standard input and output, and the wizard without a terminal.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);

fn run(home: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("FLOWTRIAGE_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn plain_mode_asks_numbered_questions_and_prints_the_checklist() {
    let home = tempfile::tempdir().unwrap();
    let o = run(
        home.path(),
        &["wizard", "--plain", "--content", MINIMAL],
        "email\nmars\n1\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Q1. Where?"), "{out}");
    assert!(out.contains("   Why: why where"), "{out}");
    assert!(out.contains("  2. In an email [email]"), "{out}");
    assert!(out.contains("Q2. Which status?"), "{out}");
    assert!(
        out.contains("'mars' is not one of the answers. Type 1 to 2, or ? for help.\nAnswer: "),
        "a short re-prompt, not the whole question again: {out}"
    );
    assert_eq!(out.matches("Q2. Which status?").count(), 1, "{out}");
    assert!(out.contains("  1. [ ] Resubmit the run."), "{out}");
    assert!(out.contains("Input ended; session "), "{out}");
    assert!(
        out.contains("resume it with: flowtriage --resume "),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no escape sequences in plain mode");
}

#[test]
fn plain_mode_saves_when_input_ends_and_resumes() {
    let home = tempfile::tempdir().unwrap();
    let o = run(
        home.path(),
        &["wizard", "--plain", "--content", MINIMAL],
        "1\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Input ended; session "), "{out}");
    let o = run(
        home.path(),
        &["wizard", "--plain", "--resume", "--content", MINIMAL],
        "b\n2\n500\n",
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("flowtriage (plain mode)"), "{out}");
    assert!(
        out.contains("Q2. Which code?"),
        "resumed at the second question: {out}"
    );
    assert!(out.contains("Resubmit the run."), "{out}");
}

#[test]
fn plain_mode_routes_a_pasted_error() {
    let home = tempfile::tempdir().unwrap();
    let o = run(
        home.path(),
        &["wizard", "--plain", "--content", MINIMAL],
        "p\n{\"code\": \"WorkflowTriggerIsNotEnabled\"}\n.\n",
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Recognised: Off (confidence"), "{out}");
    assert!(out.contains("Turn it on."), "{out}");
}

#[test]
fn plain_mode_ticks_notes_and_exports_after_the_checklist() {
    let home = tempfile::tempdir().unwrap();
    let o = run(
        home.path(),
        &["wizard", "--plain", "--content", MINIMAL],
        "?\n2\n1\n1\nn 1 rerun at 10:02\n7\ne\nq\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Keys: a number or a value answers"),
        "? helps: {out}"
    );
    assert!(out.contains("Ticked step 1: Resubmit the run."), "{out}");
    assert!(out.contains("Note saved on step 1."), "{out}");
    assert!(out.contains("'7' is not a step."), "{out}");
    assert!(out.contains("Report saved: "), "{out}");
    assert!(out.contains("Done; session "), "{out}");
    let reports: Vec<_> = std::fs::read_dir(home.path().join("data/reports"))
        .unwrap()
        .flatten()
        .collect();
    let report = std::fs::read_to_string(reports[0].path()).unwrap();
    assert!(report.contains("- [x] Resubmit the run."), "{report}");
    assert!(report.contains("rerun at 10:02"), "{report}");
}

#[test]
fn a_closed_pipe_ends_plain_mode_quietly() {
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["wizard", "--plain", "--content", MINIMAL])
        .env("FLOWTRIAGE_HOME", home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once, as `| head -1` does after its line.
    drop(child.stdout.take());
    child.stdin.take().unwrap().write_all(b"1\n1\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

#[test]
fn without_a_terminal_the_wizard_says_so_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    let o = run(home.path(), &["--content", MINIMAL], "");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the wizard needs a terminal"), "{err}");
    assert!(err.contains("--plain"), "{err}");
}

#[test]
fn plain_mode_reads_each_code_once() {
    let home = tempfile::tempdir().unwrap();
    let o = run(home.path(), &["wizard", "--plain"], "run-history\nq\n");
    let out = String::from_utf8_lossy(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.contains("InvokerConnectionOverrideFailed:"))
        .expect("the code is offered");
    assert_eq!(
        line.matches("InvokerConnectionOverrideFailed").count(),
        1,
        "{line}"
    );
    assert!(out.contains("Stopped; session "), "{out}");
}

#[test]
fn an_error_on_a_closed_pipe_is_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["wizard", "--plain", "--content", "/no/such/folder"])
        .env("FLOWTRIAGE_HOME", home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `2>&1 | head -0`: both ends are gone before the message is written.
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(
        child.wait().unwrap().code(),
        Some(1),
        "exit 1, not a panic's 101"
    );
}

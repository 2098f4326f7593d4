//! Issue 16: the attack run's repros (`reliability-2026-11-30.md`), each through the
//! real binary, each failing before its fix.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);

fn run_in(home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("FLOWTRIAGE_HOME", home)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn assert_inert(what: &str, o: &Output) {
    let text = all_output(o);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'),
        "{what}: {text:?}"
    );
}

const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{1b}[2J\u{9b}2J";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// F9, F18, F19: names from a customer's export, a playbook's text and a saved case
/// id are printed inert by every command.
#[test]
fn escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");

    // F9: a flow definition and a zip member name.
    let flow = dir.path().join("evil-flow.json");
    let flow_json = serde_json::json!({"properties": {"displayName": format!("Pay{HOSTILE}"),
        "definition": {"triggers": {format!("manual{HOSTILE}"): {"kind": format!("Button{HOSTILE}"), "type": "Request"}}, "actions": {}}}});
    std::fs::write(&flow, flow_json.to_string()).unwrap();
    let o = run_in(&home, &["inspect", flow.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(all_output(&o).contains("Pay"), "{}", all_output(&o));
    assert_inert("inspect flow", &o);

    let member = dir.path().join("evil-member.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&member).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    w.start_file("solution.xml", options).unwrap();
    w.write_all(b"<a/>").unwrap();
    w.start_file(format!("../{HOSTILE}x.xml"), options).unwrap();
    w.write_all(b"x").unwrap();
    w.finish().unwrap();
    let o = run_in(&home, &["inspect", member.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert_inert("inspect member", &o);

    // F18: playbook text.
    let content = dir.path().join("cesc");
    copy_dir(Path::new(MINIMAL), &content);
    let outcomes = std::fs::read_to_string(content.join("outcomes.toml")).unwrap();
    let escaped = "\\u001b]0;PWNED\\u0007\\u001b[2J\\u009b2J";
    std::fs::write(
        content.join("outcomes.toml"),
        outcomes
            .replace(
                "title = \"The flow is off\"",
                &format!("title = \"The flow is off{escaped}\""),
            )
            .replace(
                "title = \"Turn the flow on\"",
                &format!("title = \"Turn the flow on{escaped}\""),
            ),
    )
    .unwrap();
    let content = content.to_str().unwrap();
    for args in [
        vec!["codes", "--content", content],
        vec!["content", "graph", "--content", content],
        vec!["content", "check", content],
    ] {
        let o = run_in(&home, &args, None);
        assert_inert(&format!("{args:?}"), &o);
    }
    let o = run_in(
        &home,
        &["diagnose", "-", "--content", content, "--format", "md"],
        Some("trigger is not enabled"),
    );
    assert!(
        all_output(&o).contains("# flowtriage: The flow is off")
            || all_output(&o).contains("Turn the flow on"),
        "{}",
        all_output(&o)
    );
    assert_inert("diagnose md", &o);
    let o = run_in(
        &home,
        &["wizard", "--plain", "--content", content],
        Some("p\ntrigger is not enabled\n.\nq\n"),
    );
    assert_inert("wizard --plain", &o);

    // F19: a case id shown by `sessions list`.
    let case = format!("C{HOSTILE}");
    let o = run_in(
        &home,
        &["wizard", "--plain", "--case", &case],
        Some("1\nq\n"),
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let o = run_in(&home, &["sessions", "list"], None);
    assert!(
        all_output(&o).contains("PWNED"),
        "the case id is listed: {}",
        all_output(&o)
    );
    assert_inert("sessions list", &o);
}

/// F23: a standard error that cannot be written is exit 1, not a panic (101).
#[test]
fn an_unwritable_stderr_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(BIN)
        .args(["diagnose", "/nonexistent"])
        .env("FLOWTRIAGE_HOME", dir.path())
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

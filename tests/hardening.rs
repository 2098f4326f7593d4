//! Issue 16: the attack run's repros (`reliability-2026-11-30.md`), each through the
//! real binary, each failing before its fix.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use support::spawn_in;

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);

fn run_in(home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    spawn_in(home, args, stdin).wait_with_output().unwrap()
}

/// `run_in` for a repro that used to hang (F14's loops and FIFO, /dev/zero): a
/// regression fails the test after `secs` instead of hanging the suite.
fn run_within(home: &Path, args: &[&str], secs: u64) -> Output {
    let mut child = spawn_in(home, args, None);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
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
    // Option labels and values: plain mode lists them, `--answer` errors name them.
    let tree = std::fs::read_to_string(content.join("tree.toml")).unwrap();
    let hostile_tree = tree
        .replace(
            "label = \"In the app\"",
            &format!("label = \"In the app{escaped}\""),
        )
        .replace("value = \"email\"", &format!("value = \"email{escaped}\""));
    assert_ne!(tree, hostile_tree, "the fixture still has these options");
    std::fs::write(content.join("tree.toml"), hostile_tree).unwrap();
    let content = content.to_str().unwrap();
    let o = run_in(
        &home,
        &[
            "diagnose",
            "-",
            "--content",
            content,
            "--answer",
            "where=bogus",
        ],
        Some("trigger is not enabled"),
    );
    assert!(all_output(&o).contains("email"), "{}", all_output(&o));
    assert_inert("--answer error", &o);
    let o = run_in(
        &home,
        &["wizard", "--plain", "--content", content],
        Some("q\n"),
    );
    assert!(all_output(&o).contains("In the app"), "{}", all_output(&o));
    assert_inert("wizard --plain options", &o);
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
        all_output(&o).contains("# flowtriage: Turn the flow"),
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

/// F4, re-run: a case id saved whole by an older version is masked by `sessions list`,
/// as every report masks it.
#[test]
fn sessions_list_masks_a_secret_an_older_session_kept_in_its_case_id() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let o = run_in(
        &home,
        &["wizard", "--plain", "--case", "C-42"],
        Some("1\nq\n"),
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let sessions = home.join("state/sessions");
    let file = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("the session was saved");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"C-42\""), "{saved}");
    // As an older version saved it: the field written straight.
    std::fs::write(
        &file,
        saved.replace("\"C-42\"", "\"C-42 Password=LEAKcase123\""),
    )
    .unwrap();
    let o = run_in(&home, &["sessions", "list"], None);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(all_output(&o).contains("C-42"), "{}", all_output(&o));
    assert!(!all_output(&o).contains("LEAK"), "{}", all_output(&o));
}

/// F23: a standard error that cannot be written is exit 1, not a panic (101).
#[cfg(unix)] // /dev/full, symbolic links, FIFOs
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

fn sessions_in(home: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(home.join("state/sessions"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

/// F10: the `id` inside a session file is never used as a path.
#[test]
fn a_crafted_session_id_never_leaves_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let o = run_in(&home, &["wizard", "--plain"], Some("1\nq\n"));
    assert!(o.status.success(), "{}", all_output(&o));
    let file = sessions_in(&home).remove(0);
    let escaped = dir.path().join("elsewhere/escaped");
    std::fs::create_dir_all(escaped.parent().unwrap()).unwrap();
    let id = file.file_stem().unwrap().to_str().unwrap();
    // Absolute, and relative to state/sessions as the review wrote it.
    for crafted in [
        escaped.display().to_string(),
        "../../../elsewhere/escaped".to_string(),
    ] {
        let mut session: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        session["id"] = serde_json::Value::String(crafted);
        std::fs::write(&file, session.to_string()).unwrap();
        let o = run_in(&home, &["wizard", "--plain", "--resume"], Some("1\nq\n"));
        assert!(o.status.success(), "{}", all_output(&o));
        let o = run_in(&home, &["sessions", "export", id], None);
        assert!(o.status.success(), "{}", all_output(&o));
    }
    assert!(
        std::fs::read_dir(escaped.parent().unwrap())
            .unwrap()
            .next()
            .is_none(),
        "nothing written outside the store"
    );
    assert_eq!(sessions_in(&home), std::slice::from_ref(&file));
    assert!(home.join(format!("data/reports/{id}.md")).exists());
}

/// F11: two wizards started in the same second keep two sessions; a session open in
/// one wizard is saved by a second one under a new name.
#[test]
fn two_wizards_never_share_a_session_file() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    // Two runs in the same second: the second would have the first's id. (With
    // --case the second reopens the first on purpose, so none is given.)
    let mut made = 0;
    for round in 0..4 {
        let before = sessions_in(&home).len();
        let (a, b) = if round % 2 == 0 {
            // One after the other, within the second.
            let a = run_in(&home, &["wizard", "--plain"], Some("1\nq\n"));
            (a, run_in(&home, &["wizard", "--plain"], Some("2\nq\n")))
        } else {
            // Both at once, as the review's repro starts them.
            let a = spawn_in(&home, &["wizard", "--plain"], Some("1\nq\n"));
            let b = spawn_in(&home, &["wizard", "--plain"], Some("2\nq\n"));
            (a.wait_with_output().unwrap(), b.wait_with_output().unwrap())
        };
        assert!(a.status.success() && b.status.success());
        made += 2;
        assert_eq!(sessions_in(&home).len(), before + 2, "{made} sessions made");
    }
    // The lock files went with the wizards that held them.
    assert_eq!(locks_in(&home), Vec::<String>::new());
    // One that a killed wizard left behind is pruned; the sessions stay.
    let stale = home.join("state/sessions/.20261122-090000-C-1.lock");
    std::fs::write(&stale, "").unwrap();
    let o = run_in(&home, &["sessions", "prune"], None);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("deleted .20261122-090000-C-1.lock  stale lock"),
        "{}",
        all_output(&o)
    );
    assert!(!stale.exists());
    assert_eq!(sessions_in(&home).len(), made);
}

fn locks_in(home: &Path) -> Vec<String> {
    std::fs::read_dir(home.join("state/sessions"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".lock"))
                .collect()
        })
        .unwrap_or_default()
}

/// F12: plain mode says when the session could not be saved.
#[test]
fn plain_mode_never_claims_a_save_that_failed() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("homefile");
    std::fs::write(&home, "x").unwrap();
    let o = run_in(&home, &["wizard", "--plain"], Some("1\n1\nq\n"));
    let out = all_output(&o);
    assert!(!out.contains("the session is saved"), "{out}");
    assert!(out.contains("NOT saved"), "{out}");
}

/// F14: symbolic link loops, devices and FIFOs in a content folder.
#[cfg(unix)] // /dev/full, symbolic links, FIFOs
#[test]
fn content_folders_with_loops_devices_and_pipes_end() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let looped = dir.path().join("loop");
    copy_dir(Path::new(MINIMAL), &looped);
    std::os::unix::fs::symlink(".", looped.join("a")).unwrap();
    std::os::unix::fs::symlink(".", looped.join("b")).unwrap();
    let o = run_within(&home, &["content", "check", looped.to_str().unwrap()], 30);
    assert!(o.status.success(), "{}", all_output(&o));

    let zero = dir.path().join("dz");
    copy_dir(Path::new(MINIMAL), &zero);
    std::os::unix::fs::symlink("/dev/zero", zero.join("zero.toml")).unwrap();
    let o = run_within(&home, &["content", "check", zero.to_str().unwrap()], 30);
    assert!(!o.status.success());
    assert!(
        all_output(&o).contains("not a regular file"),
        "{}",
        all_output(&o)
    );

    let fifo = dir.path().join("fifo");
    copy_dir(Path::new(MINIMAL), &fifo);
    let made = Command::new("mkfifo")
        .arg(fifo.join("pipe.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    let o = run_within(&home, &["codes", "--content", fifo.to_str().unwrap()], 30);
    assert!(
        all_output(&o).contains("not a regular file"),
        "{}",
        all_output(&o)
    );
}

/// F21: `sessions show` and `export` read the playbook the session was made with.
#[test]
fn sessions_show_the_playbook_they_were_made_with() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let o = run_in(
        &home,
        &["wizard", "--plain", "--content", MINIMAL],
        Some("1\n1\n"),
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let id = sessions_in(&home)[0]
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let o = run_in(&home, &["sessions", "show", &id, "--format", "md"], None);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("Triage in progress"), "{out}");
    assert!(out.starts_with("# flowtriage: "), "{out}");
}

/// F22: `--output` onto a FIFO or a device writes into it, never replaces it.
#[cfg(unix)] // /dev/full, symbolic links, FIFOs
#[test]
fn output_onto_a_pipe_or_device_writes_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let fifo = dir.path().join("f");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = run_in(
        &home,
        &["diagnose", "-", "--output", fifo.to_str().unwrap()],
        Some(r#"{"error":{"code":"WorkflowTriggerIsNotEnabled"}}"#),
    );
    assert!(
        o.status.code().is_some_and(|c| c != 1),
        "{}",
        all_output(&o)
    );
    assert!(reader.join().unwrap().starts_with("# flowtriage"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

/// F26: UTF-16 from Windows PowerShell 5.1 (`>`, `Out-File`) is decoded.
#[test]
fn utf16_input_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let text = "{\"error\":{\"code\":\"WorkflowTriggerIsNotEnabled\"}} Authorization: Bearer LEAKutf16token1";
    for (name, bytes) in [
        (
            "le.txt",
            [
                vec![0xFF, 0xFE],
                text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            ]
            .concat(),
        ),
        (
            "be.txt",
            [
                vec![0xFE, 0xFF],
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            ]
            .concat(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = run_in(
            &home,
            &["diagnose", path.to_str().unwrap(), "--format", "json"],
            None,
        );
        let out = all_output(&o);
        assert!(out.contains("trigger-disabled"), "{name}: {out}");
        assert!(out.contains("\"redactions\": 1"), "{name}: {out}");
    }
}

/// F27: temporary files a killed save left behind are removed.
#[test]
fn stale_temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let sessions = home.join("state/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let stale = sessions.join(".tmpAbC123");
    std::fs::write(&stale, vec![b'x'; 4096]).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let fresh = sessions.join(".tmpFresh1");
    std::fs::write(&fresh, "x").unwrap();
    let o = run_in(&home, &["sessions", "list"], None);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(!stale.exists(), "a stale temporary file is removed");
    assert!(fresh.exists(), "a save in progress is left alone");
}

/// F20: a typo in config.toml does not turn email redaction off.
#[test]
fn a_config_typo_keeps_emails_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(
        home.join("config/config.toml"),
        "redact_emails = true\ndefault_fromat = \"md\"\n",
    )
    .unwrap();
    let o = run_in(
        &home,
        &["wizard", "--plain"],
        Some(
            "p\nowner ada.lovelace@contoso.com\n{\"error\":{\"code\":\"ResponseTimeout\"}}\n.\nq\n",
        ),
    );
    assert!(o.status.success(), "{}", all_output(&o));
    let saved = std::fs::read_to_string(&sessions_in(&home)[0]).unwrap();
    assert!(!saved.contains("ada.lovelace"), "{saved}");
}

/// F4 in plain mode: a note typed with `n NUMBER TEXT` is masked before it is saved
/// or exported, as the note box masks it (re-run of 2026-12-01: it was saved whole).
#[test]
fn plain_mode_notes_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let reports = dir.path().join("reports");
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/009-timeout-seed.txt"
    ))
    .unwrap();
    let note = "customer sent: Authorization: Bearer LEAKnoteBearer0123456789 Password=LEAKnotePw1";
    let o = run_in(
        &home,
        &[
            "wizard",
            "--plain",
            "--report-dir",
            reports.to_str().unwrap(),
        ],
        Some(&format!("p\n{seed}\n.\nn 1 {note}\ne\nq\n\n")),
    );
    let out = all_output(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Note saved on step 1."), "{out}");
    let saved = std::fs::read_to_string(&sessions_in(&home)[0]).unwrap();
    assert!(saved.contains("customer sent"), "the note is kept: {saved}");
    let exported: String = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(exported.contains("customer sent"), "{exported}");
    for text in [&saved, &exported, &out] {
        assert!(!text.contains("LEAK"), "{text}");
    }
}

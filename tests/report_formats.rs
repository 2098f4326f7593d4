//! Reports in every format: golden files, hostile text, saving rules, config, sessions.
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test report_formats`.

mod support;

use std::process::Command;

use flowtriage::checklist::StepMarks;
use flowtriage::classify::classify;
use flowtriage::engine::{Answer, AnswerSource, Triage};
use flowtriage::export;
use flowtriage::report::{Format, Report, ReportMeta};
use flowtriage::session::Session;
use flowtriage::store::SessionStore;

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");

fn sample(meta: ReportMeta, note: &str) -> Report {
    let pb = support::minimal_playbook();
    let c = classify(
        &pb,
        r#"{"error":{"code":"WorkflowTriggerIsNotEnabled","message":"trigger is not enabled"}}"#,
    );
    let t = Triage::start(&pb, c.answers(&pb));
    let mut marks = StepMarks::default();
    marks.toggle("turn-on");
    marks.set_note("turn-on", note);
    let mut report = Report::build(&pb, &t, Some(&c), &marks, meta, 1);
    report.tool_version = "0.0.0-test".into();
    report
}

fn fixed_meta() -> ReportMeta {
    ReportMeta {
        case_id: Some("CASE-4477".into()),
        customer: Some("Contoso".into()),
        engineer: Some("Ada".into()),
        started: Some("2026-11-22T14:15:03Z".into()),
        finished: Some("2026-11-22T14:21:40Z".into()),
    }
}

#[test]
fn every_format_matches_its_golden_file() {
    let report = sample(fixed_meta(), "Customer confirmed it is on.");
    for (format, ext) in [
        (Format::Markdown, "md"),
        (Format::Json, "json"),
        (Format::Text, "txt"),
        (Format::Html, "html"),
    ] {
        let rendered = export::render(&report, format);
        let path = format!("{}/tests/golden/report.{ext}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &rendered).unwrap();
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{path} is missing: run with UPDATE_GOLDEN=1"));
        assert_eq!(rendered, golden, "{ext} differs from {path}");
    }
}

#[test]
fn the_markdown_is_a_github_checklist_with_everything_a_ticket_needs() {
    let md = export::render(&sample(fixed_meta(), "called"), Format::Markdown);
    for needle in [
        "- **Case:** CASE-4477",
        "- **Customer:** Contoso",
        "- **Engineer:** Ada",
        "- **Started (UTC):** 2026-11-22T14:15:03Z",
        "- [x] Turn it on.",
        "  - Note: called",
        "- [ ] Work in the source environment.",
        "(classifier)",
        "### If that does not fix it: Ask the owner",
        "[Turn on a flow](<https://example.invalid/turn-on>)",
        "content test-1",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
}

#[test]
fn hostile_text_is_inert_in_every_format() {
    let evil = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) \u{1b}[31mred\u{1b}[0m \u{202E}evil\u{200B} `tick` # head";
    let meta = ReportMeta {
        case_id: Some(evil.into()),
        customer: Some(evil.into()),
        ..fixed_meta()
    };
    let report = sample(meta, evil);
    for format in [Format::Markdown, Format::Json, Format::Text, Format::Html] {
        let out = export::render(&report, format);
        assert!(!out.contains('\u{1b}'), "{format:?} lets ESC through");
        if format != Format::Json {
            assert!(
                !out.contains('\u{202E}') && !out.contains('\u{200B}'),
                "{format:?} keeps bidi/zero-width"
            );
        }
        match format {
            Format::Html => {
                assert!(!out.contains("<script>"), "html");
                assert!(
                    out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                    "html"
                );
                assert!(!out.contains("href=\"javascript"), "html");
            }
            Format::Markdown => {
                assert!(out.contains("\\<script\\>"), "md");
                assert!(out.contains("\\*\\*bold\\*\\*"), "md");
                assert!(!out.contains("[x](javascript"), "md");
            }
            Format::Json => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(
                    v["case"].as_str(),
                    Some(evil),
                    "JSON keeps the text exactly, escaped by JSON itself"
                );
            }
            Format::Text => assert!(out.contains("Case: <script>"), "text keeps text as text"),
        }
    }
}

#[test]
fn saving_never_overwrites_and_names_files_by_session() {
    let dir = tempfile::tempdir().unwrap();
    let report = sample(fixed_meta(), "n");
    let first = export::save(
        &report,
        Format::Markdown,
        dir.path(),
        "20261122-141503-CASE-4477",
    )
    .unwrap();
    let second = export::save(
        &report,
        Format::Markdown,
        dir.path(),
        "20261122-141503-CASE-4477",
    )
    .unwrap();
    assert_eq!(first.file_name().unwrap(), "20261122-141503-CASE-4477.md");
    assert_eq!(
        second.file_name().unwrap(),
        "20261122-141503-CASE-4477-2.md"
    );
    let html = export::save(&report, Format::Html, dir.path(), "x").unwrap();
    assert!(
        std::fs::read_to_string(html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn an_unwritable_target_is_exit_1_with_the_path_and_the_reason() {
    // Tests run as root in CI, where permission bits stop nothing: a parent that is a
    // regular file fails for everyone.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let target = file.join("report.md");
    let out = Command::new(BIN)
        .args([
            "diagnose",
            "--answer",
            "code=WorkflowTriggerIsNotEnabled",
            "--output",
            target.to_str().unwrap(),
        ])
        .env("FLOWTRIAGE_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot write the report to {}", target.display())),
        "{err}"
    );
    assert!(err.contains("Not a directory"), "{err}");
    let err = export::save(&sample(fixed_meta(), "n"), Format::Markdown, &file, "s")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!("cannot save the report in {}", file.display())),
        "{err}"
    );
}

#[test]
fn diagnose_writes_html_and_uses_the_config() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "engineer = \"Grace\"\ndefault_format = \"html\"\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["diagnose", "--answer", "code=WorkflowTriggerIsNotEnabled"])
        .env("FLOWTRIAGE_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<dt>Engineer</dt><dd>Grace</dd>"), "{html}");
    let path = Command::new(BIN)
        .args(["config", "path"])
        .env("FLOWTRIAGE_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&path.stdout).trim(),
        home.path().join("config/config.toml").display().to_string()
    );
}

#[test]
fn a_broken_config_is_a_warning_with_its_line_not_a_failure() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "engineer = \"Grace\"\ndefault_format = md\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args([
            "diagnose",
            "--answer",
            "code=WorkflowTriggerIsNotEnabled",
            "--format",
            "text",
        ])
        .env("FLOWTRIAGE_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml:2:") && err.contains("using the defaults instead"),
        "{err}"
    );
}

#[test]
fn sessions_are_listed_shown_and_re_exported() {
    let home = tempfile::tempdir().unwrap();
    let pb = flowtriage::content::embedded_playbook().unwrap();
    let store = SessionStore::new(home.path().join("state/sessions"));
    let t = Triage::start(
        &pb,
        vec![Answer::new(
            "code",
            "WorkflowTriggerIsNotEnabled",
            AnswerSource::User,
        )],
    );
    let mut done = Session::new(&pb, t, "2026-11-22T14:15:03Z", Some("CASE-1".into()));
    done.marks.toggle("turn-on");
    store.save(&done).unwrap();
    let pending = Session::new(
        &pb,
        Triage::start(&pb, vec![]),
        "2026-11-23T09:00:00Z",
        None,
    );
    store.save(&pending).unwrap();
    std::fs::write(home.path().join("state/sessions/broken.json"), "{").unwrap();

    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("FLOWTRIAGE_HOME", home.path())
            .output()
            .unwrap()
    };
    let list = run(&["sessions", "list"]);
    assert_eq!(list.status.code(), Some(0));
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(list.contains("20261122-141503-CASE-1  CASE-1  2026-11-22T14:15:03Z  The flow is turned off (1/5 done)"), "{list}");
    assert!(
        list.contains("20261123-090000  -  2026-11-23T09:00:00Z  pending: where"),
        "{list}"
    );
    assert!(list.contains("broken  unreadable:"), "{list}");

    let show = run(&[
        "sessions",
        "show",
        "20261122-141503-CASE-1",
        "--format",
        "md",
    ]);
    assert!(
        String::from_utf8_lossy(&show.stdout)
            .contains("- [x] Turn it on in the environment where the app runs"),
        "{}",
        String::from_utf8_lossy(&show.stdout)
    );

    let export = run(&[
        "sessions",
        "export",
        "20261122-141503-CASE-1",
        "--format",
        "html",
    ]);
    assert_eq!(export.status.code(), Some(0));
    let path = String::from_utf8_lossy(&export.stdout).trim().to_string();
    assert!(
        path.ends_with("data/reports/20261122-141503-CASE-1.html"),
        "{path}"
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("[x]"));

    let missing = run(&["sessions", "show", "nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no session 'nope'"));
    let corrupt = run(&["sessions", "show", "broken"]);
    assert_eq!(corrupt.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&corrupt.stderr)
            .contains("broken.json: is not a flowtriage session")
    );
}

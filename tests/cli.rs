//! The command line as a user runs it: the real binary, its output and exit codes.

mod support;

use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    support::run_binary(args, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn diagnose_reaches_an_outcome_with_exit_0() {
    let o = run(&[
        "diagnose",
        "--content",
        MINIMAL,
        "--answer",
        "code=WorkflowTriggerIsNotEnabled",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["schema"], 2);
    assert_eq!(v["tool"]["name"], "flowtriage");
    assert_eq!(v["content"]["version"], "test-1");
    assert_eq!(v["classification"], serde_json::Value::Null);
    assert_eq!(v["outcome"]["id"], "trigger-off");
    assert_eq!(v["outcome"]["category"], "trigger-disabled");
    assert_eq!(v["answers"][0]["key"], "code");
    assert_eq!(v["answers"][0]["source"], "cli");
    assert_eq!(v["answers"][0]["prompt"], "Which code?");
    let steps: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["Work in the source environment.", "Turn it on."]);
    assert_eq!(v["steps"][1]["id"], "turn-on");
    assert_eq!(v["steps"][1]["done"], false);
    assert_eq!(v["steps"][1]["note"], serde_json::Value::Null);
    assert_eq!(v["alternatives"][0]["title"], "Ask the owner");
    assert_eq!(v["pending"], serde_json::Value::Null);
    assert_eq!(v["redactions"], 0);
}

#[test]
fn diagnose_stops_at_a_question_with_exit_3_and_pending() {
    let o = run(&[
        "diagnose",
        "--content",
        MINIMAL,
        "--answer",
        "changed=input-added",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(3));
    let v = json(&o);
    assert_eq!(v["outcome"], serde_json::Value::Null);
    assert_eq!(v["pending"]["key"], "app");
    assert_eq!(v["pending"]["prompt"], "Live or dev?");
    assert_eq!(v["pending"]["options"], serde_json::json!(["live", "dev"]));
}

#[test]
fn diagnose_with_nothing_starts_at_the_first_question() {
    let o = run(&["diagnose", "--content", MINIMAL, "--format", "text"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stdout(&o).contains("Still to answer\n  Where? (--answer where=…; one of: app, email)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn diagnose_markdown_is_a_github_checklist_with_facts_filled_in() {
    let input = "Unable to process template language expressions in action 'Notify' inputs at line '1' and column '10': 'The template language expression 'triggerBody()['Email_Text']' cannot be evaluated because property 'Email_Text' cannot be selected.'";
    let o = run_with_stdin(
        &[
            "diagnose",
            "-",
            "--content",
            MINIMAL,
            "--answer",
            "app=live",
        ],
        Some(input),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.contains("- [ ] Save As a copy; add `Email_Text` to the copy."),
        "{md}"
    );
    assert!(md.contains("(classifier)"), "{md}");
    assert!(md.contains("(cli)"), "{md}");
}

/// Issue 14, class 7: a category that rests on a status alone is shown tentatively, with
/// "not recognised" named as the alternative, in every format; a code is not.
#[test]
fn a_category_from_a_status_alone_is_tentative_and_names_the_alternative() {
    let status_only = "The flow fails at the HTTP step with 502 Bad Gateway.";
    for (format, marker) in [
        ("md", "- **Tentative:** what matched (an HTTP status"),
        ("text", "Tentative: what matched (an HTTP status"),
        (
            "html",
            "<strong>Tentative:</strong> what matched (an HTTP status",
        ),
    ] {
        let o = run_with_stdin(&["diagnose", "-", "--format", format], Some(status_only));
        let out = stdout(&o);
        assert!(out.contains(marker), "{format}: {out}");
        // The text format wraps the note: read it with its line breaks as spaces.
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("it is not recognised"), "{format}: {out}");
    }
    let o = run_with_stdin(&["diagnose", "-", "--format", "json"], Some(status_only));
    let j = json(&o);
    assert_eq!(j["classification"]["category"], "transient-failure");
    assert_eq!(j["classification"]["tentative"], true);

    let code = "InvokerConnectionOverrideFailed";
    let o = run_with_stdin(&["diagnose", "-", "--format", "json"], Some(code));
    assert_eq!(json(&o)["classification"]["tentative"], false);
    let o = run_with_stdin(&["diagnose", "-"], Some(code));
    assert!(!stdout(&o).contains("Tentative"), "{}", stdout(&o));
}

#[test]
fn an_unused_answer_is_reported_on_stderr() {
    let o = run(&[
        "diagnose",
        "--content",
        MINIMAL,
        "--answer",
        "code=TriggerOff",
        "--answer",
        "app=live",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o).trim(),
        "flowtriage: note: --answer app=live was not used: this path never asks it"
    );
}

#[test]
fn an_answer_in_another_spelling_is_taken_as_the_offered_one() {
    // content/synonyms.toml treats license and licence alike; the question offers one.
    let o = run(&[
        "diagnose",
        "--answer",
        "where=run-history",
        "--answer",
        "status=403",
        "--answer",
        "forbidden=license",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        report["outcome"]["category"], "license-required",
        "{report}"
    );
}

#[test]
fn bad_answers_are_usage_errors_that_list_what_is_offered() {
    let o = run(&[
        "diagnose",
        "--content",
        MINIMAL,
        "--answer",
        "app=production",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "flowtriage: --answer app=production: 'production' is not offered; values: live, dev"
    );
    let o = run(&["diagnose", "--content", MINIMAL, "--answer", "colour=blue"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("there is no question 'colour'; keys: where, code, status, changed, app"),
        "{}",
        stderr(&o)
    );
    let o = run(&["diagnose", "--content", MINIMAL, "--answer", "app"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not KEY=VALUE"));
    let o = run(&["diagnose", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_content_folder_or_input_is_exit_1_with_the_path() {
    let o = run(&["diagnose", "--content", "/nonexistent/playbook"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent/playbook: no such content folder"),
        "{}",
        stderr(&o)
    );
    let o = run(&["diagnose", "/nonexistent/error.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read the input '/nonexistent/error.json'"),
        "{}",
        stderr(&o)
    );
    let empty = tempfile::tempdir().unwrap();
    let o = run(&["codes", "--content", empty.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("holds no *.toml files"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn content_check_warns_about_advice_checked_more_than_a_year_before_the_given_day() {
    let fresh = run(&["content", "check", "--today", "2026-12-01"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    assert_eq!(stdout(&fresh).lines().count(), 1, "{}", stdout(&fresh));

    let later = run(&["content", "check", "--today", "2028-01-01"]);
    assert_eq!(
        later.status.code(),
        Some(0),
        "warnings do not fail the check"
    );
    let out = stdout(&later);
    let mut lines = out.lines();
    assert!(lines.next().unwrap().starts_with("ok: "), "{out}");
    let warnings: Vec<&str> = lines.collect();
    assert!(!warnings.is_empty(), "{out}");
    for w in &warnings {
        assert!(w.starts_with("warning: content/"), "{w}");
        assert!(
            w.contains("was last checked on 2026-11-30, more than a year before 2028-01-01"),
            "{w}"
        );
    }

    let bad = run(&["content", "check", "--today", "30.11.2026"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("not a date; write YYYY-MM-DD"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn content_check_passes_on_the_embedded_playbook_and_fails_on_a_broken_one() {
    let o = run(&["content", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("ok: "));

    let broken = tempfile::tempdir().unwrap();
    let tree = std::fs::read_to_string(format!("{MINIMAL}/tree.toml")).unwrap();
    std::fs::write(
        broken.path().join("tree.toml"),
        tree.replace("next = \"transient\"", "next = \"gone\""),
    )
    .unwrap();
    std::fs::copy(
        format!("{MINIMAL}/outcomes.toml"),
        broken.path().join("outcomes.toml"),
    )
    .unwrap();
    let o = run(&["content", "check", broken.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert!(
        lines.iter().any(|l| l.contains("tree.toml:")
            && l.ends_with("next = \"gone\" points nowhere: no question or outcome has that id")),
        "{lines:?}"
    );
    assert!(stderr(&o).contains("problem(s) found"));

    let o = run(&["content", "check", "/nonexistent/dir"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("no such content folder"));
}

#[test]
fn content_graph_draws_mermaid_and_dot() {
    let o = run(&["content", "graph", "--content", MINIMAL]);
    assert_eq!(o.status.code(), Some(0));
    let m = stdout(&o);
    assert!(m.starts_with("flowchart TD\n"));
    assert!(m.contains("  where -->|\"app\"| code\n"), "{m}");
    assert!(m.contains("  transient -.-> trigger_off\n"), "{m}");
    let o = run(&["content", "graph", "--format", "dot", "--content", MINIMAL]);
    let d = stdout(&o);
    assert!(d.starts_with("digraph flowtriage {"));
    assert!(
        d.contains("\"status\" -> \"transient\" [label=\"500\"];"),
        "{d}"
    );
}

#[test]
fn codes_lists_every_code_and_alias() {
    let o = run(&["codes", "--content", MINIMAL]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.lines().any(|l| l.starts_with("WorkflowTriggerIsNotEnabled") && l.contains("trigger-disabled")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("TriggerOff")), "{text}");
    let v = json(&run(&["codes", "--content", MINIMAL, "--format", "json"]));
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["code"], "WorkflowTriggerIsNotEnabled");
    assert_eq!(v[0]["enter"], "trigger-off");
}

#[test]
fn every_listed_code_is_an_accepted_answer() {
    let v = json(&run(&["codes", "--format", "json"]));
    for entry in v.as_array().unwrap() {
        let code = entry["code"].as_str().unwrap();
        let o = run(&[
            "diagnose",
            "--answer",
            &format!("code={}", code.to_lowercase()),
            "--format",
            "json",
        ]);
        assert!(
            matches!(o.status.code(), Some(0) | Some(3)),
            "{code}: {}",
            stderr(&o)
        );
        assert_eq!(json(&o)["answers"][0]["value"], code);
    }
}

#[test]
fn search_returns_scores_and_positions() {
    let v = json(&run(&[
        "search",
        "trigger off",
        "--content",
        MINIMAL,
        "--format",
        "json",
        "--limit",
        "3",
    ]));
    let hits = v.as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    assert!(hits[0]["score"].as_i64().unwrap() > 0);
    assert!(!hits[0]["positions"].as_array().unwrap().is_empty());
    assert_eq!(
        hits[0]["text"], "TriggerOff",
        "the closest hit ranks first: {v}"
    );
    let o = run(&["search", "zzzzqqqq", "--content", MINIMAL]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("no match for 'zzzzqqqq'"));
}

#[test]
fn search_text_lists_kind_category_and_text_without_scores() {
    let o = run(&["search", "DlpViolation"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let first = out.lines().next().expect("a hit");
    let columns: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(
        columns[..3],
        ["code", "dlp-violation", "DlpViolation"],
        "{out}"
    );
    assert!(
        out.lines().all(|l| !l
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '-')),
        "no score column: {out}"
    );
}

#[test]
fn completions_are_printed_for_a_shell() {
    let o = run(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("flowtriage"));
    assert!(stdout(&o).contains("diagnose"));
    let o = run(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_and_version_exit_0_and_unknown_commands_exit_2() {
    assert_eq!(run(&["--help"]).status.code(), Some(0));
    let v = run(&["--version"]);
    assert_eq!(v.status.code(), Some(0));
    assert!(stdout(&v).contains(env!("CARGO_PKG_VERSION")));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn secrets_in_the_input_never_reach_the_report_unless_asked() {
    let input = r#"{"error":{"code":"WorkflowTriggerIsNotEnabled","message":"trigger is not enabled","headers":{"Authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl"}}}"#;
    let o = run_with_stdin(
        &["diagnose", "-", "--content", MINIMAL, "--format", "json"],
        Some(input),
    );
    let text = stdout(&o);
    assert!(!text.contains("eyJhbGciOiJIUzI1NiJ9"), "{text}");
    assert!(json(&o)["redactions"].as_u64().unwrap() >= 1);
    assert_eq!(json(&o)["outcome"]["id"], "trigger-off");
}

/// Run in a given home, with extra environment.
fn run_in(home: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("FLOWTRIAGE_HOME", home)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn cache_entries(home: &std::path::Path) -> usize {
    std::fs::read_dir(home.join("cache/playbooks"))
        .map(|rd| rd.count())
        .unwrap_or(0)
}

#[test]
fn a_content_folder_is_compiled_once_and_answers_the_same_from_the_cache() {
    let home = tempfile::tempdir().unwrap();
    let content = tempfile::tempdir().unwrap();
    for file in ["tree.toml", "outcomes.toml"] {
        std::fs::copy(format!("{MINIMAL}/{file}"), content.path().join(file)).unwrap();
    }
    let dir = content.path().to_str().unwrap();
    let search = ["search", "trigger", "--content", dir, "--format", "json"];
    let diagnose = [
        "diagnose",
        "--content",
        dir,
        "--answer",
        "code=TriggerOff",
        "--format",
        "text",
    ];
    let first = (
        run_in(home.path(), &search, &[]),
        run_in(home.path(), &diagnose, &[]),
    );
    assert_eq!(cache_entries(home.path()), 1, "one entry for the folder");
    for _ in 0..2 {
        let again = (
            run_in(home.path(), &search, &[]),
            run_in(home.path(), &diagnose, &[]),
        );
        assert_eq!(stdout(&again.0), stdout(&first.0));
        assert!(
            stdout(&again.1).contains("Turn the flow on"),
            "{}",
            stdout(&again.1)
        );
        assert_eq!(cache_entries(home.path()), 1);
    }
    assert!(
        stdout(&first.0).contains("\"score\""),
        "{}",
        stdout(&first.0)
    );

    // A change to a file is seen at once, and makes another entry.
    let outcomes = content.path().join("outcomes.toml");
    let text = std::fs::read_to_string(&outcomes).unwrap();
    std::fs::write(
        &outcomes,
        text.replace("Turn the flow on", "Switch the flow on"),
    )
    .unwrap();
    let changed = run_in(home.path(), &diagnose, &[]);
    assert!(
        stdout(&changed).contains("Switch the flow on"),
        "{}",
        stdout(&changed)
    );
    assert_eq!(cache_entries(home.path()), 2);

    // Without the cache, nothing is written.
    let bare = tempfile::tempdir().unwrap();
    let o = run_in(bare.path(), &diagnose, &[("FLOWTRIAGE_NO_CACHE", "1")]);
    assert!(stdout(&o).contains("Switch the flow on"));
    assert_eq!(cache_entries(bare.path()), 0);
}

#[test]
fn config_path_prints_the_file_and_with_all_every_folder() {
    let one = run(&["config", "path"]);
    assert!(one.status.success(), "{}", stderr(&one));
    let file = stdout(&one);
    assert_eq!(file.lines().count(), 1, "one line, for scripts: {file}");
    assert!(file.trim_end().ends_with("config.toml"), "{file}");

    let all = run(&["config", "path", "--all"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let listing = stdout(&all);
    let labels: Vec<_> = listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        ["config", "reports", "sessions", "cache"],
        "{listing}"
    );
    // Each run has a home of its own; the layout under it is the same.
    let under_home = |path: &str| path.rsplit("/config/").next().map(str::to_owned);
    let config_line = listing.lines().next().unwrap_or("");
    assert_eq!(
        under_home(config_line.trim_start_matches("config").trim()),
        under_home(file.trim_end()),
        "{listing}"
    );
}

//! Reports in every format: golden files, hostile text, saving rules, config, sessions.
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test report_formats`
//! and read every changed line before committing them.

mod support;

use std::process::Command;

use flowtriage::checklist::StepMarks;
use flowtriage::classify::{classify, redact};
use flowtriage::content::{ContentSource, Playbook, Source, load};
use flowtriage::engine::{Answer, AnswerSource, Triage};
use flowtriage::export;
use flowtriage::report::{Audience, Format, Report, ReportMeta};
use flowtriage::session::Session;
use flowtriage::store::SessionStore;

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");

const FORMATS: [(Format, &str); 4] = [
    (Format::Markdown, "md"),
    (Format::Json, "json"),
    (Format::Text, "txt"),
    (Format::Html, "html"),
];

/// The minimal tree with outcomes that exercise every part of a report.
fn report_playbook() -> Playbook {
    let sources = vec![
        Source {
            name: "tree.toml".into(),
            text: include_str!("fixtures/content/minimal/tree.toml").into(),
        },
        Source {
            name: "outcomes.toml".into(),
            text: include_str!("fixtures/content/report/outcomes.toml").into(),
        },
    ];
    load(&sources, ContentSource::Embedded).expect("fixture is valid")
}

/// A Teams chat with a token, a JSON error and identifiers, as an engineer pastes it.
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3NlcnZpY2UuZmxvdy5taWNyb3NvZnQuY29tLyJ9.c2lnbmF0dXJlc2lnbmF0dXJl";

fn paste() -> String {
    let mut text = String::from("[10:40] Dana: morning\n");
    for i in 0..20 {
        text.push_str(&format!("[10:{:02}] Sam: unrelated chatter {i}\n", 41 + i));
    }
    text.push_str(&format!("[11:01] Dana: Authorization: Bearer {TOKEN}\n"));
    text.push_str("[11:02] Dana: the app shows this:\n");
    text.push_str(r#"{"error":{"code":"WorkflowTriggerIsNotEnabled","message":"trigger is not enabled. Request tracking id '08585363784617491234567890CU25'."}}"#);
    text.push_str("\n[11:03] Sam: it calls /apis/shared_office365 too\n[11:04] Sam: ok\n");
    for i in 0..10 {
        text.push_str(&format!("[11:{:02}] Dana: more chatter {i}\n", 5 + i));
    }
    text
}

fn sample_for(meta: ReportMeta, note: &str, audience: Audience) -> Report {
    let pb = report_playbook();
    let redacted = redact(&paste());
    let c = classify(&pb, &redacted.text);
    let t = Triage::start(&pb, c.answers(&pb));
    let mut marks = StepMarks::default();
    marks.toggle("turn-on");
    marks.set_note("turn-on", note);
    let mut report = Report::build(&pb, &t, Some(&c), &marks, meta, redacted.count)
        .with_pasted(&pb, Some(&redacted.text))
        .for_audience(
            audience,
            Some("Hello Dana, here are the steps from our call.".into()),
        );
    report.tool_version = "0.0.0-test".into();
    report
}

fn sample(meta: ReportMeta, note: &str) -> Report {
    sample_for(meta, note, Audience::Engineer)
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
fn every_format_and_audience_matches_its_golden_file() {
    let mut differ = Vec::new();
    for (audience, suffix) in [(Audience::Engineer, ""), (Audience::Customer, "-customer")] {
        let report = sample_for(fixed_meta(), "Customer confirmed it is on.", audience);
        for (format, ext) in FORMATS {
            let rendered = export::render(&report, format);
            let path = format!(
                "{}/tests/golden/report{suffix}.{ext}",
                env!("CARGO_MANIFEST_DIR")
            );
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &rendered).unwrap();
            }
            let golden = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{path} is missing: run with UPDATE_GOLDEN=1"));
            if rendered != golden {
                differ.push(format!("{path}:\n{rendered}"));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "differ from their golden files:\n{}",
        differ.join("\n")
    );
}

/// Every string value in the JSON that a reader needs, with where it sits.
fn facts_of(json: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    fn push(out: &mut Vec<(String, String)>, path: &str, v: &serde_json::Value) {
        if let Some(s) = v.as_str() {
            out.push((path.to_string(), s.to_string()));
        } else if let Some(n) = v.as_u64() {
            out.push((path.to_string(), n.to_string()));
        }
    }
    for key in ["case", "customer", "engineer", "started", "exported"] {
        push(&mut out, key, &json[key]);
    }
    push(&mut out, "tool.version", &json["tool"]["version"]);
    push(&mut out, "content.version", &json["content"]["version"]);
    let c = &json["classification"];
    push(&mut out, "classification.category", &c["category"]);
    for code in c["codes"].as_array().unwrap() {
        push(&mut out, "classification.codes", code);
    }
    for e in c["evidence"].as_array().unwrap() {
        push(&mut out, "classification.evidence", e);
    }
    for (_, v) in c["facts"].as_object().unwrap() {
        push(&mut out, "classification.facts", v);
    }
    for id in json["identifiers"].as_array().unwrap() {
        push(&mut out, "identifiers.label", &id["label"]);
        push(&mut out, "identifiers.value", &id["value"]);
    }
    for line in json["error"]["excerpt"].as_str().unwrap().lines() {
        out.push(("error.excerpt".into(), line.to_string()));
    }
    for a in json["answers"].as_array().unwrap() {
        push(&mut out, "answers.prompt", &a["prompt"]);
        push(&mut out, "answers.label", &a["label"]);
    }
    push(&mut out, "outcome.title", &json["outcome"]["title"]);
    push(&mut out, "outcome.cause", &json["outcome"]["cause"]);
    let steps = |out: &mut Vec<(String, String)>, steps: &serde_json::Value| {
        for s in steps.as_array().unwrap() {
            for key in ["text", "note", "how"] {
                if let Some(v) = s[key].as_str() {
                    out.push((format!("steps.{key}"), v.to_string()));
                }
            }
        }
    };
    steps(&mut out, &json["steps"]);
    for alt in json["alternatives"].as_array().unwrap() {
        out.push((
            "alternatives.title".into(),
            alt["title"].as_str().unwrap().into(),
        ));
        if let Some(when) = alt["when"].as_str() {
            out.push(("alternatives.when".into(), when.into()));
        }
        steps(&mut out, &alt["steps"]);
    }
    for r in json["references"].as_array().unwrap() {
        out.push((
            "references.title".into(),
            r["title"].as_str().unwrap().into(),
        ));
        out.push(("references.url".into(), r["url"].as_str().unwrap().into()));
    }
    out
}

/// Text with wrapping, indentation and Markdown's code-span marks taken out, so a fact
/// can be looked for whatever line breaks or backticks a format put in it.
fn flat(text: &str) -> String {
    text.replace('`', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_fact_in_the_json_appears_in_markdown_text_and_html() {
    let report = sample(fixed_meta(), "Run took 187s; customer <Finance> & co.");
    let json: serde_json::Value =
        serde_json::from_str(&export::render(&report, Format::Json)).unwrap();
    assert_eq!(json["schema"], 2);
    assert_eq!(json["exported"], json["finished"]);
    let facts = facts_of(&json);
    assert!(facts.len() > 30, "{facts:?}");
    let md = flat(&export::render(&report, Format::Markdown));
    let text = flat(&export::render(&report, Format::Text));
    let html = flat(&export::render(&report, Format::Html));
    let html_escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    let mut missing = Vec::new();
    for (at, value) in &facts {
        let needle = flat(value);
        if needle.is_empty() {
            continue;
        }
        if !md.contains(&needle) {
            missing.push(format!("md lacks {at} = {value:?}"));
        }
        if !text.contains(&needle) {
            missing.push(format!("text lacks {at} = {value:?}"));
        }
        if !html.contains(&flat(&html_escape(value))) {
            missing.push(format!("html lacks {at} = {value:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_format_of_one_export_shows_the_same_times() {
    let report = sample(fixed_meta(), "n");
    for (format, _) in FORMATS {
        let out = export::render(&report, format);
        assert!(out.contains("2026-11-22T14:15:03Z"), "{format:?}");
        assert!(out.contains("2026-11-22T14:21:40Z"), "{format:?}");
        if format != Format::Json {
            assert!(out.contains("Exported (UTC)"), "{format:?}");
            assert!(!out.contains("Finished"), "{format:?}");
        }
    }
}

#[test]
fn a_token_in_the_paste_never_reaches_any_format() {
    // Even unredacted input (diagnose --no-redact) is redacted in the excerpt.
    let pb = report_playbook();
    let raw = paste();
    let c = classify(&pb, &raw);
    let t = Triage::start(&pb, c.answers(&pb));
    let report = Report::build(&pb, &t, Some(&c), &StepMarks::default(), fixed_meta(), 0)
        .with_pasted(&pb, Some(&raw));
    let excerpt = report.excerpt.as_ref().expect("an excerpt");
    assert!(
        excerpt.text.contains("Authorization: Bearer"),
        "{}",
        excerpt.text
    );
    for (format, _) in FORMATS {
        let out = export::render(&report, format);
        assert!(!out.contains("eyJ0eXAi"), "{format:?}:\n{out}");
        assert!(!out.contains("c2lnbmF0dXJl"), "{format:?}");
    }
}

#[test]
fn the_markdown_is_a_github_checklist_with_everything_a_ticket_needs() {
    let md = export::render(&sample(fixed_meta(), "called"), Format::Markdown);
    for needle in [
        "- **Case:** `CASE-4477`",
        "- **Customer:** Contoso",
        "- **Engineer:** Ada",
        "- **Started (UTC):** 2026-11-22T14:15:03Z",
        "- **Exported (UTC):** 2026-11-22T14:21:40Z",
        "- **Error code:** `WorkflowTriggerIsNotEnabled`",
        "- **Connector API:** `shared_office365`",
        "- **Request tracking id:** `08585363784617491234567890CU25`",
        "## Error as pasted",
        "- [x] Turn it on.",
        "  - Note: called",
        "- [ ] Work in the source environment.",
        "- [ ] Check the `shared_office365` connection: the solution must hold `<Managed>0</Managed>` in `customizations.xml`.",
        "  - How: Open Solutions > Default Solution > Connection references.",
        "(classifier)",
        "### If that does not fix it: Ask the owner",
        "When you cannot turn it on yourself.",
        "[Turn on a flow](<https://example.invalid/turn-on>)",
        "content test-1",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(!md.contains('\\'), "no backslash escapes:\n{md}");
}

/// Markdown rendered by a CommonMark renderer (with GitHub's extensions).
fn rendered(md: &str) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, options));
    html
}

#[test]
fn markdown_renders_identifiers_as_code_without_backslashes() {
    let md = export::render(&sample(fixed_meta(), "n"), Format::Markdown);
    // Raw: what a plain-text ticket shows.
    for escaped in ["\\_", "\\<", "\\>", "\\*", "\\[", "\\`"] {
        assert!(!md.contains(escaped), "{escaped} in\n{md}");
    }
    // Rendered: each identifier in a code element, the XML as text.
    let html = rendered(&md);
    for code in [
        "<code>shared_office365</code>",
        "<code>&lt;Managed&gt;0&lt;/Managed&gt;</code>",
        "<code>CASE-4477</code>",
        "<code>08585363784617491234567890CU25</code>",
    ] {
        assert!(html.contains(code), "{code} not in\n{html}");
    }
    assert!(
        html.contains("<pre><code class=\"language-text\">"),
        "{html}"
    );
}

#[test]
fn hostile_text_is_inert_in_every_format() {
    let evil = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) \u{1b}[31mred\u{1b}[0m \u{202E}evil\u{200B} `tick` # head ``` </code><img src=x onerror=alert(1)> _u_ www.evil.example a@b.example";
    let meta = ReportMeta {
        case_id: Some(evil.into()),
        customer: Some(evil.into()),
        engineer: Some(evil.into()),
        ..fixed_meta()
    };
    for audience in [Audience::Engineer, Audience::Customer] {
        let report = sample_for(meta.clone(), evil, audience);
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
                    assert!(!out.contains("<img"), "html");
                    assert!(
                        out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                        "html"
                    );
                    assert!(!out.contains("href=\"javascript"), "html");
                }
                Format::Markdown => {
                    // Rendered, the hostile text is text: no tag, link, emphasis or
                    // block, and it reads as written.
                    let html = rendered(&out);
                    for bad in [
                        "<script",
                        "<img",
                        "<a href=\"javascript",
                        "<strong>bold",
                        "<em>u",
                        "<h1>head",
                        "www.evil.example\"",
                        "mailto:",
                    ] {
                        assert!(!html.contains(bad), "{bad} in\n{html}\nfrom\n{out}");
                    }
                    assert!(html.contains("&lt;/code&gt;"), "{html}");
                    assert!(out.contains("`<script>alert(1)</script>`"), "{out}");
                    assert!(out.contains("`` `tick` ``"), "{out}");
                }
                Format::Json => {
                    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                    assert_eq!(
                        v["case"].as_str(),
                        Some(evil),
                        "JSON keeps the text exactly, escaped by JSON itself"
                    );
                }
                Format::Text => {
                    assert!(out.contains("<script>"), "text keeps text as text")
                }
            }
        }
    }
}

#[test]
fn the_customer_copy_has_the_steps_in_plain_words_and_nothing_internal() {
    let engineer = sample(fixed_meta(), "internal remark");
    let customer = sample_for(fixed_meta(), "internal remark", Audience::Customer);
    for (format, _) in FORMATS {
        let e = export::render(&engineer, format);
        let c = export::render(&customer, format);
        assert!(
            e.contains("Contact Support"),
            "{format:?}: the engineer keeps it"
        );
        assert!(!c.contains("Contact Support"), "{format:?}:\n{c}");
        if format == Format::Json {
            continue;
        }
        assert!(
            c.contains("Hello Dana, here are the steps from our call."),
            "{c}"
        );
        assert!(c.contains("Turn it on."), "{c}");
        assert!(c.contains("Ask the owner to turn it on."), "{c}");
        assert!(c.contains("Turn on a flow"), "{c}");
        for internal in [
            "internal remark",
            "Evidence",
            "confidence",
            "classifier",
            "Bearer",
            "[x]",
            "Customer: Contoso",
        ] {
            assert!(!c.contains(internal), "{format:?} has {internal:?}:\n{c}");
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&export::render(&customer, Format::Json)).unwrap();
    assert_eq!(json["audience"], "customer");
    assert_eq!(json["steps"].as_array().unwrap().len(), 3);
}

#[test]
fn the_text_report_is_wrapped_for_a_plain_text_ticket() {
    let text = export::render(
        &sample(fixed_meta(), &"long note ".repeat(30)),
        Format::Text,
    );
    for line in text.lines() {
        // The excerpt keeps its lines as pasted (cut to a bound); the rest wraps.
        if !line.starts_with("  | ") {
            assert!(
                line.chars().count() <= flowtriage::report::WIDTH,
                "{line:?}"
            );
        }
    }
    for needle in [
        "Engineer: Ada",
        "Started (UTC): 2026-11-22T14:15:03Z",
        "Tool: flowtriage 0.0.0-test · content test-1 (embedded)",
        "  Connector API: shared_office365",
        "  2. [x] Turn it on.",
        "         Note: long note",
        "References",
        "    https://example.invalid/turn-on",
        "Evidence: error.code = WorkflowTriggerIsNotEnabled",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
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
    done.pasted =
        Some("the banner said: WorkflowTriggerIsNotEnabled, trigger is not enabled".into());
    done.classification = Some(classify(&pb, done.pasted.as_deref().unwrap()));
    store.save(&mut done.clone()).unwrap();
    let pending = Session::new(
        &pb,
        Triage::start(&pb, vec![]),
        "2026-11-23T09:00:00Z",
        None,
    );
    store.save(&mut pending.clone()).unwrap();
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
        list.contains("20261123-090000         -       2026-11-23T09:00:00Z  pending: Where do you see the failure? (where)"),
        "{list}"
    );
    assert!(list.contains("broken  unreadable:"), "{list}");
    // A header, then the newest session first, the unreadable file last.
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].starts_with("SESSION "), "{list}");
    assert!(lines[1].starts_with("20261123-090000 "), "{list}");
    assert!(lines[2].starts_with("20261122-141503-CASE-1 "), "{list}");
    assert!(lines[3].starts_with("broken "), "{list}");

    let show = run(&[
        "sessions",
        "show",
        "20261122-141503-CASE-1",
        "--format",
        "md",
    ]);
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(
        shown.contains("- [x] Turn it on in the environment where the app runs"),
        "{shown}"
    );
    assert!(
        shown.contains("## Error as pasted\n\nRedacted.\n\n```text\nthe banner said: WorkflowTriggerIsNotEnabled"),
        "{shown}"
    );
    let customer = run(&[
        "sessions",
        "show",
        "20261122-141503-CASE-1",
        "--audience",
        "customer",
    ]);
    let customer = String::from_utf8_lossy(&customer.stdout);
    assert!(customer.contains("What to do\n  1. "), "{customer}");
    assert!(!customer.contains("banner"), "{customer}");

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

    // A case id finds its session.
    let by_case = run(&["sessions", "show", "CASE-1"]);
    assert_eq!(by_case.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&by_case.stdout).contains("[x]"));

    // Prune deletes the empty session only; --older-than also the old one.
    std::fs::remove_file(home.path().join("state/sessions/broken.json")).unwrap();
    let dry = run(&["sessions", "prune", "--dry-run"]);
    assert_eq!(
        String::from_utf8_lossy(&dry.stdout),
        "would delete 20261123-090000  empty  2026-11-23T09:00:00Z\n"
    );
    assert_eq!(store.ids().len(), 2, "a dry run deletes nothing");
    let prune = run(&["sessions", "prune"]);
    assert_eq!(prune.status.code(), Some(0));
    assert_eq!(store.ids(), ["20261122-141503-CASE-1"]);
    let bad = run(&["sessions", "prune", "--older-than", "soon"]);
    assert_eq!(bad.status.code(), Some(2));
    let old = run(&["sessions", "prune", "--older-than", "1d"]);
    assert!(
        String::from_utf8_lossy(&old.stdout).contains("deleted 20261122-141503-CASE-1  old"),
        "{}",
        String::from_utf8_lossy(&old.stdout)
    );
    assert!(store.ids().is_empty());
}

#[test]
fn output_picks_the_format_from_its_extension_unless_format_is_given() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "default_format = \"html\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(["diagnose", "--answer", "code=WorkflowTriggerIsNotEnabled"])
            .args(args)
            .env("FLOWTRIAGE_HOME", home.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    };
    let path = |name: &str| home.path().join(name);
    let read = |name: &str| std::fs::read_to_string(path(name)).unwrap();
    run(&["--output", path("a.md").to_str().unwrap()]);
    assert!(
        read("a.md").starts_with("# flowtriage: "),
        "{}",
        read("a.md")
    );
    run(&["--output", path("b.txt").to_str().unwrap()]);
    assert!(
        read("b.txt").starts_with("flowtriage: "),
        "{}",
        read("b.txt")
    );
    run(&["--output", path("c.json").to_str().unwrap()]);
    assert!(read("c.json").contains("\"schema\": 2"));
    // No known extension: the config's default; --format wins over the extension.
    run(&["--output", path("d.report").to_str().unwrap()]);
    assert!(read("d.report").starts_with("<!DOCTYPE html>"));
    run(&[
        "--output",
        path("e.md").to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert!(read("e.md").starts_with("flowtriage: "));
}

#[test]
fn diagnose_carries_the_pasted_error_and_writes_the_customer_copy() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "engineer = \"Grace\"\ncustomer_greeting = \"Hello, here is what we agreed.\"\n",
    )
    .unwrap();
    let input = home.path().join("paste.txt");
    std::fs::write(&input, paste()).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .arg("diagnose")
            .arg(&input)
            .args(args)
            .env("FLOWTRIAGE_HOME", home.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let md = run(&["--format", "md"]);
    assert!(md.contains("## Error as pasted"), "{md}");
    assert!(md.contains("WorkflowTriggerIsNotEnabled"), "{md}");
    assert!(!md.contains("eyJ0eXAi"), "{md}");
    let customer = run(&["--format", "text", "--audience", "customer"]);
    assert!(
        customer.contains("Hello, here is what we agreed."),
        "{customer}"
    );
    assert!(!customer.contains("Error as pasted"), "{customer}");
    assert!(customer.contains("Grace"), "{customer}");
}

/// The tags a rendering holds, code spans and blocks left out, in order.
fn structure(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|t| {
            t.split(|c: char| c == '>' || c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_string()
        })
        .filter(|t| !matches!(t.as_str(), "code" | "/code"))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Whatever the engineer types in a note or the case fields, the rendered Markdown
    /// has the same structure (headings, lists, links, emphasis) as with plain words:
    /// the typed text only ever becomes text or code.
    #[test]
    fn typed_text_never_changes_the_markdown_structure(
        typed in "[ a-z0-9<>&*_`#|!\\[\\]()/\\\\:.=~@-]{1,60}"
    ) {
        let meta = |text: &str| ReportMeta {
            case_id: Some(text.into()),
            customer: Some(text.into()),
            engineer: Some(text.into()),
            ..fixed_meta()
        };
        for audience in [Audience::Engineer, Audience::Customer] {
            let plain = export::render(&sample_for(meta("plain words"), "note plain words", audience), Format::Markdown);
            // A blank note is no note: keep a word in it so only the typed text differs.
            let note = format!("note {typed}");
            let typed_md = export::render(&sample_for(meta(&typed), &note, audience), Format::Markdown);
            let (a, b) = (rendered(&plain), rendered(&typed_md));
            proptest::prop_assert_eq!(structure(&a), structure(&b), "{}\n---\n{}", typed_md, b);
        }
    }
}

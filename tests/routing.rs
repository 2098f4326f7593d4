//! Routing real pastes (issue 14): whatever wrapping, quoting, escaping or line endings
//! a paste went through, it routes where the plain text routes; what nothing
//! recognises says so; `content eval` measures a labelled folder.

mod support;

use flowtriage::classify::{Classification, Classifier, classify};
use flowtriage::content::embedded_playbook;
use proptest::prelude::*;
use support::classify_pasted as category;
use unicode_width::UnicodeWidthChar;

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = support::run_binary(args, Some(stdin));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Hard-wrap `text` at `width` columns the way an email client does: at the last space
/// before the width (a long word is cut).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut rest: Vec<char> = line.chars().collect();
        while rest.len() > width {
            let cut = rest[..width]
                .iter()
                .rposition(|c| *c == ' ')
                .filter(|&i| i > 0)
                .unwrap_or(width);
            out.extend(&rest[..cut]);
            out.push('\n');
            let skip = usize::from(rest.get(cut) == Some(&' '));
            rest.drain(..cut + skip);
        }
        out.extend(&rest);
        out.push('\n');
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Mangling {
    width: usize,
    quote: bool,
    crlf: bool,
    indent: bool,
    html: bool,
    /// Each line ends in `<br>`, as an email's HTML source has it.
    rich: bool,
    /// Digits typed full-width (`４０３`), as a Japanese or Chinese input method does.
    full_width: bool,
    /// Each line stamped with the time, as a pipeline's log prints a message.
    stamped: bool,
}

fn mangle(text: &str, m: Mangling) -> String {
    let mut text = wrap(text, m.width);
    // Typed so, before any escaping.
    if m.full_width {
        text = text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                None => c,
            })
            .collect();
    }
    if m.html {
        text = text
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
    }
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        if m.stamped {
            out.push_str(&format!("2026-11-30T10:{:02}:07.1234567Z ", n % 60));
        }
        if m.quote {
            out.push_str("> ");
        }
        if m.indent {
            out.push_str("    ");
        }
        out.push_str(line);
        if m.rich {
            out.push_str("<br>");
        }
        out.push_str(if m.crlf { "\r\n" } else { "\n" });
    }
    out
}

/// Whether two readings of one paste differ only in the order of the fallback model's
/// near tie: neither matched a signature, and each names the other's category as its
/// runner-up, so the report names both categories either way. A wrap can move such a
/// guess (the joined text's words differ slightly: docs/ACCURACY.md); anything else a
/// wrap changes is a fault.
fn swapped_fallback_tie(a: &Classification, b: &Classification) -> bool {
    let runner_up = |c: &Classification| c.runner_up.as_ref().map(|r| r.category.clone());
    a.signature.is_none()
        && b.signature.is_none()
        && runner_up(a).as_ref() == Some(&b.category)
        && runner_up(b).as_ref() == Some(&a.category)
}

fn manglings() -> impl Strategy<Value = Mangling> {
    (
        40usize..=120,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(width, quote, crlf, indent, html, rich, full_width, stamped)| Mangling {
                width,
                quote,
                crlf,
                indent,
                html,
                rich,
                full_width,
                stamped,
            },
        )
}

/// The constructed corpus (tests/corpus) and, when present, the real one
/// (tests/corpus/real): (file, text, category, whether the text may be shown).
fn corpus_cases() -> Vec<(String, String, String, bool)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    // A failure here names the never-read cases, never shows their text.
    let never_read = support::real_splits().never_read;
    let mut cases = Vec::new();
    for (dir, labels) in [
        (root.clone(), "expected.toml"),
        (root.join("real"), "labels.toml"),
    ] {
        let Ok(text) = std::fs::read_to_string(dir.join(labels)) else {
            continue;
        };
        let labels: support::CorpusLabels = toml::from_str(&text).expect("labels parse");
        for label in labels.case {
            let bytes = std::fs::read(dir.join(&label.file)).expect("case file");
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let shown = !never_read.contains(&label.split);
            cases.push((label.file, text, label.category, shown));
        }
    }
    cases
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any corpus case, re-wrapped at a width from 40 to 120, with or without quote
    /// prefixes, CRLF, indentation, HTML escaping, `<br>` at each line's end, digits
    /// typed full-width or a log's time stamp on each line, gets the category it gets
    /// as is.
    #[test]
    fn a_mangled_corpus_case_keeps_its_category(index in any::<prop::sample::Index>(), m in manglings()) {
        let playbook = embedded_playbook().unwrap();
        let cases = corpus_cases();
        let (file, text, _, shown) = &cases[index.index(cases.len())];
        // Very long lines of JSON are what terminals cut inside tokens; a wrap at a
        // space is what this property is about, so cases are taken as they classify.
        let plain = category(&playbook, text);
        let mangled = mangle(text, m);
        let got = category(&playbook, &mangled);
        let kept = got.category == plain.category || swapped_fallback_tie(&plain, &got);
        if *shown {
            prop_assert!(
                kept,
                "{} mangled {:?}: {} -> {}\n{}\nevidence {:?}",
                file, m, plain.category, got.category, mangled, got.evidence
            );
        } else {
            prop_assert!(
                kept,
                "{} mangled {:?}: a never-read case (its text, categories and evidence are \
                 not shown)", file, m
            );
        }
    }
}

/// Cut every `width` columns, inside words too, as the classic console's rows are when
/// copied one by one: a Chinese or Japanese character takes two columns, and one that
/// does not fit in a row's last column starts the next row.
fn cut_rows(text: &str, width: usize) -> String {
    cut_every(text, width, |c| c.width().unwrap_or(0))
}

/// Cut every `width` characters, as a mail client wraps Chinese or Japanese (which has no
/// spaces to wrap at): counted in characters, not columns.
fn cut_chars(text: &str, width: usize) -> String {
    cut_every(text, width, |_| 1)
}

/// `text` in rows of at most `width`, each character taking `room` of it.
fn cut_every(text: &str, width: usize, room: impl Fn(char) -> usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut used = 0;
        for c in line.chars() {
            let w = room(c);
            if used + w > width {
                out.push('\n');
                used = 0;
            }
            out.push(c);
            used += w;
        }
        out.push('\n');
    }
    out
}

/// Every signature's example messages, shown in a console 80 or 120 columns wide and
/// copied row by row (words cut at the width), route as they do in one line.
#[test]
fn example_errors_cut_by_a_console_route_right() {
    let playbook = embedded_playbook().unwrap();
    let mut failures = Vec::new();
    let mut tried = 0;
    for sig in &playbook.signatures {
        for message in &sig.messages {
            let line = format!("The app's call to the flow failed with this error: {message}");
            for width in [80, 120] {
                if line.chars().count() <= width {
                    continue;
                }
                tried += 1;
                let paste = cut_rows(&line, width);
                let whole = category(&playbook, &line);
                let got = category(&playbook, &paste);
                if got.category != whole.category {
                    failures.push(format!(
                        "{} at {width}: {} whole, {} cut:\n{paste}{:?}",
                        sig.id, whole.category, got.category, got.evidence
                    ));
                }
            }
        }
    }
    assert!(
        tried >= 20,
        "only {tried} messages are longer than a console row"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every corpus case copied row by row from a console 80 or 120 columns wide (words and
/// escapes cut at the width, indented rows and rows that start with a space as the
/// console shows them), or cut every 76 characters as a mail client cuts text without
/// spaces, routes as it does as pasted. Deterministic, beside the random
/// property above: a console's cut is the mangling most likely to split a message.
/// Where no signature matched either way, the fallback's near tie may swap its order
/// (`swapped_fallback_tie`); any other change fails.
#[test]
fn every_corpus_case_cut_by_a_console_keeps_its_category() {
    let playbook = embedded_playbook().unwrap();
    let cases = corpus_cases();
    assert!(cases.len() >= 150, "only {} corpus cases", cases.len());
    let mut failures = Vec::new();
    for (file, text, _, shown) in &cases {
        let plain = category(&playbook, text);
        let cuts = [
            ("80 columns", cut_rows(text, 80)),
            ("120 columns", cut_rows(text, 120)),
            ("76 characters", cut_chars(text, 76)),
        ];
        for (width, cut) in cuts {
            let got = category(&playbook, &cut);
            if got.category == plain.category || swapped_fallback_tie(&plain, &got) {
                continue;
            }
            failures.push(match shown {
                true => format!(
                    "{file} cut at {width}: {} -> {}, evidence {:?}",
                    plain.category, got.category, got.evidence
                ),
                false => format!("{file} cut at {width}: a never-read case (not shown)"),
            });
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_seed_codes_example_errors_route_right_when_wrapped_in_a_quoted_email() {
    let playbook = embedded_playbook().unwrap();
    let seeds: Vec<_> = playbook
        .signatures
        .iter()
        .filter(|s| s.code.is_some() && !s.messages.is_empty())
        .collect();
    assert!(seeds.len() >= 8, "the seed codes carry example messages");
    let mut failures = Vec::new();
    for sig in seeds {
        let code = sig.code.as_deref().unwrap();
        for message in &sig.messages {
            let paste = format!(
                "Hi team,\n\nthe app fails with this:\n\n{{\"code\": \"{code}\", \"message\": \"{}\"}}\n\nThanks",
                message.replace('"', "\\\"")
            );
            // The reply as plain text, and as its HTML source (`<br>` at each line).
            for rich in [false, true] {
                let email = mangle(
                    &paste,
                    Mangling {
                        width: 60,
                        quote: true,
                        crlf: true,
                        indent: false,
                        html: false,
                        rich,
                        full_width: false,
                        stamped: false,
                    },
                );
                let c = category(&playbook, &email);
                if c.category != sig.category {
                    failures.push(format!(
                        "{code}: got {} for\n{email}\n{:?}",
                        c.category, c.evidence
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn wrapped_messages_without_their_code_route_right() {
    let playbook = embedded_playbook().unwrap();
    for (text, expected) in [
        (
            "> The template language expression 'json(decodeBase64(triggerOutputs().headers['X-MS-APIM-Tokens']))['$connections']\n> ['shared_office365']['connectionId']' cannot be evaluated because property 'shared_office365' doesn't exist, available properties are 'shared_sql'.",
            "flow-connections-changed",
        ),
        (
            "Unable to process template language expressions in action 'Send' inputs at line '1' and column\n'1900': 'The template language expression 'triggerBody()['text_1']' cannot be\nevaluated because property 'text_1' cannot be selected.",
            "flow-input-changed",
        ),
        (
            "{\"code\":\"InvalidTemplate\",\"message\":\"The template language expression 'triggerBody()['text_2']' cannot be evaluated because property 'text_2' doesn't exist, available properties are 'text'.\"}",
            "flow-input-changed",
        ),
        (
            "The caller with object id 'a' does not have permission for connection 'b' under Api 'shared_sql'.",
            "connection-authorization",
        ),
        (
            "The flow call came back with **Bad Gateway**",
            "transient-failure",
        ),
        ("MyFlow.Run failed: `GatewayTimeout`", "response-timeout"),
    ] {
        let c = category(&playbook, text);
        assert_eq!(c.category, expected, "{text}\n{:?}", c.evidence);
        assert!(c.is_recognised());
    }
}

#[test]
fn context_decides_and_neighbours_stay_out_of_seed_checklists() {
    let playbook = embedded_playbook().unwrap();
    for text in [
        // A Dataverse Web API 400 carrying an install code.
        "POST /api/data/v9.2/accounts returned 400: {\"error\":{\"code\":\"0x80040265\",\"message\":\"ISV code aborted the operation.\"}}",
        // A 504 from a management API called from the CLI.
        "az rest --url https://management.azure.com/subscriptions/x/providers\nERROR: (GatewayTimeout) status 504",
        // An action timing out inside another product's run.
        "{\"code\":\"ActionTimedOut\",\"message\":\"The action 'HTTP' timed out in the Logic Apps Standard workflow.\"}",
        // Another product's template error and 403.
        "Logic App run failed: {\"code\":\"InvalidTemplate\",\"message\":\"Unable to process template language expressions in action 'Compose'.\"}",
        "SPFx web part: GET _api/web/lists returned 403 Forbidden",
    ] {
        let c = category(&playbook, text);
        assert!(
            !c.is_recognised() && c.confidence <= 0.3,
            "{text}: {} {} {:?}",
            c.category,
            c.confidence,
            c.evidence
        );
        let runner = c
            .runner_up
            .as_ref()
            .expect("the ruled-out signature is named");
        assert!(runner.confidence <= 0.3, "{runner:?}");
    }
    // The same install code with install wording is an install failure.
    let c = category(
        &playbook,
        "{\"code\": \"0x80040265\", \"message\": \"Failed to install the flow.\"}",
    );
    assert_eq!(c.category, "install-failed");
}

#[test]
fn codes_typed_from_memory_or_read_by_ocr_route_to_their_checklist() {
    let playbook = embedded_playbook().unwrap();
    for (text, want, code, written) in [
        (
            "flow run failed when the app called it: ConnectionAuthorisationFailed",
            "connection-authorization",
            "ConnectionAuthorizationFailed",
            "ConnectionAuthorisationFailed",
        ),
        (
            "cust reads off the banner: InvokerConnectionOverideFailed",
            "invoker-connection-override",
            "InvokerConnectionOverrideFailed",
            "InvokerConnectionOverideFailed",
        ),
        // OCR: a capital I read as a small l, zeros as O.
        (
            "Flow client error lnvokerConnectionOverrideFailed",
            "invoker-connection-override",
            "InvokerConnectionOverrideFailed",
            "lnvokerConnectionOverrideFailed",
        ),
        (
            "installing the solution failed with 0x8OO40265",
            "install-failed",
            "0x80040265",
            "0x8OO40265",
        ),
    ] {
        let c = category(&playbook, text);
        assert_eq!(c.category, want, "{text}: {:?}", c.evidence);
        assert!(c.codes.iter().any(|c| c == code), "{text}: {:?}", c.codes);
        assert!(
            c.evidence
                .iter()
                .any(|e| e.contains(code) && e.contains(&format!("written \"{written}\""))),
            "{text}: {:?}",
            c.evidence
        );
    }
    // A short code takes no edit: one letter off is another word.
    let c = category(&playbook, "the flow's Get file step says NotFount");
    assert!(!c.codes.iter().any(|c| c == "NotFound"), "{:?}", c.codes);
    // The code written right wins over a near spelling of another.
    let c = category(
        &playbook,
        "ConnectionAuthorizationFailed, and earlier InvokerConnectionOverideFailed",
    );
    assert_eq!(c.category, "connection-authorization");
    assert!(
        !c.codes
            .iter()
            .any(|c| c == "InvokerConnectionOverrideFailed")
    );
}

#[test]
fn signatures_alone_leave_prose_unknown_and_the_fallback_names_its_example() {
    let playbook = embedded_playbook().unwrap();
    let text = "Our canvas app sits there loading and then the call just dies, every single time";
    let alone = Classifier::new(&playbook).without_fallback().classify(text);
    assert_eq!(alone.category, "unknown");
    let c = classify(&playbook, text);
    if c.category != "unknown" {
        assert!(c.signature.is_none() && c.confidence <= 0.3, "{c:?}");
        assert!(
            c.evidence[0].contains("nearest example"),
            "{:?}",
            c.evidence
        );
        assert!(c.runner_up.is_some(), "the runner-up is always named");
    }
}

#[test]
fn nothing_recognised_is_said_in_words_not_as_unknown_with_zero_confidence() {
    let text = "The app shows a red banner: Something went wrong.";
    let (code, out, _) = run(&["diagnose", "-", "--format", "text"], text);
    assert!(code == 0 || code == 3, "exit {code}");
    assert!(
        out.contains("Not recognised: answer a few questions"),
        "{out}"
    );
    assert!(!out.contains("confidence 0.00"), "{out}");
    let (_, md, _) = run(&["diagnose", "-", "--format", "md"], text);
    assert!(
        md.contains("Not recognised: answer a few questions"),
        "{md}"
    );
    assert!(!md.contains("`unknown`"), "{md}");
    let (_, json, _) = run(&["diagnose", "-", "--format", "json"], text);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["classification"]["category"], "unknown",
        "the contract"
    );
}

#[test]
fn content_eval_scores_a_labelled_folder_and_fails_below_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "trigger is not enabled").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Failed to install the flow.").unwrap();
    std::fs::write(
        dir.path().join("labels.toml"),
        "[[case]]\nfile = \"a.txt\"\ncategory = \"trigger-disabled\"\nsplit = \"test\"\nclass = \"other-wording\"\n\n\
         [[case]]\nfile = \"b.txt\"\ncategory = \"dlp-violation\"\nsplit = \"dev\"\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let (code, out, _) = run(&["content", "eval", path], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("accuracy 50.0%"), "{out}");
    assert!(out.contains("dlp-violation -> install-failed"), "{out}");
    assert!(
        out.contains("b.txt: expected dlp-violation, got install-failed"),
        "{out}"
    );
    let (code, out, _) = run(&["content", "eval", path, "--split", "test"], "");
    assert_eq!(code, 0);
    assert!(out.starts_with("accuracy 100.0%"), "{out}");
    let (code, _, err) = run(&["content", "eval", path, "--min-accuracy", "0.9"], "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("below --min-accuracy"), "{err}");
    let (code, json, _) = run(&["content", "eval", path, "--format", "json"], "");
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["total"]["cases"], 2);
    assert_eq!(value["misses"][0]["got"], "install-failed");
    assert_eq!(value["signatures"], true);
    assert_eq!(value["fallback"], true);

    // The fallback model alone: what it makes of each case as if no signature matched.
    let (code, json, err) = run(
        &[
            "content",
            "eval",
            path,
            "--fallback-only",
            "--format",
            "json",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["signatures"], false);
    assert_eq!(value["fallback"], true);
    assert_eq!(value["total"]["cases"], 2);
    for miss in value["misses"].as_array().unwrap() {
        let evidence = miss["evidence"][0].as_str().unwrap();
        assert!(evidence.starts_with("fallback model alone"), "{evidence}");
    }
    let (code, out, _) = run(&["content", "eval", path, "--fallback-only"], "");
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with("(the fallback model alone, as if no signature had matched)"),
        "{out}"
    );
    let (code, _, err) = run(
        &[
            "content",
            "eval",
            path,
            "--fallback-only",
            "--signatures-only",
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot be used with"), "{err}");
}

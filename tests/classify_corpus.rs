//! The classifier on a corpus of pasted errors, each with its expected category,
//! status and facts (tests/corpus/expected.toml). Every mismatch is listed at once.

use std::collections::BTreeMap;

use flowtriage::classify::{classify, redact};
use flowtriage::content::embedded_playbook;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    category: String,
    status: Option<u16>,
    #[serde(default)]
    facts: BTreeMap<String, String>,
}

#[test]
fn every_payload_in_the_corpus_is_classified_as_expected() {
    let pb = embedded_playbook().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    assert!(
        expected.case.len() >= 40,
        "the corpus holds at least 40 payloads"
    );
    let mut failures = Vec::new();
    for case in &expected.case {
        let bytes = std::fs::read(dir.join(&case.file)).unwrap();
        let text = redact(&String::from_utf8_lossy(&bytes)).text;
        let c = classify(&pb, &text);
        if c.category != case.category {
            failures.push(format!(
                "{}: category {} (expected {}); evidence {:?}",
                case.file, c.category, case.category, c.evidence
            ));
        }
        if case.status.is_some() && c.status != case.status {
            failures.push(format!(
                "{}: status {:?} (expected {:?})",
                case.file, c.status, case.status
            ));
        }
        for (name, value) in &case.facts {
            if c.facts.get(name) != Some(value) {
                failures.push(format!(
                    "{}: fact {name} = {:?} (expected {value:?})",
                    case.file,
                    c.facts.get(name)
                ));
            }
        }
        if c.category != "unknown" {
            assert!(c.confidence > 0.0 && c.confidence <= 1.0, "{}", case.file);
            assert!(!c.evidence.is_empty(), "{}", case.file);
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_inner_code_beats_the_outer_status_and_says_where_it_was_found() {
    let pb = embedded_playbook().unwrap();
    let c = classify(
        &pb,
        r#"{"error":{"code":504,"message":"BadGateway","innerError":{"error":{"code":"ResponseTimeout"}}}}"#,
    );
    assert_eq!(c.category, "response-timeout");
    assert_eq!(c.status, Some(504));
    assert_eq!(c.codes, ["504", "ResponseTimeout"]);
    assert!(
        c.evidence[0].starts_with("error.innerError.error.code = ResponseTimeout"),
        "{:?}",
        c.evidence
    );
    assert!(c.confidence >= 0.9);
}

#[test]
fn a_code_beats_a_message_pattern_of_another_signature() {
    let pb = embedded_playbook().unwrap();
    let c = classify(
        &pb,
        r#"{"code":"NotAllowedConnectionReference","message":"Connection reference 'x' was not given by invoker."}"#,
    );
    assert_eq!(c.category, "not-allowed-connection-reference");
    let runner = c.runner_up.expect("the message pattern is the runner-up");
    assert_eq!(runner.category, "missing-connection-reference");
    assert!(
        c.evidence
            .iter()
            .any(|e| e.starts_with("runner-up: missing-connection-reference"))
    );
}

#[test]
fn a_status_alone_is_low_confidence_and_nothing_is_unknown() {
    let pb = embedded_playbook().unwrap();
    let c = classify(&pb, r#"{"status": 502}"#);
    assert_eq!(c.category, "transient-failure");
    assert!(c.confidence <= 0.5);
    let c = classify(&pb, "");
    assert_eq!(c.category, "unknown");
    assert_eq!(c.confidence, 0.0);
    assert!(c.signature.is_none());
}

/// The classifier turns a line away without running a pattern's regex when the line
/// lacks a text of one of the sets `required_sets` gives: on every ASCII line of both
/// corpora that a pattern matches, each of its sets must have a text in the line.
#[test]
fn every_line_a_pattern_matches_holds_a_text_of_each_set_it_needs() {
    let pb = embedded_playbook().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines: Vec<String> = Vec::new();
    for dir in ["tests/corpus", "tests/corpus/real"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let bytes = std::fs::read(&path).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                lines.extend(text.lines().filter(|l| l.is_ascii()).map(str::to_string));
            }
        }
    }
    let mut checked = 0;
    for pattern in pb.patterns() {
        let regex = flowtriage::classify::compile_pattern(pattern.as_str()).unwrap();
        let sets = flowtriage::content::required_sets(pattern.as_str());
        assert!(!sets.is_empty(), "{}", pattern.as_str());
        for line in lines.iter().filter(|l| regex.is_match(l.as_str())) {
            let lower = line.to_ascii_lowercase();
            for set in &sets {
                assert!(
                    set.iter().any(|t| lower.contains(t.as_str())),
                    "{} matches {line:?}, which holds none of {set:?}",
                    pattern.as_str()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} matching lines");
}

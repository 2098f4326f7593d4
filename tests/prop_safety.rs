//! Random and hostile input never panics, hangs or leaks: the classifier, redaction, the
//! content loader, the renderers, and the engine under random walks.

use flowtriage::checklist::StepMarks;
use flowtriage::classify::{classify, redact};
use flowtriage::content::{ContentSource, Source, embedded_playbook, load};
use flowtriage::engine::{Answer, AnswerSource, Position, Triage};
use flowtriage::report::{Report, ReportMeta, to_json, to_markdown, to_text};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn classify_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let pb = embedded_playbook().unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let c = classify(&pb, &redact(&text).text);
        prop_assert!((0.0..=1.0).contains(&c.confidence));
    }

    #[test]
    fn classify_never_panics_on_json_like_text(text in r#"[\{\}\[\]":, a-zA-Z0-9'\\]{0,2000}"#) {
        let pb = embedded_playbook().unwrap();
        let c = classify(&pb, &text);
        prop_assert!((0.0..=1.0).contains(&c.confidence));
        let known = c.category == "unknown" || pb.categories.iter().any(|k| k.id == c.category);
        prop_assert!(known, "{} is a category of the playbook", c.category);
        if c.category != "unknown" {
            prop_assert!(!c.evidence.is_empty(), "a category comes with its evidence");
        }
        if let Some(runner_up) = &c.runner_up {
            prop_assert!(runner_up.category != c.category);
        }
    }

    #[test]
    fn bearer_tokens_and_signatures_never_survive(token in "[A-Za-z0-9]{12,40}", prefix in "[ -~]{0,40}") {
        let text = format!("{prefix} Authorization: Bearer {token}\nurl?sp=1&sig={token}x");
        let r = redact(&text);
        prop_assert!(!r.text.contains(&token), "{}", r.text);
        prop_assert!(r.count >= 2);
    }

    #[test]
    fn the_loader_reports_problems_instead_of_panicking(text in "[ -~\n]{0,800}") {
        let lines = text.lines().count() + 1;
        if let Err(problems) = load(&[Source { name: "fuzz.toml".into(), text }], ContentSource::Embedded) {
            prop_assert!(!problems.is_empty(), "a failed load says why");
            for p in &problems {
                prop_assert_eq!(&p.file, "fuzz.toml");
                prop_assert!(p.line.is_none_or(|l| (1..=lines).contains(&l)), "{}", p);
            }
        }
    }

    #[test]
    fn random_walks_end_at_a_question_or_an_outcome_and_back_restores(
        steps in proptest::collection::vec((0u8..6, 0usize..12), 0..40)
    ) {
        let pb = embedded_playbook().unwrap();
        let mut t = Triage::start(&pb, vec![]);
        for (action, n) in steps {
            let before = t.clone();
            match action {
                0 | 1 => {
                    if let Some(Position::Asking(q)) = t.position(&pb) {
                        let value = q.options[n % q.options.len()].value.clone();
                        t.answer(&pb, &value).unwrap();
                        prop_assert!(t.back());
                        prop_assert_eq!(&t, &before);
                        t.answer(&pb, &value).unwrap();
                    }
                }
                2 => { t.back(); }
                3 => { t.back_to(n); }
                4 => {
                    let id = pb.outcomes[n % pb.outcomes.len()].id.clone();
                    t.jump(&pb, &id).unwrap();
                    prop_assert!(t.back());
                    prop_assert_eq!(&t, &before);
                }
                _ => {
                    let key = &pb.route_order[n % pb.route_order.len()];
                    let values = pb.values_for(key);
                    let value = values[n % values.len()].to_string();
                    t.provide(&pb, vec![Answer::new(key, &value, AnswerSource::Classifier)]);
                }
            }
            prop_assert!(t.position(&pb).is_some(), "the walk points at a real node");
        }
    }

    #[test]
    fn reports_stay_valid_whatever_the_user_typed(
        case in "\\PC{0,60}", note in "[\\x00-\\x7f\u{202e}\u{200b}<>&*_`#|\\[\\]]{0,80}"
    ) {
        let pb = embedded_playbook().unwrap();
        let t = Triage::start(&pb, vec![Answer::new("code", "WorkflowTriggerIsNotEnabled", AnswerSource::Cli)]);
        let mut marks = StepMarks::default();
        marks.set_note("turn-on", &note);
        let meta = ReportMeta { case_id: Some(case.clone()), customer: Some(note.clone()), ..ReportMeta::default() };
        let report = Report::build(&pb, &t, None, &marks, meta, 0);
        let json = serde_json::to_string(&to_json(&report)).unwrap();
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back["case"].as_str(), Some(case.as_str()));
        for rendered in [to_markdown(&report), to_text(&report)] {
            prop_assert!(!rendered.chars().any(|c| c.is_control() && c != '\n'), "{:?}", rendered);
            prop_assert!(rendered.contains("Turn"), "the checklist is still there");
        }
    }
}

#[test]
fn deeply_nested_json_does_not_overflow_the_stack() {
    let pb = embedded_playbook().unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let c = classify(&pb, &deep);
    assert_eq!(c.category, "unknown");
    assert!(c.codes.is_empty());
    let deep_objects =
        "{\"error\":".repeat(5_000) + "{\"code\":\"ResponseTimeout\"}" + &"}".repeat(5_000);
    let c = classify(&pb, &deep_objects);
    assert_eq!(
        c.category, "response-timeout",
        "found by the text scan when parsing gives up"
    );
}

#[test]
fn a_large_paste_is_classified() {
    let pb = embedded_playbook().unwrap();
    let mut text = "lorem ipsum {\"noise\": [1,2,3]} ".repeat(70_000);
    text.push_str(r#"{"code":"WorkflowTriggerIsNotEnabled"}"#);
    assert!(text.len() > 2_000_000);
    assert_eq!(classify(&pb, &text).category, "trigger-disabled");
}

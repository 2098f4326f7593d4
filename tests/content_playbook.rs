//! The real playbook: every path ends in a checklist, every seed code has its route, and
//! the checklists say what the articles say where it matters.

mod support;

use std::collections::BTreeMap;

use flowtriage::classify::classify;
use flowtriage::content::{Node, Playbook, embedded_playbook};
use flowtriage::engine::{Answer, AnswerSource, Position, Triage};

fn playbook() -> Playbook {
    embedded_playbook().unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Walk every combination of answers from a starting triage, depth first.
fn walk_all(
    pb: &Playbook,
    triage: Triage,
    seen_outcomes: &mut BTreeMap<String, usize>,
    depth: usize,
) {
    assert!(
        depth < 30,
        "a walk is suspiciously deep: {:?}",
        triage.path()
    );
    match triage.position(pb).expect("the current node exists") {
        Position::Done(o) => *seen_outcomes.entry(o.id.clone()).or_default() += 1,
        Position::Asking(q) => {
            assert!(!q.options.is_empty(), "question {} has no options", q.id);
            for option in &q.options {
                let mut next = triage.clone();
                next.answer(pb, &option.value)
                    .expect("an offered value is accepted");
                assert_ne!(
                    next.current(),
                    triage.current(),
                    "{} loops on {}",
                    q.id,
                    option.value
                );
                walk_all(pb, next, seen_outcomes, depth + 1);
            }
        }
    }
}

#[test]
fn every_combination_of_answers_reaches_an_outcome() {
    let pb = playbook();
    let mut seen = BTreeMap::new();
    walk_all(&pb, Triage::start(&pb, vec![]), &mut seen, 0);
    for key in &pb.route_order {
        for value in pb.values_for(key) {
            let start = Triage::start(&pb, vec![Answer::new(key, value, AnswerSource::Cli)]);
            walk_all(&pb, start, &mut seen, 0);
        }
    }
    let never: Vec<&str> = pb
        .outcomes
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| !seen.contains_key(*id))
        .filter(|id| {
            // Outcomes reached only through a step's link still count as reachable.
            !pb.outcomes
                .iter()
                .any(|o| o.steps.iter().any(|s| s.link.as_deref() == Some(id)))
        })
        .collect();
    assert!(never.is_empty(), "outcomes no walk reaches: {never:?}");
}

fn seed_codes() -> Vec<(String, String)> {
    let listed = include_str!("fixtures/seed_codes.txt");
    let codes: Vec<(String, String)> = listed
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            (
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            )
        })
        .collect();
    // CI clones the repository with shared/ beside it.
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if let Ok(entries) = std::fs::read_dir(&seeds) {
        let code_re = regex::Regex::new(r#""code"\s*:\s*"\s*([A-Za-z0-9]+)['\s]*""#).unwrap();
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for caps in code_re.captures_iter(&text) {
                let code = caps[1].to_string();
                assert!(
                    codes.iter().any(|(c, _)| *c == code),
                    "{} has the code {code}, which tests/fixtures/seed_codes.txt does not list",
                    entry.path().display()
                );
            }
        }
    }
    codes
}

#[test]
fn every_seed_code_routes_to_its_category_by_answer() {
    let pb = playbook();
    for (code, category) in seed_codes() {
        let sig = pb
            .signature_for_code(&code)
            .unwrap_or_else(|| panic!("no signature claims {code}"));
        assert_eq!(sig.category, category, "{code}");
        let triage = Triage::start(&pb, vec![Answer::new("code", &code, AnswerSource::Cli)]);
        assert_eq!(
            triage.path()[0].key,
            "code",
            "{code} routes through the code question"
        );
        // Whatever the branch still asks, every answer leads to an outcome of the category.
        let mut seen = BTreeMap::new();
        walk_all(&pb, triage, &mut seen, 0);
        for id in seen.keys() {
            assert_eq!(
                pb.outcome(id).unwrap().category,
                category,
                "{code} reached {id}"
            );
        }
    }
}

#[test]
fn every_seed_message_is_classified_to_its_category() {
    let pb = playbook();
    let cases = [
        (
            r#"{ "code": "InvokerConnectionOverrideFailed", "message": "Failed to parse invoker connections from trigger 'manual' outputs. Exception: Could not find any valid connection for connection reference name 'new_sharedsql_1' in APIM tokens header." }"#,
            "invoker-connection-override",
        ),
        (
            r#"{ "code": "ConnectionAuthorizationFailed", "message": "The caller with object id '9f1c' does not have the minimum required permission to perform the requested operation on connection 'abc' under API 'shared_sql'." }"#,
            "connection-authorization",
        ),
        (
            r#"{ "code": "WorkflowTriggerIsNotEnabled", "message": "Could not execute workflow '1b2c3d4e-0000-4000-8000-000000000001' trigger 'manual' with state 'Disabled': trigger is not enabled." }"#,
            "trigger-disabled",
        ),
        (
            r#"{"error": {"code": 504, "source": "x", "clientRequestId": "1c9f2d0e-1111", "message": "BadGateway", "innerError": {"error": {"code": "ResponseTimeout", "message": "The server did not receive a timely response from the upstream server. Request tracking id '0858'."}}}}"#,
            "response-timeout",
        ),
        (
            r#"{ "code": " 0x80040265", "message": "Failed to install the flow." }"#,
            "install-failed",
        ),
        (
            r#"{ "code": " 0x80048d0b", "message": "Failed to install the flow." }"#,
            "install-failed",
        ),
        (
            r#"{ "code": " MissingConnectionReference' ", "message": " Connection reference 'new_sql' was not given by invoker." }"#,
            "missing-connection-reference",
        ),
        (
            r#"{ "code": " NotAllowedConnectionReference", "message": "Connection reference 'new_sql' was not given by invoker." }"#,
            "not-allowed-connection-reference",
        ),
        (
            "Connection not configured for this service.",
            "missing-connection-reference",
        ),
        ("Install flow failed", "install-failed"),
        (
            "Unable to process template language expressions in action 'Send_me_a_mobile_notification' inputs at line '1' and column '1900': 'The template language expression 'triggerBody()['Sendmeamobilenotification_Text']' cannot be evaluated because property 'Sendmeamobilenotification_Text' cannot be selected. Please see https://aka.ms/logicexpressions for usage details.'.",
            "flow-input-changed",
        ),
        (
            "Unable to process template language expressions in action 'Send_an_email' inputs at line '1' and column '1899': 'The template language expression 'json(decodeBase64(triggerOutputs().headers['X-MS-APIM-Tokens']))['$connections']['shared_office365']['connectionId']' cannot be evaluated because property 'shared_office365' doesn't exist, available properties are 'shared_flowpush'. Please see https://aka.ms/logicexpressions for usage details.'.",
            "flow-connections-changed",
        ),
    ];
    for (text, category) in cases {
        let c = classify(&pb, text);
        assert_eq!(c.category, category, "{text}\n{c:?}");
        let triage = Triage::start(&pb, c.answers(&pb));
        if let Some(Position::Done(o)) = triage.position(&pb) {
            assert_eq!(o.category, category, "{text}");
        }
    }
}

fn outcome_texts(pb: &Playbook, id: &str) -> Vec<String> {
    pb.outcome(id)
        .unwrap_or_else(|| panic!("no outcome {id}"))
        .steps
        .iter()
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn live_and_development_checklists_differ_as_the_article_says() {
    let pb = playbook();
    for change in ["input-changed", "connections-changed", "output-removed"] {
        let live = outcome_texts(&pb, &format!("flow-{change}-live")).join("\n");
        let dev = outcome_texts(&pb, &format!("flow-{change}-dev")).join("\n");
        assert_ne!(live, dev);
        assert!(live.contains("Save As"), "{change} live: {live}");
        assert!(
            live.contains("every user runs the new version"),
            "{change} live: {live}"
        );
        assert!(!dev.contains("Save As"), "{change} dev: {dev}");
        assert!(
            dev.contains("remove the flow from the app, and add it back"),
            "{change} dev: {dev}"
        );
    }
}

#[test]
fn unmanaged_layers_add_the_layer_steps() {
    let pb = playbook();
    let unmanaged = outcome_texts(&pb, "missing-connection-reference-unmanaged").join("\n");
    let managed = outcome_texts(&pb, "missing-connection-reference").join("\n");
    assert!(
        unmanaged.contains("Remove active customizations"),
        "{unmanaged}"
    );
    assert!(
        !managed.contains("Remove active customizations"),
        "{managed}"
    );
    let t = Triage::start(
        &pb,
        vec![
            Answer::new("code", "MissingConnectionReference", AnswerSource::Cli),
            Answer::new("layers", "unmanaged", AnswerSource::Cli),
        ],
    );
    assert_eq!(t.current(), "missing-connection-reference-unmanaged");
}

#[test]
fn embedded_connections_are_offered_the_switch_to_invoker() {
    let pb = playbook();
    let embedded = pb
        .outcome("not-allowed-connection-reference-embedded")
        .unwrap();
    let alt = embedded.alternatives[0]
        .steps
        .iter()
        .map(|s| s.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(alt.contains("Provided by run-only user"), "{alt}");
    let invoker = pb
        .outcome("not-allowed-connection-reference-invoker")
        .unwrap();
    assert!(
        !invoker.alternatives[0]
            .steps
            .iter()
            .any(|s| s.text.contains("Provided by run-only user"))
    );
}

#[test]
fn install_failures_walk_the_three_related_fixes_in_order() {
    let pb = playbook();
    let links: Vec<&str> = pb
        .outcome("install-failed")
        .unwrap()
        .steps
        .iter()
        .filter_map(|s| s.link.as_deref())
        .collect();
    assert_eq!(
        links,
        [
            "trigger-disabled",
            "connection-authorization",
            "invoker-connection-override"
        ]
    );
}

#[test]
fn the_source_environment_preamble_is_one_shared_step() {
    let pb = playbook();
    let users: Vec<&str> = pb
        .outcomes
        .iter()
        .filter(|o| o.steps.iter().any(|s| s.id == "work-in-source"))
        .map(|o| o.id.as_str())
        .collect();
    assert!(users.len() >= 6, "{users:?}");
    let texts: std::collections::BTreeSet<&str> = pb
        .outcomes
        .iter()
        .flat_map(|o| o.steps.iter())
        .filter(|s| s.id == "work-in-source")
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(texts.len(), 1, "one text, used everywhere");
}

#[test]
fn every_question_says_why_it_is_asked_and_how_to_find_out() {
    let pb = playbook();
    for q in &pb.questions {
        assert!(q.why.len() > 20, "question {} needs a why", q.id);
        assert!(q.how.len() > 20, "question {} needs a how", q.id);
    }
    for node in pb.questions.iter().map(|q| q.id.as_str()) {
        assert!(matches!(pb.node(node), Some(Node::Question(_))));
    }
}

#[test]
fn every_http_status_of_the_contract_has_its_checklist() {
    let pb = playbook();
    let expect = [
        ("401", "auth-failure"),
        ("403", "auth-failure"),
        ("400", "action-configuration"),
        ("404", "action-configuration"),
        ("429", "throttled"),
        ("500", "transient-failure"),
        ("502", "transient-failure"),
        ("504", "response-timeout"),
    ];
    for (status, category) in expect {
        let mut t = Triage::start(&pb, vec![Answer::new("status", status, AnswerSource::Cli)]);
        if let Some(Position::Asking(q)) = t.position(&pb) {
            // 403 asks whether a policy or license is named; "permission" is the plain
            // case. 504 asks where it was seen; "app" is the app's 120-second wait.
            match q.key.as_str() {
                "forbidden" => t.answer(&pb, "permission").unwrap(),
                "timeout-where" => t.answer(&pb, "app").unwrap(),
                other => panic!("{status} asks {other}"),
            }
        }
        let Some(Position::Done(o)) = t.position(&pb) else {
            panic!("{status} stops early")
        };
        assert_eq!(o.category, category, "{status}");
    }
}

/// `content/pastes.toml` holds exactly the team's routing probes (but for a file that
/// says `pastes = false`), in the order
/// `bench/pastes-from-probes.py` writes them, each marked a paste: a probe added or
/// changed without running the script again would leave the fallback's linear model
/// trained on other texts than the tests route.
#[test]
fn the_pastes_are_the_routing_probes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("routing_probes") && n.ends_with(".toml"))
        })
        .collect();
    files.sort();
    let parse = |path: &std::path::Path| -> toml::Value {
        let text = std::fs::read_to_string(path).expect("readable");
        toml::from_str(&text).expect("TOML")
    };
    let tables = |value: &toml::Value, table: &str| -> Vec<toml::Value> {
        value[table].as_array().expect("an array of tables").clone()
    };
    let category_and_text = |p: &toml::Value| {
        (
            p["category"].as_str().unwrap().to_string(),
            p["text"].as_str().unwrap().to_string(),
        )
    };
    // A probe file with `pastes = false` is left out of the training pastes (its header
    // says why).
    let probes: Vec<(String, String)> = files
        .iter()
        .map(|f| parse(f))
        .filter(|v| v.get("pastes").and_then(toml::Value::as_bool) != Some(false))
        .flat_map(|v| tables(&v, "probe"))
        .map(|p| category_and_text(&p))
        .collect();
    let pastes = pastes_in(&root.join("content/pastes.toml"));
    assert!(probes.len() > 1000, "{} probes", probes.len());
    assert!(
        pastes == probes,
        "content/pastes.toml differs from the routing probes: run `python3 bench/pastes-from-probes.py`"
    );
}

/// `content/pastes_real.toml` holds exactly the real posts of the corpus's read splits
/// (tests/corpus/real/splits.toml), byte for byte and in labels.toml's order, each
/// marked a paste: a post of a never-read split in it would make that split's figure a
/// training figure, and a read post left out would make the model differ from the one
/// measured.
#[test]
fn the_real_pastes_are_the_read_posts_and_no_held_out_one() {
    let real = support::real_corpus_dir();
    let read_toml = |path: std::path::PathBuf| std::fs::read_to_string(path).expect("readable");
    let labels: support::CorpusLabels =
        toml::from_str(&read_toml(real.join("labels.toml"))).expect("labels");
    let splits = support::real_splits();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let post = |label: &support::CorpusLabel| {
        let bytes = std::fs::read(real.join(&label.file)).expect("a case file");
        (
            label.category.clone(),
            String::from_utf8(bytes).expect("UTF-8"),
        )
    };
    let read: Vec<(String, String)> = labels
        .case
        .iter()
        .filter(|l| splits.read.contains(&l.split))
        .map(post)
        .collect();
    let held_out: Vec<String> = labels
        .case
        .iter()
        .filter(|l| splits.never_read.contains(&l.split))
        .map(|l| post(l).1)
        .collect();

    let pastes = pastes_in(&root.join("content/pastes_real.toml"));
    assert!(
        read.len() > 600 && held_out.len() > 100,
        "{} {}",
        read.len(),
        held_out.len()
    );
    let leaked = pastes
        .iter()
        .filter(|(_, text)| held_out.contains(text))
        .count();
    assert_eq!(leaked, 0, "never-read posts in content/pastes_real.toml");
    assert!(
        pastes == read,
        "content/pastes_real.toml differs from the read splits' posts: run `python3 bench/pastes-from-probes.py`"
    );
}

/// The (category, text) of each `[[example]]` in a content file of pastes, each of which
/// must be marked a paste.
fn pastes_in(path: &std::path::Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).expect("readable");
    let value: toml::Value = toml::from_str(&text).expect("TOML");
    let examples = value["example"].as_array().expect("an array of examples");
    assert!(
        examples.iter().all(|p| p["paste"].as_bool() == Some(true)),
        "{}: an example not marked a paste",
        path.display()
    );
    examples
        .iter()
        .map(|p| {
            (
                p["category"].as_str().unwrap().to_string(),
                p["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

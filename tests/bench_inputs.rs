//! The benchmarks' synthetic inputs must stay valid, or the benches would measure an
//! error path. (Timings are never asserted here; `cargo bench` measures them.)

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use flowtriage::classify;
use flowtriage::content::{self, ContentSource};
use flowtriage::engine::{Answer, AnswerSource, Position, Triage};
use flowtriage::search::SearchIndex;

#[test]
fn the_synthetic_playbook_loads_with_the_nodes_and_entries_asked_for() {
    for nodes in [100, 1_000] {
        let playbook = content::load(
            &synthetic::playbook_sources(nodes),
            ContentSource::Directory("synthetic".into()),
        )
        .unwrap_or_else(|problems| panic!("{nodes} nodes: {problems:#?}"));
        // The tree's nodes plus the `code` question that routing needs.
        assert_eq!(
            playbook.questions.len() + playbook.outcomes.len(),
            nodes + 1
        );
        assert_eq!(SearchIndex::new(&playbook).entries().len(), nodes);
    }
}

#[test]
fn every_synthetic_answer_leads_one_level_down() {
    let playbook = content::load(
        &synthetic::playbook_sources(1_000),
        ContentSource::Directory("synthetic".into()),
    )
    .expect("loads");
    let mut triage = Triage::start(&playbook, Vec::new());
    let mut steps = 0;
    while let Some(Position::Asking(q)) = triage.position(&playbook) {
        let value = q.options[0].value.clone();
        triage.answer(&playbook, &value).expect("offered");
        steps += 1;
    }
    // 1,000 nodes ten to a question: n0, n1 and n11 ask, n111 is an outcome.
    assert_eq!(steps, 3);
    assert!(matches!(
        triage.position(&playbook),
        Some(Position::Done(_))
    ));

    let code = playbook
        .code_signatures()
        .next()
        .and_then(|s| s.code.clone())
        .expect("a code");
    let routed = Triage::start(
        &playbook,
        vec![Answer::new("code", &code, AnswerSource::Cli)],
    );
    assert!(matches!(
        routed.position(&playbook),
        Some(Position::Done(_))
    ));
}

#[test]
fn the_synthetic_paste_has_the_size_asked_for_and_classifies_by_its_code() {
    let playbook = content::embedded_playbook().expect("loads");
    for bytes in [2 * 1024, 256 * 1024] {
        let text = synthetic::paste(bytes);
        assert!(
            text.len() >= bytes && text.len() < bytes + 512,
            "{}",
            text.len()
        );
        assert_eq!(text.matches(synthetic::ERROR_CODE).count(), 1);
        let redacted = classify::redact(&text);
        assert!(redacted.count > 0, "the paste carries tokens to redact");
        let found = classify::classify(&playbook, &redacted.text);
        assert!(
            found.codes.iter().any(|c| c == synthetic::ERROR_CODE),
            "{found:?}"
        );
    }
}

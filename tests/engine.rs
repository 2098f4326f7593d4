//! The walk through the tree, on the small fixture playbook.

use flowtriage::content::{ContentSource, Playbook, Source, load};
use flowtriage::engine::{Answer, AnswerSource, EngineError, Position, Triage};

fn playbook() -> Playbook {
    let sources = vec![
        Source {
            name: "tree.toml".into(),
            text: include_str!("fixtures/content/minimal/tree.toml").into(),
        },
        Source {
            name: "outcomes.toml".into(),
            text: include_str!("fixtures/content/minimal/outcomes.toml").into(),
        },
    ];
    load(&sources, ContentSource::Embedded).expect("fixture is valid")
}

fn cli(key: &str, value: &str) -> Answer {
    Answer::new(key, value, AnswerSource::Cli)
}

fn at(triage: &Triage, pb: &Playbook) -> String {
    match triage.position(pb).expect("a node") {
        Position::Asking(q) => format!("asking {}", q.id),
        Position::Done(o) => format!("done {}", o.id),
    }
}

#[test]
fn nothing_known_starts_at_the_first_question() {
    let pb = playbook();
    let t = Triage::start(&pb, vec![]);
    assert_eq!(at(&t, &pb), "asking where");
    assert!(t.path().is_empty());
    assert_eq!(t.questions_left(&pb), 2);
}

#[test]
fn user_answers_walk_to_an_outcome() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![]);
    t.answer(&pb, "app").unwrap();
    assert_eq!(at(&t, &pb), "asking code");
    t.answer(&pb, "workflowtriggerisnotenabled").unwrap();
    assert_eq!(at(&t, &pb), "done trigger-off");
    let path: Vec<_> = t
        .path()
        .iter()
        .map(|v| (v.key.as_str(), v.value.as_str(), v.source))
        .collect();
    assert_eq!(
        path,
        [
            ("where", "app", AnswerSource::User),
            ("code", "WorkflowTriggerIsNotEnabled", AnswerSource::User)
        ]
    );
    assert_eq!(t.questions_left(&pb), 0);
}

#[test]
fn a_known_code_routes_first_and_beats_a_status() {
    let pb = playbook();
    let t = Triage::start(&pb, vec![cli("status", "500"), cli("code", "TriggerOff")]);
    assert_eq!(at(&t, &pb), "done trigger-off");
    assert_eq!(t.path().len(), 1);
    assert_eq!(t.path()[0].value, "TriggerOff");
    assert_eq!(t.unused().len(), 1, "the status is not used on this path");
    assert_eq!(t.unused()[0].key, "status");
}

#[test]
fn a_status_routes_when_no_code_is_known() {
    let pb = playbook();
    let t = Triage::start(&pb, vec![cli("status", "500")]);
    assert_eq!(at(&t, &pb), "done transient");
}

#[test]
fn changed_routes_and_the_branch_still_asks_its_questions() {
    let pb = playbook();
    let t = Triage::start(&pb, vec![cli("changed", "input-added")]);
    assert_eq!(at(&t, &pb), "asking app");
    let t = Triage::start(&pb, vec![cli("changed", "input-added"), cli("app", "dev")]);
    assert_eq!(at(&t, &pb), "done input-dev");
    assert!(t.unused().is_empty());
}

#[test]
fn an_answer_for_a_question_never_asked_is_unused() {
    let pb = playbook();
    let t = Triage::start(
        &pb,
        vec![
            cli("code", "WorkflowTriggerIsNotEnabled"),
            cli("app", "live"),
        ],
    );
    assert_eq!(at(&t, &pb), "done trigger-off");
    let unused: Vec<_> = t.unused().iter().map(|a| a.key.clone()).collect();
    assert_eq!(unused, ["app"]);
}

#[test]
fn back_restores_the_previous_state_exactly() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![]);
    t.answer(&pb, "email").unwrap();
    let before = t.clone();
    t.answer(&pb, "500").unwrap();
    assert_eq!(at(&t, &pb), "done transient");
    assert!(t.back());
    assert_eq!(t, before);
    assert!(t.back());
    assert_eq!(at(&t, &pb), "asking where");
    assert!(!t.back(), "nothing before the first question");
}

#[test]
fn back_also_steps_through_answers_taken_without_asking() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![cli("changed", "input-added"), cli("app", "live")]);
    assert_eq!(at(&t, &pb), "done input-live");
    assert!(t.back());
    assert_eq!(at(&t, &pb), "asking app");
    assert_eq!(t.known_value("app"), None);
    t.answer(&pb, "dev").unwrap();
    assert_eq!(at(&t, &pb), "done input-dev");
}

#[test]
fn a_breadcrumb_goes_back_to_its_question() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![]);
    for value in ["app", "none", "none", "input-added"] {
        t.answer(&pb, value).unwrap();
    }
    assert_eq!(at(&t, &pb), "asking app");
    assert!(t.back_to(1));
    assert_eq!(at(&t, &pb), "asking code");
    assert_eq!(t.path().len(), 1);
    assert_eq!(t.known_value("changed"), None);
    assert!(!t.back_to(5));
}

#[test]
fn jump_and_provide_can_be_undone() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![]);
    t.jump(&pb, "transient").unwrap();
    assert_eq!(at(&t, &pb), "done transient");
    assert!(t.back());
    assert_eq!(at(&t, &pb), "asking where");
    assert_eq!(
        t.jump(&pb, "nowhere"),
        Err(EngineError::UnknownNode("nowhere".into()))
    );

    t.provide(
        &pb,
        vec![Answer::new("code", "TriggerOff", AnswerSource::Classifier)],
    );
    assert_eq!(at(&t, &pb), "done trigger-off");
    assert_eq!(t.path()[0].source, AnswerSource::Classifier);
    assert!(t.back());
    assert_eq!(at(&t, &pb), "asking where");
}

#[test]
fn wrong_answers_are_refused_with_what_is_offered() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![]);
    let err = t.answer(&pb, "mars").unwrap_err();
    assert_eq!(
        err.to_string(),
        "'mars' is not an answer to 'where'; offered: app, email"
    );
    t.jump(&pb, "transient").unwrap();
    assert!(matches!(
        t.answer(&pb, "app"),
        Err(EngineError::NotAQuestion(_))
    ));
}

#[test]
fn restart_forgets_everything() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![cli("code", "TriggerOff")]);
    t.restart(&pb);
    assert_eq!(t, Triage::start(&pb, vec![]));
}

#[test]
fn a_saved_walk_round_trips_and_knows_when_content_changed() {
    let pb = playbook();
    let mut t = Triage::start(&pb, vec![]);
    t.answer(&pb, "email").unwrap();
    let json = serde_json::to_string(&t).unwrap();
    let back: Triage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    assert!(back.fits(&pb));
    let renamed = json.replace("\"status\"", "\"statut\"");
    let stale: Triage = serde_json::from_str(&renamed).unwrap();
    assert!(!stale.fits(&pb));
}

//! Shared by the wizard tests: the small fixture playbook and a fresh model.
#![allow(dead_code)]

use flowtriage::content::{ContentSource, Playbook, Source, load};
use flowtriage::engine::Triage;
use flowtriage::session::Session;
use flowtriage::wizard::Model;
use flowtriage::wizard::theme::Theme;

pub fn minimal_playbook() -> Playbook {
    let sources = vec![
        Source {
            name: "tree.toml".into(),
            text: include_str!("../fixtures/content/minimal/tree.toml").into(),
        },
        Source {
            name: "outcomes.toml".into(),
            text: include_str!("../fixtures/content/minimal/outcomes.toml").into(),
        },
    ];
    load(&sources, ContentSource::Embedded).expect("fixture is valid")
}

pub fn model_with(playbook: Playbook) -> Model {
    let triage = Triage::start(&playbook, vec![]);
    let session = Session::new(
        &playbook,
        triage,
        "2026-11-22T14:15:03Z",
        Some("CASE-4477".into()),
    );
    Model::new(playbook, session, Theme::new(false))
}

pub fn model() -> Model {
    model_with(minimal_playbook())
}

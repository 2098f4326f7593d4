//! Shared by the tests: the small fixture playbook, a fresh wizard model, the real
//! binary run in a home of its own, and a paste classified as `diagnose` reads it.
#![allow(dead_code)]

use flowtriage::classify::{Classification, classify, redact};
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

/// The real binary run with `args` in a fresh, empty `FLOWTRIAGE_HOME` and no colour,
/// `stdin` written to it (and closed), waited for.
pub fn run_binary(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    spawn_in(home.path(), args, stdin)
        .wait_with_output()
        .unwrap()
}

/// The real binary started with `home` as its `FLOWTRIAGE_HOME` and no colour, `stdin`
/// written to it (and closed), not waited for. A write the binary refuses by exiting
/// first is not an error: what it printed is what a test looks at.
pub fn spawn_in(home: &std::path::Path, args: &[&str], stdin: Option<&str>) -> std::process::Child {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowtriage"))
        .args(args)
        .env("FLOWTRIAGE_HOME", home)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        let _ = input.write_all(text.as_bytes());
    }
    drop(input);
    child
}

/// A paste classified as `diagnose` reads it: redacted first.
pub fn classify_pasted(playbook: &Playbook, text: &str) -> Classification {
    classify(playbook, &redact(text).text)
}

/// The labels of a corpus folder: tests/corpus/expected.toml (no splits) or
/// tests/corpus/real/labels.toml.
#[derive(serde::Deserialize)]
pub struct CorpusLabels {
    pub case: Vec<CorpusLabel>,
}

#[derive(serde::Deserialize)]
pub struct CorpusLabel {
    pub file: String,
    pub category: String,
    #[serde(default)]
    pub split: String,
}

/// tests/corpus/real/splits.toml: which splits have been read (and train the fallback's
/// model) and which never have.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealSplits {
    pub read: Vec<String>,
    pub never_read: Vec<String>,
}

pub fn real_corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real")
}

pub fn real_splits() -> RealSplits {
    let text = std::fs::read_to_string(real_corpus_dir().join("splits.toml"))
        .expect("tests/corpus/real/splits.toml");
    toml::from_str(&text).expect("splits.toml parses")
}

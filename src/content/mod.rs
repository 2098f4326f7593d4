//! The playbook: questions, outcomes, signatures and facts, written as TOML under
//! `content/` and checked like code. See `content/README.md` for the format.
//!
//! The files `compiled`, `lint`, `model`, `pattern`, `placeholder`, `playbook`,
//! `problem`, `raw` and `resolve` are also compiled into the build script (`build.rs`), which loads and
//! checks `content/` and embeds it in compiled form: they may refer to each other only
//! through `super::`, and use no crate the build script does not have.

pub mod compiled;
mod graph;
mod lint;
pub mod model;
mod pattern;
mod placeholder;
mod playbook;
mod problem;
mod raw;
mod resolve;

pub use graph::{dot, mermaid};
pub use lint::review_warnings;
pub use pattern::{Pattern, required_sets};
pub use placeholder::{Placeholder, placeholders};
pub use playbook::*;
pub use problem::{Loc, Problem, line_col};
pub use resolve::first_line;
pub use resolve::{Source, load};

/// The content compiled into the binary: its TOML files as (name, text) pairs, for
/// `content check` and tests, and the playbook they make in compiled form, checked by
/// the build script.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_content.rs"));
}

/// The embedded content as sources, named `content/<file>` in messages.
pub fn embedded_sources() -> Vec<Source> {
    embedded::FILES
        .iter()
        .map(|(name, text)| Source {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// A pattern as loading checks it (for tests of what is made of patterns).
#[cfg(test)]
pub(crate) fn check_pattern(source: &str) -> Pattern {
    pattern::check_syntax(source)
        .ok()
        .and_then(|checked| {
            checked.into_pattern(
                source,
                Loc {
                    file: "test".into(),
                    line: 1,
                },
            )
        })
        .expect("a pattern with literals")
}

/// The playbook compiled into the binary, decoded (the build script loaded and checked
/// it). A test proves it equals loading the embedded TOML, but for the pastes among the
/// examples: they only train the fallback model, which is embedded already trained.
pub fn embedded_playbook() -> Result<Playbook, Vec<Problem>> {
    compiled::decode(embedded::COMPILED, 0, ContentSource::Embedded).map_err(|e| {
        vec![Problem::at(
            "the embedded playbook",
            None,
            format!("{e}; rebuild flowtriage"),
        )]
    })
}

/// The fallback model the build script trained on the embedded content's examples
/// (`model::examples_of`), decoded; `None` if the bytes do not decode (never, in a
/// build that made them).
pub fn embedded_model() -> Option<model::Model> {
    postcard::from_bytes(embedded::MODEL).ok()
}

/// The `model::fingerprint` of the examples the embedded model was trained on.
pub fn embedded_model_fingerprint() -> u64 {
    embedded::MODEL_FINGERPRINT
}

/// The `model::fingerprint` of the examples the embedded playbook holds as decoded
/// (without the pastes, which its model was trained on too).
pub fn embedded_playbook_examples_fingerprint() -> u64 {
    embedded::COMPILED_EXAMPLES_FINGERPRINT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_embedded_playbook_is_the_one_its_files_make() {
        let compiled = embedded_playbook().expect("the embedded playbook decodes");
        let mut loaded = load(&embedded_sources(), ContentSource::Embedded).expect("loads");
        assert!(loaded.examples.iter().filter(|e| e.paste).count() > 1000);
        loaded.examples.retain(|e| !e.paste);
        assert_eq!(compiled, loaded);
    }
}

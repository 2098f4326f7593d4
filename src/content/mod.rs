//! The playbook: questions, outcomes, signatures and facts, written as TOML under
//! `content/` and checked like code. See `content/README.md` for the format.

mod graph;
mod lint;
mod pattern;
mod playbook;
mod problem;
mod raw;
mod resolve;

pub use graph::{dot, mermaid};
pub use pattern::{Pattern, compile_pattern};
pub use playbook::*;
pub use problem::{Problem, line_col};
pub use resolve::{Source, load};

/// The content files compiled into the binary, as (name, text) pairs.
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

/// Compile every pattern now, as `content check` does: loading checks only their
/// syntax, so a pattern over the size limit is found here. One problem per pattern.
pub fn compile_patterns(playbook: &Playbook) -> Vec<Problem> {
    playbook
        .patterns()
        .filter_map(|p| {
            p.compile().err().map(|err| {
                Problem::at(
                    &p.loc.file,
                    Some(p.loc.line),
                    format!(
                        "pattern does not compile: {}",
                        resolve::first_line(&err.to_string())
                    ),
                )
            })
        })
        .collect()
}

/// The playbook compiled into the binary. A test proves it always loads.
pub fn embedded_playbook() -> Result<Playbook, Vec<Problem>> {
    load(&embedded_sources(), ContentSource::Embedded)
}

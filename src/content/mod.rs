//! The playbook: questions, outcomes, signatures and facts, written as TOML under
//! `content/` and checked like code. See `content/README.md` for the format.

mod graph;
mod lint;
mod playbook;
mod problem;
mod raw;
mod resolve;

pub use graph::{dot, mermaid};
pub use playbook::*;
pub use problem::{Problem, line_col};
pub use resolve::compile_pattern;
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

/// The playbook compiled into the binary. A test proves it always loads.
pub fn embedded_playbook() -> Result<Playbook, Vec<Problem>> {
    load(&embedded_sources(), ContentSource::Embedded)
}

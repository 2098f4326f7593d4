//! The TOML shapes of a content file, exactly as written by a playbook author.
//!
//! These types only describe syntax; `build.rs` in this folder resolves references,
//! expands shared steps and assigns step ids.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub meta: Option<RawMeta>,
    pub routing: Option<RawRouting>,
    #[serde(default, rename = "category")]
    pub categories: Vec<RawCategory>,
    #[serde(default, rename = "question")]
    pub questions: Vec<RawQuestion>,
    #[serde(default, rename = "outcome")]
    pub outcomes: Vec<RawOutcome>,
    #[serde(default, rename = "signature")]
    pub signatures: Vec<RawSignature>,
    #[serde(default, rename = "step")]
    pub steps: Vec<RawStep>,
    #[serde(default, rename = "fact")]
    pub facts: Vec<RawFact>,
    #[serde(default, rename = "status")]
    pub statuses: Vec<RawStatus>,
    #[serde(default, rename = "wording")]
    pub wordings: Vec<RawWording>,
    #[serde(default, rename = "status_wording")]
    pub status_wordings: Vec<RawStatusWording>,
    #[serde(default, rename = "status_marker")]
    pub status_markers: Vec<RawStatusMarker>,
    #[serde(default, rename = "context")]
    pub contexts: Vec<RawContext>,
    #[serde(default, rename = "example")]
    pub examples: Vec<RawExample>,
    #[serde(default, rename = "synonym")]
    pub synonyms: Vec<RawSynonym>,
}

/// The names an HTTP status goes by in pasted text (`Bad Gateway`, `BadGateway`, a
/// localized label), each found as whole words ignoring ASCII case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatus {
    pub code: Spanned<u16>,
    pub names: Vec<Spanned<String>>,
}

/// Words that mark a number beside them as an HTTP status (`error`, `Fehler`, `エラー`,
/// `código de estado`): each status signature also matches its number next to one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatusMarker {
    pub words: Spanned<Vec<String>>,
    /// Words just before a bare number that make it a status in prose ("with a 502",
    /// "got 403"), when one of `ends` follows it (not the end of a line, where a wrap
    /// may fall).
    #[serde(default)]
    pub leads: Vec<String>,
    #[serde(default)]
    pub ends: Vec<String>,
}

/// More patterns for a signature declared elsewhere: other, older, shorter, prose or
/// localized wordings of the same error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWording {
    pub signature: Spanned<String>,
    pub patterns: Vec<Spanned<String>>,
}

/// Patterns written once for several statuses: each `{status}` in a pattern stands for
/// the number, and the pattern is added, with the number in its place, to every
/// signature whose `status` is one of `statuses` ("fails with {status}" is "fails with
/// 403" for the 403 signature, "fails with 404" for the 404 one).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatusWording {
    pub statuses: Spanned<Vec<Spanned<u16>>>,
    pub patterns: Spanned<Vec<Spanned<String>>>,
}

/// Context a paste may show (an install, an app calling a flow, another product), and
/// which signatures it makes count or not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContext {
    pub id: Spanned<String>,
    pub title: String,
    pub patterns: Vec<Spanned<String>>,
    /// Signatures that count only when this context is in the paste.
    #[serde(default)]
    pub required_by: Vec<Spanned<String>>,
    /// Signatures that do not count when this context is in the paste (`"*"`: all).
    #[serde(default)]
    pub demotes: Vec<Spanned<String>>,
    /// Contexts whose presence cancels `demotes`.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Contexts whose presence softens `demotes`: the signatures count, but no more
    /// than tentatively (both this context and that one show, so either may be right).
    #[serde(default)]
    pub softened_by: Vec<Spanned<String>>,
    /// Signatures that count fully only where this context (or another context that
    /// confirms them) is in the paste; elsewhere they count tentatively.
    #[serde(default)]
    pub confirms: Vec<Spanned<String>>,
    /// The fallback model answers only for a paste that shows one of the contexts
    /// marked so (when any is).
    #[serde(default)]
    pub allows_fallback: bool,
}

/// A labelled example for the fallback model (used when no signature matches).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub category: Spanned<String>,
    pub text: String,
    /// The language the text is written in (`ja`, `de`); the model keeps one centroid
    /// per category and language, so a few examples in a language are not drowned by
    /// the many of another. Without it, the playbook's main language.
    #[serde(default)]
    pub lang: Option<String>,
    /// A whole paste, as a user would paste it, rather than a short description: only
    /// the fallback's linear model learns from it.
    #[serde(default)]
    pub paste: bool,
}

/// Words or phrases that a search treats alike (`words = ["license", "licence"]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSynonym {
    pub words: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub version: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouting {
    pub start: Spanned<String>,
    #[serde(default)]
    pub order: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub key: String,
    pub prompt: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub how: String,
    /// `"codes"`: one option per code signature, leading to the signature's `enter` node.
    #[serde(default)]
    pub options_from: Option<Spanned<String>>,
    #[serde(default, rename = "option")]
    pub options: Vec<RawOption>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub value: Spanned<String>,
    pub label: String,
    pub next: Spanned<String>,
    #[serde(default)]
    pub help: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub title: String,
    pub cause: String,
    #[serde(default, rename = "step")]
    pub steps: Vec<RawStepRef>,
    #[serde(default, rename = "alternative")]
    pub alternatives: Vec<RawAlternative>,
    #[serde(default, rename = "reference")]
    pub references: Vec<RawReference>,
    /// `YYYY-MM-DD`: when the advice was last checked against Microsoft's pages.
    #[serde(default)]
    pub checked: Option<Spanned<String>>,
    /// The Microsoft pages it was checked against.
    #[serde(default)]
    pub checked_against: Vec<Spanned<String>>,
}

/// A step inside an outcome: either written in place (`text`) or taken from the shared
/// step library (`use`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStepRef {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub how: Option<String>,
    #[serde(default)]
    pub link: Option<Spanned<String>>,
    #[serde(default, rename = "use")]
    pub use_step: Option<Spanned<String>>,
    /// For the engineer only; with `use`, marks the shared step internal here too.
    #[serde(default)]
    pub internal: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlternative {
    pub title: String,
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default, rename = "step")]
    pub steps: Vec<RawStepRef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReference {
    pub title: String,
    pub url: String,
}

/// A shared step, written once and used by many outcomes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub id: Spanned<String>,
    pub text: String,
    #[serde(default)]
    pub how: Option<String>,
    #[serde(default)]
    pub link: Option<Spanned<String>>,
    /// For the engineer only: left out of the customer's version of a report.
    #[serde(default)]
    pub internal: bool,
}

/// How a known fact is recognised in pasted text, and what it implies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignature {
    pub id: Spanned<String>,
    pub title: String,
    pub category: Spanned<String>,
    #[serde(default)]
    pub code: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub messages: Vec<String>,
    /// Where a code answer enters the tree (required for code signatures).
    #[serde(default)]
    pub enter: Option<Spanned<String>>,
    /// Answers this signature implies when it is the best match (e.g. `changed = "input-added"`).
    #[serde(default)]
    pub implies: BTreeMap<String, String>,
    #[serde(default)]
    pub specificity: Option<u8>,
}

/// A named value pulled out of an error message, used to fill `{{name|fallback}}` in steps.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub name: Spanned<String>,
    pub label: String,
    pub patterns: Vec<Spanned<String>>,
    /// Several distinct values are kept (joined with ", ") instead of only the first.
    #[serde(default)]
    pub multiple: bool,
}

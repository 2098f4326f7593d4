//! From pasted text to a classification: which known signature it shows, the codes and
//! HTTP status in it, and the facts (names) it holds.
//!
//! Every code, status and message pattern comes from the playbook's signatures; this
//! module only knows how to look for them.

mod json;
mod redact;

pub use redact::{Redacted, redact, redact_with_emails};

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::content::{Playbook, Signature};
use crate::engine::{Answer, AnswerSource};

/// What the classifier made of a pasted error. Serialises as the contract's
/// `classification` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub category: String,
    pub codes: Vec<String>,
    pub status: Option<u16>,
    pub confidence: f64,
    pub evidence: Vec<String>,
    pub facts: BTreeMap<String, String>,
    /// The best-matching signature's id, if any matched.
    pub signature: Option<String>,
    /// The next-best signature with a different category, when one matched too.
    pub runner_up: Option<RunnerUp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerUp {
    pub signature: String,
    pub category: String,
    pub confidence: f64,
}

pub const UNKNOWN_CATEGORY: &str = "unknown";

/// How a signature was found, from most to least telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HowFound {
    Status,
    Pattern,
    CodeInText,
    CodeInField,
}

impl HowFound {
    fn bonus(self) -> u32 {
        match self {
            HowFound::Status => 0,
            HowFound::Pattern => 2,
            HowFound::CodeInText => 4,
            HowFound::CodeInField => 6,
        }
    }

    fn confidence(self) -> f64 {
        match self {
            HowFound::CodeInField => 0.95,
            HowFound::CodeInText => 0.85,
            HowFound::Pattern => 0.75,
            HowFound::Status => 0.5,
        }
    }
}

/// Keep the best hit per signature.
fn add<'a>(hits: &mut Vec<Hit<'a>>, hit: Hit<'a>) {
    match hits.iter_mut().find(|h| h.signature.id == hit.signature.id) {
        Some(existing) if existing.score >= hit.score => {}
        Some(existing) => *existing = hit,
        None => hits.push(hit),
    }
}

struct Hit<'a> {
    signature: &'a Signature,
    how: HowFound,
    score: u32,
    evidence: String,
}

/// One pass over the text for every code the playbook knows, as whole words.
fn code_regex(playbook: &Playbook) -> Option<Regex> {
    let mut names: Vec<String> = playbook
        .code_signatures()
        .flat_map(|s| s.code_names())
        .map(regex::escape)
        .collect();
    if names.is_empty() {
        return None;
    }
    // Longest first, so a code that starts another is not matched short.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    regex::RegexBuilder::new(&format!(
        r"(?:^|[^A-Za-z0-9_])({})(?:$|[^A-Za-z0-9_])",
        names.join("|")
    ))
    .case_insensitive(true)
    .size_limit(1 << 22)
    .build()
    .ok()
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        short.push('…');
    }
    short.replace(['\n', '\r'], " ")
}

/// Classify `text` against the playbook's signatures.
pub fn classify(playbook: &Playbook, text: &str) -> Classification {
    let fields = json::fields(text);
    // Messages decoded from JSON (escapes gone) are searched as well as the raw text.
    let mut haystack = String::with_capacity(text.len() + 64);
    haystack.push_str(text);
    for f in &fields {
        if let json::FieldKind::Message(m) = &f.kind
            && !text.contains(m.as_str())
        {
            haystack.push('\n');
            haystack.push_str(m);
        }
    }

    let mut hits: Vec<Hit> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut status: Option<(u16, String)> = None;
    // Codes in error objects: the deepest (innermost) is the most specific.
    let mut field_codes: Vec<&json::Field> = fields
        .iter()
        .filter(|f| matches!(f.kind, json::FieldKind::Code(_)))
        .collect();
    field_codes.sort_by_key(|f| std::cmp::Reverse(f.depth));
    for field in &field_codes {
        let json::FieldKind::Code(code) = &field.kind else {
            continue;
        };
        if !codes.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            codes.push(code.clone());
        }
        if let Some(sig) = playbook.signature_for_code(code) {
            add(
                &mut hits,
                Hit {
                    signature: sig,
                    how: HowFound::CodeInField,
                    score: u32::from(sig.specificity) * 10
                        + HowFound::CodeInField.bonus()
                        + field.depth.min(3) as u32,
                    evidence: format!("{} = {code}", field.path),
                },
            );
        }
    }
    for field in &fields {
        if let json::FieldKind::Status(s) = field.kind
            && status.as_ref().is_none_or(|(_, path)| path == "text")
        {
            status = Some((s, field.path.clone()));
        }
    }

    // Codes written in prose.
    if let Some(re) = playbook.code_matcher.get_or_init(|| code_regex(playbook)) {
        for caps in re.captures_iter(&haystack) {
            let name = &caps[1];
            if let Some(sig) = playbook.signature_for_code(name) {
                let canonical = sig
                    .code_names()
                    .find(|n| n.eq_ignore_ascii_case(name))
                    .unwrap_or(name)
                    .to_string();
                if !codes.iter().any(|c| c.eq_ignore_ascii_case(&canonical)) {
                    codes.push(canonical.clone());
                }
                add(
                    &mut hits,
                    Hit {
                        signature: sig,
                        how: HowFound::CodeInText,
                        score: u32::from(sig.specificity) * 10 + HowFound::CodeInText.bonus(),
                        evidence: format!("code {canonical} in the text"),
                    },
                );
            }
        }
    }

    // Message patterns.
    for sig in &playbook.signatures {
        for pattern in &sig.patterns {
            if !pattern.may_match(&haystack) {
                continue;
            }
            if let Some(m) = pattern.find(&haystack) {
                add(
                    &mut hits,
                    Hit {
                        signature: sig,
                        how: HowFound::Pattern,
                        score: u32::from(sig.specificity) * 10 + HowFound::Pattern.bonus(),
                        evidence: format!("message matches \"{}\"", shorten(m.as_str())),
                    },
                );
                break;
            }
        }
    }

    // The HTTP status, the least specific of all.
    if let Some((s, path)) = &status {
        for sig in playbook
            .signatures
            .iter()
            .filter(|sig| sig.status == Some(*s))
        {
            let evidence = if path == "text" {
                format!("HTTP status {s} in the text")
            } else {
                format!("{path} = {s}")
            };
            add(
                &mut hits,
                Hit {
                    signature: sig,
                    how: HowFound::Status,
                    score: u32::from(sig.specificity) * 10,
                    evidence,
                },
            );
        }
        let s = s.to_string();
        if !codes.contains(&s) {
            codes.insert(0, s);
        }
    }

    // Stable sort: among equal scores, the signature declared first wins.
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    let facts = extract_facts(playbook, &haystack);
    let best = hits.first();
    let runner = best.and_then(|b| {
        hits.iter()
            .skip(1)
            .find(|h| h.signature.category != b.signature.category)
    });
    let close = match (best, runner) {
        (Some(b), Some(r)) => b.score.saturating_sub(r.score) <= 50,
        _ => false,
    };
    let confidence = best
        .map(|b| {
            let c = b.how.confidence() - if close { 0.15 } else { 0.0 };
            (c * 100.0).round() / 100.0
        })
        .unwrap_or(0.0);
    let runner_up = runner.map(|r| RunnerUp {
        signature: r.signature.id.clone(),
        category: r.signature.category.clone(),
        confidence: ((r.how.confidence() - 0.15).max(0.05) * 100.0).round() / 100.0,
    });
    let mut evidence: Vec<String> = hits
        .iter()
        .map(|h| format!("{} ({})", h.evidence, h.signature.id))
        .collect();
    if let Some(r) = runner {
        evidence.push(format!(
            "runner-up: {} ({})",
            r.signature.category, r.signature.id
        ));
    }
    Classification {
        category: best
            .map(|b| b.signature.category.clone())
            .unwrap_or_else(|| UNKNOWN_CATEGORY.to_string()),
        codes,
        status: status.map(|(s, _)| s),
        confidence,
        evidence,
        facts,
        signature: best.map(|b| b.signature.id.clone()),
        runner_up,
    }
}

/// Pull every fact the playbook knows how to find out of `text`.
pub fn extract_facts(playbook: &Playbook, text: &str) -> BTreeMap<String, String> {
    let mut facts = BTreeMap::new();
    for fact in &playbook.facts {
        let mut values: Vec<String> = Vec::new();
        for pattern in &fact.patterns {
            for caps in pattern.captures_iter(text) {
                if let Some(m) = caps.get(1) {
                    let value = m.as_str().trim().to_string();
                    if !value.is_empty() && !values.contains(&value) {
                        values.push(value);
                    }
                }
                if !fact.multiple && !values.is_empty() {
                    break;
                }
            }
            if !fact.multiple && !values.is_empty() {
                break;
            }
        }
        if !values.is_empty() {
            facts.insert(fact.name.clone(), values.join(", "));
        }
    }
    facts
}

impl Classification {
    /// Whether another category came close enough that a short question should settle it.
    pub fn is_close(&self) -> bool {
        self.runner_up
            .as_ref()
            .is_some_and(|r| r.confidence + 0.35 >= self.confidence)
    }

    /// The answers this classification gives the engine.
    pub fn answers(&self, playbook: &Playbook) -> Vec<Answer> {
        let mut answers = Vec::new();
        let best = self
            .signature
            .as_deref()
            .and_then(|id| playbook.signatures.iter().find(|s| s.id == id));
        if let Some(sig) = best {
            if let Some(code) = &sig.code {
                answers.push(Answer::new("code", code, AnswerSource::Classifier));
            }
            for (key, value) in &sig.implies {
                answers.push(Answer::new(key, value, AnswerSource::Classifier));
            }
        }
        if let Some(status) = self.status
            && playbook
                .canonical_value("status", &status.to_string())
                .is_some()
        {
            answers.push(Answer::new(
                "status",
                &status.to_string(),
                AnswerSource::Classifier,
            ));
        }
        answers
    }
}

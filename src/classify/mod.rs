//! From pasted text to a classification: which known signature it shows, the codes and
//! HTTP status in it, and the facts (names) it holds.
//!
//! Every code, status and message pattern comes from the playbook's signatures; this
//! module only knows how to look for them.

mod redact;

pub use redact::{Redacted, redact};

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

struct Hit<'a> {
    signature: &'a Signature,
    score: u32,
    evidence: String,
}

fn status_regex() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)"?\b(?:status|statusCode|code)"?\s*[:=]\s*"?([1-5][0-9]{2})\b"#)
            .expect("static pattern compiles")
    })
}

fn contains_code(haystack_lower: &str, code_lower: &str) -> bool {
    let bytes = haystack_lower.as_bytes();
    let mut from = 0;
    while let Some(pos) = haystack_lower[from..].find(code_lower) {
        let start = from + pos;
        let end = start + code_lower.len();
        let before_ok = start == 0 || !is_word(bytes[start - 1]);
        let after_ok = end >= bytes.len() || !is_word(bytes[end]);
        if before_ok && after_ok {
            return true;
        }
        from = start + 1;
        while !haystack_lower.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Classify `text` against the playbook's signatures.
pub fn classify(playbook: &Playbook, text: &str) -> Classification {
    let lower = text.to_lowercase();
    let mut codes: Vec<String> = Vec::new();
    let mut hits: Vec<Hit> = Vec::new();

    let status = status_regex()
        .captures_iter(text)
        .filter_map(|c| c[1].parse::<u16>().ok())
        .find(|s| playbook.signatures.iter().any(|sig| sig.status == Some(*s)));

    for signature in &playbook.signatures {
        let mut best: Option<(u32, String)> = None;
        for name in signature.code_names() {
            if contains_code(&lower, &name.to_lowercase()) {
                codes.push(name.to_string());
                best = Some((
                    u32::from(signature.specificity) * 10,
                    format!("code {name}"),
                ));
                break;
            }
        }
        if best.is_none() {
            for pattern in &signature.patterns {
                if let Some(m) = pattern.find(text) {
                    let shown: String = m.as_str().chars().take(80).collect();
                    best = Some((
                        u32::from(signature.specificity) * 10,
                        format!("message matches \"{shown}\""),
                    ));
                    break;
                }
            }
        }
        if best.is_none()
            && let (Some(s), Some(found)) = (signature.status, status)
            && s == found
        {
            best = Some((
                u32::from(signature.specificity) * 10,
                format!("HTTP status {s}"),
            ));
        }
        if let Some((score, evidence)) = best {
            hits.push(Hit {
                signature,
                score,
                evidence,
            });
        }
    }
    if let Some(s) = status {
        let s = s.to_string();
        if !codes.contains(&s) {
            codes.insert(0, s);
        }
    }
    // Stable sort: among equal scores, the signature declared first wins.
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));

    let facts = extract_facts(playbook, text);
    let (category, confidence, signature) = match hits.first() {
        Some(h) => (
            h.signature.category.clone(),
            confidence_of(h.score, hits.len()),
            Some(h.signature.id.clone()),
        ),
        None => (UNKNOWN_CATEGORY.to_string(), 0.0, None),
    };
    let runner_up = hits
        .iter()
        .skip(1)
        .find(|h| h.signature.category != category)
        .map(|h| RunnerUp {
            signature: h.signature.id.clone(),
            category: h.signature.category.clone(),
            confidence: confidence_of(h.score, hits.len()),
        });
    let mut evidence: Vec<String> = hits
        .iter()
        .map(|h| format!("{} ({})", h.evidence, h.signature.id))
        .collect();
    evidence.dedup();
    Classification {
        category,
        codes,
        status,
        confidence,
        evidence,
        facts,
        signature,
        runner_up,
    }
}

fn confidence_of(score: u32, competitors: usize) -> f64 {
    let base = (f64::from(score) / 1000.0).min(0.99);
    let crowd = if competitors > 1 { 0.9 } else { 1.0 };
    (base * crowd * 100.0).round() / 100.0
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

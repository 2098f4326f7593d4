//! Turning an outcome into the checklist a user works through, with the names from the
//! user's own error filled in.
//!
//! Step text may hold placeholders `{{fact|fallback}}`: the value of the fact when the
//! classifier (or an inspection) found it, else the fallback words. `{{fact}}` with no
//! fallback falls back to the fact's name in angle brackets.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Outcome, Step};

pub use crate::content::{Placeholder, placeholders};

/// `text` with each placeholder replaced by its fact, or by its fallback.
pub fn fill(text: &str, facts: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        out.push_str(&rest[..open]);
        let inner = &after[..close];
        let (name, fallback) = match inner.split_once('|') {
            Some((n, f)) => (n.trim(), Some(f)),
            None => (inner.trim(), None),
        };
        match (facts.get(name), fallback) {
            (Some(value), _) => out.push_str(value),
            (None, Some(fallback)) => out.push_str(fallback),
            (None, None) => {
                out.push('<');
                out.push_str(name);
                out.push('>');
            }
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// A step as shown to the user: text filled in, with its tick and note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistStep {
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The title of the linked checklist, filled in when the report is built.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_title: Option<String>,
    pub done: bool,
    pub note: Option<String>,
    /// For the engineer only (content's `internal = true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistAlternative {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    pub steps: Vec<ChecklistStep>,
}

/// Ticks and notes the user made, keyed by step id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StepMarks {
    #[serde(default)]
    pub done: std::collections::BTreeSet<String>,
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

impl StepMarks {
    pub fn toggle(&mut self, step_id: &str) -> bool {
        if self.done.remove(step_id) {
            false
        } else {
            self.done.insert(step_id.to_string());
            true
        }
    }

    pub fn set_note(&mut self, step_id: &str, note: &str) {
        let note = note.trim();
        if note.is_empty() {
            self.notes.remove(step_id);
        } else {
            self.notes.insert(step_id.to_string(), note.to_string());
        }
    }
}

fn render_step(step: &Step, facts: &BTreeMap<String, String>, marks: &StepMarks) -> ChecklistStep {
    ChecklistStep {
        id: step.id.clone(),
        text: fill(&step.text, facts),
        how: step.how.as_ref().map(|h| fill(h, facts)),
        link: step.link.clone(),
        link_title: None,
        done: marks.done.contains(&step.id),
        note: marks.notes.get(&step.id).cloned(),
        internal: step.internal,
    }
}

/// The main steps of an outcome, filled and marked.
pub fn steps(
    outcome: &Outcome,
    facts: &BTreeMap<String, String>,
    marks: &StepMarks,
) -> Vec<ChecklistStep> {
    outcome
        .steps
        .iter()
        .map(|s| render_step(s, facts, marks))
        .collect()
}

/// The alternatives of an outcome, filled and marked.
pub fn alternatives(
    outcome: &Outcome,
    facts: &BTreeMap<String, String>,
    marks: &StepMarks,
) -> Vec<ChecklistAlternative> {
    outcome
        .alternatives
        .iter()
        .map(|a| ChecklistAlternative {
            title: fill(&a.title, facts),
            when: a.when.as_ref().map(|w| fill(w, facts)),
            steps: a
                .steps
                .iter()
                .map(|s| render_step(s, facts, marks))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fills_known_facts_and_falls_back_otherwise() {
        let text = "Re-add {{connector|the connector}} for {{action}}.";
        assert_eq!(
            fill(text, &facts(&[("connector", "shared_office365")])),
            "Re-add shared_office365 for <action>."
        );
        assert_eq!(
            fill(text, &facts(&[("action", "Send_an_email")])),
            "Re-add the connector for Send_an_email."
        );
    }

    #[test]
    fn leaves_unclosed_and_single_braces_alone() {
        assert_eq!(
            fill("{user_id} and {{open", &facts(&[])),
            "{user_id} and {{open"
        );
    }

    #[test]
    fn lists_placeholders_in_order() {
        let found = placeholders("{{a|x}} {{ b }} {{c|}}");
        let names: Vec<_> = found.iter().map(|p| p.name).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(found[0].fallback, Some("x"));
        assert_eq!(found[1].fallback, None);
        assert_eq!(found[2].fallback, Some(""));
    }

    #[test]
    fn toggling_twice_unticks() {
        let mut marks = StepMarks::default();
        assert!(marks.toggle("s1"));
        assert!(!marks.toggle("s1"));
        assert!(marks.done.is_empty());
    }

    #[test]
    fn blank_note_removes_the_note() {
        let mut marks = StepMarks::default();
        marks.set_note("s1", "called the customer");
        assert_eq!(marks.notes["s1"], "called the customer");
        marks.set_note("s1", "   ");
        assert!(marks.notes.is_empty());
    }
}

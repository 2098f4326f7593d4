//! What a triage hands over: the path of answers, the classification, the outcome and
//! its checklist with ticks and notes. Rendering is pure; saving lives in `files`.

mod html;
mod json;
mod markdown;
mod text;

pub use html::to_html;
pub use json::to_json;
pub use markdown::to_markdown;
pub use text::to_text;

use serde::Serialize;

use crate::checklist::{self, ChecklistAlternative, ChecklistStep, StepMarks};
use crate::classify::Classification;
use crate::content::{Node, Playbook, Reference};
use crate::engine::{Position, Triage};

pub use crate::text::is_hazard;

/// The report formats. `md` is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Text,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Text => "txt",
            Format::Html => "html",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "text" | "txt" => Some(Format::Text),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Who and when: supplied by the edge (clock, config, command line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportMeta {
    pub case_id: Option<String>,
    pub customer: Option<String>,
    pub engineer: Option<String>,
    /// UTC, RFC 3339.
    pub started: Option<String>,
    pub finished: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportAnswer {
    pub key: String,
    pub value: String,
    pub prompt: String,
    pub label: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportOutcome {
    pub id: String,
    pub category: String,
    pub title: String,
    pub cause: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    pub key: String,
    pub prompt: String,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub tool_version: String,
    pub content_version: String,
    pub content_source: String,
    pub meta: ReportMeta,
    pub classification: Option<Classification>,
    pub answers: Vec<ReportAnswer>,
    pub outcome: Option<ReportOutcome>,
    pub steps: Vec<ChecklistStep>,
    pub alternatives: Vec<ChecklistAlternative>,
    pub references: Vec<Reference>,
    pub pending: Option<Pending>,
    pub redactions: usize,
    /// What an inspected export proved, when one was given.
    pub inspection: Option<crate::inspect::Inspection>,
}

impl Report {
    /// Assemble the report of a triage as it stands.
    pub fn build(
        playbook: &Playbook,
        triage: &Triage,
        classification: Option<&Classification>,
        marks: &StepMarks,
        meta: ReportMeta,
        redactions: usize,
    ) -> Report {
        let answers = triage
            .path()
            .iter()
            .map(|visit| {
                let question = playbook.question(&visit.question);
                ReportAnswer {
                    key: visit.key.clone(),
                    value: visit.value.clone(),
                    prompt: question.map(|q| q.prompt.clone()).unwrap_or_default(),
                    label: question
                        .and_then(|q| q.option(&visit.value))
                        .map(|o| o.label.clone())
                        .unwrap_or_else(|| visit.value.clone()),
                    source: visit.source.as_str().to_string(),
                }
            })
            .collect();
        let facts = classification.map(|c| c.facts.clone()).unwrap_or_default();
        let mut report = Report {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            content_version: playbook.version.clone(),
            content_source: playbook.source.label(),
            meta,
            classification: classification.cloned(),
            answers,
            outcome: None,
            steps: Vec::new(),
            alternatives: Vec::new(),
            references: Vec::new(),
            pending: None,
            redactions,
            inspection: None,
        };
        match triage.position(playbook) {
            Some(Position::Done(outcome)) => {
                report.outcome = Some(ReportOutcome {
                    id: outcome.id.clone(),
                    category: outcome.category.clone(),
                    title: outcome.title.clone(),
                    cause: checklist::fill(&outcome.cause, &facts),
                });
                report.steps = checklist::steps(outcome, &facts, marks);
                report.alternatives = checklist::alternatives(outcome, &facts, marks);
                let titled = report.steps.iter_mut().chain(
                    report
                        .alternatives
                        .iter_mut()
                        .flat_map(|a| a.steps.iter_mut()),
                );
                for step in titled {
                    step.link_title = step
                        .link
                        .as_deref()
                        .and_then(|id| Report::link_title(playbook, id))
                        .map(str::to_string);
                }
                report.references = outcome.references.clone();
            }
            Some(Position::Asking(q)) => {
                report.pending = Some(Pending {
                    key: q.key.clone(),
                    prompt: q.prompt.clone(),
                    options: q.options.iter().map(|o| o.value.clone()).collect(),
                });
            }
            None => {}
        }
        report
    }

    /// The title of a linked checklist, for "see …" pointers in the rendered steps.
    pub fn link_title<'a>(playbook: &'a Playbook, id: &str) -> Option<&'a str> {
        match playbook.node(id)? {
            Node::Outcome(o) => Some(&o.title),
            Node::Question(q) => Some(&q.prompt),
        }
    }
}

/// The checklist alone, as plain lines for the clipboard.
pub fn checklist_text(report: &Report) -> String {
    let mut out = String::new();
    if let Some(o) = &report.outcome {
        out.push_str(&o.title);
        out.push('\n');
    }
    for step in &report.steps {
        out.push_str(if step.done { "[x] " } else { "[ ] " });
        out.push_str(&step.text);
        out.push('\n');
    }
    out
}

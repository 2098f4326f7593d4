//! What a triage hands over: the path of answers, the classification, the outcome and
//! its checklist with ticks and notes. Rendering is pure; saving lives in `files`.

mod excerpt;
mod html;
mod json;
mod markdown;
mod text;

pub use excerpt::{Excerpt, excerpt};
pub use html::{escape as escape_html, to_html};
pub use json::{SCHEMA, to_json};
pub use markdown::to_markdown;
pub use text::{WIDTH, to_text};

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
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format a file name's extension asks for (`out.html`, `note.txt`), if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }
}

/// Who a report is for: the engineer's case note (everything), or the customer's copy
/// (the steps to follow in plain words, without evidence, notes or internal steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Engineer,
    Customer,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Engineer => "engineer",
            Audience::Customer => "customer",
        }
    }

    pub fn other(self) -> Audience {
        match self {
            Audience::Engineer => Audience::Customer,
            Audience::Customer => Audience::Engineer,
        }
    }
}

/// An identifier a support case needs (a code, the status, a tracking id…), by the
/// label people know it by; `key` is the stable id (a fact's name, `codes`, `status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identifier {
    pub key: String,
    pub label: String,
    pub value: String,
}

/// Who and when: supplied by the edge (clock, config, command line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportMeta {
    pub case_id: Option<String>,
    pub customer: Option<String>,
    pub engineer: Option<String>,
    /// UTC, RFC 3339: when the triage began.
    pub started: Option<String>,
    /// UTC, RFC 3339: when this report was exported (read once per export, so every
    /// format rendered from one report shows the same time). Shown as "Exported".
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
    /// `YYYY-MM`: when the advice was last checked against Microsoft's documentation.
    pub advice_checked: Option<String>,
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
    /// The codes, status and facts of the classification, by their labels.
    pub identifiers: Vec<Identifier>,
    /// The error as pasted (redacted, cut to the lines around what matched).
    pub excerpt: Option<Excerpt>,
    pub audience: Audience,
    /// The customer's copy opens with this line (config `customer_greeting`).
    pub greeting: Option<String>,
    /// "Did this fix it?" for a saved session's report (None for `diagnose`, which has
    /// no session to ask about).
    pub resolution: Option<ReportResolution>,
}

/// A session's answer to "Did this fix it?", as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportResolution {
    /// `yes`, `no`, `partly`, `not-yet`; None: not recorded.
    pub fixed: Option<String>,
    pub step: Option<String>,
    pub step_number: Option<usize>,
    pub recorded: Option<String>,
}

impl ReportResolution {
    /// The number of step `id` as the report lists it (main steps, then the
    /// alternatives'), when the step is still there.
    pub fn number_in(report: &Report, id: &str) -> Option<usize> {
        report
            .steps
            .iter()
            .chain(report.alternatives.iter().flat_map(|a| a.steps.iter()))
            .position(|s| s.id == id)
            .map(|i| i + 1)
    }

    /// `yes, by step 3`, `not yet`, `not recorded`.
    pub fn summary(&self) -> String {
        let Some(fixed) = &self.fixed else {
            return "not recorded".to_string();
        };
        let word = fixed.replace('-', " ");
        match (self.step_number, &self.step) {
            (Some(n), _) => format!("{word}, by step {n}"),
            (None, Some(id)) => format!("{word}, by step {id}"),
            _ => word.to_string(),
        }
    }
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
        // What a person typed (case, customer, notes) may hold a secret; a session saved
        // before a rule existed too. Nothing of it leaves in a report unredacted.
        let scrub = |text: Option<String>| text.map(|t| crate::classify::redact_owned(t).text);
        let meta = ReportMeta {
            case_id: scrub(meta.case_id),
            customer: scrub(meta.customer),
            engineer: scrub(meta.engineer),
            ..meta
        };
        let identifiers = classification
            .map(|c| identifiers(playbook, c))
            .unwrap_or_default();
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
            resolution: None,
            identifiers,
            excerpt: None,
            audience: Audience::Engineer,
            greeting: None,
        };
        match triage.position(playbook) {
            Some(Position::Done(outcome)) => {
                report.outcome = Some(ReportOutcome {
                    id: outcome.id.clone(),
                    category: outcome.category.clone(),
                    title: outcome.title.clone(),
                    cause: checklist::fill(&outcome.cause, &facts),
                    advice_checked: outcome.checked.map(|d| d.month_label()),
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
                    step.note = scrub(step.note.take());
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

/// The identifiers in a classification, in the order a case form asks for them: the
/// codes and status, then every fact in the playbook's order, each by its label.
fn identifiers(playbook: &Playbook, c: &Classification) -> Vec<Identifier> {
    let mut out = Vec::new();
    let codes: Vec<&str> = c
        .codes
        .iter()
        .map(String::as_str)
        .filter(|code| c.status.is_none_or(|s| *code != s.to_string()))
        .collect();
    if !codes.is_empty() {
        out.push(Identifier {
            key: "codes".into(),
            label: "Error code".into(),
            value: codes.join(", "),
        });
    }
    if let Some(status) = c.status {
        out.push(Identifier {
            key: "status".into(),
            label: "HTTP status".into(),
            value: status.to_string(),
        });
    }
    let mut known = std::collections::BTreeSet::new();
    for fact in &playbook.facts {
        if let Some(value) = c.facts.get(&fact.name)
            && known.insert(fact.name.as_str())
        {
            out.push(Identifier {
                key: fact.name.clone(),
                label: fact.label.clone(),
                value: value.clone(),
            });
        }
    }
    // A fact the playbook no longer declares (an old session): by its name.
    for (name, value) in &c.facts {
        if !known.contains(name.as_str()) {
            out.push(Identifier {
                key: name.clone(),
                label: name.clone(),
                value: value.clone(),
            });
        }
    }
    out
}

impl Report {
    /// Add the error as pasted: redacted, cut to the lines around what matched.
    pub fn with_pasted(mut self, playbook: &Playbook, pasted: Option<&str>) -> Report {
        self.excerpt = pasted.and_then(|p| excerpt(playbook, p, self.classification.as_ref()));
        self
    }

    /// `with_pasted` for a paste redacted with `classify::redact_twice`, which found
    /// what the excerpt's redaction finds already.
    pub fn with_redacted_paste(
        mut self,
        playbook: &Playbook,
        pasted: &crate::classify::RedactedTwice,
    ) -> Report {
        self.excerpt =
            excerpt::excerpt_of_redacted(playbook, pasted.again(), self.classification.as_ref());
        self
    }

    /// The same report for `audience`. The customer's copy leaves out what is for the
    /// engineer: internal steps (content's `internal = true`), notes, ticks, evidence,
    /// the inspected file, and the pasted error.
    pub fn for_audience(mut self, audience: Audience, greeting: Option<String>) -> Report {
        self.audience = audience;
        if audience == Audience::Engineer {
            return self;
        }
        self.greeting = greeting.filter(|g| !g.trim().is_empty());
        let for_customer = |steps: &mut Vec<ChecklistStep>| {
            steps.retain(|s| !s.internal);
            for s in steps.iter_mut() {
                s.note = None;
                s.done = false;
            }
        };
        for_customer(&mut self.steps);
        for alt in &mut self.alternatives {
            for_customer(&mut alt.steps);
        }
        self.alternatives.retain(|a| !a.steps.is_empty());
        if let Some(c) = &mut self.classification {
            c.evidence.clear();
            c.traces.clear();
            c.runner_up = None;
        }
        self.answers.clear();
        self.inspection = None;
        self.excerpt = None;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The identifiers a case form asks for, found by the embedded content's facts in
    /// the places Power Automate and Power Apps Monitor put them.
    #[test]
    fn a_paste_gives_the_identifiers_a_case_needs_by_their_labels() {
        let pb = crate::content::embedded_playbook().expect("loads");
        let paste = r#"Run: https://make.powerautomate.com/environments/Default-4f1c2d3e-aaaa-bbbb-cccc-1234567890ab/flows/6a1d9c7e-1111-2222-3333-444455556666/runs/08584712345678901234567890CU12
x-ms-client-request-id: 7d0f3c2a-9e8b-4c6d-a1b2-c3d4e5f60718
"startTime": "2026-11-30T15:57:37.1234567Z",
{"error":{"code":"ConnectionAuthorizationFailed","message":"The caller with object id 'a3f0c2d1' does not have the minimum required permission to perform the requested operation on connection 'shared-sharepointonl-9e8f' under API 'shared_sharepointonline'."}}"#;
        let c = crate::classify::classify(&pb, paste);
        let ids = identifiers(&pb, &c);
        let get = |label: &str| {
            ids.iter()
                .find(|i| i.label == label)
                .map(|i| i.value.as_str())
                .unwrap_or_else(|| panic!("no {label} in {ids:?}"))
        };
        assert_eq!(get("Error code"), "ConnectionAuthorizationFailed");
        assert_eq!(get("Connector API"), "shared_sharepointonline");
        assert_eq!(get("Connection id"), "shared-sharepointonl-9e8f");
        assert_eq!(get("Run id"), "08584712345678901234567890CU12");
        assert_eq!(get("Workflow id"), "6a1d9c7e-1111-2222-3333-444455556666");
        assert_eq!(
            get("Environment"),
            "Default-4f1c2d3e-aaaa-bbbb-cccc-1234567890ab"
        );
        assert_eq!(
            get("Client request id"),
            "7d0f3c2a-9e8b-4c6d-a1b2-c3d4e5f60718"
        );
        assert_eq!(get("Time of the error"), "2026-11-30T15:57:37.1234567Z");
        assert!(
            ids.iter().all(|i| i.label != i.key),
            "labels, not keys: {ids:?}"
        );
    }
}

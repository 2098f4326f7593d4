//! A triage session as saved after every change, so that nothing is lost when the
//! terminal dies and `--resume` brings back the same screen. Pure data; the store that
//! writes it lives in `files`/`sessions` at the edge.

use serde::{Deserialize, Serialize};

use crate::checklist::StepMarks;
use crate::classify::Classification;
use crate::content::Playbook;
use crate::engine::Triage;
use crate::report::{Audience, Report, ReportMeta};

pub const SESSION_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema: u32,
    /// File-name-safe, e.g. `20261124-013818-CASE-4477`.
    pub id: String,
    pub case_id: Option<String>,
    pub customer: Option<String>,
    /// UTC, RFC 3339.
    pub started: String,
    pub updated: String,
    pub content_version: String,
    pub triage: Triage,
    #[serde(default)]
    pub marks: StepMarks,
    #[serde(default)]
    pub classification: Option<Classification>,
    /// The pasted error, already redacted unless the user asked otherwise.
    #[serde(default)]
    pub pasted: Option<String>,
    #[serde(default)]
    pub redactions: usize,
    /// Free-form state of the front end (the wizard's screen and selection), so a resume
    /// shows the same screen. The core never reads it.
    #[serde(default)]
    pub ui: serde_json::Value,
    /// What `--inspect FILE` proved, kept for the report.
    #[serde(default)]
    pub inspection: Option<crate::inspect::Inspection>,
}

/// A session id from a start time (RFC 3339) and an optional case id: sortable by time,
/// safe in a file name.
pub fn session_id(started_rfc3339: &str, case_id: Option<&str>) -> String {
    let stamp: String = started_rfc3339
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    let (date, time) = stamp.split_at(stamp.len().min(8));
    let mut id = format!("{date}-{time}");
    if let Some(case) = case_id {
        let safe: String = case
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(40)
            .collect();
        if !safe.trim_matches('-').is_empty() {
            id.push('-');
            id.push_str(safe.trim_matches('-'));
        }
    }
    id
}

impl Session {
    pub fn new(
        playbook: &Playbook,
        triage: Triage,
        started: &str,
        case_id: Option<String>,
    ) -> Session {
        Session {
            schema: SESSION_SCHEMA,
            id: session_id(started, case_id.as_deref()),
            case_id,
            customer: None,
            started: started.to_string(),
            updated: started.to_string(),
            content_version: playbook.version.clone(),
            triage,
            marks: StepMarks::default(),
            classification: None,
            pasted: None,
            redactions: 0,
            ui: serde_json::Value::Null,
            inspection: None,
        }
    }

    /// Whether anything was learnt or recorded: an answer, a tick, a note, a paste or an
    /// inspection. A triage abandoned before that is not worth keeping.
    pub fn has_work(&self) -> bool {
        !self.triage.path().is_empty()
            || !self.triage.known().is_empty()
            || !self.marks.done.is_empty()
            || !self.marks.notes.is_empty()
            || self.pasted.is_some()
            || self.inspection.is_some()
    }

    /// How many ticks and notes would be lost by starting over.
    pub fn work_summary(&self) -> String {
        let answers = self.triage.path().len();
        let ticks = self.marks.done.len();
        let notes = self.marks.notes.len();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{}, {} and {}",
            plural(answers, "answer", "answers"),
            plural(ticks, "tick", "ticks"),
            plural(notes, "note", "notes")
        )
    }

    /// Where the session stands, in one line: the checklist's title and progress, or
    /// the question it waits at.
    pub fn standing(&self, playbook: &Playbook) -> String {
        match self.triage.position(playbook) {
            Some(crate::engine::Position::Done(o)) => {
                let done = o
                    .steps
                    .iter()
                    .filter(|s| self.marks.done.contains(&s.id))
                    .count();
                format!("{} ({done}/{} done)", o.title, o.steps.len())
            }
            Some(crate::engine::Position::Asking(q)) => format!("at: {}", q.prompt),
            None => "content changed since this session".into(),
        }
    }

    /// The report of this session as it stands; `finished` is when it is exported.
    pub fn report(
        &self,
        playbook: &Playbook,
        engineer: Option<String>,
        finished: Option<String>,
    ) -> Report {
        let mut report = Report::build(
            playbook,
            &self.triage,
            self.classification.as_ref(),
            &self.marks,
            ReportMeta {
                case_id: self.case_id.clone(),
                customer: self.customer.clone(),
                engineer,
                started: Some(self.started.clone()),
                finished,
            },
            self.redactions,
        );
        report.inspection = self.inspection.clone();
        report
    }

    /// The report to hand over (a file, the clipboard): with the error as pasted, for
    /// `audience`. `exported` is read once by the caller, so every format of one export
    /// shows the same time.
    pub fn export_report(
        &self,
        playbook: &Playbook,
        engineer: Option<String>,
        exported: Option<String>,
        audience: Audience,
        greeting: Option<String>,
    ) -> Report {
        self.report(playbook, engineer, exported)
            .with_pasted(playbook, self.pasted.as_deref())
            .for_audience(audience, greeting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_carry_a_safe_case_id() {
        assert_eq!(
            session_id("2026-11-22T14:15:03Z", Some("CASE-4477")),
            "20261122-141503-CASE-4477"
        );
        assert_eq!(
            session_id("2026-11-22T14:15:03Z", Some("../../etc")),
            "20261122-141503-etc"
        );
        assert_eq!(session_id("2026-11-22T14:15:03Z", None), "20261122-141503");
    }
}

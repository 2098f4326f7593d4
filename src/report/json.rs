//! The contract's JSON shape. Keys may be added, never removed or renamed.
//!
//! Schema 2 added `exported` (the same time as `finished`), `audience`, `greeting`,
//! `identifiers` (codes, status and facts by their labels), `error` (the redacted
//! excerpt of what was pasted) and each step's `internal`.

use serde_json::{Value, json};

use super::Report;

pub const SCHEMA: u32 = 2;

pub fn to_json(report: &Report) -> Value {
    let mut value = base(report);
    // Only a session's report carries the key, so `diagnose` output is unchanged.
    if let Some(r) = &report.resolution {
        value["resolution"] = json!({
            "fixed": r.fixed,
            "step": r.step,
            "step_number": r.step_number,
            "recorded": r.recorded,
            "summary": r.summary(),
        });
    }
    value
}

fn base(report: &Report) -> Value {
    let steps = |steps: &[crate::checklist::ChecklistStep]| -> Vec<Value> {
        steps
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "text": s.text,
                    "how": s.how,
                    "done": s.done,
                    "note": s.note,
                    "link": s.link,
                    "link_title": s.link_title,
                    "internal": s.internal,
                })
            })
            .collect()
    };
    json!({
        "schema": SCHEMA,
        "tool": {"name": "flowtriage", "version": report.tool_version},
        "content": {"version": report.content_version, "source": report.content_source},
        "case": report.meta.case_id,
        "customer": report.meta.customer,
        "engineer": report.meta.engineer,
        "started": report.meta.started,
        "finished": report.meta.finished,
        "exported": report.meta.finished,
        "audience": report.audience,
        "greeting": report.greeting,
        "classification": report.classification.as_ref().map(|c| json!({
            "category": c.category,
            "codes": c.codes,
            "status": c.status,
            "confidence": c.confidence,
            "evidence": c.evidence,
            "signatures": c.matched_signatures(),
            "facts": c.facts,
            "signature": c.signature,
            "runner_up": c.runner_up,
            "tentative": c.is_tentative(),
        })),
        "identifiers": report.identifiers,
        "error": report.excerpt.as_ref().map(|e| json!({
            "excerpt": e.text,
            "lines_shown": e.lines_shown,
            "lines_total": e.lines_total,
            "redacted": e.redacted,
        })),
        "answers": report.answers,
        "outcome": report.outcome.as_ref().map(|o| json!({
            "id": o.id,
            "category": o.category,
            "title": o.title,
            "cause": o.cause,
            "advice_checked": o.advice_checked,
        })),
        "steps": steps(&report.steps),
        "alternatives": report.alternatives.iter().map(|a| json!({
            "title": a.title,
            "when": a.when,
            "steps": steps(&a.steps),
        })).collect::<Vec<_>>(),
        "references": report.references,
        "pending": report.pending,
        "redactions": report.redactions,
        "inspection": report.inspection.as_ref().map(|i| json!({
            "file": i.file,
            "kind": i.kind,
            "answers": i.answers,
            "findings": i.findings,
            "notes": i.notes,
        })),
    })
}

#![no_main]
//! User text from the fuzzer in every field a user can type: every format renders, the
//! JSON parses back, and no terminal escape or raw `<` from user text survives.

use std::sync::OnceLock;

use flowtriage::checklist::StepMarks;
use flowtriage::content::{Playbook, embedded_playbook};
use flowtriage::engine::{Answer, AnswerSource, Triage};
use flowtriage::report::{Report, ReportMeta, to_html, to_json, to_markdown, to_text};
use libfuzzer_sys::fuzz_target;

fn playbook() -> &'static Playbook {
    static PB: OnceLock<Playbook> = OnceLock::new();
    PB.get_or_init(|| embedded_playbook().expect("the embedded playbook is valid"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let pb = playbook();
    let t = Triage::start(
        pb,
        vec![Answer::new(
            "code",
            "WorkflowTriggerIsNotEnabled",
            AnswerSource::Cli,
        )],
    );
    let mut marks = StepMarks::default();
    marks.set_note("turn-on", &text);
    let meta = ReportMeta {
        case_id: Some(text.clone()),
        customer: Some(text.clone()),
        ..ReportMeta::default()
    };
    let report = Report::build(pb, &t, None, &marks, meta, 0);
    let json = to_json(&report).to_string();
    let back: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses back");
    assert_eq!(back["case"].as_str(), Some(text.as_str()));
    for out in [to_markdown(&report), to_text(&report), to_html(&report)] {
        assert!(!out.contains('\u{1b}'));
    }
    assert!(!to_html(&report).contains("<script"));
});

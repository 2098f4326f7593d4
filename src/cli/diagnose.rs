//! `diagnose`: classify an input, take `--answer`s, walk the tree, print the report.

use super::args::{DiagnoseArgs, choose_format};
use super::commands::print_out;
use super::{CliError, exit};
use crate::app::{load_config, now_utc};
use crate::checklist::StepMarks;
use crate::classify::{self, Classification};
use crate::content::Playbook;
use crate::engine::{Answer, AnswerSource, Position, Triage};
use crate::files;
use crate::report::{Report, ReportMeta};
use crate::source;

/// Parse and validate `KEY=VALUE` answers against the playbook.
pub fn parse_answers(
    playbook: &Playbook,
    raw: &[String],
    source: AnswerSource,
) -> Result<Vec<Answer>, CliError> {
    let mut answers = Vec::new();
    for item in raw {
        let Some((key, value)) = item.split_once('=') else {
            return Err(CliError::usage(format!(
                "--answer '{item}' is not KEY=VALUE; for example --answer app=live"
            )));
        };
        let key = key.trim();
        let keys = playbook.keys();
        if !keys.contains(&key) {
            return Err(CliError::usage(format!(
                "--answer {key}=…: there is no question '{key}'; keys: {}",
                keys.join(", ")
            )));
        }
        let Some(value) = playbook.canonical_value(key, value) else {
            return Err(CliError::usage(format!(
                "--answer {key}={}: '{}' is not offered; values: {}",
                value.trim(),
                value.trim(),
                playbook.values_for(key).join(", ")
            )));
        };
        answers.push(Answer::new(key, value, source));
    }
    Ok(answers)
}

pub fn diagnose(args: DiagnoseArgs) -> Result<u8, CliError> {
    let started = now_utc();
    let config = load_config();
    let playbook = source::load_playbook(args.content.as_deref())?;
    let cli_answers = parse_answers(&playbook, &args.answers, AnswerSource::Cli)?;

    let mut redactions = 0;
    // The paste as read (`--no-redact`), or redacted together with what the report's
    // excerpt redacts again (one search for the rules' keywords, not two).
    let mut raw: Option<String> = None;
    let mut redacted: Option<classify::RedactedTwice> = None;
    let classification: Option<Classification> = match &args.input {
        None => None,
        Some(input) => {
            let text = files::read_input(input)
                .map_err(|e| CliError::failure(format!("cannot read the input '{input}': {e}")))?;
            if args.no_redact {
                let classification = classify::classify(&playbook, &text);
                raw = Some(text);
                Some(classification)
            } else {
                let twice = classify::redact_twice(text, config.redact_emails);
                redactions = twice.count;
                let classification = classify::classify(&playbook, &twice.text);
                redacted = Some(twice);
                Some(classification)
            }
        }
    };

    let inspection = match &args.inspect {
        Some(path) => Some(crate::app::inspect_file(path)?),
        None => None,
    };

    // The command line wins over an inspected file, which wins over the classifier.
    let mut known: Vec<Answer> = classification
        .as_ref()
        .map(|c| c.answers(&playbook))
        .unwrap_or_default();
    let layered = inspection
        .iter()
        .flat_map(|i| i.engine_answers())
        .filter(|a| playbook.canonical_value(&a.key, &a.value).is_some())
        .chain(cli_answers.iter().cloned());
    for answer in layered {
        known.retain(|a| a.key != answer.key);
        known.push(answer);
    }

    let triage = Triage::start(&playbook, known);
    for unused in triage.unused() {
        if unused.source == AnswerSource::Cli {
            crate::app::print_err(&format!(
                "flowtriage: note: --answer {}={} was not used: this path never asks it",
                unused.key, unused.value
            ));
        }
    }
    let meta = ReportMeta {
        case_id: args.case.clone(),
        customer: args.customer.clone(),
        engineer: config.engineer.clone(),
        started: Some(started),
        finished: Some(now_utc()),
    };
    let report = Report::build(
        &playbook,
        &triage,
        classification.as_ref(),
        &StepMarks::default(),
        meta,
        redactions,
    );
    let mut report = match &redacted {
        Some(twice) => report.with_redacted_paste(&playbook, twice),
        None => report.with_pasted(&playbook, raw.as_deref()),
    };
    report.inspection = inspection;
    let report = report.for_audience(args.audience.audience(), config.customer_greeting.clone());
    let format = choose_format(args.format, args.output.as_deref(), &config);
    let rendered = crate::export::render(&report, format);
    match &args.output {
        Some(path) => {
            files::write_output(path, crate::export::for_file(rendered, format).as_bytes())
                .map_err(|e| {
                    CliError::failure(format!(
                        "cannot write the report to {}: {e}",
                        path.display()
                    ))
                })?
        }
        None => {
            print_out(&rendered)?;
        }
    }
    Ok(match triage.position(&playbook) {
        Some(Position::Asking(_)) => exit::PENDING,
        _ => exit::OK,
    })
}

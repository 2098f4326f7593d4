//! `--plain`: the same triage as numbered questions and answers, line by line, for
//! screen readers, dumb terminals and logs of a call.

use std::io::{self, BufRead, Write};

use crate::engine::Position;
use crate::report;

use super::message::Message;
use super::model::{Model, Popup};
use super::text::one_line;
use super::update::update;

/// Run until an outcome is printed, the user quits, or input ends. `save` is called
/// after every change. Returns whether an outcome was reached.
pub fn run(
    model: &mut Model,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    save: &mut dyn FnMut(&mut Model),
) -> io::Result<bool> {
    writeln!(
        out,
        "flowtriage (plain mode). Answer with a number or a value; b goes back, p pastes an error, q quits."
    )?;
    if model.screen == super::model::Screen::Start {
        update(model, Message::Choose); // "Start a triage"; a resumed session is already walking.
        save(model);
    }
    let mut line = String::new();
    loop {
        let question = match model.session.triage.position(&model.playbook) {
            Some(Position::Done(_)) => {
                let report = model.session.report(&model.playbook, None, None);
                writeln!(out)?;
                write!(out, "{}", report::to_text(&report))?;
                return Ok(true);
            }
            Some(Position::Asking(q)) => q.clone(),
            None => return Ok(false),
        };
        writeln!(out)?;
        writeln!(
            out,
            "Q{}. {}",
            model.session.triage.path().len() + 1,
            one_line(&question.prompt)
        )?;
        if !question.why.is_empty() {
            writeln!(out, "   Why: {}", one_line(&question.why))?;
        }
        if !question.how.is_empty() {
            writeln!(out, "   How to find out: {}", one_line(&question.how))?;
        }
        for (i, option) in question.options.iter().enumerate() {
            writeln!(
                out,
                "  {}. {} [{}]",
                i + 1,
                one_line(&option.label),
                option.value
            )?;
        }
        write!(out, "Answer: ")?;
        out.flush()?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            writeln!(out, "Input ended; {}", saved_or_not(model))?;
            return Ok(false);
        }
        let answer = line.trim();
        match answer {
            "" => continue,
            "q" | "quit" => {
                writeln!(out, "Stopped; {}", saved_or_not(model))?;
                return Ok(false);
            }
            "b" | "back" => {
                update(model, Message::Back);
                if model.screen == super::model::Screen::Start {
                    update(model, Message::Choose);
                }
            }
            "p" | "paste" => {
                writeln!(out, "Paste the error, then a line with a single '.':")?;
                out.flush()?;
                let mut text = String::new();
                let mut pasted = String::new();
                while input.read_line(&mut pasted)? > 0 {
                    if pasted.trim() == "." {
                        break;
                    }
                    text.push_str(&pasted);
                    pasted.clear();
                }
                model.popup = Popup::Paste {
                    text,
                    escape_pending: false,
                };
                update(model, Message::Submit);
                if let Some(status) = &model.status {
                    writeln!(out, "{}", one_line(status))?;
                }
            }
            _ => {
                let chosen = match answer.parse::<usize>() {
                    Ok(n) if (1..=question.options.len()).contains(&n) => Some(n - 1),
                    _ => question
                        .options
                        .iter()
                        .position(|o| o.value.eq_ignore_ascii_case(answer)),
                };
                match chosen {
                    Some(i) => {
                        update(model, Message::ChooseNumber(i));
                    }
                    None => {
                        writeln!(out, "'{}' is not one of the answers.", one_line(answer))?;
                        continue;
                    }
                }
            }
        }
        save(model);
    }
}

/// Whether the last save worked, said as it is (F12).
fn saved_or_not(model: &Model) -> String {
    match &model.save_warning {
        None => "the session is saved (flowtriage wizard --resume).".into(),
        Some(warning) => format!("the session is NOT saved: {}", one_line(warning)),
    }
}

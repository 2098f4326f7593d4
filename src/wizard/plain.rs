//! `--plain`: the same triage as numbered questions and answers, line by line, for
//! screen readers, dumb terminals and logs of a call.

use std::io::{self, BufRead, Write};

use crate::engine::Position;
use crate::report;
use crate::session::Fixed;

use super::message::{Effect, Message};
use super::model::{Model, Popup};
use super::text::one_line;
use super::update::update;

const HELP: &str = "Keys: a number or a value answers; b goes back; p pastes an error (end it with a line holding a single '.'); q stops (the session is kept); ? shows this.";

const CHECKLIST_HELP: &str = "On the checklist: a step's number ticks or unticks it; n NUMBER TEXT adds a note; e exports the report; s shows the checklist again; b goes back; q finishes.";

/// Run until the user quits or input ends. `save` is called after every change;
/// `perform` carries out an effect (an export). Returns whether an outcome was reached.
pub fn run(
    model: &mut Model,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    save: &mut dyn FnMut(&mut Model),
    perform: &mut dyn FnMut(&mut Model, Vec<Effect>),
) -> io::Result<bool> {
    writeln!(
        out,
        "flowtriage (plain mode). Answer with a number or a value; b goes back, p pastes an error, ? helps, q quits."
    )?;
    // "Resumed session …", "There is no saved session to resume."
    if let Some(status) = &model.status {
        writeln!(out, "{}", one_line(status))?;
    }
    if model.screen == super::model::Screen::Start {
        update(model, Message::Choose); // "Start a triage"; a resumed session is already walking.
        save(model);
    }
    let mut line = String::new();
    // After a typo only a short prompt is repeated, not the whole question.
    let mut ask_again = true;
    loop {
        let question = match model.session.triage.position(&model.playbook) {
            Some(Position::Done(_)) => {
                let report = model.session.report(&model.playbook, None, None);
                writeln!(out)?;
                write!(out, "{}", report::to_text(&report))?;
                match checklist(model, input, out, save, perform)? {
                    AfterChecklist::Back => continue,
                    AfterChecklist::End => return Ok(true),
                }
            }
            Some(Position::Asking(q)) => q.clone(),
            None => return Ok(false),
        };
        if ask_again {
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
                // A code's label already names it: say it once.
                if option.label.starts_with(&option.value) {
                    writeln!(out, "  {}. {}", i + 1, one_line(&option.label))?;
                } else {
                    writeln!(
                        out,
                        "  {}. {} [{}]",
                        i + 1,
                        one_line(&option.label),
                        option.value
                    )?;
                }
            }
        }
        ask_again = true;
        write!(out, "Answer: ")?;
        out.flush()?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            writeln!(out, "Input ended; {}", saved_line(model))?;
            return Ok(false);
        }
        let answer = line.trim();
        match answer {
            "" => ask_again = false,
            "?" | "h" | "help" => {
                writeln!(out, "{HELP}")?;
                ask_again = false;
            }
            "q" | "quit" => {
                writeln!(out, "Stopped; {}", saved_line(model))?;
                return Ok(false);
            }
            "b" | "back" => back(model),
            "p" | "paste" => {
                paste(model, input, out)?;
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
                        writeln!(
                            out,
                            "'{}' is not one of the answers. Type 1 to {}, or ? for help.",
                            one_line(answer),
                            question.options.len()
                        )?;
                        ask_again = false;
                        continue;
                    }
                }
            }
        }
        save(model);
    }
}

enum AfterChecklist {
    Back,
    End,
}

/// "the session … is saved; flowtriage --resume ID", or why not.
fn saved_line(model: &Model) -> String {
    if let Some(warning) = &model.save_warning {
        return format!("the session is NOT saved: {}", one_line(warning));
    }
    if !model.session.has_work() {
        return "nothing was answered, so no session was kept.".into();
    }
    format!(
        "session {id} is saved; resume it with: flowtriage --resume {id}",
        id = model.session.id
    )
}

fn back(model: &mut Model) {
    update(model, Message::Back);
    if model.screen == super::model::Screen::Start {
        update(model, Message::Choose);
    }
}

fn paste(model: &mut Model, input: &mut dyn BufRead, out: &mut dyn Write) -> io::Result<()> {
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
    Ok(())
}

/// After the checklist: tick, note and export, until the user is done.
fn checklist(
    model: &mut Model,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    save: &mut dyn FnMut(&mut Model),
    perform: &mut dyn FnMut(&mut Model, Vec<Effect>),
) -> io::Result<AfterChecklist> {
    writeln!(out)?;
    writeln!(out, "{CHECKLIST_HELP}")?;
    let main = model
        .session
        .report(&model.playbook, None, None)
        .steps
        .len();
    let total = model.step_ids().len();
    if total > main {
        writeln!(
            out,
            "Steps 1 to {main} are the checklist; {} to {total} are the steps under \"If that does not fix it\", in order.",
            main + 1
        )?;
    }
    let mut line = String::new();
    loop {
        write!(out, "Checklist: ")?;
        out.flush()?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            writeln!(out, "Input ended; {}", saved_line(model))?;
            return Ok(AfterChecklist::End);
        }
        let command = line.trim();
        let steps = model.step_ids();
        let step_text = |model: &Model, i: usize| {
            let report = model.session.report(&model.playbook, None, None);
            report
                .steps
                .iter()
                .chain(report.alternatives.iter().flat_map(|a| a.steps.iter()))
                .nth(i)
                .map(|s| one_line(&s.text))
                .unwrap_or_default()
        };
        match command {
            "" => {}
            "?" | "h" | "help" => writeln!(out, "{CHECKLIST_HELP}")?,
            "q" | "quit" | "done" => {
                ask_fixed(model, input, out)?;
                save(model);
                writeln!(out, "Done; {}", saved_line(model))?;
                return Ok(AfterChecklist::End);
            }
            "b" | "back" => {
                back(model);
                save(model);
                return Ok(AfterChecklist::Back);
            }
            "s" | "show" => {
                let report = model.session.report(&model.playbook, None, None);
                write!(out, "{}", report::to_text(&report))?;
            }
            "e" | "export" => {
                perform(model, vec![Effect::Export { folder: None }]);
                match std::mem::replace(&mut model.popup, Popup::None) {
                    Popup::ExportRetry { reason, .. } => {
                        writeln!(out, "The report could not be saved: {}", one_line(&reason))?
                    }
                    _ => {
                        if let Some(status) = &model.status {
                            writeln!(out, "{}", one_line(status))?;
                        }
                    }
                }
            }
            _ => {
                let (number, note) = match command.strip_prefix("n ") {
                    Some(rest) => {
                        let rest = rest.trim_start();
                        let (n, text) = rest.split_once(' ').unwrap_or((rest, ""));
                        (n, Some(text.trim()))
                    }
                    None => (command, None),
                };
                let index = match number.parse::<usize>() {
                    Ok(n) if (1..=steps.len()).contains(&n) => n - 1,
                    _ => {
                        writeln!(
                            out,
                            "'{}' is not a step. Type 1 to {}, or ? for help.",
                            one_line(command),
                            steps.len()
                        )?;
                        continue;
                    }
                };
                match note {
                    Some(text) => {
                        // As the note box does: secrets never reach the session.
                        let text = model.scrub(text.to_string());
                        model.session.marks.set_note(&steps[index], &text);
                        model.dirty = true;
                        writeln!(out, "Note saved on step {}.", index + 1)?;
                    }
                    None => {
                        let ticked = model.session.marks.toggle(&steps[index]);
                        model.dirty = true;
                        writeln!(
                            out,
                            "{} step {}: {}",
                            if ticked { "Ticked" } else { "Unticked" },
                            index + 1,
                            step_text(model, index)
                        )?;
                    }
                }
                save(model);
            }
        }
    }
}

/// "Did this fix it?" after the checklist; an empty line or the end of input leaves it
/// not recorded.
fn ask_fixed(model: &mut Model, input: &mut dyn BufRead, out: &mut dyn Write) -> io::Result<()> {
    let mut line = String::new();
    let fixed = loop {
        writeln!(out)?;
        write!(
            out,
            "Did this fix it? 1. yes  2. no  3. partly  4. not yet  (Enter: not now): "
        )?;
        out.flush()?;
        line.clear();
        if input.read_line(&mut line)? == 0 || line.trim().is_empty() {
            writeln!(out)?;
            writeln!(out, "Not recorded.")?;
            return Ok(());
        }
        let answer = line.trim();
        let chosen = match answer.parse::<usize>() {
            Ok(n) => n.checked_sub(1).and_then(|i| Fixed::ALL.get(i).copied()),
            Err(_) => Fixed::parse(answer),
        };
        match chosen {
            Some(fixed) => break fixed,
            None => writeln!(out, "'{}' is not one of the answers.", one_line(answer))?,
        }
    };
    let steps = model.step_ids().len();
    let mut step = None;
    if matches!(fixed, Fixed::Yes | Fixed::Partly) && steps > 0 {
        loop {
            write!(out, "Which step fixed it? 1-{steps} (Enter: none): ")?;
            out.flush()?;
            line.clear();
            if input.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            match line.trim().parse::<usize>() {
                Ok(n) if (1..=steps).contains(&n) => {
                    step = Some(n - 1);
                    break;
                }
                _ => writeln!(out, "'{}' is not a step number.", one_line(line.trim()))?,
            }
        }
    }
    model.session.record(&model.playbook, fixed, step);
    model.dirty = true;
    let report = model.session.report(&model.playbook, None, None);
    let summary = report.resolution.map(|r| r.summary()).unwrap_or_default();
    writeln!(out, "Recorded: {summary}.")?;
    Ok(())
}

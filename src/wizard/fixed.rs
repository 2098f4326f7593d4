//! "Did this fix it?" at the end of a checklist: the answer and the step that fixed it,
//! kept with the session. Never blocking: Esc or quitting leaves it "not recorded".

use crate::engine::Position;
use crate::session::Fixed;

use super::message::Message;
use super::model::{Model, Popup};

/// Open the question, preset to what was recorded here before, else "yes" and the
/// selected step if it is ticked.
pub fn open(model: &mut Model) {
    let ids = model.step_ids();
    let (selected, step) = match model.session.resolution_here() {
        Some(r) => (
            Fixed::ALL.iter().position(|f| *f == r.fixed).unwrap_or(0),
            r.step
                .as_deref()
                .and_then(|s| ids.iter().position(|id| id == s)),
        ),
        None => (
            0,
            ids.get(model.selected)
                .filter(|id| model.session.marks.done.contains(*id))
                .map(|_| model.selected),
        ),
    };
    model.popup = Popup::Fixed { selected, step };
}

/// Ask once the last main step is ticked, unless it was answered already.
pub fn ask_at_the_end(model: &mut Model) {
    let all_done = match model.session.triage.position(&model.playbook) {
        Some(Position::Done(o)) => {
            !o.steps.is_empty()
                && o.steps
                    .iter()
                    .all(|s| model.session.marks.done.contains(&s.id))
        }
        _ => false,
    };
    if all_done && model.session.resolution_here().is_none() {
        open(model);
    }
}

pub fn on_key(model: &mut Model, selected: usize, step: Option<usize>, msg: Message) -> Popup {
    let steps = model.step_ids().len();
    match msg {
        Message::Close => {
            if model.session.resolution_here().is_none() {
                model.status = Some("Not recorded; f asks again.".into());
            }
            Popup::None
        }
        Message::Up => Popup::Fixed {
            selected: selected.saturating_sub(1),
            step,
        },
        Message::Down => Popup::Fixed {
            selected: (selected + 1).min(Fixed::ALL.len() - 1),
            step,
        },
        // None, step 1, …, step n, and round again.
        Message::CycleStep(forward) => {
            let position = step.map_or(0, |s| s + 1);
            let count = steps + 1;
            let next = if forward {
                (position + 1) % count
            } else {
                (position + count - 1) % count
            };
            Popup::Fixed {
                selected,
                step: next.checked_sub(1),
            }
        }
        Message::Choose => record(model, selected, step),
        Message::ChooseNumber(n) if n < Fixed::ALL.len() => record(model, n, step),
        _ => Popup::Fixed { selected, step },
    }
}

fn record(model: &mut Model, selected: usize, step: Option<usize>) -> Popup {
    let fixed = Fixed::ALL[selected.min(Fixed::ALL.len() - 1)];
    // A step fixed it only if it fixed it at least in part.
    let step = step.filter(|_| matches!(fixed, Fixed::Yes | Fixed::Partly));
    model.session.record(&model.playbook, fixed, step);
    model.dirty = true;
    let report = model.session.report(&model.playbook, None, None);
    let summary = report.resolution.map(|r| r.summary()).unwrap_or_default();
    model.status = Some(format!("Recorded: {summary}."));
    Popup::None
}

//! The only place the wizard's state changes: one message in, effects out.

use crate::classify;
use crate::engine::{Answer, AnswerSource, Position};
use crate::report;
use crate::search::Target;

use super::message::{Effect, Message};
use super::model::{Model, Popup, Screen, StartItem};

pub fn update(model: &mut Model, msg: Message) -> Vec<Effect> {
    let before = (
        model.session.triage.clone(),
        model.session.marks.clone(),
        model.screen,
        model.selected,
    );
    let effects = if model.popup == Popup::None {
        on_screen(model, msg)
    } else {
        on_popup(model, msg)
    };
    let count = model.item_count();
    if model.selected >= count {
        model.selected = count.saturating_sub(1);
    }
    let after = (
        &model.session.triage,
        &model.session.marks,
        model.screen,
        model.selected,
    );
    if (&before.0, &before.1, before.2, before.3) != after {
        model.dirty = true;
        model.session.ui = serde_json::to_value(model.ui_state()).unwrap_or_default();
    }
    effects
}

fn move_selection(model: &mut Model, down: bool) {
    let count = model.item_count();
    if count == 0 {
        return;
    }
    model.selected = if down {
        (model.selected + 1).min(count - 1)
    } else {
        model.selected.saturating_sub(1)
    };
}

fn go_to_walk(model: &mut Model) {
    model.screen = model.walk_screen();
    model.selected = 0;
}

fn on_screen(model: &mut Model, msg: Message) -> Vec<Effect> {
    match msg {
        Message::Up => move_selection(model, false),
        Message::Down => move_selection(model, true),
        Message::Quit => model.quit = true,
        Message::OpenHelp => model.popup = Popup::Help,
        Message::OpenSearch => {
            model.popup = Popup::Search {
                query: String::new(),
                selected: 0,
            }
        }
        Message::OpenPaste => {
            model.popup = Popup::Paste {
                text: String::new(),
                escape_pending: false,
            }
        }
        Message::Restart => {
            model.session.triage.restart(&model.playbook);
            model.session.marks = Default::default();
            model.session.classification = None;
            model.session.pasted = None;
            model.session.redactions = 0;
            model.status = Some("Restarted: nothing is known yet.".into());
            go_to_walk(model);
        }
        Message::Back => {
            if model.screen == Screen::Start {
                return Vec::new();
            }
            if model.session.triage.back() {
                go_to_walk(model);
            } else {
                model.screen = Screen::Start;
                model.selected = 0;
            }
        }
        Message::Choose => return choose(model, model.selected),
        Message::ChooseNumber(n) | Message::Click(n) if n < model.item_count() => {
            model.selected = n;
            // On the checklist a number only selects the step; ticking stays deliberate.
            if model.screen != Screen::Outcome {
                return choose(model, n);
            }
        }
        Message::ToggleStep if model.screen == Screen::Outcome => {
            if let Some(id) = model.step_ids().get(model.selected) {
                let ticked = model.session.marks.toggle(id);
                model.status = Some(if ticked { "Ticked." } else { "Unticked." }.into());
            }
        }
        Message::OpenNote if model.screen == Screen::Outcome => {
            if let Some(id) = model.step_ids().get(model.selected).cloned() {
                let text = model
                    .session
                    .marks
                    .notes
                    .get(&id)
                    .cloned()
                    .unwrap_or_default();
                model.popup = Popup::Note { step: id, text };
            }
        }
        Message::Export if model.screen == Screen::Outcome => {
            return vec![Effect::Export { folder: None }];
        }
        Message::Copy if model.screen == Screen::Outcome => {
            let report = model.handover_report(None);
            return vec![Effect::Copy(report::to_text(&report))];
        }
        Message::ToggleAudience if model.screen == Screen::Outcome => {
            model.audience = model.audience.other();
            model.status = Some(match model.audience {
                report::Audience::Customer => {
                    "For the customer: y and e now give the steps in plain words (a: back to the engineer's note).".into()
                }
                report::Audience::Engineer => {
                    "For the engineer: y and e give the full case note again.".into()
                }
            });
        }
        _ => {}
    }
    Vec::new()
}

fn choose(model: &mut Model, index: usize) -> Vec<Effect> {
    match model.screen {
        Screen::Start => match model.start_items().get(index) {
            Some(StartItem::Begin) => go_to_walk(model),
            Some(StartItem::Paste) => return on_screen(model, Message::OpenPaste),
            Some(StartItem::Search) => return on_screen(model, Message::OpenSearch),
            Some(StartItem::Inspect) => {
                model.popup = Popup::InspectPath {
                    path: String::new(),
                }
            }
            Some(StartItem::Resume) => {
                if let Some(session) = model.resumable.take() {
                    resume(model, session);
                }
            }
            Some(StartItem::Quit) => model.quit = true,
            None => {}
        },
        Screen::Question => {
            let value = match model.session.triage.position(&model.playbook) {
                Some(Position::Asking(q)) => q.options.get(index).map(|o| o.value.clone()),
                _ => None,
            };
            if let Some(value) = value
                && model.session.triage.answer(&model.playbook, &value).is_ok()
            {
                model.status = None;
                go_to_walk(model);
            }
        }
        Screen::Outcome => {
            // Enter on a step that points to another checklist opens it.
            let link = match model.session.triage.position(&model.playbook) {
                Some(Position::Done(o)) => o
                    .steps
                    .iter()
                    .chain(o.alternatives.iter().flat_map(|a| a.steps.iter()))
                    .nth(index)
                    .and_then(|s| s.link.clone()),
                _ => None,
            };
            if let Some(link) = link
                && model.session.triage.jump(&model.playbook, &link).is_ok()
            {
                model.status = Some("Opened the linked checklist; Backspace returns.".into());
                go_to_walk(model);
            }
        }
    }
    Vec::new()
}

/// Take over a saved session: its walk, ticks and notes, and its screen.
pub fn resume(model: &mut Model, session: crate::session::Session) {
    let ui: super::model::UiState = serde_json::from_value(session.ui.clone()).unwrap_or_default();
    model.session = session;
    if !model.session.triage.fits(&model.playbook) {
        // The playbook changed since the save: keep what is known, walk again.
        let known = model.session.triage.known().to_vec();
        model.session.triage = crate::engine::Triage::start(&model.playbook, known);
        model.status = Some("The playbook changed since this session; the walk was redone.".into());
    }
    model.screen = match ui.screen {
        Some(Screen::Start) | None => model.walk_screen(),
        Some(_) => model.walk_screen(),
    };
    model.selected = ui.selected;
}

fn on_popup(model: &mut Model, msg: Message) -> Vec<Effect> {
    if msg == Message::Quit {
        model.quit = true;
        return Vec::new();
    }
    let popup = std::mem::replace(&mut model.popup, Popup::None);
    model.popup = match popup {
        Popup::None => Popup::None,
        Popup::Help => match msg {
            Message::Close | Message::OpenHelp | Message::Choose => Popup::None,
            _ => Popup::Help,
        },
        Popup::Search {
            mut query,
            mut selected,
        } => match msg {
            Message::Close => Popup::None,
            Message::Type(c) => {
                query.push(c);
                Popup::Search { query, selected: 0 }
            }
            Message::Pasted(text) => {
                query.push_str(&text.replace(['\n', '\r'], " "));
                Popup::Search { query, selected: 0 }
            }
            Message::Erase => {
                query.pop();
                Popup::Search { query, selected: 0 }
            }
            Message::Up => Popup::Search {
                query,
                selected: selected.saturating_sub(1),
            },
            Message::Down => {
                let count = model.index.search(&query, SEARCH_LIMIT).len();
                selected = (selected + 1).min(count.saturating_sub(1));
                Popup::Search { query, selected }
            }
            Message::Submit | Message::Choose => {
                let target = model
                    .index
                    .search(&query, SEARCH_LIMIT)
                    .get(selected)
                    .map(|hit| hit.entry.target.clone());
                match target {
                    Some(target) => {
                        apply_target(model, target);
                        Popup::None
                    }
                    None => Popup::Search { query, selected },
                }
            }
            _ => Popup::Search { query, selected },
        },
        Popup::Paste {
            mut text,
            escape_pending,
        } => match msg {
            Message::Close => Popup::None,
            Message::PasteEscape => Popup::Paste {
                text,
                escape_pending: true,
            },
            Message::Type(c) => {
                text.push(c);
                Popup::Paste {
                    text,
                    escape_pending: false,
                }
            }
            Message::Pasted(more) => {
                text.push_str(&more);
                Popup::Paste {
                    text,
                    escape_pending: false,
                }
            }
            Message::Erase => {
                text.pop();
                Popup::Paste {
                    text,
                    escape_pending: false,
                }
            }
            Message::Submit => {
                route_paste(model, &text);
                Popup::None
            }
            _ => Popup::Paste {
                text,
                escape_pending,
            },
        },
        Popup::Note { step, mut text } => match msg {
            Message::Close => Popup::None,
            Message::Type(c) => {
                text.push(c);
                Popup::Note { step, text }
            }
            Message::Pasted(more) => {
                text.push_str(&more.replace(['\n', '\r'], " "));
                Popup::Note { step, text }
            }
            Message::Erase => {
                text.pop();
                Popup::Note { step, text }
            }
            Message::Submit | Message::Choose => {
                model.session.marks.set_note(&step, &text);
                model.dirty = true;
                model.status = Some("Note saved.".into());
                Popup::None
            }
            _ => Popup::Note { step, text },
        },
        Popup::InspectPath { mut path } => match msg {
            Message::Close => Popup::None,
            Message::Type(c) => {
                path.push(c);
                Popup::InspectPath { path }
            }
            Message::Pasted(more) => {
                path.push_str(more.trim());
                Popup::InspectPath { path }
            }
            Message::Erase => {
                path.pop();
                Popup::InspectPath { path }
            }
            Message::Submit | Message::Choose if !path.trim().is_empty() => {
                let effect = Effect::Inspect {
                    path: path.trim().to_string(),
                };
                model.popup = Popup::InspectPath { path };
                return vec![effect];
            }
            _ => Popup::InspectPath { path },
        },
        Popup::ExportRetry { mut folder, reason } => match msg {
            Message::Close => Popup::None,
            Message::Type(c) => {
                folder.push(c);
                Popup::ExportRetry { folder, reason }
            }
            Message::Pasted(more) => {
                folder.push_str(more.trim());
                Popup::ExportRetry { folder, reason }
            }
            Message::Erase => {
                folder.pop();
                Popup::ExportRetry { folder, reason }
            }
            // The box stays open until the runtime reports how the effect went.
            Message::Submit | Message::Choose if !folder.trim().is_empty() => {
                let effect = Effect::Export {
                    folder: Some(folder.trim().to_string()),
                };
                model.popup = Popup::ExportRetry { folder, reason };
                return vec![effect];
            }
            Message::CopyReportInstead => {
                let report = model.handover_report(None);
                model.popup = Popup::ExportRetry { folder, reason };
                return vec![Effect::Copy(report::to_text(&report))];
            }
            _ => Popup::ExportRetry { folder, reason },
        },
    };
    Vec::new()
}

/// How many search hits the popup shows.
pub const SEARCH_LIMIT: usize = 50;

fn apply_target(model: &mut Model, target: Target) {
    match target {
        Target::Answers { answers } => {
            let answers = answers
                .iter()
                .map(|(k, v)| Answer::new(k, v, AnswerSource::User))
                .collect();
            model.session.triage.provide(&model.playbook, answers);
        }
        Target::Node { id } => {
            let _ = model.session.triage.jump(&model.playbook, &id);
        }
    }
    go_to_walk(model);
}

fn route_paste(model: &mut Model, raw: &str) {
    if raw.trim().is_empty() {
        model.status = Some("Nothing was pasted.".into());
        return;
    }
    let (text, redactions) = if model.redact {
        let r = if model.redact_emails {
            classify::redact_with_emails(raw)
        } else {
            classify::redact(raw)
        };
        (r.text, r.count)
    } else {
        (raw.to_string(), 0)
    };
    let classification = classify::classify(&model.playbook, &text);
    let answers = classification.answers(&model.playbook);
    model.status = Some(match (&classification.runner_up, answers.is_empty()) {
        (_, true) => format!("{}.", classification.not_recognised_line()),
        (Some(other), false) if classification.is_close() => format!(
            "Recognised: {} (confidence {:.2}), but it could also be {}: if the checklist does not fit, press / and search for it.",
            classification.category, classification.confidence, other.category
        ),
        _ => format!(
            "Recognised: {} (confidence {:.2}).",
            classification.category, classification.confidence
        ),
    });
    model.session.pasted = Some(text);
    model.session.redactions = redactions;
    model.session.classification = Some(classification);
    model.session.triage.provide(&model.playbook, answers);
    model.dirty = true;
    go_to_walk(model);
}

/// Take what an inspected export proved: its answers route the walk, and the report
/// keeps the evidence.
pub fn apply_inspection(model: &mut Model, inspection: crate::inspect::Inspection) {
    let answers = inspection.engine_answers();
    model.status = Some(format!(
        "{} answer(s) and {} finding(s) from {}.",
        inspection.answers.len(),
        inspection.findings.len(),
        inspection.file
    ));
    model.session.inspection = Some(inspection);
    model.session.triage.provide(&model.playbook, answers);
    model.popup = Popup::None;
    model.dirty = true;
    go_to_walk(model);
}

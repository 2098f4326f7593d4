//! The only place the wizard's state changes: one message in, effects out. Each popup's
//! keys are handled in `popups`, one function per popup.

mod popups;

use crate::classify;
use crate::engine::{Answer, AnswerSource, Position};
use crate::report;
use crate::search::Target;

use super::fixed;
use super::message::{Effect, Message};
use super::model::{Model, Popup, Screen, StartItem};

pub use popups::SEARCH_LIMIT;

/// Items or lines that PgUp/PgDn move by.
pub const PAGE: usize = 10;

pub fn update(model: &mut Model, msg: Message) -> Vec<Effect> {
    let before = (
        model.session.triage.clone(),
        model.session.marks.clone(),
        model.screen,
        model.selected,
    );
    // A status message answers the last action; the next one clears it.
    if msg != Message::Resize {
        model.status = None;
    }
    let effects = if model.popup == Popup::None {
        on_screen(model, msg)
    } else {
        popups::on_popup(model, msg)
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

fn move_selection(model: &mut Model, by: isize) {
    model.scroll_extra = 0;
    let count = model.item_count();
    if count == 0 {
        return;
    }
    model.selected = model.selected.saturating_add_signed(by).min(count - 1);
}

fn go_to_walk(model: &mut Model) {
    model.screen = model.walk_screen();
    model.selected = 0;
    model.filter = None;
    model.scroll_extra = 0;
}

/// CR and CRLF line ends (many terminals paste with CR) become line breaks.
pub fn normalise_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn open_paste(model: &mut Model, text: String) {
    model.popup = Popup::Paste {
        text: normalise_line_ends(&text),
        escape_pending: false,
    };
}

fn on_screen(model: &mut Model, msg: Message) -> Vec<Effect> {
    match msg {
        Message::Up => move_selection(model, -1),
        Message::Down => {
            let last = model.selected + 1 >= model.item_count();
            if last && model.screen == Screen::Outcome {
                // Past the last step the page scrolls on, to the references.
                model.scroll_extra = model.scroll_extra.saturating_add(3);
            } else {
                move_selection(model, 1);
            }
        }
        Message::PageUp => move_selection(model, -(PAGE as isize)),
        Message::PageDown => {
            let last = model.selected + 1 >= model.item_count();
            if last && model.screen == Screen::Outcome {
                model.scroll_extra = model.scroll_extra.saturating_add(PAGE);
            } else {
                move_selection(model, PAGE as isize);
            }
        }
        Message::First => {
            model.selected = 0;
            model.scroll_extra = 0;
        }
        Message::Last => {
            model.selected = model.item_count().saturating_sub(1);
            // The view clamps this to the end of the page.
            model.scroll_extra = usize::MAX / 2;
        }
        Message::Quit => model.quit = true,
        Message::OpenHelp => {
            model.help_scroll = 0;
            model.popup = Popup::Help;
        }
        Message::OpenSearch => {
            model.popup = Popup::Search {
                query: String::new(),
                selected: 0,
            }
        }
        Message::OpenPaste => open_paste(model, String::new()),
        Message::Pasted(text) => open_paste(model, text),
        Message::Type(c) if model.screen == Screen::Question => {
            let filter = model.filter.get_or_insert_with(String::new);
            filter.push(c);
            model.selected = 0;
        }
        Message::Erase if model.filter.is_some() => {
            let filter = model.filter.get_or_insert_with(String::new);
            if filter.pop().is_none() {
                model.filter = None;
            }
            model.selected = 0;
        }
        Message::Close if model.filter.is_some() => {
            model.filter = None;
            model.selected = 0;
        }
        Message::Restart => {
            if model.session.has_work() {
                model.popup = Popup::ConfirmRestart;
            } else {
                restart(model);
            }
        }
        Message::Back => back(model),
        Message::Choose => return choose(model, model.selected),
        Message::NotSure if model.screen == Screen::Question => {
            if let Some(i) = not_sure_option(model) {
                model.filter = None;
                return choose_option(model, i);
            }
        }
        // A click selects; a second click on the same row (or Enter) confirms, so a
        // stray click on a call answers nothing.
        Message::Click(n) if n < model.item_count() && n != model.selected => {
            model.selected = n;
            model.scroll_extra = 0;
        }
        Message::ChooseNumber(n) | Message::Click(n) if n < model.item_count() => {
            model.selected = n;
            model.scroll_extra = 0;
            // On the checklist a number only selects the step; ticking stays deliberate.
            if model.screen != Screen::Outcome {
                return choose(model, n);
            }
        }
        Message::ToggleStep if model.screen == Screen::Outcome => {
            if let Some(id) = model.step_ids().get(model.selected) {
                let ticked = model.session.marks.toggle(id);
                model.status = Some(if ticked { "Ticked." } else { "Unticked." }.into());
                if ticked {
                    fixed::ask_at_the_end(model);
                }
            }
        }
        Message::OpenFixed if model.screen == Screen::Outcome => fixed::open(model),
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
        Message::Export
        | Message::Copy
        | Message::ToggleAudience
        | Message::ToggleStep
        | Message::OpenNote => {
            model.status = Some("That key works on the checklist.".into());
        }
        _ => {}
    }
    Vec::new()
}

/// Start over in place: nothing is known, nothing is ticked.
pub(super) fn restart(model: &mut Model) {
    model.session.triage.restart(&model.playbook);
    model.session.marks = Default::default();
    model.session.classification = None;
    model.session.pasted = None;
    model.session.redactions = 0;
    model.session.inspection = None;
    model.status = Some("Restarted: nothing is known yet.".into());
    go_to_walk(model);
}

/// Back one question, with the answer given there highlighted so Enter re-confirms it.
fn back(model: &mut Model) {
    if model.screen == Screen::Start {
        return;
    }
    let given = model.session.triage.path().last().map(|v| v.value.clone());
    if model.session.triage.back() {
        go_to_walk(model);
        if let (Some(value), Some(Position::Asking(q))) =
            (given, model.session.triage.position(&model.playbook))
            && let Some(i) = q.options.iter().position(|o| o.value == value)
        {
            model.selected = i;
        }
    } else {
        model.screen = Screen::Start;
        model.selected = 0;
        model.filter = None;
    }
}

/// The answer for "not sure" or "none of these" on the current question, if it has one.
pub fn not_sure_option(model: &Model) -> Option<usize> {
    let Some(Position::Asking(q)) = model.session.triage.position(&model.playbook) else {
        return None;
    };
    q.options
        .iter()
        .rposition(|o| matches!(o.value.as_str(), "none" | "other" | "not-sure" | "unknown"))
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
            Some(StartItem::Resume(i)) if *i < model.recent.len() => {
                let session = model.recent.remove(*i);
                resume(model, session);
            }
            Some(StartItem::Quit) => model.quit = true,
            Some(StartItem::Resume(_)) | None => {}
        },
        Screen::Question => {
            if let Some(&option) = model.visible_options().get(index) {
                return choose_option(model, option);
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
                    .map(|s| s.link.clone()),
                _ => None,
            };
            match link {
                Some(Some(link)) if model.session.triage.jump(&model.playbook, &link).is_ok() => {
                    model.status = Some("Opened the linked checklist; Backspace returns.".into());
                    go_to_walk(model);
                }
                Some(Some(_)) => {}
                // Enter on a plain step ticks it, as Space does.
                Some(None) => return on_screen(model, Message::ToggleStep),
                None => {}
            }
        }
    }
    Vec::new()
}

/// Answer the current question with its option number `option` (not filtered).
fn choose_option(model: &mut Model, option: usize) -> Vec<Effect> {
    let value = match model.session.triage.position(&model.playbook) {
        Some(Position::Asking(q)) => q.options.get(option).map(|o| o.value.clone()),
        _ => None,
    };
    if let Some(value) = value
        && model.session.triage.answer(&model.playbook, &value).is_ok()
    {
        go_to_walk(model);
    }
    Vec::new()
}

/// Take over a saved session: its walk, ticks and notes, and its screen.
pub fn resume(model: &mut Model, session: crate::session::Session) {
    let ui: super::model::UiState = serde_json::from_value(session.ui.clone()).unwrap_or_default();
    let current = std::mem::replace(&mut model.session, session);
    // The session left behind can be resumed in turn, if it holds anything.
    model.recent.retain(|s| s.id != model.session.id);
    if current.has_work() && current.id != model.session.id {
        model.recent.insert(0, current);
    }
    // A session saved by an older version may hold what its rules missed.
    let notes = std::mem::take(&mut model.session.marks.notes);
    model.session.marks.notes = notes
        .into_iter()
        .map(|(step, note)| (step, model.scrub(note)))
        .collect();
    if let Some(pasted) = model.session.pasted.take() {
        model.session.pasted = Some(model.scrub(pasted));
    }
    if !model.session.triage.fits(&model.playbook) {
        // The playbook changed since the save: keep what is known, walk again.
        let known = model.session.triage.known().to_vec();
        model.session.triage = crate::engine::Triage::start(&model.playbook, known);
        model.status = Some("The playbook changed since this session; the walk was redone.".into());
    } else {
        model.status = Some(format!("Resumed session {}.", model.session.id));
    }
    model.screen = model.walk_screen();
    model.selected = ui.selected;
    model.filter = None;
    model.scroll_extra = 0;
}

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

/// A category's title for people, its id if the playbook has no such category.
pub fn category_label(model: &Model, id: &str) -> String {
    model
        .playbook
        .category(id)
        .map(|c| c.title.clone())
        .unwrap_or_else(|| id.to_string())
}

fn route_paste(model: &mut Model, raw: &str) {
    if raw.trim().is_empty() {
        model.status = Some("Nothing was pasted.".into());
        return;
    }
    // The box masked what was pasted as it came in: count every mask in what is kept.
    let text = model.scrub(raw.to_string());
    let redactions = if model.redact {
        text.matches(classify::MASK).count()
    } else {
        0
    };
    let classification = classify::classify(&model.playbook, &text);
    let answers = classification.answers(&model.playbook);
    if answers.is_empty() {
        let diagnosed =
            model.session.classification.is_some() || !model.session.triage.path().is_empty();
        if diagnosed {
            // A second paste that says nothing must not blur what is already known.
            model.status =
                Some("Not recognised: nothing changed; the walk stays as it was.".into());
            return;
        }
        model.status = Some(format!("{}.", classification.not_recognised_line()));
    } else {
        model.status = Some(format!(
            "{}: {} (confidence {:.2}).",
            if classification.is_tentative() {
                "Recognised tentatively (it may not be a flow error)"
            } else {
                "Recognised"
            },
            category_label(model, &classification.category),
            classification.confidence
        ));
    }
    model.session.pasted = Some(text);
    model.session.redactions = redactions;
    model.session.classification = Some(classification);
    model.session.triage.provide(&model.playbook, answers);
    model.dirty = true;
    go_to_walk(model);
}

/// Take what an inspected export proved: its answers route the walk, and the report
/// keeps the evidence. The findings are listed on the screen.
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

//! Messages while a popup is open: one function per popup, each taking the popup's
//! state and returning the popup that replaces it.

use crate::report;
use crate::wizard::message::{Effect, Message};
use crate::wizard::model::{Model, Popup};

use super::{apply_target, normalise_line_ends, open_paste, restart, route_paste};

/// How many search hits the popup shows.
pub const SEARCH_LIMIT: usize = 50;

pub fn on_popup(model: &mut Model, msg: Message) -> Vec<Effect> {
    if msg == Message::Quit {
        model.quit = true;
        return Vec::new();
    }
    if msg == Message::Resize {
        return Vec::new();
    }
    let mut effects = Vec::new();
    let popup = std::mem::replace(&mut model.popup, Popup::None);
    let next = match popup {
        Popup::None => Popup::None,
        Popup::Help => help(model, msg),
        Popup::ConfirmRestart => confirm_restart(model, msg, &mut effects),
        Popup::Search { query, selected } => search(model, msg, query, selected),
        Popup::Paste {
            text,
            escape_pending,
        } => paste(model, msg, text, escape_pending),
        Popup::Note { step, text } => note(model, msg, step, text),
        Popup::InspectPath { path } => inspect_path(msg, path, &mut effects),
        Popup::ExportRetry { folder, reason } => {
            export_retry(model, msg, folder, reason, &mut effects)
        }
    };
    // A handler may itself have opened another popup (a paste over the help).
    if model.popup == Popup::None {
        model.popup = next;
    }
    effects
}

fn help(model: &mut Model, msg: Message) -> Popup {
    let scroll = &mut model.help_scroll;
    match msg {
        Message::Close | Message::OpenHelp | Message::Choose => return Popup::None,
        Message::Pasted(text) => {
            open_paste(model, text);
            return Popup::None;
        }
        Message::Up => *scroll = scroll.saturating_sub(1),
        Message::Down => *scroll = scroll.saturating_add(1),
        Message::PageUp => *scroll = scroll.saturating_sub(super::PAGE as u16),
        Message::PageDown => *scroll = scroll.saturating_add(super::PAGE as u16),
        Message::First => *scroll = 0,
        // The view clamps the scroll to the end of the help.
        Message::Last => *scroll = u16::MAX / 2,
        _ => {}
    }
    Popup::Help
}

fn confirm_restart(model: &mut Model, msg: Message, effects: &mut Vec<Effect>) -> Popup {
    match msg {
        Message::Confirm => {
            let old_session = model.session.clone();
            let old = old_session.id.clone();
            restart(model);
            model.recent.insert(0, old_session);
            effects.push(Effect::NewSession);
            model.status = Some(format!(
                "Started over in a new session; the old one is kept: flowtriage --resume {old}"
            ));
            Popup::None
        }
        _ => {
            model.status = Some("Nothing was changed.".into());
            Popup::None
        }
    }
}

fn search(model: &mut Model, msg: Message, mut query: String, selected: usize) -> Popup {
    match msg {
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
        // Ctrl-U, as in fzf: clear the query.
        Message::First => Popup::Search {
            query: String::new(),
            selected: 0,
        },
        Message::Up => Popup::Search {
            query,
            selected: selected.saturating_sub(1),
        },
        Message::Down => {
            let count = model.index.search(&query, SEARCH_LIMIT).len();
            let selected = (selected + 1).min(count.saturating_sub(1));
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
    }
}

fn paste(model: &mut Model, msg: Message, mut text: String, escape_pending: bool) -> Popup {
    match msg {
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
            text.push_str(&normalise_line_ends(&more));
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
    }
}

fn note(model: &mut Model, msg: Message, step: String, mut text: String) -> Popup {
    match msg {
        Message::Close => Popup::None,
        Message::Type(c) => {
            text.push(c);
            Popup::Note { step, text }
        }
        Message::Pasted(more) => {
            text.push_str(&more.replace("\r\n", " ").replace(['\n', '\r'], " "));
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
    }
}

fn inspect_path(msg: Message, mut path: String, effects: &mut Vec<Effect>) -> Popup {
    match msg {
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
        Message::Complete => {
            effects.push(Effect::CompletePath { path: path.clone() });
            Popup::InspectPath { path }
        }
        // The box stays open until the runtime reports how the inspection went.
        Message::Submit | Message::Choose if !path.trim().is_empty() => {
            effects.push(Effect::Inspect {
                path: path.trim().to_string(),
            });
            Popup::InspectPath { path }
        }
        _ => Popup::InspectPath { path },
    }
}

fn export_retry(
    model: &mut Model,
    msg: Message,
    mut folder: String,
    reason: String,
    effects: &mut Vec<Effect>,
) -> Popup {
    match msg {
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
            effects.push(Effect::Export {
                folder: Some(folder.trim().to_string()),
            });
            Popup::ExportRetry { folder, reason }
        }
        Message::CopyReportInstead => {
            let report = model.handover_report(None);
            effects.push(Effect::Copy(report::to_text(&report)));
            Popup::ExportRetry { folder, reason }
        }
        _ => Popup::ExportRetry { folder, reason },
    }
}

//! Translating terminal events into messages. Only key presses count: Windows also
//! reports releases and repeats, which would act twice. Bursts of keys that are really
//! a paste are folded into `Event::Paste` before this (see `burst`).

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::message::Message;
use super::model::{Model, Popup, Screen};

pub fn message_for(model: &Model, event: &Event) -> Option<Message> {
    if model.too_small {
        // The screen cannot be read: nothing may change the triage unseen.
        return match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => match key.code {
                KeyCode::Char('q') if key.modifiers.is_empty() => Some(Message::Quit),
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Message::Quit)
                }
                _ => None,
            },
            Event::Resize(..) => Some(Message::Resize),
            _ => None,
        };
    }
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => key_message(model, key),
        // Any paste, on any screen: the paste box takes it (text boxes take it as typed).
        Event::Paste(text) => Some(Message::Pasted(text.clone())),
        Event::Resize(..) => Some(Message::Resize),
        Event::Mouse(mouse) if mouse.kind == MouseEventKind::Down(MouseButton::Left) => model
            .click_rows
            .iter()
            .find(|(row, _)| *row == mouse.row)
            .map(|(_, item)| Message::Click(*item)),
        Event::Mouse(mouse) if mouse.kind == MouseEventKind::ScrollDown => Some(Message::Down),
        Event::Mouse(mouse) if mouse.kind == MouseEventKind::ScrollUp => Some(Message::Up),
        _ => None,
    }
}

fn key_message(model: &Model, key: &KeyEvent) -> Option<Message> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Message::Quit);
    }
    match &model.popup {
        Popup::None if model.filter.is_some() => filter_key(key, ctrl),
        Popup::None => screen_key(model, key, ctrl),
        Popup::Help => match key.code {
            KeyCode::Esc
            | KeyCode::Enter
            | KeyCode::F(1)
            | KeyCode::Char('?')
            | KeyCode::Char('q') => Some(Message::Close),
            KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
            KeyCode::PageUp => Some(Message::PageUp),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Message::PageDown),
            KeyCode::Home | KeyCode::Char('g') => Some(Message::First),
            KeyCode::End | KeyCode::Char('G') => Some(Message::Last),
            _ => None,
        },
        Popup::ConfirmRestart => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => Some(Message::Confirm),
            _ => Some(Message::Close),
        },
        Popup::Paste { escape_pending, .. } => match key.code {
            KeyCode::Char('d') if ctrl => Some(Message::Submit),
            KeyCode::Enter if *escape_pending => Some(Message::Submit),
            KeyCode::Esc if *escape_pending => Some(Message::Close),
            KeyCode::Esc => Some(Message::PasteEscape),
            KeyCode::Enter => Some(Message::Type('\n')),
            KeyCode::Tab => Some(Message::Type(' ')),
            KeyCode::Backspace => Some(Message::Erase),
            KeyCode::Char(c) if !ctrl => Some(Message::Type(c)),
            _ => None,
        },
        Popup::ExportRetry { .. } => match key.code {
            KeyCode::Char('y') if ctrl => Some(Message::CopyReportInstead),
            _ => line_input_key(key, ctrl),
        },
        Popup::InspectPath { .. } => match key.code {
            KeyCode::Tab => Some(Message::Complete),
            _ => line_input_key(key, ctrl),
        },
        Popup::Search { .. } => match key.code {
            // fzf's keys: Ctrl-N/Ctrl-P move, Ctrl-U clears.
            KeyCode::Char('n') if ctrl => Some(Message::Down),
            KeyCode::Char('p') if ctrl => Some(Message::Up),
            KeyCode::Char('u') if ctrl => Some(Message::First),
            _ => line_input_key(key, ctrl),
        },
        Popup::Note { .. } => line_input_key(key, ctrl),
        Popup::Fixed { .. } => match key.code {
            KeyCode::Esc => Some(Message::Close),
            KeyCode::Enter => Some(Message::Choose),
            KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
            KeyCode::Left | KeyCode::Char('h') => Some(Message::CycleStep(false)),
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('s') => {
                Some(Message::CycleStep(true))
            }
            KeyCode::Char(c @ '1'..='4') => Some(Message::ChooseNumber(c as usize - '1' as usize)),
            KeyCode::Char('q') => Some(Message::Quit),
            _ => None,
        },
    }
}

fn line_input_key(key: &KeyEvent, ctrl: bool) -> Option<Message> {
    match key.code {
        KeyCode::Esc => Some(Message::Close),
        KeyCode::Enter => Some(Message::Submit),
        KeyCode::Up => Some(Message::Up),
        KeyCode::Down => Some(Message::Down),
        KeyCode::Backspace => Some(Message::Erase),
        KeyCode::Char(c) if !ctrl => Some(Message::Type(c)),
        _ => None,
    }
}

/// While filtering a long list, letters type into the filter.
fn filter_key(key: &KeyEvent, ctrl: bool) -> Option<Message> {
    match key.code {
        KeyCode::Esc => Some(Message::Close),
        KeyCode::Enter => Some(Message::Choose),
        KeyCode::Up => Some(Message::Up),
        KeyCode::Down => Some(Message::Down),
        KeyCode::PageUp => Some(Message::PageUp),
        KeyCode::PageDown => Some(Message::PageDown),
        KeyCode::Home => Some(Message::First),
        KeyCode::End => Some(Message::Last),
        KeyCode::Backspace => Some(Message::Erase),
        KeyCode::Char(c) if !ctrl => Some(Message::Type(c)),
        _ => None,
    }
}

/// A question with more answers than digits can be filtered by typing.
pub const LONG_LIST: usize = 9;

fn screen_key(model: &Model, key: &KeyEvent, ctrl: bool) -> Option<Message> {
    if ctrl {
        return None;
    }
    let long_list = model.screen == Screen::Question && model.item_count() > LONG_LIST;
    Some(match key.code {
        KeyCode::Up | KeyCode::Char('k') => Message::Up,
        KeyCode::Down | KeyCode::Char('j') => Message::Down,
        KeyCode::PageUp => Message::PageUp,
        KeyCode::PageDown => Message::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Message::First,
        KeyCode::End | KeyCode::Char('G') => Message::Last,
        KeyCode::Enter => Message::Choose,
        KeyCode::Char('0') => Message::NotSure,
        KeyCode::Char(c @ '1'..='9') => Message::ChooseNumber(c as usize - '1' as usize),
        KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') | KeyCode::Esc => Message::Back,
        KeyCode::Char('/') => Message::OpenSearch,
        KeyCode::Char('p') => Message::OpenPaste,
        KeyCode::Char(' ') => Message::ToggleStep,
        KeyCode::Char('n') => Message::OpenNote,
        KeyCode::Char('e') => Message::Export,
        KeyCode::Char('f') => Message::OpenFixed,
        KeyCode::Char('y') => Message::Copy,
        KeyCode::Char('a') if !long_list => Message::ToggleAudience,
        KeyCode::Char('r') => Message::Restart,
        KeyCode::Char('?') | KeyCode::F(1) => Message::OpenHelp,
        KeyCode::Char('q') => Message::Quit,
        // On a long list a capital letter (codes start with one) begins a filter.
        KeyCode::Char(c) if long_list && c.is_uppercase() => Message::Type(c),
        _ => return None,
    })
}

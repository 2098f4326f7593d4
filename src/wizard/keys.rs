//! Translating terminal events into messages. Only key presses count: Windows also
//! reports releases and repeats, which would act twice.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::message::Message;
use super::model::{Model, Popup};

pub fn message_for(model: &Model, event: &Event) -> Option<Message> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => key_message(model, key),
        Event::Paste(text) => match model.popup {
            Popup::None => None,
            _ => Some(Message::Pasted(text.clone())),
        },
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
        Popup::None => screen_key(key, ctrl),
        Popup::Help => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?') | KeyCode::Char('q') => {
                Some(Message::Close)
            }
            _ => None,
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
        Popup::Search { .. } | Popup::Note { .. } | Popup::InspectPath { .. } => {
            line_input_key(key, ctrl)
        }
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

fn screen_key(key: &KeyEvent, ctrl: bool) -> Option<Message> {
    if ctrl {
        return None;
    }
    Some(match key.code {
        KeyCode::Up | KeyCode::Char('k') => Message::Up,
        KeyCode::Down | KeyCode::Char('j') => Message::Down,
        KeyCode::Enter => Message::Choose,
        KeyCode::Char(c @ '1'..='9') => Message::ChooseNumber(c as usize - '1' as usize),
        KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => Message::Back,
        KeyCode::Char('/') => Message::OpenSearch,
        KeyCode::Char('p') => Message::OpenPaste,
        KeyCode::Char(' ') => Message::ToggleStep,
        KeyCode::Char('n') => Message::OpenNote,
        KeyCode::Char('e') => Message::Export,
        KeyCode::Char('y') => Message::Copy,
        KeyCode::Char('a') => Message::ToggleAudience,
        KeyCode::Char('r') => Message::Restart,
        KeyCode::Char('?') => Message::OpenHelp,
        KeyCode::Char('q') => Message::Quit,
        _ => return None,
    })
}

//! The popups drawn over a screen: one file per popup, named for what the user sees.

mod confirm_restart;
mod export_retry;
mod help;
mod inspect_path;
mod note;
mod paste;
mod search;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::centred;
use crate::wizard::model::{Model, Popup};
use crate::wizard::text::{one_line, wrap};

pub fn draw(model: &Model, popup: &Popup, frame: &mut Frame, body: Rect) {
    match popup {
        Popup::None => {}
        Popup::Help => help::draw(model, frame, body),
        Popup::ConfirmRestart => confirm_restart::draw(model, frame, body),
        Popup::Search { query, selected } => search::draw(model, query, *selected, frame, body),
        Popup::Paste {
            text,
            escape_pending,
        } => paste::draw(model, text, *escape_pending, frame, body),
        Popup::Note { text, .. } => note::draw(model, text, frame, body),
        Popup::InspectPath { path } => inspect_path::draw(model, path, frame, body),
        Popup::ExportRetry { folder, reason } => {
            export_retry::draw(model, folder, reason, frame, body)
        }
    }
}

/// A one-line text box with an optional explanation above it. The end of a long text
/// stays in view (it scrolls horizontally), and the cursor sits after it.
fn input_box(
    model: &Model,
    frame: &mut Frame,
    body: Rect,
    title: &str,
    text: &str,
    explain: Option<&str>,
) {
    let t = &model.theme;
    let area = centred(body, 80, if explain.is_some() { 7 } else { 3 });
    frame.render_widget(Clear, area);
    let mut lines = Vec::new();
    if let Some(explain) = explain {
        for l in wrap(explain, area.width.saturating_sub(2) as usize)
            .into_iter()
            .take(3)
        {
            lines.push(Line::styled(l, t.warning()));
        }
    }
    let room = area.width.saturating_sub(5) as usize;
    let shown = tail_within(&one_line(text), room);
    lines.push(Line::from(format!("> {shown}")));
    let y = area.y + lines.len() as u16;
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title.to_string())),
        area,
    );
    let x = area.x + 3 + shown.width() as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(2)), y));
}

/// The end of `text` that fits in `width` columns, with `…` in front when cut.
pub fn tail_within(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = 1; // the ellipsis
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_line_keeps_its_end() {
        assert_eq!(super::tail_within("abcdef", 10), "abcdef");
        assert_eq!(super::tail_within("abcdef", 4), "…def");
        assert_eq!(super::tail_within("日本語です", 5), "…です");
    }
}

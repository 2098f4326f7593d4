use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::classify;
use crate::wizard::model::Model;
use crate::wizard::text::{inert, wrap};

/// The paste box. Secrets are masked in the box itself: the screen may be shared or
/// recorded on a call. What is routed is redacted the same way.
pub fn draw(model: &Model, text: &str, escape_pending: bool, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let area = super::centred(body, 90, body.height);
    frame.render_widget(Clear, area);
    let tail = shown_tail(text);
    let (shown, hidden) = if model.redact {
        let r = if model.redact_emails {
            classify::redact_with_emails(tail)
        } else {
            classify::redact(tail)
        };
        (r.text, r.count)
    } else {
        (tail.to_string(), 0)
    };
    let width = area.width.saturating_sub(2) as usize;
    let mut wrapped: Vec<String> = wrap(&inert(&shown), width);
    let room = area.height.saturating_sub(4) as usize;
    if wrapped.len() > room {
        wrapped.drain(..wrapped.len() - room);
    }
    let mut lines = vec![Line::styled(
        if escape_pending {
            "Enter routes the text; Esc cancels."
        } else {
            "Paste or type the error, then Ctrl-D (or Esc, Enter)."
        },
        t.dim(),
    )];
    lines.push(Line::from(""));
    let cursor_y = area.y + 1 + lines.len() as u16 + wrapped.len().saturating_sub(1) as u16;
    let cursor_x = area.x + 1 + wrapped.last().map(|l| l.width()).unwrap_or(0) as u16;
    lines.extend(wrapped.into_iter().map(Line::from));
    let mut title = format!(" Paste an error · {} characters ", text.chars().count());
    if hidden > 0 {
        title.push_str(&format!(
            "· {hidden} {} hidden ",
            if hidden == 1 { "secret" } else { "secrets" }
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
    frame.set_cursor_position(Position::new(
        cursor_x.min(area.right().saturating_sub(2)),
        cursor_y.min(area.bottom().saturating_sub(2)),
    ));
}

/// The box shows the end of the text. A long paste is masked and wrapped from a whole
/// line near its end only (a secret never spans lines), not all of it on every frame:
/// a 250 KB chat cost a quarter of a second per keystroke in a debug build.
fn shown_tail(text: &str) -> &str {
    const TAIL: usize = 32 * 1024;
    if text.len() <= TAIL {
        return text;
    }
    let mut from = text.len() - TAIL;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    match text[from..].find('\n') {
        Some(i) => &text[from + i + 1..],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_paste_is_shown_from_a_whole_line_near_its_end() {
        let line = "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789\n";
        let text = line.repeat(2000);
        let tail = super::shown_tail(&text);
        assert!(tail.len() < 40 * 1024);
        assert!(
            tail.starts_with("Authorization: Bearer "),
            "whole lines only"
        );
        assert_eq!(super::shown_tail("short"), "short");
        let one_line = "x".repeat(100_000);
        assert_eq!(
            super::shown_tail(&one_line).len(),
            100_000,
            "no line to cut at"
        );
    }
}

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::wizard::model::{Model, Screen};

/// The keys of the screen under the help, the ones that act there.
pub fn help_keys(model: &Model) -> Vec<(&'static str, &'static str)> {
    let mut keys = vec![("Up/Down, k/j", "move")];
    keys.push(("PgUp/PgDn, Home/End, g/G", "a page, the first, the last"));
    match model.screen {
        Screen::Start => {
            keys.push(("Enter, 1-9", "choose (saved sessions are listed from 6 on)"));
        }
        Screen::Question => {
            keys.push(("Enter, 1-9", "choose that answer"));
            keys.push(("0", "not sure, or none of these"));
            keys.push(("type letters", "filter a long list (Esc clears)"));
            keys.push(("Esc, Backspace, Left, h", "back one question"));
        }
        Screen::Outcome => {
            keys.push(("Space, Enter", "tick or untick a step"));
            keys.push(("Enter", "on a step that points elsewhere, open it"));
            keys.push(("n", "note on the selected step"));
            keys.push(("e", "export the report (default_format)"));
            keys.push(("y", "copy the full text report"));
            keys.push(("a", "switch reports: customer / engineer"));
            keys.push(("Down at the end", "scroll to the references"));
            keys.push(("Esc, Backspace, Left, h", "back one question"));
        }
    }
    keys.extend([
        ("/", "search codes, messages and titles"),
        (
            "p, or just paste",
            "paste an error (Ctrl-D or Esc Enter routes it)",
        ),
        ("r", "restart (asks first; the old session is kept)"),
        ("?, F1", "this help; Esc closes it"),
        ("q, Ctrl-C", "quit (the session is kept: --resume)"),
    ]);
    keys
}

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let keys = help_keys(model);
    let width = super::centred(body, 90, 1).width.saturating_sub(2) as usize;
    let column = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
    let mut lines: Vec<Line> = Vec::new();
    for (k, what) in &keys {
        // The description wraps under itself, not under the key.
        let rest = crate::wizard::text::wrap(what, width.saturating_sub(column).max(10));
        for (i, part) in rest.into_iter().enumerate() {
            let lead = if i == 0 { k.to_string() } else { String::new() };
            let pad = column.saturating_sub(lead.width());
            lines.push(Line::from(vec![
                Span::styled(format!("{lead}{}", " ".repeat(pad)), t.key()),
                Span::raw(part),
            ]));
        }
    }
    let area = super::centred(body, 90, lines.len() as u16 + 2);
    let room = area.height.saturating_sub(2);
    let scroll = model
        .help_scroll
        .min((lines.len() as u16).saturating_sub(room));
    let more = scroll + room < lines.len() as u16;
    let title = if more || scroll > 0 {
        " Keys · ↑↓ scroll "
    } else {
        " Keys "
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .scroll((scroll, 0)),
        area,
    );
}

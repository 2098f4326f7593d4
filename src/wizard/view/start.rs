use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::ClickRows;
use crate::wizard::model::{Model, StartItem};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect, clicks: &mut ClickRows) {
    let t = &model.theme;
    let mut lines = vec![
        Line::styled(model.playbook.title.clone(), t.heading()),
        Line::from("Find out why a flow fails when a canvas app calls it, and get a checklist."),
        Line::from(""),
    ];
    let first_row = lines.len() as u16;
    for (i, item) in model.start_items().iter().enumerate() {
        let label = match item {
            StartItem::Begin => "Start a triage: answer a few questions".to_string(),
            StartItem::Paste => "Paste an error: route straight to its checklist".to_string(),
            StartItem::Search => "Search a code or an error message".to_string(),
            StartItem::Inspect => {
                "Inspect an exported solution (.zip), app (.msapp) or flow (.json)".to_string()
            }
            StartItem::Resume => match &model.resumable {
                Some(s) => format!("Resume the last session ({})", s.id),
                None => "Resume the last session".to_string(),
            },
            StartItem::Quit => "Quit".to_string(),
        };
        let selected = i == model.selected;
        let marker = if selected { "> " } else { "  " };
        let style = if selected {
            t.selected()
        } else {
            Default::default()
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{}. {label}", i + 1), style),
        ]));
        clicks.push((area.y + 1 + first_row + i as u16, i));
    }
    let block = Block::bordered().title(" Start ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
    let row = area.y + 1 + first_row + model.selected as u16;
    if row < area.bottom() {
        frame.set_cursor_position(Position::new(area.x + 1, row));
    }
}

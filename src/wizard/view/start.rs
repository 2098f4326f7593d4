use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::ClickRows;
use super::question::hanging;
use crate::wizard::model::{Model, StartItem};
use crate::wizard::text::one_line;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect, clicks: &mut ClickRows) {
    let t = &model.theme;
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::styled(model.playbook.title.clone(), t.heading()),
        Line::from("Find out why a flow fails when a canvas app calls it, and get a checklist."),
        Line::from(""),
    ];
    let mut rows = Vec::new();
    for (i, item) in model.start_items().iter().enumerate() {
        let label = match item {
            StartItem::Begin => "Start a triage: answer a few questions".to_string(),
            StartItem::Paste => "Paste an error: route straight to its checklist".to_string(),
            StartItem::Search => "Search a code or an error message".to_string(),
            StartItem::Inspect => {
                "Inspect an exported solution (.zip), app (.msapp) or flow (.json)".to_string()
            }
            StartItem::Quit => "Quit".to_string(),
            StartItem::Resume(n) => match model.recent.get(*n) {
                Some(s) => {
                    let case = s
                        .case_id
                        .as_deref()
                        .map(|c| format!(" · case {}", one_line(c)))
                        .unwrap_or_default();
                    let when = s.updated.get(..16).unwrap_or(&s.updated).replace('T', " ");
                    format!(
                        "Resume: {}{case} · {when}",
                        one_line(&s.standing(&model.playbook))
                    )
                }
                None => "Resume a session".to_string(),
            },
        };
        if *item == StartItem::Resume(0) {
            lines.push(Line::from(""));
            lines.push(Line::styled("Recent sessions, newest first", t.heading()));
        }
        let selected = i == model.selected;
        let marker = if selected { "> " } else { "  " };
        let style = if selected {
            t.selected()
        } else {
            Default::default()
        };
        let number = if i < 9 {
            format!("{}. ", i + 1)
        } else {
            "   ".to_string()
        };
        rows.push(lines.len());
        lines.extend(hanging(&format!("{marker}{number}"), &label, width, style));
    }
    if !model.config_warnings.is_empty() {
        lines.push(Line::from(""));
        for warning in &model.config_warnings {
            lines.extend(hanging("! ", warning, width, t.warning()));
        }
    }
    let visible = area.height.saturating_sub(2) as usize;
    let selected_row = rows.get(model.selected).copied().unwrap_or(0);
    let scroll = (selected_row + 1).saturating_sub(visible);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Start "))
            .scroll((scroll as u16, 0)),
        area,
    );
    super::place_rows(frame, area, &rows, scroll, model.selected, 1, clicks);
}

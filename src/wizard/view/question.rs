use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::ClickRows;
use crate::engine::Position as WalkPosition;
use crate::wizard::model::Model;
use crate::wizard::text::{one_line, wrap};

/// Lines with a hanging indent: the first prefixed by `first`, the rest by spaces.
pub fn hanging(prefix: &str, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent = prefix.chars().count();
    wrap(text, width.saturating_sub(indent).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i == 0 {
                prefix.to_string()
            } else {
                " ".repeat(indent)
            };
            Line::from(vec![Span::raw(lead), Span::styled(l, style)])
        })
        .collect()
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect, clicks: &mut ClickRows) {
    let t = &model.theme;
    let Some(WalkPosition::Asking(question)) = model.session.triage.position(&model.playbook)
    else {
        return;
    };
    let inner_width = area.width.saturating_sub(2) as usize;
    let path = model.session.triage.path();
    let mut lines: Vec<Line> = Vec::new();
    if !path.is_empty() {
        let trail: Vec<String> = path
            .iter()
            .map(|v| format!("{}: {}", v.key, one_line(&v.value)))
            .collect();
        lines.extend(hanging(
            "So far: ",
            &trail.join("  ›  "),
            inner_width,
            t.dim(),
        ));
        lines.push(Line::from(""));
    }
    if let Some(c) = &model.session.classification {
        lines.extend(hanging(
            "From the pasted error: ",
            &if c.is_recognised() {
                format!("{} (confidence {:.2})", c.category, c.confidence)
            } else {
                c.not_recognised_line()
            },
            inner_width,
            t.dim(),
        ));
        lines.push(Line::from(""));
    }
    lines.extend(hanging("", &question.prompt, inner_width, t.heading()));
    lines.push(Line::from(""));
    // The line on which each option starts.
    let mut option_starts = Vec::new();
    for (i, option) in question.options.iter().enumerate() {
        let selected = i == model.selected;
        let marker = if selected { "> " } else { "  " };
        let prefix = if i < 9 {
            format!("{marker}{}. ", i + 1)
        } else {
            format!("{marker}   ")
        };
        let style = if selected { t.selected() } else { Style::new() };
        option_starts.push(lines.len());
        let mut label = option.label.clone();
        if let Some(help) = &option.help {
            label.push_str(&format!(" ({help})"));
        }
        lines.extend(hanging(&prefix, &label, inner_width, style));
    }
    lines.push(Line::from(""));
    if !question.why.is_empty() {
        lines.push(Line::styled("Why this is asked", t.heading()));
        lines.extend(hanging("  ", &question.why, inner_width, Style::new()));
    }
    if !question.how.is_empty() {
        lines.push(Line::styled("How to find out", t.heading()));
        lines.extend(hanging("  ", &question.how, inner_width, Style::new()));
    }

    // Keep the selected option in view.
    let visible = area.height.saturating_sub(2) as usize;
    let selected_line = option_starts.get(model.selected).copied().unwrap_or(0);
    let scroll = selected_line.saturating_sub(visible.saturating_sub(3));
    let answered = path.len();
    let left = model.questions_left();
    let title = if left <= 1 {
        format!(" Question {} · the checklist comes next ", answered + 1)
    } else {
        format!(
            " Question {} · at least {} more after this ",
            answered + 1,
            left - 1
        )
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .scroll((scroll as u16, 0)),
        area,
    );
    for (index, start) in option_starts.iter().enumerate() {
        let Some(offset) = start.checked_sub(scroll) else {
            continue;
        };
        let y = area.y + 1 + offset as u16;
        if y >= area.bottom().saturating_sub(1) {
            continue;
        }
        clicks.push((y, index));
        if index == model.selected {
            // The real cursor sits on the selected option, so screen readers follow it.
            frame.set_cursor_position(Position::new(area.x + 1, y));
        }
    }
}

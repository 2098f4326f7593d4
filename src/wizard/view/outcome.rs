use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::ClickRows;
use super::question::hanging;
use crate::checklist::ChecklistStep;
use crate::wizard::model::Model;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect, clicks: &mut ClickRows) {
    let t = &model.theme;
    let report = model.session.report(&model.playbook, None, None);
    let Some(outcome) = &report.outcome else {
        return;
    };
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    lines.extend(hanging("", &outcome.title, width, t.title()));
    lines.extend(hanging("Category: ", &outcome.category, width, t.dim()));
    lines.push(Line::from(""));
    lines.push(Line::styled("Cause", t.heading()));
    lines.extend(hanging("  ", &outcome.cause, width, Style::new()));
    if let Some(c) = &report.classification {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            if c.is_recognised() {
                format!("From the pasted error (confidence {:.2})", c.confidence)
            } else {
                format!("From the pasted error: {}", c.not_recognised_line())
            },
            t.heading(),
        ));
        for (name, value) in &c.facts {
            lines.extend(hanging(&format!("  {name}: "), value, width, Style::new()));
        }
        for e in c.evidence.iter().take(3) {
            lines.extend(hanging("  matched: ", e, width, t.dim()));
        }
        if report.redactions > 0 {
            lines.extend(hanging(
                "  ",
                &format!(
                    "{} secret(s) were hidden from the pasted text.",
                    report.redactions
                ),
                width,
                t.dim(),
            ));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Checklist", t.heading()));
    let mut step_starts = Vec::new();
    let mut index = 0;
    let mut push_step = |lines: &mut Vec<Line>, step: &ChecklistStep, number: usize| {
        let selected = index == model.selected;
        let marker = if selected { ">" } else { " " };
        let tick = if step.done { "[x]" } else { "[ ]" };
        let style = match (selected, step.done) {
            (true, _) => t.selected(),
            (false, true) => t.done(),
            _ => Style::new(),
        };
        step_starts.push(lines.len());
        let mut text = step.text.clone();
        if step.link.is_some() {
            text.push_str("  (Enter opens it)");
        }
        lines.extend(hanging(
            &format!("{marker} {tick} {number}. "),
            &text,
            width,
            style,
        ));
        if let Some(note) = &step.note {
            lines.extend(hanging("        Note: ", note, width, t.dim()));
        }
        index += 1;
    };
    for (i, step) in report.steps.iter().enumerate() {
        push_step(&mut lines, step, i + 1);
    }
    for alt in &report.alternatives {
        lines.push(Line::from(""));
        lines.extend(hanging(
            "If that does not fix it: ",
            &alt.title,
            width,
            t.heading(),
        ));
        if let Some(when) = &alt.when {
            lines.extend(hanging("  ", when, width, t.dim()));
        }
        for (i, step) in alt.steps.iter().enumerate() {
            push_step(&mut lines, step, i + 1);
        }
    }
    if !report.references.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled("References", t.heading()));
        for r in &report.references {
            lines.extend(hanging(
                "  ",
                &format!("{}: {}", r.title, r.url),
                width,
                t.dim(),
            ));
        }
    }
    let visible = area.height.saturating_sub(2) as usize;
    let selected_line = step_starts.get(model.selected).copied().unwrap_or(0);
    let scroll = selected_line.saturating_sub(visible.saturating_sub(4));
    let done = report.steps.iter().filter(|s| s.done).count();
    let title = format!(" Checklist · {done} of {} done ", report.steps.len());
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title))
            .scroll((scroll as u16, 0)),
        area,
    );
    for (i, start) in step_starts.iter().enumerate() {
        let Some(offset) = start.checked_sub(scroll) else {
            continue;
        };
        let y = area.y + 1 + offset as u16;
        if y >= area.bottom().saturating_sub(1) {
            continue;
        }
        clicks.push((y, i));
        if i == model.selected {
            frame.set_cursor_position(Position::new(area.x + 3, y));
        }
    }
}

use ratatui::Frame;
use ratatui::layout::Rect;
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
    lines.extend(hanging(
        "Category: ",
        &crate::wizard::update::category_label(model, &outcome.category),
        width,
        t.dim(),
    ));
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
        lines.extend(super::question::tentative_lines(c, width));
        if let Some(other) = c.runner_up.as_ref().filter(|_| c.is_close()) {
            lines.extend(hanging(
                "  It could also be: ",
                &format!(
                    "{}. If this checklist does not fit, press / and search for it.",
                    crate::wizard::update::category_label(model, &other.category)
                ),
                width,
                Style::new(),
            ));
        }
        for (name, value) in &c.facts {
            let label = super::question::title_case(name);
            lines.extend(hanging(&format!("  {label}: "), value, width, Style::new()));
        }
        for e in c.evidence.iter().take(3) {
            lines.extend(hanging("  Matched: ", e, width, t.dim()));
        }
        if report.redactions > 0 {
            let n = report.redactions;
            lines.extend(hanging(
                "  ",
                &format!(
                    "{n} {} hidden from the pasted text.",
                    if n == 1 { "secret was" } else { "secrets were" }
                ),
                width,
                t.dim(),
            ));
        }
    }
    if let Some(inspection) = &model.session.inspection
        && !inspection.findings.is_empty()
    {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!("From the inspected file {}", inspection.file),
            t.heading(),
        ));
        for f in &inspection.findings {
            lines.extend(hanging("  - ", &f.detail, width, Style::new()));
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
            // The address on its own line, so it can be read and copied whole.
            lines.extend(hanging("  ", &r.title, width, Style::new()));
            lines.extend(hanging("    ", &r.url, width, t.dim()));
        }
    }
    let visible = area.height.saturating_sub(2) as usize;
    let selected_line = step_starts.get(model.selected).copied().unwrap_or(0);
    let most = lines.len().saturating_sub(visible);
    let scroll = selected_line
        .saturating_sub(visible.saturating_sub(4))
        .saturating_add(model.scroll_extra)
        .min(most.max(selected_line.saturating_sub(visible.saturating_sub(4))));
    let done = report.steps.iter().filter(|s| s.done).count();
    let title = format!(" Checklist · {done} of {} done ", report.steps.len());
    let mut block = Block::bordered().title(title);
    if let Some(indicator) = super::scroll_indicator(scroll, visible, lines.len()) {
        block = block.title_bottom(indicator);
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        area,
    );
    super::place_rows(frame, area, &step_starts, scroll, model.selected, 3, clicks);
}

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::ClickRows;
use crate::engine::Position as WalkPosition;
use crate::wizard::keys::LONG_LIST;
use crate::wizard::model::Model;
use crate::wizard::text::{one_line, wrap};
use crate::wizard::{progress, update};

/// Lines with a hanging indent: the first prefixed by `first`, the rest by spaces.
pub fn hanging(prefix: &str, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent = unicode_width::UnicodeWidthStr::width(prefix);
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

/// "Where: In the app › Symptom: …": each answer given, by its question's own words.
pub fn trail(model: &Model) -> String {
    model
        .session
        .triage
        .path()
        .iter()
        .map(|v| {
            let question = model.playbook.question(&v.question);
            let label = question
                .and_then(|q| q.option(&v.value))
                .map(|o| short(&o.label))
                .unwrap_or_else(|| v.value.clone());
            format!("{}: {}", title_case(&v.key), one_line(&label))
        })
        .collect::<Vec<_>>()
        .join("  ›  ")
}

/// A label up to its first colon or parenthesis: "In the app: an error banner…" is
/// "In the app".
fn short(label: &str) -> String {
    let cut = label.find([':', '(']).unwrap_or(label.len());
    let head = label[..cut].trim();
    if head.is_empty() { label } else { head }.to_string()
}

/// "tracking_id" as "Tracking id": a key made readable.
pub fn title_case(key: &str) -> String {
    let text = key.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The note beside a category that rests on a status alone: "not recognised" named as
/// the alternative. Nothing for a category recognised with more.
pub fn tentative_lines(c: &crate::classify::Classification, width: usize) -> Vec<Line<'static>> {
    if c.is_tentative() {
        hanging(
            "  Tentative: ",
            crate::classify::TENTATIVE_NOTE,
            width,
            Style::new(),
        )
    } else {
        Vec::new()
    }
}

/// What the pasted error and an inspected export told, for the body of a screen: the
/// category by its title, a close runner-up in full, each finding of an inspection.
pub fn evidence_lines(model: &Model, width: usize) -> Vec<Line<'static>> {
    let t = &model.theme;
    let mut lines = Vec::new();
    if let Some(c) = &model.session.classification {
        lines.extend(hanging(
            "From the pasted error: ",
            &if c.is_recognised() {
                format!(
                    "{} (confidence {:.2})",
                    update::category_label(model, &c.category),
                    c.confidence
                )
            } else {
                c.not_recognised_line()
            },
            width,
            t.dim(),
        ));
        lines.extend(tentative_lines(c, width));
        if let Some(other) = c.runner_up.as_ref().filter(|_| c.is_close()) {
            lines.extend(hanging(
                "  It could also be: ",
                &format!(
                    "{}. If the checklist does not fit, press / and search for it.",
                    update::category_label(model, &other.category)
                ),
                width,
                Style::new(),
            ));
        }
        lines.push(Line::from(""));
    }
    if let Some(inspection) = &model.session.inspection
        && !inspection.findings.is_empty()
    {
        lines.extend(hanging(
            "From the inspected file: ",
            &format!(
                "{} ({} {})",
                inspection.file,
                inspection.findings.len(),
                if inspection.findings.len() == 1 {
                    "finding"
                } else {
                    "findings"
                }
            ),
            width,
            t.dim(),
        ));
        for f in &inspection.findings {
            lines.extend(hanging("  - ", &f.detail, width, Style::new()));
        }
        lines.push(Line::from(""));
    }
    lines
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
        lines.extend(hanging("So far: ", &trail(model), inner_width, t.dim()));
        lines.push(Line::from(""));
    }
    lines.extend(evidence_lines(model, inner_width));
    lines.extend(hanging("", &question.prompt, inner_width, t.heading()));
    let visible_options = model.visible_options();
    let long = question.options.len() > LONG_LIST;
    match &model.filter {
        Some(filter) => lines.extend(hanging(
            "Filter: ",
            &format!(
                "{}_  ({} of {} match; Esc clears)",
                one_line(filter),
                visible_options.len(),
                question.options.len()
            ),
            inner_width,
            t.key(),
        )),
        None if long => lines.push(Line::styled(
            "Type to filter this list; 0 picks \"none of these\".",
            t.dim(),
        )),
        None => {}
    }
    lines.push(Line::from(""));
    let not_sure = update::not_sure_option(model);
    // The line on which each option starts.
    let mut option_starts = Vec::new();
    for (shown, &i) in visible_options.iter().enumerate() {
        let option = &question.options[i];
        let selected = shown == model.selected;
        let marker = if selected { "> " } else { "  " };
        let prefix = if shown < 9 {
            format!("{marker}{}. ", shown + 1)
        } else if Some(i) == not_sure {
            format!("{marker}0. ")
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
    if visible_options.is_empty() {
        lines.push(Line::styled("  No answer matches the filter.", t.dim()));
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
    let title = progress::label(
        &model.playbook,
        question,
        path.len() + 1,
        model.questions_left(),
    );
    let total = lines.len();
    let mut block = Block::bordered().title(format!(" {title} "));
    if let Some(indicator) = super::scroll_indicator(scroll, visible, total) {
        block = block.title_bottom(indicator);
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        area,
    );
    super::place_rows(
        frame,
        area,
        &option_starts,
        scroll,
        model.selected,
        1,
        clicks,
    );
}

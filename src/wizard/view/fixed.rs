//! The "Did this fix it?" box over the checklist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centred;
use crate::session::Fixed;
use crate::wizard::model::Model;
use crate::wizard::text::one_line;

pub fn draw(model: &Model, selected: usize, step: Option<usize>, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let area = centred(body, 70, 11);
    frame.render_widget(Clear, area);
    let mut lines: Vec<Line> = Fixed::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (marker, style) = if i == selected {
                ("> ", t.selected())
            } else {
                ("  ", Style::new())
            };
            let mut word = f.label().to_string();
            word[..1].make_ascii_uppercase();
            Line::styled(format!("{marker}{}. {word}", i + 1), style)
        })
        .collect();
    lines.push(Line::from(""));
    let report = model.session.report(&model.playbook, None, None);
    let step_text = step.and_then(|i| {
        report
            .steps
            .iter()
            .chain(report.alternatives.iter().flat_map(|a| a.steps.iter()))
            .nth(i)
            .map(|s| format!("step {}. {}", i + 1, one_line(&s.text)))
    });
    lines.push(Line::from(vec![
        Span::styled("Fixed by: ", t.heading()),
        Span::raw(step_text.unwrap_or_else(|| "no step named".into())),
        Span::styled("  (←→ changes)", t.dim()),
    ]));
    lines.push(Line::styled(
        "Esc: not now (the session shows \"not recorded\").",
        t.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Did this fix it? "))
            .wrap(Wrap { trim: false }),
        area,
    );
}

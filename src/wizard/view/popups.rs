use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centred;
use crate::wizard::model::{Model, Popup};
use crate::wizard::text::{inert, one_line, wrap};
use crate::wizard::update::SEARCH_LIMIT;

const HELP: &[(&str, &str)] = &[
    ("Up/Down, k/j", "move"),
    ("Enter", "choose; on a step that points elsewhere, open it"),
    ("1-9", "choose that answer"),
    ("Backspace, Left, h", "back one question"),
    ("/", "search codes, messages and titles"),
    ("p", "paste an error (Ctrl-D or Esc Enter routes it)"),
    ("Space", "tick or untick a step"),
    ("n", "note on the selected step"),
    ("e", "export the report (default_format)"),
    ("y", "copy the full text report"),
    ("a", "switch reports: customer / engineer"),
    ("r", "restart"),
    ("?", "this help"),
    ("q, Ctrl-C", "quit (the session is kept: --resume)"),
];

pub fn draw(model: &Model, popup: &Popup, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    match popup {
        Popup::None => {}
        Popup::Help => {
            let area = centred(body, 80, HELP.len() as u16 + 4);
            let lines: Vec<Line> = HELP
                .iter()
                .map(|(k, what)| {
                    Line::from(vec![
                        Span::styled(format!("{k:<20}"), t.key()),
                        Span::raw(*what),
                    ])
                })
                .collect();
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines)
                    .block(Block::bordered().title(" Keys "))
                    .wrap(Wrap { trim: false }),
                area,
            );
        }
        Popup::Search { query, selected } => {
            let area = centred(body, 90, body.height);
            frame.render_widget(Clear, area);
            let hits = model.index.search(query, SEARCH_LIMIT);
            let inner_width = area.width.saturating_sub(2) as usize;
            let mut lines = vec![
                Line::from(vec![
                    Span::styled("/ ", t.key()),
                    Span::raw(one_line(query)),
                ]),
                Line::from(""),
            ];
            let room = area.height.saturating_sub(4) as usize;
            let first = selected.saturating_sub(room.saturating_sub(1));
            for (i, hit) in hits.iter().enumerate().skip(first).take(room) {
                let is_selected = i == *selected;
                let marker = if is_selected { "> " } else { "  " };
                let kind = format!("{:<8}", format!("{:?}", hit.entry.kind).to_lowercase());
                let mut spans = vec![Span::raw(marker), Span::styled(kind, t.dim())];
                let budget = inner_width.saturating_sub(12);
                // One span per run of matched or unmatched characters, not one per
                // character: drawing the list is most of a search keystroke.
                let mut run = String::new();
                let mut run_matched = false;
                let style_of = |matched: bool| {
                    let style = if matched { t.matched() } else { Style::new() };
                    if is_selected {
                        style.patch(t.selected())
                    } else {
                        style
                    }
                };
                let mut positions = hit.positions.iter().peekable();
                for (ci, c) in one_line(&hit.entry.text).chars().take(budget).enumerate() {
                    while positions.next_if(|&&p| p < ci).is_some() {}
                    let matched = positions.peek() == Some(&&ci);
                    if matched != run_matched && !run.is_empty() {
                        spans.push(Span::styled(
                            std::mem::take(&mut run),
                            style_of(run_matched),
                        ));
                    }
                    run_matched = matched;
                    run.push(c);
                }
                if !run.is_empty() {
                    spans.push(Span::styled(run, style_of(run_matched)));
                }
                lines.push(Line::from(spans));
            }
            if hits.is_empty() {
                lines.push(Line::styled("  no match", t.dim()));
            }
            frame.render_widget(
                Paragraph::new(lines).block(Block::bordered().title(" Search ")),
                area,
            );
            let x = area.x + 3 + one_line(query).chars().count() as u16;
            frame.set_cursor_position(Position::new(
                x.min(area.right().saturating_sub(2)),
                area.y + 1,
            ));
        }
        Popup::Paste {
            text,
            escape_pending,
        } => {
            let area = centred(body, 90, body.height);
            frame.render_widget(Clear, area);
            let width = area.width.saturating_sub(2) as usize;
            let mut wrapped: Vec<String> = wrap(&inert(text), width);
            let room = area.height.saturating_sub(4) as usize;
            if wrapped.len() > room {
                wrapped.drain(..wrapped.len() - room);
            }
            let mut lines = vec![Line::styled(
                if *escape_pending {
                    "Enter routes the text; Esc cancels."
                } else {
                    "Paste or type the error, then Ctrl-D (or Esc, Enter)."
                },
                t.dim(),
            )];
            lines.push(Line::from(""));
            let cursor_y = area.y + 1 + lines.len() as u16 + wrapped.len().saturating_sub(1) as u16;
            let cursor_x =
                area.x + 1 + wrapped.last().map(|l| l.chars().count()).unwrap_or(0) as u16;
            lines.extend(wrapped.into_iter().map(Line::from));
            frame.render_widget(
                Paragraph::new(lines).block(Block::bordered().title(format!(
                    " Paste an error · {} characters ",
                    text.chars().count()
                ))),
                area,
            );
            frame.set_cursor_position(Position::new(
                cursor_x.min(area.right().saturating_sub(2)),
                cursor_y.min(area.bottom().saturating_sub(2)),
            ));
        }
        Popup::Note { text, .. } => {
            input_box(model, frame, body, " Note on this step ", text, None)
        }
        Popup::InspectPath { path } => input_box(
            model,
            frame,
            body,
            " Inspect an exported file ",
            path,
            Some(
                "The path of a solution export (.zip), a canvas app (.msapp) or a flow definition (.json); Enter reads it.",
            ),
        ),
        Popup::ExportRetry { folder, reason } => input_box(
            model,
            frame,
            body,
            " The report could not be saved ",
            folder,
            Some(&format!(
                "{reason}. Type another folder and press Enter, or Ctrl-Y to copy the report instead."
            )),
        ),
    }
}

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
    let shown = one_line(text);
    lines.push(Line::from(format!("> {shown}")));
    let y = area.y + lines.len() as u16;
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title.to_string())),
        area,
    );
    let x = area.x + 3 + shown.chars().count() as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(2)), y));
}

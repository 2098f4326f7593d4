use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::wizard::model::Model;
use crate::wizard::text::one_line;
use crate::wizard::update::SEARCH_LIMIT;

pub fn draw(model: &Model, query: &str, selected: usize, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let area = super::centred(body, 90, body.height);
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
    // Rows whose text another hit shares (a message two signatures give) would look the
    // same yet lead to different checklists: those name their category too.
    let shared: std::collections::HashSet<&str> = {
        let mut seen = std::collections::HashSet::new();
        hits.iter()
            .map(|h| h.entry.text.as_str())
            .filter(|text| !seen.insert(*text))
            .collect()
    };
    let room = area.height.saturating_sub(4) as usize;
    let first = selected.saturating_sub(room.saturating_sub(1));
    for (i, hit) in hits.iter().enumerate().skip(first).take(room) {
        let is_selected = i == selected;
        let marker = if is_selected { "> " } else { "  " };
        let kind = format!("{:<8}", format!("{:?}", hit.entry.kind).to_lowercase());
        let mut spans = vec![Span::raw(marker), Span::styled(kind, t.dim())];
        let tag = shared
            .contains(hit.entry.text.as_str())
            .then(|| format!(" · {}", one_line(&hit.entry.category)));
        let budget = inner_width
            .saturating_sub(12)
            .saturating_sub(tag.as_deref().map_or(0, UnicodeWidthStr::width));
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
        let mut used = 0;
        for (ci, c) in one_line(&hit.entry.text).chars().enumerate() {
            used += c.width().unwrap_or(0);
            if used > budget {
                break;
            }
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
        if let Some(tag) = tag {
            spans.push(Span::styled(tag, t.dim()));
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
    let x = area.x + 3 + one_line(query).width() as u16;
    frame.set_cursor_position(Position::new(
        x.min(area.right().saturating_sub(2)),
        area.y + 1,
    ));
}

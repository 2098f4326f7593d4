//! Drawing: a pure function of the model. One file per screen or popup.

mod fixed;
mod outcome;
mod popups;
mod question;
mod start;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::model::{Model, Popup, Screen};
use super::text::one_line;

/// Below this the screens cannot be read; a notice is drawn instead.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 12;

/// Rows of the frame and which list item each lists, collected while drawing so a
/// mouse click can be mapped back to an item.
pub type ClickRows = Vec<(u16, usize)>;

/// Whether a terminal of this size is below what the screens need.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn view(model: &Model, frame: &mut Frame) -> ClickRows {
    let area = frame.area();
    let mut clicks = ClickRows::new();
    if too_small(area.width, area.height) {
        let mut notice = vec![
            Line::from("Terminal too small."),
            Line::from(format!(
                "Need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}.",
                area.width, area.height
            )),
            Line::from("Enlarge it, or press q to quit. Other keys do nothing until it fits."),
        ];
        if model.ignored_keys > 0 {
            notice.push(Line::from(format!("({} ignored)", model.ignored_keys)));
        }
        frame.render_widget(Paragraph::new(notice).wrap(Wrap { trim: true }), area);
        return clicks;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(model, frame, header);
    match model.screen {
        Screen::Start => start::draw(model, frame, body, &mut clicks),
        Screen::Question => question::draw(model, frame, body, &mut clicks),
        Screen::Outcome => outcome::draw(model, frame, body, &mut clicks),
    }
    draw_status(model, frame, status);
    match &model.popup {
        Popup::None => {}
        popup => {
            clicks.clear();
            popups::draw(model, popup, frame, body);
        }
    }
    clicks
}

fn draw_header(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let mut spans = vec![Span::styled("flowtriage", t.title())];
    if let Some(case) = &model.session.case_id {
        spans.push(Span::raw(format!("  case {}", one_line(case))));
    }
    spans.push(Span::styled(
        format!("  content {}", model.playbook.version),
        t.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(model: &Model, frame: &mut Frame, area: Rect) {
    let t = &model.theme;
    let keys: &[(&str, &str)] = match (&model.popup, model.screen) {
        (Popup::Help, _) => &[("↑↓", "scroll"), ("Esc", "close")],
        (Popup::ConfirmRestart, _) => &[("y", "start over"), ("any key", "keep working")],
        (Popup::Search { .. }, _) => &[
            ("type", "filter"),
            ("↑↓", "move"),
            ("Enter", "go"),
            ("Esc", "close"),
        ],
        (Popup::Paste { .. }, _) => &[
            ("Ctrl-D", "route"),
            ("Esc Enter", "route"),
            ("Esc Esc", "cancel"),
        ],
        (Popup::Note { .. }, _) => &[("Enter", "save note"), ("Esc", "cancel")],
        (Popup::InspectPath { .. }, _) => {
            &[("Enter", "inspect"), ("Tab", "complete"), ("Esc", "cancel")]
        }
        (Popup::Fixed { .. }, _) => &[("1-4", "answer"), ("←→", "which step"), ("Esc", "not now")],
        (Popup::ExportRetry { .. }, _) => &[
            ("Enter", "save there"),
            ("Ctrl-Y", "copy instead"),
            ("Esc", "cancel"),
        ],
        (_, Screen::Start) => &[
            ("↑↓", "move"),
            ("Enter", "choose"),
            ("/", "search"),
            ("p", "paste"),
            ("?", "help"),
            ("q", "quit"),
        ],
        (_, Screen::Question) => &[
            ("1-9", "answer"),
            ("0", "not sure"),
            ("Esc", "back"),
            ("/", "search"),
            ("p", "paste"),
            ("?", "help"),
            ("q", "quit"),
        ],
        (_, Screen::Outcome) => &[
            ("Space", "tick"),
            ("n", "note"),
            ("e", "export"),
            ("y", "copy"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
    };
    let mut spans = Vec::new();
    if let Some(warning) = &model.save_warning {
        spans.push(Span::styled(
            format!("! {} ", one_line(warning)),
            t.warning(),
        ));
    } else if let Some(status) = &model.status {
        spans.push(Span::styled(format!("{} ", one_line(status)), t.heading()));
    }
    for (key, what) in keys {
        spans.push(Span::styled(*key, t.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "↓ more below" / "↑ more above" for a page of `total` lines scrolled by `scroll`
/// with `visible` rows, or `None` when it all fits.
/// Where each row of a scrolled, bordered list shows: its screen line goes into
/// `clicks` (for the mouse), and the terminal's cursor is put on the selected one,
/// `cursor_x` columns in, so screen readers follow it. `starts` are the rows' first
/// lines in the paragraph; rows scrolled out of `area` are left out.
pub fn place_rows(
    frame: &mut Frame,
    area: Rect,
    starts: &[usize],
    scroll: usize,
    selected: usize,
    cursor_x: u16,
    clicks: &mut ClickRows,
) {
    for (index, start) in starts.iter().enumerate() {
        let Some(offset) = start.checked_sub(scroll) else {
            continue;
        };
        let y = area.y + 1 + offset as u16;
        if y >= area.bottom().saturating_sub(1) {
            continue;
        }
        clicks.push((y, index));
        if index == selected {
            frame.set_cursor_position(Position::new(area.x + cursor_x, y));
        }
    }
}

pub fn scroll_indicator(scroll: usize, visible: usize, total: usize) -> Option<String> {
    let above = scroll > 0;
    let below = scroll + visible < total;
    let lines = format!(
        "lines {}-{} of {total}",
        scroll + 1,
        (scroll + visible).min(total)
    );
    match (above, below) {
        (false, false) => None,
        (true, true) => Some(format!(" ↑↓ more · {lines} ")),
        (false, true) => Some(format!(" ↓ more below (PgDn, End) · {lines} ")),
        (true, false) => Some(format!(" ↑ more above · {lines} ")),
    }
}

/// A rectangle centred in `area`, `percent_x` wide and `height` rows high.
pub fn centred(area: Rect, percent_x: u16, height: u16) -> Rect {
    let width = (area.width * percent_x / 100).max(20).min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

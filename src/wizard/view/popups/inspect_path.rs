use ratatui::Frame;
use ratatui::layout::Rect;

use crate::wizard::model::Model;

pub fn draw(model: &Model, path: &str, frame: &mut Frame, body: Rect) {
    super::input_box(
        model,
        frame,
        body,
        " Inspect an exported file ",
        path,
        Some(
            "The path of a solution export (.zip), a canvas app (.msapp) or a flow definition (.json). Quotes and ~ are fine; Tab completes, Enter reads it.",
        ),
    );
}

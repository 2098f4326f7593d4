use ratatui::Frame;
use ratatui::layout::Rect;

use crate::wizard::model::Model;

pub fn draw(model: &Model, text: &str, frame: &mut Frame, body: Rect) {
    super::input_box(model, frame, body, " Note on this step ", text, None);
}

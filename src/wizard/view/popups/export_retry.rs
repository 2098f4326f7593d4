use ratatui::Frame;
use ratatui::layout::Rect;

use crate::wizard::model::Model;

pub fn draw(model: &Model, folder: &str, reason: &str, frame: &mut Frame, body: Rect) {
    super::input_box(
        model,
        frame,
        body,
        " The report could not be saved ",
        folder,
        Some(&format!(
            "{reason}. Type another folder and press Enter, or Ctrl-Y to copy the report instead."
        )),
    );
}

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::wizard::model::Model;
use crate::wizard::text::one_line;

pub fn draw(model: &Model, frame: &mut Frame, body: Rect) {
    let t = &model.theme;
    let area = super::centred(body, 70, 8);
    frame.render_widget(Clear, area);
    let lines = vec![
        Line::styled("Start over in a new session?", t.heading()),
        Line::from(format!(
            "This session ({}) has {}. It stays saved: flowtriage --resume {}",
            one_line(&model.session.id),
            model.session.work_summary(),
            one_line(&model.session.id),
        )),
        Line::from(""),
        Line::styled(
            "y or Enter: start over    any other key: keep working",
            t.key(),
        ),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Restart "))
            .wrap(Wrap { trim: false }),
        area,
    );
}

//! The wizard: its first frame from nothing, one 120x40 frame of each screen, and a
//! keystroke's update plus render, drawn into ratatui's `TestBackend`.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use flowtriage::content::{self, ContentSource, Playbook};
use flowtriage::engine::Triage;
use flowtriage::session::Session;
use flowtriage::wizard::theme::Theme;
use flowtriage::wizard::{Message, Model, Popup, Screen, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn model_of(playbook: Playbook) -> Model {
    let triage = Triage::start(&playbook, Vec::new());
    let session = Session::new(&playbook, triage, "2026-11-24T02:00:00Z", None);
    Model::new(playbook, session, Theme::new(true))
}

fn new_terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, model: &mut Model) {
    terminal
        .draw(|frame| {
            model.click_rows = view::view(model, frame);
        })
        .expect("drawing into memory cannot fail");
}

fn send(model: &mut Model, messages: &[Message]) {
    for message in messages {
        update(model, message.clone());
    }
}

/// Walk with the first option of every question until the checklist shows.
fn to_outcome(model: &mut Model) {
    send(model, &[Message::Choose]);
    for _ in 0..50 {
        if model.screen == Screen::Outcome {
            return;
        }
        send(model, &[Message::ChooseNumber(0)]);
    }
    panic!("the first options lead to an outcome");
}

fn first_frame(c: &mut Criterion) {
    // What a user waits for before the start screen: load and check the content, build
    // the search index, draw. (Process start and terminal set-up come on top.)
    c.bench_function("wizard/first-frame/embedded", |b| {
        b.iter(|| {
            let playbook = content::embedded_playbook().expect("the embedded content loads");
            let mut model = model_of(playbook);
            let mut terminal = new_terminal();
            draw(&mut terminal, &mut model);
            terminal
        })
    });
}

fn frames(c: &mut Criterion) {
    let playbook = content::embedded_playbook().expect("the embedded content loads");
    let screens: [(&str, &[Message]); 6] = [
        ("start", &[]),
        ("question", &[Message::Choose]),
        ("outcome", &[]),
        ("help", &[Message::OpenHelp]),
        (
            "search",
            &[Message::OpenSearch, Message::Type('c'), Message::Type('o')],
        ),
        ("paste", &[Message::OpenPaste]),
    ];
    let mut group = c.benchmark_group("wizard/frame-120x40");
    for (name, messages) in screens {
        let mut model = model_of(playbook.clone());
        if name == "outcome" {
            to_outcome(&mut model);
        }
        send(&mut model, messages);
        if name == "paste" {
            send(&mut model, &[Message::Pasted(synthetic::paste(2 * 1024))]);
        }
        let mut terminal = new_terminal();
        group.bench_function(name, |b| {
            b.iter(|| {
                // A fresh back buffer each time, so every cell is drawn and compared.
                terminal.clear().expect("clearing memory cannot fail");
                draw(&mut terminal, &mut model);
            })
        });
    }
    group.finish();
}

fn keystrokes(c: &mut Criterion) {
    let embedded = content::embedded_playbook().expect("the embedded content loads");
    let synthetic = content::load(
        &synthetic::playbook_sources(10_000),
        ContentSource::Directory("synthetic".into()),
    )
    .expect("the synthetic playbook loads");
    let mut group = c.benchmark_group("wizard/keystroke-update+render");
    for (name, playbook) in [("embedded", &embedded), ("synthetic-10000", &synthetic)] {
        // Down then Up on a question: two keystrokes, each updated and drawn.
        let mut model = model_of(playbook.clone());
        send(&mut model, &[Message::Choose]);
        let mut terminal = new_terminal();
        draw(&mut terminal, &mut model);
        group.bench_function(BenchmarkId::new("down+up", name), |b| {
            b.iter(|| {
                for message in [Message::Down, Message::Up] {
                    update(&mut model, black_box(message));
                    draw(&mut terminal, &mut model);
                }
            })
        });
        // Typing the fourth letter of a search and erasing it: each redraw searches.
        let mut model = model_of(playbook.clone());
        send(
            &mut model,
            &[
                Message::OpenSearch,
                Message::Type('c'),
                Message::Type('o'),
                Message::Type('n'),
            ],
        );
        assert!(matches!(model.popup, Popup::Search { .. }));
        let mut terminal = new_terminal();
        draw(&mut terminal, &mut model);
        group.bench_function(BenchmarkId::new("search-type+erase", name), |b| {
            b.iter(|| {
                for message in [Message::Type('n'), Message::Erase] {
                    update(&mut model, black_box(message));
                    draw(&mut terminal, &mut model);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, first_frame, frames, keystrokes);
criterion_main!(benches);

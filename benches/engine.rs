//! One step of the walk: the user answers the current question.

#[path = "support/synthetic.rs"]
mod synthetic;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use flowtriage::content::{self, ContentSource, Playbook};
use flowtriage::engine::{Position, Triage};

/// The first option of the question the walk starts at.
fn first_value(playbook: &Playbook, triage: &Triage) -> String {
    match triage.position(playbook) {
        Some(Position::Asking(q)) => q.options[0].value.clone(),
        _ => panic!("the walk starts at a question"),
    }
}

fn answer(c: &mut Criterion) {
    let embedded = content::embedded_playbook().expect("the embedded content loads");
    let synthetic = content::load(
        &synthetic::playbook_sources(10_000),
        ContentSource::Directory("synthetic".into()),
    )
    .expect("the synthetic playbook loads");
    let mut group = c.benchmark_group("engine/answer");
    for (name, playbook) in [("embedded", &embedded), ("synthetic-10000", &synthetic)] {
        let start = Triage::start(playbook, Vec::new());
        let value = first_value(playbook, &start);
        group.bench_with_input(BenchmarkId::from_parameter(name), playbook, |b, pb| {
            b.iter_batched_ref(
                || start.clone(),
                |triage| {
                    triage
                        .answer(pb, &value)
                        .expect("the first option is offered")
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, answer);
criterion_main!(benches);

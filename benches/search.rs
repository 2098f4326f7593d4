//! A keystroke in the search box: rank every entry against the query typed so far.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use flowtriage::content::{self, ContentSource};
use flowtriage::search::SearchIndex;

fn keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("search/keystroke");
    for nodes in [100, 1_000, 10_000] {
        let playbook = content::load(
            &synthetic::playbook_sources(nodes),
            ContentSource::Directory("synthetic".into()),
        )
        .expect("the synthetic playbook loads");
        let index = SearchIndex::new(&playbook);
        let entries = index.entries().len();
        group.throughput(Throughput::Elements(entries as u64));
        // The first keystroke (most entries hold a `c`), the fourth of a code, and a
        // two-word query typed into the box.
        for query in ["c", "conn", "conn tim"] {
            group.bench_with_input(
                BenchmarkId::new(format!("{query:?}"), entries),
                &index,
                |b, index| b.iter(|| index.search(black_box(query), 50)),
            );
        }
    }
    group.finish();

    let embedded = content::embedded_playbook().expect("the embedded content loads");
    let index = SearchIndex::new(&embedded);
    c.bench_function("search/keystroke/embedded", |b| {
        b.iter(|| index.search(black_box("conn ref"), 50))
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);

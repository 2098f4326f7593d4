//! Loading content: parse every TOML file, resolve references, check the tree.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use flowtriage::content::{self, ContentSource};

fn embedded(c: &mut Criterion) {
    c.bench_function("content/embedded/load+check", |b| {
        b.iter(|| content::embedded_playbook().expect("the embedded content loads"))
    });
}

fn synthetic_playbook(c: &mut Criterion) {
    let mut group = c.benchmark_group("content/synthetic/load+check");
    group.sample_size(10);
    for nodes in [100, 1_000, 10_000] {
        let sources = synthetic::playbook_sources(nodes);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &sources, |b, s| {
            b.iter(|| {
                content::load(black_box(s), ContentSource::Directory("synthetic".into()))
                    .expect("the synthetic playbook loads")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, embedded, synthetic_playbook);
criterion_main!(benches);

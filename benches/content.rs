//! Loading content: decoding the compiled form a start-up uses (the embedded playbook,
//! a cached folder), against parsing every TOML file, resolving references and checking
//! the tree, which the build script (and a folder seen for the first time) pays.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use flowtriage::content::{self, ContentSource, compiled};

fn embedded(c: &mut Criterion) {
    c.bench_function("content/embedded/decode", |b| {
        b.iter(|| content::embedded_playbook().expect("the embedded content decodes"))
    });
    let sources = content::embedded_sources();
    c.bench_function("content/embedded/load+check", |b| {
        b.iter(|| {
            content::load(black_box(&sources), ContentSource::Embedded)
                .expect("the embedded content loads")
        })
    });
}

fn synthetic_playbook(c: &mut Criterion) {
    let mut group = c.benchmark_group("content/synthetic");
    group.sample_size(10);
    for nodes in [100, 1_000, 10_000] {
        let sources = synthetic::playbook_sources(nodes);
        let origin = ContentSource::Directory("synthetic".into());
        let playbook =
            content::load(&sources, origin.clone()).expect("the synthetic playbook loads");
        let bytes = compiled::encode_payload(&playbook);
        group.throughput(Throughput::Elements(nodes as u64));
        group.bench_with_input(BenchmarkId::new("load+check", nodes), &sources, |b, s| {
            b.iter(|| content::load(black_box(s), origin.clone()).expect("loads"))
        });
        group.bench_with_input(BenchmarkId::new("decode", nodes), &bytes, |b, bytes| {
            b.iter(|| compiled::decode_payload(black_box(bytes), origin.clone()).expect("decodes"))
        });
    }
    group.finish();
}

criterion_group!(benches, embedded, synthetic_playbook);
criterion_main!(benches);

//! Classifying pasted text: redact secrets, then match every signature and fact.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use flowtriage::classify;
use flowtriage::content;

const SIZES: [(&str, usize); 3] = [
    ("2KB", 2 * 1024),
    ("2MB", 2 * 1024 * 1024),
    ("10MB", 10 * 1024 * 1024),
];

fn payload(c: &mut Criterion) {
    // A typical pasted error, as one `diagnose` reads it: redact, then classify (the
    // classifier is prepared for each paste, as a process does once).
    let playbook = content::embedded_playbook().expect("the embedded content loads");
    let found = classify::classify(&playbook, synthetic::ERROR_PAYLOAD);
    assert_eq!(found.codes, vec![synthetic::ERROR_CODE.to_string()]);
    c.bench_function("classify/payload/redact+classify", |b| {
        b.iter(|| {
            let redacted = classify::redact(black_box(synthetic::ERROR_PAYLOAD));
            classify::classify(&playbook, &redacted.text)
        })
    });
}

fn paste(c: &mut Criterion) {
    let playbook = content::embedded_playbook().expect("the embedded content loads");
    let mut group = c.benchmark_group("classify/paste");
    group.sample_size(10);
    for (label, bytes) in SIZES {
        let text = synthetic::paste(bytes);
        // Measure the real work: the paste must land where the error in it says.
        let found = classify::classify(&playbook, &classify::redact(&text).text);
        assert!(
            found.codes.iter().any(|c| c == synthetic::ERROR_CODE),
            "{label}: {found:?}"
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("redact+classify", label), &text, |b, t| {
            b.iter(|| {
                let redacted = classify::redact(black_box(t));
                classify::classify(&playbook, &redacted.text)
            })
        });
        group.bench_with_input(BenchmarkId::new("redact", label), &text, |b, t| {
            b.iter(|| classify::redact(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("classify", label), &text, |b, t| {
            b.iter(|| classify::classify(&playbook, black_box(t)))
        });
    }
    group.finish();
}

/// The pass that makes a paste plain before matching (wraps joined, quote prefixes,
/// entities and escapes undone), on the transcript as an email reply quotes it: `> `
/// before every line, CRLF line ends, an HTML entity on every line.
fn normalise(c: &mut Criterion) {
    let mut group = c.benchmark_group("classify/normalise");
    group.sample_size(10);
    for (label, bytes) in SIZES {
        let quoted: String = synthetic::paste(bytes)
            .lines()
            .map(|line| format!("> {}\r\n", line.replace('"', "&quot;")))
            .collect();
        let plain = classify::plain_form(&quoted);
        assert!(plain.contains(synthetic::ERROR_CODE) && !plain.contains("&quot;"));
        group.throughput(Throughput::Bytes(quoted.len() as u64));
        group.bench_with_input(BenchmarkId::new("plain", label), &quoted, |b, t| {
            b.iter(|| classify::plain_form(black_box(t)))
        });
    }
    group.finish();
}

criterion_group!(benches, payload, paste, normalise);
criterion_main!(benches);

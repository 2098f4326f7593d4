#![no_main]
//! Any bytes, pasted: redaction and classification never panic, and confidence stays in 0..=1.

use std::sync::OnceLock;

use flowtriage::classify::{classify, redact};
use flowtriage::content::{Playbook, embedded_playbook};
use libfuzzer_sys::fuzz_target;

fn playbook() -> &'static Playbook {
    static PB: OnceLock<Playbook> = OnceLock::new();
    PB.get_or_init(|| embedded_playbook().expect("the embedded playbook is valid"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let redacted = redact(&text);
    let c = classify(playbook(), &redacted.text);
    assert!((0.0..=1.0).contains(&c.confidence));
});

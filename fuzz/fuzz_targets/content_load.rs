#![no_main]
//! Any text as a playbook file: the loader reports problems, it never panics.

use flowtriage::content::{ContentSource, Source, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = load(
        &[Source {
            name: "fuzz.toml".into(),
            text,
        }],
        ContentSource::Embedded,
    );
});

#![no_main]
//! Any bytes as an exported file: inspection ends in findings or a clear error.

use flowtriage::inspect::inspect_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = inspect_bytes("fuzz.zip", data);
});

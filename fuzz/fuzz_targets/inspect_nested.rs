#![no_main]
//! Issue 16 (F8, F15): any bytes as a .msapp inside a solution, and as a zip inside that:
//! inspection ends in findings or a clear error, within the shared caps.

use std::io::Write;

use flowtriage::inspect::inspect_bytes;
use libfuzzer_sys::fuzz_target;

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let inner = zip_of(&[("Properties.json", data), ("Nested.msapp", data)]);
    let solution = zip_of(&[
        ("solution.xml", b"<ImportExportXml><SolutionManifest><UniqueName>s</UniqueName></SolutionManifest></ImportExportXml>"),
        ("customizations.xml", data),
        ("CanvasApps/a.msapp", &inner),
        ("CanvasApps/b.msapp", data),
    ]);
    let _ = inspect_bytes("fuzz.zip", &solution);
});

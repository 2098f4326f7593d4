//! Embeds `content/` into the binary, so an installed binary works anywhere without the
//! source tree: the TOML files as text (for `content check`), and the playbook they
//! make, loaded and checked here, in compiled form (decoded at start-up instead of
//! parsing TOML). Content that does not pass the checks fails the build, naming the
//! file and line of every problem.
//!
//! The loader is the library's own: its files are compiled into this script too.

#![allow(dead_code)] // the script uses only the loading half of those files

#[path = "src/content/compiled.rs"]
mod compiled;
#[path = "src/content/lint.rs"]
mod lint;
#[path = "src/content/model.rs"]
mod model;
// The plain form the classifier reads a paste in, which the fallback model is trained
// on (a pure file of the classifier, using only std).
#[path = "src/classify/normalise.rs"]
mod normalise;
#[path = "src/content/pattern.rs"]
mod pattern;
#[path = "src/content/placeholder.rs"]
mod placeholder;
#[path = "src/content/playbook.rs"]
mod playbook;
#[path = "src/content/problem.rs"]
mod problem;
#[path = "src/content/raw.rs"]
mod raw;
#[path = "src/content/resolve.rs"]
mod resolve;

use std::env;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files whose types the compiled form serialises: a change to any of them changes
/// the fingerprint, and so the key of every cached playbook.
const MODEL_FILES: [&str; 4] = [
    "src/content/playbook.rs",
    "src/content/pattern.rs",
    "src/content/compiled.rs",
    "Cargo.lock",
];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() -> ExitCode {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets the manifest dir"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let content = root.join("content");
    println!("cargo::rerun-if-changed=content");
    let mut files = Vec::new();
    collect(&content, &mut files);
    files.sort();

    let mut sources = Vec::new();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .strip_prefix(&root)
            .expect("content lives under the manifest dir")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{name}: cannot be read: {e}");
                return ExitCode::FAILURE;
            }
        };
        sources.push(resolve::Source { name, text });
    }
    code.push_str("];\n");
    code.push_str(
        "/// The playbook of `FILES`, loaded, checked and compiled by the build script.\n\
         pub static COMPILED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/playbook.bin\"));\n",
    );

    let playbook = match resolve::load(&sources, playbook::ContentSource::Embedded) {
        Ok(playbook) => playbook,
        Err(problems) => {
            eprintln!(
                "the playbook under content/ does not pass its checks ({} problem(s)):",
                problems.len()
            );
            for problem in &problems {
                eprintln!("  {problem}");
            }
            eprintln!(
                "fix them and build again (a flowtriage built earlier lists them too: \
                 `flowtriage content check content`)"
            );
            return ExitCode::FAILURE;
        }
    };
    // The pastes only train the fallback model (below): every start would decode them
    // for nothing, so the compiled playbook leaves them out.
    let mut without_pastes = playbook.clone();
    without_pastes.examples.retain(|e| !e.paste);
    fs::write(
        out_dir.join("playbook.bin"),
        compiled::encode(&without_pastes, 0),
    )
    .expect("OUT_DIR is writable");
    // The fallback model, trained here instead of on first use.
    let examples = model::examples_of(&playbook);
    let fallback = model::Model::new(&examples, &|text| normalise::normalise(text).text);
    fs::write(
        out_dir.join("model.bin"),
        postcard::to_allocvec(&fallback).expect("a model always serialises"),
    )
    .expect("OUT_DIR is writable");
    code.push_str(&format!(
        "/// The fallback model of the playbook's examples, trained by the build script.\n\
         pub static MODEL: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/model.bin\"));\n\
         /// The fingerprint of the examples `MODEL` was trained on.\n\
         pub const MODEL_FINGERPRINT: u64 = {:#x};\n\
         /// The fingerprint of the examples `COMPILED` holds (not the pastes).\n\
         pub const COMPILED_EXAMPLES_FINGERPRINT: u64 = {:#x};\n",
        model::fingerprint(&examples),
        model::fingerprint(&model::examples_of(&without_pastes))
    ));
    fs::write(out_dir.join("embedded_content.rs"), code).expect("OUT_DIR is writable");

    let mut fingerprint = std::collections::hash_map::DefaultHasher::new();
    for file in MODEL_FILES {
        println!("cargo::rerun-if-changed={file}");
        fs::read(root.join(file))
            .unwrap_or_default()
            .hash(&mut fingerprint);
    }
    println!(
        "cargo::rustc-env=FLOWTRIAGE_MODEL_FINGERPRINT={:016x}",
        fingerprint.finish()
    );
    ExitCode::SUCCESS
}

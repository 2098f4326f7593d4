//! Writes the inputs `bench/compare.sh` times: a synthetic playbook folder, the search
//! entries it yields (one per line, for `fzf --filter`), and pasted text of a given size.
//!
//! ```text
//! cargo run --release --example gen_playbook -- playbook DIR NODES
//! cargo run --release --example gen_playbook -- paste FILE BYTES
//! cargo run --release --example gen_playbook -- payload FILE   # a typical error
//! cargo run --release --example gen_playbook -- code           # the code inside both
//! ```

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::process::ExitCode;

use flowtriage::content::{self, ContentSource};
use flowtriage::search::SearchIndex;

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn playbook(dir: &Path, nodes: usize) -> Result<(), String> {
    let sources = synthetic::playbook_sources(nodes);
    let playbook = content::load(
        &sources,
        ContentSource::Directory(dir.display().to_string()),
    )
    .map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!(
            "the synthetic playbook does not load:\n{}",
            lines.join("\n")
        )
    })?;
    for source in &sources {
        let name = source
            .name
            .strip_prefix("synthetic/")
            .unwrap_or(&source.name);
        write(&dir.join("content").join(name), &source.text)?;
    }
    let index = SearchIndex::new(&playbook);
    let mut entries = String::new();
    for entry in index.entries() {
        entries.push_str(&entry.text);
        entries.push('\n');
    }
    write(&dir.join("entries.txt"), &entries)?;
    println!(
        "{}: {} nodes in {} files, {} search entries",
        dir.display(),
        playbook.questions.len() + playbook.outcomes.len(),
        sources.len(),
        index.entries().len()
    );
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let number = |text: &str| {
        text.parse::<usize>()
            .map_err(|_| format!("'{text}' is not a number"))
    };
    match args {
        [what, dir, nodes] if what == "playbook" => playbook(Path::new(dir), number(nodes)?),
        [what, file, bytes] if what == "paste" => {
            write(Path::new(file), &synthetic::paste(number(bytes)?))
        }
        [what, file] if what == "payload" => write(Path::new(file), synthetic::ERROR_PAYLOAD),
        [what] if what == "code" => {
            println!("{}", synthetic::ERROR_CODE);
            Ok(())
        }
        _ => Err(
            "usage: gen_playbook playbook DIR NODES | paste FILE BYTES | payload FILE | code"
                .into(),
        ),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_playbook: {message}");
            ExitCode::FAILURE
        }
    }
}

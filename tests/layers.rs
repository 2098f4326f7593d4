//! The floors of ARCHITECTURE.md hold: no module's non-test code names a module on its
//! own floor or above. The table is read from ARCHITECTURE.md, so it is written once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Module name -> floor, from the ```layers block of ARCHITECTURE.md.
fn floors(architecture: &str) -> BTreeMap<String, usize> {
    let block = architecture
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    let mut floors = BTreeMap::new();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let mut words = line.split_whitespace();
        let floor: usize = words
            .next()
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("a floor line starts with its number: {line:?}"));
        for module in words {
            assert!(
                floors.insert(module.to_string(), floor).is_none(),
                "{module} stands on two floors"
            );
        }
    }
    floors
}

/// The text of a source file without its `#[cfg(test)] mod tests { … }` block and
/// without line comments: what ships.
fn shipped_code(source: &str) -> String {
    let mut code = source.to_string();
    if let Some(start) = code.find("#[cfg(test)]\nmod tests {") {
        let open = start + code[start..].find('{').expect("an opening brace");
        let mut depth = 0usize;
        let mut end = code.len();
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        code.replace_range(start..end, "");
    }
    code.lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Top-level modules named through `crate::`, including `use crate::{a, b::c}` groups.
fn crate_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if c.is_whitespace() => {}
                    _ if item_start => {
                        item_start = false;
                        let name = ident_at(&group[i..]);
                        if !name.is_empty() && name != "self" {
                            found.push(name.to_string());
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                found.push(name.to_string());
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every import that goes sideways or up, as "file: module (floor) -> used (floor)".
fn violations(root: &Path, floors: &BTreeMap<String, usize>) -> Vec<String> {
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" {
            continue;
        }
        if module == "main" {
            continue; // main.rs may call anything; it calls cli::main.
        }
        let Some(&own) = floors.get(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` has no floor; add it to ARCHITECTURE.md",
                rel.display()
            ));
            continue;
        };
        let code = shipped_code(&fs::read_to_string(&file).expect("readable"));
        for used in crate_modules(&code) {
            if used == module {
                continue;
            }
            match floors.get(&used) {
                Some(&floor) if floor < own => {}
                Some(&floor) => problems.push(format!(
                    "src/{}: `{module}` (floor {own}) uses `{used}` (floor {floor})",
                    rel.display()
                )),
                None => problems.push(format!(
                    "src/{}: `{module}` uses `{used}`, which has no floor in ARCHITECTURE.md",
                    rel.display()
                )),
            }
        }
    }
    problems
}

#[test]
fn no_module_imports_from_its_own_floor_or_above() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let floors = floors(&fs::read_to_string(root.join("ARCHITECTURE.md")).expect("readable"));
    let problems = violations(root, &floors);
    assert!(
        problems.is_empty(),
        "imports against ARCHITECTURE.md's floors:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scanner_sees_plain_paths_groups_and_skips_tests_and_comments() {
    let code = shipped_code(
        "use crate::content::Playbook;\nuse crate::{engine::Triage, report, self};\n\
         // crate::wizard in a comment\nfn f() { crate::app::now_utc(); }\n\
         #[cfg(test)]\nmod tests {\n    use crate::cli;\n    fn g() { {} }\n}\n",
    );
    assert_eq!(
        crate_modules(&code),
        vec!["content", "engine", "report", "app"]
    );
}

#[test]
fn an_upward_import_is_reported() {
    let dir = tempfile::tempdir().expect("a temp dir");
    fs::create_dir_all(dir.path().join("src/engine")).expect("created");
    fs::write(
        dir.path().join("src/engine/mod.rs"),
        "use crate::content::Node;\nfn f() { crate::wizard::run(); crate::search::x(); }\n",
    )
    .expect("written");
    fs::write(dir.path().join("src/orphan.rs"), "").expect("written");
    let floors = floors("```layers\n1 content\n2 engine search\n3 wizard\n```\n");
    assert_eq!(
        violations(dir.path(), &floors),
        vec![
            "src/engine/mod.rs: `engine` (floor 2) uses `wizard` (floor 3)".to_string(),
            "src/engine/mod.rs: `engine` (floor 2) uses `search` (floor 2)".to_string(),
            "src/orphan.rs: module `orphan` has no floor; add it to ARCHITECTURE.md".to_string(),
        ]
    );
}

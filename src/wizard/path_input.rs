//! What a person types or drops into a path box, made into a path: the quotes that
//! Windows "Copy as path" and drag and drop add are stripped, `~` is the home folder,
//! and Tab completes. Pure: the runtime lists folders and knows the home folder.

use std::path::{Path, PathBuf};

/// The path meant by `typed`: trimmed, without one pair of surrounding quotes, with a
/// leading `~` replaced by `home`.
pub fn clean(typed: &str, home: Option<&Path>) -> PathBuf {
    let mut text = typed.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote) {
            // A path still being typed has no closing quote yet.
            text = inner.strip_suffix(quote).unwrap_or(inner);
            break;
        }
    }
    if let Some(home) = home {
        if text == "~" {
            return home.to_path_buf();
        }
        if let Some(rest) = text.strip_prefix("~/").or_else(|| text.strip_prefix("~\\")) {
            return home.join(rest);
        }
    }
    PathBuf::from(text)
}

/// Split what was typed into the folder to list and the start of the name in it.
pub fn split(typed: &str) -> (&str, &str) {
    match typed.rfind(['/', '\\']) {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    }
}

/// Complete `typed` against the names in its folder (`entries`: name and whether it is
/// a folder): the longest common start of the names that match, with a separator after
/// a single folder. `None` when nothing matches.
pub fn complete(typed: &str, entries: &[(String, bool)]) -> Option<String> {
    let (folder, start) = split(typed);
    let matches: Vec<&(String, bool)> = entries
        .iter()
        .filter(|(name, _)| name.starts_with(start))
        .collect();
    let first = matches.first()?;
    let mut common = first.0.clone();
    for (name, _) in &matches[1..] {
        let shared = common
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map(|((i, a), _)| i + a.len_utf8())
            .unwrap_or(0);
        common.truncate(shared);
    }
    let mut out = format!("{folder}{common}");
    if matches.len() == 1 && first.1 {
        out.push(std::path::MAIN_SEPARATOR);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_stripped_and_the_home_is_expanded() {
        let home = Path::new("/home/ada");
        assert_eq!(
            clean("  \"/tmp/a b.zip\" ", Some(home)),
            Path::new("/tmp/a b.zip")
        );
        assert_eq!(clean("'/tmp/x.zip'", Some(home)), Path::new("/tmp/x.zip"));
        assert_eq!(
            clean("~/flow.json", Some(home)),
            Path::new("/home/ada/flow.json")
        );
        assert_eq!(
            clean("\"~/f.json\"", Some(home)),
            Path::new("/home/ada/f.json")
        );
        assert_eq!(clean("~/f.json", None), Path::new("~/f.json"));
        assert_eq!(clean("a\"b", Some(home)), Path::new("a\"b"));
        assert_eq!(
            clean("\"/tmp/sol", Some(home)),
            Path::new("/tmp/sol"),
            "being typed"
        );
    }

    #[test]
    fn tab_completes_the_common_start() {
        let entries = vec![
            ("solution-a.zip".to_string(), false),
            ("solution-b.zip".to_string(), false),
            ("flows".to_string(), true),
        ];
        assert_eq!(
            complete("/x/sol", &entries).as_deref(),
            Some("/x/solution-")
        );
        assert_eq!(
            complete("/x/fl", &entries).as_deref(),
            Some(format!("/x/flows{}", std::path::MAIN_SEPARATOR).as_str())
        );
        assert_eq!(complete("/x/zzz", &entries), None);
        assert_eq!(
            complete("solution-a", &entries).as_deref(),
            Some("solution-a.zip")
        );
    }
}

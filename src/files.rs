//! The file system edge: reading content folders and inputs, and writing atomically.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::content::{ContentSource, Playbook, Problem, Source};
use crate::search::SearchIndex;

/// Why a content folder could not be used, before any file is parsed.
#[derive(Debug, thiserror::Error)]
pub enum ContentDirError {
    #[error("{0}: no such content folder; pass a folder that holds playbook *.toml files")]
    Missing(String),
    #[error("{0}: is a file, not a folder; pass the folder that holds playbook *.toml files")]
    NotADirectory(String),
    #[error("{0}: holds no *.toml files; pass the folder that holds playbook *.toml files")]
    Empty(String),
    #[error("{path}: cannot be read: {reason}")]
    Unreadable { path: String, reason: String },
}

fn collect_toml(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<(), ContentDirError> {
    // A symbolic link back up the tree is read once, not for ever (F14).
    let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(real) {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| ContentDirError::Unreadable {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_toml(&path, out, seen)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            // A device (`x.toml -> /dev/zero`) or a FIFO is never read: it may never end.
            if !path.is_file() {
                return Err(ContentDirError::Unreadable {
                    path: path.display().to_string(),
                    reason: "not a regular file (a device, a pipe or a broken link)".into(),
                });
            }
            // The same file reached through two links is read once.
            let real = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if seen.insert(real) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Every `*.toml` under `dir`, sorted (so load order is stable).
pub fn content_files(dir: &Path) -> Result<Vec<PathBuf>, ContentDirError> {
    let shown = dir.display().to_string();
    if !dir.exists() {
        return Err(ContentDirError::Missing(shown));
    }
    if !dir.is_dir() {
        return Err(ContentDirError::NotADirectory(shown));
    }
    let mut paths = Vec::new();
    collect_toml(dir, &mut paths, &mut Default::default())?;
    paths.sort();
    if paths.is_empty() {
        return Err(ContentDirError::Empty(shown));
    }
    Ok(paths)
}

/// Read content files, each named as its path is shown.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>, ContentDirError> {
    paths
        .iter()
        .map(|path| {
            let bytes = fs::read(path).map_err(|e| ContentDirError::Unreadable {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            Ok(Source {
                name: path.display().to_string(),
                text: text_of(bytes),
            })
        })
        .collect()
}

/// Read every `*.toml` under `dir` (sorted, so load order is stable).
pub fn read_content_dir(dir: &Path) -> Result<Vec<Source>, ContentDirError> {
    read_sources(&content_files(dir)?)
}

/// Why the playbook could not be loaded: the folder, or the problems in its files.
#[derive(Debug)]
pub enum PlaybookError {
    Dir(ContentDirError),
    Problems(Vec<Problem>),
}

impl std::fmt::Display for PlaybookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaybookError::Dir(e) => write!(f, "{e}"),
            PlaybookError::Problems(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

/// The embedded playbook, or the one in `dir` when given (through the cache of compiled
/// folders, unless it is turned off).
pub fn load_playbook(dir: Option<&Path>) -> Result<Playbook, PlaybookError> {
    match dir {
        None => crate::content::embedded_playbook().map_err(PlaybookError::Problems),
        Some(dir) => match crate::cache::PlaybookCache::discover() {
            Some(cache) => cache.playbook(dir),
            None => load_uncached(dir),
        },
    }
}

/// The search index of the embedded playbook, or of the one in `dir`: from the cache, a
/// search need not decode the playbook at all.
pub fn load_search_index(dir: Option<&Path>) -> Result<SearchIndex, PlaybookError> {
    match (dir, crate::cache::PlaybookCache::discover()) {
        (Some(dir), Some(cache)) => cache.search_index(dir),
        (dir, _) => Ok(SearchIndex::new(&load_playbook(dir)?)),
    }
}

/// Read, parse and check the folder, without the cache.
pub fn load_uncached(dir: &Path) -> Result<Playbook, PlaybookError> {
    let sources = read_content_dir(dir).map_err(PlaybookError::Dir)?;
    crate::content::load(
        &sources,
        ContentSource::Directory(dir.display().to_string()),
    )
    .map_err(PlaybookError::Problems)
}

/// Read an input path, or standard input for `-`. Bytes that are not UTF-8 are replaced.
pub fn read_input(input: &str) -> io::Result<String> {
    let mut bytes = Vec::new();
    if input == "-" {
        io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = fs::read(input)?;
    }
    Ok(text_of(bytes))
}

/// Bytes as text, invalid UTF-8 replaced. Valid UTF-8 (the usual case) is taken as is,
/// checked by the fast validator and not copied. UTF-16 with a byte order mark (what
/// Windows PowerShell 5.1's `>` and `Out-File` write) is decoded (F26), and a UTF-8
/// byte order mark dropped.
pub fn text_of(bytes: Vec<u8>) -> String {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => return utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, ..] => {
            let mut bytes = bytes;
            bytes.drain(..3);
            return text_of(bytes);
        }
        _ => {}
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Write a report to `path`, which the user named (`--output`): atomically into a
/// regular file, or straight into a device, a pipe or a terminal (`/dev/stdout`, a
/// FIFO), which is never replaced by a file (F22).
pub fn write_output(path: &Path, contents: &[u8]) -> io::Result<()> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut file = fs::OpenOptions::new().write(true).open(path)?;
            file.write_all(contents)?;
            file.flush()
        }
        _ => write_atomic(path, contents),
    }
}

/// Write `contents` to `path` so that a reader never sees half a file: a temporary file
/// in the same folder, flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Like `write_atomic`, but never replaces an existing file: `name.md` becomes
/// `name-2.md`, `name-3.md`… Returns the path written.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
    for n in 1..10_000u32 {
        let name = match (n, &ext) {
            (1, Some(ext)) => format!("{stem}.{ext}"),
            (1, None) => stem.clone(),
            (n, Some(ext)) => format!("{stem}-{n}.{ext}"),
            (n, None) => format!("{stem}-{n}"),
        };
        let candidate = dir.join(name);
        let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
        tmp.write_all(contents)?;
        tmp.as_file().sync_all()?;
        // persist_noclobber fails if the target appeared meanwhile, so two writers never
        // overwrite each other.
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.error),
        }
    }
    Err(io::Error::other("too many reports with the same name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_input_keeps_valid_text_and_replaces_bytes_that_are_not_utf8() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let good = dir.path().join("good.txt");
        fs::write(&good, "Connection 'é' failed\n").expect("written");
        assert_eq!(
            read_input(&good.display().to_string()).expect("read"),
            "Connection 'é' failed\n"
        );
        let bad = dir.path().join("bad.txt");
        fs::write(&bad, b"code \xff\xfe Missing\n").expect("written");
        assert_eq!(
            read_input(&bad.display().to_string()).expect("read"),
            "code \u{FFFD}\u{FFFD} Missing\n"
        );
    }
}

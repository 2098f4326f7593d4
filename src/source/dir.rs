//! Reading a content folder: every `*.toml` under it, sorted, as named sources.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::{Problem, Source};
use crate::files::text_of;

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

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ContentDirError> {
    let entries = fs::read_dir(dir).map_err(|e| ContentDirError::Unreadable {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
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
    collect_toml(dir, &mut paths)?;
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

//! Where a playbook comes from: the embedded one, or a content folder read and checked,
//! through the cache of compiled folders unless it is turned off. The one owner of the
//! policy "folder -> playbook"; `dir` reads folders, `cache` keeps compiled ones.

pub mod cache;
mod dir;

use std::path::Path;

use crate::content::{ContentSource, Playbook};
use crate::search::SearchIndex;

pub use cache::PlaybookCache;
pub use dir::{ContentDirError, PlaybookError, content_files, read_content_dir, read_sources};

/// The embedded playbook, or the one in `dir` when given (through the cache of compiled
/// folders, unless it is turned off).
pub fn load_playbook(dir: Option<&Path>) -> Result<Playbook, PlaybookError> {
    match dir {
        None => crate::content::embedded_playbook().map_err(PlaybookError::Problems),
        Some(dir) => match PlaybookCache::discover() {
            Some(cache) => cache.playbook(dir),
            None => load_uncached(dir),
        },
    }
}

/// The search index of the embedded playbook, or of the one in `dir`: from the cache, a
/// search need not decode the playbook at all.
pub fn load_search_index(dir: Option<&Path>) -> Result<SearchIndex, PlaybookError> {
    match (dir, PlaybookCache::discover()) {
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

//! Compiled `--content` folders, kept between runs (the file system edge).
//!
//! Parsing and checking TOML costs about 120 instructions a byte: a 10,000-node
//! playbook (3.9 MB) takes a tenth of a second to load, every run. A folder that loaded
//! cleanly once is kept in compiled form under the cache folder, named by a hash of
//! every file's name and text and of this build's playbook types; the next run with
//! the same files reads the texts, hashes them (a fraction of a millisecond) and
//! decodes. Any change to a file, or a new build, gives another name, so a stale entry
//! is never used; old entries are pruned. The cache is only ever a shortcut: when it
//! cannot be read or written, the folder is loaded as if there were none, and
//! `content check` never uses it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::content::{ContentSource, Playbook, Problem, Source, compiled};

/// Compiled folders kept; the least recently written are removed beyond this.
const KEEP: usize = 16;

/// Set (to anything but empty) to load `--content` folders without the cache.
pub const DISABLE_ENV: &str = "FLOWTRIAGE_NO_CACHE";

/// Where compiled playbooks are kept.
#[derive(Debug, Clone)]
pub struct PlaybookCache {
    dir: PathBuf,
}

/// What every key depends on besides the files: this build's playbook types.
fn build_identity() -> &'static str {
    concat!(
        env!("CARGO_PKG_VERSION"),
        "/",
        env!("FLOWTRIAGE_MODEL_FINGERPRINT")
    )
}

/// The key of a set of content files: their names and texts, in order, and the build.
pub fn key(sources: &[Source]) -> u128 {
    let mut hasher = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(build_identity().as_bytes());
    field(&compiled::FORMAT.to_le_bytes());
    for source in sources {
        field(source.name.as_bytes());
        field(source.text.as_bytes());
    }
    hasher.digest128()
}

impl PlaybookCache {
    pub fn new(dir: PathBuf) -> PlaybookCache {
        PlaybookCache { dir }
    }

    /// The user's cache folder, unless `FLOWTRIAGE_NO_CACHE` is set or there is no home.
    pub fn discover() -> Option<PlaybookCache> {
        if std::env::var_os(DISABLE_ENV).is_some_and(|v| !v.is_empty()) {
            return None;
        }
        crate::paths::Dirs::discover().map(|dirs| PlaybookCache::new(dirs.compiled_playbooks()))
    }

    fn path_of(&self, key: u128) -> PathBuf {
        self.dir.join(format!("{key:032x}.playbook"))
    }

    /// The playbook of `sources`: decoded from the cache when this build compiled the
    /// same files before, else loaded and checked (and, when clean, kept).
    pub fn load(
        &self,
        sources: &[Source],
        origin: ContentSource,
    ) -> Result<Playbook, Vec<Problem>> {
        let key = key(sources);
        let path = self.path_of(key);
        if let Ok(bytes) = fs::read(&path)
            && let Ok(playbook) = compiled::decode(&bytes, key, origin.clone())
        {
            return Ok(playbook);
        }
        let playbook = crate::content::load(sources, origin)?;
        // Best effort: a read-only or full disk only costs the next run its shortcut.
        if self.store(&path, &compiled::encode(&playbook, key)).is_ok() {
            self.prune(&path);
        }
        Ok(playbook)
    }

    fn store(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        // Atomic, so a reader never sees half a file (the checksum would refuse it
        // anyway); no fsync: losing a cache entry to a crash costs nothing.
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        tmp.write_all(bytes)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Remove the oldest entries beyond `KEEP`, never the one just written.
    fn prune(&self, keep: &Path) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "playbook"))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        if found.len() <= KEEP {
            return;
        }
        found.sort();
        let excess = found.len() - KEEP;
        for (_, path) in found.into_iter().filter(|(_, p)| p != keep).take(excess) {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(version: &str) -> Vec<Source> {
        vec![Source {
            name: "dir/a.toml".into(),
            text: format!(
                "[meta]\nversion = \"{version}\"\n[routing]\nstart = \"q\"\n\
                 [[category]]\nid = \"c\"\ntitle = \"C\"\n\
                 [[question]]\nid = \"q\"\nkey = \"q\"\nprompt = \"Which?\"\n\
                 [[question.option]]\nvalue = \"a\"\nlabel = \"A\"\nnext = \"o\"\n\
                 [[outcome]]\nid = \"o\"\ncategory = \"c\"\ntitle = \"O\"\ncause = \"C.\"\n\
                 [[outcome.step]]\ntext = \"Do it.\"\n"
            ),
        }]
    }

    fn entries(dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(dir)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        found.sort();
        found
    }

    #[test]
    fn a_clean_folder_is_kept_and_read_back_the_same() {
        let home = tempfile::tempdir().expect("temp dir");
        let cache = PlaybookCache::new(home.path().join("playbooks"));
        let origin = ContentSource::Directory("dir".into());
        let first = cache.load(&sources("v1"), origin.clone()).expect("loads");
        let kept = entries(&home.path().join("playbooks"));
        assert_eq!(kept.len(), 1);
        let second = cache.load(&sources("v1"), origin).expect("loads");
        assert_eq!(first, second);
        assert_eq!(entries(&home.path().join("playbooks")), kept);
    }

    #[test]
    fn any_change_to_a_file_is_another_entry() {
        let home = tempfile::tempdir().expect("temp dir");
        let cache = PlaybookCache::new(home.path().to_path_buf());
        let origin = ContentSource::Directory("dir".into());
        assert_eq!(
            cache
                .load(&sources("v1"), origin.clone())
                .expect("loads")
                .version,
            "v1"
        );
        assert_eq!(
            cache.load(&sources("v2"), origin).expect("loads").version,
            "v2"
        );
        assert_eq!(entries(home.path()).len(), 2);
        assert_ne!(key(&sources("v1")), key(&sources("v2")));
        let mut renamed = sources("v1");
        renamed[0].name = "other/a.toml".into();
        assert_ne!(key(&sources("v1")), key(&renamed));
    }

    #[test]
    fn a_damaged_entry_is_loaded_again_and_replaced() {
        let home = tempfile::tempdir().expect("temp dir");
        let cache = PlaybookCache::new(home.path().to_path_buf());
        let origin = ContentSource::Directory("dir".into());
        let good = cache.load(&sources("v1"), origin.clone()).expect("loads");
        let path = cache.path_of(key(&sources("v1")));
        let mut bytes = fs::read(&path).expect("kept");
        bytes.truncate(bytes.len() / 2);
        fs::write(&path, &bytes).expect("written");
        assert_eq!(cache.load(&sources("v1"), origin).expect("loads"), good);
        assert!(fs::read(&path).expect("rewritten").len() > bytes.len());
    }

    #[test]
    fn broken_content_is_never_kept() {
        let home = tempfile::tempdir().expect("temp dir");
        let cache = PlaybookCache::new(home.path().to_path_buf());
        let mut broken = sources("v1");
        broken[0].text.push_str("[[outcome]]\nid = \"o\"\n");
        assert!(cache.load(&broken, ContentSource::Embedded).is_err());
        assert!(entries(home.path()).is_empty());
    }

    #[test]
    fn an_unwritable_cache_only_costs_the_shortcut() {
        let home = tempfile::tempdir().expect("temp dir");
        let file = home.path().join("not-a-dir");
        fs::write(&file, "x").expect("written");
        let cache = PlaybookCache::new(file.join("playbooks"));
        assert!(cache.load(&sources("v1"), ContentSource::Embedded).is_ok());
    }

    #[test]
    fn old_entries_are_pruned() {
        let home = tempfile::tempdir().expect("temp dir");
        let cache = PlaybookCache::new(home.path().to_path_buf());
        for i in 0..KEEP + 3 {
            cache
                .load(&sources(&format!("v{i}")), ContentSource::Embedded)
                .expect("loads");
        }
        assert_eq!(entries(home.path()).len(), KEEP);
        assert!(
            cache
                .path_of(key(&sources(&format!("v{}", KEEP + 2))))
                .exists()
        );
    }
}

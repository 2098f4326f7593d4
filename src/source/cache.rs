//! Compiled `--content` folders, kept between runs (the file system edge).
//!
//! Parsing and checking TOML costs about 120 instructions a byte: a 10,000-node
//! playbook (3.9 MB) takes a tenth of a second to load, every run. A folder that loaded
//! cleanly is kept in compiled form under the cache folder: the playbook, and its search
//! index, each decodable on its own (a search reads only the index).
//!
//! An entry is named by a hash of each file's name and metadata (size, modification and
//! change times, inode) and of this build, so finding it reads no content file. As git
//! does for its index, an entry written within two seconds of a file's last change is
//! not trusted on metadata alone (a file rewritten in the same clock tick keeps its
//! times): the files are read and compared, by a hash of their text, with what the
//! entry was made from. Any change gives another name or a failed comparison, so a stale
//! entry is never used; old entries are pruned. The cache is only a shortcut: when it
//! cannot be read or written, the folder is loaded as if there were none, and
//! `content check` never uses it.

use std::fs::{self, File};
use std::io::{Read as _, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::dir::{self, PlaybookError};
use crate::content::{ContentSource, Playbook, Source, compiled};
use crate::search::SearchIndex;

/// Compiled folders kept; the least recently written are removed beyond this.
const KEEP: usize = 16;

/// Set (to anything but empty) to load `--content` folders without the cache.
pub const DISABLE_ENV: &str = "FLOWTRIAGE_NO_CACHE";

/// How close to an entry's writing a file may have changed for its metadata to be
/// trusted: more than any file system's timestamp granularity.
const RACY: Duration = Duration::from_secs(2);

const MAGIC: [u8; 8] = *b"FTCACHE\x01";
/// magic, meta key, content key, written at (ns), then two sections of
/// (offset, length, checksum).
const HEADER_LEN: usize = 8 + 16 + 16 + 8 + 2 * 24;

#[derive(Clone, Copy)]
enum Section {
    Playbook = 0,
    Index = 1,
}

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

fn hasher() -> Xxh3 {
    let mut hasher = Xxh3::new();
    field(&mut hasher, build_identity().as_bytes());
    field(&mut hasher, &compiled::FORMAT.to_le_bytes());
    hasher
}

fn field(hasher: &mut Xxh3, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The key of a set of content files by their names and texts, in order.
pub fn content_key(sources: &[Source]) -> u128 {
    let mut hasher = hasher();
    for source in sources {
        field(&mut hasher, source.name.as_bytes());
        field(&mut hasher, source.text.as_bytes());
    }
    hasher.digest128()
}

fn nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos().min(u128::from(u64::MAX)) as u64)
}

/// What the metadata says of the files: the key of an entry, and the latest time any of
/// them changed.
struct Stamps {
    key: u128,
    latest: u64,
}

fn stamps(paths: &[PathBuf]) -> Option<Stamps> {
    let mut hasher = hasher();
    let mut latest = 0;
    for path in paths {
        let meta = fs::metadata(path).ok()?;
        let modified = nanos(meta.modified().ok()?);
        field(&mut hasher, path.display().to_string().as_bytes());
        hasher.update(&meta.len().to_le_bytes());
        hasher.update(&modified.to_le_bytes());
        latest = latest.max(modified);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // The change time moves on every write and cannot be set back, unlike the
            // modification time (`touch -d`, archives that keep times).
            let changed = (meta.ctime().max(0) as u64)
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.ctime_nsec().max(0) as u64);
            hasher.update(&changed.to_le_bytes());
            hasher.update(&meta.ino().to_le_bytes());
            latest = latest.max(changed);
        }
    }
    Some(Stamps {
        key: hasher.digest128(),
        latest,
    })
}

struct Header {
    meta_key: u128,
    content_key: u128,
    written_at: u64,
    sections: [(u64, u64, u64); 2],
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

fn u128_at(bytes: &[u8], at: usize) -> u128 {
    u128::from_le_bytes(bytes[at..at + 16].try_into().expect("16 bytes"))
}

impl Header {
    fn parse(bytes: &[u8]) -> Option<Header> {
        if bytes.len() < HEADER_LEN || bytes[..8] != MAGIC {
            return None;
        }
        let section = |i: usize| {
            let at = 48 + 24 * i;
            (
                u64_at(bytes, at),
                u64_at(bytes, at + 8),
                u64_at(bytes, at + 16),
            )
        };
        Some(Header {
            meta_key: u128_at(bytes, 8),
            content_key: u128_at(bytes, 24),
            written_at: u64_at(bytes, 40),
            sections: [section(0), section(1)],
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&self.meta_key.to_le_bytes());
        out.extend_from_slice(&self.content_key.to_le_bytes());
        out.extend_from_slice(&self.written_at.to_le_bytes());
        for (offset, len, checksum) in self.sections {
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&checksum.to_le_bytes());
        }
    }
}

/// A folder's files, read once when needed.
struct Folder<'a> {
    dir: &'a Path,
    paths: Vec<PathBuf>,
    read: Option<Read>,
}

/// The files' texts, and their metadata and the time just before they were read: an
/// entry made from these texts is stamped with those, so that a file changed after it
/// was read makes the entry racy, never wrongly trusted.
struct Read {
    sources: Vec<Source>,
    stamps: Option<Stamps>,
    at: u64,
}

impl Folder<'_> {
    fn read(&mut self) -> Result<&Read, PlaybookError> {
        if self.read.is_none() {
            let stamps = stamps(&self.paths);
            let at = nanos(SystemTime::now());
            let sources = dir::read_sources(&self.paths).map_err(PlaybookError::Dir)?;
            self.read = Some(Read {
                sources,
                stamps,
                at,
            });
        }
        Ok(self.read.as_ref().expect("just read"))
    }

    fn origin(&self) -> ContentSource {
        ContentSource::Directory(self.dir.display().to_string())
    }
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

    /// The playbook in `dir`: decoded from the cache when this build compiled the same
    /// files before, else loaded and checked (and, when clean, kept).
    pub fn playbook(&self, dir: &Path) -> Result<Playbook, PlaybookError> {
        let mut folder = self.folder(dir)?;
        if let Some(bytes) = self.cached(&mut folder, Section::Playbook)
            && let Ok(playbook) = compiled::decode_payload(&bytes, folder.origin())
        {
            return Ok(playbook);
        }
        Ok(self.compile(&mut folder)?.0)
    }

    /// The search index of the playbook in `dir`, from the cache when it can be.
    pub fn search_index(&self, dir: &Path) -> Result<SearchIndex, PlaybookError> {
        let mut folder = self.folder(dir)?;
        if let Some(bytes) = self.cached(&mut folder, Section::Index)
            && let Ok(index) = SearchIndex::from_bytes(&bytes)
        {
            return Ok(index);
        }
        Ok(self.compile(&mut folder)?.1)
    }

    fn folder<'a>(&self, dir: &'a Path) -> Result<Folder<'a>, PlaybookError> {
        Ok(Folder {
            dir,
            paths: dir::content_files(dir).map_err(PlaybookError::Dir)?,
            read: None,
        })
    }

    /// A section of the folder's entry, if there is one to be trusted.
    fn cached(&self, folder: &mut Folder<'_>, section: Section) -> Option<Vec<u8>> {
        let stamps = stamps(&folder.paths)?;
        let path = self.path_of(stamps.key);
        let mut file = File::open(&path).ok()?;
        let mut head = [0u8; HEADER_LEN];
        file.read_exact(&mut head).ok()?;
        let header = Header::parse(&head).filter(|h| h.meta_key == stamps.key)?;
        let racy = stamps.latest.saturating_add(RACY.as_nanos() as u64) > header.written_at;
        if racy && content_key(&folder.read().ok()?.sources) != header.content_key {
            return None;
        }
        let (offset, len, checksum) = header.sections[section as usize];
        file.seek(SeekFrom::Start(offset)).ok()?;
        let mut bytes = vec![0u8; usize::try_from(len).ok()?];
        file.read_exact(&mut bytes).ok()?;
        if xxh3_64(&bytes) != checksum {
            return None;
        }
        if racy {
            // Verified now; once the files are old enough, trust their metadata again.
            self.restamp(&path, stamps.latest);
        }
        Some(bytes)
    }

    /// Load and check the folder, and keep what a clean one compiles to.
    fn compile(&self, folder: &mut Folder<'_>) -> Result<(Playbook, SearchIndex), PlaybookError> {
        let origin = folder.origin();
        let read = folder.read()?;
        let playbook =
            crate::content::load(&read.sources, origin).map_err(PlaybookError::Problems)?;
        let index = SearchIndex::new(&playbook);
        let content_key = content_key(&read.sources);
        let written_at = read.at;
        if let Some(stamps) = &read.stamps {
            let sections = [compiled::encode_payload(&playbook), index.to_bytes()];
            let mut bytes = Vec::new();
            let mut offset = HEADER_LEN as u64;
            let mut table = [(0, 0, 0); 2];
            for (slot, section) in table.iter_mut().zip(&sections) {
                *slot = (offset, section.len() as u64, xxh3_64(section));
                offset += section.len() as u64;
            }
            Header {
                meta_key: stamps.key,
                content_key,
                written_at,
                sections: table,
            }
            .write(&mut bytes);
            for section in &sections {
                bytes.extend_from_slice(section);
            }
            let path = self.path_of(stamps.key);
            // Best effort: a read-only or full disk only costs the next run its shortcut.
            if self.store(&path, &bytes).is_ok() {
                self.prune(&path);
            }
        }
        Ok((playbook, index))
    }

    /// Mark a verified entry as written now, when its files are old enough by now.
    fn restamp(&self, path: &Path, latest: u64) {
        let now = nanos(SystemTime::now());
        if latest.saturating_add(RACY.as_nanos() as u64) > now {
            return;
        }
        if let Ok(mut bytes) = fs::read(path)
            && bytes.len() >= HEADER_LEN
        {
            bytes[40..48].copy_from_slice(&now.to_le_bytes());
            let _ = self.store(path, &bytes);
        }
    }

    fn store(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        // Atomic, so a reader never sees half a file (the checksums would refuse it
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
        let mut found: Vec<(SystemTime, PathBuf)> = entries
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

    fn write_folder(dir: &Path, version: &str) {
        fs::create_dir_all(dir).expect("folder");
        fs::write(
            dir.join("a.toml"),
            format!(
                "[meta]\nversion = \"{version}\"\n[routing]\nstart = \"q\"\n\
                 [[category]]\nid = \"c\"\ntitle = \"C\"\n\
                 [[question]]\nid = \"q\"\nkey = \"q\"\nprompt = \"Which?\"\n\
                 [[question.option]]\nvalue = \"a\"\nlabel = \"A\"\nnext = \"o\"\n\
                 [[outcome]]\nid = \"o\"\ncategory = \"c\"\ntitle = \"Connection timed out\"\ncause = \"C.\"\n\
                 [[outcome.step]]\ntext = \"Do it.\"\n"
            ),
        )
        .expect("written");
    }

    fn entries(dir: &Path) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "playbook"))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    }

    /// An entry of `cache` for `content`, as if written long after its files changed.
    fn age(cache: &PlaybookCache, content: &Path) {
        let folder = cache.folder(content).expect("folder");
        let stamps = stamps(&folder.paths).expect("stamps");
        let path = cache.path_of(stamps.key);
        let mut bytes = fs::read(&path).expect("entry");
        let later = stamps.latest + 10 * RACY.as_nanos() as u64;
        bytes[40..48].copy_from_slice(&later.to_le_bytes());
        fs::write(&path, bytes).expect("written");
    }

    #[test]
    fn a_clean_folder_is_kept_and_read_back_the_same() {
        let home = tempfile::tempdir().expect("temp dir");
        let content = home.path().join("content");
        write_folder(&content, "v1");
        let cache = PlaybookCache::new(home.path().join("cache"));
        let first = cache.playbook(&content).expect("loads");
        assert_eq!(first, super::super::load_uncached(&content).expect("loads"));
        assert_eq!(entries(&home.path().join("cache")).len(), 1);
        age(&cache, &content);
        assert_eq!(cache.playbook(&content).expect("loads"), first);
        let index = cache.search_index(&content).expect("index");
        assert_eq!(index.entries(), SearchIndex::new(&first).entries());
        assert_eq!(index.search("conn tim", 5).len(), 1);
        assert_eq!(entries(&home.path().join("cache")).len(), 1);
    }

    #[test]
    fn a_changed_file_is_never_read_from_an_old_entry() {
        let home = tempfile::tempdir().expect("temp dir");
        let content = home.path().join("content");
        write_folder(&content, "v1");
        let cache = PlaybookCache::new(home.path().join("cache"));
        assert_eq!(cache.playbook(&content).expect("loads").version, "v1");
        age(&cache, &content);
        // Same size, and the modification time put back: the change time still moves,
        // and on a system without one the entry is too recent to be trusted.
        let file = content.join("a.toml");
        let modified = fs::metadata(&file)
            .and_then(|m| m.modified())
            .expect("time");
        write_folder(&content, "v2");
        File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(modified))
            .expect("time set back");
        assert_eq!(cache.playbook(&content).expect("loads").version, "v2");
    }

    #[test]
    fn a_racy_entry_is_checked_against_the_files() {
        let home = tempfile::tempdir().expect("temp dir");
        let content = home.path().join("content");
        write_folder(&content, "v1");
        let cache = PlaybookCache::new(home.path().join("cache"));
        cache.playbook(&content).expect("loads");
        // Written just now, right after the files: trusted only after comparing texts.
        let mut folder = cache.folder(&content).expect("folder");
        assert!(cache.cached(&mut folder, Section::Playbook).is_some());
        assert!(folder.read.is_some(), "the files were read to compare");
        age(&cache, &content);
        let mut folder = cache.folder(&content).expect("folder");
        assert!(cache.cached(&mut folder, Section::Playbook).is_some());
        assert!(folder.read.is_none(), "metadata was enough");
    }

    #[test]
    fn a_damaged_entry_is_loaded_again_and_replaced() {
        let home = tempfile::tempdir().expect("temp dir");
        let content = home.path().join("content");
        write_folder(&content, "v1");
        let cache = PlaybookCache::new(home.path().join("cache"));
        let good = cache.playbook(&content).expect("loads");
        let path = entries(&home.path().join("cache")).remove(0);
        let mut bytes = fs::read(&path).expect("kept");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        fs::write(&path, &bytes).expect("written");
        assert_eq!(
            cache.search_index(&content).expect("index").entries().len(),
            1
        );
        assert_eq!(cache.playbook(&content).expect("loads"), good);
        bytes.truncate(HEADER_LEN + 3);
        fs::write(&path, &bytes).expect("written");
        assert_eq!(cache.playbook(&content).expect("loads"), good);
        assert!(fs::read(&path).expect("rewritten").len() > bytes.len());
    }

    #[test]
    fn broken_content_is_never_kept() {
        let home = tempfile::tempdir().expect("temp dir");
        let content = home.path().join("content");
        write_folder(&content, "v1");
        fs::write(content.join("b.toml"), "[[outcome]]\nid = \"o\"\n").expect("written");
        let cache = PlaybookCache::new(home.path().join("cache"));
        assert!(matches!(
            cache.playbook(&content),
            Err(PlaybookError::Problems(_))
        ));
        assert!(entries(&home.path().join("cache")).is_empty());
    }

    #[test]
    fn an_unwritable_cache_only_costs_the_shortcut() {
        let home = tempfile::tempdir().expect("temp dir");
        let content = home.path().join("content");
        write_folder(&content, "v1");
        let file = home.path().join("not-a-dir");
        fs::write(&file, "x").expect("written");
        let cache = PlaybookCache::new(file.join("playbooks"));
        let uncached = super::super::load_uncached(&content).expect("loads");
        assert_eq!(cache.playbook(&content).expect("loads"), uncached);
        let index = cache.search_index(&content).expect("indexes");
        let fresh = SearchIndex::new(&uncached);
        assert_eq!(index.entries(), fresh.entries());
    }

    #[test]
    fn old_entries_are_pruned() {
        let home = tempfile::tempdir().expect("temp dir");
        let cache = PlaybookCache::new(home.path().join("cache"));
        for i in 0..KEEP + 3 {
            let content = home.path().join(format!("content-{i}"));
            write_folder(&content, "v1");
            cache.playbook(&content).expect("loads");
        }
        assert_eq!(entries(&home.path().join("cache")).len(), KEEP);
    }
}

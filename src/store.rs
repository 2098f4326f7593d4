//! Saved sessions on disk: one JSON file per session under the state dir, written
//! atomically after every change so a killed terminal loses nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::files::write_private;
use crate::session::Session;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot be written: {reason}")]
    Write { path: String, reason: String },
    #[error("{path}: cannot be read: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}: is not a flowtriage session: {reason}")]
    Invalid { path: String, reason: String },
    #[error("no session '{id}' in {dir}; `flowtriage sessions list` shows the ids")]
    NotFound { id: String, dir: String },
}

/// Whether `id` can name a session file: letters, digits, `-` and `_` (what
/// `session_id` makes), so a crafted id can never point outside the store (F10).
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// How old a left-over temporary file must be before it is removed: a save in progress
/// takes milliseconds.
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct SessionStore {
    dir: PathBuf,
    /// The sessions this process saves, each with the lock it holds, so that two
    /// wizards never write one file (F11). The lock files go when the store does.
    held: std::sync::Arc<std::sync::Mutex<Vec<(String, Lock)>>>,
    /// Each session loaded, by id, with its `updated` then: a resumed session is
    /// written back only over the file it was read from.
    loaded: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, String>>>,
    /// The ids of sessions this process started: never written over a file of that
    /// name (another wizard started in the same second made it).
    fresh: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

impl SessionStore {
    pub fn new(dir: impl Into<PathBuf>) -> SessionStore {
        SessionStore {
            dir: dir.into(),
            held: Default::default(),
            loaded: Default::default(),
            fresh: Default::default(),
        }
    }

    /// Say that `session` was started here, not read from a file: its first save
    /// takes a name no other session has.
    pub fn started(&self, session: &Session) {
        self.fresh
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(session.id.clone());
    }

    /// Make `session` this process's to write, under its id or, when another session
    /// or another wizard has that id, under a new one: `-2`, `-3`… Returns whether
    /// the id changed. A session whose file holds a different session (two wizards
    /// started in the same second) or whose lock another wizard holds (two resumes of
    /// one session) is never written over.
    fn claim(&self, session: &mut Session) -> Result<bool, StoreError> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if held.iter().any(|(id, _)| *id == session.id) {
            return Ok(false);
        }
        let base = session.id.clone();
        for n in 1..1000u32 {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let lock_path = self.lock_path(&id);
            let lock = Lock::take(&lock_path, true).map_err(|e| StoreError::Write {
                path: lock_path.display().to_string(),
                reason: e.to_string(),
            })?;
            let Some(lock) = lock else {
                continue;
            };
            // Locked: nobody else writes this id now. Its file, if any, must be this
            // session saved before (a resume), not another one.
            // A file of that name must be this very session, as it was read (a
            // resume that nobody saved since), never another one.
            let path = self.path_of(&id);
            let fresh = self
                .fresh
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(&base);
            let mine = if path.exists() {
                let loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
                !fresh
                    && id == base
                    && load_file(&path).is_ok_and(|saved| loaded.get(&id) == Some(&saved.updated))
            } else {
                true
            };
            if !mine {
                continue;
            }
            held.push((id.clone(), lock));
            let changed = id != session.id;
            session.id = id;
            return Ok(changed);
        }
        Err(StoreError::Write {
            path: self.path_of(&base).display().to_string(),
            reason: "no free session name".into(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!(".{id}.lock"))
    }

    /// Lock files that no process holds (a wizard ended by `kill -9` or by its
    /// watchdog leaves its own behind): removed, or with `dry_run` only named. Each is
    /// removed while locked, so a wizard that holds or is taking it is never disturbed.
    pub fn stale_locks(&self, dry_run: bool) -> Vec<String> {
        let mut names: Vec<String> = self
            .file_names()
            .into_iter()
            .filter_map(|name| {
                if !(name.starts_with('.') && name.ends_with(".lock")) {
                    return None;
                }
                let path = self.dir.join(&name);
                let lock = Lock::take(&path, false).ok()??;
                if dry_run {
                    lock.keep_file();
                    return Some(name);
                }
                drop(lock);
                // Windows cannot remove a file another process has open.
                (!path.exists()).then_some(name)
            })
            .collect();
        names.sort();
        names
    }

    /// Save atomically; returns the file written. The first save of a session in this
    /// process claims its id (`claim`), which may give it a new one.
    pub fn save(&self, session: &mut Session) -> Result<PathBuf, StoreError> {
        if !is_safe_id(&session.id) {
            return Err(StoreError::Invalid {
                path: session.id.clone(),
                reason: "the session id is not a safe file name".into(),
            });
        }
        fs::create_dir_all(&self.dir).map_err(|e| StoreError::Write {
            path: self.dir.display().to_string(),
            reason: e.to_string(),
        })?;
        self.claim(session)?;
        let path = self.path_of(&session.id);
        let write_err = |reason: String| StoreError::Write {
            path: path.display().to_string(),
            reason,
        };
        let json = serde_json::to_vec_pretty(session).map_err(|e| write_err(e.to_string()))?;
        write_private(&path, &json).map_err(|e| write_err(e.to_string()))?;
        Ok(path)
    }

    pub fn load(&self, id: &str) -> Result<Session, StoreError> {
        // Ids come from users (`sessions show ID`): keep them inside the store.
        if !is_safe_id(id) {
            return Err(StoreError::NotFound {
                id: id.to_string(),
                dir: self.dir.display().to_string(),
            });
        }
        let path = self.path_of(id);
        if !path.exists() {
            return Err(StoreError::NotFound {
                id: id.to_string(),
                dir: self.dir.display().to_string(),
            });
        }
        // The file's name is its id: an `id` inside it is never used as a path (F10).
        let mut session = load_file(&path)?;
        session.id = id.to_string();
        self.loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(session.id.clone(), session.updated.clone());
        Ok(session)
    }

    /// The names of the files in the sessions folder (none when it cannot be read).
    fn file_names(&self) -> Vec<String> {
        fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Remove temporary files a killed save left behind (F27).
    /// `names`: the folder's files, as `file_names` lists them.
    fn sweep(&self, names: &[String]) {
        for name in names.iter().filter(|n| n.starts_with(".tmp")) {
            let path = self.dir.join(name);
            let stale = fs::symlink_metadata(&path)
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TEMPORARY);
            if stale {
                let _ = fs::remove_file(path);
            }
        }
    }

    /// Ids of every saved session, oldest first (ids sort by start time).
    pub fn ids(&self) -> Vec<String> {
        let names = self.file_names();
        self.sweep(&names);
        let mut ids: Vec<String> = names
            .into_iter()
            .filter_map(|name| {
                name.strip_suffix(".json")
                    .filter(|id| is_safe_id(id))
                    .map(str::to_string)
            })
            .collect();
        ids.sort();
        ids
    }

    /// The most recently updated session that still loads.
    pub fn latest(&self) -> Option<Session> {
        self.recent(1).pop()
    }

    /// Every session that loads, most recently updated first.
    pub fn newest_first(&self) -> Vec<Session> {
        let mut sessions: Vec<Session> = self
            .ids()
            .iter()
            .filter_map(|id| self.load(id).ok())
            .collect();
        sessions.sort_by(|a, b| b.updated.cmp(&a.updated).then(b.id.cmp(&a.id)));
        sessions
    }

    /// The `n` most recently updated sessions with work in them, newest first.
    pub fn recent(&self, n: usize) -> Vec<Session> {
        self.newest_first()
            .into_iter()
            .filter(Session::has_work)
            .take(n)
            .collect()
    }

    /// A session by its id, else the newest session of the case with that id.
    pub fn find(&self, id_or_case: &str) -> Result<Session, StoreError> {
        match self.load(id_or_case) {
            Err(StoreError::NotFound { .. }) => {
                self.newest_of_case(id_or_case)
                    .ok_or_else(|| StoreError::NotFound {
                        id: id_or_case.to_string(),
                        dir: self.dir.display().to_string(),
                    })
            }
            other => other,
        }
    }

    /// The most recently updated session of a support case.
    pub fn newest_of_case(&self, case: &str) -> Option<Session> {
        let case = case.trim();
        self.newest_first()
            .into_iter()
            .find(|s| s.case_id.as_deref().map(str::trim) == Some(case))
    }

    /// A session id not taken yet: `id`, else `id-2`, `id-3`…
    pub fn free_id(&self, id: &str) -> String {
        let mut candidate = id.to_string();
        let mut n = 2;
        while self.path_of(&candidate).exists() {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        candidate
    }

    /// Delete one session's file.
    pub fn remove(&self, id: &str) -> Result<(), StoreError> {
        self.load(id)?;
        let path = self.path_of(id);
        fs::remove_file(&path).map_err(|e| StoreError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }
}

/// An exclusive lock on a session's `.ID.lock` file. Dropping it removes the file
/// while the lock is still held, then lets go, so no lock file is left behind.
///
/// Why that is safe: a process that opened the file before it was removed may get the
/// lock on the removed file once it is let go. `take` therefore checks, after locking,
/// that the file it locked is still the one at the path (same device and inode), and
/// opens the path again if not. Only a holder removes a lock file, so a lock whose file
/// is at its path is the one every other process would take too.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    file: Option<fs::File>,
}

impl Lock {
    /// Lock the file at `path` without waiting (creating it when `create`): `None` when
    /// another process holds it, or (without `create`) when there is no file.
    fn take(path: &Path, create: bool) -> std::io::Result<Option<Lock>> {
        // Each round loses only to a holder letting go at that moment; a few suffice.
        for _ in 0..64 {
            let file = match fs::OpenOptions::new()
                .create(create)
                .truncate(false)
                .write(true)
                .open(path)
            {
                Ok(file) => file,
                Err(e) if !create && e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            if !try_lock(&file) {
                return Ok(None);
            }
            if still_at(&file, path) {
                return Ok(Some(Lock {
                    path: path.to_path_buf(),
                    file: Some(file),
                }));
            }
            if !create {
                return Ok(None);
            }
            // Locked a file its holder removed as it let go: closing it lets go of that
            // one (never removing the path, which is someone else's now).
        }
        Ok(None)
    }

    /// Let go of the lock and leave the file where it is.
    fn keep_file(mut self) {
        self.file.take();
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let Some(file) = self.file.take() else {
            return;
        };
        if cfg!(unix) {
            // Removed while held: see the type's comment.
            let _ = fs::remove_file(&self.path);
            drop(file);
        } else {
            // Windows cannot remove a file that is open (and has no lock to keep).
            drop(file);
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `file` is the file at `path` now, not one removed from it.
fn still_at(file: &fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Take an exclusive lock on `file` without waiting, held until it is closed (or the
/// process ends, however it ends). Where flock(2) is not there, every lock is had: the
/// fresh-name check still keeps two new sessions apart.
fn try_lock(file: &fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock only reads the descriptor, which `file` keeps open.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

pub fn load_file(path: &Path) -> Result<Session, StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| StoreError::Invalid {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Every session in `dirs`, and the files that could not be read as one (path, reason).
/// A session found in two folders (the same id and start) counts once: the copy
/// updated last.
pub fn read_folders(dirs: &[PathBuf]) -> (Vec<Session>, Vec<(PathBuf, String)>) {
    let mut bad = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            // No folder yet: no sessions saved on this machine.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                bad.push((dir.clone(), format!("cannot be read: {e}")));
                continue;
            }
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    // Parsing is most of the work: one share of the files per core (a team's 10,000
    // sessions are 40 MB of JSON), results kept in file order.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let chunk = paths.len().div_ceil(threads).max(64);
    let loaded: Vec<Vec<Result<Session, (PathBuf, String)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = paths
            .chunks(chunk)
            .map(|share| {
                scope.spawn(move || {
                    share
                        .iter()
                        .map(|path| load_file(path).map_err(|e| (path.clone(), reason_of(e))))
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut sessions: Vec<Session> = Vec::with_capacity(paths.len());
    for result in loaded.into_iter().flatten() {
        match result {
            Ok(session) => sessions.push(session),
            Err(failed) => bad.push(failed),
        }
    }
    sessions.sort_by(|a, b| {
        (a.id.as_str(), a.started.as_str(), b.updated.as_str()).cmp(&(
            b.id.as_str(),
            b.started.as_str(),
            a.updated.as_str(),
        ))
    });
    sessions.dedup_by(|later, first| later.id == first.id && later.started == first.started);
    (sessions, bad)
}

fn reason_of(e: StoreError) -> String {
    match e {
        StoreError::Read { reason, .. } => format!("cannot be read: {reason}"),
        StoreError::Invalid { reason, .. } => format!("is not a flowtriage session: {reason}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::embedded_playbook;
    use crate::engine::Triage;

    #[test]
    fn saves_loads_and_finds_the_latest() {
        let dir = tempfile::tempdir().unwrap();
        let store = SessionStore::new(dir.path().join("sessions"));
        let playbook = embedded_playbook().unwrap();
        let mut first = Session::new(
            &playbook,
            Triage::start(&playbook, vec![]),
            "2026-11-22T10:00:00Z",
            None,
        );
        first.marks.toggle("step-1");
        store.save(&mut first.clone()).unwrap();
        let mut second = Session::new(
            &playbook,
            Triage::start(&playbook, vec![]),
            "2026-11-22T11:00:00Z",
            Some("C-1".into()),
        );
        second.updated = "2026-11-22T11:05:00Z".into();
        store.save(&mut second.clone()).unwrap();

        assert_eq!(store.ids(), vec!["20261122-100000", "20261122-110000-C-1"]);
        assert_eq!(store.load("20261122-100000").unwrap(), first);
        assert_eq!(store.latest().unwrap().id, "20261122-100000");
        assert!(
            store.recent(5).iter().all(Session::has_work),
            "the untouched second session is not offered"
        );
        assert_eq!(store.find("C-1").unwrap().id, "20261122-110000-C-1");
        assert_eq!(store.find("20261122-100000").unwrap(), first);
        assert!(store.find("C-2").is_err());
        assert_eq!(store.free_id("20261122-100000"), "20261122-100000-2");
        store.remove("20261122-110000-C-1").unwrap();
        assert_eq!(store.ids(), vec!["20261122-100000"]);
    }

    #[test]
    fn refuses_ids_that_leave_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = SessionStore::new(dir.path());
        assert!(matches!(
            store.load("../x"),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn a_corrupt_file_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.json"), "{not json").unwrap();
        let err = SessionStore::new(dir.path())
            .load("bad")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("bad.json") && err.contains("not a flowtriage session"),
            "{err}"
        );
    }

    /// F11: two wizards that resume one session never write over each other: the
    /// second saves a copy under a new name.
    #[test]
    fn two_resumes_of_one_session_keep_both() {
        let dir = tempfile::tempdir().unwrap();
        let playbook = embedded_playbook().unwrap();
        let first = SessionStore::new(dir.path().join("sessions"));
        let mut session = Session::new(
            &playbook,
            Triage::start(&playbook, vec![]),
            "2026-11-22T10:00:00Z",
            None,
        );
        first.started(&session);
        first.save(&mut session).unwrap();
        drop(first);

        let (a, b) = (
            SessionStore::new(dir.path().join("sessions")),
            SessionStore::new(dir.path().join("sessions")),
        );
        let mut in_a = a.load("20261122-100000").unwrap();
        let mut in_b = b.load("20261122-100000").unwrap();
        in_a.marks.toggle("step-a");
        a.save(&mut in_a).unwrap();
        in_b.marks.toggle("step-b");
        b.save(&mut in_b).unwrap();
        assert_eq!(in_b.id, "20261122-100000-2");
        assert_eq!(a.ids(), ["20261122-100000", "20261122-100000-2"]);
        assert!(
            a.load("20261122-100000")
                .unwrap()
                .marks
                .done
                .contains("step-a")
        );
        assert!(
            a.load("20261122-100000-2")
                .unwrap()
                .marks
                .done
                .contains("step-b")
        );

        // A session saved over since it was read is not written over either.
        drop((a, b));
        let (c, d) = (
            SessionStore::new(dir.path().join("sessions")),
            SessionStore::new(dir.path().join("sessions")),
        );
        let mut in_c = c.load("20261122-100000").unwrap();
        let mut in_d = d.load("20261122-100000").unwrap();
        in_c.updated = "2026-11-22T12:00:00Z".into();
        c.save(&mut in_c).unwrap();
        drop(c);
        in_d.marks.toggle("step-d");
        d.save(&mut in_d).unwrap();
        assert_ne!(in_d.id, "20261122-100000");
        drop(d);
        assert_eq!(
            lock_files(&dir.path().join("sessions")),
            Vec::<String>::new(),
            "every lock file went with its store"
        );
    }

    fn lock_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".lock"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// A released session leaves no lock file; a held one is never pruned; one left
    /// by a killed wizard is.
    #[cfg(unix)]
    #[test]
    fn lock_files_go_with_their_session_and_prune_takes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("sessions");
        let playbook = embedded_playbook().unwrap();
        let store = SessionStore::new(&sessions);
        let mut session = Session::new(
            &playbook,
            Triage::start(&playbook, vec![]),
            "2026-11-22T10:00:00Z",
            None,
        );
        store.save(&mut session).unwrap();
        assert_eq!(lock_files(&sessions), [".20261122-100000.lock"]);
        let other = SessionStore::new(&sessions);
        assert_eq!(other.stale_locks(false), Vec::<String>::new(), "held");
        assert_eq!(lock_files(&sessions), [".20261122-100000.lock"]);
        drop(store);
        assert_eq!(lock_files(&sessions), Vec::<String>::new());

        // What `kill -9` leaves: a lock file nobody holds.
        fs::write(sessions.join(".20261122-090000.lock"), "").unwrap();
        assert_eq!(other.stale_locks(true), [".20261122-090000.lock"]);
        assert_eq!(lock_files(&sessions), [".20261122-090000.lock"], "dry run");
        assert_eq!(other.stale_locks(false), [".20261122-090000.lock"]);
        assert_eq!(lock_files(&sessions), Vec::<String>::new());
        assert_eq!(other.ids(), ["20261122-100000"]);
    }

    /// The race that removing lock files opens: B opens the lock file, A (the holder)
    /// removes it and lets go, C makes a new one and locks it, then B's flock succeeds
    /// on the removed file. B must see that and not think it holds the id.
    #[cfg(unix)]
    #[test]
    fn a_lock_on_a_removed_lock_file_is_not_a_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".x.lock");
        let a = Lock::take(&path, true).unwrap().expect("free");
        let opened_by_b = fs::OpenOptions::new().write(true).open(&path).unwrap();
        drop(a);
        assert!(!path.exists(), "removed as A let go");
        let c = Lock::take(&path, true).unwrap().expect("free again");
        assert!(
            try_lock(&opened_by_b),
            "the removed file is not locked by anyone"
        );
        assert!(
            !still_at(&opened_by_b, &path),
            "but it is not the lock any more"
        );
        assert!(Lock::take(&path, true).unwrap().is_none(), "C holds the id");
        drop(opened_by_b);
        drop(c);
        assert!(!path.exists());
    }

    /// F10: a crafted id is never a path.
    #[test]
    fn a_crafted_id_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let playbook = embedded_playbook().unwrap();
        let store = SessionStore::new(dir.path().join("sessions"));
        let mut session = Session::new(
            &playbook,
            Triage::start(&playbook, vec![]),
            "2026-11-22T10:00:00Z",
            None,
        );
        session.id = "../../escaped".into();
        assert!(store.save(&mut session).is_err());
        assert!(!dir.path().join("escaped.json").exists());
    }
}

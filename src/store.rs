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

#[derive(Debug, Clone)]
pub struct SessionStore {
    dir: PathBuf,
}

impl SessionStore {
    pub fn new(dir: impl Into<PathBuf>) -> SessionStore {
        SessionStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Save atomically; returns the file written.
    pub fn save(&self, session: &Session) -> Result<PathBuf, StoreError> {
        let path = self.path_of(&session.id);
        let write_err = |reason: String| StoreError::Write {
            path: path.display().to_string(),
            reason,
        };
        fs::create_dir_all(&self.dir).map_err(|e| write_err(e.to_string()))?;
        let json = serde_json::to_vec_pretty(session).map_err(|e| write_err(e.to_string()))?;
        write_private(&path, &json).map_err(|e| write_err(e.to_string()))?;
        Ok(path)
    }

    pub fn load(&self, id: &str) -> Result<Session, StoreError> {
        // Ids come from users (`sessions show ID`): keep them inside the store.
        if id.is_empty() || id.contains(['/', '\\']) || id.contains("..") {
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
        load_file(&path)
    }

    /// Ids of every saved session, oldest first (ids sort by start time).
    pub fn ids(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".json").map(str::to_string)
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
        store.save(&first).unwrap();
        let mut second = Session::new(
            &playbook,
            Triage::start(&playbook, vec![]),
            "2026-11-22T11:00:00Z",
            Some("C-1".into()),
        );
        second.updated = "2026-11-22T11:05:00Z".into();
        store.save(&second).unwrap();

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
}

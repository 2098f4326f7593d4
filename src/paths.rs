//! Where flowtriage keeps its files: config, sessions, reports, and a cache.
//!
//! `FLOWTRIAGE_HOME=DIR` puts everything under DIR; otherwise the platform's folders
//! from `directories` (so `XDG_*_HOME` move them on Linux).

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    pub config: PathBuf,
    pub data: PathBuf,
    pub state: PathBuf,
    /// Compiled `--content` folders; anything here may be deleted at any time.
    pub cache: PathBuf,
}

impl Dirs {
    /// The folders for this user, or `None` when no home folder can be found.
    pub fn discover() -> Option<Dirs> {
        if let Some(home) = std::env::var_os("FLOWTRIAGE_HOME").filter(|h| !h.is_empty()) {
            return Some(Dirs::under(Path::new(&home)));
        }
        let project = directories::ProjectDirs::from("", "", "flowtriage")?;
        Some(Dirs {
            config: project.config_dir().to_path_buf(),
            data: project.data_dir().to_path_buf(),
            state: project
                .state_dir()
                .unwrap_or_else(|| project.data_local_dir())
                .to_path_buf(),
            cache: project.cache_dir().to_path_buf(),
        })
    }

    /// Everything under one folder (`FLOWTRIAGE_HOME`, and tests).
    pub fn under(home: &Path) -> Dirs {
        Dirs {
            config: home.join("config"),
            data: home.join("data"),
            state: home.join("state"),
            cache: home.join("cache"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }

    pub fn reports(&self) -> PathBuf {
        self.data.join("reports")
    }

    pub fn sessions(&self) -> PathBuf {
        self.state.join("sessions")
    }

    pub fn compiled_playbooks(&self) -> PathBuf {
        self.cache.join("playbooks")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_home_holds_everything() {
        let dirs = Dirs::under(Path::new("/tmp/ft"));
        assert_eq!(dirs.config_file(), Path::new("/tmp/ft/config/config.toml"));
        assert_eq!(dirs.reports(), Path::new("/tmp/ft/data/reports"));
        assert_eq!(dirs.sessions(), Path::new("/tmp/ft/state/sessions"));
        assert_eq!(
            dirs.compiled_playbooks(),
            Path::new("/tmp/ft/cache/playbooks")
        );
    }
}

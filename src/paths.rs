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

/// The folders `directories` gives for flowtriage on this platform.
#[derive(Debug, Clone, Copy)]
pub struct PlatformDirs<'a> {
    pub config: &'a Path,
    pub data: &'a Path,
    pub data_local: &'a Path,
    /// Only Linux has one.
    pub state: Option<&'a Path>,
    pub cache: &'a Path,
}

impl Dirs {
    /// The folders for this user, or `None` when no home folder can be found.
    pub fn discover() -> Option<Dirs> {
        if let Some(home) = std::env::var_os("FLOWTRIAGE_HOME").filter(|h| !h.is_empty()) {
            return Some(Dirs::under(Path::new(&home)));
        }
        let project = directories::ProjectDirs::from("", "", "flowtriage")?;
        Some(Dirs::from_platform(PlatformDirs {
            config: project.config_dir(),
            data: project.data_dir(),
            data_local: project.data_local_dir(),
            state: project.state_dir(),
            cache: project.cache_dir(),
        }))
    }

    /// The layout on the platform's folders. Linux: `~/.config/flowtriage`,
    /// `~/.local/share/flowtriage`, `~/.local/state/flowtriage`, `~/.cache/flowtriage`.
    /// macOS: `~/Library/Application Support/flowtriage` and `~/Library/Caches/flowtriage`.
    /// Windows: config and reports roam with the user (`%APPDATA%\flowtriage\config`,
    /// `...\data`); sessions and the cache stay on the machine (`%LOCALAPPDATA%\flowtriage\data`,
    /// `...\cache`), as Windows has no state folder.
    pub fn from_platform(p: PlatformDirs<'_>) -> Dirs {
        Dirs {
            config: p.config.to_path_buf(),
            data: p.data.to_path_buf(),
            state: p.state.unwrap_or(p.data_local).to_path_buf(),
            cache: p.cache.to_path_buf(),
        }
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

    /// Every folder, labelled, for `config path --all`; `reports` is where reports go
    /// unless `report_dir` in config.toml says otherwise.
    pub fn listing(&self, report_dir: Option<&Path>) -> String {
        let reports = report_dir.map_or_else(|| self.reports(), Path::to_path_buf);
        [
            ("config", self.config_file()),
            ("reports", reports),
            ("sessions", self.sessions()),
            ("cache", self.cache.clone()),
        ]
        .iter()
        .map(|(label, path)| format!("{label:<9}{}\n", path.display()))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_keeps_sessions_and_cache_on_the_machine_and_config_roaming() {
        let roaming = Path::new("C:/Users/ada/AppData/Roaming/flowtriage");
        let local = Path::new("C:/Users/ada/AppData/Local/flowtriage");
        let dirs = Dirs::from_platform(PlatformDirs {
            config: &roaming.join("config"),
            data: &roaming.join("data"),
            data_local: &local.join("data"),
            state: None,
            cache: &local.join("cache"),
        });
        assert_eq!(
            dirs.config_file(),
            roaming.join("config").join("config.toml")
        );
        assert_eq!(dirs.reports(), roaming.join("data").join("reports"));
        assert_eq!(dirs.sessions(), local.join("data").join("sessions"));
        assert_eq!(
            dirs.compiled_playbooks(),
            local.join("cache").join("playbooks")
        );
    }

    #[test]
    fn linux_keeps_sessions_in_the_state_folder() {
        let dirs = Dirs::from_platform(PlatformDirs {
            config: Path::new("/h/.config/flowtriage"),
            data: Path::new("/h/.local/share/flowtriage"),
            data_local: Path::new("/h/.local/share/flowtriage"),
            state: Some(Path::new("/h/.local/state/flowtriage")),
            cache: Path::new("/h/.cache/flowtriage"),
        });
        assert_eq!(
            dirs.sessions(),
            Path::new("/h/.local/state/flowtriage/sessions")
        );
    }

    #[test]
    fn the_listing_names_every_folder_and_honours_report_dir() {
        let dirs = Dirs::under(Path::new("/tmp/ft"));
        assert_eq!(
            dirs.listing(None),
            "config   /tmp/ft/config/config.toml\nreports  /tmp/ft/data/reports\n\
             sessions /tmp/ft/state/sessions\ncache    /tmp/ft/cache\n"
        );
        assert!(
            dirs.listing(Some(Path::new("/shared/tickets")))
                .contains("reports  /shared/tickets\n")
        );
    }

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

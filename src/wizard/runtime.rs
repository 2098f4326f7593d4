//! The terminal edge: set-up and restore, the event loop, signals, and the effects
//! (saving, exporting, the clipboard) that `update` asks for.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute};

use super::message::Effect;
use super::model::{Model, Popup};
use super::{burst, keys, path_input, update, view};
use crate::export;
use crate::report::Format;
use crate::store::SessionStore;

/// Puts the terminal back however the wizard ends: return, error or panic.
struct TerminalGuard {
    mouse: bool,
}

fn restore_terminal(mouse: bool) {
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste);
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, cursor::Show);
    let _ = ratatui::try_restore();
}

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<(DefaultTerminal, TerminalGuard)> {
        let terminal = ratatui::try_init()?;
        let guard = TerminalGuard { mouse };
        // ratatui's hook leaves raw mode and the alternate screen; ours also turns off
        // bracketed paste and mouse capture first, so the shell is left as it was.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let mut out = io::stdout();
            let _ = execute!(out, DisableBracketedPaste);
            if mouse {
                let _ = execute!(out, DisableMouseCapture);
            }
            let _ = execute!(out, cursor::Show);
            previous(info);
        }));
        execute!(io::stdout(), EnableBracketedPaste)?;
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok((terminal, guard))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal(self.mouse);
    }
}

pub struct Runtime {
    /// A key that makes the wizard panic on purpose (`FLOWTRIAGE_FAILPOINT=panic-on-key:X`),
    /// so tests can prove that a panic restores the terminal and loses no session.
    pub panic_key: Option<char>,
    pub store: Option<SessionStore>,
    pub report_dir: Option<PathBuf>,
    /// What `e` writes: config's `default_format`, else Markdown.
    pub format: Format,
    pub mouse: bool,
}

impl Runtime {
    /// Save the session if it changed; on failure keep working in memory and say so.
    pub fn save(&self, model: &mut Model) {
        // A triage abandoned before its first answer is not worth a file.
        if !model.dirty || !model.session.has_work() {
            return;
        }
        model.session.updated = crate::app::now_utc();
        match &self.store {
            Some(store) => match store.save(&model.session) {
                Ok(_) => {
                    model.save_warning = None;
                    model.dirty = false;
                }
                Err(e) => {
                    model.save_warning = Some(format!("not saved, kept in memory only: {e}"));
                }
            },
            None => {
                model.save_warning =
                    Some("no home folder: the session is kept in memory only".into());
            }
        }
    }

    pub fn perform(&self, model: &mut Model, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Export { folder } => {
                    let dir = folder
                        .map(PathBuf::from)
                        .or_else(|| self.report_dir.clone());
                    let Some(dir) = dir else {
                        model.popup = Popup::ExportRetry {
                            folder: String::new(),
                            reason: "no report folder is known".into(),
                        };
                        continue;
                    };
                    let report = model.handover_report(Some(crate::app::now_utc()));
                    match export::save(&report, self.format, &dir, &model.session.id) {
                        Ok(path) => {
                            model.popup = Popup::None;
                            model.status = Some(format!("Report saved: {}", path.display()));
                        }
                        Err(e) => {
                            model.popup = Popup::ExportRetry {
                                folder: String::new(),
                                reason: e.to_string(),
                            };
                        }
                    }
                }
                Effect::Inspect { path } => {
                    let path = path_input::clean(&path, home_dir().as_deref());
                    match crate::app::inspect_file(&path) {
                        Ok(inspection) => update::apply_inspection(model, inspection),
                        Err(e) => model.status = Some(e.message),
                    }
                }
                Effect::CompletePath { path } => {
                    let home = home_dir();
                    let cleaned = path_input::clean(&path, home.as_deref());
                    let cleaned = cleaned.to_string_lossy();
                    let (folder, _) = path_input::split(&cleaned);
                    let listing = std::fs::read_dir(if folder.is_empty() { "." } else { folder })
                        .map(|entries| {
                            entries
                                .flatten()
                                .map(|e| {
                                    let dir = e.file_type().is_ok_and(|t| t.is_dir());
                                    (e.file_name().to_string_lossy().into_owned(), dir)
                                })
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default();
                    match path_input::complete(&cleaned, &listing) {
                        Some(done) => model.popup = Popup::InspectPath { path: done },
                        None => model.status = Some("No file or folder starts with that.".into()),
                    }
                }
                Effect::NewSession => {
                    let now = crate::app::now_utc();
                    let id = crate::session::session_id(&now, model.session.case_id.as_deref());
                    model.session.id = match &self.store {
                        Some(store) => store.free_id(&id),
                        None => id,
                    };
                    model.session.started = now.clone();
                    model.session.updated = now;
                    model.dirty = true;
                }
                Effect::Copy(text) => {
                    model.status = Some(match copy_osc52(&text) {
                        Ok(()) => {
                            model.popup = Popup::None;
                            copied_message(&text)
                        }
                        Err(e) => {
                            format!("Could not copy: {e}. Press e to save the report as a file.")
                        }
                    });
                }
            }
        }
    }

    pub fn run(&self, model: &mut Model) -> io::Result<()> {
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
            signal_hook::flag::register(signal, Arc::clone(&stop))?;
        }
        let (mut terminal, _guard) = TerminalGuard::enter(self.mouse)?;
        loop {
            self.save(model);
            let mut clicks = Vec::new();
            terminal.draw(|frame| clicks = view::view(model, frame))?;
            model.click_rows = clicks;
            let size = terminal.size()?;
            model.too_small = view::too_small(size.width, size.height);
            if model.quit || stop.load(Ordering::Relaxed) {
                break;
            }
            if !event::poll(Duration::from_millis(250))? {
                continue;
            }
            for event in burst::coalesce(read_burst()?) {
                if let (Some(wanted), event::Event::Key(key)) = (self.panic_key, &event)
                    && key.code == event::KeyCode::Char(wanted)
                {
                    panic!("failpoint: panic-on-key:{wanted}");
                }
                if let event::Event::Resize(width, height) = event {
                    model.too_small = view::too_small(width, height);
                }
                match keys::message_for(model, &event) {
                    Some(message) => {
                        let effects = update::update(model, message);
                        self.perform(model, effects);
                    }
                    None if model.too_small
                        && matches!(event, event::Event::Key(_) | event::Event::Paste(_)) =>
                    {
                        model.ignored_keys += 1;
                    }
                    None => {}
                }
                if model.quit {
                    break;
                }
            }
        }
        self.save(model);
        Ok(())
    }
}

/// The events that are waiting, and those that follow within `burst::BURST_GAP` of the
/// last, each stamped with when it was read: a paste typed out as keys arrives so.
fn read_burst() -> io::Result<Vec<(Duration, event::Event)>> {
    /// A paste of a whole chat is long; a stream that never pauses must not hang us.
    const MOST: usize = 1 << 20;
    let origin = Instant::now();
    let mut events = vec![(Duration::ZERO, event::read()?)];
    while events.len() < MOST && event::poll(burst::BURST_GAP)? {
        events.push((origin.elapsed(), event::read()?));
    }
    Ok(events)
}

fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// The most text `y` puts on the clipboard. OSC 52 sends it base64-encoded inside one
/// escape sequence, and terminals cap that sequence differently: hterm's reference
/// script (ChromeOS, web terminals) at 100,000 bytes, some far lower (Termux about
/// 6 KB), xterm much higher. 74,000 bytes of text encode to under 100,000; a case note
/// is a few KB.
pub const COPY_LIMIT: usize = 74_000;

/// What the status line says after a copy: how much, and what to do when the terminal
/// did not take it (a terminal that ignores OSC 52 gives no sign).
pub fn copied_message(text: &str) -> String {
    format!(
        "Copied the report ({} lines, OSC 52). Nothing to paste? The terminal blocks OSC 52 (tmux: set-clipboard on); e saves a file.",
        text.lines().count()
    )
}

/// Put text on the clipboard of the terminal the user sits at, even over SSH.
fn copy_osc52(text: &str) -> io::Result<()> {
    if text.len() > COPY_LIMIT {
        return Err(io::Error::other(format!(
            "the report is {} KB, more than the {} KB a terminal clipboard takes",
            text.len().div_ceil(1000),
            COPY_LIMIT / 1000
        )));
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// The failpoint key from `FLOWTRIAGE_FAILPOINT=panic-on-key:X`, if set.
pub fn panic_key_from_env() -> Option<char> {
    std::env::var("FLOWTRIAGE_FAILPOINT")
        .ok()?
        .strip_prefix("panic-on-key:")?
        .chars()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_over_the_clipboard_limit_is_refused_with_its_size() {
        let big = "x".repeat(COPY_LIMIT + 1);
        let err = copy_osc52(&big).unwrap_err().to_string();
        assert_eq!(
            err,
            "the report is 75 KB, more than the 74 KB a terminal clipboard takes"
        );
        let message = copied_message("a\nb\nc\n");
        assert!(message.starts_with("Copied the report (3 lines, OSC 52)."));
        assert!(message.contains("e saves a file"), "{message}");
    }
}

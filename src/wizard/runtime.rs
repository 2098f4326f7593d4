//! The terminal edge: set-up and restore, the event loop, signals, and the effects
//! (saving, exporting, the clipboard) that `update` asks for.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute};

use super::message::Effect;
use super::model::{Model, Popup};
use super::{keys, update, view};
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
    pub engineer: Option<String>,
    pub mouse: bool,
}

impl Runtime {
    /// Save the session if it changed; on failure keep working in memory and say so.
    pub fn save(&self, model: &mut Model) {
        if !model.dirty {
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

    fn perform(&self, model: &mut Model, effects: Vec<Effect>) {
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
                    let report = model.session.report(
                        &model.playbook,
                        self.engineer.clone(),
                        Some(crate::app::now_utc()),
                    );
                    match export::save(&report, Format::Markdown, &dir, &model.session.id) {
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
                    match crate::app::inspect_file(std::path::Path::new(&path)) {
                        Ok(inspection) => update::apply_inspection(model, inspection),
                        Err(e) => model.status = Some(e.message),
                    }
                }
                Effect::Copy(text) => {
                    let lines = text.lines().count();
                    match copy_osc52(&text) {
                        Ok(()) => {
                            model.popup = Popup::None;
                            model.status = Some(format!(
                                "Copied {lines} lines to the clipboard (OSC 52; your terminal must allow it)."
                            ));
                        }
                        Err(e) => model.status = Some(format!("Could not copy: {e}")),
                    }
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
            if model.quit || stop.load(Ordering::Relaxed) {
                break;
            }
            if !event::poll(Duration::from_millis(250))? {
                continue;
            }
            let event = event::read()?;
            if let (Some(wanted), event::Event::Key(key)) = (self.panic_key, &event)
                && key.code == event::KeyCode::Char(wanted)
            {
                panic!("failpoint: panic-on-key:{wanted}");
            }
            if let Some(message) = keys::message_for(model, &event) {
                let effects = update::update(model, message);
                self.perform(model, effects);
            }
        }
        self.save(model);
        Ok(())
    }
}

/// Put text on the clipboard of the terminal the user sits at, even over SSH.
fn copy_osc52(text: &str) -> io::Result<()> {
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

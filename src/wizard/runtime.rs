//! The terminal edge: set-up and restore, the event loop, signals, and the effects
//! (saving, exporting, the clipboard) that `update` asks for.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute, terminal};

use super::message::Effect;
use super::model::{Model, Popup};
use super::{keys, update, view};
use crate::export;
use crate::platform;
use crate::platform::clipboard::{self, Osc52};
use crate::platform::signals::{Request, Watch};
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
        take_modes(mouse)?;
        Ok((terminal, guard))
    }
}

/// Ask for the input modes the wizard uses, on top of raw mode.
fn take_modes(mouse: bool) -> io::Result<()> {
    platform::terminal::optional_mode(execute!(io::stdout(), EnableBracketedPaste))?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Take the terminal again after the process was stopped and continued: the shell
/// may have put it back in cooked mode while the wizard was stopped.
fn retake_terminal(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    // crossterm skips enabling raw mode it believes is on; turn it off first.
    let _ = terminal::disable_raw_mode();
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        terminal::Clear(terminal::ClearType::All),
        cursor::Hide
    )?;
    take_modes(mouse)?;
    // Forget what the screen held, so the next draw paints every cell. (`clear()` would
    // ask the terminal for the cursor position, which not every terminal answers.)
    terminal.draw(|_| {})?;
    Ok(())
}

/// Give the terminal back, stop until continued (Ctrl-Z, SIGTSTP), then take it again.
fn suspend(watch: &Watch, terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    restore_terminal(mouse);
    watch.stop_self();
    retake_terminal(terminal, mouse)
}

/// Put the terminal back with the mouse on or off: for the watchdog, which may end the
/// process while the main thread is stuck, without knowing `--mouse`.
fn restore_terminal_fully() {
    restore_terminal(true);
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
                    let term_program = std::env::var("TERM_PROGRAM").ok();
                    let support =
                        clipboard::osc52(clipboard::Env::current(term_program.as_deref()));
                    let copied = match support {
                        Osc52::Unsupported(why) => Err(why.to_string()),
                        _ => copy_osc52(&text).map_err(|e| e.to_string()),
                    };
                    match copied {
                        Ok(()) => {
                            model.popup = Popup::None;
                            model.status = Some(match support {
                                Osc52::Works(terminal) => format!(
                                    "Copied {lines} lines to the clipboard (OSC 52, {terminal})."
                                ),
                                _ => format!(
                                    "Copied {lines} lines to the clipboard (OSC 52; your terminal must allow it)."
                                ),
                            });
                        }
                        Err(e) => model.status = Some(format!("Could not copy: {e}")),
                    }
                }
            }
        }
    }

    pub fn run(&self, model: &mut Model) -> io::Result<()> {
        // Declared before the terminal guard, so dropped after it: a watchdog or a
        // Windows console handler waiting on it sees the terminal already put back.
        let watch = Watch::install(restore_terminal_fully)?;
        let (mut terminal, _guard) = TerminalGuard::enter(self.mouse)?;
        loop {
            self.save_while_held(&watch, model);
            let mut clicks = Vec::new();
            terminal.draw(|frame| clicks = view::view(model, frame))?;
            model.click_rows = clicks;
            match watch.next() {
                Some(Request::Stop(_)) => break,
                Some(Request::Suspend) => {
                    suspend(&watch, &mut terminal, self.mouse)?;
                    continue;
                }
                Some(Request::Resume) => {
                    retake_terminal(&mut terminal, self.mouse)?;
                    continue;
                }
                None => {}
            }
            if model.quit {
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
            if platform::signals::CTRL_Z_SUSPENDS
                && let event::Event::Key(key) = &event
                && key.kind == event::KeyEventKind::Press
                && key.code == event::KeyCode::Char('z')
                && key.modifiers.contains(event::KeyModifiers::CONTROL)
            {
                suspend(&watch, &mut terminal, self.mouse)?;
                continue;
            }
            if let Some(message) = keys::message_for(model, &event) {
                let effects = update::update(model, message);
                self.perform(model, effects);
            }
        }
        self.save_while_held(&watch, model);
        Ok(())
    }

    /// Save while holding the watch's lock, so a forced exit never cuts a save short.
    fn save_while_held(&self, watch: &Watch, model: &mut Model) {
        let _saving = watch.saving();
        self.save(model);
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

//! The terminal edge: set-up and restore, the event loop, signals, and the effects
//! (saving, exporting, the clipboard) that `update` asks for.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::{cursor, execute, terminal};

use super::message::Effect;
use super::model::{Model, Popup};
use super::{burst, keys, path_input, update, view};
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
        // The core records "Did this fix it?" without a clock; the time is stamped here.
        if let Some(r) = &mut model.session.resolution
            && r.recorded.is_none()
        {
            r.recorded = Some(model.session.updated.clone());
        }
        let id = model.session.id.clone();
        match &self.store {
            Some(store) => match store.save(&mut model.session) {
                Ok(path) => {
                    model.save_warning = None;
                    model.dirty = false;
                    if model.session.id != id {
                        model.status = Some(format!(
                            "Another wizard has session {id} open; this one is saved as {} so neither loses work.",
                            path.file_stem().unwrap_or_default().to_string_lossy()
                        ));
                    }
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
                    let term_program = std::env::var("TERM_PROGRAM").ok();
                    let support =
                        clipboard::osc52(clipboard::Env::current(term_program.as_deref()));
                    let copied = match support {
                        // Nothing is written where it cannot work: without VT output
                        // the sequence would print as text.
                        Osc52::Unsupported(why) => Err(io::Error::other(why)),
                        _ => copy_osc52(&text),
                    };
                    model.status = Some(match copied {
                        Ok(()) => {
                            model.popup = Popup::None;
                            match support {
                                Osc52::Works(terminal) => format!(
                                    "Copied the report ({} lines, OSC 52, {terminal}).",
                                    text.lines().count()
                                ),
                                _ => copied_message(&text),
                            }
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
        // Declared before the terminal guard, so dropped after it: a watchdog or a
        // Windows console handler waiting on it sees the terminal already put back.
        let watch = Watch::install(restore_terminal_fully)?;
        let (mut terminal, _guard) = TerminalGuard::enter(self.mouse)?;
        loop {
            self.save_while_held(&watch, model);
            let mut clicks = Vec::new();
            terminal.draw(|frame| clicks = view::view(model, frame))?;
            model.click_rows = clicks;
            let size = terminal.size()?;
            model.too_small = view::too_small(size.width, size.height);
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
            for event in burst::coalesce(read_burst()?) {
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
                    break;
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
        self.save_while_held(&watch, model);
        Ok(())
    }

    /// Save while holding the watch's lock, so a forced exit never cuts a save short.
    fn save_while_held(&self, watch: &Watch, model: &mut Model) {
        let _saving = watch.saving();
        self.save(model);
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

//! The interactive wizard, in The Elm Architecture: `model` (state), `message` (what
//! can happen), `update` (the only place state changes), `view` (a pure drawing of the
//! state), `keys` (terminal events to messages). `runtime` and `plain` are the edges.

pub mod keys;
pub mod message;
pub mod model;
pub mod plain;
pub mod runtime;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::app::AppError;
use crate::engine::Triage;
use crate::paths::Dirs;
use crate::session::Session;
use crate::source;
use crate::store::SessionStore;

pub use message::{Effect, Message};
pub use model::{Model, Popup, Screen};
pub use update::update;

fn wants_colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => {
            ratatui::crossterm::style::force_color_output(true);
            true
        }
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// When to draw in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How to start the wizard: plain values, whichever front end asks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Continue the last session where it stopped.
    pub resume: bool,
    /// The support case this triage belongs to.
    pub case: Option<String>,
    /// Where `e` saves reports.
    pub report_dir: Option<PathBuf>,
    /// A content folder instead of the embedded playbook.
    pub content: Option<PathBuf>,
    /// Line by line on standard input and output.
    pub plain: bool,
    /// Capture the mouse.
    pub mouse: bool,
    pub color: ColorChoice,
    /// An exported file whose findings pre-answer questions.
    pub inspect: Option<PathBuf>,
}

/// Run the wizard until the user quits; the session is saved as it goes.
pub fn run(args: Options) -> Result<(), AppError> {
    let playbook = source::load_playbook(args.content.as_deref())?;
    let dirs = Dirs::discover();
    let store = dirs.as_ref().map(|d| SessionStore::new(d.sessions()));
    let config = crate::app::load_config();
    let report_dir = args
        .report_dir
        .clone()
        .or(config.report_dir.clone())
        .or_else(|| dirs.as_ref().map(Dirs::reports));
    let started = crate::app::now_utc();
    let inspection = match &args.inspect {
        Some(path) => Some(crate::app::inspect_file(path)?),
        None => None,
    };
    let triage = Triage::start(&playbook, Vec::new());
    let session = Session::new(&playbook, triage, &started, args.case.clone());
    let mono = config.theme.as_deref() == Some("mono") && args.color == ColorChoice::Auto;
    let theme = theme::Theme::new(!args.plain && !mono && wants_colour(args.color));
    let mut model = Model::new(playbook, session, theme);
    model.redact_emails = config.redact_emails;
    model.engineer = config.engineer.clone();
    model.greeting = config.customer_greeting.clone();
    if let Some(inspection) = inspection {
        update::apply_inspection(&mut model, inspection);
    }
    let latest = store.as_ref().and_then(SessionStore::latest);
    if args.resume {
        match latest {
            Some(session) => update::resume(&mut model, session),
            None => model.status = Some("There is no saved session to resume.".into()),
        }
    } else {
        model.resumable = latest;
    }
    let runtime = runtime::Runtime {
        panic_key: runtime::panic_key_from_env(),
        store,
        report_dir,
        format: config
            .default_format
            .as_deref()
            .and_then(crate::report::Format::parse)
            .unwrap_or(crate::report::Format::Markdown),
        mouse: args.mouse,
    };

    if args.plain {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut out = std::io::stdout().lock();
        plain::run(&mut model, &mut input, &mut out, &mut |m| runtime.save(m))
            .map_err(|e| AppError::failure(format!("cannot talk on standard input/output: {e}")))?;
        runtime.save(&mut model);
        return Ok(());
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(AppError::failure(
            "the wizard needs a terminal. Use `flowtriage wizard --plain` for questions line by line, or `flowtriage diagnose` for a report.",
        ));
    }
    runtime
        .run(&mut model)
        .map_err(|e| AppError::failure(format!("the terminal failed: {e}")))?;
    if let Some(warning) = &model.save_warning {
        eprintln!("flowtriage: {warning}");
    }
    Ok(())
}

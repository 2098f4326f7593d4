//! The interactive wizard, in The Elm Architecture: `model` (state), `message` (what
//! can happen), `update` (the only place state changes), `view` (a pure drawing of the
//! state), `keys` (terminal events to messages). `runtime` and `plain` are the edges.

pub mod burst;
pub mod keys;
pub mod message;
pub mod model;
pub mod path_input;
pub mod plain;
pub mod progress;
pub mod runtime;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;

use std::io::{IsTerminal, Write as _};
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
    /// Continue a saved session: `Some("")` the last one, else the one with this id or
    /// the newest one of this case.
    pub resume: Option<String>,
    /// The support case this triage belongs to; its saved session is reopened.
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

/// How many saved sessions the start screen offers.
pub const RECENT_SESSIONS: usize = 4;

/// Run the wizard until the user quits; the session is saved as it goes.
pub fn run(args: Options) -> Result<(), AppError> {
    let playbook = source::load_playbook(args.content.as_deref())?;
    let dirs = Dirs::discover();
    let store = dirs.as_ref().map(|d| SessionStore::new(d.sessions()));
    let (config, config_warnings) = match &dirs {
        Some(d) => crate::config::load(&d.config_file()),
        None => Default::default(),
    };
    if args.plain {
        for warning in &config_warnings {
            // A closed stderr (`2>&1 | head`) must not panic.
            let _ = writeln!(std::io::stderr(), "flowtriage: warning: {warning}");
        }
    }
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
    // Which saved session to reopen: the one asked for, else the case's own.
    let reopen = match (&args.resume, &args.case, &store) {
        (Some(wanted), _, Some(store)) if !wanted.is_empty() => Some(
            store
                .find(wanted)
                .map_err(|e| AppError::usage(e.to_string()))?,
        ),
        (Some(_), _, Some(store)) => store.latest(),
        (None, Some(case), Some(store)) => store.newest_of_case(case),
        _ => None,
    };
    let triage = Triage::start(&playbook, Vec::new());
    let mut session = Session::new(&playbook, triage, &started, args.case.clone());
    if let Some(store) = &store {
        session.id = store.free_id(&session.id);
    }
    let mono = config.theme.as_deref() == Some("mono") && args.color == ColorChoice::Auto;
    let theme = theme::Theme::new(!args.plain && !mono && wants_colour(args.color));
    let mut model = Model::new(playbook, session, theme);
    model.redact_emails = config.redact_emails;
    model.engineer = config.engineer.clone();
    model.greeting = config.customer_greeting.clone();
    model.config_warnings = config_warnings;
    model.recent = store
        .as_ref()
        .map(|s| s.recent(RECENT_SESSIONS))
        .unwrap_or_default();
    if let Some(inspection) = inspection {
        update::apply_inspection(&mut model, inspection);
    }
    match reopen {
        Some(session) => {
            let case = args.case.is_some() && args.resume.is_none();
            update::resume(&mut model, session);
            if case {
                model.status = Some(format!(
                    "Reopened the session of this case ({}); r starts a new one.",
                    model.session.id
                ));
            }
        }
        None if args.resume.is_some() => {
            model.status = Some("There is no saved session to resume.".into())
        }
        None => {}
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
        let result = plain::run(
            &mut model,
            &mut input,
            &mut out,
            &mut |m| runtime.save(m),
            &mut |m, effects| runtime.perform(m, effects),
        );
        runtime.save(&mut model);
        return match result {
            Ok(_) => Ok(()),
            // `| head` closed the pipe: the reader has what it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(AppError::failure(format!(
                "cannot talk on standard input/output: {e}"
            ))),
        };
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
        // A closed stderr (`2>&1 | head`) must not panic.
        let _ = writeln!(std::io::stderr(), "flowtriage: {warning}");
    } else if runtime.store.is_some() && model.session.has_work() {
        let _ = writeln!(
            std::io::stdout(),
            "Session {id} is saved. Resume it with: flowtriage --resume {id}",
            id = model.session.id
        );
    }
    Ok(())
}

//! The wizard's whole state. `update` is the only place it changes; `view` only reads.

use serde::{Deserialize, Serialize};

use crate::content::Playbook;
use crate::engine::Position;
use crate::search::SearchIndex;
use crate::session::Session;

use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Screen {
    Start,
    Question,
    Outcome,
}

/// What sits on top of the screen, taking the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    None,
    Help,
    Search {
        query: String,
        selected: usize,
    },
    Paste {
        text: String,
        escape_pending: bool,
    },
    Note {
        step: String,
        text: String,
    },
    /// The path of an exported solution, .msapp or flow definition to inspect.
    InspectPath {
        path: String,
    },
    /// Saving a report failed: type another folder, or copy instead.
    ExportRetry {
        folder: String,
        reason: String,
    },
    /// `r` on a triage with work: start a new session? The current one stays saved.
    ConfirmRestart,
}

/// The start screen's choices, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartItem {
    Begin,
    Paste,
    Search,
    Inspect,
    Quit,
    /// One of the recent sessions (`Model::recent`), newest first.
    Resume(usize),
}

/// Saved with the session so `--resume` shows the same screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiState {
    pub screen: Option<Screen>,
    #[serde(default)]
    pub selected: usize,
}

pub struct Model {
    pub playbook: Playbook,
    pub index: SearchIndex,
    pub session: Session,
    pub screen: Screen,
    pub popup: Popup,
    pub selected: usize,
    /// Saved sessions the start screen offers to resume, newest first.
    pub recent: Vec<Session>,
    pub theme: Theme,
    /// A one-line message for the status bar (saved path, warnings); cleared by the
    /// next action.
    pub status: Option<String>,
    /// Warnings about config.toml, shown on the start screen.
    pub config_warnings: Vec<String>,
    /// Set by the runtime while the terminal is below the minimum size: then only quit
    /// and resize act, so nothing changes unseen.
    pub too_small: bool,
    /// Keys pressed while the terminal was too small (said on the notice, so the user
    /// knows they did nothing).
    pub ignored_keys: usize,
    /// Type-to-filter on a long list of answers (`None`: not filtering).
    pub filter: Option<String>,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    /// Rows the checklist is scrolled by with PgUp/PgDn/Home/End beyond the selection
    /// (to reach the references under the last step).
    pub scroll_extra: usize,
    /// Shown while the session cannot be saved: the work is kept in memory only.
    pub save_warning: Option<String>,
    pub redact: bool,
    pub redact_emails: bool,
    /// Who `y` and `e` write the report for (`a` switches).
    pub audience: crate::report::Audience,
    /// From config.toml: the engineer's name and the customer's greeting line.
    pub engineer: Option<String>,
    pub greeting: Option<String>,
    pub quit: bool,
    /// Set by `update` when the session changed and must be saved.
    pub dirty: bool,
    /// Where the last frame drew each clickable row (for the mouse).
    pub click_rows: Vec<(u16, usize)>,
    /// `questions_left` for the node it was counted at: a breadth-first walk that, on a
    /// large playbook, cost more than drawing the rest of the screen.
    questions_left: std::cell::RefCell<Option<(String, usize)>>,
}

impl Model {
    /// The fewest questions still to answer before a checklist (counted once per node).
    pub fn questions_left(&self) -> usize {
        let current = self.session.triage.current();
        let mut memo = self.questions_left.borrow_mut();
        match &*memo {
            Some((at, left)) if at == current => *left,
            _ => {
                let left = self.session.triage.questions_left(&self.playbook);
                *memo = Some((current.to_string(), left));
                left
            }
        }
    }

    pub fn new(playbook: Playbook, session: Session, theme: Theme) -> Model {
        let index = SearchIndex::new(&playbook);
        Model {
            playbook,
            index,
            session,
            screen: Screen::Start,
            popup: Popup::None,
            selected: 0,
            recent: Vec::new(),
            theme,
            status: None,
            config_warnings: Vec::new(),
            too_small: false,
            ignored_keys: 0,
            filter: None,
            help_scroll: 0,
            scroll_extra: 0,
            save_warning: None,
            redact: true,
            redact_emails: false,
            audience: crate::report::Audience::Engineer,
            engineer: None,
            greeting: None,
            quit: false,
            dirty: false,
            questions_left: Default::default(),
            click_rows: Vec::new(),
        }
    }

    pub fn start_items(&self) -> Vec<StartItem> {
        let mut items = vec![
            StartItem::Begin,
            StartItem::Paste,
            StartItem::Search,
            StartItem::Inspect,
            StartItem::Quit,
        ];
        items.extend((0..self.recent.len()).map(StartItem::Resume));
        items
    }

    /// The screen that fits where the walk stands.
    pub fn walk_screen(&self) -> Screen {
        match self.session.triage.position(&self.playbook) {
            Some(Position::Done(_)) => Screen::Outcome,
            _ => Screen::Question,
        }
    }

    /// Ids of the steps on the outcome screen, main steps then alternatives', in order.
    pub fn step_ids(&self) -> Vec<String> {
        match self.session.triage.position(&self.playbook) {
            Some(Position::Done(o)) => o
                .steps
                .iter()
                .chain(o.alternatives.iter().flat_map(|a| a.steps.iter()))
                .map(|s| s.id.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The report to hand over as it stands (without an export time: `update` reads no
    /// clock), for the chosen audience, with the error as pasted.
    pub fn handover_report(&self, exported: Option<String>) -> crate::report::Report {
        self.session.export_report(
            &self.playbook,
            self.engineer.clone(),
            exported,
            self.audience,
            self.greeting.clone(),
        )
    }

    /// How many things the current screen lets the user move between.
    pub fn item_count(&self) -> usize {
        match self.screen {
            Screen::Start => self.start_items().len(),
            Screen::Question => self.visible_options().len(),
            Screen::Outcome => self.step_ids().len(),
        }
    }

    /// Indexes of the current question's options that the filter lets through, in order.
    pub fn visible_options(&self) -> Vec<usize> {
        let Some(Position::Asking(q)) = self.session.triage.position(&self.playbook) else {
            return Vec::new();
        };
        let needle = self
            .filter
            .as_deref()
            .map(str::to_lowercase)
            .unwrap_or_default();
        q.options
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                needle.is_empty()
                    || o.label.to_lowercase().contains(&needle)
                    || o.value.to_lowercase().contains(&needle)
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn ui_state(&self) -> UiState {
        UiState {
            screen: Some(self.screen),
            selected: self.selected,
        }
    }
}

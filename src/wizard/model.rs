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
}

/// The start screen's choices, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartItem {
    Begin,
    Paste,
    Search,
    Inspect,
    Resume,
    Quit,
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
    /// The id of a session that can be resumed from the start screen.
    pub resumable: Option<Session>,
    pub theme: Theme,
    /// A one-line message for the status bar (saved path, warnings).
    pub status: Option<String>,
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
            resumable: None,
            theme,
            status: None,
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
        ];
        if self.resumable.is_some() {
            items.push(StartItem::Resume);
        }
        items.push(StartItem::Quit);
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
            Screen::Question => match self.session.triage.position(&self.playbook) {
                Some(Position::Asking(q)) => q.options.len(),
                _ => 0,
            },
            Screen::Outcome => self.step_ids().len(),
        }
    }

    pub fn ui_state(&self) -> UiState {
        UiState {
            screen: Some(self.screen),
            selected: self.selected,
        }
    }
}

//! The walk through the decision tree: a pure state machine over a `Playbook`.
//!
//! Known answers (from the command line, the classifier or an inspection) are taken
//! without asking; routing starts at the most specific known fact, in the playbook's
//! `routing.order` (code, then status, then `changed`), else at the first question.

use serde::{Deserialize, Serialize};

use crate::content::{Node, Playbook, Question};

// Answers are their own module below the walker, so the classifier and inspection
// (which produce answers) need not import the walk; re-exported for callers.
pub use crate::answer::{Answer, AnswerSource};

/// A question on the path, with the answer that led past it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub question: String,
    pub key: String,
    pub value: String,
    pub source: AnswerSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Snapshot {
    known: Vec<Answer>,
    path: Vec<Visit>,
    current: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("there is no question to answer here: '{0}' is an outcome")]
    NotAQuestion(String),
    #[error("'{value}' is not an answer to '{key}'; offered: {offered}")]
    NotOffered {
        key: String,
        value: String,
        offered: String,
    },
    #[error("no node has the id '{0}'")]
    UnknownNode(String),
}

/// Where the walk stands.
#[derive(Debug, Clone, Copy)]
pub enum Position<'a> {
    Asking(&'a Question),
    Done(&'a crate::content::Outcome),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    known: Vec<Answer>,
    path: Vec<Visit>,
    current: String,
    #[serde(default)]
    history: Vec<Snapshot>,
}

impl Triage {
    /// Route by the known answers and walk as far as they reach.
    pub fn start(playbook: &Playbook, known: Vec<Answer>) -> Triage {
        let mut triage = Triage {
            known: Vec::new(),
            path: Vec::new(),
            current: playbook.start.clone(),
            history: Vec::new(),
        };
        for answer in known {
            triage.remember(answer);
        }
        triage.route(playbook);
        triage
    }

    fn remember(&mut self, answer: Answer) {
        self.known.retain(|a| a.key != answer.key);
        self.known.push(answer);
    }

    fn route(&mut self, playbook: &Playbook) {
        self.path.clear();
        self.current = playbook
            .route_order
            .iter()
            .find(|key| self.known_value(key).is_some())
            .and_then(|key| playbook.entry_question(key))
            .map(|q| q.id.clone())
            .unwrap_or_else(|| playbook.start.clone());
        self.advance(playbook);
    }

    /// Follow known answers until a question has none, or an outcome is reached.
    fn advance(&mut self, playbook: &Playbook) {
        // Content is checked for cycles, but a bound keeps a bad playbook from hanging us.
        let limit = playbook.questions.len() + 1;
        for _ in 0..limit {
            let Some(Node::Question(q)) = playbook.node(&self.current) else {
                return;
            };
            let Some(answer) = self.known.iter().find(|a| a.key == q.key) else {
                return;
            };
            let Some(option) = q.option(&answer.value) else {
                return;
            };
            self.path.push(Visit {
                question: q.id.clone(),
                key: q.key.clone(),
                value: option.value.clone(),
                source: answer.source,
            });
            self.current = option.next.clone();
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            known: self.known.clone(),
            path: self.path.clone(),
            current: self.current.clone(),
        }
    }

    fn restore(&mut self, snapshot: Snapshot) {
        self.known = snapshot.known;
        self.path = snapshot.path;
        self.current = snapshot.current;
    }

    pub fn position<'a>(&self, playbook: &'a Playbook) -> Option<Position<'a>> {
        match playbook.node(&self.current)? {
            Node::Question(q) => Some(Position::Asking(q)),
            Node::Outcome(o) => Some(Position::Done(o)),
        }
    }

    pub fn current(&self) -> &str {
        &self.current
    }

    /// The questions passed so far, in order, with their answers.
    pub fn path(&self) -> &[Visit] {
        &self.path
    }

    /// Every answer known, whether or not the path used it.
    pub fn known(&self) -> &[Answer] {
        &self.known
    }

    pub fn known_value(&self, key: &str) -> Option<&str> {
        self.known
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }

    /// Answer the current question as the user.
    pub fn answer(&mut self, playbook: &Playbook, value: &str) -> Result<(), EngineError> {
        let Some(Node::Question(q)) = playbook.node(&self.current) else {
            return Err(EngineError::NotAQuestion(self.current.clone()));
        };
        let Some(option) = q.option(value) else {
            return Err(EngineError::NotOffered {
                key: q.key.clone(),
                value: value.to_string(),
                offered: q
                    .options
                    .iter()
                    .map(|o| o.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        self.history.push(self.snapshot());
        self.remember(Answer::new(&q.key, &option.value, AnswerSource::User));
        self.path.push(Visit {
            question: q.id.clone(),
            key: q.key.clone(),
            value: option.value.clone(),
            source: AnswerSource::User,
        });
        self.current = option.next.clone();
        self.advance(playbook);
        Ok(())
    }

    /// Add known answers (a pasted error, an inspection, a search hit) and route again.
    pub fn provide(&mut self, playbook: &Playbook, answers: Vec<Answer>) {
        self.history.push(self.snapshot());
        for answer in answers {
            self.remember(answer);
        }
        self.route(playbook);
    }

    /// Go straight to a node, e.g. an outcome found by search.
    pub fn jump(&mut self, playbook: &Playbook, node: &str) -> Result<(), EngineError> {
        if playbook.node(node).is_none() {
            return Err(EngineError::UnknownNode(node.to_string()));
        }
        self.history.push(self.snapshot());
        self.current = node.to_string();
        self.advance(playbook);
        Ok(())
    }

    /// Undo the last step: the last user action, or else the last answer taken without
    /// asking. Returns false when there is nothing to go back to.
    pub fn back(&mut self) -> bool {
        if let Some(snapshot) = self.history.pop() {
            self.restore(snapshot);
            return true;
        }
        if let Some(visit) = self.path.pop() {
            self.known.retain(|a| a.key != visit.key);
            self.current = visit.question;
            return true;
        }
        false
    }

    /// Go back to the question at `index` in the path (a breadcrumb), forgetting the
    /// answers given there and after.
    pub fn back_to(&mut self, index: usize) -> bool {
        if index >= self.path.len() {
            return false;
        }
        self.history.push(self.snapshot());
        let removed: Vec<Visit> = self.path.drain(index..).collect();
        for visit in &removed {
            self.known.retain(|a| a.key != visit.key);
        }
        self.current = removed[0].question.clone();
        true
    }

    /// Start over with nothing known.
    pub fn restart(&mut self, playbook: &Playbook) {
        *self = Triage::start(playbook, Vec::new());
    }

    /// Known answers that the path never used, e.g. `--answer layers=…` on a branch that
    /// does not ask about layers. Only meaningful once the walk has stopped.
    pub fn unused(&self) -> Vec<&Answer> {
        self.known
            .iter()
            .filter(|a| !self.path.iter().any(|v| v.key == a.key))
            .collect()
    }

    /// Whether the saved state still fits this playbook (content may have changed
    /// between a save and a resume).
    pub fn fits(&self, playbook: &Playbook) -> bool {
        playbook.node(&self.current).is_some()
            && self
                .path
                .iter()
                .all(|v| playbook.question(&v.question).is_some())
    }

    /// The fewest questions still to answer before an outcome, for a sense of progress.
    pub fn questions_left(&self, playbook: &Playbook) -> usize {
        shortest_to_outcome(playbook, &self.current)
    }
}

fn shortest_to_outcome(playbook: &Playbook, from: &str) -> usize {
    use std::collections::{HashSet, VecDeque};
    let mut queue = VecDeque::from([(from, 0usize)]);
    let mut seen = HashSet::new();
    while let Some((id, depth)) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        match playbook.node(id) {
            Some(Node::Outcome(_)) => return depth,
            Some(Node::Question(q)) => {
                for o in &q.options {
                    queue.push_back((o.next.as_str(), depth + 1));
                }
            }
            None => {}
        }
    }
    0
}

//! The resolved, indexed playbook: what the engine, the classifier and the reports read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::pattern::Pattern;

pub use super::problem::Loc;

/// Where the playbook came from, as shown in reports (`content.source`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ContentSource {
    #[default]
    Embedded,
    Directory(String),
}

impl ContentSource {
    pub fn label(&self) -> String {
        match self {
            ContentSource::Embedded => "embedded".to_string(),
            ContentSource::Directory(dir) => dir.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub value: String,
    pub label: String,
    pub next: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub key: String,
    pub prompt: String,
    pub why: String,
    pub how: String,
    pub options: Vec<AnswerOption>,
    pub loc: Loc,
}

impl Question {
    pub fn option(&self, value: &str) -> Option<&AnswerOption> {
        let wanted = value.trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"');
        self.options
            .iter()
            .find(|o| o.value.eq_ignore_ascii_case(wanted))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    /// May hold `{{fact|fallback}}` placeholders; see `checklist::fill`.
    pub text: String,
    pub how: Option<String>,
    /// Another outcome whose checklist this step points to.
    pub link: Option<String>,
    /// A step for the engineer only (e.g. "contact support"): left out of the
    /// customer's version of a report.
    #[serde(default)]
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub title: String,
    pub when: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: String,
    pub category: String,
    pub title: String,
    pub cause: String,
    pub steps: Vec<Step>,
    pub alternatives: Vec<Alternative>,
    pub references: Vec<Reference>,
    /// When the advice was last checked against Microsoft's documentation.
    pub checked: Option<ReviewDate>,
    /// The pages it was checked against.
    pub checked_against: Vec<String>,
    pub loc: Loc,
}

/// A calendar date as content writes it (`2026-11-30`), for when advice was checked.
/// The core never reads a clock: "today" always comes from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReviewDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl ReviewDate {
    /// `YYYY-MM-DD`, a real day of the Gregorian calendar; anything else is `None`.
    pub fn parse(text: &str) -> Option<ReviewDate> {
        let b = text.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(ReviewDate {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// `YYYY-MM`, as reports show it ("advice checked 2026-11").
    pub fn month_label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Whether this date lies more than a year before `today` (on 2027-12-01 advice
    /// checked 2026-11-30 is stale; checked 2026-12-01 is not).
    pub fn more_than_a_year_before(&self, today: ReviewDate) -> bool {
        (self.year + 1, self.month, self.day) < (today.year, today.month, today.day)
    }
}

impl std::fmt::Display for ReviewDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub id: String,
    pub title: String,
    pub category: String,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    pub status: Option<u16>,
    pub patterns: Vec<Pattern>,
    pub messages: Vec<String>,
    pub enter: Option<String>,
    pub implies: BTreeMap<String, String>,
    /// Higher wins when several signatures match the same text.
    pub specificity: u8,
    pub loc: Loc,
}

impl Signature {
    /// The code and its aliases, for matching and listing.
    pub fn code_names(&self) -> impl Iterator<Item = &str> {
        self.code
            .iter()
            .map(String::as_str)
            .chain(self.aliases.iter().map(String::as_str))
    }

    pub fn answers_code(&self, code: &str) -> bool {
        let wanted = code.trim();
        self.code_names().any(|c| c.eq_ignore_ascii_case(wanted))
    }
}

/// An HTTP status and the names it goes by in text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusNames {
    pub status: u16,
    pub names: Vec<String>,
}

/// Context a paste may show, and the signatures it makes count or not (see
/// content/README.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    pub id: String,
    pub title: String,
    pub patterns: Vec<Pattern>,
    pub required_by: Vec<String>,
    /// Signature ids; `"*"` for all.
    pub demotes: Vec<String>,
    pub unless: Vec<String>,
    /// Contexts that turn `demotes` into a doubt: the signature counts, tentatively.
    pub softened_by: Vec<String>,
    /// Signatures that count fully only where a context confirming them shows (words
    /// other products share, such as a template expression's): elsewhere, tentatively.
    pub confirms: Vec<String>,
    /// The fallback model answers only for pastes showing such a context.
    pub allows_fallback: bool,
}

impl Context {
    pub fn demotes_signature(&self, id: &str) -> bool {
        self.demotes.iter().any(|d| d == "*" || d == id)
    }
}

/// A labelled example of pasted text, for the fallback model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub category: String,
    pub text: String,
    /// The language of `text` (`ja`, `de`), or empty for the playbook's main language.
    #[serde(default)]
    pub lang: String,
    /// A whole paste as support traffic carries it (not a short description): only the
    /// fallback's linear model learns from it, not its centroids (see `model`).
    #[serde(default)]
    pub paste: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactPattern {
    pub name: String,
    pub label: String,
    pub patterns: Vec<Pattern>,
    pub multiple: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeRef {
    Question(usize),
    Outcome(usize),
}

#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Question(&'a Question),
    Outcome(&'a Outcome),
}

fn node_id<'a>(questions: &'a [Question], outcomes: &'a [Outcome], node: NodeRef) -> &'a str {
    match node {
        NodeRef::Question(i) => &questions[i].id,
        NodeRef::Outcome(i) => &outcomes[i].id,
    }
}

/// A playbook that passed every check: every reference resolves. Serialised, it is the
/// compiled form (`compiled.rs`); where it came from is set when it is loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Playbook {
    pub version: String,
    pub title: String,
    #[serde(skip)]
    pub source: ContentSource,
    pub start: String,
    /// Answer keys that route straight into the tree, most specific first.
    pub route_order: Vec<String>,
    pub categories: Vec<Category>,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
    pub signatures: Vec<Signature>,
    pub facts: Vec<FactPattern>,
    /// The names HTTP statuses go by in text.
    pub statuses: Vec<StatusNames>,
    /// Context that makes signatures count or not.
    pub contexts: Vec<Context>,
    /// Labelled examples for the fallback model.
    pub examples: Vec<Example>,
    /// Groups of words and phrases that mean the same to a searcher ("license" and
    /// "licence", "2 minutes" and "120 seconds"): the search index treats them alike.
    pub synonyms: Vec<Vec<String>>,
    /// Every node, sorted by id: a lookup is a binary search, and the compiled form
    /// carries the order instead of a hash table rebuilt at every start.
    pub(crate) by_id: Vec<NodeRef>,
}

impl Playbook {
    /// The questions, then the outcomes, sorted by id (the first of a duplicated id
    /// first, so a lookup finds the one declared first).
    pub(crate) fn sorted_ids(questions: &[Question], outcomes: &[Outcome]) -> Vec<NodeRef> {
        let mut nodes: Vec<NodeRef> = (0..questions.len())
            .map(NodeRef::Question)
            .chain((0..outcomes.len()).map(NodeRef::Outcome))
            .collect();
        // Stable: among equal ids, declaration order (questions before outcomes).
        nodes.sort_by(|a, b| {
            let id = |node| node_id(questions, outcomes, node);
            id(*a).cmp(id(*b))
        });
        nodes
    }

    /// The node named `id` in `by_id` (sorted by `sorted_ids`): the one declared first.
    pub(crate) fn find_sorted(
        by_id: &[NodeRef],
        questions: &[Question],
        outcomes: &[Outcome],
        id: &str,
    ) -> Option<NodeRef> {
        let id_of = |node: &NodeRef| node_id(questions, outcomes, *node);
        let at = by_id.partition_point(|n| id_of(n) < id);
        by_id.get(at).copied().filter(|n| id_of(n) == id)
    }

    fn lookup(&self, id: &str) -> Option<NodeRef> {
        Playbook::find_sorted(&self.by_id, &self.questions, &self.outcomes, id)
    }

    pub fn node(&self, id: &str) -> Option<Node<'_>> {
        match self.lookup(id)? {
            NodeRef::Question(i) => Some(Node::Question(&self.questions[i])),
            NodeRef::Outcome(i) => Some(Node::Outcome(&self.outcomes[i])),
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        match self.lookup(id)? {
            NodeRef::Question(i) => Some(&self.questions[i]),
            NodeRef::Outcome(_) => None,
        }
    }

    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        match self.lookup(id)? {
            NodeRef::Outcome(i) => Some(&self.outcomes[i]),
            NodeRef::Question(_) => None,
        }
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The question that a known answer for `key` routes through: the one whose id is the key.
    pub fn entry_question(&self, key: &str) -> Option<&Question> {
        self.question(key).filter(|q| q.key == key)
    }

    /// Every key some question asks, in first-declared order.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for q in &self.questions {
            if !keys.contains(&q.key.as_str()) {
                keys.push(&q.key);
            }
        }
        keys
    }

    /// Every value any question with this key offers, in first-declared order.
    pub fn values_for(&self, key: &str) -> Vec<&str> {
        let mut values: Vec<&str> = Vec::new();
        for q in self.questions.iter().filter(|q| q.key == key) {
            for o in &q.options {
                if !values.iter().any(|v| v.eq_ignore_ascii_case(&o.value)) {
                    values.push(&o.value);
                }
            }
        }
        values
    }

    /// The canonical spelling of `value` for `key`, matched case-insensitively.
    pub fn canonical_value(&self, key: &str, value: &str) -> Option<&str> {
        // Pasted codes arrive padded with spaces and stray quotes (`" MissingConnectionReference' "`).
        let wanted = value.trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"');
        let values = self.values_for(key);
        if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(wanted)) {
            return Some(v);
        }
        // A word the synonyms treat alike (`license` for `licence`), when exactly one of
        // the question's values is in its group.
        let group = self
            .synonyms
            .iter()
            .find(|g| g.iter().any(|w| w.eq_ignore_ascii_case(wanted)))?;
        let mut alike = values
            .into_iter()
            .filter(|v| group.iter().any(|w| w.eq_ignore_ascii_case(v)));
        match (alike.next(), alike.next()) {
            (Some(v), None) => Some(v),
            _ => None,
        }
    }

    pub fn code_signatures(&self) -> impl Iterator<Item = &Signature> {
        self.signatures.iter().filter(|s| s.code.is_some())
    }

    pub fn signature_for_code(&self, code: &str) -> Option<&Signature> {
        self.code_signatures().find(|s| s.answers_code(code))
    }

    /// Every pattern of every signature, fact and context, in that order.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.signatures
            .iter()
            .flat_map(|s| s.patterns.iter())
            .chain(self.facts.iter().flat_map(|f| f.patterns.iter()))
            .chain(self.contexts.iter().flat_map(|c| c.patterns.iter()))
    }
}

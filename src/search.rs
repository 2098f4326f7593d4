//! Fuzzy search over codes, verbatim error messages and outcome titles, so a user who
//! remembers a fragment lands on the right branch.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

use crate::content::Playbook;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Code,
    Message,
    Title,
}

/// Where choosing a hit takes the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Target {
    /// Known answers to route by (a code, a status, what changed).
    Answers { answers: Vec<(String, String)> },
    /// A node of the tree, e.g. an outcome found by its title.
    Node { id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub kind: EntryKind,
    pub text: String,
    pub category: String,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit<'a> {
    #[serde(flatten)]
    pub entry: &'a Entry,
    pub score: i64,
    /// Character positions in `text` that matched, for highlighting.
    pub positions: Vec<usize>,
}

pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl SearchIndex {
    pub fn new(playbook: &Playbook) -> SearchIndex {
        let mut entries = Vec::new();
        for sig in &playbook.signatures {
            let mut answers: Vec<(String, String)> = Vec::new();
            if let Some(code) = &sig.code {
                answers.push(("code".into(), code.clone()));
            } else if let Some(status) = sig.status {
                answers.push(("status".into(), status.to_string()));
            }
            answers.extend(sig.implies.iter().map(|(k, v)| (k.clone(), v.clone())));
            if answers.is_empty() {
                continue;
            }
            let target = Target::Answers { answers };
            for name in sig.code_names() {
                entries.push(Entry {
                    kind: EntryKind::Code,
                    text: name.to_string(),
                    category: sig.category.clone(),
                    target: target.clone(),
                });
            }
            if let Some(status) = sig.status {
                entries.push(Entry {
                    kind: EntryKind::Code,
                    text: format!("{status} {}", sig.title),
                    category: sig.category.clone(),
                    target: target.clone(),
                });
            }
            for message in &sig.messages {
                entries.push(Entry {
                    kind: EntryKind::Message,
                    text: message.clone(),
                    category: sig.category.clone(),
                    target: target.clone(),
                });
            }
        }
        for outcome in &playbook.outcomes {
            entries.push(Entry {
                kind: EntryKind::Title,
                text: outcome.title.clone(),
                category: outcome.category.clone(),
                target: Target::Node {
                    id: outcome.id.clone(),
                },
            });
        }
        SearchIndex::from_entries(entries)
    }

    pub fn from_entries(entries: Vec<Entry>) -> SearchIndex {
        SearchIndex {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The best `limit` hits for `query`, best first; an empty query lists the first
    /// entries in playbook order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let query = query.trim();
        if query.is_empty() {
            return self
                .entries
                .iter()
                .take(limit)
                .map(|entry| Hit {
                    entry,
                    score: 0,
                    positions: Vec::new(),
                })
                .collect();
        }
        // Like fzf, words separated by spaces must each match, in any order.
        let terms: Vec<&str> = query.split_whitespace().collect();
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let mut score = 0;
                let mut positions: Vec<usize> = Vec::new();
                for term in &terms {
                    let (s, p) = self.matcher.fuzzy_indices(&entry.text, term)?;
                    score += s;
                    positions.extend(p);
                }
                positions.sort_unstable();
                positions.dedup();
                // Codes are what people type; let them win ties against long messages.
                let bonus = match entry.kind {
                    EntryKind::Code => 20,
                    EntryKind::Title => 5,
                    EntryKind::Message => 0,
                };
                Some(Hit {
                    entry,
                    score: score + bonus,
                    positions,
                })
            })
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits.truncate(limit);
        hits
    }
}

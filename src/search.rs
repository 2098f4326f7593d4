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
        SearchIndex { entries }
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
        // The byte check turns away entries that cannot match before the matcher decodes
        // and scores them (a score matrix per entry and word).
        let mut hits: Vec<Hit> = self
            .entries
            .iter()
            .filter(|entry| terms.iter().all(|t| may_match(&entry.text, t)))
            .filter_map(|entry| score(entry, &terms))
            .collect();
        // Stable: among equal scores, playbook order.
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits.truncate(limit);
        hits
    }
}

/// fuzzy-matcher 0.3.7 keeps its score matrix between calls and does not clear it, so
/// one matcher scores the same entry and query differently depending on what it
/// matched before (41, then 43), and its switch to turn the cache off panics. A fresh
/// matcher for every entry and word keeps the order the same on every keystroke.
/// (Ranking by `fuzzy_match` first and placing only the shown hits measured 10% fewer
/// instructions for one word and more for two: not worth the second pass.)
fn fresh_matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// Codes are what people type; let them win ties against long messages.
fn kind_bonus(kind: EntryKind) -> i64 {
    match kind {
        EntryKind::Code => 20,
        EntryKind::Title => 5,
        EntryKind::Message => 0,
    }
}

/// False when `text` cannot match `term`: the matcher needs the term's characters in
/// order, comparing ASCII letters without case, so a byte scan rejects most entries
/// before the matcher decodes and scores them. Non-ASCII terms go to the matcher.
fn may_match(text: &str, term: &str) -> bool {
    if !term.is_ascii() {
        return true;
    }
    let mut wanted = term.bytes().map(|b| b.to_ascii_lowercase()).peekable();
    for b in text.bytes() {
        match wanted.peek() {
            Some(&w) if b.to_ascii_lowercase() == w => {
                wanted.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    wanted.peek().is_none()
}

/// Every word must match; the hit's score is the sum, its positions the union.
fn score<'a>(entry: &'a Entry, terms: &[&str]) -> Option<Hit<'a>> {
    let mut score = 0;
    let mut positions: Vec<usize> = Vec::new();
    for term in terms {
        let (s, p) = fresh_matcher().fuzzy_indices(&entry.text, term)?;
        score += s;
        positions.extend(p);
    }
    positions.sort_unstable();
    positions.dedup();
    Some(Hit {
        entry,
        score: score + kind_bonus(entry.kind),
        positions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain way: score every entry with positions, sort, cut. `search` must agree.
    fn reference<'a>(index: &'a SearchIndex, query: &str, limit: usize) -> Vec<Hit<'a>> {
        let terms: Vec<&str> = query.split_whitespace().collect();
        let mut hits: Vec<Hit> = index
            .entries
            .iter()
            .filter_map(|entry| score(entry, &terms))
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits.truncate(limit);
        hits
    }

    fn index_of(texts: &[&str]) -> SearchIndex {
        SearchIndex::from_entries(
            texts
                .iter()
                .enumerate()
                .map(|(i, text)| Entry {
                    kind: [EntryKind::Code, EntryKind::Message, EntryKind::Title][i % 3],
                    text: (*text).to_string(),
                    category: "c".into(),
                    target: Target::Node {
                        id: format!("n{i}"),
                    },
                })
                .collect(),
        )
    }

    #[test]
    fn agrees_with_scoring_every_entry_on_the_embedded_playbook() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let index = SearchIndex::new(&playbook);
        for query in [
            "conn",
            "conn ref",
            "invoker",
            "504",
            "TIMEOUT",
            "flow input",
            "zzz",
        ] {
            for limit in [0, 1, 3, 10, 1000] {
                assert_eq!(
                    index.search(query, limit),
                    reference(&index, query, limit),
                    "{query}/{limit}"
                );
            }
        }
    }

    #[test]
    fn the_same_query_scores_the_same_whatever_was_searched_before() {
        let index = index_of(&["Ac CC   a", " aCaC A a"]);
        let first = index.search("Cc", 2);
        for _ in 0..3 {
            assert_eq!(index.search("Cc", 2), first);
        }
        assert_eq!(first[0].score, 41 + kind_bonus(EntryKind::Code));
    }

    #[test]
    fn every_word_of_a_query_scores_as_if_searched_alone() {
        let index = index_of(&["Ac CC   a", " aCaC A a"]);
        let both = index.search("Cc Cc", 2);
        let one = index.search("Cc", 2);
        for (b, o) in both.iter().zip(&one) {
            assert_eq!(
                b.score - kind_bonus(b.entry.kind),
                2 * (o.score - kind_bonus(o.entry.kind))
            );
        }
    }

    #[test]
    fn ties_keep_playbook_order() {
        let index = index_of(&["abc", "xabc", "abc", "abc"]);
        let ids: Vec<String> = index
            .search("abc", 10)
            .iter()
            .map(|h| h.entry.text.clone())
            .collect();
        assert_eq!(
            ids,
            reference(&index, "abc", 10)
                .iter()
                .map(|h| h.entry.text.clone())
                .collect::<Vec<_>>()
        );
    }

    proptest! {
        #[test]
        fn the_byte_check_never_rejects_what_the_matcher_accepts(
            text in "[a-zA-Z0-9 _éÅ'-]{0,40}",
            term in "[a-zA-Z0-9_é'-]{1,6}",
        ) {
            if fresh_matcher().fuzzy_match(&text, &term).is_some() {
                prop_assert!(may_match(&text, &term));
            }
        }

        #[test]
        fn search_agrees_with_scoring_every_entry(
            texts in proptest::collection::vec("[a-dA-D ]{1,12}", 1..40),
            query in "[a-dA-D ]{1,6}",
            limit in 0usize..8,
        ) {
            // (An empty query lists entries in order; that path is not ranked.)
            prop_assume!(!query.trim().is_empty());
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let index = index_of(&refs);
            prop_assert_eq!(index.search(&query, limit), reference(&index, &query, limit));
        }
    }
}

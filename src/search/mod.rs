//! Fuzzy search over codes, verbatim error messages and outcome titles, so a user who
//! remembers a fragment lands on the right branch.
//!
//! Scores are fuzzy-matcher's (`SkimMatcherV2`, case ignored): `skim.rs` computes them
//! on bytes for ASCII text, fuzzy-matcher itself for the rest. Every keystroke ranks
//! every entry, so the per-entry cost is what matters: a bit set of the bytes each entry
//! holds turns most entries away in one instruction, and the rest are scored with
//! buffers kept between entries.

mod skim;

pub use skim::Scorer;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::{Deserialize, Serialize};

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
    /// For each entry, the bytes its text holds (`byte_bits`), and whether it is ASCII.
    holds: Vec<(u64, bool)>,
    /// The playbook's synonym groups, lower case: a query naming one word of a group
    /// also finds entries that use another ("licence" finds "license").
    synonyms: Vec<Vec<String>>,
}

/// A bit for each letter (ignoring case) and digit of `text`, and one shared by all other
/// bytes: an entry lacking a bit of a word cannot hold the word's bytes in order.
fn byte_bits(text: &str) -> u64 {
    text.bytes().fold(0, |bits, b| {
        bits | 1
            << match b {
                b'a'..=b'z' => b - b'a',
                b'A'..=b'Z' => b - b'A',
                b'0'..=b'9' => 26 + b - b'0',
                _ => 36,
            }
    })
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// The index as the cache of compiled folders keeps it.
#[derive(Serialize, Deserialize)]
struct StoredIndex {
    entries: Vec<StoredEntry>,
    synonyms: Vec<Vec<String>>,
}

/// An entry as the cache of compiled folders keeps it (postcard cannot store the
/// internally tagged `Target` that JSON output uses).
#[derive(Serialize, Deserialize)]
struct StoredEntry {
    kind: u8,
    text: String,
    category: String,
    node: Option<String>,
    answers: Vec<(String, String)>,
}

impl SearchIndex {
    /// The entries as bytes, for the cache of compiled folders.
    pub fn to_bytes(&self) -> Vec<u8> {
        let stored: Vec<StoredEntry> = self
            .entries
            .iter()
            .map(|e| StoredEntry {
                kind: match e.kind {
                    EntryKind::Code => 0,
                    EntryKind::Message => 1,
                    EntryKind::Title => 2,
                },
                text: e.text.clone(),
                category: e.category.clone(),
                node: match &e.target {
                    Target::Node { id } => Some(id.clone()),
                    Target::Answers { .. } => None,
                },
                answers: match &e.target {
                    Target::Answers { answers } => answers.clone(),
                    Target::Node { .. } => Vec::new(),
                },
            })
            .collect();
        let stored = StoredIndex {
            entries: stored,
            synonyms: self.synonyms.clone(),
        };
        postcard::to_allocvec(&stored).expect("entries always serialise")
    }

    /// The index `to_bytes` wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, String> {
        let stored: StoredIndex = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
        let entries = stored
            .entries
            .into_iter()
            .map(|s| {
                Ok(Entry {
                    kind: match s.kind {
                        0 => EntryKind::Code,
                        1 => EntryKind::Message,
                        2 => EntryKind::Title,
                        other => return Err(format!("unknown entry kind {other}")),
                    },
                    text: s.text,
                    category: s.category,
                    target: match s.node {
                        Some(id) => Target::Node { id },
                        None => Target::Answers { answers: s.answers },
                    },
                })
            })
            .collect::<Result<Vec<Entry>, String>>()?;
        Ok(SearchIndex::from_entries(entries).with_synonyms(stored.synonyms))
    }

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
        SearchIndex::from_entries(entries).with_synonyms(playbook.synonyms.clone())
    }

    /// The same index, treating the words of each group alike in queries.
    pub fn with_synonyms(mut self, groups: Vec<Vec<String>>) -> SearchIndex {
        self.synonyms = groups
            .into_iter()
            .map(|g| g.into_iter().map(|w| w.to_lowercase()).collect())
            .collect();
        self
    }

    pub fn from_entries(entries: Vec<Entry>) -> SearchIndex {
        let holds = entries
            .iter()
            .map(|e| (byte_bits(&e.text), e.text.is_ascii()))
            .collect();
        SearchIndex {
            entries,
            holds,
            synonyms: Vec::new(),
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
        // The query as typed, and with each synonym swapped in: an entry scores its best.
        let variants = query_variants(query, &self.synonyms);
        let mut scorer = Scorer::default();
        // Per entry: whether every word stands in it as typed (`literal`), its best score
        // and the variant that gave it.
        let mut best: Vec<Option<(bool, i64, usize)>> = vec![None; self.entries.len()];
        for (v, variant) in variants.iter().enumerate() {
            // Like fzf, words separated by spaces must each match, in any order.
            let terms: Vec<&str> = variant.split_whitespace().collect();
            let needed = terms
                .iter()
                .filter(|t| t.is_ascii())
                .fold(0, |bits, t| bits | byte_bits(t));
            let ascii_terms = terms.iter().all(|t| t.is_ascii());
            for (i, (entry, &(holds, ascii))) in self.entries.iter().zip(&self.holds).enumerate() {
                if holds & needed != needed {
                    continue;
                }
                let score = if ascii && ascii_terms {
                    rank_ascii(&mut scorer, entry, &terms)
                } else {
                    rank(entry, &terms)
                };
                if let Some(score) = score {
                    let literal = terms.iter().all(|t| has_word(&entry.text, t));
                    if best[i].is_none_or(|known| (literal, score) > (known.0, known.1)) {
                        best[i] = Some((literal, score, v));
                    }
                }
            }
        }
        let mut ranked: Vec<(bool, i64, usize)> = best
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|(literal, score, _)| (literal, score, i)))
            .collect();
        // Entries that hold every word as typed first, then the fuzzy ones: a subsequence
        // spread over a long message ("dlp" in "ChildFlowNeverPublished") must not push a
        // real match down. Best score first within each; among equal scores, playbook order.
        ranked.sort_unstable_by_key(|&(literal, score, i)| {
            (std::cmp::Reverse(literal), std::cmp::Reverse(score), i)
        });
        let mut hits = Vec::with_capacity(limit.min(ranked.len()));
        for (literal, score, i) in ranked {
            if hits.len() >= limit {
                break;
            }
            let entry = &self.entries[i];
            let variant = best[i].map_or(0, |(_, _, v)| v);
            let terms: Vec<&str> = variants[variant].split_whitespace().collect();
            let per_term = term_positions(&mut scorer, entry, &terms);
            // A fuzzy match is kept when it reads like a typo or an acronym; letters
            // picked here and there across a long message are noise.
            if !literal && !per_term.iter().all(|p| is_near_miss(&entry.text, p)) {
                continue;
            }
            let mut positions: Vec<usize> = per_term.into_iter().flatten().collect();
            positions.sort_unstable();
            positions.dedup();
            hits.push(Hit {
                entry,
                score,
                positions,
            });
        }
        hits
    }
}

/// Whether a word's matched letters (character positions in `text`) read like a typo or
/// an acronym: the first starts a word, and each next one follows at most one letter
/// later or starts a word itself (`invokr` in `Invoker`, `dlp` in `data loss
/// prevention`; not `dlp` in `development` or `ChildFlowNeverPublished`).
fn is_near_miss(text: &str, positions: &[usize]) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let starts_word = |at: usize| {
        let prev = at.checked_sub(1).and_then(|p| chars.get(p)).copied();
        chars.get(at).is_some_and(|&c| starts_a_word(prev, c))
    };
    positions.first().is_none_or(|&first| starts_word(first))
        && positions
            .windows(2)
            .all(|pair| pair[1] - pair[0] <= 2 || starts_word(pair[1]))
}

/// At most this many spellings of one query are tried.
const MAX_VARIANTS: usize = 8;

/// The query, then the query with a word or phrase of a synonym group replaced by each
/// other member of the group (whole words only, ignoring case).
fn query_variants(query: &str, groups: &[Vec<String>]) -> Vec<String> {
    let mut variants = vec![query.to_string()];
    if groups.is_empty() {
        return variants;
    }
    let lower = query.to_lowercase();
    for group in groups {
        for word in group {
            let Some(at) = find_word(&lower, word) else {
                continue;
            };
            for other in group.iter().filter(|o| *o != word) {
                if variants.len() >= MAX_VARIANTS {
                    return variants;
                }
                let variant = format!("{}{}{}", &lower[..at], other, &lower[at + word.len()..]);
                if !variants.contains(&variant) {
                    variants.push(variant);
                }
            }
            break;
        }
    }
    variants
}

/// Whether `c`, after `prev`, starts a word: at the text's start, after a character that
/// is not a letter or digit, or as a capital after a lower-case letter (PascalCase).
fn starts_a_word(prev: Option<char>, c: char) -> bool {
    prev.is_none_or(|p| !p.is_alphanumeric() || (p.is_lowercase() && c.is_uppercase()))
}

/// Whether `term` stands in `text` as a whole word, ignoring case (`dlp` in
/// `DlpViolation` and `a DLP policy`, `off` in `turned off`, not in `shared_office365`).
/// Words break at any character that is not a letter or digit, and before a capital
/// that follows a lower-case letter (PascalCase codes).
fn has_word(text: &str, term: &str) -> bool {
    let boundary = |prev: Option<char>, next: Option<char>| {
        next.is_none_or(|n| !n.is_alphanumeric() || starts_a_word(prev, n))
    };
    let found = |text: &str, at: usize, len: usize| {
        boundary(text[..at].chars().next_back(), text[at..].chars().next())
            && boundary(
                text[..at + len].chars().next_back(),
                text[at + len..].chars().next(),
            )
    };
    if text.is_ascii() && term.is_ascii() {
        let bytes = text.as_bytes();
        return (0..bytes.len().saturating_sub(term.len()) + 1).any(|at| {
            bytes.len() >= at + term.len()
                && bytes[at..at + term.len()].eq_ignore_ascii_case(term.as_bytes())
                && found(text, at, term.len())
        });
    }
    // Other scripts: compared lower-cased, where a capital inside a word no longer shows.
    let (text, term) = (text.to_lowercase(), term.to_lowercase());
    text.match_indices(&term)
        .any(|(at, _)| found(&text, at, term.len()))
}

/// Where `word` starts in `text` as a whole word (not inside a longer word).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !is_word(text[..at].chars().next_back()) && !is_word(text[at + word.len()..].chars().next())
    })
}

/// The entry's score for every word (their sum, and its kind's bonus), if all match:
/// an ASCII entry and words, on bytes.
fn rank_ascii(scorer: &mut Scorer, entry: &Entry, terms: &[&str]) -> Option<i64> {
    let mut total = 0;
    for term in terms {
        total += scorer.rank(entry.text.as_bytes(), term.as_bytes())?;
    }
    Some(total + kind_bonus(entry.kind))
}

/// `rank_ascii` for any text, by fuzzy-matcher itself.
fn rank(entry: &Entry, terms: &[&str]) -> Option<i64> {
    let mut total = 0;
    for term in terms {
        if !may_match(&entry.text, term) {
            return None;
        }
        total += fresh_matcher().fuzzy_indices(&entry.text, term)?.0;
    }
    Some(total + kind_bonus(entry.kind))
}

/// Where each word matched in the entry's text, word by word (character positions).
fn term_positions(scorer: &mut Scorer, entry: &Entry, terms: &[&str]) -> Vec<Vec<usize>> {
    terms
        .iter()
        .map(|term| {
            if entry.text.is_ascii() && term.is_ascii() {
                let mut one = Vec::new();
                scorer
                    .score(entry.text.as_bytes(), term.as_bytes(), Some(&mut one))
                    .map_or_else(Vec::new, |_| one)
            } else {
                fresh_matcher()
                    .fuzzy_indices(&entry.text, term)
                    .map_or_else(Vec::new, |(_, p)| p)
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every word must match; the hit's score is the sum, its positions the union.
    pub(super) fn score<'a>(entry: &'a Entry, terms: &[&str]) -> Option<Hit<'a>> {
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

    /// The plain way: score every entry with positions, sort, cut. `search` must agree.
    /// Each entry scores its best over the query's synonym variants, entries holding
    /// every word as typed first; a fuzzy hit must read like a typo or an acronym.
    fn reference<'a>(index: &'a SearchIndex, query: &str, limit: usize) -> Vec<Hit<'a>> {
        let variants = query_variants(query.trim(), &index.synonyms);
        let mut hits: Vec<(bool, Hit)> = index
            .entries
            .iter()
            .filter_map(|entry| {
                variants
                    .iter()
                    .filter_map(|v| {
                        let terms: Vec<&str> = v.split_whitespace().collect();
                        let hit = score(entry, &terms)?;
                        let literal = terms.iter().all(|t| has_word(&entry.text, t));
                        let near = terms.iter().all(|t| {
                            let (_, p) = fresh_matcher().fuzzy_indices(&entry.text, t).unwrap();
                            is_near_miss(&entry.text, &p)
                        });
                        Some((literal, near, hit))
                    })
                    .reduce(|best, next| {
                        if (next.0, next.2.score) > (best.0, best.2.score) {
                            next
                        } else {
                            best
                        }
                    })
                    .filter(|(literal, near, _)| *literal || *near)
                    .map(|(literal, _, hit)| (literal, hit))
            })
            .collect();
        hits.sort_by_key(|(literal, h)| (std::cmp::Reverse(*literal), std::cmp::Reverse(h.score)));
        hits.truncate(limit);
        hits.into_iter().map(|(_, h)| h).collect()
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
    fn synonyms_are_swapped_as_whole_words_ignoring_case() {
        let groups = vec![
            vec!["license".to_string(), "licence".to_string()],
            vec!["120 seconds".to_string(), "2 minutes".to_string()],
            vec!["off".to_string(), "disabled".to_string()],
        ];
        assert_eq!(
            query_variants("Licence missing", &groups),
            ["Licence missing", "license missing"]
        );
        assert_eq!(
            query_variants("waits 2 minutes", &groups),
            ["waits 2 minutes", "waits 120 seconds"]
        );
        // "offline" holds "off" but not as a word; no group, no variants.
        assert_eq!(query_variants("offline", &groups), ["offline"]);
        assert_eq!(query_variants("flow off", &[]), ["flow off"]);
        let index =
            index_of(&["The flow is turned off", "A license is missing"]).with_synonyms(groups);
        let ids = |q| -> Vec<String> {
            index
                .search(q, 5)
                .iter()
                .map(|h| match &h.entry.target {
                    Target::Node { id } => id.clone(),
                    Target::Answers { .. } => String::new(),
                })
                .collect()
        };
        assert_eq!(ids("disabled"), ["n0"]);
        assert_eq!(ids("licence"), ["n1"]);
        assert!(ids("licensee").is_empty());
    }

    #[test]
    fn the_index_survives_its_bytes() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let index = SearchIndex::new(&playbook);
        let back = SearchIndex::from_bytes(&index.to_bytes()).expect("decodes");
        assert_eq!(back.entries(), index.entries());
        assert_eq!(back.search("conn ref", 20), index.search("conn ref", 20));
        assert_eq!(back.search("licence", 20), index.search("licence", 20));
        assert!(!back.search("licence", 20).is_empty());
        assert!(SearchIndex::from_bytes(b"\x01\x03").is_err());
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
    fn words_break_at_punctuation_spaces_and_pascal_case() {
        assert!(has_word("DlpViolation", "dlp"));
        assert!(has_word("a DLP policy", "dlp"));
        assert!(has_word("triggerOutputs()", "trigger"));
        assert!(has_word("run-only user", "run-only"));
        assert!(has_word("Die Verbindung ist ungültig", "ungültig"));
        assert!(!has_word("shared_office365", "off"));
        assert!(!has_word("development", "dlp"));
        assert!(!has_word("licensed", "license"));
    }

    #[test]
    fn a_near_miss_reads_like_a_typo_or_an_acronym() {
        let near = |text: &str, term: &str| {
            let (_, p) = fresh_matcher().fuzzy_indices(text, term).unwrap();
            is_near_miss(text, &p)
        };
        assert!(near("InvokerConnectionOverrideFailed", "invokr"));
        assert!(near("data loss prevention", "dlp"));
        assert!(near("ActionTimedOut", "timedout"));
        assert!(!near("An app in development calls a flow", "dlp"));
        assert!(!near("ChildFlowNeverPublished", "dlp"));
        assert!(!near("UnpublishedSolutionFlowCannotBeInstalled", "license"));
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
            texts in proptest::collection::vec("[a-dA-Dé ]{1,12}", 1..40),
            query in "[a-dA-Dé ]{1,6}",
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

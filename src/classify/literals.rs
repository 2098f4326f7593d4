//! Finding every occurrence of many literals in one pass over a text.
//!
//! The classifier looks for dozens of fixed texts in every paste (each code, each
//! pattern's literals, each redaction rule's keywords). Looking for them one by one
//! scans a 2 MB paste dozens of times; a regex alternation of them costs 2-7 M
//! instructions to compile. A packed SIMD searcher (Teddy, from `aho-corasick`) builds
//! in about ten microseconds and scans for up to 64 literals at once; larger sets, and
//! machines without the SIMD it needs, use an Aho-Corasick DFA of the literals' first
//! four bytes, run over the text once (every occurrence, overlapping ones too) and the
//! rest of each literal compared where its start occurs.
//!
//! Literals are given in lower case and compared with the text ignoring ASCII case:
//! `scan` lower-cases the text a window at a time (64 KiB, kept in cache) and runs every
//! search on each window, so a long paste is neither copied whole (a fresh 2 MB buffer
//! costs 512 page faults) nor read once per search.

use aho_corasick::automaton::Automaton as _;
use aho_corasick::packed;
use aho_corasick::{Anchored, MatchKind, Span};

/// The automaton for sets too large for Teddy: its own type, not `AhoCorasick`, whose
/// searches make a dynamic call per byte.
type Automaton = aho_corasick::dfa::DFA;

/// How many of a literal's first bytes the automaton holds.
const AUTOMATON_PREFIX: usize = 4;

/// Above this many literals Teddy slows down sharply (measured: 64 literals scan 2 MB in
/// 0.7 ms, 82 in 4 ms); the automaton is steadier there.
const TEDDY_MAX: usize = 64;

enum Engine {
    Teddy(packed::Searcher),
    /// Every occurrence of the literals' first `AUTOMATON_PREFIX` bytes in one pass
    /// (overlapping matches), and for each of its patterns the literals starting so.
    Automaton(Box<Automaton>, Vec<Vec<u32>>),
    /// No literals at all.
    Nothing,
}

/// Texts up to this long are searched literal by literal (memchr's `memmem`): building
/// a searcher for dozens of literals (about 100,000 instructions) costs more than that
/// on a typical pasted error of a few hundred bytes.
const ONE_BY_ONE_MAX: usize = 8 * 1024;

/// A set of literals to look for, each known by its index.
pub struct LiteralSearch {
    literals: Vec<Vec<u8>>,
    /// For each first byte, the literals that start with it: the searcher reports one
    /// literal per position, and the others starting there are checked by hand.
    by_first_byte: Vec<Vec<u32>>,
    /// Whether the searcher may be Teddy (tests turn it off).
    teddy: bool,
    /// Built the first time a text longer than `ONE_BY_ONE_MAX` is searched.
    engine: std::sync::OnceLock<Engine>,
}

impl std::fmt::Debug for LiteralSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiteralSearch")
            .field("literals", &self.literals.len())
            .finish()
    }
}

impl LiteralSearch {
    /// Look for these literals (as bytes; an empty one is never found).
    pub fn new<I, L>(literals: I) -> LiteralSearch
    where
        I: IntoIterator<Item = L>,
        L: AsRef<[u8]>,
    {
        LiteralSearch::build(literals, true)
    }

    fn build<I, L>(literals: I, teddy: bool) -> LiteralSearch
    where
        I: IntoIterator<Item = L>,
        L: AsRef<[u8]>,
    {
        let literals: Vec<Vec<u8>> = literals.into_iter().map(|l| l.as_ref().to_vec()).collect();
        let mut by_first_byte = vec![Vec::new(); 256];
        for (id, literal) in literals.iter().enumerate() {
            if let Some(&first) = literal.first() {
                by_first_byte[usize::from(first)].push(id as u32);
            }
        }
        LiteralSearch {
            literals,
            by_first_byte,
            teddy,
            engine: std::sync::OnceLock::new(),
        }
    }

    fn engine(&self) -> &Engine {
        self.engine.get_or_init(|| {
            let searched: Vec<&[u8]> = self
                .literals
                .iter()
                .filter(|l| !l.is_empty())
                .map(Vec::as_slice)
                .collect();
            if searched.is_empty() {
                return Engine::Nothing;
            }
            let packed = (self.teddy && searched.len() <= TEDDY_MAX)
                .then(|| {
                    packed::Config::new()
                        .match_kind(packed::MatchKind::LeftmostFirst)
                        .builder()
                        .extend(&searched)
                        .build()
                })
                .flatten();
            match packed {
                Some(searcher) => Engine::Teddy(searcher),
                None => {
                    // The automaton holds each literal's first bytes only, once per
                    // distinct start (a quarter of the states, and its build, for the
                    // classifier's literals); the rest is compared where one matches.
                    let mut starts: Vec<&[u8]> = Vec::new();
                    let mut owners: Vec<Vec<u32>> = Vec::new();
                    for (id, literal) in self.literals.iter().enumerate() {
                        if literal.is_empty() {
                            continue;
                        }
                        let start = &literal[..literal.len().min(AUTOMATON_PREFIX)];
                        match starts.iter().position(|s| *s == start) {
                            Some(i) => owners[i].push(id as u32),
                            None => {
                                starts.push(start);
                                owners.push(vec![id as u32]);
                            }
                        }
                    }
                    Engine::Automaton(
                        Box::new(
                            Automaton::builder()
                                .match_kind(MatchKind::Standard)
                                .prefilter(false)
                                .build(&starts)
                                .expect("literal sets this small always build"),
                        ),
                        owners,
                    )
                }
            }
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.literals.len()
    }

    /// The length in bytes of literal `id`.
    pub(crate) fn literal_len(&self, id: usize) -> usize {
        self.literals[id].len()
    }

    /// `for_each` without a searcher: each literal on its own, then in order.
    fn one_by_one(&self, haystack: &[u8], mut found: impl FnMut(usize, usize)) {
        let mut all: Vec<(usize, usize)> = Vec::new();
        for (id, literal) in self.literals.iter().enumerate() {
            let Some((&first, _)) = literal.split_first() else {
                continue;
            };
            // One occurrence of the first byte at a time: overlapping ones count too.
            let mut at = 0;
            while let Some(offset) = memchr::memchr(first, &haystack[at..]) {
                let start = at + offset;
                if haystack[start..].starts_with(literal) {
                    all.push((start, id));
                }
                at = start + 1;
            }
        }
        all.sort_unstable();
        for (start, id) in all {
            found(id, start);
        }
    }

    fn longest(&self) -> usize {
        self.literals.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Call `found(literal, start)` for every occurrence of every literal in
    /// `haystack`, overlapping ones included: by start, then by literal index.
    pub fn for_each(&self, haystack: &[u8], found: impl FnMut(usize, usize)) {
        if haystack.len() <= ONE_BY_ONE_MAX {
            self.one_by_one(haystack, found);
        } else {
            self.with_engine(haystack, found);
        }
    }

    /// `for_each` with the searcher, whatever the length.
    fn with_engine(&self, haystack: &[u8], mut found: impl FnMut(usize, usize)) {
        match self.engine() {
            // Teddy finds the leftmost literal from a position; the others starting
            // there are checked by hand.
            Engine::Teddy(searcher) => {
                let mut at = 0;
                while let Some(m) = searcher.find_in(haystack, Span::from(at..haystack.len())) {
                    let start = m.start();
                    let rest = &haystack[start..];
                    for &id in &self.by_first_byte[usize::from(rest[0])] {
                        if rest.starts_with(&self.literals[id as usize]) {
                            found(id as usize, start);
                        }
                    }
                    at = start + 1;
                    if at >= haystack.len() {
                        break;
                    }
                }
            }
            // The automaton reports every occurrence in one pass, by end: restarting it
            // after each one (as for Teddy) cost it 60 instructions a byte on 2 MB of
            // chat, where common words are literals.
            Engine::Automaton(automaton, owners) => {
                // (start, literal) in one number, sorted.
                let mut all: Vec<u64> = Vec::new();
                let mut state = automaton
                    .start_state(Anchored::No)
                    .expect("an unanchored search starts");
                for (at, &byte) in haystack.iter().enumerate() {
                    state = automaton.next_state(Anchored::No, state, byte);
                    if automaton.is_special(state) && automaton.is_match(state) {
                        for i in 0..automaton.match_len(state) {
                            let pattern = automaton.match_pattern(state, i);
                            let start = at + 1 - automaton.pattern_len(pattern);
                            let rest = &haystack[start..];
                            for &id in &owners[pattern.as_usize()] {
                                if rest.starts_with(&self.literals[id as usize]) {
                                    all.push(((start as u64) << 32) | u64::from(id));
                                }
                            }
                        }
                    }
                }
                all.sort_unstable();
                for key in all {
                    found((key & 0xFFFF_FFFF) as usize, (key >> 32) as usize);
                }
            }
            Engine::Nothing => {}
        }
    }
}

/// Window size for `scan`: large enough that searches run at full speed, small enough
/// to stay in a core's cache.
const WINDOW: usize = 16 * 1024;

/// Texts at least this long are scanned in two halves at once, when the machine has a
/// second core: a thread costs tens of microseconds, scanning 1 MB about a millisecond.
const PARALLEL_MIN: usize = 512 * 1024;

/// Call `found(search, literal, start)` for every occurrence of every literal of every
/// search in `text`, ignoring ASCII case. Each search reports in order of start.
#[cfg(test)]
pub fn scan(text: &[u8], searches: &[&LiteralSearch], mut found: impl FnMut(usize, usize, usize)) {
    scan_range(text, 0..text.len(), searches, WINDOW, &mut found);
}

/// `scan`, with what is found gathered into a `T` per part of the text: one part, or two
/// halves scanned on two threads for a long text. Parts come back in text order; the
/// caller joins them.
pub fn scan_parts<T, F>(text: &[u8], searches: &[&LiteralSearch], found: F) -> Vec<T>
where
    T: Default + Send,
    F: Fn(&mut T, usize, usize, usize) + Sync,
{
    let one = |range: std::ops::Range<usize>| {
        let mut part = T::default();
        scan_range(text, range, searches, WINDOW, &mut |s, l, at| {
            found(&mut part, s, l, at)
        });
        part
    };
    if text.len() < PARALLEL_MIN || cores() < 2 {
        return vec![one(0..text.len())];
    }
    let middle = text.len() / 2;
    std::thread::scope(|scope| {
        let second = std::thread::Builder::new().spawn_scoped(scope, || one(middle..text.len()));
        let first = one(0..middle);
        let second = match second {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: scan the second half here.
            Err(_) => one(middle..text.len()),
        };
        vec![first, second]
    })
}

fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Scan the occurrences that start in `range` of `text`, a window at a time.
fn scan_range(
    text: &[u8],
    range: std::ops::Range<usize>,
    searches: &[&LiteralSearch],
    window: usize,
    found: &mut dyn FnMut(usize, usize, usize),
) {
    // Each window reaches this far past its own end, so that a literal starting in it is
    // whole; one starting in the overlap is left to the next window.
    let overlap = searches
        .iter()
        .map(|s| s.longest())
        .max()
        .unwrap_or(0)
        .saturating_sub(1);
    let mut lower = Vec::with_capacity(window.min(range.len()) + overlap);
    let mut start = range.start;
    while start < range.end {
        let own_end = (start + window).min(range.end);
        let end = (own_end + overlap).min(text.len());
        lower.clear();
        lower.extend(text[start..end].iter().map(u8::to_ascii_lowercase));
        for (index, search) in searches.iter().enumerate() {
            search.for_each(&lower, |literal, at| {
                if start + at < own_end {
                    found(index, literal, start + at);
                }
            });
        }
        start = own_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(literals: &[&str], haystack: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for start in 0..haystack.len() {
            for (id, literal) in literals.iter().enumerate() {
                if !literal.is_empty() && haystack[start..].starts_with(literal.as_bytes()) {
                    found.push((id, start));
                }
            }
        }
        found
    }

    /// Every occurrence, found both ways; they must agree.
    fn all(search: &LiteralSearch, haystack: &[u8]) -> Vec<(usize, usize)> {
        let (mut one, mut engine) = (Vec::new(), Vec::new());
        search.one_by_one(haystack, |id, start| one.push((id, start)));
        search.with_engine(haystack, |id, start| engine.push((id, start)));
        assert_eq!(one, engine, "one by one and with the searcher");
        engine
    }

    fn all_in_windows(search: &LiteralSearch, text: &[u8], window: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        scan_range(
            text,
            0..text.len(),
            &[search],
            window,
            &mut |_, id, start| found.push((id, start)),
        );
        found
    }

    #[test]
    fn halves_scanned_at_once_find_what_one_scan_finds() {
        let search = LiteralSearch::new(["needle", "le ne", "x"]);
        let mut text = String::new();
        for i in 0..PARALLEL_MIN / 6 {
            text.push_str(if i % 97 == 0 { "NeedLe " } else { "hay le " });
        }
        let mut one = Vec::new();
        scan(text.as_bytes(), &[&search], |_, id, at| one.push((id, at)));
        let parts: Vec<Vec<(usize, usize)>> = scan_parts(
            text.as_bytes(),
            &[&search],
            |part: &mut Vec<(usize, usize)>, _, id, at| part.push((id, at)),
        );
        assert_eq!(parts.len(), if cores() > 1 { 2 } else { 1 });
        assert_eq!(parts.concat(), one);
        assert!(one.len() > 100);
    }

    #[test]
    fn finds_overlapping_and_nested_literals() {
        let literals = ["was not given", "not given by invoker", "given", "", "was"];
        let text = b"connection 'x' was not given by invoker. was it given?";
        for teddy in [true, false] {
            let search = LiteralSearch::build(literals, teddy);
            assert_eq!(all(&search, text), naive(&literals, text), "teddy {teddy}");
        }
        assert_eq!(
            all_in_windows(&LiteralSearch::new(literals), b"WAS Not GIVEN", 4),
            vec![(0, 0), (4, 0), (2, 8)]
        );
    }

    #[test]
    fn many_literals_use_the_automaton_and_agree() {
        let owned: Vec<String> = (0..200).map(|i| format!("code{i}x")).collect();
        let literals: Vec<&str> = owned.iter().map(String::as_str).collect();
        let text = b"code1x code17x code199x code200x";
        let search = LiteralSearch::new(&literals);
        let text = text.repeat(ONE_BY_ONE_MAX / text.len() + 1);
        assert_eq!(all(&search, &text), naive(&literals, &text));
        assert!(matches!(search.engine.get(), Some(Engine::Automaton(..))));
    }

    proptest! {
        #[test]
        fn every_occurrence_is_found_whatever_the_engine(
            // Longer than the automaton's prefix, so that literals sharing a start are
            // told apart after it.
            literals in proptest::collection::vec("[ab ]{0,7}", 0..8),
            text in "[ab c]{0,300}",
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let expected = naive(&literals, text.as_bytes());
            for teddy in [true, false] {
                let search = LiteralSearch::build(&literals, teddy);
                prop_assert_eq!(all(&search, text.as_bytes()), expected.clone());
            }
        }

        #[test]
        fn windows_find_what_one_pass_finds_ignoring_case(
            literals in proptest::collection::vec("[ab ]{1,5}", 1..6),
            text in "[aAbB c]{0,200}",
            window in 1usize..40,
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let search = LiteralSearch::new(&literals);
            let lower = text.to_ascii_lowercase();
            let mut expected = naive(&literals, lower.as_bytes());
            let mut got = all_in_windows(&search, text.as_bytes(), window);
            // Windows report by start within each window; compare as sets in order of start.
            expected.sort_by_key(|&(id, start)| (start, id));
            got.sort_by_key(|&(id, start)| (start, id));
            prop_assert_eq!(got, expected);
        }
    }
}

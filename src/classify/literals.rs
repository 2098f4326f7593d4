//! Finding every occurrence of many literals in one pass over a text, ignoring ASCII
//! case.
//!
//! The classifier looks for hundreds of fixed texts in every paste (each code, each
//! pattern's literals, each status name, each redaction rule's keywords). Looking for
//! them one by one scans a 2 MB paste hundreds of times; a regex alternation of them
//! costs 2-7 M instructions to compile, and an Aho-Corasick DFA of them 7 M to build
//! and a dependent table load a byte to run (on a lower-cased copy of the text).
//!
//! A set of up to 64 literals (the redaction rules' keywords) is searched with Teddy
//! (aho-corasick's packed SIMD searcher, a few instructions a byte), on the text
//! lower-cased a window at a time. A larger set (the classifier's: every pattern
//! literal, status name, code and loose-finder marker, several hundred) is searched
//! by hashing: each literal is known by its first four bytes, folded so that ASCII case
//! does not count (`fold`: every byte with bit 5 set), and a literal of three bytes by
//! each fourth byte that may follow it. At each position of the text the four bytes
//! there are folded, hashed and looked up in a 128 Kibit filter of every key; a
//! position that passes (an occurrence, or about one in 60 others) is looked up in a
//! table of the keys, and each literal with that key is compared whole, a word at a
//! time. No lookup depends on the one before, the filter (16 KiB) stays in the
//! first-level cache, the text is read as it is (no lower-cased copy), and building it
//! all costs about 2 M instructions (the Aho-Corasick DFA it replaces
//! cost 7.4 M to build and a dependent table load a byte to run).

use aho_corasick::Span;
use aho_corasick::packed;

/// How many of a literal's first bytes make its key.
const KEY: usize = 4;

/// Bits of the filter's hash (a filter of 16 KiB).
const FILTER_BITS: u32 = 17;

/// Every byte with bit 5 set: an ASCII capital becomes its small letter, and any
/// other byte the same byte as its folded look-alike, so two texts equal ignoring
/// ASCII case fold to the same bytes (the converse is checked by comparing).
fn fold(word: u32) -> u32 {
    word | 0x2020_2020
}

fn hash(key: u32) -> u32 {
    key.wrapping_mul(0x9E37_79B1)
}

/// The table's own hash: the filter's keeps the high bits of a product, in which
/// keys differing only in their last byte differ; its low bits would not.
fn table_slot(key: u32) -> usize {
    ((key ^ (key >> 16)).wrapping_mul(0x85EB_CA6B) >> 16) as usize
}

fn filter_slot(hash: u32) -> usize {
    (hash >> (32 - FILTER_BITS)) as usize
}

/// Whether `text` (as written) starts with `literal` (lower case) ignoring ASCII case.
fn equal_folded(text: &[u8], literal: &[u8]) -> bool {
    text.len() >= literal.len()
        && text
            .iter()
            .zip(literal)
            .all(|(t, l)| t.to_ascii_lowercase() == *l)
}

/// A literal eight bytes at a time, for `starts_folded`: its bytes, 0x20 at each
/// ASCII letter (which then takes either case; any other byte must be exact), and
/// 0xFF at each byte it has (the last word is cut short).
type Chunk = [u64; 3];

fn chunks_of(literal: &[u8]) -> Vec<Chunk> {
    literal
        .chunks(8)
        .map(|part| {
            let (mut bytes, mut letters, mut keep) = ([0u8; 8], [0u8; 8], [0u8; 8]);
            for (i, &b) in part.iter().enumerate() {
                bytes[i] = b;
                letters[i] = if b.is_ascii_alphabetic() { 0x20 } else { 0 };
                keep[i] = 0xFF;
            }
            [
                u64::from_le_bytes(bytes),
                u64::from_le_bytes(letters),
                u64::from_le_bytes(keep),
            ]
        })
        .collect()
}

/// `equal_folded` a word at a time, where the text holds whole words.
fn starts_folded(text: &[u8], literal: &[u8], chunks: &[Chunk]) -> bool {
    if text.len() < chunks.len() * 8 {
        return equal_folded(text, literal);
    }
    chunks
        .iter()
        .enumerate()
        .all(|(i, [bytes, letters, keep])| {
            let word: [u8; 8] = text[i * 8..i * 8 + 8].try_into().expect("eight bytes");
            (u64::from_le_bytes(word) | letters) & keep == *bytes
        })
}

/// Sets of more literals than this are searched with fat Teddy (see `teddy`).
const FAT_MIN: usize = 16;

/// A literal with the same key as others, and its first word.
struct Owner {
    first: Chunk,
    id: u32,
}

/// Above this many literals Teddy slows down sharply (measured: 64 literals scan 2 MB in
/// 0.7 ms, 82 in 4 ms).
const TEDDY_MAX: usize = 64;

/// The searcher for texts too long to search literal by literal.
struct Engine {
    /// The bits of a folded little-endian word that make a key: all four bytes, or
    /// fewer when a literal is shorter than three bytes. A literal of three bytes has
    /// a key for each folded fourth byte.
    key_mask: u32,
    /// Bit `filter_slot(hash(key))` is set for every key.
    filter: Vec<u64>,
    /// Open addressing by the hash's low bits: (key, index in `owners` + 1), 0 empty;
    /// at most half full.
    table: Vec<(u32, u32)>,
    table_mask: usize,
    /// Per key, the literals that have it, in order, each with its first word
    /// (`starts_folded`'s first chunk), so that most are told apart from the text
    /// without reading the literal.
    owners: Vec<Vec<Owner>>,
    /// Per literal, its words (`starts_folded`).
    chunks: Vec<Vec<Chunk>>,
}

impl Engine {
    fn build(literals: &[Vec<u8>]) -> Option<Engine> {
        let shortest = literals.iter().map(Vec::len).filter(|&l| l > 0).min()?;
        let key_mask = if shortest >= KEY - 1 {
            u32::MAX
        } else {
            (1u32 << (8 * shortest)) - 1
        };
        let mut keyed: Vec<(u32, u32)> = Vec::new();
        for (id, literal) in literals.iter().enumerate() {
            if literal.is_empty() {
                continue;
            }
            let key = word_at(literal) & key_mask;
            if literal.len() == KEY - 1 && key_mask == u32::MAX {
                // Whatever follows: every folded fourth byte.
                for next in (0..=255u32).filter(|b| b & 0x20 != 0) {
                    keyed.push(((key & 0x00FF_FFFF) | (next << 24), id as u32));
                }
            } else {
                keyed.push((key, id as u32));
            }
        }
        keyed.sort_unstable();
        keyed.dedup();
        let distinct = keyed.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
        let table_mask = (distinct * 2).next_power_of_two() - 1;
        let mut filter = vec![0u64; 1 << (FILTER_BITS - 6)];
        let mut table = vec![(0u32, 0u32); table_mask + 1];
        let chunks: Vec<Vec<Chunk>> = literals.iter().map(|l| chunks_of(l)).collect();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut last = None;
        for (key, id) in keyed {
            if last != Some(key) {
                last = Some(key);
                let h = hash(key);
                let slot = filter_slot(h);
                filter[slot >> 6] |= 1 << (slot & 63);
                owners.push(Vec::new());
                let mut t = table_slot(key) & table_mask;
                while table[t].1 != 0 {
                    t = (t + 1) & table_mask;
                }
                table[t] = (key, owners.len() as u32);
            }
            owners.last_mut().expect("pushed").push(Owner {
                first: chunks[id as usize][0],
                id,
            });
        }
        Some(Engine {
            key_mask,
            filter,
            table,
            table_mask,
            owners,
            chunks,
        })
    }

    /// The literals whose key is `key` (hashed `h`), if any.
    fn owners_of(&self, key: u32) -> &[Owner] {
        let mut t = table_slot(key) & self.table_mask;
        loop {
            let (k, index) = self.table[t];
            if index == 0 {
                return &[];
            }
            if k == key {
                return &self.owners[index as usize - 1];
            }
            t = (t + 1) & self.table_mask;
        }
    }
}

/// Texts up to this long are searched literal by literal (memchr): building the
/// searcher (a few thousand instructions, and its 8 KiB filter) costs more than that
/// on a typical pasted error of a few hundred bytes.
const ONE_BY_ONE_MAX: usize = 8 * 1024;

/// A set of literals to look for, each known by its index.
pub struct LiteralSearch {
    pub(super) literals: Vec<Vec<u8>>,
    /// Built the first time a text longer than `ONE_BY_ONE_MAX` is searched; `None`
    /// when there is no literal to look for.
    engine: std::sync::OnceLock<Option<Engine>>,
    /// For a set of up to `TEDDY_MAX` literals: Teddy, which reads a lower-cased text
    /// at a few instructions a byte (built like `engine`; `None` when it cannot be).
    teddy: std::sync::OnceLock<Option<packed::Searcher>>,
    /// For each first byte, the literals that start with it: Teddy reports one literal
    /// per position, and the others starting there are checked by hand.
    by_first_byte: Vec<Vec<u32>>,
}

impl std::fmt::Debug for LiteralSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiteralSearch")
            .field("literals", &self.literals.len())
            .finish()
    }
}

/// The folded little-endian word of up to four bytes (missing ones as spaces, which
/// the key mask leaves out when they are past a key).
fn word_at(bytes: &[u8]) -> u32 {
    let mut word = [b' '; KEY];
    let n = bytes.len().min(KEY);
    word[..n].copy_from_slice(&bytes[..n]);
    fold(u32::from_le_bytes(word))
}

impl LiteralSearch {
    /// Look for these literals (lower case, as bytes; an empty one is never found, and
    /// one with an ASCII capital never either, as the text is compared in lower case).
    pub fn new<I, L>(literals: I) -> LiteralSearch
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
            engine: std::sync::OnceLock::new(),
            teddy: std::sync::OnceLock::new(),
            by_first_byte,
        }
    }

    /// Teddy, for a small set on a machine with the SIMD it needs.
    fn teddy(&self) -> Option<&packed::Searcher> {
        self.teddy
            .get_or_init(|| {
                let searched: Vec<&[u8]> = self
                    .literals
                    .iter()
                    .filter(|l| !l.is_empty())
                    .map(Vec::as_slice)
                    .collect();
                if searched.is_empty() || searched.len() > TEDDY_MAX {
                    return None;
                }
                packed::Config::new()
                    .match_kind(packed::MatchKind::LeftmostFirst)
                    // Slim Teddy sorts literals into 8 buckets, fat Teddy into 16, at
                    // half the bytes a step. The redaction keywords (24, three to a
                    // slim bucket) matched so many other places of chat text that
                    // checking them cost more than the scan: measured on the 2 MB
                    // paste, 9.9 M instructions slim, 7.0 M fat.
                    .only_teddy_fat(Some(searched.len() > FAT_MIN))
                    .builder()
                    .extend(&searched)
                    .build()
            })
            .as_ref()
    }

    /// `for_each` with Teddy, on a lower-cased text.
    fn with_teddy(
        &self,
        teddy: &packed::Searcher,
        lower: &[u8],
        mut found: impl FnMut(usize, usize),
    ) {
        let mut at = 0;
        while let Some(m) = teddy.find_in(lower, Span::from(at..lower.len())) {
            let start = m.start();
            let rest = &lower[start..];
            for &id in &self.by_first_byte[usize::from(rest[0])] {
                if rest.starts_with(&self.literals[id as usize]) {
                    found(id as usize, start);
                }
            }
            at = start + 1;
            if at >= lower.len() {
                break;
            }
        }
    }

    fn engine(&self) -> Option<&Engine> {
        self.engine
            .get_or_init(|| Engine::build(&self.literals))
            .as_ref()
    }

    pub(crate) fn len(&self) -> usize {
        self.literals.len()
    }

    /// The length in bytes of literal `id`.
    pub(crate) fn literal_len(&self, id: usize) -> usize {
        self.literals[id].len()
    }

    /// `for_each` without a searcher: each literal on its own, then in order.
    fn one_by_one(
        &self,
        haystack: &[u8],
        range: std::ops::Range<usize>,
        mut found: impl FnMut(usize, usize),
    ) {
        let mut all: Vec<(usize, usize)> = Vec::new();
        for (id, literal) in self.literals.iter().enumerate() {
            let Some((&first, _)) = literal.split_first() else {
                continue;
            };
            // One occurrence of the first byte (either case) at a time: overlapping
            // ones count too.
            let mut at = range.start;
            while let Some(offset) =
                memchr::memchr2(first, first.to_ascii_uppercase(), &haystack[at..range.end])
            {
                let start = at + offset;
                if equal_folded(&haystack[start..], literal) {
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

    /// Call `found(literal, start)` for every occurrence of every literal in
    /// `haystack` (ignoring ASCII case) that starts in `range`, overlapping ones
    /// included: by start, then by literal index.
    pub fn for_each(
        &self,
        haystack: &[u8],
        range: std::ops::Range<usize>,
        found: impl FnMut(usize, usize),
    ) {
        if haystack.len() <= ONE_BY_ONE_MAX {
            self.one_by_one(haystack, range, found);
        } else {
            self.with_engine(haystack, range, found);
        }
    }

    /// `for_each` with the searcher, whatever the length.
    fn with_engine(
        &self,
        haystack: &[u8],
        range: std::ops::Range<usize>,
        mut found: impl FnMut(usize, usize),
    ) {
        let Some(engine) = self.engine() else {
            return;
        };
        let filter = &engine.filter[..];
        let mask = engine.key_mask;
        let filter: &[u64; 1 << (FILTER_BITS - 6)] =
            filter.try_into().expect("the filter has its size");
        // Positions with four bytes to read.
        let full = range
            .end
            .min((haystack.len() + 1).saturating_sub(KEY))
            .max(range.start);
        let mut at = range.start;
        // Four positions from each eight bytes read (one load, not four, and the
        // folding done once: 4 M instructions fewer on a 2 MB paste).
        while at + 4 <= full && at + 8 <= haystack.len() {
            let eight: [u8; 8] = haystack[at..at + 8].try_into().expect("eight bytes");
            let word = u64::from_le_bytes(eight) | 0x2020_2020_2020_2020;
            for shift in 0..4 {
                let key = (word >> (8 * shift)) as u32 & mask;
                let slot = filter_slot(hash(key));
                if filter[slot >> 6] & (1 << (slot & 63)) != 0 {
                    self.verify(engine, haystack, at + shift, key, &mut found);
                }
            }
            at += 4;
        }
        if full > at {
            for (i, window) in haystack[at..full + KEY - 1].windows(KEY).enumerate() {
                let key = fold(u32::from_le_bytes([
                    window[0], window[1], window[2], window[3],
                ])) & mask;
                let h = hash(key);
                let slot = filter_slot(h);
                if filter[slot >> 6] & (1 << (slot & 63)) != 0 {
                    self.verify(engine, haystack, at + i, key, &mut found);
                }
            }
        }
        let at = full;
        // The last positions, their missing bytes read as spaces (never part of a
        // key's compared bytes past a literal's end: the literal is compared whole).
        for at in at..range.end {
            let key = word_at(&haystack[at..]) & mask;
            let h = hash(key);
            let slot = filter_slot(h);
            if filter[slot >> 6] >> (slot & 63) & 1 != 0 {
                self.verify(engine, haystack, at, key, &mut found);
            }
        }
    }

    /// Report each literal with key `key` (hashed `h`) that occurs at `at`.
    #[inline(never)]
    fn verify(
        &self,
        engine: &Engine,
        haystack: &[u8],
        at: usize,
        key: u32,
        found: &mut impl FnMut(usize, usize),
    ) {
        let rest = &haystack[at..];
        let head = rest
            .get(..8)
            .map(|word| u64::from_le_bytes(word.try_into().expect("eight bytes")));
        for owner in engine.owners_of(key) {
            // Most literals sharing a key differ in their first eight bytes.
            if let Some(word) = head {
                let [bytes, letters, keep] = owner.first;
                if (word | letters) & keep != bytes {
                    continue;
                }
            }
            let id = owner.id as usize;
            if starts_folded(rest, &self.literals[id], &engine.chunks[id]) {
                found(id, at);
            }
        }
    }
}

/// Texts at least this long are scanned in two halves at once, when the machine has a
/// second core: a thread costs tens of microseconds, scanning 1 MB about a millisecond.
const PARALLEL_MIN: usize = 512 * 1024;

/// Call `found(search, literal, start)` for every occurrence of every literal of every
/// search in `text`, ignoring ASCII case. Each search reports in order of start.
#[cfg(test)]
pub fn scan(text: &[u8], searches: &[&LiteralSearch], mut found: impl FnMut(usize, usize, usize)) {
    scan_range(text, 0..text.len(), searches, &mut found);
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
        scan_range(text, range, searches, &mut |s, l, at| {
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

/// Window size for the searches that read lower-cased text (Teddy): large enough that
/// they run at full speed, small enough to stay in a core's cache.
const WINDOW: usize = 16 * 1024;

/// Scan the occurrences that start in `range` of `text`: each search on the text as
/// it is, then those that read lower-cased text (Teddy's), a window at a time.
fn scan_range(
    text: &[u8],
    range: std::ops::Range<usize>,
    searches: &[&LiteralSearch],
    found: &mut dyn FnMut(usize, usize, usize),
) {
    let long = text.len() > ONE_BY_ONE_MAX;
    let mut lowered: Vec<(usize, &LiteralSearch, &packed::Searcher)> = Vec::new();
    for (index, search) in searches.iter().enumerate() {
        match search.teddy().filter(|_| long) {
            Some(teddy) => lowered.push((index, search, teddy)),
            None => search.for_each(text, range.clone(), |literal, at| found(index, literal, at)),
        }
    }
    if lowered.is_empty() {
        return;
    }
    // Each window reaches this far past its own end, so that a literal starting in it is
    // whole; one starting in the overlap is left to the next window.
    let overlap = lowered
        .iter()
        .map(|(_, s, _)| s.literals.iter().map(Vec::len).max().unwrap_or(0))
        .max()
        .unwrap_or(0)
        .saturating_sub(1);
    let mut lower = Vec::with_capacity(WINDOW.min(range.len()) + overlap);
    let mut start = range.start;
    while start < range.end {
        let own_end = (start + WINDOW).min(range.end);
        let end = (own_end + overlap).min(text.len());
        // Zipped slices: a loop that vectorises (`extend` with `map` cost 5
        // instructions a byte).
        lower.resize(end - start, 0);
        for (to, from) in lower.iter_mut().zip(&text[start..end]) {
            *to = from.to_ascii_lowercase();
        }
        for &(index, search, teddy) in &lowered {
            search.with_teddy(teddy, &lower, |literal, at| {
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

    /// Every occurrence in `haystack` lower-cased, by start then literal.
    fn naive(literals: &[&str], haystack: &[u8]) -> Vec<(usize, usize)> {
        let lower = haystack.to_ascii_lowercase();
        let mut found = Vec::new();
        for start in 0..lower.len() {
            for (id, literal) in literals.iter().enumerate() {
                if !literal.is_empty() && lower[start..].starts_with(literal.as_bytes()) {
                    found.push((id, start));
                }
            }
        }
        found
    }

    /// Every occurrence starting in `range`, found both ways; they must agree.
    fn all_in(
        search: &LiteralSearch,
        haystack: &[u8],
        range: std::ops::Range<usize>,
    ) -> Vec<(usize, usize)> {
        let (mut one, mut engine) = (Vec::new(), Vec::new());
        search.one_by_one(haystack, range.clone(), |id, start| one.push((id, start)));
        search.with_engine(haystack, range, |id, start| engine.push((id, start)));
        assert_eq!(one, engine, "one by one and with the searcher");
        engine
    }

    fn all(search: &LiteralSearch, haystack: &[u8]) -> Vec<(usize, usize)> {
        all_in(search, haystack, 0..haystack.len())
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
    fn a_long_text_is_searched_by_slim_and_fat_teddy_alike() {
        let owned: Vec<String> = (0..24).map(|i| format!("k{i}ey")).collect();
        for count in [FAT_MIN, FAT_MIN + 8] {
            let literals: Vec<&str> = owned[..count].iter().map(String::as_str).collect();
            let search = LiteralSearch::new(&literals);
            assert!(search.teddy().is_some());
            let mut text = String::new();
            for i in 0..ONE_BY_ONE_MAX / 4 {
                text.push_str(if i % 7 == 0 { " K1EY" } else { " k23ey" });
            }
            let mut found = Vec::new();
            scan(text.as_bytes(), &[&search], |_, id, at| {
                found.push((id, at))
            });
            assert_eq!(found, naive(&literals, text.as_bytes()), "{count} literals");
            assert!(!found.is_empty());
        }
    }

    #[test]
    fn finds_overlapping_and_nested_literals_ignoring_case() {
        let literals = ["was not given", "not given by invoker", "given", "", "was"];
        let text = b"connection 'x' WAS not given by Invoker. was it GIVEN?";
        assert_eq!(
            all(&LiteralSearch::new(literals), text),
            naive(&literals, text)
        );
        // Short literals make short keys; a literal never matches past the text's end.
        let literals = ["ab", "abcdef", "b", "f"];
        let text = b"xABcdeF abcde";
        assert_eq!(
            all(&LiteralSearch::new(literals), text),
            vec![(0, 1), (1, 1), (2, 2), (3, 6), (0, 8), (2, 9)]
        );
        // Bytes that fold alike are told apart: `_` and DEL, `[` and `{`.
        let literals = ["a_b", "[x]"];
        let text = b"a\x7fb A_B {x] [X]";
        assert_eq!(
            all(&LiteralSearch::new(literals), text),
            vec![(0, 4), (1, 12)]
        );
    }

    #[test]
    fn many_literals_agree() {
        let owned: Vec<String> = (0..300).map(|i| format!("code{i}x")).collect();
        let literals: Vec<&str> = owned.iter().map(String::as_str).collect();
        let text = b"code1x CODE17x code199x code299X code300x";
        let search = LiteralSearch::new(&literals);
        let text = text.repeat(ONE_BY_ONE_MAX / text.len() + 1);
        assert_eq!(all(&search, &text), naive(&literals, &text));
        assert!(LiteralSearch::new([""; 3]).engine().is_none());
    }

    proptest! {
        #[test]
        fn every_occurrence_is_found_whatever_the_way(
            literals in proptest::collection::vec("[ab _\u{7f}]{0,7}", 0..8),
            text in "[aAbB c_\u{7f}]{0,300}",
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let expected = naive(&literals, text.as_bytes());
            let search = LiteralSearch::new(&literals);
            prop_assert_eq!(all(&search, text.as_bytes()), expected);
        }

        #[test]
        fn long_literals_sharing_a_key_are_told_apart(
            literals in proptest::collection::vec("ab[ab_]{2,18}", 1..10),
            text in "(a[bB][aAbB_]{0,12} ?){0,30}",
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let expected = naive(&literals, text.as_bytes());
            let search = LiteralSearch::new(&literals);
            prop_assert_eq!(all(&search, text.as_bytes()), expected);
        }

        #[test]
        fn ranges_find_what_one_pass_finds(
            literals in proptest::collection::vec("[ab ]{1,5}", 1..6),
            text in "[aAbB c]{0,200}",
            cut in 0usize..200,
        ) {
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            let search = LiteralSearch::new(&literals);
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            let mut got = all_in(&search, bytes, 0..cut);
            got.extend(all_in(&search, bytes, cut..bytes.len()));
            prop_assert_eq!(got, naive(&literals, bytes));
        }
    }
}

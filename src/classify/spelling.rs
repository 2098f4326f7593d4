//! Codes written nearly right: typed from memory during a call ("ConnectionAuthorisationFailed",
//! "InvokerConnectionOverideFailed"), or read off a screenshot by OCR, which swaps look-alike
//! characters (`0`/`O`, `1`/`l`/`I`, `5`/`S`).
//!
//! A word of the paste is read as a known code when, after folding case and look-alike
//! characters, it is the code itself, or (for a code long enough that a slip cannot make
//! another plausible code) within one edit of it, two for the longest. A word near codes of
//! two categories is not read as either.

use std::ops::Range;

/// Codes shorter than this are only read through look-alike characters, never through an
/// edit: `NotFound` one edit away is too many other words.
const MIN_EDITED: usize = 14;

/// From this length, two edits are allowed.
const TWO_EDITS: usize = 20;

/// Words longer than this are not codes (a token, a hash, a base64 run).
const MAX_WORD: usize = 64;

/// The bytes a word is made of: ASCII letters and digits, and `|` (OCR's `l` or `I`).
const IN_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'|' as usize;
        b += 1;
    }
    table
};

/// Lower case, and each look-alike character as the one it stands for.
fn fold(b: u8) -> u8 {
    match b.to_ascii_lowercase() {
        b'0' => b'o',
        b'1' | b'i' | b'|' => b'l',
        b'5' => b's',
        other => other,
    }
}

fn folded(word: &[u8]) -> Vec<u8> {
    word.iter().map(|&b| fold(b)).collect()
}

/// Which of 64 classes of byte a folded word holds. An edit takes at most one class
/// away and adds at most one, so a word missing more of a code's classes than the edits
/// allowed is told from the code without comparing them.
fn classes(folded: &[u8]) -> u64 {
    folded.iter().fold(0, |mask, &b| mask | 1 << (b % 64))
}

fn edits_allowed(code_len: usize) -> usize {
    match code_len {
        n if n >= TWO_EDITS => 2,
        n if n >= MIN_EDITED => 1,
        _ => 0,
    }
}

/// The optimal-string-alignment distance of `a` and `b` (an adjacent swap is one edit), or
/// `None` when it is over `limit`. Both are at most `MAX_WORD` bytes long.
fn distance_within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit || a.len() > MAX_WORD || b.len() > MAX_WORD {
        return None;
    }
    if limit == 0 {
        return (a == b).then_some(0);
    }
    let width = b.len() + 1;
    let mut rows = [[0usize; MAX_WORD + 1]; 3];
    let [mut before, mut previous, mut current] = [0, 1, 2];
    for (j, cell) in rows[previous][..width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[current][0] = i;
        let mut row_min = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[previous][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
        [before, previous, current] = [previous, current, before];
    }
    let d = rows[previous][b.len()];
    (d <= limit).then_some(d)
}

/// A code folded, its group and its byte classes (`classes`).
type Folded = (Vec<u8>, usize, u64);

/// Known codes, folded, each with the group (category) it belongs to.
pub struct NearCodes {
    codes: Vec<Folded>,
    /// The codes as written, lower case.
    exact: Vec<String>,
    /// By length, whether a code that takes no edit is that long.
    unedited_lengths: [bool; MAX_WORD + 1],
    /// The folded first two bytes of every code, as a set of 2^16 bits: most words of a
    /// paste are told from every unedited code by these.
    heads: Vec<u64>,
    /// The shortest word an edit may make a code of.
    shortest_edited: usize,
    /// By a word's length, the codes it may be read as (their length within their edits).
    by_length: Vec<Vec<usize>>,
    longest: usize,
}

/// A word's first two bytes, folded, as one number (a word of one byte: its byte and 0).
fn head(word: &[u8]) -> usize {
    usize::from(fold(word[0])) << 8 | usize::from(word.get(1).map_or(0, |&b| fold(b)))
}

/// A word of a text read as a known code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearCode {
    /// The code's index in the list `NearCodes::new` was given.
    pub code: usize,
    /// Where the word is in the text.
    pub at: Range<usize>,
}

impl NearCodes {
    /// `codes`: each code with its group; a word near codes of two groups is not read.
    pub fn new<'a>(codes: impl IntoIterator<Item = (&'a str, usize)>) -> NearCodes {
        let (exact, codes): (Vec<String>, Vec<Folded>) = codes
            .into_iter()
            .map(|(code, group)| {
                let f = folded(code.as_bytes());
                let c = classes(&f);
                (code.to_ascii_lowercase(), (f, group, c))
            })
            .unzip();
        let mut unedited_lengths = [false; MAX_WORD + 1];
        let mut heads = vec![0u64; (1 << 16) / 64];
        let mut shortest_edited = usize::MAX;
        for (code, _, _) in codes.iter().filter(|(c, _, _)| !c.is_empty()) {
            let edits = edits_allowed(code.len());
            if edits == 0 {
                if let Some(length) = unedited_lengths.get_mut(code.len()) {
                    *length = true;
                }
            } else {
                shortest_edited = shortest_edited.min(code.len() - edits);
            }
            let h = head(code);
            heads[h / 64] |= 1 << (h % 64);
        }
        let longest = codes.iter().map(|(c, _, _)| c.len()).max().unwrap_or(0);
        let mut by_length = vec![Vec::new(); MAX_WORD + 1];
        for (i, (code, _, _)) in codes.iter().enumerate() {
            let edits = edits_allowed(code.len());
            let lengths = code.len().saturating_sub(edits)..=(code.len() + edits).min(MAX_WORD);
            for codes in &mut by_length[lengths] {
                codes.push(i);
            }
        }
        NearCodes {
            by_length,
            codes,
            exact,
            unedited_lengths,
            heads,
            shortest_edited,
            longest,
        }
    }

    /// The code `word` stands for, if exactly one group's codes are near it; the nearest
    /// of those.
    fn read(&self, word: &[u8]) -> Option<usize> {
        let mut buffer = [0u8; MAX_WORD];
        for (to, &from) in buffer.iter_mut().zip(word) {
            *to = fold(from);
        }
        let word = &buffer[..word.len().min(MAX_WORD)];
        let word_classes = classes(word);
        let mut best: Option<(usize, usize)> = None;
        let mut group = None;
        for &i in &self.by_length[word.len()] {
            let (code, g, code_classes) = &self.codes[i];
            let edits = edits_allowed(code.len());
            if (code_classes & !word_classes).count_ones() as usize > edits
                || (word_classes & !code_classes).count_ones() as usize > edits
            {
                continue;
            }
            let Some(d) = distance_within(word, code, edits) else {
                continue;
            };
            if group.is_some_and(|seen| seen != *g) {
                return None;
            }
            group = Some(*g);
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((i, d));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Every word of `text` read as a code, at most once per code, in order. Words that
    /// are a code as written (ignoring ASCII case) are left to the exact search.
    pub fn find(&self, text: &str) -> Vec<NearCode> {
        let bytes = text.as_bytes();
        let mut found: Vec<NearCode> = Vec::new();
        let shortest = self
            .unedited_lengths
            .iter()
            .position(|&l| l)
            .unwrap_or(usize::MAX)
            .min(self.shortest_edited);
        for word in bytes.split(|&b| !IN_WORD[usize::from(b)]) {
            // Most words of a paste are shorter than any code.
            if word.len() >= shortest {
                let from = word.as_ptr() as usize - bytes.as_ptr() as usize;
                self.read_word(bytes, from..from + word.len(), &mut found);
            }
        }
        found
    }

    fn read_word(&self, bytes: &[u8], at: Range<usize>, found: &mut Vec<NearCode>) {
        let word = &bytes[at.clone()];
        let h = head(word);
        let may_be_unedited = self.unedited_lengths.get(word.len()) == Some(&true)
            && self.heads[h / 64] & (1 << (h % 64)) != 0;
        let fits = (may_be_unedited || word.len() >= self.shortest_edited)
            && word.len() <= (self.longest + 2).min(MAX_WORD)
            // Part of a longer name (`a-b`, `a_b`) is not a code on its own.
            && !matches!(bytes.get(at.end), Some(b'_' | b'-'))
            && !matches!(at.start.checked_sub(1).map(|p| bytes[p]), Some(b'_' | b'-'));
        if !fits {
            return;
        }
        if let Some(code) = self.read(word)
            && !self
                .exact
                .iter()
                .any(|c| c.as_bytes().eq_ignore_ascii_case(word))
            && !found.iter().any(|f| f.code == code)
        {
            found.push(NearCode { code, at });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> NearCodes {
        NearCodes::new([
            ("ConnectionAuthorizationFailed", 0),
            ("InvokerConnectionOverrideFailed", 1),
            ("0x80040265", 2),
            ("NotFound", 3),
            ("ActionTimedOut", 4),
            ("ActionTimeout", 5),
        ])
    }

    fn read(text: &str) -> Vec<(usize, &str)> {
        codes()
            .find(text)
            .into_iter()
            .map(|n| (n.code, &text[n.at]))
            .collect()
    }

    #[test]
    fn a_slip_or_a_british_spelling_reads_as_the_code() {
        assert_eq!(
            read("run failed: ConnectionAuthorisationFailed on Get items"),
            [(0, "ConnectionAuthorisationFailed")]
        );
        assert_eq!(
            read("InvokerConnectionOverideFailed"),
            [(1, "InvokerConnectionOverideFailed")]
        );
        // Two edits on a long code: a dropped letter and a swap.
        assert_eq!(
            read("invokerconectionoverridefialed"),
            [(1, "invokerconectionoverridefialed")]
        );
    }

    #[test]
    fn look_alike_characters_read_as_what_they_stand_for() {
        assert_eq!(read("install said 0x8OO40265"), [(2, "0x8OO40265")]);
        assert_eq!(read("N0tF0und"), [(3, "N0tF0und")]);
        assert_eq!(
            read("lnvokerConnectionOverrideFai1ed"),
            [(1, "lnvokerConnectionOverrideFai1ed")]
        );
    }

    #[test]
    fn short_codes_take_no_edit_and_other_words_stay_words() {
        // One edit from NotFound, but short codes only take look-alikes.
        assert!(read("NotFount NoFound").is_empty());
        // A different hex code is a different code.
        assert!(read("0x80040266 0x80048d0b").is_empty());
        assert!(read("the connection authorization failed for the flow").is_empty());
        // Part of a longer name.
        assert!(read("my_ConnectionAuthorisationFailed_handler").is_empty());
    }

    #[test]
    fn a_word_near_codes_of_two_groups_is_not_read() {
        // ActionTimeout (5) itself, and one edit from ActionTimedOut (4).
        assert!(read("ActionTimeOut").is_empty());
        // One edit from ActionTimedOut only: ActionTimeout is too short for an edit.
        assert_eq!(read("ActionTimdOut"), [(4, "ActionTimdOut")]);
    }

    #[test]
    fn a_code_as_written_is_left_to_the_exact_search() {
        assert!(read("ConnectionAuthorizationFailed and connectionauthorizationfailed").is_empty());
    }

    #[test]
    fn distance_is_bounded() {
        assert_eq!(distance_within(b"abcdef", b"abcdef", 0), Some(0));
        assert_eq!(distance_within(b"abcdef", b"abdcef", 1), Some(1));
        assert_eq!(distance_within(b"abcdef", b"abcxyz", 2), None);
        assert_eq!(distance_within(b"abc", b"abcdef", 2), None);
    }
}

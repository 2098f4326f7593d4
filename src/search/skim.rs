//! The score `fuzzy-matcher`'s `SkimMatcherV2` gives a text and a pattern (case ignored),
//! computed on bytes for ASCII texts.
//!
//! The search ranks every entry of the playbook on every keystroke. fuzzy-matcher keeps
//! its score matrix between calls without clearing it, so one matcher scores the same
//! text differently depending on what it scored before; a fresh matcher per call (the
//! fix) costs about 15,000 instructions, mostly its thread-local caches, and decodes
//! the text into `char`s. This is the same dynamic programme as its `fuzzy_indices` on
//! a fresh matcher, run on bytes with buffers kept between calls. A property test
//! compares scores and positions with fuzzy-matcher itself, which still scores every
//! text or pattern outside ASCII.

use fuzzy_matcher::skim::SkimScoreConfig;

/// Below any reachable score; fuzzy-matcher's "minus infinity".
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(b: u8) -> CharType {
    CHAR_TYPES[usize::from(b)]
}

const CHAR_TYPES: [CharType; 256] = {
    let mut types = [CharType::Lower; 256];
    let mut b = 0;
    while b < 256 {
        types[b] = char_type_of(b as u8);
        b += 1;
    }
    types
};

const fn char_type_of(b: u8) -> CharType {
    match b {
        0 => CharType::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => CharType::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => CharType::SoftSep,
        b'0'..=b'9' => CharType::Number,
        b'A'..=b'Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

fn in_place_bonus(c: &SkimScoreConfig, prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty, _) | (CharType::HardSep, _) => c.bonus_head,
        (CharType::SoftSep, _) => c.bonus_break,
        (CharType::Lower, CharType::Upper) | (CharType::Number, CharType::Upper) => c.bonus_camel,
        _ => 0,
    }
}

/// The in-place bonus of the byte at `j` (fuzzy-matcher's column `j + 1`).
fn bonus_at(c: &SkimScoreConfig, text: &[u8], j: usize) -> i32 {
    let prev = if j == 0 {
        CharType::Empty
    } else {
        char_type(text[j - 1])
    };
    let bonus = in_place_bonus(c, prev, char_type(text[j]));
    if j == 0 {
        bonus * c.bonus_first_char_multiplier
    } else {
        bonus
    }
}

/// The score of text byte `t` matching pattern byte `p` (equal but for ASCII case).
fn match_score(c: &SkimScoreConfig, t: u8, p: u8) -> i32 {
    let penalty = if t != p { c.penalty_case_mismatch } else { 0 };
    (c.score_match + penalty).max(0)
}

/// Texts longer than this are ranked with the whole matrix: in fuzzy-matcher's matrix a
/// very long gap could bring a real score down to its "minus infinity", and only the
/// whole matrix settles such ties the same way.
const SPARSE_MAX: usize = 4096;

/// Every index at or after `from` where `text` holds `p`, ignoring ASCII case.
fn occurrences(text: &[u8], p: u8, from: usize) -> impl Iterator<Item = usize> + '_ {
    let other = if p.is_ascii_alphabetic() { p ^ 0x20 } else { p };
    memchr::memchr2_iter(p, other, &text[from..]).map(move |j| j + from)
}

/// Reusable buffers for scoring; one per search.
#[derive(Default)]
pub struct Scorer {
    config: SkimScoreConfig,
    first: Vec<usize>,
    /// Row-major (pattern + 1) x (text + 1) cells.
    m_score: Vec<i32>,
    p_score: Vec<i32>,
    m_matched: Vec<bool>,
    p_matched: Vec<bool>,
    /// Two rows of matches, for `rank`.
    sparse: [Vec<(usize, i32)>; 2],
}

impl Scorer {
    /// The score of `pattern` in `text` (both ASCII), or `None` when the pattern's bytes
    /// do not all occur in order; equal to `score`'s. Ranking runs on every entry at
    /// every keystroke, so it computes only the cells where a pattern byte matches: a
    /// gap's score falls by one a byte, so the best way into a cell through a gap is the
    /// best earlier match plus its column, less the gap ("prefix" below).
    pub fn rank(&mut self, text: &[u8], pattern: &[u8]) -> Option<i64> {
        let Some((&p, rest)) = pattern.split_first() else {
            return Some(0);
        };
        if rest.is_empty() {
            return self.rank_one(text, p);
        }
        if text.len() > SPARSE_MAX {
            return self.score(text, pattern, None);
        }
        if !self.first_matches(text, pattern) {
            return None;
        }
        let c = self.config;
        let matched = |j: usize, p: u8| match_score(&c, text[j], p);
        // (text index, score of the best alignment ending with a match there), per row.
        let [prev, cur] = &mut self.sparse;
        prev.clear();
        // Row 0 holds only gaps: the first byte's matches come one gap extension behind.
        prev.extend(
            occurrences(text, p, self.first[0])
                .map(|j| (j, c.gap_extension + bonus_at(&c, text, j) + matched(j, p))),
        );
        for (i, &p) in pattern.iter().enumerate().skip(1) {
            cur.clear();
            let (mut next, mut prefix) = (0, i32::MIN);
            for j in occurrences(text, p, self.first[i]) {
                // Matches two or more bytes back reach here through a gap.
                while next < prev.len() && prev[next].0 + 2 <= j {
                    prefix = prefix.max(prev[next].1 + prev[next].0 as i32 + 1);
                    next += 1;
                }
                let diag_m = match prev.get(next) {
                    Some(&(k, m)) if k + 1 == j => m,
                    _ => NEG_INFINITY,
                };
                let diag_p = if prefix == i32::MIN {
                    NEG_INFINITY
                } else {
                    prefix + c.gap_start - j as i32
                };
                let in_place = bonus_at(&c, text, j);
                let by_match = diag_m + in_place.max(c.bonus_consecutive);
                let by_skip = diag_p + in_place;
                cur.push((j, by_match.max(by_skip) + matched(j, p)));
            }
            std::mem::swap(prev, cur);
        }
        prev.iter().map(|&(_, m)| m).max().map(i64::from)
    }

    /// `rank` for a one-byte pattern: the best of each matching byte's score.
    fn rank_one(&self, text: &[u8], p: u8) -> Option<i64> {
        let c = &self.config;
        occurrences(text, p, 0)
            // Row 0 holds only gaps: the skip path wins, one gap extension behind.
            .map(|j| c.gap_extension + bonus_at(c, text, j) + match_score(c, text[j], p))
            .max()
            .map(i64::from)
    }

    /// Where each pattern byte first matches, greedily (fuzzy-matcher's
    /// `cheap_matches`), into `self.first`; false when they do not all match.
    fn first_matches(&mut self, text: &[u8], pattern: &[u8]) -> bool {
        self.first.clear();
        let mut from = 0;
        for &p in pattern {
            let Some(j) = occurrences(text, p, from).next() else {
                return false;
            };
            self.first.push(j);
            from = j + 1;
        }
        true
    }

    /// The score of `pattern` in `text` (both ASCII), or `None` when the pattern's
    /// bytes do not all occur in order; with `positions`, also where they matched.
    pub fn score(
        &mut self,
        text: &[u8],
        pattern: &[u8],
        positions: Option<&mut Vec<usize>>,
    ) -> Option<i64> {
        if pattern.is_empty() {
            if let Some(positions) = positions {
                positions.clear();
            }
            return Some(0);
        }
        if !self.first_matches(text, pattern) {
            return None;
        }

        let (rows, cols) = (pattern.len() + 1, text.len() + 1);
        let cells = rows * cols;
        self.m_score.clear();
        self.m_score.resize(cells, NEG_INFINITY);
        self.p_score.clear();
        self.p_score.resize(cells, NEG_INFINITY);
        self.m_matched.clear();
        self.m_matched.resize(cells, false);
        self.p_matched.clear();
        self.p_matched.resize(cells, false);
        for j in 0..cols {
            self.p_score[j] = self.config.gap_extension;
        }
        let c = &self.config;
        for (i, &p) in pattern.iter().enumerate() {
            let (row, row_prev) = ((i + 1) * cols, i * cols);
            for col in self.first[i] + 1..cols {
                let t = text[col - 1];
                let cur = row + col;
                if t.eq_ignore_ascii_case(&p) {
                    let in_place = bonus_at(c, text, col - 1);
                    // fuzzy-matcher means to carry a run's bonus along it, but on a fresh
                    // matrix the bonus it reads is always zero.
                    let consecutive = in_place.max(c.bonus_consecutive);
                    let by_match = self.m_score[row_prev + col - 1] + consecutive;
                    let by_skip = self.p_score[row_prev + col - 1] + in_place;
                    let best = if by_match >= by_skip {
                        by_match
                    } else {
                        by_skip
                    };
                    self.m_score[cur] = best + match_score(c, t, p);
                    self.m_matched[cur] = by_match >= by_skip;
                } else {
                    self.m_score[cur] = NEG_INFINITY;
                    self.m_matched[cur] = false;
                }
                let by_match = c.gap_start + c.gap_extension + self.m_score[cur - 1];
                let by_skip = c.gap_extension + self.p_score[cur - 1];
                self.p_score[cur] = by_match.max(by_skip);
                self.p_matched[cur] = by_match >= by_skip;
            }
        }

        // The best cell of the last row; the last of equals, as `max_by_key` picks.
        let last = pattern.len() * cols;
        let from = self.first[pattern.len() - 1];
        let (mut best_col, mut best) = (from, self.m_score[last + from]);
        for col in from + 1..cols {
            if self.m_score[last + col] >= best {
                best = self.m_score[last + col];
                best_col = col;
            }
        }
        if let Some(positions) = positions {
            positions.clear();
            let (mut i, mut j) = (pattern.len(), best_col);
            let (mut track_m, mut matched) = (true, true);
            while i > 0 && j > self.first[0] {
                if matched {
                    positions.push(j - 1);
                }
                let cell = i * cols + j;
                matched = if track_m {
                    self.m_matched[cell]
                } else {
                    self.p_matched[cell]
                };
                if track_m {
                    i -= 1;
                }
                j -= 1;
                track_m = matched;
            }
            positions.reverse();
        }
        Some(i64::from(best))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    fn reference(text: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_indices(text, pattern)
    }

    fn ours(text: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        let mut scorer = Scorer::default();
        let mut positions = Vec::new();
        let score = scorer.score(text.as_bytes(), pattern.as_bytes(), Some(&mut positions));
        assert_eq!(
            scorer.rank(text.as_bytes(), pattern.as_bytes()),
            score,
            "rank and score agree on {text:?} / {pattern:?}"
        );
        Some((score?, positions))
    }

    #[test]
    fn scores_as_fuzzy_matcher_does() {
        for (text, pattern) in [
            ("InvokerConnectionOverrideFailed", "conn"),
            (
                "The app passed connections the flow could not use",
                "conn tim",
            ),
            ("Connection reference 'x' was not given by invoker.", "ngi"),
            ("axbycz", "abc"),
            ("Ac CC   a", "Cc"),
            ("504 The flow did not respond", "504"),
            ("abc", "abcd"),
            ("", "a"),
            ("a\0b", "ab"),
        ] {
            assert_eq!(
                ours(text, pattern),
                reference(text, pattern),
                "{text:?} / {pattern:?}"
            );
        }
    }

    #[test]
    fn one_scorer_scores_the_same_whatever_it_scored_before() {
        let mut scorer = Scorer::default();
        let first = scorer.score(b"Ac CC   a", b"Cc", None);
        scorer.score(
            b" aCaC A a then a much longer text to grow the buffers",
            b"cAaAa",
            None,
        );
        assert_eq!(scorer.score(b"Ac CC   a", b"Cc", None), first);
    }

    proptest! {
        #[test]
        fn agrees_with_a_fresh_fuzzy_matcher(
            text in "[a-dA-D0-9 ._/(:\\-]{0,30}",
            pattern in "[a-dA-D0-9._]{1,5}",
        ) {
            prop_assert_eq!(ours(&text, &pattern), reference(&text, &pattern));
        }

        #[test]
        fn agrees_on_any_ascii(
            text in "[ -~]{0,40}",
            pattern in "[!-~]{1,4}",
        ) {
            prop_assert_eq!(ours(&text, &pattern), reference(&text, &pattern));
        }
    }
}

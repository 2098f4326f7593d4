//! A content pattern (a signature's message or a fact's value): the regular expression
//! an author wrote, and what checking its syntax found out about it.
//!
//! Patterns are matched line by line, like grep, and only on the lines that hold one of
//! the pattern's *literals*: fixed texts of which every match contains one, found by
//! reading the parsed pattern. One pass over a paste finds the literals of every pattern
//! at once, so a pattern costs nothing on a paste that cannot match it, and a regex is
//! compiled only for a pattern that has a line to try. Loading therefore refuses a
//! pattern without such a literal.
//!
//! This module only holds data (compiling is the classifier's business), so that the
//! build script can load, check and precompile the playbook without the regex engine.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde::{Deserialize, Serialize};

use super::problem::Loc;

/// A literal shorter than this turns too few lines away to be worth looking for.
pub const MIN_LITERAL: usize = 3;

/// An alternation of more literals than this is not worth a place in the search.
const MAX_LITERALS: usize = 16;

/// A pattern from the playbook, checked: its syntax parses and it has literals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    source: String,
    /// Lower-case (ASCII case folded); every match contains at least one of them,
    /// ignoring ASCII case. Never empty.
    literals: Vec<String>,
    /// How many groups capture, not counting the whole match.
    captures: usize,
    /// Whether the pattern compiled without Unicode (ASCII classes, `\b` and case
    /// folding) matches exactly what it matches with Unicode on ASCII text: then ASCII
    /// lines are searched with that form, which compiles in a fraction of the time.
    ascii: bool,
    /// Whether the pattern matches its literals and nothing else (and captures
    /// nothing): on an ASCII line, finding a literal is finding a match.
    exact: bool,
    pub loc: Loc,
}

impl Pattern {
    /// The pattern as the author wrote it.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Texts of which every match contains one (lower case).
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// How many groups capture, not counting the whole match.
    pub fn captures(&self) -> usize {
        self.captures
    }

    /// Whether the ASCII form of the pattern agrees with it on ASCII text.
    pub fn ascii(&self) -> bool {
        self.ascii
    }

    /// Whether the pattern's matches on ASCII text are exactly its literals (ignoring
    /// case), in order of preference.
    pub fn exact(&self) -> bool {
        self.exact
    }
}

/// What checking a pattern's syntax found out.
pub(crate) struct Checked {
    pub captures: usize,
    /// `None` when no usable literal is required by every match.
    pub literals: Option<Vec<String>>,
    pub ascii: bool,
    pub exact: bool,
}

impl Checked {
    /// The checked pattern, if it has literals to be found by.
    pub fn into_pattern(self, source: &str, loc: Loc) -> Option<Pattern> {
        Some(Pattern {
            source: source.to_string(),
            literals: self.literals?,
            captures: self.captures,
            ascii: self.ascii,
            exact: self.exact,
            loc,
        })
    }
}

/// Parse a pattern (case-insensitively, as it is matched) without compiling it, and
/// find the literals every match needs.
pub(crate) fn check_syntax(pattern: &str) -> Result<Checked, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let usable = |set: &Vec<String>| {
        !set.is_empty() && set.iter().all(|l| l.len() >= MIN_LITERAL) && set.len() <= MAX_LITERALS
    };
    let captures = hir.properties().explicit_captures_len();
    // A pattern that is only texts is its own literals, in the order the regex prefers.
    let whole = exact(&hir, true).filter(|set| captures == 0 && usable(set));
    let exact = whole.is_some();
    let literals = whole.or_else(|| required(&hir).filter(usable));
    let ascii = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .is_ok_and(|ascii| same_on_ascii(&hir, &ascii));
    Ok(Checked {
        captures,
        literals,
        ascii,
        exact,
    })
}

/// Whether two parses of a pattern (with and without Unicode) match the same on ASCII
/// text: the same shape, the same literals, classes that agree on ASCII, and word
/// boundaries of either kind (they differ only beside characters outside ASCII).
fn same_on_ascii(unicode: &Hir, ascii: &Hir) -> bool {
    use regex_syntax::hir::Look;
    let ascii_part = |class: &Class| -> Vec<(u8, u8)> {
        let clip = |start: u32, end: u32| -> Option<(u8, u8)> {
            (start <= 0x7F).then(|| (start as u8, end.min(0x7F) as u8))
        };
        match class {
            Class::Unicode(c) => c
                .ranges()
                .iter()
                .filter_map(|r| clip(u32::from(r.start()), u32::from(r.end())))
                .collect(),
            Class::Bytes(c) => c
                .ranges()
                .iter()
                .filter_map(|r| clip(u32::from(r.start()), u32::from(r.end())))
                .collect(),
        }
    };
    let look = |l: Look| match l {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    };
    match (unicode.kind(), ascii.kind()) {
        (HirKind::Empty, HirKind::Empty) => true,
        (HirKind::Literal(u), HirKind::Literal(a)) => u == a,
        (HirKind::Class(u), HirKind::Class(a)) => ascii_part(u) == ascii_part(a),
        (HirKind::Look(u), HirKind::Look(a)) => look(*u) == look(*a),
        (HirKind::Repetition(u), HirKind::Repetition(a)) => {
            (u.min, u.max, u.greedy) == (a.min, a.max, a.greedy) && same_on_ascii(&u.sub, &a.sub)
        }
        (HirKind::Capture(u), HirKind::Capture(a)) => {
            (u.index, &u.name) == (a.index, &a.name) && same_on_ascii(&u.sub, &a.sub)
        }
        (HirKind::Concat(u), HirKind::Concat(a))
        | (HirKind::Alternation(u), HirKind::Alternation(a)) => {
            u.len() == a.len() && u.iter().zip(a).all(|(u, a)| same_on_ascii(u, a))
        }
        _ => false,
    }
}

/// Every set of texts of which a match of `pattern` contains one, as far as they are
/// known: `Pattern::literals` is one of them, chosen for the search; the others let a
/// line that holds it but not them be turned away before the regex runs (a line needs
/// `flow` *and* `off` for `\bflows? (?:is|are) off\b`). Texts are lower case and
/// compared ignoring ASCII case, as the literals are; no set is empty and no text is.
/// Nothing when the pattern does not parse.
pub fn required_sets(pattern: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    let mut sets = Vec::new();
    all_required(&hir, &mut sets);
    sets.retain(|set| !set.is_empty() && set.iter().all(|t| !t.is_empty()));
    sets
}

/// `required`, gathering every set it would choose among instead of the best one.
fn all_required(hir: &Hir, sets: &mut Vec<Vec<String>>) {
    match hir.kind() {
        HirKind::Capture(cap) => all_required(&cap.sub, sets),
        HirKind::Repetition(rep) if rep.min > 0 => all_required(&rep.sub, sets),
        HirKind::Concat(parts) => {
            let mut run = vec![String::new()];
            for part in parts {
                match exact(part, false) {
                    Some(texts) => match product(&run, &texts) {
                        Some(longer) => run = longer,
                        None => sets.push(std::mem::replace(&mut run, texts)),
                    },
                    None => {
                        sets.push(std::mem::replace(&mut run, vec![String::new()]));
                        all_required(part, sets);
                    }
                }
            }
            sets.push(run);
        }
        _ => sets.extend(required(hir)),
    }
}

/// A set of texts of which every match of `hir` contains one, or `None` when no such
/// set is known. Texts are lower case.
fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min > 0 => required(&rep.sub),
        HirKind::Concat(parts) => {
            // Runs of parts that each match one of a few texts are required as a whole
            // (every combination); any other part may require a set of its own. Keep
            // the best of them.
            let mut best: Option<Vec<String>> = None;
            let consider = |candidate: Vec<String>, best: &mut Option<Vec<String>>| {
                if candidate.iter().all(|t| !t.is_empty())
                    && best
                        .as_ref()
                        .is_none_or(|b| quality(&candidate) > quality(b))
                {
                    *best = Some(candidate);
                }
            };
            let mut run = vec![String::new()];
            for part in parts {
                match exact(part, false) {
                    Some(texts) => match product(&run, &texts) {
                        Some(longer) => run = longer,
                        None => consider(std::mem::replace(&mut run, texts), &mut best),
                    },
                    None => {
                        consider(std::mem::replace(&mut run, vec![String::new()]), &mut best);
                        if let Some(set) = required(part) {
                            consider(set, &mut best);
                        }
                    }
                }
            }
            consider(run, &mut best);
            best
        }
        HirKind::Alternation(alternatives) => union(alternatives, required),
        // A literal, or an alternation of them, requires itself.
        _ => exact(hir, false),
    }
}

/// Every text `hir` matches (ignoring ASCII case), when it matches only a few: a
/// literal, a letter's class of its two cases, and concatenations and alternations of
/// those. `strict`: exactly those texts, ignoring ASCII case, on ASCII text (so no
/// part may be case-sensitive); else texts of which every match holds one.
fn exact(hir: &Hir, strict: bool) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => literal_texts(hir, strict),
        HirKind::Capture(cap) => exact(&cap.sub, strict),
        HirKind::Concat(parts) => parts.iter().try_fold(vec![String::new()], |run, part| {
            product(&run, &exact(part, strict)?)
        }),
        HirKind::Alternation(alternatives) => union(alternatives, |a| exact(a, strict)),
        _ => None,
    }
}

/// The texts of every alternative (each once), unless one has none or there are too many.
fn union(alternatives: &[Hir], texts: impl Fn(&Hir) -> Option<Vec<String>>) -> Option<Vec<String>> {
    let mut union: Vec<String> = Vec::new();
    for alternative in alternatives {
        for text in texts(alternative)? {
            if !union.contains(&text) {
                union.push(text);
            }
        }
        if union.len() > MAX_LITERALS {
            return None;
        }
    }
    Some(union)
}

/// Every text of `heads` followed by every text of `tails`, unless there are too many.
fn product(heads: &[String], tails: &[String]) -> Option<Vec<String>> {
    if heads.len() * tails.len() > MAX_LITERALS {
        return None;
    }
    Some(
        heads
            .iter()
            .flat_map(|h| tails.iter().map(move |t| format!("{h}{t}")))
            .collect(),
    )
}

/// Longer literals reject more lines; fewer of them cost less to look for. In a text
/// long enough to be searched for, a digit counts twice: numbers are rarer in pasted
/// text than words of the same length, so "fails with 403" is looked for by `403`, not
/// by the verbs before it (which one line of chat in eight holds).
fn quality(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let weight = |text: &String| {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        text.len() + if text.len() >= MIN_LITERAL { digits } else { 0 }
    };
    let shortest = set.iter().map(weight).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// The texts a literal or a small class matches, ignoring ASCII case: a letter's class
/// of its two cases is one text. Unicode case folding adds the Kelvin sign to `k` and
/// the long s to `s`; they count as those letters, and the classifier looks for them
/// by hand. Other characters outside ASCII are texts of their own. In a parse that
/// ignores case a letter in a literal, or alone in a class, is one that must match its
/// case: `strict` refuses those (and leaves the Kelvin sign and long s out), so that the
/// texts, compared ignoring ASCII case, match exactly what the pattern does on ASCII.
fn literal_texts(hir: &Hir, strict: bool) -> Option<Vec<String>> {
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()
            .filter(|t| !strict || !t.chars().any(cased))
            .map(|t| vec![t.to_ascii_lowercase()]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut texts: Vec<String> = Vec::new();
            let mut size = 0u32;
            for range in class.ranges() {
                size += u32::from(range.end()) - u32::from(range.start()) + 1;
                if size > MAX_LITERALS as u32 {
                    return None;
                }
                for c in range.start()..=range.end() {
                    if strict
                        && c.is_ascii_alphabetic()
                        && !class.ranges().iter().any(|r| {
                            let other = (c as u8 ^ 0x20) as char;
                            r.start() <= other && other <= r.end()
                        })
                    {
                        return None;
                    }
                    let folded = match c {
                        // Never on an ASCII line, where strict texts are used; the
                        // classifier gives lines holding them to every pattern with
                        // an `s` or a `k`.
                        '\u{17F}' | '\u{212A}' if strict => continue,
                        '\u{17F}' => 's',
                        '\u{212A}' => 'k',
                        c => c.to_ascii_lowercase(),
                    };
                    let text = folded.to_string();
                    if !texts.contains(&text) {
                        texts.push(text);
                    }
                }
            }
            Some(texts)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(source: &str) -> Option<Vec<String>> {
        check_syntax(source).expect("parses").literals
    }

    fn one(text: &str) -> Option<Vec<String>> {
        Some(vec![text.to_string()])
    }

    #[test]
    fn the_literal_is_the_longest_run_every_match_contains() {
        assert_eq!(
            literals("Failed to parse invoker connections"),
            one("failed to parse invoker connections")
        );
        assert_eq!(
            literals("X-MS-APIM-Tokens.*doesn't exist, available properties are"),
            one("doesn't exist, available properties are")
        );
        assert_eq!(literals("in action '([^']+)'"), one("in action '"));
        assert_eq!(literals("(?:abc)+def"), one("abc"));
        assert_eq!(
            literals(r"\['\$connections'\]\['[^']+'\].*doesn't exist"),
            one("['$connections']['")
        );
    }

    #[test]
    fn an_alternation_requires_one_of_its_literals() {
        assert_eq!(
            literals("(?:timeout|throttled)"),
            Some(vec!["timeout".to_string(), "throttled".to_string()])
        );
        assert_eq!(
            literals("violates? (?:the )?(?:data loss prevention|DLP) polic"),
            Some(vec![
                "data loss prevention polic".to_string(),
                "dlp polic".to_string()
            ])
        );
        assert_eq!(
            literals("(?:data loss prevention|DLP) policy"),
            Some(vec![
                "data loss prevention policy".to_string(),
                "dlp policy".to_string()
            ])
        );
        assert_eq!(
            literals("status (?:4|5)xx"),
            Some(vec!["status 4xx".to_string(), "status 5xx".to_string()])
        );
    }

    #[test]
    fn a_number_is_looked_for_before_the_words_around_it() {
        // Both are required; the number is rarer in pasted text than a four-letter verb.
        assert_eq!(
            literals(r"\b(?:fails?|failed|respond(?:s|ed)?)(?: with)? (?:an? )?403\b"),
            one("403")
        );
        // A number too short to search for does not win over a longer text.
        assert_eq!(literals(r"\b1[12]\d[,.]?\d{3} ms\b"), one(" ms"));
    }

    #[test]
    fn optional_parts_and_short_texts_require_nothing() {
        assert_eq!(literals("(?:request timed out)?x"), None);
        assert_eq!(literals("(?:ab|cd)"), None);
        assert_eq!(literals(r"\d+"), None);
        assert_eq!(literals(".*"), None);
    }

    #[test]
    fn letters_fold_and_other_characters_stay() {
        // Kelvin sign and long s fold to k and s, and stay part of the literal.
        assert_eq!(literals("kelvin sum"), one("kelvin sum"));
        assert_eq!(literals("‘quoted’ name"), one("‘quoted’ name"));
        // A letter outside ASCII has two cases, each a text of its own.
        assert_eq!(
            literals("caf\u{e9} failed"),
            Some(vec![
                "caf\u{c9} failed".to_string(),
                "caf\u{e9} failed".to_string()
            ])
        );
        assert_eq!(
            literals("code [a-c]x"),
            Some(vec![
                "code ax".to_string(),
                "code bx".to_string(),
                "code cx".to_string()
            ])
        );
    }

    #[test]
    fn the_ascii_form_is_used_only_where_it_agrees() {
        let ascii = |p: &str| check_syntax(p).expect("parses").ascii;
        for p in [
            "in action '([^']+)'",
            r#"connectionReferenceLogicalName"?\s*:\s*"([^"]+)""#,
            r"\bstatus\b \d+",
            "Kelvin sum",
        ] {
            assert!(ascii(p), "{p}");
        }
        for p in [
            r"\x{17F}tatus", // the long s folds to s only with Unicode
            "connection reference ['‘’]([^'‘’\\s]+)['‘’]",
            r"\p{L}+ failed",
            "caf\u{e9} failed",
        ] {
            assert!(!ascii(p), "{p}");
        }
    }

    #[test]
    fn a_pattern_of_texts_only_is_exact() {
        let checked = |p: &str| {
            let c = check_syntax(p).expect("parses");
            (c.exact, c.literals)
        };
        assert_eq!(
            checked("Install flow failed"),
            (true, one("install flow failed"))
        );
        assert_eq!(
            checked("(?:timed out|timeout) on [ab]ll"),
            (
                true,
                Some(
                    [
                        "timed out on all",
                        "timed out on bll",
                        "timeout on all",
                        "timeout on bll"
                    ]
                    .map(String::from)
                    .to_vec()
                )
            )
        );
        assert!(!checked("in action '([^']+)'").0);
        // Case-sensitive letters are not matched by texts compared ignoring case.
        assert!(!checked("(?-i:Install) flow failed").0);
        assert!(!checked("install (?-i:[F]) failed").0);
        assert!(checked("install (?-i:[fF]) failed").0);
        assert!(checked("failed: 5 - 4").0);
        assert!(!checked("(Install flow failed)").0, "it captures");
        assert!(!checked("trigger is not enabled\\.?").0);
    }

    #[test]
    fn syntax_errors_and_captures_are_found_without_compiling() {
        assert!(check_syntax("cannot (be selected").is_err());
        assert_eq!(
            check_syntax("in action '([^']+)'").map(|c| c.captures).ok(),
            Some(1)
        );
        assert_eq!(check_syntax("plain").map(|c| c.captures).ok(), Some(0));
    }

    #[test]
    fn every_part_a_match_needs_is_a_set() {
        let sets = required_sets(r"\bflows? (?:is|are) (?:still )?off\b");
        assert!(sets.contains(&vec!["flow".to_string()]), "{sets:?}");
        // Spaces around an alternation are part of its texts.
        let verb = vec![" is ".to_string(), " are ".to_string()];
        assert!(sets.contains(&verb), "{sets:?}");
        assert!(sets.contains(&vec!["off".to_string()]), "{sets:?}");
        assert!(
            !sets.iter().flatten().any(|t| t.contains("still")),
            "{sets:?}"
        );
        // The set `literals` chose is among them.
        let source = r"(?:need|requires) a (?:premium|per[- ]user) licen[cs]e";
        let chosen = literals(source).expect("literals");
        assert!(required_sets(source).contains(&chosen), "{chosen:?}");
        // An alternation of whole branches needs one text of some branch, no more.
        assert_eq!(
            required_sets("(?:abc x|def y)"),
            vec![vec!["abc x".to_string(), "def y".to_string()]]
        );
        assert_eq!(required_sets("(unclosed"), Vec::<Vec<String>>::new());
    }
}

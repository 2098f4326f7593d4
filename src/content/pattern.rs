//! A content pattern (a signature's message or a fact's value), compiled on first use.
//!
//! Compiling a case-insensitive regex costs about 0.1 ms, most of it spent finding
//! literals for the regex's own prefilter; a playbook of 20 patterns made every start
//! (`codes`, `search`, a typical `diagnose`) pay 2-3 ms before doing anything, and a
//! 10,000-node playbook 0.3 s. So loading only checks the syntax (cheap), and a regex is
//! compiled the first time a text could match it: every pattern remembers the longest
//! literal any match must contain, and a short text without it is turned away
//! without compiling anything. `content check` compiles every pattern, so size limits
//! are still reported to authors.

use std::ops::Deref;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::{CaptureMatches, Captures, Match, Matches, Regex, RegexBuilder};
use regex_syntax::hir::{Hir, HirKind};

use super::playbook::Loc;

/// Patterns come from content authors; a cap keeps a careless one from costing memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Literals shorter than this turn too few texts away to be worth checking.
const MIN_LITERAL: usize = 3;

/// The literal check scans byte by byte, several times slower than the compiled regex's
/// own (SIMD) prefilter. So it stops once the regex is compiled, and once it has
/// scanned this much for one pattern (about what compiling costs): a caller that keeps
/// classifying texts is better served by compiling. A one-shot `diagnose` of a typical
/// error checks each pattern once and compiles only those that may match.
const LITERAL_CHECK_BUDGET: usize = 64 * 1024;

/// Compile a content pattern the way the classifier uses it: case-insensitive, capped.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// What cheap checking found out about a pattern's text.
pub(crate) struct Checked {
    /// How many groups capture, not counting the whole match.
    pub explicit_captures: usize,
    required: Option<String>,
}

/// Check a pattern's syntax without compiling it (a parse is ~20 times cheaper).
pub(crate) fn check_syntax(pattern: &str) -> Result<Checked, String> {
    // Parsed case-sensitively so that letters stay literals; a case-sensitive match is
    // a case-insensitive one, so a literal required here is required there too.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let mut literals = Vec::new();
    required_literals(&hir, &mut literals);
    let required = literals
        .into_iter()
        .filter(|l| l.len() >= MIN_LITERAL && l.is_ascii())
        .max_by_key(String::len)
        .map(|l| l.to_ascii_lowercase());
    Ok(Checked {
        explicit_captures: hir.properties().explicit_captures_len(),
        required,
    })
}

/// Literal runs that every match of `hir` contains.
fn required_literals(hir: &Hir, out: &mut Vec<String>) {
    match hir.kind() {
        HirKind::Literal(lit) => {
            if let Ok(text) = std::str::from_utf8(&lit.0) {
                out.push(text.to_string());
            }
        }
        HirKind::Capture(cap) => required_literals(&cap.sub, out),
        HirKind::Repetition(rep) if rep.min > 0 => required_literals(&rep.sub, out),
        HirKind::Concat(parts) => {
            let mut run = String::new();
            for part in parts {
                match part.kind() {
                    HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
                        Ok(text) => run.push_str(text),
                        Err(_) => out.push(std::mem::take(&mut run)),
                    },
                    _ => {
                        out.push(std::mem::take(&mut run));
                        required_literals(part, out);
                    }
                }
            }
            out.push(run);
        }
        // An alternation, an optional part, a class or an assertion requires no literal.
        _ => {}
    }
}

/// A regex that matches nothing, for texts turned away and patterns that cannot compile.
fn never() -> &'static Regex {
    static NEVER: OnceLock<Regex> = OnceLock::new();
    NEVER.get_or_init(|| Regex::new(r"[^\s\S]").expect("an empty class compiles"))
}

/// Does `text` contain `needle` (ASCII, lower case) ignoring ASCII case?
fn contains_ascii_ci(text: &str, needle: &str) -> bool {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let upper = first.to_ascii_uppercase();
    text.len() >= needle.len()
        && text[..=text.len() - needle.len()]
            .iter()
            .enumerate()
            .any(|(i, &b)| {
                (b == first || b == upper)
                    && text[i + 1..i + needle.len()].eq_ignore_ascii_case(rest)
            })
}

/// A pattern from the playbook. Derefs to the compiled `Regex`; `find`, `is_match`,
/// `captures`, `captures_iter` and `find_iter` first turn away short texts that lack
/// the pattern's required literal, without compiling.
pub struct Pattern {
    source: String,
    /// Lower-case ASCII; a case-insensitive match contains it.
    required: Option<String>,
    pub loc: Loc,
    compiled: OnceLock<Regex>,
    /// Bytes the literal check has scanned so far, against `LITERAL_CHECK_BUDGET`.
    scanned: AtomicUsize,
}

impl Clone for Pattern {
    fn clone(&self) -> Pattern {
        Pattern {
            source: self.source.clone(),
            required: self.required.clone(),
            loc: self.loc.clone(),
            compiled: self.compiled.clone(),
            scanned: AtomicUsize::new(self.scanned.load(Ordering::Relaxed)),
        }
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl Pattern {
    pub(crate) fn new(source: &str, checked: Checked, loc: Loc) -> Pattern {
        Pattern {
            source: source.to_string(),
            required: checked.required,
            loc,
            compiled: OnceLock::new(),
            scanned: AtomicUsize::new(0),
        }
    }

    /// The pattern as the author wrote it.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Compile now; the error a content author must see when it does not.
    pub fn compile(&self) -> Result<&Regex, regex::Error> {
        if let Some(regex) = self.compiled.get() {
            return Ok(regex);
        }
        let regex = compile_pattern(&self.source)?;
        Ok(self.compiled.get_or_init(|| regex))
    }

    /// The compiled regex. Loading checked the syntax; a pattern that still does not
    /// compile (over the size limit, which `content check` reports) matches nothing.
    pub fn regex(&self) -> &Regex {
        self.compiled
            .get_or_init(|| compile_pattern(&self.source).unwrap_or_else(|_| never().clone()))
    }

    /// False when `text` certainly holds no match; true when it may.
    pub fn may_match(&self, text: &str) -> bool {
        let Some(required) = &self.required else {
            return true;
        };
        if self.compiled.get().is_some()
            || self.scanned.fetch_add(text.len(), Ordering::Relaxed) + text.len()
                > LITERAL_CHECK_BUDGET
        {
            return true;
        }
        // Unicode case folding lets 'k' match the Kelvin sign and 's' the long s.
        if !text.is_ascii()
            && required.contains(['k', 's'])
            && text.contains(['\u{212A}', '\u{17F}'])
        {
            return true;
        }
        contains_ascii_ci(text, required)
    }

    fn gate(&self, text: &str) -> &Regex {
        if self.may_match(text) {
            self.regex()
        } else {
            never()
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.regex().is_match(text)
    }

    pub fn find<'h>(&self, text: &'h str) -> Option<Match<'h>> {
        self.gate(text).find(text)
    }

    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> Matches<'r, 'h> {
        self.gate(text).find_iter(text)
    }

    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        self.gate(text).captures(text)
    }

    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> CaptureMatches<'r, 'h> {
        self.gate(text).captures_iter(text)
    }
}

impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.regex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(source: &str) -> Pattern {
        let loc = Loc {
            file: "t.toml".into(),
            line: 1,
        };
        Pattern::new(source, check_syntax(source).expect("parses"), loc)
    }

    #[test]
    fn the_required_literal_is_the_longest_run_every_match_contains() {
        let required = |s: &str| pattern(s).required;
        assert_eq!(
            required("Failed to parse invoker connections").as_deref(),
            Some("failed to parse invoker connections")
        );
        assert_eq!(
            required("X-MS-APIM-Tokens.*doesn't exist, available properties are").as_deref(),
            Some("doesn't exist, available properties are")
        );
        assert_eq!(
            required("in action '([^']+)'").as_deref(),
            Some("in action '")
        );
        // Nothing is required of an alternation or an optional part.
        assert_eq!(required("(?:timeout|throttled)"), None);
        assert_eq!(required("(?:request timed out)?x"), None);
        assert_eq!(required("(?:abc)+def").as_deref(), Some("def"));
    }

    #[test]
    fn texts_without_the_literal_are_turned_away_without_compiling() {
        let p = pattern("tracking id '([^']+)'");
        assert!(p.find("nothing to see here").is_none());
        assert!(p.captures_iter("nothing here").next().is_none());
        assert!(
            p.compiled.get().is_none(),
            "no compile for a text that cannot match"
        );
        let caps = p
            .captures("Tracking ID 'abc-1'")
            .expect("matches ignoring case");
        assert_eq!(&caps[1], "abc-1");
        assert!(p.compiled.get().is_some());
    }

    #[test]
    fn the_gate_agrees_with_the_regex_on_case_and_unicode_folding() {
        let p = pattern("trigger is not enabled");
        for text in [
            "TRIGGER IS NOT ENABLED",
            "The Trigger Is Not Enabled.",
            "the trigger i\u{17F} not enabled", // long s folds to s
            "trigger is not enabled",
        ] {
            assert_eq!(p.is_match(text), p.regex().is_match(text), "{text}");
            assert!(p.find(text).is_some(), "{text}");
        }
        for text in ["trigger is enabled", "", "trigger is not enable"] {
            assert!(!p.is_match(text), "{text}");
        }
        let kelvin = pattern("kelvin");
        assert!(kelvin.is_match("\u{212A}ELVIN"));
    }

    #[test]
    fn after_its_budget_the_check_leaves_texts_to_the_compiled_regex() {
        let p = pattern("tracking id '([^']+)'");
        let miss = "x".repeat(LITERAL_CHECK_BUDGET / 4);
        for _ in 0..3 {
            assert!(p.find(&miss).is_none());
        }
        assert!(p.compiled.get().is_none(), "three quarters of the budget");
        assert!(p.find(&miss).is_none());
        assert!(p.find(&miss).is_none());
        assert!(p.compiled.get().is_some(), "over budget: compiled");
        let mut text = "x".repeat(LITERAL_CHECK_BUDGET + 1);
        text.push_str("tracking id 'z'");
        assert_eq!(
            &pattern("tracking id '([^']+)'")
                .captures(&text)
                .expect("found")[1],
            "z"
        );
    }

    #[test]
    fn syntax_errors_and_captures_are_found_without_compiling() {
        assert!(check_syntax("cannot (be selected").is_err());
        assert_eq!(
            check_syntax("in action '([^']+)'")
                .map(|c| c.explicit_captures)
                .ok(),
            Some(1)
        );
        assert_eq!(
            check_syntax("plain").map(|c| c.explicit_captures).ok(),
            Some(0)
        );
    }

    #[test]
    fn a_pattern_over_the_size_limit_reports_on_compile_and_matches_nothing() {
        let p = pattern(r"\w{1000}{1000}");
        assert!(p.compile().is_err());
        assert!(!p.is_match(&"a".repeat(100)));
    }
}

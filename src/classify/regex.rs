//! Content patterns as regexes: case-insensitive, capped in size, compiled on first use.
//!
//! A pattern is only ever tried on a line that holds one of its literals, and lines are
//! short: there the bounded backtracker and the PikeVM are as fast as anything, and a
//! regex built for them alone (no prefilter, no lazy DFA) compiles in a third of the
//! time (measured: 20-50 µs instead of 95-175 µs). A long line (minified JSON pasted in
//! one piece) gets the full engine, built when one is first met.

use std::cell::OnceCell;

use regex_automata::meta::{BuildError, Builder, Config, Regex};
use regex_automata::util::syntax;

/// Patterns come from content authors; a cap keeps a careless one from costing memory.
const SIZE_LIMIT: usize = 1 << 20;

/// Lines up to this long are searched with the regex built for short lines.
const SHORT_LINE: usize = 4096;

fn build(pattern: &str, short_lines: bool) -> Result<Regex, Box<BuildError>> {
    let mut config = Config::new().nfa_size_limit(Some(SIZE_LIMIT));
    if short_lines {
        config = config
            .auto_prefilter(false)
            .hybrid(false)
            .dfa(false)
            .onepass(false);
    }
    Builder::new()
        .configure(config)
        .syntax(syntax::Config::new().case_insensitive(true))
        .build(pattern)
        .map_err(Box::new)
}

/// Compile a content pattern as the classifier runs it on long lines (the larger of its
/// two forms); the error a content author must see when it does not compile.
pub fn compile_pattern(pattern: &str) -> Result<Regex, Box<BuildError>> {
    build(pattern, false)
}

/// A pattern's regexes, each compiled the first time a line needs it. A pattern that
/// does not compile (over the size limit, which `content check` reports) matches
/// nothing.
pub struct LazyRegex<'p> {
    source: &'p str,
    short: OnceCell<Option<Regex>>,
    long: OnceCell<Option<Regex>>,
}

impl<'p> LazyRegex<'p> {
    pub fn new(source: &'p str) -> LazyRegex<'p> {
        LazyRegex {
            source,
            short: OnceCell::new(),
            long: OnceCell::new(),
        }
    }

    /// The regex to search a line of this length with.
    pub fn for_line(&self, len: usize) -> Option<&Regex> {
        let short = len <= SHORT_LINE;
        let cell = if short { &self.short } else { &self.long };
        cell.get_or_init(|| build(self.source, short).ok()).as_ref()
    }

    /// Whether either form has been compiled (for tests of what is compiled when).
    #[cfg(test)]
    pub fn compiled(&self) -> bool {
        self.short.get().is_some() || self.long.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_find_the_same_matches() {
        let pattern = "in action '([^']+)'";
        let line =
            "Unable to process template language expressions in Action 'Send_an_email' inputs";
        let (short, long) = (
            build(pattern, true).expect("compiles"),
            build(pattern, false).expect("compiles"),
        );
        let spans = |re: &Regex| {
            re.captures_iter(line)
                .filter_map(|c| c.get_group(1))
                .map(|s| &line[s.range()])
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(&short), vec!["Send_an_email"]);
        assert_eq!(spans(&short), spans(&long));
    }

    #[test]
    fn a_pattern_over_the_size_limit_reports_and_matches_nothing() {
        assert!(compile_pattern(r"\w{1000}{1000}").is_err());
        let lazy = LazyRegex::new(r"\w{1000}{1000}");
        assert!(lazy.for_line(10).is_none());
        assert!(lazy.for_line(10_000).is_none());
    }

    #[test]
    fn long_lines_get_their_own_form_on_demand() {
        let lazy = LazyRegex::new("trigger is not enabled");
        assert!(!lazy.compiled());
        assert!(lazy.for_line(100).is_some());
        assert!(lazy.long.get().is_none());
        assert!(lazy.for_line(SHORT_LINE + 1).is_some());
        assert!(lazy.long.get().is_some());
    }
}

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

use crate::content::{Playbook, Problem, first_line};

/// Patterns come from content authors; a cap keeps a careless one from costing memory.
const SIZE_LIMIT: usize = 1 << 20;

/// Lines up to this long are searched with the regex built for short lines.
const SHORT_LINE: usize = 4096;

/// A pattern tried on more lines than this gets the full engine on every line.
pub const MANY_LINES: usize = 64;

/// Which engines a pattern's regex is built with, for the lines it is run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A few short lines: the backtracker and the PikeVM only.
    Short,
    /// Many short lines: the lazy DFA too, without the prefilter (each line holds a
    /// literal already) or the one-pass DFA, which cost most of the rest of the build.
    Many,
    /// A long line: every engine.
    Long,
}

fn build(pattern: &str, form: Form, ascii: bool) -> Result<Regex, Box<BuildError>> {
    let mut config = Config::new().nfa_size_limit(Some(SIZE_LIMIT));
    match form {
        Form::Short => {
            config = config
                .auto_prefilter(false)
                .hybrid(false)
                .dfa(false)
                .onepass(false);
        }
        Form::Many => {
            config = config.auto_prefilter(false).dfa(false).onepass(false);
        }
        Form::Long => {}
    }
    Builder::new()
        .configure(config)
        .syntax(
            syntax::Config::new()
                .case_insensitive(true)
                .unicode(!ascii)
                .utf8(!ascii),
        )
        .build(pattern)
        .map_err(Box::new)
}

/// Compile a content pattern as the classifier runs it on long lines (the larger of its
/// two forms); the error a content author must see when it does not compile.
pub fn compile_pattern(pattern: &str) -> Result<Regex, Box<BuildError>> {
    build(pattern, Form::Long, false)
}

/// Compile a content pattern for a search of a few lines (the report's excerpt): the
/// same matches as `compile_pattern`, without the prefilter and the DFAs that cost
/// most of its build (on the 2 MB paste: 4.9 M instructions for one signature's
/// patterns).
pub fn compile_for_lines(pattern: &str) -> Result<Regex, Box<BuildError>> {
    build(pattern, Form::Many, false)
}

/// Compile every pattern of a playbook now, as `content check` does: loading checks only
/// their syntax, so a pattern over the size limit is found here. One problem per pattern.
pub fn pattern_problems(playbook: &Playbook) -> Vec<Problem> {
    playbook
        .patterns()
        .filter_map(|p| {
            compile_pattern(p.as_str()).err().map(|err| {
                Problem::at(
                    &p.loc.file,
                    Some(p.loc.line),
                    format!("pattern does not compile: {}", first_line(&err.to_string())),
                )
            })
        })
        .collect()
}

/// A pattern's regexes, each compiled the first time a line needs it. A pattern that
/// does not compile (over the size limit, which `content check` reports) matches
/// nothing.
pub struct LazyRegex<'p> {
    source: &'p str,
    /// Whether ASCII lines may use the ASCII forms.
    ascii: bool,
    /// Indexed by (`Form`, ASCII form).
    forms: [[OnceCell<Option<Regex>>; 2]; 3],
    /// The texts a match needs (`content::required_sets`), found the first time many
    /// lines are to be searched.
    needs: OnceCell<Vec<Needed>>,
}

/// One set of texts of which a match needs one, and how a line is searched for them.
enum Needed {
    /// A set of one text (or a machine without Teddy's SIMD): each text with memmem.
    Each(Vec<memchr::memmem::Finder<'static>>),
    /// A set of several: Teddy (aho-corasick's packed SIMD searcher), which looks for
    /// them all in one pass: on an 80-byte line 210-280 instructions for 4-11 texts,
    /// where memmem takes 120 a text (500-1,200).
    Any(aho_corasick::packed::Searcher),
}

impl Needed {
    fn new(set: &[String]) -> Needed {
        let each = || {
            Needed::Each(
                set.iter()
                    .map(|t| memchr::memmem::Finder::new(t.as_bytes()).into_owned())
                    .collect(),
            )
        };
        if set.len() < 2 {
            return each();
        }
        aho_corasick::packed::Config::new()
            .builder()
            .extend(set)
            .build()
            .map_or_else(each, Needed::Any)
    }

    /// Whether `lower` holds one of the texts.
    fn found_in(&self, lower: &[u8]) -> bool {
        match self {
            Needed::Each(texts) => texts.iter().any(|t| t.find(lower).is_some()),
            Needed::Any(teddy) => teddy
                .find_in(lower, aho_corasick::Span::from(0..lower.len()))
                .is_some(),
        }
    }
}

impl<'p> LazyRegex<'p> {
    pub fn new(source: &'p str, ascii: bool) -> LazyRegex<'p> {
        LazyRegex {
            source,
            ascii,
            forms: Default::default(),
            needs: OnceCell::new(),
        }
    }

    /// Whether `lower`, an ASCII line in lower case, holds a text of every set that a
    /// match needs: when not, the pattern cannot match it and its regex need not run.
    /// A lazy DFA reads a line at about 20 instructions a byte after a call that costs
    /// hundreds; looking for a few texts turns most of the lines holding a common
    /// word away for less.
    /// `literals` are the pattern's own (which the line holds part of): their set is
    /// looked at last, the others longest shortest text first (the likeliest to be
    /// missing).
    pub fn may_match(&self, lower: &[u8], literals: &[String]) -> bool {
        self.needs
            .get_or_init(|| {
                let mut sets = crate::content::required_sets(self.source);
                sets.sort_by_key(|set| {
                    let shortest = set.iter().map(String::len).min().unwrap_or(0);
                    (set.as_slice() == literals, std::cmp::Reverse(shortest))
                });
                sets.iter().map(|set| Needed::new(set)).collect()
            })
            .iter()
            .all(|set| set.found_in(lower))
    }

    /// The regex to search `line` with, one of `many` lines to be searched: a pattern
    /// tried on many lines of a long paste (a common word for a literal) is worth the
    /// full engine, whose lazy DFA reads a line that does not match once, where the
    /// backtracker tries it from every position.
    pub fn for_line(&self, line: &str, many: bool) -> Option<&Regex> {
        let form = if line.len() > SHORT_LINE {
            Form::Long
        } else if many {
            Form::Many
        } else {
            Form::Short
        };
        let ascii = self.ascii && line.is_ascii();
        self.forms[form as usize][usize::from(ascii)]
            .get_or_init(|| build(self.source, form, ascii).ok())
            .as_ref()
    }

    /// Whether a form has been compiled (for tests of what is compiled when).
    #[cfg(test)]
    pub fn compiled(&self, long: bool, ascii: bool) -> bool {
        self.forms[if long { Form::Long } else { Form::Short } as usize][usize::from(ascii)]
            .get()
            .is_some()
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
        let spans = |re: Regex| {
            re.captures_iter(line)
                .filter_map(|c| c.get_group(1))
                .map(|s| &line[s.range()])
                .collect::<Vec<_>>()
        };
        for form in [Form::Short, Form::Many, Form::Long] {
            for ascii in [true, false] {
                let regex = build(pattern, form, ascii).expect("compiles");
                assert_eq!(spans(regex), vec!["Send_an_email"], "{form:?} {ascii}");
            }
        }
    }

    #[test]
    fn a_pattern_over_the_size_limit_reports_and_matches_nothing() {
        assert!(compile_pattern(r"\w{1000}{1000}").is_err());
        let lazy = LazyRegex::new(r"\w{1000}{1000}", true);
        assert!(lazy.for_line("short", false).is_none());
        assert!(lazy.for_line(&"x".repeat(10_000), false).is_none());
    }

    #[test]
    fn each_kind_of_line_gets_its_form_on_demand() {
        let lazy = LazyRegex::new("trigger is not enabled", true);
        assert!(!lazy.compiled(false, true));
        assert!(lazy.for_line("the trigger is not enabled", false).is_some());
        assert!(lazy.compiled(false, true));
        assert!(!lazy.compiled(false, false));
        assert!(
            lazy.for_line("the trigger is not enabled, é", false)
                .is_some()
        );
        assert!(lazy.compiled(false, false));
        assert!(!lazy.compiled(true, true));
        assert!(lazy.for_line(&"x".repeat(SHORT_LINE + 1), false).is_some());
        assert!(lazy.compiled(true, true));
        // Many lines to search: the lazy DFA, on short lines too.
        let many = LazyRegex::new("trigger is not enabled", true);
        assert!(many.for_line("the trigger is not enabled", true).is_some());
        assert!(many.forms[Form::Many as usize][1].get().is_some());
        assert!(!many.compiled(true, true) && !many.compiled(false, true));
        let unicode_only = LazyRegex::new("trigger is not enabled", false);
        assert!(
            unicode_only
                .for_line("trigger is not enabled", false)
                .is_some()
        );
        assert!(unicode_only.compiled(false, false) && !unicode_only.compiled(false, true));
    }

    #[test]
    fn the_ascii_form_agrees_on_ascii_lines() {
        for (pattern, line) in [
            ("\\bstatus\\s+(\\d+)", "HTTP STATUS  504 now"),
            ("in action '([^']+)'", "in ACTION 'Send_an_email' inputs"),
            ("kelvin (\\w+)", "KELVIN scale"),
        ] {
            let (unicode, ascii) = (
                build(pattern, Form::Short, false).expect("compiles"),
                build(pattern, Form::Short, true).expect("compiles"),
            );
            let groups = |re: &Regex| {
                re.captures_iter(line)
                    .map(|c| c.get_group(1).map(|s| s.range()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(groups(&unicode), groups(&ascii), "{pattern}");
            assert!(!groups(&ascii).is_empty(), "{pattern}");
        }
    }

    #[test]
    fn a_line_without_a_needed_text_cannot_match_and_one_with_all_may() {
        let pattern = r"\bflows? (?:is|are) (?:still )?off\b";
        let lazy = LazyRegex::new(pattern, true);
        let literals = ["flow".to_string()];
        let regex = build(pattern, Form::Many, true).expect("compiles");
        for (line, may) in [
            ("the flow is off", true),
            ("the flows are still off today", true),
            ("the flow is on", false),
            ("flow off is", false),
            ("Flow is", false),
            ("a flow was turned off", false),
        ] {
            assert_eq!(lazy.may_match(line.as_bytes(), &literals), may, "{line}");
            // Never turned away when the regex matches.
            assert!(!regex.is_match(line) || may, "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_set_is_found_in_a_line_as_each_of_its_texts_is(
            set in proptest::collection::vec("[ab c]{1,4}", 1..12),
            line in "[ab cd]{0,120}",
        ) {
            let each = set.iter().any(|t| line.contains(t.as_str()));
            proptest::prop_assert_eq!(Needed::new(&set).found_in(line.as_bytes()), each);
        }
    }

    #[test]
    fn every_embedded_pattern_compiles() {
        let playbook = crate::content::embedded_playbook().expect("decodes");
        assert_eq!(pattern_problems(&playbook), Vec::new());
    }
}

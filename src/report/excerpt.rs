//! The error as pasted, cut down to what a case needs: the lines around each place
//! that matched (a code, a fact, the winning signature's message), redacted, with a
//! hard bound on lines and characters, so a 2 MB chat transcript gives a short block.

use serde::Serialize;

use crate::classify::{self, Classification};
use crate::content::Playbook;

/// Lines kept before and after each line that matched.
const CONTEXT: usize = 2;
/// At most this many lines are shown.
pub const MAX_LINES: usize = 30;
/// A longer line is cut to a window of this many characters around its match.
pub const MAX_LINE_CHARS: usize = 320;
/// A paste this short (in lines) is shown whole, if its lines are short too.
const WHOLE_LINES: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// The lines shown, a gap between them marked by a line `…`.
    pub text: String,
    /// Lines of the paste that the excerpt shows (partly or whole).
    pub lines_shown: usize,
    /// Lines in the whole paste.
    pub lines_total: usize,
    /// Secrets hidden in the excerpt (the paste may have been redacted before).
    pub redacted: usize,
}

impl Excerpt {
    /// Whether the excerpt leaves lines of the paste out.
    pub fn is_partial(&self) -> bool {
        self.lines_shown < self.lines_total
    }
}

/// The excerpt of `pasted`: redacted first (so a cut never splits a secret that
/// redaction would have recognised whole), then the lines around what matched.
pub fn excerpt(
    playbook: &Playbook,
    pasted: &str,
    classification: Option<&Classification>,
) -> Option<Excerpt> {
    // A paste redacted already is not copied again (2 MB is 512 page faults).
    excerpt_of_redacted(playbook, classify::redact_borrowed(pasted), classification)
}

/// `excerpt` of a paste redacted already: `redact_borrowed`'s text and count (which
/// `RedactedTwice::again` gives without reading the paste again).
pub fn excerpt_of_redacted(
    playbook: &Playbook,
    (redacted, redactions): (std::borrow::Cow<'_, str>, usize),
    classification: Option<&Classification>,
) -> Option<Excerpt> {
    // memchr's search (a few instructions a 32 bytes; `str::contains` took one a byte).
    let text: std::borrow::Cow<str> = if memchr::memchr(b'\r', redacted.as_bytes()).is_some() {
        redacted.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        redacted.as_ref().into()
    };
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        return None;
    }
    // Lines are read only as far as the excerpt needs them (a few dozen of a 2 MB
    // paste's 25,000), and counted with memchr's vectorised count, not kept: a vector
    // of every line cost 400 KB (100 page faults) and most of the excerpt's own time.
    let total = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut lines = Lines::new(text);
    let needles: Vec<memchr::memmem::Finder> = needles(classification)
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()).into_owned())
        .collect();
    // Compiled when a line is first searched: a short paste is shown whole, unsearched
    // (compiling a signature's patterns was half of a typical `diagnose`).
    let patterns = std::cell::OnceCell::new();
    let hit = |line: &str| -> Option<usize> {
        let lower = line.to_ascii_lowercase();
        let by_needle = needles.iter().filter_map(|n| find_word(&lower, n)).min();
        let by_pattern = patterns
            .get_or_init(|| signature_patterns(playbook, classification))
            .iter()
            .filter_map(|re| re.find(line).map(|m| m.start()))
            .min();
        by_needle.into_iter().chain(by_pattern).min()
    };
    // Only the first matches are shown: lines are read until there are enough (a long
    // chat has a fact on every few lines).
    let short = total <= WHOLE_LINES && (0..total).all(|i| lines.get(i).len() <= MAX_LINE_CHARS);
    let mut matches = (0..total)
        .filter_map(|i| hit(lines.get(i)).map(|at| (i, at)))
        .peekable();
    // Which lines to show, and where in each the match is (for a window on long lines).
    let mut shown: Vec<(usize, usize)> = Vec::new();
    if short || matches.peek().is_none() {
        drop(matches);
        shown.extend((0..total.min(WHOLE_LINES)).map(|i| (i, 0)));
    } else {
        for (line, at) in matches {
            let from = line.saturating_sub(CONTEXT);
            let to = (line + CONTEXT).min(total - 1);
            for i in from..=to {
                match shown.iter_mut().find(|(j, _)| *j == i) {
                    Some(entry) if i == line => entry.1 = at,
                    Some(_) => {}
                    None => shown.push((i, if i == line { at } else { 0 })),
                }
            }
            if shown.len() >= MAX_LINES {
                break;
            }
        }
        shown.sort_by_key(|(i, _)| *i);
        shown.truncate(MAX_LINES);
    }
    let mut out = String::new();
    let mut previous: Option<usize> = None;
    for &(i, at) in &shown {
        if previous.is_some_and(|p| i > p + 1) || (previous.is_none() && i > 0) {
            out.push_str("…\n");
        }
        out.push_str(&window(lines.get(i), at));
        out.push('\n');
        previous = Some(i);
    }
    if previous.is_some_and(|p| p + 1 < total) {
        out.push_str("…\n");
    }
    Some(Excerpt {
        text: out,
        lines_shown: shown.len(),
        lines_total: total,
        redacted: redactions,
    })
}

/// The lines of a text, split as they are first asked for.
struct Lines<'t> {
    text: &'t str,
    newlines: memchr::Memchr<'t>,
    /// Where the line after the last one read starts.
    from: usize,
    read: Vec<&'t str>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()),
            from: 0,
            read: Vec::new(),
        }
    }

    /// Line `i` (counted from 0), which must exist.
    fn get(&mut self, i: usize) -> &'t str {
        while self.read.len() <= i {
            let end = self.newlines.next().unwrap_or(self.text.len());
            self.read.push(&self.text[self.from..end]);
            self.from = end + 1;
        }
        self.read[i]
    }
}

/// Codes and fact values from the classification, lower case: the texts whose lines
/// the case needs.
fn needles(classification: Option<&Classification>) -> Vec<String> {
    let Some(c) = classification else {
        return Vec::new();
    };
    let mut out: Vec<String> = c
        .codes
        .iter()
        .filter(|code| code.len() >= 3)
        .cloned()
        .chain(
            c.facts
                .values()
                .flat_map(|v| v.split(", ").map(str::to_string)),
        )
        .filter(|v| v.trim().len() >= 3)
        .map(|v| v.to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The winning signature's message patterns, compiled.
fn signature_patterns(
    playbook: &Playbook,
    classification: Option<&Classification>,
) -> Vec<regex_automata::meta::Regex> {
    let Some(id) = classification.and_then(|c| c.signature.as_deref()) else {
        return Vec::new();
    };
    playbook
        .signatures
        .iter()
        .filter(|s| s.id == id)
        .flat_map(|s| s.patterns.iter())
        .filter_map(|p| classify::compile_for_lines(p.as_str()).ok())
        .collect()
}

/// Where `needle` occurs in `haystack` as a whole word (a status `504` must not match
/// inside `15040`), among its occurrences that do not overlap.
fn find_word(haystack: &str, needle: &memchr::memmem::Finder) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let word = |i: usize| bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_';
    let len = needle.needle().len();
    needle.find_iter(bytes).find(|&at| {
        let end = at + len;
        (at == 0 || !word(at - 1)) && (end >= bytes.len() || !word(end))
    })
}

/// `line` without characters that steer a terminal, cut to `MAX_LINE_CHARS` around
/// byte `at` when longer.
fn window(line: &str, at: usize) -> String {
    let clean: String = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !super::is_hazard(*c))
        .collect();
    let count = clean.chars().count();
    if count <= MAX_LINE_CHARS {
        return clean.trim_end().to_string();
    }
    // `at` is a byte offset into the original line; tabs and hazards are rare enough
    // that the character index of the original is close enough for a window.
    let at_char = line[..at.min(line.len())].chars().count().min(count);
    let start = at_char.saturating_sub(MAX_LINE_CHARS / 4);
    let start = start.min(count - MAX_LINE_CHARS);
    let end = start + MAX_LINE_CHARS;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(clean.chars().skip(start).take(end - start));
    if end < count {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playbook() -> Playbook {
        crate::content::embedded_playbook().expect("loads")
    }

    #[test]
    fn a_long_chat_gives_the_lines_around_each_match() {
        let pb = playbook();
        let mut paste = String::new();
        for i in 0..500 {
            paste.push_str(&format!("[10:{i:02}] Dana: chatter line {i}\n"));
            if i == 250 {
                paste.push_str(
                    "{\"error\":{\"code\":\"WorkflowTriggerIsNotEnabled\",\"message\":\"x\"}}\n",
                );
            }
        }
        let c = classify::classify(&pb, &paste);
        let e = excerpt(&pb, &paste, Some(&c)).expect("an excerpt");
        assert_eq!(e.lines_total, 501);
        assert_eq!(e.lines_shown, 5, "{}", e.text);
        assert!(e.text.starts_with("…\n[10:249]"), "{}", e.text);
        assert!(e.text.contains("WorkflowTriggerIsNotEnabled"), "{}", e.text);
        assert!(e.text.ends_with("line 252\n…\n"), "{}", e.text);
    }

    #[test]
    fn a_long_line_is_cut_around_its_match_and_the_line_count_is_bounded() {
        let pb = playbook();
        let filler = "x".repeat(5000);
        let mut paste = format!("{filler} WorkflowTriggerIsNotEnabled {filler}\n");
        for _ in 0..200 {
            paste.push_str("WorkflowTriggerIsNotEnabled again\n");
        }
        let c = classify::classify(&pb, &paste);
        let e = excerpt(&pb, &paste, Some(&c)).expect("an excerpt");
        assert!(e.lines_shown <= MAX_LINES);
        let first = e.text.lines().next().expect("a line");
        assert!(first.contains("WorkflowTriggerIsNotEnabled"), "{first}");
        assert!(first.chars().count() <= MAX_LINE_CHARS + 2, "{first}");
        assert!(e.text.len() < 12_000);
    }

    #[test]
    fn a_token_in_the_paste_never_reaches_the_excerpt() {
        let pb = playbook();
        let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3NlcnZpY2UifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
        let paste = format!(
            "Authorization: Bearer {token}\n{{\"error\":{{\"code\":\"WorkflowTriggerIsNotEnabled\"}}}}\n"
        );
        let c = classify::classify(&pb, &paste);
        let e = excerpt(&pb, &paste, Some(&c)).expect("an excerpt");
        assert!(!e.text.contains("eyJ0eXAi"), "{}", e.text);
        assert!(!e.text.contains("c2lnbmF0dXJl"), "{}", e.text);
        assert!(e.redacted >= 1);
        assert!(e.text.contains("WorkflowTriggerIsNotEnabled"));
    }

    #[test]
    fn nothing_matched_shows_the_start_and_an_empty_paste_nothing() {
        let pb = playbook();
        let paste: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let e = excerpt(&pb, &paste, None).expect("an excerpt");
        assert_eq!(e.lines_shown, WHOLE_LINES);
        assert!(e.text.starts_with("line 0\n") && e.text.ends_with("line 19\n…\n"));
        assert_eq!(excerpt(&pb, " \n\n", None), None);
        let needle = memchr::memmem::Finder::new("504");
        assert!(find_word("status 504.", &needle).is_some());
        assert!(find_word("id 15040", &needle).is_none());
        let overlapping = memchr::memmem::Finder::new("aa");
        assert_eq!(find_word("aaa aa", &overlapping), Some(4));
    }
}

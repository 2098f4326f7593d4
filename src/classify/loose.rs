//! Codes and statuses spelled out in text that is not (or not quite) JSON: a cut-off
//! document, a chat message, `HTTP 502`, `429 (Too Many Requests)`.
//!
//! These were two regexes; compiling them cost 10 M instructions, a third of a typical
//! `diagnose`. Written out by hand they cost nothing to set up and read the text once.
//! The tests keep the regexes as the definition and compare.
//!
//! Letters are compared ignoring ASCII case, whitespace is Unicode whitespace, and a
//! word character is a letter, a digit or `_`.

#[cfg(test)]
use super::literals::LiteralSearch;
#[cfg(test)]
use std::sync::OnceLock;

/// Longest code value the loose finder takes, in characters.
const MAX_CODE_CHARS: usize = 120;

/// Whether an HTTP status is a failure's (4xx or 5xx). Only those say why an action
/// failed: a 200 or 302 in the same paste (another action that succeeded, a log line), or
/// three digits before a name in parentheses (`case 7734-118 (Contoso Ltd)`), is not the
/// failed action's status and must not hide the one that is.
pub fn is_failure_status(status: u16) -> bool {
    (400..=599).contains(&status)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The character before byte `at`, if any.
fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// Byte offset after the whitespace starting at `at`.
fn skip_space(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

/// The words the loose finders start from, found by the classifier's one scan of a
/// paste (searched with its literals) and handed over as `Markers`: `code` (in `"code"`,
/// `"errorCode"`), `status` and `http`.
pub const MARKERS: [&str; 3] = ["code", "status", "http"];

#[cfg(test)]
pub fn marker_search() -> &'static LiteralSearch {
    static SEARCH: OnceLock<LiteralSearch> = OnceLock::new();
    SEARCH.get_or_init(|| LiteralSearch::new(MARKERS))
}

/// Where the loose finders may find something, in order.
#[derive(Debug, Default)]
pub struct Markers {
    /// A `"code"` or `"errorCode"` key: its start and length.
    code_keys: Vec<(usize, usize)>,
    /// A quote before `code` or `status`, or the word `http` or `status`.
    named: Vec<usize>,
}

impl Markers {
    /// Record an occurrence of `MARKERS[literal]` at `start` in `text`.
    pub fn add(&mut self, text: &[u8], literal: usize, start: usize) {
        let quoted = start > 0 && text[start - 1] == b'"';
        match literal {
            0 => {
                let closed = text.get(start + 4) == Some(&b'"');
                if quoted {
                    self.named.push(start - 1);
                    if closed {
                        self.code_keys.push((start - 1, 6));
                    }
                }
                if closed && start >= 6 && text[start - 6..start].eq_ignore_ascii_case(b"\"error") {
                    self.code_keys.push((start - 6, 11));
                }
            }
            _ => {
                if quoted && literal == 1 {
                    self.named.push(start - 1);
                }
                self.named.push(start);
            }
        }
    }

    /// Put what was added in order (call once, after the last `add` or `extend`).
    pub fn finish(&mut self) {
        self.code_keys.sort_unstable();
        self.code_keys.dedup();
        self.named.sort_unstable();
        self.named.dedup();
    }

    /// Append the markers of another part of the same text.
    pub fn extend(&mut self, next: Markers) {
        self.code_keys.extend(next.code_keys);
        self.named.extend(next.named);
    }

    /// The markers of `text`, found by a scan of their own.
    #[cfg(test)]
    pub fn of(text: &str) -> Markers {
        let mut markers = Markers::default();
        super::literals::scan(text.as_bytes(), &[marker_search()], |_, literal, start| {
            markers.add(text.as_bytes(), literal, start)
        });
        markers.finish();
        markers
    }
}

/// Whether `text` holds `word` (lower case) at `at`, ignoring ASCII case.
fn word_at(text: &str, at: usize, word: &[u8]) -> bool {
    text.as_bytes()
        .get(at..at + word.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(word))
}

/// Every value of a `"code"` or `"errorCode"` key written as `"key": "value"` (the value
/// 1 to 120 characters, no quote or line break), left to right, not overlapping.
pub fn codes(text: &str, markers: &Markers) -> Vec<String> {
    let mut found = Vec::new();
    let mut resume = 0;
    for &(start, key_len) in &markers.code_keys {
        if start < resume {
            continue;
        }
        let mut at = skip_space(text, start + key_len);
        if text.as_bytes().get(at) != Some(&b':') {
            continue;
        }
        at = skip_space(text, at + 1);
        if text.as_bytes().get(at) != Some(&b'"') {
            continue;
        }
        let value_start = at + 1;
        for (chars, (i, c)) in text[value_start..].char_indices().enumerate() {
            if c == '"' {
                if chars > 0 {
                    found.push(text[value_start..value_start + i].to_string());
                    resume = value_start + i + 1;
                }
                break;
            }
            if c == '\n' || chars == MAX_CODE_CHARS {
                break;
            }
        }
    }
    found
}

/// Three digits `[1-5][0-9][0-9]` at `at`, as a status.
fn status_at(text: &str, at: usize) -> Option<u16> {
    let digits = text.as_bytes().get(at..at + 3)?;
    let ok = matches!(digits[0], b'1'..=b'5') && digits[1..].iter().all(u8::is_ascii_digit);
    ok.then(|| {
        digits
            .iter()
            .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))
    })
}

/// A status at `at` that no word character follows.
fn status_ending_a_word(text: &str, at: usize) -> Option<u16> {
    let status = status_at(text, at)?;
    match text[at + 3..].chars().next() {
        Some(c) if is_word(c) => None,
        _ => Some(status),
    }
}

/// `"code": 504`, `"status": "504"`, `"statusCode":504` at `at` (a quote).
fn json_key_status(text: &str, at: usize) -> Option<u16> {
    let key_len = [&b"\"statuscode\""[..], b"\"status\"", b"\"code\""]
        .iter()
        .find(|k| word_at(text, at, k))?
        .len();
    let mut at = skip_space(text, at + key_len);
    if text.as_bytes().get(at) != Some(&b':') {
        return None;
    }
    at = skip_space(text, at + 1);
    if text.as_bytes().get(at) == Some(&b'"') {
        at += 1;
    }
    status_ending_a_word(text, at)
}

/// `HTTP 502`, `status: 504`, `status code 404`, `statuscode=429` at `at` (a word start).
fn named_status(text: &str, at: usize) -> Option<u16> {
    // Most `http`s start a URL and most `status`es a JSON key: what follows the word
    // turns them away before any parsing (a space may be outside ASCII).
    let len = if text.as_bytes()[at] | 0x20 == b'h' {
        4
    } else {
        6
    };
    let next = text.as_bytes().get(at + len).copied().unwrap_or(b' ');
    let can_follow = next.is_ascii_whitespace()
        || !next.is_ascii()
        || matches!(next, b':' | b'=' | b'0'..=b'9' | b'\x0B')
        || (len == 6 && next | 0x20 == b'c');
    if !can_follow {
        return None;
    }
    let mut afters: Vec<usize> = Vec::new();
    if word_at(text, at, b"http") {
        afters.push(at + 4);
    } else if word_at(text, at, b"status") {
        // `status code` first, as the regex's greedy `(?:\s*code)?` tries it first.
        let after_space = skip_space(text, at + 6);
        if word_at(text, after_space, b"code") {
            afters.push(after_space + 4);
        }
        afters.push(at + 6);
    }
    afters.into_iter().find_map(|after| {
        let mut at = skip_space(text, after);
        if matches!(text.as_bytes().get(at), Some(b':' | b'=')) {
            at += 1;
        }
        status_ending_a_word(text, skip_space(text, at))
    })
}

/// `429 (Too Many Requests)` at `at` (a word start): a status before a reason phrase of
/// capitalised words in parentheses.
fn status_with_reason(text: &str, at: usize) -> Option<u16> {
    let status = status_at(text, at)?;
    let mut at = skip_space(text, at + 3);
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'(') {
        return None;
    }
    at += 1;
    loop {
        if !bytes.get(at).is_some_and(u8::is_ascii_uppercase) {
            return None;
        }
        at += 1;
        let lowers = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        if lowers == 0 {
            return None;
        }
        at += lowers;
        match bytes.get(at) {
            Some(b')') => return Some(status),
            Some(b' ') => at += 1,
            _ => return None,
        }
    }
}

/// Where a status with a reason phrase may start: three digits before whitespace and
/// a parenthesis. Found from the parentheses, which are rarer than digits.
fn reason_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'(', text.as_bytes()).filter_map(move |open| {
        let before = text[..open].trim_end_matches(char::is_whitespace);
        let start = before.len().checked_sub(3)?;
        status_at(before, start).map(|_| start)
    })
}

/// The first failure's HTTP status (`is_failure_status`) spelled out in `text`, in any of
/// the shapes above.
pub fn status(text: &str, markers: &Markers) -> Option<u16> {
    let at_word_start = |at: usize| char_before(text, at).is_none_or(|c| !is_word(c));
    let mut named = markers.named.iter().copied().peekable();
    let mut reasons = reason_starts(text).peekable();
    // Both lists are in order; try every start from the first, whichever list it is in.
    loop {
        let take_named = match (named.peek(), reasons.peek()) {
            (Some(n), Some(r)) => n <= r,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let found = if take_named {
            let at = named.next().expect("peeked");
            if text.as_bytes()[at] == b'"' {
                json_key_status(text, at)
            } else if at_word_start(at) {
                named_status(text, at)
            } else {
                None
            }
        } else {
            let at = reasons.next().expect("peeked");
            if at_word_start(at) {
                status_with_reason(text, at)
            } else {
                None
            }
        };
        if found.is_some_and(is_failure_status) {
            return found;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// The definitions these functions replace.
    fn code_regex() -> Regex {
        Regex::new(r#"(?i)"(?:code|errorCode)"\s*:\s*"([^"\n]{1,120})""#).expect("compiles")
    }

    fn status_regex() -> Regex {
        Regex::new(r#"(?i)(?:"(?:code|status|statusCode)"\s*:\s*"?|\b(?:http|status(?:\s*code)?)\s*[:=]?\s*)([1-5][0-9]{2})\b|\b([1-5][0-9]{2})\s*\((?-i:[A-Z][a-z]+)(?: (?-i:[A-Z][a-z]+))*\)"#)
            .expect("compiles")
    }

    fn by_regex(text: &str) -> (Vec<String>, Option<u16>) {
        let codes = code_regex()
            .captures_iter(text)
            .map(|c| c[1].to_string())
            .collect();
        let status = status_regex()
            .captures_iter(text)
            .filter_map(|c| c.get(1).or_else(|| c.get(2))?.as_str().parse::<u16>().ok())
            .find(|&s| is_failure_status(s));
        (codes, status)
    }

    fn by_hand(text: &str) -> (Vec<String>, Option<u16>) {
        let markers = Markers::of(text);
        (codes(text, &markers), status(text, &markers))
    }

    #[test]
    fn the_shapes_people_paste() {
        for (text, expected) in [
            (
                r#"{"error": {"code": "InvokerConnectionOverrideFailed", "message": "Failed"#,
                Some("InvokerConnectionOverrideFailed"),
            ),
            (
                r#"{"ErrorCode" :  " MissingConnectionReference' "}"#,
                Some(" MissingConnectionReference' "),
            ),
            (r#""code": """#, None),
        ] {
            let (codes, _) = by_hand(text);
            assert_eq!(codes.first().map(String::as_str), expected, "{text}");
            assert_eq!(by_hand(text), by_regex(text), "{text}");
        }
        for (text, expected) in [
            ("the flow failed with HTTP 502 after a while", Some(502)),
            ("Status code: 404", Some(404)),
            ("statuscode=429", Some(429)),
            (r#"{"status": "504"}"#, Some(504)),
            ("got 429 (Too Many Requests) again", Some(429)),
            ("got 429 (too many) again", None),
            ("HTTP/1.1 500", None),
            ("status 5040", None),
            ("https 504", None),
            ("x502 (Bad Gateway)", None),
            // Only a failure's status: a case number before a name in parentheses, or a
            // request that succeeded, does not hide the failed action's.
            ("case 7734-118 (Halvorsen Marine): status 400", Some(400)),
            ("GET /runs HTTP 200, then POST /invoke HTTP 504", Some(504)),
            ("status 302", None),
        ] {
            assert_eq!(by_hand(text).1, expected, "{text}");
            assert_eq!(by_hand(text), by_regex(text), "{text}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_regexes_it_replaces(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\"code\"", "\"Code\"", "\"errorCode\"", "\"status\"", "\"statusCode\"",
                    "HTTP", "http", "Status", "status", "code", "Code", ":", "=", " ", "  ",
                    "\t", "\n", "\"", "504", "429", "200", "5040", "99", "(", ")", "Too",
                    "Many", "Requests", "Bad", " Gateway", "x", "_", "é", "\u{a0}", "Abc",
                    "{", "}", ",",
                ]),
                0..14,
            ),
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(by_hand(&text), by_regex(&text), "{:?}", text);
        }
    }
}

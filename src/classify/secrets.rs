//! The redaction rules (`redact.rs`) written out by hand for ASCII text.
//!
//! A transcript of HTTP traces can hold thousands of tokens, and each one cost a lazy
//! DFA search of about 1,900 instructions (most of it per-search overhead, for some 50
//! bytes). On ASCII text each rule is a keyword, a few separators and a run of secret
//! bytes, read here in a few hundred. The regexes stay the definition: a property test
//! compares every rule's matches with them, and text outside ASCII still uses them.
//!
//! Each function takes the text and a position where the rule's match may start (one
//! of its start keywords), and gives the leftmost-first match anchored there, as
//! (where the secret starts, where the match ends).

/// A rule for ASCII text: the match anchored at a start, as (secret start, match end).
pub type Matcher = fn(&[u8], usize) -> Option<(usize, usize)>;

/// ASCII `\s`, as regex has it (with the vertical tab).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// A word byte of ASCII `\b`: a letter, a digit or `_`.
pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `\b` before a word character at `at`.
fn word_start(text: &[u8], at: usize) -> bool {
    at == 0 || !is_word(text[at - 1])
}

/// Bytes from `at` on that `class` accepts.
fn run(text: &[u8], at: usize, class: impl Fn(u8) -> bool) -> usize {
    text.get(at..)
        .map_or(0, |rest| rest.iter().take_while(|&&b| class(b)).count())
}

/// `word` at `at`, ignoring ASCII case.
fn word_at(text: &[u8], at: usize, word: &[u8]) -> bool {
    text.get(at..at + word.len())
        .is_some_and(|t| t.eq_ignore_ascii_case(word))
}

/// A secret of at least `min` bytes of `class` at `at`: the match.
fn secret(
    text: &[u8],
    at: usize,
    min: usize,
    class: impl Fn(u8) -> bool,
) -> Option<(usize, usize)> {
    let len = run(text, at, class);
    (len >= min).then_some((at, at + len))
}

/// `"?\s*[:=]\s*` at `at`: where it ends. Each part is taken whole: nothing a secret
/// may start with could be left to it.
fn bare_separator(text: &[u8], mut at: usize) -> Option<usize> {
    at += usize::from(text.get(at) == Some(&b'"'));
    at += run(text, at, is_space);
    if !matches!(text.get(at), Some(b':' | b'=')) {
        return None;
    }
    at += 1;
    Some(at + run(text, at, is_space))
}

/// `"?\s*[:=]\s*"?` at `at`: where it ends.
fn separator(text: &[u8], at: usize) -> Option<usize> {
    let at = bare_separator(text, at)?;
    Some(at + usize::from(text.get(at) == Some(&b'"')))
}

/// `eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*`
pub fn jwt(text: &[u8], start: usize) -> Option<(usize, usize)> {
    let part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    if text.get(start..start + 3) != Some(b"eyJ") {
        return None;
    }
    let mut at = start + 3;
    for _ in 0..2 {
        let len = run(text, at, part);
        if len < 6 || text.get(at + len) != Some(&b'.') {
            return None;
        }
        at += len + 1;
    }
    Some((start, at + run(text, at, part)))
}

/// `(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}`
pub fn bearer(text: &[u8], start: usize) -> Option<(usize, usize)> {
    if !word_start(text, start) || !word_at(text, start, b"bearer") {
        return None;
    }
    let spaces = run(text, start + 6, is_space);
    if spaces == 0 {
        return None;
    }
    secret(text, start + 6 + spaces, 8, |b| {
        b.is_ascii_alphanumeric() || b"._~+/=-".contains(&b)
    })
}

/// `(?i)x-ms-apim-tokens"?\s*[:=]\s*"?[A-Za-z0-9+/=._-]{16,}`
pub fn apim_tokens(text: &[u8], start: usize) -> Option<(usize, usize)> {
    if !word_at(text, start, b"x-ms-apim-tokens") {
        return None;
    }
    let at = separator(text, start + 16)?;
    secret(text, at, 16, |b| {
        b.is_ascii_alphanumeric() || b"+/=._-".contains(&b)
    })
}

/// `(?i)[?&]sig=[A-Za-z0-9%+/=_-]{6,}`
pub fn signature(text: &[u8], start: usize) -> Option<(usize, usize)> {
    if !matches!(text.get(start), Some(b'?' | b'&')) || !word_at(text, start + 1, b"sig=") {
        return None;
    }
    secret(text, start + 5, 6, |b| {
        b.is_ascii_alphanumeric() || b"%+/=_-".contains(&b)
    })
}

/// The keywords of the key/value rules, in the regex's order; `[_-]?` is tried with and
/// then without its character, as the regex's greedy `?` does.
const KEYWORDS: [(&[u8], &[u8]); 13] = [
    (b"password", b""),
    (b"pwd", b""),
    (b"passwd", b""),
    (b"secret", b""),
    (b"client", b"secret"),
    (b"accountkey", b""),
    (b"sharedaccesskey", b""),
    (b"sharedaccesssignature", b""),
    (b"api", b"key"),
    (b"access", b"token"),
    (b"refresh", b"token"),
    (b"id", b"token"),
    (b"subscription", b"key"),
];

/// How a key/value rule's value is written.
#[derive(Clone, Copy)]
enum Quoted {
    /// `"…"`, with backslash escapes: `"(?:[^"\\\r\n]|\\[^\r\n])+`
    Double,
    /// `'…'`: `'[^'\r\n]+`
    Single,
    /// Words up to the end of the line or a delimiter: `[^\s;"'&,}]+(?:[ \t]+[^\s;"'&,}]+)*`
    Bare,
}

fn value(text: &[u8], at: usize, quoted: Quoted) -> Option<(usize, usize)> {
    let word = |b: u8| !is_space(b) && !b";\"'&,}".contains(&b);
    match quoted {
        Quoted::Double => {
            if text.get(at) != Some(&b'"') {
                return None;
            }
            let start = at + 1;
            let mut end = start;
            loop {
                match text.get(end) {
                    None | Some(b'"' | b'\r' | b'\n') => break,
                    Some(b'\\') => match text.get(end + 1) {
                        None | Some(b'\r' | b'\n') => break,
                        Some(_) => end += 2,
                    },
                    Some(_) => end += 1,
                }
            }
            (end > start).then_some((start, end))
        }
        Quoted::Single => {
            if text.get(at) != Some(&b'\'') {
                return None;
            }
            secret(text, at + 1, 1, |b| !b"'\r\n".contains(&b))
        }
        Quoted::Bare => {
            let (start, mut end) = secret(text, at, 1, word)?;
            loop {
                let gap = run(text, end, |b| b == b' ' || b == b'\t');
                let more = run(text, end + gap, word);
                if gap == 0 || more == 0 {
                    return Some((start, end));
                }
                end += gap + more;
            }
        }
    }
}

/// `(?i)\b(?:password|…)"?\s*[:=]\s*` and a value written as `quoted` says.
fn key_value(text: &[u8], start: usize, quoted: Quoted) -> Option<(usize, usize)> {
    if !word_start(text, start) {
        return None;
    }
    for (head, tail) in KEYWORDS {
        if !word_at(text, start, head) {
            continue;
        }
        let mut ends = vec![start + head.len()];
        if !tail.is_empty() {
            ends.clear();
            let after = start + head.len();
            if matches!(text.get(after), Some(b'_' | b'-')) && word_at(text, after + 1, tail) {
                ends.push(after + 1 + tail.len());
            }
            if word_at(text, after, tail) {
                ends.push(after + tail.len());
            }
        }
        for end in ends {
            if let Some(found) = bare_separator(text, end).and_then(|at| value(text, at, quoted)) {
                return Some(found);
            }
        }
    }
    None
}

/// A key/value secret in double quotes.
pub fn double_quoted(text: &[u8], start: usize) -> Option<(usize, usize)> {
    key_value(text, start, Quoted::Double)
}

/// A key/value secret in single quotes (`Password='p@ss;word'`).
pub fn single_quoted(text: &[u8], start: usize) -> Option<(usize, usize)> {
    key_value(text, start, Quoted::Single)
}

/// A key/value secret not in quotes, up to a delimiter or the end of the line.
pub fn unquoted(text: &[u8], start: usize) -> Option<(usize, usize)> {
    key_value(text, start, Quoted::Bare)
}

/// `(?i)\bauthorization"?\s*[:=]\s*"?basic\s+[A-Za-z0-9+/=._~-]{4,}`
pub fn basic(text: &[u8], start: usize) -> Option<(usize, usize)> {
    if !word_start(text, start) || !word_at(text, start, b"authorization") {
        return None;
    }
    let at = separator(text, start + 13)?;
    if !word_at(text, at, b"basic") {
        return None;
    }
    let spaces = run(text, at + 5, is_space);
    if spaces == 0 {
        return None;
    }
    secret(text, at + 5 + spaces, 4, |b| {
        b.is_ascii_alphanumeric() || b"+/=._~-".contains(&b)
    })
}

/// `(?i)\bcookie"?\s*[:=]\s*"?[^\s"][^"\r\n]*`
pub fn cookie(text: &[u8], start: usize) -> Option<(usize, usize)> {
    if !word_start(text, start) || !word_at(text, start, b"cookie") {
        return None;
    }
    let at = separator(text, start + 6)?;
    match text.get(at) {
        Some(&b) if !is_space(b) && b != b'"' => {
            Some((at, at + 1 + run(text, at + 1, |b| !b"\"\r\n".contains(&b))))
        }
        _ => None,
    }
}

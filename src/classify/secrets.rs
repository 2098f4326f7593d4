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

/// `"?\s*[:=]\s*"?` at `at`: where it ends. Each part is taken whole: nothing a secret
/// may start with could be left to it.
fn separator(text: &[u8], mut at: usize) -> Option<usize> {
    at += usize::from(text.get(at) == Some(&b'"'));
    at += run(text, at, is_space);
    if !matches!(text.get(at), Some(b':' | b'=')) {
        return None;
    }
    at += 1;
    at += run(text, at, is_space);
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

/// The keywords of `password`, in the regex's order; `[_-]?` is tried with and then
/// without its character, as the regex's greedy `?` does.
const KEYWORDS: [(&[u8], &[u8]); 11] = [
    (b"password", b""),
    (b"pwd", b""),
    (b"passwd", b""),
    (b"secret", b""),
    (b"client_secret", b""),
    (b"clientsecret", b""),
    (b"accountkey", b""),
    (b"sharedaccesskey", b""),
    (b"api", b"key"),
    (b"access", b"token"),
    (b"refresh", b"token"),
];

/// `(?i)\b(?:password|pwd|…|refresh[_-]?token)"?\s*[:=]\s*"?[^\s;"'&,}]{3,}`
pub fn password(text: &[u8], start: usize) -> Option<(usize, usize)> {
    if !word_start(text, start) {
        return None;
    }
    let class = |b: u8| !is_space(b) && !b";\"'&,}".contains(&b);
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
            if let Some(found) = separator(text, end).and_then(|at| secret(text, at, 3, class)) {
                return Some(found);
            }
        }
    }
    None
}

//! One layer of the escapes a secret hides behind in a paste, taken off so that the
//! redaction rules see the text the way the classifier (and a person) reads it.
//!
//! A Power Automate error body is JSON inside a JSON string (`\"password\":\"…\"`), a
//! URL inside JSON has `\u0026sig=`, one copied from Outlook or Teams has `&amp;sig=`,
//! and a trigger URL inside another URL is percent-encoded (`%26sig%3D`). `decode`
//! undoes each of these once, everywhere at the same time, and keeps a map from the
//! decoded text back to the text it came from, so a secret found in the decoded text is
//! masked where it sits in the paste. Text nested deeper is decoded again, layer by
//! layer.

use std::ops::Range;

/// A stretch of decoded text that came from an escape: `decoded` bytes at `at` in the
/// decoded text, from `from` in the text it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Escape {
    at: usize,
    len: usize,
    from: Range<usize>,
}

/// A decoded text and where each of its bytes came from.
#[derive(Debug)]
pub struct Layer {
    pub text: String,
    /// In order; text between escapes is copied one to one.
    escapes: Vec<Escape>,
}

impl Layer {
    /// The bytes of the source text that `range` (of the decoded text, not empty) came
    /// from: every escape it touches, whole.
    pub fn source(&self, range: Range<usize>) -> Range<usize> {
        debug_assert!(!range.is_empty());
        self.start_of(range.start)..self.end_of(range.end - 1)
    }

    /// The escape holding decoded byte `at`, or the last one before it.
    fn escape_at(&self, at: usize) -> Option<&Escape> {
        let after = self.escapes.partition_point(|e| e.at <= at);
        after.checked_sub(1).map(|i| &self.escapes[i])
    }

    fn start_of(&self, at: usize) -> usize {
        match self.escape_at(at) {
            None => at,
            Some(e) if at < e.at + e.len => e.from.start,
            Some(e) => e.from.end + (at - e.at - e.len),
        }
    }

    /// Where the source of decoded byte `at` ends.
    fn end_of(&self, at: usize) -> usize {
        match self.escape_at(at) {
            None => at + 1,
            Some(e) if at < e.at + e.len => e.from.end,
            Some(e) => e.from.end + (at - e.at - e.len) + 1,
        }
    }
}

/// Whether `text` holds anything `decode` might take off.
pub fn may_decode(text: &str) -> bool {
    memchr::memchr3(b'\\', b'&', b'%', text.as_bytes()).is_some()
}

fn hex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `\uXXXX` at `at`: the code unit.
fn unit(bytes: &[u8], at: usize) -> Option<u32> {
    if bytes.get(at) != Some(&b'\\') || bytes.get(at + 1) != Some(&b'u') {
        return None;
    }
    let digits = bytes.get(at + 2..at + 6)?;
    digits.iter().try_fold(0, |n, &b| Some(n * 16 + hex(b)?))
}

/// A backslash escape at `at` (JSON's, and `\'`): the character and its length.
fn backslash(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let c = match *bytes.get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'\'' => '\'',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'u' => {
            let first = unit(bytes, at)?;
            if (0xD800..0xDC00).contains(&first)
                && let Some(second) = unit(bytes, at + 6).filter(|s| (0xDC00..0xE000).contains(s))
            {
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Some((char::from_u32(c).unwrap_or('\u{FFFD}'), 12));
            }
            return Some((char::from_u32(first).unwrap_or('\u{FFFD}'), 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// An HTML character reference at `at`: the character and its length.
fn entity(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let rest = &bytes[at + 1..bytes.len().min(at + 12)];
    let end = rest.iter().position(|&b| b == b';')?;
    let name = &rest[..end];
    let c = match name.to_ascii_lowercase().as_slice() {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        b"sol" => '/',
        b"equals" => '=',
        b"quest" => '?',
        b"colon" => ':',
        b"semi" => ';',
        b"nbsp" => ' ',
        [b'#', b'x' | b'X', digits @ ..] if !digits.is_empty() => {
            let n = digits
                .iter()
                .try_fold(0u32, |n, &b| Some(n * 16 + hex(b)?))?;
            char::from_u32(n).unwrap_or('\u{FFFD}')
        }
        [b'#', digits @ ..] if !digits.is_empty() => {
            let n = digits
                .iter()
                .try_fold(0u32, |n, &b| Some(n * 10 + (b as char).to_digit(10)?))?;
            char::from_u32(n).unwrap_or('\u{FFFD}')
        }
        _ => return None,
    };
    Some((c, end + 2))
}

/// `%XX` at `at` for an ASCII character (a byte above that is part of a character
/// the text cannot hold on its own).
fn percent(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let n = hex(*bytes.get(at + 1)?)? * 16 + hex(*bytes.get(at + 2)?)?;
    (n < 0x80).then_some((n as u8 as char, 3))
}

/// `text` with one layer of escapes taken off, or `None` when it holds none.
pub fn decode(text: &str) -> Option<Layer> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut escapes = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr3(b'\\', b'&', b'%', &bytes[at..]) {
        at += found;
        let escape = match bytes[at] {
            b'\\' => backslash(bytes, at),
            b'&' => entity(bytes, at),
            _ => percent(bytes, at),
        };
        let Some((c, len)) = escape else {
            at += 1;
            continue;
        };
        if out.is_empty() {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..at]);
        escapes.push(Escape {
            at: out.len(),
            len: c.len_utf8(),
            from: at..at + len,
        });
        out.push(c);
        at += len;
        copied = at;
    }
    if escapes.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Layer { text: out, escapes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> String {
        decode(text).map_or_else(|| text.to_string(), |l| l.text)
    }

    #[test]
    fn each_encoding_comes_off_once() {
        assert_eq!(decoded(r#"{\"a\":\"b\\\"c\"}"#), r#"{"a":"b\"c"}"#);
        assert_eq!(decoded(r"x\u0026sig=1"), "x&sig=1");
        assert_eq!(
            decoded("x&amp;sig=1 &#38;a &#x26;b &AMP;c"),
            "x&sig=1 &a &b &c"
        );
        assert_eq!(decoded("x%26sig%3D1 %E2%82"), "x&sig=1 %E2%82");
        assert_eq!(
            decoded(r"\ud83d\ude00 \ud800 \u12"),
            "\u{1F600} \u{FFFD} \\u12"
        );
        assert_eq!(decoded("100% & done; a\\q"), "100% & done; a\\q");
        assert!(decode("plain text").is_none());
    }

    #[test]
    fn decoded_ranges_map_back_to_their_source() {
        let text = r#"{\"password\":\"hunter2\"} &amp;sig=AbC%2Fd"#;
        let layer = decode(text).expect("escapes");
        let find = |needle: &str| {
            let at = layer.text.find(needle).expect("present");
            &text[layer.source(at..at + needle.len())]
        };
        assert_eq!(find("hunter2"), "hunter2");
        assert_eq!(find("\"hunter2\""), r#"\"hunter2\""#);
        assert_eq!(find("&sig"), "&amp;sig");
        assert_eq!(find("AbC/d"), "AbC%2Fd");
        assert_eq!(find("{"), "{");
    }
}

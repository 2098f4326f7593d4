//! The text people paste, made plain before matching: what an email reply, a PDF
//! export, a terminal, a chat client or a JSON log did to an error message is undone,
//! so that a pattern written for the message as Microsoft wrote it still matches.
//!
//! Two linear passes:
//!
//! 1. **Characters**: byte-order marks and zero-width spaces go; CR and CRLF become LF;
//!    HTML entities (`&quot;`, `&#39;`, `&amp;gt;`) are decoded, and JSON escapes
//!    (`\"`, `\\\"`, `\u0027`, `\n`) at any depth of nesting (a run of backslashes counts
//!    as one); curly quotes become straight ones, odd spaces plain ones and full-width
//!    characters (`４０３`, `（`) ASCII; rich-text tags pasted as source (`<br>`, a
//!    `<div>`'s end) are line breaks and formatting tags (`<span>`, `<b>`) go; markdown
//!    emphasis (`*`, `**`, `~~`, a `__` at a word's edge) and backticks go, and a code
//!    fence (three or more backticks and its language) ends a paragraph.
//! 2. **Lines**: email quote prefixes (`> `, `>>`), indentation and a log's time stamp
//!    on every line (`2026-11-30T10:01:02.123Z `) are stripped, runs of
//!    spaces become one, and the lines of a paragraph (up to a blank line) are joined:
//!    with a space, or with nothing where the break falls inside a token
//!    (`['$connections']` ⏎ `['shared_office365']`, or a word cut by a terminal that
//!    wraps at a fixed width).
//!
//! Each pass records where its output came from, so a match in the plain text points
//! back at the original (`Normalised::original`).
//!
//! This file is also compiled into the build script, which trains the fallback model on
//! the plain form of the content's examples: it uses only std, memchr and unicode-width
//! (build dependencies too).

use std::ops::Range;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A plain form of a pasted text, and the way back to the original.
#[derive(Debug, Clone)]
pub struct Normalised {
    pub text: String,
    /// Pass 2's output -> pass 1's output, then pass 1's output -> the original.
    maps: [OffsetMap; 2],
    /// Offsets in the original of lines that a terminal's width cut inside a token
    /// (joined with nothing here because they are as wide as their paragraph's widest
    /// line): each such line and the one after it, sorted.
    cut_lines: Vec<usize>,
}

impl Normalised {
    /// Whether the original's line `line` (a range of it) was cut inside a token at a
    /// terminal's width, or continues one so cut: read as it is, it shows word edges the
    /// text does not have (`...OData.Action` ⏎ `Controller...` reads as the word
    /// "Action").
    pub fn cut_inside_a_token(&self, line: Range<usize>) -> bool {
        let i = self.cut_lines.partition_point(|&at| at < line.start);
        self.cut_lines.get(i).is_some_and(|&at| at <= line.end)
    }

    /// The range of the original text that `range` of the plain text came from.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.maps[1].back(self.maps[0].back(range.start));
        let end = self.maps[1].back(self.maps[0].back_end(range.end));
        start..end.max(start)
    }
}

/// Points where the offset between an output and its input changes: `(out, in)`,
/// increasing in both. Between two points, text was copied as is.
#[derive(Debug, Clone, Default)]
struct OffsetMap {
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    fn mark(&mut self, out: usize, input: usize) {
        match self.points.last_mut() {
            Some(last) if last.0 == out => last.1 = input,
            Some(last) if out - last.0 == input.saturating_sub(last.1) => {}
            _ => self.points.push((out, input)),
        }
    }

    /// The input offset output offset `at` came from.
    fn back(&self, at: usize) -> usize {
        let i = self.points.partition_point(|p| p.0 <= at);
        match i.checked_sub(1) {
            Some(i) => self.points[i].1 + (at - self.points[i].0),
            None => at,
        }
    }

    /// The input offset an output range ending at `at` ends at (the end of whatever
    /// made the last byte before `at`).
    fn back_end(&self, at: usize) -> usize {
        if at == 0 {
            return 0;
        }
        let i = self.points.partition_point(|p| p.0 < at);
        // The byte at `at - 1` lies in the run starting at the last point at or before it.
        match i.checked_sub(1) {
            Some(p) => {
                let (o, inp) = self.points[p];
                let next_in = self.points.get(p + 1).map(|n| n.1);
                let linear = inp + (at - o);
                next_in.map_or(linear, |n| linear.min(n).max(inp + 1))
            }
            None => at,
        }
    }
}

/// Whether `text` holds anything the passes change; most do (a line break is enough),
/// but a one-line plain message does not need a copy.
pub fn needed(text: &str) -> bool {
    text.bytes().any(|b| {
        matches!(
            b,
            b'\n'
                | b'\r'
                | b'\\'
                | b'&'
                | b'*'
                | b'`'
                | b'_'
                | b'~'
                | b'>'
                | b'<'
                | b'\t'
                | b' '
                | b'|'
        ) || b >= 0x80
    })
}

/// The plain form of `text`.
pub fn normalise(text: &str) -> Normalised {
    plain_form(text).0
}

/// The plain form of `text`, and pass 1's output, which a second pass 2 can join
/// otherwise (`readings`).
fn plain_form(text: &str) -> (Normalised, String) {
    let mut first = OffsetMap::default();
    let chars = characters(text, &mut first);
    let mut second = OffsetMap::default();
    let joined = join_lines(&chars, &mut second, false, (text, &first));
    let cut_lines = joined.cut_lines.iter().map(|&at| first.back(at)).collect();
    let plain = Normalised {
        text: joined.text,
        maps: [second, first],
        cut_lines,
    };
    (plain, chars)
}

/// The plain form of `text`, and the same read the other way where a line break is
/// ambiguous, when there is such a break: every break at a paragraph's widest column
/// (40 or more) inside a token joined with nothing, as a terminal that cuts words
/// at its width (the classic console, copied row by row) has it: `... la app devuelve:
/// tr` ⏎ `igger is not enabled`. An email wrapped at spaces breaks there too, between
/// two words, so the plain form joins such a break with a space unless six or more
/// lines share the width or the halves make a code; a line that kept the space it was
/// wrapped at was not cut.
pub fn readings(text: &str) -> (Normalised, Option<Normalised>) {
    let (plain, chars) = plain_form(text);
    let mut cut_map = OffsetMap::default();
    let other = join_lines(&chars, &mut cut_map, true, (text, &plain.maps[1]));
    let cut = other.differs.then(|| Normalised {
        text: other.text,
        maps: [cut_map, plain.maps[1].clone()],
        cut_lines: plain.cut_lines.clone(),
    });
    (plain, cut)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn hex_value(bytes: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(bytes).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// An HTML entity at the start of `rest` (just after `&`): what it stands for and how
/// many bytes it takes (with the `;`). `&amp;` followed by another entity's name is
/// read as that entity (double escaping).
fn entity(rest: &[u8]) -> Option<(char, usize)> {
    let mut skip = 0;
    while rest[skip..].starts_with(b"amp;")
        && rest[skip + 4..]
            .first()
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'#')
        && entity_once(&rest[skip + 4..]).is_some()
    {
        skip += 4;
    }
    let (c, len) = entity_once(&rest[skip..])?;
    Some((c, skip + len))
}

fn entity_once(rest: &[u8]) -> Option<(char, usize)> {
    let end = rest.iter().take(10).position(|&b| b == b';')?;
    let name = &rest[..end];
    let c = match name {
        b"quot" => '"',
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"apos" => '\'',
        b"nbsp" => ' ',
        b"lsquo" | b"rsquo" => '\'',
        b"ldquo" | b"rdquo" => '"',
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(hex_value(hex)?)?,
        [b'#', dec @ ..] => char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?,
        _ => return None,
    };
    Some((c, end + 1))
}

/// A JSON-style escape after a run of backslashes (at the start of `rest`): what it
/// stands for and how many bytes after the backslashes it takes.
fn escape(rest: &[u8]) -> Option<(char, usize)> {
    match rest.first()? {
        b'"' => Some(('"', 1)),
        b'\'' => Some(('\'', 1)),
        b'/' => Some(('/', 1)),
        b'n' | b'r' => Some(('\n', 1)),
        b't' => Some((' ', 1)),
        b'u' => {
            let code = hex_value(rest.get(1..5)?)?;
            if (0xD800..0xDC00).contains(&code) {
                // A surrogate pair: `\ud83d\ude00` (the second with its own backslashes).
                let after = &rest[5..];
                let slashes = after.iter().take_while(|&&b| b == b'\\').count();
                if slashes > 0 && after.get(slashes) == Some(&b'u') {
                    let low = hex_value(after.get(slashes + 1..slashes + 5)?)?;
                    if (0xDC00..0xE000).contains(&low) {
                        let c = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        return Some((char::from_u32(c)?, 5 + slashes + 5));
                    }
                }
                return None;
            }
            Some((char::from_u32(code)?, 5))
        }
        _ => None,
    }
}

/// What a character is replaced by in pass 1: `Some("")` drops it.
fn replace_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{AD}' => "",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => "\"",
        '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\u{2028}' | '\u{2029}' | '\u{85}' => "\n",
        _ => return None,
    })
}

/// The printable ASCII characters, in order: the half-width forms of U+FF01 to U+FF5E.
const PRINTABLE_ASCII: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The ASCII character a full-width one stands for (`４０３` typed with a Japanese or
/// Chinese input method is `403`; `（` is `(`), as Unicode's compatibility mapping has it.
fn halfwidth(c: char) -> Option<&'static str> {
    let k = (c as u32).checked_sub(0xFF01)? as usize;
    PRINTABLE_ASCII.get(k..=k)
}

/// How a rich-text tag pasted as its source (an email's or a chat's HTML) is read.
enum Tag {
    /// `<br>`: a line break.
    Break,
    /// `<p>`, `<div>`, `<li>`, `<tr>`: their end is a line break.
    Block,
    /// `<span>`, `<b>`, `<strong>`...: formatting, nothing.
    Inline,
}

/// A rich-text tag at the start of `rest` (at its `<`): what it is replaced by and how
/// many bytes it takes. A line break (or a block's end) takes the source's own line
/// break after it too, which the tag was written beside: `line<br>` then a new line is
/// one break, not a blank line that would end a paragraph. Other tags (an XML error
/// body's `<Code>`, a placeholder such as `<flow name>`) stay.
fn html_tag(rest: &[u8]) -> Option<(&'static str, usize)> {
    let close = rest.get(1) == Some(&b'/');
    let name_start = 1 + usize::from(close);
    let name_len = rest[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
    let tag = match name.as_slice() {
        b"br" => Tag::Break,
        b"p" | b"div" | b"li" | b"tr" => Tag::Block,
        b"span" | b"b" | b"strong" | b"i" | b"em" | b"u" | b"font" | b"ul" | b"ol" => Tag::Inline,
        _ => return None,
    };
    // Attributes (`<div style="...">`) up to the `>`, on the same line.
    let after_name = name_start + name_len;
    let to_gt = rest[after_name..]
        .iter()
        .take(300)
        .position(|&b| matches!(b, b'>' | b'<' | b'\n'))?;
    // Attributes are `name="value"` pairs: `a<b and b>c` is a comparison, not a tag.
    let attributes = rest[after_name..after_name + to_gt].trim_ascii();
    let attributes = attributes
        .strip_suffix(b"/")
        .unwrap_or(attributes)
        .trim_ascii();
    if rest[after_name + to_gt] != b'>'
        || (to_gt > 0 && !matches!(rest[after_name], b' ' | b'\t' | b'/'))
        || (!attributes.is_empty() && (close || !attributes.contains(&b'=')))
    {
        return None;
    }
    let mut end = after_name + to_gt + 1;
    let breaks = match tag {
        Tag::Break => true,
        Tag::Block => close,
        Tag::Inline => false,
    };
    if !breaks {
        return Some(("", end));
    }
    let spaces = rest[end..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    if rest[end + spaces..].starts_with(b"\r\n") {
        end += spaces + 2;
    } else if rest[end + spaces..].starts_with(b"\n") {
        end += spaces + 1;
    }
    Some(("\n", end))
}

/// Pass 1: characters (see the module's documentation).
fn characters(text: &str, map: &mut OffsetMap) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    // Push `s` for input `i..next`, after copying what came before as is.
    macro_rules! put {
        ($s:expr, $next:expr) => {{
            out.push_str(&text[copied..i]);
            map.mark(out.len(), i);
            let s: &str = $s;
            out.push_str(s);
            i = $next;
            copied = i;
            map.mark(out.len(), i);
            continue;
        }};
    }
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                put!("\n", next)
            }
            b'\\' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'\\').count();
                if let Some((c, len)) = escape(&bytes[i + run..]) {
                    let mut buf = [0; 4];
                    put!(c.encode_utf8(&mut buf), i + run + len)
                }
                if run > 1 {
                    put!("\\", i + run)
                }
                i += 1;
            }
            b'&' => {
                if let Some((c, len)) = entity(&bytes[i + 1..]) {
                    let mut buf = [0; 4];
                    let s: &str = if c == '\u{A0}' {
                        " "
                    } else {
                        c.encode_utf8(&mut buf)
                    };
                    put!(s, i + 1 + len)
                }
                i += 1;
            }
            b'*' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'*').count();
                put!("", i + run)
            }
            b'~' if bytes.get(i + 1) == Some(&b'~') => put!("", i + 2),
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                if run >= 3 {
                    // A fence and its language end a paragraph.
                    let lang = bytes[i + run..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                        .count();
                    put!("\n\n", i + run + lang)
                }
                put!("", i + run)
            }
            b'_' if bytes.get(i + 1) != Some(&b'_') => {
                // A single `_` is emphasis only at a word's edge with a space (or the
                // line's edge) on its other side: `_InvalidTemplate._` but not
                // `shared_sql` or `/_api`.
                let (opens, closes) = (emphasis_opens(bytes, i), emphasis_closes(bytes, i));
                // Emphasis comes in pairs on one line: a lone `_` at a line's edge is a
                // name cut there (`shared` ⏎ `_office365`, `<env_` ⏎ `guid>`).
                let paired = (opens && emphasis_ahead(bytes, i + 1, emphasis_closes))
                    || (closes && emphasis_behind(bytes, i, emphasis_opens));
                if paired {
                    put!("", i + 1)
                }
                i += 1;
            }
            b'_' if bytes.get(i + 1) == Some(&b'_') => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'_').count();
                let before = text[..i].chars().next_back().is_some_and(is_word);
                let after = text[i + run..].chars().next().is_some_and(is_word);
                if before != after {
                    put!("", i + run)
                }
                i += run;
            }
            b'|' if ocr_letter_l(bytes, i) => put!("l", i + 1),
            b'<' => {
                if let Some((s, len)) = html_tag(&bytes[i..]) {
                    put!(s, i + len)
                }
                i += 1;
            }
            0x80.. => {
                let c = text[i..].chars().next().expect("a char starts here");
                if let Some(s) = replace_char(c).or_else(|| halfwidth(c)) {
                    put!(s, i + c.len_utf8())
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether the `|` at `i` is an `l` read wrong by text recognition (a screenshot copied
/// with OCR: `Fai|ed`, `|anguage`, `Nu||`): inside a word, after a letter and before a
/// letter or another such `|`, or starting a word before two lower-case letters. A `|`
/// beside a space, a digit or punctuation (a table, a shell pipe, `a || b`) stays.
fn ocr_letter_l(bytes: &[u8], i: usize) -> bool {
    let at = |k: Option<usize>| k.and_then(|k| bytes.get(k)).copied();
    let letter = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphabetic());
    let lower = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase());
    let (before, after) = (at(i.checked_sub(1)), at(Some(i + 1)));
    // After a letter (or after a `|` that is itself after a letter: `Nu||`).
    let after_letter = letter(before) || (before == Some(b'|') && letter(at(i.checked_sub(2))));
    if after_letter {
        return letter(after) || after == Some(b'|') || before == Some(b'|');
    }
    let starts_word = before.is_none_or(|b| !b.is_ascii_alphanumeric() && b != b'|');
    starts_word && lower(after) && lower(at(Some(i + 2)))
}

/// Where a line's text starts after quote prefixes, indentation and a log's time stamp.
fn content_start(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        while at < bytes.len() && (bytes[at] == b' ' || bytes[at] == b'\t') {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == b'>' {
            // `>` starts a quote prefix unless it is part of the text (`=>`, `->` come
            // after other characters, so only a leading one is taken).
            at += 1;
            continue;
        }
        if let Some(len) = log_stamp(&bytes[at..]) {
            at += len;
            continue;
        }
        return at;
    }
}

/// The length of a log's time stamp at the start of `line`, with the space after it
/// and a pipeline's `##[error]` mark or a log level (`INFO`):
/// `2026-11-30T10:01:02.1234567Z `, `[2026-11-30 10:01:02,123] `. A pipeline (GitHub Actions, Azure DevOps) or a PowerShell
/// transcript stamps every line of a message it prints, which splits the message's
/// words as a quote prefix would.
fn log_stamp(line: &[u8]) -> Option<usize> {
    let digits = |at: usize, n: usize| {
        line.get(at..at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let at_byte = |at: usize, b: &[u8]| line.get(at).is_some_and(|c| b.contains(c));
    let mut at = usize::from(line.first() == Some(&b'['));
    let date = digits(at, 4)
        && at_byte(at + 4, b"-")
        && digits(at + 5, 2)
        && at_byte(at + 7, b"-")
        && digits(at + 8, 2)
        && at_byte(at + 10, b"T ")
        && digits(at + 11, 2)
        && at_byte(at + 13, b":")
        && digits(at + 14, 2);
    if !date {
        return None;
    }
    at += 16;
    if at_byte(at, b":") && digits(at + 1, 2) {
        at += 3;
    }
    if at_byte(at, b".,") && digits(at + 1, 1) {
        at += 1;
        while digits(at, 1) {
            at += 1;
        }
    }
    if at_byte(at, b"Z") {
        at += 1;
    } else if at_byte(at, b"+-") && digits(at + 1, 2) {
        at += 3;
        at += usize::from(at_byte(at, b":"));
        if digits(at, 2) {
            at += 2;
        }
    }
    at += usize::from(line.first() == Some(&b'[') && at_byte(at, b"]"));
    // The stamp ends the line or is followed by a space.
    if at < line.len() && !at_byte(at, b" \t") {
        return None;
    }
    while at_byte(at, b" \t") {
        at += 1;
    }
    if line[at..].starts_with(b"##[") {
        let close = line[at..].iter().take(20).position(|&b| b == b']')?;
        at += close + 1;
    } else {
        at += log_level(&line[at..]);
    }
    Some(at)
}

/// Log levels as loggers print them after a time stamp.
const LOG_LEVELS: [&str; 18] = [
    "info",
    "inf",
    "information",
    "warn",
    "warning",
    "wrn",
    "error",
    "err",
    "debug",
    "dbg",
    "trace",
    "trc",
    "verbose",
    "vrb",
    "fatal",
    "ftl",
    "critical",
    "notice",
];

/// The length of a log level after a time stamp (`INFO `, `[Error] `, `WARN: `), with
/// the spaces after it; 0 when there is none, or when it is a word of the text
/// (`error message`, as a wrapped line may start).
fn log_level(rest: &[u8]) -> usize {
    let bracket = usize::from(rest.first() == Some(&b'['));
    let word = rest[bracket..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let name = &rest[bracket..bracket + word];
    // In capitals or brackets only: a wrapped line may start with the word "error".
    let marked = bracket == 1 || name.iter().all(u8::is_ascii_uppercase);
    if !marked
        || !LOG_LEVELS
            .iter()
            .any(|l| name.eq_ignore_ascii_case(l.as_bytes()))
    {
        return 0;
    }
    let mut at = bracket + word;
    if bracket == 1 {
        if rest.get(at) != Some(&b']') {
            return 0;
        }
        at += 1;
    }
    at += usize::from(rest.get(at) == Some(&b':'));
    if at < rest.len() && !matches!(rest[at], b' ' | b'\t') {
        return 0;
    }
    while at < rest.len() && matches!(rest[at], b' ' | b'\t') {
        at += 1;
    }
    at
}

/// Characters that end a token on the left of a break (`[`, `(`, `/`, ...) or start one
/// on the right (`]`, `[`, `.`, ...): a break next to one is joined with nothing.
fn glues_left(c: char) -> bool {
    matches!(
        c,
        '[' | '(' | '{' | '/' | '\\' | '$' | '@' | '-' | '_' | '.' | '='
    )
}

fn glues_right(c: char) -> bool {
    matches!(
        c,
        ']' | ')' | '}' | '[' | '.' | ',' | ';' | ':' | '?' | '!' | '/' | '\\' | '_' | '='
    )
}

/// Han ideographs, kana, and the punctuation and full-width forms written with them.
fn written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'   // CJK punctuation (、。「」), hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF01}'..='\u{FF60}' // full-width punctuation, digits and letters
    ) && c != '\u{3000}' // the ideographic space is a space
}

/// Whether `line` starts with a capitalised word (`The`, `Not`, `I`): what follows a
/// full stop that ends a sentence.
fn starts_a_sentence(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_none_or(|c| c.is_lowercase() || c == ' ')
}

/// How long the two halves of a code cut at the widest column must be together to be
/// joined with nothing in a paragraph that is not all one width.
const LONG_TOKEN: usize = 12;

/// Whether the last token of `prev` and the first of `next` together look like one
/// code, id or web address: long enough, and with a capital inside a half, a digit or
/// an underscore, which two prose words are not; or `prev` ends inside an address.
fn looks_like_a_cut_code(prev: &str, next: &str) -> bool {
    // A web address has no spaces: one that reaches the widest column was cut there,
    // and so was a line that is one token (the middle of an address or a blob).
    let last_word = prev.rsplit([' ', '\t']).next().unwrap_or("");
    if last_word.contains("://") || last_word.len() == prev.len() {
        return true;
    }
    let (tail, head) = (token_tail(prev), token_head(next));
    if tail.chars().count() + head.chars().count() < LONG_TOKEN {
        return false;
    }
    // A cut right at a hump (`...HttpPost` ⏎ `Postman`) is where an email wraps two words
    // as often as where a console cuts a code: read as two words here; the reading that
    // joins every cut at the width (`readings`) still has the code whole.
    let at_a_hump = tail.chars().next_back().is_some_and(char::is_lowercase)
        && head.chars().next().is_some_and(char::is_uppercase);
    if at_a_hump {
        return false;
    }
    // A capital inside either half: at the cut itself it is two words (`under` ⏎
    // `Environment`).
    [tail, head].iter().any(|half| {
        let mut chars = half.chars().peekable();
        let mut hump = false;
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() || c == '_' {
                return true;
            }
            if c.is_lowercase() && chars.peek().is_some_and(|n| n.is_uppercase()) {
                hump = true;
            }
        }
        hump
    })
}

/// The last run of characters without a space, quote or bracket of `line`.
fn token_tail(line: &str) -> &str {
    let start = line.rfind(|c: char| !is_token_char(c)).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    &line[start..]
}

/// The first run of characters without a space, quote or bracket of `line`.
fn token_head(line: &str) -> &str {
    let end = line.find(|c: char| !is_token_char(c)).unwrap_or(line.len());
    &line[..end]
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How far (in bytes) a single `_`'s pair is looked for: emphasis spans a few words,
/// and the bound keeps pass 1 linear on a long line of underscores.
const EMPHASIS_SPAN: usize = 200;

/// Whether the byte after `_` at `i` could start an emphasised word, with a space or the
/// line's start before it.
fn emphasis_opens(bytes: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| bytes[j]);
    let after = bytes.get(i + 1).copied();
    before.is_none_or(|b| b.is_ascii_whitespace())
        && after.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80)
}

/// Whether `_` at `i` could end an emphasised word: a word (or a full stop) before it,
/// a space, the line's end or punctuation after it.
fn emphasis_closes(bytes: &[u8], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| bytes[j]);
    let after = bytes.get(i + 1).copied();
    before.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80 || b == b'.')
        && after.is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'.' | b',' | b';' | b':'))
}

/// Whether a single `_` that `is_pair` accepts lies on the same line after `from`.
fn emphasis_ahead(bytes: &[u8], from: usize, is_pair: fn(&[u8], usize) -> bool) -> bool {
    let end = bytes.len().min(from + EMPHASIS_SPAN);
    (from..end)
        .take_while(|&j| bytes[j] != b'\n')
        .any(|j| bytes[j] == b'_' && is_single(bytes, j) && is_pair(bytes, j))
}

/// Whether a single `_` that `is_pair` accepts lies on the same line before `to`.
fn emphasis_behind(bytes: &[u8], to: usize, is_pair: fn(&[u8], usize) -> bool) -> bool {
    let start = to.saturating_sub(EMPHASIS_SPAN);
    (start..to)
        .rev()
        .take_while(|&j| bytes[j] != b'\n')
        .any(|j| bytes[j] == b'_' && is_single(bytes, j) && is_pair(bytes, j))
}

fn is_single(bytes: &[u8], j: usize) -> bool {
    bytes.get(j + 1) != Some(&b'_') && (j == 0 || bytes[j - 1] != b'_')
}

/// Pass 2: lines (see the module's documentation). With `glue_cuts`, every break at the
/// widest column inside a token (letters, digits, quotes, `_-.$:=/`) is joined with
/// nothing (`readings`); also returns whether that joined any break the plain form does
/// not.
fn join_lines(
    text: &str,
    map: &mut OffsetMap,
    glue_cuts: bool,
    (original, shown_in): (&str, &OffsetMap),
) -> Joined {
    let mut out = String::with_capacity(text.len());
    let mut differs = false;
    let mut cut_lines = Vec::new();
    // Lines with their content's range in `text`.
    let mut paragraph: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    let mut flush = |paragraph: &mut Vec<Range<usize>>, out: &mut String, map: &mut OffsetMap| {
        if paragraph.is_empty() {
            return;
        }
        // A terminal wraps at a fixed width, inside a word too: two or more lines of the
        // same, widest, length say so. A row's indentation (and a quote prefix or time
        // stamp, the same on every line) is part of its width: a console cuts an indented
        // JSON line at the same column as the unindented rows that continue it.
        // Widths are measured on two texts: as decoded (an email wrapped the message, then
        // it was escaped) and as pasted (a console cut the escaped JSON or HTML it showed,
        // `\"` and `&quot;` taking their room on the row); a line at the widest column
        // by any measure may have been cut there.
        let line_starts: Vec<usize> = paragraph
            .iter()
            .map(|r| text[..r.start].rfind('\n').map_or(0, |i| i + 1))
            .collect();
        let lines = || paragraph.iter().zip(&line_starts);
        let decoded_rows: Vec<&str> = lines().map(|(r, &start)| &text[start..r.end]).collect();
        let shown_rows: Vec<&str> = lines()
            .map(|(r, &start)| {
                let (start, end) = (shown_in.back(start), shown_in.back_end(r.end));
                // Markup pass 1 deleted at the row's start (a bullet's `*`, `**`, a backtick)
                // took its room on the row as shown.
                let start = original
                    .get(..start)
                    .map_or(start, |before| before.trim_end_matches(MARKERS).len());
                original.get(start..end).unwrap_or("")
            })
            .collect();
        // Each in characters (a mail client wrapping Chinese or Japanese counts them) and,
        // where a row holds more than ASCII, in columns (a console gives such a character
        // two).
        let readings =
            [&decoded_rows, &shown_rows].map(|rows| (rows, rows.iter().all(|r| r.is_ascii())));
        // Whether each row's successor starts with a character two columns wide (only
        // where some row holds more than ASCII).
        let wide_next: Vec<bool> = if readings.iter().all(|&(_, ascii)| ascii) {
            Vec::new()
        } else {
            (0..paragraph.len())
                .map(|n| {
                    paragraph.get(n + 1).is_some_and(|r| {
                        text[r.clone()]
                            .chars()
                            .next()
                            .is_some_and(|c| c.width() == Some(2))
                    })
                })
                .collect()
        };
        let mut measures = Vec::with_capacity(4);
        for (rows, ascii) in readings {
            measures.push(Widths::of(rows.iter().map(|r| r.chars().count()), &[]));
            if !ascii {
                measures.push(Widths::of(rows.iter().map(|r| r.width()), &wide_next));
            }
        }
        let fixed_width = measures.iter().any(|m| m.fixed_width);
        let prefixes: Vec<usize> = lines().map(|(r, &start)| r.start - start).collect();
        let shared_prefix = prefixes.iter().copied().min().unwrap_or(0);
        let full = measures.iter().map(|m| m.full).max().unwrap_or(0);
        let at_widest = |n: usize| measures.iter().any(|m| m.at_widest(n));
        let at_wide_column = |n: usize| measures.iter().any(|m| m.at_wide_column(n));
        if !out.is_empty() {
            out.push('\n');
        }
        for (n, range) in paragraph.iter().enumerate() {
            let line = &text[range.clone()];
            if n > 0 {
                let prev = &text[paragraph[n - 1].clone()];
                let left = prev.chars().next_back().unwrap_or(' ');
                let right = line.chars().next().unwrap_or(' ');
                // A line that is one token as wide as the widest was cut: the token is
                // longer than the wrap width.
                let one_token = !prev.contains([' ', '\t']);
                // A row that starts with a space the paragraph's other lines do not have
                // (past the quote prefix or indentation they share) was cut at that space:
                // `... the` ⏎ ` flow, so ...` is two words.
                let cut_at_a_space =
                    prefixes[n] > shared_prefix && text[..range.start].ends_with([' ', '\t']);
                let at_widest_in_a_word = at_wide_column(n - 1)
                    && !cut_at_a_space
                    && left.is_alphanumeric()
                    && right.is_alphanumeric();
                // A line that kept the space it was wrapped at was not cut in a word.
                let kept_a_space =
                    text[paragraph[n - 1].end..].starts_with([' ', '\t']) || cut_at_a_space;
                let cut_at_widest = at_widest_in_a_word && (full >= 2 || one_token);
                // A paragraph that mixes short chat lines with a terminal-wrapped error
                // is not all the same width, but a long code or id cut at the widest
                // column (PascalCase, digits, underscores: not a pair of prose words)
                // is still one token.
                let long_token_cut = cut_at_widest && looks_like_a_cut_code(prev, line);
                // A mark standing alone (`Error -` ⏎ `Office365Users...`) is punctuation
                // between words, not part of a token cut there.
                let alone = prev.chars().nth_back(1).is_none_or(char::is_whitespace);
                let cut_by_width = (fixed_width && cut_at_widest) || long_token_cut;
                if cut_by_width {
                    cut_lines.extend([paragraph[n - 1].start, range.start]);
                }
                // A full stop at the end of a line that stops short of the widest column
                // (wrapped at a space, or ended by the writer), or before a capitalised
                // word in a paragraph not cut at a fixed width, ends a sentence: `the
                // flow.` ⏎ `Not connected` is two sentences, not one `flow.Not` name.
                let ends_a_sentence =
                    left == '.' && (!at_widest(n - 1) || (!fixed_width && starts_a_sentence(line)));
                // Chinese and Japanese are written without spaces: a break between two of
                // their characters stands for nothing (Korean spaces its words).
                let unspaced = written_without_spaces(left) && written_without_spaces(right);
                let mut glue = (glues_left(left) && !alone && !ends_a_sentence)
                    || glues_right(right)
                    || cut_by_width
                    || unspaced;
                // A console cuts between any two characters (`doesn` ⏎ `'t exist`); a
                // bracket beside the break is more often where a line of its own starts
                // (`... at CreateOrder.Run` ⏎ `(the mobile app ...)`).
                let in_token = |c: char| c.is_alphanumeric() || "'’\"_-.$:=/".contains(c);
                let cut_anywhere = at_wide_column(n - 1) && in_token(left) && in_token(right);
                if glue_cuts && cut_anywhere && !kept_a_space && !glue && !ends_a_sentence {
                    glue = true;
                    differs = true;
                }
                // A line that ends in a space (wrapped at a space it kept) needs no other.
                if !glue && !left.is_whitespace() {
                    out.push(' ');
                }
            }
            // Copy the line, runs of spaces as one.
            let bytes = line.as_bytes();
            let mut copied = 0;
            let mut i = 0;
            map.mark(out.len(), range.start);
            while i < bytes.len() {
                if bytes[i] == b' ' || bytes[i] == b'\t' {
                    let run = bytes[i..]
                        .iter()
                        .take_while(|&&b| b == b' ' || b == b'\t')
                        .count();
                    if run > 1 || bytes[i] == b'\t' {
                        out.push_str(&line[copied..i]);
                        map.mark(out.len(), range.start + i);
                        out.push(' ');
                        map.mark(out.len(), range.start + i + run);
                        copied = i + run;
                    }
                    i += run;
                } else {
                    i += 1;
                }
            }
            out.push_str(&line[copied..]);
            map.mark(out.len(), range.end);
        }
        paragraph.clear();
    };
    while at <= text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        let line = &text[at..end];
        let start = at + content_start(line);
        let trimmed_end = at + line.trim_end().len();
        if start >= trimmed_end {
            flush(&mut paragraph, &mut out, map);
        } else {
            paragraph.push(start..trimmed_end);
        }
        at = end + 1;
    }
    flush(&mut paragraph, &mut out, map);
    cut_lines.dedup();
    Joined {
        text: out,
        differs,
        cut_lines,
    }
}

/// The markup pass 1 deletes (`characters`): emphasis and bullet stars, backticks,
/// strike-through tildes and emphasis underscores. Quote prefixes and indentation stay in
/// its text and are counted there.
const MARKERS: &[char] = &['*', '`', '~', '_'];

/// The widths of a paragraph's lines by one measure.
struct Widths {
    widths: Vec<usize>,
    widest: usize,
    /// How many lines but the last are as wide as the widest.
    full: usize,
    /// Whether the paragraph was cut at a fixed width, as a terminal cuts.
    fixed_width: bool,
}

impl Widths {
    /// The widths of a paragraph's rows by one measure (characters or columns);
    /// `wide_next[n]` says whether row `n + 1` starts with a character two columns wide
    /// (empty when the measure is characters).
    fn of(widths: impl Iterator<Item = usize>, wide_next: &[bool]) -> Widths {
        let mut widths: Vec<usize> = widths.collect();
        let widest = widths.iter().copied().max().unwrap_or(0);
        // A console puts a character two columns wide that does not fit in a row's last
        // column at the start of the next row: the row it left ends one column short,
        // and was cut at the widest column all the same.
        for (width, &wide) in widths.iter_mut().zip(wide_next) {
            if wide && *width + 1 == widest {
                *width = widest;
            }
        }
        // An email wraps at spaces, so its lines vary in length (a few may tie at the
        // widest): a terminal's are all the same but the last.
        let full = widths[..widths.len().saturating_sub(1)]
            .iter()
            .filter(|&&w| w == widest)
            .count();
        // Two lines of one width happen by chance in an email wrapped at spaces (and
        // joining its words would break them): six are needed to call the whole
        // paragraph a terminal's, while a long token cut at the widest column is joined
        // on its own (`join_lines`).
        let fixed_width =
            widest >= 40 && full >= 6 && full * 5 >= widths.len().saturating_sub(1) * 4;
        Widths {
            widths,
            widest,
            full,
            fixed_width,
        }
    }

    fn at_widest(&self, line: usize) -> bool {
        self.widths[line] == self.widest
    }

    /// At the widest column of a paragraph wide enough to have been wrapped.
    fn at_wide_column(&self, line: usize) -> bool {
        self.widest >= 40 && self.at_widest(line)
    }
}

/// What pass 2 made.
struct Joined {
    text: String,
    /// Whether `glue_cuts` joined a break the plain form does not.
    differs: bool,
    /// Where the lines cut inside a token at a terminal's width start (and the lines
    /// after them), in pass 1's output, in order.
    cut_lines: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        normalise(text).text
    }

    #[test]
    fn an_ocr_pipe_for_l_is_read_as_l_and_a_real_pipe_stays() {
        assert_eq!(
            plain("Fai|ed: the temp|ate |anguage expression is of type Nu||."),
            "Failed: the template language expression is of type Null."
        );
        assert_eq!(plain("| Name | Status |"), "| Name | Status |");
        assert_eq!(plain("Get-Flow | Select Name"), "Get-Flow | Select Name");
        assert_eq!(plain("if (a || b) |> 502"), "if (a || b) |> 502");
        let n = normalise("Fai|ed");
        assert_eq!(n.original(0..6), 0..6, "evidence still points at the paste");
    }

    #[test]
    fn undoes_what_pasting_does() {
        assert_eq!(plain("a\r\nb\rc"), "a b c");
        assert_eq!(
            plain("> > trigger is not\n> > enabled"),
            "trigger is not enabled"
        );
        assert_eq!(
            plain("  triggerBody()\n  ['x']  was  here"),
            "triggerBody()['x'] was here"
        );
        assert_eq!(
            plain("['$connections']\n['shared_office365']"),
            "['$connections']['shared_office365']"
        );
        assert_eq!(plain("&quot;x&quot; &#39;y&#39; &amp;gt;"), "\"x\" 'y' >");
        assert_eq!(plain(r#"{\\\"code\\\":\"A\u0027B\"}"#), r#"{"code":"A'B"}"#);
        assert_eq!(plain("\u{FEFF}**Bad** `Gateway`"), "Bad Gateway");
        assert_eq!(plain("```json\n{}\n```\nnext"), "{}\nnext");
        assert_eq!(plain("‘x’ “y”"), "'x' \"y\"");
        assert_eq!(plain("shared_office365 __bold__"), "shared_office365 bold");
        assert_eq!(
            plain("get _InvalidTemplate. Unable_ x /_api/web shared_sql"),
            "get InvalidTemplate. Unable x /_api/web shared_sql"
        );
        assert_eq!(plain("para one\n\npara two"), "para one\npara two");
        assert_eq!(plain(r"emoji \ud83d\ude00 ok"), "emoji 😀 ok");
    }

    #[test]
    fn full_width_characters_are_read_as_ascii() {
        assert_eq!(
            plain("エラー（４０３）：Ｆｏｒｂｉｄｄｅｎ"),
            "エラー(403):Forbidden"
        );
        assert_eq!(plain("２分後に失敗"), "2分後に失敗");
        let n = normalise("状态 ５０４ 错误");
        let at = n.text.find("504").unwrap();
        assert_eq!(&"状态 ５０４ 错误"[n.original(at..at + 3)], "５０４");
    }

    #[test]
    fn rich_text_tags_pasted_as_source_are_line_breaks_or_nothing() {
        // A wrapped message from an email's HTML: each `<br>` beside its own line break
        // is one break, so the paragraph still joins.
        assert_eq!(
            plain("property 'text_3' cannot<br>\nbe selected, <BR/>\r\nplease see"),
            "property 'text_3' cannot be selected, please see"
        );
        assert_eq!(
            plain("<div style=\"x\">The flow run</div>\n<div><b>failed</b>: 502</div>"),
            "The flow run failed: 502"
        );
        assert_eq!(plain("<p>one</p><p>two</p>"), "one two");
        // Not rich text: an XML error body, a placeholder, a comparison.
        assert_eq!(
            plain("<Error><Code>AccessDenied</Code></Error>"),
            "<Error><Code>AccessDenied</Code></Error>"
        );
        assert_eq!(
            plain("<flow name> if a<b and b>c"),
            "<flow name> if a<b and b>c"
        );
        assert_eq!(plain("<brand> <divide>"), "<brand> <divide>");
    }

    #[test]
    fn words_cut_at_the_widest_column_can_be_read_joined() {
        let text = "Buenas, el flujo que llama mi app aparece como desactivado y la app devuelve: tr\n\
                    igger is not enabled. ¿Lo vuelvo a activar?";
        // One cut between two letters: an email wraps at spaces there too, so the plain
        // form keeps a space, and the other reading joins the word.
        assert!(plain(text).contains("devuelve: tr igger is"));
        let cut = readings(text)
            .1
            .expect("a break inside a word at the widest column");
        assert!(
            cut.text.contains("devuelve: trigger is not enabled"),
            "{}",
            cut.text
        );
        let at = cut.text.find("trigger").unwrap();
        assert_eq!(&text[cut.original(at..at + 7)], "tr\nigger");
        // A cut beside a quote is inside a word too; one beside a bracket is not.
        let quote =
            "The template language expression cannot be evaluated: property doesn\n't exist";
        assert!(readings(quote).1.unwrap().text.contains("doesn't exist"));
        let call =
            "POST /api/CreateOrder 500 InternalServerError at CreateOrder.Run\n(the mobile app)";
        assert!(readings(call).1.is_none());
        // Nothing to read otherwise: short lines, a break beside a space or a stop.
        assert!(readings("the flow\nfailed").1.is_none());
        let prose = "the flow that the app calls is failing again since this morning ";
        assert!(readings(&format!("{prose}\nwith an error")).1.is_none());
        assert!(
            readings(&format!("{}\nwith an error", prose.trim_end()))
                .1
                .is_some()
        );
        assert!(readings(&format!("{}.\nNext", "x".repeat(50))).1.is_none());
    }

    #[test]
    fn a_log_time_stamp_on_every_line_is_read_like_a_quote_prefix() {
        let text = "2026-11-30T10:01:02.1234567Z ##[error]The template language expression\n\
                    2026-11-30T10:01:02.1234568Z 'triggerBody()['x']' cannot be evaluated\n\
                    [2026-11-30 10:01:03,120] because property 'x' cannot be selected.";
        assert_eq!(
            plain(text),
            "The template language expression 'triggerBody()['x']' cannot be evaluated \
             because property 'x' cannot be selected."
        );
        assert_eq!(
            plain("2026-11-30 10:01:02 INFO the run\n2026-11-30 10:01:03 [Error] failed"),
            "the run failed"
        );
        assert_eq!(
            plain("2026-11-30 10:01:02 giving us a 401\n2026-11-30 10:01:03 error message"),
            "giving us a 401 error message"
        );
        // A date in the text, or a stamp not followed by a space, stays.
        assert_eq!(plain("2026-11-30 was the day"), "2026-11-30 was the day");
        assert_eq!(plain("2026-11-30T10:01:02Zx"), "2026-11-30T10:01:02Zx");
        let n = normalise(text);
        let at = n.text.find("because").unwrap();
        assert_eq!(&text[n.original(at..at + 7)], "because");
    }

    #[test]
    fn lines_cut_inside_a_token_are_known_by_their_place_in_the_original() {
        // A stack trace's token, longer than the console is wide, cut at its width.
        let first = "Microsoft.Crm.Extensibility.OData.Action";
        let second = "Controller.Process";
        let text = format!("error:\r\n{first}\r\n{second}\r\n\r\nthe end");
        let n = normalise(&text);
        assert!(n.text.contains("OData.ActionController"), "{}", n.text);
        let line = |needle: &str| {
            let start = text.find(needle).unwrap();
            start..start + needle.len()
        };
        assert!(n.cut_inside_a_token(line(first)));
        assert!(n.cut_inside_a_token(line(second)));
        assert!(!n.cut_inside_a_token(line("error:")));
        assert!(!n.cut_inside_a_token(line("the end")));
    }

    #[test]
    fn two_prose_words_at_the_widest_column_keep_their_space() {
        // A capital where the line breaks is where two words meet, not inside a code;
        // a dash standing alone is punctuation.
        let text = "Another thing I noticed is that the environments are no longer listed under\n\
                    Environment tab, and the set flow permissions app is broken -\n\
                    Office365Users.UserProfileV2 failed";
        let joined = plain(text);
        assert!(joined.contains("listed under Environment tab"), "{joined}");
        assert!(joined.contains("broken - Office365Users"), "{joined}");
        // One cut inside a code: the other reading has the code whole.
        let cut = format!(
            "{} InvokerConnectionOverri\ndeFailed for the call",
            "x ".repeat(30)
        );
        let (_, joined) = readings(&cut);
        assert!(
            joined
                .unwrap()
                .text
                .contains("InvokerConnectionOverrideFailed")
        );
    }

    #[test]
    fn a_fixed_width_wrap_inside_a_word_is_joined_with_nothing() {
        let first = "x".repeat(39) + " InvokerConnectionOverri";
        let second = format!("deFailed {}", "y".repeat(first.len() - 9));
        let text = format!("{first}\n{second}\nend");
        assert!(plain(&text).contains(" InvokerConnectionOverrideFailed "));
        // An email wraps at spaces: lines of different lengths are joined with a space.
        assert_eq!(
            plain("trigger is not\nenabled at all"),
            "trigger is not enabled at all"
        );
    }

    #[test]
    fn an_indented_row_cut_by_a_console_counts_its_indentation() {
        // An indented JSON line cut at 80 columns by a console, the row after it
        // unindented: both are 80 wide as the console showed them.
        let first = format!(
            "  \"message\": \"Error from token exchange: {} due to missing connec",
            "x".repeat(17)
        );
        let second = format!("tion ACL: Connection {}", "y".repeat(59));
        assert_eq!((first.len(), second.len()), (80, 80));
        let text = format!("{first}\n{second}\nend of the output");
        let cut = readings(&text)
            .1
            .expect("a break inside a word at the widest column");
        assert!(cut.text.contains("missing connection ACL"), "{}", cut.text);
    }

    #[test]
    fn a_console_row_cut_at_a_space_keeps_the_words_apart() {
        // Rows of one width, as a console shows them: the second row was cut just before
        // a space, which starts the third row (`... activate the` ⏎ ` flow so ...`).
        let words = "have the connection owner activate the flow so it is shared ".repeat(8);
        let rows: Vec<String> = words
            .chars()
            .collect::<Vec<_>>()
            .chunks(49)
            .map(|row| row.iter().collect())
            .collect();
        assert!(rows[1].ends_with("activate the") && rows[2].starts_with(" flow"));
        let text = rows.join("\n");
        // Every row cut at a space, whichever side it went to, joins back as written.
        assert_eq!(plain(&text), words.trim_end());
        let cut = readings(&text).1.map(|cut| cut.text);
        assert!(cut.is_none_or(|t| t == words.trim_end()));
    }

    #[test]
    fn a_wrap_at_a_hump_after_a_code_is_two_words() {
        // An email wrapped at spaces, two rows tying at the widest column by chance: the
        // code ending the first row and the capitalised word starting the next are two
        // words (`... HttpPostRequest` ⏎ `Postman ...`), not one code cut there.
        let text = "We call the webhook from our flow and get the 403 back for HttpPostRequest\n\
                    Postman sends the very same body and the same headers without any problems\n\
                    at all.";
        let rows: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert_eq!(rows[0], rows[1]);
        assert!(
            plain(text).contains("HttpPostRequest Postman sends"),
            "{}",
            plain(text)
        );
    }

    #[test]
    fn a_break_between_chinese_or_japanese_characters_stands_for_nothing() {
        // Cut by a console or wrapped by a mail client inside a word (`接続参` ⏎ `照名`);
        // Korean spaces its words, so a break there is still a space.
        assert_eq!(
            plain("APIM トークン ヘッダーで接続参\n照名「shared_office365」"),
            "APIM トークン ヘッダーで接続参照名「shared_office365」"
        );
        assert_eq!(
            plain("在 APIM 令牌标头中找不\n到连接引用名称"),
            "在 APIM 令牌标头中找不到连接引用名称"
        );
        assert_eq!(plain("연결을\n찾을 수 없습니다"), "연결을 찾을 수 없습니다");
    }

    /// `text` cut into rows as a console `width` columns wide cuts it: a character two
    /// columns wide that does not fit in a row's last column starts the next row.
    fn console_rows(text: &str, width: usize) -> String {
        let mut rows = vec![String::new()];
        let mut used = 0;
        for c in text.chars() {
            let w = c.width().unwrap_or(1);
            if used + w > width {
                rows.push(String::new());
                used = 0;
            }
            rows.last_mut().expect("a row").push(c);
            used += w;
        }
        rows.join("\n")
    }

    #[test]
    fn a_console_measures_chinese_and_japanese_rows_in_columns() {
        // The same 80 columns hold fewer characters where a row has more Chinese: counted
        // in characters the rows differ, so a code the console cut stayed cut.
        let zh = "我们的画布应用调用流的时候一直报错,错误信息如下:流运行失败,错误代码 \
                  MissingConnectionReference,连接引用 shared_sharepointonline 在此环境中找\
                  不到,请检查解决方案中的连接引用。";
        let rows = console_rows(zh, 80);
        assert!(rows.contains("MissingConne\nctionReference"), "{rows}");
        assert!(plain(&rows).contains("错误代码 MissingConnectionReference,连接引用"));
        // At an odd width most rows of Japanese end one column short (the next character
        // did not fit): they were cut at the widest column all the same, so a word cut
        // there (`Powe` ⏎ `r`) is one word.
        let ja = "アプリからフローを呼び出すと、毎回エラーになります。実行履歴を開くと送信の\
                  手前で止まっていて、接続の所有者が退職したため接続が使えないと表示されます\
                  。管理者に確認したところ、接続を作り直す必要があるそうです。今朝からアプリの\
                  申請ボタンを押すと赤い Power Automate バナーが出て、フローが動かなくなりまし\
                  た。昨日までは問題なく動いていました。";
        let rows = console_rows(ja, 51);
        let widths: Vec<usize> = rows.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths.iter().filter(|&&w| w == 50).count(), 4, "{widths:?}");
        assert!(rows.contains("Powe\nr Automate"), "{rows}");
        assert!(
            plain(&rows).contains("赤い Power Automate バナー"),
            "{rows}"
        );
    }

    #[test]
    fn a_list_marker_takes_its_room_on_a_console_row() {
        // A bullet's row cut by a console at 80 columns inside a word (`Logic A` ⏎ `pps`):
        // pass 1 takes the marker off, but the row was as wide as the others.
        let item = format!(
            "* Related{}: [Reference for trigger and action types - Azure Logic Apps](https://learn.microsoft.com/azure/logic-apps/overview)",
            "x".repeat(14)
        );
        let rows: Vec<String> = [
            "Our workflow fails when we save it, and the designer shows an error about the expression in the Compose action.",
            item.as_str(),
            "Thanks.",
        ]
        .iter()
        .flat_map(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars.chunks(80).map(|row| row.iter().collect()).collect::<Vec<String>>()
        })
        .collect();
        assert!(
            rows[2].ends_with("Logic A") && rows[3].starts_with("pps"),
            "{rows:?}"
        );
        let cut = readings(&rows.join("\n")).1.map(|cut| cut.text);
        assert!(
            cut.as_deref().is_some_and(|t| t.contains("Logic Apps")),
            "{cut:?}"
        );
    }

    #[test]
    fn a_lone_underscore_at_a_line_edge_is_part_of_a_name() {
        // Cut by a console inside a connector's or a placeholder's name.
        let text = format!(
            "{}/apis/shared\n_office365/connections\n/envs/<env_\nguid>",
            "x".repeat(45)
        );
        let joined = plain(&text);
        assert!(
            joined.contains("/apis/shared_office365/connections"),
            "{joined}"
        );
        assert!(joined.contains("<env_guid>"), "{joined}");
        // Emphasis in pairs still goes, on one line.
        assert_eq!(
            plain("the _InvalidTemplate._ error and _this_"),
            "the InvalidTemplate. error and this"
        );
    }

    #[test]
    fn a_sentence_ending_at_a_wrap_keeps_its_space() {
        // Wrapped at the space after a full stop, short of the widest line.
        let email = "I added the flow to the app yesterday and published it again.\n\
                     Not connected is what the pane shows now, whatever I try\nthere.";
        assert!(
            plain(email).contains("again. Not connected"),
            "{}",
            plain(email)
        );
        // At the widest line too, unless the paragraph is cut at a fixed width.
        let widest = "The call fails in the app when the user presses Submit.\nThe flow runs.";
        assert!(
            plain(widest).contains("Submit. The flow"),
            "{}",
            plain(widest)
        );
        // A name cut at its dot by a terminal is still one name.
        let row = "a".repeat(49) + " Approval.";
        let console = vec![row; 6].join("\n") + "\nRun(x) failed";
        assert!(
            plain(&console).ends_with("Approval.Run(x) failed"),
            "{}",
            plain(&console)
        );
    }

    #[test]
    fn prose_words_at_the_widest_column_are_not_glued_like_a_code() {
        let text = "template language expressions in action 'Update_row' inputs\n\
                    at line '0' and column '0': 'The template language\n\
                    expression 'triggerBody()?['number_1']' cannot be evaluated\n\
                    because property 'number_1' cannot be selected. Please see";
        let joined = plain(text);
        assert!(
            joined.contains("cannot be evaluated because property"),
            "{joined}"
        );
        assert!(joined.contains("inputs at line"), "{joined}");
    }

    #[test]
    fn a_token_longer_than_the_wrap_width_is_joined() {
        let text = "The error\nWorkflowOperationParametersRuntimeMissin\ngValue appears on all those failed\nflows";
        assert!(
            plain(text).contains(" WorkflowOperationParametersRuntimeMissingValue appears"),
            "{}",
            plain(text)
        );
    }

    #[test]
    fn two_lines_of_one_width_by_chance_keep_their_words_apart() {
        // A paragraph wrapped at spaces whose first two lines happen to be equally long.
        let text = "When a parent flow or a Power App invokes a child flow, it must send a \
                    response back to the caller within\n120 seconds. If the flow doesn't \
                    respond within this time frame, the caller experiences a time-out and an\n\
                    error occurs.";
        let lines: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert_eq!(lines[0], lines[1], "the case needs two lines of one width");
        let joined = plain(text);
        assert!(joined.contains("within 120 seconds"), "{joined}");
        assert!(joined.contains("and an error occurs"), "{joined}");
    }

    #[test]
    fn a_long_token_cut_at_the_widest_column_is_joined_in_a_mixed_paragraph() {
        // Chat lines of any length around an error wrapped at 40 columns.
        let text = "[10:42] Dana: customer says the button\ndoes nothing, monitor shows\n\
                    {\"status\":400,\"error\":{\"code\":\"InvokerCo\n\
                    nnectionOverrideFailed\",\"message\":\"Faile\n\
                    d to parse invoker connections from\n[10:43] Sam: on it";
        let joined = plain(text);
        assert!(
            joined.contains("\"InvokerConnectionOverrideFailed\""),
            "{joined}"
        );
        // Short words at the widest column of prose stay apart.
        let prose = "the flow that the app calls is failing with\nan error every time\n\
                     someone presses the big button; it works in\ntest but not in production";
        let joined = plain(prose);
        assert!(joined.contains("failing with an error"), "{joined}");
        assert!(joined.contains("works in test"), "{joined}");
    }

    #[test]
    fn a_web_address_cut_at_the_widest_column_is_joined() {
        // fold -s at 42 columns: the address has no space to break at.
        let text = "thirotane - description - 2022-06-15\n\
                    https://docs.microsoft.com/en-us/azure/azu\n\
                    re-functions/functions-bindings-http-webho\n\
                    ok-trigger?tabs=in-process%2Cfunctionsv2&p\n\
                    ivots=programming-language-csharp#limits";
        let joined = plain(text);
        assert!(
            joined.contains("azure/azure-functions/functions-bindings-http-webhook-trigger?tabs"),
            "{joined}"
        );
        assert!(joined.contains("2022-06-15 https://"), "{joined}");
    }

    #[test]
    fn matches_point_back_at_the_original() {
        for text in [
            "> > trigger is not\r\n> >   enabled, again",
            "&quot;trigger&quot; is **not**\n  enabled",
            "\u{FEFF}x ‘trigger’ is not enabled",
        ] {
            let n = normalise(text);
            let at = n.text.find("is not").unwrap();
            let back = n.original(at..at + "is not".len());
            assert!(text[back.clone()].starts_with("is "), "{text:?}: {back:?}");
            let at = n.text.find("enabled").unwrap();
            let back = n.original(at..at + 7);
            assert_eq!(&text[back], "enabled", "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_normalises_and_maps_back_inside_it(text in "\\PC{0,200}") {
            let n = normalise(&text);
            for end in 0..=n.text.len() {
                if n.text.is_char_boundary(end) {
                    let r = n.original(0..end);
                    proptest::prop_assert!(r.end <= text.len());
                }
            }
        }
    }
}

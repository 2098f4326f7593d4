//! Making text safe to draw and fitting it to a width.

use unicode_width::UnicodeWidthChar;

pub use crate::text::{inert, one_line};

/// Word-wrap `text` to `width` columns (at least 1), measured by display width (a CJK
/// character is two columns); very long words are cut. Runs of spaces inside a line and
/// a paragraph's indentation are kept; spaces where a line breaks are dropped.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in inert(text).split('\n') {
        let indent = paragraph.len() - paragraph.trim_start_matches(' ').len();
        let indent = indent.min(width / 2);
        let mut line = " ".repeat(indent);
        let mut line_width = indent;
        let mut has_word = false;
        let mut spaces = 0;
        for token in tokens(paragraph.trim_start_matches(' ')) {
            if token.starts_with(' ') {
                spaces += token.len();
                continue;
            }
            let word_width: usize = token.chars().map(|c| c.width().unwrap_or(0)).sum();
            if has_word && line_width + spaces + word_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            } else {
                line.extend(std::iter::repeat_n(' ', spaces));
                line_width += spaces;
            }
            spaces = 0;
            has_word = true;
            for c in token.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > width && line_width > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Words and runs of spaces, in order.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = rest
            .find(|c: char| (c == ' ') != (first == ' '))
            .unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_invisible_characters_are_dropped() {
        assert_eq!(inert("a\u{1b}[31mred\u{7}\u{202E}b\u{200B}c"), "a[31mredbc");
    }

    #[test]
    fn wraps_on_words_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn double_spaces_and_indentation_are_kept_and_width_is_display_width() {
        assert_eq!(wrap("a  b", 10), ["a  b"]);
        assert_eq!(wrap("  \"code\": 1", 20), ["  \"code\": 1"]);
        assert_eq!(wrap("ab  cd", 3), ["ab", "cd"], "no spaces where it breaks");
        assert_eq!(wrap("日本語 です", 6), ["日本語", "です"]);
        assert_eq!(wrap("日本語です", 4), ["日本", "語で", "す"]);
        assert_eq!(wrap("", 4), [""]);
    }
}

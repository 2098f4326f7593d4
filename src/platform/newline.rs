//! Line endings of the report files people open by hand. On Windows, Markdown and text
//! reports are written with CRLF, so every editor there (Notepad before Windows 10
//! 1809 included) shows their lines; elsewhere LF. Output to a pipe or the terminal
//! keeps LF.

use std::borrow::Cow;

/// The line ending of text files on this platform.
pub const NATIVE: &str = if cfg!(windows) { "\r\n" } else { "\n" };

/// `text` with every line ending (LF or CRLF) written as `ending`.
pub fn with_line_endings<'a>(text: &'a str, ending: &str) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let bare_lf = (0..bytes.len()).any(|i| bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\r'));
    let needs_change = match ending {
        "\n" => text.contains("\r\n"),
        _ => bare_lf,
    };
    if !needs_change {
        return Cow::Borrowed(text);
    }
    let lf = text.replace("\r\n", "\n");
    if ending == "\n" {
        Cow::Owned(lf)
    } else {
        Cow::Owned(lf.replace('\n', ending))
    }
}

/// `text` as a report file on this platform should hold it. On Unix the text is left
/// exactly as rendered.
pub fn for_file(text: &str) -> Cow<'_, str> {
    if NATIVE == "\n" {
        Cow::Borrowed(text)
    } else {
        with_line_endings(text, NATIVE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_for_windows_and_no_doubled_cr() {
        assert_eq!(with_line_endings("a\nb\n", "\r\n"), "a\r\nb\r\n");
        assert_eq!(with_line_endings("a\r\nb\n", "\r\n"), "a\r\nb\r\n");
        assert_eq!(with_line_endings("a\r\nb\r\n", "\n"), "a\nb\n");
        assert_eq!(with_line_endings("no newline", "\r\n"), "no newline");
    }

    #[test]
    fn lf_text_is_left_alone_on_unix() {
        assert!(matches!(
            with_line_endings("a\nb\n", "\n"),
            Cow::Borrowed("a\nb\n")
        ));
        if cfg!(unix) {
            assert_eq!(for_file("a\r\nb\n"), "a\r\nb\n");
        } else {
            assert_eq!(for_file("a\nb"), "a\r\nb");
        }
    }
}

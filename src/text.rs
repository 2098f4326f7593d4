//! Making text from customers and playbooks inert before it reaches a terminal or a
//! report. A leaf: everything may use it, it uses nothing of the crate.

/// Characters that steer a terminal or reorder or hide text: controls (ESC starts
/// terminal sequences), bidirectional overrides and zero-width characters. Every
/// renderer, and the wizard, drops them from user text.
pub fn is_hazard(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Text with everything that could steer the terminal or hide itself removed: control
/// characters (ESC sequences arrive as ESC + printable text; dropping ESC makes the
/// rest inert), bidirectional overrides and zero-width characters. Tabs become spaces.
pub fn inert(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if is_hazard(c) => None,
            c => Some(c),
        })
        .collect()
}

/// One line: `inert`, with line breaks folded to spaces.
pub fn one_line(text: &str) -> String {
    inert(text).replace('\n', " ")
}

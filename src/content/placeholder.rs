//! `{{fact|fallback}}` placeholders in step texts: found here, filled by `checklist`.
//! (Kept in `content` because loading checks them, and the build script loads.)

/// One placeholder found in a step's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    pub name: &'a str,
    pub fallback: Option<&'a str>,
}

/// Every `{{name|fallback}}` in `text`, in order. Unclosed braces are left as text.
pub fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let inner = &after[..close];
        let (name, fallback) = match inner.split_once('|') {
            Some((n, f)) => (n.trim(), Some(f)),
            None => (inner.trim(), None),
        };
        found.push(Placeholder { name, fallback });
        rest = &after[close + 2..];
    }
    found
}

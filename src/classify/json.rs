//! Finding the error objects in whatever was pasted: a whole JSON document, JSON inside
//! a chat message, JSON inside a JSON string, or JSON cut off halfway.
//!
//! Only the generic shape of an error is known here (`code`, `status`, `message`,
//! nesting under `error` / `innerError`); which codes mean what is the playbook's.
//!
//! A paste is read in two steps: each candidate document is first checked for being
//! JSON at all without building anything (`RawValue`), and only a document that holds
//! a key of interest is then walked, by a serde visitor that keeps the fields of
//! interest and skips everything else. (Building a `serde_json::Value` of every log
//! line of a long transcript cost more than the rest of the classification.)

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// A value found in an error object, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// A path like `error.innerError.error.code`, or `text` when read from loose text.
    pub path: String,
    pub kind: FieldKind,
    /// How deep the value sat: inner errors are more specific than outer ones.
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Code(String),
    Status(u16),
    /// A message, and whether its text appears in the paste as is (no escapes were
    /// decoded): one that does not is searched as well as the paste.
    Message(String, Verbatim),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbatim {
    Yes,
    No,
}

/// How much parsing work one paste may cost, as a multiple of its length: text with
/// many `{` that never close must not make scanning quadratic.
const SCAN_BUDGET_FACTOR: usize = 8;
const MAX_STRING_NESTING: usize = 4;
const MAX_DOCUMENTS: usize = 200;

/// Every key of interest contains one of these (lower case).
const KEY_WORDS: [&[u8]; 4] = [b"code", b"status", b"message", b"details"];

/// Trim the padding pasted codes arrive with (`" MissingConnectionReference' "`).
pub fn clean_code(raw: &str) -> String {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"' || c == '`')
        .to_string()
}

/// A number in a code or status field that is an HTTP status of any class: not a code,
/// whether or not it is a failure's.
fn status_of_number(n: u64) -> Option<u16> {
    (100..=599).contains(&n).then_some(n as u16)
}

fn status_of_str(s: &str) -> Option<u16> {
    status_of_number(s.trim().parse::<u64>().ok()?)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    /// `code`, `errorCode`: a string is a code (or a status, when it is a number).
    Code,
    /// `status`, `statusCode`: a status.
    Status,
    /// `message`, `errorMessage`, `details`.
    Message,
    Other,
}

impl Key {
    fn of(name: &str) -> Key {
        let is = |word: &str| name.eq_ignore_ascii_case(word);
        if is("code") || is("errorcode") {
            Key::Code
        } else if is("status") || is("statuscode") {
            Key::Status
        } else if is("message") || is("errormessage") || is("details") {
            Key::Message
        } else {
            Key::Other
        }
    }
}

/// The walk's state: where it is and what it found.
struct Walk<'o> {
    path: String,
    nesting: usize,
    out: &'o mut Vec<Field>,
}

impl Walk<'_> {
    /// A status field: kept only when it is a failure's (`loose::is_failure_status`).
    fn push_status(&mut self, status: u16, depth: usize) {
        if super::loose::is_failure_status(status) {
            self.push(FieldKind::Status(status), depth);
        }
    }

    fn push(&mut self, kind: FieldKind, depth: usize) {
        self.out.push(Field {
            path: self.path.clone(),
            kind,
            depth,
        });
    }

    /// A string at walk depth `depth` (see `ValueSeed`).
    fn string(&mut self, key: Key, text: &str, borrowed: bool, depth: usize) {
        let field_depth = depth.saturating_sub(1);
        match key {
            Key::Code => match status_of_str(text) {
                Some(status) => self.push_status(status, field_depth),
                None => {
                    let code = clean_code(text);
                    if !code.is_empty() {
                        self.push(FieldKind::Code(code), field_depth);
                    }
                }
            },
            Key::Status => {
                if let Some(status) = status_of_str(text) {
                    self.push_status(status, field_depth);
                }
            }
            Key::Message => {
                let verbatim = if borrowed && self.nesting == 0 {
                    Verbatim::Yes
                } else {
                    Verbatim::No
                };
                self.push(FieldKind::Message(text.to_string(), verbatim), field_depth);
            }
            Key::Other => {}
        }
        // JSON inside a string: a serialised body, an error in an error.
        let trimmed = text.trim_start();
        if self.nesting < MAX_STRING_NESTING
            && (trimmed.starts_with('{') || trimmed.starts_with('['))
        {
            self.nesting += 1;
            walk_documents(text, self, depth + 1);
            self.nesting -= 1;
        }
    }
}

/// One value at the walk's path, found under `key` in its parent. `depth` counts the
/// objects and arrays around it; a field found under a key sits at its object's depth
/// (one less), and documents inside a string one deeper.
struct ValueSeed<'w, 'o> {
    walk: &'w mut Walk<'o>,
    key: Key,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<(), E> {
        self.walk.string(self.key, v, true, self.depth);
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.walk.string(self.key, v, false, self.depth);
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        if matches!(self.key, Key::Code | Key::Status)
            && let Some(status) = status_of_number(v)
        {
            self.walk.push_status(status, self.depth.saturating_sub(1));
        }
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Ok(()),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key_seed(KeySeed)? {
            let at = self.walk.path.len();
            if at > 0 {
                self.walk.path.push('.');
            }
            self.walk.path.push_str(&name);
            let seed = ValueSeed {
                walk: &mut *self.walk,
                key: Key::of(&name),
                depth: self.depth + 1,
            };
            let result = map.next_value_seed(seed);
            self.walk.path.truncate(at);
            result?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let at = self.walk.path.len();
            self.walk.path.push('[');
            self.walk.path.push_str(&index.to_string());
            self.walk.path.push(']');
            let seed = ValueSeed {
                walk: &mut *self.walk,
                key: Key::Other,
                depth: self.depth + 1,
            };
            let next = seq.next_element_seed(seed);
            self.walk.path.truncate(at);
            if next?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }
}

/// An object key, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// Walk one document that is known to be valid JSON.
fn walk_document(raw: &str, walk: &mut Walk<'_>, depth: usize) {
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    let seed = ValueSeed {
        walk,
        key: Key::Other,
        depth,
    };
    // It was validated as JSON; only the nesting limit could still refuse it.
    let _ = seed
        .deserialize(&mut deserializer)
        .map_err(serde_json::Error::custom);
}

/// Whether a document can hold a key of interest (anywhere, escaped keys of nested
/// documents included).
fn may_hold_keys(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        matches!(b | 0x20, b'c' | b's' | b'm' | b'd')
            && KEY_WORDS.iter().any(|word| {
                bytes[at..]
                    .get(..word.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(word))
            })
    })
}

/// Whether the text at `at` (a `{` or `[`) can start a document worth reading: an
/// object's first key, or an array of objects, arrays or strings. A timestamp like
/// `[09:14]` or a template `{name}` in a chat line is turned away without parsing.
fn may_start_document(text: &str, at: usize) -> bool {
    let open = text.as_bytes()[at];
    let next = text.as_bytes()[at + 1..]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    matches!(
        (open, next),
        (b'{', Some(b'"')) | (b'[', Some(b'{' | b'[' | b'"'))
    )
}

/// Where in the text `error` was found, for a parse that started at `start`; `newlines`
/// are the offsets of every `\n` in the text. serde_json counts lines from 1 and
/// columns in bytes from the line's start.
fn error_offset(newlines: &[usize], start: usize, error: &serde_json::Error) -> usize {
    let (line, column) = (error.line(), error.column());
    if line <= 1 {
        return start + column;
    }
    let first = newlines.partition_point(|&n| n < start);
    newlines
        .get(first + line - 2)
        .map_or(usize::MAX, |&n| n + column)
}

/// Every JSON object or array that can be read out of `text`, in order, walked.
fn walk_documents(text: &str, walk: &mut Walk<'_>, depth: usize) {
    let trimmed = text.trim();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(raw) = serde_json::from_str::<&RawValue>(trimmed)
    {
        if may_hold_keys(raw.get()) {
            walk_document(raw.get(), walk, depth);
        }
        return;
    }
    let budget = text.len().saturating_mul(SCAN_BUDGET_FACTOR).max(1 << 16);
    let mut spent = 0usize;
    let mut found = 0usize;
    let mut newlines: Option<Vec<usize>> = None;
    let mut at = 0usize;
    while found < MAX_DOCUMENTS {
        let Some(offset) = memchr::memchr2(b'{', b'[', &text.as_bytes()[at..]) else {
            break;
        };
        let start = at + offset;
        if !may_start_document(text, start) {
            at = start + 1;
            continue;
        }
        let mut stream =
            serde_json::Deserializer::from_str(&text[start..]).into_iter::<&RawValue>();
        match stream.next() {
            Some(Ok(raw)) => {
                let end = start + stream.byte_offset();
                spent += end - start;
                found += 1;
                if may_hold_keys(raw.get()) {
                    walk_document(raw.get(), walk, depth);
                }
                at = end.max(start + 1);
            }
            Some(Err(error)) => {
                // A failed parse reports no offset, yet may have read to the end of
                // the text (unclosed nesting is skipped without recursion): charge
                // what it read, from where the error was found (F6).
                let lines = newlines
                    .get_or_insert_with(|| memchr::memchr_iter(b'\n', text.as_bytes()).collect());
                spent += error_offset(lines, start, &error)
                    .saturating_sub(start)
                    .max(1);
                at = start + 1;
            }
            None => break,
        }
        if spent > budget {
            break;
        }
    }
}

/// Every code, status and message found in `text`: from JSON where it parses, and from
/// `"code": "…"` / `status: 504` spelled out in loose or broken text (found from
/// `markers`).
pub fn fields(text: &str, markers: &super::loose::Markers) -> Vec<Field> {
    let mut out = Vec::new();
    let mut walk = Walk {
        path: String::new(),
        nesting: 0,
        out: &mut out,
    };
    walk_documents(text, &mut walk, 0);
    for raw in super::loose::codes(text, markers) {
        let raw = raw.replace("\\\"", "").replace("\\'", "'");
        let code = clean_code(&raw);
        if code.is_empty() || code.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !out.iter().any(|f| f.kind == FieldKind::Code(code.clone())) {
            out.push(Field {
                path: "text".into(),
                kind: FieldKind::Code(code),
                depth: 0,
            });
        }
    }
    if !out.iter().any(|f| matches!(f.kind, FieldKind::Status(_)))
        && let Some(status) = super::loose::status(text, markers)
    {
        out.push(Field {
            path: "text".into(),
            kind: FieldKind::Status(status),
            depth: 0,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields_of(text: &str) -> Vec<Field> {
        fields(text, &super::super::loose::Markers::of(text))
    }

    #[test]
    fn nested_errors_give_paths_and_depths() {
        let f = fields_of(
            r#"{"error":{"code":504,"message":"BadGateway","innerError":{"error":{"code":"ResponseTimeout"}}}}"#,
        );
        assert!(f.contains(&Field {
            path: "error.code".into(),
            kind: FieldKind::Status(504),
            depth: 1
        }));
        assert!(f.contains(&Field {
            path: "error.message".into(),
            kind: FieldKind::Message("BadGateway".into(), Verbatim::Yes),
            depth: 1
        }));
        assert!(f.iter().any(|x| x.path == "error.innerError.error.code"
            && x.kind == FieldKind::Code("ResponseTimeout".into())
            && x.depth == 3));
    }

    #[test]
    fn only_a_failure_status_is_a_status_field() {
        // Run history lists the actions that succeeded before the one that failed.
        let f = fields_of(
            r#"[{"name":"Get_items","outputs":{"statusCode":200}},{"name":"Post","outputs":{"statusCode":"502","code":302}}]"#,
        );
        let statuses: Vec<&FieldKind> = f
            .iter()
            .map(|x| &x.kind)
            .filter(|k| matches!(k, FieldKind::Status(_)))
            .collect();
        assert_eq!(statuses, [&FieldKind::Status(502)]);
        assert!(
            !f.iter().any(|x| x.kind == FieldKind::Code("302".into())),
            "a status that is no failure's is not a code either"
        );
    }

    #[test]
    fn arrays_and_numbers_as_strings() {
        let f = fields_of(r#"[{"status":"429"},{"errors":[{"code":"ActionFailed"}]}]"#);
        assert!(f.contains(&Field {
            path: "[0].status".into(),
            kind: FieldKind::Status(429),
            depth: 1
        }));
        assert!(f.contains(&Field {
            path: "[1].errors[0].code".into(),
            kind: FieldKind::Code("ActionFailed".into()),
            depth: 3
        }));
    }

    #[test]
    fn json_in_a_chat_message_and_in_a_string() {
        let f =
            fields_of("hi, we got this: {\"code\": \" MissingConnectionReference' \"} any idea?");
        assert!(
            f.iter()
                .any(|x| x.kind == FieldKind::Code("MissingConnectionReference".into()))
        );
        let f = fields_of(
            r#"{"body":"{\"error\":{\"code\":\"WorkflowTriggerIsNotEnabled\",\"message\":\"trigger is not enabled\"}}"}"#,
        );
        assert!(f.iter().any(
            |x| x.kind == FieldKind::Code("WorkflowTriggerIsNotEnabled".into())
                && x.path == "body.error.code"
                && x.depth == 3
        ));
        assert!(
            f.iter().any(
                |x| x.kind == FieldKind::Message("trigger is not enabled".into(), Verbatim::No)
            )
        );
    }

    #[test]
    fn escaped_messages_are_not_verbatim() {
        let f = fields_of(r#"{"message":"line one\nline \"two\""}"#);
        assert_eq!(
            f[0].kind,
            FieldKind::Message("line one\nline \"two\"".into(), Verbatim::No)
        );
    }

    #[test]
    fn truncated_json_still_yields_its_code() {
        let f = fields_of(
            r#"{"error": {"code": "InvokerConnectionOverrideFailed", "message": "Failed to parse"#,
        );
        assert!(f.iter().any(|x| x.kind
            == FieldKind::Code("InvokerConnectionOverrideFailed".into())
            && x.path == "text"));
    }

    #[test]
    fn timestamps_and_templates_are_not_documents() {
        assert!(!may_start_document("[09:14] Dana", 0));
        assert!(!may_start_document("{name}", 0));
        assert!(may_start_document("[ {\"a\":1}]", 0));
        assert!(may_start_document("{ \"a\":1}", 0));
        let f = fields_of("[09:14] Dana: {\"status\": 502} [1, {\"code\": \"NotFound\"}]");
        assert!(f.iter().any(|x| x.kind == FieldKind::Status(502)));
        assert!(
            f.iter()
                .any(|x| x.kind == FieldKind::Code("NotFound".into()))
        );
    }

    #[test]
    fn many_unclosed_braces_stay_cheap() {
        let text = "{\"a\":\"".repeat(20_000);
        let _ = fields_of(&text);
    }

    /// F6: unclosed nesting that serde_json skips to the end of the text at every
    /// start was charged one byte per try: 200 KB of `{"a":` took 12 s.
    #[test]
    fn unclosed_nesting_is_linear() {
        for (unit, count) in [("{\"a\":", 40_000), ("[", 100_000), ("{\"a\":\n", 40_000)] {
            let text = format!("{}{{\"error\":{{\"code\":\"X\"}}}}", unit.repeat(count));
            let started = std::time::Instant::now();
            let _ = fields_of(&text);
            let took = started.elapsed();
            assert!(took.as_secs_f64() < 3.0, "{unit:?} x {count}: {took:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let _ = fields_of(&deep);
        let deep = format!("{{\"code\": \"X\", \"a\": {}}}", "{\"a\":".repeat(1000));
        let _ = fields_of(&deep);
    }
}

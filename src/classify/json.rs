//! Finding the error objects in whatever was pasted: a whole JSON document, JSON inside
//! a chat message, JSON inside a JSON string, or JSON cut off halfway.
//!
//! Only the generic shape of an error is known here (`code`, `status`, `message`,
//! nesting under `error` / `innerError`); which codes mean what is the playbook's.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

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
    Message(String),
}

/// How much parsing work one paste may cost, as a multiple of its length: text with
/// many `{` that never close must not make scanning quadratic.
const SCAN_BUDGET_FACTOR: usize = 8;
const MAX_STRING_NESTING: usize = 4;
const MAX_DOCUMENTS: usize = 200;

/// Trim the padding pasted codes arrive with (`" MissingConnectionReference' "`).
pub fn clean_code(raw: &str) -> String {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"' || c == '`')
        .to_string()
}

fn status_of(value: &Value) -> Option<u16> {
    let n = match value {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse::<u64>().ok()?,
        _ => return None,
    };
    (100..=599).contains(&n).then_some(n as u16)
}

fn walk(value: &Value, path: &str, depth: usize, nesting: usize, out: &mut Vec<Field>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let lower = key.to_ascii_lowercase();
                match (lower.as_str(), child) {
                    ("code" | "errorcode", Value::String(s)) => {
                        if let Some(status) = status_of(child) {
                            out.push(Field {
                                path: child_path.clone(),
                                kind: FieldKind::Status(status),
                                depth,
                            });
                        } else {
                            let code = clean_code(s);
                            if !code.is_empty() {
                                out.push(Field {
                                    path: child_path.clone(),
                                    kind: FieldKind::Code(code),
                                    depth,
                                });
                            }
                        }
                    }
                    ("code" | "status" | "statuscode", Value::Number(_))
                    | ("status" | "statuscode", Value::String(_)) => {
                        if let Some(status) = status_of(child) {
                            out.push(Field {
                                path: child_path.clone(),
                                kind: FieldKind::Status(status),
                                depth,
                            });
                        }
                    }
                    ("message" | "errormessage" | "details", Value::String(s)) => {
                        out.push(Field {
                            path: child_path.clone(),
                            kind: FieldKind::Message(s.clone()),
                            depth,
                        });
                    }
                    _ => {}
                }
                walk(child, &child_path, depth + 1, nesting, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, &format!("{path}[{i}]"), depth + 1, nesting, out);
            }
        }
        Value::String(s) if nesting < MAX_STRING_NESTING => {
            let trimmed = s.trim_start();
            if trimmed.starts_with('{') || trimmed.starts_with('[') {
                for doc in documents(s, nesting + 1) {
                    walk(&doc, path, depth + 1, nesting + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// Every JSON object or array that can be read out of `text`, in order.
fn documents(text: &str, nesting: usize) -> Vec<Value> {
    let mut found = Vec::new();
    let trimmed = text.trim();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(value) = serde_json::from_str::<Value>(trimmed)
    {
        found.push(value);
        return found;
    }
    let budget = text.len().saturating_mul(SCAN_BUDGET_FACTOR).max(1 << 16);
    let mut spent = 0usize;
    let mut at = 0usize;
    while found.len() < MAX_DOCUMENTS && nesting <= MAX_STRING_NESTING {
        let Some(offset) = text[at..].find(['{', '[']) else {
            break;
        };
        let start = at + offset;
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) if value.is_object() || value.is_array() => {
                let end = start + stream.byte_offset();
                spent += end - start;
                found.push(value);
                at = end.max(start + 1);
            }
            _ => {
                spent += stream.byte_offset().max(1);
                at = start + 1;
            }
        }
        if spent > budget {
            break;
        }
    }
    found
}

fn loose_code_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)"(?:code|errorCode)"\s*:\s*"([^"\n]{1,120})""#).expect("static pattern")
    })
}

fn loose_status_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // `"status": 504`, `HTTP 502`, `status code 404`, or a number before a reason
        // phrase in parentheses, as in `429 (Too Many Requests)`.
        Regex::new(r#"(?i)(?:"(?:code|status|statusCode)"\s*:\s*"?|\b(?:http|status(?:\s*code)?)\s*[:=]?\s*)([1-5][0-9]{2})\b|\b([1-5][0-9]{2})\s*\((?-i:[A-Z][a-z]+)(?: (?-i:[A-Z][a-z]+))*\)"#)
            .expect("static pattern")
    })
}

/// Every code, status and message found in `text`: from JSON where it parses, and from
/// `"code": "…"` / `status: 504` spelled out in loose or broken text.
pub fn fields(text: &str) -> Vec<Field> {
    let mut out = Vec::new();
    for doc in documents(text, 0) {
        walk(&doc, "", 0, 0, &mut out);
    }
    // Compiling the loose finder costs more than a typical paste's whole scan: only
    // text that spells out a code key can need it.
    let may_hold_code_key = [
        "\"code\"",
        "\"Code\"",
        "\"CODE\"",
        "rrorCode\"",
        "rrorcode\"",
    ]
    .iter()
    .any(|key| text.contains(key));
    let loose_codes = may_hold_code_key.then(|| loose_code_regex().captures_iter(text));
    for caps in loose_codes.into_iter().flatten() {
        let raw = caps[1].replace("\\\"", "").replace("\\'", "'");
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
        && let Some(status) = loose_status_regex()
            .captures_iter(text)
            .filter_map(|c| c.get(1).or_else(|| c.get(2))?.as_str().parse::<u16>().ok())
            .next()
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

    #[test]
    fn nested_errors_give_paths_and_depths() {
        let f = fields(
            r#"{"error":{"code":504,"message":"BadGateway","innerError":{"error":{"code":"ResponseTimeout"}}}}"#,
        );
        assert!(f.contains(&Field {
            path: "error.code".into(),
            kind: FieldKind::Status(504),
            depth: 1
        }));
        assert!(f.iter().any(|x| x.path == "error.innerError.error.code"
            && x.kind == FieldKind::Code("ResponseTimeout".into())
            && x.depth == 3));
    }

    #[test]
    fn json_in_a_chat_message_and_in_a_string() {
        let f = fields("hi, we got this: {\"code\": \" MissingConnectionReference' \"} any idea?");
        assert!(
            f.iter()
                .any(|x| x.kind == FieldKind::Code("MissingConnectionReference".into()))
        );
        let f = fields(r#"{"body":"{\"error\":{\"code\":\"WorkflowTriggerIsNotEnabled\"}}"}"#);
        assert!(f.iter().any(
            |x| x.kind == FieldKind::Code("WorkflowTriggerIsNotEnabled".into())
                && x.path == "body.error.code"
        ));
    }

    #[test]
    fn truncated_json_still_yields_its_code() {
        let f = fields(
            r#"{"error": {"code": "InvokerConnectionOverrideFailed", "message": "Failed to parse"#,
        );
        assert!(f.iter().any(|x| x.kind
            == FieldKind::Code("InvokerConnectionOverrideFailed".into())
            && x.path == "text"));
    }

    #[test]
    fn many_unclosed_braces_stay_cheap() {
        let text = "{\"a\":\"".repeat(20_000);
        let _ = fields(&text);
    }
}

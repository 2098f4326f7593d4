//! Removing secrets from pasted text before it is shown, saved or exported.

use std::sync::OnceLock;

use regex::Regex;

pub const MASK: &str = "[REDACTED]";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub count: usize,
}

/// The redaction rules, each with literals (lower case) of which every match contains
/// one. Compiling all five cost 9.7 M instructions, a quarter of a typical `diagnose`;
/// a short paste compiles only the rules whose literal it holds.
const RULES: [(&str, &[&str]); 5] = [
    // A JSON Web Token: three base64url parts, the first starting with `{"`.
    (
        r"(eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*)",
        &["eyj"],
    ),
    // Authorization: Bearer <token>
    (r"(?i)\bbearer\s+([A-Za-z0-9._~+/=-]{8,})", &["bearer"]),
    // The value of an X-MS-APIM-Tokens header.
    (
        r#"(?i)x-ms-apim-tokens"?\s*[:=]\s*"?([A-Za-z0-9+/=._-]{16,})"#,
        &["x-ms-apim-tokens"],
    ),
    // The signature of a trigger URL.
    (r"(?i)[?&]sig=([A-Za-z0-9%+/=_-]{6,})", &["sig="]),
    // password=…, secret: …, AccountKey=… in connection strings and key/value pairs.
    (
        r#"(?i)\b(?:password|pwd|passwd|secret|client_secret|clientsecret|accountkey|sharedaccesskey|api[_-]?key|access[_-]?token|refresh[_-]?token)"?\s*[:=]\s*"?([^\s;"'&,}]{3,})"#,
        &[
            "passw",
            "pwd",
            "secret",
            "accountkey",
            "access",
            "apikey",
            "api_key",
            "api-key",
            "refresh",
        ],
    ),
];

/// Above this size every rule runs: compiling no longer dominates, and lower-casing a
/// copy of the text to look for literals would cost more than it saves.
const GATE_MAX_TEXT: usize = 64 * 1024;

fn rule(index: usize) -> &'static Regex {
    static COMPILED: [OnceLock<Regex>; RULES.len()] = [const { OnceLock::new() }; RULES.len()];
    COMPILED[index].get_or_init(|| Regex::new(RULES[index].0).expect("static pattern compiles"))
}

/// Could rule `index` match `text`? False only when it certainly cannot.
fn may_match(index: usize, text: &str, lower: Option<&str>) -> bool {
    // Case folding lets `s` and `k` match non-ASCII letters (ſ, K), so only an ASCII
    // text can be judged by ASCII literals.
    match lower {
        Some(lower) if text.is_ascii() => RULES[index].1.iter().any(|l| lower.contains(l)),
        _ => true,
    }
}

fn email_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
            .expect("static pattern compiles")
    })
}

/// `redact`, and email addresses too (the `redact_emails` setting).
pub fn redact_with_emails(text: &str) -> Redacted {
    let first = redact(text);
    let mut count = first.count;
    let text = email_rule()
        .replace_all(&first.text, |_: &regex::Captures| {
            count += 1;
            MASK
        })
        .into_owned();
    Redacted { text, count }
}

/// `text` with the first capture group of every match of `rule` masked, and how many.
fn mask(text: &str, rule: &Regex) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut count = 0;
    for caps in rule.captures_iter(text) {
        let Some(secret) = caps.get(1) else { continue };
        if secret.as_str() == MASK {
            continue;
        }
        out.push_str(&text[last..secret.start()]);
        out.push_str(MASK);
        last = secret.end();
        count += 1;
    }
    out.push_str(&text[last..]);
    (out, count)
}

/// `text` with every secret replaced by `[REDACTED]`, and how many were replaced.
pub fn redact(text: &str) -> Redacted {
    let mut current = text.to_string();
    let mut count = 0;
    for index in 0..RULES.len() {
        let lower = (current.len() <= GATE_MAX_TEXT).then(|| current.to_ascii_lowercase());
        if !may_match(index, &current, lower.as_deref()) {
            continue;
        }
        let (masked, n) = mask(&current, rule(index));
        current = masked;
        count += n;
    }
    Redacted {
        text: current,
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_bearer_tokens_and_counts_them() {
        let r = redact("Authorization: Bearer abcdefghijklmnop and more");
        assert_eq!(r.text, "Authorization: Bearer [REDACTED] and more");
        assert_eq!(r.count, 1);
    }

    #[test]
    fn masks_sas_signatures_but_keeps_the_url() {
        let r = redact(
            "https://prod.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=AbCdEf123456",
        );
        assert!(r.text.ends_with("sig=[REDACTED]"), "{}", r.text);
        assert_eq!(r.count, 1);
    }

    #[test]
    fn masks_passwords_in_connection_strings() {
        let r = redact("Server=tcp:x;User ID=sa;Password=hunter22;Encrypt=True");
        assert_eq!(
            r.text,
            "Server=tcp:x;User ID=sa;Password=[REDACTED];Encrypt=True"
        );
    }

    #[test]
    fn emails_only_when_asked() {
        let text = "owner ada@contoso.com failed";
        assert_eq!(redact(text).count, 0);
        let r = redact_with_emails(text);
        assert_eq!(r.text, "owner [REDACTED] failed");
        assert_eq!(r.count, 1);
    }

    /// Every rule run on every text, as before the literal gate.
    fn redact_ungated(text: &str) -> Redacted {
        let mut current = text.to_string();
        let mut count = 0;
        for index in 0..RULES.len() {
            let (masked, n) = mask(&current, rule(index));
            current = masked;
            count += n;
        }
        Redacted {
            text: current,
            count,
        }
    }

    proptest::proptest! {
        #[test]
        fn the_literal_gate_never_changes_what_is_redacted(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bearer ", "bEaReR\t", "eyJhbGciOi", ".eyJzdWIi", ".sig_part", "?sig=", "&SIG=",
                    "x-ms-apim-tokens: ", "X-MS-APIM-TOKENS=\"", "Password=", "pwd: ", "PASSWD=",
                    "client_secret=", "AccountKey=", "SharedAccessKey=", "api-key: ", "ApiKey=",
                    "access_token=", "refresh-token: ", "abcdefghijklmnop", "hunter22", "; ", " ",
                    "\"", "ſecret=", "\u{212A}ey", "[REDACTED]", "token", "AbCd/+=_-1234",
                ]),
                0..12,
            ),
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(redact(&text), redact_ungated(&text));
        }
    }

    #[test]
    fn leaves_ordinary_errors_alone() {
        let text = "Connection reference 'new_sql' was not given by invoker.";
        let r = redact(text);
        assert_eq!(r.text, text);
        assert_eq!(r.count, 0);
    }
}

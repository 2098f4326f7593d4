//! Removing secrets from pasted text before it is shown, saved or exported.

use std::sync::OnceLock;

use regex::Regex;

pub const MASK: &str = "[REDACTED]";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub count: usize,
}

fn rules() -> &'static [Regex] {
    static RULES: OnceLock<Vec<Regex>> = OnceLock::new();
    RULES.get_or_init(|| {
        [
            // A JSON Web Token: three base64url parts, the first starting with `{"`.
            r"(eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*)",
            // Authorization: Bearer <token>
            r"(?i)\bbearer\s+([A-Za-z0-9._~+/=-]{8,})",
            // The value of an X-MS-APIM-Tokens header.
            r#"(?i)x-ms-apim-tokens"?\s*[:=]\s*"?([A-Za-z0-9+/=._-]{16,})"#,
            // The signature of a trigger URL.
            r"(?i)[?&]sig=([A-Za-z0-9%+/=_-]{6,})",
            // password=…, secret: …, AccountKey=… in connection strings and key/value pairs.
            r#"(?i)\b(?:password|pwd|passwd|secret|client_secret|clientsecret|accountkey|sharedaccesskey|api[_-]?key|access[_-]?token|refresh[_-]?token)"?\s*[:=]\s*"?([^\s;"'&,}]{3,})"#,
        ]
        .iter()
        .map(|p| Regex::new(p).expect("static pattern compiles"))
        .collect()
    })
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

/// `text` with every secret replaced by `[REDACTED]`, and how many were replaced.
pub fn redact(text: &str) -> Redacted {
    let mut current = text.to_string();
    let mut count = 0;
    for rule in rules() {
        let mut out = String::with_capacity(current.len());
        let mut last = 0;
        for caps in rule.captures_iter(&current) {
            let Some(secret) = caps.get(1) else { continue };
            if secret.as_str() == MASK {
                continue;
            }
            out.push_str(&current[last..secret.start()]);
            out.push_str(MASK);
            last = secret.end();
            count += 1;
        }
        out.push_str(&current[last..]);
        current = out;
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

    #[test]
    fn leaves_ordinary_errors_alone() {
        let text = "Connection reference 'new_sql' was not given by invoker.";
        let r = redact(text);
        assert_eq!(r.text, text);
        assert_eq!(r.count, 0);
    }
}

//! Removing secrets from pasted text before it is shown, saved or exported.
//!
//! Each rule says with which texts a match starts (`starts`, compared ignoring ASCII
//! case). One search over the paste finds every such start for every rule at once; a
//! rule with none is never compiled, and a rule with some is run anchored at each of
//! them, so its automaton reads the few bytes of each match instead of the whole paste
//! (on a 2 MB transcript with 3,000 tokens: 1.3 M instructions instead of 9 M).

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta::{Builder, Regex};
use regex_automata::{Anchored, Input, Match};

use super::literals::{LiteralSearch, scan_parts};
use super::{decode, secrets};

pub const MASK: &str = "[REDACTED]";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub count: usize,
}

/// A redaction rule: a match is `lead` then `secret`, and the secret is masked.
struct Rule {
    lead: &'static str,
    secret: &'static str,
    /// Lower case; every match starts with one of them.
    starts: &'static [&'static str],
    /// The rule written out for ASCII text (`secrets.rs`): the match anchored at a
    /// start, as (secret start, match end).
    ascii: secrets::Matcher,
}

/// The lead of a key/value rule: a keyword (`secrets::KEYWORDS`), a separator, and
/// `$quote`.
macro_rules! const_format_key_lead {
    ($quote:literal) => {
        concat!(
            r#"(?i)\b(?:password|pwd|passwd|secret|client[_-]?secret|accountkey|sharedaccesskey|sharedaccesssignature|api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|subscription[_-]?key)"?\s*[:=]\s*"#,
            $quote
        )
    };
}

/// The keywords that start a key/value rule's match.
const KEY_STARTS: &[&str] = &[
    "passw",
    "pwd",
    "secret",
    "client_secret",
    "client-secret",
    "clientsecret",
    "accountkey",
    "sharedaccess",
    "apikey",
    "api_key",
    "api-key",
    "access",
    "refresh",
    "id_token",
    "id-token",
    "idtoken",
    "subscription",
];

/// The redaction rules.
///
/// Each lead ends, after at most one `:` or `=`, in spaces and a quote, which no secret
/// starts with; so the lead matched alone at the start of a match ends exactly where
/// the secret starts (a property test compares with a capture group). That costs far
/// less than a capture group, which ran a bounded backtracker on every match (7,000
/// instructions each). On ASCII text the rules run as written out in `secrets.rs`.
///
/// Every rule is run on the same text, and where matches overlap their union is
/// masked, so no rule's match hides part of a secret from another.
const RULES: [Rule; 9] = [
    // A JSON Web Token: three base64url parts, the first starting with `{"`.
    Rule {
        lead: "",
        secret: r"eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*",
        starts: &["eyj"],
        ascii: secrets::jwt,
    },
    // Authorization: Bearer <token>
    Rule {
        lead: r"(?i)\bbearer\s+",
        secret: r"[A-Za-z0-9._~+/=-]{8,}",
        starts: &["bearer"],
        ascii: secrets::bearer,
    },
    // Authorization: Basic <base64 of user:password>
    Rule {
        lead: r#"(?i)\bauthorization"?\s*[:=]\s*"?basic\s+"#,
        secret: r"[A-Za-z0-9+/=._~-]{4,}",
        starts: &["authorization"],
        ascii: secrets::basic,
    },
    // The value of an X-MS-APIM-Tokens header.
    Rule {
        lead: r#"(?i)x-ms-apim-tokens"?\s*[:=]\s*"?"#,
        secret: r"[A-Za-z0-9+/=._-]{16,}",
        starts: &["x-ms-apim-tokens"],
        ascii: secrets::apim_tokens,
    },
    // The signature of a trigger URL or a shared access signature.
    Rule {
        lead: r"(?i)[?&]sig=",
        secret: r"[A-Za-z0-9%+/=_-]{6,}",
        starts: &["?sig=", "&sig="],
        ascii: secrets::signature,
    },
    // Cookie: and Set-Cookie: headers, to the end of the line.
    Rule {
        lead: r#"(?i)\bcookie"?\s*[:=]\s*"?"#,
        secret: r#"[^\s"][^"\r\n]*"#,
        starts: &["cookie"],
        ascii: secrets::cookie,
    },
    // password="…", client_secret: "…" and the like: the whole quoted value.
    Rule {
        lead: const_format_key_lead!(r#"""#),
        secret: r#"(?:[^"\\\r\n]|\\[^\r\n])+"#,
        starts: KEY_STARTS,
        ascii: secrets::double_quoted,
    },
    // Password='…' (ADO and ODBC connection strings).
    Rule {
        lead: const_format_key_lead!("'"),
        secret: r"[^'\r\n]+",
        starts: KEY_STARTS,
        ascii: secrets::single_quoted,
    },
    // Password=…; AccountKey=…, secret: a b c: the words up to a delimiter or the line end.
    Rule {
        lead: const_format_key_lead!(""),
        secret: r#"[^\s;"'&,}]+(?:[ \t]+[^\s;"'&,}]+)*"#,
        starts: KEY_STARTS,
        ascii: secrets::unquoted,
    },
];

/// A rule compiled: the whole match, and its lead. Searches are anchored at a start
/// keyword, so neither needs a prefilter.
struct Compiled {
    whole: Regex,
    lead: Option<Regex>,
}

fn rule(index: usize) -> &'static Compiled {
    static COMPILED: [OnceLock<Compiled>; RULES.len()] = [const { OnceLock::new() }; RULES.len()];
    COMPILED[index].get_or_init(|| {
        let Rule { lead, secret, .. } = RULES[index];
        let build = |pattern: &str| {
            Builder::new()
                .configure(Regex::config().auto_prefilter(false))
                .build(pattern)
                .expect("static pattern compiles")
        };
        Compiled {
            whole: build(&format!("{lead}{secret}")),
            lead: (!lead.is_empty()).then(|| build(lead)),
        }
    })
}

/// Every rule's start texts in one search (each once: three rules share the key
/// keywords, and 58 literals made Teddy take its slower, wider form where 19 do not),
/// and the rules each belongs to.
fn starts() -> &'static (LiteralSearch, Vec<Vec<usize>>) {
    static STARTS: OnceLock<(LiteralSearch, Vec<Vec<usize>>)> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut literals: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (index, rule) in RULES.iter().enumerate() {
            for start in rule.starts {
                match literals.iter().position(|l| l == start) {
                    Some(at) => owners[at].push(index),
                    None => {
                        literals.push(start);
                        owners.push(vec![index]);
                    }
                }
            }
        }
        (LiteralSearch::new(literals), owners)
    })
}

/// Whether case folding lets a rule match where no start keyword is: `s` and `k`
/// match two letters outside ASCII (ſ, K), so in a text holding either every rule may
/// match anywhere.
fn folds_beyond_ascii(text: &str) -> bool {
    !text.is_ascii() && text.contains(['\u{17F}', '\u{212A}'])
}

/// Bits of a found keyword (`keywords_in`) that hold its index in `starts()`.
const KEYWORD_BITS: u32 = 5;

/// A found keyword, packed: its start and its index in `starts()`.
fn unpack(keyword: usize) -> (usize, usize) {
    (keyword >> KEYWORD_BITS, keyword & ((1 << KEYWORD_BITS) - 1))
}

/// The keywords `keywords_in` found, unpacked (start, index in `starts()`), in order.
fn unpacked(parts: &[Vec<usize>]) -> impl Iterator<Item = (usize, usize)> + '_ {
    parts.iter().flatten().map(|&k| unpack(k))
}

/// Every start keyword in `text`, packed (`unpack`: start, index in `starts()`), in
/// order of start, in the parts the scan found them in (not joined, and a word each:
/// on a 2 MB paste with 3,200 tokens each copy or doubling is tens of page faults);
/// `None` when `folds_beyond_ascii`.
fn keywords_in(text: &str) -> Option<Vec<Vec<usize>>> {
    if folds_beyond_ascii(text) {
        return None;
    }
    let (search, _) = starts();
    Some(scan_parts(
        text.as_bytes(),
        &[search],
        |part: &mut Vec<usize>, _, literal, start| part.push(start << KEYWORD_BITS | literal),
    ))
}

/// Where a match of each rule may start, from the start keywords found (`keywords_in`),
/// in order.
fn rule_starts(keywords: impl IntoIterator<Item = (usize, usize)>) -> [Vec<usize>; RULES.len()] {
    let (_, owners) = starts();
    let mut found: [Vec<usize>; RULES.len()] = Default::default();
    for (start, literal) in keywords {
        for &rule in &owners[literal] {
            let list = &mut found[rule];
            if list.last() != Some(&start) {
                list.push(start);
            }
        }
    }
    found
}

/// Where a match of each rule may start in `text`, in order (`None` when
/// `folds_beyond_ascii`).
fn match_starts(text: &str) -> Option<[Vec<usize>; RULES.len()]> {
    keywords_in(text).map(|parts| rule_starts(unpacked(&parts)))
}

/// The start keywords of a text after `secrets` (sorted, not overlapping) were masked,
/// from those found before: each keyword that no secret touches, moved by the masks
/// before it. No keyword can hold a byte of a mask (none has `[` or `]` or is part of
/// `REDACTED`; a test checks), so these are every keyword of the masked text.
fn keywords_after_masking(
    keywords: impl IntoIterator<Item = (usize, usize)>,
    secrets: &[Range<usize>],
) -> impl Iterator<Item = (usize, usize)> {
    let (search, _) = starts();
    // Secrets ending at or before the keyword: their bytes, and the masks' bytes.
    let (mut next, mut removed, mut added) = (0, 0, 0);
    keywords.into_iter().filter_map(move |(start, literal)| {
        let end = start + search.literal_len(literal);
        while next < secrets.len() && secrets[next].end <= start {
            removed += secrets[next].len();
            added += MASK.len();
            next += 1;
        }
        // The first secret ending after the keyword's start: does it begin before its end?
        if secrets.get(next).is_some_and(|s| s.start < end) {
            return None;
        }
        Some((start - removed + added, literal))
    })
}

/// Where the secrets of `rule`'s matches are in `text` (already masked ones left out):
/// at each of `starts` (or anywhere, for `None`), left to right, not overlapping.
fn secrets(text: &str, index: usize, starts: Option<&[usize]>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let anchored = |range: Range<usize>| Input::new(bytes).span(range).anchored(Anchored::Yes);
    // Where the secret of a match of the whole rule starts: after its lead.
    let lead_end = |m: Match| {
        rule(index)
            .lead
            .as_ref()
            .and_then(|lead| lead.find(anchored(m.range())))
            .map_or(m.start(), |l| l.end())
    };
    let ascii = text.is_ascii().then_some(RULES[index].ascii);
    // Where the match anchored at `start` ends, and where its lead does.
    let match_at = |start: usize| -> Option<(usize, usize)> {
        if let Some(ascii) = ascii {
            return ascii(bytes, start).map(|(secret, end)| (end, secret));
        }
        let m = rule(index).whole.find(anchored(start..bytes.len()))?;
        Some((m.end(), lead_end(m)))
    };
    let mut found = Vec::new();
    let mut keep = |secret: Range<usize>| {
        if &bytes[secret.clone()] != MASK.as_bytes() {
            found.push(secret);
        }
    };
    match starts {
        Some(starts) => {
            let mut resume = 0;
            for &start in starts.iter().filter(|&&s| s < bytes.len()) {
                if start < resume {
                    continue;
                }
                if let Some((end, lead_end)) = match_at(start) {
                    resume = end.max(start + 1);
                    keep(lead_end..end);
                }
            }
        }
        None => {
            for m in rule(index).whole.find_iter(bytes) {
                keep(lead_end(m)..m.end());
            }
        }
    }
    found
}

fn email_rule() -> &'static regex::Regex {
    static RULE: OnceLock<regex::Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
            .expect("static pattern compiles")
    })
}

/// How many layers of escapes are taken off (JSON in a JSON string in a URL…); each
/// costs one more pass over the paste.
const MAX_LAYERS: usize = 8;

/// Every secret in `text` as it is written: the union of every rule's matches, in
/// order, not overlapping. Already masked secrets are left out.
fn found_in(text: &str, emails: bool) -> Vec<Range<usize>> {
    found_from(text, emails, match_starts(text))
}

/// `found_in` with the rules' starts found already (`match_starts`).
fn found_from(
    text: &str,
    emails: bool,
    starts: Option<[Vec<usize>; RULES.len()]>,
) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for index in 0..RULES.len() {
        let here = starts.as_ref().map(|s| s[index].as_slice());
        if here.is_some_and(<[usize]>::is_empty) {
            continue;
        }
        found.extend(secrets(text, index, here));
    }
    if emails && text.contains('@') {
        found.extend(
            email_rule()
                .find_iter(text)
                .map(|m| m.range())
                .filter(|r| &text[r.clone()] != MASK),
        );
    }
    found
}

/// `ranges` sorted and joined where they overlap or touch.
fn union(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// Every secret in `text`, as written and behind each layer of escapes (`decode.rs`),
/// as ranges of `text`: sorted, not overlapping.
fn find_all(text: &str, emails: bool) -> Vec<Range<usize>> {
    find_all_from(text, emails, match_starts(text))
}

/// `find_all` with the rules' starts in `text` itself found already.
fn find_all_from(
    text: &str,
    emails: bool,
    starts: Option<[Vec<usize>; RULES.len()]>,
) -> Vec<Range<usize>> {
    let mut found = found_from(text, emails, starts);
    let mut layers: Vec<decode::Layer> = Vec::new();
    while layers.len() < MAX_LAYERS {
        let view = layers.last().map_or(text, |l| l.text.as_str());
        if !decode::may_decode(view) {
            break;
        }
        let Some(layer) = decode::decode(view) else {
            break;
        };
        for secret in found_in(&layer.text, emails) {
            let in_text = std::iter::once(&layer)
                .chain(layers.iter().rev())
                .fold(secret, |range, layer| layer.source(range));
            found.push(in_text);
        }
        layers.push(layer);
    }
    union(found)
}

/// `redact`, and email addresses too (the `redact_emails` setting).
pub fn redact_with_emails(text: &str) -> Redacted {
    redact_owned_with_emails(text.to_string())
}

/// `redact_with_emails`, keeping `text` itself when nothing is masked.
pub fn redact_owned_with_emails(text: String) -> Redacted {
    redact_found(text, true)
}

fn redact_found(text: String, emails: bool) -> Redacted {
    let found = find_all(&text, emails);
    if found.is_empty() {
        return Redacted { text, count: 0 };
    }
    Redacted {
        count: found.len(),
        text: mask(text, &found),
    }
}

/// `text` with each of `secrets` (in order, not overlapping) replaced by the mask. When
/// no secret is shorter than the mask the text shrinks, and is rewritten in place: a
/// long paste full of tokens is not copied into a fresh buffer.
fn mask(text: String, secrets: &[Range<usize>]) -> String {
    if secrets.iter().all(|s| s.len() >= MASK.len()) {
        let mut bytes = text.into_bytes();
        let (mut read, mut write) = (0, 0);
        for secret in secrets {
            bytes.copy_within(read..secret.start, write);
            write += secret.start - read;
            bytes[write..write + MASK.len()].copy_from_slice(MASK.as_bytes());
            write += MASK.len();
            read = secret.end;
        }
        let len = bytes.len();
        bytes.copy_within(read..len, write);
        bytes.truncate(write + len - read);
        // Whole characters were replaced by ASCII, so this never replaces anything.
        return String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }
    let mut out = String::with_capacity(text.len() + secrets.len() * MASK.len());
    let mut last = 0;
    for secret in secrets {
        out.push_str(&text[last..secret.start]);
        out.push_str(MASK);
        last = secret.end;
    }
    out.push_str(&text[last..]);
    out
}

/// `text` with every secret replaced by `[REDACTED]`, and how many were replaced.
pub fn redact(text: &str) -> Redacted {
    redact_owned(text.to_string())
}

/// `redact` without a copy of `text` when it holds no secret (a paste redacted already,
/// read again for its excerpt): the text, and how many secrets were masked.
pub fn redact_borrowed(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let found = find_all(text, false);
    if found.is_empty() {
        return (text.into(), 0);
    }
    (mask(text.to_string(), &found).into(), found.len())
}

/// `redact`, keeping `text` itself when it holds no secret (a long paste is not copied).
pub fn redact_owned(text: String) -> Redacted {
    redact_found(text, false)
}

/// A paste redacted for a report, and what redacting the result again finds (the
/// report's excerpt redacts what it shows again, and redaction is not idempotent: see
/// docs/PERFORMANCE.md, fifth round).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactedTwice {
    pub text: String,
    pub count: usize,
    /// The secrets `find_all` finds in `text`.
    again: Vec<Range<usize>>,
}

impl RedactedTwice {
    /// `redact_borrowed(&self.text)`, without reading the text again.
    pub fn again(&self) -> (std::borrow::Cow<'_, str>, usize) {
        if self.again.is_empty() {
            return (self.text.as_str().into(), 0);
        }
        (
            mask(self.text.clone(), &self.again).into(),
            self.again.len(),
        )
    }
}

/// `redact_owned` (`redact_owned_with_emails` when `emails`), and what `redact_borrowed`
/// of the result finds, from one search for the rules' start keywords: those of the
/// masked text are the paste's that no secret touched (a second search over a 2 MB
/// paste cost 6.7 M instructions).
pub fn redact_twice(text: String, emails: bool) -> RedactedTwice {
    let keywords = keywords_in(&text);
    let found = find_all_from(
        &text,
        emails,
        keywords.as_ref().map(|parts| rule_starts(unpacked(parts))),
    );
    if found.is_empty() {
        // Nothing masked with emails is nothing masked without them either.
        return RedactedTwice {
            text,
            count: 0,
            again: Vec::new(),
        };
    }
    let count = found.len();
    let text = mask(text, &found);
    let starts = match keywords {
        _ if folds_beyond_ascii(&text) => None,
        Some(keywords) => Some(rule_starts(keywords_after_masking(
            unpacked(&keywords),
            &found,
        ))),
        None => match_starts(&text),
    };
    let again = find_all_from(&text, false, starts);
    RedactedTwice { text, count, again }
}

/// How much of the end of a text being typed `redact_tail` reads.
const TAIL: usize = 4096;

/// Redact the end of a text as it is typed (the last line, or its last `TAIL` bytes),
/// in place: a secret typed or pasted key by key is masked once a space or line ends
/// it, at a cost that does not grow with the text. What it returns is how many were
/// masked. The whole text is redacted again when it is submitted.
pub fn redact_tail(text: &mut String, emails: bool) -> usize {
    let mut from = text.len().saturating_sub(TAIL);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let end = text.len();
    // Start at the line the end is on when it lies within reach.
    let line = text[from..end.saturating_sub(1).max(from)]
        .rfind('\n')
        .map_or(from, |at| from + at + 1);
    let tail = text.split_off(line);
    let r = redact_found(tail, emails);
    text.push_str(&r.text);
    r.count
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

    /// Every rule run on every text, as before the literal gate, with the secret as a
    /// capture group, as before the lead was matched on its own.
    fn found_ungated(text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        for Rule { lead, secret, .. } in RULES {
            let rule = regex::Regex::new(&format!("{lead}({secret})")).expect("compiles");
            for caps in rule.captures_iter(text) {
                let secret = caps.get(1).expect("the group takes part");
                if secret.as_str() != MASK {
                    found.push(secret.range());
                }
            }
        }
        union(found)
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
                    "==", ": =", "\"\"", "\t\n", "x-ms-apim-tokens\"=\"", "ClientSecret: ", "é",
                    "x", "api_key=", "\u{b}", "\u{c}\r", ":", "=\"", "'", "\\", "Authorization: ",
                    "Basic ", "Cookie: ", "id_token=", "Ocp-Apim-Subscription-Key: ", "a b",
                    "SharedAccessSignature=", ",", "}", "&",
                ]),
                0..12,
            ),
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(union(found_in(&text, false)), found_ungated(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_rules_match_as_the_regexes_do(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bearer", "bearer", "BEARER", " ", "  ", "\t", "\u{b}", "\n", "x", "_",
                    "abcdefgh", "ABC123._~+/=-", "eyJ", "eyj", "abcdef", ".", "?", "&",
                    "sig=", "SIG=", "%2F", "x-ms-apim-tokens", "X-MS-APIM-TOKENS", "\"", ":",
                    "=", "password", "passwd", "pwd", "secret", "client_secret", "ClientSecret",
                    "accountkey", "SharedAccessKey", "api", "key", "_", "-", "access", "token",
                    "refresh", ";", "'", ",", "}", "0123456789abcdef", "authorization", "basic",
                    "cookie", "subscription", "id", "client", "signature", "shared", "\\", "\r",
                ]),
                0..14,
            ),
        ) {
            let text: String = parts.concat();
            let bytes = text.as_bytes();
            for (index, rule) in RULES.iter().enumerate() {
                let compiled = super::rule(index);
                for start in 0..=bytes.len() {
                    let input = Input::new(bytes).span(start..bytes.len()).anchored(Anchored::Yes);
                    let expected = compiled.whole.find(input).map(|m| {
                        let lead = compiled
                            .lead
                            .as_ref()
                            .and_then(|l| l.find(Input::new(bytes).span(m.range()).anchored(Anchored::Yes)))
                            .map_or(m.start(), |l| l.end());
                        (lead, m.end())
                    });
                    proptest::prop_assert_eq!((rule.ascii)(bytes, start), expected, "rule {} at {} in {:?}", index, start, text);
                }
            }
        }
    }

    /// The review's `leaks.txt` (F1-F3), and the credential kinds it found missing (F1b).
    #[test]
    fn secrets_behind_escapes_quotes_and_spaces_are_masked() {
        let leaks = concat!(
            r#"{"value":"https://prod-12.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01\u0026sv=1.0\u0026sig=LEAKsigA"}"#,
            "\n",
            r#"<a href="https://x.logic.azure.com/invoke?sp=%2F&amp;sv=1.0&amp;sig=LEAKsigB">trigger</a>"#,
            "\nnext=https%3A%2F%2Fx.logic.azure.com%2Finvoke%3Fsv%3D1%26sig%3DLEAKsigC\n",
            "Server=db;User Id=sa;Password='LEAKpwQ;x';\n",
            r#"Password="LEAKpwS1 LEAKpwS2""#,
            "\npassword: LEAKa LEAKb LEAKc\n",
            r#"{"pwd":"LEAKx,LEAKy"}"#,
            "\n",
            r#"{"error":{"message":"{\"X-MS-APIM-Tokens\":\"eyJzaGFyZWRfb2ZmaWNlMzY1Ijp7InRva2VuIjoiTEVBSyJ9fQ==\",\"password\":\"LEAKpwE\",\"client_secret\":\"LEAKcsE\"}"}}"#,
            "\n",
            r#"{"body":"{\\\"refresh_token\\\":\\\"LEAKdeep\\\"}"}"#,
            "\nAuthorization: Basic TEVBS2Jhc2ljOnB3\n",
            "Ocp-Apim-Subscription-Key: LEAKsub0123\n",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=LEAKkey==;EndpointSuffix=core.windows.net\n",
            "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=LEAKsak=\n",
            "SharedAccessSignature sr=x&sig=LEAKsas&se=1&skn=k\n",
            "Cookie: ARRAffinity=LEAKcookie; session=LEAKsess\n",
            r#"{"Set-Cookie":"id=LEAKset; Path=/"}"#,
            "\nclient-secret=LEAKcs2&grant_type=client_credentials\n",
            r#"{"id_token":"LEAKid"}"#,
        );
        let r = redact(leaks);
        for leak in ["LEAK", "eyJzaGFy", "TEVBS2"] {
            assert!(!r.text.contains(leak), "{leak} in:\n{}", r.text);
        }
        assert!(
            r.text.contains(r#"\"password\":\"[REDACTED]\""#),
            "{}",
            r.text
        );
        assert!(r.text.contains("&amp;sig=[REDACTED]"), "{}", r.text);
        assert!(r.text.contains("Password='[REDACTED]'"), "{}", r.text);
        assert!(
            r.text.contains("grant_type=client_credentials"),
            "{}",
            r.text
        );
        assert!(
            r.text.contains("EndpointSuffix=core.windows.net"),
            "{}",
            r.text
        );
        assert_eq!(
            redact(&r.text).count,
            0,
            "redacting twice masks nothing more"
        );
    }

    #[test]
    fn no_start_keyword_can_hold_a_byte_of_the_mask() {
        let (search, _) = starts();
        assert!(
            search.len() <= 1 << KEYWORD_BITS,
            "each index fits its bits"
        );
        for literal in 0..search.len() {
            let bytes = &search.literals[literal];
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains(['[', ']']), "{text}");
            assert!(!"redacted".contains(text.as_ref()), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn redacting_twice_at_once_is_redacting_twice(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bearer ", "bEaReR\t", "eyJhbGciOi", ".eyJzdWIi", ".sig_part", "?sig=", "&SIG=",
                    "x-ms-apim-tokens: ", "Password=", "pwd: ", "client_secret=", "AccountKey=",
                    "api-key: ", "access_token=", "refresh-token: ", "abcdefghijklmnop", "hunter22",
                    "; ", " ", "\"", "ſecret=", "\u{212A}ey", "[REDACTED]", "AbCd/+=_-1234", ": =",
                    "\t\n", "é", "x", "'", "\\", "Authorization: ", "Basic ", "Cookie: ",
                    "id_token=", ",", "}", "&", "\\u0026", "\\\"", "&amp;", "%26", "%3D", "&quot;",
                    "ada@contoso.com", "\u{2014}", "\n", "\r\n",
                ]),
                0..14,
            ),
            emails in proptest::bool::ANY,
        ) {
            let text: String = parts.concat();
            let once = if emails { redact_with_emails(&text) } else { redact(&text) };
            let twice = redact_twice(text.clone(), emails);
            proptest::prop_assert_eq!(&twice.text, &once.text);
            proptest::prop_assert_eq!(twice.count, once.count);
            let (again, count) = redact_borrowed(&once.text);
            let (fused, fused_count) = twice.again();
            proptest::prop_assert_eq!(fused.as_ref(), again.as_ref());
            proptest::prop_assert_eq!(fused_count, count);
            // The keywords of the masked text, moved from the paste's, are its own.
            let found = find_all(&text, emails);
            if let (Some(before), Some(after)) = (keywords_in(&text), keywords_in(&once.text)) {
                let moved: Vec<(usize, usize)> =
                    keywords_after_masking(unpacked(&before), &found)
                        .collect();
                let after: Vec<(usize, usize)> = after.concat().into_iter().map(unpack).collect();
                proptest::prop_assert_eq!(moved, after);
            }
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

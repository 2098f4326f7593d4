#![no_main]
//! Issue 16: a secret in any credential shape, wrapped in any layers of the encodings a
//! paste carries (JSON strings, `\uXXXX`, HTML entities, percent-encoding) and placed
//! in arbitrary text, never survives redaction.

use flowtriage::classify::redact;
use libfuzzer_sys::fuzz_target;

const SHAPES: &[&str] = &[
    "Authorization: Bearer {}",
    "Authorization: Basic {}",
    "x-ms-apim-tokens: {}",
    "https://x.logic.azure.com/invoke?sp=%2F&sv=1.0&sig={}",
    "Password={};",
    "Password='{};x'",
    r#"{"password":"{} b"}"#,
    r#"{"client_secret":"{}"}"#,
    "AccountKey={}==;",
    "Ocp-Apim-Subscription-Key: {}",
    "Cookie: a={}; b=1",
    "refresh_token={}&x=1",
];

fn encode(kind: u8, text: &str) -> String {
    match kind % 5 {
        0 => {
            let q = serde_json::to_string(text).unwrap();
            q[1..q.len() - 1].to_string()
        }
        1 => text
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_string() } else { format!("\\u{:04x}", c as u32) })
            .collect(),
        2 => text.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&#39;"),
        3 => text
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect(),
        _ => text.to_string(),
    }
}

fuzz_target!(|data: &[u8]| {
    let [shape, layers, a, b, c, rest @ ..] = data else { return };
    let secret: String = std::iter::once("LEAK".to_string())
        .chain(rest.iter().filter(|b| b.is_ascii_alphanumeric()).take(20).map(|&b| (b as char).to_string()))
        .collect::<String>();
    // At least as long as tests/prop_secrets.rs makes them (LEAK and 12 more): a rule may
    // ask for a minimum (an X-MS-APIM-Tokens value has at least 16 characters; a real
    // one is hundreds), and a shorter secret is not the promise this target checks.
    if secret.len() < 16 {
        return;
    }
    let mut text = SHAPES[*shape as usize % SHAPES.len()].replace("{}", &secret);
    for kind in [*a, *b, *c].iter().take((*layers % 4) as usize) {
        text = encode(*kind, &text);
    }
    // The text around is the fuzzer's; it must not hold the secret itself, unredacted
    // on its own (bytes `A LEAK A` make the secret `LEAK A`).
    let around = String::from_utf8_lossy(rest).replace("LEAK", "L_AK");
    let paste = format!("{around}\n{text}\n{around}");
    let r = redact(&paste);
    assert!(!r.text.contains(&secret), "{}", r.text);
});

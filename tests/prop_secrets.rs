//! Issue 16 (F1-F5): any secret, written in any of the shapes a flow's error, a trigger
//! URL or a connection string gives it, wrapped in any of the encodings a paste carries
//! (JSON strings at any depth, `\uXXXX`, HTML entities, percent-encoding) and embedded
//! in random text, never appears in anything flowtriage shows, saves or exports.

mod support;

use flowtriage::classify::redact;
use flowtriage::report::{to_html, to_json, to_markdown, to_text};
use flowtriage::wizard::{Message, Popup, update};
use proptest::prelude::*;

/// How a credential is written; `{}` is the secret.
const SHAPES: &[&str] = &[
    "Authorization: Bearer {}",
    r#"{"Authorization":"Bearer {}"}"#,
    "Authorization: Basic {}",
    "x-ms-apim-tokens: {}",
    r#"{"X-MS-APIM-Tokens":"{}"}"#,
    "https://prod-1.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig={}",
    "https://x.logic.azure.com/invoke?sig={}",
    "Server=db;User Id=sa;Password={};Encrypt=True",
    "Server=db;Password='{};x y';",
    r#"Password="{} two words""#,
    "password: a {} c",
    r#"{"password":"{}"}"#,
    r#"{"client_secret":"{}","grant_type":"client_credentials"}"#,
    "client_secret={}&grant_type=client_credentials",
    "DefaultEndpointsProtocol=https;AccountName=a;AccountKey={}==;EndpointSuffix=core.windows.net",
    "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey={}",
    "SharedAccessSignature sr=x&sig={}&se=1",
    "Ocp-Apim-Subscription-Key: {}",
    r#"{"refresh_token":"{}"}"#,
    "Cookie: ARRAffinity={}; other=1",
    "Set-Cookie: session={}; Path=/",
    "api-key: {}",
];

fn json_string(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    quoted[1..quoted.len() - 1].to_string()
}

/// One layer of encoding.
fn encode(kind: u8, text: &str) -> String {
    match kind {
        // JSON inside a JSON string, as a flow's error body carries it.
        0 => json_string(text),
        // System.Text.Json: every character that is not a letter or digit as \uXXXX.
        1 => text
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == ' ' {
                    c.to_string()
                } else {
                    format!("\\u{:04x}", c as u32)
                }
            })
            .collect(),
        // Copied from HTML (Outlook, Teams).
        2 => text
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
            .replace('<', "&lt;"),
        // Percent-encoded inside another URL.
        3 => text
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_secret_survives_in_any_encoding(
        secret in "LEAK[A-Za-z0-9]{12,24}",
        shape in 0..SHAPES.len(),
        layers in proptest::collection::vec(0u8..5, 0..4),
        before in "[ -~\n]{0,60}",
        after in "[ -~\n]{0,60}",
    ) {
        let mut text = SHAPES[shape].replace("{}", &secret);
        for kind in layers {
            text = encode(kind, &text);
        }
        let paste = format!("{before}\n{text}\n{after}");

        let r = redact(&paste);
        prop_assert!(!r.text.contains(&secret), "{}", r.text);
        prop_assert!(r.count >= 1);

        // Through the wizard: the paste box as drawn, the session as saved, a note,
        // every report format, the clipboard.
        let mut m = support::model();
        update(&mut m, Message::OpenPaste);
        update(&mut m, Message::Pasted(paste.clone()));
        if let Popup::Paste { text, .. } = &m.popup {
            prop_assert!(!text.contains(&secret), "shown in the box: {}", text);
        }
        update(&mut m, Message::Submit);
        // A note on a step of the checklist, pasted into the note box.
        m.screen = flowtriage::wizard::Screen::Outcome;
        if !m.step_ids().is_empty() {
            update(&mut m, Message::OpenNote);
            update(&mut m, Message::Pasted(paste.clone()));
            update(&mut m, Message::Submit);
        }
        // One saved by an older version, as a resumed session holds it.
        let mut old = m.session.clone();
        old.marks.notes.insert("turn-on".into(), paste.clone());
        let out = to_markdown(&old.report(&m.playbook, None, None));
        prop_assert!(!out.contains(&secret), "{}", out);
        let saved = serde_json::to_string(&m.session).unwrap();
        prop_assert!(!saved.contains(&secret), "{}", saved);
        let report = m.session.report(&m.playbook, None, None);
        for out in [to_markdown(&report), to_text(&report), to_html(&report), to_json(&report).to_string()] {
            prop_assert!(!out.contains(&secret), "{}", out);
        }
    }
}

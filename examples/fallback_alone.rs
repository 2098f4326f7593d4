//! The embedded fallback model alone, as if no signature had matched: reads JSON lines
//! `{"text": "..."}` on standard input and writes `{"category": ..., "linear": ...}`
//! for each, the category `unknown` when the model guesses nothing. docs/ACCURACY.md's
//! fallback-alone figures over the read real corpus come from it.
//!
//! ```text
//! cargo run --release --example fallback_alone < texts.jsonl
//! ```

use std::io::BufRead;

fn main() {
    let model = flowtriage::content::embedded_model().expect("the build embeds a model");
    let plain = |t: &str| flowtriage::classify::plain_form(t);
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("standard input is readable");
        let value: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("not a JSON line ({e}): {line}");
                std::process::exit(2);
            }
        };
        let text = value["text"].as_str().unwrap_or_default();
        let guess =
            model.predict_with(&plain(text), &plain, flowtriage::classify::UNKNOWN_CATEGORY);
        println!(
            "{}",
            serde_json::json!({
                "category": guess.as_ref().map_or("unknown", |p| p.category.as_str()),
                "linear": guess.as_ref().is_some_and(|p| p.linear),
            })
        );
    }
}

//! The fallback for wordings no signature names: a nearest-centroid model over
//! character n-grams (TF-IDF, cosine similarity), made from the labelled examples the
//! playbook keeps (`[[example]]` in content).
//!
//! Deterministic (no randomness, ties go to the category declared first), small (a few
//! dozen examples, a few thousand features) and explainable: a prediction names the
//! nearest example of its category and the runner-up category. The classifier asks it
//! only when no signature matched, and its confidence stays below any signature's.

use std::collections::HashMap;

use crate::content::Example;

/// Character n-grams of these lengths, taken inside words padded with a space.
const GRAMS: std::ops::RangeInclusive<usize> = 3..=5;

/// The n-gram lengths of a word written (partly) in Chinese, Japanese or Korean script.
const CJK_GRAMS: std::ops::RangeInclusive<usize> = 1..=2;

/// Han ideographs, kana and hangul.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{1100}'..='\u{11FF}' // hangul jamo
        | '\u{3130}'..='\u{318F}' // hangul compatibility jamo
        | '\u{AC00}'..='\u{D7AF}' // hangul syllables
    )
}

/// Only this much of a paste's plain form is read (a fallback for a long transcript
/// would cost more than it tells).
const MAX_TEXT: usize = 16 * 1024;

/// Below this similarity to every category, nothing is predicted.
pub const MIN_SIMILARITY: f32 = 0.3;

/// The highest confidence the fallback gives (a signature matched by status alone,
/// with a close runner-up, has 0.35).
pub const MAX_CONFIDENCE: f64 = 0.3;

type Vector = Vec<(u64, f32)>;

/// A model made from examples.
#[derive(Debug, Clone, Default)]
pub struct Model {
    categories: Vec<String>,
    idf: HashMap<u64, f32>,
    /// Per category and language, the normalised mean of its examples' vectors (sorted
    /// by feature), with the category's index. One centroid per language keeps the two
    /// Korean examples of a category from being drowned by its twenty English ones.
    centroids: Vec<(usize, Vector)>,
    /// Per example: its category and vector.
    examples: Vec<(usize, Vector)>,
    texts: Vec<String>,
}

/// What the model makes of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub category: String,
    pub similarity: f32,
    pub confidence: f64,
    /// The next category, and its similarity.
    pub runner_up: Option<(String, f32)>,
    /// The nearest example of the predicted category.
    pub nearest: String,
}

/// FNV-1a: stable across builds and machines.
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The n-gram counts of `text`.
fn grams(text: &str) -> HashMap<u64, f32> {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lower = text[..end].to_lowercase();
    let mut counts: HashMap<u64, f32> = HashMap::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let padded: Vec<char> = std::iter::once(' ')
            .chain(word.chars())
            .chain(std::iter::once(' '))
            .collect();
        let mut buf = String::new();
        // Chinese, Japanese and Korean words are one or two characters, and a run of
        // them without spaces is a whole clause: what paraphrases share are single
        // characters and pairs, not longer grams or the run itself.
        let cjk = word.chars().any(is_cjk);
        let lengths = if cjk { CJK_GRAMS } else { GRAMS };
        for n in lengths {
            for window in padded.windows(n) {
                buf.clear();
                buf.extend(window);
                *counts.entry(hash(buf.as_bytes())).or_default() += 1.0;
            }
        }
        // Whole words too, so that a shared word counts more than shared letters.
        if !cjk {
            *counts.entry(hash(word.as_bytes()) ^ 1).or_default() += 1.0;
        }
    }
    counts
}

fn normalised(mut v: Vector) -> Vector {
    // Sorted first: the norm is then summed in the same order every time.
    v.sort_unstable_by_key(|(k, _)| *k);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

fn dot(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

impl Model {
    /// A model of `examples` (the plain forms of their texts are used, as for pastes).
    pub fn new(examples: &[Example]) -> Model {
        let mut categories: Vec<String> = Vec::new();
        // (category, language) of each centroid, in the order first seen.
        let mut groups: Vec<(usize, &str)> = Vec::new();
        let mut group_of: Vec<usize> = Vec::with_capacity(examples.len());
        let counts: Vec<(usize, HashMap<u64, f32>)> = examples
            .iter()
            .map(|e| {
                let c = match categories.iter().position(|c| *c == e.category) {
                    Some(c) => c,
                    None => {
                        categories.push(e.category.clone());
                        categories.len() - 1
                    }
                };
                let g = match groups.iter().position(|&(gc, gl)| gc == c && gl == e.lang) {
                    Some(g) => g,
                    None => {
                        groups.push((c, e.lang.as_str()));
                        groups.len() - 1
                    }
                };
                group_of.push(g);
                (c, grams(&super::normalise::normalise(&e.text).text))
            })
            .collect();
        let n = counts.len() as f32;
        let mut df: HashMap<u64, f32> = HashMap::new();
        for (_, c) in &counts {
            for k in c.keys() {
                *df.entry(*k).or_default() += 1.0;
            }
        }
        let idf: HashMap<u64, f32> = df
            .into_iter()
            .map(|(k, d)| (k, ((n + 1.0) / (d + 1.0)).ln() + 1.0))
            .collect();
        let mut model = Model {
            categories,
            idf,
            ..Model::default()
        };
        model.examples = counts
            .into_iter()
            .map(|(c, counts)| (c, model.weigh(counts)))
            .collect();
        model.texts = examples.iter().map(|e| e.text.clone()).collect();
        let mut sums: Vec<HashMap<u64, f32>> = vec![HashMap::new(); groups.len()];
        for ((_, v), &g) in model.examples.iter().zip(&group_of) {
            for (k, w) in v {
                *sums[g].entry(*k).or_default() += w;
            }
        }
        model.centroids = sums
            .into_iter()
            .zip(&groups)
            .map(|(s, &(c, _))| (c, normalised(s.into_iter().collect())))
            .collect();
        model
    }

    fn weigh(&self, counts: HashMap<u64, f32>) -> Vector {
        normalised(
            counts
                .into_iter()
                .filter_map(|(k, tf)| Some((k, (1.0 + tf.ln()) * self.idf.get(&k)?)))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// The nearest category to `plain` (a paste's plain form), if any is near enough.
    pub fn predict(&self, plain: &str) -> Option<Prediction> {
        if self.is_empty() {
            return None;
        }
        let v = self.weigh(grams(plain));
        if v.is_empty() {
            return None;
        }
        // A category scores as its nearest centroid (one per language).
        let mut best_of = vec![f32::NEG_INFINITY; self.categories.len()];
        for (c, centroid) in &self.centroids {
            best_of[*c] = best_of[*c].max(dot(&v, centroid));
        }
        let mut scores: Vec<(usize, f32)> = best_of.into_iter().enumerate().collect();
        // Stable: among equal scores, the category first declared wins.
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (best, similarity) = scores[0];
        if similarity < MIN_SIMILARITY {
            return None;
        }
        let nearest = self
            .examples
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| *c == best)
            .map(|(i, (_, e))| (i, dot(&v, e)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| self.texts[i].clone())
            .unwrap_or_default();
        let confidence = (0.05 + f64::from(similarity) * 0.5).min(MAX_CONFIDENCE);
        Some(Prediction {
            category: self.categories[best].clone(),
            similarity,
            confidence: (confidence * 100.0).round() / 100.0,
            runner_up: scores.get(1).map(|&(c, s)| (self.categories[c].clone(), s)),
            nearest,
        })
    }
}

/// The examples a playbook's model is made of: its `[[example]]`s, then each
/// signature's title and verbatim messages as examples of its category.
pub fn examples_of(playbook: &crate::content::Playbook) -> Vec<Example> {
    let mut examples = playbook.examples.clone();
    for sig in &playbook.signatures {
        for text in std::iter::once(&sig.title).chain(&sig.messages) {
            examples.push(Example {
                category: sig.category.clone(),
                text: text.clone(),
                lang: String::new(),
            });
        }
    }
    examples
}

/// Leave-one-out over `examples`: for each, the model of all the others predicts it.
/// Returns (expected, predicted or `unknown`) per example.
pub fn leave_one_out(examples: &[Example]) -> Vec<(String, String)> {
    (0..examples.len())
        .map(|i| {
            let rest: Vec<Example> = examples
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, e)| e.clone())
                .collect();
            let model = Model::new(&rest);
            let plain = super::normalise::normalise(&examples[i].text).text;
            let got = model
                .predict(&plain)
                .map_or_else(|| super::UNKNOWN_CATEGORY.to_string(), |p| p.category);
            (examples[i].category.clone(), got)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(category: &str, text: &str) -> Example {
        Example {
            category: category.into(),
            text: text.into(),
            lang: String::new(),
        }
    }

    #[test]
    fn the_nearest_category_wins_and_names_its_example_and_runner_up() {
        let model = Model::new(&[
            ex(
                "response-timeout",
                "the app waits two minutes and then fails",
            ),
            ex(
                "response-timeout",
                "after 2 minutes the app gives up waiting",
            ),
            ex("trigger-disabled", "the flow is turned off"),
        ]);
        let p = model
            .predict("my app keeps waiting for two minutes, then it fails")
            .expect("near enough");
        assert_eq!(p.category, "response-timeout");
        assert_eq!(p.nearest, "the app waits two minutes and then fails");
        assert_eq!(
            p.runner_up.as_ref().map(|r| r.0.as_str()),
            Some("trigger-disabled")
        );
        assert!(p.confidence <= MAX_CONFIDENCE && p.confidence > 0.0);
        assert!(model.predict("zzz qqq").is_none());
        // The same input, the same answer.
        assert_eq!(
            model.predict("my app keeps waiting for two minutes, then it fails"),
            Some(p)
        );
    }

    #[test]
    fn a_few_examples_in_one_language_are_not_drowned_by_many_in_another() {
        let mut examples: Vec<Example> = [
            "the app waits two minutes and then the call fails",
            "after 2 minutes Power Apps gives up waiting for the flow",
            "the flow takes longer than 120 seconds to answer the app",
            "the spinner turns for two minutes, then an error, the run goes on",
            "Power Apps stops waiting for the response after about two minutes",
            "the flow answers too late for the app, which has already failed",
            "a gateway timeout in the app while the run keeps going",
            "the call from the canvas app times out before the flow responds",
            "the response reaches the app after its time limit",
            "Run fails in the app although the flow succeeds later",
        ]
        .iter()
        .map(|t| ex("response-timeout", t))
        .collect();
        for t in [
            "앱에서 흐름을 호출하면 2분 기다리다가 오류가 납니다",
            "흐름이 120초 넘게 걸려서 앱이 응답을 받지 못합니다",
        ] {
            examples.push(Example {
                lang: "ko".into(),
                ..ex("response-timeout", t)
            });
        }
        examples.push(ex("trigger-disabled", "the flow is turned off"));
        let korean = "흐름이 오래 걸리면 앱이 응답을 못 받습니다";
        let p = Model::new(&examples).predict(korean).expect("near enough");
        assert_eq!(p.category, "response-timeout");
        // With one centroid for both languages, the ten English examples drown the
        // two Korean ones.
        let one_language: Vec<Example> = examples
            .iter()
            .map(|e| Example {
                lang: String::new(),
                ..e.clone()
            })
            .collect();
        assert_eq!(Model::new(&one_language).predict(korean), None);
    }

    #[test]
    fn chinese_text_is_compared_by_its_characters_and_their_pairs() {
        let model = Model::new(&[
            ex("response-timeout", "应用等了两分钟就报错，流程还在运行"),
            ex("trigger-disabled", "流程被关闭了，应用调用失败"),
        ]);
        let p = model
            .predict("应用报错了，等待两分钟")
            .expect("its one- and two-character words are shared");
        assert_eq!(p.category, "response-timeout");
    }

    #[test]
    fn the_playbook_examples_hold_up_when_each_is_left_out() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let results = leave_one_out(&examples_of(&playbook));
        let right = results.iter().filter(|(e, g)| e == g).count();
        // Not a tuning target: a floor that catches a broken model (many categories
        // have one or two examples, which leaving out leaves none).
        assert!(
            right * 5 >= results.len() * 2,
            "{right} of {} right: {results:?}",
            results.len()
        );
    }
}

//! The fallback model for wordings no signature names: a nearest-centroid model over
//! character n-grams (TF-IDF, cosine similarity), made from the labelled examples the
//! playbook keeps (`[[example]]` in content).
//!
//! Deterministic (no randomness, ties go to the category declared first), small enough
//! to decode per paste (the embedded one: about 1,200 examples, 32,000 features, 2.3 MB
//! encoded) and explainable: a prediction names the nearest example of its category and
//! the runner-up category. The classifier asks it only when no signature matched, and
//! its confidence stays below any signature's. A paste's words that no example holds
//! count against its similarity (at the highest IDF) rather than being ignored.
//!
//! It lives beside the playbook model because the build script trains it too (this
//! file is compiled into `build.rs`): the embedded content's model is made at build
//! time and embedded with the compiled playbook. Training reads each example in the
//! plain form the classifier reads a paste in, which the caller passes in.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::playbook::{Example, Playbook};

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

/// Below this similarity to every category, nothing is predicted. (Similarities run
/// lower since a paste's words that no example holds count: 0.24 now is about what 0.3
/// was before; leave-one-out is flat from 0.24 to 0.26, and at 0.25 a blind probe's
/// data-policy message with a long URL fell just short, at 0.247.)
pub const MIN_SIMILARITY: f32 = 0.24;

/// The highest confidence the fallback gives (a signature matched by status alone,
/// with a close runner-up, has 0.35).
pub const MAX_CONFIDENCE: f64 = 0.3;

type Vector = Vec<(u64, f32)>;

/// A model made from examples.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Model {
    categories: Vec<String>,
    /// Each feature's inverse document frequency, sorted by feature.
    idf: Vec<(u64, f32)>,
    /// The inverse document frequency of a feature no example holds (the highest): a
    /// paste's features that are not in `idf` weigh this much. Dropping them instead
    /// made a paste mostly of words no example uses look as near as its few known
    /// words (a neighbour's log with "flow" and "timeout" in it scored like a maker's
    /// sentence about a timeout).
    unseen_idf: f32,
    /// Per category and language, the normalised mean of its examples' vectors (sorted
    /// by feature), with the category's index. One centroid per language keeps the two
    /// Korean examples of a category from being drowned by its twenty English ones.
    centroids: Vec<(usize, Vector)>,
    /// Per example: its category and text. Its vector is not kept (it was most of the
    /// model's bytes): a prediction makes it again for the examples of the predicted
    /// category, to name the nearest.
    example_categories: Vec<usize>,
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
    /// Each example is read in the plain form `plain` makes of a text (the
    /// classifier's `normalise`, as for pastes: this floor cannot name it).
    pub fn new(examples: &[Example], plain: &dyn Fn(&str) -> String) -> Model {
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
                (c, grams(&plain(&e.text)))
            })
            .collect();
        let n = counts.len() as f32;
        let mut df: HashMap<u64, f32> = HashMap::new();
        for (_, c) in &counts {
            for k in c.keys() {
                *df.entry(*k).or_default() += 1.0;
            }
        }
        let mut idf: Vec<(u64, f32)> = df
            .into_iter()
            .map(|(k, d)| (k, ((n + 1.0) / (d + 1.0)).ln() + 1.0))
            .collect();
        idf.sort_unstable_by_key(|(k, _)| *k);
        let mut model = Model {
            categories,
            idf,
            unseen_idf: (n + 1.0).ln() + 1.0,
            ..Model::default()
        };
        let vectors: Vec<Vector> = counts
            .into_iter()
            .map(|(c, counts)| {
                model.example_categories.push(c);
                model.weigh(counts)
            })
            .collect();
        model.texts = examples.iter().map(|e| e.text.clone()).collect();
        let mut sums: Vec<HashMap<u64, f32>> = vec![HashMap::new(); groups.len()];
        for (v, &g) in vectors.iter().zip(&group_of) {
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

    /// TF-IDF (sublinear term frequency), normalised. A feature no example holds
    /// weighs `unseen_idf`: it matches no centroid, but it counts in the norm, so a text
    /// that is mostly new words is far from every category.
    fn weigh(&self, counts: HashMap<u64, f32>) -> Vector {
        normalised(
            counts
                .into_iter()
                .map(|(k, tf)| (k, (1.0 + tf.ln()) * self.idf_of(k)))
                .collect(),
        )
    }

    fn idf_of(&self, feature: u64) -> f32 {
        self.idf
            .binary_search_by_key(&feature, |(k, _)| *k)
            .map_or(self.unseen_idf, |i| self.idf[i].1)
    }

    pub fn is_empty(&self) -> bool {
        self.example_categories.is_empty()
    }

    /// The nearest category to `plain` (a paste's plain form), if any is near enough;
    /// `normalise` makes the plain form of an example, as in training.
    pub fn predict_with(
        &self,
        plain: &str,
        normalise: &dyn Fn(&str) -> String,
    ) -> Option<Prediction> {
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
            .example_categories
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == best)
            .map(|(i, _)| (i, dot(&v, &self.weigh(grams(&normalise(&self.texts[i]))))))
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
pub fn examples_of(playbook: &Playbook) -> Vec<Example> {
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

/// What a model is made of, in one number: a model trained from examples with the same
/// fingerprint (by the same build) is the same model.
pub fn fingerprint(examples: &[Example]) -> u64 {
    let mut bytes = Vec::new();
    for e in examples {
        for field in [&e.category, &e.text, &e.lang] {
            bytes.extend_from_slice(&(field.len() as u64).to_le_bytes());
            bytes.extend_from_slice(field.as_bytes());
        }
    }
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// Leave-one-out over `examples`: for each, the model of all the others predicts it.
/// Returns (expected, predicted or `unknown`) per example.
pub fn leave_one_out(
    examples: &[Example],
    plain: &dyn Fn(&str) -> String,
    unknown: &str,
) -> Vec<(String, String)> {
    (0..examples.len())
        .map(|i| {
            let rest: Vec<Example> = examples
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, e)| e.clone())
                .collect();
            let model = Model::new(&rest, plain);
            let got = model
                .predict_with(&plain(&examples[i].text), plain)
                .map_or_else(|| unknown.to_string(), |p| p.category);
            (examples[i].category.clone(), got)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An example of `category` with no language, for tests here and in `classify`.
    pub(crate) fn ex(category: &str, text: &str) -> Example {
        Example {
            category: category.into(),
            text: text.into(),
            lang: String::new(),
        }
    }

    fn plain(text: &str) -> String {
        text.to_string()
    }

    fn model() -> Model {
        Model::new(
            &[
                ex(
                    "response-timeout",
                    "the app waits two minutes and then fails",
                ),
                ex(
                    "response-timeout",
                    "after two minutes the app gives up waiting",
                ),
                ex("trigger-disabled", "the flow is turned off"),
                ex("unknown", "the pipeline in another product failed"),
            ],
            &plain,
        )
    }

    #[test]
    fn words_no_example_holds_lower_the_similarity_instead_of_being_dropped() {
        let model = model();
        let short = "the app waits two minutes";
        let known = model.predict_with(short, &plain).expect("near enough");
        assert_eq!(known.category, "response-timeout");
        // The same words inside a log of words no example uses are much less similar
        // (dropping the new words, as the model once did, kept 0.73 of 0.78 here).
        let noisy = format!(
            "{short} kestra scheduler namespace orchestrator yaml deployment kubernetes \
             webhook retried backoff executor"
        );
        let diluted = model.predict_with(&noisy, &plain);
        assert!(
            diluted
                .as_ref()
                .is_none_or(|p| p.similarity < known.similarity - 0.1),
            "{known:?}\n{diluted:?}"
        );
        // Only new words: nothing is near.
        assert_eq!(model.predict_with("zzz qqq xylophone", &plain), None);
    }

    #[test]
    fn a_prediction_stays_below_signatures_and_names_its_example_and_runner_up() {
        let p = model()
            .predict_with("my app waits two minutes and then it fails", &plain)
            .expect("near enough");
        assert_eq!(p.category, "response-timeout");
        assert!(p.similarity >= MIN_SIMILARITY);
        assert!(p.confidence > 0.0 && p.confidence <= MAX_CONFIDENCE);
        assert_eq!(p.nearest, "the app waits two minutes and then fails");
        assert!(p.runner_up.is_some());
        // Deterministic: the same examples make the same model and the same answer.
        assert_eq!(model(), model());
        assert_eq!(
            model().predict_with("my app waits two minutes and then it fails", &plain),
            Some(p)
        );
    }
}

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
//! Two models answer, in turn. First a linear model (one-vs-rest support vector
//! machines over the same features) trained on the examples and on whole pastes
//! (`paste = true`); when it names a category, that is the guess. When it says
//! `unknown`, the centroids answer (descriptions only: centroids of long, noisy pastes
//! blur). Measured on the real corpus, which neither is trained on: the centroids alone
//! place 38% of real Power Automate posts, the two together 63%, keeping 81% of other
//! products' errors out where the centroids kept 84%.
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

/// The linear model's regularisation (the usual default of a linear SVM).
const LINEAR_C: f64 = 1.0;

/// Training stops when the projected gradients of one pass span less than this, or
/// after `LINEAR_EPOCHS` passes.
const LINEAR_TOLERANCE: f64 = 0.01;
const LINEAR_EPOCHS: usize = 100;

/// The linear model's guess counts only when its category scores at least this
/// (each category's machine scores a text from -1, surely not, to 1, surely so): below
/// it no category comes near claiming the text (a bare "Something went wrong"), and
/// the centroids answer. Chosen on the read real corpus, held out by batch
/// (docs/ACCURACY.md): against no floor, 4% fewer Power Automate posts are placed and
/// 3% more other products' errors kept out.
const LINEAR_FLOOR: f32 = -0.4;

/// The similarity to its nearest description (an example in the keeper's words, not a
/// paste) that a linear model's guess needs. It was half the centroids' floor (0.12)
/// while the pastes were the team's probes; once the model also learnt from real posts,
/// five folds over the read posts placed 501 of 640 with a quarter (0.06; none at all
/// gave the same) against 495 with half, the 25 vague posts and every probe unchanged.
const LINEAR_SUPPORT: f32 = MIN_SIMILARITY / 4.0;

/// Weights smaller than this are not kept: measured on the real corpus, dropping them
/// changes no more than a case in two hundred, and the model is a quarter the size.
const LINEAR_PRUNE: f64 = 0.03;

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
    /// The linear model, asked first.
    linear: Linear,
}

/// One-vs-rest linear support vector machines (L2-regularised, squared hinge loss,
/// trained by dual coordinate descent) over TF-IDF features of every example, pastes
/// included. A feature no example holds is left out, as the model knows nothing of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Linear {
    /// Each feature's inverse document frequency, sorted by feature; a feature is
    /// named by its index here.
    idf: Vec<(u64, f32)>,
    /// Per category (as `Model::categories`): its weights, sorted by feature index.
    weights: Vec<Vec<(u32, f32)>>,
    bias: Vec<f32>,
}

impl Linear {
    /// Trained on `counts` labelled with category indices below `categories`.
    fn train(counts: &[&Counts], labels: &[usize], categories: usize) -> Linear {
        let mut linear = Linear {
            idf: inverse_document_frequencies(counts),
            ..Linear::default()
        };
        let xs: Vec<Vec<(u32, f32)>> = counts.iter().map(|c| linear.vector(c)).collect();
        for category in 0..categories {
            let (w, b) = one_vs_rest(&xs, labels, category, linear.idf.len());
            linear.weights.push(
                w.iter()
                    .enumerate()
                    .filter(|(_, w)| w.abs() >= LINEAR_PRUNE)
                    .map(|(i, w)| (i as u32, *w as f32))
                    .collect(),
            );
            linear.bias.push(b as f32);
        }
        linear
    }

    /// TF-IDF (sublinear term frequency) of the known features, normalised.
    fn vector(&self, counts: &Counts) -> Vec<(u32, f32)> {
        normalised(
            counts
                .iter()
                .filter_map(|(k, tf)| {
                    let i = self.idf.binary_search_by_key(k, |(f, _)| *f).ok()?;
                    Some((i as u32, (1.0 + tf.ln()) * self.idf[i].1))
                })
                .collect(),
        )
    }

    /// Each category's score for `counts`, or nothing when the model knows none of them.
    fn scores(&self, counts: &Counts) -> Option<Vec<f32>> {
        let x = self.vector(counts);
        if x.is_empty() || self.weights.is_empty() {
            return None;
        }
        Some(
            self.weights
                .iter()
                .zip(&self.bias)
                .map(|(w, b)| dot(&x, w) + b)
                .collect(),
        )
    }
}

/// The weights and bias of `category` against the rest: dual coordinate descent for
/// the L2-regularised squared-hinge SVM (Hsieh et al., 2008, as liblinear does it),
/// with the bias as a feature of constant 1. The order of each pass is a fixed
/// shuffle, so the same examples always make the same model.
fn one_vs_rest(
    xs: &[Vec<(u32, f32)>],
    labels: &[usize],
    category: usize,
    features: usize,
) -> (Vec<f64>, f64) {
    let diagonal = 0.5 / LINEAR_C;
    let y: Vec<f64> = labels
        .iter()
        .map(|&l| if l == category { 1.0 } else { -1.0 })
        .collect();
    let q: Vec<f64> = xs
        .iter()
        .map(|x| x.iter().map(|(_, v)| f64::from(*v).powi(2)).sum::<f64>() + 1.0 + diagonal)
        .collect();
    let mut alpha = vec![0.0f64; xs.len()];
    let mut w = vec![0.0f64; features];
    let mut b = 0.0f64;
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ category as u64;
    for _ in 0..LINEAR_EPOCHS {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let (mut highest, mut lowest) = (f64::NEG_INFINITY, f64::INFINITY);
        for &i in &order {
            let x = &xs[i];
            let wx = x
                .iter()
                .map(|(j, v)| w[*j as usize] * f64::from(*v))
                .sum::<f64>()
                + b;
            let g = y[i] * wx - 1.0 + diagonal * alpha[i];
            let projected = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            highest = highest.max(projected);
            lowest = lowest.min(projected);
            if projected != 0.0 {
                let old = alpha[i];
                alpha[i] = (old - g / q[i]).max(0.0);
                let step = (alpha[i] - old) * y[i];
                for (j, v) in x {
                    w[*j as usize] += step * f64::from(*v);
                }
                b += step;
            }
        }
        if highest - lowest < LINEAR_TOLERANCE {
            break;
        }
    }
    (w, b)
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
    /// Whether the linear model made it (else the centroids did).
    pub linear: bool,
}

/// FNV-1a: stable across builds and machines.
fn hash(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `h`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A hasher for keys that are already hashes (the n-grams' FNV hashes): it passes them
/// through. The standard one hashes each of a paste's few hundred grams again, which
/// was a third of the time a paste that reaches the fallback costs.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used (the keys are u64); anything else is still hashed.
        self.0 = hash(bytes) ^ self.0.rotate_left(5);
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Counts per feature (an n-gram's hash).
type Counts = HashMap<u64, f32, std::hash::BuildHasherDefault<KeyHasher>>;

/// The n-gram counts of `text`.
fn grams(text: &str) -> Counts {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lower = text[..end].to_lowercase();
    let mut counts = Counts::default();
    // Each gram's hash is the FNV hash of its UTF-8 bytes, made from the characters'
    // bytes in place rather than from a copy of the gram.
    let mut padded: Vec<char> = Vec::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        padded.clear();
        padded.push(' ');
        padded.extend(word.chars());
        padded.push(' ');
        // Chinese, Japanese and Korean words are one or two characters, and a run of
        // them without spaces is a whole clause: what paraphrases share are single
        // characters and pairs, not longer grams or the run itself.
        let cjk = word.chars().any(is_cjk);
        let lengths = if cjk { CJK_GRAMS } else { GRAMS };
        for n in lengths {
            for window in padded.windows(n) {
                let mut h = FNV_OFFSET;
                let mut utf8 = [0u8; 4];
                for c in window {
                    h = fnv(h, c.encode_utf8(&mut utf8).as_bytes());
                }
                *counts.entry(h).or_default() += 1.0;
            }
        }
        // Whole words too, so that a shared word counts more than shared letters.
        if !cjk {
            *counts.entry(hash(word.as_bytes()) ^ 1).or_default() += 1.0;
        }
    }
    counts
}

/// The index of `item` in `list`, pushed at the end when it is not there yet (so the
/// order is the order first seen).
fn index_or_push<T: PartialEq>(list: &mut Vec<T>, item: T) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

/// Each feature's smoothed inverse document frequency over `documents` (their n-gram
/// counts), sorted by feature.
fn inverse_document_frequencies(documents: &[&Counts]) -> Vec<(u64, f32)> {
    let n = documents.len() as f32;
    let mut df = Counts::default();
    for c in documents {
        for k in c.keys() {
            *df.entry(*k).or_default() += 1.0;
        }
    }
    let mut idf: Vec<(u64, f32)> = df
        .into_iter()
        .map(|(k, d)| (k, ((n + 1.0) / (d + 1.0)).ln() + 1.0))
        .collect();
    idf.sort_unstable_by_key(|(k, _)| *k);
    idf
}

/// `v` sorted by feature and scaled to length 1 (features are hashes for the centroids,
/// indices for the linear model).
fn normalised<K: Ord + Copy>(mut v: Vec<(K, f32)>) -> Vec<(K, f32)> {
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

/// The dot product of two vectors sorted by feature.
fn dot<K: Ord>(a: &[(K, f32)], b: &[(K, f32)]) -> f32 {
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
        Model::trained(examples, plain, true)
    }

    /// The centroids of `examples` alone, without the linear model: what the tests of
    /// the centroids' own behaviour read.
    #[cfg(test)]
    pub(crate) fn centroids_only(examples: &[Example], plain: &dyn Fn(&str) -> String) -> Model {
        Model::trained(examples, plain, false)
    }

    /// The model of `examples`, with its linear model (of every example, pastes
    /// included) or without it (the centroids only: much cheaper to train).
    fn trained(examples: &[Example], plain: &dyn Fn(&str) -> String, linear: bool) -> Model {
        let mut categories: Vec<String> = Vec::new();
        // (category, language) of each centroid, in the order first seen.
        let mut groups: Vec<(usize, &str)> = Vec::new();
        let mut group_of: Vec<usize> = Vec::with_capacity(examples.len());
        // The centroids read the descriptions only; the pastes' categories come after
        // theirs, so that pastes do not change the order (which breaks ties).
        let descriptions: Vec<&Example> = examples.iter().filter(|e| !e.paste).collect();
        let counts: Vec<(usize, Counts)> = descriptions
            .iter()
            .map(|e| {
                let c = index_or_push(&mut categories, e.category.clone());
                group_of.push(index_or_push(&mut groups, (c, e.lang.as_str())));
                (c, grams(&plain(&e.text)))
            })
            .collect();
        let n = counts.len() as f32;
        let documents: Vec<&Counts> = counts.iter().map(|(_, c)| c).collect();
        let mut model = Model {
            categories,
            idf: inverse_document_frequencies(&documents),
            unseen_idf: (n + 1.0).ln() + 1.0,
            ..Model::default()
        };
        let vectors: Vec<Vector> = counts
            .iter()
            .map(|(c, counts)| {
                model.example_categories.push(*c);
                model.weigh(counts)
            })
            .collect();
        model.texts = descriptions.iter().map(|e| e.text.clone()).collect();
        let mut sums: Vec<Counts> = vec![Counts::default(); groups.len()];
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
        if !linear {
            return model;
        }
        let pastes: Vec<(usize, Counts)> = examples
            .iter()
            .filter(|e| e.paste)
            .map(|e| {
                let c = index_or_push(&mut model.categories, e.category.clone());
                (c, grams(&plain(&e.text)))
            })
            .collect();
        let (labels, features): (Vec<usize>, Vec<&Counts>) =
            counts.iter().chain(&pastes).map(|(c, f)| (*c, f)).unzip();
        model.linear = Linear::train(&features, &labels, model.categories.len());
        model
    }

    /// TF-IDF (sublinear term frequency), normalised. A feature no example holds
    /// weighs `unseen_idf`: it matches no centroid, but it counts in the norm, so a text
    /// that is mostly new words is far from every category.
    fn weigh(&self, counts: &Counts) -> Vector {
        normalised(
            counts
                .iter()
                .map(|(&k, tf)| (k, (1.0 + tf.ln()) * self.idf_of(k)))
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

    /// The category of `plain` (a paste's plain form): the linear model's, unless it
    /// says `unknown` (the category of that name); then the nearest centroid's, if one
    /// is near enough. `normalise` makes the plain form of an example, as in training.
    pub fn predict_with(
        &self,
        plain: &str,
        normalise: &dyn Fn(&str) -> String,
        unknown: &str,
    ) -> Option<Prediction> {
        if self.is_empty() {
            return None;
        }
        let counts = grams(plain);
        let v = self.weigh(&counts);
        if v.is_empty() {
            return None;
        }
        let unknown_index = self.categories.iter().position(|c| c == unknown);
        // `linear_guess` answers only above `LINEAR_FLOOR`.
        let unknown_nearest = match self.linear_guess(&counts, &v, normalise, unknown_index) {
            Some(p) if p.category != unknown => return Some(p),
            // It says `unknown`, and has found that category's nearest example.
            Some(p) => Some((p.nearest, p.similarity)),
            None => None,
        };
        // A category scores as its nearest centroid (one per language).
        let mut best_of = vec![f32::NEG_INFINITY; self.categories.len()];
        for (c, centroid) in &self.centroids {
            best_of[*c] = best_of[*c].max(dot(&v, centroid));
        }
        let ranked = |best_of: &[f32]| {
            let mut scores: Vec<(usize, f32)> = best_of.iter().copied().enumerate().collect();
            // Stable: among equal scores, the category first declared wins.
            scores.sort_by(|a, b| b.1.total_cmp(&a.1));
            scores
        };
        let mut scores = ranked(&best_of);
        if scores[0].1 < MIN_SIMILARITY {
            return None;
        }
        // `unknown` gathers unrelated things (other products' errors, posts too vague
        // for a checklist), so its centroids are averages of nothing in particular and
        // a vague post stays far from them: it also scores as its nearest example.
        // (Only now: below the floor nothing is guessed, whatever `unknown` scores.)
        let unknown_nearest = unknown_index.map(|u| {
            let found = unknown_nearest.unwrap_or_else(|| self.nearest(u, &v, normalise));
            if found.1 > best_of[u] {
                best_of[u] = found.1;
                scores = ranked(&best_of);
            }
            found
        });
        let (best, similarity) = scores[0];
        let nearest = match unknown_nearest {
            Some((text, _)) if Some(best) == unknown_index => text,
            _ => self.nearest(best, &v, normalise).0,
        };
        let confidence = (0.05 + f64::from(similarity) * 0.5).min(MAX_CONFIDENCE);
        Some(Prediction {
            category: self.categories[best].clone(),
            similarity,
            confidence: (confidence * 100.0).round() / 100.0,
            runner_up: scores.get(1).map(|&(c, s)| (self.categories[c].clone(), s)),
            nearest,
            linear: false,
        })
    }

    /// The example of `category` (a description, not a paste) nearest to `v`, and its
    /// similarity.
    fn nearest(
        &self,
        category: usize,
        v: &Vector,
        normalise: &dyn Fn(&str) -> String,
    ) -> (String, f32) {
        self.example_categories
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == category)
            .map(|(i, _)| (i, dot(v, &self.weigh(&grams(&normalise(&self.texts[i]))))))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(i, s)| (self.texts[i].clone(), s))
            .unwrap_or_default()
    }

    /// The linear model's guess: the category it scores highest, with the runner-up
    /// (none when that category is `unknown`, the category at index `unknown`);
    /// nothing when no category scores `LINEAR_FLOOR`, or when no example of the
    /// category (not a paste) is near enough to name. Its similarity is the nearest
    /// example's (shown as evidence, and what the
    /// confidence is made of); the linear scores are not similarities.
    fn linear_guess(
        &self,
        counts: &Counts,
        v: &Vector,
        normalise: &dyn Fn(&str) -> String,
        unknown: Option<usize>,
    ) -> Option<Prediction> {
        let scores = self.linear.scores(counts)?;
        let mut order: Vec<usize> = (0..scores.len()).collect();
        // Stable: among equal scores, the category first declared wins.
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
        let best = order[0];
        if scores[best] < LINEAR_FLOOR {
            return None;
        }
        let (nearest, similarity) = self.nearest(best, v, normalise);
        // A guess no example in the keeper's words supports even weakly rests on the
        // pastes' everyday words alone: a bare banner, a sentence in a language the
        // examples lack.
        if similarity < LINEAR_SUPPORT {
            return None;
        }
        let confidence = (0.05 + f64::from(similarity) * 0.5).min(MAX_CONFIDENCE);
        // `unknown` is no guess: the centroids answer next, and name their own runner-up.
        let runner_up = order.get(1).filter(|_| Some(best) != unknown).map(|&c| {
            let (_, s) = self.nearest(c, v, normalise);
            (self.categories[c].clone(), s)
        });
        Some(Prediction {
            category: self.categories[best].clone(),
            similarity,
            confidence: (confidence * 100.0).round() / 100.0,
            runner_up,
            nearest,
            linear: true,
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
                paste: false,
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
        bytes.push(u8::from(e.paste));
    }
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// Leave-one-out over the descriptions among `examples` (not the pastes): for each,
/// the centroids of all the others predict it; below their floor,
/// `unknown`. The linear model is left out: training it once per example would take
/// minutes. Returns (expected, predicted or `unknown`) per example.
pub fn leave_one_out(
    examples: &[Example],
    plain: &dyn Fn(&str) -> String,
    unknown: &str,
) -> Vec<(String, String)> {
    let examples: Vec<&Example> = examples.iter().filter(|e| !e.paste).collect();
    (0..examples.len())
        .map(|i| {
            let rest: Vec<Example> = examples
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, e)| (*e).clone())
                .collect();
            let model = Model::trained(&rest, plain, false);
            let got = model
                .predict_with(&plain(&examples[i].text), plain, unknown)
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
            paste: false,
        }
    }

    fn plain(text: &str) -> String {
        text.to_string()
    }

    /// The centroids alone: the tests below are of their behaviour (the linear model,
    /// asked first, is tested after them).
    fn model() -> Model {
        Model::centroids_only(&descriptions(), &plain)
    }

    /// Two categories and `unknown`, told in a keeper's words.
    fn descriptions() -> Vec<Example> {
        vec![
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
        ]
    }

    #[test]
    fn words_no_example_holds_lower_the_similarity_instead_of_being_dropped() {
        let model = model();
        let short = "the app waits two minutes";
        let known = model
            .predict_with(short, &plain, "unknown")
            .expect("near enough");
        assert_eq!(known.category, "response-timeout");
        // The same words inside a log of words no example uses are much less similar
        // (dropping the new words, as the model once did, kept 0.73 of 0.78 here).
        let noisy = format!(
            "{short} kestra scheduler namespace orchestrator yaml deployment kubernetes \
             webhook retried backoff executor"
        );
        let diluted = model.predict_with(&noisy, &plain, "unknown");
        assert!(
            diluted
                .as_ref()
                .is_none_or(|p| p.similarity < known.similarity - 0.1),
            "{known:?}\n{diluted:?}"
        );
        // Only new words: nothing is near.
        assert_eq!(
            model.predict_with("zzz qqq xylophone", &plain, "unknown"),
            None
        );
    }

    #[test]
    fn a_prediction_stays_below_signatures_and_names_its_example_and_runner_up() {
        let p = model()
            .predict_with(
                "my app waits two minutes and then it fails",
                &plain,
                "unknown",
            )
            .expect("near enough");
        assert_eq!(p.category, "response-timeout");
        assert!(p.similarity >= MIN_SIMILARITY);
        assert!(p.confidence > 0.0 && p.confidence <= MAX_CONFIDENCE);
        assert_eq!(p.nearest, "the app waits two minutes and then fails");
        assert!(p.runner_up.is_some());
        // Deterministic: the same examples make the same model and the same answer.
        assert_eq!(model(), model());
        assert_eq!(
            model().predict_with(
                "my app waits two minutes and then it fails",
                &plain,
                "unknown"
            ),
            Some(p)
        );
    }

    fn paste(category: &str, text: &str) -> Example {
        Example {
            paste: true,
            ..ex(category, text)
        }
    }

    /// Descriptions of three categories and `unknown`, and pastes that teach the
    /// linear model what a support chat looks like.
    fn examples() -> Vec<Example> {
        let mut examples = descriptions();
        examples.extend([
            ex("trigger-disabled", "somebody switched the flow off"),
            ex(
                "throttled",
                "too many requests, the connector throttles the flow",
            ),
            ex("unknown", "a logic app workflow in azure timed out"),
            paste(
                "trigger-disabled",
                "Hi team, ticket 4411: the approval flow is off since Monday, nobody \
                 turned it back on, the button in the app does nothing now",
            ),
            paste(
                "unknown",
                "Azure Data Factory pipeline run failed: activity Copy1 timed out after \
                 12 hours, integration runtime busy",
            ),
        ]);
        examples
    }

    #[test]
    fn the_linear_model_answers_first_and_always_names_a_runner_up() {
        let model = Model::new(&examples(), &plain);
        // No description shares enough with this to pass the centroids' floor; the
        // pastes taught the linear model that "off" and "does nothing" mean a flow
        // turned off.
        let text = "ticket 5120: since friday the expense flow is off and the button does nothing";
        assert_eq!(
            Model::centroids_only(&examples(), &plain).predict_with(text, &plain, "unknown"),
            None
        );
        let p = model
            .predict_with(text, &plain, "unknown")
            .expect("a guess");
        assert!(p.linear);
        assert_eq!(p.category, "trigger-disabled");
        // Its evidence is a description in the keeper's words, never a paste.
        assert!(
            ["the flow is turned off", "somebody switched the flow off"]
                .contains(&p.nearest.as_str()),
            "{p:?}"
        );
        assert!(p.runner_up.is_some());
        assert!(p.confidence > 0.0 && p.confidence <= MAX_CONFIDENCE);
        // Deterministic: the same examples make the same model and the same answer.
        assert_eq!(model, Model::new(&examples(), &plain));
        assert_eq!(model.predict_with(text, &plain, "unknown"), Some(p));
    }

    #[test]
    fn when_the_linear_model_says_unknown_the_centroids_answer() {
        let model = Model::new(&examples(), &plain);
        let text = "the data factory pipeline activity timed out in the integration runtime";
        let counts = grams(text);
        let linear = model.linear_guess(&counts, &model.weigh(&counts), &plain, None);
        assert_eq!(linear.map(|p| p.category).as_deref(), Some("unknown"));
        let p = model.predict_with(text, &plain, "unknown");
        // The linear model knows this as another product's; the centroids give their
        // own answer (here `unknown` too, or nothing near enough), never the linear
        // model's `unknown` as a guess of its own.
        assert!(p.as_ref().is_none_or(|p| !p.linear), "{p:?}");
        assert_eq!(
            p.map(|p| p.category),
            Model::centroids_only(&examples(), &plain)
                .predict_with(text, &plain, "unknown")
                .map(|p| p.category)
        );
    }

    #[test]
    fn pastes_do_not_move_the_centroids() {
        let descriptions: Vec<Example> = examples().into_iter().filter(|e| !e.paste).collect();
        let with = Model::centroids_only(&examples(), &plain);
        let without = Model::centroids_only(&descriptions, &plain);
        assert_eq!(with, without);
        // But the linear model learns from them.
        assert_ne!(
            Model::new(&examples(), &plain),
            Model::new(&descriptions, &plain)
        );
    }
}

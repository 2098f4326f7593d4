//! Measuring the classifier on a labelled corpus (`flowtriage content eval`): accuracy
//! per category and per class of paste, the confusion pairs, and every miss. Pure: the
//! command reads the files and hands the cases over.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Classifier, TENTATIVE_CONFIDENCE, UNKNOWN_CATEGORY, redact};
use crate::content::Playbook;

/// A labelled paste.
#[derive(Debug, Clone)]
pub struct Case {
    pub file: String,
    pub text: String,
    pub category: String,
    /// Which kind of paste it is (wrapped, status-words, …), when labelled.
    pub class: Option<String>,
}

/// Right and total for one group of cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub cases: usize,
    pub right: usize,
}

impl Score {
    pub fn accuracy(&self) -> f64 {
        if self.cases == 0 {
            1.0
        } else {
            self.right as f64 / self.cases as f64
        }
    }

    fn add(&mut self, right: bool) {
        self.cases += 1;
        self.right += usize::from(right);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub file: String,
    pub class: Option<String>,
    pub expected: String,
    pub got: String,
    pub confidence: f64,
    pub evidence: Vec<String>,
}

/// Which parts of the classifier a run measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Models {
    /// The whole classifier, as `diagnose` runs it.
    Whole,
    /// Signatures alone, without the fallback model.
    SignaturesOnly,
    /// The fallback model alone, on every case, as if no signature had matched: what it
    /// makes of wordings the signatures miss, measured on posts it never learnt from.
    FallbackOnly,
}

/// What a run over a corpus found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Whether the fallback model was used.
    pub fallback: bool,
    /// Whether the signatures were used (not with `--fallback-only`).
    pub signatures: bool,
    pub total: Score,
    pub accuracy: f64,
    pub by_category: BTreeMap<String, Score>,
    pub by_class: BTreeMap<String, Score>,
    /// (expected, got) -> how many, for every pair that differs.
    pub confusion: Vec<Confusion>,
    /// Cases labelled `unknown` that a signature put on a category with more than a
    /// status's confidence (`Classification::is_confident`).
    pub confident_neighbours: usize,
    /// The score by issue 14's rule for other products' errors: a case labelled
    /// `unknown` also counts as kept out when it is not given a category confidently:
    /// shown tentatively (confidence `TENTATIVE_CONFIDENCE` or less, "not recognised"
    /// named as the alternative) or as not recognised with the fallback's closest guess.
    pub tentative_neighbours_kept_out: Score,
    pub misses: Vec<Miss>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub expected: String,
    pub got: String,
    pub count: usize,
}

/// What the fallback model alone makes of `text`: its category (`unknown` when it
/// guesses nothing), confidence and evidence. A guess is never confident: it is shown as
/// not recognised, with the closest category.
fn fallback_alone(classifier: &Classifier, text: &str) -> (String, f64, Vec<String>) {
    match classifier.fallback_alone(text) {
        Some(p) if p.category != UNKNOWN_CATEGORY => {
            let evidence = vec![format!(
                "fallback model alone ({}): the nearest example of {} (similarity {:.2}): \"{}\"",
                if p.linear {
                    "linear model"
                } else {
                    "centroids"
                },
                p.category,
                p.similarity,
                p.nearest
            )];
            (p.category, p.confidence, evidence)
        }
        _ => (
            UNKNOWN_CATEGORY.to_string(),
            0.0,
            vec!["fallback model alone: no category near enough".to_string()],
        ),
    }
}

/// Classify every case (redacted first, as `diagnose` does) and score the result.
pub fn evaluate(playbook: &Playbook, cases: &[Case], models: Models) -> Report {
    let classifier = match models {
        Models::SignaturesOnly => Classifier::new(playbook).without_fallback(),
        Models::Whole | Models::FallbackOnly => Classifier::new(playbook),
    };
    let mut total = Score::default();
    let mut by_category: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_class: BTreeMap<String, Score> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut confident_neighbours = 0;
    let mut kept_out = Score::default();
    for case in cases {
        let text = redact(&case.text).text;
        let (category, confidence, confident, evidence) = if models == Models::FallbackOnly {
            let (category, confidence, evidence) = fallback_alone(&classifier, &text);
            (category, confidence, false, evidence)
        } else {
            let c = classifier.classify(&text);
            let confident = c.is_confident();
            let evidence = c.traced_evidence();
            (c.category, c.confidence, confident, evidence)
        };
        let right = category == case.category;
        total.add(right);
        by_category
            .entry(case.category.clone())
            .or_default()
            .add(right);
        if let Some(class) = &case.class {
            by_class.entry(class.clone()).or_default().add(right);
        }
        if case.category == UNKNOWN_CATEGORY && !right && confident {
            confident_neighbours += 1;
        }
        kept_out.add(right || (case.category == UNKNOWN_CATEGORY && !confident));
        if !right {
            *pairs
                .entry((case.category.clone(), category.clone()))
                .or_default() += 1;
            misses.push(Miss {
                file: case.file.clone(),
                class: case.class.clone(),
                expected: case.category.clone(),
                got: category,
                confidence,
                evidence,
            });
        }
    }
    let mut confusion: Vec<Confusion> = pairs
        .into_iter()
        .map(|((expected, got), count)| Confusion {
            expected,
            got,
            count,
        })
        .collect();
    confusion.sort_by_key(|c| std::cmp::Reverse(c.count));
    Report {
        fallback: models != Models::SignaturesOnly,
        signatures: models != Models::FallbackOnly,
        accuracy: total.accuracy(),
        total,
        by_category,
        by_class,
        confusion,
        confident_neighbours,
        tentative_neighbours_kept_out: kept_out,
        misses,
    }
}

/// The fallback model's centroids on the playbook's own examples (not the pastes),
/// each left out of the model that predicts it (so never its training accuracy): the
/// score and the misses as (expected, got). The linear model is left out: training it
/// once per example would take minutes.
pub fn fallback_leave_one_out(playbook: &Playbook) -> (Score, Vec<(String, String)>) {
    let results = super::fallback::leave_one_out(&super::fallback::examples_of(playbook));
    let mut score = Score::default();
    let mut misses = Vec::new();
    for (expected, got) in results {
        score.add(expected == got);
        if expected != got {
            misses.push((expected, got));
        }
    }
    (score, misses)
}

/// The leave-one-out figure as text.
pub fn leave_one_out_text(score: &Score, misses: &[(String, String)]) -> String {
    let mut out = format!(
        "fallback model (centroids), leave-one-out over the playbook's examples (not the pastes): {}\n",
        percent(score).trim()
    );
    let mut pairs: BTreeMap<&(String, String), usize> = BTreeMap::new();
    for m in misses {
        *pairs.entry(m).or_default() += 1;
    }
    for ((expected, got), count) in pairs {
        out.push_str(&format!("  {count:>3}  {expected} -> {got}\n"));
    }
    out
}

fn percent(score: &Score) -> String {
    format!(
        "{:5.1}%  {:>3}/{:<3}",
        score.accuracy() * 100.0,
        score.right,
        score.cases
    )
}

/// The report as text: totals, per category, per class, confusion pairs, misses.
pub fn to_text(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "accuracy {} ({})\n",
        percent(&report.total).trim(),
        match (report.signatures, report.fallback) {
            (true, true) => "signatures and the fallback model",
            (true, false) => "signatures alone",
            _ => "the fallback model alone, as if no signature had matched",
        }
    ));
    out.push_str(&format!(
        "neighbours (labelled unknown) given a category with confidence above \
         {TENTATIVE_CONFIDENCE}: {}\n",
        report.confident_neighbours
    ));
    out.push_str(&format!(
        "accuracy when a neighbour shown tentatively or as not recognised (confidence \
         {TENTATIVE_CONFIDENCE} or less, the alternative named) counts as kept out: {}\n",
        percent(&report.tentative_neighbours_kept_out).trim()
    ));
    out.push_str("\nby category:\n");
    for (category, score) in &report.by_category {
        out.push_str(&format!("  {}  {category}\n", percent(score)));
    }
    if !report.by_class.is_empty() {
        out.push_str("\nby class:\n");
        for (class, score) in &report.by_class {
            out.push_str(&format!("  {}  {class}\n", percent(score)));
        }
    }
    if !report.confusion.is_empty() {
        out.push_str("\nconfusion (expected -> got):\n");
        for c in &report.confusion {
            out.push_str(&format!("  {:>3}  {} -> {}\n", c.count, c.expected, c.got));
        }
    }
    if !report.misses.is_empty() {
        out.push_str("\nmisses:\n");
        for m in &report.misses {
            out.push_str(&format!(
                "  {}{}: expected {}, got {} ({:.2})\n",
                m.file,
                m.class
                    .as_deref()
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default(),
                m.expected,
                m.got,
                m.confidence
            ));
            for e in m.evidence.iter().take(3) {
                out.push_str(&format!("      {e}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(file: &str, text: &str, category: &str, class: Option<&str>) -> Case {
        Case {
            file: file.into(),
            text: text.into(),
            category: category.into(),
            class: class.map(Into::into),
        }
    }

    #[test]
    fn scores_misses_and_confusion_are_counted() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let case =
            |file: &str, text: &str, category: &str| case(file, text, category, Some("test"));
        let cases = [
            case("a", "trigger is not enabled", "trigger-disabled"),
            case("b", "trigger is not enabled", "dlp-violation"),
            case("c", "{\"status\": 429}", "unknown"),
        ];
        let report = evaluate(&playbook, &cases, Models::SignaturesOnly);
        assert_eq!(report.total, Score { cases: 3, right: 1 });
        assert_eq!(report.by_category["trigger-disabled"].right, 1);
        assert_eq!(report.misses.len(), 2);
        assert_eq!(report.misses[0].got, "trigger-disabled");
        assert_eq!(
            report.confident_neighbours, 0,
            "a status alone is 0.5 at most"
        );
        assert_eq!(
            report.tentative_neighbours_kept_out,
            Score { cases: 3, right: 2 },
            "the 429 neighbour is shown tentatively"
        );
        assert_eq!(report.confusion.len(), 2);
        let text = to_text(&report);
        assert!(text.starts_with("accuracy 33.3%"), "{text}");
        assert!(text.contains("counts as kept out: 66.7%"), "{text}");
        assert!(
            text.contains("1  dlp-violation -> trigger-disabled"),
            "{text}"
        );
        assert!(text.contains("b [test]: expected dlp-violation, got trigger-disabled"));
    }

    #[test]
    fn the_fallback_alone_is_scored_as_if_no_signature_had_matched() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let case = |file: &str, text: &str, category: &str| case(file, text, category, None);
        let cases = [
            // One of the playbook's own examples: the model places it.
            case(
                "a",
                "The app shows a spinner for two minutes and then the call to the flow fails",
                "response-timeout",
            ),
            // A signature's code alone says nothing to the model's n-grams of prose.
            case("b", "zzqx vvkw", "trigger-disabled"),
            case("c", "zzqx vvkw", "unknown"),
        ];
        let report = evaluate(&playbook, &cases, Models::FallbackOnly);
        assert!(report.fallback && !report.signatures);
        assert_eq!(report.total, Score { cases: 3, right: 2 }, "{report:?}");
        assert_eq!(report.misses.len(), 1);
        assert_eq!(report.misses[0].got, "unknown");
        assert_eq!(
            report.misses[0].evidence,
            ["fallback model alone: no category near enough"]
        );
        let text = to_text(&report);
        assert!(
            text.starts_with("accuracy 66.7%    2/3 (the fallback model alone"),
            "{text}"
        );
        // The guess names the nearest example, as `diagnose` does.
        let placed = evaluate(&playbook, &cases[..1], Models::FallbackOnly);
        assert!(placed.misses.is_empty());
        let wrong = evaluate(
            &playbook,
            &[case("d", &cases[0].text, "throttled")],
            Models::FallbackOnly,
        );
        assert!(
            wrong.misses[0].evidence[0].starts_with("fallback model alone ("),
            "{:?}",
            wrong.misses[0]
        );
        assert!(wrong.misses[0].confidence > 0.0 && wrong.misses[0].confidence <= 0.3);
    }
}

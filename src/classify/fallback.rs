//! The fallback for wordings no signature names: the model of `content::model`, over
//! the playbook's examples read in their plain form (`normalise`). The embedded
//! content's model was trained by the build script and is only decoded; another
//! playbook's is trained from its own examples.

pub use crate::content::model::{MIN_SIMILARITY, Model, Prediction, examples_of};
use crate::content::{ContentSource, Example, Playbook};

fn plain(text: &str) -> String {
    super::normalise::normalise(text).text
}

impl Model {
    /// The nearest category to `plain` (a paste's plain form), if any is near enough.
    pub fn predict(&self, plain_text: &str) -> Option<Prediction> {
        self.predict_with(plain_text, &plain, super::UNKNOWN_CATEGORY)
    }
}

/// A model of `examples`, read in their plain form.
pub fn model_of(examples: &[Example]) -> Model {
    Model::new(examples, &plain)
}

/// The model of `playbook`'s examples, trained now.
#[cfg(test)]
pub fn train(playbook: &Playbook) -> Model {
    model_of(&examples_of(playbook))
}

/// The model of `playbook`'s examples: the one the build embedded when they are the
/// embedded content's (its fingerprint says so), else trained now.
pub fn model_for(playbook: &Playbook) -> Option<Model> {
    let examples = examples_of(playbook);
    if examples.is_empty() {
        return None;
    }
    let fingerprint = crate::content::model::fingerprint(&examples);
    // The embedded playbook as decoded has no pastes; a `--content` folder with the
    // same files has them.
    let embedded = fingerprint == crate::content::embedded_model_fingerprint()
        || (playbook.source == ContentSource::Embedded
            && fingerprint == crate::content::embedded_playbook_examples_fingerprint());
    if embedded && let Some(model) = crate::content::embedded_model() {
        return Some(model);
    }
    Some(model_of(&examples))
}

/// Leave-one-out over `examples`: for each, the model of all the others predicts it.
/// Returns (expected, predicted or `unknown`) per example.
pub fn leave_one_out(examples: &[Example]) -> Vec<(String, String)> {
    crate::content::model::leave_one_out(examples, &plain, super::UNKNOWN_CATEGORY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::MAX_CONFIDENCE;
    use crate::content::model::tests::ex;

    #[test]
    fn the_nearest_category_wins_and_names_its_example_and_runner_up() {
        let model = model_of(&[
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
        let centroids = |examples: &[Example]| Model::centroids_only(examples, &plain);
        let p = centroids(&examples).predict(korean).expect("near enough");
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
        assert_eq!(centroids(&one_language).predict(korean), None);
    }

    #[test]
    fn chinese_text_is_compared_by_its_characters_and_their_pairs() {
        let model = model_of(&[
            ex("response-timeout", "应用等了两分钟就报错，流程还在运行"),
            ex("trigger-disabled", "流程被关闭了，应用调用失败"),
        ]);
        let p = model
            .predict("应用报错了，等待两分钟")
            .expect("its one- and two-character words are shared");
        assert_eq!(p.category, "response-timeout");
    }

    #[test]
    fn the_embedded_model_is_the_one_trained_at_run_time_from_the_same_content() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let embedded = crate::content::embedded_model().expect("the build embedded a model");
        assert!(!embedded.is_empty());
        // Trained from the content's files, pastes and all.
        let from_files = crate::content::load(
            &crate::content::embedded_sources(),
            ContentSource::Directory("content".into()),
        )
        .expect("loads");
        assert_eq!(embedded, train(&from_files));
        assert!(model_for(&from_files).is_some_and(|m| m == embedded));
        // The decoded playbook has no pastes, and is known by where it came from.
        assert!(playbook.examples.iter().all(|e| !e.paste));
        assert!(model_for(&playbook).is_some_and(|m| m == embedded));
        // Other examples are not the embedded ones: their own model is trained.
        let mut other = playbook.clone();
        other.examples.truncate(3);
        let trained = model_for(&other).expect("a model");
        assert_eq!(trained, train(&other));
        assert_ne!(trained, embedded);
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

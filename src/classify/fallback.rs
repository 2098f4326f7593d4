//! The fallback for wordings no signature names: the model of `content::model`, over
//! the playbook's examples read in their plain form (`normalise`). The embedded
//! content's model was trained by the build script and is only decoded; another
//! playbook's is trained from its own examples.

use crate::content::model::examples_of as examples_of_playbook;
pub use crate::content::model::{MIN_SIMILARITY, Model, Prediction};
use crate::content::{Example, Playbook};

fn plain(text: &str) -> String {
    super::normalise::normalise(text).text
}

/// A model of `examples`, read in their plain form.
pub fn model_of(examples: &[Example]) -> Model {
    Model::new(examples, &plain)
}

/// The examples a playbook's model is made of.
pub fn examples_of(playbook: &Playbook) -> Vec<Example> {
    examples_of_playbook(playbook)
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
    if crate::content::model::fingerprint(&examples) == crate::content::embedded_model_fingerprint()
        && let Some(model) = crate::content::embedded_model()
    {
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

    fn ex(category: &str, text: &str) -> Example {
        Example {
            category: category.into(),
            text: text.into(),
        }
    }

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
    fn the_embedded_model_is_the_one_trained_at_run_time_from_the_same_content() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let embedded = crate::content::embedded_model().expect("the build embedded a model");
        assert!(!embedded.is_empty());
        assert_eq!(embedded, train(&playbook));
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

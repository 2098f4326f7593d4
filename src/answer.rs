//! An answer to a question, and who gave it: the one type the walker, the classifier
//! and inspection all speak.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerSource {
    User,
    Cli,
    Classifier,
    Inspect,
}

impl AnswerSource {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerSource::User => "user",
            AnswerSource::Cli => "cli",
            AnswerSource::Classifier => "classifier",
            AnswerSource::Inspect => "inspect",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub key: String,
    pub value: String,
    pub source: AnswerSource,
}

impl Answer {
    pub fn new(key: &str, value: &str, source: AnswerSource) -> Answer {
        Answer {
            key: key.to_string(),
            value: value.to_string(),
            source,
        }
    }
}

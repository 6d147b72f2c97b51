//! Transcript turns: who holds the floor when a sentence is said.
//!
//! In a press conference a journalist's question and the spokesperson's
//! answer read alike sentence by sentence ("The US has imposed new tariffs
//! on Chinese goods."), yet by `ANNOTATION.md` the first is `none` (the
//! reporter's background) and the second `china` (the ministry's position).
//! The annotators saw the turn; a model that sees only the sentence cannot.
//! So the turn is an input of its own, beside the text:
//!
//! - labelled and unlabelled CSVs may carry it in a `turn` column
//!   (`question`, `answer`, or empty for unknown);
//! - `label` reads it from the speaker tags of a transcript: a paragraph
//!   opened by `Q:` (or `Q` and two spaces, `Question:`, `Follow-up:`,
//!   `Journalist:`) starts a question turn, one opened by `A:` an answer
//!   turn, and the turn lasts until the next tag. A named tag
//!   (`PRESIDENT BIDEN:`) ends the turn as unknown: every answer turn in the
//!   shipped training data is the PRC Foreign Ministry's, so a named official
//!   must not be read as one.
//!
//! News articles have no tags: every sentence's turn is unknown, which is
//! what the model saw for every news row in training.

use serde::{Deserialize, Serialize};

/// The turn a sentence belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Turn {
    /// Not a transcript, or no tag seen yet.
    #[default]
    Unknown,
    /// A journalist's question.
    Question,
    /// The official's answer (in the training data: the PRC Foreign
    /// Ministry spokesperson's, statements included).
    Answer,
}

/// Tags that open a question turn, matched at the start of a sentence.
const QUESTION_TAGS: [&str; 7] = [
    "Q:",
    "Q.",
    "Question:",
    "QUESTION:",
    "Follow-up:",
    "Journalist:",
    "Journalist clarifies:",
];

impl Turn {
    /// The values a `turn` column may hold, for error messages.
    pub const VALUES: &'static str = "question, answer or empty";

    /// Reads a `turn` column value (case-insensitive; empty is unknown).
    pub fn parse(value: &str) -> Option<Turn> {
        let value = value.trim();
        if value.is_empty() {
            Some(Turn::Unknown)
        } else if value.eq_ignore_ascii_case("question") {
            Some(Turn::Question)
        } else if value.eq_ignore_ascii_case("answer") {
            Some(Turn::Answer)
        } else {
            None
        }
    }

    /// The column value of this turn (`""` for unknown).
    pub fn as_str(self) -> &'static str {
        match self {
            Turn::Unknown => "",
            Turn::Question => "question",
            Turn::Answer => "answer",
        }
    }

    /// The turn that `sentence` opens with its leading speaker tag; `None`
    /// when it has no tag and so continues the turn before it.
    pub fn opened_by(sentence: &str) -> Option<Turn> {
        let s = sentence.trim_start();
        if QUESTION_TAGS.iter().any(|tag| s.starts_with(tag))
            || s.starts_with("Q  ")
            || s.starts_with("Q\t")
        {
            Some(Turn::Question)
        } else if s.starts_with("A:") {
            Some(Turn::Answer)
        } else if has_named_tag(s) {
            Some(Turn::Unknown)
        } else {
            None
        }
    }
}

/// Follows the turn through one document's sentences, in order.
#[derive(Debug, Default)]
pub struct TurnTracker {
    current: Turn,
}

impl TurnTracker {
    /// The turn of the next sentence of the document.
    pub fn next(&mut self, sentence: &str) -> Turn {
        if let Some(turn) = Turn::opened_by(sentence) {
            self.current = turn;
        }
        self.current
    }
}

/// An upper-case speaker tag ending in a colon: `MS. JEAN-PIERRE:`,
/// `SENIOR ADMINISTRATION OFFICIAL:`, `PRESIDENT XI:`. Mixed-case words
/// before a colon ("Note:", "Wang said:") are not tags.
fn has_named_tag(s: &str) -> bool {
    let Some(colon) = s
        .get(..48.min(s.len()).max(1))
        .and_then(|head| head.find(':'))
    else {
        return false;
    };
    let name = &s[..colon];
    name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && name
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_values_round_trip_and_bad_ones_are_refused() {
        for turn in [Turn::Unknown, Turn::Question, Turn::Answer] {
            assert_eq!(Turn::parse(turn.as_str()), Some(turn));
        }
        assert_eq!(Turn::parse(" Question "), Some(Turn::Question));
        assert_eq!(Turn::parse("journalist"), None);
    }

    #[test]
    fn tags_open_turns() {
        let cases = [
            ("Q: What is China's response?", Some(Turn::Question)),
            ("Q  Thank you.", Some(Turn::Question)),
            ("Follow-up: Will you retaliate?", Some(Turn::Question)),
            ("A: China firmly opposes this.", Some(Turn::Answer)),
            ("MS. JEAN-PIERRE: Good afternoon.", Some(Turn::Unknown)),
            ("SENIOR ADMINISTRATION OFFICIAL: Sure.", Some(Turn::Unknown)),
            ("We firmly oppose this.", None),
            ("Note: the talks were held on Monday.", None),
            ("Quite so: the talks went well.", None),
            ("US: a new step.", Some(Turn::Unknown)),
            ("Answer: none", None),
        ];
        for (sentence, want) in cases {
            assert_eq!(Turn::opened_by(sentence), want, "{sentence}");
        }
    }

    #[test]
    fn a_turn_lasts_until_the_next_tag() {
        let doc = [
            "The ministry opened with a statement.",
            "Q: Do you have any comment?",
            "The US imposed tariffs today.",
            "A: We firmly oppose it.",
            "The US side should correct its mistake.",
            "MR. SULLIVAN: Thanks.",
            "We will keep talking.",
        ];
        let mut tracker = TurnTracker::default();
        let turns: Vec<Turn> = doc.iter().map(|s| tracker.next(s)).collect();
        use Turn::*;
        assert_eq!(
            turns,
            [Unknown, Question, Question, Answer, Answer, Unknown, Unknown]
        );
    }
}

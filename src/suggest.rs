//! Active learning: ranks unlabelled sentences by how unsure the model is,
//! so the next annotation batch teaches it the most, with a guard that keeps
//! near-duplicates from crowding the list.
//!
//! # Uncertainty
//!
//! For one head with class probabilities sorted `p1 >= p2 >= ...`:
//! - margin: `1 − (p1 − p2)`; 0 when the head is sure, 1 when its top two
//!   classes tie;
//! - entropy: `−Σ p ln p / ln K` for `K` classes; 0 when sure, 1 when the
//!   probabilities are uniform.
//!
//! A sentence's uncertainty is the **largest** over its heads: a sentence is
//! worth annotating as soon as one head cannot decide, and a mean would let
//! a confident head hide an unsure one.
//!
//! # Diversity guard
//!
//! Candidates are taken most uncertain first (ties in input order). One
//! whose word set (the analyzer's normalised tokens, duplicates removed) has
//! Jaccard similarity `|A ∩ B| / |A ∪ B|` of at least `max_similarity`
//! (default [`DEFAULT_MAX_SIMILARITY`] = 0.6) with a sentence already chosen
//! is skipped as a near-duplicate; a sentence without any word is skipped
//! too. Both are counted in [`Selection`].

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Prediction, StanceModel};
use crate::text::{tokenize, Tokens};

/// Default Jaccard similarity from which a candidate counts as a
/// near-duplicate of a chosen sentence.
pub const DEFAULT_MAX_SIMILARITY: f32 = 0.6;

/// How to measure a head's uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// `1 − (p1 − p2)`: how close the two most probable classes are.
    Margin,
    /// Entropy of the probabilities, divided by its maximum `ln K`.
    Entropy,
}

/// Settings of [`suggest`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuggestParams {
    /// How many sentences to choose.
    pub n: usize,
    /// The uncertainty measure.
    pub strategy: Strategy,
    /// Skip a candidate at least this similar (Jaccard of word sets) to a
    /// chosen sentence; 1.0 skips only candidates with the same word set.
    pub max_similarity: f32,
}

impl SuggestParams {
    /// Refuses a zero count or a similarity outside `(0, 1]`.
    pub fn check(&self) -> Result<()> {
        if self.n == 0 {
            return Err(Error::config("-n", "must be at least 1"));
        }
        if !(self.max_similarity > 0.0 && self.max_similarity <= 1.0) {
            return Err(Error::config(
                "--max-similarity",
                format!("{} is not within (0, 1]", self.max_similarity),
            ));
        }
        Ok(())
    }
}

/// The uncertainty of one head given its class probabilities, in `[0, 1]`.
pub fn head_uncertainty(probs: &[f32], strategy: Strategy) -> f32 {
    match strategy {
        Strategy::Margin => {
            let (p1, p2) = top_two(probs);
            1.0 - (p1 - p2)
        }
        Strategy::Entropy if probs.len() < 2 => 0.0,
        Strategy::Entropy => {
            let h: f32 = probs
                .iter()
                .filter(|&&p| p > 0.0)
                .map(|&p| -p * p.ln())
                .sum();
            h / (probs.len() as f32).ln()
        }
    }
}

fn top_two(probs: &[f32]) -> (f32, f32) {
    probs.iter().fold(
        (0.0, 0.0),
        |(a, b), &p| {
            if p > a {
                (p, a)
            } else {
                (a, b.max(p))
            }
        },
    )
}

/// A sentence's uncertainty: the largest of its heads'.
pub fn uncertainty(model: &StanceModel, prediction: &Prediction, strategy: Strategy) -> f32 {
    (0..model.heads().len())
        .map(|h| head_uncertainty(&prediction.probs[model.head_range(h)], strategy))
        .fold(0.0, f32::max)
}

/// The distinct normalised words of a sentence, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordSet(Vec<String>);

impl WordSet {
    /// The word set of `text`; `tokens` is a reusable buffer.
    pub fn of(text: &str, tokens: &mut Tokens) -> Self {
        tokenize(text, tokens);
        let mut words: Vec<String> = tokens.norms().map(str::to_owned).collect();
        words.sort_unstable();
        words.dedup();
        WordSet(words)
    }

    /// True when the sentence has no word.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `|A ∩ B| / |A ∪ B|`; two empty sets count as identical (1.0).
    pub fn jaccard(&self, other: &WordSet) -> f32 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => (i, j, common) = (i + 1, j + 1, common + 1),
            }
        }
        common as f32 / (a.len() + b.len() - common) as f32
    }
}

/// The outcome of the diversity guard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Picked {
    /// Indices of the chosen sentences, most uncertain first.
    pub chosen: Vec<usize>,
    /// Candidates skipped as near-duplicates of a chosen sentence.
    pub near_duplicates: usize,
    /// Candidates skipped because they hold no word.
    pub without_words: usize,
}

/// Takes up to `n` sentences, highest score first (ties in input order),
/// skipping near-duplicates and sentences without words (module docs).
pub fn pick<S: AsRef<str>>(scores: &[f32], texts: &[S], n: usize, max_similarity: f32) -> Picked {
    let mut order: Vec<usize> = (0..scores.len().min(texts.len())).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let (mut picked, mut sets, mut tokens) = (Picked::default(), Vec::new(), Tokens::new());
    for i in order {
        if picked.chosen.len() == n {
            break;
        }
        let words = WordSet::of(texts[i].as_ref(), &mut tokens);
        if words.is_empty() {
            picked.without_words += 1;
        } else if sets.iter().any(|s| words.jaccard(s) >= max_similarity) {
            picked.near_duplicates += 1;
        } else {
            picked.chosen.push(i);
            sets.push(words);
        }
    }
    picked
}

/// One suggested sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Its index in the input.
    pub index: usize,
    /// Its uncertainty, in `[0, 1]`.
    pub score: f32,
    /// The model's probabilities for it (its guesses).
    pub prediction: Prediction,
}

/// What [`suggest`] chose and what it skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The sentences to annotate, most uncertain first.
    pub chosen: Vec<Suggestion>,
    /// Candidates skipped as near-duplicates.
    pub near_duplicates: usize,
    /// Candidates skipped because they hold no word.
    pub without_words: usize,
}

/// Scores every text with `model` and picks the `params.n` the model is
/// least sure of, near-duplicates skipped.
pub fn suggest<S: AsRef<str> + Sync>(
    model: &StanceModel,
    texts: &[S],
    params: &SuggestParams,
) -> Result<Selection> {
    params.check()?;
    let mut predictions = model.predict_many(texts);
    let scores: Vec<f32> = predictions
        .iter()
        .map(|p| uncertainty(model, p, params.strategy))
        .collect();
    let picked = pick(&scores, texts, params.n, params.max_similarity);
    let chosen = picked
        .chosen
        .iter()
        .map(|&index| Suggestion {
            index,
            score: scores[index],
            prediction: std::mem::take(&mut predictions[index]),
        })
        .collect();
    Ok(Selection {
        chosen,
        near_duplicates: picked.near_duplicates,
        without_words: picked.without_words,
    })
}

#[cfg(test)]
mod tests;

//! Explanations of single predictions: for every head, which features pushed
//! the sentence towards the label it got and which pushed against it, by how
//! much, and where in the sentence each one came from.
//!
//! # Definition
//!
//! For a head, its predicted class `k` and the sentence's feature row `x`,
//! the contribution of feature `j` is `x_j × w[j,k]`. The logit the model
//! computed for `k` is `b_k + Σ_j x_j × w[j,k]`, so the contributions plus
//! the intercept `b_k` add up to that logit (to float rounding). A positive
//! contribution pushed *for* the label, a negative one *against* it.
//!
//! A centred definition, `x_j × (w[j,k] − mean_c w[j,c])` (how much a
//! feature favours `k` over the other classes), gives the same numbers for a
//! model trained by this crate: the L2-penalised softmax loss is minimised
//! where each feature's weights sum to zero over the classes (the penalty's
//! gradient `W/C` has to cancel a data gradient whose class-sum is zero),
//! and L-BFGS started from zero never leaves that subspace. A test checks
//! this on the built-in model.
//!
//! Invariant: [`HeadExplanation::contributions`] holds every non-zero entry
//! of the row, so `intercept + Σ contributions == logit`.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::features::BlockKind;
use crate::model::heads::Head;
use crate::model::logistic::{argmax, softmax_in_place};
use crate::model::{Predictor, StanceModel};
use crate::text::Turn;

/// One feature's share of a head's logit for one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// Column of the feature in the row.
    pub column: usize,
    /// The block the feature belongs to.
    pub kind: BlockKind,
    /// The feature's name: a word n-gram, a character n-gram or a cue name.
    pub name: String,
    /// The feature's value in the sentence's row (TF-IDF weight, cue value).
    #[serde(serialize_with = "short_f32")]
    pub value: f32,
    /// The model's weight of the feature for the predicted class.
    #[serde(serialize_with = "short_f32")]
    pub weight: f32,
    /// `value × weight`: what the feature added to the predicted logit.
    #[serde(serialize_with = "short_f32")]
    pub contribution: f32,
    /// Byte ranges of the sentence the feature came from, sorted; filled by
    /// [`Explainer::locate`], and empty for sentence-wide cues (quotation,
    /// question, VADER valence).
    pub spans: Vec<(usize, usize)>,
}

/// Why one head gave a sentence its label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadExplanation {
    /// The head (label column) name.
    pub head: String,
    /// The predicted label.
    pub label: String,
    /// Its class index in the head's label list.
    pub class: usize,
    /// Its probability.
    #[serde(serialize_with = "short_f32")]
    pub probability: f32,
    /// The logit the model computed for it.
    #[serde(serialize_with = "short_f32")]
    pub logit: f32,
    /// The head's intercept for it.
    #[serde(serialize_with = "short_f32")]
    pub intercept: f32,
    /// Every non-zero feature of the row, largest contribution first (ties
    /// by column).
    pub contributions: Vec<Contribution>,
}

impl HeadExplanation {
    /// Up to `k` features that pushed for the label, strongest first.
    pub fn pushing_for(&self, k: usize) -> impl Iterator<Item = &Contribution> {
        self.contributions
            .iter()
            .take_while(|c| c.contribution > 0.0)
            .take(k)
    }

    /// Up to `k` features that pushed against the label, strongest first.
    pub fn pushing_against(&self, k: usize) -> impl Iterator<Item = &Contribution> {
        self.contributions
            .iter()
            .rev()
            .take_while(|c| c.contribution < 0.0)
            .take(k)
    }

    /// The sum of every contribution: `logit − intercept`, to rounding.
    pub fn contribution_sum(&self) -> f32 {
        self.contributions
            .iter()
            .fold(0.0, |sum, c| sum + c.contribution)
    }

    /// The `k` strongest features each way and what the others add up to,
    /// so that `intercept + Σ for + Σ against + other_contribution` is the
    /// logit.
    pub fn top(&self, k: usize) -> TopFeatures<'_> {
        let pushing_for: Vec<&Contribution> = self.pushing_for(k).collect();
        let pushing_against: Vec<&Contribution> = self.pushing_against(k).collect();
        let shown = pushing_for.iter().chain(&pushing_against);
        let shown_sum = shown.fold(0.0, |sum, c| sum + c.contribution);
        TopFeatures {
            head: &self.head,
            label: &self.label,
            probability: self.probability,
            logit: self.logit,
            intercept: self.intercept,
            other_features: self.contributions.len() - pushing_for.len() - pushing_against.len(),
            other_contribution: self.contribution_sum() - shown_sum,
            pushing_for,
            pushing_against,
        }
    }

    /// The `k` features that pushed hardest for the label on one line, as
    /// `predict --explain` writes them: `word:internal affairs(+0.83);
    /// cue:accuse_by_china(+0.61)`.
    pub fn summary(&self, k: usize) -> String {
        self.pushing_for(k)
            .map(|c| format!("{}({:+.2})", feature_label(c.kind, &c.name), c.contribution))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A head's explanation cut to the `k` strongest features each way; what
/// `stancekit explain --json` writes per head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopFeatures<'a> {
    /// The head name.
    pub head: &'a str,
    /// The predicted label.
    pub label: &'a str,
    /// Its probability.
    #[serde(serialize_with = "short_f32")]
    pub probability: f32,
    /// Its logit.
    #[serde(serialize_with = "short_f32")]
    pub logit: f32,
    /// The head's intercept for it.
    #[serde(serialize_with = "short_f32")]
    pub intercept: f32,
    /// The strongest features for the label, strongest first.
    #[serde(rename = "for")]
    pub pushing_for: Vec<&'a Contribution>,
    /// The strongest features against it, strongest first.
    #[serde(rename = "against")]
    pub pushing_against: Vec<&'a Contribution>,
    /// How many non-zero features are in neither list.
    pub other_features: usize,
    /// What they add up to.
    #[serde(serialize_with = "short_f32")]
    pub other_contribution: f32,
}

/// Writes an `f32` as the shortest decimal that reads back as the same
/// `f32` (`0.9312136`, not `0.9312136173248291`).
pub(crate) fn short_f32<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(x.to_string().parse().unwrap_or(f64::NAN))
}

/// Every head's explanation of one sentence, in head order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// One entry per head.
    pub heads: Vec<HeadExplanation>,
}

/// `kind:name`, with character n-grams quoted since they hold spaces:
/// `word:internal affairs`, `char:" ch"`, `cue:accuse_by_china`.
pub fn feature_label(kind: BlockKind, name: &str) -> String {
    match kind {
        BlockKind::Char => format!("char:{name:?}"),
        _ => format!("{}:{name}", kind.as_str()),
    }
}

/// Explains sentences with one model, reusing its buffers between calls.
#[derive(Debug)]
pub struct Explainer<'m> {
    model: &'m StanceModel,
    predictor: Predictor,
    turn: Turn,
}

impl<'m> Explainer<'m> {
    /// An explainer for `model`.
    pub fn new(model: &'m StanceModel) -> Self {
        Explainer {
            model,
            predictor: Predictor::default(),
            turn: Turn::Unknown,
        }
    }

    /// Explains sentences as said in `turn` (unknown by default).
    pub fn with_turn(self, turn: Turn) -> Self {
        Explainer { turn, ..self }
    }

    /// Explains every head's prediction for `text` (spans left empty; see
    /// [`Explainer::locate`]).
    pub fn explain(&mut self, text: &str) -> Explanation {
        let p = &mut self.predictor;
        self.model
            .pipeline()
            .transform(text, self.turn, &mut p.scratch, &mut p.row);
        let heads = self
            .model
            .heads()
            .iter()
            .map(|head| self.explain_head(head))
            .collect();
        Explanation { heads }
    }

    fn explain_head(&self, head: &Head) -> HeadExplanation {
        let model = head.model();
        let entries = &self.predictor.row.entries;
        let mut logits = vec![0.0; model.n_classes()];
        model.logits(entries.iter().copied(), &mut logits);
        let mut probs = logits.clone();
        softmax_in_place(&mut probs);
        let class = argmax(&probs);
        let mut contributions: Vec<Contribution> = entries
            .iter()
            .filter(|&&(_, value)| value != 0.0)
            .map(|&(j, value)| self.contribution(head, j as usize, value, class))
            .collect();
        contributions.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then(a.column.cmp(&b.column))
        });
        HeadExplanation {
            head: head.name().to_owned(),
            label: head.labels()[class].clone(),
            class,
            probability: probs[class],
            logit: logits[class],
            intercept: model.intercept(class),
            contributions,
        }
    }

    fn contribution(&self, head: &Head, column: usize, value: f32, class: usize) -> Contribution {
        let (kind, name) = self.model.pipeline().feature_name(column);
        let weight = head.model().weight(column, class);
        Contribution {
            column,
            kind,
            name: name.to_owned(),
            value,
            weight,
            contribution: value * weight,
            spans: Vec::new(),
        }
    }

    /// Fills the spans of every contribution in `explanation`, which must be
    /// this explainer's explanation of the same `text`.
    pub fn locate(&mut self, text: &str, explanation: &mut Explanation) {
        let mut spans: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
        self.model
            .pipeline()
            .for_each_span(text, &mut self.predictor.scratch, |column, s, e| {
                spans.entry(column).or_default().push((s, e))
            });
        spans.values_mut().for_each(|v| {
            v.sort_unstable();
            v.dedup();
        });
        for c in explanation
            .heads
            .iter_mut()
            .flat_map(|h| h.contributions.iter_mut())
        {
            c.spans = spans.get(&c.column).cloned().unwrap_or_default();
        }
    }

    /// Explains `text` with the spans filled in.
    pub fn explain_located(&mut self, text: &str) -> Explanation {
        let mut explanation = self.explain(text);
        self.locate(text, &mut explanation);
        explanation
    }
}

/// Explains many sentences in parallel (without spans), `turns[i]` being
/// sentence `i`'s turn; results in input order.
pub fn explain_many<S: AsRef<str> + Sync>(
    model: &StanceModel,
    texts: &[S],
    turns: &[Turn],
) -> Vec<Explanation> {
    assert_eq!(texts.len(), turns.len(), "one turn per sentence");
    texts
        .par_chunks(256)
        .zip(turns.par_chunks(256))
        .flat_map_iter(|(chunk, turns)| {
            let mut explainer = Explainer::new(model);
            chunk
                .iter()
                .zip(turns)
                .map(|(t, &turn)| {
                    explainer.turn = turn;
                    explainer.explain(t.as_ref())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests;

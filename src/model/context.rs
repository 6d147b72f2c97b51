//! Document context: the model's second stage. A sentence alone often does
//! not say whose voice it carries ("We firmly oppose this." is China's in a
//! Foreign Ministry transcript and Washington's in a White House briefing),
//! but the other sentences of its document usually do. For each head it is
//! trained for, a small softmax model re-scores a sentence's probabilities
//! from four groups of features, one value per label each: the sentence's
//! own log-probabilities; the log of the mean probabilities of the other
//! sentences of its document; that context scaled by the sentence's own
//! uncertainty (1 − its top probability), so the context weighs most where
//! the sentence says least; and the context scaled by the share of the other
//! sentences that speak in the first person, a sign of a transcript or a
//! speech, where one voice holds the floor.
//!
//! The stage is fitted on out-of-fold predictions (whole documents dealt to
//! folds), so it learns how far to trust sentence-level predictions made
//! without the sentence's label.
//!
//! The stage applies only where another sentence of the document speaks in
//! the first person outside quotation marks: transcripts, speeches and
//! statements, where one voice holds the floor. In a news article the
//! reporter never says "we" and voices alternate from one sentence to the
//! next; there the context was measured to hurt, so such a document is
//! scored sentence by sentence.
//!
//! Invariant: a sentence alone in its document, or in one where no other
//! sentence speaks in the first person, keeps its sentence-level
//! probabilities, so `explain`, which shows the sentence-level score, is
//! exact for it.

use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::labelled::LabelledData;
use crate::error::{Error, Result};
use crate::eval::split::grouped_folds;
use crate::features::cues::Lexicons;
use crate::features::sparse::{CsrMatrix, SparseRow};
use crate::model::heads::Head;
use crate::model::logistic::LogisticParams;
use crate::model::{Prediction, StanceModel, TrainConfig};

/// Feature groups per label: own, context, context × uncertainty, context ×
/// first-person share.
const GROUPS: usize = 4;
/// Floor under a probability before its logarithm.
const FLOOR: f32 = 1e-3;

/// Settings of the stage; stored in the model's config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextConfig {
    /// The heads (label columns) to re-score; empty: no context stage.
    pub heads: Vec<String>,
    /// Folds of the out-of-fold predictions the stage is fitted on.
    pub folds: usize,
}

impl Default for ContextConfig {
    /// No context stage: a model trained from the library scores sentences
    /// alone unless asked otherwise.
    fn default() -> Self {
        ContextConfig {
            heads: Vec::new(),
            folds: 5,
        }
    }
}

/// One re-scored head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextHead {
    /// Index of the head among the model's heads.
    head: usize,
    /// The softmax over the context features; same labels as the head.
    rescorer: Head,
}

/// The fitted stage: the re-scored heads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextStage {
    heads: Vec<ContextHead>,
}

impl ContextStage {
    /// Fits the stage for `config.context.heads` on top of `sentence_model`
    /// (trained on all of `data`), whose rows belong to the documents
    /// `doc_of`. `None` when there is too little to learn from: fewer
    /// documents of two or more sentences than twice the fold count, or a
    /// fold whose training documents lack one of a head's labels.
    pub fn fit(
        sentence_model: &StanceModel,
        data: &LabelledData,
        doc_of: &[u32],
        config: &TrainConfig,
        lexicons: &Lexicons,
    ) -> Result<Option<Self>> {
        let folds = config.context.folds;
        if config.context.heads.is_empty() || multi_sentence_docs(doc_of) < 2 * folds {
            return Ok(None);
        }
        let Some(oof) = out_of_fold(data, doc_of, config, lexicons)? else {
            return Ok(None);
        };
        let heads = config
            .context
            .heads
            .iter()
            .map(|name| fit_head(sentence_model, name, data, &oof, doc_of, &config.logistic))
            .collect::<Result<_>>()?;
        Ok(Some(ContextStage { heads }))
    }

    /// Re-scores, in place, every sentence that shares its document with
    /// another; `ranges[h]` is head `h`'s slice of the probabilities and
    /// `doc_of` holds dense document ids (0, 1, ... as [`crate::corpus::dense_ids`] makes).
    pub fn apply(&self, ranges: &[Range<usize>], preds: &mut [Prediction], doc_of: &[u32]) {
        let (mut row, mut context) = (SparseRow::default(), Vec::new());
        for ch in &self.heads {
            let range = ranges[ch.head].clone();
            let sums = DocSums::new(preds, range.clone(), doc_of);
            for (p, &doc) in preds.iter_mut().zip(doc_of) {
                if sums.others_mean(doc, p, &mut context) {
                    let own = &mut p.probs[range.clone()];
                    features(own, &context, &mut row);
                    let scores = row.entries.iter().copied();
                    ch.rescorer.model().probabilities(scores, own);
                }
            }
        }
    }

    /// The indices of the re-scored heads among the model's heads.
    pub fn head_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.heads.iter().map(|h| h.head)
    }

    /// Checks a stage read from a file against the model's heads' labels.
    pub fn check(&self, head_labels: &[&[String]]) -> std::result::Result<(), String> {
        for ch in &self.heads {
            let labels = head_labels.get(ch.head).ok_or_else(|| {
                format!(
                    "context stage names head {} of {}",
                    ch.head,
                    head_labels.len()
                )
            })?;
            ch.rescorer.check(GROUPS * labels.len())?;
            if ch.rescorer.labels() != *labels {
                return Err(format!(
                    "context stage of head {} has other labels",
                    ch.head
                ));
            }
        }
        Ok(())
    }
}

fn multi_sentence_docs(doc_of: &[u32]) -> usize {
    doc_sizes(doc_of).iter().filter(|&&n| n >= 2).count()
}

/// Sentence-level predictions of every row by a model that did not train on
/// its document; `None` when some fold's model lacks a label (its
/// probabilities would not line up with the others').
fn out_of_fold(
    data: &LabelledData,
    doc_of: &[u32],
    config: &TrainConfig,
    lexicons: &Lexicons,
) -> Result<Option<Vec<Prediction>>> {
    let folds = grouped_folds(doc_of, config.context.folds, config.seed);
    let scored: Option<Vec<(Vec<usize>, Vec<Prediction>)>> = folds
        .par_iter()
        .map(|fold| {
            let train = data.subset(&fold.train);
            if (0..data.heads.len()).any(|h| train.label_set(h) != data.label_set(h)) {
                return Ok(None);
            }
            let model = StanceModel::train_sentence_level(&train, config, lexicons)?;
            let test = data.subset(&fold.test);
            let predictions = model.predict_in_turns(&test.texts, &test.turns);
            Ok(Some((fold.test.clone(), predictions)))
        })
        .collect::<Result<Option<_>>>()?;
    let Some(scored) = scored else {
        return Ok(None);
    };
    let mut oof = vec![Prediction::default(); data.len()];
    for (rows, preds) in scored {
        rows.into_iter().zip(preds).for_each(|(r, p)| oof[r] = p);
    }
    Ok(Some(oof))
}

/// Fits the re-scorer of head `name` on the out-of-fold predictions of the
/// sentences that share their document.
fn fit_head(
    model: &StanceModel,
    name: &str,
    data: &LabelledData,
    oof: &[Prediction],
    doc_of: &[u32],
    params: &LogisticParams,
) -> Result<ContextHead> {
    let h = model
        .heads()
        .iter()
        .position(|x| x.name() == name)
        .ok_or_else(|| {
            Error::config(
                "--context",
                format!(
                    "{name:?} is not a head of the model (heads: {})",
                    data.heads.join(", ")
                ),
            )
        })?;
    let range = model.head_range(h);
    let mut x = CsrMatrix::new(GROUPS * range.len());
    let (mut labels, mut row, mut context) = (Vec::new(), SparseRow::default(), Vec::new());
    let sums = DocSums::new(oof, range.clone(), doc_of);
    for (i, &doc) in doc_of.iter().enumerate() {
        let own = &oof[i].probs[range.clone()];
        if sums.others_mean(doc, &oof[i], &mut context) {
            features(own, &context, &mut row);
            x.push_row(&row);
            labels.push(data.labels[h][i].clone());
        }
    }
    let rescorer = Head::fit(name, x, &labels, params)?;
    if rescorer.labels() != model.heads()[h].labels() {
        return Err(Error::dataset(&data.path, format!("head {name:?}: a label occurs only in documents of one sentence, so document context cannot learn it; train with --no-context")));
    }
    Ok(ContextHead { head: h, rescorer })
}

/// Per document (by dense id): how many sentences it has, the sum of their
/// probabilities of one head and how many speak in the first person, so
/// that the means over a sentence's others are one subtraction away.
struct DocSums {
    range: Range<usize>,
    sizes: Vec<u32>,
    sums: Vec<f32>,
    first_person: Vec<u32>,
}

impl DocSums {
    fn new(preds: &[Prediction], range: Range<usize>, doc_of: &[u32]) -> Self {
        let k = range.len();
        let sizes = doc_sizes(doc_of);
        let mut sums = vec![0.0; sizes.len() * k];
        let mut first_person = vec![0; sizes.len()];
        for (p, &d) in preds.iter().zip(doc_of) {
            first_person[d as usize] += u32::from(p.first_person);
            let sum = &mut sums[d as usize * k..(d as usize + 1) * k];
            sum.iter_mut()
                .zip(&p.probs[range.clone()])
                .for_each(|(s, x)| *s += x);
        }
        DocSums {
            range,
            sizes,
            sums,
            first_person,
        }
    }

    /// Writes the mean probabilities (of the head's range) of the other
    /// sentences of document `doc` into `out`, then the share of them in the
    /// first person; false, and `out` untouched, for a sentence alone or one
    /// none of whose others speaks in the first person.
    fn others_mean(&self, doc: u32, own: &Prediction, out: &mut Vec<f32>) -> bool {
        let n = self.sizes[doc as usize];
        let first_person = self.first_person[doc as usize] - u32::from(own.first_person);
        if n < 2 || first_person == 0 {
            // Alone, or nobody else speaks in the first person: a news
            // article or a list of unrelated sentences, whose voices change
            // from one sentence to the next, says nothing of this one.
            return false;
        }
        let k = self.range.len();
        let sum = &self.sums[doc as usize * k..(doc as usize + 1) * k];
        let own_probs = &own.probs[self.range.clone()];
        out.clear();
        out.extend(
            sum.iter()
                .zip(own_probs)
                .map(|(s, x)| (s - x) / (n - 1) as f32),
        );
        out.push(first_person as f32 / (n - 1) as f32);
        true
    }
}

/// Sentences per document, indexed by dense id.
fn doc_sizes(doc_of: &[u32]) -> Vec<u32> {
    let n_docs = doc_of.iter().map(|&d| d as usize + 1).max().unwrap_or(0);
    let mut sizes = vec![0; n_docs];
    doc_of.iter().for_each(|&d| sizes[d as usize] += 1);
    sizes
}

/// The context features of one sentence for one head (see the module
/// header), `GROUPS` × labels values; `context` is what
/// [`DocSums::others_mean`] wrote.
fn features(own: &[f32], context: &[f32], row: &mut SparseRow) {
    let k = own.len();
    let uncertainty = 1.0 - own.iter().copied().fold(0.0, f32::max);
    let first_person_share = context[k];
    row.clear();
    for (i, (&o, &c)) in own.iter().zip(context).enumerate() {
        let ln_context = c.max(FLOOR).ln();
        row.push(i as u32, o.max(FLOOR).ln());
        row.push((k + i) as u32, ln_context);
        row.push((2 * k + i) as u32, ln_context * uncertainty);
        row.push((3 * k + i) as u32, ln_context * first_person_share);
    }
    row.entries.sort_unstable_by_key(|&(c, _)| c);
}

#[cfg(test)]
mod tests;

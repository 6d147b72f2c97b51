//! Models: the sparse softmax solver, the heads built on it (one per label
//! column), and the model file that stores them with the feature pipeline.
//!
//! [`StanceModel`] is the fitted type: it exists only as the result of
//! [`StanceModel::train`] or of loading a file, so nothing predicts with an
//! unfitted model.

pub mod context;
pub mod file;
pub mod heads;
pub mod logistic;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::labelled::LabelledData;
use crate::error::Result;
use crate::eval::split::SplitMix64;
use crate::features::cues::{self, Lexicons};
use crate::features::sparse::SparseRow;
use crate::features::{FeatureConfig, Pipeline, Scratch};
use crate::text::Turn;
use context::{ContextConfig, ContextStage};
use heads::Head;
use logistic::{argmax, LogisticParams};

/// Everything that decides how a model is trained; stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// The feature blocks.
    pub features: FeatureConfig,
    /// The solver settings, shared by every head.
    pub logistic: LogisticParams,
    /// The document-context stage (see [`context`]).
    pub context: ContextConfig,
    /// The share of training rows with a known turn that are trained with
    /// it hidden (see [`training_turns`]).
    pub turn_dropout: f64,
    /// The seed of the turn dropout and of the context stage's folds.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            features: FeatureConfig::default(),
            logistic: LogisticParams::default(),
            context: ContextConfig::default(),
            turn_dropout: 0.5,
            seed: 42,
        }
    }
}

/// A trained model: pipeline plus one head per label column, and the
/// optional document-context stage that re-scores some heads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StanceModel {
    config: TrainConfig,
    pipeline: Pipeline,
    heads: Vec<Head>,
    context: Option<ContextStage>,
}

/// The probabilities of every head for one sentence, heads one after the
/// other in a flat buffer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prediction {
    /// Concatenated per-head class probabilities.
    pub probs: Vec<f32>,
    /// Whether the sentence speaks in the first person outside quotation
    /// marks (the `first_person` cue): the document-context stage reads the
    /// share of such sentences as a sign of a transcript or speech.
    pub first_person: bool,
}

/// Per-thread buffers for prediction.
#[derive(Debug, Default)]
pub struct Predictor {
    /// Feature scratch (its tokens are those of the last sentence).
    pub scratch: Scratch,
    /// The last feature row.
    pub row: SparseRow,
}

impl StanceModel {
    /// Fits the pipeline on `data`'s texts, then one head per label column,
    /// then, when `config.context` names heads and the rows have documents,
    /// the document-context stage.
    pub fn train(data: &LabelledData, config: &TrainConfig, lexicons: &Lexicons) -> Result<Self> {
        let mut model = Self::train_sentence_level(data, config, lexicons)?;
        if let Some(doc_of) = data.doc_ids() {
            model.context = ContextStage::fit(&model, data, &doc_of, config, lexicons)?;
        }
        Ok(model)
    }

    fn train_sentence_level(
        data: &LabelledData,
        config: &TrainConfig,
        lexicons: &Lexicons,
    ) -> Result<Self> {
        data.check_trainable()?;
        let pipeline = Pipeline::fit(&config.features, &data.texts, lexicons)?;
        let turns = training_turns(&data.turns, config.turn_dropout, config.seed);
        let x = pipeline.transform_many(&data.texts, &turns);
        let heads = data
            .heads
            .iter()
            .zip(&data.labels)
            .map(|(name, labels)| Head::fit(name, x.clone(), labels, &config.logistic))
            .collect::<Result<_>>()?;
        Ok(StanceModel {
            config: config.clone(),
            pipeline,
            heads,
            context: None,
        })
    }

    /// The training configuration.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// The fitted feature pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The heads, in label-column order.
    pub fn heads(&self) -> &[Head] {
        &self.heads
    }

    /// The document-context stage, when the model has one.
    pub fn context(&self) -> Option<&ContextStage> {
        self.context.as_ref()
    }

    /// Where head `h`'s probabilities start in [`Prediction::probs`].
    pub fn head_range(&self, h: usize) -> std::ops::Range<usize> {
        let start: usize = self.heads[..h].iter().map(|x| x.labels().len()).sum();
        start..start + self.heads[h].labels().len()
    }

    /// Scores one sentence, said in `turn`, with every head.
    pub fn predict_into(
        &self,
        text: &str,
        turn: Turn,
        predictor: &mut Predictor,
        out: &mut Prediction,
    ) {
        self.pipeline
            .transform(text, turn, &mut predictor.scratch, &mut predictor.row);
        let first_person = self.pipeline.cue_column(cues::FIRST_PERSON);
        out.first_person = first_person.is_some_and(|c| {
            let entries = &predictor.row.entries;
            entries
                .binary_search_by_key(&c, |&(column, _)| column)
                .is_ok()
        });
        out.probs.clear();
        for head in &self.heads {
            let start = out.probs.len();
            out.probs.resize(start + head.labels().len(), 0.0);
            head.model().probabilities(
                predictor.row.entries.iter().copied(),
                &mut out.probs[start..],
            );
        }
    }

    /// Scores many sentences of unknown turn in parallel; results in input
    /// order.
    pub fn predict_many<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Prediction> {
        self.predict_in_turns(texts, &vec![Turn::Unknown; texts.len()])
    }

    /// Scores many sentences in parallel, `turns[i]` being sentence `i`'s
    /// turn; results in input order.
    pub fn predict_in_turns<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        turns: &[Turn],
    ) -> Vec<Prediction> {
        assert_eq!(texts.len(), turns.len(), "one turn per sentence");
        texts
            .par_chunks(256)
            .zip(turns.par_chunks(256))
            .flat_map_iter(|(chunk, turns)| {
                let mut predictor = Predictor::default();
                chunk
                    .iter()
                    .zip(turns)
                    .map(|(t, &turn)| {
                        let mut p = Prediction::default();
                        self.predict_into(t.as_ref(), turn, &mut predictor, &mut p);
                        p
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Scores sentences that belong to documents (`doc_of[i]` is sentence
    /// `i`'s dense document id, see [`crate::corpus::dense_ids`]):
    /// [`Self::predict_in_turns`], then the document-context stage, if the
    /// model has one. Results in input order.
    pub fn predict_documents<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        turns: &[Turn],
        doc_of: &[u32],
    ) -> Vec<Prediction> {
        let mut predictions = self.predict_in_turns(texts, turns);
        self.apply_context(&mut predictions, doc_of);
        predictions
    }

    /// Re-scores sentence-level `predictions` with their documents'
    /// context; nothing happens when the model has no context stage.
    pub fn apply_context(&self, predictions: &mut [Prediction], doc_of: &[u32]) {
        if let Some(stage) = &self.context {
            let ranges: Vec<_> = (0..self.heads.len()).map(|h| self.head_range(h)).collect();
            stage.apply(&ranges, predictions, doc_of);
        }
    }

    /// The predicted label and its probability for head `h`.
    pub fn label_of<'m>(&'m self, prediction: &Prediction, h: usize) -> (&'m str, f32) {
        let probs = &prediction.probs[self.head_range(h)];
        let best = argmax(probs);
        (&self.heads[h].labels()[best], probs[best])
    }
}

/// The turns the sentence-level heads train on: each known turn is hidden
/// (made unknown) with probability `dropout`, drawn from `seed`. A model
/// that always saw the turn of a press-conference sentence leans on it and
/// reads the words less; hiding it for some rows keeps the model right on
/// the same sentences when a user's file gives no turn.
fn training_turns(turns: &[Turn], dropout: f64, seed: u64) -> Vec<Turn> {
    let mut rng = SplitMix64::new(seed);
    turns
        .iter()
        .map(|&turn| {
            let draw = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            if draw < dropout {
                Turn::Unknown
            } else {
                turn
            }
        })
        .collect()
}

/// The default model, trained on `data/labelled` (see `models/README.md`)
/// and compiled into the binary.
const BUILTIN_MODEL: &[u8] = include_bytes!("../../models/default.model");

/// Loads the built-in default model.
pub fn builtin() -> Result<StanceModel> {
    file::from_bytes(BUILTIN_MODEL, std::path::Path::new("<built-in>"))
}

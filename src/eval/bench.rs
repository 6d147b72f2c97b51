//! Feature-set benchmark: stratified k-fold cross-validation of several
//! feature sets on one labelled file, with two baselines in every run (the
//! majority class, and linfa-logistic on the dense cue block alone).
//!
//! Invariant: every contender sees the same folds; a score is the mean over
//! folds with its sample standard deviation, so two sets can be compared
//! with their spread.

use std::time::Instant;

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::labelled::LabelledData;
use crate::error::{Error, Result};
use crate::eval::metrics::score;
use crate::eval::split::{stratified_folds, Fold};
use crate::features::cues::Lexicons;
use crate::features::{FeatureConfig, Pipeline};
use crate::model::logistic::LogisticParams;
use crate::model::{StanceModel, TrainConfig};

/// Something to cross-validate.
#[derive(Debug, Clone)]
pub enum Contender {
    /// stancekit's model on a feature set, named by its spec.
    Features {
        /// The spec as the user wrote it.
        spec: String,
        /// The parsed blocks.
        config: FeatureConfig,
    },
    /// Always the most frequent training label.
    Majority,
    /// linfa-logistic (dense, unweighted) on the cue block alone.
    LinfaCues,
}

impl Contender {
    /// The name shown in tables and charts.
    pub fn name(&self) -> String {
        match self {
            Contender::Features { spec, .. } => spec.clone(),
            Contender::Majority => "baseline:majority".into(),
            Contender::LinfaCues => "baseline:linfa-logistic(cues)".into(),
        }
    }
}

/// Settings shared by every contender.
#[derive(Debug, Clone)]
pub struct BenchSettings {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold split.
    pub seed: u64,
    /// Solver settings for stancekit's heads (and C for the linfa baseline).
    pub logistic: LogisticParams,
    /// Lexicons for the cue block.
    pub lexicons: Lexicons,
}

/// Cross-validated scores of one contender on one head.
#[derive(Debug, Clone, Serialize)]
pub struct BenchRow {
    /// The contender's name.
    pub feature_set: String,
    /// The head.
    pub head: String,
    /// Mean macro-F1 over folds.
    pub macro_f1_mean: f64,
    /// Sample standard deviation of macro-F1 over folds.
    pub macro_f1_std: f64,
    /// Mean accuracy over folds.
    pub accuracy_mean: f64,
    /// Mean number of features.
    pub features: f64,
    /// Mean seconds to fit a fold (every head).
    pub fit_seconds: f64,
    /// Mean prediction throughput, sentences per second (every head).
    pub sentences_per_second: f64,
    /// True for the best feature set of this head (highest mean macro-F1).
    pub best: bool,
}

/// What one fold of one contender measured.
#[derive(Debug, Clone)]
struct FoldOutcome {
    macro_f1: Vec<f64>,
    accuracy: Vec<f64>,
    features: usize,
    fit_seconds: f64,
    sentences_per_second: f64,
}

/// Cross-validates every contender; rows come per contender, then per head.
pub fn run_bench(
    data: &LabelledData,
    contenders: &[Contender],
    settings: &BenchSettings,
) -> Result<Vec<BenchRow>> {
    data.check_trainable()?;
    let folds = stratified_folds(data, settings.folds, settings.seed)?;
    let jobs: Vec<(usize, usize)> = (0..contenders.len())
        .flat_map(|c| (0..folds.len()).map(move |f| (c, f)))
        .collect();
    let outcomes: Vec<FoldOutcome> = jobs
        .par_iter()
        .map(|&(c, f)| run_fold(data, &contenders[c], &folds[f], settings))
        .collect::<Result<_>>()?;
    let mut rows = Vec::new();
    for (c, contender) in contenders.iter().enumerate() {
        let mine = &outcomes[c * folds.len()..(c + 1) * folds.len()];
        rows.extend(
            data.heads
                .iter()
                .enumerate()
                .map(|(h, head)| summarise(contender.name(), head, h, mine)),
        );
    }
    mark_best(&mut rows);
    Ok(rows)
}

fn run_fold(
    data: &LabelledData,
    contender: &Contender,
    fold: &Fold,
    settings: &BenchSettings,
) -> Result<FoldOutcome> {
    let (train, test) = (data.subset(&fold.train), data.subset(&fold.test));
    let started = Instant::now();
    let fitted = fit(&train, contender, settings)?;
    let fit_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let predicted = fitted.predict(&test);
    let sentences_per_second = test.len() as f64 / started.elapsed().as_secs_f64().max(1e-9);
    let (macro_f1, accuracy) = (0..data.heads.len())
        .map(|h| {
            let gold: Vec<&str> = test.labels[h].iter().map(String::as_str).collect();
            let pred: Vec<&str> = predicted[h].iter().map(String::as_str).collect();
            let r = score(&data.heads[h], &gold, &pred);
            (r.macro_f1, r.accuracy)
        })
        .unzip();
    Ok(FoldOutcome {
        macro_f1,
        accuracy,
        features: fitted.features(),
        fit_seconds,
        sentences_per_second,
    })
}

/// A contender fitted on one fold.
enum Fitted {
    Stancekit(Box<StanceModel>),
    Majority(Vec<String>),
    Linfa(
        Box<Pipeline>,
        Vec<(
            Vec<String>,
            linfa_logistic::MultiFittedLogisticRegression<f64, usize>,
        )>,
    ),
}

fn fit(train: &LabelledData, contender: &Contender, settings: &BenchSettings) -> Result<Fitted> {
    match contender {
        Contender::Features { config, .. } => {
            let train_config = TrainConfig {
                features: config.clone(),
                logistic: settings.logistic.clone(),
                context: Default::default(),
                seed: settings.seed,
                ..TrainConfig::default()
            };
            Ok(Fitted::Stancekit(Box::new(StanceModel::train(
                train,
                &train_config,
                &settings.lexicons,
            )?)))
        }
        Contender::Majority => Ok(Fitted::Majority(
            (0..train.heads.len())
                .map(|h| majority(&train.labels[h]))
                .collect(),
        )),
        Contender::LinfaCues => fit_linfa_cues(train, settings),
    }
}

fn majority(labels: &[String]) -> String {
    let mut set: Vec<&String> = labels.iter().collect();
    set.sort_unstable();
    set.chunk_by(|a, b| a == b)
        .max_by(|a, b| a.len().cmp(&b.len()).then_with(|| b[0].cmp(a[0])))
        .map_or_else(String::new, |run| run[0].clone())
}

fn cue_pipeline(train: &LabelledData, settings: &BenchSettings) -> Result<Pipeline> {
    let cues_only = FeatureConfig {
        word: None,
        char: None,
        cues: true,
        turn: false,
    };
    Pipeline::fit(&cues_only, &train.texts, &settings.lexicons)
}

fn dense_cues(pipeline: &Pipeline, data: &LabelledData) -> Array2<f64> {
    let x = pipeline.transform_many(&data.texts, &data.turns);
    let mut dense = Array2::zeros((x.n_rows(), x.n_cols()));
    for i in 0..x.n_rows() {
        for (j, v) in x.row_entries(i) {
            dense[[i, j as usize]] = f64::from(v);
        }
    }
    dense
}

fn fit_linfa_cues(train: &LabelledData, settings: &BenchSettings) -> Result<Fitted> {
    let pipeline = cue_pipeline(train, settings)?;
    let x = dense_cues(&pipeline, train);
    let heads = (0..train.heads.len())
        .map(|h| {
            let labels = train.label_set(h);
            let y: Array1<usize> = train.labels[h]
                .iter()
                .map(|l| labels.binary_search(l).unwrap_or(0))
                .collect();
            let model = MultiLogisticRegression::default()
                .alpha(1.0 / settings.logistic.c)
                .max_iterations(200)
                .fit(&Dataset::new(x.clone(), y))
                .map_err(|e| Error::Training {
                    head: train.heads[h].clone(),
                    message: format!("linfa-logistic: {e}"),
                })?;
            Ok((labels, model))
        })
        .collect::<Result<_>>()?;
    Ok(Fitted::Linfa(Box::new(pipeline), heads))
}

impl Fitted {
    /// Predicted labels, per head, per test row.
    fn predict(&self, test: &LabelledData) -> Vec<Vec<String>> {
        match self {
            Fitted::Stancekit(model) => {
                let predictions = model.predict_in_turns(&test.texts, &test.turns);
                (0..model.heads().len())
                    .map(|h| {
                        predictions
                            .iter()
                            .map(|p| model.label_of(p, h).0.to_owned())
                            .collect()
                    })
                    .collect()
            }
            Fitted::Majority(labels) => {
                labels.iter().map(|l| vec![l.clone(); test.len()]).collect()
            }
            Fitted::Linfa(pipeline, heads) => {
                let x = dense_cues(pipeline, test);
                heads
                    .iter()
                    .map(|(labels, model)| {
                        model
                            .predict(&x)
                            .iter()
                            .map(|&k| labels[k].clone())
                            .collect()
                    })
                    .collect()
            }
        }
    }

    fn features(&self) -> usize {
        match self {
            Fitted::Stancekit(model) => model.pipeline().n_features(),
            Fitted::Majority(_) => 0,
            Fitted::Linfa(pipeline, _) => pipeline.n_features(),
        }
    }
}

fn summarise(name: String, head: &str, h: usize, folds: &[FoldOutcome]) -> BenchRow {
    let f1: Vec<f64> = folds.iter().map(|f| f.macro_f1[h]).collect();
    let (mean, std) = mean_std(&f1);
    let avg =
        |get: fn(&FoldOutcome) -> f64| folds.iter().map(get).sum::<f64>() / folds.len() as f64;
    BenchRow {
        feature_set: name,
        head: head.to_owned(),
        macro_f1_mean: mean,
        macro_f1_std: std,
        accuracy_mean: folds.iter().map(|f| f.accuracy[h]).sum::<f64>() / folds.len() as f64,
        features: avg(|f| f.features as f64),
        fit_seconds: avg(|f| f.fit_seconds),
        sentences_per_second: avg(|f| f.sentences_per_second),
        best: false,
    }
}

/// Mean and sample standard deviation (n − 1).
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

fn mark_best(rows: &mut [BenchRow]) {
    let heads: Vec<String> = rows.iter().map(|r| r.head.clone()).collect();
    for head in heads {
        let best = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.head == head)
            .max_by(|a, b| a.1.macro_f1_mean.total_cmp(&b.1.macro_f1_mean))
            .map(|(i, _)| i);
        if let Some(i) = best {
            rows[i].best = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_picks_the_most_frequent_then_the_first_label() {
        let labels = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(majority(&labels(&["b", "a", "b"])), "b");
        assert_eq!(majority(&labels(&["b", "a"])), "a");
    }

    #[test]
    fn mean_std_is_the_sample_deviation() {
        let (m, s) = mean_std(&[1.0, 2.0, 3.0, 4.0]);
        assert!((m - 2.5).abs() < 1e-12);
        assert!((s - 1.2909944487).abs() < 1e-9);
    }

    #[test]
    fn cross_validation_ranks_a_real_set_above_the_majority() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/labelled_small.csv"
        );
        let data =
            crate::corpus::labelled::read_labelled(path.as_ref(), &Default::default()).unwrap();
        let contenders = [
            Contender::Majority,
            Contender::LinfaCues,
            Contender::Features {
                spec: "word+cues".into(),
                config: crate::features::spec::parse("word+cues").unwrap(),
            },
        ];
        let settings = BenchSettings {
            folds: 3,
            seed: 1,
            logistic: LogisticParams::default(),
            lexicons: Lexicons::builtin(),
        };
        let rows = run_bench(&data, &contenders, &settings).unwrap();
        assert_eq!(rows.len(), 6);
        let f1 = |set: &str, head: &str| {
            rows.iter()
                .find(|r| r.feature_set == set && r.head == head)
                .unwrap()
                .macro_f1_mean
        };
        for head in ["side", "tone"] {
            assert!(
                f1("word+cues", head) > f1("baseline:majority", head) + 0.2,
                "{head}"
            );
            assert!(
                f1("baseline:linfa-logistic(cues)", head) > f1("baseline:majority", head),
                "{head}"
            );
        }
        assert_eq!(rows.iter().filter(|r| r.best).count(), 2);
    }
}

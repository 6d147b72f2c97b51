//! A model at a glance: its training config, its sizes, its label sets and,
//! for every head and class, the features with the largest positive and
//! negative weights.
//!
//! Ranking: weights are compared as numbers, ties broken by column so the
//! lists are deterministic. "Most positive" holds only weights above zero,
//! "most negative" only weights below zero.

use std::cmp::Ordering;

use serde::Serialize;

use crate::explain::short_f32;
use crate::features::tfidf::{Analyzer, DocFreq, TfidfParams};
use crate::features::BlockKind;
use crate::model::file::FORMAT_VERSION;
use crate::model::logistic::SoftmaxModel;
use crate::model::{StanceModel, TrainConfig};

/// A feature and its weight for one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightedFeature {
    /// Column of the feature in the row.
    pub column: usize,
    /// The block it belongs to.
    pub kind: BlockKind,
    /// Its name (n-gram or cue name).
    pub name: String,
    /// Its weight for the class.
    #[serde(serialize_with = "short_f32")]
    pub weight: f32,
}

/// One class of a head: its intercept and extreme weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSummary {
    /// The label.
    pub label: String,
    /// The class' intercept.
    #[serde(serialize_with = "short_f32")]
    pub intercept: f32,
    /// The largest positive weights, largest first.
    pub most_positive: Vec<WeightedFeature>,
    /// The most negative weights, most negative first.
    pub most_negative: Vec<WeightedFeature>,
}

/// One head: its name and classes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadSummary {
    /// The label column it predicts.
    pub name: String,
    /// Its classes, in label order.
    pub classes: Vec<ClassSummary>,
}

/// Number of columns of one feature block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockSize {
    /// The block.
    pub kind: BlockKind,
    /// Its number of columns.
    pub features: usize,
}

/// Everything `stancekit inspect` reports about a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSummary {
    /// The model file format this build reads and writes.
    pub format_version: u32,
    /// The training configuration stored in the model.
    pub config: TrainConfig,
    /// Columns per block, in column order.
    pub blocks: Vec<BlockSize>,
    /// Total number of columns.
    pub n_features: usize,
    /// Every head, in label-column order.
    pub heads: Vec<HeadSummary>,
    /// The heads the document-context stage re-scores (empty: no stage).
    pub context_heads: Vec<String>,
}

/// Summarises `model`, with the `k` most positive and `k` most negative
/// features of every head and class.
pub fn summarize(model: &StanceModel, k: usize) -> ModelSummary {
    let pipeline = model.pipeline();
    ModelSummary {
        format_version: FORMAT_VERSION,
        config: model.config().clone(),
        blocks: pipeline
            .block_ranges()
            .into_iter()
            .map(|(kind, r)| BlockSize {
                kind,
                features: r.len(),
            })
            .collect(),
        n_features: pipeline.n_features(),
        heads: (0..model.heads().len())
            .map(|h| summarize_head(model, h, k))
            .collect(),
        context_heads: model.context().map_or_else(Vec::new, |c| {
            c.head_indices()
                .map(|h| model.heads()[h].name().to_owned())
                .collect()
        }),
    }
}

fn summarize_head(model: &StanceModel, h: usize, k: usize) -> HeadSummary {
    let head = &model.heads()[h];
    let classes = head
        .labels()
        .iter()
        .enumerate()
        .map(|(class, label)| {
            let (most_positive, most_negative) = extreme_weights(model, h, class, k);
            ClassSummary {
                label: label.clone(),
                intercept: head.model().intercept(class),
                most_positive,
                most_negative,
            }
        })
        .collect();
    HeadSummary {
        name: head.name().to_owned(),
        classes,
    }
}

/// The `k` largest positive and the `k` most negative weights of class
/// `class` of head `h`, each list strongest first.
///
/// # Panics
///
/// When `h` or `class` is out of range.
pub fn extreme_weights(
    model: &StanceModel,
    h: usize,
    class: usize,
    k: usize,
) -> (Vec<WeightedFeature>, Vec<WeightedFeature>) {
    let weights = model.heads()[h].model();
    let name = |(weight, column): (f32, usize)| {
        let (kind, name) = model.pipeline().feature_name(column);
        WeightedFeature {
            column,
            kind,
            name: name.to_owned(),
            weight,
        }
    };
    let positive = top_k(weights, class, k, |w| w > 0.0, |a, b| b.total_cmp(&a));
    let negative = top_k(weights, class, k, |w| w < 0.0, |a, b| a.total_cmp(&b));
    (
        positive.into_iter().map(name).collect(),
        negative.into_iter().map(name).collect(),
    )
}

/// The `k` first `(weight, column)` pairs of class `class` that pass
/// `keep`, in the order `cmp` (then column) gives; linear time plus
/// `k log k`.
fn top_k(
    model: &SoftmaxModel,
    class: usize,
    k: usize,
    keep: impl Fn(f32) -> bool,
    cmp: impl Fn(f32, f32) -> Ordering,
) -> Vec<(f32, usize)> {
    if k == 0 {
        return Vec::new();
    }
    let order = |a: &(f32, usize), b: &(f32, usize)| cmp(a.0, b.0).then(a.1.cmp(&b.1));
    let mut all: Vec<(f32, usize)> = (0..model.n_features())
        .map(|j| (model.weight(j, class), j))
        .filter(|&(w, _)| keep(w))
        .collect();
    if all.len() > k {
        all.select_nth_unstable_by(k - 1, order);
        all.truncate(k);
    }
    all.sort_unstable_by(order);
    all
}

/// A TF-IDF block's settings in scikit-learn's words, on one line:
/// `analyzer=word ngram_range=1-2 min_df=1 max_df=1.0 ...`.
pub fn describe_tfidf(p: &TfidfParams) -> String {
    let analyzer = match p.analyzer {
        Analyzer::Word => "word",
        Analyzer::CharWb => "char_wb",
    };
    let df = |d: DocFreq| match d {
        DocFreq::Count(n) => n.to_string(),
        DocFreq::Fraction(f) => format!("{f:?}"),
    };
    let max_features = p
        .max_features
        .map_or_else(|| "none".to_owned(), |n| n.to_string());
    format!(
        "analyzer={analyzer} ngram_range={}-{} min_df={} max_df={} max_features={max_features} sublinear_tf={} smooth_idf={} norm={}",
        p.ngram_range.0,
        p.ngram_range.1,
        df(p.min_df),
        df(p.max_df),
        p.sublinear_tf,
        p.smooth_idf,
        if p.l2_norm { "l2" } else { "none" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builtin;

    /// Every `(weight, column)` of a class passing `keep`, fully sorted.
    fn brute_force(
        model: &StanceModel,
        h: usize,
        class: usize,
        keep: impl Fn(f32) -> bool,
    ) -> Vec<(f32, usize)> {
        let m = model.heads()[h].model();
        let mut all = Vec::new();
        for j in 0..m.n_features() {
            if keep(m.weight(j, class)) {
                all.push((m.weight(j, class), j));
            }
        }
        all.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then(a.1.cmp(&b.1)));
        all
    }

    #[test]
    fn top_features_are_the_largest_weights_of_a_brute_force_scan() {
        let model = builtin().unwrap();
        for (h, head) in model.heads().iter().enumerate() {
            for class in 0..head.labels().len() {
                for k in [1, 7, 25] {
                    let (pos, neg) = extreme_weights(&model, h, class, k);
                    let mut want_pos = brute_force(&model, h, class, |w| w > 0.0);
                    want_pos.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(a.1.cmp(&b.1)));
                    let want_neg = brute_force(&model, h, class, |w| w < 0.0);
                    let got = |v: &[WeightedFeature]| -> Vec<(f32, usize)> {
                        v.iter().map(|f| (f.weight, f.column)).collect()
                    };
                    assert_eq!(got(&pos), want_pos[..k]);
                    assert_eq!(got(&neg), want_neg[..k]);
                    let m = head.model();
                    assert!(pos.iter().all(|f| f.weight == m.weight(f.column, class)));
                    let (kind, name) = model.pipeline().feature_name(pos[0].column);
                    assert_eq!((pos[0].kind, pos[0].name.as_str()), (kind, name));
                }
            }
        }
    }

    #[test]
    fn asking_for_more_than_there_is_gives_everything_and_zero_gives_nothing() {
        let model = builtin().unwrap();
        let n = model.pipeline().n_features();
        let (pos, neg) = extreme_weights(&model, 0, 0, n + 5);
        assert_eq!(pos.len(), brute_force(&model, 0, 0, |w| w > 0.0).len());
        assert_eq!(neg.len(), brute_force(&model, 0, 0, |w| w < 0.0).len());
        let (pos, neg) = extreme_weights(&model, 0, 0, 0);
        assert!(pos.is_empty() && neg.is_empty());
    }

    #[test]
    fn the_summary_reports_config_sizes_and_labels() {
        let model = builtin().unwrap();
        let s = summarize(&model, 3);
        assert_eq!(s.format_version, FORMAT_VERSION);
        assert_eq!(&s.config, model.config());
        assert_eq!(
            s.blocks.iter().map(|b| b.features).sum::<usize>(),
            s.n_features
        );
        assert_eq!(s.blocks.last().unwrap().kind, BlockKind::Turn);
        assert_eq!(s.heads.len(), 2);
        assert_eq!(s.heads[0].name, "side");
        let labels: Vec<&str> = s.heads[0]
            .classes
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["china", "none", "us_japan"]);
        assert!(s.heads[1]
            .classes
            .iter()
            .all(|c| c.most_positive.len() == 3));
    }

    #[test]
    fn tfidf_settings_read_as_scikit_learn_names() {
        let word = TfidfParams {
            analyzer: Analyzer::Word,
            ngram_range: (1, 3),
            min_df: DocFreq::Count(2),
            max_df: DocFreq::Fraction(0.9),
            max_features: None,
            sublinear_tf: true,
            smooth_idf: true,
            l2_norm: true,
        };
        assert_eq!(
            describe_tfidf(&word),
            "analyzer=word ngram_range=1-3 min_df=2 max_df=0.9 max_features=none sublinear_tf=true smooth_idf=true norm=l2"
        );
        let char = TfidfParams {
            analyzer: Analyzer::CharWb,
            ngram_range: (2, 5),
            min_df: DocFreq::Fraction(0.01),
            max_features: Some(5000),
            sublinear_tf: false,
            smooth_idf: false,
            l2_norm: false,
            ..word
        };
        assert_eq!(
            describe_tfidf(&char),
            "analyzer=char_wb ngram_range=2-5 min_df=0.01 max_df=0.9 max_features=5000 sublinear_tf=false smooth_idf=false norm=none"
        );
    }
}

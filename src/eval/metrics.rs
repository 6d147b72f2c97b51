//! Classification metrics with scikit-learn's definitions: precision and
//! recall are 0 where undefined (`zero_division=0`), macro-F1 is the plain
//! mean of the per-class F1 over the classes in the union of gold and
//! predicted labels.

use serde::Serialize;

/// Scores of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScores {
    /// The label.
    pub label: String,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Number of gold rows with this label.
    pub support: usize,
}

/// Scores of one head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadReport {
    /// The head (label column).
    pub head: String,
    /// Per class, in label order.
    pub classes: Vec<ClassScores>,
    /// Fraction of rows right.
    pub accuracy: f64,
    /// Mean F1 over classes.
    pub macro_f1: f64,
    /// `confusion[g][p]`: rows with gold label `g` predicted `p`, in label order.
    pub confusion: Vec<Vec<usize>>,
    /// Number of rows.
    pub rows: usize,
}

/// Scores predictions against gold labels.
pub fn score(head: &str, gold: &[&str], predicted: &[&str]) -> HeadReport {
    assert_eq!(gold.len(), predicted.len(), "one prediction per gold label");
    let mut labels: Vec<String> = gold
        .iter()
        .chain(predicted)
        .map(|s| (*s).to_owned())
        .collect();
    labels.sort_unstable();
    labels.dedup();
    let at = |l: &str| {
        labels
            .binary_search_by(|x| x.as_str().cmp(l))
            .expect("label collected above")
    };
    let mut confusion = vec![vec![0usize; labels.len()]; labels.len()];
    for (g, p) in gold.iter().zip(predicted) {
        confusion[at(g)][at(p)] += 1;
    }
    let classes: Vec<ClassScores> = labels
        .iter()
        .enumerate()
        .map(|(k, l)| class_scores(l, k, &confusion))
        .collect();
    let correct: usize = (0..labels.len()).map(|k| confusion[k][k]).sum();
    HeadReport {
        head: head.to_owned(),
        accuracy: ratio(correct, gold.len()),
        macro_f1: classes.iter().map(|c| c.f1).sum::<f64>() / classes.len().max(1) as f64,
        classes,
        confusion,
        rows: gold.len(),
    }
}

fn class_scores(label: &str, k: usize, confusion: &[Vec<usize>]) -> ClassScores {
    let tp = confusion[k][k];
    let support: usize = confusion[k].iter().sum();
    let predicted: usize = confusion.iter().map(|row| row[k]).sum();
    let (precision, recall) = (ratio(tp, predicted), ratio(tp, support));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    ClassScores {
        label: label.to_owned(),
        precision,
        recall,
        f1,
        support,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scikit_learn_classification_report() {
        // sklearn.metrics: f1_score(g, p, average="macro") = 0.5555555556,
        // accuracy_score = 0.5714285714, precision of "a" = 0.6666666667.
        let g = ["a", "a", "a", "b", "b", "c", "c"];
        let p = ["a", "a", "b", "b", "c", "c", "a"];
        let r = score("h", &g, &p);
        assert!((r.macro_f1 - 0.5555555556).abs() < 1e-9, "{}", r.macro_f1);
        assert!((r.accuracy - 4.0 / 7.0).abs() < 1e-12);
        assert!((r.classes[0].precision - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            r.confusion,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![1, 0, 1]]
        );
    }

    #[test]
    fn a_label_never_predicted_scores_zero_not_nan() {
        let r = score("h", &["x", "y"], &["x", "x"]);
        assert_eq!(r.classes[1].f1, 0.0);
        assert!((r.macro_f1 - (2.0 / 3.0) / 2.0).abs() < 1e-12);
    }
}

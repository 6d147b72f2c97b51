use super::*;
use linfa::Dataset;
use linfa_logistic::MultiLogisticRegression;

/// A small dense problem: 90 rows, 4 features, 3 overlapping classes, from a
/// fixed linear congruential generator (no randomness between runs).
fn problem() -> (Vec<Vec<f32>>, Vec<usize>) {
    let mut state: u64 = 42;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f64 / (1u64 << 31) as f64) as f32
    };
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..90 {
        let class = i % 3;
        let row: Vec<f32> = (0..4)
            .map(|j| next() * 2.0 - 1.0 + if j == class { 0.8 } else { 0.0 })
            .map(|v| if v.abs() < 0.15 { 0.0 } else { v })
            .collect();
        x.push(row);
        y.push(class);
    }
    (x, y)
}

fn fit_ours(x: &[Vec<f32>], y: &[usize], c: f64) -> SoftmaxModel {
    let params = LogisticParams {
        c,
        balanced: false,
        max_iter: 1000,
        tolerance: 1e-10,
    };
    let data = DatasetBase::new(CsrMatrix::from_dense(x), Array1::from(y.to_vec()));
    params.check().unwrap().fit(&data).unwrap()
}

#[test]
fn agrees_with_linfa_logistic_on_a_dense_problem() {
    // Tolerance: 1e-3 on coefficients and 1e-4 on probabilities. Both solvers
    // minimise the same objective (alpha = 1/C) with L-BFGS to a gradient
    // norm far below that; what is left is f32 storage of our weights.
    let (x, y) = problem();
    let c = 2.0;
    let ours = fit_ours(&x, &y, c);
    let dense = Array2::from_shape_fn((x.len(), 4), |(i, j)| f64::from(x[i][j]));
    let reference = MultiLogisticRegression::default()
        .alpha(1.0 / c)
        .max_iterations(1000)
        .gradient_tolerance(1e-10)
        .fit(&Dataset::new(dense.clone(), Array1::from(y.clone())))
        .unwrap();
    for j in 0..4 {
        for k in 0..3 {
            let (a, b) = (f64::from(ours.weight(j, k)), reference.params()[[j, k]]);
            assert!((a - b).abs() < 1e-3, "weight ({j},{k}): {a} vs {b}");
        }
    }
    let probs = reference.predict_probabilities(&dense);
    let csr = CsrMatrix::from_dense(&x);
    let mut p = [0.0f32; 3];
    for i in 0..x.len() {
        ours.probabilities(csr.row_entries(i), &mut p);
        for k in 0..3 {
            assert!(
                (f64::from(p[k]) - probs[[i, k]]).abs() < 1e-4,
                "row {i} class {k}"
            );
        }
    }
}

#[test]
fn stronger_regularisation_shrinks_weights() {
    let (x, y) = problem();
    let norm = |m: &SoftmaxModel| {
        (0..4)
            .flat_map(|j| (0..3).map(move |k| (j, k)))
            .map(|(j, k)| m.weight(j, k).powi(2))
            .sum::<f32>()
    };
    assert!(norm(&fit_ours(&x, &y, 0.01)) < norm(&fit_ours(&x, &y, 100.0)) / 10.0);
}

#[test]
fn balanced_weights_raise_recall_of_a_rare_class() {
    let (mut x, mut y) = problem();
    // Keep only 6 rows of class 2.
    let keep: Vec<usize> = (0..y.len()).filter(|&i| y[i] != 2 || i < 18).collect();
    x = keep.iter().map(|&i| x[i].clone()).collect();
    y = keep.iter().map(|&i| y[i]).collect();
    let data = DatasetBase::new(CsrMatrix::from_dense(&x), Array1::from(y.clone()));
    let predicted_rare = |balanced: bool| {
        let m = LogisticParams {
            c: 1.0,
            balanced,
            ..LogisticParams::default()
        }
        .check()
        .unwrap()
        .fit(&data)
        .unwrap();
        let pred: Array1<usize> = m.predict(&data);
        pred.iter().filter(|&&c| c == 2).count()
    };
    assert!(predicted_rare(true) > predicted_rare(false));
}

#[test]
fn probabilities_sum_to_one_and_training_is_deterministic() {
    let (x, y) = problem();
    let a = fit_ours(&x, &y, 1.0);
    let b = fit_ours(&x, &y, 1.0);
    assert_eq!(a, b);
    let data = DatasetBase::new(CsrMatrix::from_dense(&x), Array1::from(y));
    let probs: Array2<f32> = a.predict(&data);
    for row in probs.rows() {
        assert!((row.sum() - 1.0).abs() < 1e-5);
    }
}

#[test]
fn bad_settings_and_targets_are_refused() {
    assert!(LogisticParams {
        c: 0.0,
        ..LogisticParams::default()
    }
    .check()
    .is_err());
    assert!(LogisticParams {
        c: f64::NAN,
        ..LogisticParams::default()
    }
    .check()
    .is_err());
    let one_class = DatasetBase::new(
        CsrMatrix::from_dense(&[vec![1.0], vec![2.0]]),
        Array1::from(vec![0, 0]),
    );
    assert!(LogisticParams::default()
        .check()
        .unwrap()
        .fit(&one_class)
        .is_err());
}

#[test]
fn fixed_width_logits_equal_the_general_loop() {
    let weights: Vec<f32> = (0..15).map(|i| (i as f32 * 0.37).sin()).collect();
    let model = SoftmaxModel::from_parts(5, 3, weights.clone(), vec![0.1, -0.2, 0.3]).unwrap();
    let entries = [(0u32, 0.5f32), (2, -1.25), (4, 0.3), (2, 0.7)];
    let mut fast = [0.0; 3];
    model.logits(entries, &mut fast);
    let mut plain = [0.1f32, -0.2, 0.3];
    for (j, v) in entries {
        for c in 0..3 {
            plain[c] += v * weights[j as usize * 3 + c];
        }
    }
    assert_eq!(fast.map(f32::to_bits), plain.map(f32::to_bits));
}

//! Multinomial (softmax) logistic regression on a sparse matrix, fitted with
//! argmin's L-BFGS, behind linfa's `Fit` and `PredictInplace`.
//!
//! Objective, as scikit-learn's `LogisticRegression(C=C)` and linfa-logistic's
//! `alpha = 1 / C`: the sum of (class-weighted) log-losses plus
//! `||W||^2 / (2C)`; the intercept is not penalised. It is divided by the
//! number of rows before optimisation, which leaves the minimiser unchanged
//! and makes the gradient tolerance independent of the data size.
//!
//! Invariants: no dense rows × vocabulary matrix exists at any point (the
//! forward pass walks CSR rows, the backward pass a CSC copy); every sum is
//! taken in a fixed order, so the same data give bit-identical weights
//! whatever the number of threads.

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::dataset::DatasetBase;
use linfa::param_guard::ParamGuard;
#[cfg(test)]
use linfa::traits::Predict;
use linfa::traits::{Fit, PredictInplace};
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::sparse::CsrMatrix;

/// Settings of the solver, unchecked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticParams {
    /// Inverse regularisation strength, as scikit-learn's `C`.
    pub c: f64,
    /// Weigh classes inversely to their frequency (`class_weight="balanced"`).
    pub balanced: bool,
    /// Most L-BFGS iterations.
    pub max_iter: u64,
    /// Stop when the gradient's Euclidean norm falls below this.
    pub tolerance: f64,
}

impl Default for LogisticParams {
    /// `max_iter` is 1,000: at 100 (scikit-learn's default) L-BFGS had not
    /// converged on the 19,000 shipped rows, and 17 changed labels moved dev
    /// macro-F1 of side by 1.4 points; at 1,000 by 0.3.
    fn default() -> Self {
        LogisticParams {
            c: 10.0,
            balanced: true,
            max_iter: 1000,
            tolerance: 1e-6,
        }
    }
}

/// Settings that passed [`ParamGuard::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLogisticParams(LogisticParams);

impl ParamGuard for LogisticParams {
    type Checked = ValidLogisticParams;
    type Error = Error;

    fn check_ref(&self) -> Result<&ValidLogisticParams> {
        unreachable_ref_check()
    }

    fn check(self) -> Result<ValidLogisticParams> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(Error::config(
                "C",
                format!("{} must be a positive number", self.c),
            ));
        }
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(Error::config(
                "tolerance",
                format!("{} must be a positive number", self.tolerance),
            ));
        }
        if self.max_iter == 0 {
            return Err(Error::config("max_iter", "must be at least 1"));
        }
        Ok(ValidLogisticParams(self))
    }
}

// `check_ref` must hand out a reference to checked params, which a plain
// settings struct cannot hold; callers use `check` instead.
fn unreachable_ref_check() -> Result<&'static ValidLogisticParams> {
    Err(Error::config("params", "use check(), not check_ref()"))
}

impl ValidLogisticParams {
    /// The checked settings.
    pub fn params(&self) -> &LogisticParams {
        &self.0
    }
}

/// A fitted softmax model: one weight per feature and class, one intercept
/// per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoftmaxModel {
    n_features: usize,
    n_classes: usize,
    /// Feature-major: the weights of feature `j` are `weights[j*K..(j+1)*K]`.
    weights: Vec<f32>,
    intercept: Vec<f32>,
}

impl SoftmaxModel {
    /// Builds a model from its parts, checking the shapes agree.
    pub fn from_parts(
        n_features: usize,
        n_classes: usize,
        weights: Vec<f32>,
        intercept: Vec<f32>,
    ) -> Result<Self> {
        if n_classes < 2 || weights.len() != n_features * n_classes || intercept.len() != n_classes
        {
            return Err(Error::config(
                "weights",
                format!("{} weights and {} intercepts do not fit {n_features} features x {n_classes} classes", weights.len(), intercept.len()),
            ));
        }
        Ok(SoftmaxModel {
            n_features,
            n_classes,
            weights,
            intercept,
        })
    }

    /// Checks the stored shapes and that every weight is finite (for models
    /// read from a file).
    pub fn check(&self) -> std::result::Result<(), String> {
        // Sizes come from the file: an absurd pair must not overflow.
        if self.n_classes < 2
            || Some(self.weights.len()) != self.n_features.checked_mul(self.n_classes)
            || self.intercept.len() != self.n_classes
        {
            return Err(format!(
                "{} weights do not fit {} features x {} classes",
                self.weights.len(),
                self.n_features,
                self.n_classes
            ));
        }
        if !self
            .weights
            .iter()
            .chain(&self.intercept)
            .all(|w| w.is_finite())
        {
            return Err("a weight is not a finite number".into());
        }
        Ok(())
    }

    /// Number of features the model expects.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The weight of feature `j` for class `k`.
    pub fn weight(&self, j: usize, k: usize) -> f32 {
        self.weights[j * self.n_classes + k]
    }

    /// The intercept of class `k`.
    pub fn intercept(&self, k: usize) -> f32 {
        self.intercept[k]
    }

    /// Writes the logits of one sparse row, given as `(column, value)`
    /// entries, into `out` (length `n_classes`).
    pub fn logits(&self, entries: impl IntoIterator<Item = (u32, f32)>, out: &mut [f32]) {
        out.copy_from_slice(&self.intercept);
        // Three classes is every shipped head; a fixed width lets the
        // compiler unroll the row. Same sums in the same order either way.
        match <&mut [f32; 3]>::try_from(&mut *out) {
            Ok(out) => add_weight_rows(&self.weights, entries, out),
            Err(_) => {
                let k = self.n_classes;
                for (j, v) in entries {
                    let w = &self.weights[j as usize * k..(j as usize + 1) * k];
                    out.iter_mut().zip(w).for_each(|(o, &w)| *o += v * w);
                }
            }
        }
    }

    /// Writes the class probabilities of one sparse row into `out`.
    pub fn probabilities(&self, entries: impl IntoIterator<Item = (u32, f32)>, out: &mut [f32]) {
        self.logits(entries, out);
        softmax_in_place(out);
    }
}

/// Adds `value × weights[column]` for every entry to `out`, with rows of a
/// fixed width `K`.
fn add_weight_rows<const K: usize>(
    weights: &[f32],
    entries: impl IntoIterator<Item = (u32, f32)>,
    out: &mut [f32; K],
) {
    for (j, v) in entries {
        let start = j as usize * K;
        let w: &[f32; K] = weights[start..start + K]
            .try_into()
            .expect("a row is K wide");
        for c in 0..K {
            out[c] += v * w[c];
        }
    }
}

/// Turns logits into probabilities, stably.
pub fn softmax_in_place(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    z.iter_mut().for_each(|v| {
        *v = (*v - max).exp();
        sum += *v;
    });
    z.iter_mut().for_each(|v| *v /= sum);
}

impl Fit<CsrMatrix, Array1<usize>, Error> for ValidLogisticParams {
    type Object = SoftmaxModel;

    fn fit(&self, dataset: &DatasetBase<CsrMatrix, Array1<usize>>) -> Result<SoftmaxModel> {
        let x = &dataset.records;
        let y = dataset.targets.as_slice().expect("targets are contiguous");
        let n_classes = y.iter().max().map_or(0, |m| m + 1);
        if n_classes < 2 || y.len() != x.n_rows() {
            return Err(Error::config("targets", format!("need at least two classes and one target per row (got {n_classes} classes, {} targets, {} rows)", y.len(), x.n_rows())));
        }
        let problem = SoftmaxProblem::new(x, y, n_classes, &self.0);
        let params = minimise(problem, &self.0, n_classes * (x.n_cols() + 1))?;
        let (w, b) = params.split_at(x.n_cols() * n_classes);
        SoftmaxModel::from_parts(x.n_cols(), n_classes, to_f32(w), to_f32(b))
    }
}

fn to_f32(v: &[f64]) -> Vec<f32> {
    v.iter().map(|&x| x as f32).collect()
}

fn minimise(problem: SoftmaxProblem, params: &LogisticParams, n_params: usize) -> Result<Vec<f64>> {
    let failed = |e: argmin::core::Error| Error::Training {
        head: String::new(),
        message: e.to_string(),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(params.tolerance)
        .map_err(failed)?
        .with_tolerance_cost(1e-12)
        .map_err(failed)?;
    let result = Executor::new(problem, solver)
        .configure(|state| {
            state
                .param(Array1::zeros(n_params))
                .max_iters(params.max_iter)
        })
        .run()
        .map_err(failed)?;
    let state = result.state();
    state
        .get_best_param()
        .or_else(|| state.get_param())
        .map(|p| p.to_vec())
        .ok_or_else(|| Error::Training {
            head: String::new(),
            message: "the optimiser returned no parameters".into(),
        })
}

/// The training problem: data, one-hot targets, weights, and the transposed
/// matrix for the backward pass.
struct SoftmaxProblem<'a> {
    x: &'a CsrMatrix,
    xt: CscView,
    y: &'a [usize],
    sample_weight: Vec<f64>,
    n_classes: usize,
    alpha: f64,
    scale: f64,
    last: std::sync::Mutex<Option<Evaluation>>,
}

/// Parameters, per-row losses and per-row `sw * (p - onehot)` of the last
/// forward pass.
type Evaluation = (Vec<f64>, Vec<f64>, std::sync::Arc<Vec<f64>>);

/// Column-major copy of the data: rows and values of each column.
struct CscView {
    colptr: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f32>,
}

impl CscView {
    fn of(x: &CsrMatrix) -> Self {
        let mut counts = vec![0usize; x.n_cols() + 1];
        for i in 0..x.n_rows() {
            x.row(i).0.iter().for_each(|&j| counts[j as usize + 1] += 1);
        }
        for j in 0..x.n_cols() {
            counts[j + 1] += counts[j];
        }
        let mut next = counts.clone();
        let (mut rows, mut values) = (vec![0u32; x.nnz()], vec![0f32; x.nnz()]);
        for i in 0..x.n_rows() {
            let (idx, val) = x.row(i);
            for (&j, &v) in idx.iter().zip(val) {
                let at = &mut next[j as usize];
                rows[*at] = i as u32;
                values[*at] = v;
                *at += 1;
            }
        }
        CscView {
            colptr: counts,
            rows,
            values,
        }
    }
}

impl<'a> SoftmaxProblem<'a> {
    fn new(x: &'a CsrMatrix, y: &'a [usize], n_classes: usize, params: &LogisticParams) -> Self {
        SoftmaxProblem {
            x,
            xt: CscView::of(x),
            y,
            sample_weight: sample_weights(y, n_classes, params.balanced),
            n_classes,
            alpha: 1.0 / params.c,
            scale: 1.0 / y.len() as f64,
            last: std::sync::Mutex::new(None),
        }
    }

    /// Per-row weighted loss and `sw * (p - onehot)` (row-major, `k` per
    /// row), in row order. The last evaluation is cached: L-BFGS's line
    /// search asks for the cost and the gradient at the same point.
    fn forward(&self, p: &[f64]) -> (Vec<f64>, std::sync::Arc<Vec<f64>>) {
        let mut cache = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, loss, diff)) = cache.as_ref() {
            if at.as_slice() == p {
                return (loss.clone(), diff.clone());
            }
        }
        let (loss, diff) = self.evaluate(p);
        let diff = std::sync::Arc::new(diff);
        *cache = Some((p.to_vec(), loss.clone(), diff.clone()));
        (loss, diff)
    }

    fn evaluate(&self, p: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let k = self.n_classes;
        let (w, b) = p.split_at(self.x.n_cols() * k);
        let mut loss = vec![0.0; self.x.n_rows()];
        let mut diff = vec![0.0; self.x.n_rows() * k];
        diff.par_chunks_mut(k)
            .zip(loss.par_iter_mut())
            .enumerate()
            .for_each(|(i, (z, loss))| {
                z.copy_from_slice(b);
                for (j, v) in self.x.row_entries(i) {
                    let wj = &w[j as usize * k..(j as usize + 1) * k];
                    z.iter_mut()
                        .zip(wj)
                        .for_each(|(z, &w)| *z += f64::from(v) * w);
                }
                let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let log_sum = max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
                let sw = self.sample_weight[i];
                *loss = sw * (log_sum - z[self.y[i]]);
                z.iter_mut().for_each(|v| *v = sw * (*v - log_sum).exp());
                z[self.y[i]] -= sw;
            });
        (loss, diff)
    }
}

fn sample_weights(y: &[usize], n_classes: usize, balanced: bool) -> Vec<f64> {
    if !balanced {
        return vec![1.0; y.len()];
    }
    let mut counts = vec![0usize; n_classes];
    y.iter().for_each(|&c| counts[c] += 1);
    let per_class: Vec<f64> = counts
        .iter()
        .map(|&n| {
            if n == 0 {
                0.0
            } else {
                y.len() as f64 / (n_classes * n) as f64
            }
        })
        .collect();
    y.iter().map(|&c| per_class[c]).collect()
}

// The parameters are an ndarray vector: argmin's L-BFGS runs its vector
// arithmetic several times faster on it than on a plain Vec.
impl CostFunction for SoftmaxProblem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Array1<f64>) -> std::result::Result<f64, argmin::core::Error> {
        let p = p.as_slice().expect("contiguous parameters");
        let (loss, _) = self.forward(p);
        let w = &p[..self.x.n_cols() * self.n_classes];
        let penalty = 0.5 * self.alpha * w.iter().map(|v| v * v).sum::<f64>();
        Ok(self.scale * (loss.iter().sum::<f64>() + penalty))
    }
}

impl Gradient for SoftmaxProblem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Array1<f64>) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        let p = p.as_slice().expect("contiguous parameters");
        let k = self.n_classes;
        let (_, diff) = self.forward(p);
        let n_weights = self.x.n_cols() * k;
        let mut grad = vec![0.0; n_weights + k];
        grad[..n_weights]
            .par_chunks_mut(k)
            .enumerate()
            .for_each(|(j, g)| {
                g.iter_mut()
                    .zip(&p[j * k..(j + 1) * k])
                    .for_each(|(g, w)| *g = self.alpha * w);
                for at in self.xt.colptr[j]..self.xt.colptr[j + 1] {
                    let (i, v) = (self.xt.rows[at] as usize, f64::from(self.xt.values[at]));
                    g.iter_mut()
                        .zip(&diff[i * k..(i + 1) * k])
                        .for_each(|(g, d)| *g += v * d);
                }
            });
        for c in 0..k {
            grad[n_weights + c] = diff.iter().skip(c).step_by(k).sum();
        }
        grad.iter_mut().for_each(|g| *g *= self.scale);
        Ok(Array1::from(grad))
    }
}

impl PredictInplace<CsrMatrix, Array2<f32>> for SoftmaxModel {
    /// Fills `y` with one row of class probabilities per input row.
    fn predict_inplace(&self, x: &CsrMatrix, y: &mut Array2<f32>) {
        assert_eq!(y.dim(), (x.n_rows(), self.n_classes), "target shape");
        for (i, mut out) in y.rows_mut().into_iter().enumerate() {
            self.probabilities(
                x.row_entries(i),
                out.as_slice_mut().expect("standard layout"),
            );
        }
    }

    fn default_target(&self, x: &CsrMatrix) -> Array2<f32> {
        Array2::zeros((x.n_rows(), self.n_classes))
    }
}

impl PredictInplace<CsrMatrix, Array1<usize>> for SoftmaxModel {
    /// Fills `y` with the most probable class of each row.
    fn predict_inplace(&self, x: &CsrMatrix, y: &mut Array1<usize>) {
        let mut z = vec![0.0; self.n_classes];
        for (i, out) in y.iter_mut().enumerate() {
            self.logits(x.row_entries(i), &mut z);
            *out = argmax(&z);
        }
    }

    fn default_target(&self, x: &CsrMatrix) -> Array1<usize> {
        Array1::zeros(x.n_rows())
    }
}

/// Index of the largest value (the first one on ties).
pub fn argmax(values: &[f32]) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 {
                (i, v)
            } else {
                best
            }
        })
        .0
}

#[cfg(test)]
mod tests;

//! Heads: one softmax model per label column, each with its label names.
//! All heads score the same feature row.

use linfa::dataset::DatasetBase;
use linfa::param_guard::ParamGuard;
use linfa::traits::Fit;
use ndarray::Array1;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::sparse::CsrMatrix;
use crate::model::logistic::{LogisticParams, SoftmaxModel};

/// One fitted head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    name: String,
    labels: Vec<String>,
    model: SoftmaxModel,
}

impl Head {
    /// Fits a head named `name` on rows `x` labelled `labels` (one per row).
    pub fn fit(
        name: &str,
        x: CsrMatrix,
        labels: &[String],
        params: &LogisticParams,
    ) -> Result<Self> {
        let mut label_set: Vec<String> = labels.to_vec();
        label_set.sort_unstable();
        label_set.dedup();
        let targets: Array1<usize> = labels
            .iter()
            .map(|l| {
                label_set
                    .binary_search(l)
                    .expect("label from the same rows")
            })
            .collect();
        let dataset = DatasetBase::new(x, targets);
        let model = params.clone().check()?.fit(&dataset).map_err(|e| match e {
            Error::Training { message, .. } => Error::Training {
                head: name.to_owned(),
                message,
            },
            other => other,
        })?;
        Ok(Head {
            name: name.to_owned(),
            labels: label_set,
            model,
        })
    }

    /// Checks a head read from a file against the pipeline's width.
    pub fn check(&self, n_features: usize) -> std::result::Result<(), String> {
        self.model
            .check()
            .map_err(|e| format!("head {:?}: {e}", self.name))?;
        let mut sorted = self.labels.clone();
        sorted.dedup();
        if sorted.len() != self.labels.len() || self.labels.len() != self.model.n_classes() {
            return Err(format!(
                "head {:?} has {} labels for {} classes",
                self.name,
                self.labels.len(),
                self.model.n_classes()
            ));
        }
        if self.model.n_features() != n_features {
            return Err(format!(
                "head {:?} expects {} features but the pipeline makes {n_features}",
                self.name,
                self.model.n_features()
            ));
        }
        Ok(())
    }

    /// The label column this head predicts.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The labels, in class order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The underlying softmax model.
    pub fn model(&self) -> &SoftmaxModel {
        &self.model
    }
}

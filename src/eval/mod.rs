//! Evaluation: per-class precision, recall and F1, macro-F1, accuracy and the
//! confusion matrix of each head of a model on labelled data.

pub mod bench;
pub mod chart;
pub mod metrics;
pub mod split;

use crate::corpus::labelled::LabelledData;
use crate::error::{Error, Result};
use crate::model::StanceModel;
use metrics::{score, HeadReport};

/// Scores every head of `model` on `data`, whose label columns are named
/// after the heads. Rows with documents are scored in their documents'
/// context (when the model has a context stage), as `label` scores them.
/// A gold label the head does not know is an error naming
/// its line: the score would silently mean something else.
pub fn evaluate(model: &StanceModel, data: &LabelledData) -> Result<Vec<HeadReport>> {
    if data.is_empty() {
        // Scores of nothing would read as a model that gets everything wrong.
        return Err(Error::dataset(
            &data.path,
            "no labelled rows to evaluate (header only?)",
        ));
    }
    check_known_labels(model, data)?;
    let predictions = match data.doc_ids() {
        Some(doc_of) => model.predict_documents(&data.texts, &data.turns, &doc_of),
        None => model.predict_in_turns(&data.texts, &data.turns),
    };
    let reports = model
        .heads()
        .iter()
        .enumerate()
        .map(|(h, head)| {
            let gold: Vec<&str> = data.labels[h].iter().map(String::as_str).collect();
            let predicted: Vec<&str> = predictions.iter().map(|p| model.label_of(p, h).0).collect();
            score(head.name(), &gold, &predicted)
        })
        .collect();
    Ok(reports)
}

fn check_known_labels(model: &StanceModel, data: &LabelledData) -> Result<()> {
    for (h, head) in model.heads().iter().enumerate() {
        if data.heads.get(h).map(String::as_str) != Some(head.name()) {
            return Err(Error::dataset(
                &data.path,
                format!(
                    "expected label column {:?} for the model's head",
                    head.name()
                ),
            ));
        }
        if let Some(i) = data.labels[h]
            .iter()
            .position(|l| !head.labels().contains(l))
        {
            return Err(Error::input(
                &data.path,
                data.lines[i],
                format!(
                    "label {:?} in column {:?} is not one the model knows ({})",
                    data.labels[h][i],
                    head.name(),
                    head.labels().join(", ")
                ),
            ));
        }
    }
    Ok(())
}

use super::*;
use crate::model::file;
use crate::text::Turn;

fn prediction(probs: &[f32], first_person: bool) -> Prediction {
    Prediction {
        probs: probs.to_vec(),
        first_person,
    }
}

#[test]
fn others_means_leave_the_sentence_out_and_skip_lone_sentences() {
    let preds = [
        prediction(&[0.9, 0.1], true),
        prediction(&[0.5, 0.5], false),
        prediction(&[0.1, 0.9], true),
        prediction(&[0.3, 0.7], true),
    ];
    let sums = DocSums::new(&preds, 0..2, &[0, 0, 0, 1]);
    let mean = |i: usize, doc: u32| {
        let mut out = vec![-1.0];
        sums.others_mean(doc, &preds[i], &mut out).then_some(out)
    };
    let close = |a: Vec<f32>, b: &[f32]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6);
    assert!(close(mean(0, 0).unwrap(), &[0.3, 0.7, 0.5]));
    assert!(close(mean(1, 0).unwrap(), &[0.5, 0.5, 1.0]));
    assert!(close(mean(2, 0).unwrap(), &[0.7, 0.3, 0.5]));
    assert_eq!(mean(3, 1), None);
}

#[test]
fn no_context_where_no_other_sentence_speaks_in_the_first_person() {
    let preds = [
        prediction(&[0.9, 0.1], true),
        prediction(&[0.5, 0.5], false),
        prediction(&[0.1, 0.9], false),
    ];
    let sums = DocSums::new(&preds, 0..2, &[0, 0, 0]);
    let mut out = Vec::new();
    assert!(
        !sums.others_mean(0, &preds[0], &mut out),
        "its others: no one says we"
    );
    assert!(out.is_empty());
    assert!(sums.others_mean(0, &preds[1], &mut out));
}

#[test]
fn features_scale_the_context_by_uncertainty_and_first_person_share() {
    let mut row = SparseRow::default();
    features(&[0.8, 0.2], &[0.5, 0.25, 0.5], &mut row);
    let values: Vec<f32> = row.entries.iter().map(|&(_, v)| v).collect();
    let (ln_half, ln_quarter) = (0.5f32.ln(), 0.25f32.ln());
    let want = [
        0.8f32.ln(),
        0.2f32.ln(),
        ln_half,
        ln_quarter,
        ln_half * 0.2,
        ln_quarter * 0.2,
        ln_half * 0.5,
        ln_quarter * 0.5,
    ];
    assert_eq!(row.entries.len(), GROUPS * 2);
    assert!(
        values.iter().zip(want).all(|(v, w)| (v - w).abs() < 1e-6),
        "{values:?}"
    );
}

/// Documents of two kinds: in `china` documents every sentence is
/// labelled china, in `us_japan` ones us_japan. Half the sentences name
/// their side, in the first person as in a transcript; the other half are
/// the same few sentences in both kinds, so only the document can tell
/// their label.
fn documents_decide(n_docs: usize) -> LabelledData {
    let named = [
        ("china", "We in Beijing firmly oppose the sanctions"),
        (
            "us_japan",
            "We in Washington and Tokyo reaffirmed the alliance",
        ),
    ];
    let ambiguous = ["We will see.", "That is all for today.", "Next question."];
    let (mut texts, mut labels, mut docs) = (Vec::new(), Vec::new(), Vec::new());
    for d in 0..n_docs {
        let (side, text) = named[d % 2];
        for (i, t) in [text, ambiguous[d % 3], text, ambiguous[(d + 1) % 3]]
            .iter()
            .enumerate()
        {
            texts.push(format!("{t} ({i})"));
            labels.push(side.to_string());
            docs.push(format!("doc{d}"));
        }
    }
    LabelledData {
        path: "mem".into(),
        heads: vec!["side".into()],
        lines: (2..2 + texts.len() as u64).collect(),
        turns: vec![Turn::Unknown; texts.len()],
        texts,
        labels: vec![labels],
        docs: Some(docs),
    }
}

fn context_config() -> TrainConfig {
    TrainConfig {
        context: ContextConfig {
            heads: vec!["side".into()],
            folds: 3,
        },
        ..TrainConfig::default()
    }
}

fn ambiguous_accuracy(model: &StanceModel, data: &LabelledData, with_context: bool) -> f64 {
    let doc_of = data.doc_ids().unwrap();
    let preds = if with_context {
        model.predict_documents(&data.texts, &data.turns, &doc_of)
    } else {
        model.predict_many(&data.texts)
    };
    let rows: Vec<usize> = (0..data.len()).filter(|&i| i % 2 == 1).collect();
    let right = rows
        .iter()
        .filter(|&&i| model.label_of(&preds[i], 0).0 == data.labels[0][i])
        .count();
    right as f64 / rows.len() as f64
}

#[test]
fn context_decides_what_the_sentence_cannot() {
    let data = documents_decide(24);
    let model = StanceModel::train(&data, &context_config(), &Lexicons::builtin()).unwrap();
    assert!(model.context().is_some());
    let test = documents_decide(12);
    let alone = ambiguous_accuracy(&model, &test, false);
    let in_context = ambiguous_accuracy(&model, &test, true);
    assert!(
        alone <= 0.75,
        "sentences alone should be near chance: {alone}"
    );
    assert!(
        in_context >= 0.95,
        "context should decide them: {in_context}"
    );
}

#[test]
fn lone_sentences_keep_their_sentence_level_scores() {
    let data = documents_decide(24);
    let model = StanceModel::train(&data, &context_config(), &Lexicons::builtin()).unwrap();
    let texts = [
        "We will see.",
        "Beijing firmly opposes it",
        "Next question.",
    ];
    let alone = model.predict_many(&texts);
    let distinct_docs = model.predict_documents(&texts, &[Turn::Unknown; 3], &[0, 1, 2]);
    assert_eq!(alone, distinct_docs);
    let together = model.predict_documents(&texts, &[Turn::Unknown; 3], &[0, 0, 0]);
    assert_ne!(alone, together);
    for p in &together {
        assert!((p.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}

#[test]
fn no_stage_without_documents_or_with_too_few() {
    let mut data = documents_decide(24);
    let config = context_config();
    let few = data.subset(&(0..16).collect::<Vec<_>>());
    let model = StanceModel::train(&few, &config, &Lexicons::builtin()).unwrap();
    assert!(model.context().is_none(), "4 documents < 2 × 3 folds");
    data.docs = None;
    let model = StanceModel::train(&data, &config, &Lexicons::builtin()).unwrap();
    assert!(model.context().is_none());
}

#[test]
fn no_stage_when_a_fold_would_train_without_a_label() {
    let mut data = documents_decide(24);
    for text in ["The talks were held on Tuesday.", "They lasted an hour."] {
        data.texts.push(text.into());
        data.labels[0].push("none".into());
        data.lines.push(data.lines.len() as u64 + 2);
        data.turns.push(Turn::Unknown);
        data.docs
            .as_mut()
            .unwrap()
            .push("the only none document".into());
    }
    let model = StanceModel::train(&data, &context_config(), &Lexicons::builtin()).unwrap();
    assert!(model.context().is_none());
    assert_eq!(model.heads()[0].labels(), ["china", "none", "us_japan"]);
}

#[test]
fn the_stage_survives_the_model_file() {
    let data = documents_decide(24);
    let model = StanceModel::train(&data, &context_config(), &Lexicons::builtin()).unwrap();
    let loaded = file::from_bytes(&file::to_bytes(&model), "mem".as_ref()).unwrap();
    let doc_of = data.doc_ids().unwrap();
    assert_eq!(
        model.predict_documents(&data.texts, &data.turns, &doc_of),
        loaded.predict_documents(&data.texts, &data.turns, &doc_of)
    );
}

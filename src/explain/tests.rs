use super::*;
use crate::model::{builtin, Prediction};
use crate::text::{tokenize, Tokens};

const SENTENCES: [&str; 6] = [
    "The spokesperson said China firmly opposes US interference in its internal affairs.",
    "The two leaders reaffirmed their commitment to a free and open Indo-Pacific.",
    "\"We urge the U.S. side to stop its provocations,\" Wang Wenbin said.",
    "Japan and the United States condemned Beijing's harassment of Philippine vessels.",
    "The weather in Tokyo was mild on Tuesday?",
    "",
];

#[test]
fn contributions_plus_intercept_add_up_to_the_logit() {
    let model = builtin().unwrap();
    let mut explainer = Explainer::new(&model);
    for text in SENTENCES {
        let e = explainer.explain(text);
        assert_eq!(e.heads.len(), model.heads().len());
        for h in &e.heads {
            let total = h.intercept + h.contribution_sum();
            assert!(
                (total - h.logit).abs() < 1e-4,
                "{text:?} head {}: {total} != {}",
                h.head,
                h.logit
            );
        }
    }
}

#[test]
fn the_explained_logit_and_label_are_the_ones_the_model_used() {
    let model = builtin().unwrap();
    let (mut explainer, mut predictor) = (Explainer::new(&model), Predictor::default());
    for text in SENTENCES {
        let e = explainer.explain(text);
        let mut p = Prediction::default();
        model.predict_into(text, Turn::Unknown, &mut predictor, &mut p);
        for (h, head) in model.heads().iter().enumerate() {
            let (label, prob) = model.label_of(&p, h);
            assert_eq!(e.heads[h].label, label);
            assert_eq!(e.heads[h].probability, prob);
            let mut logits = vec![0.0; head.labels().len()];
            head.model()
                .logits(predictor.row.entries.iter().copied(), &mut logits);
            assert_eq!(e.heads[h].logit, logits[e.heads[h].class]);
        }
    }
}

#[test]
fn an_empty_sentence_is_explained_by_the_intercept_alone() {
    let model = builtin().unwrap();
    let e = Explainer::new(&model).explain("");
    for h in &e.heads {
        assert!(h.contributions.is_empty());
        assert_eq!(h.logit, h.intercept);
        assert_eq!(h.summary(3), "");
    }
}

/// The module's claim that raw and class-centred contributions coincide.
#[test]
fn each_features_weights_sum_to_zero_over_the_classes() {
    let model = builtin().unwrap();
    for head in model.heads() {
        let m = head.model();
        for j in 0..m.n_features() {
            let sum: f32 = (0..m.n_classes()).map(|k| m.weight(j, k)).sum();
            assert!(sum.abs() < 1e-5, "feature {j}: {sum}");
        }
    }
}

#[test]
fn for_and_against_lists_are_signed_and_strongest_first() {
    let model = builtin().unwrap();
    let e = Explainer::new(&model).explain(SENTENCES[0]);
    for h in &e.heads {
        let pro: Vec<f32> = h.pushing_for(100).map(|c| c.contribution).collect();
        let con: Vec<f32> = h.pushing_against(100).map(|c| c.contribution).collect();
        assert!(!pro.is_empty());
        assert!(pro.iter().all(|&c| c > 0.0) && con.iter().all(|&c| c < 0.0));
        assert!(pro.windows(2).all(|w| w[0] >= w[1]));
        assert!(con.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(h.pushing_for(2).count(), 2.min(pro.len()));
        for c in &h.contributions {
            assert_eq!(c.contribution, c.value * c.weight);
        }
    }
}

#[test]
fn the_summary_names_kind_feature_and_signed_contribution() {
    let model = builtin().unwrap();
    let e = Explainer::new(&model).explain(SENTENCES[0]);
    let h = &e.heads[0];
    let summary = h.summary(2);
    let parts: Vec<&str> = summary.split("; ").collect();
    assert_eq!(parts.len(), 2, "{summary}");
    let first = &h.contributions[0];
    assert_eq!(
        parts[0],
        format!(
            "{}:{}({:+.2})",
            first.kind.as_str(),
            first.name,
            first.contribution
        )
    );
    assert_eq!(feature_label(BlockKind::Char, " ch"), "char:\" ch\"");
}

#[test]
fn spans_slice_the_words_a_feature_came_from() {
    let model = builtin().unwrap();
    let mut explainer = Explainer::new(&model);
    let mut tokens = Tokens::new();
    for text in SENTENCES {
        let e = explainer.explain_located(text);
        for c in e.heads.iter().flat_map(|h| &h.contributions) {
            for &(s, end) in &c.spans {
                let slice = text.get(s..end).expect("span on char boundaries");
                if c.kind == BlockKind::Word {
                    tokenize(slice, &mut tokens);
                    assert_eq!(tokens.norms().collect::<Vec<_>>().join(" "), c.name);
                }
            }
            if c.kind == BlockKind::Word {
                assert!(!c.spans.is_empty(), "{text:?}: {} has no span", c.name);
            }
        }
    }
    let e = explainer.explain_located(SENTENCES[0]);
    let china = e.heads[0]
        .contributions
        .iter()
        .find(|c| c.kind == BlockKind::Word && c.name == "internal affairs")
        .expect("bigram in the vocabulary");
    let (s, end) = china.spans[0];
    assert_eq!(&SENTENCES[0][s..end], "internal affairs");
}

#[test]
fn explain_many_matches_one_at_a_time() {
    let model = builtin().unwrap();
    let many = explain_many(&model, &SENTENCES, &[Turn::Unknown; SENTENCES.len()]);
    let mut explainer = Explainer::new(&model);
    for (text, e) in SENTENCES.iter().zip(&many) {
        assert_eq!(&explainer.explain(text), e);
    }
}

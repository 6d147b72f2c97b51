use super::*;
use crate::model::builtin;

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn margin_and_entropy_on_known_probabilities() {
    let m = |p: &[f32]| head_uncertainty(p, Strategy::Margin);
    let e = |p: &[f32]| head_uncertainty(p, Strategy::Entropy);
    assert!(close(m(&[0.2, 0.5, 0.3]), 0.8));
    assert!(close(m(&[0.0, 1.0, 0.0]), 0.0));
    assert!(close(m(&[0.5, 0.0, 0.5]), 1.0));
    assert!(close(e(&[1.0 / 3.0; 3]), 1.0));
    assert!(close(e(&[0.0, 1.0, 0.0]), 0.0));
    // -(0.5 ln 0.5 * 2) / ln 3
    assert!(close(e(&[0.5, 0.5, 0.0]), 2f32.ln() / 3f32.ln()));
}

#[test]
fn a_sentence_is_as_uncertain_as_its_least_sure_head() {
    let model = builtin().unwrap();
    let p = &model.predict_many(&["Japan and China held talks in Beijing."])[0];
    for strategy in [Strategy::Margin, Strategy::Entropy] {
        let side = head_uncertainty(&p.probs[model.head_range(0)], strategy);
        let tone = head_uncertainty(&p.probs[model.head_range(1)], strategy);
        assert_eq!(uncertainty(&model, p, strategy), side.max(tone));
    }
}

#[test]
fn jaccard_of_word_sets() {
    let mut t = Tokens::new();
    let a = WordSet::of("China opposes the move, the move!", &mut t);
    let b = WordSet::of("china OPPOSES this move", &mut t);
    // {china, opposes, the, move} vs {china, opposes, this, move}: 3 / 5
    assert!(close(a.jaccard(&b), 0.6));
    assert!(close(a.jaccard(&a), 1.0));
    let empty = WordSet::of(" -- ", &mut t);
    assert!(empty.is_empty());
    assert!(close(a.jaccard(&empty), 0.0));
    assert!(close(empty.jaccard(&empty), 1.0));
}

#[test]
fn pick_takes_the_highest_scores_in_order_and_skips_near_duplicates() {
    let texts = [
        "the alliance remains strong and steady",
        "beijing lodged a protest over the visit",
        "",
        "the alliance remains strong and steady today",
        "tokyo announced new export controls",
        "officials met in geneva",
    ];
    let scores = [0.9, 0.5, 0.99, 0.8, 0.7, 0.7];
    let got = pick(&scores, &texts, 3, DEFAULT_MAX_SIMILARITY);
    assert_eq!(got.chosen, [0, 4, 5], "ties keep input order");
    assert_eq!((got.near_duplicates, got.without_words), (1, 1));
    let all = pick(&scores, &texts, 10, DEFAULT_MAX_SIMILARITY);
    assert_eq!(all.chosen, [0, 4, 5, 1]);
    let lax = pick(&scores, &texts, 10, 1.0);
    assert_eq!(lax.chosen, [0, 3, 4, 5, 1], "6/7 similar is below 1.0");
}

#[test]
fn suggest_picks_the_least_certain_sentences_in_order_and_drops_a_near_duplicate() {
    let model = builtin().unwrap();
    let mut pool: Vec<String> = [
        "The spokesperson said China firmly opposes US interference in its internal affairs.",
        "The two leaders reaffirmed their commitment to a free and open Indo-Pacific.",
        "Officials from both countries met in Geneva on Tuesday to discuss trade.",
        "Japan expressed serious concern over Chinese coast guard vessels near the Senkaku Islands.",
        "The minister said the talks were candid and constructive.",
        "Beijing and Washington agreed to keep channels of communication open.",
        "The report was published last week.",
    ]
    .map(String::from)
    .to_vec();
    let strategy = Strategy::Margin;
    let mut scores: Vec<f32> = model
        .predict_many(&pool)
        .iter()
        .map(|p| uncertainty(&model, p, strategy))
        .collect();
    let mut want: Vec<usize> = (0..pool.len()).collect();
    want.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    // The least certain sentence again, one word changed: a near-duplicate.
    let top = want[0];
    let words: Vec<&str> = pool[top].split(' ').collect();
    let dup = format!("{} also {}", words[0], words[1..].join(" "));
    let dup_score = uncertainty(&model, &model.predict_many(&[&dup])[0], strategy);
    pool.push(dup);
    scores.push(dup_score);
    // Whichever of the pair is less certain comes first; the other is dropped.
    if dup_score > scores[top] {
        want[0] = pool.len() - 1;
    }

    let params = SuggestParams {
        n: pool.len(),
        strategy,
        max_similarity: DEFAULT_MAX_SIMILARITY,
    };
    let got = suggest(&model, &pool, &params).unwrap();
    let order: Vec<usize> = got.chosen.iter().map(|s| s.index).collect();
    assert_eq!(order, want);
    assert_eq!(got.near_duplicates, 1);
    for s in &got.chosen {
        assert_eq!(s.score, scores[s.index]);
    }
    let three = suggest(&model, &pool, &SuggestParams { n: 3, ..params }).unwrap();
    let order: Vec<usize> = three.chosen.iter().map(|s| s.index).collect();
    assert_eq!(order, want[..3]);
}

#[test]
fn bad_settings_are_refused() {
    let model = builtin().unwrap();
    let bad = |n, max_similarity| SuggestParams {
        n,
        strategy: Strategy::Entropy,
        max_similarity,
    };
    let err = suggest(&model, &["x"], &bad(0, 0.6)).unwrap_err();
    assert!(err.to_string().contains("-n"), "{err}");
    for s in [0.0, 1.5, f32::NAN] {
        let err = suggest(&model, &["x"], &bad(1, s)).unwrap_err();
        assert!(err.to_string().contains("--max-similarity"), "{err}");
    }
}

//! Reference values computed with scikit-learn 1.9.1:
//!
//! ```python
//! from sklearn.feature_extraction.text import TfidfVectorizer
//! docs = ["china opposes the drills", "the drills near taiwan worry japan and the us",
//!         "china and japan held talks", "talks talks talks on the drills"]
//! v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(docs)
//! v.idf_, v.transform(docs)[3]                    # first test
//! TfidfVectorizer(min_df=2, max_df=0.7, max_features=3).fit(docs)   # second
//! TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), min_df=2)  # third
//! ```
//! The documents use plain words of two letters or more, where scikit-learn's
//! `\b\w\w+\b` token pattern and our analyzer agree.

use super::*;
use crate::text::tokenize;

const DOCS: [&str; 4] = [
    "china opposes the drills",
    "the drills near taiwan worry japan and the us",
    "china and japan held talks",
    "talks talks talks on the drills",
];

fn tokenized() -> Vec<Tokens> {
    DOCS.iter()
        .map(|d| {
            let mut t = Tokens::new();
            tokenize(d, &mut t);
            t
        })
        .collect()
}

fn fit(params: &TfidfParams) -> (TfidfBlock, Vec<Tokens>) {
    let toks = tokenized();
    let block = TfidfBlock::fit(params, DOCS.iter().copied().zip(toks.iter())).unwrap();
    (block, toks)
}

fn named_row(block: &TfidfBlock, doc: usize, toks: &[Tokens]) -> Vec<(String, f32)> {
    let mut row = SparseRow::default();
    block.transform(
        DOCS[doc],
        &toks[doc],
        &mut TfidfScratch::default(),
        &mut row,
        0,
    );
    row.entries
        .iter()
        .map(|&(c, v)| (block.term(c as usize).to_owned(), v))
        .collect()
}

fn assert_close(got: &[(String, f32)], want: &[(&str, f32)]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((gt, gv), (wt, wv)) in got.iter().zip(want) {
        assert_eq!(gt, wt);
        assert!((gv - wv).abs() < 1e-5, "{gt}: {gv} vs {wv}");
    }
}

/// `TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`.
fn sklearn_word_defaults() -> TfidfParams {
    TfidfParams {
        min_df: DocFreq::Count(1),
        ..TfidfParams::word()
    }
}

#[test]
fn word_bigrams_sublinear_match_scikit_learn() {
    let (block, toks) = fit(&sklearn_word_defaults());
    assert_eq!(block.len(), 30);
    let idf: Vec<(String, f32)> = (0..8)
        .map(|i| (block.term(i).to_owned(), block.idf(i)))
        .collect();
    assert_close(
        &idf,
        &[
            ("and", 1.510826),
            ("and japan", 1.916291),
            ("and the", 1.916291),
            ("china", 1.510826),
            ("china and", 1.916291),
            ("china opposes", 1.916291),
            ("drills", 1.223144),
            ("drills near", 1.916291),
        ],
    );
    assert_close(
        &named_row(&block, 3, &toks),
        &[
            ("drills", 0.203617),
            ("on", 0.319006),
            ("on the", 0.319006),
            ("talks", 0.527818),
            ("talks on", 0.319006),
            ("talks talks", 0.540124),
            ("the", 0.203617),
            ("the drills", 0.203617),
        ],
    );
}

#[test]
fn df_bounds_and_max_features_match_scikit_learn() {
    let params = TfidfParams {
        ngram_range: (1, 1),
        min_df: DocFreq::Count(2),
        max_df: DocFreq::Fraction(0.7),
        max_features: Some(3),
        sublinear_tf: false,
        ..TfidfParams::word()
    };
    let (block, toks) = fit(&params);
    let terms: Vec<&str> = (0..block.len()).map(|i| block.term(i)).collect();
    assert_eq!(terms, ["and", "china", "talks"]);
    assert!((block.idf(0) - 1.510826).abs() < 1e-5);
    assert_close(&named_row(&block, 1, &toks), &[("and", 1.0)]);
}

#[test]
fn char_wb_matches_scikit_learn() {
    let params = TfidfParams {
        ngram_range: (2, 3),
        sublinear_tf: false,
        ..TfidfParams::char()
    };
    let (block, toks) = fit(&params);
    assert_eq!(block.len(), 58);
    let row = named_row(&block, 2, &toks);
    assert_close(
        &row[..6],
        &[
            (" a", 0.152003),
            (" an", 0.152003),
            (" c", 0.152003),
            (" ch", 0.152003),
            (" j", 0.152003),
            (" ja", 0.152003),
        ],
    );
}

#[test]
fn unknown_terms_give_an_empty_row_and_known_ones_unit_norm() {
    let (block, _) = fit(&sklearn_word_defaults());
    let mut scratch = TfidfScratch::default();
    let mut row = SparseRow::default();
    let mut t = Tokens::new();
    tokenize("zebra quokka", &mut t);
    block.transform("zebra quokka", &t, &mut scratch, &mut row, 0);
    assert_eq!(row.nnz(), 0);
    tokenize("Japan and China held drills", &mut t);
    block.transform("Japan and China held drills", &t, &mut scratch, &mut row, 0);
    let norm: f32 = row.entries.iter().map(|(_, v)| v * v).sum();
    assert!((norm - 1.0).abs() < 1e-6);
}

#[test]
fn bad_settings_are_refused() {
    let bad = TfidfParams {
        ngram_range: (2, 1),
        ..TfidfParams::word()
    };
    assert!(bad.check("word").unwrap_err().to_string().contains("2-1"));
    let long = TfidfParams {
        ngram_range: (1, 4),
        ..TfidfParams::word()
    };
    assert!(long.check("word").is_err());
    let frac = TfidfParams {
        max_df: DocFreq::Fraction(1.5),
        ..TfidfParams::word()
    };
    assert!(frac.check("word").is_err());
}

#[test]
fn stored_vocabulary_must_be_sorted() {
    let err = TfidfBlock::from_terms(
        TfidfParams::word(),
        vec!["b".into(), "a".into()],
        vec![1.0, 1.0],
    );
    assert!(err.is_err());
}

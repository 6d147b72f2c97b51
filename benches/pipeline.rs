//! Criterion benches of the labelling hot path, stage by stage: sentence
//! splitting, the word analyzer, the feature vectorizer and prediction with
//! the built-in model.
//!
//! The sample is built before any timing from the `text` column of the
//! repository's own `data/labelled/{train,dev,test}.csv` (about 1.1 MB,
//! ~7,300 sentences). For the splitter the sentences are put back into
//! articles: grouped by their `doc` column in file order, four sentences a
//! paragraph, paragraphs separated by a blank line.
//!
//! Every timed loop checks its output against a value computed once before
//! timing (sentence count, token count, number of stored features, the
//! histogram of predicted labels, probabilities summing to 1), so a change
//! that makes a stage fast by making it wrong fails the bench.
//!
//! ```text
//! cargo bench --bench pipeline
//! ```

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use stancekit::features::sparse::SparseRow;
use stancekit::features::Scratch;
use stancekit::model::{builtin, Prediction, Predictor, StanceModel};
use stancekit::text::segment::{Sentence, Splitter};
use stancekit::text::{tokenize, Tokens, Turn};

const FILES: [&str; 3] = ["train.csv", "dev.csv", "test.csv"];
const SENTENCES_PER_PARAGRAPH: usize = 4;

/// The fixed sample: sentences and the articles rebuilt from them.
struct Sample {
    sentences: Vec<String>,
    articles: Vec<String>,
}

impl Sample {
    fn load() -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/labelled");
        let mut sentences = Vec::new();
        let mut by_doc: Vec<(String, Vec<usize>)> = Vec::new();
        let mut doc_index: HashMap<String, usize> = HashMap::new();
        for file in FILES {
            let path = dir.join(file);
            let mut reader = csv::Reader::from_path(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let header = reader.headers().expect("header row").clone();
            let col = |name: &str| {
                header
                    .iter()
                    .position(|h| h == name)
                    .unwrap_or_else(|| panic!("{} has no {name:?} column", path.display()))
            };
            let (text_col, doc_col) = (col("text"), col("doc"));
            for record in reader.records() {
                let record = record.expect("well-formed CSV row");
                let doc = record[doc_col].to_owned();
                let next = by_doc.len();
                let i = *doc_index.entry(doc.clone()).or_insert(next);
                if i == next {
                    by_doc.push((doc, Vec::new()));
                }
                by_doc[i].1.push(sentences.len());
                sentences.push(record[text_col].to_owned());
            }
        }
        let articles = by_doc
            .iter()
            .map(|(_, rows)| {
                rows.chunks(SENTENCES_PER_PARAGRAPH)
                    .map(|para| {
                        para.iter()
                            .map(|&i| sentences[i].as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .collect();
        assert!(sentences.len() > 5_000, "sample too small");
        Sample {
            sentences,
            articles,
        }
    }

    fn sentence_bytes(&self) -> u64 {
        self.sentences.iter().map(|s| s.len() as u64).sum()
    }

    fn article_bytes(&self) -> u64 {
        self.articles.iter().map(|s| s.len() as u64).sum()
    }
}

// ---------------------------------------------------------------------------
// One pass of each stage over the whole sample, returning what is checked.

/// Number of non-furniture sentences the splitter finds in all articles.
fn split_all(articles: &[String], splitter: &mut Splitter, spans: &mut Vec<Sentence>) -> usize {
    let mut n = 0;
    for text in articles {
        spans.clear();
        splitter.split_into(text, spans);
        n += spans.iter().filter(|s| !s.furniture).count();
    }
    n
}

/// Total number of tokens.
fn tokenize_all(sentences: &[String], tokens: &mut Tokens) -> usize {
    sentences
        .iter()
        .map(|s| {
            tokenize(s, tokens);
            tokens.len()
        })
        .sum()
}

/// Total number of stored feature values, and the number of empty rows.
fn transform_all(
    model: &StanceModel,
    sentences: &[String],
    scratch: &mut Scratch,
    row: &mut SparseRow,
) -> (usize, usize) {
    let (mut nnz, mut empty) = (0, 0);
    for s in sentences {
        model.pipeline().transform(s, Turn::Unknown, scratch, row);
        nnz += row.nnz();
        empty += usize::from(row.nnz() == 0);
    }
    (nnz, empty)
}

/// How many sentences each label of each head wins: `[head][label]`.
type Histogram = Vec<Vec<usize>>;

fn empty_histogram(model: &StanceModel) -> Histogram {
    model
        .heads()
        .iter()
        .map(|h| vec![0; h.labels().len()])
        .collect()
}

/// Adds one prediction to the histogram after checking every head's
/// probabilities are finite and sum to 1.
fn tally(model: &StanceModel, p: &Prediction, hist: &mut Histogram) {
    for (h, counts) in hist.iter_mut().enumerate() {
        let probs = &p.probs[model.head_range(h)];
        let sum: f32 = probs.iter().sum();
        assert!(
            probs.iter().all(|v| v.is_finite()) && (sum - 1.0).abs() < 1e-4,
            "head {h}: probabilities {probs:?} do not sum to 1"
        );
        let best = (0..probs.len())
            .max_by(|&a, &b| probs[a].total_cmp(&probs[b]))
            .expect("at least one label");
        counts[best] += 1;
    }
}

fn predict_all(
    model: &StanceModel,
    sentences: &[String],
    predictor: &mut Predictor,
    out: &mut Prediction,
) -> Histogram {
    let mut hist = empty_histogram(model);
    for s in sentences {
        model.predict_into(s, Turn::Unknown, predictor, out);
        tally(model, out, &mut hist);
    }
    hist
}

// ---------------------------------------------------------------------------
// The benches.

fn stages(c: &mut Criterion) {
    let sample = Sample::load();
    let model = builtin().expect("built-in model loads");
    let n_sent = sample.sentences.len() as u64;

    // Expected outputs, computed once, before any timing.
    let mut splitter = Splitter::default();
    let mut spans = Vec::new();
    let want_split = split_all(&sample.articles, &mut splitter, &mut spans);
    assert!(
        want_split * 10 >= sample.sentences.len() * 9,
        "splitter found {want_split} sentences in articles built from {}",
        sample.sentences.len()
    );
    let mut tokens = Tokens::new();
    let want_tokens = tokenize_all(&sample.sentences, &mut tokens);
    assert!(want_tokens > 10 * sample.sentences.len());
    let (mut scratch, mut row) = (Scratch::default(), SparseRow::default());
    let want_nnz = transform_all(&model, &sample.sentences, &mut scratch, &mut row);
    assert!(want_nnz.0 > 0 && want_nnz.1 == 0, "nnz {want_nnz:?}");
    let (mut predictor, mut prediction) = (Predictor::default(), Prediction::default());
    let want_hist = predict_all(&model, &sample.sentences, &mut predictor, &mut prediction);
    assert!(want_hist
        .iter()
        .all(|h| h.iter().sum::<usize>() == sample.sentences.len()));
    eprintln!(
        "sample: {} sentences ({} bytes), {} articles ({} bytes); \
         {want_split} split sentences, {want_tokens} tokens, {} stored features; \
         predicted label counts {want_hist:?}; model: {} features, {} heads",
        sample.sentences.len(),
        sample.sentence_bytes(),
        sample.articles.len(),
        sample.article_bytes(),
        want_nnz.0,
        model.pipeline().n_features(),
        model.heads().len(),
    );

    let mut g = c.benchmark_group("stages");
    // Each iteration takes milliseconds: flat sampling (the same number of
    // iterations per sample) keeps every bench within its 4 s.
    g.measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20);

    g.throughput(Throughput::Bytes(sample.article_bytes()));
    g.bench_function("split (articles, bytes)", |b| {
        b.iter(|| {
            let n = split_all(black_box(&sample.articles), &mut splitter, &mut spans);
            assert_eq!(n, want_split);
        })
    });

    g.throughput(Throughput::Bytes(sample.sentence_bytes()));
    g.bench_function("tokenize (sentences, bytes)", |b| {
        b.iter(|| {
            let n = tokenize_all(black_box(&sample.sentences), &mut tokens);
            assert_eq!(n, want_tokens);
        })
    });

    g.throughput(Throughput::Elements(n_sent));
    g.bench_function("transform (sentences)", |b| {
        b.iter(|| {
            let got = transform_all(&model, black_box(&sample.sentences), &mut scratch, &mut row);
            assert_eq!(got, want_nnz);
        })
    });

    g.bench_function("predict_into (sentences, 1 thread)", |b| {
        b.iter(|| {
            let hist = predict_all(
                &model,
                black_box(&sample.sentences),
                &mut predictor,
                &mut prediction,
            );
            assert_eq!(hist, want_hist);
        })
    });

    g.bench_function("predict_many (sentences, rayon)", |b| {
        b.iter(|| {
            let preds = model.predict_many(black_box(&sample.sentences));
            assert_eq!(preds.len(), sample.sentences.len());
            let mut hist = empty_histogram(&model);
            preds.iter().for_each(|p| tally(&model, p, &mut hist));
            assert_eq!(hist, want_hist);
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

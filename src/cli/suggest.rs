//! `stancekit suggest`: the unlabelled sentences the model is least sure
//! of, written as a labelled-CSV batch ready to annotate (empty label cells,
//! the model's guesses and the uncertainty beside them).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use stancekit::corpus::table::{InputRow, RowFormat, RowReader};
use stancekit::model::StanceModel;
use stancekit::suggest::{suggest, Strategy, SuggestParams, Suggestion, DEFAULT_MAX_SIMILARITY};
use stancekit::Result;

use crate::cli::output::{Format, RowWriter, Value};
use crate::cli::ModelArg;

/// Rows read per batch.
const BATCH: usize = 8192;

/// The uncertainty measure, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// 1 − (p1 − p2): how close the two most probable labels are
    Margin,
    /// Entropy of the probabilities divided by ln(number of labels)
    Entropy,
}

/// Arguments of `suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Unlabelled sentences: CSV with a header, or one per line with --lines ("-" for stdin)
    #[arg(long, value_name = "FILE")]
    pub pool: PathBuf,
    /// How many sentences to suggest
    #[arg(short = 'n', long = "count", default_value_t = 50, value_name = "N")]
    pub n: usize,
    /// Uncertainty of a sentence: the largest over its heads of this measure
    #[arg(long, value_enum, default_value_t = StrategyArg::Margin)]
    pub strategy: StrategyArg,
    /// Skip a sentence whose word set has at least this Jaccard similarity with one already
    /// chosen (1.0: skip only sentences with the same words)
    #[arg(long, default_value_t = DEFAULT_MAX_SIMILARITY, value_name = "J")]
    pub max_similarity: f32,
    /// Read one sentence per line instead of CSV
    #[arg(long)]
    pub lines: bool,
    /// Column holding the sentence (CSV pool)
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
}

impl SuggestArgs {
    fn params(&self) -> SuggestParams {
        SuggestParams {
            n: self.n,
            strategy: match self.strategy {
                StrategyArg::Margin => Strategy::Margin,
                StrategyArg::Entropy => Strategy::Entropy,
            },
            max_similarity: self.max_similarity,
        }
    }

    fn format(&self) -> RowFormat {
        if self.lines {
            RowFormat::Lines
        } else {
            RowFormat::Csv {
                text_col: self.text_col.clone(),
            }
        }
    }
}

/// The pool as read: its header, rows and texts.
struct Pool {
    header: Vec<String>,
    rows: Vec<InputRow>,
    texts: Vec<String>,
}

impl Pool {
    fn read(args: &SuggestArgs) -> Result<Self> {
        let mut reader = RowReader::open(&args.pool, &args.format())?;
        let (mut rows, mut texts, mut batch) = (Vec::new(), Vec::new(), Vec::new());
        while reader.next_batch(BATCH, &mut batch)? {
            texts.extend(batch.iter().map(|r| reader.text(r).to_owned()));
            rows.append(&mut batch);
        }
        Ok(Pool {
            header: reader.header().to_vec(),
            rows,
            texts,
        })
    }

    /// The value of column `name` in row `i`, if the pool has that column.
    fn field(&self, i: usize, name: &str) -> Option<&str> {
        let at = self.header.iter().position(|h| h == name)?;
        self.rows[i].fields.get(at).map(String::as_str)
    }
}

/// Runs `suggest`.
pub fn run(args: &SuggestArgs) -> Result<()> {
    let params = args.params();
    params.check()?;
    let model = args.model.load()?;
    let pool = Pool::read(args)?;
    let selection = suggest(&model, &pool.texts, &params)?;
    let mut w = RowWriter::new(Format::Csv, header(&model))?;
    for s in &selection.chosen {
        w.write(&row(&model, &pool, s))?;
    }
    w.flush()?;
    eprintln!(
        "stancekit: {} sentences scored, {} suggested; skipped {} near-duplicates and {} without words",
        pool.texts.len(),
        selection.chosen.len(),
        selection.near_duplicates,
        selection.without_words
    );
    Ok(())
}

/// `id,text,<heads>,source,doc,<head>_guess...,uncertainty`.
fn header(model: &StanceModel) -> Vec<String> {
    let heads = model.heads().iter().map(|h| h.name().to_owned());
    let guesses = model.heads().iter().map(|h| format!("{}_guess", h.name()));
    ["id", "text"]
        .map(String::from)
        .into_iter()
        .chain(heads)
        .chain(["source".into(), "doc".into()])
        .chain(guesses)
        .chain(["uncertainty".into()])
        .collect()
}

fn row<'a>(model: &'a StanceModel, pool: &'a Pool, s: &Suggestion) -> Vec<Value<'a>> {
    let i = s.index;
    let text = |v: Option<&str>| Value::Text(v.unwrap_or("").to_owned().into());
    let id = pool
        .field(i, "id")
        .map_or_else(|| pool.rows[i].line.to_string(), str::to_owned);
    let mut values = vec![
        Value::Text(id.into()),
        Value::Text(pool.texts[i].as_str().into()),
    ];
    values.extend(model.heads().iter().map(|_| text(None)));
    values.push(text(pool.field(i, "source")));
    values.push(text(pool.field(i, "doc")));
    values.extend((0..model.heads().len()).map(|h| text(Some(model.label_of(&s.prediction, h).0))));
    values.push(Value::Number(f64::from(s.score)));
    values
}

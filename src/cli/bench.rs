//! `stancekit bench`: cross-validated comparison of feature sets, as an
//! aligned table on stdout and, with `--out-dir`, CSV, JSON and an SVG chart.

use std::fs;
use std::path::PathBuf;

use clap::Args;
use stancekit::corpus::labelled::{read_labelled, Columns};
use stancekit::eval::bench::{run_bench, BenchRow, BenchSettings, Contender};
use stancekit::eval::chart::write_svg;
use stancekit::features::cues::Lexicons;
use stancekit::features::spec;
use stancekit::model::logistic::LogisticParams;
use stancekit::{Error, Result};

use crate::cli::Status;

/// Arguments of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Labelled CSV file with a header
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// Column holding the sentence
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// Label column to score (repeat for several heads)
    #[arg(long = "label", value_name = "NAME", default_values_t = ["side".to_string(), "tone".to_string()])]
    pub labels: Vec<String>,
    /// Feature sets to compare, each a spec: blocks joined by '+', each block
    /// word, char or cues with optional ':' parameters, e.g. word,
    /// word:1-3, char:2-5, word+cues, "word:1-2,min_df=2+cues" (see README,
    /// "Feature specs")
    #[arg(long, value_name = "SPEC", num_args = 1.., required = true)]
    pub feature_sets: Vec<String>,
    /// Number of stratified folds
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,
    /// Seed of the fold split
    #[arg(long, default_value_t = 42, value_name = "N")]
    pub seed: u64,
    /// Inverse L2 regularisation strength, as scikit-learn's C
    #[arg(long = "c", default_value_t = LogisticParams::default().c, value_name = "C")]
    pub c: f64,
    /// Folder of lexicon files for the cue block [default: the built-in lexicons]
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    /// Also write bench.csv, bench.json and bench.svg here
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Runs `bench`.
pub fn run(args: &BenchArgs) -> Result<Status> {
    let mut contenders = vec![Contender::Majority, Contender::LinfaCues];
    for s in &args.feature_sets {
        contenders.push(Contender::Features {
            spec: s.clone(),
            config: spec::parse(s)?,
        });
    }
    let settings = BenchSettings {
        folds: args.folds,
        seed: args.seed,
        logistic: LogisticParams {
            c: args.c,
            ..LogisticParams::default()
        },
        lexicons: match &args.lexicons {
            Some(dir) => Lexicons::load_dir(dir)?,
            None => Lexicons::builtin(),
        },
    };
    let columns = Columns {
        text: args.text_col.clone(),
        labels: args.labels.clone(),
        doc: None,
        turn: Some("turn".into()),
    };
    let data = read_labelled(&args.data, &columns)?;
    eprintln!("stancekit: {} rows, {} folds, {} contenders (folds run in parallel; times are under that load)", data.len(), args.folds, contenders.len());
    let rows = run_bench(&data, &contenders, &settings)?;
    print!("{}", render(&rows));
    if let Some(dir) = &args.out_dir {
        write_outputs(dir, &rows)?;
    }
    Ok(Status::Success)
}

fn render(rows: &[BenchRow]) -> String {
    let width = rows
        .iter()
        .map(|r| r.feature_set.len())
        .max()
        .unwrap_or(10)
        .max(11);
    let mut out = format!(
        "{:<width$}  {:<6}  {:>17}  {:>8}  {:>9}  {:>7}  {:>10}\n",
        "feature set", "head", "macro-F1 mean±sd", "accuracy", "features", "fit s", "sent/s"
    );
    for r in rows {
        out += &format!(
            "{:<width$}  {:<6}  {:>8.4} ± {:.4}{} {:>8.4}  {:>9.0}  {:>7.2}  {:>10.0}\n",
            r.feature_set,
            r.head,
            r.macro_f1_mean,
            r.macro_f1_std,
            if r.best { "*" } else { " " },
            r.accuracy_mean,
            r.features,
            r.fit_seconds,
            r.sentences_per_second
        );
    }
    out + "* best feature set of its head\n"
}

fn write_outputs(dir: &PathBuf, rows: &[BenchRow]) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let csv_path = dir.join("bench.csv");
    let mut w = csv::Writer::from_path(&csv_path).map_err(|e| Error::io(&csv_path, e.into()))?;
    for r in rows {
        w.serialize(r).map_err(|e| Error::io(&csv_path, e.into()))?;
    }
    w.flush().map_err(|e| Error::io(&csv_path, e))?;
    let json_path = dir.join("bench.json");
    let json = serde_json::to_string_pretty(rows).expect("rows serialise");
    fs::write(&json_path, json + "\n").map_err(|e| Error::io(&json_path, e))?;
    write_svg(rows, &dir.join("bench.svg"))?;
    eprintln!(
        "stancekit: wrote bench.csv, bench.json and bench.svg to {}",
        dir.display()
    );
    Ok(())
}

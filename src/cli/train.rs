//! `stancekit train`: labelled CSV in, model file out, summary on stderr.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use stancekit::corpus::labelled::{read_labelled, Columns, LabelledData};
use stancekit::features::cues::Lexicons;
use stancekit::features::spec;
use stancekit::model::context::ContextConfig;
use stancekit::model::logistic::LogisticParams;
use stancekit::model::{file, StanceModel, TrainConfig};
use stancekit::{Error, Result};

use crate::cli::DocContextArg;

/// Arguments of `train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Labelled CSV file with a header ("-" for stdin); repeat to train on several files
    #[arg(long, value_name = "FILE.csv", required = true)]
    pub data: Vec<PathBuf>,
    /// Column holding the sentence
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// Label column to train a head for (repeat for several heads)
    #[arg(long = "label", value_name = "NAME", default_values_t = ["side".to_string(), "tone".to_string()])]
    pub labels: Vec<String>,
    /// Feature blocks: a comma list of word, char, cues, turn, or a spec such
    /// as "word:1-3,min_df=2+char:2-5+cues" (see README, "Feature specs")
    #[arg(long, default_value = "word,cues,turn", value_name = "SPEC")]
    pub features: String,
    /// Inverse L2 regularisation strength, as scikit-learn's C
    #[arg(long = "c", default_value_t = LogisticParams::default().c, value_name = "C")]
    pub c: f64,
    /// Class weighting: balanced (inverse to class frequency) or none
    #[arg(long, default_value = "balanced", value_parser = ["balanced", "none"])]
    pub class_weight: String,
    /// Most L-BFGS iterations per head
    #[arg(long, default_value_t = LogisticParams::default().max_iter, value_name = "N")]
    pub max_iter: u64,
    /// Heads to re-score with document context, comma-separated (needs the
    /// document column; see --doc-col) [default: side, when it is a --label]
    #[arg(long, value_name = "HEADS", value_delimiter = ',')]
    pub context: Option<Vec<String>>,
    /// Folds of the out-of-fold predictions the document-context stage is fitted on
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u64).range(2..=50))]
    pub context_folds: u64,
    #[command(flatten)]
    pub doc_context: DocContextArg,
    /// Folder of lexicon files for the cue block [default: the built-in lexicons in data/lexicons]
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    /// Where to write the model
    #[arg(long, default_value = "stancekit.model", value_name = "PATH")]
    pub out: PathBuf,
    /// Share of rows with a known turn trained with the turn hidden, so the
    /// model still reads the words when a file gives no turn (0 to 1)
    #[arg(long, default_value_t = TrainConfig::default().turn_dropout, value_name = "P", value_parser = parse_share)]
    pub turn_dropout: f64,
    /// Seed of the turn dropout and the context folds, recorded in the model
    #[arg(long, default_value_t = 42, value_name = "N")]
    pub seed: u64,
}

/// Reads a share between 0 and 1.
fn parse_share(s: &str) -> std::result::Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    (0.0..=1.0)
        .contains(&p)
        .then_some(p)
        .ok_or_else(|| format!("{p} is not between 0 and 1"))
}

impl TrainArgs {
    fn config(&self) -> Result<TrainConfig> {
        Ok(TrainConfig {
            features: spec::parse(&self.features)?,
            logistic: LogisticParams {
                c: self.c,
                balanced: self.class_weight == "balanced",
                max_iter: self.max_iter,
                ..LogisticParams::default()
            },
            context: ContextConfig {
                heads: self.context_heads()?,
                folds: self.context_folds as usize,
            },
            turn_dropout: self.turn_dropout,
            seed: self.seed,
        })
    }

    /// The heads to re-score with document context: those asked for (each
    /// must be a label column), else `side` when there is such a column.
    fn context_heads(&self) -> Result<Vec<String>> {
        if self.doc_context.no_context {
            return Ok(Vec::new());
        }
        let Some(asked) = &self.context else {
            return Ok(self
                .labels
                .iter()
                .filter(|l| *l == "side")
                .cloned()
                .collect());
        };
        match asked.iter().find(|h| !self.labels.contains(h)) {
            Some(bad) => Err(Error::config(
                "--context",
                format!(
                    "{bad:?} is not a --label column ({})",
                    self.labels.join(", ")
                ),
            )),
            None => Ok(asked.clone()),
        }
    }
}

/// Runs `train`.
pub fn run(args: &TrainArgs) -> Result<()> {
    let started = Instant::now();
    let config = args.config()?;
    let lexicons = match &args.lexicons {
        Some(dir) => Lexicons::load_dir(dir)?,
        None => Lexicons::builtin(),
    };
    let columns = Columns {
        text: args.text_col.clone(),
        labels: args.labels.clone(),
        doc: args.doc_context.column(),
        turn: args.doc_context.turn_column(),
    };
    let mut data = read_labelled(&args.data[0], &columns)?;
    for path in &args.data[1..] {
        data.append(read_labelled(path, &columns)?);
    }
    let model = StanceModel::train(&data, &config, &lexicons)?;
    file::save(&model, &args.out)?;
    let files: Vec<String> = args.data.iter().map(|p| p.display().to_string()).collect();
    eprintln!(
        "stancekit: trained on {} rows of {}",
        data.len(),
        files.join(", ")
    );
    for (h, head) in model.heads().iter().enumerate() {
        let counts: Vec<String> = head
            .labels()
            .iter()
            .map(|l| format!("{l} {}", data.labels[h].iter().filter(|x| *x == l).count()))
            .collect();
        eprintln!("stancekit:   head {}: {}", head.name(), counts.join(", "));
    }
    let blocks: Vec<String> = model
        .pipeline()
        .block_ranges()
        .iter()
        .map(|(k, r)| format!("{} {}", k.as_str(), r.len()))
        .collect();
    eprintln!(
        "stancekit:   features: {} ({})",
        model.pipeline().n_features(),
        blocks.join(", ")
    );
    eprintln!(
        "stancekit:   document context: {}",
        context_summary(&model, &data, args)
    );
    eprintln!(
        "stancekit:   wrote {} in {:.1}s",
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn context_summary(model: &StanceModel, data: &LabelledData, args: &TrainArgs) -> String {
    let Some(stage) = model.context() else {
        return match (&data.docs, model.config().context.heads.is_empty()) {
            (_, true) => "off".into(),
            (None, false) => format!("off (no column {:?})", args.doc_context.doc_col),
            (Some(_), false) => format!(
                "off (too few documents to fit it: it needs {} of two or more sentences, and every label in the training documents of each of the {} folds)",
                2 * args.context_folds,
                args.context_folds
            ),
        };
    };
    let heads: Vec<&str> = stage
        .head_indices()
        .map(|h| model.heads()[h].name())
        .collect();
    format!(
        "{} (documents from column {:?}, {} folds)",
        heads.join(", "),
        args.doc_context.doc_col,
        args.context_folds
    )
}

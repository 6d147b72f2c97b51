//! Command-line interface: clap structs that only parse, one file per
//! subcommand that wires library calls, and the output writers. No logic of
//! its own beyond turning arguments into validated settings.

pub mod bench;
pub mod eval;
pub mod explain;
pub mod inspect;
pub mod label;
pub mod output;
pub mod predict;
pub mod suggest;
pub mod train;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use stancekit::model::{file, StanceModel};

/// Label English sentences on US/Japan–China security relations by speaker
/// side (us_japan, china, none) and tone (accusatory, reassuring, neutral).
///
/// Exit codes: 0 success, 1 a requested gate failed, 2 error.
#[derive(Debug, Parser)]
#[command(
    name = "stancekit",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a model from a labelled CSV file.
    Train(train::TrainArgs),
    /// Label sentences from CSV (or one per line) with every head.
    Predict(predict::PredictArgs),
    /// Score a model on a labelled CSV file.
    Eval(eval::EvalArgs),
    /// Split articles into sentences and label every sentence with every head.
    ///
    /// In transcripts, speaker tags set each sentence's turn: after `Q:`
    /// (`Q` and two spaces, `Question:`, `Follow-up:`) a journalist's
    /// question, after `A:` the official's answer, until the next tag; a
    /// named tag (`MS. JEAN-PIERRE:`) or no tag at all leaves it unknown.
    Label(label::LabelArgs),
    /// Split articles into sentences and print them with their byte offsets.
    Split(label::SplitArgs),
    /// Show why each head chose its label: the strongest features and their spans.
    ///
    /// A feature's contribution is value × weight for the predicted label; the
    /// intercept plus every contribution is the label's logit. Spans are byte
    /// offsets into the sentence (highlighted when stdout is a terminal).
    Explain(explain::ExplainArgs),
    /// Show a model's config, sizes, label sets and strongest features per class.
    Inspect(inspect::InspectArgs),
    /// Rank unlabelled sentences by the model's uncertainty, as a batch to annotate.
    ///
    /// Writes CSV: id,text, one empty column per head, source,doc, then
    /// <head>_guess per head and uncertainty, most uncertain first. Ids, source
    /// and doc come from the pool's columns of those names (ids default to the
    /// line number). Sentences without words are skipped, and so is one whose
    /// word set is at least --max-similarity similar (Jaccard) to one already
    /// chosen.
    Suggest(suggest::SuggestArgs),
    /// Compare feature sets by stratified k-fold cross-validation.
    Bench(bench::BenchArgs),
}

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything worked: exit 0.
    Success,
    /// A requested gate failed (`eval --min-macro-f1`): exit 1.
    GateFailed,
    /// Some inputs could not be read (reported on stderr), the rest was
    /// written: exit 2.
    PartialFailure,
}

/// `--model`, shared by every command that uses a trained model.
#[derive(Debug, Clone, Args)]
pub struct ModelArg {
    /// Model file to use [default: the built-in model trained on data/labelled]
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

impl ModelArg {
    /// Loads the named model, or the built-in one.
    pub fn load(&self) -> stancekit::Result<StanceModel> {
        match &self.model {
            Some(path) => file::load(path),
            None => stancekit::model::builtin(),
        }
    }
}

/// `--doc-col` and `--no-context`, shared by the commands that read rows
/// which may belong to documents.
#[derive(Debug, Clone, Args)]
pub struct DocContextArg {
    /// Column naming each row's document: rows with the same value are read
    /// as sentences of one document, and the document-context stage re-scores
    /// each with the others (a file without the column is read as unrelated
    /// sentences)
    #[arg(long, default_value = "doc", value_name = "NAME")]
    pub doc_col: String,
    /// Score every sentence alone, ignoring documents
    #[arg(long)]
    pub no_context: bool,
    /// Column giving each row's transcript turn: question (a journalist's),
    /// answer (the official's) or empty for unknown; read when the file has
    /// it ("" reads none)
    #[arg(long, default_value = "turn", value_name = "NAME")]
    pub turn_col: String,
}

impl DocContextArg {
    /// The document column to read, if any.
    pub fn column(&self) -> Option<String> {
        (!self.no_context).then(|| self.doc_col.clone())
    }

    /// The turn column to read, if any.
    pub fn turn_column(&self) -> Option<String> {
        (!self.turn_col.is_empty()).then(|| self.turn_col.clone())
    }
}

/// Says on stderr whether rows are scored in their documents' context, so a
/// score is never read as the other kind.
pub fn note_context(model: &StanceModel, has_docs: bool, arg: &DocContextArg) {
    if model.context().is_none() || arg.no_context {
        return;
    }
    if has_docs {
        eprintln!("stancekit: scoring sentences in their documents' context (column {:?}); --no-context scores them alone", arg.doc_col);
    } else {
        eprintln!(
            "stancekit: no column {:?}: sentences scored alone, without document context",
            arg.doc_col
        );
    }
}

/// Says on stderr that rows are scored in the turns a column gives, so a
/// score is never read as the other kind.
pub fn note_turns(model: &StanceModel, column: Option<&str>) {
    if let (true, Some(name)) = (model.pipeline().has_turn(), column) {
        eprintln!("stancekit: scoring sentences in the transcript turns of column {name:?}; --turn-col \"\" ignores it");
    }
}

/// Turns "-" or nothing into the stdin path.
pub fn inputs_or_stdin(inputs: &[PathBuf]) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec![PathBuf::from(stancekit::corpus::STDIN)]
    } else {
        inputs.to_vec()
    }
}

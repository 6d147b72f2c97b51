//! `stancekit predict`: rows in, the same rows out with every head's label
//! and probability appended. One output row per input row, in order.

use std::path::PathBuf;

use clap::Args;
use stancekit::corpus::dense_ids;
use stancekit::corpus::labelled::read_turn;
use stancekit::corpus::table::{InputRow, RowFormat, RowReader};
use stancekit::explain::explain_many;
use stancekit::model::StanceModel;
use stancekit::text::Turn;
use stancekit::{Error, Result};

use crate::cli::output::{
    explain_columns, prediction_columns, prediction_values, Format, RowWriter, Value,
};
use crate::cli::{inputs_or_stdin, note_context, note_turns, DocContextArg, ModelArg};

/// Rows predicted per batch: large enough to keep both cores busy, small
/// enough that memory stays flat.
const BATCH: usize = 8192;

/// Arguments of `predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Column holding the sentence (CSV input)
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// Read one sentence per line instead of CSV
    #[arg(long)]
    pub lines: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Also write the probability of every label (H_prob_<label>)
    #[arg(long)]
    pub probs: bool,
    /// Also write one column H_explain per head: the K features that pushed hardest for its label, as "kind:name(+contribution)" joined by "; " (see `stancekit explain`)
    #[arg(long, value_name = "K")]
    pub explain: Option<usize>,
    #[command(flatten)]
    pub context: DocContextArg,
    /// Input files ("-" for stdin) [default: stdin]
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// Runs `predict`.
pub fn run(args: &PredictArgs) -> Result<()> {
    let model = args.model.load()?;
    let format = if args.lines {
        RowFormat::Lines
    } else {
        RowFormat::Csv {
            text_col: args.text_col.clone(),
        }
    };
    let mut writer: Option<RowWriter> = None;
    let mut batch = Vec::<InputRow>::new();
    for path in inputs_or_stdin(&args.inputs) {
        let mut reader = RowReader::open(&path, &format)?;
        let w = match &mut writer {
            Some(w) => {
                check_same_header(w, &reader, &model, args)?;
                w
            }
            None => writer.insert(RowWriter::new(
                args.format,
                output_header(&reader, &model, args),
            )?),
        };
        let doc_at = doc_column(&model, &reader, args);
        let columns = RowColumns {
            doc: doc_at,
            turn: turn_column(&model, &reader, args),
        };
        if doc_at.is_some() {
            // A document's rows may be anywhere in the file: read it whole.
            let mut rows = Vec::new();
            while reader.next_batch(BATCH, &mut batch)? {
                rows.append(&mut batch);
            }
            write_batch(w, &reader, &model, &rows, &columns, args)?;
        } else {
            while reader.next_batch(BATCH, &mut batch)? {
                write_batch(w, &reader, &model, &batch, &columns, args)?;
            }
        }
    }
    writer.map_or(Ok(()), |mut w| w.flush())
}

/// The input columns read besides the text, by position.
struct RowColumns {
    /// The document column, when rows are scored in their documents.
    doc: Option<usize>,
    /// The turn column, when the input has one.
    turn: Option<usize>,
}

/// Scores a batch of rows (grouped into documents and in their turns when
/// `columns` says so) and writes them with their predictions.
fn write_batch(
    w: &mut RowWriter,
    reader: &RowReader,
    model: &StanceModel,
    batch: &[InputRow],
    columns: &RowColumns,
    args: &PredictArgs,
) -> Result<()> {
    let texts: Vec<&str> = batch.iter().map(|r| reader.text(r)).collect();
    let turns = read_turns(reader, batch, columns.turn, &args.context)?;
    let predictions = match columns.doc {
        Some(at) => {
            let docs: Vec<&str> = batch.iter().map(|r| r.fields[at].as_str()).collect();
            model.predict_documents(&texts, &turns, &dense_ids(&docs))
        }
        None => model.predict_in_turns(&texts, &turns),
    };
    let explained = args.explain.map(|_| explain_many(model, &texts, &turns));
    let mut values = Vec::new();
    for (i, (row, p)) in batch.iter().zip(predictions).enumerate() {
        values.clear();
        values.extend(row.fields.iter().map(|f| Value::Text(f.as_str().into())));
        prediction_values(model, &p, args.probs, &mut values);
        if let (Some(e), Some(k)) = (&explained, args.explain) {
            values.extend(e[i].heads.iter().map(|h| Value::Text(h.summary(k).into())));
        }
        w.write(&values)?;
    }
    Ok(())
}

/// The column grouping rows into documents, when the model has a context
/// stage to use it and the input has the column.
fn doc_column(model: &StanceModel, reader: &RowReader, args: &PredictArgs) -> Option<usize> {
    let at = reader
        .header()
        .iter()
        .position(|h| *h == args.context.doc_col);
    if at.is_some() {
        note_context(model, true, &args.context);
    }
    at.filter(|_| model.context().is_some() && !args.context.no_context)
}

/// The turn column's position, when the input has it.
fn turn_column(model: &StanceModel, reader: &RowReader, args: &PredictArgs) -> Option<usize> {
    let name = args.context.turn_column()?;
    let at = reader.header().iter().position(|h| *h == name);
    note_turns(model, at.map(|_| name.as_str()));
    at
}

/// Each row's turn (unknown without a turn column); a bad value is an error
/// naming the file and line.
fn read_turns(
    reader: &RowReader,
    batch: &[InputRow],
    turn_at: Option<usize>,
    context: &DocContextArg,
) -> Result<Vec<Turn>> {
    let Some(at) = turn_at else {
        return Ok(vec![Turn::Unknown; batch.len()]);
    };
    batch
        .iter()
        .map(|r| read_turn(&r.fields[at], reader.path(), r.line, &context.turn_col))
        .collect()
}

fn output_header(reader: &RowReader, model: &StanceModel, args: &PredictArgs) -> Vec<String> {
    let mut header = reader.header().to_vec();
    header.extend(prediction_columns(model, args.probs));
    if args.explain.is_some() {
        header.extend(explain_columns(model));
    }
    header
}

fn check_same_header(
    w: &RowWriter,
    reader: &RowReader,
    model: &StanceModel,
    args: &PredictArgs,
) -> Result<()> {
    if output_header(reader, model, args) != w.header() {
        return Err(Error::input(
            reader.path(),
            1,
            "header differs from the first input's; predict files with the same columns together",
        ));
    }
    Ok(())
}

//! `stancekit predict`: rows in, the same rows out with every head's label
//! and probability appended. One output row per input row, in order.

use std::path::PathBuf;

use clap::Args;
use stancekit::corpus::table::{InputRow, RowFormat, RowReader};
use stancekit::explain::explain_many;
use stancekit::{Error, Result};

use crate::cli::output::{
    explain_columns, prediction_columns, prediction_values, Format, RowWriter, Value,
};
use crate::cli::{inputs_or_stdin, ModelArg};

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
    let (mut batch, mut values) = (Vec::<InputRow>::new(), Vec::new());
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
        while reader.next_batch(BATCH, &mut batch)? {
            let texts: Vec<&str> = batch.iter().map(|r| reader.text(r)).collect();
            let explained = args.explain.map(|_| explain_many(&model, &texts));
            for (i, (row, p)) in batch.iter().zip(model.predict_many(&texts)).enumerate() {
                values.clear();
                values.extend(row.fields.iter().map(|f| Value::Text(f.clone().into())));
                prediction_values(&model, &p, args.probs, &mut values);
                if let (Some(e), Some(k)) = (&explained, args.explain) {
                    values.extend(e[i].heads.iter().map(|h| Value::Text(h.summary(k).into())));
                }
                w.write(&values)?;
            }
        }
    }
    writer.map_or(Ok(()), |mut w| w.flush())
}

fn output_header(
    reader: &RowReader,
    model: &stancekit::model::StanceModel,
    args: &PredictArgs,
) -> Vec<String> {
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
    model: &stancekit::model::StanceModel,
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

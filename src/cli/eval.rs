//! `stancekit eval`: per-head scores of a model on labelled data, as a
//! readable report or JSON, with an optional macro-F1 gate (exit 1).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use stancekit::corpus::labelled::{read_labelled, Columns};
use stancekit::eval::{evaluate, metrics::HeadReport};
use stancekit::text::Turn;
use stancekit::{Error, Result};

use crate::cli::{note_context, note_turns, DocContextArg, ModelArg, Status};

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Labelled CSV file with one column per head of the model ("-" for stdin)
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// Column holding the sentence
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    #[command(flatten)]
    pub context: DocContextArg,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Exit with status 1 when any head's macro-F1 is below this
    #[arg(long, value_name = "F")]
    pub min_macro_f1: Option<f64>,
}

/// Runs `eval`; the status says whether the gate (if any) passed.
pub fn run(args: &EvalArgs) -> Result<Status> {
    let model = args.model.load()?;
    let columns = Columns {
        text: args.text_col.clone(),
        labels: model.heads().iter().map(|h| h.name().to_owned()).collect(),
        doc: args.context.column(),
        turn: args.context.turn_column(),
    };
    let data = read_labelled(&args.data, &columns)?;
    note_context(&model, data.docs.is_some(), &args.context);
    let has_turns = data.turns.iter().any(|t| *t != Turn::Unknown);
    note_turns(&model, has_turns.then_some(args.context.turn_col.as_str()));
    let reports = evaluate(&model, &data)?;
    let text = if args.json {
        serde_json::to_string_pretty(&reports).expect("reports serialise") + "\n"
    } else {
        render(&reports)
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))?;
    let Some(gate) = args.min_macro_f1 else {
        return Ok(Status::Success);
    };
    let failed: Vec<&HeadReport> = reports.iter().filter(|r| r.macro_f1 < gate).collect();
    for r in &failed {
        eprintln!(
            "stancekit: head {} macro-F1 {:.4} is below the gate {gate}",
            r.head, r.macro_f1
        );
    }
    Ok(if failed.is_empty() {
        Status::Success
    } else {
        Status::GateFailed
    })
}

fn render(reports: &[HeadReport]) -> String {
    let mut out = String::new();
    for r in reports {
        let width = r
            .classes
            .iter()
            .map(|c| c.label.len())
            .max()
            .unwrap_or(5)
            .max(9);
        out += &format!("head {} ({} rows)\n", r.head, r.rows);
        out += &format!("  {:<width$}  precision  recall     f1  support\n", "label");
        for c in &r.classes {
            out += &format!(
                "  {:<width$}  {:>9.4}  {:>6.4}  {:>6.4}  {:>7}\n",
                c.label, c.precision, c.recall, c.f1, c.support
            );
        }
        out += &format!(
            "  accuracy {:.4}   macro-F1 {:.4}\n",
            r.accuracy, r.macro_f1
        );
        out += "  confusion (rows gold, columns predicted):\n";
        out += &format!(
            "  {:<width$}  {}\n",
            "",
            r.classes
                .iter()
                .map(|c| format!(" {:>10}", truncate(&c.label, 10)))
                .collect::<String>()
        );
        for (c, row) in r.classes.iter().zip(&r.confusion) {
            out += &format!(
                "  {:<width$}  {}\n",
                c.label,
                row.iter().map(|n| format!(" {n:>10}")).collect::<String>()
            );
        }
        out += "\n";
    }
    out
}

fn truncate(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

//! `stancekit explain`: every head's label for each sentence, with the
//! features that pushed hardest for and against it and where they stand in
//! the sentence. A readable report (spans highlighted when stdout is a
//! terminal) or JSON Lines.

use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};
use std::path::Path;

use clap::{Args, ValueEnum};
use stancekit::corpus::table::{RowFormat, RowReader};
use stancekit::corpus::STDIN;
use stancekit::explain::{Contribution, Explainer, HeadExplanation, TopFeatures};
use stancekit::features::BlockKind;
use stancekit::text::Turn;
use stancekit::{Error, Result};

use crate::cli::ModelArg;

/// Lines read from stdin at a time: one, so that each sentence is answered
/// as soon as it is typed, and the lines before a bad one are explained.
const BATCH: usize = 1;

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Features to show for and against each head's label
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub top: usize,
    /// Write one JSON object per sentence (JSON Lines) instead of the report
    #[arg(long)]
    pub json: bool,
    /// Explain the sentences as said in this transcript turn (a journalist's
    /// question or the official's answer) [default: unknown]
    #[arg(long, value_enum, value_name = "TURN")]
    pub turn: Option<TurnArg>,
    /// Sentences to explain; "-" reads one sentence per line from stdin
    #[arg(value_name = "SENTENCE", required = true)]
    pub sentences: Vec<String>,
}

/// A transcript turn named on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TurnArg {
    /// A journalist's question
    Question,
    /// The official's answer
    Answer,
}

impl From<TurnArg> for Turn {
    fn from(arg: TurnArg) -> Turn {
        match arg {
            TurnArg::Question => Turn::Question,
            TurnArg::Answer => Turn::Answer,
        }
    }
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs) -> Result<()> {
    let model = args.model.load()?;
    let stdout = io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = Out {
        explainer: Explainer::new(&model).with_turn(args.turn.map_or(Turn::Unknown, Turn::from)),
        w: BufWriter::new(stdout.lock()),
        args,
        colour,
        count: 0,
    };
    for sentence in &args.sentences {
        if sentence == STDIN {
            out.stdin_lines()?;
        } else {
            out.sentence(sentence)?;
        }
    }
    out.w.flush().map_err(stdout_error)
}

fn stdout_error(e: io::Error) -> Error {
    Error::io("<stdout>", e)
}

/// The state of one run: model, writer and settings.
struct Out<'a> {
    explainer: Explainer<'a>,
    w: BufWriter<StdoutLock<'static>>,
    args: &'a ExplainArgs,
    colour: bool,
    count: usize,
}

impl Out<'_> {
    fn stdin_lines(&mut self) -> Result<()> {
        let mut reader = RowReader::open(Path::new(STDIN), &RowFormat::Lines)?;
        let mut batch = Vec::new();
        while reader.next_batch(BATCH, &mut batch)? {
            for row in &batch {
                self.sentence(reader.text(row))?;
            }
        }
        Ok(())
    }

    fn sentence(&mut self, text: &str) -> Result<()> {
        self.count += 1;
        let e = self.explainer.explain_located(text);
        let k = self.args.top;
        let rendered = if self.args.json {
            let heads: Vec<TopFeatures> = e.heads.iter().map(|h| h.top(k)).collect();
            let line = serde_json::json!({"sentence": self.count, "text": text, "heads": heads});
            line.to_string() + "\n"
        } else {
            let mut s = format!("[{}] {text}\n", self.count);
            e.heads
                .iter()
                .for_each(|h| s += &render_head(h, text, k, self.colour));
            s + "\n"
        };
        self.w
            .write_all(rendered.as_bytes())
            .map_err(stdout_error)?;
        self.w.flush().map_err(stdout_error)
    }
}

const BOLD: &str = "\x1b[1m";
const FOR: &str = "\x1b[1;32m";
const AGAINST: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

fn render_head(h: &HeadExplanation, text: &str, k: usize, colour: bool) -> String {
    let mut s = format!(
        "{}: {} (p={:.3})  logit {:+.3} = intercept {:+.3} + {} features {:+.3}\n",
        h.head,
        h.label,
        h.probability,
        h.logit,
        h.intercept,
        h.contributions.len(),
        h.contribution_sum()
    );
    let top = h.top(k);
    let shown: Vec<&Contribution> = top
        .pushing_for
        .iter()
        .chain(&top.pushing_against)
        .copied()
        .collect();
    if colour && !shown.is_empty() {
        s += &format!("  | {}\n", highlight(text, &shown));
    }
    let width = shown
        .iter()
        .map(|c| feature_name(c).chars().count())
        .max()
        .unwrap_or(0);
    for (side, list) in [("for", &top.pushing_for), ("against", &top.pushing_against)] {
        s += &format!("  {side} {}:\n", h.label);
        list.iter()
            .for_each(|c| s += &feature_line(c, text, width, colour));
        if list.is_empty() {
            s += "    (no feature)\n";
        }
    }
    s + &format!(
        "  other {} features: {:+.3}\n",
        top.other_features, top.other_contribution
    )
}

/// The name as shown in the report: character n-grams quoted, since they
/// hold spaces.
fn feature_name(c: &Contribution) -> String {
    match c.kind {
        BlockKind::Char => format!("{:?}", c.name),
        _ => c.name.clone(),
    }
}

fn feature_line(c: &Contribution, text: &str, width: usize, colour: bool) -> String {
    let spans: Vec<String> = c
        .spans
        .iter()
        .map(|&(s, e)| {
            let slice = text.get(s..e).unwrap_or("");
            match colour {
                true => format!("{s}..{e} \"{BOLD}{slice}{RESET}\""),
                false => format!("{s}..{e} {slice:?}"),
            }
        })
        .collect();
    let at = if spans.is_empty() {
        "(whole sentence)".to_owned()
    } else {
        spans.join(", ")
    };
    format!(
        "    {:+.3} = {:.3} × {:+.3}  {:<4}  {:<width$}  {at}\n",
        c.contribution,
        c.value,
        c.weight,
        c.kind.as_str(),
        feature_name(c),
    )
}

/// `text` with the spans of `shown` coloured: green for, red against; where
/// spans overlap, the stronger feature's colour wins.
fn highlight(text: &str, shown: &[&Contribution]) -> String {
    let mut paint: Vec<Option<&str>> = vec![None; text.len()];
    let mut by_strength = shown.to_vec();
    by_strength.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
    for c in by_strength {
        let code = if c.contribution > 0.0 { FOR } else { AGAINST };
        for &(s, e) in &c.spans {
            for p in paint.get_mut(s..e).into_iter().flatten() {
                p.get_or_insert(code);
            }
        }
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut current = None;
    for (i, ch) in text.char_indices() {
        if paint[i] != current {
            out += paint[i].unwrap_or(RESET);
            current = paint[i];
        }
        out.push(ch);
    }
    if current.is_some() {
        out += RESET;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(contribution: f32, spans: &[(usize, usize)]) -> Contribution {
        Contribution {
            column: 0,
            kind: BlockKind::Word,
            name: "x".into(),
            value: 1.0,
            weight: contribution,
            contribution,
            spans: spans.to_vec(),
        }
    }

    #[test]
    fn highlight_colours_spans_and_the_stronger_feature_wins_overlaps() {
        let text = "Café owners oppose it"; // "é" is two bytes
        let strong_against = feature(-2.0, &[(0, 12)]); // "Café owners"
        let weak_for = feature(0.5, &[(6, 19)]); // "owners oppose"
        let got = highlight(text, &[&weak_for, &strong_against]);
        assert_eq!(
            got,
            format!("{AGAINST}Café owners{FOR} oppose{RESET} it"),
            "{got:?}"
        );
        assert_eq!(highlight(text, &[]), text);
    }
}

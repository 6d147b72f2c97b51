//! `stancekit inspect`: a model's config, sizes, label sets and strongest
//! features per head and class, as a readable report or JSON.

use std::io::Write;

use clap::Args;
use stancekit::features::cues::N_CUES;
use stancekit::inspect::{describe_tfidf, summarize, ClassSummary, ModelSummary, WeightedFeature};
use stancekit::model::TrainConfig;
use stancekit::{Error, Result};

use crate::cli::ModelArg;

/// Arguments of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Features to list per class, most positive and most negative
    #[arg(long, default_value_t = 10, value_name = "K")]
    pub top: usize,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

/// Runs `inspect`.
pub fn run(args: &InspectArgs) -> Result<()> {
    let model = args.model.load()?;
    let summary = summarize(&model, args.top);
    let origin = args
        .model
        .model
        .as_ref()
        .map_or_else(|| "<built-in>".to_owned(), |p| p.display().to_string());
    let text = if args.json {
        let mut object = serde_json::Map::new();
        object.insert("model".into(), origin.into());
        let rest = serde_json::to_value(&summary).expect("a summary serialises");
        object.extend(
            rest.as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        serde_json::to_string_pretty(&object).expect("JSON serialises") + "\n"
    } else {
        render(&origin, &summary)
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io("<stdout>", e))
}

fn render(origin: &str, s: &ModelSummary) -> String {
    let mut out = format!("model: {origin}\nformat version: {}\n", s.format_version);
    let blocks: Vec<String> = s
        .blocks
        .iter()
        .map(|b| format!("{} {}", b.kind.as_str(), b.features))
        .collect();
    out += &format!("features: {} ({})\n", s.n_features, blocks.join(", "));
    out += &render_config(&s.config);
    out += &match s.context_heads.as_slice() {
        [] => "document context: none\n".to_owned(),
        heads => format!("document context: re-scores {}\n", heads.join(", ")),
    };
    out += &format!("heads: {}\n", s.heads.len());
    for h in &s.heads {
        let labels: Vec<&str> = h.classes.iter().map(|c| c.label.as_str()).collect();
        out += &format!("  {}: {}\n", h.name, labels.join(", "));
    }
    for h in &s.heads {
        for c in &h.classes {
            out += &render_class(&h.name, c);
        }
    }
    out
}

fn render_config(c: &TrainConfig) -> String {
    let mut out = String::new();
    for (name, block) in [("word", &c.features.word), ("char", &c.features.char)] {
        if let Some(p) = block {
            out += &format!("  {name}: {}\n", describe_tfidf(p));
        }
    }
    if c.features.cues {
        out += &format!("  cues: {N_CUES} lexicon cues\n");
    }
    if c.features.turn {
        out += "  turn: question, answer (the transcript turn of the sentence)\n";
    }
    let l = &c.logistic;
    out + &format!(
        "training: C={} class_weight={} max_iter={} tolerance={:e} turn_dropout={} seed={}\n",
        l.c,
        if l.balanced { "balanced" } else { "none" },
        l.max_iter,
        l.tolerance,
        c.turn_dropout,
        c.seed
    )
}

/// One class: most positive features on the left, most negative on the right.
fn render_class(head: &str, c: &ClassSummary) -> String {
    let mut out = format!("\n{head} = {} (intercept {:+.3})\n", c.label, c.intercept);
    let left: Vec<String> = c.most_positive.iter().map(entry).collect();
    let right: Vec<String> = c.most_negative.iter().map(entry).collect();
    let width = left
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max("most positive".len());
    out += &format!("  {:<width$}  most negative\n", "most positive");
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).map_or("", String::as_str);
        let r = right.get(i).map_or("", String::as_str);
        out += format!("  {l:<width$}  {r}").trim_end();
        out += "\n";
    }
    out
}

fn entry(f: &WeightedFeature) -> String {
    let name = match f.kind {
        stancekit::features::BlockKind::Char => format!("{:?}", f.name),
        _ => f.name.clone(),
    };
    format!("{:+.3}  {:<4}  {name}", f.weight, f.kind.as_str())
}

//! `stancekit label`: raw articles in, one labelled row per sentence out,
//! in input order, with an optional per-document summary. `stancekit split`
//! shares the reading and prints the sentences alone.

use std::fs::File;
use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::time::Instant;

use clap::Args;
use rayon::prelude::*;
use stancekit::corpus::documents::{
    expand_paths, read_documents, DocFields, DocFormat, Document, OwnOutputs,
};
use stancekit::label::{combination_names, fold_whitespace, profile, LabelledDocument, Labeller};
use stancekit::model::StanceModel;
use stancekit::text::segment::Splitter;
use stancekit::{Error, Result};

use crate::cli::output::{
    prediction_columns, prediction_values, Format, RowFormatter, RowWriter, Value,
};
use crate::cli::{inputs_or_stdin, ModelArg, Status};

/// Documents are labelled in batches of about this many bytes: enough work
/// for every core. At most three batches are held at once (see
/// `read_in_batches`), each plus at most one document past this size.
const BATCH_BYTES: usize = 8 << 20;
/// At most this many documents per batch.
const BATCH_DOCS: usize = 4096;
/// Documents whose output rows are formatted (in parallel) before they are
/// written, while the chunk before is written: enough to share among the
/// cores, few enough that their bytes add little to the batches held.
const FORMAT_CHUNK_DOCS: usize = 64;

/// How documents are read (shared by `label` and `split`).
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// How to read inputs: auto (by extension: .csv, .jsonl/.ndjson, else text; stdin is JSON Lines when it starts with '{'), text, csv or jsonl
    #[arg(long, default_value = "auto", value_parser = ["auto", "text", "csv", "jsonl"])]
    pub input_format: String,
    /// Document id column (CSV) or key (JSON Lines)
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_col: String,
    /// Text column (CSV) or key (JSON Lines)
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_col: String,
    /// Keep page furniture (menus, bylines, dates alone on a line) as rows marked furniture=true
    #[arg(long)]
    pub keep_furniture: bool,
    /// Files or folders (read recursively); "-" for stdin [default: stdin]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl ReadArgs {
    fn format(&self) -> DocFormat {
        match self.input_format.as_str() {
            "text" => DocFormat::Text,
            "csv" => DocFormat::Csv,
            "jsonl" => DocFormat::Jsonl,
            _ => DocFormat::Auto,
        }
    }

    fn fields(&self) -> DocFields {
        DocFields {
            id: self.id_col.clone(),
            text: self.text_col.clone(),
        }
    }
}

/// Arguments of `label`.
#[derive(Debug, Args)]
pub struct LabelArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Also write the probability of every label (H_prob_<label>)
    #[arg(long)]
    pub probs: bool,
    /// Write one row per document (sentence count, share of each label combination) to this CSV file
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Score every sentence alone, without the document-context stage (which
    /// re-scores a sentence with the other sentences of its document)
    #[arg(long)]
    pub no_context: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Arguments of `split`.
#[derive(Debug, Args)]
pub struct SplitArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Counts for the closing line and the progress display.
#[derive(Debug, Default)]
struct Tally {
    /// What the reader thread has read.
    read: ReadCounts,
    sentences: usize,
}

/// Runs `label`.
pub fn run(args: &LabelArgs) -> Result<Status> {
    let model = args.model.load()?;
    let labeller = Labeller::new(&model, args.read.keep_furniture).with_context(!args.no_context);
    let mut sink = LabelSink::new(args, &model)?;
    let summary: Vec<&Path> = args.summary.iter().map(PathBuf::as_path).collect();
    let tally = read_in_batches(&args.read, &summary, |docs| {
        sink.write_batch(labeller.label_batch(docs))
    })?;
    sink.finish()?;
    report(&tally);
    Ok(if tally.read.failed > 0 {
        Status::PartialFailure
    } else {
        Status::Success
    })
}

/// Runs `split`.
pub fn run_split(args: &SplitArgs) -> Result<Status> {
    let mut header = vec!["doc", "sent", "start", "end", "text"];
    if args.read.keep_furniture {
        header.push("furniture");
    }
    let mut writer = RowWriter::new(args.format, header.into_iter().map(str::to_owned).collect())?;
    let mut splitter = Splitter::default();
    let keep = args.read.keep_furniture;
    let tally = read_in_batches(&args.read, &[], |docs| {
        let mut written = 0;
        for doc in docs {
            let spans = splitter.split(&doc.text);
            for (i, s) in spans.iter().filter(|s| keep || !s.furniture).enumerate() {
                let mut row =
                    sentence_values(&doc.id, i, s.start, s.end, &doc.text[s.start..s.end]).to_vec();
                if keep {
                    row.push(Value::Text(s.furniture.to_string().into()));
                }
                writer.write(&row)?;
                written += 1;
            }
        }
        Ok(written)
    })?;
    writer.flush()?;
    report(&tally);
    Ok(if tally.read.failed > 0 {
        Status::PartialFailure
    } else {
        Status::Success
    })
}

fn sentence_values<'a>(
    doc: &'a str,
    sent: usize,
    start: usize,
    end: usize,
    text: &'a str,
) -> [Value<'a>; 5] {
    [
        Value::Text(doc.into()),
        Value::Int(sent as u64),
        Value::Int(start as u64),
        Value::Int(end as u64),
        Value::Text(fold_whitespace(text)),
    ]
}

/// Reads every input, hands documents to `batch` in bounded batches, reports
/// unreadable ones on stderr and counts them. `batch` returns the number of
/// sentences it wrote.
///
/// A reader thread reads the next batch while `batch` works on this one, so
/// reading files never leaves the cores idle. At most three batches are held
/// at once: the one being read, one waiting, and the one `batch` holds.
fn read_in_batches(
    args: &ReadArgs,
    outputs: &[&Path],
    mut batch: impl FnMut(Vec<Document>) -> Result<usize>,
) -> Result<Tally> {
    let mut paths = expand_paths(&inputs_or_stdin(&args.paths));
    let own = OwnOutputs::stdout_and(outputs);
    paths.retain(|p| {
        let mine = own.contains(p);
        if mine {
            eprintln!("stancekit: {}: skipped, this run writes it", p.display());
        }
        !mine
    });
    let mut progress = Progress::new(paths.len());
    let (to_labeller, batches) = std::sync::mpsc::sync_channel::<ReadBatch>(1);
    let tally = std::thread::scope(|scope| {
        scope.spawn(|| read_all(args, &paths, to_labeller));
        let mut tally = Tally::default();
        // Consuming the receiver here means an early return drops it, which
        // stops the reader at its next batch.
        for read in batches {
            tally.sentences += batch(read.docs)?;
            tally.read = read.counts;
            progress.show(&tally);
        }
        Ok::<_, Error>(tally)
    })?;
    progress.done();
    Ok(tally)
}

/// Documents read so far, for the closing line and the progress display.
#[derive(Debug, Default, Clone, Copy)]
struct ReadCounts {
    inputs_done: usize,
    documents: usize,
    failed: usize,
}

/// One batch from the reader thread, with the counts as they stood after it.
struct ReadBatch {
    docs: Vec<Document>,
    counts: ReadCounts,
}

/// The reader thread: reads `paths` in order into batches of at most
/// [`BATCH_BYTES`] or [`BATCH_DOCS`] and sends them on; the last batch (maybe
/// empty) carries the final counts. Stops early when nobody listens.
fn read_all(args: &ReadArgs, paths: &[PathBuf], out: SyncSender<ReadBatch>) {
    let (mut counts, mut pending, mut bytes) = (ReadCounts::default(), Vec::new(), 0usize);
    let send = |pending: &mut Vec<Document>, counts: &mut ReadCounts| {
        counts.documents += pending.len();
        let docs = std::mem::take(pending);
        out.send(ReadBatch {
            docs,
            counts: *counts,
        })
        .is_ok()
    };
    for path in paths {
        let mut listening = true;
        let opened = read_documents(path, args.format(), &args.fields(), &mut |doc| match doc {
            Ok(doc) if listening => {
                bytes += doc.text.len();
                pending.push(doc);
                if bytes >= BATCH_BYTES || pending.len() >= BATCH_DOCS {
                    bytes = 0;
                    listening = send(&mut pending, &mut counts);
                }
            }
            Ok(_) => {}
            Err(e) => fail(&mut counts, &e),
        });
        if !listening {
            return;
        }
        if let Err(e) = opened {
            fail(&mut counts, &e);
        }
        counts.inputs_done += 1;
    }
    send(&mut pending, &mut counts);
}

fn fail(counts: &mut ReadCounts, err: &Error) {
    counts.failed += 1;
    eprintln!("stancekit: {err}");
}

fn report(tally: &Tally) {
    eprintln!(
        "stancekit: {} documents read, {} failed, {} sentences written",
        tally.read.documents, tally.read.failed, tally.sentences
    );
}

/// Where labelled sentences and document profiles go: rows are formatted
/// on the worker threads while the rows before them are written.
struct LabelSink<'m> {
    rows: RowMaker<'m>,
    out: SinkOutput<'m>,
}

/// Turns labelled documents into formatted rows.
struct RowMaker<'m> {
    model: &'m StanceModel,
    probs: bool,
    keep_furniture: bool,
    /// Cloned for each worker.
    template: RowFormatter,
}

/// The writers: rows to stdout, profiles to the summary file.
struct SinkOutput<'m> {
    model: &'m StanceModel,
    jsonl: bool,
    rows: RowWriter,
    summary: Option<(PathBuf, csv::Writer<BufWriter<File>>)>,
}

impl<'m> LabelSink<'m> {
    fn new(args: &LabelArgs, model: &'m StanceModel) -> Result<Self> {
        let mut header: Vec<String> = ["doc", "sent", "start", "end", "text"]
            .map(str::to_owned)
            .to_vec();
        if args.read.keep_furniture {
            header.push("furniture".into());
        }
        header.extend(prediction_columns(model, args.probs));
        let summary = args
            .summary
            .as_ref()
            .map(|p| open_summary(p, model))
            .transpose()?;
        let rows = RowWriter::new(args.format, header)?;
        Ok(LabelSink {
            rows: RowMaker {
                model,
                probs: args.probs,
                keep_furniture: args.read.keep_furniture,
                template: rows.formatter(),
            },
            out: SinkOutput {
                model,
                jsonl: args.format == Format::Jsonl,
                rows,
                summary,
            },
        })
    }

    /// Formats the documents' rows on all cores, a few documents at a time
    /// so only their bytes are held, and writes them in input order; the
    /// next few documents are formatted while the last are written.
    fn write_batch(&mut self, docs: Vec<LabelledDocument>) -> Result<usize> {
        let (maker, out) = (&self.rows, &mut self.out);
        let mut written = 0;
        let mut ready: Option<(&[LabelledDocument], Vec<Vec<u8>>)> = None;
        let chunks = docs.chunks(FORMAT_CHUNK_DOCS).map(Some);
        for chunk in chunks.chain([None]) {
            let (formatted, wrote) = rayon::join(
                || chunk.map(|c| maker.format_chunk(c)),
                || match ready.take() {
                    Some((docs, bytes)) => out.write_chunk(docs, &bytes),
                    None => Ok(0),
                },
            );
            written += wrote?;
            ready = chunk.zip(formatted);
        }
        Ok(written)
    }

    fn finish(self) -> Result<()> {
        self.out.finish()
    }
}

impl RowMaker<'_> {
    /// Every document's rows, formatted in parallel.
    fn format_chunk(&self, docs: &[LabelledDocument]) -> Vec<Vec<u8>> {
        docs.par_iter()
            .map_init(
                || self.template.clone(),
                |rows, doc| self.format_document(doc, rows),
            )
            .collect()
    }

    fn format_document(&self, doc: &LabelledDocument, rows: &mut RowFormatter) -> Vec<u8> {
        let mut row = Vec::new();
        for s in &doc.sentences {
            row.clear();
            row.extend(sentence_values(
                &doc.doc.id,
                s.index,
                s.span.start,
                s.span.end,
                doc.text_of(s),
            ));
            if self.keep_furniture {
                row.push(Value::Text(s.span.furniture.to_string().into()));
            }
            prediction_values(self.model, &s.prediction, self.probs, &mut row);
            rows.format_with_extra(&row, doc.doc.extra.as_ref());
        }
        rows.take_bytes()
    }
}

impl SinkOutput<'_> {
    /// Writes formatted documents and their profiles; returns the number of
    /// sentences written.
    fn write_chunk(&mut self, docs: &[LabelledDocument], formatted: &[Vec<u8>]) -> Result<usize> {
        let mut written = 0;
        for (doc, bytes) in docs.iter().zip(formatted) {
            self.rows.write_formatted(bytes)?;
            if self.jsonl {
                self.rows.flush()?; // a stage of a streaming engine sees each document whole
            }
            self.write_profile(doc)?;
            written += doc.sentences.len();
        }
        Ok(written)
    }

    fn write_profile(&mut self, doc: &LabelledDocument) -> Result<()> {
        let Some((path, w)) = &mut self.summary else {
            return Ok(());
        };
        let counts = profile(self.model, doc);
        let n = doc.sentences.len();
        let mut record = vec![
            doc.doc.id.clone(),
            n.to_string(),
            doc.furniture_dropped.to_string(),
        ];
        record.extend(
            counts
                .iter()
                .map(|&c| format!("{:.6}", if n == 0 { 0.0 } else { c as f64 / n as f64 })),
        );
        w.write_record(&record).map_err(|e| summary_error(path, e))
    }

    fn finish(mut self) -> Result<()> {
        self.rows.flush()?;
        if let Some((path, mut w)) = self.summary.take() {
            w.flush().map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }
}

fn open_summary(
    path: &PathBuf,
    model: &StanceModel,
) -> Result<(PathBuf, csv::Writer<BufWriter<File>>)> {
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    let mut header = vec![
        "doc".to_owned(),
        "sentences".into(),
        "furniture_dropped".into(),
    ];
    header.extend(
        combination_names(model)
            .into_iter()
            .map(|c| format!("share_{c}")),
    );
    w.write_record(&header)
        .map_err(|e| summary_error(path, e))?;
    Ok((path.clone(), w))
}

fn summary_error(path: &PathBuf, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        other => Error::io(path, std::io::Error::other(format!("{other:?}"))),
    }
}

/// A one-line progress display on stderr, only when stderr is a terminal.
struct Progress {
    enabled: bool,
    started: Instant,
    last: Instant,
    total_inputs: usize,
}

impl Progress {
    fn new(total_inputs: usize) -> Self {
        let now = Instant::now();
        Progress {
            enabled: std::io::stderr().is_terminal(),
            started: now,
            last: now,
            total_inputs,
        }
    }

    fn show(&mut self, tally: &Tally) {
        if !self.enabled || self.last.elapsed().as_millis() < 200 {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = tally.sentences as f64 / secs;
        // The ETA counts inputs (files), the one total known in advance.
        let read = &tally.read;
        let done = read.inputs_done.max(1) as f64;
        let eta = secs * (self.total_inputs.saturating_sub(read.inputs_done)) as f64 / done;
        eprint!(
            "\r\x1b[Kstancekit: {}/{} inputs, {} documents, {} sentences, {rate:.0} sentences/s, ETA {eta:.0}s",
            read.inputs_done, self.total_inputs, read.documents, tally.sentences
        );
    }

    fn done(&self) {
        if self.enabled {
            eprint!("\r\x1b[K");
        }
    }
}

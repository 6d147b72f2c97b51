//! Batch labelling: documents → sentences → every head's prediction
//! (re-scored in the document's context when the model has that stage), and
//! the per-document profile (share of each combination of labels). Each
//! sentence is scored in the transcript turn its document's speaker tags
//! put it in (`Q:` ... `A:` ...; unknown in news).
//!
//! Invariant: every sentence the splitter finds comes back, in order, with
//! its byte offsets into the document; page furniture is dropped only when
//! the caller asks for that, and is then counted.

use rayon::prelude::*;

use crate::corpus::documents::Document;
use crate::model::{Prediction, Predictor, StanceModel};
use crate::text::segment::{Sentence, Splitter};
use crate::text::turn::{Turn, TurnTracker};

/// One labelled sentence of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSentence {
    /// Position among the document's output sentences, from 0.
    pub index: usize,
    /// Where it stands in the document, in bytes.
    pub span: Sentence,
    /// Every head's probabilities.
    pub prediction: Prediction,
}

/// A document with its labelled sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledDocument {
    /// The document as read.
    pub doc: Document,
    /// Its sentences, in order.
    pub sentences: Vec<LabelledSentence>,
    /// How many furniture lines were dropped.
    pub furniture_dropped: usize,
}

impl LabelledDocument {
    /// The text of one of its sentences, as it stands in the document.
    pub fn text_of(&self, s: &LabelledSentence) -> &str {
        &self.doc.text[s.span.start..s.span.end]
    }
}

/// A sentence on one line: every run of whitespace (the line breaks of
/// hard-wrapped text included) folded to one space. Offsets still refer to
/// the original text.
pub fn fold_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
    if is_folded(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    if !text.is_ascii() {
        let words: Vec<&str> = text.split_whitespace().collect();
        return std::borrow::Cow::Owned(words.join(" "));
    }
    // ASCII text, the common case, is copied a run of word bytes at a time.
    let mut folded = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some(start) = rest.iter().position(|&b| !is_ascii_space(b)) {
        rest = &rest[start..];
        let end = rest.iter().position(|&b| is_ascii_space(b));
        let end = end.unwrap_or(rest.len());
        if !folded.is_empty() {
            folded.push(b' ');
        }
        folded.extend_from_slice(&rest[..end]);
        rest = &rest[end..];
    }
    std::borrow::Cow::Owned(String::from_utf8(folded).expect("ASCII in, ASCII out"))
}

/// `char::is_whitespace` for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// True when `text` has no whitespace but single spaces. Every sentence is
/// checked, so ASCII text is judged by bytes: a branch-free pass for the
/// control whitespace (it vectorises) and a substring search for "  ".
fn is_folded(text: &str) -> bool {
    if !text.is_ascii() {
        return !text.contains(|c: char| c.is_whitespace() && c != ' ') && !text.contains("  ");
    }
    let control_space = text
        .as_bytes()
        .iter()
        .fold(false, |found, &b| found | (is_ascii_space(b) && b != b' '));
    !control_space && !text.contains("  ")
}

/// Labels documents with one model.
#[derive(Debug, Clone, Copy)]
pub struct Labeller<'m> {
    model: &'m StanceModel,
    keep_furniture: bool,
    context: bool,
}

impl<'m> Labeller<'m> {
    /// A labeller that keeps furniture lines (marked) or drops them.
    pub fn new(model: &'m StanceModel, keep_furniture: bool) -> Self {
        Labeller {
            model,
            keep_furniture,
            context: true,
        }
    }

    /// Whether sentences are re-scored with their document's other
    /// sentences (when the model has a context stage; on by default).
    pub fn with_context(self, context: bool) -> Self {
        Labeller { context, ..self }
    }

    /// Splits and labels one document.
    pub fn label(
        &self,
        doc: Document,
        splitter: &mut Splitter,
        predictor: &mut Predictor,
    ) -> LabelledDocument {
        let (doc, spans, furniture_dropped) = self.split(doc, splitter);
        let mut predictions: Vec<Prediction> = sentences_in_turns(&doc, &spans)
            .map(|(sentence, turn)| self.predict(sentence, turn, predictor))
            .collect();
        self.apply_context(&mut predictions);
        assemble(doc, spans, furniture_dropped, predictions.into_iter())
    }

    /// Labels a batch of documents; results in input order. Documents are
    /// split in parallel, then every sentence of the batch is scored in
    /// parallel, so one long document still keeps every core busy.
    pub fn label_batch(&self, docs: Vec<Document>) -> Vec<LabelledDocument> {
        let split: Vec<(Document, Vec<Sentence>, usize)> = docs
            .into_par_iter()
            .map_init(Splitter::default, |splitter, doc| self.split(doc, splitter))
            .collect();
        let sentences: Vec<(&str, Turn)> = split
            .iter()
            .flat_map(|(doc, spans, _)| sentences_in_turns(doc, spans))
            .collect();
        let mut predictions: Vec<Prediction> = sentences
            .par_chunks(256)
            .flat_map_iter(|chunk| {
                let mut predictor = Predictor::default();
                chunk
                    .iter()
                    .map(|&(sentence, turn)| self.predict(sentence, turn, &mut predictor))
                    .collect::<Vec<_>>()
            })
            .collect();
        // Each document takes its own run of predictions, so the context
        // stage and the assembly run in parallel too.
        let mut runs = Vec::with_capacity(split.len());
        let mut rest = predictions.as_mut_slice();
        for (_, spans, _) in &split {
            let (mine, others) = rest.split_at_mut(spans.len());
            runs.push(mine);
            rest = others;
        }
        split
            .into_par_iter()
            .zip(runs)
            .map(|((doc, spans, dropped), mine)| {
                self.apply_context(mine);
                assemble(doc, spans, dropped, mine.iter_mut().map(std::mem::take))
            })
            .collect()
    }

    /// The document's sentences (furniture dropped unless kept) and how many
    /// furniture lines were dropped.
    fn split(&self, doc: Document, splitter: &mut Splitter) -> (Document, Vec<Sentence>, usize) {
        let mut spans = splitter.split(&doc.text);
        let before = spans.len();
        if !self.keep_furniture {
            spans.retain(|s| !s.furniture);
        }
        let dropped = before - spans.len();
        (doc, spans, dropped)
    }

    /// Re-scores one document's predictions with each other.
    fn apply_context(&self, document: &mut [Prediction]) {
        if self.context {
            self.model.apply_context(document, &vec![0; document.len()]);
        }
    }

    fn predict(&self, sentence: &str, turn: Turn, predictor: &mut Predictor) -> Prediction {
        let mut prediction = Prediction::default();
        self.model
            .predict_into(sentence, turn, predictor, &mut prediction);
        prediction
    }
}

/// The document's sentences in order, each with the transcript turn its
/// speaker tags put it in (see [`crate::text::turn`]).
fn sentences_in_turns<'d>(
    doc: &'d Document,
    spans: &'d [Sentence],
) -> impl Iterator<Item = (&'d str, Turn)> + 'd {
    let mut tracker = TurnTracker::default();
    spans.iter().map(move |s| {
        let sentence = &doc.text[s.start..s.end];
        (sentence, tracker.next(sentence))
    })
}

fn assemble(
    doc: Document,
    spans: Vec<Sentence>,
    furniture_dropped: usize,
    predictions: impl Iterator<Item = Prediction>,
) -> LabelledDocument {
    let sentences = spans
        .into_iter()
        .zip(predictions)
        .enumerate()
        .map(|(index, (span, prediction))| LabelledSentence {
            index,
            span,
            prediction,
        })
        .collect();
    LabelledDocument {
        doc,
        sentences,
        furniture_dropped,
    }
}

/// Names of the label combinations, one per profile column: the heads'
/// labels joined with `/` (`china/accusatory`), in label order.
pub fn combination_names(model: &StanceModel) -> Vec<String> {
    model.heads().iter().fold(vec![String::new()], |acc, head| {
        acc.iter()
            .flat_map(|prefix| {
                head.labels().iter().map(move |l| {
                    if prefix.is_empty() {
                        l.clone()
                    } else {
                        format!("{prefix}/{l}")
                    }
                })
            })
            .collect()
    })
}

/// Counts of each label combination over a document's sentences, in the
/// order of [`combination_names`].
pub fn profile(model: &StanceModel, doc: &LabelledDocument) -> Vec<usize> {
    let sizes: Vec<usize> = model.heads().iter().map(|h| h.labels().len()).collect();
    let mut counts = vec![0; sizes.iter().product()];
    for s in &doc.sentences {
        let index =
            (0..sizes.len()).fold(0, |acc, h| acc * sizes[h] + best(model, &s.prediction, h));
        counts[index] += 1;
    }
    counts
}

fn best(model: &StanceModel, p: &Prediction, h: usize) -> usize {
    crate::model::logistic::argmax(&p.probs[model.head_range(h)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition `fold_whitespace` must keep: text with only
    /// single spaces as it is, anything else as its words joined by a space.
    fn folded_plainly(text: &str) -> String {
        let clean = !text.contains(|c: char| c.is_whitespace() && c != ' ') && !text.contains("  ");
        match clean {
            true => text.to_owned(),
            false => text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    #[test]
    fn sentences_take_the_turn_of_the_last_speaker_tag() {
        let doc = Document {
            id: "presser".into(),
            text:
                "Q: Any comment? The US imposed tariffs.\n\nA: We oppose it.\n\nThe US should stop."
                    .into(),
            extra: None,
        };
        let spans = Splitter::default().split(&doc.text);
        let turns: Vec<Turn> = sentences_in_turns(&doc, &spans).map(|(_, t)| t).collect();
        use Turn::*;
        assert_eq!(turns, [Question, Question, Answer, Answer]);
    }

    #[test]
    fn folding_agrees_with_the_plain_definition() {
        for text in [
            "plain sentence.",
            "two  spaces",
            " lead and trail ",
            "line\nbreak\r\nand\ttab",
            "vertical\x0Btab\x0Cfeed",
            "non\u{a0}breaking and\u{2028}separator",
            "caf\u{e9}  au lait",
            "caf\u{e9} ok",
            "\n\nwrapped\nparagraph \r\n text\t\n",
            "",
            " ",
            "  ",
            "end ",
        ] {
            assert_eq!(fold_whitespace(text), folded_plainly(text), "{text:?}");
        }
    }
}

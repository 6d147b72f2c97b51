//! Feature extraction: one sparse row per sentence, made of named blocks laid
//! side by side (word TF-IDF, character TF-IDF, lexicon cues, and the
//! transcript turn the sentence belongs to, see [`crate::text::turn`]).
//!
//! A sentence is tokenized once; every text block reads the same tokens.
//! Column ranges: word block first, then char block, then cues, then turn.

pub mod cues;
pub mod lexicon;
pub mod sparse;
pub mod spec;
pub mod tfidf;
pub mod token_table;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::text::{tokenize, Tokens, Turn};
use cues::{CueBlock, CueScratch, Lexicons, CUE_NAMES, N_CUES};
use sparse::{CsrMatrix, SparseRow};
use tfidf::{Analyzer, TfidfBlock, TfidfParams, TfidfScratch};
use token_table::LookedUp;
pub use token_table::TokenTable;

/// Which blocks to build and their settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Word n-gram TF-IDF, if wanted.
    pub word: Option<TfidfParams>,
    /// Character n-gram TF-IDF, if wanted.
    pub char: Option<TfidfParams>,
    /// Lexicon cues, if wanted.
    pub cues: bool,
    /// The turn block, if wanted: one column for a question turn, one for an
    /// answer turn; both zero when the turn is unknown.
    pub turn: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            word: Some(TfidfParams::word()),
            char: None,
            cues: true,
            turn: true,
        }
    }
}

impl FeatureConfig {
    /// Refuses an empty or inconsistent configuration.
    pub fn check(&self) -> Result<()> {
        if self.word.is_none() && self.char.is_none() && !self.cues {
            return Err(crate::Error::config(
                "features",
                "at least one of word, char, cues is needed (turn alone reads no text)",
            ));
        }
        self.word.iter().try_for_each(|p| p.check("word"))?;
        self.char.iter().try_for_each(|p| p.check("char"))
    }
}

/// The kind of block a column belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Word n-gram TF-IDF.
    Word,
    /// Character n-gram TF-IDF.
    Char,
    /// Lexicon cue.
    Cue,
    /// Transcript turn.
    Turn,
}

impl BlockKind {
    /// The name users see ("word", "char", "cue").
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Word => "word",
            BlockKind::Char => "char",
            BlockKind::Cue => "cue",
            BlockKind::Turn => "turn",
        }
    }
}

/// A fitted pipeline: the blocks with their vocabularies and lexicons, and
/// the token table derived from them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "StoredPipeline", from = "StoredPipeline")]
pub struct Pipeline {
    word: Option<TfidfBlock>,
    char: Option<TfidfBlock>,
    cues: Option<CueBlock>,
    turn: bool,
    table: TokenTable,
}

/// The serialised form of a pipeline: its blocks (the table is rebuilt on
/// load).
#[derive(Serialize, Deserialize)]
struct StoredPipeline {
    word: Option<TfidfBlock>,
    char: Option<TfidfBlock>,
    cues: Option<CueBlock>,
    turn: bool,
}

impl From<StoredPipeline> for Pipeline {
    fn from(s: StoredPipeline) -> Self {
        Pipeline::with_blocks(s.word, s.char, s.cues, s.turn)
    }
}

impl From<Pipeline> for StoredPipeline {
    fn from(p: Pipeline) -> Self {
        StoredPipeline {
            word: p.word,
            char: p.char,
            cues: p.cues,
            turn: p.turn,
        }
    }
}

/// Names of the turn block's columns, in column order.
pub const TURN_NAMES: [&str; 2] = ["question", "answer"];

/// Reusable per-thread buffers for [`Pipeline::transform`].
#[derive(Debug, Default)]
pub struct Scratch {
    /// The tokens of the last sentence transformed.
    pub tokens: Tokens,
    looked_up: LookedUp,
    tfidf: TfidfScratch,
    cues: CueScratch,
}

impl Pipeline {
    fn with_blocks(
        word: Option<TfidfBlock>,
        char: Option<TfidfBlock>,
        cues: Option<CueBlock>,
        turn: bool,
    ) -> Self {
        let mut pipeline = Pipeline {
            word,
            char,
            cues,
            turn,
            table: TokenTable::default(),
        };
        pipeline.table = TokenTable::new(pipeline.table_word_block(), pipeline.cues.as_ref());
        pipeline
    }

    /// The block whose token ids the table holds: the word block, when it
    /// reads word n-grams.
    fn table_word_block(&self) -> Option<&TfidfBlock> {
        let word = self.word.as_ref();
        word.filter(|b| b.params().analyzer == Analyzer::Word)
    }

    /// Fits every configured block on `texts`.
    pub fn fit(config: &FeatureConfig, texts: &[String], lexicons: &Lexicons) -> Result<Self> {
        config.check()?;
        let tokens: Vec<Tokens> = texts
            .par_iter()
            .map(|t| {
                let mut buf = Tokens::new();
                tokenize(t, &mut buf);
                buf
            })
            .collect();
        let docs = || texts.iter().map(String::as_str).zip(tokens.iter());
        let fit = |params: &Option<TfidfParams>| {
            params
                .as_ref()
                .map(|p| TfidfBlock::fit(p, docs()))
                .transpose()
        };
        Ok(Pipeline::with_blocks(
            fit(&config.word)?,
            fit(&config.char)?,
            config.cues.then(|| CueBlock::new(lexicons.clone())),
            config.turn,
        ))
    }

    /// Total number of columns.
    pub fn n_features(&self) -> usize {
        self.block_ranges().last().map_or(0, |(_, r)| r.end)
    }

    /// The column of cue number `index` (see [`cues::CUE_NAMES`]), when the
    /// pipeline has a cue block.
    pub fn cue_column(&self, index: usize) -> Option<u32> {
        self.cues.as_ref()?;
        let tfidf: usize = [&self.word, &self.char]
            .into_iter()
            .flatten()
            .map(TfidfBlock::len)
            .sum();
        Some((tfidf + index) as u32)
    }

    /// The column range of each block present, in column order.
    pub fn block_ranges(&self) -> Vec<(BlockKind, std::ops::Range<usize>)> {
        let sizes = [
            (BlockKind::Word, self.word.as_ref().map(TfidfBlock::len)),
            (BlockKind::Char, self.char.as_ref().map(TfidfBlock::len)),
            (BlockKind::Cue, self.cues.as_ref().map(|_| N_CUES)),
            (BlockKind::Turn, self.turn.then_some(TURN_NAMES.len())),
        ];
        let mut start = 0;
        sizes
            .into_iter()
            .filter_map(|(kind, size)| size.map(|n| (kind, n)))
            .map(|(kind, n)| {
                start += n;
                (kind, start - n..start)
            })
            .collect()
    }

    /// The word block, if any.
    pub fn word(&self) -> Option<&TfidfBlock> {
        self.word.as_ref()
    }

    /// The char block, if any.
    pub fn char(&self) -> Option<&TfidfBlock> {
        self.char.as_ref()
    }

    /// The cue block, if any.
    pub fn cues(&self) -> Option<&CueBlock> {
        self.cues.as_ref()
    }

    /// The kind and name of column `col` ("the drills", " ch", "accuse").
    pub fn feature_name(&self, col: usize) -> (BlockKind, &str) {
        let (kind, range) = self
            .block_ranges()
            .into_iter()
            .find(|(_, r)| r.contains(&col))
            .expect("column within the pipeline");
        let local = col - range.start;
        let name = match kind {
            BlockKind::Word => self.word.as_ref().map(|b| b.term(local)),
            BlockKind::Char => self.char.as_ref().map(|b| b.term(local)),
            BlockKind::Cue => Some(CUE_NAMES[local]),
            BlockKind::Turn => Some(TURN_NAMES[local]),
        };
        (kind, name.expect("block present"))
    }

    /// Whether the pipeline has the turn block.
    pub fn has_turn(&self) -> bool {
        self.turn
    }

    /// Tokenizes `text` once and writes the feature row of the sentence,
    /// said in `turn`, into `row`.
    pub fn transform(&self, text: &str, turn: Turn, scratch: &mut Scratch, row: &mut SparseRow) {
        row.clear();
        tokenize(text, &mut scratch.tokens);
        let (tokens, known) = (&scratch.tokens, &mut scratch.looked_up);
        self.table.look_up(tokens, self.cues.as_ref(), known);
        let mut offset = 0u32;
        let tfidf = &mut scratch.tfidf;
        if let Some(block) = &self.word {
            match self.table_word_block() {
                Some(_) => block.transform_ids(tokens, &known.word_ids, tfidf, row, offset),
                None => block.transform(text, tokens, tfidf, row, offset),
            }
            offset += block.len() as u32;
        }
        if let Some(block) = &self.char {
            block.transform(text, tokens, tfidf, row, offset);
            offset += block.len() as u32;
        }
        if let Some(cues) = &self.cues {
            let facts = &known.cue_facts;
            cues.transform(text, tokens, facts, &mut scratch.cues, row, offset);
            offset += N_CUES as u32;
        }
        if let Some(column) = self.turn_column(turn) {
            row.push(offset + column, 1.0);
        }
    }

    /// The turn block's column (counted within the block) for `turn`.
    fn turn_column(&self, turn: Turn) -> Option<u32> {
        match turn {
            _ if !self.turn => None,
            Turn::Unknown => None,
            Turn::Question => Some(0),
            Turn::Answer => Some(1),
        }
    }

    /// Transforms many texts, `turns[i]` being text `i`'s turn, in
    /// parallel; rows stay in input order.
    pub fn transform_many(&self, texts: &[String], turns: &[Turn]) -> CsrMatrix {
        assert_eq!(texts.len(), turns.len(), "one turn per text");
        let chunks: Vec<CsrMatrix> = texts
            .par_chunks(1024)
            .zip(turns.par_chunks(1024))
            .map(|(chunk, turns)| {
                let (mut scratch, mut row) = (Scratch::default(), SparseRow::default());
                let mut m = CsrMatrix::new(self.n_features());
                for (text, &turn) in chunk.iter().zip(turns) {
                    self.transform(text, turn, &mut scratch, &mut row);
                    m.push_row(&row);
                }
                m
            })
            .collect();
        let mut out = CsrMatrix::new(self.n_features());
        chunks.iter().for_each(|c| out.append(c));
        out
    }

    /// Calls `emit(column, byte_start, byte_end)` for every TF-IDF term
    /// occurrence and every non-zero cue of `text` that has a span: where in
    /// the sentence each feature came from.
    pub fn for_each_span(
        &self,
        text: &str,
        scratch: &mut Scratch,
        mut emit: impl FnMut(usize, usize, usize),
    ) {
        tokenize(text, &mut scratch.tokens);
        let mut offset = 0;
        for block in [&self.word, &self.char].into_iter().flatten() {
            block.for_each_term(text, &scratch.tokens, &mut scratch.tfidf, |c, s, e| {
                emit(offset + c as usize, s, e)
            });
            offset += block.len();
        }
        if let Some(cues) = &self.cues {
            let values = cues.evaluate(text, &scratch.tokens, &mut scratch.cues);
            for (i, span) in values.spans.iter().enumerate() {
                if let (Some((s, e)), true) = (span, values.values[i] != 0.0) {
                    emit(offset + i, *s, *e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turn_block_marks_question_and_answer_in_its_own_columns() {
        let texts = ["China opposes it.", "The talks were held."].map(String::from);
        let pipeline =
            Pipeline::fit(&FeatureConfig::default(), &texts, &Lexicons::builtin()).unwrap();
        let (kind, block) = pipeline.block_ranges().pop().unwrap();
        assert_eq!((kind, block.len()), (BlockKind::Turn, 2));
        assert_eq!(
            pipeline.feature_name(block.start),
            (BlockKind::Turn, "question")
        );
        let (mut scratch, mut row) = (Scratch::default(), SparseRow::default());
        let cases = [
            (Turn::Unknown, vec![]),
            (Turn::Question, vec![block.start]),
            (Turn::Answer, vec![block.start + 1]),
        ];
        for (turn, want) in cases {
            pipeline.transform(&texts[0], turn, &mut scratch, &mut row);
            let columns = row.entries.iter().map(|&(c, _)| c as usize);
            let marked: Vec<usize> = columns.filter(|c| block.contains(c)).collect();
            assert_eq!(marked, want, "{turn:?}");
        }
    }
}

//! The token table: for every token some block lists (the word TF-IDF
//! vocabulary, the cue lexicons, the valence table), what each block needs
//! to know of it, found with one hash lookup per token instead of one per
//! block.
//!
//! Invariant: the table is derived from the blocks and never stored; a
//! sentence transformed through it gives exactly the row the blocks give
//! when each looks tokens up on its own (checked by tests).

use rustc_hash::FxHashMap;

use crate::features::cues::{CueBlock, CueFacts};
use crate::features::tfidf::{TfidfBlock, UNKNOWN_TOKEN};
use crate::text::Tokens;

/// One listed token: its id in the word block and its cue facts.
#[derive(Debug, Clone, Copy)]
struct Entry {
    word_id: u32,
    valence: Option<f32>,
    exact: u32,
    /// Its prefix symbols: `TokenTable::prefixes[start..end]`.
    prefixes: (u32, u32),
}

/// The facts of every listed token, by its normalised form.
#[derive(Debug, Clone, Default)]
pub struct TokenTable {
    index: FxHashMap<Box<str>, u32>,
    entries: Vec<Entry>,
    prefixes: Vec<u32>,
}

/// Per-sentence results of [`TokenTable::look_up`].
#[derive(Debug, Default)]
pub struct LookedUp {
    /// Per token: its id in the word block, or [`UNKNOWN_TOKEN`].
    pub word_ids: Vec<u32>,
    /// Per token: what the cue block needs.
    pub cue_facts: CueFacts,
}

impl TokenTable {
    /// The table of the tokens `word` and `cues` list.
    pub fn new(word: Option<&TfidfBlock>, cues: Option<&CueBlock>) -> Self {
        let mut table = TokenTable::default();
        let words = word
            .into_iter()
            .flat_map(|b| b.word_tokens().map(|(t, _)| t));
        let listed = cues.into_iter().flat_map(CueBlock::listed_words);
        let word_ids: FxHashMap<&str, u32> =
            word.map_or_else(FxHashMap::default, |b| b.word_tokens().collect());
        let mut facts = CueFacts::default();
        for token in words.chain(listed) {
            if table.index.contains_key(token) {
                continue;
            }
            facts.clear();
            let (valence, exact, prefixes) = match cues {
                Some(cues) => {
                    cues.push_facts(token, &mut facts);
                    facts.get(0)
                }
                None => (None, u32::MAX, &[][..]),
            };
            let start = table.prefixes.len() as u32;
            table.prefixes.extend_from_slice(prefixes);
            table.entries.push(Entry {
                word_id: word_ids.get(token).copied().unwrap_or(UNKNOWN_TOKEN),
                valence,
                exact,
                prefixes: (start, table.prefixes.len() as u32),
            });
            table
                .index
                .insert(token.into(), table.entries.len() as u32 - 1);
        }
        table
    }

    /// Fills `out` with the facts of every token of a sentence. A token the
    /// table lacks is in no list, but may still start with a listed prefix,
    /// so `cues` classifies it.
    pub fn look_up(&self, tokens: &Tokens, cues: Option<&CueBlock>, out: &mut LookedUp) {
        out.word_ids.clear();
        out.cue_facts.clear();
        for token in tokens.norms() {
            match self.index.get(token) {
                Some(&at) => {
                    let e = &self.entries[at as usize];
                    out.word_ids.push(e.word_id);
                    if cues.is_some() {
                        let (start, end) = e.prefixes;
                        let prefixes = &self.prefixes[start as usize..end as usize];
                        out.cue_facts.push(e.valence, e.exact, prefixes);
                    }
                }
                None => {
                    out.word_ids.push(UNKNOWN_TOKEN);
                    if let Some(cues) = cues {
                        cues.push_unlisted(token, &mut out.cue_facts);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::sparse::SparseRow;
    use crate::features::{Pipeline, Scratch};
    use crate::text::{tokenize, Turn};

    /// The row each block gives when it looks every token up on its own.
    fn reference_row(pipeline: &Pipeline, text: &str) -> SparseRow {
        let mut tokens = Tokens::new();
        tokenize(text, &mut tokens);
        let mut row = SparseRow::default();
        let mut offset = 0;
        for block in [pipeline.word(), pipeline.char()].into_iter().flatten() {
            block.transform(text, &tokens, &mut Default::default(), &mut row, offset);
            offset += block.len() as u32;
        }
        if let Some(cues) = pipeline.cues() {
            let values = cues.evaluate(text, &tokens, &mut Default::default());
            for (i, &v) in values.values.iter().enumerate() {
                if v != 0.0 {
                    row.push(offset + i as u32, v);
                }
            }
        }
        row
    }

    #[test]
    fn rows_through_the_table_equal_the_blocks_own_lookups() {
        let model = crate::model::builtin().expect("built-in model loads");
        let pipeline = model.pipeline();
        let (mut scratch, mut row) = (Scratch::default(), SparseRow::default());
        let texts = [
            "The spokesperson said China firmly opposes the destabilizing drills.",
            // Tokens no block lists, one starting with a listed prefix.
            "Zorblat destabilizingly qwertyuiop interfered, Washington's envoy warned.",
            "We are not committed to peace? \"They smeared us,\" Beijing said.",
            "",
            "U.S.-Japan 2+2 talks, 3.5 percent, ÉTÉ 中国 外交部 🙂",
        ];
        let mut listed_and_not = (0, 0);
        for text in texts {
            pipeline.transform(text, Turn::Unknown, &mut scratch, &mut row);
            assert_eq!(row, reference_row(pipeline, text), "{text:?}");
            for token in scratch.tokens.norms() {
                match pipeline.table.index.contains_key(token) {
                    true => listed_and_not.0 += 1,
                    false => listed_and_not.1 += 1,
                }
            }
        }
        // Both paths of the lookup were taken.
        assert!(
            listed_and_not.0 > 10 && listed_and_not.1 > 3,
            "{listed_and_not:?}"
        );
    }

    #[test]
    fn every_block_combination_agrees_with_the_blocks_own_lookups() {
        use crate::features::cues::Lexicons;
        use crate::features::tfidf::TfidfParams;
        use crate::features::FeatureConfig;
        let texts: Vec<String> = [
            "China firmly opposes the drills, the spokesperson said.",
            "Japan and the U.S. reaffirmed their commitment to peace and stability.",
            "The drills destabilize the region, Tokyo warned on Tuesday.",
            "China said the drills were not aimed at any third party.",
        ]
        .map(String::from)
        .to_vec();
        let word = || Some(TfidfParams::word());
        let configs = [
            (word(), None, false),
            (None, None, true),
            (word(), Some(TfidfParams::char()), true),
        ];
        let (mut scratch, mut row) = (Scratch::default(), SparseRow::default());
        for (word, char, cues) in configs {
            let turn = cues;
            let config = FeatureConfig {
                word,
                char,
                cues,
                turn,
            };
            let pipeline = Pipeline::fit(&config, &texts, &Lexicons::builtin()).unwrap();
            for text in texts
                .iter()
                .map(String::as_str)
                .chain(["Zorblat destabilizingly."])
            {
                pipeline.transform(text, Turn::Unknown, &mut scratch, &mut row);
                assert_eq!(row, reference_row(&pipeline, text), "{config:?} {text:?}");
            }
        }
    }
}

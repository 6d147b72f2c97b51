//! The lexicon-cue block: a fixed set of named features saying which cue
//! phrases a sentence holds, whose actor speaks, whether a cue is negated or
//! sits inside a quotation, and its VADER valence.
//!
//! Invariant: feature `i` is always [`CUE_NAMES`]`[i]`, whatever the lexicons
//! hold, so models, benchmarks and explanations agree on names.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::features::lexicon::{MatchScratch, MultiMatcher, PhraseSet, TokenSymbols, Valence};
use crate::features::sparse::SparseRow;
use crate::text::Tokens;

/// The cue features, in column order.
pub const CUE_NAMES: [&str; 30] = [
    "accuse",
    "accuse_negated",
    "accuse_in_quote",
    "reassure",
    "reassure_negated",
    "reassure_in_quote",
    "actor_china",
    "actor_usjapan",
    "china_first",
    "usjapan_first",
    "actor_other",
    "other_first",
    "other_subject",
    "speaker_other",
    "china_subject",
    "usjapan_subject",
    "speaker_china",
    "speaker_usjapan",
    "accuse_by_china",
    "accuse_by_usjapan",
    "reassure_by_china",
    "reassure_by_usjapan",
    "accuse_near_china",
    "accuse_near_usjapan",
    "attribution",
    "quotation",
    "first_person",
    "question",
    "vader_pos",
    "vader_neg",
];

/// Number of cue features.
pub const N_CUES: usize = CUE_NAMES.len();

/// Index of a cue feature by name, found at compile time: a const fn called
/// in ordinary code runs at run time, once per call, on the hot path.
macro_rules! cue {
    ($name:literal) => {
        const { cue_index($name) }
    };
}

/// Index of the `first_person` cue: a first-person pronoun outside
/// quotation marks.
pub const FIRST_PERSON: usize = cue!("first_person");

/// Index of a cue feature by name (only for names in [`CUE_NAMES`]).
const fn cue_index(name: &str) -> usize {
    let mut i = 0;
    while i < N_CUES {
        if str_eq(CUE_NAMES[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("unknown cue name")
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How many tokens before a cue a negator still negates it.
const NEGATION_WINDOW: usize = 3;
/// How many tokens an actor and an attribution verb may stand apart.
const SPEAKER_WINDOW: usize = 6;
/// The first tokens of a sentence, where its grammatical subject usually is.
const SUBJECT_WINDOW: usize = 6;

/// The lexicons the cue block reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lexicons {
    /// Blame, condemnation, protest and warning phrases.
    pub accuse: PhraseSet,
    /// Commitment, cooperation, stability and calm phrases.
    pub reassure: PhraseSet,
    /// China-side actors.
    pub actor_china: PhraseSet,
    /// US-, Japan- and alliance-side actors.
    pub actor_usjapan: PhraseSet,
    /// Third parties: other governments, international bodies, media.
    pub actor_other: PhraseSet,
    /// Verbs and phrases attributing speech.
    pub attribution: PhraseSet,
    /// Negators.
    pub negator: PhraseSet,
    /// Word valences.
    pub valence: Valence,
}

/// File names of the phrase lists, in the order of [`Lexicons`]' fields.
pub const LEXICON_FILES: [&str; 7] = [
    "accuse.txt",
    "reassure.txt",
    "actor_china.txt",
    "actor_usjapan.txt",
    "actor_other.txt",
    "attribution.txt",
    "negator.txt",
];
/// File name of the valence table.
pub const VALENCE_FILE: &str = "vader.tsv";

impl Lexicons {
    /// The lexicons shipped in `data/lexicons/`, compiled into the binary.
    pub fn builtin() -> Self {
        let parse = |src: &str, name: &str| {
            PhraseSet::parse(src, Path::new(name))
                .expect("shipped lexicon parses (checked by a test)")
        };
        Lexicons {
            accuse: parse(include_str!("../../data/lexicons/accuse.txt"), "accuse.txt"),
            reassure: parse(
                include_str!("../../data/lexicons/reassure.txt"),
                "reassure.txt",
            ),
            actor_china: parse(
                include_str!("../../data/lexicons/actor_china.txt"),
                "actor_china.txt",
            ),
            actor_usjapan: parse(
                include_str!("../../data/lexicons/actor_usjapan.txt"),
                "actor_usjapan.txt",
            ),
            actor_other: parse(
                include_str!("../../data/lexicons/actor_other.txt"),
                "actor_other.txt",
            ),
            attribution: parse(
                include_str!("../../data/lexicons/attribution.txt"),
                "attribution.txt",
            ),
            negator: parse(
                include_str!("../../data/lexicons/negator.txt"),
                "negator.txt",
            ),
            valence: Valence::parse(
                include_str!("../../data/lexicons/vader.tsv"),
                Path::new(VALENCE_FILE),
            )
            .expect("shipped valence table parses"),
        }
    }

    /// The phrase lists, in the order of [`LEXICON_FILES`] (the order the
    /// matcher reports them in).
    pub fn phrase_sets(&self) -> [&PhraseSet; 7] {
        [
            &self.accuse,
            &self.reassure,
            &self.actor_china,
            &self.actor_usjapan,
            &self.actor_other,
            &self.attribution,
            &self.negator,
        ]
    }

    /// Reads the same files from a folder of the user's.
    pub fn load_dir(dir: &Path) -> Result<Self> {
        let set = |name: &str| PhraseSet::load(&dir.join(name));
        let valence_path = dir.join(VALENCE_FILE);
        let valence_text = std::fs::read_to_string(&valence_path)
            .map_err(|e| crate::Error::io(&valence_path, e))?;
        Ok(Lexicons {
            accuse: set(LEXICON_FILES[0])?,
            reassure: set(LEXICON_FILES[1])?,
            actor_china: set(LEXICON_FILES[2])?,
            actor_usjapan: set(LEXICON_FILES[3])?,
            actor_other: set(LEXICON_FILES[4])?,
            attribution: set(LEXICON_FILES[5])?,
            negator: set(LEXICON_FILES[6])?,
            valence: Valence::parse(&valence_text, &valence_path)?,
        })
    }
}

/// The cue block: lexicons plus the rules that turn matches into features.
/// Stored as its lexicons; the matcher is rebuilt from them on load.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "Lexicons", from = "Lexicons")]
pub struct CueBlock {
    lexicons: Lexicons,
    matcher: MultiMatcher,
}

impl From<Lexicons> for CueBlock {
    fn from(lexicons: Lexicons) -> Self {
        CueBlock::new(lexicons)
    }
}

impl From<CueBlock> for Lexicons {
    fn from(block: CueBlock) -> Self {
        block.lexicons
    }
}

/// Cue values of one sentence, with the token span that set each feature.
#[derive(Debug, Clone, PartialEq)]
pub struct CueValues {
    /// One value per [`CUE_NAMES`] entry.
    pub values: [f32; N_CUES],
    /// The byte span in the sentence behind each non-zero value, if any.
    pub spans: [Option<(usize, usize)>; N_CUES],
}

/// Matches of one phrase list as token ranges.
type Spans = Vec<(usize, usize)>;

/// Reusable match buffers.
#[derive(Debug, Default)]
pub struct CueScratch {
    accuse: Spans,
    reassure: Spans,
    china: Spans,
    usjapan: Spans,
    other: Spans,
    attribution: Spans,
    negator: Spans,
    quoted: Vec<bool>,
    matcher: MatchScratch,
    facts: CueFacts,
}

/// What the cue block needs to know of each token of a sentence: its
/// valence and its lexicon symbols. [`CueBlock::push_facts`] finds them; a
/// table of them made once per model ([`crate::features::TokenTable`])
/// saves looking each token up in every lexicon.
#[derive(Debug, Default, Clone)]
pub struct CueFacts {
    valence: Vec<Option<f32>>,
    symbols: TokenSymbols,
}

impl CueFacts {
    /// Forgets every token.
    pub fn clear(&mut self) {
        self.valence.clear();
        self.symbols.clear();
    }

    /// Appends the next token's facts.
    pub fn push(&mut self, valence: Option<f32>, exact: u32, prefixes: &[u32]) {
        self.valence.push(valence);
        self.symbols.push(exact, prefixes);
    }

    /// Token `i`'s valence, exact-word symbol and prefix symbols.
    pub fn get(&self, i: usize) -> (Option<f32>, u32, &[u32]) {
        let (exact, prefixes) = self.symbols.get(i);
        (self.valence[i], exact, prefixes)
    }
}

impl CueBlock {
    /// A cue block over `lexicons`.
    pub fn new(lexicons: Lexicons) -> Self {
        let l = &lexicons;
        let matcher = MultiMatcher::new(&l.phrase_sets());
        CueBlock { lexicons, matcher }
    }

    /// The lexicons in use.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// Appends the non-zero cue values to `row`, columns shifted by `offset`.
    pub fn transform(
        &self,
        text: &str,
        tokens: &Tokens,
        facts: &CueFacts,
        scratch: &mut CueScratch,
        row: &mut SparseRow,
        offset: u32,
    ) {
        let cues = self.evaluate_with(text, tokens, facts, scratch);
        for (i, &v) in cues.values.iter().enumerate() {
            if v != 0.0 {
                row.push(offset + i as u32, v);
            }
        }
    }

    /// Appends `token`'s facts to `facts`, looked up in the lexicons.
    pub fn push_facts(&self, token: &str, facts: &mut CueFacts) {
        facts.valence.push(self.lexicons.valence.get(token));
        self.matcher.classify_into(token, &mut facts.symbols);
    }

    /// As [`CueBlock::push_facts`] for a token known to be in no word list
    /// and not in the valence table: only a prefix entry can match it.
    pub fn push_unlisted(&self, token: &str, facts: &mut CueFacts) {
        facts.valence.push(None);
        self.matcher.classify_into(token, &mut facts.symbols);
    }

    /// Every word the lexicons list exactly, valence table included.
    pub fn listed_words(&self) -> impl Iterator<Item = &str> + '_ {
        let l = &self.lexicons;
        MultiMatcher::exact_words(&l.phrase_sets()).chain(l.valence.words())
    }

    /// Computes every cue of one sentence.
    pub fn evaluate(&self, text: &str, tokens: &Tokens, s: &mut CueScratch) -> CueValues {
        let mut facts = std::mem::take(&mut s.facts);
        facts.clear();
        tokens
            .norms()
            .for_each(|token| self.push_facts(token, &mut facts));
        let values = self.evaluate_with(text, tokens, &facts, s);
        s.facts = facts;
        values
    }

    /// As [`CueBlock::evaluate`], with each token's facts already found.
    pub fn evaluate_with(
        &self,
        text: &str,
        tokens: &Tokens,
        facts: &CueFacts,
        s: &mut CueScratch,
    ) -> CueValues {
        debug_assert_eq!(facts.valence.len(), tokens.len());
        self.find_matches(&facts.symbols, s);
        mark_quoted(text, tokens, &mut s.quoted);
        let mut out = CueValues {
            values: [0.0; N_CUES],
            spans: [None; N_CUES],
        };
        let span =
            |&(a, b): &(usize, usize)| (tokens.tokens()[a].start, tokens.tokens()[b - 1].end);
        let mut set = |name: usize, value: f32, at: Option<&(usize, usize)>| {
            out.values[name] = value;
            out.spans[name] = at.map(span);
        };
        for (spans, plain, negated, quoted) in [
            (
                &s.accuse,
                cue!("accuse"),
                cue!("accuse_negated"),
                cue!("accuse_in_quote"),
            ),
            (
                &s.reassure,
                cue!("reassure"),
                cue!("reassure_negated"),
                cue!("reassure_in_quote"),
            ),
        ] {
            let negated_at = |m: &&(usize, usize)| is_negated(m.0, &s.negator);
            let n_neg = spans.iter().filter(negated_at).count();
            let first_pos = spans.iter().find(|m| !negated_at(m));
            set(plain, count_feature(spans.len() - n_neg), first_pos);
            set(negated, count_feature(n_neg), spans.iter().find(negated_at));
            let inside = spans.iter().find(|m| s.quoted[m.0]);
            set(quoted, f32::from(u8::from(inside.is_some())), inside);
        }
        set(
            cue!("actor_china"),
            count_feature(s.china.len()),
            s.china.first(),
        );
        set(
            cue!("actor_usjapan"),
            count_feature(s.usjapan.len()),
            s.usjapan.first(),
        );
        let first = first_actor(&s.china, &s.usjapan, &s.other);
        set(
            cue!("china_first"),
            f32::from(u8::from(first == Some(Side::China))),
            s.china.first().filter(|_| first == Some(Side::China)),
        );
        set(
            cue!("usjapan_first"),
            f32::from(u8::from(first == Some(Side::UsJapan))),
            s.usjapan.first().filter(|_| first == Some(Side::UsJapan)),
        );
        set(
            cue!("actor_other"),
            count_feature(s.other.len()),
            s.other.first(),
        );
        set(
            cue!("other_first"),
            f32::from(u8::from(first == Some(Side::Other))),
            s.other.first().filter(|_| first == Some(Side::Other)),
        );
        set(
            cue!("other_subject"),
            indicator(subject(&s.other, &s.quoted)),
            subject(&s.other, &s.quoted),
        );
        let speaker_other = speaker(&s.other, &s.attribution, &s.quoted);
        set(
            cue!("speaker_other"),
            indicator(speaker_other),
            speaker_other,
        );
        set(
            cue!("china_subject"),
            indicator(subject(&s.china, &s.quoted)),
            subject(&s.china, &s.quoted),
        );
        set(
            cue!("usjapan_subject"),
            indicator(subject(&s.usjapan, &s.quoted)),
            subject(&s.usjapan, &s.quoted),
        );
        let speaker_china = speaker(&s.china, &s.attribution, &s.quoted);
        let speaker_usjapan = speaker(&s.usjapan, &s.attribution, &s.quoted);
        set(
            cue!("speaker_china"),
            indicator(speaker_china),
            speaker_china,
        );
        set(
            cue!("speaker_usjapan"),
            indicator(speaker_usjapan),
            speaker_usjapan,
        );
        set(
            cue!("accuse_by_china"),
            indicator(both(speaker_china, &s.accuse)),
            both(speaker_china, &s.accuse),
        );
        set(
            cue!("accuse_by_usjapan"),
            indicator(both(speaker_usjapan, &s.accuse)),
            both(speaker_usjapan, &s.accuse),
        );
        set(
            cue!("reassure_by_china"),
            indicator(both(speaker_china, &s.reassure)),
            both(speaker_china, &s.reassure),
        );
        set(
            cue!("reassure_by_usjapan"),
            indicator(both(speaker_usjapan, &s.reassure)),
            both(speaker_usjapan, &s.reassure),
        );
        let near_china = accuse_before(&s.accuse, &s.china);
        let near_usjapan = accuse_before(&s.accuse, &s.usjapan);
        set(cue!("accuse_near_china"), indicator(near_china), near_china);
        set(
            cue!("accuse_near_usjapan"),
            indicator(near_usjapan),
            near_usjapan,
        );
        set(
            cue!("attribution"),
            indicator(s.attribution.first()),
            s.attribution.first(),
        );
        let has_quote = s.quoted.iter().any(|&q| q);
        set(cue!("quotation"), f32::from(u8::from(has_quote)), None);
        let first_person = (0..tokens.len())
            .find(|&i| matches!(tokens.norm(i), "we" | "our" | "us" | "i" | "my") && !s.quoted[i]);
        set(
            cue!("first_person"),
            f32::from(u8::from(first_person.is_some())),
            first_person.map(|i| (i, i + 1)).as_ref(),
        );
        set(
            cue!("question"),
            f32::from(u8::from(text.trim_end().ends_with('?'))),
            None,
        );
        let (pos, neg) = valence(&facts.valence, &s.negator);
        set(cue!("vader_pos"), pos, None);
        set(cue!("vader_neg"), neg, None);
        out
    }

    fn find_matches(&self, symbols: &TokenSymbols, s: &mut CueScratch) {
        // In the order the matcher was built in `new`.
        let mut lists = [
            std::mem::take(&mut s.accuse),
            std::mem::take(&mut s.reassure),
            std::mem::take(&mut s.china),
            std::mem::take(&mut s.usjapan),
            std::mem::take(&mut s.other),
            std::mem::take(&mut s.attribution),
            std::mem::take(&mut s.negator),
        ];
        self.matcher.find_in(symbols, &mut s.matcher, &mut lists);
        let [accuse, reassure, china, usjapan, other, attribution, negator] = lists;
        (
            s.accuse,
            s.reassure,
            s.china,
            s.usjapan,
            s.other,
            s.attribution,
            s.negator,
        ) = (
            accuse,
            reassure,
            china,
            usjapan,
            other,
            attribution,
            negator,
        );
    }
}

/// Positive and negative VADER mass of the tokens' valences, negation
/// flipping the sign, scaled to about 0..1.
fn valence(valences: &[Option<f32>], negators: &Spans) -> (f32, f32) {
    let (mut pos, mut neg) = (0.0f32, 0.0f32);
    for (i, v) in valences.iter().enumerate() {
        if let Some(mut v) = *v {
            if is_negated(i, negators) {
                v = -v;
            }
            if v > 0.0 {
                pos += v;
            } else {
                neg -= v;
            }
        }
    }
    ((pos / 8.0).min(1.0), (neg / 8.0).min(1.0))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    China,
    UsJapan,
    Other,
}

/// ln(1 + count): the first match counts most.
fn count_feature(count: usize) -> f32 {
    (count as f32).ln_1p()
}

fn indicator<T>(found: Option<T>) -> f32 {
    f32::from(u8::from(found.is_some()))
}

// Match lists are sorted and non-overlapping (leftmost-longest), so starts
// and ends both ascend: the nearest match is found by binary search, which
// keeps a sentence with many matches linear.

fn is_negated(at: usize, negators: &Spans) -> bool {
    let before = negators.partition_point(|&(_, end)| end <= at);
    before > 0 && at - negators[before - 1].1 < NEGATION_WINDOW
}

/// Whether a match starts within `window` tokens from `from` on.
fn starts_within(spans: &Spans, from: usize, window: usize) -> bool {
    let next = spans.partition_point(|&(start, _)| start < from);
    spans
        .get(next)
        .is_some_and(|&(start, _)| start - from < window)
}

/// The side whose actor is mentioned first.
fn first_actor(china: &Spans, usjapan: &Spans, other: &Spans) -> Option<Side> {
    [
        (Side::China, china),
        (Side::UsJapan, usjapan),
        (Side::Other, other),
    ]
    .into_iter()
    .filter_map(|(side, spans)| spans.first().map(|m| (m.0, side)))
    .min_by_key(|&(start, _)| start)
    .map(|(_, side)| side)
}

/// The first actor that speaks: outside quotation marks, and followed by an
/// attribution within the window ("the ministry said") or right after one
/// ("said Wang Wenbin"). In "Abe said that China ..." China does not speak,
/// nor does Japan in `"Japan's remarks ...," the spokesman said`.
fn speaker<'a>(
    actors: &'a Spans,
    attributions: &Spans,
    quoted: &[bool],
) -> Option<&'a (usize, usize)> {
    actors.iter().filter(|m| !quoted[m.0]).find(|&&(a, b)| {
        let before = attributions.partition_point(|&(_, d)| d <= a);
        starts_within(attributions, b, SPEAKER_WINDOW)
            || (before > 0 && a == attributions[before - 1].1)
    })
}

/// The first actor outside quotation marks in the opening tokens, where the
/// subject usually is; a sentence that opens with a quotation opens, for
/// this, where the quotation ends (`"...," the spokesman said`).
fn subject<'a>(actors: &'a Spans, quoted: &[bool]) -> Option<&'a (usize, usize)> {
    let opening = quoted.iter().position(|&q| !q).unwrap_or(quoted.len());
    actors
        .iter()
        .find(|m| !quoted[m.0] && m.0 < opening + SUBJECT_WINDOW)
}

/// The first cue match, when the sentence has a speaker.
fn both<'a>(speaker: Option<&(usize, usize)>, cues: &'a Spans) -> Option<&'a (usize, usize)> {
    speaker.and(cues.first())
}

/// An accusation cue shortly before an actor: the actor is its target
/// ("condemned Beijing's harassment").
fn accuse_before<'a>(accuse: &'a Spans, actors: &Spans) -> Option<&'a (usize, usize)> {
    accuse
        .iter()
        .find(|&&(_, end)| starts_within(actors, end, SPEAKER_WINDOW))
}

/// Marks each token that stands inside quotation marks (straight quotes
/// toggle; curly ones open and close).
fn mark_quoted(text: &str, tokens: &Tokens, quoted: &mut Vec<bool>) {
    quoted.clear();
    let bytes = text.as_bytes();
    if memchr::memchr2(b'"', 0xE2, bytes).is_none() {
        quoted.resize(tokens.len(), false); // most sentences quote no one
        return;
    }
    let (mut inside, mut i) = (false, 0);
    for t in tokens.tokens() {
        // Bytes, not chars: '"' is one byte and the curly quotes are
        // E2 80 9C / E2 80 9D, so no other char can be mistaken for them.
        let is_candidate = |&b: &u8| b == b'"' || b == 0xE2;
        while let Some(k) = bytes[i..t.start].iter().position(is_candidate) {
            match bytes[i + k..] {
                [b'"', ..] => inside = !inside,
                [0xE2, 0x80, 0x9C, ..] => inside = true,
                [0xE2, 0x80, 0x9D, ..] => inside = false,
                _ => {}
            }
            i += k + 1;
        }
        i = t.start;
        quoted.push(inside);
    }
}

#[cfg(test)]
mod tests;

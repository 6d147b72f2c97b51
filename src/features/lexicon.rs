//! Lexicons: cue phrase lists and a valence table, parsed from the text files
//! under `data/lexicons/` and matched against analyzer tokens.
//!
//! A phrase list has one entry a line, words as the analyzer normalises them
//! (`u.s.`, `china's`), `#` for comments; a `*` ending the last word matches
//! any word with that prefix. Matching is leftmost-longest and does not
//! overlap, so one stretch of text counts once per list.
//! [`PhraseSet::for_each_match`] is the plain reference matcher;
//! [`MultiMatcher`] (in `matcher`) gives the same matches for many lists at
//! once and is what the cue block runs.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::analyze::strip_possessive;
use crate::text::Tokens;

mod matcher;
pub use matcher::{MatchScratch, MultiMatcher, TokenSymbols};

/// One word of a phrase: an exact token, or a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(Box<str>),
    Prefix(Box<str>),
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Word::Exact(w) => &**w == token,
            Word::Prefix(p) => token.starts_with(&**p),
        }
    }
}

/// A compiled phrase list. Keeps its source lines so a model file stores the
/// list itself, not a path to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "Vec<String>", try_from = "Vec<String>")]
pub struct PhraseSet {
    lines: Vec<String>,
    phrases: Vec<Vec<Word>>,
    by_first: FxHashMap<Box<str>, Vec<u32>>,
    /// Phrases whose first word is a prefix, by that prefix's first char,
    /// so a token is only tried against prefixes that can match it.
    prefix_first: FxHashMap<char, Vec<u32>>,
}

impl PhraseSet {
    /// Parses a phrase list; `origin` names it in errors.
    pub fn parse(source: &str, origin: &Path) -> Result<Self> {
        let mut lines = Vec::new();
        for (i, raw) in source.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            check_entry(line).map_err(|message| Error::Lexicon {
                path: origin.to_path_buf(),
                line: i as u64 + 1,
                message,
            })?;
            lines.push(line.to_owned());
        }
        Ok(Self::compile(lines))
    }

    /// Reads and parses a phrase list file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, path)
    }

    fn compile(lines: Vec<String>) -> Self {
        let mut set = PhraseSet {
            lines,
            phrases: Vec::new(),
            by_first: FxHashMap::default(),
            prefix_first: FxHashMap::default(),
        };
        for (i, line) in set.lines.iter().enumerate() {
            let words: Vec<Word> = line.split(' ').map(compile_word).collect();
            match &words[0] {
                Word::Exact(w) => set.by_first.entry(w.clone()).or_default().push(i as u32),
                Word::Prefix(p) => set
                    .prefix_first
                    .entry(p.chars().next().unwrap_or(' '))
                    .or_default()
                    .push(i as u32),
            }
            set.phrases.push(words);
        }
        set
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when the list has no entry.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Calls `found(first, end)` for each match, as token indices
    /// `first..end`, leftmost-longest and non-overlapping.
    pub fn for_each_match(&self, tokens: &Tokens, mut found: impl FnMut(usize, usize)) {
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, i) {
                Some(len) => {
                    found(i, i + len);
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    fn longest_at(&self, tokens: &Tokens, at: usize) -> Option<usize> {
        let exact = self
            .by_first
            .get(tokens.norm(at))
            .map_or(&[][..], Vec::as_slice);
        exact
            .iter()
            .chain(self.prefix_candidates(tokens.norm(at)))
            .map(|&p| &self.phrases[p as usize])
            .filter(|words| phrase_matches(words, tokens, at))
            .map(Vec::len)
            .max()
    }
}

impl PhraseSet {
    fn prefix_candidates(&self, token: &str) -> &[u32] {
        token
            .chars()
            .next()
            .and_then(|c| self.prefix_first.get(&c))
            .map_or(&[], Vec::as_slice)
    }
}

fn phrase_matches(words: &[Word], tokens: &Tokens, at: usize) -> bool {
    at + words.len() <= tokens.len()
        && words
            .iter()
            .enumerate()
            .all(|(k, w)| w.matches(tokens.norm(at + k)))
}

fn compile_word(word: &str) -> Word {
    match word.strip_suffix('*') {
        Some(prefix) => Word::Prefix(prefix.into()),
        None => Word::Exact(strip_possessive(word).into()),
    }
}

fn check_entry(line: &str) -> std::result::Result<(), String> {
    let words: Vec<&str> = line.split(' ').collect();
    if words.iter().any(|w| w.is_empty()) {
        return Err(format!("entry {line:?} has an empty word (two spaces?)"));
    }
    if words.iter().any(|w| *w != w.to_lowercase()) {
        return Err(format!("entry {line:?} is not lower case"));
    }
    let last = words.len() - 1;
    if let Some((k, _)) = words
        .iter()
        .enumerate()
        .find(|(k, w)| w.contains('*') && (*k != last || !w.ends_with('*') || w.len() == 1))
    {
        return Err(format!(
            "entry {line:?}: '*' may only end the last word (word {})",
            k + 1
        ));
    }
    Ok(())
}

impl From<PhraseSet> for Vec<String> {
    fn from(set: PhraseSet) -> Self {
        set.lines
    }
}

impl TryFrom<Vec<String>> for PhraseSet {
    type Error = Error;

    fn try_from(lines: Vec<String>) -> Result<Self> {
        for (i, line) in lines.iter().enumerate() {
            check_entry(line).map_err(|message| Error::Lexicon {
                path: "<model>".into(),
                line: i as u64 + 1,
                message,
            })?;
        }
        Ok(Self::compile(lines))
    }
}

/// Word valences (VADER's mean ratings, -4..4).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(into = "Vec<(String, f32)>", from = "Vec<(String, f32)>")]
pub struct Valence {
    table: FxHashMap<Box<str>, f32>,
}

impl Valence {
    /// Parses `word<TAB>valence[<TAB>...]` lines; `#` starts a comment.
    pub fn parse(source: &str, origin: &Path) -> Result<Self> {
        let mut table = FxHashMap::default();
        for (i, line) in source.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(word), Some(value)) = (cols.next(), cols.next()) else {
                return Err(lexicon_error(origin, i, "expected word<TAB>valence"));
            };
            let value: f32 = value.trim().parse().map_err(|_| {
                lexicon_error(origin, i, &format!("valence {value:?} is not a number"))
            })?;
            table.insert(word.trim().into(), value);
        }
        Ok(Valence { table })
    }

    /// The valence of a normalised token, if listed.
    pub fn get(&self, token: &str) -> Option<f32> {
        self.table.get(token).copied()
    }

    /// Every word the table lists.
    pub fn words(&self) -> impl Iterator<Item = &str> + '_ {
        self.table.keys().map(|w| &**w)
    }
}

fn lexicon_error(origin: &Path, line: usize, message: &str) -> Error {
    Error::Lexicon {
        path: origin.to_path_buf(),
        line: line as u64 + 1,
        message: message.to_owned(),
    }
}

impl From<Valence> for Vec<(String, f32)> {
    fn from(v: Valence) -> Self {
        let mut pairs: Vec<(String, f32)> =
            v.table.into_iter().map(|(k, v)| (k.into(), v)).collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs
    }
}

impl From<Vec<(String, f32)>> for Valence {
    fn from(pairs: Vec<(String, f32)>) -> Self {
        Valence {
            table: pairs.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn matches(list: &str, text: &str) -> Vec<String> {
        let set = PhraseSet::parse(list, Path::new("test.txt")).unwrap();
        let mut t = Tokens::new();
        tokenize(text, &mut t);
        let mut out = Vec::new();
        set.for_each_match(&t, |a, b| {
            out.push((a..b).map(|i| t.norm(i)).collect::<Vec<_>>().join(" "))
        });
        out
    }

    #[test]
    fn longest_phrase_wins_and_prefixes_match() {
        let list =
            "# comment\ninternal affairs\ninterfere in china's internal affairs\ndestabiliz*\n";
        assert_eq!(
            matches(
                list,
                "They interfere in China's internal affairs with destabilizing moves."
            ),
            ["interfere in china internal affairs", "destabilizing"]
        );
        assert_eq!(
            matches(list, "purely internal affairs"),
            ["internal affairs"]
        );
    }

    #[test]
    fn bad_entries_name_the_line() {
        let err = PhraseSet::parse("ok\n\nBad Entry\n", Path::new("x.txt")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lexicon x.txt:3: entry \"Bad Entry\" is not lower case"
        );
        assert!(PhraseSet::parse("a* b\n", Path::new("x.txt")).is_err());
        assert!(PhraseSet::parse("*\n", Path::new("x.txt")).is_err());
    }

    #[test]
    fn valence_parses_vader_lines() {
        let v = Valence::parse("good\t1.9\t0.9\t[2]\nbad\t-2.5\n", Path::new("v.txt")).unwrap();
        assert_eq!(v.get("bad"), Some(-2.5));
        assert!(Valence::parse("oops\n", Path::new("v.txt")).is_err());
    }
}

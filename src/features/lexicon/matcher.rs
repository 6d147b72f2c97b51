//! The combined phrase matcher: every phrase of every list in one trie over
//! tokens, so a sentence is matched in one pass of integer lookups.
//!
//! Two levels. The lexicon's words (exact words and `*` prefixes) form a byte
//! trie: one walk over a token's bytes gives its exact-word symbol and the
//! symbol of every prefix it starts with. The phrases form a trie over those
//! symbols; a prefix word only ever ends a phrase, so it is a leaf edge.
//! Matches are those of [`PhraseSet::for_each_match`] list by list
//! (leftmost-longest, non-overlapping), which stays the reference.

use rustc_hash::FxHashMap;

use super::{PhraseSet, Word};
use crate::text::Tokens;

/// "No symbol": the token is no lexicon word, or a node has no such edge.
const NONE: u32 = u32::MAX;
/// The phrase trie's root node.
const ROOT: u32 = 0;

/// Several phrase lists matched in one pass: one trie walk per token serves
/// every list, and each list keeps its own leftmost-longest,
/// non-overlapping matches, exactly as [`PhraseSet::for_each_match`] gives.
#[derive(Debug, Clone, Default)]
pub struct MultiMatcher {
    words: WordTrie,
    /// `(node, symbol)` packed by [`edge`] → child node.
    edges: FxHashMap<u64, u32>,
    /// The root's children by symbol ([`NONE`] for none): every walk starts
    /// there, and most end after a step or two.
    root_children: Vec<u32>,
    /// Per phrase-trie node: the lists with a phrase ending there.
    ends: Vec<Vec<u32>>,
    lists: usize,
}

/// Per-sentence buffers of [`MultiMatcher::find_all`], kept between calls.
#[derive(Debug, Default)]
pub struct MatchScratch {
    symbols: TokenSymbols,
    free_from: Vec<usize>,
    longest: Vec<usize>,
}

/// The word-trie symbols of each token of a sentence: what the matcher
/// needs to know of a token, filled by [`MultiMatcher::classify_into`] or
/// from a table of symbols looked up earlier.
#[derive(Debug, Default, Clone)]
pub struct TokenSymbols {
    /// Per token: its exact-word symbol, or [`NONE`].
    exact: Vec<u32>,
    /// Per token `i`: its prefix symbols are `prefixes[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
    prefixes: Vec<u32>,
}

impl TokenSymbols {
    /// Forgets every token.
    pub fn clear(&mut self) {
        self.exact.clear();
        self.prefixes.clear();
        self.bounds.clear();
        self.bounds.push(0);
    }

    /// Appends the next token's symbols.
    pub fn push(&mut self, exact: u32, prefixes: &[u32]) {
        if self.bounds.is_empty() {
            self.bounds.push(0);
        }
        self.exact.push(exact);
        self.prefixes.extend_from_slice(prefixes);
        self.bounds.push(self.prefixes.len());
    }

    /// Token `i`'s exact-word symbol and prefix symbols.
    pub fn get(&self, i: usize) -> (u32, &[u32]) {
        (self.exact[i], self.prefixes_of(i))
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.exact.len()
    }

    /// True when no token was pushed.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    fn prefixes_of(&self, token: usize) -> &[u32] {
        &self.prefixes[self.bounds[token]..self.bounds[token + 1]]
    }

    /// True when token `at` is no lexicon word at all, so no phrase starts there.
    fn is_unknown(&self, at: usize) -> bool {
        self.exact[at] == NONE && self.bounds[at] == self.bounds[at + 1]
    }
}

impl MultiMatcher {
    /// Combines `lists`; matches of list `i` go to `out[i]`.
    pub fn new(lists: &[&PhraseSet]) -> Self {
        let all_words = lists.iter().flat_map(|set| set.phrases.iter().flatten());
        let mut m = MultiMatcher {
            words: WordTrie::new(all_words),
            ends: vec![Vec::new()],
            lists: lists.len(),
            ..MultiMatcher::default()
        };
        for (list, set) in lists.iter().enumerate() {
            for words in &set.phrases {
                m.insert(list as u32, words);
            }
        }
        m.root_children = vec![NONE; m.words.symbols as usize];
        for (&key, &child) in &m.edges {
            if key >> 32 == u64::from(ROOT) {
                m.root_children[(key & u64::from(u32::MAX)) as usize] = child;
            }
        }
        m
    }

    /// The child of `node` on `symbol`, if any.
    fn child(&self, node: u32, symbol: u32) -> Option<u32> {
        if node == ROOT {
            let child = *self.root_children.get(symbol as usize)?;
            return (child != NONE).then_some(child);
        }
        self.edges.get(&edge(node, symbol)).copied()
    }

    fn insert(&mut self, list: u32, words: &[Word]) {
        let mut node = ROOT;
        for word in words {
            let symbol = self.words.symbol(word);
            let next = self.ends.len() as u32;
            node = *self.edges.entry(edge(node, symbol)).or_insert(next);
            if node == next {
                self.ends.push(Vec::new());
            }
        }
        let ends = &mut self.ends[node as usize];
        if !ends.contains(&list) {
            ends.push(list);
        }
    }

    /// Fills `out[i]` (cleared first) with list `i`'s matches as token
    /// ranges.
    pub fn find_all(&self, tokens: &Tokens, s: &mut MatchScratch, out: &mut [Vec<(usize, usize)>]) {
        let mut symbols = std::mem::take(&mut s.symbols);
        symbols.clear();
        tokens
            .norms()
            .for_each(|token| self.classify_into(token, &mut symbols));
        self.find_in(&symbols, s, out);
        s.symbols = symbols;
    }

    /// As [`MultiMatcher::find_all`], over tokens already classified.
    pub fn find_in(
        &self,
        symbols: &TokenSymbols,
        s: &mut MatchScratch,
        out: &mut [Vec<(usize, usize)>],
    ) {
        debug_assert_eq!(out.len(), self.lists);
        out.iter_mut().for_each(Vec::clear);
        s.free_from.clear();
        s.free_from.resize(self.lists, 0);
        s.longest.resize(self.lists, 0);
        for at in 0..symbols.len() {
            if symbols.is_unknown(at) {
                continue;
            }
            self.longest_at(at, symbols, &mut s.longest);
            for (list, len) in s.longest.iter_mut().enumerate() {
                if *len > 0 && at >= s.free_from[list] {
                    out[list].push((at, at + *len));
                    s.free_from[list] = at + *len;
                }
                *len = 0;
            }
        }
    }

    /// Looks `token` up in the word trie and appends its symbols to `s`.
    pub fn classify_into(&self, token: &str, s: &mut TokenSymbols) {
        if s.bounds.is_empty() {
            s.bounds.push(0);
        }
        let exact = self.words.walk(token, |p| s.prefixes.push(p));
        s.exact.push(exact);
        s.bounds.push(s.prefixes.len());
    }

    /// Every exact lexicon word, as written in the lists (possessive
    /// stripped): the tokens whose symbols are worth keeping in a table.
    pub fn exact_words<'a>(lists: &[&'a PhraseSet]) -> impl Iterator<Item = &'a str> + 'a {
        let lists: Vec<&'a PhraseSet> = lists.to_vec();
        lists.into_iter().flat_map(|set| {
            set.phrases.iter().flatten().filter_map(|w| match w {
                Word::Exact(w) => Some(&**w),
                Word::Prefix(_) => None,
            })
        })
    }

    /// Sets `longest[list]` to the length of the list's longest phrase at
    /// `at` (left alone where none matches).
    fn longest_at(&self, at: usize, s: &TokenSymbols, longest: &mut [usize]) {
        let mut node = ROOT;
        for k in at..s.exact.len() {
            let depth = k - at + 1;
            for &p in s.prefixes_of(k) {
                if let Some(leaf) = self.child(node, p) {
                    self.record(leaf, depth, longest);
                }
            }
            if s.exact[k] == NONE {
                return;
            }
            let Some(child) = self.child(node, s.exact[k]) else {
                return;
            };
            self.record(child, depth, longest);
            node = child;
        }
    }

    /// Depths only grow along a walk, so the last one recorded is the longest.
    fn record(&self, node: u32, depth: usize, longest: &mut [usize]) {
        for &list in &self.ends[node as usize] {
            longest[list as usize] = depth;
        }
    }
}

/// The key of the phrase-trie edge leaving `node` on `symbol`.
fn edge(node: u32, symbol: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(symbol)
}

/// A byte trie of the lexicon's words: exact words and prefixes, each with
/// its own symbol (`oppose` and `oppose*` are two symbols).
///
/// Transitions are a dense table over byte classes (each byte that occurs in
/// some lexicon word has a class; all others share class 0, which leads
/// nowhere), so a step is two array reads instead of a search.
#[derive(Debug, Clone)]
struct WordTrie {
    class: [u8; 256],
    n_classes: usize,
    /// `next[node * n_classes + class]`: the child, or 0 (the root is
    /// nobody's child) for none.
    next: Vec<u32>,
    /// Per node: the symbol of the exact word ending here, or [`NONE`].
    exact: Vec<u32>,
    /// Per node: the symbol of the prefix ending here, or [`NONE`].
    prefix: Vec<u32>,
    symbols: u32,
}

impl Default for WordTrie {
    fn default() -> Self {
        WordTrie::new(std::iter::empty())
    }
}

impl WordTrie {
    /// An empty trie whose byte classes cover `words`.
    fn new<'a>(words: impl Iterator<Item = &'a Word>) -> Self {
        let mut class = [0u8; 256];
        let mut n_classes = 1;
        for b in words.flat_map(|w| word_text(w).0.bytes()) {
            if class[usize::from(b)] == 0 {
                class[usize::from(b)] = n_classes as u8;
                n_classes += 1;
            }
        }
        let mut trie = WordTrie {
            class,
            n_classes,
            next: Vec::new(),
            exact: Vec::new(),
            prefix: Vec::new(),
            symbols: 0,
        };
        trie.add_node();
        trie
    }

    fn add_node(&mut self) -> u32 {
        self.next.resize(self.next.len() + self.n_classes, 0);
        self.exact.push(NONE);
        self.prefix.push(NONE);
        self.exact.len() as u32 - 1
    }

    /// The node reached from `node` on byte `b`, or 0 for none.
    fn step(&self, node: u32, b: u8) -> u32 {
        self.next[node as usize * self.n_classes + usize::from(self.class[usize::from(b)])]
    }

    /// The symbol of `word`, assigned on first sight. Its bytes must have
    /// been covered by [`WordTrie::new`].
    fn symbol(&mut self, word: &Word) -> u32 {
        let (text, is_prefix) = word_text(word);
        let node = self.node_for(text.as_bytes()) as usize;
        let slot = match is_prefix {
            true => &mut self.prefix[node],
            false => &mut self.exact[node],
        };
        if *slot == NONE {
            *slot = self.symbols;
            self.symbols += 1;
        }
        *slot
    }

    fn node_for(&mut self, bytes: &[u8]) -> u32 {
        let mut node = 0;
        for &b in bytes {
            let class = usize::from(self.class[usize::from(b)]);
            debug_assert!(class != 0, "byte {b} not covered");
            node = match self.step(node, b) {
                0 => {
                    let child = self.add_node();
                    self.next[node as usize * self.n_classes + class] = child;
                    child
                }
                child => child,
            };
        }
        node
    }

    /// Calls `prefix(symbol)` for every listed prefix `token` starts with,
    /// shortest first, and returns its exact-word symbol or [`NONE`].
    fn walk(&self, token: &str, mut prefix: impl FnMut(u32)) -> u32 {
        let mut node = 0;
        for &b in token.as_bytes() {
            node = self.step(node, b);
            if node == 0 {
                return NONE;
            }
            if self.prefix[node as usize] != NONE {
                prefix(self.prefix[node as usize]);
            }
        }
        self.exact[node as usize]
    }
}

/// A word's text and whether it is a prefix.
fn word_text(word: &Word) -> (&str, bool) {
    match word {
        Word::Exact(w) => (w, false),
        Word::Prefix(p) => (p, true),
    }
}

#[cfg(test)]
mod tests;

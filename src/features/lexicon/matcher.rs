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

/// The word-trie symbols of each token of a sentence.
#[derive(Debug, Default)]
struct TokenSymbols {
    /// Per token: its exact-word symbol, or [`NONE`].
    exact: Vec<u32>,
    /// Per token `i`: its prefix symbols are `prefixes[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
    prefixes: Vec<u32>,
}

impl TokenSymbols {
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
        let mut m = MultiMatcher {
            ends: vec![Vec::new()],
            lists: lists.len(),
            ..MultiMatcher::default()
        };
        for (list, set) in lists.iter().enumerate() {
            for words in &set.phrases {
                m.insert(list as u32, words);
            }
        }
        m
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
        debug_assert_eq!(out.len(), self.lists);
        out.iter_mut().for_each(Vec::clear);
        self.classify(tokens, &mut s.symbols);
        s.free_from.clear();
        s.free_from.resize(self.lists, 0);
        s.longest.resize(self.lists, 0);
        for at in 0..tokens.len() {
            if s.symbols.is_unknown(at) {
                continue;
            }
            self.longest_at(at, &s.symbols, &mut s.longest);
            for (list, len) in s.longest.iter_mut().enumerate() {
                if *len > 0 && at >= s.free_from[list] {
                    out[list].push((at, at + *len));
                    s.free_from[list] = at + *len;
                }
                *len = 0;
            }
        }
    }

    /// Looks every token up in the word trie once.
    fn classify(&self, tokens: &Tokens, s: &mut TokenSymbols) {
        s.exact.clear();
        s.prefixes.clear();
        s.bounds.clear();
        s.bounds.push(0);
        for token in tokens.norms() {
            let exact = self.words.walk(token, |p| s.prefixes.push(p));
            s.exact.push(exact);
            s.bounds.push(s.prefixes.len());
        }
    }

    /// Sets `longest[list]` to the length of the list's longest phrase at
    /// `at` (left alone where none matches).
    fn longest_at(&self, at: usize, s: &TokenSymbols, longest: &mut [usize]) {
        let mut node = ROOT;
        for k in at..s.exact.len() {
            let depth = k - at + 1;
            for &p in s.prefixes_of(k) {
                if let Some(&leaf) = self.edges.get(&edge(node, p)) {
                    self.record(leaf, depth, longest);
                }
            }
            if s.exact[k] == NONE {
                return;
            }
            let Some(&child) = self.edges.get(&edge(node, s.exact[k])) else {
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
#[derive(Debug, Clone)]
struct WordTrie {
    nodes: Vec<ByteNode>,
    symbols: u32,
}

#[derive(Debug, Clone)]
struct ByteNode {
    /// Children by byte, sorted.
    children: Vec<(u8, u32)>,
    /// Symbol of the exact word ending here, or [`NONE`].
    exact: u32,
    /// Symbol of the prefix ending here, or [`NONE`].
    prefix: u32,
}

impl ByteNode {
    fn new() -> Self {
        ByteNode {
            children: Vec::new(),
            exact: NONE,
            prefix: NONE,
        }
    }

    fn child(&self, byte: u8) -> Option<u32> {
        self.children
            .iter()
            .find(|&&(b, _)| b == byte)
            .map(|&(_, c)| c)
    }
}

impl Default for WordTrie {
    fn default() -> Self {
        WordTrie {
            nodes: vec![ByteNode::new()],
            symbols: 0,
        }
    }
}

impl WordTrie {
    /// The symbol of `word`, assigned on first sight.
    fn symbol(&mut self, word: &Word) -> u32 {
        let (text, is_prefix) = match word {
            Word::Exact(w) => (w, false),
            Word::Prefix(p) => (p, true),
        };
        let node = self.node_for(text.as_bytes());
        let slot = match is_prefix {
            true => &mut self.nodes[node].prefix,
            false => &mut self.nodes[node].exact,
        };
        if *slot == NONE {
            *slot = self.symbols;
            self.symbols += 1;
        }
        *slot
    }

    fn node_for(&mut self, bytes: &[u8]) -> usize {
        let mut node = 0;
        for &b in bytes {
            node = match self.nodes[node].child(b) {
                Some(c) => c as usize,
                None => {
                    let c = self.nodes.len();
                    self.nodes.push(ByteNode::new());
                    let children = &mut self.nodes[node].children;
                    let at = children.partition_point(|&(x, _)| x < b);
                    children.insert(at, (b, c as u32));
                    c
                }
            };
        }
        node
    }

    /// Calls `prefix(symbol)` for every listed prefix `token` starts with,
    /// shortest first, and returns its exact-word symbol or [`NONE`].
    fn walk(&self, token: &str, mut prefix: impl FnMut(u32)) -> u32 {
        let mut node = &self.nodes[0];
        for &b in token.as_bytes() {
            match node.child(b) {
                Some(c) => node = &self.nodes[c as usize],
                None => return NONE,
            }
            if node.prefix != NONE {
                prefix(node.prefix);
            }
        }
        node.exact
    }
}

#[cfg(test)]
mod tests;

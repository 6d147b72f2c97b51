//! The word analyzer: cuts a sentence into lower-cased tokens that keep their
//! byte offsets into the original text.
//!
//! Invariant: `text[token.start..token.end]` is the token as written; the
//! normalised form (lower case, curly apostrophes made straight, a final
//! possessive `'s` dropped) is stored beside it. Kept whole: initialisms (`U.S.`, `U.N.`), contractions and
//! possessives (`don't`, `China's`), hyphenated words (`Indo-Pacific`) and
//! numbers with separators (`1,000`, `3.5`).

/// One token: where it stands in the original text and its normalised form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte in the original text.
    pub end: usize,
    norm_start: u32,
    norm_end: u32,
}

/// Reusable storage for the tokens of one sentence, so the hot path does not
/// allocate per token.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    norm: String,
    tokens: Vec<Token>,
}

impl Tokens {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the sentence had no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens with their offsets.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The normalised text of token `i`.
    #[inline]
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.norm[t.norm_start as usize..t.norm_end as usize]
    }

    /// Iterates over the normalised token strings.
    pub fn norms(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.tokens.len()).map(|i| self.norm(i))
    }

    fn clear(&mut self) {
        self.norm.clear();
        self.tokens.clear();
    }

    /// As [`Tokens::push`] for a run of ASCII letters and digits, which
    /// holds no apostrophe, so no possessive to strip.
    fn push_ascii_word(&mut self, text: &str, start: usize, end: usize) {
        let norm_start = self.norm.len() as u32;
        let raw = &text[start..end];
        match capital_initialism(raw) {
            Some(dotted) => self.norm.push_str(dotted),
            None => {
                self.norm.push_str(raw);
                self.norm[norm_start as usize..].make_ascii_lowercase();
            }
        }
        self.tokens.push(Token {
            start,
            end,
            norm_start,
            norm_end: self.norm.len() as u32,
        });
    }

    fn push(&mut self, text: &str, start: usize, end: usize) {
        let norm_start = self.norm.len() as u32;
        let raw = &text[start..end];
        match capital_initialism(raw) {
            Some(dotted) => self.norm.push_str(dotted),
            // Most tokens are ASCII: lower-case them in bulk, as
            // `push_lower` would char by char.
            None if raw.is_ascii() => {
                self.norm.push_str(raw);
                self.norm[norm_start as usize..].make_ascii_lowercase();
            }
            None => raw.chars().for_each(|c| push_lower(&mut self.norm, c)),
        }
        let kept = strip_possessive(&self.norm[norm_start as usize..]).len();
        self.norm.truncate(norm_start as usize + kept);
        self.tokens.push(Token {
            start,
            end,
            norm_start,
            norm_end: self.norm.len() as u32,
        });
    }
}

/// Initialisms written without dots that lower-casing would confuse with a
/// word ("US" with "us"): read as their dotted form.
const CAPITAL_INITIALISMS: [(&str, &str); 3] = [("US", "u.s."), ("UN", "u.n."), ("UK", "u.k.")];

/// The dotted form of "US", "UN", "UK", possessive or not.
fn capital_initialism(raw: &str) -> Option<&'static str> {
    if raw.len() > "US\u{2019}s".len() {
        return None; // the common case, decided before any comparison
    }
    let bare = raw
        .strip_suffix("'s")
        .or_else(|| raw.strip_suffix("\u{2019}s"))
        .unwrap_or(raw);
    CAPITAL_INITIALISMS
        .iter()
        .find(|(caps, _)| *caps == bare)
        .map(|(_, dotted)| *dotted)
}

/// Drops a final `'s` (normalised apostrophe): a possessive names the same
/// actor as the bare word, so "China's" is read as "china". Lexicon entries
/// go through the same rule, so they match what the analyzer produces.
pub fn strip_possessive(norm: &str) -> &str {
    match norm.strip_suffix("'s") {
        Some(stem) if !stem.is_empty() => stem,
        _ => norm,
    }
}

pub(crate) fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_apostrophe(c) {
        out.push('\'');
    } else {
        out.extend(c.to_lowercase());
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenizes `text` into `out` (cleared first).
///
/// Most tokens are a run of ASCII letters and digits between ASCII
/// punctuation or spaces: those are cut and lower-cased in one pass here.
/// Anything else (a joiner after the run, non-ASCII text) goes through
/// [`next_word_start`] and [`word_end`], which define the tokenization.
pub fn tokenize(text: &str, out: &mut Tokens) {
    out.clear();
    let bytes = text.as_bytes();
    let mut pos = 0;
    loop {
        while bytes
            .get(pos)
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        {
            pos += 1;
        }
        let Some(&first) = bytes.get(pos) else {
            return;
        };
        let start = match first.is_ascii() {
            true => pos,
            false => match next_word_start(text, pos) {
                Some((start, _)) => start,
                None => return,
            },
        };
        let run = start
            + bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - start);
        if first.is_ascii() && cannot_join(text, run) {
            out.push_ascii_word(text, start, run);
            pos = run;
        } else {
            pos = word_end(text, start);
            out.push(text, start, pos);
        }
    }
}

/// The definition [`tokenize`] keeps: every token through the general path.
#[cfg(test)]
fn tokenize_plainly(text: &str, out: &mut Tokens) {
    out.clear();
    let mut pos = 0;
    while let Some((start, _)) = next_word_start(text, pos) {
        let end = word_end(text, start);
        out.push(text, start, end);
        pos = end;
    }
}

/// Convenience for tests and one-off use: the normalised tokens of `text`.
pub fn tokens_of(text: &str) -> Vec<String> {
    let mut buf = Tokens::new();
    tokenize(text, &mut buf);
    buf.norms().map(str::to_owned).collect()
}

fn next_word_start(text: &str, from: usize) -> Option<(usize, char)> {
    let skip = text.as_bytes()[from..]
        .iter()
        .position(|b| !b.is_ascii() || b.is_ascii_alphanumeric())?;
    // ASCII bytes were judged above; a non-ASCII char is decoded.
    text[from + skip..]
        .char_indices()
        .find(|&(_, c)| is_word_char(c))
        .map(|(i, c)| (from + skip + i, c))
}

/// Finds where the token starting at `start` ends, extending it over the
/// joiners that keep initialisms, contractions, hyphens and numbers whole.
/// `segment` is where the current hyphen-separated part began, so that
/// "Japan-U.S." is read as a word and an initialism. `initialism` says
/// whether `text[segment..end]` is a dotted initialism so far; it is updated
/// one piece at a time, so a long run such as "a.a.a.a" stays linear.
fn word_end(text: &str, start: usize) -> usize {
    let (mut segment, mut end) = (start, run_end(text, start));
    if cannot_join(text, end) {
        return end; // most words end at a space or plain punctuation
    }
    let mut initialism = is_initialism_piece(text, segment, end);
    loop {
        let Some(joiner) = text[end..].chars().next() else {
            return end;
        };
        let after = end + joiner.len_utf8();
        let next = text[after..].chars().next();
        let continues = next.is_some_and(is_word_char);
        if joiner == '.' && initialism {
            if continues && next.is_some_and(char::is_alphabetic) {
                end = run_end(text, after);
                initialism = is_initialism_piece(text, after, end);
                continue;
            }
            if end - segment == 1 && !text[..segment].ends_with('.') {
                return end; // an initial such as "J." keeps no dot
            }
            end = after; // "U.S." keeps its last dot
            if !text[end..].starts_with('-') || !text[end + 1..].starts_with(is_word_char) {
                return end;
            }
            continue;
        }
        let joins = match joiner {
            '-' => continues,
            c if is_apostrophe(c) => next.is_some_and(char::is_alphabetic),
            '.' | ',' => {
                continues && last_is_digit(text, end) && next.is_some_and(|c| c.is_ascii_digit())
            }
            _ => false,
        };
        if !joins {
            return end;
        }
        if joiner == '-' {
            segment = after;
        }
        end = run_end(text, after);
        // A contraction or number piece is no initialism, and nothing
        // added to it later makes it one; a hyphen starts afresh.
        initialism = joiner == '-' && is_initialism_piece(text, segment, end);
    }
}

/// True when the text ends at `end` or the byte there is ASCII and no
/// joiner ('-', '\'', '.', ','), so the word surely ends at `end`.
fn cannot_join(text: &str, end: usize) -> bool {
    text.as_bytes()
        .get(end)
        .is_none_or(|&b| b.is_ascii() && !matches!(b, b'-' | b'\'' | b'.' | b','))
}

/// End of the run of word characters starting at `from`.
fn run_end(text: &str, from: usize) -> usize {
    let ascii = text.as_bytes()[from..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .map_or(text.len(), |i| from + i);
    if text.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        return ascii; // the common case: an ASCII word ended by ASCII
    }
    text[ascii..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| ascii + i)
}

fn last_is_digit(text: &str, end: usize) -> bool {
    text[..end]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// True when the run `text[start..end]` can be a piece of a dotted
/// initialism ("U" of "U.S."): a single letter. Runs of word chars hold no
/// dot, so each piece is judged alone as it is read.
fn is_initialism_piece(text: &str, start: usize, end: usize) -> bool {
    let mut chars = text[start..end].chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_tokenizations() {
        let cases: &[(&str, &[&str])] = &[
            ("The U.S. and Japan", &["the", "u.s.", "and", "japan"]),
            ("The US told us", &["the", "u.s.", "told", "us"]),
            ("the US's stance", &["the", "u.s.", "stance"]),
            (
                "the Japan-U.S. alliance",
                &["the", "japan-u.s.", "alliance"],
            ),
            ("U.S.-Japan talks", &["u.s.-japan", "talks"]),
            (
                "the U.N. Security Council",
                &["the", "u.n.", "security", "council"],
            ),
            ("in the U.S.", &["in", "the", "u.s."]),
            ("We don't accept it", &["we", "don't", "accept", "it"]),
            ("China\u{2019}s position", &["china", "position"]),
            ("it's Beijing's call", &["it", "beijing", "call"]),
            (
                "the Indo-Pacific region",
                &["the", "indo-pacific", "region"],
            ),
            (
                "1,000 troops and 3.5 percent",
                &["1,000", "troops", "and", "3.5", "percent"],
            ),
            ("end. Next", &["end", "next"]),
            ("Hello -- world", &["hello", "world"]),
            (
                "\"We oppose it,\" he said.",
                &["we", "oppose", "it", "he", "said"],
            ),
            ("J. Smith", &["j", "smith"]),
            ("A cat.", &["a", "cat"]),
            ("Ünïcode ÉTÉ", &["ünïcode", "été"]),
            ("中国 外交部", &["中国", "外交部"]),
            ("emoji 🙂 here", &["emoji", "here"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(tokens_of(text), *want, "tokenizing {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_fast_path_cuts_as_the_general_path(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "US", "us", "UN", "UK", "U.S.", "J.", "a", "Mr", "don't", "China's",
                "China\u{2019}s", "1,000", "3.5", "-", "--", "'", ".", ",", " ", "  ",
                "\n", "\"", "(", "Indo-Pacific", "ÉTÉ", "中国", "🙂", "é", "x", "9",
                "Japan-U.S.", "s", "'s", "\u{2019}", "\u{a0}",
            ]), 0..24)
        ) {
            let text: String = parts.concat();
            let (mut fast, mut plain) = (Tokens::new(), Tokens::new());
            tokenize(&text, &mut fast);
            tokenize_plainly(&text, &mut plain);
            proptest::prop_assert_eq!(fast.tokens(), plain.tokens(), "{:?}", text);
            let norms: Vec<&str> = fast.norms().collect();
            proptest::prop_assert_eq!(norms, plain.norms().collect::<Vec<_>>(), "{:?}", text);
        }
    }

    #[test]
    fn long_dotted_runs_take_linear_time() {
        // Each piece of "a.a.a..." once re-read every piece before it.
        let text = "a.".repeat(500_000);
        let started = std::time::Instant::now();
        assert_eq!(tokens_of(&text).len(), 1);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn offsets_slice_the_original_text() {
        let text = "The U.S.-Japan alliance isn\u{2019}t new, said Mr. Kishida.";
        let mut buf = Tokens::new();
        tokenize(text, &mut buf);
        let spans: Vec<&str> = buf.tokens().iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            spans,
            [
                "The",
                "U.S.-Japan",
                "alliance",
                "isn\u{2019}t",
                "new",
                "said",
                "Mr",
                "Kishida"
            ]
        );
    }
}

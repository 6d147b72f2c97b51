//! N-gram generation: word n-grams keyed by packed token ids, and
//! scikit-learn's `char_wb` character n-grams (each whitespace-separated word
//! padded with one space on each side; a word shorter than `n` yields itself
//! once).

/// Largest word n-gram length: three token ids of 21 bits pack into a `u64`.
pub const MAX_WORD_N: usize = 3;
/// Largest number of distinct tokens a word vocabulary can index.
pub const MAX_TOKEN_IDS: u32 = (1 << 21) - 2;

/// Packs up to [`MAX_WORD_N`] token ids into one map key. Ids are shifted by
/// one so that an empty slot (0) never equals a real id.
pub fn pack_ids(ids: &[u32]) -> u64 {
    ids.iter()
        .fold(0u64, |key, &id| (key << 21) | u64::from(id + 1))
}

/// Calls `emit(gram, start, end)` for every n-gram of length `min_n..=max_n`
/// over `ids`, where `start..end` are token indices.
pub fn for_each_word_ngram(
    ids: &[u32],
    min_n: usize,
    max_n: usize,
    mut emit: impl FnMut(u64, usize, usize),
) {
    for n in min_n..=max_n {
        for start in 0..ids.len().saturating_sub(n - 1) {
            emit(pack_ids(&ids[start..start + n]), start, start + n);
        }
    }
}

/// As [`for_each_word_ngram`], but skips every n-gram holding `unknown`: a
/// vocabulary has no term with a token it has never seen, so those need no
/// lookup.
pub fn for_each_known_ngram(
    ids: &[u32],
    min_n: usize,
    max_n: usize,
    unknown: u32,
    mut emit: impl FnMut(u64, usize, usize),
) {
    for n in min_n..=max_n {
        for start in 0..ids.len().saturating_sub(n - 1) {
            let window = &ids[start..start + n];
            if !window.contains(&unknown) {
                emit(pack_ids(window), start, start + n);
            }
        }
    }
}

/// Reusable buffers for character n-grams.
#[derive(Debug, Default)]
pub struct CharGrams {
    padded: String,
    bounds: Vec<usize>,
}

impl CharGrams {
    /// Calls `emit(gram, word_start, word_end)` for every `char_wb` n-gram of
    /// `text`, where the offsets are those of the whitespace-separated word in
    /// `text` that the n-gram came from.
    pub fn for_each(
        &mut self,
        text: &str,
        min_n: usize,
        max_n: usize,
        mut emit: impl FnMut(&str, usize, usize),
    ) {
        for (start, word) in split_whitespace_indices(text) {
            self.pad(word);
            let last = self.bounds.len() - 1; // number of chars in the padded word
            for n in min_n..=max_n {
                if n >= last {
                    emit(&self.padded, start, start + word.len());
                    break;
                }
                for i in 0..=last - n {
                    emit(
                        &self.padded[self.bounds[i]..self.bounds[i + n]],
                        start,
                        start + word.len(),
                    );
                }
            }
        }
    }

    fn pad(&mut self, word: &str) {
        self.padded.clear();
        self.padded.push(' ');
        for c in word.chars() {
            crate::text::analyze::push_lower(&mut self.padded, c);
        }
        self.padded.push(' ');
        self.bounds.clear();
        self.bounds
            .extend(self.padded.char_indices().map(|(i, _)| i));
        self.bounds.push(self.padded.len());
    }
}

fn split_whitespace_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn char_grams(text: &str, min_n: usize, max_n: usize) -> Vec<String> {
        let mut out = Vec::new();
        CharGrams::default().for_each(text, min_n, max_n, |g, _, _| out.push(g.to_owned()));
        out
    }

    #[test]
    fn char_wb_matches_scikit_learn() {
        // TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).build_analyzer()("Hi  Bob")
        assert_eq!(
            char_grams("Hi  Bob", 2, 3),
            [" h", "hi", "i ", " hi", "hi ", " b", "bo", "ob", "b ", " bo", "bob", "ob "]
        );
        // A padded word no longer than n yields itself once and stops:
        // build_analyzer()("a") with ngram_range=(3, 5) -> [" a "]
        assert_eq!(char_grams("a", 3, 5), [" a "]);
    }

    #[test]
    fn char_wb_reports_word_offsets() {
        let mut spans = Vec::new();
        CharGrams::default().for_each("ab  cd", 3, 3, |_, s, e| spans.push((s, e)));
        assert_eq!(spans, [(0, 2), (0, 2), (4, 6), (4, 6)]);
    }

    #[test]
    fn known_ngrams_are_the_word_ngrams_without_the_unknown_id() {
        let ids = [0, 9, 1, 2, 9, 9, 3];
        let mut all = Vec::new();
        for_each_word_ngram(&ids, 1, 3, |key, s, e| {
            if !ids[s..e].contains(&9) {
                all.push((key, s, e));
            }
        });
        let mut known = Vec::new();
        for_each_known_ngram(&ids, 1, 3, 9, |key, s, e| known.push((key, s, e)));
        assert_eq!(known, all);
        assert_eq!(known.len(), 5); // 0, 1, 2, 3 and "1 2"
    }

    #[test]
    fn word_ngrams_in_scikit_learn_order() {
        let mut grams = Vec::new();
        for_each_word_ngram(&[0, 1, 2], 1, 2, |key, s, e| grams.push((key, s, e)));
        let spans: Vec<_> = grams.iter().map(|&(_, s, e)| (s, e)).collect();
        assert_eq!(spans, [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)]);
        assert_ne!(pack_ids(&[0, 1]), pack_ids(&[1]));
        assert_ne!(pack_ids(&[0]), pack_ids(&[0, 0]));
    }
}

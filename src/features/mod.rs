//! Feature extraction: one sparse row per sentence, made of named blocks laid
//! side by side (word TF-IDF, character TF-IDF, lexicon cues).

pub mod sparse;
pub mod lexicon;
pub mod tfidf;

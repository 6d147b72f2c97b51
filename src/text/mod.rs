//! Text stages: the word analyzer (tokens with byte offsets) and n-gram
//! generation. Sentence segmentation of whole articles lives here too.

pub mod analyze;
pub mod ngrams;
pub mod segment;

pub use analyze::{tokenize, Token, Tokens};

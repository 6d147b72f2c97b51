//! Text stages: the word analyzer (tokens with byte offsets) and n-gram
//! generation. Sentence segmentation of whole articles lives here too, and
//! the transcript turn (question or answer) a sentence belongs to.

pub mod analyze;
pub mod ngrams;
pub mod segment;
pub mod turn;

pub use analyze::{tokenize, Token, Tokens};
pub use turn::Turn;

//! stancekit labels English sentences on US/Japan–China security relations
//! by speaker side and tone.
#![deny(missing_docs)]

pub mod corpus;
pub mod error;
pub mod eval;
pub mod explain;
pub mod features;
pub mod inspect;
pub mod label;
pub mod model;
pub mod suggest;
pub mod text;

pub use error::{Error, Result};

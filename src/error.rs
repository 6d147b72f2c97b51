//! The library's one error type. Every variant says where the problem is
//! (file, line, column or setting) and what was wrong, in lower case, so the
//! binary can print it after `stancekit: ` unchanged.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in stancekit.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned ("-" for stdin/stdout).
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },

    /// A row of a CSV, TSV or JSONL input is malformed.
    #[error("{path}:{line}: {message}")]
    Input {
        /// The input file ("-" for stdin).
        path: PathBuf,
        /// 1-based line number of the offending row (0 when unknown).
        line: u64,
        /// What was wrong with it.
        message: String,
    },

    /// The input as a whole cannot be used (no rows, a head with one class, ...).
    #[error("{path}: {message}")]
    Dataset {
        /// The input file.
        path: PathBuf,
        /// What was wrong with it.
        message: String,
    },

    /// A setting is out of range or inconsistent.
    #[error("invalid setting {name}: {message}")]
    Config {
        /// The setting's name as the user typed it.
        name: String,
        /// Why it is refused.
        message: String,
    },

    /// A lexicon file is malformed.
    #[error("lexicon {path}:{line}: {message}")]
    Lexicon {
        /// The lexicon file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What was wrong.
        message: String,
    },

    /// A model file cannot be loaded.
    #[error("model {path}: {message}")]
    Model {
        /// The model file ("<built-in>" for the default model).
        path: PathBuf,
        /// Why it is refused.
        message: String,
    },

    /// The optimiser failed.
    #[error("training the {head} head failed: {message}")]
    Training {
        /// The label column being trained.
        head: String,
        /// The optimiser's message.
        message: String,
    },

    /// An error raised by linfa itself.
    #[error("linfa: {0}")]
    Linfa(#[from] linfa::Error),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An input-row error at `path:line`.
    pub fn input(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// A whole-dataset error for `path`.
    pub fn dataset(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Dataset {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A refused setting.
    pub fn config(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Config {
            name: name.into(),
            message: message.into(),
        }
    }

    /// A refused model file.
    pub fn model(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Model {
            path: path.into(),
            message: message.into(),
        }
    }

    /// True when the error is a closed pipe on output, which a Unix filter
    /// treats as a quiet end rather than a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

//! Reading inputs: labelled CSV for training and evaluation, and the tables
//! and line files `predict` reads. Every error names the file and line.

pub mod documents;
pub mod labelled;
pub mod table;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The name stdin goes by on the command line and in messages.
pub const STDIN: &str = "-";

/// Opens a file, or stdin for `-`, refusing folders with a clear message.
pub fn open_input(path: &Path) -> Result<Box<dyn Read + Send>> {
    if path == Path::new(STDIN) {
        return Ok(Box::new(io::stdin()));
    }
    if path.is_dir() {
        return Err(Error::io(
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "is a folder, not a file"),
        ));
    }
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Maps a csv crate error to ours, keeping the line it happened on.
pub(crate) fn csv_error(path: &Path, err: csv::Error) -> Error {
    let line = err.position().map_or(0, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(e) => Error::io(path, e),
        csv::ErrorKind::Utf8 { pos, err } => Error::input(
            path,
            pos.map_or(line, |p| p.line()),
            format!(
                "invalid UTF-8 in field {} (byte {} of the field)",
                err.field() + 1,
                err.valid_up_to()
            ),
        ),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => Error::input(
            path,
            pos.map_or(line, |p| p.line()),
            format!("row has {len} fields but the header has {expected_len}"),
        ),
        other => Error::input(path, line, format!("{other:?}")),
    }
}

/// Finds a column in a header, or says which columns there are.
pub(crate) fn column_index(path: &Path, header: &csv::StringRecord, name: &str) -> Result<usize> {
    header.iter().position(|h| h == name).ok_or_else(|| {
        let found: Vec<&str> = header.iter().collect();
        Error::input(
            path,
            1,
            format!(
                "no column {name:?} in the header (columns: {})",
                found.join(", ")
            ),
        )
    })
}

/// A CSV reader with the settings every input uses: a header, quoting,
/// strict row lengths.
pub(crate) fn csv_reader(
    input: Box<dyn Read + Send>,
    delimiter: u8,
) -> csv::Reader<Box<dyn Read + Send>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(input)
}

/// The path shown in messages for an input.
pub fn display_path(path: &Path) -> PathBuf {
    if path == Path::new(STDIN) {
        PathBuf::from("<stdin>")
    } else {
        path.to_path_buf()
    }
}

//! Reading inputs: labelled CSV for training and evaluation, and the tables
//! and line files `predict` reads. Every error names the file and line.

mod csv_input;
pub mod documents;
pub mod labelled;
pub mod table;

pub(crate) use csv_input::{csv_error, csv_header, csv_reader, csv_record, record_line, CsvReader};

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The name stdin goes by on the command line and in messages.
pub const STDIN: &str = "-";

/// Dense ids for document keys (the `doc` column of a table), the first
/// seen getting 0: what groups rows into documents.
pub fn dense_ids<S: AsRef<str>>(keys: &[S]) -> Vec<u32> {
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    keys.iter()
        .map(|k| {
            let next = ids.len() as u32;
            *ids.entry(k.as_ref()).or_insert(next)
        })
        .collect()
}

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

/// The path shown in messages for an input.
pub fn display_path(path: &Path) -> PathBuf {
    if path == Path::new(STDIN) {
        PathBuf::from("<stdin>")
    } else {
        path.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::dense_ids;

    #[test]
    fn dense_ids_number_documents_in_order_of_appearance() {
        assert_eq!(dense_ids(&["b", "a", "b", "c", "a"]), [0, 1, 0, 2, 1]);
    }
}

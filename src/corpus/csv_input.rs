//! The CSV reader every input uses, and a wrapper that watches the raw bytes
//! the parser reads, for what the csv crate does not say:
//!
//! - real line numbers: the crate counts `\n` only and starts a record where
//!   the previous one ended, so after CRLF, lone-CR or blank lines its
//!   numbers point at the line before;
//! - a quote left open at the end of the input, which the crate accepts,
//!   making one field of every row after it;
//! - NUL bytes, which mean a binary file or UTF-16 text, not CSV.
//!
//! The last two end the input with an error naming the line.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// A CSV reader over a watched input.
pub(crate) type CsvReader = csv::Reader<Watched<Box<dyn Read + Send>>>;

/// A CSV reader with the settings every input uses: a header, quoting,
/// strict row lengths.
pub(crate) fn csv_reader(input: Box<dyn Read + Send>, delimiter: u8) -> CsvReader {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(Watched::new(input, delimiter))
}

/// The header row, or the error that stopped it.
pub(crate) fn csv_header(reader: &mut CsvReader, path: &Path) -> Result<csv::StringRecord> {
    let header = reader.headers().cloned();
    header.map_err(|e| csv_error(path, reader, e))
}

/// Reads the next record into `record`: its 1-based line, or `None` at the end.
pub(crate) fn csv_record(
    reader: &mut CsvReader,
    path: &Path,
    record: &mut csv::StringRecord,
) -> Result<Option<u64>> {
    match reader.read_record(record) {
        Ok(true) => Ok(Some(record_line(reader, record.position()))),
        Ok(false) => Ok(None),
        Err(e) => Err(csv_error(path, reader, e)),
    }
}

/// Maps a csv crate error to ours, with the line it happened on.
pub(crate) fn csv_error(path: &Path, reader: &mut CsvReader, err: csv::Error) -> Error {
    let line = record_line(reader, err.position());
    match err.into_kind() {
        csv::ErrorKind::Io(e) => match e.get_ref().and_then(|i| i.downcast_ref::<Refused>()) {
            Some(refused) => Error::input(path, refused.line, refused.to_string()),
            None => Error::io(path, e),
        },
        csv::ErrorKind::Utf8 { err, .. } => Error::input(
            path,
            line,
            format!(
                "invalid UTF-8 in field {} (byte {} of the field)",
                err.field() + 1,
                err.valid_up_to()
            ),
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(
            path,
            line,
            format!("row has {len} fields but the header has {expected_len}"),
        ),
        other => Error::input(path, line, format!("{other:?}")),
    }
}

/// The line of the record (or error) at `pos`. Asking also lets the
/// watcher forget the lines before it, so call it for every record.
pub(crate) fn record_line(reader: &mut CsvReader, pos: Option<&csv::Position>) -> u64 {
    pos.map_or(0, |p| reader.get_mut().line_at(p.byte()))
}

/// Why the watcher ended the input early.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refused {
    line: u64,
    what: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    UnclosedQuote,
    Nul,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.what {
            Problem::UnclosedQuote => write!(
                f,
                "unclosed quote: the quoted field opened on this line runs to the end of the file"
            ),
            Problem::Nul => write!(f, "NUL byte (a binary file, or text saved as UTF-16?)"),
        }
    }
}

impl std::error::Error for Refused {}

/// Where the parser stands, as far as quoting goes (csv_core's rules with
/// the default settings: a quote opens a field only at its start, `""` is a
/// quote inside one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end, or the first of `""`.
    QuoteInQuoted,
}

/// The input, watched byte by byte as the parser reads it.
pub(crate) struct Watched<R> {
    inner: R,
    delimiter: u8,
    /// Bytes read so far.
    offset: u64,
    /// Line of the next byte (`\n`, `\r\n` and a lone `\r` end a line).
    line: u64,
    /// The next byte starts a line.
    line_start: bool,
    /// The last byte was `\r`.
    after_cr: bool,
    quoting: Quoting,
    /// The line the open quoted field started on.
    quote_line: u64,
    /// Where each non-blank line starts, `(byte, line)`, from the oldest
    /// record the parser may still ask about.
    starts: VecDeque<(u64, u64)>,
    refused: Option<Refused>,
    /// How many bytes of a leading byte-order mark were seen.
    bom: u64,
}

const BOM: &[u8; 3] = b"\xef\xbb\xbf";

impl<R: Read> Watched<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        Watched {
            inner,
            delimiter,
            offset: 0,
            line: 1,
            line_start: true,
            after_cr: false,
            quoting: Quoting::FieldStart,
            quote_line: 0,
            starts: VecDeque::new(),
            refused: None,
            bom: 0,
        }
    }

    /// The line of the record the parser started at byte `at`: the first
    /// non-blank line from there (the parser's record begins right after
    /// the previous record's terminator, before any blank lines).
    fn line_at(&mut self, at: u64) -> u64 {
        while self.starts.len() > 1 && self.starts[0].0 < at {
            self.starts.pop_front();
        }
        match self.starts.front() {
            Some(&(byte, line)) if byte >= at => line,
            _ => self.line,
        }
    }

    fn watch(&mut self, bytes: &[u8]) -> Option<Refused> {
        for &b in bytes {
            let at = self.offset;
            self.offset += 1;
            if b == 0 {
                return Some(Refused {
                    line: self.line,
                    what: Problem::Nul,
                });
            }
            self.count_line(at, b);
            if at < 3 && self.bom == at && b == BOM[self.bom as usize] {
                self.bom += 1; // the parser skips a byte-order mark
                continue;
            }
            if at == self.bom && (1..3).contains(&self.bom) {
                self.quoting = Quoting::Unquoted; // half a mark is content
            }
            self.quote(b);
        }
        None
    }

    fn count_line(&mut self, at: u64, b: u8) {
        let crlf = b == b'\n' && self.after_cr;
        self.after_cr = b == b'\r';
        if crlf {
            return;
        }
        if b == b'\n' || b == b'\r' {
            self.line += 1;
            self.line_start = true;
        } else if self.line_start {
            self.starts.push_back((at, self.line));
            self.line_start = false;
        }
    }

    fn quote(&mut self, b: u8) {
        let ends_field = b == self.delimiter || b == b'\n' || b == b'\r';
        self.quoting = match (self.quoting, b) {
            (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
            (Quoting::Quoted, _) => Quoting::Quoted,
            (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
            (Quoting::FieldStart, b'"') => {
                self.quote_line = self.line;
                Quoting::Quoted
            }
            _ if ends_field => Quoting::FieldStart,
            _ => Quoting::Unquoted,
        };
    }
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(refused) = &self.refused {
            return Err(io::Error::new(io::ErrorKind::InvalidData, refused.clone()));
        }
        let n = self.inner.read(buf)?;
        let refused = if n == 0 && self.quoting == Quoting::Quoted {
            Some(Refused {
                line: self.quote_line,
                what: Problem::UnclosedQuote,
            })
        } else {
            self.watch(&buf[..n])
        };
        match refused {
            Some(r) => {
                self.refused = Some(r.clone());
                Err(io::Error::new(io::ErrorKind::InvalidData, r))
            }
            None => Ok(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record's line, or the error message.
    fn lines(content: &[u8]) -> std::result::Result<Vec<u64>, String> {
        let mut reader = csv_reader(Box::new(io::Cursor::new(content.to_vec())), b',');
        let path = Path::new("f.csv");
        csv_header(&mut reader, path).map_err(|e| e.to_string())?;
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        while let Some(line) =
            csv_record(&mut reader, path, &mut record).map_err(|e| e.to_string())?
        {
            out.push(line);
        }
        Ok(out)
    }

    #[test]
    fn line_numbers_count_every_kind_of_line_end() {
        let cases: &[(&[u8], &[u64])] = &[
            (b"a,b\n1,2\n3,4\n", &[2, 3]),
            (b"a,b\r\n1,2\r\n3,4\r\n", &[2, 3]),
            (b"a,b\r1,2\r3,4\r", &[2, 3]),
            (b"a,b\n\n\n1,2\n\r\n3,4", &[4, 6]),
            (b"\xef\xbb\xbfa,b\n1,2\n", &[2]),
            (b"\n\r\na,b\n1,2\n", &[4]),
            (b"a,b\n\"x\ny\",2\n3,4\n", &[2, 4]),
            (b"a,b\n\"x\r\n\r\ny\",\"\"\"\"\n3,4\n", &[2, 5]),
        ];
        for (content, want) in cases {
            assert_eq!(lines(content).as_deref(), Ok(*want), "{content:?}");
        }
    }

    #[test]
    fn errors_name_the_real_line() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"a,b\r\n1,2\r\n3\r\n",
                "f.csv:3: row has 1 fields but the header has 2",
            ),
            (
                b"a,b\r1,2\r\r3\r",
                "f.csv:4: row has 1 fields but the header has 2",
            ),
            (
                b"a,b\n1,\"open\n2,3\n4,5\n",
                "f.csv:2: unclosed quote: the quoted field opened on this line",
            ),
            (b"a,b\n1,2\n3,\"x\"\"\n", "f.csv:3: unclosed quote"),
            (
                b"a,b\n1,2\n3,x\0y\n",
                "f.csv:3: NUL byte (a binary file, or text saved as UTF-16?)",
            ),
            (b"\xef\xbb\xbf\"a\nb\",c\n1,\"2", "f.csv:3: unclosed quote"),
        ];
        for (content, want) in cases {
            let got = lines(content).unwrap_err();
            assert!(got.starts_with(want), "{content:?}: {got}");
        }
    }

    #[test]
    fn quotes_that_close_or_sit_inside_a_field_are_fine() {
        for content in [
            &b"a,b\n\"x\",\"y\"\"z\"\n"[..],
            b"a,b\nx\"y,z\n",
            b"a,b\n\"x\"y,z\n",
            b"\"a\",\"\"\n1,\"\"\"\"",
            b"\xef\xbb\xbf\"a\",b\n1,2\n",
        ] {
            assert!(lines(content).is_ok(), "{content:?}: {:?}", lines(content));
        }
    }
}

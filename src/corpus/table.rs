//! Rows to predict: CSV with a header (every column kept, one of them the
//! text) or plain text with one sentence a line. Read in batches so memory
//! stays flat however long the input.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::corpus::{
    column_index, csv_header, csv_reader, csv_record, display_path, open_input, CsvReader,
};
use crate::error::{Error, Result};

/// How the rows are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFormat {
    /// CSV with a header; the named column holds the text.
    Csv {
        /// The text column.
        text_col: String,
    },
    /// One sentence a line; the output calls the column `text`.
    Lines,
}

/// One input row: its fields as read and the line it started on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputRow {
    /// Every field, in header order (one field in line mode).
    pub fields: Vec<String>,
    /// 1-based line number.
    pub line: u64,
}

enum Source {
    Csv(CsvReader),
    Lines(BufReader<Box<dyn Read + Send>>, u64),
}

/// A reader of input rows from one file or stdin.
pub struct RowReader {
    path: PathBuf,
    source: Source,
    header: Vec<String>,
    text_at: usize,
}

impl RowReader {
    /// Opens `path` (or stdin for `-`) and reads the header.
    pub fn open(path: &Path, format: &RowFormat) -> Result<Self> {
        Self::from_reader(open_input(path)?, display_path(path), format)
    }

    /// Reads rows from `input`; `shown` names it in messages.
    pub fn from_reader(
        input: Box<dyn Read + Send>,
        shown: PathBuf,
        format: &RowFormat,
    ) -> Result<Self> {
        match format {
            RowFormat::Lines => Ok(RowReader {
                path: shown,
                source: Source::Lines(BufReader::with_capacity(1 << 16, input), 0),
                header: vec!["text".into()],
                text_at: 0,
            }),
            RowFormat::Csv { text_col } => {
                let mut reader = csv_reader(input, b',');
                let header = csv_header(&mut reader, &shown)?;
                if header.iter().all(str::is_empty) {
                    return Err(Error::input(
                        &shown,
                        1,
                        "the file is empty: expected a header row",
                    ));
                }
                let text_at = column_index(&shown, &header, text_col)?;
                Ok(RowReader {
                    path: shown,
                    source: Source::Csv(reader),
                    header: header.iter().map(str::to_owned).collect(),
                    text_at,
                })
            }
        }
    }

    /// The column names of the input.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The path shown in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text of a row read by this reader.
    pub fn text<'r>(&self, row: &'r InputRow) -> &'r str {
        &row.fields[self.text_at]
    }

    /// Reads up to `max` rows into `out` (cleared first); false at the end.
    pub fn next_batch(&mut self, max: usize, out: &mut Vec<InputRow>) -> Result<bool> {
        out.clear();
        while out.len() < max {
            match self.next_row()? {
                Some(row) => out.push(row),
                None => break,
            }
        }
        Ok(!out.is_empty())
    }

    fn next_row(&mut self) -> Result<Option<InputRow>> {
        match &mut self.source {
            Source::Csv(reader) => {
                let mut record = csv::StringRecord::new();
                let Some(line) = csv_record(reader, &self.path, &mut record)? else {
                    return Ok(None);
                };
                Ok(Some(InputRow {
                    fields: record.iter().map(str::to_owned).collect(),
                    line,
                }))
            }
            Source::Lines(reader, line) => next_line(reader, line, &self.path),
        }
    }
}

fn next_line(reader: &mut impl BufRead, line: &mut u64, path: &Path) -> Result<Option<InputRow>> {
    let mut bytes = Vec::new();
    if !read_line(reader, &mut bytes).map_err(|e| Error::io(path, e))? {
        return Ok(None);
    }
    *line += 1;
    if *line == 1 && bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::input(
            path,
            *line,
            format!("NUL byte at byte {at} of the line (a binary file, or text saved as UTF-16?)"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::input(
            path,
            *line,
            format!(
                "invalid UTF-8 at byte {} of the line",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(Some(InputRow {
        fields: vec![text],
        line: *line,
    }))
}

/// Reads one line into `out` without its end (`\n`, `\r\n` or a lone `\r`,
/// as the CSV reader and the splitter count lines); false at the end.
fn read_line(reader: &mut impl BufRead, out: &mut Vec<u8>) -> io::Result<bool> {
    let mut read_any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(read_any);
        }
        read_any = true;
        let Some(end) = buf.iter().position(|&b| b == b'\n' || b == b'\r') else {
            out.extend_from_slice(buf);
            let n = buf.len();
            reader.consume(n);
            continue;
        };
        let cr = buf[end] == b'\r';
        out.extend_from_slice(&buf[..end]);
        reader.consume(end + 1);
        if cr && next_byte(reader)? == Some(b'\n') {
            reader.consume(1);
        }
        return Ok(true);
    }
}

fn next_byte(reader: &mut impl BufRead) -> io::Result<Option<u8>> {
    loop {
        match reader.fill_buf() {
            Ok(buf) => return Ok(buf.first().copied()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn rows(content: &[u8], format: RowFormat) -> Result<(Vec<String>, Vec<InputRow>)> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(content).unwrap();
        let mut r = RowReader::open(f.path(), &format)?;
        let (mut all, mut batch) = (Vec::new(), Vec::new());
        while r.next_batch(2, &mut batch)? {
            all.append(&mut batch);
        }
        Ok((r.header().to_vec(), all))
    }

    #[test]
    fn lines_keep_blank_lines_and_strip_crlf_and_bom() {
        let (header, got) = rows(b"\xef\xbb\xbfone\r\n\r\nthree", RowFormat::Lines).unwrap();
        assert_eq!(header, ["text"]);
        let texts: Vec<&str> = got.iter().map(|r| r.fields[0].as_str()).collect();
        assert_eq!(texts, ["one", "", "three"]);
        assert_eq!(got[2].line, 3);
    }

    #[test]
    fn lines_end_at_lone_cr_too_and_refuse_nul() {
        let (_, got) = rows(b"one\rtwo\r\rfour\r\nfive\n\r", RowFormat::Lines).unwrap();
        let texts: Vec<&str> = got.iter().map(|r| r.fields[0].as_str()).collect();
        assert_eq!(texts, ["one", "two", "", "four", "five", ""]);
        assert_eq!(got[4].line, 5);
        let err = rows(b"ok\r\nt\0e\0x\0t\0\n", RowFormat::Lines)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(
                ":2: NUL byte at byte 1 of the line (a binary file, or text saved as UTF-16?)"
            ),
            "{err}"
        );
    }

    #[test]
    fn csv_keeps_every_column() {
        let (header, got) = rows(
            b"id,text\n7,hello\n8,\"a, b\"\n9,c\n",
            RowFormat::Csv {
                text_col: "text".into(),
            },
        )
        .unwrap();
        assert_eq!(header, ["id", "text"]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].fields, ["8", "a, b"]);
    }

    #[test]
    fn errors_name_the_line() {
        let err = rows(b"ok\n\xff\xfe\n", RowFormat::Lines)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(":2: invalid UTF-8 at byte 0 of the line"),
            "{err}"
        );
        let err = rows(
            b"id,body\n1,x\n",
            RowFormat::Csv {
                text_col: "text".into(),
            },
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":1: no column \"text\""), "{err}");
    }
}

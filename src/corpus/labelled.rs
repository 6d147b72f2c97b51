//! Labelled CSV: a header, a text column and one column per label head.
//! An optional `turn` column gives each row's transcript turn
//! ([`crate::text::turn`]); other columns are kept by the reader's callers
//! and ignored for training. Label values are whatever the file holds.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::corpus::{column_index, csv_header, csv_reader, csv_record, display_path, open_input};
use crate::error::{Error, Result};
use crate::text::Turn;

/// Which columns to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The text column.
    pub text: String,
    /// The label columns, one head each.
    pub labels: Vec<String>,
    /// The column naming each row's document, read when the header has it
    /// (a missing one is not an error: the rows are then read as unrelated
    /// sentences).
    pub doc: Option<String>,
    /// The column giving each row's transcript turn, read when the header
    /// has it (without it every turn is unknown).
    pub turn: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: "text".into(),
            labels: vec!["side".into(), "tone".into()],
            doc: Some("doc".into()),
            turn: Some("turn".into()),
        }
    }
}

/// A labelled data set in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledData {
    /// Where it was read from.
    pub path: PathBuf,
    /// The head names (label column names), in order.
    pub heads: Vec<String>,
    /// One text per row.
    pub texts: Vec<String>,
    /// `labels[h][i]` is row `i`'s label for head `h`.
    pub labels: Vec<Vec<String>>,
    /// 1-based line number of each row in the file.
    pub lines: Vec<u64>,
    /// The document of each row, when the file has a document column.
    pub docs: Option<Vec<String>>,
    /// The transcript turn of each row ([`Turn::Unknown`] when the file has
    /// no turn column).
    pub turns: Vec<Turn>,
}

impl LabelledData {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The sorted distinct labels of head `h`.
    pub fn label_set(&self, h: usize) -> Vec<String> {
        let mut set = self.labels[h].clone();
        set.sort_unstable();
        set.dedup();
        set
    }

    /// Appends the rows of `other` (same heads), as when training on several
    /// files; the path shown becomes the first file's. Documents are kept
    /// only when both sides have them: a row without one cannot be grouped.
    pub fn append(&mut self, other: LabelledData) {
        debug_assert_eq!(self.heads, other.heads);
        self.docs = match (self.docs.take(), other.docs) {
            (Some(mut a), Some(b)) => {
                a.extend(b);
                Some(a)
            }
            _ => None,
        };
        self.texts.extend(other.texts);
        self.turns.extend(other.turns);
        self.lines.extend(other.lines);
        self.labels
            .iter_mut()
            .zip(other.labels)
            .for_each(|(a, b)| a.extend(b));
    }

    /// The rows whose indices are listed, in that order.
    pub fn subset(&self, rows: &[usize]) -> LabelledData {
        LabelledData {
            path: self.path.clone(),
            heads: self.heads.clone(),
            texts: rows.iter().map(|&i| self.texts[i].clone()).collect(),
            labels: self
                .labels
                .iter()
                .map(|l| rows.iter().map(|&i| l[i].clone()).collect())
                .collect(),
            lines: rows.iter().map(|&i| self.lines[i]).collect(),
            turns: rows.iter().map(|&i| self.turns[i]).collect(),
            docs: self
                .docs
                .as_ref()
                .map(|d| rows.iter().map(|&i| d[i].clone()).collect()),
        }
    }

    /// Dense document ids (first seen first), when the rows have documents.
    pub fn doc_ids(&self) -> Option<Vec<u32>> {
        self.docs.as_deref().map(crate::corpus::dense_ids)
    }

    /// Refuses data that cannot train a model: no rows, or a head with
    /// fewer than two classes.
    pub fn check_trainable(&self) -> Result<()> {
        if self.is_empty() {
            return Err(Error::dataset(
                &self.path,
                "no labelled rows (header only?)",
            ));
        }
        for (h, head) in self.heads.iter().enumerate() {
            let set = self.label_set(h);
            if set.len() < 2 {
                return Err(Error::dataset(
                    &self.path,
                    format!(
                        "head {head:?} has only one class ({:?}); a classifier needs at least two",
                        set.first().map_or("", String::as_str)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Reads a labelled CSV file (or stdin for `-`).
pub fn read_labelled(path: &Path, columns: &Columns) -> Result<LabelledData> {
    read_labelled_from(open_input(path)?, &display_path(path), columns)
}

/// Reads labelled CSV from `input`; `shown` names it in messages.
pub fn read_labelled_from(
    input: Box<dyn Read + Send>,
    shown: &Path,
    columns: &Columns,
) -> Result<LabelledData> {
    if columns.labels.is_empty() {
        return Err(Error::config(
            "--label",
            "at least one label column is needed",
        ));
    }
    let shown = shown.to_path_buf();
    let mut reader = csv_reader(input, b',');
    let header = csv_header(&mut reader, &shown)?;
    if header.is_empty() || header.iter().all(str::is_empty) {
        return Err(Error::input(
            &shown,
            1,
            "the file is empty: expected a header row",
        ));
    }
    let text_at = column_index(&shown, &header, &columns.text)?;
    let label_at: Vec<usize> = columns
        .labels
        .iter()
        .map(|l| column_index(&shown, &header, l))
        .collect::<Result<_>>()?;
    let optional = |name: &Option<String>| {
        name.as_ref()
            .and_then(|name| header.iter().position(|h| h == name))
    };
    let (doc_at, turn_at) = (optional(&columns.doc), optional(&columns.turn));
    let mut data = LabelledData {
        path: shown.clone(),
        heads: columns.labels.clone(),
        texts: Vec::new(),
        labels: vec![Vec::new(); label_at.len()],
        lines: Vec::new(),
        docs: doc_at.map(|_| Vec::new()),
        turns: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    while let Some(line) = csv_record(&mut reader, &shown, &mut record)? {
        push_row(&mut data, &record, line, text_at, &label_at, columns)?;
        let turn = match (turn_at, &columns.turn) {
            (Some(at), Some(name)) => read_turn(&record[at], &shown, line, name)?,
            _ => Turn::Unknown,
        };
        data.turns.push(turn);
        if let (Some(docs), Some(at)) = (&mut data.docs, doc_at) {
            docs.push(record[at].to_owned());
        }
    }
    Ok(data)
}

/// Reads one `turn` cell; a value that is not a turn is an error naming it.
pub fn read_turn(value: &str, shown: &Path, line: u64, column: &str) -> Result<Turn> {
    Turn::parse(value).ok_or_else(|| {
        Error::input(
            shown,
            line,
            format!(
                "{value:?} in column {column:?} is not a turn (expected {})",
                Turn::VALUES
            ),
        )
    })
}

fn push_row(
    data: &mut LabelledData,
    record: &csv::StringRecord,
    line: u64,
    text_at: usize,
    label_at: &[usize],
    columns: &Columns,
) -> Result<()> {
    let text = &record[text_at];
    if text.trim().is_empty() {
        return Err(Error::input(
            &data.path,
            line,
            format!("empty text in column {:?}", columns.text),
        ));
    }
    for (h, &at) in label_at.iter().enumerate() {
        let label = record[at].trim();
        if label.is_empty() {
            return Err(Error::input(
                &data.path,
                line,
                format!("empty label in column {:?}", columns.labels[h]),
            ));
        }
        data.labels[h].push(label.to_owned());
    }
    data.texts.push(text.to_owned());
    data.lines.push(line);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(content: &[u8]) -> Result<LabelledData> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(content).unwrap();
        read_labelled(f.path(), &Columns::default())
    }

    #[test]
    fn reads_rows_and_keeps_labels_as_written() {
        let d = read(b"id,text,side,tone\n1,Hello there,china,neutral\n2,\"Quoted, text\",us_japan,accusatory\n").unwrap();
        assert_eq!(d.texts, ["Hello there", "Quoted, text"]);
        assert_eq!(d.labels[0], ["china", "us_japan"]);
        assert_eq!(d.lines, [2, 3]);
        assert_eq!(d.label_set(1), ["accusatory", "neutral"]);
        assert_eq!(d.turns, [Turn::Unknown, Turn::Unknown]);
    }

    #[test]
    fn reads_the_turn_column_when_there_is_one() {
        let d = read(b"text,side,tone,turn\na,none,neutral,question\nb,china,neutral,Answer\nc,none,neutral,\n").unwrap();
        assert_eq!(d.turns, [Turn::Question, Turn::Answer, Turn::Unknown]);
        let mut both = d.clone();
        both.append(read(b"text,side,tone\nd,china,neutral\n").unwrap());
        assert_eq!(both.turns.len(), both.texts.len());
        assert_eq!(both.subset(&[3, 1]).turns, [Turn::Unknown, Turn::Answer]);
    }

    #[test]
    fn bad_files_name_the_line_and_problem() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"text,side\nx,china\n",
                "1: no column \"tone\" in the header (columns: text, side)",
            ),
            (
                b"text,side,tone\nx,china,neutral\ny,china\n",
                "3: row has 2 fields but the header has 3",
            ),
            (
                b"text,side,tone\n  ,china,neutral\n",
                "2: empty text in column \"text\"",
            ),
            (
                b"text,side,tone\nx,,neutral\n",
                "2: empty label in column \"side\"",
            ),
            (
                b"text,side,tone\nx,china,\xff\n",
                "2: invalid UTF-8 in field 3 (byte 0 of the field)",
            ),
            (b"", "1: the file is empty: expected a header row"),
            (
                b"text,side,tone,turn\nx,china,neutral,answer\ny,china,neutral,reply\n",
                "3: \"reply\" in column \"turn\" is not a turn (expected question, answer or empty)",
            ),
        ];
        for (content, want) in cases {
            let got = read(content).unwrap_err().to_string();
            assert!(got.ends_with(want), "{got:?} should end with {want:?}");
        }
    }

    #[test]
    fn one_class_heads_and_empty_data_are_not_trainable() {
        let d = read(b"text,side,tone\na,china,neutral\nb,china,accusatory\n").unwrap();
        let err = d.check_trainable().unwrap_err().to_string();
        assert!(
            err.contains("head \"side\" has only one class (\"china\")"),
            "{err}"
        );
        assert!(read(b"text,side,tone\n")
            .unwrap()
            .check_trainable()
            .is_err());
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let d = read(b"\xef\xbb\xbftext,side,tone\r\nx,china,neutral\r\n").unwrap();
        assert_eq!(d.texts, ["x"]);
        assert_eq!(d.labels[1], ["neutral"]);
    }
}

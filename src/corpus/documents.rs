//! Documents to batch-label: plain-text or Markdown files, folders walked
//! recursively, CSV or JSON Lines files of documents, and stdin.
//!
//! Invariant: documents come out in a deterministic order (paths as given,
//! folder entries sorted), and a document that cannot be read comes out as
//! an error value naming its path and line, so the caller reports it and
//! goes on: nothing is skipped silently.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::corpus::{
    column_index, csv_error, csv_header, csv_reader, display_path, open_input, record_line, STDIN,
};
use crate::error::{Error, Result};

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// By file extension (`.csv`, `.jsonl`/`.ndjson`, anything else text);
    /// stdin is JSON Lines when its first byte is `{`, text otherwise.
    Auto,
    /// The whole input is one document.
    Text,
    /// CSV with a header: one document per row.
    Csv,
    /// JSON Lines: one document object per line.
    Jsonl,
}

/// Column or key names for CSV and JSON Lines documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFields {
    /// The document id column/key.
    pub id: String,
    /// The text column/key.
    pub text: String,
}

/// One document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its id: the path for files, the id field for rows.
    pub id: String,
    /// Its text.
    pub text: String,
    /// For JSON Lines input, the other keys of the object, carried through.
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Expands folders into their files, recursively and sorted; keeps files
/// and `-` as given. A path that does not exist is kept, so reading it
/// reports the error in order.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// The files this run writes, by device and inode, so that reading a folder
/// never reads the run's own output back (`stancekit label . > out.csv`, or
/// `--summary` inside the folder being labelled).
#[derive(Debug, Default)]
pub struct OwnOutputs(Vec<(u64, u64)>);

impl OwnOutputs {
    /// Standard output when it is a regular file, and `files` (which must
    /// exist by now to be recognised).
    pub fn stdout_and(files: &[&Path]) -> Self {
        let mut ids: Vec<(u64, u64)> = files.iter().filter_map(|f| file_id(f)).collect();
        ids.extend(stdout_id());
        OwnOutputs(ids)
    }

    /// Whether `path` is one of the run's outputs.
    pub fn contains(&self, path: &Path) -> bool {
        !self.0.is_empty() && file_id(path).is_some_and(|id| self.0.contains(&id))
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(unix)]
fn stdout_id() -> Option<(u64, u64)> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = fs::File::from(fd).metadata().ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(not(unix))]
fn stdout_id() -> Option<(u64, u64)> {
    None
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        out.push(dir.to_path_buf()); // reading it will report why
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if !is_hidden(&p) {
            out.push(p);
        }
    }
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Reads every document of one input, calling `each` with a document or
/// with the error that stopped one. Returns an error only when the input as
/// a whole cannot be opened.
pub fn read_documents(
    path: &Path,
    format: DocFormat,
    fields: &DocFields,
    each: &mut dyn FnMut(Result<Document>),
) -> Result<()> {
    read_documents_from(open_input(path)?, path, format, fields, each)
}

/// Reads every document of `input` as [`read_documents`] does; `path` is
/// where it came from (its extension picks the format under
/// [`DocFormat::Auto`], and messages name it).
pub fn read_documents_from(
    input: Box<dyn Read + Send>,
    path: &Path,
    format: DocFormat,
    fields: &DocFields,
    each: &mut dyn FnMut(Result<Document>),
) -> Result<()> {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let format = resolve(path, format, &mut input).map_err(|e| Error::io(display_path(path), e))?;
    let shown = display_path(path);
    match format {
        DocFormat::Csv => read_csv(&shown, Box::new(input), fields, each),
        DocFormat::Jsonl => read_jsonl(&shown, input, fields, each),
        _ => {
            each(read_text(&shown, input));
            Ok(())
        }
    }
}

fn resolve(
    path: &Path,
    format: DocFormat,
    input: &mut BufReader<Box<dyn Read + Send>>,
) -> std::io::Result<DocFormat> {
    if format != DocFormat::Auto {
        return Ok(format);
    }
    if path == Path::new(STDIN) {
        let head = input.fill_buf()?;
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let starts_json = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        return Ok(if starts_json {
            DocFormat::Jsonl
        } else {
            DocFormat::Text
        });
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    Ok(match ext.as_deref() {
        Some("csv") => DocFormat::Csv,
        Some("jsonl" | "ndjson") => DocFormat::Jsonl,
        _ => DocFormat::Text,
    })
}

fn read_text(shown: &Path, mut input: impl Read) -> Result<Document> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(shown, e))?;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::input(
            shown,
            line_at(&bytes, at),
            format!("NUL byte at offset {at} (a binary file, or text saved as UTF-16?)"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::input(
            shown,
            line_at(e.as_bytes(), at),
            format!("not UTF-8 text (invalid byte at offset {at})"),
        )
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(Document {
        id: shown.display().to_string(),
        text,
        extra: None,
    })
}

/// The 1-based line of byte `at` (`\n`, `\r\n` and a lone `\r` end a line).
fn line_at(bytes: &[u8], at: usize) -> u64 {
    let before = bytes.get(..at).unwrap_or(bytes);
    let ends = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    ends as u64 + 1
}

fn read_csv(
    shown: &Path,
    input: Box<dyn Read + Send>,
    fields: &DocFields,
    each: &mut dyn FnMut(Result<Document>),
) -> Result<()> {
    let mut reader = csv_reader(input, b',');
    let header = csv_header(&mut reader, shown)?;
    let (id_at, text_at) = (
        column_index(shown, &header, &fields.id)?,
        column_index(shown, &header, &fields.text)?,
    );
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                record_line(&mut reader, record.position()); // keeps the line index small
                each(Ok(Document {
                    id: record[id_at].to_owned(),
                    text: record[text_at].to_owned(),
                    extra: None,
                }))
            }
            Err(e) => {
                // A bad row is reported and skipped; a read error ends the input.
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                each(Err(csv_error(shown, &mut reader, e)));
                if fatal {
                    return Ok(());
                }
            }
        }
    }
}

fn read_jsonl(
    shown: &Path,
    mut input: impl BufRead,
    fields: &DocFields,
    each: &mut dyn FnMut(Result<Document>),
) -> Result<()> {
    let mut line_no = 0u64;
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        match input.read_until(b'\n', &mut bytes) {
            Ok(0) => return Ok(()),
            Ok(_) => line_no += 1,
            Err(e) => {
                each(Err(Error::io(shown, e)));
                return Ok(());
            }
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue; // a blank line holds no document
        }
        let line = match line_no {
            1 => bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes),
            _ => &bytes,
        };
        each(parse_json_document(line, fields).map_err(|m| Error::input(shown, line_no, m)));
    }
}

/// Parses one JSON Lines document: an object with a string text field and
/// a string or number id field; other keys are kept.
pub fn parse_json_document(
    line: &[u8],
    fields: &DocFields,
) -> std::result::Result<Document, String> {
    let value: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let serde_json::Value::Object(mut object) = value else {
        return Err("expected a JSON object per line".into());
    };
    let text = match object.shift_remove(&fields.text) {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err(format!("key {:?} is not a string", fields.text)),
        None => return Err(format!("no key {:?}", fields.text)),
    };
    let id = match object.shift_remove(&fields.id) {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err(format!("key {:?} is not a string or number", fields.id)),
        None => return Err(format!("no key {:?}", fields.id)),
    };
    Ok(Document {
        id,
        text,
        extra: Some(object),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> DocFields {
        DocFields {
            id: "id".into(),
            text: "text".into(),
        }
    }

    fn collect(path: &Path, format: DocFormat) -> Vec<std::result::Result<Document, String>> {
        let mut out = Vec::new();
        read_documents(path, format, &fields(), &mut |d| {
            out.push(d.map_err(|e| e.to_string()))
        })
        .unwrap();
        out
    }

    #[test]
    fn jsonl_documents_keep_extra_keys_and_name_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs.jsonl");
        fs::write(
            &path,
            b"{\"id\": 1, \"text\": \"Hi.\", \"outlet\": \"x\"}\n\n{\"id\": \"b\"}\nnot json\n",
        )
        .unwrap();
        let got = collect(&path, DocFormat::Auto);
        let first = got[0].as_ref().unwrap();
        assert_eq!((first.id.as_str(), first.text.as_str()), ("1", "Hi."));
        assert_eq!(first.extra.as_ref().unwrap()["outlet"], "x");
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .ends_with(":3: no key \"text\""));
        assert!(got[2].as_ref().unwrap_err().contains(":4: not valid JSON"));
    }

    #[test]
    fn a_byte_order_mark_before_json_lines_is_skipped_and_key_order_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs.jsonl");
        fs::write(
            &path,
            b"\xef\xbb\xbf{\"z\": 1, \"id\": \"a\", \"text\": \"Hi.\", \"b\": 2}\n",
        )
        .unwrap();
        let got = collect(&path, DocFormat::Jsonl);
        let extra = got[0].as_ref().unwrap().extra.clone().unwrap();
        assert_eq!(extra.keys().collect::<Vec<_>>(), ["z", "b"]);
    }

    #[test]
    fn text_files_are_one_document_and_bad_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.txt");
        fs::write(&good, "\u{feff}First. Second.").unwrap();
        assert_eq!(
            collect(&good, DocFormat::Auto)[0].as_ref().unwrap().text,
            "First. Second."
        );
        let binary = dir.path().join("c.txt");
        fs::write(&binary, b"ok\nt\0e\0x\0t\0").unwrap();
        assert!(collect(&binary, DocFormat::Auto)[0]
            .as_ref()
            .unwrap_err()
            .contains(":2: NUL byte at offset 4 (a binary file, or text saved as UTF-16?)"));
        let bad = dir.path().join("b.md");
        fs::write(&bad, b"ok\nbad \xff here").unwrap();
        assert!(collect(&bad, DocFormat::Auto)[0]
            .as_ref()
            .unwrap_err()
            .contains(":2: not UTF-8 text"));
    }

    #[test]
    fn folders_expand_sorted_and_recursive_without_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "a.txt", "sub/c.md", ".hidden"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let names: Vec<String> = expand_paths(&[dir.path().to_path_buf()])
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/c.md"]);
    }
}

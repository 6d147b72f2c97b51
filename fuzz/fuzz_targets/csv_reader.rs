//! The input readers on any bytes: the labelled CSV reader (`train`,
//! `eval`), the row reader (`predict`, CSV and line modes) and the document
//! reader (`label`, CSV, JSON Lines and text). The first byte picks the
//! reader, the rest is the file. No panic; what comes back is consistent.
#![no_main]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use stancekit::corpus::documents::{read_documents_from, DocFields, DocFormat};
use stancekit::corpus::labelled::{read_labelled_from, Columns};
use stancekit::corpus::table::{RowFormat, RowReader};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, content)) = data.split_first() else {
        return;
    };
    let input = Box::new(Cursor::new(content.to_vec()));
    match mode % 6 {
        0 => labelled(input),
        1 => rows(
            input,
            RowFormat::Csv {
                text_col: "text".into(),
            },
            content,
        ),
        2 => rows(input, RowFormat::Lines, content),
        3 => documents(input, DocFormat::Csv),
        4 => documents(input, DocFormat::Jsonl),
        _ => documents(input, DocFormat::Text),
    }
});

fn labelled(input: Box<Cursor<Vec<u8>>>) {
    let Ok(data) = read_labelled_from(input, Path::new("fuzz.csv"), &Columns::default()) else {
        return;
    };
    assert_eq!(data.texts.len(), data.lines.len());
    assert_eq!(data.labels.len(), data.heads.len());
    for (h, labels) in data.labels.iter().enumerate() {
        assert_eq!(labels.len(), data.len());
        assert!(labels.iter().all(|l| !l.is_empty()));
        let _ = data.label_set(h);
    }
    let _ = data.check_trainable();
}

fn rows(input: Box<Cursor<Vec<u8>>>, format: RowFormat, content: &[u8]) {
    let Ok(mut reader) = RowReader::from_reader(input, PathBuf::from("fuzz.csv"), &format) else {
        return;
    };
    let width = reader.header().len();
    let mut batch = Vec::new();
    let mut count = 0usize;
    let finished = loop {
        match reader.next_batch(3, &mut batch) {
            Ok(true) => {}
            Ok(false) => break true,
            Err(_) => break false,
        }
        for row in &batch {
            assert_eq!(row.fields.len(), width);
            let _ = reader.text(row);
        }
        count += batch.len();
    };
    if format == RowFormat::Lines {
        // Line mode never drops a line: one row per line, fewer only after an error.
        let lines = count_lines(content);
        assert!(count <= lines, "{count} rows from {lines} lines");
        assert!(
            !finished || count == lines,
            "{count} rows from {lines} lines"
        );
    }
}

/// Lines as the readers count them: `\n`, `\r\n` and a lone `\r` end one.
fn count_lines(content: &[u8]) -> usize {
    let ends = content
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && content.get(i + 1) != Some(&b'\n')))
        .count();
    let open_tail = content.last().is_some_and(|&b| b != b'\n' && b != b'\r');
    ends + usize::from(open_tail)
}

fn documents(input: Box<Cursor<Vec<u8>>>, format: DocFormat) {
    let fields = DocFields {
        id: "id".into(),
        text: "text".into(),
    };
    let mut n = 0usize;
    let _ = read_documents_from(input, Path::new("fuzz"), format, &fields, &mut |doc| {
        n += 1;
        if let Ok(doc) = doc {
            let _ = doc.text.len() + doc.id.len();
        }
    });
    if format == DocFormat::Text {
        assert_eq!(n, 1, "a text input is exactly one document or one error");
    }
}

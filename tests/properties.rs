//! Property tests of the code user input reaches first: the CSV, line and
//! document readers, the sentence splitter, the word analyzer and the model
//! loader. Any bytes give a value or an error, never a panic; well-formed
//! input comes back whole (no row dropped, every line number right).

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use stancekit::corpus::documents::{read_documents_from, DocFields, DocFormat};
use stancekit::corpus::labelled::{read_labelled_from, Columns, LabelledData};
use stancekit::corpus::table::{InputRow, RowFormat, RowReader};
use stancekit::features::cues::Lexicons;
use stancekit::model::file::{from_bytes, to_bytes, FORMAT_VERSION, MAGIC};
use stancekit::model::{StanceModel, TrainConfig};
use stancekit::text::segment::Splitter;
use stancekit::text::{tokenize, Tokens};

// ---------------------------------------------------------------------------
// Generators

/// Bytes made of the pieces that trouble CSV and line readers.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop::sample::select(vec![
        &b"text"[..],
        b"side",
        b"tone",
        b"id",
        b",",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\0",
        b"\xff",
        b"\xe2\x80",
        b"a",
        b"China",
        b" ",
        b"{",
        b"}",
        b":",
        "😀".as_bytes(),
        "日本".as_bytes(),
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// A CSV field: any text but NUL (which the readers refuse on purpose).
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ,\"\r\n]{0,12}",
        "\\PC{0,12}",
        prop::sample::select(vec![
            "", " ", "\"", "a,b", "\r\n", "\r", "x\ny", "😀", "\u{feff}"
        ])
        .prop_map(str::to_owned),
    ]
    .prop_map(|s| s.replace('\0', ""))
}

/// A label: non-empty once trimmed, as the labelled reader requires.
fn label() -> impl Strategy<Value = String> {
    (field(), "[a-z]{1,6}").prop_map(|(f, core)| format!("{f}{core}"))
}

/// Line terminators the CSV writer can use.
fn terminator() -> impl Strategy<Value = csv::Terminator> {
    prop::sample::select(vec![
        csv::Terminator::Any(b'\n'),
        csv::Terminator::CRLF,
        csv::Terminator::Any(b'\r'),
    ])
}

/// Writes `rows` as CSV; returns the bytes and each data row's line.
fn write_csv(
    header: &[&str],
    rows: &[Vec<String>],
    term: csv::Terminator,
    bom: bool,
) -> (Vec<u8>, Vec<u64>) {
    let mut out = if bom {
        b"\xef\xbb\xbf".to_vec()
    } else {
        Vec::new()
    };
    let mut lines = Vec::new();
    let mut w = csv::WriterBuilder::new()
        .terminator(term)
        .from_writer(Vec::new());
    w.write_record(header).unwrap();
    out.extend(w.into_inner().unwrap());
    for row in rows {
        lines.push(count_line_ends(&out) + 1);
        let mut w = csv::WriterBuilder::new()
            .terminator(term)
            .from_writer(Vec::new());
        w.write_record(row).unwrap();
        out.extend(w.into_inner().unwrap());
    }
    (out, lines)
}

/// `\n`, `\r\n` and a lone `\r` each end one line.
fn count_line_ends(bytes: &[u8]) -> u64 {
    let ends = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    ends as u64
}

fn input(bytes: &[u8]) -> Box<Cursor<Vec<u8>>> {
    Box::new(Cursor::new(bytes.to_vec()))
}

fn all_rows(bytes: &[u8], format: &RowFormat) -> stancekit::Result<(Vec<String>, Vec<InputRow>)> {
    let mut reader = RowReader::from_reader(input(bytes), PathBuf::from("p.csv"), format)?;
    let (mut rows, mut batch) = (Vec::new(), Vec::new());
    while reader.next_batch(7, &mut batch)? {
        rows.append(&mut batch);
    }
    Ok((reader.header().to_vec(), rows))
}

fn documents(
    bytes: &[u8],
    format: DocFormat,
) -> Vec<stancekit::Result<stancekit::corpus::documents::Document>> {
    let fields = DocFields {
        id: "id".into(),
        text: "text".into(),
    };
    let mut out = Vec::new();
    let whole = read_documents_from(input(bytes), Path::new("d"), format, &fields, &mut |d| {
        out.push(d)
    });
    if let Err(e) = whole {
        out.push(Err(e));
    }
    out
}

// ---------------------------------------------------------------------------
// Readers

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn readers_never_panic_on_any_bytes(bytes in hostile_bytes()) {
        if let Ok(d) = read_labelled_from(input(&bytes), Path::new("l.csv"), &Columns::default()) {
            check_labelled(&d);
        }
        for format in [RowFormat::Csv { text_col: "text".into() }, RowFormat::Lines] {
            if let Ok((header, rows)) = all_rows(&bytes, &format) {
                prop_assert!(rows.iter().all(|r| r.fields.len() == header.len()));
            }
        }
        for format in [DocFormat::Csv, DocFormat::Jsonl, DocFormat::Text] {
            let docs = documents(&bytes, format);
            if format == DocFormat::Text {
                prop_assert_eq!(docs.len(), 1);
            }
        }
    }

    #[test]
    fn written_csv_reads_back_whole_with_its_lines(
        rows in prop::collection::vec((field(), field(), label(), label()), 0..12),
        term in terminator(),
        bom in any::<bool>(),
    ) {
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|(id, text, side, tone)| vec![id, format!("{text}x"), side, tone])
            .collect();
        let (bytes, lines) = write_csv(&["id", "text", "side", "tone"], &rows, term, bom);
        let d = read_labelled_from(input(&bytes), Path::new("l.csv"), &Columns::default())
            .map_err(|e| TestCaseError::fail(format!("{e} reading {bytes:?}")))?;
        let texts: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
        prop_assert_eq!(&d.texts, &texts);
        let sides: Vec<&str> = rows.iter().map(|r| r[2].trim()).collect();
        prop_assert_eq!(&d.labels[0], &sides);
        prop_assert_eq!(&d.lines, &lines);

        let (header, got) = all_rows(&bytes, &RowFormat::Csv { text_col: "text".into() })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(header, ["id", "text", "side", "tone"]);
        let fields: Vec<Vec<String>> = got.iter().map(|r| r.fields.clone()).collect();
        prop_assert_eq!(&fields, &rows);
        let got_lines: Vec<u64> = got.iter().map(|r| r.line).collect();
        prop_assert_eq!(got_lines, lines);

        let docs = documents(&bytes, DocFormat::Csv);
        prop_assert_eq!(docs.len(), rows.len());
        for (doc, row) in docs.iter().zip(&rows) {
            let doc = doc.as_ref().map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&doc.text, &row[1]);
        }
    }

    #[test]
    fn a_quote_left_open_is_an_error_not_a_swallowed_row(
        rows in prop::collection::vec((field(), field()), 0..6),
        rest in "[a-z ,\r\n]{0,40}",
        term in terminator(),
    ) {
        let rows: Vec<Vec<String>> = rows.into_iter().map(|(a, b)| vec![a, b]).collect();
        let (mut bytes, _) = write_csv(&["id", "text"], &rows, term, false);
        let line = count_line_ends(&bytes) + 1;
        bytes.extend(b"7,\"");
        bytes.extend(rest.as_bytes());
        let want = format!("p.csv:{line}: unclosed quote");
        let err = all_rows(&bytes, &RowFormat::Csv { text_col: "text".into() }).unwrap_err().to_string();
        prop_assert!(err.starts_with(&want), "{} should start with {}", err, want);
        let docs = documents(&bytes, DocFormat::Csv);
        prop_assert_eq!(docs.len(), rows.len() + 1);
        let last = docs.last().unwrap().as_ref().unwrap_err().to_string();
        prop_assert!(last.starts_with(&want.replace("p.csv", "d")), "{}", last);
    }

    #[test]
    fn every_line_comes_back_as_one_row(
        lines in prop::collection::vec("[^\r\n\0]{0,10}", 0..12),
        ends in prop::collection::vec(prop::sample::select(vec!["\n", "\r\n", "\r"]), 12),
        bom in any::<bool>(),
        open_tail in "[^\r\n\0]{1,5}",
    ) {
        let mut bytes = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
        for (i, (line, &end)) in lines.iter().zip(&ends).enumerate() {
            // A lone CR before an empty line ended by LF would read as CRLF.
            let next_is_lf = lines.get(i + 1).is_some_and(String::is_empty)
                && ends.get(i + 1).is_some_and(|e| e.starts_with('\n'));
            bytes.extend(line.as_bytes());
            bytes.extend(if end == "\r" && next_is_lf { "\r\n" } else { end }.as_bytes());
        }
        bytes.extend(open_tail.as_bytes());
        let (_, rows) = all_rows(&bytes, &RowFormat::Lines).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut want = lines.clone();
        want.push(open_tail);
        if !bom {
            // A leading U+FEFF is a byte-order mark, whoever put it there.
            want[0] = want[0].strip_prefix('\u{feff}').unwrap_or(&want[0]).to_owned();
        }
        let got: Vec<&String> = rows.iter().map(|r| &r.fields[0]).collect();
        prop_assert_eq!(got, want.iter().collect::<Vec<_>>());
        let numbers: Vec<u64> = rows.iter().map(|r| r.line).collect();
        prop_assert_eq!(numbers, (1..=want.len() as u64).collect::<Vec<_>>());
    }

    #[test]
    fn json_lines_documents_keep_their_text(texts in prop::collection::vec("\\PC{0,20}", 0..8)) {
        let mut bytes = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            bytes.extend(serde_json::json!({"id": i, "text": t}).to_string().into_bytes());
            bytes.push(b'\n');
        }
        let docs = documents(&bytes, DocFormat::Jsonl);
        prop_assert_eq!(docs.len(), texts.len());
        for (doc, t) in docs.iter().zip(&texts) {
            prop_assert_eq!(&doc.as_ref().unwrap().text, t);
        }
    }

    #[test]
    fn a_text_document_is_read_whole(text in "\\PC{0,60}") {
        let text = text.replace('\0', "");
        let docs = documents(text.as_bytes(), DocFormat::Text);
        prop_assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        prop_assert_eq!(doc.text.as_str(), text.strip_prefix('\u{feff}').unwrap_or(&text));
    }
}

fn check_labelled(d: &LabelledData) {
    assert_eq!(d.texts.len(), d.lines.len());
    assert_eq!(d.labels.len(), d.heads.len());
    for (h, labels) in d.labels.iter().enumerate() {
        assert_eq!(labels.len(), d.len());
        assert!(labels.iter().all(|l| !l.trim().is_empty()));
        let _ = d.label_set(h);
    }
    assert!(d.texts.iter().all(|t| !t.trim().is_empty()));
    assert!(d.lines.windows(2).all(|w| w[0] < w[1]), "{:?}", d.lines);
    let _ = d.check_trainable();
}

// ---------------------------------------------------------------------------
// Splitter and analyzer

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn sentences_are_trimmed_ordered_spans_on_char_boundaries(text in "\\PC{0,200}|[ .!?\"“”A-Za-z\n\r-]{0,200}") {
        let spans = Splitter::default().split(&text);
        let mut last_end = 0;
        for s in &spans {
            prop_assert!(s.start < s.end && s.end <= text.len() && s.start >= last_end, "{:?}", s);
            let body = text.get(s.start..s.end).expect("char boundaries");
            prop_assert_eq!(body, body.trim());
            last_end = s.end;
        }
    }

    #[test]
    fn tokens_slice_the_text_in_order(text in "\\PC{0,200}|[a-zA-Z.'’,0-9 -]{0,200}") {
        let mut tokens = Tokens::new();
        tokenize(&text, &mut tokens);
        let mut last_end = 0;
        for (i, t) in tokens.tokens().iter().enumerate() {
            prop_assert!(t.start < t.end && t.start >= last_end, "{:?}", t);
            let written = text.get(t.start..t.end).expect("char boundaries");
            prop_assert!(written.chars().next().is_some_and(char::is_alphanumeric));
            prop_assert!(!tokens.norm(i).is_empty());
            last_end = t.end;
        }
    }
}

// ---------------------------------------------------------------------------
// Model loader

/// A small trained model's file bytes.
fn model_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let texts = [
            "China firmly opposes the sanctions",
            "The allies reaffirmed their commitment",
            "The talks were held on Tuesday",
            "Beijing condemned the drills",
        ];
        let data = LabelledData {
            path: "mem".into(),
            heads: vec!["side".into()],
            texts: texts.iter().map(|t| t.to_string()).collect(),
            labels: vec![["china", "us_japan", "none", "china"]
                .map(String::from)
                .to_vec()],
            lines: vec![2, 3, 4, 5],
            docs: None,
            turns: vec![Default::default(); 4],
        };
        let model =
            StanceModel::train(&data, &TrainConfig::default(), &Lexicons::builtin()).unwrap();
        to_bytes(&model)
    })
}

fn with_header(payload: &[u8]) -> Vec<u8> {
    let checksum = payload.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut out = MAGIC.to_vec();
    out.extend(FORMAT_VERSION.to_le_bytes());
    out.extend((payload.len() as u64).to_le_bytes());
    out.extend(checksum.to_le_bytes());
    out.extend(payload);
    out
}

fn predicts(model: &StanceModel) {
    let p = model.predict_many(&["", "China opposes it.", "日本 😀"]);
    assert_eq!(p.len(), 3);
}

/// postcard's encoding of an unsigned integer.
fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

#[test]
fn a_head_declaring_absurd_sizes_is_refused_without_overflow() {
    let model = from_bytes(model_bytes(), Path::new("m")).unwrap();
    let (n, k) = (
        model.pipeline().n_features() as u64,
        model.heads()[0].labels().len() as u64,
    );
    let payload = &model_bytes()[36..];
    // The head's shape as stored: features, classes, then the weights' length.
    let shape = [varint(n), varint(k), varint(n * k)].concat();
    let at = payload
        .windows(shape.len())
        .position(|w| w == shape)
        .expect("the head's shape in the payload");
    for absurd in [1u64 << 63, u64::MAX, u64::MAX / k + 1] {
        let mut damaged = payload[..at].to_vec();
        damaged.extend(varint(absurd));
        damaged.extend(&payload[at + varint(n).len()..]);
        let err = from_bytes(&with_header(&damaged), Path::new("m")).unwrap_err();
        assert!(err.to_string().contains("do not fit"), "{err}");
    }
}

#[test]
fn the_model_used_below_loads() {
    predicts(&from_bytes(model_bytes(), Path::new("m")).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_are_refused_or_loaded_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(m) = from_bytes(&bytes, Path::new("m")) {
            predicts(&m);
        }
        if let Ok(m) = from_bytes(&with_header(&bytes), Path::new("m")) {
            predicts(&m);
        }
    }

    #[test]
    fn every_cut_and_every_changed_byte_is_refused(at in any::<prop::sample::Index>(), flip in 1u8..) {
        let good = model_bytes();
        let i = at.index(good.len());
        prop_assert!(from_bytes(&good[..i], Path::new("m")).is_err());
        let mut bad = good.to_vec();
        bad[i] ^= flip;
        prop_assert!(from_bytes(&bad, Path::new("m")).is_err(), "byte {} ^ {}", i, flip);
    }

    #[test]
    fn a_damaged_payload_with_a_fixed_checksum_never_panics(
        at in any::<prop::sample::Index>(),
        len in 0usize..16,
        with in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let payload = &model_bytes()[36..];
        let i = at.index(payload.len());
        let mut damaged = payload[..i].to_vec();
        damaged.extend(&with);
        damaged.extend(payload.get(i + len..).unwrap_or_default());
        if let Ok(m) = from_bytes(&with_header(&damaged), Path::new("m")) {
            predicts(&m);
        }
    }
}

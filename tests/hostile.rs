//! Hostile input and failure, through the real binary: a table of bad or odd
//! inputs, each with the behaviour it must get, then the failures of output
//! (closed pipe, full disk, read-only folder, a killed `train`).
//!
//! The rule every row checks: a bad input exits 2 with `stancekit: ` and a
//! message naming the file, the line and what is wrong; an input that is
//! merely odd (byte-order mark, CRLF or lone-CR line ends, other scripts,
//! emoji) gives correct output; and `predict` / `label` write one row per
//! input row (or per sentence `split` finds): none is dropped.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_stancekit");
const SMALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/labelled_small.csv"
);
const DEFAULT_MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/default.model");

// ---------------------------------------------------------------------------
// The table

/// What a case's input file holds.
#[derive(Clone, Copy)]
enum Input {
    Bytes(&'static [u8]),
    /// Made when the case runs (large inputs, damaged model files).
    Gen(fn() -> Vec<u8>),
    /// No file at that path.
    Absent,
    /// A folder at that path.
    Folder,
}

/// What must happen.
#[derive(Clone, Copy)]
enum Expect {
    /// Exit 2 and this on stderr after `stancekit: `; `{in}` stands for the
    /// input's path.
    Error(&'static str),
    /// Exit 0 and this many rows after the CSV header, then `check`.
    Rows(usize, Option<fn(&Seen)>),
    /// Exit 0, and `label` writes one row per sentence `split` finds.
    Sentences,
    /// Exit 2 with this error for the bad part, and still one row per
    /// sentence `split` finds in the rest.
    SentencesAnd(&'static str),
    /// Exit 0, and the model written to `{out}` loads and predicts.
    Trained,
}

struct Case {
    name: &'static str,
    /// File name the input is written to (its extension picks `label`'s reader).
    file: &'static str,
    input: Input,
    /// `{in}` is the input's path, `{out}` a model path in the case's folder,
    /// `{small}` the labelled fixture.
    args: &'static [&'static str],
    expect: Expect,
}

/// What a check sees of a successful run.
struct Seen<'a> {
    input: &'a [u8],
    header: Vec<String>,
    /// The first rows (all of them up to 1,000).
    rows: Vec<Vec<String>>,
}

const TRAIN: &[&str] = &["train", "--data", "{in}", "--out", "{out}"];
const PREDICT: &[&str] = &["predict", "{in}"];
const LINES: &[&str] = &["predict", "--lines", "{in}"];
const LABEL: &[&str] = &["label", "{in}"];

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Missing files and folders.
    Case { name: "missing file (predict)", file: "nope.csv", input: Input::Absent, args: PREDICT, expect: Expect::Error("{in}: No such file or directory") },
    Case { name: "missing file (train)", file: "nope.csv", input: Input::Absent, args: TRAIN, expect: Expect::Error("{in}: No such file or directory") },
    Case { name: "missing file (label)", file: "nope.txt", input: Input::Absent, args: LABEL, expect: Expect::Error("{in}: No such file or directory") },
    Case { name: "missing model", file: "nope.model", input: Input::Absent, args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("{in}: No such file or directory") },
    Case { name: "folder for a file (predict)", file: "dir", input: Input::Folder, args: PREDICT, expect: Expect::Error("{in}: is a folder, not a file") },
    Case { name: "folder for a file (train)", file: "dir", input: Input::Folder, args: TRAIN, expect: Expect::Error("{in}: is a folder, not a file") },
    Case { name: "folder for a file (eval)", file: "dir", input: Input::Folder, args: &["eval", "--data", "{in}"], expect: Expect::Error("{in}: is a folder, not a file") },
    Case { name: "folder for the model", file: "dir", input: Input::Folder, args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: is a folder, not a model file") },
    // Empty files and headers alone.
    Case { name: "empty file (predict)", file: "empty.csv", input: Input::Bytes(b""), args: PREDICT, expect: Expect::Error("{in}:1: the file is empty: expected a header row") },
    Case { name: "empty file (train)", file: "empty.csv", input: Input::Bytes(b""), args: TRAIN, expect: Expect::Error("{in}:1: the file is empty: expected a header row") },
    Case { name: "empty file (predict --lines)", file: "empty.txt", input: Input::Bytes(b""), args: LINES, expect: Expect::Rows(0, None) },
    Case { name: "empty file (label)", file: "empty.txt", input: Input::Bytes(b""), args: LABEL, expect: Expect::Sentences },
    Case { name: "header only (predict)", file: "header.csv", input: Input::Bytes(b"id,text\n"), args: PREDICT, expect: Expect::Rows(0, None) },
    Case { name: "header only (train)", file: "header.csv", input: Input::Bytes(b"text,side,tone\n"), args: TRAIN, expect: Expect::Error("{in}: no labelled rows (header only?)") },
    Case { name: "header only (eval)", file: "header.csv", input: Input::Bytes(b"text,side,tone\n"), args: &["eval", "--data", "{in}"], expect: Expect::Error("{in}: no labelled rows") },
    // Missing columns.
    Case { name: "no text column (predict)", file: "cols.csv", input: Input::Bytes(b"id,body\n1,hello\n"), args: PREDICT, expect: Expect::Error("{in}:1: no column \"text\" in the header (columns: id, body)") },
    Case { name: "no label column (train)", file: "cols.csv", input: Input::Bytes(b"text,side\nhello,china\n"), args: TRAIN, expect: Expect::Error("{in}:1: no column \"tone\" in the header (columns: text, side)") },
    Case { name: "no text column (label csv)", file: "cols.csv", input: Input::Bytes(b"id,body\n1,hello\n"), args: LABEL, expect: Expect::Error("{in}:1: no column \"text\" in the header (columns: id, body)") },
    // Ragged rows.
    Case { name: "ragged row (predict)", file: "ragged.csv", input: Input::Bytes(b"id,text\n1,fine\n2\n3,fine\n"), args: PREDICT, expect: Expect::Error("{in}:3: row has 1 fields but the header has 2") },
    Case { name: "ragged row (train)", file: "ragged.csv", input: Input::Bytes(b"text,side,tone\na,china,neutral\nb,china,neutral,extra\n"), args: TRAIN, expect: Expect::Error("{in}:3: row has 4 fields but the header has 3") },
    Case { name: "ragged row (label csv)", file: "ragged.csv", input: Input::Bytes(b"id,text\n1,China protested. Japan did not.\n2\n3,The talks ended.\n"), args: LABEL, expect: Expect::SentencesAnd("{in}:3: row has 1 fields but the header has 2") },
    // Unclosed quotes: the csv crate alone would swallow every row after one.
    Case { name: "unclosed quote (predict)", file: "quote.csv", input: Input::Bytes(b"id,text\n1,\"open\n2,b\n3,c\n"), args: PREDICT, expect: Expect::Error("{in}:2: unclosed quote: the quoted field opened on this line runs to the end of the file") },
    Case { name: "unclosed quote, one column (predict)", file: "quote.csv", input: Input::Bytes(b"text\nfine\n\"open\nb\nc\n"), args: PREDICT, expect: Expect::Error("{in}:3: unclosed quote") },
    Case { name: "unclosed quote (train)", file: "quote.csv", input: Input::Bytes(b"text,side,tone\na,china,neutral\nb,none,\"neutral\nc,china,accusatory\n"), args: TRAIN, expect: Expect::Error("{in}:3: unclosed quote") },
    Case { name: "unclosed quote (label csv)", file: "quote.csv", input: Input::Bytes(b"id,text\n1,China protested.\n2,\"open\n3,x\n"), args: LABEL, expect: Expect::SentencesAnd("{in}:3: unclosed quote") },
    Case { name: "closed quotes with commas, quotes and newlines", file: "quoted.csv", input: Input::Bytes(b"id,text\n1,\"a, b\"\n2,\"say \"\"no\"\"\"\n3,\"two\nlines\"\n4,plain\n"), args: PREDICT, expect: Expect::Rows(4, Some(texts_round_trip)) },
    // NUL bytes, UTF-16 and invalid UTF-8.
    Case { name: "NUL byte (predict)", file: "nul.csv", input: Input::Bytes(b"id,text\n1,fine\n2,a\0b\n"), args: PREDICT, expect: Expect::Error("{in}:3: NUL byte (a binary file, or text saved as UTF-16?)") },
    Case { name: "NUL byte (predict --lines)", file: "nul.txt", input: Input::Bytes(b"fine\na\0b\n"), args: LINES, expect: Expect::Error("{in}:2: NUL byte at byte 1 of the line") },
    Case { name: "NUL byte (train)", file: "nul.csv", input: Input::Bytes(b"text,side,tone\n\0,china,neutral\n"), args: TRAIN, expect: Expect::Error("{in}:2: NUL byte") },
    Case { name: "NUL byte (label)", file: "nul.txt", input: Input::Bytes(b"Fine.\nBad \0 here."), args: LABEL, expect: Expect::SentencesAnd("{in}:2: NUL byte at offset 10") },
    Case { name: "UTF-16 file (predict)", file: "utf16.csv", input: Input::Gen(utf16_csv), args: PREDICT, expect: Expect::Error("{in}:1: NUL byte (a binary file, or text saved as UTF-16?)") },
    Case { name: "invalid UTF-8 (predict)", file: "latin1.csv", input: Input::Bytes(b"id,text\n1,ok\n2,caf\xe9\n"), args: PREDICT, expect: Expect::Error("{in}:3: invalid UTF-8 in field 2 (byte 3 of the field)") },
    Case { name: "invalid UTF-8 (predict --lines)", file: "latin1.txt", input: Input::Bytes(b"ok\ncaf\xe9\n"), args: LINES, expect: Expect::Error("{in}:2: invalid UTF-8 at byte 3 of the line") },
    Case { name: "invalid UTF-8 (train)", file: "latin1.csv", input: Input::Bytes(b"text,side,tone\nok,china,neutral\ncaf\xe9,none,neutral\n"), args: TRAIN, expect: Expect::Error("{in}:3: invalid UTF-8 in field 1") },
    Case { name: "invalid UTF-8 (label)", file: "latin1.txt", input: Input::Bytes(b"Fine.\ncaf\xe9."), args: LABEL, expect: Expect::SentencesAnd("{in}:2: not UTF-8 text (invalid byte at offset 9)") },
    // Byte-order marks: correct output, the mark not part of any name or text.
    Case { name: "BOM (predict)", file: "bom.csv", input: Input::Bytes(b"\xef\xbb\xbfid,text\n1,Hello there.\n"), args: PREDICT, expect: Expect::Rows(1, Some(bom_gone)) },
    Case { name: "BOM (predict --lines)", file: "bom.txt", input: Input::Bytes(b"\xef\xbb\xbfHello there.\nSecond.\n"), args: LINES, expect: Expect::Rows(2, Some(bom_gone)) },
    Case { name: "BOM (train)", file: "bom.csv", input: Input::Bytes(b"\xef\xbb\xbftext,side,tone\nChina protested.,china,accusatory\nJapan agreed.,us_japan,reassuring\nThey met.,none,neutral\n"), args: TRAIN, expect: Expect::Trained },
    Case { name: "BOM (label)", file: "bom.txt", input: Input::Bytes(b"\xef\xbb\xbfChina protested. Japan agreed."), args: LABEL, expect: Expect::Sentences },
    // CRLF and lone-CR line ends: correct output, and errors on the right line.
    Case { name: "CRLF (predict)", file: "crlf.csv", input: Input::Bytes(b"id,text\r\n1,one\r\n2,\"two\r\nlines\"\r\n3,three\r\n"), args: PREDICT, expect: Expect::Rows(3, Some(texts_round_trip)) },
    Case { name: "CRLF (predict --lines)", file: "crlf.txt", input: Input::Bytes(b"one\r\ntwo\r\n\r\nfour\r\n"), args: LINES, expect: Expect::Rows(4, Some(texts_round_trip)) },
    Case { name: "CRLF (train)", file: "crlf.csv", input: Input::Bytes(b"text,side,tone\r\nChina protested.,china,accusatory\r\nJapan agreed.,us_japan,reassuring\r\nThey met.,none,neutral\r\n"), args: TRAIN, expect: Expect::Trained },
    Case { name: "CRLF (label)", file: "crlf.txt", input: Input::Bytes(b"China protested.\r\nJapan agreed.\r\n\r\nThey met."), args: LABEL, expect: Expect::Sentences },
    Case { name: "CRLF ragged row names its line", file: "crlf.csv", input: Input::Bytes(b"id,text\r\n1,a\r\n2\r\n"), args: PREDICT, expect: Expect::Error("{in}:3: row has 1 fields but the header has 2") },
    Case { name: "lone CR (predict)", file: "cr.csv", input: Input::Bytes(b"id,text\r1,one\r2,two\r"), args: PREDICT, expect: Expect::Rows(2, Some(texts_round_trip)) },
    Case { name: "lone CR (predict --lines)", file: "cr.txt", input: Input::Bytes(b"one\rtwo\r\rfour"), args: LINES, expect: Expect::Rows(4, Some(texts_round_trip)) },
    Case { name: "lone CR (label)", file: "cr.txt", input: Input::Bytes(b"China protested.\rJapan agreed.\r\rThey met."), args: LABEL, expect: Expect::Sentences },
    Case { name: "lone CR ragged row names its line", file: "cr.csv", input: Input::Bytes(b"id,text\r1,a\r\r2\r"), args: PREDICT, expect: Expect::Error("{in}:4: row has 1 fields but the header has 2") },
    // Size.
    Case { name: "one 5 MB line (predict --lines)", file: "long.txt", input: Input::Gen(five_mb_line), args: LINES, expect: Expect::Rows(1, Some(texts_round_trip)) },
    Case { name: "one 5 MB line of \"a.a.a\" (predict --lines)", file: "dots.txt", input: Input::Gen(five_mb_of_dots), args: LINES, expect: Expect::Rows(1, None) },
    Case { name: "one 5 MB line (label)", file: "long.txt", input: Input::Gen(five_mb_line), args: LABEL, expect: Expect::Sentences },
    Case { name: "10^6 short rows (predict --lines)", file: "million.txt", input: Input::Gen(million_lines), args: LINES, expect: Expect::Rows(1_000_000, None) },
    Case { name: "10^6 short rows (predict csv)", file: "million.csv", input: Input::Gen(million_rows), args: PREDICT, expect: Expect::Rows(1_000_000, None) },
    Case { name: "10^6 short rows (label csv)", file: "million.csv", input: Input::Gen(million_rows), args: LABEL, expect: Expect::Sentences },
    // Other scripts and emoji: correct output, every text as it came.
    Case { name: "other scripts and emoji (predict)", file: "scripts.csv", input: Input::Bytes(SCRIPTS_CSV), args: PREDICT, expect: Expect::Rows(9, Some(texts_round_trip)) },
    Case { name: "other scripts and emoji (label)", file: "scripts.txt", input: Input::Bytes(SCRIPTS_TEXT.as_bytes()), args: LABEL, expect: Expect::Sentences },
    Case { name: "other scripts and emoji (train)", file: "scripts.csv", input: Input::Bytes("text,side,tone\n中国外交部坚决反对。,china,accusatory\n日本政府は同盟を再確認した。,us_japan,reassuring\n会談は火曜日に行われた 😀,none,neutral\n".as_bytes()), args: TRAIN, expect: Expect::Trained },
    // Labels.
    Case { name: "label at eval the model never saw", file: "odd.csv", input: Input::Bytes(b"text,side,tone\nHello,china,neutral\nThere,russia,neutral\n"), args: &["eval", "--data", "{in}"], expect: Expect::Error("{in}:3: label \"russia\" in column \"side\" is not one the model knows") },
    Case { name: "a head with one class", file: "one.csv", input: Input::Bytes(b"text,side,tone\na,china,neutral\nb,china,accusatory\n"), args: TRAIN, expect: Expect::Error("{in}: head \"side\" has only one class (\"china\"); a classifier needs at least two") },
    Case { name: "--folds larger than a class", file: "folds.csv", input: Input::Bytes(b"text,side,tone\na,china,neutral\nb,china,accusatory\nc,none,neutral\nd,none,accusatory\n"), args: &["bench", "--data", "{in}", "--feature-sets", "word", "--folds", "3"], expect: Expect::Error("has 2 rows, fewer than --folds 3") },
    // Model files.
    Case { name: "model: truncated", file: "m.model", input: Input::Gen(model_truncated), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: truncated: the header declares") },
    Case { name: "model: cut inside the header", file: "m.model", input: Input::Gen(model_cut_in_header), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: truncated: 25 bytes, shorter than the 36-byte header") },
    Case { name: "model: trailing bytes", file: "m.model", input: Input::Gen(model_trailing), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: trailing bytes") },
    Case { name: "model: corrupt byte", file: "m.model", input: Input::Gen(model_corrupt), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: corrupt: checksum mismatch") },
    Case { name: "model: garbage with a valid checksum", file: "m.model", input: Input::Gen(model_garbage_payload), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: corrupt payload") },
    Case { name: "model: another format version", file: "m.model", input: Input::Gen(model_version_99), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: format version 99, but this build of stancekit reads version") },
    Case { name: "model: a CSV file", file: "m.model", input: Input::Bytes(b"id,text\n1,hello\n"), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: not a stancekit model file (wrong magic bytes)") },
    Case { name: "model: a PNG file", file: "m.model", input: Input::Bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: not a stancekit model file") },
    Case { name: "model: empty file", file: "m.model", input: Input::Bytes(b""), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: not a stancekit model file") },
    Case { name: "model: declares 2^64-1 bytes", file: "m.model", input: Input::Gen(model_declares_max), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: truncated: the header declares 18446744073709551615 bytes of payload") },
    Case { name: "model: declares 1 TiB", file: "m.model", input: Input::Gen(model_declares_tib), args: &["predict", "--model", "{in}", "{small}"], expect: Expect::Error("model {in}: truncated: the header declares 1099511627776 bytes of payload") },
];

const SCRIPTS_CSV: &[u8] = "id,text
1,中国外交部发言人表示坚决反对。
2,日本政府は遺憾の意を表明した。
3,\"وزارة الخارجية الصينية تعارض بشدة، وقالت ذلك\"
4,Министерство иностранных дел Китая выразило протест.
5,미국과 일본은 동맹을 재확인했다.
6,विदेश मंत्रालय ने विरोध किया।
7,👍🏽 👨‍👩‍👧 🇯🇵🇨🇳 😀
8,\"Mixed: China 🇨🇳 and Japan 🇯🇵, “quoted” cafe\u{301}, \u{200f}RTL mark\"
9,\u{feff}\u{200b}
"
.as_bytes();

const SCRIPTS_TEXT: &str = "中国外交部发言人表示坚决反对。日本政府は遺憾の意を表明した。\n\n\
    Министерство иностранных дел Китая выразило протест. США ответили.\n\n\
    China 🇨🇳 protested. Japan 🇯🇵 agreed 👍🏽. “Quoted.” 😀\n\n\
    وزارة الخارجية الصينية تعارض بشدة. \u{200f}قالت ذلك.\n";

// ---------------------------------------------------------------------------
// Generators

fn utf16_csv() -> Vec<u8> {
    let text = "id,text\r\n1,hello\r\n";
    let mut out = vec![0xff, 0xfe];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn five_mb_line() -> Vec<u8> {
    let sentence = "The U.S. and Japan met; China protested the drills near Taiwan on Tuesday, \"officials said\" without delay. ";
    let mut line = sentence.repeat(5_000_000 / sentence.len() + 1).into_bytes();
    line.push(b'\n');
    line
}

fn five_mb_of_dots() -> Vec<u8> {
    "a.".repeat(2_500_000).into_bytes()
}

fn million_lines() -> Vec<u8> {
    (0..1_000_000)
        .flat_map(|i| format!("Row {i} opposes it.\n").into_bytes())
        .collect()
}

fn million_rows() -> Vec<u8> {
    let mut out = b"id,text\n".to_vec();
    for i in 0..1_000_000 {
        out.extend(format!("{i},Row {i}\n").into_bytes());
    }
    out
}

fn good_model() -> Vec<u8> {
    std::fs::read(DEFAULT_MODEL).expect("models/default.model")
}

fn model_truncated() -> Vec<u8> {
    let m = good_model();
    m[..m.len() / 2].to_vec()
}

fn model_cut_in_header() -> Vec<u8> {
    good_model()[..25].to_vec()
}

fn model_trailing() -> Vec<u8> {
    let mut m = good_model();
    m.extend_from_slice(b"extra");
    m
}

fn model_corrupt() -> Vec<u8> {
    let mut m = good_model();
    let at = m.len() - 100;
    m[at] ^= 0x5a;
    m
}

/// A correct header and checksum around bytes that are no model.
fn model_garbage_payload() -> Vec<u8> {
    let payload = [0xffu8; 64];
    let checksum = payload.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut m = good_model()[..20].to_vec();
    m.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    m.extend_from_slice(&checksum.to_le_bytes());
    m.extend_from_slice(&payload);
    m
}

fn model_version_99() -> Vec<u8> {
    let mut m = good_model();
    m[16..20].copy_from_slice(&99u32.to_le_bytes());
    m
}

fn model_declares_max() -> Vec<u8> {
    let mut m = good_model();
    m[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
    m
}

fn model_declares_tib() -> Vec<u8> {
    let mut m = good_model()[..4096].to_vec();
    m[20..28].copy_from_slice(&(1u64 << 40).to_le_bytes());
    m
}

// ---------------------------------------------------------------------------
// Checks

/// The text column of every row is the input's, byte for byte (line mode:
/// the lines without their ends).
fn texts_round_trip(seen: &Seen) {
    let at = seen
        .header
        .iter()
        .position(|h| h == "text")
        .expect("a text column");
    let expected: Vec<String> = if seen.header[0] == "text" {
        split_lines(seen.input)
    } else {
        let mut r = csv::Reader::from_reader(seen.input);
        r.records().map(|r| r.unwrap()[1].to_owned()).collect()
    };
    let got: Vec<&str> = seen.rows.iter().map(|r| r[at].as_str()).collect();
    assert_eq!(got, &expected[..got.len()]);
}

fn split_lines(input: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(input).unwrap();
    let mut lines: Vec<String> = text
        .replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(str::to_owned)
        .collect();
    if lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

fn bom_gone(seen: &Seen) {
    assert!(!seen.header[0].starts_with('\u{feff}'), "{:?}", seen.header);
    assert!(seen.rows.iter().flatten().all(|f| !f.contains('\u{feff}')));
    assert!(seen.rows[0].iter().any(|f| f == "Hello there."));
}

// ---------------------------------------------------------------------------
// Running a case

fn run(args: &[String]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn run_case(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let input_path = dir.path().join(case.file);
    let input: Vec<u8> = match case.input {
        Input::Bytes(b) => b.to_vec(),
        Input::Gen(f) => f(),
        Input::Absent | Input::Folder => Vec::new(),
    };
    match case.input {
        Input::Absent => {}
        Input::Folder => std::fs::create_dir(&input_path).unwrap(),
        _ => std::fs::write(&input_path, &input).unwrap(),
    }
    let out_model = dir.path().join("out.model");
    let fill = |a: &str| -> String {
        a.replace("{in}", input_path.to_str().unwrap())
            .replace("{out}", out_model.to_str().unwrap())
            .replace("{small}", SMALL)
    };
    let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
    let started = Instant::now();
    let o = run(&args);
    let took = started.elapsed();
    let name = case.name;
    let err = stderr(&o);
    assert!(
        took < Duration::from_secs(30),
        "{name}: took {took:?} (more than 30 s)"
    );
    match case.expect {
        Expect::Error(want) => {
            assert_eq!(o.status.code(), Some(2), "{name}: {err}");
            let want = fill(want);
            assert!(err.contains(&want), "{name}: expected {want:?} in:\n{err}");
            assert!(err.starts_with("stancekit: "), "{name}: {err}");
        }
        Expect::Rows(n, check) => {
            assert_eq!(o.status.code(), Some(0), "{name}: {err}");
            let seen = read_rows(&o.stdout, &input, n, name);
            if let Some(check) = check {
                check(&seen);
            }
        }
        Expect::Sentences | Expect::SentencesAnd(_) => {
            let want_code = if let Expect::SentencesAnd(want) = case.expect {
                let want = fill(want);
                assert!(err.contains(&want), "{name}: expected {want:?} in:\n{err}");
                2
            } else {
                0
            };
            assert_eq!(o.status.code(), Some(want_code), "{name}: {err}");
            let mut split_args = args.clone();
            split_args[0] = "split".into();
            let split = run(&split_args);
            let sentences = count_rows(&split.stdout);
            let labelled = count_rows(&o.stdout);
            assert_eq!(
                labelled, sentences,
                "{name}: label wrote {labelled} rows for {sentences} sentences"
            );
            assert!(
                err.contains(&format!("{sentences} sentences written")),
                "{name}: {err}"
            );
        }
        Expect::Trained => {
            assert_eq!(o.status.code(), Some(0), "{name}: {err}");
            let model = out_model.to_str().unwrap().to_owned();
            let p = run(&["predict".into(), "--model".into(), model, SMALL.into()]);
            assert_eq!(p.status.code(), Some(0), "{name}: {}", stderr(&p));
            assert_eq!(count_rows(&p.stdout), 400, "{name}");
        }
    }
}

/// Parses CSV output: header, the row count (checked), the first rows.
fn read_rows<'a>(stdout: &[u8], input: &'a [u8], n: usize, name: &str) -> Seen<'a> {
    let mut r = csv::Reader::from_reader(stdout);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut rows = Vec::new();
    let mut count = 0;
    for record in r.records() {
        let record = record.unwrap_or_else(|e| panic!("{name}: output row {count}: {e}"));
        if rows.len() < 1000 {
            rows.push(record.iter().map(str::to_owned).collect());
        }
        count += 1;
    }
    assert_eq!(count, n, "{name}: {count} output rows for {n} input rows");
    Seen {
        input,
        header,
        rows,
    }
}

fn count_rows(stdout: &[u8]) -> usize {
    let mut n = 0;
    for record in csv::Reader::from_reader(stdout).records() {
        record.expect("well-formed CSV output");
        n += 1;
    }
    n
}

/// Runs the cases `filter` picks (the table runs as several tests, in
/// parallel), every one of them even after a failure; then fails naming
/// each case that did.
fn run_group(filter: impl Fn(&Case) -> bool) {
    let cases: Vec<&Case> = CASES.iter().filter(|c| filter(c)).collect();
    assert!(!cases.is_empty());
    let failed: Vec<&str> = cases
        .into_iter()
        .filter(|case| std::panic::catch_unwind(|| run_case(case)).is_err())
        .map(|case| case.name)
        .collect();
    assert!(failed.is_empty(), "failing cases: {failed:#?}");
}

fn is_big(c: &Case) -> bool {
    matches!(c.input, Input::Gen(_))
        && !c.name.starts_with("model")
        && !c.name.starts_with("UTF-16")
}

#[test]
fn table_has_every_required_row() {
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
    for topic in [
        "missing",
        "folder",
        "empty",
        "header only",
        "column",
        "ragged",
        "unclosed quote",
        "NUL",
        "invalid UTF-8",
        "BOM",
        "CRLF",
        "lone CR",
        "5 MB",
        "10^6",
        "scripts",
        "never saw",
        "one class",
        "--folds",
        "model: truncated",
        "model: corrupt",
        "version",
        "model: a CSV",
        "declares",
    ] {
        assert!(
            CASES.iter().any(|c| c.name.contains(topic)),
            "no case for {topic}"
        );
    }
}

#[test]
fn table_bad_and_odd_inputs() {
    run_group(|c| !is_big(c) && !c.name.starts_with("model"));
}

#[test]
fn table_model_files() {
    run_group(|c| c.name.starts_with("model"));
}

#[test]
fn table_large_inputs() {
    run_group(is_big);
}

// ---------------------------------------------------------------------------
// Output failures

/// Feeds `input` to `args` on stdin, reads a little of stdout, closes it.
fn close_pipe_early(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input); // fails once the child has gone
    });
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn a_closed_pipe_ends_every_writer_quietly() {
    let lines = "China opposes the move. Japan agreed.\n".repeat(200_000);
    for args in [
        &["predict", "--lines", "-"][..],
        &["predict", "--lines", "--format", "jsonl", "-"],
        &["label", "--input-format", "text", "-"],
        &["split", "--input-format", "text", "-"],
    ] {
        let out = close_pipe_early(args, lines.clone().into_bytes());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_naming_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "China protested. Japan agreed.\n".repeat(10_000)).unwrap();
    let doc = doc.to_str().unwrap();
    let full = || {
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for (args, want) in [
        (
            &["predict", "--lines", doc][..],
            "stancekit: <stdout>: No space left on device",
        ),
        (
            &["label", doc],
            "stancekit: <stdout>: No space left on device",
        ),
        (
            &["split", doc],
            "stancekit: <stdout>: No space left on device",
        ),
        (
            &["eval", "--data", SMALL],
            "stancekit: <stdout>: No space left on device",
        ),
    ] {
        let o = Command::new(BIN)
            .args(args)
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    let o = Command::new(BIN)
        .args(["label", "--summary", "/dev/full", doc])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("stancekit: /dev/full: No space left on device"),
        "{}",
        stderr(&o)
    );
}

/// A folder no file can be created in: a read-only one, or (for root, whom
/// permissions do not stop) `/sys`.
#[cfg(unix)]
fn unwritable_dir(base: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let ro = base.join("read-only");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), b"x").is_err() {
        return Some(ro);
    }
    let sys = PathBuf::from("/sys");
    (sys.is_dir() && std::fs::write(sys.join("stancekit-probe"), b"x").is_err()).then_some(sys)
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let Some(ro) = unwritable_dir(dir.path()) else {
        eprintln!("skipped: no folder here refuses writes");
        return;
    };
    let model = ro.join("m.model");
    let o = run(&[
        "train".into(),
        "--data".into(),
        SMALL.into(),
        "--out".into(),
        model.to_str().unwrap().into(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!("stancekit: {}: ", model.display())),
        "{}",
        stderr(&o)
    );
    let summary = ro.join("s.csv");
    let o = run(&[
        "label".into(),
        "--summary".into(),
        summary.to_str().unwrap().into(),
        SMALL.into(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!("stancekit: {}: ", summary.display())),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn killing_train_at_any_moment_leaves_the_old_model_intact() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    let o = run(&[
        "train".into(),
        "--data".into(),
        SMALL.into(),
        "--out".into(),
        model.to_str().unwrap().into(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let old = std::fs::read(&model).unwrap();
    // Ten times the fixture: long enough to be killed at every delay below.
    let big = dir.path().join("big.csv");
    let fixture = std::fs::read_to_string(SMALL).unwrap();
    let (header, rows) = fixture.split_once('\n').unwrap();
    std::fs::write(&big, format!("{header}\n{}", rows.repeat(10))).unwrap();
    let mut killed_mid_run = 0;
    for delay_ms in [0, 5, 20, 50, 100, 200, 400, 700] {
        let mut child = Command::new(BIN)
            .args(["train", "--data", big.to_str().unwrap(), "--out"])
            .arg(&model)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_some() {
            // It finished first: the new model replaced the old one whole.
            std::fs::write(&model, &old).unwrap();
            continue;
        }
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        killed_mid_run += 1;
        assert!(
            std::fs::read(&model).unwrap() == old,
            "after a kill at {delay_ms} ms the model file changed"
        );
        let p = run(&[
            "predict".into(),
            "--model".into(),
            model.to_str().unwrap().into(),
            SMALL.into(),
        ]);
        assert_eq!(p.status.code(), Some(0), "{}", stderr(&p));
        assert_eq!(count_rows(&p.stdout), 400);
    }
    assert!(
        killed_mid_run >= 4,
        "only {killed_mid_run} kills landed mid-run"
    );
}

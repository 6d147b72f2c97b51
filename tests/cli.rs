//! The real binary, run in temporary folders: train → predict → eval, the
//! model file's guarantees, and the errors users see for bad input.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_stancekit");
const SMALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/labelled_small.csv"
);

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    // The child may refuse its arguments and exit before reading stdin: a
    // closed pipe here is not the test's concern.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn train_small(dir: &Path) -> PathBuf {
    let model = dir.join("small.model");
    let o = run(&["train", "--data", SMALL, "--out", model.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    model
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn train_predict_eval_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_small(dir.path());

    let o = run(&["predict", "--model", p(&model), SMALL]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        &header[..7],
        ["id", "text", "side", "tone", "source", "doc", "style"]
    );
    assert_eq!(
        &header[7..],
        ["side_pred", "side_prob", "tone_pred", "tone_prob"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 400, "one output row per input row");
    let right = rows.iter().filter(|r| r[2] == r[7]).count();
    assert!(
        right > 300,
        "training-set accuracy of the side head: {right}/400"
    );
    for r in &rows {
        let prob: f64 = r[8].parse().unwrap();
        assert!((1.0 / 3.0..=1.0).contains(&prob));
    }

    let o = run(&["eval", "--model", p(&model), "--data", SMALL]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("head side (400 rows)"));
    assert!(stdout(&o).contains("macro-F1"));
}

#[test]
fn eval_gate_exits_1_only_below_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_small(dir.path());
    let test = concat!(env!("CARGO_MANIFEST_DIR"), "/data/labelled/dev.csv");
    let low = run(&[
        "eval",
        "--model",
        p(&model),
        "--data",
        test,
        "--min-macro-f1",
        "0.1",
    ]);
    assert_eq!(low.status.code(), Some(0));
    let high = run(&[
        "eval",
        "--model",
        p(&model),
        "--data",
        test,
        "--min-macro-f1",
        "0.99",
    ]);
    assert_eq!(high.status.code(), Some(1));
    assert!(stderr(&high).contains("is below the gate 0.99"));
    let json = run(&["eval", "--model", p(&model), "--data", test, "--json"]);
    let reports: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(reports[0]["head"], "side");
    assert!(reports[1]["macro_f1"].as_f64().unwrap() > 0.3);
}

#[test]
fn same_data_and_seed_give_a_byte_identical_model() {
    let dir = tempfile::tempdir().unwrap();
    let a = train_small(dir.path());
    let first = std::fs::read(&a).unwrap();
    let b = dir.path().join("again.model");
    assert!(run(&["train", "--data", SMALL, "--out", p(&b)])
        .status
        .success());
    assert!(
        first == std::fs::read(&b).unwrap(),
        "model bytes differ between two identical runs"
    );
}

#[test]
fn predict_formats_lines_and_probs() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_small(dir.path());
    let input =
        b"China firmly opposes the sanctions.\n\nThe two leaders reaffirmed their alliance.\n";
    let o = run_stdin(
        &[
            "predict",
            "--model",
            p(&model),
            "--lines",
            "--probs",
            "--format",
            "jsonl",
            "-",
        ],
        input,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "the blank line keeps its row");
    assert_eq!(lines[0]["text"], "China firmly opposes the sanctions.");
    let sum: f64 = ["side_prob_china", "side_prob_none", "side_prob_us_japan"]
        .iter()
        .map(|k| lines[0][k].as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-4);
    let tsv = run_stdin(
        &[
            "predict",
            "--model",
            p(&model),
            "--lines",
            "--format",
            "tsv",
        ],
        b"a\nb\n",
    );
    assert_eq!(
        stdout(&tsv).lines().next().unwrap(),
        "text\tside_pred\tside_prob\ttone_pred\ttone_prob"
    );
}

#[test]
fn label_columns_and_values_come_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "custom.csv",
        b"body,stance\nwe welcome the deal,pos\nwe condemn the attack,neg\nthe deal is good,pos\nthe attack was bad,neg\n",
    );
    let model = dir.path().join("c.model");
    let o = run(&[
        "train",
        "--data",
        p(&data),
        "--text-col",
        "body",
        "--label",
        "stance",
        "--features",
        "word",
        "--out",
        p(&model),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "predict",
        "--model",
        p(&model),
        "--text-col",
        "body",
        p(&data),
    ]);
    let out = stdout(&o);
    assert_eq!(
        out.lines().next().unwrap(),
        "body,stance,stance_pred,stance_prob"
    );
    assert!(out
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("we welcome the deal,pos,pos,"));
}

#[test]
fn the_built_in_model_needs_no_flag() {
    let o = run_stdin(
        &["predict", "--lines"],
        b"The spokesperson said China firmly opposes US interference in its internal affairs.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let row = stdout(&o).lines().nth(1).unwrap().to_owned();
    assert!(
        row.contains(",china,") && row.contains(",accusatory,"),
        "{row}"
    );
}

#[test]
fn bad_training_files_name_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "missing_col.csv",
            b"text,side\nx,china\n",
            ":1: no column \"tone\" in the header",
        ),
        (
            "ragged.csv",
            b"text,side,tone\na,china,neutral\nb,china\n",
            ":3: row has 2 fields but the header has 3",
        ),
        (
            "empty_text.csv",
            b"text,side,tone\na,china,neutral\n,none,neutral\n",
            ":3: empty text in column \"text\"",
        ),
        (
            "one_class.csv",
            b"text,side,tone\na,china,neutral\nb,china,accusatory\n",
            "head \"side\" has only one class",
        ),
        ("header_only.csv", b"text,side,tone\n", "no labelled rows"),
        ("empty.csv", b"", ":1: the file is empty"),
    ];
    for (name, content, want) in cases {
        let path = write(dir.path(), name, content);
        let o = run(&[
            "train",
            "--data",
            p(&path),
            "--out",
            p(&dir.path().join("m")),
        ]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(
            err.starts_with("stancekit: ") && err.contains(name) && err.contains(want),
            "{name}: {err}"
        );
    }
    let o = run(&["train", "--data", "/nonexistent/x.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/x.csv"));
    let o = run(&["train", "--data", p(dir.path())]);
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    let o = run(&["train", "--data", SMALL, "--features", "word+bogus"]);
    assert!(
        stderr(&o).contains("unknown block \"bogus\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn damaged_model_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(train_small(dir.path())).unwrap();
    let mut corrupt = good.clone();
    let last = corrupt.len() - 10;
    corrupt[last] ^= 0xff;
    let mut version = good.clone();
    version[16] = 99;
    let mut absurd = good.clone();
    absurd[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), "truncated"),
        ("corrupt", corrupt, "checksum mismatch"),
        ("version", version, "format version 99"),
        (
            "foreign",
            b"id,text\n1,hello\n".to_vec(),
            "not a stancekit model file",
        ),
        ("empty", Vec::new(), "not a stancekit model file"),
        (
            "absurd",
            absurd,
            "truncated: the header declares 18446744073709551615 bytes",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = write(dir.path(), name, &bytes);
        let o = run_stdin(&["predict", "--model", p(&path), "--lines"], b"hello\n");
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
    }
}

#[test]
fn unknown_label_at_eval_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_small(dir.path());
    let data = write(
        dir.path(),
        "odd.csv",
        b"text,side,tone\nHello,china,neutral\nThere,russia,neutral\n",
    );
    let o = run(&["eval", "--model", p(&model), "--data", p(&data)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("odd.csv:3: label \"russia\" in column \"side\" is not one the model knows"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(BIN)
        .args(["predict", "--lines", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..200_000 {
            if stdin.write_all(b"China opposes the move.\n").is_err() {
                break;
            }
        }
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
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_shows_every_default() {
    let o = run(&["train", "--help"]);
    // Help text wraps at the terminal width: compare with spaces folded.
    let help = stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "[default: text]",
        "[default: side tone]",
        "[default: word,cues,turn]",
        "[default: 10]",
        "[default: 0.5]",
        "[default: turn]",
        "[default: balanced]",
        "[default: 42]",
        "[default: side, when it is a --label]",
        "[default: doc]",
    ] {
        assert!(help.contains(want), "missing {want} in:\n{help}");
    }
    let help = stdout(&run(&["predict", "--help"]));
    assert!(help.contains("[default: csv]") && help.contains("built-in model"));
}

fn predictions(o: &Output) -> Vec<csv::StringRecord> {
    assert!(o.status.success(), "{}", stderr(o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn document_context_is_trained_used_and_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    let o = run(&["train", "--data", SMALL, "--out", p(&model)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("document context: side (documents from column \"doc\", 5 folds)"),
        "{}",
        stderr(&o)
    );
    let with = run(&["predict", "--model", p(&model), "--probs", SMALL]);
    assert!(stderr(&with).contains("in their documents' context"));
    let alone = run(&[
        "predict",
        "--model",
        p(&model),
        "--probs",
        "--no-context",
        SMALL,
    ]);
    let (with, alone) = (predictions(&with), predictions(&alone));
    assert_eq!(with.len(), 400);
    let docs = |d: &str| with.iter().filter(|r| &r[5] == d).count();
    let mut changed = 0;
    for (w, a) in with.iter().zip(&alone) {
        assert_eq!(
            w.iter().take(7).collect::<Vec<_>>(),
            a.iter().take(7).collect::<Vec<_>>()
        );
        if docs(&w[5]) == 1 {
            assert_eq!(w, a, "a sentence alone in its document keeps its scores");
        }
        changed += usize::from(w[8] != a[8]);
    }
    assert!(changed > 50, "context re-scored only {changed} rows");
    let tone_unchanged = with
        .iter()
        .zip(&alone)
        .all(|(w, a)| w.iter().skip(12).eq(a.iter().skip(12)));
    assert!(tone_unchanged, "only the side head has a context stage");
}

#[test]
fn document_context_needs_a_label_column_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.model");
    let o = run(&[
        "train",
        "--data",
        SMALL,
        "--context",
        "stance",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--context: \"stance\" is not a --label column (side, tone)"));
    let no_docs = run(&[
        "train",
        "--data",
        SMALL,
        "--doc-col",
        "nope",
        "--out",
        p(&out),
    ]);
    assert!(stderr(&no_docs).contains("document context: off (no column \"nope\")"));
    let off = run(&["train", "--data", SMALL, "--no-context", "--out", p(&out)]);
    assert!(stderr(&off).contains("document context: off\n"));
}

#[test]
fn the_built_in_model_reproduces_its_published_scores() {
    let test = concat!(env!("CARGO_MANIFEST_DIR"), "/data/labelled/test.csv");
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/metrics.json"))
            .unwrap(),
    )
    .unwrap();
    let o = run(&["eval", "--data", test, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let measured: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for h in 0..2 {
        let (a, b) = (
            measured[h]["macro_f1"].as_f64().unwrap(),
            published[h]["macro_f1"].as_f64().unwrap(),
        );
        assert!(
            (a - b).abs() < 1e-9,
            "head {h}: measured {a}, models/metrics.json says {b}"
        );
    }
}

#[test]
fn label_a_folder_writes_every_sentence_and_reports_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("articles");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    let article = "Register now\n\nChina lodged stern representations with the U.S. side. \"We firmly oppose it,\" the spokesman said.\n";
    write(&docs, "a.txt", article.as_bytes());
    write(
        &docs,
        "sub/b.md",
        b"# Readout\n\nThe two leaders reaffirmed their alliance.\n",
    );
    write(&docs, "empty.txt", b"");
    write(&docs, "bad.txt", b"fine\nthen \xff broken");
    let summary = dir.path().join("summary.csv");
    let o = run(&["label", "--summary", p(&summary), p(&docs)]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a failed file makes the exit code 2"
    );
    let err = stderr(&o);
    assert!(err.contains("bad.txt:2: not UTF-8 text"), "{err}");
    assert!(
        err.contains("3 documents read, 1 failed, 4 sentences written"),
        "{err}"
    );

    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().take(5).collect::<Vec<_>>(),
        ["doc", "sent", "start", "end", "text"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let texts: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
    assert_eq!(
        texts,
        [
            "China lodged stern representations with the U.S. side.",
            "\"We firmly oppose it,\" the spokesman said.",
            "Readout",
            "The two leaders reaffirmed their alliance."
        ]
    );
    let (start, end): (usize, usize) = (rows[1][2].parse().unwrap(), rows[1][3].parse().unwrap());
    assert_eq!(
        &article[start..end],
        "\"We firmly oppose it,\" the spokesman said."
    );
    assert_eq!(&rows[0][5], "china");

    let summary = std::fs::read_to_string(&summary).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert!(lines[0].starts_with("doc,sentences,furniture_dropped,share_china/accusatory,"));
    assert_eq!(
        lines.len(),
        4,
        "a.txt, empty.txt and sub/b.md get a row:\n{summary}"
    );
    assert!(lines[1].contains("a.txt,2,1,"), "{}", lines[1]);
    assert!(lines[2].contains("empty.txt,0,0,0.000000"), "{}", lines[2]);
    let shares: f64 = lines[3]
        .split(',')
        .skip(3)
        .map(|x| x.parse::<f64>().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-5);
}

#[test]
fn label_jsonl_stdin_keeps_extra_keys_and_names_bad_lines() {
    let input = b"{\"id\": 7, \"text\": \"China opposes it. Japan welcomed the deal.\", \"outlet\": \"x\"}\n{\"id\": 8}\n";
    let o = run_stdin(&["label", "--format", "jsonl", "-"], input);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("<stdin>:2: no key \"text\""),
        "{}",
        stderr(&o)
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["doc"], "7");
    assert_eq!(lines[1]["sent"], 1);
    assert_eq!(lines[1]["text"], "Japan welcomed the deal.");
    assert_eq!(lines[1]["outlet"], "x");
    assert!(lines[1]["side_prob"].as_f64().unwrap() > 0.0);
}

#[test]
fn split_prints_sentences_with_offsets_and_marks_furniture() {
    let text = "By John Smith\n\nMr. Wang met Gen. Li on Jan. 5. They spoke for 2.5 hours.\n";
    let o = run_stdin(
        &["split", "--keep-furniture", "--format", "tsv", "-"],
        text.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<Vec<String>> = stdout(&o)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0][4].as_str(), rows[0][5].as_str()),
        ("By John Smith", "true")
    );
    assert_eq!(rows[1][4], "Mr. Wang met Gen. Li on Jan. 5.");
    let (s, e): (usize, usize) = (rows[2][2].parse().unwrap(), rows[2][3].parse().unwrap());
    assert_eq!(&text[s..e], "They spoke for 2.5 hours.");
}

#[test]
fn label_never_reads_its_own_output_files_back() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        b"Beijing firmly opposes the sanctions.\n",
    );
    let out = std::fs::File::create(dir.path().join("out.csv")).unwrap();
    let o = Command::new(BIN)
        .args(["label", "--summary", "profile.csv", "."])
        .current_dir(dir.path())
        .stdout(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("out.csv: skipped, this run writes it"),
        "{err}"
    );
    assert!(
        err.contains("profile.csv: skipped, this run writes it"),
        "{err}"
    );
    assert!(
        err.contains("1 documents read, 0 failed, 1 sentences written"),
        "{err}"
    );
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written.lines().count(), 2, "{written}");
}

/// The `side_prob_<label>` value of each output row, by the header.
fn side_prob(o: &Output, label: &str) -> Vec<f64> {
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let column = format!("side_prob_{label}");
    let at = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    r.records()
        .map(|x| x.unwrap()[at].parse().unwrap())
        .collect()
}

#[test]
fn the_turn_column_moves_the_side_and_bad_turns_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The US side has imposed new tariffs on Chinese goods.";
    let rows = format!("text,turn\n{sentence},question\n{sentence},\n{sentence},answer\n");
    let input = write(dir.path(), "turns.csv", rows.as_bytes());
    let o = run(&["predict", "--probs", p(&input)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("transcript turns of column \"turn\""));
    let (none, china) = (side_prob(&o, "none"), side_prob(&o, "china"));
    assert!(none[0] > none[1] && none[1] > none[2], "{none:?}");
    assert!(china[2] > china[1] && china[1] > china[0], "{china:?}");
    let ignored = run(&["predict", "--probs", "--turn-col", "", p(&input)]);
    let none = side_prob(&ignored, "none");
    assert!(none[0] == none[1] && none[1] == none[2], "{none:?}");

    let bad = write(
        dir.path(),
        "bad.csv",
        b"text,turn\nHello.,answer\nHi.,reply\n",
    );
    let o = run(&["predict", p(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.csv:3: \"reply\" in column \"turn\" is not a turn"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn label_reads_turns_from_speaker_tags() {
    let sentence = "The US side has imposed new tariffs on Chinese goods.";
    let doc = format!("Q: Any comment? {sentence}\n\nA: Thank you. {sentence}\n");
    let o = run_stdin(&["label", "--probs", "--no-context", "-"], doc.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let none = side_prob(&o, "none");
    assert_eq!(none.len(), 4);
    assert!(
        none[1] > none[3],
        "question turn {} answer turn {}",
        none[1],
        none[3]
    );
}

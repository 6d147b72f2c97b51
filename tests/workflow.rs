//! The annotation workflow through the real binary: `explain` (and
//! `predict --explain`) to see why a sentence got its labels, `inspect` to
//! see what a model learnt, `suggest` to pick the next sentences to label.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;

const BIN: &str = env!("CARGO_BIN_EXE_stancekit");
const SMALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/labelled_small.csv"
);

const NEWS: &str =
    "The spokesperson said China firmly opposes US interference in its internal affairs.";
const ALLIANCE: &str =
    "The two leaders reaffirmed their commitment to a free and open Indo-Pacific.";

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
    // A command that fails before reading stdin closes it; the exit code
    // and stderr say what happened, so a refused write is no test failure.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json_lines(o: &Output) -> Vec<Json> {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn csv_rows(o: &Output) -> (Vec<String>, Vec<csv::StringRecord>) {
    assert!(o.status.success(), "{}", stderr(o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    (header, reader.records().map(Result::unwrap).collect())
}

fn csv_rows_of(text: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn explain_json_contributions_add_up_to_the_logit() {
    let o = run_stdin(
        &["explain", "--json", "--top", "3", NEWS, "-"],
        format!("{ALLIANCE}\n\nJapan welcomed the deal.\n").as_bytes(),
    );
    let sentences = json_lines(&o);
    assert_eq!(sentences.len(), 4, "one argument and three stdin lines");
    assert_eq!(sentences[0]["text"], NEWS);
    assert_eq!(sentences[2]["text"], "", "a blank line keeps its place");
    assert_eq!(sentences[3]["sentence"], 4);
    for s in &sentences {
        let text = s["text"].as_str().unwrap();
        for h in s["heads"].as_array().unwrap() {
            let (pro, con) = (
                h["for"].as_array().unwrap(),
                h["against"].as_array().unwrap(),
            );
            assert!(pro.len() <= 3 && con.len() <= 3);
            let shown: f64 = pro.iter().chain(con).map(|c| f(&c["contribution"])).sum();
            let total = f(&h["intercept"]) + shown + f(&h["other_contribution"]);
            assert!(
                (total - f(&h["logit"])).abs() < 1e-4,
                "{text:?} {}: {total} vs {}",
                h["head"],
                h["logit"]
            );
            for c in pro.iter().chain(con) {
                let product = f(&c["value"]) * f(&c["weight"]);
                assert!((product - f(&c["contribution"])).abs() < 1e-5);
                assert!(["word", "char", "cue"].contains(&c["kind"].as_str().unwrap()));
                for span in c["spans"].as_array().unwrap() {
                    let (a, b) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
                    let slice = &text[a as usize..b as usize];
                    if c["kind"] == "word" {
                        // The span is the term as written; its tokens are the
                        // term ("US" is read as "u.s.").
                        let tokens = stancekit::text::analyze::tokens_of(slice).join(" ");
                        assert_eq!(tokens, c["name"].as_str().unwrap());
                    }
                }
            }
            assert!(pro.iter().all(|c| f(&c["contribution"]) > 0.0));
            assert!(con.iter().all(|c| f(&c["contribution"]) < 0.0));
        }
    }
    let side = &sentences[0]["heads"][0];
    assert_eq!(
        (side["head"].as_str(), side["label"].as_str()),
        (Some("side"), Some("china"))
    );
}

#[test]
fn explain_agrees_with_predict_on_label_and_probability() {
    let e = json_lines(&run(&["explain", "--json", NEWS, ALLIANCE]));
    let o = run_stdin(
        &["predict", "--lines", "--format", "jsonl"],
        format!("{NEWS}\n{ALLIANCE}\n").as_bytes(),
    );
    let p = json_lines(&o);
    for (e, p) in e.iter().zip(&p) {
        for h in e["heads"].as_array().unwrap() {
            let name = h["head"].as_str().unwrap();
            assert_eq!(h["label"], p[format!("{name}_pred")]);
            assert!((f(&h["probability"]) - f(&p[format!("{name}_prob")])).abs() < 1e-5);
        }
    }
}

#[test]
fn explain_report_names_features_spans_and_no_colour_in_a_pipe() {
    let o = run(&["explain", "--top", "2", NEWS]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "ANSI codes in a pipe:\n{out}");
    assert!(out.starts_with(&format!("[1] {NEWS}\n")), "{out}");
    assert!(out.contains("\nside: china (p="), "{out}");
    assert!(out.contains("  for china:\n") && out.contains("  against china:\n"));
    assert!(out.contains("  for accusatory:\n"), "{out}");
    assert!(out.contains(" = intercept "), "{out}");
    let feature_lines: Vec<&str> = out.lines().filter(|l| l.starts_with("    ")).collect();
    assert_eq!(
        feature_lines.len(),
        8,
        "2 for + 2 against, two heads:\n{out}"
    );
    // "    +0.677 = 1.000 × +0.677  cue   china_first  22..27 "China""
    for line in feature_lines {
        assert!(line.contains(" × "), "{line}");
        if line.ends_with("(whole sentence)") {
            continue;
        }
        let (_, at) = line.rsplit_once("  ").unwrap();
        let (range, quoted) = at.split_once(' ').unwrap();
        let (a, b) = range.split_once("..").unwrap();
        let slice = &NEWS[a.parse::<usize>().unwrap()..b.parse::<usize>().unwrap()];
        assert_eq!(quoted, format!("{slice:?}"), "{line}");
    }
}

#[test]
fn predict_explain_adds_one_column_per_head_in_every_format() {
    let input = format!("{NEWS}\n{ALLIANCE}\n");
    let (header, rows) = csv_rows(&run_stdin(
        &["predict", "--lines", "--explain", "2"],
        input.as_bytes(),
    ));
    assert_eq!(
        header,
        [
            "text",
            "side_pred",
            "side_prob",
            "tone_pred",
            "tone_prob",
            "side_explain",
            "tone_explain"
        ]
    );
    let explained = json_lines(&run(&["explain", "--json", "--top", "2", NEWS, ALLIANCE]));
    for (row, e) in rows.iter().zip(&explained) {
        for (h, cell) in [&row[5], &row[6]].into_iter().enumerate() {
            let want: Vec<String> = e["heads"][h]["for"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{}:{}({:+.2})",
                        c["kind"].as_str().unwrap(),
                        c["name"].as_str().unwrap(),
                        f(&c["contribution"])
                    )
                })
                .collect();
            assert_eq!(cell, want.join("; "));
            assert_eq!(cell.split("; ").count(), 2, "{cell}");
        }
    }
    let tsv = run_stdin(
        &["predict", "--lines", "--explain", "1", "--format", "tsv"],
        input.as_bytes(),
    );
    let first = stdout(&tsv).lines().nth(1).unwrap().to_owned();
    assert_eq!(first.split('\t').count(), 7, "{first}");
    let jsonl = json_lines(&run_stdin(
        &["predict", "--lines", "--explain", "3", "--format", "jsonl"],
        input.as_bytes(),
    ));
    let cell = jsonl[1]["tone_explain"].as_str().unwrap();
    let parts: Vec<&str> = cell.split("; ").collect();
    assert_eq!(parts.len(), 3, "{cell}");
    for part in parts {
        let (kind, rest) = part.split_once(':').unwrap();
        assert!(["word", "char", "cue"].contains(&kind), "{part}");
        let (_, number) = rest.rsplit_once('(').unwrap();
        assert!(number.starts_with('+') && number.ends_with(')'), "{part}");
        number.trim_end_matches(')').parse::<f64>().unwrap();
    }
}

#[test]
fn inspect_the_built_in_model() {
    let o = run(&["inspect", "--json", "--top", "4"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: Json = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["model"], "<built-in>");
    assert_eq!(s["format_version"], 3);
    assert_eq!(s["config"]["context"]["heads"], serde_json::json!(["side"]));
    assert_eq!(s["config"]["features"]["turn"], true);
    assert_eq!(s["config"]["turn_dropout"], 0.5);
    assert_eq!(s["context_heads"], serde_json::json!(["side"]));
    assert!(s["config"]["seed"].is_u64());
    assert!(s["config"]["logistic"]["c"].is_f64());
    let blocks: u64 = s["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["features"].as_u64().unwrap())
        .sum();
    assert_eq!(blocks, s["n_features"].as_u64().unwrap());
    let heads = s["heads"].as_array().unwrap();
    assert_eq!(heads.len(), 2);
    let labels: Vec<&str> = heads[1]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["accusatory", "neutral", "reassuring"]);
    for class in heads.iter().flat_map(|h| h["classes"].as_array().unwrap()) {
        let pos: Vec<f64> = class["most_positive"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| f(&x["weight"]))
            .collect();
        let neg: Vec<f64> = class["most_negative"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| f(&x["weight"]))
            .collect();
        assert_eq!((pos.len(), neg.len()), (4, 4));
        assert!(pos.windows(2).all(|w| w[0] >= w[1]) && pos[3] > 0.0);
        assert!(neg.windows(2).all(|w| w[0] <= w[1]) && neg[3] < 0.0);
    }
    let text = stdout(&run(&["inspect", "--top", "2"]));
    for want in [
        "model: <built-in>\n",
        "format version: 3\n",
        "  turn: question, answer",
        "\ntraining: C=",
        " class_weight=",
        " max_iter=",
        " turn_dropout=0.5",
        " seed=",
        "  side: china, none, us_japan\n",
        "\nside = china (intercept ",
        "most positive",
        "most negative",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn inspect_shows_the_config_a_model_was_trained_with() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    let o = run(&[
        "train",
        "--data",
        SMALL,
        "--features",
        "word:1-1,min_df=2+cues",
        "--c",
        "3",
        "--class-weight",
        "none",
        "--seed",
        "7",
        "--out",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["inspect", "--json", "--model", model.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: Json = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["model"], model.to_str().unwrap());
    assert_eq!(s["config"]["seed"], 7);
    assert_eq!(s["config"]["logistic"]["c"], 3.0);
    assert_eq!(s["config"]["logistic"]["balanced"], false);
    assert_eq!(
        s["config"]["features"]["word"]["ngram_range"],
        serde_json::json!([1, 1])
    );
    let text = stdout(&run(&["inspect", "--model", model.to_str().unwrap()]));
    assert!(text.contains("ngram_range=1-1 min_df=2"), "{text}");
    assert!(text.contains("C=3 class_weight=none"), "{text}");
}

const POOL: &str = "\
id,text,source,doc,context
p1,The two sides held talks.,mfa,2020-01-01,x
p2,China firmly opposes the so-called sanctions and urges the US to stop.,mfa,2020-01-02,x
p3,The two sides held talks on Monday.,mfa,2020-01-03,x
p4,,mfa,2020-01-04,x
p5,Officials met in Geneva to discuss the matter.,wh,a.md,x
p6,We welcome the cooperation between Japan and the United States.,wh,b.md,x
p7,The ministry said it would study the report.,mfa,2020-01-05,x
";

#[test]
fn suggest_writes_the_least_certain_sentences_as_a_batch_to_annotate() {
    let dir = tempfile::tempdir().unwrap();
    let pool = write(dir.path(), "pool.csv", POOL);
    let o = run(&["suggest", "--pool", pool.to_str().unwrap(), "-n", "10"]);
    let (header, rows) = csv_rows(&o);
    assert_eq!(
        header,
        [
            "id",
            "text",
            "side",
            "tone",
            "source",
            "doc",
            "side_guess",
            "tone_guess",
            "uncertainty"
        ]
    );
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert!(
        !ids.contains(&"p4"),
        "a sentence without words is not suggested"
    );
    assert!(
        ids.contains(&"p1") != ids.contains(&"p3"),
        "one of the near-duplicates p1/p3 (Jaccard 5/7) is kept: {ids:?}"
    );
    assert_eq!(rows.len(), 5);
    let scores: Vec<f64> = rows.iter().map(|r| r[8].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for r in &rows {
        assert_eq!((&r[2], &r[3]), ("", ""), "label cells are left empty");
        assert!(["china", "none", "us_japan"].contains(&&r[6]));
        assert!(["accusatory", "neutral", "reassuring"].contains(&&r[7]));
    }
    let pool_rows = csv_rows_of(POOL);
    for r in &rows {
        let source = pool_rows.iter().find(|p| p[0] == r[0]).unwrap();
        assert_eq!((&r[1], &r[4], &r[5]), (&source[1], &source[2], &source[3]));
    }
    let err = stderr(&o);
    assert!(
        err.contains(
            "7 sentences scored, 5 suggested; skipped 1 near-duplicates and 1 without words"
        ),
        "{err}"
    );

    // The score is the largest margin-uncertainty over the heads.
    let texts: String = rows.iter().map(|r| format!("{}\n", &r[1])).collect();
    let probs = json_lines(&run_stdin(
        &["predict", "--lines", "--probs", "--format", "jsonl"],
        texts.as_bytes(),
    ));
    for (r, p) in rows.iter().zip(&probs) {
        let margin = |head: &str, labels: &[&str]| {
            let mut v: Vec<f64> = labels
                .iter()
                .map(|l| f(&p[format!("{head}_prob_{l}")]))
                .collect();
            v.sort_by(|a, b| b.partial_cmp(a).unwrap());
            1.0 - (v[0] - v[1])
        };
        let want = margin("side", &["china", "none", "us_japan"])
            .max(margin("tone", &["accusatory", "neutral", "reassuring"]));
        let got: f64 = r[8].parse().unwrap();
        assert!((got - want).abs() < 1e-5, "{}: {got} vs {want}", &r[0]);
    }

    let two = csv_rows(&run(&[
        "suggest",
        "--pool",
        pool.to_str().unwrap(),
        "-n",
        "2",
        "--strategy",
        "entropy",
    ]))
    .1;
    assert_eq!(two.len(), 2);
}

#[test]
fn suggest_reads_lines_from_stdin_and_numbers_them() {
    let o = run_stdin(
        &[
            "suggest",
            "--pool",
            "-",
            "--lines",
            "-n",
            "3",
            "--max-similarity",
            "1.0",
        ],
        b"China opposes it.\nJapan welcomed the deal.\nThe talks went on.\n",
    );
    let (header, rows) = csv_rows(&o);
    assert_eq!(header[0], "id");
    let mut ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["1", "2", "3"], "line numbers stand in for ids");
    assert!(rows.iter().all(|r| r[4].is_empty() && r[5].is_empty()));
}

#[test]
fn bad_settings_and_inputs_exit_2_with_a_reason() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["suggest", "--pool", "/nonexistent/pool.csv"],
            "/nonexistent/pool.csv",
        ),
        (
            &["suggest", "--pool", SMALL, "-n", "0"],
            "invalid setting -n: must be at least 1",
        ),
        (
            &["suggest", "--pool", SMALL, "--max-similarity", "1.5"],
            "--max-similarity: 1.5 is not within (0, 1]",
        ),
        (
            &["suggest", "--pool", SMALL, "--text-col", "body"],
            "no column \"body\"",
        ),
        (
            &["suggest", "--pool", SMALL, "--strategy", "random"],
            "invalid value 'random'",
        ),
        (&["explain"], "SENTENCE"),
        (
            &["explain", "--model", "/nonexistent/m.model", "x"],
            "/nonexistent/m.model",
        ),
        (&["inspect", "--model", SMALL], "not a stancekit model file"),
    ];
    for (args, want) in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn help_shows_every_default() {
    for (command, wants) in [
        ("explain", &["[default: 5]"][..]),
        ("inspect", &["[default: 10]"][..]),
        (
            "suggest",
            &[
                "[default: 50]",
                "[default: margin]",
                "[default: 0.6]",
                "[default: text]",
            ][..],
        ),
    ] {
        let help = stdout(&run(&[command, "--help"]));
        assert!(help.contains("built-in model"), "{command}:\n{help}");
        for want in wants {
            assert!(help.contains(want), "{command}: missing {want} in:\n{help}");
        }
    }
    let help = stdout(&run(&["predict", "--help"]));
    assert!(help.contains("--explain <K>"), "{help}");
}

#!/usr/bin/env python3
"""Accuracy against scikit-learn on the same split (not part of CI).

Trains scikit-learn's TfidfVectorizer + LogisticRegression with the settings
closest to stancekit's default (word 1-2 grams seen in >= 2 sentences,
sublinear tf, smoothed idf, L2 rows, multinomial logistic regression with the
same C and balanced class weights, run to convergence) on the training files, and stancekit's default pipeline on the same
files; scores both on the test file and prints macro-F1 per head side by side
("diff" is stancekit minus the plain scikit-learn pipeline). The plain
pipeline reads the text only; stancekit also reads the `turn` column where a
file has one. `--turn-token` adds a third column: scikit-learn given the turn
as an extra word, to show how much of the gap is the turn.

    pip install -r benches/requirements.txt
    cargo build --release
    python3 benches/compare_accuracy.py \
        --train data/labelled/train.csv data/labelled/dev.csv \
        --test data/labelled/test.csv
"""
import argparse, csv, json, os, subprocess, sys, tempfile

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import make_pipeline

HEADS = ["side", "tone"]


def read(paths):
    rows = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            rows.extend(csv.DictReader(f))
    return rows


def sklearn_text(row, turn_token):
    """The row's text; with turn_token, a made-up word naming its transcript
    turn appended ("xxturnquestion"), so scikit-learn sees what stancekit's
    turn block sees."""
    turn = row.get("turn") or ""
    return f"{row['text']} xxturn{turn}" if turn_token and turn else row["text"]


def sklearn_scores(train, test, c, turn_token=False):
    scores = {}
    for head in HEADS:
        model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            LogisticRegression(C=c, class_weight="balanced", max_iter=2000),
        )
        model.fit([sklearn_text(r, turn_token) for r in train], [r[head] for r in train])
        pred = model.predict([sklearn_text(r, turn_token) for r in test])
        scores[head] = f1_score([r[head] for r in test], pred, average="macro")
    return scores


def stancekit_scores(binary, train_paths, test_path, extra):
    with tempfile.TemporaryDirectory() as tmp:
        merged = os.path.join(tmp, "train.csv")
        rows = read(train_paths)
        with open(merged, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
        model = os.path.join(tmp, "m.model")
        subprocess.run([binary, "train", "--data", merged, "--out", model, *extra], check=True, stderr=subprocess.DEVNULL)
        out = subprocess.run([binary, "eval", "--model", model, "--data", test_path, "--json"], check=True, capture_output=True, text=True)
    return {r["head"]: r["macro_f1"] for r in json.loads(out.stdout)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--binary", default="target/release/stancekit")
    ap.add_argument("--c", type=float, default=10.0, help="C for both tools (stancekit's default is 10)")
    ap.add_argument("--stancekit-args", default="", help="extra arguments for stancekit train")
    ap.add_argument("--turn-token", action="store_true",
                    help="also score scikit-learn given each row's turn column as an extra word")
    args = ap.parse_args()
    train, test = read(args.train), read([args.test])
    sk = sklearn_scores(train, test, args.c)
    sk_turn = sklearn_scores(train, test, args.c, turn_token=True) if args.turn_token else None
    ours = stancekit_scores(args.binary, args.train, args.test, args.stancekit_args.split() + ["--c", str(args.c)])
    print(f"train rows {len(train)}, test rows {len(test)} ({args.test})")
    extra = f" {'sklearn+turn':>13}" if sk_turn else ""
    print(f"{'head':<6} {'scikit-learn':>13}{extra} {'stancekit':>10} {'diff':>7}")
    for h in HEADS:
        extra = f" {sk_turn[h]:>13.4f}" if sk_turn else ""
        print(f"{h:<6} {sk[h]:>13.4f}{extra} {ours[h]:>10.4f} {ours[h] - sk[h]:>+7.4f}")


if __name__ == "__main__":
    sys.exit(main())

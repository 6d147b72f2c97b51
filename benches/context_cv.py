#!/usr/bin/env python3
"""Grouped k-fold cross-validation of the document-context stage.

Deals the documents of the labelled files (column `doc`) to k folds, trains
`stancekit train` on k-1 folds (extra arguments are passed on, e.g.
`--context side,tone`), and scores the held-out fold with `stancekit eval`
twice: in the documents' context and with `--no-context`. Prints each head's
macro-F1 per fold and the mean, so a change to the stage is judged on more
than one test split.

    cargo build --release
    python3 benches/context_cv.py --data data/labelled/train.csv data/labelled/dev.csv -- --context side,tone

Not part of CI. Standard library only.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import tempfile


def parse_args():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", nargs="+", required=True)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--binary", default=os.path.join(root, "target/release/stancekit"))
    p.add_argument("train_args", nargs="*", help="passed to stancekit train (after --)")
    return p.parse_args()


def write_rows(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def main():
    args = parse_args()
    rows = []
    for path in args.data:
        with open(path, encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    fields = list(rows[0].keys())
    docs = sorted({r["doc"] for r in rows})
    random.Random(args.seed).shuffle(docs)
    fold_of = {d: i % args.folds for i, d in enumerate(docs)}
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            train, test, model = (os.path.join(tmp, n) for n in ("train.csv", "test.csv", "m.model"))
            write_rows(train, fields, [r for r in rows if fold_of[r["doc"]] != k])
            write_rows(test, fields, [r for r in rows if fold_of[r["doc"]] == k])
            subprocess.run([args.binary, "train", "--data", train, "--out", model, *args.train_args],
                           check=True, stderr=subprocess.DEVNULL)
            for mode, extra in (("in context", []), ("alone", ["--no-context"])):
                out = subprocess.run([args.binary, "eval", "--model", model, "--data", test, "--json", *extra],
                                     check=True, capture_output=True, text=True).stdout
                for head in json.loads(out):
                    scores.setdefault((head["head"], mode), []).append(head["macro_f1"])
    print(f"{len(rows)} rows, {len(docs)} documents, {args.folds} folds by document")
    for (head, mode), values in sorted(scores.items()):
        folds = " ".join(f"{v:.3f}" for v in values)
        print(f"{head:<6} {mode:<10} mean {sum(values) / len(values):.4f}   folds {folds}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scores `stancekit label` on labelled sentences inside their whole documents.

`stancekit eval --data test.csv` sees only the labelled sentences of each
document (about five of a document's dozens); `stancekit label` on an
article sees all of them. This script measures the second, the tool's main
job: it rebuilds every document that the labelled file's `doc` column names
from `../shared/corpus` (a Foreign Ministry press conference: every paragraph
of that date; a UN speech or White House page: its file), labels the
documents with `stancekit label` (with and without `--no-context`), finds
each labelled sentence among the sentences `label` wrote for its document
(same text once whitespace is folded, else the sentence that contains it or
is contained in it) and prints macro-F1 per head.

    cargo build --release
    python3 benches/label_in_documents.py --data data/labelled/test.csv

Not part of CI: it needs ../shared/corpus. Standard library only.
"""

import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

HEADS = ("side", "tone")


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.path.join(root, "data/labelled/test.csv"))
    p.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus"))
    p.add_argument("--binary", default=os.path.join(root, "target/release/stancekit"))
    p.add_argument("--model", help="model file (default: the built-in model)")
    return p.parse_args()


def fold(text):
    return " ".join(text.split())


def mfa_documents(corpus, dates):
    docs = defaultdict(list)
    for tsv in sorted(glob.glob(os.path.join(corpus, "mfa_press_conferences", "*.tsv"))):
        with open(tsv, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["date"] in dates:
                    docs[row["date"]].append(row["text"])
    return {d: "\n\n".join(paras) + "\n" for d, paras in docs.items()}


def file_documents(corpus, names):
    by_name = {}
    for path in glob.glob(os.path.join(corpus, "**", "*.*"), recursive=True):
        by_name.setdefault(os.path.basename(path), path)
    out = {}
    for doc in names:
        path = by_name.get(os.path.basename(doc))
        if path:
            with open(path, encoding="utf-8", newline="") as f:
                out[doc] = f.read()
    return out


def build_documents(rows, corpus):
    mfa = {r["doc"] for r in rows if r["source"] == "mfa_press_conferences"}
    files = {r["doc"] for r in rows if r["source"] != "mfa_press_conferences"}
    docs = mfa_documents(corpus, mfa)
    docs.update(file_documents(corpus, files))
    missing = (mfa | files) - docs.keys()
    if missing:
        print(f"{len(missing)} documents not found in {corpus}, e.g. {sorted(missing)[:3]}", file=sys.stderr)
    return docs


def label(binary, folder, model, extra):
    cmd = [binary, "label", "--format", "jsonl", *extra, folder]
    if model:
        cmd[2:2] = ["--model", model]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    by_doc = defaultdict(list)
    for line in out.splitlines():
        rec = json.loads(line)
        by_doc[rec["doc"]].append(rec)
    return by_doc


def find(sentence, candidates):
    want = fold(sentence)
    for c in candidates:
        if fold(c["text"]) == want:
            return c
    overlapping = [c for c in candidates if want in fold(c["text"]) or fold(c["text"]) in want]
    return max(overlapping, key=lambda c: len(c["text"]), default=None)


def macro_f1(gold, pred):
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label != g for g, p in zip(gold, pred))
        fn = sum(g == label != p for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def main():
    args = parse_args()
    with open(args.data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    docs = build_documents(rows, args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for i, (doc, text) in enumerate(sorted(docs.items())):
            path = os.path.join(tmp, f"doc{i:05}.txt")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            names[doc] = path
        runs = {mode: label(args.binary, tmp, args.model, extra)
                for mode, extra in (("in context", []), ("sentences alone", ["--no-context"]))}
    print(f"{len(rows)} labelled sentences, {len(docs)} documents rebuilt")
    for mode, by_doc in runs.items():
        matched = [(r, find(r["text"], by_doc.get(names.get(r["doc"]), []))) for r in rows]
        matched = [(r, m) for r, m in matched if m is not None]
        scores = [f"{h} {macro_f1([r[h] for r, _ in matched], [m[h + '_pred'] for _, m in matched]):.4f}"
                  for h in HEADS]
        print(f"label, {mode}: {len(matched)} sentences found; macro-F1 {', '.join(scores)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build data/labelled/{train,dev,test}.csv from the annotation batches.

Inputs (all under data/annotation/): pool.csv (the sampled sentences),
batch_*.labels.csv (first annotation), adjudicated.csv (final labels where
the second annotation disagreed). Rows an annotator marked skip=1 (not a
sentence) are left out.

Split by document, never by sentence: every document (one press conference,
one speech, one White House page) goes wholly into one split. Documents are
shuffled with a fixed seed and dealt to test until it holds >= 15% of the
sentences, then to dev until >= 10%, the rest to train. Deterministic.
"""
import csv, glob, random

A = "data/annotation"
pool = {r["id"]: r for r in csv.DictReader(open(f"{A}/pool.csv", encoding="utf-8"))}
labels = {}
for path in sorted(glob.glob(f"{A}/batch_*.labels.csv")):
    for r in csv.DictReader(open(path, encoding="utf-8", newline="")):
        labels[r["id"]] = {k: v.strip() for k, v in r.items()}
try:
    for r in csv.DictReader(open(f"{A}/adjudicated.csv", encoding="utf-8")):
        labels[r["id"]].update(side=r["side"].strip(), tone=r["tone"].strip())
except FileNotFoundError:
    pass

rows = [dict(pool[i], **labels[i]) for i in sorted(pool) if labels[i]["skip"] == "0"]
docs = sorted({(r["source"], r["doc"]) for r in rows})
random.Random(20261124).shuffle(docs)
by_doc = {}
for r in rows:
    by_doc.setdefault((r["source"], r["doc"]), []).append(r)
split_of, sizes = {}, {"test": 0, "dev": 0, "train": 0}
for d in docs:
    if sizes["test"] < 0.15 * len(rows):
        s = "test"
    elif sizes["dev"] < 0.10 * len(rows):
        s = "dev"
    else:
        s = "train"
    split_of[d] = s
    sizes[s] += len(by_doc[d])

for split in ("train", "dev", "test"):
    with open(f"data/labelled/{split}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "text", "side", "tone", "source", "doc", "style"])
        for r in rows:
            if split_of[(r["source"], r["doc"])] == split:
                w.writerow([r["id"], r["text"], r["side"], r["tone"], r["source"], r["doc"], r["style"]])
print(sizes)

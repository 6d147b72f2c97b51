#!/usr/bin/env python3
"""After the blind second annotation of data/annotation/suspects.csv, list
the rows where it and the first annotation disagree, for adjudication.

    python3 data/scripts/suspect_disagreements.py

Reads suspects_*.labels.csv (second annotation) and the first annotation of
the same ids (the batch label files, as build_splits.py merges them).
Prints agreement per head on these rows (not a kappa of the whole set: the
rows were picked because the model doubted their label). Writes
suspects_adjudicate.csv: id,text,context, then the two annotations as
`a` and `b` in an order shuffled per row (seeded), so the adjudicator cannot
tell which is the first.
"""
import csv, glob, random

A = "data/annotation"


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


first = {}
for path in sorted(glob.glob(f"{A}/batch_*.labels.csv") + glob.glob(f"{A}/r[2-9]_batch_*.labels.csv")):
    for r in read(path):
        first[r["id"]] = r
for r in read(f"{A}/adjudicated.csv"):
    first[r["id"]] = dict(first[r["id"]], side=r["side"], tone=r["tone"])
second = {r["id"]: r for p in sorted(glob.glob(f"{A}/suspects_[0-9].labels.csv")) for r in read(p)}
rows = {r["id"]: r for p in sorted(glob.glob(f"{A}/suspects_[0-9].csv")) for r in read(p)}
assert set(second) == set(rows), "every suspect needs its second annotation"

key = lambda r: (r["side"], r["tone"], r["skip"])
for head in ("side", "tone", "skip"):
    same = sum(first[i][head] == second[i][head] for i in rows)
    print(f"{head}: first and second annotation agree on {same} of {len(rows)} rows")
rng = random.Random(20261204)
out = []
for i in sorted(rows):
    if key(first[i]) == key(second[i]):
        continue
    a, b = (first[i], second[i]) if rng.random() < 0.5 else (second[i], first[i])
    out.append({"id": i, "text": rows[i]["text"], "context": rows[i]["context"],
                "side_a": a["side"], "tone_a": a["tone"], "skip_a": a["skip"],
                "side_b": b["side"], "tone_b": b["tone"], "skip_b": b["skip"]})
with open(f"{A}/suspects_adjudicate.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, list(out[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print(f"{len(out)} rows to adjudicate in {A}/suspects_adjudicate.csv")

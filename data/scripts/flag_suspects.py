#!/usr/bin/env python3
"""Flag training rows whose label the model, trained without them, finds
least likely: candidates for a blind second annotation.

    cargo build --release
    python3 data/scripts/flag_suspects.py [BINARY] [N]

Real rows of data/labelled/train.csv are dealt to 5 folds by document
(seeded); for each fold a model is trained on the other folds plus dev.csv
and the written training files, with the default settings and no context
stage, and scores the fold's rows alone. A row's suspicion is the lower of
its two heads' probabilities of the label it has. Writes the N most
suspicious rows to data/annotation/suspects.csv as id,text,context, with
neither the label nor the model's guess, so the second annotator decides
blind. Dev and test rows are never flagged or changed.
"""
import csv, os, random, subprocess, sys, tempfile

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/stancekit"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 600
A, L = "data/annotation", "data/labelled"
FOLDS, HEADS = 5, ("side", "tone")


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path, rows, fields):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fields, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


train = read(f"{L}/train.csv")
docs = sorted({(r["source"], r["doc"]) for r in train})
random.Random(20261204).shuffle(docs)
fold_of = {d: i % FOLDS for i, d in enumerate(docs)}
extra = [f"{L}/dev.csv", f"{L}/train_written.csv", f"{L}/train_news_written.csv"]
suspicion = {}
with tempfile.TemporaryDirectory() as tmp:
    for k in range(FOLDS):
        rest = [r for r in train if fold_of[(r["source"], r["doc"])] != k]
        held = [r for r in train if fold_of[(r["source"], r["doc"])] == k]
        write(f"{tmp}/rest.csv", rest, ["id", "text", "side", "tone", "source", "doc"])
        write(f"{tmp}/held.csv", held, ["id", "text"])
        data = [a for p in [f"{tmp}/rest.csv"] + extra for a in ("--data", p)]
        subprocess.run([BINARY, "train", *data, "--no-context", "--out", f"{tmp}/m"],
                       check=True, capture_output=True)
        out = subprocess.run([BINARY, "predict", "--model", f"{tmp}/m", "--probs", f"{tmp}/held.csv"],
                             check=True, capture_output=True, text=True).stdout
        for gold, pred in zip(held, csv.DictReader(out.splitlines())):
            assert gold["id"] == pred["id"]
            suspicion[gold["id"]] = min(float(pred[f"{h}_prob_{gold[h]}"]) for h in HEADS)
        print(f"fold {k + 1}/{FOLDS}: {len(held)} rows scored", file=sys.stderr)

context = {r["id"]: r["context"] for p in ("pool.csv", "pool_r2.csv", "pool_r3.csv", "pool_r4.csv", "pool_r5.csv")
           if os.path.exists(f"{A}/{p}") for r in read(f"{A}/{p}")}
flagged = sorted(train, key=lambda r: (suspicion[r["id"]], r["id"]))[:N]
for r in flagged:
    r["context"] = context[r["id"]]
flagged.sort(key=lambda r: r["id"])
write(f"{A}/suspects.csv", flagged, ["id", "text", "context"])
print(f"wrote {len(flagged)} rows to {A}/suspects.csv "
      f"(probability of their own label at most {max(suspicion[r['id']] for r in flagged):.3f})", file=sys.stderr)

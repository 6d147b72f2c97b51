#!/usr/bin/env python3
"""Pick a later round's sentences to annotate from its wide candidate pool.

    python3 data/scripts/sample_candidates.py ../shared/corpus data/annotation/candidates_rN.csv N
    cargo build --release
    python3 data/scripts/select_active.py N [BINARY [MODEL]]

Active learning, seeded and deterministic for a given model: 2,400 sentences
the model is least certain of (`stancekit suggest`, margin, near-duplicates
skipped), then 600 drawn at random from the rest of the pool so the round
also keeps a plain sample of the classes. Writes data/annotation/pool_rN.csv
(id,text,source,doc,context, like the earlier pools) and six batches
rN_batch_K.csv (id,text,context) for the annotators, who never see the
model's guesses.

Round 3 was picked by the built-in default model of commit 5eb95ca; round 4
by the model that models/README.md's rebuild command trains on the data of
commit 6c165cd (round 3 in train.csv), passed as MODEL; round 5 likewise by
the model trained with round 4 in train.csv (commit that adds round 4's labels).
"""
import csv, random, subprocess, sys

A = "data/annotation"
UNCERTAIN, RANDOM, BATCHES = 2400, 600, 6
ROUND = int(sys.argv[1]) if len(sys.argv) > 1 else 3
BINARY = sys.argv[2] if len(sys.argv) > 2 else "target/release/stancekit"
MODEL = ["--model", sys.argv[3]] if len(sys.argv) > 3 else []

with open(f"{A}/candidates_r{ROUND}.csv", encoding="utf-8") as f:
    candidates = list(csv.DictReader(f))
by_id = {r["id"]: r for r in candidates}

ranked = subprocess.run(
    [BINARY, "suggest", "--pool", f"{A}/candidates_r{ROUND}.csv", "-n", str(UNCERTAIN)] + MODEL,
    check=True, capture_output=True, text=True).stdout
chosen = [r["id"] for r in csv.DictReader(ranked.splitlines())]
rest = sorted(set(by_id) - set(chosen))
chosen += random.Random(20261201 + ROUND).sample(rest, RANDOM)
random.Random(20261202 + ROUND).shuffle(chosen)

with open(f"{A}/pool_r{ROUND}.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "text", "source", "doc", "context"])
    for i in chosen:
        r = by_id[i]
        w.writerow([i, r["text"], r["source"], r["doc"], r["context"]])
size = -(-len(chosen) // BATCHES)
for b in range(BATCHES):
    with open(f"{A}/r{ROUND}_batch_{b + 1}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "text", "context"])
        for i in chosen[b * size:(b + 1) * size]:
            w.writerow([i, by_id[i]["text"], by_id[i]["context"]])
print(f"wrote {len(chosen)} sentences to {A}/pool_r{ROUND}.csv in {BATCHES} batches", file=sys.stderr)

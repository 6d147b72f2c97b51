#!/usr/bin/env python3
"""Pick round 3's sentences to annotate from the wide candidate pool.

    python3 data/scripts/sample_candidates.py ../shared/corpus data/annotation/candidates_r3.csv 3
    cargo build --release
    python3 data/scripts/select_round3.py

Active learning, seeded and deterministic for a given model: 2,400 sentences
the built-in default model is least certain of (`stancekit suggest`, margin,
near-duplicates skipped), then 600 drawn at random from the rest of the pool
so the round also keeps a plain sample of the classes. Writes
data/annotation/pool_r3.csv (id,text,source,doc,context, like the earlier
pools) and six batches r3_batch_N.csv (id,text,context) for the annotators,
who never see the model's guesses.
"""
import csv, random, subprocess, sys

A = "data/annotation"
UNCERTAIN, RANDOM, BATCHES = 2400, 600, 6
BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/stancekit"

with open(f"{A}/candidates_r3.csv", encoding="utf-8") as f:
    candidates = list(csv.DictReader(f))
by_id = {r["id"]: r for r in candidates}

ranked = subprocess.run(
    [BINARY, "suggest", "--pool", f"{A}/candidates_r3.csv", "-n", str(UNCERTAIN)],
    check=True, capture_output=True, text=True).stdout
chosen = [r["id"] for r in csv.DictReader(ranked.splitlines())]
rest = sorted(set(by_id) - set(chosen))
chosen += random.Random(20261204).sample(rest, RANDOM)
random.Random(20261205).shuffle(chosen)

with open(f"{A}/pool_r3.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "text", "source", "doc", "context"])
    for i in chosen:
        r = by_id[i]
        w.writerow([i, r["text"], r["source"], r["doc"], r["context"]])
size = -(-len(chosen) // BATCHES)
for b in range(BATCHES):
    with open(f"{A}/r3_batch_{b + 1}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "text", "context"])
        for i in chosen[b * size:(b + 1) * size]:
            w.writerow([i, by_id[i]["text"], by_id[i]["context"]])
print(f"wrote {len(chosen)} sentences to {A}/pool_r3.csv in {BATCHES} batches", file=sys.stderr)

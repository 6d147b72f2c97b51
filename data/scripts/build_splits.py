#!/usr/bin/env python3
"""Build data/labelled/{train,dev,test}.csv from the annotation batches.

Inputs (all under data/annotation/): pool.csv and pool_r2.csv to pool_r5.csv
(the sampled sentences of rounds 1 to 5), batch_*.labels.csv and
r2_batch_*.labels.csv to r5_batch_*.labels.csv (their annotation),
adjudicated.csv (final labels where round 1's second annotation disagreed)
and suspects_adjudicated.csv (the same for the label check of training rows,
see flag_suspects.py), then corrections.csv (labels changed by a ruling,
each with its rule). Rows an annotator marked skip=1 (not a sentence) are
left out.

Split by document, never by sentence: every document (one press conference,
one speech, one White House page) goes wholly into one split. The split was
drawn once, from round 1, before any model was trained: documents shuffled
with a fixed seed and dealt to test until it held >= 15% of the sentences,
then to dev until >= 10%, the rest to train. That assignment is frozen in
splits.tsv; rounds 2 to 5 drew only from documents outside dev and test, so
their rows all go to train.

Each row also gets a `turn` column: `question` or `answer` for a sentence of
a PRC MFA press conference (the paragraph's role in the source file, which
the annotators saw as context), empty elsewhere. It is an input, not a label.
"""
import csv, glob, random

A = "data/annotation"
pool = {}
for path in (f"{A}/pool.csv", f"{A}/pool_r2.csv", f"{A}/pool_r3.csv", f"{A}/pool_r4.csv",
             f"{A}/pool_r5.csv"):
    pool.update({r["id"]: r for r in csv.DictReader(open(path, encoding="utf-8"))})
labels = {}
for path in sorted(glob.glob(f"{A}/batch_*.labels.csv") + glob.glob(f"{A}/r[2-5]_batch_*.labels.csv")):
    for r in csv.DictReader(open(path, encoding="utf-8", newline="")):
        labels[r["id"]] = {k: v.strip() for k, v in r.items()}
try:
    for r in csv.DictReader(open(f"{A}/adjudicated.csv", encoding="utf-8")):
        labels[r["id"]].update(side=r["side"].strip(), tone=r["tone"].strip())
except FileNotFoundError:
    pass
# The label check: training rows the out-of-fold model doubted were
# annotated again blind (suspects_*.labels.csv); where the two annotations
# disagreed, the adjudicated labels (and skip) hold.
try:
    for r in csv.DictReader(open(f"{A}/suspects_adjudicated.csv", encoding="utf-8")):
        labels[r["id"]].update(side=r["side"].strip(), tone=r["tone"].strip(), skip=r["skip"].strip())
except FileNotFoundError:
    pass
# Corrections by a ruling, applied last: each row names the rule.
for r in csv.DictReader(open(f"{A}/corrections.csv", encoding="utf-8")):
    labels[r["id"]].update(side=r["side"].strip(), tone=r["tone"].strip())

rows = [dict(pool[i], **labels[i]) for i in sorted(pool) if i in labels and labels[i]["skip"] == "0"]


def draw_split(rows):
    """The original draw over round 1's documents (kept to document it)."""
    docs = sorted({(r["source"], r["doc"]) for r in rows})
    random.Random(20261124).shuffle(docs)
    by_doc = {}
    for r in rows:
        by_doc.setdefault((r["source"], r["doc"]), []).append(r)
    split_of, sizes = {}, {"test": 0, "dev": 0, "train": 0}
    for d in docs:
        s = "test" if sizes["test"] < 0.15 * len(rows) else "dev" if sizes["dev"] < 0.10 * len(rows) else "train"
        split_of[d] = s
        sizes[s] += len(by_doc[d])
    return split_of


try:
    with open(f"{A}/splits.tsv", encoding="utf-8") as f:
        split_of = {(r["source"], r["doc"]): r["split"] for r in csv.DictReader(f, delimiter="\t")}
except FileNotFoundError:
    split_of = draw_split([r for r in rows if r["id"].startswith("s")])
sizes = {"test": 0, "dev": 0, "train": 0}
for r in rows:
    split = split_of.get((r["source"], r["doc"]), "train")
    assert split == "train" or r["id"].startswith("s"), f"later-round row {r['id']} in a held-out document"
    sizes[split] += 1



def turn(r):
    """The transcript turn of a row's paragraph, as the pool's context gave it
    to the annotators (the role column of the MFA press-conference files): a
    journalist's question, or the spokesperson's answer or opening statement.
    Other sources carry no turn (empty)."""
    context = r["context"]
    if "paragraph is a journalist's question" in context:
        return "question"
    if "paragraph is a spokesperson's" in context:
        return "answer"
    return ""


for split in ("train", "dev", "test"):
    with open(f"data/labelled/{split}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "text", "side", "tone", "source", "doc", "style", "turn"])
        for r in rows:
            if split_of.get((r["source"], r["doc"]), "train") == split:
                w.writerow([r["id"], r["text"], r["side"], r["tone"], r["source"], r["doc"], r["style"], turn(r)])
print(sizes)

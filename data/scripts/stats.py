#!/usr/bin/env python3
"""Print the counts and agreement figures quoted in data/README.md.

    python3 data/scripts/stats.py
"""
import collections, csv, glob

A = "data/annotation"


def rows(split):
    with open(f"data/labelled/{split}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = collections.Counter(a), collections.Counter(b)
    pe = sum(ca[c] * cb[c] for c in set(a) | set(b)) / n / n
    return (po - pe) / (1 - pe), po


splits = {s: rows(s) for s in ("train", "dev", "test")}
all_rows = [r for rs in splits.values() for r in rs]
print("| split | rows | documents | china | us_japan | none | accusatory | reassuring | neutral | reported speech |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, rs in list(splits.items()) + [("all", all_rows)]:
    side = collections.Counter(r["side"] for r in rs)
    tone = collections.Counter(r["tone"] for r in rs)
    docs = len({(r["source"], r["doc"]) for r in rs})
    rep = sum(r["style"] == "reported" for r in rs)
    print(f"| {name} | {len(rs)} | {docs} | {side['china']} | {side['us_japan']} | {side['none']} | "
          f"{tone['accusatory']} | {tone['reassuring']} | {tone['neutral']} | {rep} ({100 * rep / len(rs):.0f}%) |")
print()
combo = collections.Counter((r["side"], r["tone"]) for r in all_rows)
print("| side \\ tone | accusatory | reassuring | neutral |")
print("|---|---|---|---|")
for s in ("china", "us_japan", "none"):
    print(f"| {s} | " + " | ".join(str(combo[(s, t)]) for t in ("accusatory", "reassuring", "neutral")) + " |")
print()
print("| source | rows |")
print("|---|---|")
for src, n in sorted(collections.Counter(r["source"] for r in all_rows).items()):
    print(f"| {src} | {n} |")
print()
first = {}
for path in sorted(glob.glob(f"{A}/batch_*.labels.csv")):
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            first[r["id"]] = {k: v.strip() for k, v in r.items()}
with open(f"{A}/second_pass.labels.csv", encoding="utf-8") as f:
    second = {r["id"]: r for r in csv.DictReader(f)}
both = [i for i in second if second[i]["skip"] == "0" and first[i]["skip"] == "0"]
for head in ("side", "tone"):
    k, po = kappa([first[i][head] for i in both], [second[i][head] for i in both])
    print(f"{head}: Cohen's kappa {k:.3f}, raw agreement {po:.3f} on {len(both)} sentences")
with open(f"{A}/adjudicated.csv", encoding="utf-8") as f:
    print(f"adjudicated disagreements: {sum(1 for _ in csv.DictReader(f))}")
# The label check: training rows the out-of-fold model doubted, annotated
# again blind. Not a kappa of the set: the rows were picked as doubtful.
suspects = {}
for path in sorted(glob.glob(f"{A}/suspects_[0-9].labels.csv")):
    with open(path, encoding="utf-8") as f:
        suspects.update({r["id"]: r for r in csv.DictReader(f)})
later = {}
for path in sorted(glob.glob(f"{A}/r[2-9]_batch_*.labels.csv")):
    with open(path, encoding="utf-8") as f:
        later.update({r["id"]: r for r in csv.DictReader(f)})
original = dict(first, **later)
for head in ("side", "tone"):
    same = sum(original[i][head] == suspects[i][head] for i in suspects)
    print(f"label check, {head}: second annotation agrees with the first on {same} of {len(suspects)} doubted rows")
with open(f"{A}/suspects_adjudicated.csv", encoding="utf-8") as f:
    print(f"label check, adjudicated disagreements: {sum(1 for _ in csv.DictReader(f))}")
print()
print("| written file | rows | documents | side | tone | style |")
print("|---|---|---|---|---|---|")
for path in ("data/labelled/train_written.csv", "data/labelled/train_news_written.csv",
             "data/labelled/train_news_written_2.csv", "data/checks/news_written.csv"):
    with open(path, encoding="utf-8") as f:
        rs = list(csv.DictReader(f))
    assert all(r["source"] == "written" for r in rs), path
    counts = [", ".join(f"{k} {n}" for k, n in sorted(collections.Counter(r[c] for r in rs).items()))
              for c in ("side", "tone", "style")]
    print(f"| {path} | {len(rs)} | {len({r['doc'] for r in rs})} | " + " | ".join(counts) + " |")

#!/usr/bin/env python3
"""Merge the second batch of written news articles into one training file.

    python3 data/scripts/merge_written.py

Reads data/annotation/written_news_*.csv (made-up articles written and
labelled by annotator sessions, `source=written`, one file per style of
outlet) and writes data/labelled/train_news_written_2.csv. Refuses a row
with a value outside the label sets, and drops (with a count) any sentence
whose text is also in test.csv, dev.csv, checks/news_written.csv or an
earlier training file, so no written sentence leaks into an evaluation set.
"""
import csv, glob, sys

SIDES, TONES = {"us_japan", "china", "none"}, {"accusatory", "reassuring", "neutral"}
FIELDS = ["id", "text", "side", "tone", "source", "doc", "style"]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


elsewhere = {r["text"].strip() for p in ["data/labelled/test.csv", "data/labelled/dev.csv",
                                         "data/checks/news_written.csv", "data/labelled/train.csv",
                                         "data/labelled/train_written.csv",
                                         "data/labelled/train_news_written.csv"]
             for r in read(p)}
rows, dropped, seen = [], 0, set()
for path in sorted(glob.glob("data/annotation/written_news_*.csv")):
    for r in read(path):
        if r["side"] not in SIDES or r["tone"] not in TONES or r["source"] != "written":
            sys.exit(f"{path}: row {r['id']}: bad side/tone/source {r['side']!r} {r['tone']!r} {r['source']!r}")
        text = r["text"].strip()
        if text in elsewhere or text in seen:
            dropped += 1
            continue
        seen.add(text)
        rows.append(r)
with open("data/labelled/train_news_written_2.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(f"wrote {len(rows)} rows to data/labelled/train_news_written_2.csv ({dropped} duplicates dropped)")

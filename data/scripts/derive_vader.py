#!/usr/bin/env python3
"""Derive data/lexicons/vader.tsv (word<TAB>mean valence) from VADER's
vader_lexicon.txt (vaderSentiment 3.3.2, MIT licence, C.J. Hutto).

Usage: python3 data/scripts/derive_vader.py ../shared/lexicons/vader/vader_lexicon.txt
"""
import sys

src = sys.argv[1]
out = "data/lexicons/vader.tsv"
with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8", newline="\n") as g:
    g.write("# VADER sentiment lexicon, mean valence (-4..4) of each token.\n")
    g.write("# Derived by data/scripts/derive_vader.py from vader_lexicon.txt of vaderSentiment 3.3.2.\n")
    g.write("# Copyright (c) 2016 C.J. Hutto. MIT licence: see LICENSE.vader.txt beside this file.\n")
    for line in f:
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 2 and cols[0].strip():
            g.write(f"{cols[0].strip()}\t{cols[1].strip()}\n")

#!/bin/sh
# Builds the seed corpus under fuzz/seeds/ (committed; rerun after a model
# format change). Needs the release binary: cargo build --release.
set -eu
cd "$(dirname "$0")"
BIN=../target/release/stancekit
S=seeds
rm -rf "$S" && mkdir -p "$S/csv_reader" "$S/segment" "$S/analyze" "$S/model_file"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# csv_reader: first byte picks the reader (0 labelled, 1 predict CSV,
# 2 predict lines, 3 label CSV, 4 label JSON Lines, 5 label text).
seed() { printf "$2" > "$S/csv_reader/$1"; }
seed labelled  '\000text,side,tone\nChina protested.,china,accusatory\n"Quoted, text",us_japan,neutral\n'
seed labelled_bom_crlf '\000\357\273\277id,text,side,tone\r\n1,x,china,neutral\r\n2,"a ""b"" c",none,neutral\r\n'
seed labelled_ragged '\000text,side,tone\na,china\nb,china,neutral,extra\n'
seed labelled_unclosed '\000text,side,tone\n"open,china,neutral\nnext,none,neutral\n'
seed predict_csv '\001id,text\n1,hello\n2,"multi\nline"\n3,\n'
seed predict_cr '\001id,text\r1,one\r2,two\r'
seed predict_lines '\002one\r\ntwo\n\nthree\rstill three\n\377bad\n'
seed label_csv '\003id,text\n7,"First. Second."\n8,Third\n'
seed label_jsonl '\004{"id": 1, "text": "Hi. There.", "x": [1, {"y": null}]}\n\n{"id": "b"}\nnot json\n'
seed label_text '\005\357\273\277# Title\n\nBody text. More.\n'

# segment and analyze: plain text.
printf 'China protested. The U.S. Navy sailed on Jan. 5. "We oppose it," Wang said.\n' > "$S/segment/news"
printf -- '---\ntitle: x\n---\nBy John Smith\nMarch 3, 2024\n\n# Heading\n- item one\n- item two\n> quoted. Text.\nQ: Why?\nPRESIDENT BIDEN: Well.\r\nShare\r\r\n' > "$S/segment/markdown"
printf 'Mr. Wang met Gen. Li... Then? Yes! No. 2 etc. “Quote.” ‘x’ 日本。😀 \357\273\277 a.m. p.m.' > "$S/segment/abbreviations"
printf 'The Japan-U.S. alliance isn’t new; China’s 1,000 ships and 3.5%% U.S.-Japan J. Smith.' > "$S/analyze/news"
printf 'Ünïcode ÉTÉ İstanbul ß ǅ 中国 外交部 🙂 a.b.c.d- -x- x\302\240y' > "$S/analyze/scripts"

# model_file: a tiny model as a whole file (first byte even) and as a
# payload to wrap in a valid header (first byte odd).
cat > "$tmp/data.csv" <<'CSV'
text,side,tone
China firmly opposes the sanctions,china,accusatory
The allies reaffirmed their commitment,us_japan,reassuring
The talks were held on Tuesday,none,neutral
Beijing condemned the drills,china,accusatory
CSV
mkdir "$tmp/lex"
# Every lexicon name this build or the one before reads; extra files are ignored.
for f in accuse reassure actor_china actor_usjapan actor_other attribution negator; do
  printf 'oppose\ncondemn\n' > "$tmp/lex/$f.txt"
done
printf 'firmly\t0.5\ncondemned\t-2.0\n' > "$tmp/lex/vader.tsv"
for features in word word:1-3+char:2-4 word+cues; do
  name=$(printf '%s' "$features" | tr ':+,' '___')
  "$BIN" train --data "$tmp/data.csv" --features "$features" --lexicons "$tmp/lex" --out "$tmp/m" 2>/dev/null
  { printf '\000'; cat "$tmp/m"; } > "$S/model_file/file_$name"
  { printf '\001'; tail -c +37 "$tmp/m"; } > "$S/model_file/payload_$name"
done
printf '\000STANCEKIT MODEL\000\002\000\000\000' > "$S/model_file/version_2"
ls -l "$S"/*

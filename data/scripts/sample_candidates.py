#!/usr/bin/env python3
"""Draw the pool of real sentences to annotate from ../shared/corpus/.

Deterministic (seeded). Writes data/annotation/pool.csv with columns
id,text,source,doc,context where `context` tells the annotator who is
speaking (the press-conference role, the speech's country, the page title).

The splitter here is a simple regex one, used only to cut candidates; the
product's own splitter lives in src/text/segment.rs.

Sampling: sentences of 6..70 words, stratified so that rarer classes
(reassuring statements of either side, third-person reported speech) are
not swamped by neutral background. Keyword sets only steer the sampling;
every label is assigned by a human-style reading by ANNOTATION.md.
"""
import csv, glob, os, random, re, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"
OUT = sys.argv[2] if len(sys.argv) > 2 else "data/annotation/pool.csv"
# Later rounds (a third argument "2" to "5") draw more training sentences:
# they skip every sentence of the earlier rounds and every document already in dev or test
# (data/annotation/splits.tsv), so the held-out splits stay as drawn.
ROUND = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = random.Random(20261124 + ROUND - 1)

ABBR = r"(?<!\bU\.S)(?<!\bU\.N)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bSt)(?<!\bGen)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSept)(?<!\bOct)(?<!\bNov)(?<!\bDec)(?<!\b[A-Z])"
SPLIT = re.compile(ABBR + r"""(?<=[.!?])["”’)]?\s+(?=["“‘(]?[A-Z])""")

def sentences(par):
    par = re.sub(r"\s+", " ", par).strip()
    out, start = [], 0
    for m in SPLIT.finditer(par):
        out.append(par[start:m.start() + len(m.group(0).rstrip())].strip())
        start = m.end()
    out.append(par[start:].strip())
    return [s for s in out if s]

REASSURE = re.compile(r"peace|stabilit|cooperat|commit|partner|friendship|dialogue|win-win|mutual|welcome|support|reaffirm|strengthen|alliance|prosper|development|pledge|work together|ready to|willing", re.I)
ACCUSE = re.compile(r"oppos|interfer|condemn|smear|accus|provocat|coerc|hegemon|destabiliz|concern|protest|representations|irresponsible|groundless|lie|rumou?r|bully|aggress|threat|violat|urge|slander|cold war|unilateral|sanction|militariz|wrong", re.I)
CHINA = re.compile(r"China|Chinese|Beijing|PRC|Xi Jinping", re.I)
USJ = re.compile(r"\bU\.?S\.?\b|United States|America|Washington|Japan|Tokyo|Pentagon|alliance", re.I)

def ok(s):
    n = len(s.split())
    return 6 <= n <= 70 and not s.endswith("?") or (6 <= n <= 70 and rng.random() < 0.05)

def weight(s):
    w = 1.0
    if REASSURE.search(s): w += 1.5
    if ACCUSE.search(s): w += 1.5
    if CHINA.search(s) or USJ.search(s): w += 1.0
    return w

def mfa(root):
    for path in sorted(glob.glob(os.path.join(root, "mfa_press_conferences", "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                text = re.sub(r"^(Q|A)\s*:\s*", "", row["text"].strip())
                role = {"Q": "journalist's question", "A": "spokesperson's answer", "S": "spokesperson's statement"}.get(row["role"], row["role"])
                ctx = f"PRC MFA press conference {row['date']}, {row['spokesperson']}; paragraph is a {role}"
                for s in sentences(text):
                    yield ("mfa_" + row["role"], s, "mfa_press_conferences", row["date"] or row["source_url"], ctx)

def un(root):
    for path in sorted(glob.glob(os.path.join(root, "un_general_debate", "TXT", "*.txt"))):
        name = os.path.basename(path)
        iso, _, year = name[:-4].split("_")
        if int(year) < 1971:
            continue  # pre-1971 CHN files are the Republic of China delegation: confusing for the China side
        # CHN_26_1971.txt is the ROC's speech too (the PRC took the seat that
        # October); it stays drawable so the earlier rounds reproduce, and
        # annotation/corrections.csv sets its rows to side none.
        who = {"USA": "the United States", "JPN": "Japan", "CHN": "the People's Republic of China"}[iso]
        with open(path, encoding="utf-8", errors="replace") as f:
            for par in re.split(r"\n\s*\n", f.read()):
                for s in sentences(par):
                    yield ("un_" + iso, s, "un_general_debate", name, f"UN General Debate speech by the delegation of {who}, {year}")

def white_house(root):
    for path in sorted(glob.glob(os.path.join(root, "white_house", "*", "*", "*.md"))):
        rel = os.path.relpath(path, os.path.join(root, "white_house"))
        with open(path, encoding="utf-8") as f:
            body = f.read()
        title = re.search(r"^title:\s*(.*)$", body, re.M)
        body = body.split("\n---", 1)[-1]
        for par in re.split(r"\n\s*\n", body):
            par = re.sub(r"[*_#>]|<[^>]+>", "", par)
            if re.match(r"\s*[A-Z .]{3,}:", par):  # speaker tag such as "PRESIDENT BIDEN:"
                speaker = par.split(":", 1)[0].strip()
                par = par.split(":", 1)[1]
            else:
                speaker = ""
            for s in sentences(par):
                ctx = f"White House page '{title.group(1).strip() if title else rel}'" + (f", speaker {speaker}" if speaker else "")
                yield ("wh", s, "white_house", rel, ctx)

QUOTAS = {
    1: {"mfa_Q": 1250, "mfa_A": 1150, "mfa_S": 150, "wh": 1000, "un_USA": 230, "un_JPN": 230, "un_CHN": 290},
    2: {"mfa_Q": 1200, "mfa_A": 750, "mfa_S": 100, "wh": 750, "un_USA": 130, "un_JPN": 130, "un_CHN": 140},
    # Rounds 3 to 5 draw a wide pool; data/scripts/select_active.py then picks the
    # sentences to annotate from it (mostly the default model's least certain).
    3: {"mfa_Q": 3000, "mfa_A": 2200, "mfa_S": 300, "wh": 2200, "un_USA": 350, "un_JPN": 350, "un_CHN": 350},
    4: {"mfa_Q": 3000, "mfa_A": 2200, "mfa_S": 300, "wh": 2200, "un_USA": 350, "un_JPN": 350, "un_CHN": 350},
    # Round 5 leans to the strata written most like news (journalists'
    # questions, White House readouts and fact sheets): the model's side
    # score on news fell as rounds 3-4 added speech-like sentences.
    5: {"mfa_Q": 4500, "mfa_A": 1000, "mfa_S": 100, "wh": 3000, "un_USA": 100, "un_JPN": 100, "un_CHN": 100},
}
QUOTA = QUOTAS[ROUND]


def excluded():
    """Sentences and documents a later round must not draw."""
    if ROUND == 1:
        return set(), set()
    sentences = set()
    for earlier in range(1, ROUND):
        path = "data/annotation/pool.csv" if earlier == 1 else f"data/annotation/pool_r{earlier}.csv"
        with open(path, encoding="utf-8") as f:
            sentences |= {r["text"] for r in csv.DictReader(f)}
    with open("data/annotation/splits.tsv", encoding="utf-8") as f:
        held_out = {(r["source"], r["doc"]) for r in csv.DictReader(f, delimiter="\t") if r["split"] != "train"}
    return sentences, held_out

def main():
    pools = {}
    old_sentences, held_out = excluded()
    for gen in (mfa(ROOT), un(ROOT), white_house(ROOT)):
        for stratum, s, source, doc, ctx in gen:
            if ok(s) and s not in old_sentences and (source, doc) not in held_out:
                pools.setdefault(stratum, []).append((s, source, doc, ctx))
    rows, seen = [], set()
    for stratum in sorted(QUOTA):
        cands = pools.get(stratum, [])
        keyed = sorted(cands, key=lambda c: rng.random() ** (1.0 / weight(c[0])), reverse=True)
        taken = 0
        for c in keyed:
            if c[0] in seen:
                continue
            seen.add(c[0]); rows.append(c); taken += 1
            if taken == QUOTA[stratum]:
                break
    rng.shuffle(rows)
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "source", "doc", "context"])
        for i, (s, source, doc, ctx) in enumerate(rows):
            w.writerow([f"{'s' if ROUND == 1 else 'r%d_' % ROUND}{i:05d}", s, source, doc, ctx])
    print(f"wrote {len(rows)} sentences to {OUT}", file=sys.stderr)

main()

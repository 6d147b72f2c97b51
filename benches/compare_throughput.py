#!/usr/bin/env python3
"""Throughput of `stancekit label` against scikit-learn and fastText on a
corpus of at least 1,000,000 sentences (not part of CI).

    pip install -r benches/requirements.txt
    cargo build --release
    python3 benches/compare_throughput.py            # from the repository root

What it does, in one run on one machine:

1. Corpus. Reads ../shared/corpus once: every MFA press conference (the
   `text` column of the TSV files, rows grouped by `source_url`, one
   paragraph a row, paragraphs joined by a blank line) becomes one plain-text
   article; every UN General Debate speech (TXT/*.txt) and every White House
   page (*.md, front matter included) is one article as it stands. That set
   is one "copy". `stancekit split` counts the sentences of one copy; the
   copy is then written R times (R = ceil(min_sentences / sentences per
   copy)) into WORK/articles/copy_NNN/{mfa,un,white_house}/, one article a
   file, so the folder holds at least --min-sentences sentences.
2. Sentences for the peers: the `text` column of `stancekit split` over one
   copy, written R times to WORK/sentences.txt, one sentence a line. The
   peers get exactly the sentences stancekit labels, already split.
3. Measurements, each in its own process, wall time from process start to
   exit for stancekit and for the timed call only for the peers:
   - `stancekit label WORK/articles > /dev/null` (built-in model, CSV out),
     with the default thread count and with RAYON_NUM_THREADS=1;
   - `stancekit split WORK/articles > /dev/null`: reading + splitting +
     writing alone, for the share of the label time they take;
   - `stancekit label` on one copy only and on a one-sentence file, for
     peak memory against corpus size (the one-sentence run is the baseline:
     binary, built-in model, runtime);
   - scikit-learn: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
     fitted once on data/labelled/train.csv, one LogisticRegression per head
     (C=10, class_weight="balanced", stancekit's defaults); timed: one
     `vectorizer.transform(sentences)` plus `predict` of both heads, on all
     sentences and on the first --subset sentences;
   - fastText: `fasttext.train_supervised(wordNgrams=2)` per head on the same
     train.csv (other settings fastText's defaults; text as is); timed:
     `model.predict(sentences)` (a list) for both heads.
   stancekit's time includes reading the files, splitting sentences and
   writing CSV; the peers' time does not (they get a Python list of
   sentences already in memory).
   Peak RSS is the whole process's (`/usr/bin/time -v` when present, else
   the child's own rusage from os.wait4). For the peers it includes the
   Python interpreter, the list of sentences and training.
   OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the scikit-learn
   process's environment; the BLAS numpy loaded is reported (threadpoolctl).
4. Prints a Markdown table (median of --repeats runs) and writes every raw
   figure to --json FILE (or WORK/results.json when the folder is kept).

On a shared machine, --max-load/--max-wait hold each run until the load
average drops; the load before each run is recorded either way, and CPU
seconds (user + system) are reported beside wall time because they suffer
less from other processes.

Options: --min-sentences, --repeats, --subset, --corpus, --binary, --train,
--workdir, --keep, --json, --max-load, --max-wait; see --help.
"""
import argparse
import csv
import glob
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HEADS = ["side", "tone"]
TIME_BIN = "/usr/bin/time"
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# ---------------------------------------------------------------------------
# Corpus


def base_articles(corpus):
    """One copy of the corpus: a list of (relative path, text)."""
    csv.field_size_limit(1 << 30)
    out = []
    for tsv in sorted(glob.glob(os.path.join(corpus, "mfa_press_conferences", "*.tsv"))):
        stem = os.path.splitext(os.path.basename(tsv))[0]
        pressers = {}
        with open(tsv, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                pressers.setdefault(row["source_url"], []).append(row["text"])
        for url, paras in pressers.items():
            page = os.path.splitext(url.rstrip("/").rsplit("/", 1)[-1])[0]
            out.append((f"mfa/{stem}_{page}.txt", "\n\n".join(paras) + "\n"))
    for path in sorted(glob.glob(os.path.join(corpus, "un_general_debate", "TXT", "*.txt"))):
        out.append((f"un/{os.path.basename(path)}", read_text(path)))
    wh = os.path.join(corpus, "white_house")
    for path in sorted(glob.glob(os.path.join(wh, "**", "*.md"), recursive=True)):
        flat = os.path.relpath(path, wh).replace(os.sep, "__")
        out.append((f"white_house/{flat}", read_text(path)))
    if not out:
        sys.exit(f"no articles found under {corpus}")
    return out


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write_copy(root, articles):
    for rel, text in articles:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)


def split_sentences(binary, folder):
    """The sentences `stancekit split` finds in `folder`, in output order."""
    out = subprocess.run([binary, "split", folder], check=True, capture_output=True)
    rows = csv.DictReader(out.stdout.decode("utf-8").splitlines(keepends=True))
    return [r["text"] for r in rows]


def build_corpus(args, work):
    articles = base_articles(args.corpus)
    copy0 = os.path.join(work, "articles", "copy_000")
    write_copy(copy0, articles)
    sentences = split_sentences(args.binary, copy0)
    if any("\n" in s for s in sentences):
        sys.exit("a split sentence holds a line break; cannot write one per line")
    reps = max(1, math.ceil(args.min_sentences / len(sentences)))
    for i in range(1, reps):
        write_copy(os.path.join(work, "articles", f"copy_{i:03d}"), articles)
    sent_path = os.path.join(work, "sentences.txt")
    with open(sent_path, "w", encoding="utf-8", newline="\n") as f:
        for _ in range(reps):
            for s in sentences:
                f.write(s)
                f.write("\n")
    copy_bytes = sum(len(t.encode("utf-8")) for _, t in articles)
    sent_bytes = sum(len(s.encode("utf-8")) for s in sentences)
    return {
        "articles_per_copy": len(articles),
        "sentences_per_copy": len(sentences),
        "copies": reps,
        "articles": len(articles) * reps,
        "sentences": len(sentences) * reps,
        "article_bytes": copy_bytes * reps,
        "article_bytes_per_copy": copy_bytes,
        "sentence_bytes": sent_bytes * reps,
        "folder": os.path.join(work, "articles"),
        "copy0": copy0,
        "sentences_file": sent_path,
    }


# ---------------------------------------------------------------------------
# Running a process and measuring it


def run_measured(cmd, env=None, stdout=subprocess.DEVNULL):
    """Runs `cmd` under /usr/bin/time -v; returns wall seconds, CPU seconds
    (user + system), peak RSS in KiB, stdout, stderr."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [TIME_BIN, "-v", "-o", tf.name, *cmd]
        start = time.perf_counter()
        p = subprocess.Popen(full, env=env, stdout=stdout, stderr=subprocess.PIPE)
        out, err = p.communicate()
        wall = time.perf_counter() - start
        rss, cpu = None, 0.0
        for line in tf.read().splitlines():
            key, _, value = line.strip().rpartition(": ")
            if key == "Maximum resident set size (kbytes)":
                rss = int(value)
            elif key in ("User time (seconds)", "System time (seconds)"):
                cpu += float(value)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err.decode(errors='replace')}")
    return wall, cpu, rss, out, err.decode("utf-8", errors="replace")


def run_measured_wait4(cmd, env=None, stdout=subprocess.DEVNULL):
    """As run_measured without /usr/bin/time: the child's own rusage."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    out = p.stdout.read() if stdout == subprocess.PIPE else None
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss, out, err.decode("utf-8", errors="replace")


def measure(cmd, env=None, stdout=subprocess.DEVNULL):
    if os.access(TIME_BIN, os.X_OK):
        return run_measured(cmd, env, stdout)
    return run_measured_wait4(cmd, env, stdout)


def stancekit_runs(args, name, cmd, env, repeats, want_sentences=None):
    runs = []
    for _ in range(repeats):
        load = wait_for_quiet(args)
        wall, cpu, rss, _, err = measure(cmd, env)
        written = parse_written(err)
        if want_sentences is not None and written != want_sentences:
            sys.exit(f"{name}: wrote {written} sentences, expected {want_sentences}\n{err}")
        runs.append({"seconds": wall, "cpu_seconds": cpu, "rss_kib": rss, "load1_before": load, "stderr": err.strip()})
        print(f"  {name}: {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {fmt_mib(rss)}, load {load:.2f}", file=sys.stderr)
    return runs


def wait_for_quiet(args):
    """Waits (at most --max-wait seconds) until the 1-minute load average is
    below --max-load; returns the load average when the run starts."""
    deadline = time.monotonic() + args.max_wait
    while os.getloadavg()[0] >= args.max_load and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def parse_written(stderr):
    for line in stderr.splitlines():
        if "sentences written" in line:
            return int(line.split(",")[-1].split()[0])
    return None


def peer_runs(args, name, tool, env, limit, corpus):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", tool,
           "--sentences-file", corpus["sentences_file"], "--train", args.train,
           "--repeats", str(args.repeats), "--limit", str(limit)]
    load = wait_for_quiet(args)
    _, _, rss, out, err = measure(cmd, env, stdout=subprocess.PIPE)
    result = json.loads(out)
    result.update(rss_kib=rss, load1_before=load)
    secs = ", ".join(f"{s:.2f}" for s in result["seconds"])
    cpu = ", ".join(f"{s:.2f}" for s in result["cpu_seconds"])
    print(f"  {name}: [{secs}] s, CPU [{cpu}] s, peak RSS {fmt_mib(rss)}, load {load:.2f}", file=sys.stderr)
    return result


# ---------------------------------------------------------------------------
# Peer workers (run in their own process so peak RSS is theirs alone)


def read_train(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], {h: [r[h] for r in rows] for h in HEADS}


def read_sentences(path, limit):
    """The first `limit` sentences (all when 0), without holding the rest."""
    sents = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            if 0 < limit <= len(sents):
                break
            sents.append(line[:-1] if line.endswith("\n") else line)
    return sents


def worker_sklearn(args):
    import numpy
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    blas = []
    try:
        from threadpoolctl import threadpool_info
        blas = [{k: v for k, v in i.items() if k in ("internal_api", "version", "num_threads", "architecture", "user_api")}
                for i in threadpool_info()]
    except ImportError:
        pass
    texts, labels = read_train(args.train)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    xt = vec.transform(texts)
    heads = {h: LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000).fit(xt, labels[h]) for h in HEADS}
    sents = read_sentences(args.sentences_file, args.limit)
    seconds, cpu, split = [], [], []
    for _ in range(args.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        x = vec.transform(sents)
        t1 = time.perf_counter()
        preds = {h: m.predict(x) for h, m in heads.items()}
        t2, c2 = time.perf_counter(), time.process_time()
        assert all(len(p) == len(sents) for p in preds.values())
        seconds.append(t2 - t0)
        cpu.append(c2 - c0)
        split.append({"transform": t1 - t0, "predict": t2 - t1})
        del x, preds
    return {
        "sentences": len(sents),
        "sentence_bytes": sum(len(s.encode("utf-8")) for s in sents),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "breakdown": split,
        "versions": {"scikit-learn": sklearn.__version__, "numpy": numpy.__version__},
        "blas": blas,
        "openblas_env": {k: os.environ.get(k) for k in OPENBLAS_VARS},
        "vocabulary": len(vec.vocabulary_),
    }


def worker_fasttext(args):
    import fasttext

    texts, labels = read_train(args.train)
    models = {}
    with tempfile.TemporaryDirectory() as tmp:
        for h in HEADS:
            path = os.path.join(tmp, f"{h}.txt")
            with open(path, "w", encoding="utf-8") as f:
                for t, y in zip(texts, labels[h]):
                    f.write(f"__label__{y} {' '.join(t.split())}\n")
            models[h] = fasttext.train_supervised(input=path, wordNgrams=2, verbose=0, seed=42)
    sents = read_sentences(args.sentences_file, args.limit)
    seconds, cpu = [], []
    for _ in range(args.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        preds = {h: m.predict(sents) for h, m in models.items()}
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert all(len(p[0]) == len(sents) for p in preds.values())
        del preds
    m = models[HEADS[0]]
    return {
        "sentences": len(sents),
        "sentence_bytes": sum(len(s.encode("utf-8")) for s in sents),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "versions": {"fasttext": package_version("fasttext-numpy2-wheel", "fasttext")},
        "settings": {"wordNgrams": 2, "dim": m.get_dimension(), "bucket": m.f.getArgs().bucket,
                     "epoch": m.f.getArgs().epoch, "words": len(m.words)},
    }


def package_version(*names):
    from importlib.metadata import PackageNotFoundError, version

    for name in names:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            pass
    return "unknown"


# ---------------------------------------------------------------------------
# Report


def fmt_mib(kib):
    return "n/a" if kib is None else f"{kib / 1024:.0f} MiB"


def machine():
    info = {"nproc": os.cpu_count(), "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            info["mem_total"] = f.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], capture_output=True, text=True).stdout.strip()
        info["git"] = rev + (" (src modified)" if dirty else "")
    except OSError:
        pass
    return info


def row(name, sentences, nbytes, seconds, cpu, rss, ref=None):
    per = lambda x, t: x / t if t > 0 else float("nan")  # a run too short to time
    return {"tool": name, "sentences": sentences, "seconds": seconds, "cpu_seconds": cpu,
            "sent_per_s": per(sentences, seconds), "sent_per_cpu_s": per(sentences, cpu),
            "mb_per_s": per(nbytes, seconds) / 1e6, "rss_kib": rss, "ref": ref}


def print_table(rows, sk_default, sk_one, sk_cpu):
    print("| tool | sentences | seconds | sentences/s | MB/s | CPU s | sentences/CPU s | peak RSS "
          "| stancekit / peer | stancekit 1 thread / peer | per CPU s: stancekit / peer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ratios = ["—"] * 3
        if r["ref"] == "peer":
            ratios = [f"{x / y:.2f}×" for x, y in ((sk_default, r["sent_per_s"]), (sk_one, r["sent_per_s"]),
                                                    (sk_cpu, r["sent_per_cpu_s"]))]
        rates = [f"{r['sent_per_s']:,.0f}", f"{r['mb_per_s']:.2f}", f"{r['cpu_seconds']:.2f}",
                 f"{r['sent_per_cpu_s']:,.0f}"]
        if r["sentences"] < 1000:  # the memory baseline: too short for a rate
            rates = ["—", "—", rates[2], "—"]
        print(f"| {r['tool']} | {r['sentences']:,} | {r['seconds']:.2f} | {' | '.join(rates)} | "
              f"{fmt_mib(r['rss_kib'])} | {' | '.join(ratios)} |")


def median_run(runs):
    secs = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_seconds"] for r in runs)
    rss = max((r["rss_kib"] or 0) for r in runs) or None
    return secs, cpu, rss


def main_measure(args):
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    work = args.workdir or tempfile.mkdtemp(prefix="stancekit-throughput-")
    os.makedirs(work, exist_ok=True)
    results = {"machine": machine(), "command": " ".join([os.path.basename(sys.executable), *sys.argv])}
    try:
        # A private copy, so a rebuild of target/release during the run
        # cannot change the binary between measurements.
        binary = os.path.join(work, "stancekit")
        shutil.copy2(args.binary, binary)
        with open(binary, "rb") as f:
            results["binary"] = {"path": args.binary, "sha256": hashlib.sha256(f.read()).hexdigest()[:16],
                                 "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(args.binary)))}
        args.binary = binary
        print(f"building the corpus in {work}", file=sys.stderr)
        corpus = build_corpus(args, work)
        results["corpus"] = corpus
        print(f"  {corpus['articles']:,} articles, {corpus['sentences']:,} sentences, "
              f"{corpus['article_bytes'] / 1e6:.1f} MB ({corpus['copies']} copies of "
              f"{corpus['articles_per_copy']} articles / {corpus['sentences_per_copy']:,} sentences)", file=sys.stderr)
        env = dict(os.environ)
        one = dict(env, RAYON_NUM_THREADS="1")
        n, ab, sb = corpus["sentences"], corpus["article_bytes"], corpus["sentence_bytes"]
        folder = corpus["folder"]
        st = results["stancekit"] = {}
        st["label"] = stancekit_runs(args, "stancekit label", [args.binary, "label", folder], env, args.repeats, n)
        st["label_1thread"] = stancekit_runs(args, "stancekit label, 1 thread", [args.binary, "label", folder], one, args.repeats, n)
        st["split"] = stancekit_runs(args, "stancekit split", [args.binary, "split", folder], env, args.repeats)
        one_sentence = os.path.join(work, "one_sentence.txt")
        with open(one_sentence, "w", encoding="utf-8") as f:
            f.write("Beijing accused Washington and Tokyo of stoking tension in the region.\n")
        st["label_baseline"] = stancekit_runs(args, "stancekit label, one sentence", [args.binary, "label", one_sentence],
                                              env, 1, 1)
        st["label_one_copy"] = stancekit_runs(args, "stancekit label, one copy", [args.binary, "label", corpus["copy0"]], env, 1,
                                              corpus["sentences_per_copy"])
        sk_env = {k: v for k, v in env.items() if k not in OPENBLAS_VARS}
        peers = results["peers"] = {}
        peers["sklearn"] = peer_runs(args, "scikit-learn", "sklearn", sk_env, 0, corpus)
        if 0 < args.subset < n:
            peers["sklearn_subset"] = peer_runs(args, "scikit-learn subset", "sklearn", sk_env, args.subset, corpus)
        peers["fasttext"] = peer_runs(args, "fastText", "fasttext", env, 0, corpus)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    threads = os.environ.get("RAYON_NUM_THREADS") or str(os.cpu_count())
    rows = []
    for key, name, sents, nbytes in (
        ("label", f"stancekit label ({threads} threads)", n, ab),
        ("label_1thread", "stancekit label (RAYON_NUM_THREADS=1)", n, ab),
        ("split", "stancekit split only (read + split + CSV)", n, ab),
        ("label_one_copy", "stancekit label, one copy (memory check)",
         corpus["sentences_per_copy"], corpus["article_bytes_per_copy"]),
        ("label_baseline", "stancekit label, one sentence (memory baseline)", 1, 71),
    ):
        rows.append(row(name, sents, nbytes, *median_run(st[key])))
    names = {"sklearn": "scikit-learn transform + 2× predict", "sklearn_subset": "scikit-learn, subset",
             "fasttext": "fastText 2× predict"}
    for key, res in peers.items():
        rows.append(row(names[key], res["sentences"], res["sentence_bytes"], statistics.median(res["seconds"]),
                        statistics.median(res["cpu_seconds"]), res["rss_kib"], "peer"))
    results["table"] = rows
    print()
    m = results["machine"]
    print(f"machine: {m.get('cpu')}, nproc {m['nproc']}, {m.get('mem_total')}, {m['platform']}")
    b = results["binary"]
    print(f"stancekit: git {m.get('git')}, binary {b['path']} built {b['mtime']}, sha256 {b['sha256']}...")
    print(f"corpus: {corpus['articles']:,} articles ({corpus['copies']} copies), {n:,} sentences, "
          f"{ab / 1e6:.1f} MB of articles, {sb / 1e6:.1f} MB of sentences; seconds are the median of {args.repeats}")
    print()
    print_table(rows, rows[0]["sent_per_s"], rows[1]["sent_per_s"], rows[0]["sent_per_cpu_s"])
    print()
    sk = peers["sklearn"]
    print(f"scikit-learn {sk['versions']}, vocabulary {sk['vocabulary']:,}; "
          f"breakdown (first run) {json.dumps({k: round(v, 2) for k, v in sk['breakdown'][0].items()})}")
    print(f"  OPENBLAS_* in its environment: {sk['openblas_env']}; BLAS: {json.dumps(sk['blas'])}")
    print(f"fastText {peers['fasttext']['versions']} {json.dumps(peers['fasttext']['settings'])}")
    out = args.json or (os.path.join(work, "results.json") if (args.keep or args.workdir) else None)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
        print(f"raw figures: {out}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--binary", default="target/release/stancekit")
    ap.add_argument("--train", default="data/labelled/train.csv")
    ap.add_argument("--min-sentences", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per measurement; the median is reported")
    ap.add_argument("--subset", type=int, default=200_000, help="also time scikit-learn on this many sentences (0: skip)")
    ap.add_argument("--workdir", help="build the corpus here and keep it (default: a temp folder, removed)")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    ap.add_argument("--json", help="write the raw figures here")
    ap.add_argument("--max-load", type=float, default=0.5,
                    help="before each run, wait until the 1-minute load average is below this ...")
    ap.add_argument("--max-wait", type=float, default=0.0,
                    help="... for at most this many seconds (default 0: do not wait)")
    ap.add_argument("--worker", choices=["sklearn", "fasttext"], help=argparse.SUPPRESS)
    ap.add_argument("--sentences-file", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        result = worker_sklearn(args) if args.worker == "sklearn" else worker_fasttext(args)
        json.dump(result, sys.stdout)
        return 0
    main_measure(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

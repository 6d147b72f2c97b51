"""Throughput of the Spark stage against the direct CLI on the same input.

    python integrations/spark/bench_spark.py --binary target/release/stancekit

Builds N documents (default 20,000) from the shared corpus beside the
repository (../shared/corpus: every PRC MFA press-conference paragraph,
every White House page, then UN General Debate paragraphs, one line a
document, until N), writes them as one JSON Lines file, then times, best of
--repeats:

  direct  `stancekit label --format jsonl -` < docs.jsonl > out.jsonl, on
          all cores, then on one thread (RAYON_NUM_THREADS=1: the per-core
          rate a Spark task gets)
  spark   spark.read.json(docs.jsonl) -> label_sentences -> write.format("noop")
          on each of --masters (default local[1], then local[2]), the file
          read in --partitions splits

Each run is measured in wall time and in CPU time (user + system, of the
binary for the direct run; of the driver, Spark's JVM, its Python workers
and the stancekit processes for Spark), so the engine's cost shows even on a
machine shared with other work. Both must give the same number of sentence
rows, or the script fails. The
Spark session's start-up, the heads' discovery and --warmup runs are not
timed (paid once per application); everything from reading the file to the
last row is.
"""

import argparse
import collections
import csv
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))


def corpus_documents(corpus, limit):
    """Up to `limit` documents {id, text, source, date} from the corpus."""
    docs = []
    csv.field_size_limit(1 << 30)
    for path in sorted(glob.glob(str(corpus / "mfa_press_conferences" / "*.tsv"))):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                page = row["source_url"].rsplit("/", 1)[-1]
                docs.append(_doc(f"mfa:{page}:{row['para_idx']}", row["text"], "mfa", row["date"]))
    for path in sorted(glob.glob(str(corpus / "white_house" / "**" / "*.md"), recursive=True)):
        docs.append(_doc(f"wh:{Path(path).stem}", Path(path).read_text(encoding="utf-8"), "white_house", None))
    for path in sorted(glob.glob(str(corpus / "un_general_debate" / "TXT" / "*.txt"))):
        paragraphs = Path(path).read_text(encoding="utf-8").splitlines()
        for i, p in enumerate(p for p in paragraphs if p.strip()):
            docs.append(_doc(f"un:{Path(path).stem}:{i}", p, "un", Path(path).stem[-4:]))
    if len(docs) < limit:
        sys.exit(f"the corpus has only {len(docs)} documents, fewer than --docs {limit}")
    return docs[:limit]


def _doc(doc_id, text, source, date):
    return {"id": doc_id, "text": text, "source": source, "date": date}


def children_cpu():
    """CPU seconds (user + system) of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_cpu(root):
    """CPU seconds used so far by `root` and every process below it, live or
    reaped (Linux /proc): the driver, Spark's JVM, its Python workers and the
    stancekit processes they ran."""
    ticks, procs = os.sysconf("SC_CLK_TCK"), {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # not a process, or gone
        # after the name: state, ppid, ..., utime stime cutime cstime at 11..14
        procs[int(name)] = (int(fields[1]), sum(map(int, fields[11:15])))
    below = collections.defaultdict(list)
    for pid, (ppid, _) in procs.items():
        below[ppid].append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += procs.get(pid, (0, 0))[1]
        todo.extend(below[pid])
    return total / ticks


def time_direct(binary, docs_path, out_path, repeats, threads=None):
    """Wall and CPU seconds of each direct run; `threads` sets
    RAYON_NUM_THREADS (None: all cores)."""
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    runs, rows = [], None
    for _ in range(repeats):
        with open(docs_path, "rb") as src, open(out_path, "wb") as dst:
            cpu, started = children_cpu(), time.perf_counter()
            done = subprocess.run(
                [binary, "label", "--format", "jsonl", "-"], stdin=src, stdout=dst,
                stderr=subprocess.PIPE, env=env, check=False,
            )
            runs.append((time.perf_counter() - started, children_cpu() - cpu))
        if done.returncode != 0:
            sys.exit(f"direct run failed: {done.stderr.decode()}")
        with open(out_path, "rb") as f:
            rows = sum(1 for _ in f)
    return runs, rows


def time_spark(args, master, docs_path, size):
    """Wall and CPU seconds of each timed Spark run, rows, partitions."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers as the driver
    from pyspark.sql import SparkSession

    import stancekit_spark as sk

    spark = (
        SparkSession.builder.master(master)
        .appName("stancekit-spark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # read the one file in --partitions splits, as a cluster reads big input
        .config("spark.sql.files.maxPartitionBytes", str(size // args.partitions + 1))
        .config("spark.sql.files.openCostInBytes", "0")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(sk.__file__)
    heads = sk.discover_heads(spark, args.binary)
    schema = "id string, text string, source string, date string"
    runs = []
    for run in range(args.warmup + args.repeats):
        cpu, started = tree_cpu(os.getpid()), time.perf_counter()
        docs = spark.read.schema(schema).json(str(docs_path))
        labelled = sk.label_sentences(docs, args.binary, heads=heads)
        labelled.write.format("noop").mode("overwrite").save()
        if run >= args.warmup:  # the first runs of a fresh JVM are slower
            runs.append((time.perf_counter() - started, tree_cpu(os.getpid()) - cpu))
    partitions = docs.rdd.getNumPartitions()
    rows = labelled.count()
    spark.stop()
    return runs, rows, partitions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(REPO / "target" / "release" / "stancekit"))
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--masters", default="local[1],local[2]",
                        help="comma-separated Spark masters, each timed in turn")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed Spark runs first (JIT warm-up, Python workers)")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)

    with tempfile.TemporaryDirectory() as tmp:
        docs_path = Path(tmp) / "docs.jsonl"
        docs = corpus_documents(Path(args.corpus), args.docs)
        with open(docs_path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(d) + "\n" for d in docs)
        size = docs_path.stat().st_size
        print(f"input: {len(docs)} documents, {size / 1e6:.1f} MB; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        out = Path(tmp) / "out.jsonl"
        direct, direct_rows = time_direct(args.binary, docs_path, out, args.repeats)
        single, _ = time_direct(args.binary, docs_path, out, args.repeats, threads=1)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        sparks = []
        for master in args.masters.split(","):
            times, spark_rows, partitions = time_spark(args, master, docs_path, size)
            if spark_rows != direct_rows:
                sys.exit(f"row counts differ: direct {direct_rows}, {master} {spark_rows}")
            sparks.append((f"Spark {master}, {partitions} partitions", times))

    print(f"{direct_rows} sentence rows from both; the direct run's peak memory "
          f"{peak_mb:.0f} MB\n")
    print("| run | wall, best (s) | wall, median (s) | CPU, median (s) "
          "| sentences/s (best wall) | sentences per CPU-second |")
    print("|---|---:|---:|---:|---:|---:|")
    runs = [
        ("direct CLI (`label --format jsonl -`), all cores", direct),
        ("direct CLI, one thread (`RAYON_NUM_THREADS=1`)", single),
        *sparks,
    ]
    for name, measured in runs:
        wall = min(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        print(f"| {name} | {wall:.2f} | {statistics.median(w for w, _ in measured):.2f} "
              f"| {cpu:.2f} | {direct_rows / wall:,.0f} | {direct_rows / cpu:,.0f} |")
    print()
    base_cpu = statistics.median(c for _, c in single)
    for name, measured in sparks:
        print(f"{name}: {min(w for w, _ in measured) / min(w for w, _ in direct):.2f}x the "
              f"wall time of the direct run on all cores; "
              f"{statistics.median(c for _, c in measured) / base_cpu:.2f}x the CPU time "
              f"of the direct run on one thread")
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

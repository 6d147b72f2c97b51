"""Label documents with the stancekit binary as a stage of Apache Spark.

Each partition of a DataFrame of documents is streamed, as JSON Lines, into
one ``stancekit label --format jsonl --input-format jsonl -`` process; its
output lines (one per sentence) come back as rows with an explicit schema.
The binary and an optional model file are shipped to the executors with
Spark's own file distribution (``spark-submit --files`` or
``SparkContext.addFile``) and found there with ``SparkFiles.get``.

    import stancekit_spark as sk

    heads = sk.discover_heads(spark, "stancekit")        # {"side": [...], "tone": [...]}
    sentences = sk.label_sentences(docs, "stancekit", heads=heads)
    profile = sk.document_profile(sentences, heads)

Failure semantics: a partition whose process exits non-zero, is killed,
stops reading its input, or writes fewer rows than its closing line
reports raises ``StancekitError`` inside the task, so Spark fails (and
retries) the task and no partial output of that partition is kept. See
README.md beside this file.
"""

import collections
import itertools
import json
import os
import re
import subprocess
import threading

from pyspark import SparkFiles, TaskContext
from pyspark.sql import functions as F
from pyspark.sql.types import (
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

__all__ = [
    "StancekitError",
    "ship",
    "discover_heads",
    "sentence_schema",
    "label_sentences",
    "document_profile",
    "combination_names",
]

#: The columns every sentence row starts with.
SENTENCE_FIELDS = (
    StructField("doc", StringType()),
    StructField("sent", IntegerType()),
    StructField("start", IntegerType()),
    StructField("end", IntegerType()),
    StructField("text", StringType()),
)

#: The binary's last line on stderr; checked against what was sent and read.
CLOSING_LINE = re.compile(
    r"stancekit: (\d+) documents read, (\d+) failed, (\d+) sentences written"
)

#: How many lines of the process's stderr a failure message quotes.
STDERR_TAIL_LINES = 40

_PROBE_DOCUMENT = {"id": "probe", "text": "China said the talks went well."}


class StancekitError(RuntimeError):
    """A labelling process failed or its output does not add up."""


# ---------------------------------------------------------------- shipping


def ship(spark, file):
    """Makes ``file`` available to every task and returns the name to use.

    A value with a ``/`` in it is a path on the driver: it is shipped with
    ``SparkContext.addFile`` and its base name is returned. A bare name is
    taken as already shipped (``spark-submit --files``, or an earlier
    ``addFile``) and returned as it is.
    """
    if "/" not in file:
        return file
    if not os.path.isfile(file):
        raise FileNotFoundError(f"no such file to ship to the executors: {file}")
    spark.sparkContext.addFile(os.path.abspath(file))
    return os.path.basename(file)


def _shipped_path(name):
    """The local path of a shipped file, inside a task."""
    path = SparkFiles.get(name)
    if not os.path.isfile(path):
        raise StancekitError(
            f"{name!r} is not among the files shipped to this executor "
            f"(looked in {SparkFiles.getRootDirectory()}): ship it with "
            f"spark-submit --files or pass a path the driver can read"
        )
    return path


def _executable(path):
    """``path``, made executable if file distribution dropped the mode bits."""
    if not os.access(path, os.X_OK):
        os.chmod(path, os.stat(path).st_mode | 0o111)
    return path


def _command(binary_name, model_name, extra=()):
    command = [_executable(_shipped_path(binary_name)), "label", "--format", "jsonl"]
    command += ["--input-format", "jsonl", *extra]
    if model_name is not None:
        command += ["--model", _shipped_path(model_name)]
    return command + ["-"]


# ------------------------------------------------------------------- heads


def discover_heads(spark, binary="stancekit", model=None):
    """The model's heads and their labels, in model order.

    Runs the binary once, in a one-task Spark job (so on an executor, where
    the shipped Linux binary can run even if the driver is not Linux), on a
    probe sentence with ``--probs``: the ``<head>_pred`` keys name the heads
    and the ``<head>_prob_<label>`` keys their labels.
    """
    binary_name = ship(spark, binary)
    model_name = ship(spark, model) if model else None
    probe = json.dumps(_PROBE_DOCUMENT)

    def run(_):
        out = subprocess.run(
            _command(binary_name, model_name, ["--probs"]),
            input=(probe + "\n").encode(),
            capture_output=True,
            check=False,
        )
        if out.returncode != 0 or not out.stdout.strip():
            raise StancekitError(
                f"the probe run of stancekit exited with code {out.returncode}: "
                + out.stderr.decode(errors="replace")
            )
        return [out.stdout.decode().splitlines()[0]]

    line = spark.sparkContext.parallelize([0], 1).mapPartitions(run).collect()[0]
    return _heads_of(json.loads(line))


def _heads_of(row):
    """{head: [labels]} from the keys of one ``--probs`` output row."""
    heads, head = {}, None
    for key in row:
        if key.endswith("_pred"):
            head = key[: -len("_pred")]
            heads[head] = []
        elif head is not None and key.startswith(f"{head}_prob_"):
            heads[head].append(key[len(f"{head}_prob_"):])
    if not heads:
        raise StancekitError(f"no <head>_pred column in the probe output: {row}")
    return heads


def combination_names(heads):
    """One name per combination of labels, as in ``label --summary``:
    the heads' labels joined with ``/`` (``china/accusatory``)."""
    return ["/".join(c) for c in itertools.product(*heads.values())]


# --------------------------------------------------------------- sentences


def sentence_schema(heads, carried=()):
    """The schema of labelled sentences: doc, sent, start, end, text, then
    ``<head>_pred`` (string) and ``<head>_prob`` (double) per head, then
    the carried fields (``StructField``s of the input) unchanged."""
    fields = list(SENTENCE_FIELDS)
    for head in heads:
        fields.append(StructField(f"{head}_pred", StringType()))
        fields.append(StructField(f"{head}_prob", DoubleType()))
    return StructType(fields + list(carried))


def label_sentences(
    documents,
    binary="stancekit",
    model=None,
    heads=None,
    id_col="id",
    text_col="text",
    threads=None,
):
    """Labels every sentence of every document; returns a DataFrame with
    the schema of ``sentence_schema``, one row per sentence.

    ``documents`` has an id column (any type, cast to string: the ``doc``
    column of the output) and a text column (string); every other column
    is carried, with its type, onto each of the document's sentences.
    ``binary`` and ``model``: a driver path (shipped here) or the bare name
    of a file shipped with ``--files``; no model means the binary's
    built-in one. ``heads``: head names or ``discover_heads``' dict; by
    default discovered. ``threads``: the labelling threads of each process
    (default ``spark.task.cpus``).

    Lazy, like any transformation: every action on the result runs the
    binary again, so cache or write it when more than one action follows.
    A document with no sentence (empty text) yields no row. ``start`` and
    ``end`` are UTF-8 byte offsets into the document text.
    """
    spark = documents.sparkSession
    binary_name = ship(spark, binary)
    model_name = ship(spark, model) if model else None
    if heads is None:
        heads = discover_heads(spark, binary_name, model_name)
    carried = [f for f in documents.schema.fields if f.name not in (id_col, text_col)]
    schema = sentence_schema(heads, carried)
    _check_names(schema, carried)
    if threads is None:
        threads = int(spark.sparkContext.getConf().get("spark.task.cpus", "1"))

    payload = F.struct(
        documents[id_col].cast("string").alias("id"),
        documents[text_col].alias("text"),
        *[documents[f.name] for f in carried],
    )
    lines = documents.select(F.to_json(payload).alias("j")).rdd.map(lambda r: r[0])
    labelled = lines.mapPartitionsWithIndex(
        lambda index, part: _label_partition(
            part, _command(binary_name, model_name), threads, index
        )
    )
    rows = spark.createDataFrame(labelled.map(lambda line: (line,)), "line string")
    parsed = F.from_json("line", schema, {"mode": "FAILFAST"}).alias("row")
    return rows.select(parsed).select("row.*")


def _check_names(schema, carried):
    """Carried columns must not shadow output columns (the binary would
    keep its own value and drop the input's) nor the input's ``id`` key."""
    own = {f.name.lower() for f in schema.fields[: len(schema.fields) - len(carried)]}
    own.add("id")
    clash = [f.name for f in carried if f.name.lower() in own]
    if clash:
        raise ValueError(
            f"input column(s) {clash} would clash with output columns; "
            f"rename or drop them before labelling"
        )


def _label_partition(lines, command, threads, index):
    """Streams one partition through one stancekit process, yielding its
    output lines; raises StancekitError when the process fails or its
    output does not add up, after the lines it did write."""
    first = next(lines, None)
    if first is None:
        return  # an empty partition starts no process
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    feeder = _Feeder(proc.stdin, itertools.chain([first], lines))
    stderr_tail = collections.deque(maxlen=STDERR_TAIL_LINES)
    drainer = threading.Thread(target=stderr_tail.extend, args=(proc.stderr,), daemon=True)
    feeder.start()
    drainer.start()
    received = 0
    try:
        for raw in proc.stdout:
            received += 1
            yield raw.rstrip(b"\n").decode("utf-8")
        proc.wait()
        feeder.join()
        drainer.join()
    finally:
        if proc.poll() is None:  # the consumer stopped early, or an error
            proc.kill()
            proc.wait()
    _check_partition(proc.returncode, feeder, received, stderr_tail, command, index)


class _Feeder(threading.Thread):
    """Writes a partition's documents to the process's stdin, one a line."""

    def __init__(self, stdin, lines):
        super().__init__(daemon=True)
        self.stdin, self.lines = stdin, lines
        self.sent, self.error = 0, None

    def run(self):
        try:
            for line in self.lines:
                self.stdin.write(line.encode("utf-8") + b"\n")
                self.sent += 1
        except BaseException as e:  # noqa: BLE001 - re-raised in the task
            self.error = e
        finally:
            try:
                self.stdin.close()
            except OSError:
                pass


def _check_partition(returncode, feeder, received, stderr_tail, command, index):
    """Raises unless the process exited 0 having read every document and
    written as many sentences as its closing line reports."""
    stderr = b"".join(stderr_tail).decode("utf-8", errors="replace")
    if feeder.error is not None and not isinstance(feeder.error, BrokenPipeError):
        raise feeder.error  # the upstream data failed, not stancekit
    where = _where(index, feeder.sent, received)
    if returncode != 0:
        how = f"was killed by signal {-returncode}" if returncode < 0 else f"exited with code {returncode}"
        raise StancekitError(f"{where}: {' '.join(command)} {how}; its stderr ends:\n{stderr}")
    if feeder.error is not None:
        raise StancekitError(f"{where}: stancekit stopped reading its input; its stderr ends:\n{stderr}")
    closing = CLOSING_LINE.findall(stderr)
    if not closing:
        raise StancekitError(f"{where}: stancekit wrote no closing line on stderr:\n{stderr}")
    read, failed, written = map(int, closing[-1])
    if (read + failed, failed, written) != (feeder.sent, 0, received):
        raise StancekitError(
            f"{where}: output does not add up: stancekit reports {read} documents read, "
            f"{failed} failed, {written} sentences written"
        )


def _where(index, sent, received):
    context = TaskContext.get()
    attempt = f", attempt {context.attemptNumber()}" if context is not None else ""
    return (
        f"stancekit on partition {index}{attempt} ({sent} documents in, "
        f"{received} sentence rows out; none of them kept)"
    )


# ----------------------------------------------------------------- profile


def document_profile(sentences, heads, documents=None, id_col="id"):
    """Per document: ``sentences``, then ``n_<combination>`` (count) and
    ``share_<combination>`` (count / sentences, 0 for a document with no
    sentence) for every combination of the heads' labels, named as in
    ``label --summary`` (``share_china/accusatory``).

    ``heads`` is ``discover_heads``' dict (labels are needed for the
    columns). Computed with one ``groupBy("doc")`` aggregation. With
    ``documents`` (and its ``id_col``), documents without any sentence
    are kept with zero counts.
    """
    names = combination_names(heads)
    combination = F.concat_ws("/", *[F.col(f"{h}_pred") for h in heads])
    counts = sentences.groupBy("doc").agg(
        F.count(F.lit(1)).alias("sentences"),
        *[
            F.sum(F.when(combination == name, 1).otherwise(0)).cast("long").alias(f"n_{name}")
            for name in names
        ],
    )
    if documents is not None:
        ids = documents.select(documents[id_col].cast("string").alias("doc")).distinct()
        counts = ids.join(counts, "doc", "left")
        counts = counts.select(
            "doc",
            *[F.coalesce(counts[c], F.lit(0)).alias(c) for c in counts.columns[1:]],
        )
    total = F.col("sentences")
    shares = [
        F.when(total > 0, F.col(f"`n_{name}`") / total).otherwise(F.lit(0.0)).alias(f"share_{name}")
        for name in names
    ]
    return counts.select("doc", "sentences", *[F.col(f"`n_{n}`") for n in names], *shares)

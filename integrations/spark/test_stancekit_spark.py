"""Tests of stancekit_spark through PySpark in local mode.

Run by tests/spark.rs (so by `cargo test`), or by hand:

    STANCEKIT_BIN=target/release/stancekit python integrations/spark/test_stancekit_spark.py

The sample: 200 documents built from the repository's own data (the
sentences of data/labelled/test.csv and dev.csv grouped by `doc`, the four
corpus excerpts in tests/fixtures/segment/, and eleven awkward documents).
Expected rows come from a direct `stancekit label --format jsonl -` run on
the same documents; Spark must give the same rows (order aside).
"""

import csv
import datetime
import decimal
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import warnings
from pathlib import Path

from pyspark.sql import Row, SparkSession
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DateType,
    DecimalType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import stancekit_spark as sk  # noqa: E402

DOC_SCHEMA = StructType(
    [
        StructField("id", StringType()),
        StructField("text", StringType()),
        StructField("source", StringType()),
        StructField("n_gold", IntegerType()),
        StructField("published", DateType()),
    ]
)


def binary():
    path = os.environ.get("STANCEKIT_BIN")
    if not path or not os.access(path, os.X_OK):
        sys.exit(f"set STANCEKIT_BIN to the stancekit binary (got {path!r})")
    return os.path.abspath(path)


def sample_documents():
    """200 documents as dicts with the DOC_SCHEMA keys."""
    docs = []
    for split in ("test", "dev"):
        groups = {}
        with open(REPO / "data" / "labelled" / f"{split}.csv", newline="") as f:
            for row in csv.DictReader(f):
                groups.setdefault(row["doc"], []).append(row)
        for doc, rows in groups.items():
            docs.append(
                {
                    "id": f"{split}:{doc}",
                    "text": " ".join(r["text"] for r in rows),
                    "source": rows[0]["source"],
                    "n_gold": len(rows),
                    "published": _date(doc),
                }
            )
    for path in sorted((REPO / "tests" / "fixtures" / "segment").glob("*.txt")):
        docs.append(_doc(f"fixture:{path.stem}", path.read_text(encoding="utf-8")))
    awkward = [
        "",
        "   \n\t  ",
        "Menu\nHome\n",
        "中国外交部 said: “We firmly oppose it.” 🙂 Japan’s minister agreed.",
        "Tabs\tand\r\nCRLF lines.\r\nThe US and Japan\r\nissued a joint statement.",
        'A "quoted" {"id": 1, "text": "json"} inside \\ backslashes. China objected.',
        "Line\u2028separator and\u2029paragraph separator. The talks went well.",
        "word " * 400 + "end.",
        "Mr. Wang met Gen. Li on Jan. 5. They spoke for 2.5 hours.",
        "Q: Will Japan respond? A: We have lodged stern representations with Japan.",
        "\ufeffBOM-led text. China said the drills were routine.",
    ]
    docs += [_doc(f"awkward:{i}", text) for i, text in enumerate(awkward)]
    assert len(docs) == 200, len(docs)
    return docs


def _doc(doc_id, text):
    return {"id": doc_id, "text": text, "source": "fixture", "n_gold": None, "published": None}


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def run_cli(docs, *args):
    """A direct `stancekit label --format jsonl -` run: (rows, stderr)."""
    lines = "".join(json.dumps(_jsonable(d)) + "\n" for d in docs)
    out = subprocess.run(
        [binary(), "label", "--format", "jsonl", *args, "-"],
        input=lines.encode(),
        capture_output=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()
    return [json.loads(line) for line in out.stdout.decode().splitlines()], out.stderr.decode()


def _jsonable(doc):
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in doc.items()}


def canonical(row, columns):
    """One row as a hashable JSON string over `columns` (missing = null)."""
    return json.dumps({c: _jsonable_value(row.get(c)) for c in columns}, sort_keys=True)


def _jsonable_value(v):
    return v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v


def fake_binary(directory, name, real, exit_code):
    """A stand-in for stancekit that runs the real one, prints only the first
    half of its output lines and its stderr, then exits with `exit_code`."""
    path = Path(directory) / name
    path.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import subprocess, sys
            out = subprocess.run([{real!r}] + sys.argv[1:], stdin=sys.stdin,
                                 capture_output=True)
            lines = out.stdout.decode().splitlines(keepends=True)
            sys.stdout.write("".join(lines[: len(lines) // 2]))
            sys.stdout.flush()
            sys.stderr.write(out.stderr.decode())
            sys.exit({exit_code})
            """
        )
    )
    path.chmod(0o755)
    return str(path)


class SparkLabelling(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        started = time.monotonic()
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers as the driver
        cls.tmp = tempfile.TemporaryDirectory()
        cls.spark = (
            SparkSession.builder.master("local[2]")
            .appName("stancekit-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.warehouse.dir", os.path.join(cls.tmp.name, "warehouse"))
            .config("spark.local.dir", os.path.join(cls.tmp.name, "local"))
            .getOrCreate()
        )
        cls.spark.sparkContext.setLogLevel("FATAL")
        cls.spark.sparkContext.addPyFile(sk.__file__)  # as --py-files would
        cls.docs = sample_documents()
        cls.frame = cls.spark.createDataFrame(
            [tuple(d[f.name] for f in DOC_SCHEMA.fields) for d in cls.docs], DOC_SCHEMA
        ).repartition(4).cache()
        cls.expected, _ = run_cli(cls.docs)
        cls.heads = sk.discover_heads(cls.spark, binary())
        cls.sentences = sk.label_sentences(cls.frame, binary(), heads=cls.heads).cache()
        print(f"set-up (Spark start, direct CLI run): {time.monotonic() - started:.1f}s", file=sys.stderr)

    def setUp(self):
        warnings.simplefilter("ignore", ResourceWarning)  # py4j's sockets
        self.started = time.monotonic()

    def tearDown(self):
        print(f"[{time.monotonic() - self.started:.1f}s]", end=" ", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()
        cls.tmp.cleanup()

    def assert_same_rows(self, got, expected):
        columns = list(self.schema_names())
        self.assertEqual(len(got), len(expected))
        self.assertEqual(
            sorted(canonical(r, columns) for r in got),
            sorted(canonical(r, columns) for r in expected),
        )

    def schema_names(self):
        return sk.sentence_schema(self.heads, DOC_SCHEMA.fields[2:]).names

    def test_heads_are_discovered_from_the_model(self):
        probe, _ = run_cli([{"id": "p", "text": "China said the talks went well."}], "--probs")
        keys = list(probe[0])
        self.assertEqual(list(self.heads), [k[:-5] for k in keys if k.endswith("_pred")])
        for head, labels in self.heads.items():
            self.assertEqual([f"{head}_prob_{l}" for l in labels], [k for k in keys if k.startswith(f"{head}_prob_")])
        self.assertEqual(len(sk.combination_names(self.heads)), 9)

    def test_rows_and_labels_equal_a_direct_cli_run(self):
        sentences = sk.label_sentences(self.frame, binary())  # heads discovered
        self.assertEqual(
            [(f.name, f.dataType) for f in sentences.schema.fields],
            [(f.name, f.dataType) for f in sk.sentence_schema(self.heads, DOC_SCHEMA.fields[2:]).fields],
        )
        got = [r.asDict() for r in sentences.collect()]
        self.assertGreater(len(got), 1000)
        self.assertGreater(sentences.rdd.getNumPartitions(), 1)
        self.assert_same_rows(got, self.expected)

    def test_a_shipped_model_file_gives_the_rows_of_cli_with_that_model(self):
        model = str(REPO / "models" / "default.model")
        expected, _ = run_cli(self.docs, "--model", model)
        sentences = sk.label_sentences(self.frame, binary(), model=model, heads=self.heads)
        self.assert_same_rows([r.asDict() for r in sentences.collect()], expected)

    def test_a_bare_name_finds_a_file_shipped_as_spark_submit_files_does(self):
        self.spark.sparkContext.addFile(binary())  # what --files does
        name = os.path.basename(binary())
        sentences = sk.label_sentences(self.frame, name, heads=self.heads)
        self.assert_same_rows([r.asDict() for r in sentences.collect()], self.expected)
        with self.assertRaisesRegex(Exception, "not among the files shipped to this executor"):
            sk.label_sentences(self.frame, "stancekit-never-shipped", heads=self.heads).collect()

    def test_profile_equals_the_cli_summary(self):
        summary = os.path.join(self.tmp.name, "summary.csv")
        run_cli(self.docs, "--summary", summary)
        with open(summary, newline="") as f:
            want = {r["doc"]: r for r in csv.DictReader(f)}
        sentences = self.sentences
        profile = sk.document_profile(sentences, self.heads, documents=self.frame)
        got = {r["doc"]: r.asDict() for r in profile.collect()}
        self.assertEqual(set(got), set(want))
        self.assertEqual(len(got), 200)
        self.assertEqual(got["awkward:0"]["sentences"], 0)  # the empty document
        for doc, row in got.items():
            self.assertEqual(row["sentences"], int(want[doc]["sentences"]), doc)
            counted = 0
            for name in sk.combination_names(self.heads):
                share, n = row[f"share_{name}"], row[f"n_{name}"]
                self.assertAlmostEqual(share, float(want[doc][f"share_{name}"]), delta=1e-6)
                self.assertEqual(n, round(share * row["sentences"]))
                counted += n
            self.assertEqual(counted, row["sentences"])
        without_documents = sk.document_profile(sentences, self.heads)
        self.assertEqual(without_documents.count(), sum(1 for r in got.values() if r["sentences"]))

    def test_carried_columns_keep_their_types_and_values(self):
        schema = StructType(
            [
                StructField("key", LongType()),
                StructField("body", StringType()),
                StructField("published", DateType()),
                StructField("seen", TimestampType()),
                StructField("score", DecimalType(10, 2)),
                StructField("tags", ArrayType(StringType())),
                StructField("meta", StructType([StructField("a", IntegerType()), StructField("b", StringType())])),
                StructField("flag", BooleanType()),
                StructField("note", StringType()),
            ]
        )
        values = (
            7,
            "China opposes it. Japan welcomed the deal.",
            datetime.date(2020, 2, 29),
            datetime.datetime(2021, 4, 1, 12, 30, 5),
            decimal.Decimal("12345.67"),
            ["a", "b"],
            Row(a=1, b="x"),
            True,
            None,
        )
        frame = self.spark.createDataFrame([values], schema)
        rows = sk.label_sentences(frame, binary(), heads=self.heads, id_col="key", text_col="body").collect()
        self.assertEqual([(r.doc, r.sent, r.text) for r in rows], [("7", 0, "China opposes it."), ("7", 1, "Japan welcomed the deal.")])
        own = len(sk.sentence_schema(self.heads).names)
        self.assertEqual(rows[0].__fields__[own:], schema.names[2:])
        for r in rows:
            self.assertEqual(tuple(r[own:]), values[2:])

    def test_columns_that_would_clash_with_the_output_are_refused(self):
        frame = self.frame.withColumnRenamed("source", "side_pred")
        with self.assertRaisesRegex(ValueError, "side_pred"):
            sk.label_sentences(frame, binary(), heads=self.heads)
        with self.assertRaisesRegex(ValueError, r"\['id'\]"):  # id_col is another column
            sk.label_sentences(self.frame, binary(), heads=self.heads, id_col="source")

    def test_a_process_that_fails_half_way_fails_the_job(self):
        fake = fake_binary(self.tmp.name, "stancekit-fails", binary(), 1)
        sentences = sk.label_sentences(self.frame, fake, heads=self.heads)
        with self.assertRaises(Exception) as caught:
            sentences.collect()
        message = str(caught.exception)
        self.assertIn("StancekitError", message)
        self.assertIn("exited with code 1", message)
        self.assertIn("documents read, 0 failed", message)  # the stderr tail is quoted

    def test_a_process_that_exits_0_with_half_its_output_fails_the_job(self):
        fake = fake_binary(self.tmp.name, "stancekit-truncates", binary(), 0)
        sentences = sk.label_sentences(self.frame, fake, heads=self.heads)
        with self.assertRaisesRegex(Exception, "output does not add up"):
            sentences.write.format("noop").mode("overwrite").save()

    def test_a_document_the_binary_rejects_fails_the_job_naming_it(self):
        bad = self.spark.createDataFrame(
            [("ok", "China objected."), ("bad", None)], "id string, text string"
        ).coalesce(1)
        with self.assertRaises(Exception) as caught:
            sk.label_sentences(bad, binary(), heads=self.heads).collect()
        message = str(caught.exception)
        self.assertIn("exited with code 2", message)
        self.assertIn('<stdin>:2: no key "text"', message)

    def test_rdd_pipe_needs_check_code_and_still_misses_a_clean_exit(self):
        """Why the module does not use RDD.pipe: by default it ignores the
        exit code (rows are lost silently); with checkCode=True it fails the
        job, but a process that exits 0 after half its output still passes."""
        docs = [{"id": d["id"], "text": d["text"]} for d in self.docs[:60]]
        expected = len(run_cli(docs)[0])
        lines = self.spark.sparkContext.parallelize([json.dumps(d) for d in docs], 1)

        def pipe(fake, check):
            command = f"{fake} label --format jsonl --input-format jsonl -"
            return lines.pipe(command, env=dict(os.environ), checkCode=check).collect()

        fails = fake_binary(self.tmp.name, "stancekit-fails-pipe", binary(), 1)
        self.assertEqual(len(pipe(fails, False)), expected // 2)  # no error at all
        with self.assertRaisesRegex(Exception, "error code 1"):
            pipe(fails, True)
        truncates = fake_binary(self.tmp.name, "stancekit-truncates-pipe", binary(), 0)
        self.assertEqual(len(pipe(truncates, True)), expected // 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)

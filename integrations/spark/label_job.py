"""A ready-made Spark job: label a corpus of documents, write sentences and
per-document profiles as Parquet.

    spark-submit --files stancekit[,my.model] --py-files stancekit_spark.py \
        label_job.py --input DOCS --output OUT [--model my.model]

DOCS: JSON Lines (.jsonl/.json/.ndjson), Parquet (.parquet) or CSV with a
header (.csv), or a folder/glob of them (--input-format when the extension
does not say). Needs an id and a text column (--id-col, --text-col); other
columns are carried onto every sentence. Writes OUT/sentences and
OUT/profile (Parquet), and prints the row counts.
"""

import argparse

from pyspark.sql import SparkSession

import stancekit_spark as sk


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="documents: a path, folder or glob")
    p.add_argument("--input-format", choices=["json", "parquet", "csv"],
                   help="default: from the extension of --input")
    p.add_argument("--output", required=True, help="folder for sentences/ and profile/")
    p.add_argument("--binary", default="stancekit",
                   help="the shipped binary's name (--files), or a driver path [stancekit]")
    p.add_argument("--model", help="the shipped model's name (--files), or a driver path "
                   "[the binary's built-in model]")
    p.add_argument("--id-col", default="id")
    p.add_argument("--text-col", default="text")
    p.add_argument("--partitions", type=int,
                   help="repartition the documents first (default: as read)")
    p.add_argument("--mode", default="errorifexists",
                   choices=["errorifexists", "overwrite"], help="when OUT exists")
    return p.parse_args()


def input_format(args):
    if args.input_format:
        return args.input_format
    name = args.input.rstrip("/*").lower()
    for ext, fmt in ((".parquet", "parquet"), (".csv", "csv")):
        if name.endswith(ext):
            return fmt
    return "json"


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("stancekit-label").getOrCreate()
    reader = spark.read.option("header", "true") if input_format(args) == "csv" else spark.read
    docs = reader.format(input_format(args)).load(args.input)
    if args.partitions:
        docs = docs.repartition(args.partitions)

    heads = sk.discover_heads(spark, args.binary, args.model)
    sentences = sk.label_sentences(
        docs, args.binary, args.model, heads=heads, id_col=args.id_col, text_col=args.text_col
    )
    sentences.write.mode(args.mode).parquet(f"{args.output}/sentences")

    # The profile reads the written sentences back: the binary runs once.
    written = spark.read.parquet(f"{args.output}/sentences")
    profile = sk.document_profile(written, heads, documents=docs, id_col=args.id_col)
    profile.write.mode(args.mode).parquet(f"{args.output}/profile")

    n_sentences = spark.read.parquet(f"{args.output}/sentences").count()
    n_docs = spark.read.parquet(f"{args.output}/profile").count()
    print(f"stancekit-label: {n_docs} documents, {n_sentences} sentences -> {args.output}")
    spark.stop()


if __name__ == "__main__":
    main()

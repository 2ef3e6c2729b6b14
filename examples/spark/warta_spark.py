"""warta on Apache Spark: WARC files in, the batch's Parquet out.

In the style of cc-pyspark: the input is a text file listing WARC(.gz) paths,
one per line (local paths, ``file://`` URLs, or ``s3://`` with boto3). Each
path becomes one task; ``mapPartitions`` streams the WARC's HTTP response
records through ``warta.extract`` and yields one row per record:

- ``OUT/articles``: one row per article, the columns of
  ``warta batch --format parquet`` (see ``ARTICLE_SCHEMA``);
- ``OUT/errors``: one row per record that gave no article (``id``, ``source``,
  ``cause``), so nothing is lost.

Records that are not HTTP 200 HTML responses are skipped and counted, as
``warta batch`` does, and the job prints ``read = written + failed + skipped``.

Run locally::

    python warta_spark.py --master 'local[2]' warc_paths.txt out/

On a cluster, ship the wheel and this file (see docs/distributed.md)::

    spark-submit --py-files warta_spark.py ... warta_spark.py paths.txt s3://bucket/out/
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, Dict, Iterable, Iterator, Optional, Tuple

import warta

# ---------------------------------------------------------------------------
# Records: which WARC records are pages, and their id.
# ---------------------------------------------------------------------------

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def record_place(source: str, offset: int) -> str:
    """Where a WARC record is: its file and byte offset."""
    return f"{source}@{offset}"


def record_id(record, place: str) -> str:
    """The stable id of a WARC record: its ``WARC-Record-ID``, else its place."""
    given = record.rec_headers.get_header("WARC-Record-ID") if record is not None else None
    return given or place


def http_charset(content_type: Optional[str]) -> Optional[str]:
    """The ``charset`` parameter of an HTTP ``Content-Type``, if any."""
    if not content_type:
        return None
    found = _CHARSET.search(content_type)
    return found.group(1) if found else None


def is_html(content_type: Optional[str]) -> bool:
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media in _HTML_TYPES


def open_warc(path: str):
    """A binary stream of a WARC file: local, ``file://`` or ``s3://``."""
    if path.startswith("s3://"):
        import boto3  # only needed for S3 inputs

        bucket, _, key = path[len("s3://"):].partition("/")
        return boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    if path.startswith("file://"):
        path = path[len("file://"):]
    return open(path, "rb")


Item = Tuple[str, Dict[str, Any]]
"""What a partition yields: ("article" | "error" | "skipped", row)."""


def process_warc(path: str) -> Iterator[Item]:
    """Rows for one WARC file: articles, error rows, skipped markers.

    HTTP 200 HTML responses are pages; other responses are skipped; request,
    metadata and warcinfo records are not pages and are not counted. A file
    that cannot be opened, or a corrupt tail, is one error row naming it.
    """
    from warcio.archiveiterator import ArchiveIterator

    try:
        stream = open_warc(path)
    except OSError as e:
        yield "error", {"id": path, "source": path, "cause": f"cannot open: {e}"}
        return
    with stream:
        records = ArchiveIterator(stream)
        offset = 0
        try:
            for record in records:
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                status = http.get_statuscode() if http else None
                content_type = http.get_header("Content-Type") if http else None
                page = status == "200" and is_html(content_type)
                payload, cause = None, None
                if page:
                    try:
                        payload = record.content_stream().read()
                    except Exception as e:
                        cause = f"unreadable payload: {e}"
                # Asking for the offset reads the record to its end, so only
                # after the payload has been read.
                offset = records.get_record_offset()
                place = record_place(path, offset)
                rid = record_id(record, place)
                if not page:
                    yield "skipped", {"id": rid}
                    continue
                if cause is not None:
                    yield "error", {"id": rid, "source": place, "cause": cause}
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    article = warta.extract(
                        html=payload, url=url, id=rid, charset=http_charset(content_type)
                    )
                except warta.ExtractError as e:
                    yield "error", {"id": rid, "source": place, "cause": str(e)}
                    continue
                yield "article", article_row(article)
        except Exception as e:  # a truncated or corrupt tail ends the file, named
            place = record_place(path, offset)
            yield "error", {"id": place, "source": place, "cause": f"unreadable WARC record: {e}"}


def process_partition(paths: Iterable[str]) -> Iterator[Item]:
    for path in paths:
        yield from process_warc(path.strip())


# ---------------------------------------------------------------------------
# Rows: the columns of `warta batch --format parquet`.
# ---------------------------------------------------------------------------


def article_row(article: Dict[str, Any]) -> Dict[str, Any]:
    """An article dict as a row of ``ARTICLE_SCHEMA`` (``blocks`` left out)."""
    row = {name: article.get(name) for name in ARTICLE_COLUMNS}
    # A whole amount comes out of the JSON as an int; Spark's double column
    # would turn an int into null, not into a float.
    row["money"] = [
        dict(m, amount=float(m["amount"])) if isinstance(m.get("amount"), int) else m
        for m in row["money"] or []
    ]
    return row


def article_schema():
    """The Spark schema of the articles table."""
    from pyspark.sql import types as T

    s, i, d, b = T.StringType(), T.LongType(), T.DoubleType(), T.BooleanType()

    def struct(*fields):
        return T.StructType([T.StructField(n, t, True) for n, t in fields])

    def array(t):
        return T.ArrayType(t, True)

    span = [("start", i), ("end", i)]
    return struct(
        ("schema", s),
        ("id", s),
        ("url", s),
        ("input", s),
        ("language", s),
        ("title", s),
        ("description", s),
        ("authors", array(struct(("name", s), ("role", s)))),
        ("published", s),
        ("modified", s),
        ("site_name", s),
        ("agency", s),
        ("dateline", struct(("place", s), ("outlet", s))),
        ("body", array(struct(("kind", s), ("text", s)))),
        ("text", s),
        ("images", array(struct(("src", s), ("caption", s), ("credit", s)))),
        ("related", array(struct(("title", s), ("url", s)))),
        ("tags", array(s)),
        ("categories", array(s)),
        ("truncated", b),
        ("entities", array(struct(("name", s), ("label", s), ("mentions", array(struct(*span)))))),
        (
            "dates",
            array(
                struct(
                    ("text", s), ("date", s), *span, ("warning", s),
                    ("year", T.IntegerType()), ("month", T.ByteType()), ("day", T.ByteType()),
                    ("time", s),
                )
            ),
        ),
        (
            "money",
            array(
                struct(("text", s), ("amount", d), ("currency", s), *span, ("approximate", b))
            ),
        ),
        ("quotes", array(struct(("text", s), ("speaker", s), ("direct", b), *span))),
        ("warnings", array(s)),
    )


ARTICLE_COLUMNS = [
    "schema", "id", "url", "input", "language", "title", "description", "authors",
    "published", "modified", "site_name", "agency", "dateline", "body", "text", "images",
    "related", "tags", "categories", "truncated", "entities", "dates", "money", "quotes",
    "warnings",
]


# ---------------------------------------------------------------------------
# The job.
# ---------------------------------------------------------------------------


def combined_schema():
    """One table for every item: ``kind``, the article columns, and the error
    row's ``source`` and ``cause`` (``id`` is shared)."""
    from pyspark.sql import types as T

    return T.StructType(
        [T.StructField("kind", T.StringType(), False)]
        + list(article_schema().fields)
        + [T.StructField(n, T.StringType(), True) for n in ("source", "cause")]
    )


_ID = 1 + ARTICLE_COLUMNS.index("id")
_WIDTH = 1 + len(ARTICLE_COLUMNS) + 2


def combined_row(item: Item) -> tuple:
    """An item as a row of ``combined_schema()``."""
    kind, row = item
    if kind == "article":
        return (kind, *(row[c] for c in ARTICLE_COLUMNS), None, None)
    values = [None] * _WIDTH
    values[0] = kind
    values[_ID] = row["id"]
    if kind == "error":
        values[-2], values[-1] = row["source"], row["cause"]
    return tuple(values)


def arrow_schema():
    """``article_schema()`` as a pyarrow schema, for tasks that write their
    own Parquet part (``--writer arrow``)."""
    import pyarrow as pa
    from pyspark.sql import types as T

    scalars = {
        T.StringType: pa.string(), T.LongType: pa.int64(), T.DoubleType: pa.float64(),
        T.BooleanType: pa.bool_(), T.IntegerType: pa.int32(), T.ByteType: pa.int8(),
    }

    def convert(t):
        if isinstance(t, T.StructType):
            return pa.struct([pa.field(f.name, convert(f.dataType)) for f in t.fields])
        if isinstance(t, T.ArrayType):
            return pa.list_(convert(t.elementType))
        return scalars[type(t)]

    return pa.schema([pa.field(f.name, convert(f.dataType)) for f in article_schema().fields])


ROWS_PER_GROUP = 512


def write_parts(articles_dir: str):
    """A ``mapPartitionsWithIndex`` function: the task writes its articles to
    ``articles_dir/part-<index>.parquet`` with pyarrow and yields only its
    counts and error rows, so article rows never cross into the JVM."""

    def write(index: int, paths: Iterable[str]) -> Iterator[Item]:
        import pyarrow as pa
        import pyarrow.parquet as pq
        from pyarrow import fs

        schema = arrow_schema()
        filesystem, root = fs.FileSystem.from_uri(articles_dir)
        filesystem.create_dir(root, recursive=True)
        counts = {"article": 0, "error": 0, "skipped": 0}
        errors = []
        pending = []
        with pq.ParquetWriter(
            f"{root}/part-{index:05d}.parquet", schema, filesystem=filesystem
        ) as writer:
            for kind, row in process_partition(paths):
                counts[kind] += 1
                if kind == "article":
                    pending.append(row)
                    if len(pending) >= ROWS_PER_GROUP:
                        writer.write_table(pa.Table.from_pylist(pending, schema))
                        pending = []
                elif kind == "error":
                    errors.append(row)
            if pending:
                writer.write_table(pa.Table.from_pylist(pending, schema))
        yield "counts", counts
        for row in errors:
            yield "error", row

    return write


def run_arrow(spark, paths: list, out: str, partitions: Optional[int] = None) -> Dict[str, int]:
    """``run`` with tasks writing their own Parquet parts (``--writer arrow``):
    the same tables, without Spark's per-row conversion of the articles."""
    sc = spark.sparkContext
    items = (
        sc.parallelize(paths, partitions or len(paths) or 1)
        .mapPartitionsWithIndex(write_parts(os.path.join(out, "articles")))
        .collect()
    )
    counts = {"article": 0, "error": 0, "skipped": 0}
    errors = []
    for kind, row in items:
        if kind == "counts":
            for k, v in row.items():
                counts[k] += v
        else:
            errors.append((row["id"], row["source"], row["cause"]))
    from pyspark.sql import types as T

    error_schema = T.StructType(
        [T.StructField(n, T.StringType(), True) for n in ("id", "source", "cause")]
    )
    spark.createDataFrame(errors, error_schema).write.mode("overwrite").parquet(
        os.path.join(out, "errors")
    )
    return {
        "read": counts["article"] + counts["error"] + counts["skipped"],
        "written": counts["article"],
        "failed": counts["error"],
        "skipped": counts["skipped"],
    }


def run(spark, paths: list, out: str, partitions: Optional[int] = None) -> Dict[str, int]:
    """Extracts every WARC in ``paths`` into ``out``/articles and ``out``/errors.

    Returns the counts: read = written + failed + skipped.
    """
    from pyspark import StorageLevel

    sc = spark.sparkContext
    rows = (
        sc.parallelize(paths, partitions or len(paths) or 1)
        .mapPartitions(process_partition)
        .map(combined_row)
    )
    # Python reads each WARC once; the two tables and the counts are then
    # taken from the cached rows inside the JVM. Rows come from warta's own
    # output, so Spark's per-row type check would only cost time.
    items = spark.createDataFrame(rows, combined_schema(), verifySchema=False)
    items.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        items.filter(items.kind == "article").select(*ARTICLE_COLUMNS).write.mode(
            "overwrite"
        ).parquet(os.path.join(out, "articles"))
        items.filter(items.kind == "error").select("id", "source", "cause").write.mode(
            "overwrite"
        ).parquet(os.path.join(out, "errors"))
        counts = {row["kind"]: row["count"] for row in items.groupBy("kind").count().collect()}
    finally:
        items.unpersist()
    written = counts.get("article", 0)
    failed = counts.get("error", 0)
    skipped = counts.get("skipped", 0)
    return {
        "read": written + failed + skipped,
        "written": written,
        "failed": failed,
        "skipped": skipped,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a text file listing WARC(.gz) paths, one per line")
    parser.add_argument("output", help="output directory (articles/ and errors/ inside)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="input partitions (default: one per WARC)")
    parser.add_argument(
        "--writer", choices=["arrow", "spark"], default="arrow",
        help="arrow (default): each task writes its own Parquet part with pyarrow; "
        "spark: articles go through a DataFrame (the same table, ~1.5x the CPU)",
    )
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    # Executors run the same interpreter as the driver unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("warta")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        spark.sparkContext.addPyFile(os.path.abspath(__file__))
        with open(args.input, encoding="utf-8") as listing:
            paths = [line.strip() for line in listing if line.strip() and not line.startswith("#")]
        job = run_arrow if args.writer == "arrow" else run
        counts = job(spark, paths, args.output, args.partitions)
    finally:
        spark.stop()
    print(
        "read {read} = written {written} + failed {failed} + skipped {skipped}".format(**counts)
    )
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Pages per second per core: the Spark job in local mode against one core.

    python bench.py --data ../../../shared/data/aeb/html --copies 4 --cores 2

Writes the benchmark's HTML pages (repeated ``--copies`` times) into
``--cores`` WARC.gz files, then times

- the Spark job over them with ``local[cores]``, one WARC per task (the
  session is started and warmed up first, so JVM start-up is not counted;
  writing the Parquet is);
- ``warta batch --jobs 1 --format parquet`` on the same files when the CLI
  has ``batch`` (``--warta-bin``), and always ``warta.extract`` in a plain
  Python loop on one core: the engine's own speed, for reference.

Prints pages/s per core for each, and the Spark/batch ratio.
"""

import argparse
import gzip
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import warta

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import warta_spark  # noqa: E402


def load_pages(data: Path):
    pages = []
    for path in sorted(data.iterdir()):
        raw = path.read_bytes()
        pages.append(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return pages


def write_warcs(pages, copies, files, directory):
    paths = [directory / f"part-{i}.warc.gz" for i in range(files)]
    writers = [WARCWriter(open(p, "wb"), gzip=True) for p in paths]
    n = 0
    for copy in range(copies):
        for i, page in enumerate(pages):
            writer = writers[n % files]
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.example/{copy}/{i}", "response",
                payload=io.BytesIO(page), http_headers=http,
            )
            writer.write_record(record)
            n += 1
    for writer in writers:
        writer.out.close()
    return paths, n


def time_spark(paths, cores, out):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]").appName("warta-bench")
        .config("spark.ui.enabled", "false").getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.sparkContext.addPyFile(str(HERE / "warta_spark.py"))
        warta_spark.run(spark, [str(p) for p in paths[:1]], str(out / "warmup"))
        start = time.perf_counter()
        counts = warta_spark.run(spark, [str(p) for p in paths], str(out / "spark"))
        return time.perf_counter() - start, counts
    finally:
        spark.stop()


def time_batch(warta_bin, paths, out):
    help_text = subprocess.run([warta_bin, "--help"], capture_output=True, text=True).stdout
    if "batch" not in help_text:
        return None
    start = time.perf_counter()
    subprocess.run(
        [warta_bin, "batch", *map(str, paths), "--out", str(out / "batch.parquet"),
         "--format", "parquet", "--jobs", "1", "--errors", str(out / "batch-errors.jsonl")],
        check=False, capture_output=True,
    )
    return time.perf_counter() - start


def time_engine(paths):
    """warta.extract over the same records, one core, no Spark."""
    pages = 0
    start = time.perf_counter()
    for path in paths:
        for kind, _row in warta_spark.process_warc(str(path)):
            pages += kind != "skipped"
    return time.perf_counter() - start, pages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=HERE / "../../../shared/data/aeb/html")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--warta-bin", default=str(HERE / "../../target/release/warta"))
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="warta-bench-"))
    try:
        pages = load_pages(args.data)
        paths, n = write_warcs(pages, args.copies, args.cores, tmp)
        mb = sum(len(p) for p in pages) * args.copies / 1e6
        print(f"{n} pages ({mb:.1f} MB of HTML) in {len(paths)} WARC.gz files")

        seconds, engine_pages = time_engine(paths)
        print(f"warta.extract loop, 1 core: {engine_pages / seconds:.1f} pages/s")

        batch = time_batch(args.warta_bin, paths, tmp) if Path(args.warta_bin).exists() else None
        if batch is None:
            print(f"warta batch: not available at {args.warta_bin}")
        else:
            print(f"warta batch --jobs 1: {n / batch:.1f} pages/s per core ({batch:.2f} s)")

        seconds, counts = time_spark(paths, args.cores, tmp)
        per_core = counts["read"] / seconds / args.cores
        print(
            f"spark local[{args.cores}]: {counts['read'] / seconds:.1f} pages/s, "
            f"{per_core:.1f} pages/s per core ({seconds:.2f} s; {counts})"
        )
        if batch is not None:
            print(f"spark per core / batch --jobs 1 = {per_core / (n / batch):.0%}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Pages per second per core: the Spark job in local mode against one core.

    python bench.py --data ../../../shared/data/aeb/html --copies 4 --cores 2

Writes the benchmark's HTML pages (repeated ``--copies`` times) into
``--cores`` WARC.gz files, then times

- the Spark job over them with ``local[cores]``, with each writer
  (``spark``: a DataFrame; ``arrow``: tasks write their own parts), one WARC per task (the
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


def tree_cpu_seconds(root_pid):
    """CPU seconds used so far by a process and all its descendants (with
    the reaped children each has waited for), read from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents = {}
    stats = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        stats[pid] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    total = 0
    for pid in stats:
        p = pid
        while p and p != root_pid:
            p = parents.get(p, 0)
        if p == root_pid:
            total += stats[pid]
    return total / tick


def time_spark(paths, cores, out, writer):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]").appName("warta-bench")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.sparkContext.addPyFile(str(HERE / "warta_spark.py"))
        job = warta_spark.run_arrow if writer == "arrow" else warta_spark.run
        job(spark, [str(p) for p in paths[:1]], str(out / f"warmup-{writer}"))
        cpu = tree_cpu_seconds(os.getpid())
        start = time.perf_counter()
        counts = job(spark, [str(p) for p in paths], str(out / f"spark-{writer}"))
        wall = time.perf_counter() - start
        return wall, tree_cpu_seconds(os.getpid()) - cpu, counts
    finally:
        spark.stop()


def time_batch(warta_bin, paths, out):
    help_text = subprocess.run([warta_bin, "--help"], capture_output=True, text=True).stdout
    if "batch" not in help_text:
        return None
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [warta_bin, "batch", *map(str, paths), "--out", str(out / "batch.parquet"),
         "--format", "parquet", "--jobs", "1", "--errors", str(out / "batch-errors.jsonl")],
        check=False, capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def time_engine(paths):
    """warta.extract over the same records, one core, no Spark."""
    pages = 0
    start = time.perf_counter()
    cpu = time.process_time()
    for path in paths:
        for kind, _row in warta_spark.process_warc(str(path)):
            pages += kind != "skipped"
    return time.perf_counter() - start, time.process_time() - cpu, pages


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

        # Per core = pages per CPU-second of every process involved, which
        # holds on a busy machine too; wall-clock rates are printed beside.
        wall, cpu, engine_pages = time_engine(paths)
        engine = engine_pages / cpu
        print(
            f"warta.extract loop (warcio + warta, 1 thread): {engine:.1f} pages/s per core"
            f" (CPU {cpu:.2f} s, wall {wall:.2f} s)"
        )

        batch = time_batch(args.warta_bin, paths, tmp) if Path(args.warta_bin).exists() else None
        if batch is None:
            print(f"warta batch: not available at {args.warta_bin}")
        else:
            wall, cpu = batch
            print(
                f"warta batch --jobs 1: {n / cpu:.1f} pages/s per core"
                f" (CPU {cpu:.2f} s, wall {wall:.2f} s)"
            )

        for writer in ("spark", "arrow"):
            wall, cpu, counts = time_spark(paths, args.cores, tmp, writer)
            spark = counts["read"] / cpu
            print(
                f"spark local[{args.cores}] --writer {writer}: {spark:.1f} pages/s per core"
                f" (CPU {cpu:.2f} s in JVM and Python workers, wall {wall:.2f} s; {counts})"
            )
            print(f"  spark / warta.extract loop = {spark / engine:.0%}")
            if batch is not None:
                print(f"  spark / batch --jobs 1 = {spark / (n / batch[1]):.0%}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

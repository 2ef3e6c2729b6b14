"""The Spark job in local mode over WARC files this test writes.

Run by `cargo xtask wheel --spark` (pyspark, pyarrow, warcio and Java 17
installed by it). Spark starts once for the module: a few seconds of JVM.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import warta

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("WARTA_ROOT", HERE.parents[1]))
FIXTURES = ROOT / "fixtures"

sys.path.insert(0, str(HERE))
import warta_spark  # noqa: E402


def html_page(title, paragraphs, charset="utf-8"):
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><nav><a href='/'>Beranda</a></nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Hak cipta dilindungi.</footer></body></html>"
    )


def fixture_pages():
    """HTML pages made of the fixture dumps' lines, with their titles."""
    pages = []
    for path in sorted(FIXTURES.glob("*.txt")):
        lines = [l.strip() for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        paragraphs = [l for l in lines if len(l) > 60] or lines
        pages.append(html_page(lines[0], paragraphs))
    return pages


def response(writer, url, payload, content_type="text/html; charset=utf-8", status="200 OK"):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=http
    )
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def write_warc(path, gzip, copies):
    """A WARC with pages, a 404, an image, a request, an empty and a binary page.

    Returns what each record should become: ("article", id, html) for pages,
    ("error", id, cause) for pages that give no article, ("skipped", id).
    """
    expected = []
    pages = fixture_pages()
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for copy in range(copies):
            for n, page in enumerate(pages):
                url = f"https://berita.example/{path.name}/{copy}/{n}"
                rid = response(writer, url, page.encode("utf-8"))
                expected.append(("article", rid, url, page.encode("utf-8"), "utf-8"))
        latin = html_page("Caf\u00e9 di Bandung", ["Kopi s\u00e9gar " * 20], charset="")
        url = f"https://berita.example/{path.name}/latin"
        rid = response(writer, url, latin.encode("latin-1"), "text/html; charset=ISO-8859-1")
        expected.append(("article", rid, url, latin.encode("latin-1"), "ISO-8859-1"))
        rid = response(writer, "https://berita.example/missing", b"<p>no</p>", status="404 Not Found")
        expected.append(("skipped", rid))
        rid = response(writer, "https://berita.example/a.png", b"\x89PNG\r\n\x1a\n", "image/png")
        expected.append(("skipped", rid))
        request = writer.create_warc_record(
            "https://berita.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        rid = response(writer, "https://berita.example/empty", b"")
        expected.append(("error", rid, "the input is empty"))
        rid = response(writer, "https://berita.example/bin", bytes(range(256)) * 4)
        expected.append(("error", rid, None))
    return expected


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    """Runs the job once over two WARC files (one gzipped) with local[2]."""
    tmp = tmp_path_factory.mktemp("spark")
    expected = []
    paths = []
    for name, gzip, copies in [("a.warc.gz", True, 3), ("b.warc", False, 2)]:
        path = tmp / name
        expected += write_warc(path, gzip, copies)
        paths.append(str(path))
    listing = tmp / "paths.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    out = tmp / "out"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    run = subprocess.run(
        [sys.executable, str(HERE / "warta_spark.py"), "--master", "local[2]", str(listing), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return {"expected": expected, "out": out, "run": run, "paths": paths}


def read_rows(directory):
    return pq.read_table(str(directory)).to_pylist()


def test_the_job_reports_the_count_equation(job):
    run = job["run"]
    expected = job["expected"]
    # Error rows make the exit code 1, as `warta batch` does.
    assert run.returncode == 1, run.stderr[-3000:]
    n = {k: sum(1 for e in expected if e[0] == k) for k in ("article", "error", "skipped")}
    line = (
        f"read {len(expected)} = written {n['article']} + failed {n['error']}"
        f" + skipped {n['skipped']}"
    )
    assert line in run.stdout, run.stdout


def test_every_page_is_one_article_row_equal_to_warta_extract(job):
    rows = read_rows(job["out"] / "articles")
    pages = [e for e in job["expected"] if e[0] == "article"]
    assert len(rows) == len(pages)
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows)
    for _, rid, url, payload, charset in pages:
        article = warta.extract(html=payload, url=url, id=rid, charset=charset)
        assert by_id[rid] == warta_spark.article_row(article), rid
    assert any("s\u00e9gar" in r["text"] for r in rows)


def test_rows_keep_the_order_of_the_input(job):
    """Articles come out in input order (each WARC is one partition, in order)."""
    rows = read_rows(job["out"] / "articles")
    order = [e[1] for e in job["expected"] if e[0] == "article"]
    assert [r["id"] for r in rows] == order


def test_pages_without_an_article_are_error_rows(job):
    rows = read_rows(job["out"] / "errors")
    errors = [e for e in job["expected"] if e[0] == "error"]
    assert sorted(r["id"] for r in rows) == sorted(e[1] for e in errors)
    for row in rows:
        assert row["source"].split("@")[0] in job["paths"]
        cause = next(e[2] for e in errors if e[1] == row["id"])
        if cause:
            assert row["cause"] == cause
        else:
            assert "binary" in row["cause"]


def test_the_articles_table_has_the_batch_columns(job):
    schema = pq.read_schema(next((job["out"] / "articles").glob("*.parquet")))
    assert schema.names == warta_spark.ARTICLE_COLUMNS
    article = warta.extract(html=fixture_pages()[0])
    assert [c for c in article if c != "blocks"] == warta_spark.ARTICLE_COLUMNS


def test_the_spark_schema_has_every_field_of_real_articles():
    """Every key of every nested object warta outputs has a column (a field
    added to the model without one here would be dropped silently)."""
    from pyspark.sql import types as T

    def check(value, dtype, path):
        if isinstance(dtype, T.StructType):
            assert isinstance(value, dict), path
            assert list(value) == dtype.names, path
            for field in dtype.fields:
                if value[field.name] is not None:
                    check(value[field.name], field.dataType, f"{path}.{field.name}")
        elif isinstance(dtype, T.ArrayType):
            for item in value:
                check(item, dtype.elementType, f"{path}[]")

    seen = set()
    for path in sorted(FIXTURES.glob("*.txt")):
        article = warta.extract(text=path.read_text(encoding="utf-8"))
        check(warta_spark.article_row(article), warta_spark.article_schema(), "article")
        seen |= {k for k in ("entities", "dates", "money", "quotes") if article[k]}
    assert seen == {"entities", "dates", "money", "quotes"}


def test_whole_money_amounts_become_doubles_not_nulls():
    article = warta.extract(text=(FIXTURES / "kompas-zuckerberg-dump.txt").read_text(encoding="utf-8"))
    row = warta_spark.article_row(article)
    assert row["money"], "the fixture names an amount of money"
    assert all(isinstance(m["amount"], float) for m in row["money"])
    assert [m["amount"] for m in row["money"]] == [m["amount"] for m in article["money"]]


def warta_binary():
    """The `warta` CLI built from this checkout (`WARTA_BIN` overrides)."""
    given = os.environ.get("WARTA_BIN")
    candidates = [Path(given)] if given else [
        ROOT / "target" / "release" / "warta",
        ROOT / "target" / "debug" / "warta",
    ]
    for path in candidates:
        if path.is_file():
            return path
    pytest.fail("no warta binary: run `cargo build -p warta-cli` (or set WARTA_BIN)")


def numbers_as_floats(value):
    """Spark stores amounts as doubles, Arrow from JSON as int64 or double."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [numbers_as_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: numbers_as_floats(v) for k, v in value.items()}
    return value


def test_rows_equal_warta_batch_parquet_on_the_same_files(job, tmp_path):
    out = tmp_path / "batch.parquet"
    errors = tmp_path / "batch-errors.jsonl"
    run = subprocess.run(
        [str(warta_binary()), "batch", *job["paths"], "--format", "parquet",
         "--out", str(out), "--errors", str(errors), "--jobs", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode in (0, 1), run.stderr[-3000:]
    batch_rows = pq.read_table(str(out)).to_pylist()
    spark_rows = read_rows(job["out"] / "articles")
    assert [r["id"] for r in batch_rows] == [r["id"] for r in spark_rows]
    for batch_row, spark_row in zip(batch_rows, spark_rows):
        assert numbers_as_floats(batch_row) == numbers_as_floats(spark_row), batch_row["id"]

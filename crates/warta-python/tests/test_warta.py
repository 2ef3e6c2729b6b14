"""Tests of the `warta` Python module against the `warta` CLI.

Run by `cargo xtask wheel --test`, which builds and installs the wheel and
sets WARTA_ROOT (the checkout) and WARTA_BIN (the CLI binary).
"""

import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

import warta

ROOT = Path(os.environ.get("WARTA_ROOT", Path(__file__).resolve().parents[3]))
WARTA_BIN = Path(os.environ.get("WARTA_BIN", ROOT / "target/debug/warta"))
FIXTURES = ROOT / "fixtures"
TEXT_PAGES = sorted(FIXTURES.glob("*.txt"))

HTML_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Harga beras naik menjelang Lebaran - Warta Contoh</title>
<meta property="og:site_name" content="Warta Contoh">
</head><body>
<nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a></nav>
<article>
<h1>Harga beras naik menjelang Lebaran</h1>
<p>JAKARTA - Harga beras di sejumlah pasar tradisional di Jakarta naik sekitar
sepuluh persen dalam dua pekan terakhir menjelang Lebaran, kata pedagang pada Senin.</p>
<p>Menteri Perdagangan Budi Santoso mengatakan pemerintah akan menggelar operasi
pasar di 50 titik untuk menahan kenaikan harga hingga akhir bulan ini.</p>
<p>"Stok beras nasional aman, masyarakat tidak perlu panik," kata Budi di Jakarta.</p>
</article>
<footer>Hak cipta dilindungi undang-undang.</footer>
</body></html>
"""


def cli_json(path, *args):
    """The article the CLI prints for a file, parsed."""
    out = subprocess.run(
        [str(WARTA_BIN), "extract", str(path), *args],
        check=True,
        capture_output=True,
    )
    return json.loads(out.stdout)


def cli_error(path):
    """The cause the CLI prints for a file that gives no article."""
    out = subprocess.run(
        [str(WARTA_BIN), "extract", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 1
    prefix = f"warta: {path}: "
    line = out.stderr.strip()
    assert line.startswith(prefix), line
    return line[len(prefix):]


@pytest.fixture(scope="module")
def html_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path


def test_there_are_text_fixtures_to_test_with():
    assert len(TEXT_PAGES) >= 3


@pytest.mark.parametrize("path", TEXT_PAGES, ids=lambda p: p.name)
def test_text_input_equals_the_cli_json(path):
    article = warta.extract(text=path.read_text(encoding="utf-8"))
    assert article == cli_json(path, "--input", "text")
    assert list(article) == list(cli_json(path, "--input", "text"))
    assert article["schema"] == "warta/article@1"
    assert article["input"] == "text"
    assert article["text"]


def test_text_input_as_bytes_equals_as_str():
    path = TEXT_PAGES[0]
    assert warta.extract(text=path.read_bytes()) == warta.extract(
        text=path.read_text(encoding="utf-8")
    )


def test_html_input_equals_the_cli_json(html_file):
    url = "https://warta.example/ekonomi/harga-beras"
    article = warta.extract(html=HTML_PAGE, url=url)
    assert article == cli_json(html_file, "--input", "html", "--url", url)
    assert article["input"] == "html"
    assert article["url"] == url
    assert "Stok beras nasional aman" in article["text"]


def test_explain_lists_every_block_with_its_reason():
    path = TEXT_PAGES[0]
    page = path.read_text(encoding="utf-8")
    plain = warta.extract(text=page)
    explained = warta.extract(text=page, explain=True)
    assert "blocks" not in plain or plain["blocks"] is None
    assert explained == cli_json(path, "--input", "text", "--explain")
    blocks = explained["blocks"]
    assert len(blocks) > len(explained["body"])
    assert all(b["text"] in page for b in blocks)
    assert {"text", "role", "kept", "reason"} <= set(blocks[0])
    assert any(b["kept"] for b in blocks) and any(not b["kept"] for b in blocks)
    assert all(isinstance(b["reason"], str) and b["reason"] for b in blocks)


def test_id_and_charset_and_facts_options():
    page = TEXT_PAGES[0].read_text(encoding="utf-8")
    article = warta.extract(text=page, id="rec-7", facts=False)
    assert article["id"] == "rec-7"
    assert article["entities"] == [] and article["quotes"] == []
    latin1 = HTML_PAGE.replace('<meta charset="utf-8">', "").replace(
        "Harga beras", "Harga beras \u00e9"
    )
    decoded = warta.extract(html=latin1.encode("latin-1"), charset="iso-8859-1")
    assert "Harga beras \u00e9 di" in decoded["text"]


@pytest.mark.parametrize("kind", ["html", "text"])
@pytest.mark.parametrize("page", [b"", "", b"  \n\t\n", "   "], ids=repr)
def test_empty_input_raises_the_cli_error(tmp_path, kind, page):
    path = tmp_path / "empty"
    path.write_bytes(page.encode() if isinstance(page, str) else page)
    with pytest.raises(warta.ExtractError) as caught:
        warta.extract(**{kind: page})
    assert str(caught.value) == cli_error(path)
    assert "empty" in str(caught.value)


def test_binary_input_raises_the_cli_error(tmp_path):
    page = bytes(range(256)) * 8 + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    path = tmp_path / "image.bin"
    path.write_bytes(page)
    with pytest.raises(warta.ExtractError) as caught:
        warta.extract(html=page)
    assert str(caught.value) == cli_error(path)
    assert "binary" in str(caught.value)


def test_extract_error_is_a_value_error():
    assert issubclass(warta.ExtractError, ValueError)
    with pytest.raises(ValueError):
        warta.extract(text=b"\x00\x01\x02\x03" * 100)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"html": "<p>a</p>", "text": "a"}, {"html": 12}, {"text": ["a"]}],
    ids=["neither", "both", "int", "list"],
)
def test_wrong_arguments_raise_type_error(kwargs):
    with pytest.raises(TypeError):
        warta.extract(**kwargs)


def test_version_is_the_workspace_version():
    manifest = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    section = manifest.split("[workspace.package]", 1)[1]
    version = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M).group(1)
    assert warta.__version__ == version


def test_schema_names_every_field_of_an_article():
    schema = warta.schema()
    article = warta.extract(text=TEXT_PAGES[0].read_text(encoding="utf-8"))
    assert set(article) <= set(schema["properties"])
    assert schema == json.loads(
        subprocess.run(
            [str(WARTA_BIN), "schema"], check=True, capture_output=True
        ).stdout
    )


def batch_records(count):
    """Good text and HTML pages with empty and binary ones mixed in."""
    pages = [p.read_text(encoding="utf-8") for p in TEXT_PAGES]
    records = []
    for i in range(count):
        if i % 13 == 5:
            records.append({"id": f"r{i}", "html": b""})
        elif i % 17 == 3:
            records.append({"id": f"r{i}", "text": b"\x00\xff\x10\x80" * 64})
        elif i % 4 == 0:
            records.append({"id": f"r{i}", "html": HTML_PAGE, "url": f"https://w.example/{i}"})
        else:
            records.append({"id": f"r{i}", "text": pages[i % len(pages)]})
    return records


def expected_one(record):
    kwargs = {k: v for k, v in record.items()}
    try:
        return warta.extract(**kwargs)
    except warta.ExtractError as e:
        return ("error", str(e))


def as_comparable(result):
    if isinstance(result, warta.ExtractError):
        return ("error", str(result))
    return result


def test_extract_many_large_batch_keeps_order_and_every_record():
    records = batch_records(1200)
    results = warta.extract_many(iter(records))
    assert len(results) == len(records)
    errors = 0
    for i, (record, result) in enumerate(zip(records, results)):
        if isinstance(result, warta.ExtractError):
            errors += 1
            assert result.index == i
            assert result.id == record["id"]
        else:
            assert result["id"] == record["id"]
    assert errors == sum(1 for i in range(1200) if i % 13 == 5 or i % 17 == 3)
    # Spot-check against one-at-a-time extraction (the slow path).
    for i in range(0, 1200, 37):
        assert as_comparable(results[i]) == expected_one(records[i])


def test_extract_many_is_the_same_on_one_thread_and_many():
    records = batch_records(150)
    one = [as_comparable(r) for r in warta.extract_many(records, jobs=1)]
    many = [as_comparable(r) for r in warta.extract_many(records, jobs=4)]
    assert one == many


def test_extract_many_accepts_plain_pages_and_detects_their_kind():
    text = TEXT_PAGES[0].read_text(encoding="utf-8")
    results = warta.extract_many([HTML_PAGE.encode(), text, bytearray(text, "utf-8")])
    assert [r["input"] for r in results] == ["html", "text", "text"]
    assert results[1] == results[2]
    assert warta.extract_many([]) == []


def test_extract_many_options_apply_to_every_record():
    text = TEXT_PAGES[0].read_text(encoding="utf-8")
    results = warta.extract_many([{"text": text}] * 3, explain=True, facts=False)
    assert all(r["blocks"] and r["entities"] == [] for r in results)


@pytest.mark.parametrize(
    "records",
    [[{"url": "https://x"}], [{"html": "a", "text": "b"}], [42], [{"text": "a", "id": 5}]],
    ids=["no-page", "both", "int", "int-id"],
)
def test_extract_many_rejects_malformed_records(records):
    with pytest.raises(TypeError, match="record 0"):
        warta.extract_many(records)


def test_extract_many_rejects_zero_jobs():
    with pytest.raises(ValueError):
        warta.extract_many([], jobs=0)


def test_concurrent_python_threads_get_the_same_answers():
    pages = [("text", p.read_text(encoding="utf-8")) for p in TEXT_PAGES]
    pages += [("html", HTML_PAGE), ("html", b""), ("text", b"\x00\x01" * 300)]
    expected = [expected_one({kind: page}) for kind, page in pages]
    failures = []
    start = threading.Barrier(8)

    def worker(seed):
        start.wait()
        for round in range(30):
            i = (seed + round) % len(pages)
            kind, page = pages[i]
            got = expected_one({kind: page})
            if got != expected[i]:
                failures.append((seed, round, i))

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_extract_releases_the_gil():
    """While one thread extracts a long page, another thread keeps running."""
    page = "\n\n".join(
        p.read_text(encoding="utf-8") for p in TEXT_PAGES
    ) * 40
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        while not ticks:
            done.wait(0.001)
        before = len(ticks)
        article = warta.extract(text=page)
        during = len(ticks) - before
    finally:
        done.set()
        t.join()
    assert article["text"]
    # With the GIL held for the whole call the other thread could not tick.
    assert during >= 5, during

"""One Python peer over a directory of pages in one process.

Same protocol as the Rust runner (examples/runner.rs): prints one JSON line
with the fields of `warta_bench::RunReport`.

    python py_runner.py TOOL PATH [--warmup N]

Tools: `trafilatura` (trafilatura.extract, its defaults, text output) and
`resiliparse` (extract_plain_text with main_content=True). Pages are loaded
and decoded as UTF-8 before the clock starts, in the peers' favour.
"""

import gzip
import json
import os
import resource
import sys
import time


def load(path):
    paths = (
        sorted(os.path.join(path, n) for n in os.listdir(path))
        if os.path.isdir(path)
        else [path]
    )
    pages = []
    for p in paths:
        if not os.path.isfile(p):
            continue
        with open(p, "rb") as f:
            data = f.read()
        if p.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append(data)
    return pages


def status_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def make_tool(name):
    if name == "trafilatura":
        import trafilatura

        return lambda html: trafilatura.extract(html)
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        return lambda html: extract_plain_text(HTMLTree.parse(html), main_content=True)
    raise SystemExit(f"unknown tool `{name}` (trafilatura, resiliparse)")


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit("usage: py_runner.py TOOL PATH [--warmup N]")
    tool_name, path = args[0], args[1]
    warmup = 10
    if "--warmup" in args:
        warmup = int(args[args.index("--warmup") + 1])
    pages = load(path)
    if not pages:
        raise SystemExit(f"no pages in {path}")
    texts = [p.decode("utf-8", errors="replace") for p in pages]
    tool = make_tool(tool_name)
    for text in texts[:warmup]:
        try:
            tool(text)
        except Exception:
            pass
    rss_loaded = status_kb("VmRSS:")
    failures = nonempty = out_chars = 0
    start = time.perf_counter()
    for text in texts:
        try:
            out = tool(text)
        except Exception:
            failures += 1
            continue
        if out:
            nonempty += 1
            out_chars += len(out)
    seconds = time.perf_counter() - start
    peak = status_kb("VmHWM:")
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "tool": tool_name,
                "pages": len(pages),
                "bytes": sum(len(p) for p in pages),
                "seconds": seconds,
                "failures": failures,
                "nonempty": nonempty,
                "out_chars": out_chars,
                "rss_loaded_kb": rss_loaded,
                "peak_rss_kb": peak,
            }
        )
    )


if __name__ == "__main__":
    main()

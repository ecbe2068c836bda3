#!/usr/bin/env python3
"""Preview latency: from saving a Markdown file to the new text being served.

    python bench/serve_bench.py --pages 500 --langs 5 --services 1000 --resources 500 [--lang vi]

Generates the same synthetic campaign as ``build_bench.py``, starts
``campaign-site serve`` on it, waits for the first build, then edits a page
``--edits`` times (appending a sentence each time) and polls the served page
over HTTP until the sentence is there. Prints the initial build time, each
edit's latency, and a last line of ``key=value`` figures
(``median_edit_s=``, ``max_edit_s=``, ``first_build_s=``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import TODAY, VENV_BIN, Size, make_ours  # noqa: E402


def fetch(url: str) -> str | None:
    """The page's text, or None while the server has no such page."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until ``url`` contains ``text`` (polling every 20 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--langs", type=int, default=5, choices=range(1, 6))
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--resources", type=int, default=50)
    parser.add_argument("--lang", default="all", help="serve --lang (default all languages)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--port", type=int, default=8917)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)
    size = Size(args.pages, args.langs, args.services, args.resources, max(4, args.resources // 10),
                max(5, args.services // 20), 0.5, args.seed)
    work = Path(tempfile.mkdtemp(prefix="campaign-serve-bench-"))
    server = None
    try:
        make_ours(work / "ours", size)
        project = work / "ours"
        # a synthetic article (chuyen-de-NN/bai-NNNN.md), Vietnamese source
        page = next(p for p in sorted((project / "docs").glob("chuyen-de-*/bai-*.md")) if p.suffixes == [".md"])
        url_path = page.relative_to(project / "docs").with_suffix(".html").as_posix()
        url = f"http://127.0.0.1:{args.port}/{url_path}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CAMPAIGN_TODAY": TODAY}
        started = time.perf_counter()
        server = subprocess.Popen(
            [str(VENV_BIN / "campaign-site"), "serve", "-f", "mkdocs.yml", "--port", str(args.port),
             "--lang", args.lang],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        original = page.read_text(encoding="utf-8")
        first_line = next(line for line in original.splitlines() if line.startswith("# "))
        while fetch(url) is None:
            if server.poll() is not None:
                raise SystemExit(f"serve stopped:\n{server.stdout.read()[-3000:]}")  # type: ignore[union-attr]
            time.sleep(0.1)
        first_build = time.perf_counter() - started
        print(f"{size.pages} pages × {size.langs} languages, {size.services} services, {size.resources} resources; "
              f"serve --lang {args.lang}; edited page {url_path} ({first_line[2:40]}…)")
        print(f"first build and server start: {first_build:.1f} s")
        time.sleep(1.0)
        latencies = []
        for edit in range(1, args.edits + 1):
            marker = f"Câu thử nghiệm số {edit} {time.time_ns()}"
            page.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            latencies.append(wait_for(url, marker, 120))
            print(f"edit {edit}: visible after {latencies[-1]:.2f} s", flush=True)
            time.sleep(1.0)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    print(f"median_edit_s={statistics.median(latencies):.2f} max_edit_s={max(latencies):.2f} "
          f"first_build_s={first_build:.1f} pages={size.pages} langs={size.langs} services={size.services} "
          f"resources={size.resources} lang={args.lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

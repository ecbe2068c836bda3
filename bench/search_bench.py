#!/usr/bin/env python3
"""Search latency in Chromium from file://: keystroke to results, on a large index.

    python bench/search_bench.py [--site site] [--pages 2500]

Copies the built home page next to a synthetic Vietnamese index of ``--pages``
pages (each ~4,000 characters of the site's own text, the most the index keeps
per page), opens it offline from ``file://`` in Debian's Chromium, opens the
search dialog and times each query from the input event to the results being
in the page (the script's debounce included), best of three. The last line is
``key=value`` figures (``median_ms=``, ``max_ms=``, ``index_kb=``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from campaign_site.search.index import GLOBAL_NAME, index_path, read_language_index  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUERIES = ["binh dang gioi", "duong day nong", "bình đẳng giới", "bao luc tren co so gioi",
           "k", "tổng đài", "ea kar", "zzzz"]
MEASURE = """async (q) => {
  const input = document.getElementById('campaign-search-input');
  const list = document.getElementById('campaign-search-results');
  return await new Promise(resolve => {
    let start;
    const observer = new MutationObserver(() => {
      if (list.getAttribute('data-query') !== q) return;
      observer.disconnect();
      resolve(performance.now() - start);
    });
    observer.observe(list, { attributes: true, attributeFilter: ['data-query'] });
    input.value = q;
    start = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}"""


def synthetic_index(site: Path, count: int) -> str:
    """An index of ``count`` pages of ~4,000 characters of the site's own Vietnamese text."""
    pages = read_language_index(site / index_path("vi"))["pages"]
    big = []
    for i in range(count):
        url, title, headings, text = pages[i % len(pages)]
        step = i
        while len(text) < 3900:
            step += 7
            text += " " + pages[step % len(pages)][3]
        big.append([f"bench/{i}/{url}", f"{title} {i}", headings, text[:4000]])
    payload = {"language": "vi", "pages": big, "version": 1}
    return f"{GLOBAL_NAME}={json.dumps(payload, ensure_ascii=False)};\n"


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--pages", type=int, default=2500)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    work = Path(tempfile.mkdtemp(prefix="campaign-search-bench-"))
    try:
        shutil.copy2(site / "index.html", work / "index.html")
        (work / "assets").symlink_to(site / "assets")
        (work / "search").mkdir()
        index = work / index_path("vi")
        index.write_text(synthetic_index(site, args.pages), encoding="utf-8")
        index_kb = index.stat().st_size / 1024
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context()
            context.set_offline(True)
            page = context.new_page()
            page.goto((work / "index.html").as_uri())
            page.click("[data-campaign-search-open]")
            page.wait_for_selector("#campaign-search[data-ready]", state="attached", timeout=60_000)
            page.evaluate(MEASURE, "warm up")
            best = {q: min(page.evaluate(MEASURE, q) for _ in range(3)) for q in QUERIES}
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for query, ms in best.items():
        print(f"{query!r:30} {ms:7.1f} ms")
    print(f"median_ms={statistics.median(best.values()):.1f} max_ms={max(best.values()):.1f} "
          f"pages={args.pages} index_kb={index_kb:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

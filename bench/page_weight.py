#!/usr/bin/env python3
"""First-view weight: every file Chromium loads to show a page from file://.

    python bench/page_weight.py [--site site] [--width 360] [PAGE ...]

Opens each page (default: the home page) in Debian's Chromium through
playwright, in a fresh profile (nothing cached), waits until the network is
idle and the fonts are ready, and adds up the sizes of the files requested
(uncompressed, as read from the USB stick); failed requests (a ``fetch()``
from ``file://``) load nothing and are not counted. Requests to other hosts
are listed and counted as failures. The last line is ``key=value`` figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"


def first_view(site: Path, pages: list[str], width: int = 360) -> list[tuple[str, int, list[tuple[str, int]], list[str]]]:
    """For each page: (page, total bytes, [(file, bytes)], [requests to other hosts])."""
    from playwright.sync_api import sync_playwright

    site = site.resolve()
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_path in pages:
                context = browser.new_context(viewport={"width": width, "height": 740})
                tab = context.new_page()
                requested: list[str] = []
                # what arrived (a failed request, e.g. a fetch() from file://, loads nothing)
                tab.on("requestfinished", lambda request: requested.append(request.url))
                tab.on("requestfailed", lambda request: request.url.startswith("file:") or requested.append(request.url))
                tab.goto((site / page_path).as_uri(), wait_until="networkidle")
                tab.evaluate("document.fonts.ready.then(() => true)")
                tab.wait_for_timeout(200)
                context.close()
                files, outside = [], []
                for url in dict.fromkeys(requested):
                    parts = urlsplit(url)
                    if parts.scheme == "file":
                        path = Path(unquote(parts.path))
                        size = path.stat().st_size if path.is_file() else 0
                        files.append((path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path), size))
                    elif parts.scheme not in ("data", "blob", "about"):
                        outside.append(url)
                results.append((page_path, sum(size for _, size in files), files, outside))
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--width", type=int, default=360, help="viewport width in CSS pixels (default 360)")
    parser.add_argument("pages", nargs="*", default=["index.html"])
    args = parser.parse_args(argv)
    results = first_view(args.site, args.pages, args.width)
    figures: dict[str, object] = {}
    for page, total, files, outside in results:
        print(f"{page}: {total:,} bytes ({total / 1024:.1f} KiB) in {len(files)} files"
              + (f"; {len(outside)} request(s) to other hosts!" if outside else ""))
        for name, size in files:
            print(f"  {size:>9,}  {name}")
        for url in outside:
            print(f"  OTHER HOST  {url}")
        key = page.removesuffix(".html").replace("/", "_")
        figures[f"{key}_bytes"] = total
        figures[f"{key}_files"] = len(files)
        figures[f"{key}_other_hosts"] = len(outside)
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 1 if any(outside for *_, outside in results) else 0


if __name__ == "__main__":
    sys.exit(main())

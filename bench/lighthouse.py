#!/usr/bin/env python3
"""Lighthouse scores of a built site, served on 127.0.0.1, in Debian's Chromium.

    python bench/lighthouse.py [--site site] [--pages index.html en/index.html ...]

Installs ``lighthouse@12.2.3`` (the release that runs on Node 20) into
``bench/.tools`` on first use, serves ``--site`` with Python's HTTP server
(text gzip-compressed, as every web host does; ``--no-gzip`` to compare) and
runs Lighthouse with its default (mobile) preset on each page: by default the
home page, the largest directory area page and a resource page, in vi and en.
Prints one row per page; the last line is ``key=value`` figures (the lowest
score of each category over all pages, ``min_performance=`` etc.).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

LIGHTHOUSE = "lighthouse@12.2.3"
TOOLS = Path(__file__).resolve().parent / ".tools"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROMIUM = "/usr/bin/chromium"


def lighthouse_bin() -> Path:
    """The pinned Lighthouse CLI, installed on first use."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--silent", LIGHTHOUSE],
                       check=True)
    return binary


def default_pages(site: Path) -> list[str]:
    """Home, largest directory area page and first resource page, in vi and en."""
    areas = [p for p in (site / "danh-ba").glob("*.html") if p.name != "index.html"]
    area = max(areas, key=lambda p: p.stat().st_size).name
    resource = sorted(p.name for p in (site / "tai-lieu").glob("*.html") if p.name != "index.html")[0]
    vi = ["index.html", f"danh-ba/{area}", f"tai-lieu/{resource}"]
    en = [f"en/{page}" for page in vi if (site / "en" / page).exists()]
    return vi + en


class _Plain(http.server.SimpleHTTPRequestHandler):
    """Static files with keep-alive, as every web host serves them, uncompressed."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # no request log on the terminal
        pass


_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics")


class _Handler(_Plain):
    """Static files as a web host serves them: keep-alive, text gzip-compressed on request."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in _COMPRESSIBLE and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, gzip_text: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` on a free port of 127.0.0.1 in a background thread."""
    handler = functools.partial(_Handler if gzip_text else _Plain, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(binary: Path, url: str, out: Path) -> dict[str, object]:
    """Run Lighthouse on ``url``; its JSON report."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def failing_audits(report: dict) -> list[str]:
    """Audits below full marks that count towards a score, with their value."""
    found = []
    for audit_id, result in report["audits"].items():
        score = result.get("score")
        if score is not None and score < 1 and result.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"):
            found.append(f"{audit_id} ({result.get('displayValue') or score})")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--pages", nargs="*", help="paths inside the site (default: six typical pages)")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    parser.add_argument("--verbose", action="store_true", help="list the audits below full marks")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").exists():
        print(f"{site}: no built site (run `make site` first)", file=sys.stderr)
        return 2
    binary = lighthouse_bin()
    pages = args.pages or default_pages(site)
    server, base = serve(site, gzip_text=not args.no_gzip)
    lowest = {category: 100 for category in CATEGORIES}
    metrics: dict[str, list[float]] = {"fcp": [], "lcp": [], "tbt": [], "cls": []}
    print(f"{'page':<48} " + " ".join(f"{c[:11]:>11}" for c in CATEGORIES))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for page in pages:
                report = audit(binary, base + page, Path(tmp) / "report.json")
                scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
                for category, score in scores.items():
                    lowest[category] = min(lowest[category], score)
                audits = report["audits"]
                metrics["fcp"].append(audits["first-contentful-paint"]["numericValue"])
                metrics["lcp"].append(audits["largest-contentful-paint"]["numericValue"])
                metrics["tbt"].append(audits["total-blocking-time"]["numericValue"])
                metrics["cls"].append(audits["cumulative-layout-shift"]["numericValue"])
                print(f"{page:<48} " + " ".join(f"{scores[c]:>11}" for c in CATEGORIES), flush=True)
                if args.verbose:
                    for line in failing_audits(report):
                        print(f"    {line}")
        finally:
            server.shutdown()
    figures = {f"min_{c.replace('-', '_')}": lowest[c] for c in CATEGORIES}
    figures.update({f"max_{k}_ms" if k != "cls" else "max_cls": (round(max(v)) if k != "cls" else round(max(v), 3))
                    for k, v in metrics.items()})
    figures["pages"] = len(pages)
    figures["lighthouse"] = LIGHTHOUSE.split("@")[1]
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

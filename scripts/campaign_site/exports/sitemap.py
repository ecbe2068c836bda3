"""sitemap.xml with every page in every language (hreflang alternates).

Every page exists in every language (missing translations fall back), so the
default language's pages are the complete list. Written from the built site,
the same whether languages were built in one process or several.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import quote, urljoin
from xml.sax.saxutils import quoteattr

from ..urls import language_prefix

NOT_PAGES = {"404.html"}


def default_pages(site_dir: Path, languages: list[str], default: str, exclude: set[str]) -> list[str]:
    """Site-relative paths of the default language's pages."""
    language_dirs = {language_prefix(lang, default).rstrip("/") for lang in languages} - {""}
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.split("/", 1)[0] in language_dirs or relative in NOT_PAGES | exclude:
            continue
        pages.append(relative)
    return pages


def sitemap_xml(pages: list[str], languages: list[str], default: str, site_url: str) -> str:
    """The sitemap document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        for lang in languages:
            lines.append("  <url>")
            lines.append(f"    <loc>{urljoin(site_url, quote(language_prefix(lang, default) + page))}</loc>")
            for other in languages:
                href = urljoin(site_url, quote(language_prefix(other, default) + page))
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{other}" href={quoteattr(href)}/>')
            href = urljoin(site_url, quote(page))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(href)}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site_dir: Path, languages: list[str], default: str, site_url: str | None,
                  exclude: set[str]) -> None:
    """Write ``sitemap.xml`` and a reproducible ``sitemap.xml.gz`` (no timestamp)."""
    if not site_url:
        return
    text = sitemap_xml(default_pages(site_dir, languages, default, exclude), languages, default, site_url)
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    with (site_dir / "sitemap.xml.gz").open("wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            packed.write(text.encode("utf-8"))

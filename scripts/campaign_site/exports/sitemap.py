"""sitemap.xml and robots.txt for search engines, only when the site has a real public address.

Every page exists in every language (missing translations fall back), so the
default language's pages are the complete list. A language's copy of a page is
listed, and named as an hreflang alternate, only where it is really in that
language: a fallback copy (:func:`..languages.shown_language`) is a
duplicate of its original, whose URL it names as canonical. ``lastmod`` is
the build date, as in MkDocs' own sitemap (the ``SOURCE_DATE_EPOCH`` day for
reproducible builds). Written from the built site, the same whether languages
were built in one process or several.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from xml.sax.saxutils import quoteattr

from .. import work_log
from ..languages import shown_language
from ..urls import language_prefix, public_base_url

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


def own_languages(site_dir: Path, page: str, languages: list[str], default: str,
                  known: Mapping[str, bool] | None = None) -> list[str]:
    """The languages ``page`` is really written in (its fallback copies left out).

    ``known``: site paths → whether the page written there is a fallback copy, as those who
    wrote it found (:func:`..languages.shown_language` of the same HTML); any other page is read.
    """
    known = known or {}
    found = []
    for lang in languages:
        site_path = language_prefix(lang, default) + page
        path = site_dir / site_path
        if not path.is_file():
            continue
        fallback_copy = known.get(site_path)
        if fallback_copy is None:
            work_log.note("sitemap-read-page", site_path)
            fallback_copy = shown_language(path.read_text(encoding="utf-8")) is not None
        if not fallback_copy:
            found.append(lang)
    return found


def sitemap_xml(pages: dict[str, list[str]], default: str, site_url: str, lastmod: dt.date | None = None) -> str:
    """The sitemap document: ``pages`` maps each page to the languages it is written in."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page, languages in pages.items():
        for lang in languages:
            lines.append("  <url>")
            lines.append(f"    <loc>{urljoin(site_url, quote(language_prefix(lang, default) + page))}</loc>")
            if lastmod is not None:
                lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
            if len(languages) > 1:
                for other in languages:
                    href = urljoin(site_url, quote(language_prefix(other, default) + page))
                    lines.append(f'    <xhtml:link rel="alternate" hreflang="{other}" href={quoteattr(href)}/>')
                href = urljoin(site_url, quote(page))
                lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(href)}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(base_url: str) -> str:
    """Every page may be crawled; where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urljoin(base_url, 'sitemap.xml')}\n"


def write_sitemap(site_dir: Path, languages: list[str], default: str, site_url: str | None,
                  exclude: set[str], lastmod: dt.date | None = None, known: Mapping[str, bool] | None = None) -> None:
    """Write ``sitemap.xml``, a reproducible ``sitemap.xml.gz`` (no timestamp) and ``robots.txt``.
    ``known``: which pages are fallback copies, where already known (:func:`own_languages`).

    Nothing is written unless ``site_url`` is a real public address
    (:func:`campaign_site.urls.public_base_url`); ``robots.txt`` only when the
    site is at the root of its host, the one place crawlers read it.
    """
    base = public_base_url(site_url)
    if base is None:
        return
    pages = {page: own_languages(site_dir, page, languages, default, known)
             for page in default_pages(site_dir, languages, default, exclude)}
    text = sitemap_xml(pages, default, base, lastmod)
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    with (site_dir / "sitemap.xml.gz").open("wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            packed.write(text.encode("utf-8"))
    if urlsplit(base).path in ("", "/"):
        (site_dir / "robots.txt").write_text(robots_txt(base), encoding="utf-8")

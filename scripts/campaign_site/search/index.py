"""Collecting page text during the build and writing per-language indexes.

Each language gets one script, ``search/index.<lang>.js``, that assigns
``window.__campaignSearch``; the search box adds it as a ``<script>`` element
when the reader first opens search (``fetch`` does not work from file://).

Size limits (the whole index is downloaded at once): the body text of a page
is cut at a word boundary after at most ``MAX_TEXT_CHARS`` characters, and at
most ``MAX_HEADINGS`` headings of at most ``MAX_HEADING_CHARS`` characters are
kept. Folded forms are not stored: the browser folds once after loading.

The output is deterministic: entries in ``page_order``, JSON with sorted keys and
no varying whitespace, so two builds of the same content are byte-identical.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .fold import collapse_whitespace
from .text import PageText, extract_text

MAX_TEXT_CHARS = 4000
MAX_HEADINGS = 40
MAX_HEADING_CHARS = 160
INDEX_VERSION = 1
GLOBAL_NAME = "window.__campaignSearch"


@dataclass(frozen=True)
class SearchEntry:
    """One page in the search index; every string is NFC, whitespace-collapsed."""

    url: str  # site-root relative, e.g. "en/danh-ba/ea-kar.html"
    title: str
    headings: tuple[str, ...]
    text: str


def _clean(text: str) -> str:
    return collapse_whitespace(unicodedata.normalize("NFC", text))


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary when there is one."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else text[:limit]).rstrip()


def collect(url: str, title: str, html: str) -> SearchEntry:
    """Turn a rendered page body into an index entry (fallback notice dropped)."""
    return entry(url, title, extract_text(unicodedata.normalize("NFC", html)))


def entry(url: str, title: str, page: PageText) -> SearchEntry:
    """The index entry of a page whose body's text is ``page`` (:func:`.text.extract_text` of the NFC body)."""
    headings = tuple(truncate(_clean(h), MAX_HEADING_CHARS) for h in page.headings[:MAX_HEADINGS])
    return SearchEntry(
        url=url,
        title=_clean(title) or page.h1,
        headings=headings,
        text=truncate(page.text, MAX_TEXT_CHARS),
    )


def index_path(lang: str) -> str:
    """Site path of a language's index script."""
    return f"search/index.{lang}.js"


def page_order(url: str) -> tuple[int, bool, str]:
    """Sort key of index entries: shallow pages first, a folder's index page before its others.

    Equal search scores keep this order, so overview pages come before detail pages.
    """
    return url.count("/"), not url.endswith("index.html"), url


def index_script(lang: str, entries: list[SearchEntry]) -> str:
    """The index script: ``window.__campaignSearch = {language, pages, version}``.

    Each page is ``[url, title, [headings…], text]``, pages in ``page_order``.
    """
    pages = sorted(
        {e.url: [e.url, e.title, list(e.headings), e.text] for e in entries}.values(),
        key=lambda page: page_order(page[0]),
    )
    data = {"language": lang, "pages": pages, "version": INDEX_VERSION}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{GLOBAL_NAME}={payload};\n"


def write_language_index(site_dir: Path, lang: str, entries: list[SearchEntry]) -> Path:
    """Write ``search/index.<lang>.js`` for ``entries``."""
    path = site_dir / index_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(index_script(lang, entries), encoding="utf-8", newline="\n")
    return path


def read_language_index(path: Path) -> dict:
    """The payload of an index script written by :func:`write_language_index`."""
    text = path.read_text(encoding="utf-8")
    prefix = GLOBAL_NAME + "="
    if not (text.startswith(prefix) and text.endswith(";\n")):
        raise ValueError(f"{path}: not a search index script ({prefix}{{…}};)")
    return json.loads(text[len(prefix):-2])

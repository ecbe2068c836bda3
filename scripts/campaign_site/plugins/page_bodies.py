"""Markdown bodies converted once for every language that shows them, and their search text.

A page missing in a language shows the default language's text: the Ê Đê, J'rai
and M'nông pages (and English pages without a translation) would convert the
same Vietnamese Markdown again, in other processes of a parallel build, and in
every later build. :func:`render_page` stands in for MkDocs' ``Page.render``
and keeps its result in the build cache (:mod:`..pages.build_cache`) under the
SHA-256 of the Markdown, the Markdown extensions and their options, the
versions of the libraries that convert it and the source of our extension.

What depends on where the page is, MkDocs' rewriting of relative links (a link
to ``media/`` is one folder deeper from ``rad/``), is not taken on trust: the
result records each link MkDocs rewrote, and a page reuses it only if every one
of those links comes out the same from that page (else it is converted as
usual). The cache holds nothing a build cannot make; deleting it changes no byte.

The search text of a body (:func:`search_text`) is kept the same way, under the
SHA-256 of the body's HTML and of the extractor's source; so is the verdict that a body
breaks none of the content policy's rules (:func:`content_findings_once`: only "clean" is
kept, a body with findings is checked again every time it is shown); and a translated page's
untranslated parts (:func:`untranslated_marks`, which compares it with the source
language's body: the one :func:`render_page` stored for the source page when there is
one, else the source's Markdown converted again), under the SHA-256 of the translation's
HTML, of the source's Markdown, the Markdown settings, the source language and the code
of both steps.

Everything here that knows MkDocs' internals (``Page.render``, its link
rewriter) is checked by ``tests/test_upgrade_guards.py``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict

from markdown import Markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import work_log
from ..pages import links as markdown_links, markdown as campaign_markdown, partial, tables as markdown_tables
from ..fingerprints import library_versions, source_fingerprint
from ..pages.build_cache import BuildCache
from ..pages.partial import Marked, mark_untranslated
from ..postprocess import html_policy
from ..postprocess.html_policy import Finding, content_findings
from ..search import fold, text as search_text_module
from ..search.text import PageText, extract_text

BODY_KIND = "markdown-body"
TEXT_KIND = "search-text"
MARKS_KIND = "untranslated-marks"
CLEAN_KIND = "clean-body"
# the libraries whose code writes a body (Markdown's extensions: Python-Markdown's, pymdown's, Material's)
_LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")


def _fingerprint() -> str:
    """Our code that decides a body: the extension, slugify, this module."""
    return source_fingerprint(campaign_markdown, markdown_tables, markdown_links, fold, sys.modules[__name__])


_BODY_CODE: str | None = None
_TEXT_CODE: str | None = None
_MARKS_CODE: str | None = None
_CLEAN_CODE: str | None = None


def body_code() -> str:
    """Library versions and our source that decide a converted body (computed once per process)."""
    global _BODY_CODE
    if _BODY_CODE is None:
        _BODY_CODE = library_versions(_LIBRARIES) + " " + _fingerprint()
    return _BODY_CODE


def text_code() -> str:
    """Library versions and our source that decide a body's search text."""
    global _TEXT_CODE
    if _TEXT_CODE is None:
        _TEXT_CODE = library_versions(("selectolax",)) + " " + source_fingerprint(search_text_module, fold)
    return _TEXT_CODE


def marks_code() -> str:
    """Library versions and our source that decide a page's untranslated marks (besides the
    conversion's, :func:`body_code`)."""
    global _MARKS_CODE
    if _MARKS_CODE is None:
        _MARKS_CODE = library_versions(("selectolax",)) + " " + source_fingerprint(partial, sys.modules[__name__])
    return _MARKS_CODE


def clean_code() -> str:
    """Library versions and our source that decide a body's content findings (the HTML parser's,
    the content policy's)."""
    global _CLEAN_CODE
    if _CLEAN_CODE is None:
        _CLEAN_CODE = library_versions(("selectolax", "tinycss2")) + " " + source_fingerprint(html_policy)
    return _CLEAN_CODE


def content_findings_once(html: str, cache: BuildCache) -> list[Finding]:
    """:func:`..postprocess.html_policy.content_findings` of ``html``, the body a page shows; [] at
    once when a process of this build or an earlier one found this very HTML clean (kept in the
    build cache under its SHA-256 and :func:`clean_code`). A body shown in several languages (the
    default language's, in every language without a translation) is checked once a build."""
    if cache.folder is None:
        return content_findings(html)
    key = (_digest(html), clean_code())
    if cache.load(CLEAN_KIND, key) == _CLEAN:
        return []
    findings = content_findings(html)
    if not findings:
        work_log.note("body-check", key[0])
        cache.store(CLEAN_KIND, key, _CLEAN)
    return findings


#: what :data:`CLEAN_KIND` holds: the body broke no rule
_CLEAN = b"clean"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def _recorded_links(rewriter: type) -> Iterator[list[list[str]]]:
    """Every (link as written, link as rewritten) of MkDocs' relative-link rewriter meanwhile."""
    links: list[list[str]] = []
    original = rewriter.path_to_url

    def recording(self, url: str) -> str:
        rewritten = original(self, url)
        links.append([url, rewritten])
        return rewritten

    rewriter.path_to_url = recording
    try:
        yield links
    finally:
        rewriter.path_to_url = original


def render_page(page: Page, config: MkDocsConfig, files: Files, cache: BuildCache, settings: str,
                uncaptioned: Callable[[], int]) -> int:
    """``page.render(config, files)``, or the stored result of the same conversion.

    ``settings``: the Markdown extensions and their options as text (``process_shared.markdown_key``);
    ``uncaptioned()``: tables without a caption in the document just converted (our extension's count).
    Returns that count for this page. Sets what ``Page.render`` sets: ``content``, ``toc``,
    the title found in the body, the anchors present and the links to anchors.
    """
    # MkDocs' classes, or ProperDocs' (its fork) when it builds
    render, module = type(page).render, sys.modules[type(page).__module__]
    rewriter_class = getattr(module, "_RelativePathTreeprocessor", None)
    if rewriter_class is None or cache.folder is None:
        render(page, config, files)
        return uncaptioned()
    assert page.markdown is not None
    key = (_digest(page.markdown), settings, body_code())
    converted: list[int] = []

    def convert() -> bytes:
        with _recorded_links(rewriter_class) as links:
            render(page, config, files)
        converted.append(uncaptioned())
        return json.dumps({
            "content": page.content, "toc": _toc_tokens(page), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()), "links": links, "uncaptioned": converted[0],
        }, ensure_ascii=False).encode("utf-8")

    data = cache.get(BODY_KIND, key, convert)
    if converted:
        return converted[0]
    stored = json.loads(data)
    rewriter = rewriter_class(page.file, files, config)
    if any(rewriter.path_to_url(url) != rewritten for url, rewritten in stored["links"]):
        render(page, config, files)  # links lead elsewhere from here
        return uncaptioned()
    page.content = stored["content"]
    page.toc = module.get_toc(stored["toc"])
    page._title_from_render = stored["title"]
    page.present_anchor_ids = set(stored["anchors"])
    if module.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = rewriter.links_to_anchors
    return stored["uncaptioned"]


def _toc_tokens(page: Page) -> list[dict]:
    """The table of contents as Python-Markdown's tokens (what ``get_toc`` reads back)."""
    def token(link) -> dict:
        return {"level": link.level, "id": link.id, "name": link.title,
                "children": [token(child) for child in link.children]}
    return [token(link) for link in page.toc]


def search_text(html: str, cache: BuildCache) -> PageText:
    """:func:`..search.text.extract_text` of ``html``, kept in the build cache by the HTML's SHA-256."""
    if cache.folder is None:
        return extract_text(html)
    digest = _digest(html)

    def make() -> bytes:
        work_log.note("search-text", digest)
        return json.dumps(asdict(extract_text(html)), ensure_ascii=False).encode("utf-8")

    data = cache.get(TEXT_KIND, (digest, text_code()), make)
    return PageText(**json.loads(data))


def stored_body(markdown: str, settings: str, cache: BuildCache) -> str | None:
    """The body :func:`render_page` stored for a page whose Markdown file's body is ``markdown``
    (``settings`` as there), or None when there is none.

    Only a body MkDocs converts unchanged is looked up: one in NFC (we normalize pages
    to NFC) without carriage returns; the blank lines before and after it, which MkDocs
    drops and which change no HTML, are dropped from the key.
    """
    if cache.folder is None or "\r" in markdown or not unicodedata.is_normalized("NFC", markdown):
        return None
    data = cache.load(BODY_KIND, (_digest(markdown.strip("\n")), settings, body_code()))
    return None if data is None else json.loads(data)["content"]


def untranslated_marks(html: str, source_markdown: str, source_language: str, converter: Callable[[], Markdown],
                       settings: str, cache: BuildCache) -> Marked:
    """:func:`..pages.partial.mark_untranslated` of ``html`` against ``source_markdown`` converted by
    ``converter()`` (made only when needed), kept in the build cache.

    ``settings``: the Markdown extensions and their options as text (``process_shared.markdown_key``)
    that ``converter()`` is made with.
    """
    def make() -> Marked:
        source_html = stored_body(source_markdown, settings, cache)
        if source_html is None:
            source_html = converter().convert(source_markdown)
        return mark_untranslated(html, source_html, source_language)

    if cache.folder is None:
        return make()
    key = (_digest(html), _digest(source_markdown), source_language, settings, body_code(), marks_code())
    data = cache.get(MARKS_KIND, key, lambda: json.dumps(asdict(make()), ensure_ascii=False).encode("utf-8"))
    return Marked(**json.loads(data))

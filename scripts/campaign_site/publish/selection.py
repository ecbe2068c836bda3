"""Which built files are published, and their published bytes.

Left out: the theme files the site never uses (``plugins/theme_files.py``,
the list the build removes too: source maps, Material's application script and
its search files ``assets/javascripts/lunr/`` and ``workers/``, which nothing
loads because the site uses its own per-language search; before leaving them
out, every kept HTML, JS and CSS file is searched for a reference to them);
the 404 pages (``404.html``, ``<lang>/404.html``), which only a web server
shows (for a missing address); what only search engines read (``sitemap.xml``,
``sitemap.xml.gz``, ``robots.txt``: a copy is not crawled); and the build's
marker file (:data:`.output_guard.MARKER`), which only matters to the next build.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from ..plugins.theme_files import UNUSED_FOLDER_REFERENCE, is_unused_theme_file
from ..urls import is_not_found_page
from .output_guard import MARKER

# see above; the theme files left out: plugins/theme_files.py; 404 pages: is_not_found_page
UNPUBLISHED_FILES = frozenset({"sitemap.xml", "sitemap.xml.gz", "robots.txt", MARKER})
_SCANNED_SUFFIXES = (".html", ".js", ".css")
# Material's page configuration names the search worker even when no search
# component is on the page; the name is only used by that component.
_MATERIAL_CONFIG = re.compile(r'<script id="__config"[^>]*>.*?</script>', re.DOTALL)
_MATERIAL_SEARCH = 'data-md-component="search"'
_SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://[#@] sourceMappingURL=[^\n]*|/\*[#@] sourceMappingURL=[^\n]*?\*/)\s*\Z")


class UnusedFileReferenced(Exception):
    """A file that publishing would leave out is referenced by a kept file."""


def is_published(relative: str) -> bool:
    """Whether the site file ``relative`` (POSIX path) belongs in published copies."""
    return not (relative in UNPUBLISHED_FILES or is_not_found_page(relative) or is_unused_theme_file(relative))


def _references(text: str) -> bool:
    if _MATERIAL_SEARCH not in text:
        text = _MATERIAL_CONFIG.sub("", text)
    return bool(UNUSED_FOLDER_REFERENCE.search(text))


def published_files(site_dir: Path) -> list[str]:
    """Sorted POSIX paths of the published files below ``site_dir``.

    Raises :class:`UnusedFileReferenced` if a kept page, script or stylesheet
    refers to Material's search files, so they are never dropped while in use.
    """
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    kept = [name for name in files if is_published(name)]
    users = [
        name for name in kept
        if name.endswith(_SCANNED_SUFFIXES)
        and _references((site_dir / name).read_text(encoding="utf-8", errors="replace"))
    ]
    if users:
        raise UnusedFileReferenced(
            "these files refer to Material's search files (lunr/workers), which publishing "
            "leaves out: " + ", ".join(users[:10]))
    return kept


_REWRITTEN = (".js", ".css", ".gz")


def published_bytes(site_dir: Path, relative: str) -> bytes:
    """The bytes published for ``relative``: source-map comments removed from JS and CSS
    (the maps are left out), gzip files recompressed without time stamp or name."""
    data = (site_dir / relative).read_bytes()
    if relative.endswith((".js", ".css")):
        return _SOURCE_MAP_COMMENT.sub(b"\n", data) if _SOURCE_MAP_COMMENT.search(data) else data
    if relative.endswith(".gz"):
        return gzip.compress(gzip.decompress(data), compresslevel=9, mtime=0)
    return data


def published_source(site_dir: Path, relative: str) -> bytes | Path:
    """What to publish for ``relative`` without reading big files into memory: the
    rewritten bytes of scripts, stylesheets and gzip files (small, see
    :func:`published_bytes`), else the file's path, to be streamed."""
    if relative.endswith(_REWRITTEN):
        return published_bytes(site_dir, relative)
    return site_dir / relative

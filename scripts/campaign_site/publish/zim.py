"""A ZIM file of the site for Kiwix (offline reader on phones and computers).

Every published file keeps its site path, so the site's relative links work
unchanged; pages are front articles (searchable, suggested) except those
marked ``noindex`` and the fallback copies of a page in another language (the
rad/jra/mng copies of a Vietnamese page: each page is found once). The files
left out are those of the bundle (:mod:`.selection`).

Full-text search (built for Vietnamese): libzim folds tone marks but not đ/ƀ,
and libzim 8 readers fold nothing in the index's favour, so each front
article's HTML in the ZIM gets ``<meta name="keywords">`` with its text folded
by :func:`campaign_site.search.fold.fold` (and phone numbers without spaces):
"dak lak", "duong day nong" and "1900969680" find their pages. Tested readers:
python-libzim 3 (libzim 9) and 2.1 (libzim 8, the oldest with a wheel for our
Python); with libzim 8, queries typed with diacritics find nothing (its query
parser does not fold them): type without.
"""

from __future__ import annotations

import datetime as dt
import html
import mimetypes
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider

from .. import __version__
from ..languages import shown_language
from ..search.fold import fold, join_digits
from ..search.text import extract_text
from .epoch import SourceEpoch, source_epoch
from .png import equals_sign_icon
from .selection import published_bytes, published_files
from .sitebuild import PublishedSite, build_for_publishing

NAME = "binh-dang-gioi-dak-lak_mul"
CREATOR = "Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk"
DESCRIPTION = "Bình đẳng giới và phòng, chống bạo lực trên cơ sở giới ở tỉnh Đắk Lắk"
MAIN_PATH = "index.html"
INDEX_LANGUAGE = "vie"
ILLUSTRATION_SIZE = 48

# ISO 639-1 → 639-3 for the two-letter codes a site may use; three-letter codes pass through.
_ISO_639_3 = {"vi": "vie", "en": "eng", "fr": "fra", "zh": "zho", "km": "khm", "lo": "lao", "th": "tha"}
_MIMETYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "application/javascript",
    ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
    ".woff2": "font/woff2", ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml", ".gz": "application/gzip", ".pdf": "application/pdf",
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL | re.IGNORECASE)
_NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.IGNORECASE)
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL | re.IGNORECASE)
_HEAD_END = re.compile(r"</head>", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[ .]\d+)+")

Progress = Callable[[str], None]


def iso639_3(code: str) -> str:
    """ISO 639-3 code of a site language code (``vi`` → ``vie``; ``rad`` stays ``rad``)."""
    base = code.split("-")[0].lower()
    if len(base) == 3:
        return base
    if base in _ISO_639_3:
        return _ISO_639_3[base]
    raise ValueError(f"no ISO 639-3 code known for language {code!r}: add it to _ISO_639_3")


def mimetype(path: str) -> str:
    """MIME type of a site file by its extension."""
    suffix = Path(path).suffix.lower()
    return _MIMETYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def page_title(page: str, fallback: str) -> str:
    """Text of the page's ``<title>``, or ``fallback``."""
    match = _TITLE.search(page)
    title = " ".join(html.unescape(match[1]).split()) if match else ""
    return title or fallback


@dataclass(frozen=True)
class ZimMetadata:
    """The openZIM metadata written (https://wiki.openzim.org/wiki/Metadata)."""

    title: str
    description: str
    long_description: str
    languages: tuple[str, ...]
    date: dt.date
    name: str = NAME
    creator: str = CREATOR
    publisher: str = CREATOR

    def problems(self) -> list[str]:
        """Where this metadata breaks openZIM's limits."""
        found = []
        if not self.title or len(self.title) > 30:
            found.append(f"Title must be 1–30 characters: {self.title!r}")
        if not self.description or len(self.description) > 80:
            found.append(f"Description must be 1–80 characters ({len(self.description)})")
        if self.long_description and not len(self.description) < len(self.long_description) <= 4000:
            found.append("LongDescription must be longer than Description and at most 4000 characters")
        return found


def site_metadata(config_file: Path, site: PublishedSite) -> ZimMetadata:
    """Title and long description from ``mkdocs.yml``, languages and date from the build."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    return ZimMetadata(
        title=config.site_name,
        description=DESCRIPTION,
        long_description=" ".join((config.site_description or "").split()),
        languages=tuple(iso639_3(code) for code in site.languages),
        date=site.date,
    )


class _SiteFile(Item):
    """One site file as a ZIM entry."""

    def __init__(self, path: str, title: str, mime: str, content: bytes, front: bool) -> None:
        super().__init__()
        self._path, self._title, self._mime, self._content, self._front = path, title, mime, content, front

    def get_path(self) -> str:
        return self._path

    def get_title(self) -> str:
        return self._title

    def get_mimetype(self) -> str:
        return self._mime

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self._content)

    def get_hints(self) -> dict[Hint, int]:
        return {Hint.FRONT_ARTICLE: self._front}


class _UnindexedFile(_SiteFile):
    """A page kept out of the full-text index (libzim indexes every HTML entry otherwise)."""

    def get_indexdata(self) -> None:
        return None


def search_keywords(page: str, title: str) -> str:
    """The folded title and article text of ``page``, then its numbers without spaces or dots."""
    article = _ARTICLE.search(page)
    text = extract_text(article[1] if article else page)
    folded = fold(" ".join([title, text.h1, *text.headings, text.text]))
    numbers = dict.fromkeys(join_digits(number) for number in _NUMBER.findall(folded))
    return " ".join([folded, *numbers])


def with_keywords(page: str, keywords: str) -> str:
    """``page`` with ``<meta name="keywords" content="…">`` at the end of its head."""
    meta = f'<meta name="keywords" content="{html.escape(keywords, quote=True)}">\n'
    return _HEAD_END.sub(lambda end: meta + end[0], page, count=1)


def site_item(site_dir: Path, path: str) -> _SiteFile:
    """The ZIM entry of the published site file ``path``."""
    content = published_bytes(site_dir, path)
    mime = mimetype(path)
    if mime != "text/html":
        return _SiteFile(path, Path(path).name, mime, content, False)
    page = content.decode("utf-8")
    title = page_title(page, path)
    if _NOINDEX.search(page) or shown_language(page) is not None:
        return _UnindexedFile(path, title, mime, content, False)
    content = with_keywords(page, search_keywords(page, title)).encode("utf-8")
    return _SiteFile(path, title, mime, content, True)


@contextmanager
def _without_libzim_chatter() -> Iterator[None]:
    """libzim prints its progress ("ZIM file is ready!") on standard output: discard it."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def write_zim(site_dir: Path, out: Path, metadata: ZimMetadata) -> int:
    """Write the published files of ``site_dir`` to ``out`` with ``metadata``; return the entry count."""
    problems = metadata.problems()
    if problems:
        raise ValueError("; ".join(problems))
    files = published_files(site_dir)
    if MAIN_PATH not in files:
        raise ValueError(f"{site_dir} has no {MAIN_PATH}")
    out.parent.mkdir(parents=True, exist_ok=True)
    creator = Creator(out).config_indexing(True, INDEX_LANGUAGE)
    with _without_libzim_chatter(), creator:
        creator.set_mainpath(MAIN_PATH)
        for key, value in (
            ("Title", metadata.title), ("Description", metadata.description),
            ("LongDescription", metadata.long_description),
            ("Language", ",".join(metadata.languages)), ("Creator", metadata.creator),
            ("Publisher", metadata.publisher), ("Date", metadata.date.isoformat()),
            ("Name", metadata.name), ("Scraper", f"campaign-site {__version__}"),
        ):
            if value:
                creator.add_metadata(key, value)
        creator.add_illustration(ILLUSTRATION_SIZE, equals_sign_icon(ILLUSTRATION_SIZE))
        for path in files:
            creator.add_item(site_item(site_dir, path))
    return len(files)


def default_zim_path(project_root: Path, day: dt.date) -> Path:
    """``dist/binh-dang-gioi-dak-lak_mul_YYYY-MM.zim`` (openZIM file naming)."""
    return project_root / "dist" / f"{NAME}_{day:%Y-%m}.zim"


@dataclass(frozen=True)
class ZimResult:
    """The written ZIM file."""

    path: Path
    entries: int
    seconds: float


def _quiet(message: str) -> None:
    """Progress sink that says nothing."""


def make_zim(config_file: Path, out: Path | None = None, epoch: SourceEpoch | None = None,
             jobs: int = 1, progress: Progress = _quiet) -> ZimResult:
    """Build the site (as for the bundle) and write it as a ZIM file."""
    started = time.perf_counter()
    config_file = config_file.resolve()
    epoch = epoch or source_epoch(config_file.parent)
    with tempfile.TemporaryDirectory(prefix="campaign-zim-") as work:
        progress("[1/2] Building the site…")
        site = build_for_publishing(config_file, Path(work) / "site", epoch, jobs)
        target = (out or default_zim_path(config_file.parent, site.date)).resolve()
        progress(f"[2/2] Writing {target} (full-text index: {INDEX_LANGUAGE})…")
        entries = write_zim(site.root, target, site_metadata(config_file, site))
    return ZimResult(target, entries, time.perf_counter() - started)

"""Checks beyond validity: what a release must also satisfy."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..fingerprints import source_fingerprint
from ..urls import public_base_url
from ..work_log import note
from .errors import ContentProblem, display_path, problem
from .glyphs import glyph_problems
from .loader import SiteContent
from .html_safety import markdown_problems, plain_text_problems
from .reader import ReadError, read_markdown, read_text, read_yaml
from .fonts import font_codepoints

if TYPE_CHECKING:
    from markdown import Markdown

    from ..project import Project

MAX_VERIFICATION_AGE = dt.timedelta(days=365)


class ResultCache(Protocol):
    """Where results are kept between builds (``pages.build_cache.BuildCache``)."""

    def load(self, kind: str, key: tuple[str, ...]) -> bytes | None: ...

    def store(self, kind: str, key: tuple[str, ...], data: bytes) -> None: ...


@cache
def _checks_fingerprint() -> str:
    """The source of every module that decides a text check's result, and Markdown's version."""
    import markdown

    from . import errors, fonts, glyphs, html_safety, reader

    return markdown.__version__ + " " + source_fingerprint(sys.modules[__name__], errors, fonts, glyphs,
                                                           html_safety, reader)


def _fonts_digest(fonts: Sequence[Path] | Path | None) -> str:
    if fonts is None:
        return ""
    paths = [fonts] if isinstance(fonts, Path) else list(fonts)
    return _files_digest(tuple(paths))


@cache
def _files_digest(paths: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def release_problems(content: SiteContent, today: dt.date) -> list[ContentProblem]:
    """What a release must not publish: examples, unsourced or stale verified entries.

    Every resource, practice, service and event must be ``status: verified`` with a
    ``source`` (a citation) and a ``verified_on`` date within the last 12 months
    (:data:`MAX_VERIFICATION_AGE`) of ``today``; every campaign needs a ``source``.
    """
    problems = []
    for entry in [*content.resources, *content.practices, *content.services, *content.events]:
        if entry.status == "example":
            problems.append(problem(entry.source_path, entry.line_of("status"), "status",
                                    "found 'example'; a release publishes only verified entries: verify it and set 'status: verified', or remove the file"))
            continue
        if not entry.source:
            problems.append(problem(entry.source_path, entry.line_of("source"), "source",
                                    "missing; a verified entry needs its source: title or publisher, url, date accessed"))
        if entry.verified_on is None:
            problems.append(problem(entry.source_path, entry.line_of("verified_on"), "verified_on",
                                    "missing; a release needs the date the entry was last checked, e.g. 'verified_on: 2026-11-15'"))
        elif today - entry.verified_on > MAX_VERIFICATION_AGE:
            problems.append(problem(entry.source_path, entry.line_of("verified_on"), "verified_on",
                                    "found {found}; expected a check within the last 12 months: call the service, then update the date",
                                    found=entry.verified_on.isoformat()))
    for campaign in content.campaigns.values():
        if not campaign.source:
            problems.append(problem(campaign.source_path, campaign.line_of("source"), "source",
                                    "missing; a verified entry needs its source: title or publisher, url, date accessed"))
    return sorted(problems)


def public_address_problems(config_file: Path, site_url: str | None) -> list[ContentProblem]:
    """A release needs the site's real public address (``site_url``, from $SITE_URL):
    a placeholder such as ``binhdanggioi.example`` would reach printed QR codes."""
    if public_base_url(site_url):
        return []
    lines = config_file.read_text(encoding="utf-8").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if text.startswith("site_url:")), 1)
    return [problem(display_path(config_file), line, "site_url",
                    "found '{found}', which is not a public address; set SITE_URL to the site's address (https://…) before a release, so that QR codes, canonical links and the sitemap point to it",
                    found=site_url or "")]


def release_check(project: "Project") -> list[ContentProblem]:
    """Everything a release must satisfy beyond validity, at the build date."""
    from ..dates import build_date

    content = project.load_content()
    return sorted(release_problems(content, build_date(project.campaign_config.today))
                  + public_address_problems(project.config_file, project.config.site_url))


def page_front_matter_problems(docs_dir: Path, read: Callable[[Path], object] = read_markdown) -> list[ContentProblem]:
    """Pages of ``docs_dir`` whose front matter the content reader refuses (file:line each);
    ``read``: :func:`.reader.read_markdown` or one that keeps what it read."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            read(path)
        except ReadError as error:
            problems.append(error.problem)
    return problems


def source_files(docs_dir: Path, content_dir: Path) -> tuple[list[Path], list[Path]]:
    """(Markdown files, YAML files) that communicators write."""
    markdown = sorted([*docs_dir.rglob("*.md"), *content_dir.rglob("*.md")])
    data = sorted(p for p in content_dir.rglob("*") if p.suffix in (".yaml", ".yml"))
    return markdown, data


class TextChecks:
    """Content that could run script or load other sites (in what its Markdown
    renders to), plain-text fields holding HTML, and characters the font lacks.

    ``markdown``: a converter with the site's extensions
    (``pages.markdown.site_markdown``); without one, bodies are not rendered.
    Results are kept per file and recomputed only for files whose size or
    modification time changed, so a live preview re-checks just the edit.
    """

    def __init__(self, font_files: Sequence[Path] | Path | None, markdown: Markdown | None = None,
                 cache: ResultCache | None = None) -> None:
        # One font file or several (one style split by unicode-range): the union counts.
        if isinstance(font_files, Sequence) and not font_files:
            font_files = None
        self.fonts = font_files
        self.markdown = markdown
        self.covered = font_codepoints(font_files) if font_files is not None else None
        self._seen: dict[Path, tuple[tuple[int, int], list[ContentProblem]]] = {}
        # results of earlier builds (pages.build_cache.BuildCache), by file bytes
        # and everything else that decides them (markdown_key: the extensions)
        self.cache = cache
        self.markdown_key = ""

    def __getstate__(self) -> dict[str, object]:
        """Picklable (handed to the language processes of a build): the results and fonts,
        without the converter and the cache, which whoever uses the checks sets."""
        return {**self.__dict__, "markdown": None, "cache": None}

    def _cached_check(self, path: Path) -> list[ContentProblem]:
        if self.cache is None:
            return self._check(path)
        try:
            data = path.read_bytes()
        except OSError:
            return self._check(path)
        digest = hashlib.sha256(data).hexdigest()
        key = (str(path), os.getcwd(), digest, _fonts_digest(self.fonts),
               self.markdown_key if self.markdown is not None else "", _checks_fingerprint())
        stored = self.cache.load("text-checks", key)
        if stored is not None:
            return pickle.loads(stored)
        found = self._check(path)
        try:
            unchanged = hashlib.sha256(path.read_bytes()).hexdigest() == digest
        except OSError:
            unchanged = False
        if unchanged:  # (saved while checked: these are not the problems of the bytes keyed)
            self.cache.store("text-checks", key, pickle.dumps(found))
        return found

    def _check(self, path: Path) -> list[ContentProblem]:
        try:
            read_text(path)
        except ReadError:
            return []  # not UTF-8: the content reader names the file and line
        found: list[ContentProblem] = []
        try:
            source = read_markdown(path) if path.suffix == ".md" else read_yaml(path)
        except ReadError:
            source = None  # bad YAML: reported where the file is loaded
        if source is not None:
            found += plain_text_problems(source)
            if path.suffix == ".md" and self.markdown is not None:
                found += markdown_problems(source.body, source.shown_path, self._render, source.body_line)
        if self.covered is not None:
            found += glyph_problems([path], self.covered)
        return found

    def _render(self, text: str) -> str:
        assert self.markdown is not None
        return self.markdown.reset().convert(text)

    def problems(self, docs_dir: Path, content_dir: Path) -> list[ContentProblem]:
        """Every problem in the files communicators write."""
        markdown, data = source_files(docs_dir, content_dir)
        found: list[ContentProblem] = []
        for path in [*markdown, *data]:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            seen = self._seen.get(path)
            if seen is None or seen[0] != key:
                note("text-check", str(path))
                seen = self._seen[path] = (key, self._cached_check(path))
            found += seen[1]
        return sorted(found)


def text_problems(docs_dir: Path, content_dir: Path, font_files: Sequence[Path] | Path | None,
                  markdown: Markdown | None = None) -> list[ContentProblem]:
    """Unsafe content, HTML in plain-text fields and characters the fonts lack (see :class:`TextChecks`)."""
    return TextChecks(font_files, markdown).problems(docs_dir, content_dir)

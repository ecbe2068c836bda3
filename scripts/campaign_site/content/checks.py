"""Checks beyond validity: what a release must also satisfy."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..fingerprints import library_versions, our_package
from ..urls import public_base_url
from ..work_log import note
from .errors import ContentProblem, display_path, problem
from .glyphs import glyph_problems
from .loader import SiteContent
from .html_safety import long_lines, markdown_problems, plain_text_problems
from .reader import ReadError, Source, decode, parse_markdown, parse_yaml, read_markdown, read_text
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
    """Everything of ours and of the libraries that decides a text check's result: our whole
    package's source (the rules live in ``postprocess.html_policy``, pages of a parallel build
    report clean bodies from ``plugins``: any change of ours starts the results afresh), and the
    versions of Markdown and of selectolax (Lexbor parses what the rules judge)."""
    return library_versions(("markdown", "selectolax")) + " " + our_package()


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
    A parallel build runs them in two steps (:meth:`start`, then
    :meth:`UnconvertedBodies.finish`) so as not to convert the bodies its pages convert.
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

    def _cache_key(self, path: Path, data: bytes) -> tuple[str, ...]:
        return (str(path), os.getcwd(), hashlib.sha256(data).hexdigest(), _fonts_digest(self.fonts),
                self.markdown_key if self.markdown is not None else "", _checks_fingerprint())

    def _cached_check(self, path: Path) -> _Checked:
        """The file's problems from the cache, else :meth:`_check` of it (its body not yet converted)."""
        if self.cache is None:
            return self._check(path)
        try:
            data = path.read_bytes()
        except OSError:
            return self._check(path)
        key = self._cache_key(path, data)
        stored = self.cache.load("text-checks", key)
        if stored is not None:
            return _Checked(pickle.loads(stored))
        checked = self._check(path, data)
        checked.key = key
        return checked

    def _store(self, path: Path, checked: _Checked) -> None:
        """Keep a whole result, if the file still has the bytes it was keyed by
        (one saved while checked: these are not the problems of those bytes)."""
        if self.cache is None or checked.key is None:
            return
        try:
            unchanged = self._cache_key(path, path.read_bytes()) == checked.key
        except OSError:
            unchanged = False
        if unchanged:
            self.cache.store("text-checks", checked.key, pickle.dumps(checked.found))

    def _check(self, path: Path, data: bytes | None = None) -> _Checked:
        """The file's problems (``data``: its bytes, when already read)."""
        try:
            text = read_text(path) if data is None else decode(data, path)
        except ReadError:
            return _Checked([])  # not UTF-8: the content reader names the file and line
        checked = _Checked([])
        try:
            source = parse_markdown(text, path) if path.suffix == ".md" else parse_yaml(text, path)
        except ReadError:
            source = None  # bad YAML: reported where the file is loaded
        if source is not None:
            checked.found += plain_text_problems(source)
            if path.suffix == ".md" and self.markdown is not None:
                if long_lines(source.body):  # refused before any conversion
                    checked.found += markdown_problems(source.body, source.shown_path, self._render, source.body_line)
                else:
                    checked.body = source
        if self.covered is not None:
            checked.found += glyph_problems([path], self.covered)
        return checked

    def _render(self, text: str) -> str:
        assert self.markdown is not None
        return self.markdown.reset().convert(text)

    def problems(self, docs_dir: Path, content_dir: Path) -> list[ContentProblem]:
        """Every problem in the files communicators write."""
        return self.start(docs_dir, content_dir).finish()

    def start(self, docs_dir: Path, content_dir: Path) -> UnconvertedBodies:
        """:meth:`problems`, but the Markdown bodies are converted by :meth:`UnconvertedBodies.finish`,
        only those a build did not show to be clean (:func:`rendered_body_digests`)."""
        markdown, data = source_files(docs_dir, content_dir)
        done: list[ContentProblem] = []
        pending: list[tuple[Path, tuple[int, int], _Checked]] = []
        for path in [*markdown, *data]:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            seen = self._seen.get(path)
            if seen is not None and seen[0] == key:
                done += seen[1]
                continue
            note("text-check", str(path))
            checked = self._cached_check(path)
            if checked.body is None:
                self._store(path, checked)
                self._seen[path] = (key, checked.found)
                done += checked.found
            else:
                pending.append((path, key, checked))
        return UnconvertedBodies(self, done, pending)


@dataclass
class _Checked:
    """What :meth:`TextChecks._check` found in one file; ``body``: its Markdown, not converted yet
    (the file's problems are ``found`` and the body's); ``key``: the result's cache key."""

    found: list[ContentProblem]
    body: Source | None = None
    key: tuple[str, ...] | None = None


def rendered_body_digests(markdown_key: str, body: str) -> tuple[str, ...]:
    """What shows that a page converting ``body`` (a Markdown file's text after its front matter)
    with the Markdown settings ``markdown_key`` (``process_shared.markdown_key``) converted it:
    the SHA-256 digest of a page whose Markdown is ``body`` (without the blank lines around it, which
    MkDocs drops and which change nothing), and when ``body`` with its surrounding white space dropped
    means the same (its first line not indented: an indent would make code), that of a generated page
    whose body is that (a collection entry's, which the loader strips) after the title's heading line.
    A page noting one of them (:func:`clean_body_digest`) found nothing in what it converted:
    its HTML is what the text checks would convert, the page's links rewritten by MkDocs
    (relative to the page: ``a href`` and ``img src`` without a scheme or host, which stay so)."""
    digests = [clean_body_digest("page", markdown_key, body)]
    stripped = body.strip()
    leading = body[: len(body) - len(body.lstrip())]
    if stripped and (not leading or leading.endswith("\n")):
        digests.append(clean_body_digest("entry", markdown_key, stripped))
    return tuple(digests)


def clean_body_digest(kind: str, markdown_key: str, markdown: str) -> str:
    """``kind`` ("page": the whole Markdown of a page; "entry": the body of a generated page)."""
    return hashlib.sha256(f"{kind}\0{markdown_key}\0{markdown}".encode("utf-8")).hexdigest()


class UnconvertedBodies:
    """The text checks of a build, all done but the conversion of Markdown bodies (:meth:`TextChecks.start`).

    ``found``: the problems found so far. A parallel build's own process runs the checks this far
    while its language processes build, and they convert every page anyway, checking what it
    renders to (``content_findings``, the same rules): :meth:`finish` converts only the bodies no
    language process reported clean.
    """

    def __init__(self, checks: TextChecks, found: list[ContentProblem],
                 pending: list[tuple[Path, tuple[int, int], _Checked]]) -> None:
        self.checks = checks
        self.found = sorted(found + [problem for _, _, checked in pending for problem in checked.found])
        self._done = found
        self._pending = pending

    def finish(self, clean: Collection[str] = ()) -> list[ContentProblem]:
        """Every problem, as :meth:`TextChecks.problems` gives them: the bodies whose
        :func:`rendered_body_digests` are not in ``clean`` converted and checked here."""
        checks = self.checks
        found = list(self._done)
        for path, key, checked in self._pending:
            source = checked.body
            assert source is not None
            if not clean or not any(d in clean for d in rendered_body_digests(checks.markdown_key, source.body)):
                checked.found += markdown_problems(source.body, source.shown_path, checks._render, source.body_line)
            checked.body = None
            checks._store(path, checked)
            checks._seen[path] = (key, checked.found)
            found += checked.found
        self._pending = []
        self._done = found
        return sorted(found)


def text_problems(docs_dir: Path, content_dir: Path, font_files: Sequence[Path] | Path | None,
                  markdown: Markdown | None = None) -> list[ContentProblem]:
    """Unsafe content, HTML in plain-text fields and characters the fonts lack (see :class:`TextChecks`)."""
    return TextChecks(font_files, markdown).problems(docs_dir, content_dir)

"""Compare every source (pages, and entries of Markdown collections) with its translations.

Status of one translation:

``translated``  it records the fingerprint of the source as it is now;
``outdated``    it records another fingerprint: the source changed since;
``unknown``     it records none (translated before this command existed).
                It counts as translated, but is listed, so it gets checked
                once and marked with ``--mark-done``;
``missing``     there is no translation file (readers see the source language).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.errors import ContentError
from ..content.file_names import unknown_language_problem
from ..content.types import ContentType, content_types
from ..languages import SiteLanguages, UnknownLanguage
from .frontmatter import recorded_hash, with_recorded_hash
from .hashing import source_hash

STATUSES = ("translated", "unknown", "outdated", "missing")
DONE = frozenset({"translated", "unknown"})


@dataclass(frozen=True)
class SourceFile:
    """A default-language file that translations are made from."""

    path: Path
    base: str  # file name without language suffix and extension
    kind: ContentType  # its content type (pages: the whole file is translated)

    def translation(self, language: str) -> Path:
        """Where its translation into ``language`` lives."""
        return self.path.with_name(f"{self.base}.{language}{self.path.suffix}")


@dataclass(frozen=True)
class Row:
    """One source and the status of each of its translations."""

    source: Path
    fingerprint: str
    cells: dict[str, tuple[str, Path]]  # language → (status, translation file)


@dataclass(frozen=True)
class LanguageSummary:
    """How far one language is."""

    language: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Number of sources."""
        return sum(self.counts.values())

    @property
    def percent(self) -> float:
        """Share of sources with a translation that is not known to be outdated."""
        done = sum(self.counts[status] for status in DONE)
        return 100.0 * done / self.total if self.total else 100.0


@dataclass(frozen=True)
class Report:
    """Translation status of a whole project."""

    root: Path
    default_language: str
    languages: tuple[str, ...]
    rows: tuple[Row, ...]

    def shown(self, path: Path) -> str:
        """``path`` relative to the project, with forward slashes."""
        return shown(self.root, path)

    def summary(self, language: str) -> LanguageSummary:
        """Counts of each status for ``language``."""
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.cells[language][0]] += 1
        return LanguageSummary(language, counts)


def shown(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` when inside it, with forward slashes."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


class NotATranslation(Exception):
    """``--mark-done`` was given a file that is not the translation of a known source."""


def find_sources(docs_dir: Path, content_dir: Path, languages: SiteLanguages) -> list[SourceFile]:
    """Pages in ``docs/`` and entries of the Markdown content types (resources, practices…).

    Raises :class:`~campaign_site.content.errors.ContentError` naming every
    file whose name ends in a suffix that is not a language of the site.
    """
    places = [(sorted(docs_dir.rglob("*.md")) if kind.is_page else sorted((content_dir / kind.folder).glob("*.md")), kind)
              for kind in content_types() if kind.file_format == "markdown"]
    sources, problems = [], []
    for paths, kind in places:
        for path in paths:
            try:
                base, language = languages.split(path.name)
            except UnknownLanguage as error:
                problems.append(unknown_language_problem(path, error))
                continue
            if language in (None, languages.default):
                sources.append(SourceFile(path.resolve(), base, kind))
    if problems:
        raise ContentError(problems)
    return sources


def status_of(fingerprint: str, translation: Path) -> str:
    """Status of ``translation`` against the source's current ``fingerprint``."""
    if not translation.is_file():
        return "missing"
    recorded = recorded_hash(translation)
    if recorded is None:
        return "unknown"
    return "translated" if recorded == fingerprint else "outdated"


def scan(root: Path, sources: list[SourceFile], languages: tuple[str, ...], default: str) -> Report:
    """The status of every source's translation into each of ``languages``."""
    root, rows = root.resolve(), []
    for source in sources:
        fingerprint = source_hash(source.path, source.kind, default)
        cells = {lang: (status_of(fingerprint, source.translation(lang)), source.translation(lang)) for lang in languages}
        rows.append(Row(source.path, fingerprint, cells))
    rows.sort(key=lambda row: shown(root, row.source))
    return Report(root, default, languages, tuple(rows))


def mark_done(file: Path, sources: list[SourceFile], languages: tuple[str, ...], default: str) -> tuple[SourceFile, str, bool]:
    """Record in ``file`` the fingerprint of its source as it is now.

    Returns (source, fingerprint, whether the file changed); raises
    :class:`NotATranslation` when ``file`` translates no known source.
    """
    target = file.resolve()
    match = next(((source, lang) for source in sources for lang in languages if source.translation(lang) == target), None)
    if match is None:
        raise NotATranslation(
            f"{file} is not a translation of a page, resource or practice: expected a name such as "
            f"docs/page.en.md next to its source docs/page.md (languages: {', '.join(languages)})")
    source, _ = match
    if not target.is_file():
        raise NotATranslation(f"{file} does not exist: translate {source.path.name} into that file first")
    fingerprint = source_hash(source.path, source.kind, default)
    original = target.read_bytes()
    updated = with_recorded_hash(original.decode("utf-8"), fingerprint).encode("utf-8")
    if updated != original:
        target.write_bytes(updated)
    return source, fingerprint, updated != original

"""The translation status of a whole project: every unit (:mod:`.units`) in every language.

Rows are source files; a row holds the units of that file (one for a page or
a Markdown entry, one per field for YAML texts and labels) and, per language,
each unit's :class:`~.freshness.Cell`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.errors import ContentError
from ..content.file_names import unknown_language_problem
from ..languages import SiteLanguages
from .freshness import DONE, STATUSES, Cell, Freshness
from .frontmatter import with_recorded_hash
from .hashing import digest
from .history import open_history
from .units import Sources, Unit

__all__ = ["DONE", "STATUSES", "LanguageSummary", "NotATranslation", "Report", "Row", "mark_done", "scan"]


@dataclass(frozen=True)
class Row:
    """One source file, its units, and the state of each unit's translation per language."""

    source: Path
    units: tuple[Unit, ...]
    cells: dict[str, tuple[Cell, ...]]  # language → one cell per unit, in unit order

    def status(self, language: str) -> str:
        """The file's status in ``language``: ``outdated`` if any unit is, ``missing`` if all
        are, ``partial`` if some are, else ``unknown`` if any is, else ``current``."""
        statuses = {cell.status for cell in self.cells[language]}
        if "outdated" in statuses:
            return "outdated"
        if statuses == {"missing"}:
            return "missing"
        if "missing" in statuses:
            return "partial"
        return "unknown" if "unknown" in statuses else "current"

    def counts(self, language: str) -> dict[str, int]:
        """How many of its units have each status."""
        counts = dict.fromkeys(STATUSES, 0)
        for cell in self.cells[language]:
            counts[cell.status] += 1
        return counts


@dataclass(frozen=True)
class LanguageSummary:
    """How far one language is, counted in units (a page, an entry, a field, a label)."""

    language: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Number of units."""
        return sum(self.counts.values())

    @property
    def percent(self) -> float:
        """Share of units with a translation not known to be outdated."""
        done = sum(self.counts[status] for status in DONE)
        return 100.0 * done / self.total if self.total else 100.0


@dataclass(frozen=True)
class Report:
    """Translation status of a whole project."""

    root: Path
    default_language: str
    languages: tuple[str, ...]
    rows: tuple[Row, ...]
    history: bool  # whether git history was read

    def shown(self, path: Path) -> str:
        """``path`` relative to the project, with forward slashes."""
        return shown(self.root, path)

    def summary(self, language: str) -> LanguageSummary:
        """Counts of each status for ``language``."""
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            for status, count in row.counts(language).items():
                counts[status] += count
        return LanguageSummary(language, counts)


def shown(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` when inside it, with forward slashes."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


class NotATranslation(Exception):
    """``--mark-done`` was given a file that is not the translation of a known source."""


def find_units(docs_dir: Path, content_dir: Path, languages: SiteLanguages) -> list[Unit]:
    """Every translatable text of the project.

    Raises :class:`~campaign_site.content.errors.ContentError` naming every
    file whose name ends in a suffix that is not a language of the site.
    """
    units, unknown = Sources(docs_dir, content_dir, languages).units()
    if unknown:
        problems = [unknown_language_problem(path, error) for path, error in unknown]
        raise ContentError(problems)
    return units


def scan(root: Path, units: list[Unit], languages: tuple[str, ...], default: str, use_history: bool = True) -> Report:
    """The state of every unit's translation into each of ``languages``."""
    root = root.resolve()
    history = open_history(root) if use_history else None
    freshness = Freshness(history)
    grouped: dict[Path, list[Unit]] = {}
    for unit in units:
        grouped.setdefault(unit.source, []).append(unit)
    try:
        rows = [Row(source, tuple(members), {lang: tuple(freshness.cell(unit, lang) for unit in members)
                                             for lang in languages})
                for source, members in grouped.items()]
    finally:
        if history is not None:
            history.close()
    rows.sort(key=lambda row: shown(root, row.source))
    return Report(root, default, languages, tuple(rows), history is not None)


def mark_done(file: Path, units: list[Unit], languages: tuple[str, ...]) -> tuple[Unit, str, bool]:
    """Record in ``file`` (a translated page or entry) the fingerprint of its source as it is now.

    Returns (unit, fingerprint, whether the file changed); raises
    :class:`NotATranslation` when ``file`` translates no known page or entry.
    """
    target = file.resolve()
    match = next((unit for unit in units for lang in languages
                  if unit.whole_file and unit.translation_file(lang) == target), None)
    if match is None:
        raise NotATranslation(
            f"{file} is not a translation of a page, resource or practice: expected a name such as "
            f"docs/page.en.md next to its source docs/page.md (languages: {', '.join(languages)})")
    if not target.is_file():
        raise NotATranslation(f"{file} does not exist: translate {match.source.name} into that file first")
    fingerprint = digest(match.source_value(match.source.read_bytes().decode("utf-8", "replace")) or "")
    original = target.read_bytes()
    updated = with_recorded_hash(original.decode("utf-8"), fingerprint).encode("utf-8")
    if updated != original:
        target.write_bytes(updated)
    return match, fingerprint, updated != original

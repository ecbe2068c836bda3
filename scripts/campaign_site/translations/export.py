"""``campaign-site translations export``: PO catalogs of what a language still needs.

One catalog per page, entry, area list or labels file (:mod:`.catalogs`), at
the source's path under the output folder with ``.po`` (``docs/index.po``,
``content/services/tong-dai-111.po``, ``content/i18n/labels.po``). Only texts
missing or outdated in the language are exported, unless ``include_all``
(then every text, with the existing translations filled in). A page or entry
is always exported whole: its import rewrites its translation file.

Nothing is overwritten: an export into a folder that already holds one of the
catalogs is refused (it may be a translator's work in progress).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .catalogs import catalog_name, inline_catalog, markdown_catalog
from .freshness import Freshness
from .status import Report

NEEDED = frozenset({"missing", "outdated"})


class ExportRefused(Exception):
    """The export would overwrite files; ``paths`` are those that exist."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__(", ".join(map(str, paths)))


@dataclass(frozen=True)
class Exported:
    """One catalog to write: where, and how many messages it holds (translated ones too)."""

    path: Path
    catalog: polib.POFile

    @property
    def untranslated(self) -> int:
        """Messages still without a current translation (empty or fuzzy)."""
        return sum(1 for entry in self.catalog if not entry.translated())


def catalogs(report: Report, language: str, include_all: bool = False) -> list[tuple[str, polib.POFile]]:
    """(relative path, catalog) of every source that needs work in ``language`` (every source: ``include_all``)."""
    freshness = Freshness(None)  # reads the texts; the report already knows the states
    found = []
    for row in report.rows:
        cells = row.cells[language]
        if not include_all and not any(cell.status in NEEDED for cell in cells):
            continue
        if row.units[0].whole_file:
            catalog = markdown_catalog(row.units[0], cells[0], language, report.root, freshness)
        else:
            pairs = [(unit, cell) for unit, cell in zip(row.units, cells) if include_all or cell.status in NEEDED]
            catalog = inline_catalog([u for u, _ in pairs], [c for _, c in pairs], language, report.root, freshness)
        if len(catalog):
            found.append((catalog_name(list(row.units), report.root), catalog))
    return found


def export(report: Report, language: str, out: Path, include_all: bool = False) -> list[Exported]:
    """Write the catalogs of ``language`` under ``out``; :class:`ExportRefused` if one exists."""
    planned = [Exported(out / name, catalog) for name, catalog in catalogs(report, language, include_all)]
    existing = [item.path for item in planned if item.path.exists()]
    if existing:
        raise ExportRefused(existing)
    for item in planned:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        item.catalog.save(str(item.path))
    return planned

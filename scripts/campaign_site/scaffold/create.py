"""Write a new file from its template, never overwriting an existing one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..dates import build_date
from .kinds import Kind
from .template import render, template_text, template_values


class AlreadyExists(Exception):
    """The target file (or the same entry in another extension) is already there."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(str(path))


def target_path(kind: Kind, slug: str, docs_dir: Path, content_dir: Path) -> Path:
    """Where a ``kind`` file named ``slug`` goes."""
    folder = docs_dir if kind.is_page else content_dir / kind.folder
    return folder / f"{slug}{kind.extension}"


def _existing(path: Path) -> Path | None:
    siblings = [path, path.with_suffix(".yml")] if path.suffix == ".yaml" else [path]
    return next((candidate for candidate in siblings if candidate.exists()), None)


def new_file_text(kind: Kind, title: str, slug: str, content_dir: Path, default_language: str,
                  today: dt.date | None = None) -> str:
    """The text ``campaign-site new`` writes for a ``kind`` entry named ``title`` (its template,
    filled in); tools that save entries (import, the editor) start from it."""
    values = template_values(kind, title, slug, content_dir, default_language, today or build_date())
    return render(template_text(kind), values)


def create_file(kind: Kind, title: str, slug: str, docs_dir: Path, content_dir: Path,
                default_language: str, today: dt.date | None = None) -> Path:
    """Write the filled template of ``kind``; raise :class:`AlreadyExists` rather than overwrite."""
    path = target_path(kind, slug, docs_dir, content_dir)
    if (existing := _existing(path)) is not None:
        raise AlreadyExists(existing)
    text = new_file_text(kind, title, slug, content_dir, default_language, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": fail if it appeared meanwhile
            handle.write(text)
    except FileExistsError:
        raise AlreadyExists(path) from None
    return path

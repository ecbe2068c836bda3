"""Problems found in content, each pointing at a file, a line and a field."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem in one file: ``path:line: field: message``.

    ``message`` is English; ``msgid`` and ``params`` let :meth:`render` say it
    in another language through the message catalogs.
    """

    path: str
    line: int
    field: str
    message: str
    msgid: str = field(default="", compare=False)
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def render(self, lang: str) -> str:
        """The problem line in ``lang`` (English when no translation exists)."""
        from ..messages import render

        message = render(self.msgid, lang, dict(self.params)) if self.msgid else self.message
        return f"{self.path}:{self.line}: {self.field}: {message}"


def problem(path: str, line: int, field_name: str, msgid: str, **params: object) -> ContentProblem:
    """A problem whose message can be translated: ``msgid`` is English with ``{named}`` slots."""
    from ..messages import render

    return ContentProblem(path, line, field_name, render(msgid, "en", params), msgid, tuple(sorted(params.items())))


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as the communicator knows it: relative to ``root`` (the working folder) when possible."""
    folder = os.getcwd() if root is None else os.path.join(os.getcwd(), root)
    try:
        return str(path.resolve().relative_to(_resolved(folder)))
    except ValueError:
        return str(path)


@lru_cache(maxsize=16)
def _resolved(folder: str) -> Path:
    """``Path(folder).resolve()``, once per folder (``display_path`` is called for every file read)."""
    return Path(folder).resolve()

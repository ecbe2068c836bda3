"""Whether a translation is current: made from the source as it is now.

For one unit (:mod:`.units`) and one language:

``missing``   no translation (readers see the default language);
``current``   the translation was made from the source as it is now;
``outdated``  the source changed after the translation was last changed;
``unknown``   no way to tell: no fingerprint and no git history.

How it is known, in this order:

1. a **fingerprint** (``translated_from`` in a translated page or entry, written
   by ``--mark-done`` and ``import``) names the source version: current when it
   is the source's fingerprint now. It needs no git, and wins over history;
2. **git history** (:mod:`.history`): the translation's text is as it is since
   some commit (or since an edit not yet committed); the source at that commit
   is what it was translated from. Current when the source's translatable text
   is still the same, outdated otherwise, with what changed in the source since.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import KEY
from .hashing import digest
from .history import WORKTREE, History
from .units import Unit, _markdown

STATUSES = ("current", "unknown", "outdated", "missing")
#: Statuses that count as translated.
DONE = frozenset({"current", "unknown"})
DIFF_CONTEXT = 1


@dataclass(frozen=True)
class Cell:
    """The state of one unit's translation into one language."""

    status: str
    file: Path
    since: str | None = None  # commit (or WORKTREE) the translation is as it is since
    before: str | None = None  # the source text the translation was made from, when it changed
    changed: tuple[str, ...] = ()  # fields of a Markdown entry that changed since
    diff: tuple[str, ...] = field(default=(), compare=False)  # what changed in the source since


def recorded_fingerprint(text: str | None) -> str | None:
    """``translated_from`` in the front matter of a translation's text, if any."""
    parsed = _markdown(text) if text is not None else None
    value = parsed[0].get(KEY) if parsed else None
    return value.strip() or None if isinstance(value, str) else None


def _lines(text: str | None) -> list[str]:
    return (text or "").replace("\r\n", "\n").splitlines()


def source_diff(before: str | None, after: str | None) -> tuple[str, ...]:
    """Lines of a unified diff of the source, from what was translated to what it is now."""
    lines = difflib.unified_diff(_lines(before), _lines(after), lineterm="", n=DIFF_CONTEXT)
    return tuple(line for line in lines if not line.startswith(("---", "+++")))


class Freshness:
    """Answers :meth:`cell` for any unit and language, reading each file once."""

    def __init__(self, history: History | None) -> None:
        self.history = history
        self._now: dict[Path, str | None] = {}

    def text(self, path: Path) -> str | None:
        """The file's text as it is now (None when there is no such file)."""
        if path not in self._now:
            try:
                self._now[path] = path.read_bytes().decode("utf-8", "replace")
            except (FileNotFoundError, IsADirectoryError):
                self._now[path] = None
        return self._now[path]

    def _tracked(self, path: Path) -> bool:
        return self.history is not None and path.resolve().is_relative_to(self.history.top)

    def cell(self, unit: Unit, language: str) -> Cell:
        """State of ``unit``'s translation into ``language``."""
        file = unit.translation_file(language)
        translated_text = self.text(file)
        if unit.translated_value(translated_text, language) is None:
            return Cell("missing", file)
        source_text = self.text(unit.source)
        now = unit.source_value(source_text)
        if unit.whole_file and (recorded := recorded_fingerprint(translated_text)) is not None:
            if recorded == digest(now or ""):
                return Cell("current", file)
            before_text = self._source_with_fingerprint(unit, recorded)
            return self._outdated(unit, file, None, before_text, source_text)
        if not self._tracked(file):
            return Cell("unknown", file)
        history = self.history
        assert history is not None
        since = history.last_change(file, lambda text: unit.translated_value(text, language))
        if since is None:
            return Cell("unknown", file)
        if since == WORKTREE:  # translated (or edited) now, after the source
            return Cell("current", file, since)
        before_text = history.text_at(since, unit.source) if self._tracked(unit.source) else None
        if before_text is not None and unit.source_value(before_text) == now:
            return Cell("current", file, since)
        return self._outdated(unit, file, since, before_text, source_text)

    def _outdated(self, unit: Unit, file: Path, since: str | None, before_text: str | None,
                  source_text: str | None) -> Cell:
        before, now = unit.source_value(before_text), unit.source_value(source_text)
        if unit.whole_file:
            diff = source_diff(before_text, source_text) if before_text is not None else ()
        else:
            diff = tuple(f"-{before}".splitlines() if before else ()) + tuple(f"+{now}".splitlines() if now else ())
        return Cell("outdated", file, since, before, tuple(unit.changed_fields(before, now)), diff)

    def _source_with_fingerprint(self, unit: Unit, fingerprint: str) -> str | None:
        """The source's text in the newest commit whose fingerprint is ``fingerprint`` (for the diff)."""
        if not self._tracked(unit.source):
            return None
        history = self.history
        assert history is not None
        for version in history.versions(unit.source):
            text = history.text_at(version, unit.source)
            if text is not None and digest(unit.source_value(text) or "") == fingerprint:
                return text
        return None

"""What every language of a build reads alike, loaded once per build.

A parallel build gives each worker process several languages in turn, and
MkDocs makes new plugin instances for each: without this module every language
would load and validate ``content/`` again and re-run the glyph and
unsafe-Markdown checks over every source file (about a tenth of a language's
build time at 500 pages). Both are kept here for the process, keyed by what
decides them (the folders' file names, modification times and sizes, the
languages, the fonts, ``mkdocs.yml``), so a changed source is always read again.

A parallel build loads and checks once, in its own process, and hands the
result to its language processes: :func:`loaded` there, :func:`adopt` in each
of them (``publish.build``). A process that adopted a result still compares
the keys, so a file edited meanwhile is read again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.checks import TextChecks
from ..content.loader import SiteContent, load_content
from .preview import source_stamp

_content: tuple[tuple[object, ...], SiteContent] | None = None
_checks: tuple[tuple[object, ...], TextChecks] | None = None


def shared_content(root: Path, codes: Sequence[str], default: str,
                   load: Callable[[Path, list[str], str], SiteContent] = load_content) -> SiteContent:
    """``load(root, codes, default)``, or the last result of the same ``load`` for the same unchanged files."""
    global _content
    key = (load, str(root.resolve()), tuple(codes), default, source_stamp([root]))
    if _content is None or _content[0] != key:
        _content = (key, load(root, list(codes), default))
    return _content[1]


def shared_text_checks(fonts: Sequence[Path] | None, config_file: Path) -> TextChecks:
    """The process's :class:`TextChecks` for these fonts and this ``mkdocs.yml`` (which sets
    the Markdown extensions the bodies are rendered with); it re-checks only changed files."""
    global _checks
    stat = config_file.stat()
    key = (tuple(fonts) if fonts else None, str(config_file.resolve()), stat.st_mtime_ns, stat.st_size)
    if _checks is None or _checks[0] != key:
        _checks = (key, TextChecks(fonts))
    return _checks[1]


@dataclass(frozen=True)
class Loaded:
    """What this process loaded and checked, with the keys it was loaded for (picklable)."""

    content: tuple[tuple[object, ...], SiteContent] | None
    checks: tuple[tuple[object, ...], TextChecks] | None


def loaded() -> Loaded:
    """The content and text checks this process holds, to hand to other processes."""
    return Loaded(_content, _checks)


def adopt(state: Loaded) -> None:
    """Use the content and text checks another process of the same build loaded
    (:func:`loaded`); each is used only where its key still matches."""
    global _content, _checks
    if state.content is not None:
        _content = state.content
    if state.checks is not None:
        _checks = state.checks


def markdown_key(extensions: Sequence[object], configs: dict[str, object], settings: dict[str, object]) -> str:
    """The Markdown extensions and their options as text that is the same in every process
    (functions and extension objects by their qualified names, not their addresses), with
    ``settings`` of our own extension."""
    def name(value: object) -> str:
        kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
        return f"{kind.__module__}.{kind.__qualname__}"

    return json.dumps([[e if isinstance(e, str) else name(e) for e in extensions], configs, settings],
                      sort_keys=True, default=name, ensure_ascii=False)

"""What every language of a build reads alike, loaded once per build.

A parallel build gives each worker process several languages in turn, and
MkDocs makes new plugin instances for each: without this module every language
would load and validate ``content/`` again, re-run the glyph and
unsafe-Markdown checks over every source file (about a tenth of a language's
build time at 500 pages) and read and parse every page of ``docs/`` again. All
three are kept here for the process, keyed by what decides them (the folders'
file names, modification times and sizes, the languages, the fonts,
``mkdocs.yml``; each page's own path, modification time and size), so a changed
source is always read again.

A parallel build loads, reads and checks once, in its own process, and hands
the result to its language processes: :func:`loaded` there, :func:`adopt` in
each of them (``publish.build``). A process that adopted a result still
compares the keys, so a file edited meanwhile is read again. Its language processes
say which Markdown bodies they converted and found clean (:func:`clean_bodies`):
the build's own process does not convert those again for its text checks. They also say,
for each page they wrote, whether it is a fallback copy (:func:`written_pages`): the
sitemap need not read every page of every language again.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.checks import ResultCache, TextChecks
from ..content.errors import ContentProblem
from ..content.load_cache import load_content_cached
from ..content.loader import SiteContent, load_content
from ..content.reader import ReadError, Source, copy_data, decode, parse_markdown, read_markdown
from ..work_log import note
from .preview import source_stamp

_content: tuple[tuple[object, ...], SiteContent] | None = None
_checks: tuple[tuple[object, ...], TextChecks] | None = None
# docs page (absolute path) → ((modification time ns, size), what reading it gave)
_pages: dict[str, tuple[tuple[int, int], Source | ContentProblem]] = {}
# a generated page's Markdown → what reading it gave (at most GENERATED_KEPT texts)
_generated: dict[str, Source] = {}
GENERATED_KEPT = 20_000
# a language process whose build's own process runs the text checks
_checks_elsewhere = False
# what such a process converted and found clean (content.checks.clean_body_digest of each)
_clean_bodies: set[str] = set()
# what such a process wrote: site path -> whether the page is a fallback copy (languages.shown_language)
_written_pages: dict[str, bool] = {}
# a language process of a parallel build: what tells the build that the default language's
# page bodies are written to the build cache (a multiprocessing Event; publish.schedule)
_bodies_signal: Any = None
# ... that the first language showing only the default's wrote the collection bodies and search
# texts it shares with the others (a multiprocessing Event), and this language's part: "make"
# (set it once written), "read" (wait for it before the first), "" (neither)
_shared_signal: Any = None
_shared_role = ""


def shared_content(root: Path, codes: Sequence[str], default: str,
                   load: Callable[[Path, list[str], str], SiteContent] = load_content,
                   results: ResultCache | None = None) -> SiteContent:
    """``load(root, codes, default)``, or the last result of the same ``load`` for the same unchanged
    files; with ``results`` (the build cache) and the content loader itself, a load of earlier
    builds when nothing changed (:mod:`..content.load_cache`)."""
    global _content
    key = (load, str(root.resolve()), tuple(codes), default, source_stamp([root]))
    if _content is None or _content[0] != key:
        if load is load_content and results is not None:
            _content = (key, load_content_cached(root, list(codes), default, results))
        else:
            _content = (key, load(root, list(codes), default))
    return _content[1]


def shared_page(path: Path) -> Source:
    """``read_markdown(path)`` (a page of ``docs/``: front matter and body), read once for as long
    as the file keeps its modification time and size; raises the same :class:`ReadError`.
    ``data`` is the caller's own copy (MkDocs hands it to the page as ``page.meta``)."""
    name = os.path.abspath(path)
    stat = os.stat(name)
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _pages.get(name)
    if known is None or known[0] != stamp:
        note("read-page", name)
        try:
            known = _pages[name] = (stamp, read_markdown(Path(name)))
        except ReadError as error:
            known = _pages[name] = (stamp, error.problem)
    if isinstance(known[1], ContentProblem):
        raise ReadError(known[1])
    return dataclasses.replace(known[1], data=copy_data(known[1].data))


def shared_generated_page(text: str, path: Path) -> Source:
    """``parse_markdown(decode(text), path)`` of a generated page's Markdown, parsed once per process
    for the same text (a language showing another's text gives the same Markdown); a text the
    reader refuses raises :class:`ReadError` naming ``path`` (and is not kept)."""
    known = _generated.get(text)
    if known is None:
        known = parse_markdown(decode(text.encode("utf-8"), path), path)
        if len(_generated) >= GENERATED_KEPT:
            _generated.clear()
        _generated[text] = known
    return dataclasses.replace(known, path=path, data=copy_data(known.data))


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
    pages: dict[str, tuple[tuple[int, int], Source | ContentProblem]] = dataclasses.field(default_factory=dict)
    # the text checks are not done yet: the process that hands this over runs them
    checks_elsewhere: bool = False


def loaded() -> Loaded:
    """The content, text checks and docs pages this process holds, to hand to other processes."""
    return Loaded(_content, _checks, dict(_pages))


def adopt(state: Loaded) -> None:
    """Use the content, text checks and docs pages another process of the same build loaded
    (:func:`loaded`); each is used only where its key still matches."""
    global _content, _checks, _checks_elsewhere
    if state.content is not None:
        _content = state.content
    if state.checks is not None:
        _checks = state.checks
    _pages.update(state.pages)
    _checks_elsewhere = state.checks_elsewhere


def text_checks_elsewhere() -> bool:
    """True in a language process whose build's own process runs the text checks
    (:func:`adopt` of a :class:`Loaded` with ``checks_elsewhere``): it runs none itself."""
    return _checks_elsewhere


def note_clean_body(digest: str) -> None:
    """A page of this language process converted a body and its HTML broke no content rule
    (``content.checks.clean_body_digest``): the build's own process need not convert it again."""
    _clean_bodies.add(digest)


def clean_bodies() -> frozenset[str]:
    """The digests noted by :func:`note_clean_body` since the last call (which forgets them)."""
    found = frozenset(_clean_bodies)
    _clean_bodies.clear()
    return found


def note_written_page(site_path: str, fallback_copy: bool) -> None:
    """A language process's page at ``site_path`` (``rad/danh-ba/index.html``) is written as
    reviewed, a fallback copy or not (``languages.shown_language`` of its finished HTML)."""
    _written_pages[site_path] = fallback_copy


def written_pages() -> dict[str, bool]:
    """What :func:`note_written_page` noted since the last call (which forgets it)."""
    found = dict(_written_pages)
    _written_pages.clear()
    return found


def signal_bodies_with(event: Any) -> None:
    """This language process tells the build through ``event`` (a ``multiprocessing`` Event, or
    None: nobody waits) when the default language's page bodies are written (:func:`bodies_written`)."""
    global _bodies_signal
    _bodies_signal = event


def bodies_written() -> None:
    """The default language's build of this process converted every page and wrote the bodies
    and their search texts to the build cache: the other languages may start (``publish.schedule``)."""
    if _bodies_signal is not None:
        _bodies_signal.set()


def markdown_key(extensions: Sequence[object], configs: dict[str, object], settings: dict[str, object]) -> str:
    """The Markdown extensions and their options as text that is the same in every process
    (functions and extension objects by their qualified names, not their addresses), with
    ``settings`` of our own extension."""
    def name(value: object) -> str:
        kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
        return f"{kind.__module__}.{kind.__qualname__}"

    return json.dumps([[e if isinstance(e, str) else name(e) for e in extensions], configs, settings],
                      sort_keys=True, default=name, ensure_ascii=False)


def share_with(event: Any) -> None:
    """This language process hears and tells through ``event`` (a ``multiprocessing`` Event)
    when the collection bodies and search texts that the languages showing only the default's
    share (``pages/body_cache.py``) are written by the first of them (:func:`shared_role`)."""
    global _shared_signal
    _shared_signal = event


def shared_role(role: str) -> None:
    """The part of the language this process builds now: ``"make"``: the first language showing
    only the default's, it writes what the others read (then :func:`shared_written`); ``"read"``:
    a later one, it waits for that (:func:`await_shared`) before it needs the first; ``""``: neither."""
    global _shared_role
    _shared_role = role


def shared_written() -> None:
    """The maker's bodies and search texts are written to the build cache (the others may read)."""
    if _shared_role == "make" and _shared_signal is not None:
        _shared_signal.set()


def await_shared(language: str) -> bool:
    """A reader (building ``language``): wait until the maker wrote what it shares, or its process
    ended (the build sets the event then too), once per language build; True when it waited (the
    caller's cache then looks again for what it took for missing)."""
    global _shared_role
    if _shared_role == "read" and _shared_signal is not None:
        note("shared-wait", language)
        _shared_signal.wait()
        _shared_role = ""
        return True
    return False


# a language process of a parallel build: the twin languages' part (plugins/twin_pages.py): the
# event the build sets when the source twin's process ended, and this language's Twin (or None)
_twin_signal: Any = None
_twin: Any = None


def twins_with(event: Any) -> None:
    """This language process hears through ``event`` (a ``multiprocessing`` Event) when the process
    of the twin languages' source ended (built or failed): a twin then waits no longer for its pages."""
    global _twin_signal
    _twin_signal = event


def twin_role(twin: Any) -> None:
    """The part of the language this process builds now in making twins' pages (a
    :class:`.twin_pages.Twin`, or None: none)."""
    global _twin
    _twin = twin


def twin_part() -> tuple[Any, Any]:
    """(:class:`.twin_pages.Twin` or None, the event of :func:`twins_with`) of the language built now."""
    return _twin, _twin_signal

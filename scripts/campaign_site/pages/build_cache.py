"""A folder of finished build products kept between builds, found by their input.

Drawing a link-preview image, choosing a QR code's mask or compiling a template
is the same work for the same input in every build. :class:`BuildCache` keeps each result as a file
named by the SHA-256 of everything that decides its bytes: the input, the
library's version and the source of the module that makes it. Changing any of
these gives a new name, so a stale file is never used; deleting the folder only
makes the next build draw everything again, with the same bytes (the cache holds
nothing a build cannot make). Material's own plugins (social, privacy) keep their
caches the same way, in ``.cache/plugin/<name>`` beside ``mkdocs.yml``.

Kinds (one folder each): ``qr`` (SVG), ``share`` (PNG), ``jinja-<kind>``
(Jinja's compiled templates), ``text-checks``, ``markdown-body`` and
``search-text`` (a converted body and its search text), ``finished-page`` (a
page's HTML as the template wrote it, zlib-compressed, keyed by everything the
template output depends on: ``plugins/finished_pages.py``) and ``page-review``
(what a finished page without findings uses of the theme's CSS, as JSON, keyed by
the SHA-256 of its HTML, the page policy and the stylesheet vocabulary:
``plugins/page_reviews.py``).

Language processes of a parallel build share the folder: a file is written
under a temporary name and renamed into place, so a reader sees all of it or
none of it.

The folder does not grow without end: every entry a build reads or writes gets
its modification time set to now, and after a complete build :func:`prune`
removes the entries used longest ago beyond :data:`KEEP_FACTOR` times the bytes
that build used (builds alternating between two settings, such as two site
addresses, both stay warm; a page edited a hundred times does not keep a
hundred copies).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


class BuildCache:
    """Results (bytes) by a key of text parts, in ``folder/<kind>/``; no folder: no caching.

    A read or write that fails (a full disk, a read-only project) is a miss, never
    an error: the result is made and returned as without a cache.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def jinja(self, kind: str) -> FileSystemBytecodeCache | None:
        """Jinja's own cache of compiled templates in ``folder/jinja-<kind>/`` (None without a folder).

        Jinja checks each entry against the template's source and its own version;
        one folder per kind of environment, because options such as autoescape
        change the compiled code but not Jinja's key.
        """
        if self.folder is None:
            return None
        folder = self.folder / f"jinja-{kind}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return FileSystemBytecodeCache(str(folder))

    def _path(self, kind: str, key: tuple[str, ...]) -> Path:
        assert self.folder is not None
        name = hashlib.sha256("\x00".join((kind, *key)).encode("utf-8")).hexdigest()
        return self.folder / kind / name[:2] / name

    def load(self, kind: str, key: tuple[str, ...]) -> bytes | None:
        """The stored result for ``key``; None when there is none (or no folder, or it cannot be
        read, or it is not whole: see :func:`_sealed`)."""
        if self.folder is None:
            return None
        try:
            path = self._path(kind, key)
            data = _unsealed(path.name, path.read_bytes())
        except OSError:
            return None
        if data is None:  # cut short, damaged, or another key's entry: made again
            return None
        _touch(path)
        return data

    def store(self, kind: str, key: tuple[str, ...], data: bytes) -> None:
        """Keep ``data`` as the result for ``key`` (written whole or not at all; failures ignored)."""
        if self.folder is None:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as tmp:
                tmp.write(_sealed(path.name, data))
            try:
                os.replace(tmp.name, path)
            except OSError:
                os.unlink(tmp.name)
        except OSError:
            pass

    def get(self, kind: str, key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
        """The stored result for ``key``, or ``make()`` (then stored)."""
        stored = self.load(kind, key)
        if stored is not None:
            return stored
        data = make()
        self.store(kind, key, data)
        return data


#: an entry's first bytes: this mark, then the SHA-256 of its name and data (:func:`_sealed`)
_SEAL = b"campaign-cache-1\n"


def _sealed(name: str, data: bytes) -> bytes:
    """``data`` as stored under ``name``: :data:`_SEAL`, the SHA-256 of the name and the data, the data.

    An entry cut short (a crash or a full disk after the rename), changed, or another key's
    entry put in its place does not match its seal and is read as a miss: the cache never
    serves bytes a build with no cache would not make.
    """
    return _SEAL + hashlib.sha256(name.encode("ascii") + b"\x00" + data).digest() + data


def _unsealed(name: str, stored: bytes) -> bytes | None:
    """The data of an entry stored by :func:`_sealed` under ``name``; None when it does not match."""
    start = len(_SEAL) + hashlib.sha256().digest_size
    if not stored.startswith(_SEAL) or len(stored) < start:
        return None
    data = stored[start:]
    if hashlib.sha256(name.encode("ascii") + b"\x00" + data).digest() != stored[len(_SEAL):start]:
        return None
    return data


# entries kept after a complete build: this many times the bytes it used (the most recently used first)
KEEP_FACTOR = 3
# a file's modification time comes from the kernel's coarse clock, a few milliseconds behind
# time.time(): an entry touched this long before the build started still counts as used by it
_CLOCK_MARGIN_S = 2.0


def _touch(path: Path) -> None:
    """Mark an entry as used now (for :func:`prune`); a read-only cache stays as it is."""
    try:
        os.utime(path)
    except OSError:
        pass


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune` found and removed (counts of files, sizes in bytes)."""

    used: int
    used_bytes: int
    removed: int
    removed_bytes: int


def prune(folder: Path, since: float, keep_factor: int = KEEP_FACTOR) -> Pruned:
    """Remove the least recently used entries of ``folder`` after a complete build.

    ``since``: when that build started (``time.time()``). Entries it read or wrote
    (modified since then) are kept, and then older ones, newest first, while all kept
    entries together take at most ``keep_factor`` times the bytes of the used ones.
    Unfinished temporary files older than the build are removed. Jinja's compiled
    templates (``jinja-*``, a few files Jinja names itself) are left alone. Files that
    vanish or cannot be removed meanwhile (another build, a read-only folder) are skipped.
    """
    entries: list[tuple[float, int, str]] = []
    stale: list[str] = []
    threshold = since - _CLOCK_MARGIN_S
    try:
        kinds = [kind for kind in folder.iterdir() if kind.is_dir() and not kind.name.startswith("jinja-")]
    except OSError:
        return Pruned(0, 0, 0, 0)
    for kind in kinds:
        for entry in _files(str(kind)):
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(".tmp-"):
                if stat.st_mtime < threshold:
                    stale.append(entry.path)
                continue
            entries.append((stat.st_mtime, stat.st_size, entry.path))
    used = [(mtime, size, path) for mtime, size, path in entries if mtime >= threshold]
    used_bytes = sum(size for _, size, _ in used)
    budget = keep_factor * used_bytes - used_bytes
    removed = removed_bytes = 0
    for mtime, size, path in sorted((e for e in entries if e[0] < threshold), key=lambda e: e[0], reverse=True):
        if size <= budget:
            budget -= size
            continue
        budget = -1  # keep the most recent ones only: nothing older than a removed entry stays
        try:
            os.unlink(path)
        except OSError:
            continue
        removed, removed_bytes = removed + 1, removed_bytes + size
    for path in stale:
        try:
            os.unlink(path)
        except OSError:
            pass
    return Pruned(len(used), used_bytes, removed, removed_bytes)


def _files(folder: str) -> Iterator[os.DirEntry]:
    """Every file under ``folder`` (links not followed); folders that cannot be read are skipped."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files(entry.path)
        else:
            yield entry


def build_started() -> float:
    """The moment to pass to :func:`prune` as ``since`` (now, ``time.time()``)."""
    return time.time()

"""A folder of finished build products kept between builds, found by their input.

Drawing a link-preview image, choosing a QR code's mask or compiling a template
is the same work for the same input in every build. :class:`BuildCache` keeps each result
under the SHA-256 of everything that decides its bytes: the input, the
library's version and the source of the module that makes it. Changing any of
these gives a new name, so a stale entry is never used; deleting the folder only
makes the next build draw everything again, with the same bytes (the cache holds
nothing a build cannot make). Material's own plugins (social, privacy) keep their
caches in ``.cache/plugin/<name>`` beside ``mkdocs.yml``; ours is the same folder.

The entries are rows of one SQLite database in that folder, written in batches
(:mod:`.cache_database`: a cold build makes ~27,000 entries, which cost a sixth
of its time as one file each); only Jinja's compiled templates stay files of
their own (``jinja-<kind>/``, Jinja's own cache).

Kinds: ``qr`` (SVG), ``share`` (PNG), ``text-checks``, ``markdown-body`` and
``search-text`` (a converted body and its search text), ``clean-body`` (a rendered body found
to break no content rule: ``plugins/page_bodies.py``), ``collection-body`` and
``collection-body-shared`` (a collection template's output for one language, or for every
language showing only the default's: ``pages/body_cache.py``), ``finished-page`` (a
page's HTML as the template wrote it, Zstandard-compressed, keyed by everything the
template output depends on: ``plugins/finished_pages.py``) and ``page-review``
(what a finished page without findings uses of the theme's CSS, as JSON, keyed by
the SHA-256 of its HTML, the page policy and the stylesheet vocabulary:
``plugins/page_reviews.py``).

The cache does not grow without end: every entry a build reads or writes is
marked used then, and after a complete build :func:`prune` removes the entries
used longest ago beyond :data:`KEEP_FACTOR` times the bytes that build used
(builds alternating between two settings, such as two site addresses, both stay
warm; a page edited a hundred times does not keep a hundred copies).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .cache_database import DATABASE, store_for


class BuildCache:
    """Results (bytes) by a key of text parts, in ``folder`` (:mod:`.cache_database`); no folder:
    no caching.

    A read or write that fails (a full disk, a read-only project) is a miss, never
    an error: the result is made and returned as without a cache.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._last: tuple[str, tuple[str, ...], str] | None = None  # (kind, key, name) last named

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

    @staticmethod
    def _name(kind: str, key: tuple[str, ...]) -> str:
        """An entry's name: the SHA-256 (hex) of its kind and key."""
        return hashlib.sha256("\x00".join((kind, *key)).encode("utf-8")).hexdigest()

    def _named(self, kind: str, key: tuple[str, ...]) -> str:
        """:meth:`_name`, the last one remembered (a miss names its entry to look it up, then
        to store it)."""
        last = self._last
        if last is not None and last[1] == key and last[0] == kind:
            return last[2]
        name = self._name(kind, key)
        self._last = (kind, key, name)
        return name

    def load(self, kind: str, key: tuple[str, ...]) -> bytes | None:
        """The stored result for ``key``; None when there is none (or no folder, or it cannot be
        read, or it is not whole: see :func:`_sealed`)."""
        if self.folder is None:
            return None
        name = self._named(kind, key)
        stored = store_for(self.folder).read(bytes.fromhex(name))
        if stored is None:
            return None
        return _unsealed(name, stored)  # (None: damaged, or another key's entry: made again)

    def store(self, kind: str, key: tuple[str, ...], data: bytes) -> None:
        """Keep ``data`` as the result for ``key`` (written whole or not at all, with this process's
        next batch; failures ignored)."""
        if self.folder is None:
            return
        name = self._named(kind, key)
        store_for(self.folder).write(bytes.fromhex(name), kind, _sealed(name, data))

    def write_pending(self) -> None:
        """Write what this process has not written yet, now (other processes can read it then)."""
        if self.folder is not None:
            store_for(self.folder).flush()

    def written_elsewhere(self) -> None:
        """Another process of this build says it wrote entries just now: none of them is taken
        for missing (:meth:`.cache_database.EntryStore.written_elsewhere`)."""
        if self.folder is not None:
            store_for(self.folder).written_elsewhere()

    def finish(self) -> None:
        """Write what this process has not written yet (the end of a build; a process that
        ends without it loses only those entries)."""
        if self.folder is not None:
            store_for(self.folder).close()

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

    An entry cut short, changed (a damaged database page), or another key's
    entry put in its place does not match its seal and is read as a miss: the cache never
    serves bytes a build with no cache would not make.
    """
    return b"".join((_SEAL, _seal(name, data), data))


def _seal(name: str, data: bytes) -> bytes:
    """SHA-256 of the entry's name, a NUL and its data (hashed without copying ``data``)."""
    seal = hashlib.sha256(name.encode("ascii") + b"\x00")
    seal.update(data)
    return seal.digest()


def _unsealed(name: str, stored: bytes) -> bytes | None:
    """The data of an entry stored by :func:`_sealed` under ``name``; None when it does not match."""
    start = len(_SEAL) + hashlib.sha256().digest_size
    if not stored.startswith(_SEAL) or len(stored) < start:
        return None
    data = stored[start:]
    if _seal(name, data) != stored[len(_SEAL):start]:
        return None
    return data


# entries kept after a complete build: this many times the bytes it used (the most recently used first)
KEEP_FACTOR = 3
# an entry marked used this long before the build started still counts as used by it (the
# build's start is taken before its processes start, their clocks agree: a small margin)
_CLOCK_MARGIN_S = 2.0


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune` found and removed (counts of entries, sizes in bytes)."""

    used: int
    used_bytes: int
    removed: int
    removed_bytes: int


def prune(folder: Path, since: float, keep_factor: int = KEEP_FACTOR) -> Pruned:
    """Remove the least recently used entries of ``folder`` after a complete build.

    ``since``: when that build started (``time.time()``). Entries it read or wrote
    (marked used since then) are kept, and then older ones, most recently used first,
    while all kept entries together take at most ``keep_factor`` times the bytes of
    the used ones. Jinja's compiled templates (``jinja-*``, a few files Jinja names
    itself) are left alone; so is a database that another build is writing (the
    entries are left for a later build to prune). Entry files of the cache's earlier
    layout (``<kind>/<2 hex>/<64 hex>``, and their unfinished ``.tmp-*`` files) are removed.
    """
    _remove_entry_files(folder)
    store = store_for(folder)
    store.flush()  # (what this process has not written yet)
    if not (folder / DATABASE).is_file():
        return Pruned(0, 0, 0, 0)
    rows = store.rows()
    if rows is None:
        store.close()
        return Pruned(0, 0, 0, 0)
    threshold = since - _CLOCK_MARGIN_S
    used = [(when, size, name) for name, size, when in rows if when >= threshold]
    used_bytes = sum(size for _, size, _ in used)
    budget = keep_factor * used_bytes - used_bytes
    removed: list[tuple[int, bytes]] = []
    for when, size, name in sorted(((w, s, n) for n, s, w in rows if w < threshold), reverse=True):
        if size <= budget:
            budget -= size
            continue
        budget = -1  # keep the most recent ones only: nothing older than a removed entry stays
        removed.append((size, name))
    done = store.remove(name for _, name in removed)
    store.close()
    if not done:
        return Pruned(len(used), used_bytes, 0, 0)
    return Pruned(len(used), used_bytes, len(removed), sum(size for size, _ in removed))


_ENTRY_FILE = re.compile(r"[0-9a-f]{64}|\.tmp-.*")
_ENTRY_FOLDER = re.compile(r"[0-9a-f]{2}")


def _remove_entry_files(folder: Path) -> None:
    """Remove the entry files the cache kept before it kept a database, and their folders
    when nothing else is in them (anything else stays)."""
    try:
        kinds = [kind for kind in folder.iterdir() if kind.is_dir() and not kind.name.startswith("jinja-")]
    except OSError:
        return
    for kind in kinds:
        for sub in _listing(kind):
            if not _ENTRY_FOLDER.fullmatch(sub.name) or not sub.is_dir() or sub.is_symlink():
                continue
            for entry in _listing(sub):
                if _ENTRY_FILE.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
                    try:
                        entry.unlink()
                    except OSError:
                        pass
            _remove_if_empty(sub)
        _remove_if_empty(kind)


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def build_started() -> float:
    """The moment to pass to :func:`prune` as ``since`` (now, ``time.time()``)."""
    return time.time()

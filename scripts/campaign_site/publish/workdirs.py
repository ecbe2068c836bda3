"""Work folders of a build, and removing the ones a killed build left behind.

A build of ``site/`` works beside it, in folders named after it so that they
are on the same file system (for the final exchange) and recognisably ours::

    .site.building-<id>.lock     held locked (``flock``) while the build runs
    .site.building-<id>/         the site being built
    .site.building-<id>.<lang>/  one language, in a parallel build
    .site.building-<id>.old/     the previous site, being deleted

A build killed with ``kill -9`` (or a power cut) cannot clean up; the next
build of the same folder removes every group whose lock file is missing or
not locked any more (the kernel drops the lock of a dead process). Groups of a
build still running are left alone. Nothing else is ever removed. On systems
without ``fcntl`` (Windows) stale folders are left in place.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_SUFFIX = ".lock"


def _pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"(\.{re.escape(target.name)}\.building-[A-Za-z0-9_]+)(?:\.[A-Za-z0-9_-]+)?")


class WorkFolder:
    """A locked work-folder group for building ``target``; use as a context manager.

    ``path`` is the folder to build into (not created); :meth:`part` names a
    sibling for one language. Leaving the context removes every folder of the
    group still there and releases the lock.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        handle, lock = tempfile.mkstemp(prefix=f".{target.name}.building-", suffix=LOCK_SUFFIX, dir=target.parent)
        self._handle = handle
        self.lock = Path(lock)
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.path = self.lock.with_name(self.lock.name.removesuffix(LOCK_SUFFIX))

    def part(self, language: str) -> Path:
        """The work folder of one language."""
        return self.path.with_name(f"{self.path.name}.{language}")

    def __enter__(self) -> WorkFolder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pattern = _pattern(self.target)
        for entry in self.target.parent.iterdir():
            match = pattern.fullmatch(entry.name)
            if match and match[1] == self.path.name and entry != self.lock:
                _remove(entry)
        os.close(self._handle)
        self.lock.unlink(missing_ok=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _abandoned(lock: Path) -> bool:
    """Whether the build that holds ``lock`` has ended (the lock is missing or free)."""
    try:
        handle = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(handle)
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the work folders of builds of ``target`` that ended without cleaning up.

    Returns what was removed. Only names of the form above are considered.
    """
    if fcntl is None or not target.parent.is_dir():
        return []
    pattern = _pattern(target)
    groups: dict[str, list[Path]] = {}
    for entry in target.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match:
            groups.setdefault(match[1], []).append(entry)
    removed = []
    for name, entries in sorted(groups.items()):
        lock = target.parent / f"{name}{LOCK_SUFFIX}"
        if not _abandoned(lock):
            continue
        for entry in sorted(entries, key=lambda p: p == lock):  # the lock file last
            _remove(entry)
            removed.append(entry)
    return removed

"""SHA-256 fingerprints of what decides a cached result: folders of files, our package, libraries.

Every cache of a build (``pages/build_cache.py`` and the caches that use it: the
loaded content, collection bodies, converted bodies, finished pages, page
reviews) names an entry by the digest of all its inputs. The inputs they share
are digested here, one way for all of them:

- :func:`folder_digest`: every file under a folder (``content/``, a theme folder)
  by its path, where a symbolic link points, and its bytes (or only its size,
  under a subfolder whose files pages show only the size of);
- :func:`package_digest`: every file of our package (Python source, message
  catalogs, templates), compiled bytecode left out;
- :func:`library_versions` and :func:`source_fingerprint`: installed versions of
  named libraries, the source of named modules;
- :func:`theme_folder_fingerprint`: a theme folder inside the installed libraries
  by its place (their versions stand for its files), any other by its files.

All are hex strings; a missing folder has a digest of its own. Functions that read
files raise :class:`OSError` when a file cannot be read.
"""

from __future__ import annotations

import hashlib
import os
import sysconfig
import time
from collections.abc import Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # campaign_site/


def library_versions(names: tuple[str, ...]) -> str:
    """``name=version`` of each installed distribution in ``names`` (``name=-`` when missing), space-separated."""
    found = []
    for name in names:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return " ".join(found)


def source_fingerprint(*modules: object) -> str:
    """SHA-256 (hex) of the source files of ``modules`` (``module.__file__``)."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())  # type: ignore[attr-defined]
    return digest.hexdigest()


def folder_digest(root: Path, *, sizes_only: Path | None = None, skip: frozenset[str] = frozenset()) -> str:
    """SHA-256 (hex) of every file under ``root``, in name order: its path relative to ``root``,
    where it points if it is a symbolic link, and its bytes — or only its size for files
    under ``sizes_only``. Links to folders are followed once (a link back up the tree is
    not walked again); folders named in ``skip`` are left out. A missing ``root`` has a
    digest of its own. Raises :class:`OSError` when a file cannot be read.

    A process reads the files again only when one changed: the digest is kept with each
    file's status (modification and change times in ns, size, inode, device) and given again
    while every file, and the list of files, shows the same status. It is kept only when every
    file was last changed :data:`SETTLED_NS` before the reading began, so that a write within
    the file system's timestamp granularity (a jiffy on Linux, 2 s on FAT) cannot hide behind
    an unchanged status (git's "racily clean" entries). (Every language process of a build
    digests ``content/`` for several caches: ~50 ms each at full size.)
    """
    if not root.is_dir():
        digest = hashlib.sha256()
        digest.update(b"\x00absent")
        return digest.hexdigest()
    started = time.time_ns()
    files = _files(root, skip)
    status = tuple((path, target, *_status(path)) for path, target in files)
    key = (os.path.abspath(root), str(root), str(sizes_only), skip)
    known = _KNOWN.get(key)
    if known is not None and known[0] == status:
        return known[1]
    sizes_from = str(sizes_only) + os.sep if sizes_only is not None else None
    digest = hashlib.sha256()
    for path, target in files:
        if sizes_from is not None and path.startswith(sizes_from):
            content = f"size:{os.stat(path).st_size}"
        else:
            with open(path, "rb") as file:
                content = hashlib.file_digest(file, "sha256").hexdigest()
        relative = os.path.relpath(path, root)
        digest.update(f"{relative}\x00{target}\x00{content}\x00".encode("utf-8", "surrogateescape"))
    if all(max(mtime, ctime) < started - SETTLED_NS for _, _, mtime, ctime, *_ in status):
        if len(_KNOWN) >= KNOWN_FOLDERS:
            _KNOWN.clear()
        _KNOWN[key] = (status, digest.hexdigest())
    return digest.hexdigest()


# folder digests of this process: (folder, how digested) → (each file's status, digest)
_KNOWN: dict[tuple[object, ...], tuple[tuple[object, ...], str]] = {}
KNOWN_FOLDERS = 32
SETTLED_NS = 3_000_000_000  # 3 s


def _files(root: Path, skip: frozenset[str]) -> list[tuple[str, str]]:
    """``(path, where it points if a symbolic link, else "")`` of every file under ``root``, in
    the order :func:`folder_digest` reads them."""
    files = []
    visited: set[str] = set()
    for folder, folders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:
            folders[:] = []
            continue
        visited.add(real)
        folders[:] = sorted(name for name in folders if name not in skip)
        for name in sorted(names):
            path = os.path.join(folder, name)
            files.append((path, os.readlink(path) if os.path.islink(path) else ""))
    return files


def _status(path: str) -> tuple[int, ...]:
    """What changes when the file at ``path`` (followed if a link) is written or replaced."""
    found = os.stat(path)
    return found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino, found.st_dev


def package_digest(package: Path = PACKAGE) -> str:
    """:func:`folder_digest` of our package without compiled bytecode (``__pycache__``)."""
    return folder_digest(package, skip=frozenset({"__pycache__"}))


@cache
def our_package() -> str:
    """:func:`package_digest` of the installed package, once per process."""
    return package_digest()


def theme_folder_fingerprint(folder: str | Path) -> str:
    """``installed:<path>`` for a folder inside the installed libraries (their versions stand for
    its files), else ``files:<folder_digest>`` (our ``overrides/``, the campaign plugin's
    generated partials)."""
    path = Path(folder).resolve()
    for kind in ("purelib", "platlib"):
        library = Path(sysconfig.get_paths()[kind]).resolve()
        if path.is_relative_to(library):
            return f"installed:{path.relative_to(library).as_posix()}"
    return f"files:{folder_digest(path)}"


def theme_folders_digest(folders: Sequence[str | Path]) -> str:
    """SHA-256 (hex) of :func:`theme_folder_fingerprint` of each folder, in order (which one wins a name)."""
    digest = hashlib.sha256()
    for position, folder in enumerate(folders):
        digest.update(f"{position}\x00{theme_folder_fingerprint(folder)}\x00".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()

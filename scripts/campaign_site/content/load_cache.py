"""The validated content of an unchanged ``content/`` folder, kept between builds.

Loading and validating ``content/`` (:func:`.loader.load_content`: about a second
for 1,000 services and 500 resources) gives the same :class:`.loader.SiteContent`
for the same files. :func:`load_content_cached` keeps it pickled in the build
cache (``pages.build_cache.BuildCache``), named by everything that decides it:

- every file under the folder: its path, its bytes (SHA-256) and, for a symbolic
  link, where it points (a media file's place is checked);
- the site's languages and default language, the folder's absolute path and the
  working folder (problems name files relative to it);
- the source of every module of this package, and the versions of Python,
  pydantic, pydantic-core, ruamel.yaml and its C parser (which word YAML errors).

A load that found problems is never kept: it is made again, so the problems
always come from the files as they are. Deleting the cache only makes the next
build load again, with the same result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .loader import SiteContent, load_content

if TYPE_CHECKING:
    from .checks import ResultCache

KIND = "content"
_PACKAGE = Path(__file__).resolve().parent.parent


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


@cache
def code_fingerprint() -> str:
    """SHA-256 (hex) of this package's Python source and the libraries' versions that decide a load."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for name in ("pydantic", "pydantic-core", "ruamel.yaml", "ruamel.yaml.clib"):
        digest.update(f"\x00{name}={_version(name)}".encode("utf-8"))
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(b"\x00" + path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def folder_digest(root: Path) -> str:
    """SHA-256 (hex) of every file under ``root`` (symbolic links followed once): relative path,
    link target, bytes. Raises :class:`OSError` when a file cannot be read."""
    digest = hashlib.sha256()
    visited: set[str] = set()
    for folder, folders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:  # a link back up the tree
            folders[:] = []
            continue
        visited.add(real)
        folders.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            target = os.readlink(path) if os.path.islink(path) else ""
            with open(path, "rb") as file:
                data_digest = hashlib.file_digest(file, "sha256").hexdigest()
            relative = os.path.relpath(path, root)
            digest.update(f"{relative}\x00{target}\x00{data_digest}\x00".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def content_key(root: Path, site_languages: list[str], default_language: str) -> tuple[str, ...]:
    """Everything that decides what :func:`.loader.load_content` returns for ``root``."""
    return (str(root.resolve()), os.getcwd(), " ".join(site_languages), default_language,
            folder_digest(root), code_fingerprint())


def load_content_cached(root: Path, site_languages: list[str], default_language: str,
                        results: ResultCache | None) -> SiteContent:
    """:func:`.loader.load_content`, read from ``results`` when nothing that decides it changed;
    a load with problems is neither kept nor read back. Without ``results``: a plain load."""
    if results is None:
        return load_content(root, site_languages, default_language)
    try:
        key = content_key(root, site_languages, default_language)
    except OSError:  # a file vanished or cannot be read: the loader says which
        return load_content(root, site_languages, default_language)
    made: list[SiteContent] = []

    def make() -> bytes:
        made.append(load_content(root, site_languages, default_language))
        if made[0].problems:
            raise _NotKept
        return pickle.dumps(made[0], protocol=pickle.HIGHEST_PROTOCOL)

    try:
        data = results.get(KIND, key, make)
    except _NotKept:
        return made[0]
    return made[0] if made else pickle.loads(data)


class _NotKept(Exception):
    """A load with problems: returned, never stored."""

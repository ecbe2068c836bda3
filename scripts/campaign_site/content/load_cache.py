"""The validated content of an unchanged ``content/`` folder, kept between builds.

Loading and validating ``content/`` (:func:`.loader.load_content`: about a second
for 1,000 services and 500 resources) gives the same :class:`.loader.SiteContent`
for the same files. :func:`load_content_cached` keeps it pickled in the build
cache (``pages.build_cache.BuildCache``), named by everything that decides it:

- every file under the folder (:func:`..fingerprints.folder_digest`): its path,
  its bytes (SHA-256) and, for a symbolic link, where it points (a media file's
  place is checked);
- the site's languages and default language, the folder's absolute path and the
  working folder (problems name files relative to it);
- every file of this package (:func:`..fingerprints.package_digest`), and the versions of Python,
  pydantic, pydantic-core, ruamel.yaml and its C parser (which word YAML errors).

A load that found problems is never kept: it is made again, so the problems
always come from the files as they are. Nor is a load during which a file
changed (its key is taken again after loading): kept under the key of the files
before the change, it would be served after an undo brings them back. Deleting the cache only makes the next
build load again, with the same result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..fingerprints import folder_digest, library_versions, our_package
from .loader import SiteContent, load_content

if TYPE_CHECKING:
    from .checks import ResultCache

KIND = "content"


@cache
def code_fingerprint() -> str:
    """SHA-256 (hex) of Python's and the libraries' versions that decide a load, and our package."""
    versions = library_versions(("pydantic", "pydantic-core", "ruamel.yaml", "ruamel.yaml.clib"))
    return hashlib.sha256(f"{sys.version}\x00{versions}\x00{our_package()}".encode("utf-8")).hexdigest()


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
    stored = results.load(KIND, key)
    if stored is not None:
        return pickle.loads(stored)
    content = load_content(root, site_languages, default_language)
    # a load with problems is never kept; nor one during which a file was saved (what was
    # read is not what the key names)
    if not content.problems and _key_now(root, site_languages, default_language) == key:
        results.store(KIND, key, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
    return content


def _key_now(root: Path, site_languages: list[str], default_language: str) -> tuple[str, ...] | None:
    try:
        return content_key(root, site_languages, default_language)
    except OSError:
        return None

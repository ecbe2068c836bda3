"""A folder of finished build products kept between builds, found by their input.

Drawing a link-preview image, choosing a QR code's mask or compiling a template
is the same work for the same input in every build. :class:`BuildCache` keeps each result as a file
named by the SHA-256 of everything that decides its bytes: the input, the
library's version and the source of the module that makes it. Changing any of
these gives a new name, so a stale file is never used; deleting the folder only
makes the next build draw everything again, with the same bytes (the cache holds
nothing a build cannot make). Material's own plugins (social, privacy) keep their
caches the same way, in ``.cache/plugin/<name>`` beside ``mkdocs.yml``.

Language processes of a parallel build share the folder: a file is written
under a temporary name and renamed into place, so a reader sees all of it or
none of it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def source_fingerprint(*modules: object) -> str:
    """SHA-256 (hex) of the source files of ``modules`` (``module.__file__``)."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())  # type: ignore[attr-defined]
    return digest.hexdigest()


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

    def get(self, kind: str, key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
        """The stored result for ``key``, or ``make()`` (then stored)."""
        if self.folder is None:
            return make()
        name = hashlib.sha256("\x00".join((kind, *key)).encode("utf-8")).hexdigest()
        path = self.folder / kind / name[:2] / name
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = make()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as tmp:
                tmp.write(data)
            try:
                os.replace(tmp.name, path)
            except OSError:
                os.unlink(tmp.name)
        except OSError:
            pass
        return data

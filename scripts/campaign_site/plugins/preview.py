"""What the live preview (``campaign-site serve``) reuses between rebuilds.

MkDocs keeps our plugin instance across rebuilds; with ``--dirty`` it renders
only the pages whose source is newer than their output. The campaign adds:
content is reloaded only when a file under ``content/``, the theme overrides or
``mkdocs.yml`` changed, and then every page is rebuilt (lists and labels
appear on many pages); otherwise generated collection pages are kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import Files

Stamp = frozenset[tuple[str, int, int]]


def source_stamp(paths: Iterable[Path]) -> Stamp:
    """A fingerprint (path, modification time, size) of every file under ``paths``."""
    found: set[tuple[str, int, int]] = set()
    for root in paths:
        if root.is_file():
            stat = root.stat()
            found.add((str(root), stat.st_mtime_ns, stat.st_size))
            continue
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                stat = os.stat(path)
                found.add((path, stat.st_mtime_ns, stat.st_size))
    return frozenset(found)


def _always(result: bool):
    return lambda: result


def mark_changed_pages(files: Files, content_changed: bool) -> None:
    """Tell a ``--dirty`` build which pages to render again.

    Changed content: all of them. Otherwise MkDocs' own test (source newer
    than output) for written pages, and generated pages that already have
    an output are left as they are.
    """
    for file in files.documentation_pages():
        if content_changed:
            file.is_modified = _always(True)  # type: ignore[method-assign]
        elif file.generated_by is not None and os.path.exists(file.abs_dest_path):
            file.is_modified = _always(False)  # type: ignore[method-assign]

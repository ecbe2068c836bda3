"""Theme files the site never uses: left out of the build and of every published copy.

The one list of them: the build deletes them (:func:`remove_unused_theme_files`),
publishing (``publish/selection.py``) leaves them out of bundles and ZIM files
when a site was built some other way (:func:`is_unused_theme_file`).
"""

from __future__ import annotations

import re
import shutil
from fnmatch import fnmatchcase
from pathlib import Path

# Material's lunr search (replaced by our folding search) and its worker
UNUSED_FOLDERS = ("assets/javascripts/lunr", "assets/javascripts/workers")
# Material's application script: the pages do not load it (overrides/main.html)
UNUSED_FILES = ("assets/javascripts/bundle.*.min.js",)
# source maps: for debugging Material's own sources
UNUSED_SUFFIXES = (".map",)
# a reference to one of the unused folders, e.g. "javascripts/lunr/" (kept files must have none)
UNUSED_FOLDER_REFERENCE = re.compile("|".join(re.escape(folder.split("/", 1)[1] + "/") for folder in UNUSED_FOLDERS))


def is_unused_theme_file(relative: str) -> bool:
    """Whether the site file ``relative`` (POSIX path from the site root) is an unused theme file."""
    return (relative.endswith(UNUSED_SUFFIXES)
            or any(relative.startswith(folder + "/") for folder in UNUSED_FOLDERS)
            or any(fnmatchcase(relative, pattern) for pattern in UNUSED_FILES))


def remove_unused_theme_files(site_dir: Path) -> None:
    """Delete Material's unused scripts, its search engine and every source map."""
    for folder in UNUSED_FOLDERS:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    for pattern in UNUSED_FILES:
        for path in site_dir.glob(pattern):
            path.unlink()
    for suffix in UNUSED_SUFFIXES:  # (Material's, under assets/)
        for path in site_dir.glob(f"assets/**/*{suffix}"):
            path.unlink()

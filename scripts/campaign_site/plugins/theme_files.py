"""Theme files the site never uses, removed from the output."""

from __future__ import annotations

import shutil
from pathlib import Path

# Material's lunr search (replaced by our folding search) and its worker
UNUSED_FOLDERS = ("assets/javascripts/lunr", "assets/javascripts/workers")
# Material's application script: the pages do not load it (overrides/main.html)
UNUSED_FILES = ("assets/javascripts/bundle.*.min.js",)


def remove_unused_theme_files(site_dir: Path) -> None:
    """Delete Material's unused scripts, its search engine and every source map."""
    for folder in UNUSED_FOLDERS:
        shutil.rmtree(site_dir / folder, ignore_errors=True)
    for pattern in UNUSED_FILES:
        for path in site_dir.glob(pattern):
            path.unlink()
    for source_map in site_dir.glob("assets/**/*.map"):
        source_map.unlink()

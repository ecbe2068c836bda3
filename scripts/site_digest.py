#!/usr/bin/env python3
"""Print every file of a built site with its SHA-256, sorted by path.

Used to show that a restructuring commit changes no output:

    SOURCE_DATE_EPOCH=1669075200 CAMPAIGN_TODAY=2022-11-20 campaign-site build --out /tmp/a
    python scripts/site_digest.py /tmp/a > before.txt      # then again after the change
    diff before.txt after.txt                              # empty: byte-identical

Usage: site_digest.py SITE_DIR   (exit 2 when SITE_DIR is not a folder)
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def digest(root: Path) -> list[str]:
    """``<sha256>  <path>`` lines (``sha256sum`` format) for every file under ``root``."""
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    print("\n".join(digest(Path(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

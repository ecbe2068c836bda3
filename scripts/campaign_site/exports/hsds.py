"""Open Referral HSDS 3 export of the support directory (stub, being written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.loader import SiteContent


def write_hsds(content: SiteContent, site_dir: Path, site_url: str | None, stamp: dt.datetime) -> list[Path]:
    """Write ``data/hsds/`` below ``site_dir``; return the files written."""
    return []

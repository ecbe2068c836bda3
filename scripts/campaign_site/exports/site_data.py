"""Files written next to the pages, from the content types' hooks (content/types.py):
each type's ``exports`` once per site (data exports), its ``language_exports``
once per language (calendars).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..content.loader import SiteContent
from ..content.types import content_types, resolve
from ..dates import build_timestamp


def write_site_data(content: SiteContent, site_dir: Path, site_url: str | None = None,
                    today: str | None = None) -> list[Path]:
    """Write the language-independent exports below ``site_dir``; return the paths written."""
    stamp = build_timestamp(today)
    return [path for kind in content_types() for export in kind.exports
            for path in resolve(export)(content, site_dir, site_url, stamp)]


def write_language_data(content: SiteContent, site_dir: Path, lang: str, today: str | None = None,
                        options: Mapping[str, object] | None = None) -> list[Path]:
    """Write the files of ``lang`` (its calendars…) below ``site_dir``; return the paths written.

    ``options``: the campaign plugin's settings, given to each hook (e.g. ``timezone``).
    """
    options = options or {}
    stamp = build_timestamp(today)
    return [path for kind in content_types() for export in kind.language_exports
            for path in resolve(export)(content, site_dir, lang, stamp, options)]

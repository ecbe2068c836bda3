"""Files written next to the pages: data exports (once) and calendars (per language)."""

from __future__ import annotations

from pathlib import Path

from ..content.loader import SiteContent
from ..dates import build_timestamp
from ..urls import calendar_path, event_calendar_path, language_prefix
from .calendar import DEFAULT_TIMEZONE, campaign_calendar, event_calendar
from .hsds import write_hsds


def write_site_data(content: SiteContent, site_dir: Path, site_url: str | None = None,
                    today: str | None = None) -> list[Path]:
    """Write the language-independent exports below ``site_dir``; return the paths written."""
    return write_hsds(content, site_dir, site_url, build_timestamp(today))


def write_calendars(content: SiteContent, site_dir: Path, lang: str, today: str | None = None,
                    timezone: str = DEFAULT_TIMEZONE) -> list[Path]:
    """Write the calendars of ``lang`` in its folder (``lich/…``, ``en/lich/…``); return their paths."""
    stamp = build_timestamp(today)
    folder = site_dir / language_prefix(lang, content.default_language)
    written = []
    for year in sorted(content.campaigns):
        events = content.campaign_events(year)
        path = folder / calendar_path(year)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(campaign_calendar(content, year, events, stamp, lang, timezone))
        written.append(path)
        for event in events:
            path = folder / event_calendar_path(event)
            path.write_bytes(event_calendar(content, event, stamp, lang, timezone))
            written.append(path)
    return written

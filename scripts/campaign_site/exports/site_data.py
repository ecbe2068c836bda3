"""Language-independent files written next to the pages: calendars, data exports."""

from __future__ import annotations

from pathlib import Path

from ..content.loader import SiteContent
from ..dates import build_timestamp
from ..urls import calendar_path, event_calendar_path
from .calendar import campaign_calendar, event_calendar
from .hsds import write_hsds


def write_site_data(content: SiteContent, site_dir: Path, site_url: str | None = None,
                    today: str | None = None) -> list[Path]:
    """Write every export below ``site_dir``; return the paths written."""
    stamp = build_timestamp(today)
    written = write_hsds(content, site_dir, site_url, stamp)
    for year in sorted(content.campaigns):
        events = content.campaign_events(year)
        path = site_dir / calendar_path(year)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(campaign_calendar(content, year, events, stamp))
        written.append(path)
        for event in events:
            path = site_dir / event_calendar_path(event)
            path.write_bytes(event_calendar(content, event, stamp))
            written.append(path)
    return written

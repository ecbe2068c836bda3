"""What every page's footer says besides the theme's links: the owner block's date."""

from __future__ import annotations

import datetime as dt

from ..content.loader import SiteContent
from ..content.models import DayOrMonth
from ..content.site_info import last_updated


def _day(value: dt.date | dt.datetime | DayOrMonth | None) -> dt.date | None:
    if isinstance(value, DayOrMonth):
        return value.as_date() if value.day is not None else None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def content_last_updated(content: SiteContent) -> dt.date | None:
    """The footer's "last updated" day: the latest of ``site.yaml``'s ``updated``, the
    services' and events' ``verified_on`` and the resources' ``published`` (a day, not
    a month). Never the build date: two builds of the same content say the same."""
    dates = [_day(entry.verified_on) for entry in [*content.services, *content.events]]
    dates += [_day(resource.published) for resource in content.resources]
    return last_updated(content.site, [d for d in dates if d is not None])

"""The Action Month page: the newest campaign first, earlier years in an archive.

Nothing here depends on the day the site is built: the page carries the
campaign's dates (``<time datetime>``) and a plain sentence; "in N days",
"day N of 31" and "ended N days ago" are computed in the reader's browser from
the reader's clock (``assets/javascripts/campaign-countdown.js``), so a copy on
a USB stick never goes stale and two builds on different days are identical.
"""

from __future__ import annotations

from ..content.loader import SiteContent
from ..content.models import Campaign, Event
from ..urls import calendar_path, event_calendar_path  # noqa: F401  (used by the templates)


def campaigns_newest_first(content: SiteContent) -> list[Campaign]:
    """Every campaign, the newest year first (the current or coming one leads the page)."""
    return sorted(content.campaigns.values(), key=lambda c: c.year, reverse=True)


def newest_campaign(content: SiteContent) -> Campaign | None:
    """The campaign of the latest year, if any."""
    campaigns = campaigns_newest_first(content)
    return campaigns[0] if campaigns else None


def length_in_days(campaign: Campaign) -> int:
    """Days from start to end, both included (31 for 15/11–15/12)."""
    return (campaign.end - campaign.start).days + 1


def campaign_events(content: SiteContent, year: int) -> list[Event]:
    """Events of one campaign, by date then area."""
    return content.campaign_events(year)

"""The Action Month: the current campaign, its events and calendar files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content.loader import SiteContent
from ..content.models import Campaign, Event
from ..urls import calendar_path, event_calendar_path  # noqa: F401  (used by the templates)


@dataclass(frozen=True)
class CampaignStatus:
    """Where ``today`` stands relative to a campaign."""

    campaign: Campaign
    phase: str  # "before" | "running" | "after"
    days: int  # days until start, day number, or days since end
    left: int = 0  # days left while running


def current_campaign(content: SiteContent, today: dt.date) -> Campaign | None:
    """The campaign running today, else the next one, else the latest past one."""
    campaigns = sorted(content.campaigns.values(), key=lambda c: c.start)
    for campaign in campaigns:
        if campaign.end >= today:
            return campaign
    return campaigns[-1] if campaigns else None


def campaign_status(campaign: Campaign, today: dt.date) -> CampaignStatus:
    """Days remaining, running, or since the campaign."""
    if today < campaign.start:
        return CampaignStatus(campaign, "before", (campaign.start - today).days)
    if today <= campaign.end:
        return CampaignStatus(
            campaign, "running", (today - campaign.start).days + 1, (campaign.end - today).days
        )
    return CampaignStatus(campaign, "after", (today - campaign.end).days)


def campaign_events(content: SiteContent, year: int) -> list[Event]:
    """Events of one campaign, by date then area."""
    return content.campaign_events(year)

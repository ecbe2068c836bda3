"""iCalendar files for the Action Month events (icalendar)."""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Calendar, Event as VEvent

from ..content.loader import SiteContent
from ..content.models import Event

NAMESPACE = uuid.UUID("6f1c3d2e-8a4b-5c6d-9e0f-1a2b3c4d5e6f")


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//campaign-site//Đắk Lắk gender equality//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(event: Event, content: SiteContent, stamp: dt.datetime) -> VEvent:
    default = content.default_language
    item = VEvent()
    item.add("uid", f"{uuid.uuid5(NAMESPACE, event.slug)}@campaign-site")
    item.add("dtstamp", stamp)
    item.add("summary", event.title.text(default, default))
    item.add("dtstart", event.start)
    if event.end is not None:
        end = event.end
        # an all-day DTEND is exclusive: the day after the last day
        item.add("dtend", end + dt.timedelta(days=1) if type(end) is dt.date else end)
    description = event.description.text(default, default)
    if event.status == "example":
        description = f"[{content.labels[default]['example.badge']}] {description}"
    organiser = event.organiser.text(default, default)
    item.add("description", f"{description}\n{organiser}")
    location = [event.venue.text(default, default)] if event.venue else []
    if event.area != "national":
        location.append(content.areas[event.area].name.text(default, default))
    if location:
        item.add("location", ", ".join(location))
    return item


def campaign_calendar(content: SiteContent, year: int, events: list[Event], stamp: dt.datetime) -> bytes:
    """One .ics file with all events of a campaign year."""
    calendar = _calendar(f"{content.labels[content.default_language]['action_month.title']} {year}")
    for event in events:
        calendar.add_component(_vevent(event, content, stamp))
    return calendar.to_ical()


def event_calendar(content: SiteContent, event: Event, stamp: dt.datetime) -> bytes:
    """One .ics file for a single event."""
    calendar = _calendar(event.title.text(content.default_language, content.default_language))
    calendar.add_component(_vevent(event, content, stamp))
    return calendar.to_ical()

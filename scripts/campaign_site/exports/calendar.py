"""iCalendar (RFC 5545) files of the Action Month events, one set per language (icalendar).

Times are written in the campaign's time zone (``Asia/Ho_Chi_Minh`` unless
configured) with its ``VTIMEZONE``, so calendar apps (Outlook included) show
the local time; a time written without a zone is taken to be local, one with
an offset (``+07:00``) is converted. All-day events are dates (``VALUE=DATE``,
exclusive ``DTEND``). Text is in the calendar's language, each property
carrying the language it is really in (``LANGUAGE=vi`` where a translation is
missing); control characters other than line breaks and tabs are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event as VEvent

from ..content.loader import SiteContent
from ..content.models import Event, Localized
from ..urls import calendar_path, event_calendar_path, language_prefix

NAMESPACE = uuid.UUID("6f1c3d2e-8a4b-5c6d-9e0f-1a2b3c4d5e6f")
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# C0 and C1 controls except TAB and LF (RFC 5545 TEXT allows neither raw CR nor the others)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """``text`` fit for an iCalendar TEXT value: CRLF/CR → LF, other control characters dropped."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def local_time(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.date | dt.datetime:
    """A date unchanged; a naive time in ``zone``; an aware time converted to ``zone``."""
    if not isinstance(value, dt.datetime):
        return value
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


class _Writer:
    """Calendars in one language."""

    def __init__(self, content: SiteContent, lang: str, stamp: dt.datetime, timezone: str) -> None:
        self.content, self.lang, self.stamp = content, lang, stamp
        self.default = content.default_language
        self.zone = ZoneInfo(timezone)

    def text(self, value: Localized) -> tuple[str, str]:
        """The text in this language (or the default) and the language it is in."""
        return clean_text(value.text(self.lang, self.default)), value.language_of(self.lang, self.default)

    def label(self, key: str) -> str:
        return clean_text(str(self.content.labels[self.lang][key]))

    @property
    def labels_language(self) -> str:
        """The language of the labels (the default's where this language has none of its own)."""
        return self.lang if self.content.labels[self.lang].is_own else self.default

    def add_text(self, item: Calendar | VEvent, name: str, text: str, language: str) -> None:
        item.add(name, text, parameters={"LANGUAGE": language})

    def calendar(self, name: str, language: str, events: list[Event]) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", "-//campaign-site//Đắk Lắk gender equality//VI")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        self.add_text(calendar, "x-wr-calname", name, language)
        calendar.add("x-wr-timezone", self.zone.key)
        for event in events:
            calendar.add_component(self.vevent(event))
        calendar.add_missing_timezones()
        return calendar.to_ical()

    def vevent(self, event: Event) -> VEvent:
        item = VEvent()
        item.add("uid", f"{uuid.uuid5(NAMESPACE, event.slug)}@campaign-site")
        item.add("dtstamp", self.stamp)
        self.add_text(item, "summary", *self.text(event.title))
        start = local_time(event.start, self.zone)
        item.add("dtstart", start)
        if event.end is not None:
            end = local_time(event.end, self.zone)
            # an all-day DTEND is exclusive: the day after the last day
            item.add("dtend", end + dt.timedelta(days=1) if type(end) is dt.date else end)
        description, language = self.text(event.description)
        if event.status == "example":
            description = f"[{self.label('example.badge')}] {description}"
        organiser, _ = self.text(event.organiser)
        self.add_text(item, "description", f"{description}\n{organiser}", language)
        location = [self.text(event.venue)] if event.venue else []
        if event.area != "national":
            location.append(self.text(self.content.areas[event.area].name))
        if location:
            self.add_text(item, "location", ", ".join(text for text, _ in location), location[0][1])
        return item


def campaign_calendar(content: SiteContent, year: int, events: list[Event], stamp: dt.datetime,
                      lang: str | None = None, timezone: str = DEFAULT_TIMEZONE) -> bytes:
    """One .ics file with all events of a campaign year, in ``lang`` (default: the site's)."""
    writer = _Writer(content, lang or content.default_language, stamp, timezone)
    return writer.calendar(f"{writer.label('action_month.title')} {year}", writer.labels_language, events)


def event_calendar(content: SiteContent, event: Event, stamp: dt.datetime,
                   lang: str | None = None, timezone: str = DEFAULT_TIMEZONE) -> bytes:
    """One .ics file for a single event, in ``lang`` (default: the site's)."""
    writer = _Writer(content, lang or content.default_language, stamp, timezone)
    return writer.calendar(*writer.text(event.title), [event])


def write_calendars(content: SiteContent, site_dir: Path, lang: str, stamp: dt.datetime,
                    options: Mapping[str, object]) -> list[Path]:
    """Write the calendars of ``lang`` in its folder (``lich/…``, ``en/lich/…``): one per
    campaign year and one per event; return their paths.

    ``options``: the campaign plugin's settings; ``timezone`` (IANA name) is read.
    """
    timezone = str(options.get("timezone") or DEFAULT_TIMEZONE)
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

"""schema.org JSON-LD for services and events, embedded in the pages that list them.

Entries with ``status: example`` get no JSON-LD at all (the functions return
``None``): search engines must not index placeholders as real help.
Text is in the page's language, falling back to the default language: read through the
page's :class:`..pages.view.LanguageView` (its labels and texts; the functions never need the
language's code, so :mod:`..pages.code_withheld` can render them once for several languages).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..content.models import Event, Localized, Phone, Service

if TYPE_CHECKING:
    from ..pages.view import LanguageView

CONTEXT = "https://schema.org"
# Kinds run by the state (police, health, hotlines of ministries, social work, one-stop centres).
GOVERNMENT_KINDS = frozenset({"police", "hotline", "health", "one_stop_centre", "social_work"})
COUNTRY_CODE = "VN"
PROVINCE = "Đắk Lắk"
VIETNAM_OFFSET = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ROUND_THE_CLOCK = re.compile(r"^\s*24\s*(?:h|giờ)?\s*/\s*7\s*$", re.I)

JsonObject = dict[str, object]


def _text(view: LanguageView, value: Localized | None) -> str:
    return view.plain(value)


def _label(view: LanguageView, key: str) -> str:
    return view.t(key)


def _language(view: LanguageView, code: str) -> JsonObject:
    return {"@type": "Language", "name": view.language_name(code), "alternateName": code}


def _is_round_the_clock(hours: Localized | None, view: LanguageView) -> bool:
    """``24/7`` (judged on the default-language text, which every entry has)."""
    return bool(hours) and bool(_ROUND_THE_CLOCK.match(hours.text(view.default, view.default)))


def _all_week() -> JsonObject:
    return {"@type": "OpeningHoursSpecification", "dayOfWeek": list(DAYS), "opens": "00:00", "closes": "23:59"}


def _contact_point(phone: Phone, service: Service, view: LanguageView) -> JsonObject:
    """A number to call; its hours are structured for 24/7, otherwise described in words."""
    point: JsonObject = {"@type": "ContactPoint", "telephone": phone.number}
    if phone.label:
        point["name"] = _text(view, phone.label)
    hours = phone.hours or service.hours
    if _is_round_the_clock(hours, view):
        point["hoursAvailable"] = _all_week()
    elif hours:
        point["description"] = f"{_label(view, 'common.hours')}: {_text(view, hours)}"
    if phone.free:
        point["contactOption"] = "https://schema.org/TollFree"
    point["availableLanguage"] = [_language(view, code) for code in service.languages]
    return point


def _area_served(service: Service, view: LanguageView) -> JsonObject:
    if service.area == "national":
        return {"@type": "Country", "name": COUNTRY_CODE}
    return {"@type": "AdministrativeArea", "name": _text(view, view.content.areas[service.area].name)}


def _channels(service: Service, view: LanguageView) -> list[JsonObject]:
    """Phone channel (all numbers) and, for services with an address, the place to go."""
    languages = [_language(view, code) for code in service.languages]
    channels: list[JsonObject] = []
    if service.phones:
        channels.append({
            "@type": "ServiceChannel",
            "servicePhone": [_contact_point(p, service, view) for p in service.phones],
            "availableLanguage": languages,
        })
    if service.address:
        place = ", ".join(filter(None, [
            _text(view, service.address),
            "" if service.area == "national" else _text(view, view.content.areas[service.area].name),
        ]))
        channels.append({
            "@type": "ServiceChannel",
            "serviceLocation": {"@type": "Place", "name": _text(view, service.organisation),
                                "address": place},
            "availableLanguage": languages,
        })
    return channels


def service_jsonld(service: Service, view: LanguageView, page_url: str | None) -> JsonObject | None:
    """schema.org ``GovernmentService``/``Service`` for ``service``; ``None`` for examples."""
    if service.status == "example":
        return None
    data: JsonObject = {
        "@context": CONTEXT,
        "@type": "GovernmentService" if service.kind in GOVERNMENT_KINDS else "Service",
        "name": _text(view, service.name),
        "description": _text(view, service.description),
        "serviceType": _label(view, f"service_kinds.{service.kind}"),
        "areaServed": _area_served(service, view),
        "provider": {"@type": "Organization", "name": _text(view, service.organisation)},
    }
    if service.short_name:
        data["alternateName"] = _text(view, service.short_name)
    if page_url:
        data["url"] = page_url
    if channels := _channels(service, view):
        data["availableChannel"] = channels
    return data


def _iso(value: dt.date | dt.datetime) -> str:
    """ISO 8601; a time without zone is Vietnam time."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM_OFFSET)
    return value.isoformat()


def _place(event: Event, view: LanguageView) -> JsonObject:
    venue = _text(view, event.venue)
    area = "" if event.area == "national" else _text(view, view.content.areas[event.area].name)
    address = ", ".join(filter(None, [venue, area, PROVINCE if area else ""])) or COUNTRY_CODE
    return {"@type": "Place", "name": venue or area or COUNTRY_CODE, "address": address}


def event_jsonld(event: Event, view: LanguageView, page_url: str | None) -> JsonObject | None:
    """schema.org ``Event`` (in person, scheduled); ``None`` for examples."""
    if event.status == "example":
        return None
    data: JsonObject = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": _text(view, event.title),
        "description": _text(view, event.description),
        "startDate": _iso(event.start),
    }
    if event.end is not None:
        data["endDate"] = _iso(event.end)
    data.update({
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(event, view),
        "organizer": {"@type": "Organization", "name": _text(view, event.organiser)},
    })
    if page_url:
        data["url"] = page_url
    return data


def jsonld_script(data: JsonObject) -> Markup:
    """``<script type="application/ld+json">`` with ``data``, safe inside HTML.

    ``</`` becomes ``<\\/`` and ``<!--`` becomes ``\\u003c!--`` (both still
    valid JSON), so the text can neither end the element nor open a comment.
    """
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = body.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return Markup(f'<script type="application/ld+json">{body}</script>')

"""schema.org JSON-LD for services and events, embedded in the pages that list them.

Entries with ``status: example`` get no JSON-LD at all (the functions return
``None``): search engines must not index placeholders as real help.
Text is in the page's language, falling back to the default language.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from markupsafe import Markup

from ..content.loader import SiteContent
from ..content.models import Event, Localized, Phone, Service

CONTEXT = "https://schema.org"
# Kinds run by the state (police, health, hotlines of ministries, social work, one-stop centres).
GOVERNMENT_KINDS = frozenset({"police", "hotline", "health", "one_stop_centre", "social_work"})
COUNTRY_CODE = "VN"
PROVINCE = "Đắk Lắk"
VIETNAM_OFFSET = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ROUND_THE_CLOCK = re.compile(r"^\s*24\s*(?:h|giờ)?\s*/\s*7\s*$", re.I)

JsonObject = dict[str, object]


def _text(content: SiteContent, value: Localized | None, lang: str) -> str:
    return value.text(lang, content.default_language) if value else ""


def _label(content: SiteContent, lang: str, key: str) -> str:
    labels = content.labels.get(lang) or content.labels.get(content.default_language)
    return str(labels.get(key, key)) if labels else key


def _language(content: SiteContent, code: str) -> JsonObject:
    return {"@type": "Language", "name": content.material_languages.get(code, code), "alternateName": code}


def _is_round_the_clock(hours: Localized | None, content: SiteContent) -> bool:
    """``24/7`` (judged on the default-language text, which every entry has)."""
    return bool(hours) and bool(_ROUND_THE_CLOCK.match(_text(content, hours, content.default_language)))


def _all_week() -> JsonObject:
    return {"@type": "OpeningHoursSpecification", "dayOfWeek": list(DAYS), "opens": "00:00", "closes": "23:59"}


def _contact_point(phone: Phone, service: Service, content: SiteContent, lang: str) -> JsonObject:
    """A number to call; its hours are structured for 24/7, otherwise described in words."""
    point: JsonObject = {"@type": "ContactPoint", "telephone": phone.number}
    if phone.label:
        point["name"] = _text(content, phone.label, lang)
    hours = phone.hours or service.hours
    if _is_round_the_clock(hours, content):
        point["hoursAvailable"] = _all_week()
    elif hours:
        point["description"] = f"{_label(content, lang, 'common.hours')}: {_text(content, hours, lang)}"
    if phone.free:
        point["contactOption"] = "https://schema.org/TollFree"
    point["availableLanguage"] = [_language(content, code) for code in service.languages]
    return point


def _area_served(service: Service, content: SiteContent, lang: str) -> JsonObject:
    if service.area == "national":
        return {"@type": "Country", "name": COUNTRY_CODE}
    return {"@type": "AdministrativeArea", "name": _text(content, content.areas[service.area].name, lang)}


def _channels(service: Service, content: SiteContent, lang: str) -> list[JsonObject]:
    """Phone channel (all numbers) and, for services with an address, the place to go."""
    languages = [_language(content, code) for code in service.languages]
    channels: list[JsonObject] = []
    if service.phones:
        channels.append({
            "@type": "ServiceChannel",
            "servicePhone": [_contact_point(p, service, content, lang) for p in service.phones],
            "availableLanguage": languages,
        })
    if service.address:
        place = ", ".join(filter(None, [
            _text(content, service.address, lang),
            "" if service.area == "national" else _text(content, content.areas[service.area].name, lang),
        ]))
        channels.append({
            "@type": "ServiceChannel",
            "serviceLocation": {"@type": "Place", "name": _text(content, service.organisation, lang),
                                "address": place},
            "availableLanguage": languages,
        })
    return channels


def service_jsonld(service: Service, content: SiteContent, lang: str, page_url: str | None) -> JsonObject | None:
    """schema.org ``GovernmentService``/``Service`` for ``service``; ``None`` for examples."""
    if service.status == "example":
        return None
    data: JsonObject = {
        "@context": CONTEXT,
        "@type": "GovernmentService" if service.kind in GOVERNMENT_KINDS else "Service",
        "name": _text(content, service.name, lang),
        "description": _text(content, service.description, lang),
        "serviceType": _label(content, lang, f"service_kinds.{service.kind}"),
        "areaServed": _area_served(service, content, lang),
        "provider": {"@type": "Organization", "name": _text(content, service.organisation, lang)},
    }
    if service.short_name:
        data["alternateName"] = _text(content, service.short_name, lang)
    if page_url:
        data["url"] = page_url
    if channels := _channels(service, content, lang):
        data["availableChannel"] = channels
    return data


def _iso(value: dt.date | dt.datetime) -> str:
    """ISO 8601; a time without zone is Vietnam time."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM_OFFSET)
    return value.isoformat()


def _place(event: Event, content: SiteContent, lang: str) -> JsonObject:
    venue = _text(content, event.venue, lang)
    area = "" if event.area == "national" else _text(content, content.areas[event.area].name, lang)
    address = ", ".join(filter(None, [venue, area, PROVINCE if area else ""])) or COUNTRY_CODE
    return {"@type": "Place", "name": venue or area or COUNTRY_CODE, "address": address}


def event_jsonld(event: Event, content: SiteContent, lang: str, page_url: str | None) -> JsonObject | None:
    """schema.org ``Event`` (in person, scheduled); ``None`` for examples."""
    if event.status == "example":
        return None
    data: JsonObject = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": _text(content, event.title, lang),
        "description": _text(content, event.description, lang),
        "startDate": _iso(event.start),
    }
    if event.end is not None:
        data["endDate"] = _iso(event.end)
    data.update({
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(event, content, lang),
        "organizer": {"@type": "Organization", "name": _text(content, event.organiser, lang)},
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

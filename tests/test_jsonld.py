"""schema.org JSON-LD for services and events."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from campaign_site.content.loader import SiteContent, load_content
from campaign_site.content.models import Phone
from campaign_site.exports.jsonld import event_jsonld, jsonld_script, service_jsonld
from campaign_site.pages.view import LanguageView
from conftest import REPO

LANGS = ["vi", "en", "rad", "jra", "mng"]
SCRIPT = re.compile(r'^<script type="application/ld\+json">(.*)</script>$', re.S)


@pytest.fixture(scope="module")
def content() -> SiteContent:
    loaded = load_content(REPO / "content", LANGS, "vi")
    assert loaded.problems == []
    return loaded


def view(content: SiteContent, lang: str) -> LanguageView:
    """What a page in ``lang`` hands the functions (``PageRenderer.view``)."""
    return LanguageView(lang, content.default_language, content.labels[lang], content)


def parse(script: str) -> dict:
    match = SCRIPT.match(script)
    assert match, script
    assert "</" not in match.group(1)
    return json.loads(match.group(1))


def contact_points(data: dict) -> list[dict]:
    return [p for channel in data.get("availableChannel", []) for p in channel.get("servicePhone", [])]


@pytest.mark.parametrize("lang", LANGS)
def test_verified_services(content, lang: str) -> None:
    verified = [s for s in content.services if s.status == "verified"]
    assert verified
    for service in verified:
        url = f"https://binhdanggioi.example/danh-ba/index.html#{service.slug}"
        data = parse(jsonld_script(service_jsonld(service, view(content, lang), url)))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] in ("GovernmentService", "Service")
        assert data["name"] == service.name.text(lang, "vi") and data["url"] == url
        assert data["provider"]["@type"] == "Organization" and data["provider"]["name"]
        points = contact_points(data)
        assert all(p["@type"] == "ContactPoint" for p in points)
        assert [p["telephone"] for p in points] == [p.number for p in service.phones]
        for point in points:
            assert point["availableLanguage"][0] == {"@type": "Language", "name": "Tiếng Việt", "alternateName": "vi"}


def test_service_details(content) -> None:
    by_slug = {s.slug: s for s in content.services}
    hotline = service_jsonld(by_slug["tong-dai-111"], view(content, "en"), None)
    assert hotline["@type"] == "GovernmentService" and "url" not in hotline
    assert hotline["areaServed"] == {"@type": "Country", "name": "VN"}
    assert hotline["name"] == "National Child Protection Hotline 111"
    point = contact_points(hotline)[0]
    assert point["hoursAvailable"]["dayOfWeek"][-1] == "Sunday"
    assert (point["hoursAvailable"]["opens"], point["hoursAvailable"]["closes"]) == ("00:00", "23:59")
    assert point["contactOption"] == "https://schema.org/TollFree"
    police = service_jsonld(by_slug["canh-sat-113"], view(content, "rad"), None)
    assert police["name"] == by_slug["canh-sat-113"].name["vi"]  # no Ê Đê text: default language
    assert "hoursAvailable" not in contact_points(police)[0]


def test_local_service_with_free_text_hours(content) -> None:
    example = next(s for s in content.services if s.kind == "legal_aid" and s.hours)
    service = example.model_copy(update={"status": "verified", "phones": [Phone(number="0262 3852 123")]})
    data = service_jsonld(service, view(content, "vi"), None)
    assert data["@type"] == "Service"
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": content.areas[service.area].name["vi"]}
    point = contact_points(data)[0]
    assert point["telephone"] == "+842623852123" and "hoursAvailable" not in point
    assert service.hours["vi"] in point["description"]
    assert [lang["alternateName"] for lang in point["availableLanguage"]] == service.languages
    place = data["availableChannel"][1]["serviceLocation"]
    assert place["@type"] == "Place" and content.areas[service.area].name["vi"] in place["address"]


def test_examples_get_no_jsonld(content) -> None:
    examples = [s for s in content.services if s.status == "example"]
    assert examples and all(service_jsonld(s, view(content, "vi"), None) is None for s in examples)
    events = [e for e in content.events if e.status == "example"]
    assert all(event_jsonld(e, view(content, "vi"), None) is None for e in events)


def test_event(content) -> None:
    event = content.events[0].model_copy(update={
        "status": "verified", "start": dt.datetime(2022, 11, 15, 8, 0), "end": dt.date(2022, 11, 16),
    })
    data = parse(jsonld_script(event_jsonld(event, view(content, "en"), "https://binhdanggioi.example/en/x.html")))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert dt.datetime.fromisoformat(data["startDate"]) == dt.datetime(
        2022, 11, 15, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert dt.date.fromisoformat(data["endDate"]) == dt.date(2022, 11, 16)
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert content.areas[event.area].name["en"] in data["location"]["address"]
    assert data["organizer"] == {"@type": "Organization", "name": event.organiser.text("en", "vi")}
    all_day = event_jsonld(event.model_copy(update={"start": dt.date(2022, 11, 15), "end": None}), view(content, "vi"), None)
    assert all_day["startDate"] == "2022-11-15" and "endDate" not in all_day


def test_script_cannot_break_out_of_html() -> None:
    data = {"name": "</script><script>alert(1)</script> <!-- x", "@context": "https://schema.org"}
    script = jsonld_script(data)
    assert script.count("</script>") == 1 and "<!--" not in script
    assert parse(script) == data

"""Collection pages generated in every language from the content model."""

from __future__ import annotations

import datetime as dt

import pytest

from campaign_site.content.loader import load_content
from campaign_site.pages.action_month import length_in_days, newest_campaign
from conftest import REPO, BuiltSite

LANGS = ["vi", "en", "rad", "jra", "mng"]


@pytest.fixture(scope="module")
def content():
    return load_content(REPO / "content", LANGS, "vi")


def test_shipped_content_is_valid_and_large_enough(content) -> None:
    assert content.problems == []
    assert len(content.resources) >= 8
    assert len(content.practices) >= 4
    assert len(content.areas) == 15
    examples = [s for s in content.services if s.status == "example"]
    assert len(examples) >= 8
    assert len({s.area for s in examples}) >= 4 and len({s.kind for s in examples}) >= 4
    verified = {p.number for s in content.services if s.status == "verified" for p in s.phones}
    assert {"111", "1900969680", "113", "115"} <= verified
    assert all(s.source for s in content.services if s.status == "verified")
    assert 2022 in content.campaigns
    assert content.campaigns[2022].start == dt.date(2022, 11, 15)


def test_collection_pages_exist_in_every_language(site: BuiltSite, content) -> None:
    pages = [f"tai-lieu/{r.slug}.html" for r in content.resources]
    pages += [f"mo-hinh/{p.slug}.html" for p in content.practices]
    pages += [f"danh-ba/{key}.html" for key in content.areas]
    pages += ["tai-lieu/index.html", "mo-hinh/index.html", "danh-ba/index.html", "thang-hanh-dong.html"]
    missing = [site.prefix(l) + p for l in site.languages for p in pages if not (site.root / site.prefix(l) / p).exists()]
    assert missing == []


def test_resource_page_shows_download_badges_and_source(site: BuiltSite, content) -> None:
    resource = next(r for r in content.resources if r.file and r.source)
    soup = site.page(f"tai-lieu/{resource.slug}.html")
    download = soup.select_one("a.campaign-download")
    assert download is not None and download["href"] == f"../media/{resource.file}"
    assert (site.root / "media" / resource.file).exists()
    assert "KB" in download.get_text() or "B)" in download.get_text()
    assert len(soup.select(".campaign-badge--lang")) == len(resource.languages)
    assert "Nguồn" in soup.get_text()
    en = site.page(f"en/tai-lieu/{resource.slug}.html")
    assert en.select_one("a.campaign-download")["href"] == f"../../media/{resource.file}"
    assert en.html["lang"] == "en"


def test_rad_collection_page_falls_back_with_notice(site: BuiltSite, content) -> None:
    resource = content.resources[0]
    soup = site.page(f"rad/tai-lieu/{resource.slug}.html")
    assert soup.html["lang"] == "rad"
    assert soup.select_one(".campaign-fallback") is not None
    assert soup.select_one(".campaign-fallback-content")["lang"] == "vi"


def test_every_filter_value_has_a_static_page(site: BuiltSite) -> None:
    soup = site.page("tai-lieu/index.html")
    links = soup.select(".campaign-groups a")
    assert len(links) >= 5
    for link in links:
        assert (site.root / "tai-lieu" / link["href"]).exists(), link["href"]
    form = soup.select_one("form[data-campaign-filter]")
    assert not form.has_attr("hidden"), "shown by CSS at the first paint when scripts run"
    assert len(soup.select("#resource-list > li")) >= 8


def test_area_page_lists_national_hotlines_after_local_services_with_tel_links(site: BuiltSite, content) -> None:
    soup = site.page("danh-ba/ea-kar.html")
    hotline_section = soup.select_one(".campaign-hotlines")
    area_section = soup.select_one("#service-list")
    assert hotline_section is not None and area_section is not None
    assert str(soup).index("service-list") < str(soup).index("campaign-hotlines")
    tels = {a["href"] for a in hotline_section.select("a.campaign-hotline__call")}
    assert {"tel:111", "tel:1900969680", "tel:113", "tel:115"} <= tels
    shown = {a.select_one(".campaign-hotline__number").get_text() for a in hotline_section.select("a.campaign-hotline__call")}
    assert "1900 969 680" in shown


def test_example_entries_are_labelled(site: BuiltSite, content) -> None:
    example = next(s for s in content.services if s.status == "example")
    soup = site.page(f"danh-ba/{example.area}.html")
    card = soup.select_one(f"#{example.slug}")
    assert "Ví dụ — chưa xác minh" in card.get_text()
    en_card = site.page(f"en/danh-ba/{example.area}.html").select_one(f"#{example.slug}")
    assert "Example — not verified" in en_card.get_text()


def test_area_pages_hold_only_their_area(site: BuiltSite, content) -> None:
    for key in content.areas:
        soup = site.page(f"danh-ba/{key}.html")
        expected = {s.slug for s in content.services if s.area == key}
        assert {li["id"] for li in soup.select("#service-list > li")} == expected


def test_action_month_leads_with_the_newest_campaign(content) -> None:
    campaign = newest_campaign(content)
    assert campaign.year == max(content.campaigns)
    assert length_in_days(campaign) == 31


def test_action_month_page_and_calendars(site: BuiltSite, content) -> None:
    soup = site.page("thang-hanh-dong.html")
    assert "Đảm bảo an sinh xã hội" in soup.select_one(".campaign-theme").get_text()
    events = soup.select(".campaign-event")
    assert len(events) == len([e for e in content.events if e.campaign == 2022])
    starts = [e.select_one("time")["datetime"] for e in events]
    assert starts == sorted(starts)
    from icalendar import Calendar

    calendar = Calendar.from_ical((site.root / "lich" / "thang-hanh-dong-2022.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == len(events)
    for event in content.events:
        one = Calendar.from_ical((site.root / "lich" / f"{event.slug}.ics").read_bytes())
        assert len(one.walk("VEVENT")) == 1


def test_directory_json_ld_has_the_phones(site: BuiltSite, content) -> None:
    import json

    soup = site.page("danh-ba/index.html")
    blocks = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    verified = [s for s in content.services if s.area == "national" and s.status == "verified"]
    assert len(blocks) == len(verified)
    phones = set()
    for block in blocks:
        assert block["@context"] == "https://schema.org"
        for channel in block["availableChannel"] if isinstance(block["availableChannel"], list) else [block["availableChannel"]]:
            points = channel["servicePhone"]
            for point in points if isinstance(points, list) else [points]:
                phones.add(point["telephone"])
    assert {p.number for s in verified for p in s.phones} <= {p.replace(" ", "") for p in phones} | phones

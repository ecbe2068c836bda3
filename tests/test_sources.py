"""Every fact shown as true carries a citation a reader can open; dates as people know them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from campaign_site.content.checks import release_problems
from campaign_site.content.loader import load_content
from campaign_site.content.models import DayOrMonth
from conftest import REPO

LANGUAGES = ["vi", "en", "rad", "jra", "mng"]


@pytest.fixture(scope="module")
def content():
    return load_content(REPO / "content", LANGUAGES, "vi")


def test_shipped_content_is_clean_and_only_examples_block_a_release(content) -> None:
    assert content.problems == []
    blocking = release_problems(content, dt.date(2026, 11, 30))
    assert blocking and {p.field for p in blocking} == {"status"}, [str(p) for p in blocking]


def test_no_national_number_cites_the_programme_letter(content) -> None:
    """The letter contains no phone number, no Action Month dates, no theme (FACTS.md)."""
    for service in content.services:
        if service.status == "verified":
            assert service.source and all(c.url and c.accessed for c in service.source), service.slug
            assert not any("Lao động" in (c.publisher or "") for c in service.source), service.slug
    for campaign in content.campaigns.values():
        assert all(c.url and c.accessed for c in campaign.source)
        assert not campaign.key_messages  # no public source states them


def test_peace_house_states_no_hours_or_cost(content) -> None:
    peace = next(s for s in content.services if s.slug == "ngoi-nha-binh-yen")
    assert peace.hours is None and peace.cost is None
    assert all(p.hours is None and not p.free for p in peace.phones)


def test_letter_is_dated_by_its_month(content, site) -> None:
    letter = next(r for r in content.resources if r.slug == "van-ban-chuong-trinh-binh-dang-gioi-2022")
    assert letter.published == DayOrMonth(2022, 3)
    page = site.page("tai-lieu/van-ban-chuong-trinh-binh-dang-gioi-2022.html")
    times = [(t["datetime"], t.get_text()) for t in page.select("main time")]
    assert ("2022-03", "tháng 3/2022") in times
    assert "01/03/2022" not in page.get_text()
    english = site.page("en/tai-lieu/van-ban-chuong-trinh-binh-dang-gioi-2022.html")
    assert ("2022-03", "March 2022") in [(t["datetime"], t.get_text()) for t in english.select("main time")]


@pytest.mark.parametrize("page", ["danh-ba/index.html", "en/danh-ba/index.html"])
def test_directory_shows_each_verified_source(site, page: str) -> None:
    html = site.page(page)
    for card in html.select("li.campaign-service"):
        if card.select_one(".campaign-badge--example"):
            continue
        sources = card.select(".campaign-sources li")
        assert sources, card.get("id")
        for item in sources:
            link = item.select_one("cite a")
            assert link and link["href"].startswith("http"), card.get("id")
            assert "30/11/2026" in item.get_text() or "November 30, 2026" in item.get_text()
    assert "24/7" not in html.select_one("#ngoi-nha-binh-yen").get_text()


def test_every_verified_resource_page_shows_its_source(content, site) -> None:
    for resource in content.resources:
        page = site.page(f"tai-lieu/{resource.slug}.html")
        if resource.status == "example":
            assert page.select_one(".campaign-badge--example"), resource.slug
            continue
        assert page.select(".campaign-sources li cite"), resource.slug


@pytest.mark.parametrize(("typed", "message"), [
    ("30-11-2026", "write the date as DD/MM/YYYY or YYYY-MM-DD"),
    ("31/02/2026", "which is not a real date"),
    ("13/2022", "which is not a real month"),
    ("tháng 3", "or only the month when the day is unknown"),
])
def test_date_messages_say_which_format(tmp_path: Path, typed: str, message: str) -> None:
    root = tmp_path / "content"
    (root / "resources").mkdir(parents=True)
    for name in ("areas.yaml", "languages.yaml"):
        (root / name).write_bytes((REPO / "content" / name).read_bytes())
    (root / "resources" / "thu.md").write_text(
        f"---\ntitle: Thử\nkind: other\nsummary: Tóm tắt\nlanguages: [vi]\naudience: [public]\n"
        f"published: {typed}\nurl: https://example.org/a\n---\n", encoding="utf-8")
    found = [str(p) for p in load_content(root, LANGUAGES, "vi").problems]
    assert any(":7: published: " in p and message in p for p in found), found

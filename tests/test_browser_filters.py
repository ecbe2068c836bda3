"""Filters narrow the lists in Chromium over file:// with the network off."""

from __future__ import annotations

import pytest

from conftest import BuiltSite

pytestmark = pytest.mark.browser


@pytest.fixture
def offline_page(browser):
    context = browser.new_context()
    context.set_offline(True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
    assert errors == []


def visible_cards(page, list_id: str) -> int:
    return page.locator(f"#{list_id} .campaign-card:visible").count()


def test_resource_filters_by_mouse(site: BuiltSite, offline_page) -> None:
    page = offline_page
    page.goto((site.root / "tai-lieu" / "index.html").as_uri())
    total = visible_cards(page, "resource-list")
    assert total >= 8
    assert page.locator("form[data-campaign-filter]").is_visible()
    page.select_option("#resource-list-kind", "law")
    narrowed = visible_cards(page, "resource-list")
    assert 0 < narrowed < total
    assert page.locator(".campaign-filter__status").inner_text().startswith(f"Đang hiện {narrowed}/{total}")
    page.select_option("#resource-list-language", "rad")
    assert visible_cards(page, "resource-list") == 0
    assert "Không có mục nào" in page.locator(".campaign-filter__status").inner_text()
    page.click("form[data-campaign-filter] button[type=reset]")
    # the filter applies the reset values once the form has reset them (a queued task)
    page.wait_for_function("n => document.querySelectorAll('#resource-list .campaign-card:not([hidden])').length === n",
                           arg=total)
    assert visible_cards(page, "resource-list") == total


def test_resource_filters_by_keyboard(site: BuiltSite, offline_page) -> None:
    page = offline_page
    page.goto((site.root / "en" / "tai-lieu" / "index.html").as_uri())
    total = visible_cards(page, "resource-list")
    page.focus("#resource-list-easy-read")
    page.keyboard.press("ArrowDown")  # selects "Easy read" without opening the list
    narrowed = visible_cards(page, "resource-list")
    assert 0 < narrowed < total
    page.keyboard.press("ArrowUp")
    assert visible_cards(page, "resource-list") == total


def test_directory_filters(site: BuiltSite, offline_page) -> None:
    page = offline_page
    page.goto((site.root / "danh-ba" / "ea-kar.html").as_uri())
    options = page.locator("#service-list-kind option").all_inner_texts()
    assert len(options) >= 2
    total = visible_cards(page, "service-list")
    value = page.locator("#service-list-kind option").nth(1).get_attribute("value")
    page.select_option("#service-list-kind", value)
    assert visible_cards(page, "service-list") <= total
    assert page.locator(f"#service-list .campaign-card[data-kind='{value}']:visible").count() == visible_cards(page, "service-list")


def test_practice_gallery_filter(site: BuiltSite, offline_page) -> None:
    page = offline_page
    page.goto((site.root / "mo-hinh" / "index.html").as_uri())
    total = visible_cards(page, "practice-list")
    assert total >= 4
    area = page.locator("#practice-list-area option").nth(1).get_attribute("value")
    page.select_option("#practice-list-area", area)
    assert 0 < visible_cards(page, "practice-list") < total
    hidden_groups = page.locator("#practice-list [data-group][hidden]").count()
    assert hidden_groups >= 1

"""Filters narrow the lists in Chromium over file:// with the network off."""

from __future__ import annotations

import pytest

from conftest import VIEWPORTS, BuiltSite

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




@pytest.fixture(params=sorted(VIEWPORTS))
def sized_page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], has_touch=request.param == "phone")
    context.set_offline(True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def filter_state(page, list_id: str) -> tuple[dict[str, str], int, str]:
    """(each select's value, cards shown, status line) as a reader sees them."""
    values = page.eval_on_selector_all(f"form[data-campaign-filter='{list_id}'] select",
                                       "els => Object.fromEntries(els.map(e => [e.name, e.value]))")
    return values, visible_cards(page, list_id), page.locator(".campaign-filter__status").inner_text()


def expected_count(page, list_id: str, field: str, value: str) -> int:
    return page.locator(f"#{list_id} .campaign-card[data-{field}~='{value}']").count()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_filter_state_is_in_the_address_and_survives_back(site: BuiltSite, sized_page, prefix: str) -> None:
    """Choosing a value writes it into the address; Back to the list shows the list the form says
    (the form, the cards and the status line agree with the address), with or without a cache."""
    page = sized_page
    url = (site.root / prefix / "tai-lieu" / "index.html").as_uri()
    page.goto(url)
    total = visible_cards(page, "resource-list")
    page.select_option("#resource-list-kind", "poster")
    posters = expected_count(page, "resource-list", "kind", "poster")
    assert 0 < posters < total
    assert page.url == url + "?kind=poster"
    page.select_option("#resource-list-language", "rad")
    assert page.url == url + "?kind=poster&language=rad"
    page.select_option("#resource-list-language", "")
    assert page.url == url + "?kind=poster"
    # to an item of the filtered list and back
    page.locator("#resource-list .campaign-card:visible a").first.click()
    page.wait_for_url(lambda address: "/tai-lieu/index.html" not in address)
    page.go_back()
    page.wait_for_url(url + "?kind=poster")
    page.wait_for_function("() => document.querySelector('#resource-list-kind').value === 'poster'")
    values, shown, status = filter_state(page, "resource-list")
    assert values["kind"] == "poster" and shown == posters, (values, shown)
    assert f"{posters}/{total}" in status or f"{posters} of {total}" in status
    # the shared address opens the same list in a fresh page
    page.goto(url + "?language=rad&kind=law")
    values, shown, status = filter_state(page, "resource-list")
    assert values["kind"] == "law" and values["language"] == "rad" and shown == 0
    # a value no option has means "all"; other parts of the address are kept
    page.goto(url + "?kind=nonsense&x=1")
    values, shown, _ = filter_state(page, "resource-list")
    assert values["kind"] == "" and shown == total
    page.select_option("#resource-list-kind", "law")
    assert page.url == url + "?x=1&kind=law"
    page.click("form[data-campaign-filter] button[type=reset]")
    page.wait_for_url(url + "?x=1")
    assert visible_cards(page, "resource-list") == total


def test_practice_filter_address(site: BuiltSite, sized_page) -> None:
    page = sized_page
    url = (site.root / "mo-hinh" / "index.html").as_uri()
    page.goto(url)
    area = page.locator("#practice-list-area option").nth(1).get_attribute("value")
    page.goto(f"{url}?area={area}")
    shown = visible_cards(page, "practice-list")
    assert shown == expected_count(page, "practice-list", "area", area) > 0
    assert page.locator("#practice-list [data-group]:visible").count() == 1

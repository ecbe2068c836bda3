"""Quick exit and hotlines, as a person at risk would use them."""

from __future__ import annotations

import pytest

from conftest import NEUTRAL_SITE, BuiltSite, block_other_hosts

pytestmark = pytest.mark.browser


@pytest.fixture(params=["file", "http"])
def scheme(request):
    return request.param


@pytest.fixture
def exit_page(browser, site: BuiltSite, scheme, request):
    """A page opened after the home page, ready to be exited."""
    context = browser.new_context()
    requests: list[str] = []
    block_other_hosts(context, requests)
    page = context.new_page()
    if scheme == "file":
        base = site.root.as_uri() + "/"
    else:
        base = request.getfixturevalue("http_base")
    page.goto(base + "index.html")
    page.goto(base + "danh-ba/index.html")
    yield page, base
    context.close()


def expected_destination(scheme: str) -> str:
    """Where the exit goes with JavaScript: the neutral website, or about:blank from file://."""
    return NEUTRAL_SITE if scheme == "http" else "about:blank"


def assert_left(page, scheme: str, base: str) -> None:
    """Nothing in the address bar or the title names the campaign; Back skips the exited page."""
    page.wait_for_url(expected_destination(scheme))
    assert not page.url.startswith(base) and "danh-ba" not in page.url
    assert page.title() in ("", "neutral"), page.title()
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == base + "index.html", "Back returns to the page before the exited one"


def test_exit_by_click_hides_at_once_and_replaces(exit_page, scheme) -> None:
    page, base = exit_page
    hidden_at_once = page.evaluate("""() => {
        document.querySelector('a[data-campaign-exit]').click();
        return document.documentElement.classList.contains('campaign-exiting')
            && getComputedStyle(document.querySelector('.md-container')).visibility === 'hidden'
            && document.querySelector('.campaign-exit-overlay[role=alert]') !== null
            && document.title === '';
    }""")
    assert hidden_at_once
    assert_left(page, scheme, base)


def test_exit_by_keyboard_is_reachable_first(exit_page, scheme) -> None:
    page, base = exit_page
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className")
    if "md-skip" in first:
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-campaign-exit')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    assert_left(page, scheme, base)


def test_exit_by_pressing_shift_three_times(exit_page, scheme) -> None:
    page, base = exit_page
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left(page, scheme, base)


def test_two_shifts_and_typing_do_not_exit(exit_page, scheme) -> None:
    page, base = exit_page
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    # the exit starts synchronously in the key handler (it marks the page before leaving),
    # and a key press returns once its handlers ran: nothing marked means no exit
    assert not page.evaluate("document.documentElement.classList.contains('campaign-exiting')")
    assert page.url.endswith("danh-ba/index.html")


def test_exit_links_lead_to_the_neutral_website(site: BuiltSite) -> None:
    """Every exit link of every kind is a plain link to the configured neutral website."""
    soup = site.page("danh-ba/index.html")
    links = soup.select("a[data-campaign-exit], a[data-campaign-search-exit]")
    assert len(links) == 3
    assert {link["href"] for link in links} == {NEUTRAL_SITE}
    assert all("noreferrer" in link["rel"] and not link.get("target") for link in links)


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_exit_link_leaves_the_site_without_javascript(browser, site: BuiltSite, scheme, request) -> None:
    """The GOV.UK pattern without JavaScript: a plain link to the neutral website.
    A plain link adds a history entry: Back returns to the exited page (the safety page says so)."""
    context = browser.new_context(java_script_enabled=False)
    block_other_hosts(context, [])
    page = context.new_page()
    base = site.root.as_uri() + "/" if scheme == "file" else request.getfixturevalue("http_base")
    page.goto(base + "danh-ba/index.html")
    for _ in range(3):
        page.keyboard.press("Shift")  # needs the script: nothing happens
    assert page.url == base + "danh-ba/index.html"
    assert page.evaluate("() => document.querySelector('.campaign-exit-overlay')") is None
    page.click("a[data-campaign-exit] >> nth=0")
    page.wait_for_url(NEUTRAL_SITE)
    assert page.title() == "neutral"
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == base + "danh-ba/index.html"
    context.close()


def test_what_the_browser_history_keeps(browser, site: BuiltSite, http_base: str, tmp_path) -> None:
    """What the safety page says about history, as Chromium records it (its History database)."""
    import sqlite3

    from conftest import CHROMIUM

    file_base = site.root.as_uri() + "/"
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
    block_other_hosts(context, [])
    page = context.new_page()
    for base, destination in ((file_base, "about:blank"), (http_base, NEUTRAL_SITE)):
        page.goto(base + "index.html")
        page.goto(base + "danh-ba/index.html")
        for _ in range(3):
            page.keyboard.press("Shift")
        page.wait_for_url(destination)
        page.goto("about:blank")
    context.close()  # writes the History database
    with sqlite3.connect(tmp_path / "profile" / "Default" / "History") as database:
        visited = {url for (url,) in database.execute("SELECT url FROM urls")}
    for base in (file_base, http_base):
        assert {base + "index.html", base + "danh-ba/index.html"} <= visited, "the exited page stays in history"
    assert NEUTRAL_SITE in visited


def test_controls_needing_javascript_stay_out_of_sight_without_it(browser, site: BuiltSite) -> None:
    for enabled in (False, True):
        context = browser.new_context(java_script_enabled=enabled)
        page = context.new_page()
        page.goto((site.root / "tai-lieu" / "index.html").as_uri())
        assert page.locator("form[data-campaign-filter]").is_visible() is enabled
        assert page.locator("[data-campaign-search-open]").is_visible() is enabled
        context.close()


def test_exit_stays_reachable_on_mobile(browser, site: BuiltSite) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto((site.root / "tai-lieu" / "index.html").as_uri())
    page.mouse.wheel(0, 3000)
    # scrolled, and the scroll position unchanged from one frame to the next
    page.wait_for_function("""() => {
        const y = window.scrollY, settled = y > 0 && window.__lastY === y;
        window.__lastY = y;
        return settled;
    }""", polling="raf")
    box = page.locator("a[data-campaign-exit] >> nth=0").bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 740
    assert box["width"] >= 44 or box["height"] >= 44
    context.close()

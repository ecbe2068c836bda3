"""The navigation drawer on a phone works from the keyboard (Material's script is not loaded)."""

from __future__ import annotations

import pytest

from conftest import BuiltSite

pytestmark = pytest.mark.browser

MENU = "button.campaign-menu"


def test_menu_opens_and_closes_from_the_keyboard(browser, site: BuiltSite) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto((site.root / "can-cu-chinh-sach.html").as_uri())
    menu = page.locator(MENU)
    assert menu.get_attribute("aria-label") == "Thanh điều hướng"
    assert page.locator("label.md-header__button[for='__drawer']").count() == 0
    assert menu.get_attribute("aria-expanded") == "false"
    nav_link = page.locator(".md-sidebar--primary a.md-nav__link[href='danh-ba/index.html']").first
    assert not nav_link.is_visible() or nav_link.bounding_box()["x"] < 0
    for _ in range(30):  # Tab until the menu button has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('campaign-menu')"):
            break
    else:
        pytest.fail("the menu button is not reachable with Tab")
    page.keyboard.press("Enter")
    # the drawer slides in: wait until the link's left edge is on screen
    page.wait_for_function("el => el.getBoundingClientRect().x >= 0", arg=nav_link.element_handle())
    nav_link.element_handle().wait_for_element_state("stable")
    assert page.is_checked("#__drawer") and menu.get_attribute("aria-expanded") == "true"
    box = nav_link.bounding_box()
    assert box is not None and box["x"] >= 0, "the drawer shows the navigation"
    page.keyboard.press("Escape")
    assert not page.is_checked("#__drawer") and menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('campaign-menu')")
    page.keyboard.press(" ")
    assert page.is_checked("#__drawer")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not menu.is_visible(), "no menu button where the sidebar is always shown"
    context.close()

"""Layout on a phone: nothing moves while a page loads, nothing is wider than the screen.

Layout shifts are the browser's own ``layout-shift`` entries (what Lighthouse's
CLS adds up). The web font is held back by the test until the page has been
painted with its fallback, as on a slow phone network, then released; or it
never arrives. The fallback is whatever the page's CSS picks on this machine:
the test checks that it is one of the metric-matched local faces
(font-fallbacks.css), not a copy of Noto Sans installed on the system, which
would hide any shift.
"""

from __future__ import annotations

import pytest

from conftest import BuiltSite
from test_accessibility import PAGES

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SMALL_PHONE = {"width": 320, "height": 640}
# home, an area page (Lighthouse measured both), a list whose filters appear with
# JavaScript, and other languages (English labels, Ê Đê fallback notice)
SHIFT_PAGES = ("index.html", "danh-ba/ea-kar.html", "tai-lieu/index.html", "en/index.html", "rad/danh-ba/index.html")
MAX_SHIFT = 0.005  # Lighthouse rounds CLS to 0.001; without the metric overrides a page scores 0.01–0.05

RECORD_SHIFTS = """
    window.__shifts = [];
    window.__shiftObserver = new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
    });
    window.__shiftObserver.observe({type: "layout-shift", buffered: true});
"""
# every shift so far is recorded once two more frames have been rendered
SHIFTS_SO_FAR = """async () => {
    for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
    window.__shiftObserver.takeRecords().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
    return window.__shifts.reduce(function (a, b) { return a + b; }, 0);
}"""
PAINTED = """() => document.readyState !== "loading"
    && performance.getEntriesByType("paint").some(e => e.name === "first-contentful-paint")"""
FALLBACK_USED = """() => [...document.fonts].some(f => f.family.includes("fallback") && f.status === "loaded")"""


class HeldFonts:
    """Routes font requests: held until released (a late font), or refused (no font)."""

    def __init__(self, context, refuse: bool) -> None:
        self.held: list[object] = []
        self.released = False
        self.refuse = refuse
        context.route("**/*.woff2", self._route)

    def _route(self, route) -> None:
        if self.refuse:
            route.abort()
        elif self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()


@pytest.mark.parametrize("font", ["late", "never"])
def test_nothing_moves_when_the_font_arrives_late_or_never(browser, http_base: str, font: str) -> None:
    context = browser.new_context(viewport=PHONE)
    fonts = HeldFonts(context, refuse=font == "never")
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    for path in SHIFT_PAGES:
        fonts.held, fonts.released = [], False
        page.goto(http_base + path, wait_until="commit")
        page.wait_for_function(PAINTED)
        assert page.evaluate(FALLBACK_USED), f"{path}: painted with a metric-matched fallback face"
        if font == "late":
            assert fonts.held, f"{path}: the font was held back until after the first paint"
            fonts.release()
            assert page.evaluate("async () => (await document.fonts.ready, [...document.fonts]"
                                 ".some(f => f.family === 'Noto Sans' && f.status === 'loaded'))")
        shift = page.evaluate(SHIFTS_SO_FAR)
        assert shift < MAX_SHIFT, f"{path}: layout shift {shift:.4f} with the font arriving {font}"
    context.close()


@pytest.mark.parametrize("javascript", [False, True])
def test_nothing_is_wider_than_a_small_phone(browser, site: BuiltSite, javascript: bool) -> None:
    """At 320 px no page scrolls sideways (language menu, tables, lists) and the exit is on screen."""
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript)
    page = context.new_page()
    for lang in site.languages:
        for relative in PAGES.values():
            page.goto((site.root / site.prefix(lang) / relative).as_uri())
            width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1], f"{site.prefix(lang)}{relative}: {width[0]} px wide at 320 px"
            box = page.locator(".campaign-safety a[data-campaign-exit]").bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= SMALL_PHONE["width"], relative
    context.close()

"""Debian's Chromium opens the built site from file:// and talks to no other host."""

from __future__ import annotations

import pytest

from conftest import BuiltSite

pytestmark = pytest.mark.browser


def test_home_pages_load_from_file_without_other_hosts(site: BuiltSite, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        for lang in site.languages:
            url = (site.root / site.prefix(lang) / "index.html").as_uri()
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.lang") == lang
            # Material's stylesheet applied: the header is laid out as a fixed bar
            assert page.evaluate(
                "getComputedStyle(document.querySelector('.md-header')).position"
            ) in ("sticky", "fixed")
    finally:
        context.close()
    foreign = [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
    assert requests, "the request log saw nothing: the listener is broken"
    assert foreign == []


def test_language_switch_keeps_the_page(site: BuiltSite, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((site.root / "noi-dung-trong-tam.html").as_uri())
        page.locator(".md-select button").hover()
        page.locator("a.md-select__link[hreflang='rad']").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/rad/noi-dung-trong-tam.html")
        assert page.evaluate("document.documentElement.lang") == "rad"
        assert page.locator(".campaign-fallback").is_visible()
    finally:
        context.close()


def test_font_extension_loads_only_for_letters_outside_vietnamese(site: BuiltSite, browser) -> None:
    """Vietnamese pages load the small core files; ƀ ĭ ŏ (Ê Đê, M'nông) bring the extension."""
    context = browser.new_context()
    fonts: list[str] = []
    context.on("request", lambda request: fonts.append(request.url.rsplit("/", 1)[-1])
               if request.url.endswith(".woff2") else None)
    page = context.new_page()
    page.goto((site.root / "index.html").as_uri(), wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert "noto-sans-regular.woff2" in fonts and not [f for f in fonts if f.endswith("-ext.woff2")]
    page.evaluate("""() => {
        const p = document.createElement("p");
        p.textContent = "Ƀuôn ƀuh ĭ ŏ ŭ č — ê\\u0306 ô\\u0306";
        document.querySelector(".md-content").prepend(p);
    }""")
    page.wait_for_function("""() => [...document.fonts].some(f => f.status === "loaded"
        && f.unicodeRange.includes("U+1E00") && f.weight === "400" && f.style === "normal")""")
    assert "noto-sans-regular-ext.woff2" in fonts
    context.close()

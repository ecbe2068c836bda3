"""The 404 page, as a reader meets it: on the web at any missing address, and from file://.

Every language has its own (``404.html``, ``<lang>/404.html``); the server here
does what the README asks of a web server: a missing address under a language
folder gets that language's page, any other the default language's.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from campaign_site.content.labels import load_labels
from conftest import NEUTRAL_SITE, REPO, BuiltSite, block_other_hosts
from test_safety_pages import HOTLINES

pytestmark = pytest.mark.browser


class NotFoundHandler(SimpleHTTPRequestHandler):
    """A static server with per-language error pages (nginx ``error_page`` per location)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        folder = self.path.lstrip("/").split("/", 1)[0]
        page = root / folder / "404.html"
        if not folder or not page.is_file():
            page = root / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def web_base(site: BuiltSite) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NotFoundHandler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def expected_heading(site: BuiltSite, lang: str) -> str:
    labels = load_labels(REPO / "content" / "i18n", site.languages, site.default_language)
    return str(labels[lang]["not_found.title"])


def test_every_language_has_its_404_page(site: BuiltSite) -> None:
    for lang in site.languages:
        soup = site.page(site.prefix(lang) + "404.html")
        assert soup.html["lang"] == lang
        assert soup.select_one("article h1").get_text(strip=True) == expected_heading(site, lang)
        assert soup.title.get_text().startswith(expected_heading(site, lang))


@pytest.fixture(scope="module")
def reader(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    foreign: list[str] = []
    block_other_hosts(context, foreign)
    yield context
    context.close()


def check_not_found_page(page, site: BuiltSite, lang: str, within: str) -> None:
    """Heading in the reader's language, styled, hotlines, exit link, links that stay in the site."""
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.inner_text("article h1") == expected_heading(site, lang)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    hotlines = page.eval_on_selector_all(".campaign-hotline-strip a", "links => links.map(a => a.getAttribute('href'))")
    assert HOTLINES <= set(hotlines)
    assert page.locator(".campaign-hotline-strip").is_visible()
    exit_link = page.locator(".campaign-safety a[data-campaign-exit]")
    assert exit_link.is_visible() and exit_link.get_attribute("href") == NEUTRAL_SITE
    home = page.eval_on_selector("article li a", "a => a.href")
    assert home == within + site.prefix(lang) + "index.html"


@pytest.mark.parametrize("lang", ["vi", "en", "rad", "jra", "mng"])
def test_404_on_the_web_at_a_deep_missing_address(reader, site: BuiltSite, web_base: str, lang: str) -> None:
    assert lang in site.languages
    page = reader.new_page()
    response = page.goto(web_base + site.prefix(lang) + "khong/co/trang-nay.html")
    assert response.status == 404
    check_not_found_page(page, site, lang, web_base)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_SITE)
    page.close()


@pytest.mark.parametrize("lang", ["vi", "en", "rad", "jra", "mng"])
def test_404_from_file(reader, site: BuiltSite, lang: str) -> None:
    page = reader.new_page()
    page.goto((site.root / site.prefix(lang) / "404.html").as_uri())
    check_not_found_page(page, site, lang, site.root.as_uri() + "/")
    page.wait_for_function("() => document.querySelectorAll('script[src^=\"file:\"]').length > 0")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("about:blank")
    page.close()


def test_404_from_file_without_javascript_is_styled_and_can_be_left(browser, site: BuiltSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    block_other_hosts(context, [])
    page = context.new_page()
    page.goto((site.root / "en" / "404.html").as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    page.click(".campaign-safety a[data-campaign-exit]")
    page.wait_for_url(NEUTRAL_SITE)
    context.close()

"""Printed pages lead back to the site: QR code of the public address, clean A4."""

from __future__ import annotations

import pytest

from conftest import PUBLIC_URL as SITE_URL, BuiltSite
from test_qr_codes import decode


@pytest.mark.parametrize("relative", [
    "tai-lieu/ap-phich-song-ngu-ede-viet-vi-du.html",
    "en/mo-hinh/dia-chi-tin-cay-cong-dong-vi-du.html",
    "danh-ba/lak.html",
    "thang-hanh-dong.html",
    "bo-tai-lieu.html",
])
def test_qr_code_encodes_the_public_address(site: BuiltSite, relative: str) -> None:
    figure = site.page(relative).select_one("figure.campaign-qr")
    assert figure is not None
    url = SITE_URL + relative
    assert figure["data-url"] == url
    assert figure.select_one(".campaign-qr__url").get_text() == url.removeprefix("https://")
    assert decode(str(figure.select_one("svg"))).text == url  # every page's code: test_qr_codes.py


def test_group_pages_have_no_qr(site: BuiltSite) -> None:
    assert site.page("tai-lieu/nhom/loai-law.html").select_one("figure.campaign-qr") is None


@pytest.mark.browser
def test_printing_gives_a_clean_a4_page(site: BuiltSite, browser) -> None:
    page = browser.new_page()
    page.goto((site.root / "danh-ba" / "lak.html").as_uri())
    assert not page.locator("figure.campaign-qr").is_visible()
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".campaign-exit", ".campaign-filter", ".md-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("figure.campaign-qr").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('article a[href^=\"tel:\"]'), '::after').content")
    assert "tel:" in after, "phone links print their number target"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    page.close()


# What fits on A4 with the site's @page margins (15 mm each side), in CSS pixels.
A4_TEXT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)


@pytest.fixture
def paper(browser):
    """A page laid out as Chromium prints it on A4: print media, the printable width."""
    page = browser.new_page(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    yield page
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("relative", ["index.html", "danh-ba/ea-kar.html", "en/tai-lieu/index.html", "rad/404.html"])
def test_printed_pages_keep_the_hotlines(site: BuiltSite, paper, relative: str) -> None:
    from test_safety_pages import HOTLINES

    paper.goto((site.root / relative).as_uri())
    strip = paper.locator(".campaign-hotline-strip")
    assert strip.is_visible(), relative
    numbers = paper.eval_on_selector_all(".campaign-hotline-strip a", "links => links.map(a => a.getAttribute('href'))")
    assert HOTLINES <= set(numbers)
    for number in HOTLINES:
        assert number.removeprefix("tel:")[-3:] in strip.inner_text().replace(" ", "")
    assert paper.evaluate("getComputedStyle(document.querySelector('.campaign-safety')).color") == "rgb(0, 0, 0)"
    assert not paper.locator(".campaign-safety a[data-campaign-exit]").is_visible()
    assert paper.evaluate("() => document.documentElement.scrollWidth") <= A4_TEXT_WIDTH


# a table much wider than a page: many columns, long words, a long address
WIDEN_TABLES = """() => {
    const long = "Nghị-định-số-56/2012/NĐ-CP-quy-định-trách-nhiệm";
    for (const table of document.querySelectorAll(".md-typeset__table table")) {
      for (const row of table.rows) {
        for (let i = 0; i < 8; i++) {
          const cell = document.createElement(row.parentElement.tagName === "THEAD" ? "th" : "td");
          if (i === 0 && row.parentElement.tagName !== "THEAD") {
            const link = document.createElement("a");
            link.href = "https://vbpl.example/van-ban/" + "chi-tiet-van-ban-".repeat(6) + i;
            link.textContent = "Nguồn";
            cell.append(link);
          } else {
            cell.textContent = long + " " + i;
          }
          row.append(cell);
        }
      }
    }
}"""
CUT_OFF = """() => [...document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table")]
    .filter(box => box.scrollWidth > box.clientWidth + 1 || box.getBoundingClientRect().right > innerWidth + 1)
    .map(box => box.tagName + " " + box.scrollWidth + "/" + box.clientWidth)"""


@pytest.mark.browser
def test_wide_tables_fit_an_a4_page(site: BuiltSite, paper) -> None:
    paper.goto((site.root / "can-cu-chinh-sach.html").as_uri())
    assert paper.locator(".md-typeset__table table").count() >= 2
    assert paper.evaluate(CUT_OFF) == [], "the page's own tables"
    paper.evaluate(WIDEN_TABLES)
    assert paper.evaluate("() => document.querySelector('.md-typeset__table table').rows[0].cells.length") >= 12
    assert paper.evaluate(CUT_OFF) == [], "tables wider than the page are cut off on paper"
    pdf = paper.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

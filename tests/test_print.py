"""Printed pages lead back to the site: QR code of the public address, clean A4."""

from __future__ import annotations

import re

import pytest
import segno

from conftest import PUBLIC_URL as SITE_URL, BuiltSite


def svg_matrix(svg: str) -> list[list[int]]:
    """Rebuild segno's module matrix from the path of an inline SVG QR code."""
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 3 - 8  # scale 3, quiet zone 4
    path = re.search(r' d="([^"]+)"', svg).group(1)
    matrix = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x) + int(a)):
                matrix[int(y - 0.5) - 4][column - 4] = 1
            x += float(a)
    return matrix


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
    expected = [list(row) for row in segno.make(url, error="m").matrix]
    assert svg_matrix(str(figure.select_one("svg"))) == expected


def test_group_pages_have_no_qr(site: BuiltSite) -> None:
    assert site.page("tai-lieu/nhom/loai-law.html").select_one("figure.campaign-qr") is None


@pytest.mark.browser
def test_printing_gives_a_clean_a4_page(site: BuiltSite, browser) -> None:
    page = browser.new_page()
    page.goto((site.root / "danh-ba" / "lak.html").as_uri())
    assert not page.locator("figure.campaign-qr").is_visible()
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".campaign-safety", ".campaign-filter", ".md-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("figure.campaign-qr").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('article a[href^=\"tel:\"]'), '::after').content")
    assert "tel:" in after, "phone links print their number target"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    page.close()

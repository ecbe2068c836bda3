"""A fallback copy's search text is its body's before the QR code is added (plugins/campaign.py
``on_page_content``): the QR code and address only paper shows are never searchable, and without
them the body is the same in every language showing it in its original's language (Ê Đê, J'rai,
M'nông), so its text is extracted once (kept in the build cache by the body's SHA-256) instead
of once per language.

That changes no search text: the QR code adds nothing to it, whatever comes before it (a table
of bodies left open in every way a body can end), and on every page of the built site that
carries one."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from campaign_site.pages.qr import qr_block
from campaign_site.search.text import extract_text, walk_text

from conftest import BuiltSite

QR = qr_block("https://binh-dang-gioi.example.net/rad/danh-ba/krong-nang.html", "In địa chỉ trang")


@pytest.mark.parametrize("body", [
    "<h1>Tiêu đề</h1>\n<p>Nội dung.</p>",
    "<h1>Tiêu đề</h1>\n<p>Đoạn chưa đóng",
    "<h1>Tiêu đề</h1>\n<h2>Mục chưa đóng",
    "<h1>Tiêu đề chưa đóng",
    "<p><a href='x.html'>liên kết chưa đóng",
    "<p><strong>đậm <em>nghiêng chưa đóng",
    "<ul><li>mục một<li>mục hai",
    "<table><tr><td>ô chưa đóng",
    "<table><caption>Bảng 1. Chú thích</caption><tr><th>cột</th></tr>",
    "<dl><dt>tên<dd>giá trị",
    "<div class='campaign-cards'><div><p>thẻ",
    "<details><summary>tóm tắt</summary><p>chi tiết",
    "<blockquote><p>trích dẫn",
    "<p>chú thích <!-- chưa đóng",
    "<pre><code>mã chưa đóng",
    "<div class='admonition'><p class='admonition-title'>Lưu ý</p><p>nội dung</div>",
    "",
])
def test_the_qr_code_adds_nothing_to_a_search_text(body: str) -> None:
    assert extract_text(body + "\n" + QR) == extract_text(body)
    assert walk_text(body + "\n" + QR) == walk_text(body)


def _article(html: str) -> str:
    node = LexborHTMLParser(html).css_first("article")
    assert node is not None
    return node.inner_html or ""


def test_every_page_with_a_qr_code_searches_the_same_without_it(site: BuiltSite) -> None:
    figure = re.compile(r'<figure class="campaign-qr".*?</figure>', re.DOTALL)
    others = {language for language in site.languages if language != site.default_language}
    checked: set[str] = set()
    for path in sorted(site.root.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if 'class="campaign-qr"' not in html:
            continue
        article = _article(html)
        without = figure.sub("", article)
        assert without != article, path
        assert extract_text(without) == extract_text(article), path
        top = path.relative_to(site.root).parts[0]
        checked.add(top if top in others else site.default_language)
    assert checked == set(site.languages)  # pages of every language, fallback copies among them

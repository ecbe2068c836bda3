"""Search text from Lexbor's serialization (``extract_text``) is the walk's (``walk_text``), for
every page of the built site and a table of bodies chosen to break it.

``walk_text`` is the extractor the index was built with before (a walk of the tree in
Python, element by element): it is the definition, and the oracle here.
"""

from __future__ import annotations

import unicodedata

import markdown
import pytest
from selectolax.lexbor import LexborHTMLParser

from campaign_site.search.text import _cut_text, extract_text, walk_text
from conftest import BuiltSite

ARTICLE = '<article class="md-content__inner md-typeset">'


def _fast(html: str):
    """The serialization's answer (None: it leaves the body to the walk)."""
    return _cut_text(LexborHTMLParser(html))


def test_every_page_of_the_site_has_the_walks_text(site: BuiltSite) -> None:
    """Each page's article body (what the index reads) and each whole page."""
    pages = sorted(site.root.glob("**/*.html"))
    assert len(pages) > 100
    articles = 0
    for path in pages:
        page = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        article = page.partition(ARTICLE)[2].partition("</article>")[0]
        articles += bool(article)
        for html in (article, page):
            assert _fast(html) == walk_text(html), path
    assert articles > 100


# Markdown as communicators write it, converted with the site's kinds of extensions.
MARKDOWN = [
    "# Tiêu đề\n\nĐoạn **đậm** và *nghiêng*, `mã` và [liên kết](https://example.org).",
    "## Mục có neo\n\nVăn bản.\n\n### Mục con\n\nThêm.",
    "Bảng 1. Chú thích.\n\n| A | B |\n|---|---|\n| x<br>y | &amp; &lt;b&gt; &nbsp;z |",
    '!!! note "Lưu ý"\n    Nội dung *trong* ghi chú.\n\n??? info "Mở ra"\n    Ẩn.',
    "```python\nprint('<b>')  # & ngắt\n```\n\n    thụt lề <code>",
    "- một\n    - hai\n        1. ba\n- bốn\n\nDòng  \nngắt",
    "<div class=\"campaign-qr\">111</div>\n\n<p hidden>ẩn</p>\n\n<span aria-hidden=\"true\">x</span>bên",
    "Ê Đê: \u0115\u0306 o\u0306 u\u0306 \u0180 \u010d \u00f1 \u012d \u014f \u016d J\u2019rai M\u2019n\u00f4ng",
    unicodedata.normalize("NFD", "Ƀuôn Đôn ắ ẵ ộ ự Ăn Ŏ"),
    "Term\n:   Definition *here*\n\nabbr HTML\n\n*[HTML]: Hyper Text",
    "<!-- chú thích -->\n\n<details><summary>Tóm tắt</summary>nội dung</details>",
]
EXTENSIONS = ["tables", "admonition", "attr_list", "def_list", "abbr", "md_in_html", "fenced_code",
              "pymdownx.details", "pymdownx.superfences", "toc"]
CONFIGS = {"toc": {"permalink": "¶"}}


@pytest.mark.parametrize("source", MARKDOWN)
def test_converted_markdown_has_the_walks_text(source: str) -> None:
    html = markdown.markdown(source, extensions=EXTENSIONS, extension_configs=CONFIGS)
    for body in (html, unicodedata.normalize("NFC", html)):
        assert _fast(body) is not None
        assert _fast(body) == walk_text(body)


# Bodies chosen to break a shortcut: (HTML, whether the serialization may answer).
BODIES = [
    ("<h1>Tiêu đề <a class=\"headerlink\" href=\"#x\">¶</a></h1><p>a<b>b</b>c</p>", True),
    ("<h1></h1><h1>Thứ hai</h1><h1>Thứ ba</h1>", True),  # an empty h1 is not the page's h1
    ("<h1><img alt=x></h1><p>a</p><h1>Hai</h1>", True),
    ("<h1> </h1><h1>Hai</h1>", True),  # a blank one is
    ("<h1 hidden>Ẩn</h1><h1>Hiện</h1>", True),
    ("<h1>A<span hidden>B</span>C<div hidden>D</div>E</h1><p>sau</p>", True),
    ("<h2>Một<br>hai</h2><h3>ba<div>bốn</div></h3><h4></h4><h5> </h5>", True),
    ("a<span hidden>x</span>b<span hidden><div>y</div></span>c<div hidden>z</div>d", True),
    ("a<i class=\"campaign-repeated\">x</i>b<p class=\"campaign-exit-end x\">q</p>c", True),
    ("a<i class=\"campaign-repeated-not\">x</i>b<i class=\"Campaign-Repeated\">y</i>", True),
    ("<div class=\"admonition campaign-fallback\"><p>Thông báo</p><div><h2>Bên trong</h2></div></div>t", True),
    ("<p aria-hidden=\"TRUE\">hoa</p><p aria-hidden=\"true\">thường</p><p aria-hidden>rỗng</p>", True),
    ("<table><caption>Bảng 1. Chú thích</caption><tr><th>A</th><td>x<br>y</td></tr></table>", True),
    ("<pre><code>a &lt;b&gt;\n  c</code></pre>&amp;amp; &#39; &#x1F600; &nbsp;", True),
    ("<p title=\"a<b>c</b>&quot;\" data-x='>'>thuộc tính</p><b title=\"<p>\">x</b>y", True),
    ("a<!-- <p>chú thích</p> -->b<!---->c<?php x ?>d", True),
    ("<svg><text>s</text><a>t</a></svg><math><mi>m</mi></math>u<template><p>v</p></template>w", True),
    ("<script>var a = '<p>';</script><style>p{}</style><noscript>n</noscript><textarea>t</textarea>z", True),
    ("<form><p>f</p></form><button>b</button><select><option>o</option></select>k", True),
    ("<title>tên</title><meta name=x><p>thân</p>", True),
    ("<span>a</span><span>b</span><div>c</div><div>d</div>e\u00a0f\u2003g\u3000h", True),
    ("a\x85b\x1cc\ufeffd\u200be \u202f f\u205fg", True),
    ("NUL\x00ở giữa &#0; và \ufffd", True),
    ("<p>a</p>\n\n   \n<p>b</p><ul><li>c<ul><li>d</li></ul></li></ul>", True),
    ("<ol><li><p>e</p></li></ol><dl><dt>f</dt><dd>g</dd></dl><blockquote>h</blockquote>", True),
    ("<a-b>tùy</a-b>chỉnh<bdo>x</bdo>y<custom>z</custom>w", True),
    ("<p>" + "từ " * 3000 + "</p>", True),
    ("", True),
    ("<h2>Ngoài<span><h3>Trong</h3></span>sau</h2><p>x</p>", None),  # a heading in a heading
    ("<h1>A<span><h2>B</h2></span>C</h1>", None),
    ("<xmp><p>thô</p> &amp;</xmp>x", None),
    ("<noembed><b>n</b></noembed><noframes>f</noframes>", None),
    ("a<plaintext><p>hết</p>", None),
]


@pytest.mark.parametrize(("html", "answered"), BODIES)
def test_tricky_bodies_have_the_walks_text(html: str, answered: bool | None) -> None:
    fast = _fast(html)
    if answered:
        assert fast == walk_text(html)
    else:
        assert fast is None  # left to the walk
    assert extract_text(html) == walk_text(html)


def test_notices_are_not_searchable() -> None:
    """The notice of a fallback copy or a partly translated page; the text around it is."""
    for html in ('<div class="admonition info campaign-fallback" role="note"><p>Chưa dịch</p></div>'
                 '<h1>Trang</h1><p>Nội dung</p>',
                 '<h1>Trang</h1><div class="admonition campaign-fallback campaign-partial"><p class="x">'
                 'Chưa dịch</p></div><p>Nội dung</p>'):
        text = extract_text(html)
        assert (text.h1, text.headings, text.text) == ("Trang", [], "Nội dung")
        assert _fast(html) == walk_text(html)

"""Bodies converted once for all languages (plugins/page_bodies.py): a page that reuses a
stored conversion gets exactly what converting it would give, links included."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from campaign_site.pages.build_cache import BuildCache
from campaign_site.pages.fallback import wrap_fallback_content
from campaign_site.plugins import page_bodies
from campaign_site.plugins.page_bodies import render_page, search_text
from campaign_site.search.text import extract_text
from conftest import BuiltSite
from test_build_cache import entries

# a page linking to a page of its language, to itself, to an anchor, to a page and a file
# that only the default language has (gioi-thieu.md, media/ at the site root: from rad/ the
# rewritten links differ), and to another host
MARKDOWN = """# Tiêu đề

## Phần một {#mot}

Xem [trang khác](khac.md#phan-hai), [phần một](#mot), [tệp](../media/to-roi.pdf),
![ảnh](../media/anh.png), [giới thiệu](../gioi-thieu.md) và [trang ngoài](https://example.org/).

| A | B |
|---|---|
| 1 | 2 |
"""


def _site(tmp_path: Path) -> tuple[object, Files]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nuse_directory_urls: false\nmarkdown_extensions: [attr_list, tables, toc]\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    names = ["chu-de/trang.md", "chu-de/khac.md", "rad/chu-de/trang.md", "rad/chu-de/khac.md",
             "gioi-thieu.md", "media/to-roi.pdf", "media/anh.png"]
    files = Files([File(name, str(docs), str(tmp_path / "site"), use_directory_urls=False) for name in names])
    return config, files


def _render(config, files: Files, src_uri: str, cache: BuildCache | None) -> Page:
    page = Page(None, files.get_file_from_path(src_uri), config)
    page.markdown = MARKDOWN
    if cache is None:
        page.render(config, files)
    else:
        render_page(page, config, files, cache, "settings", lambda: 0)
    return page


def _state(page: Page) -> tuple:
    return (page.content, [(a.title, a.id, a.level, len(a.children)) for a in page.toc],
            page._title_from_render, page.present_anchor_ids,
            {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()})


@pytest.mark.parametrize("first", ["chu-de/trang.md", "rad/chu-de/trang.md"])
def test_a_stored_body_is_what_converting_the_page_gives(tmp_path: Path, first: str) -> None:
    """Whichever language converts first, the other gets its own links (media/ is one level
    deeper from rad/), its table of contents, title and anchors, as if it had converted."""
    config, files = _site(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    second = "rad/chu-de/trang.md" if first == "chu-de/trang.md" else "chu-de/trang.md"
    for src_uri in (first, second, first, second):  # cold, reused, warm, warm
        assert _state(_render(config, files, src_uri, cache)) == _state(_render(config, files, src_uri, None)), src_uri
    # (the test means something: the two pages' links differ)
    assert _render(config, files, first, None).content != _render(config, files, second, None).content
    assert len(entries(tmp_path / "cache", page_bodies.BODY_KIND)) == 1


def test_every_input_of_a_body_is_in_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, files = _site(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    page = Page(None, files.get_file_from_path("chu-de/trang.md"), config)
    for markdown, settings in ((MARKDOWN, "a"), (MARKDOWN + "\nThêm.\n", "a"), (MARKDOWN, "b")):
        page.markdown = markdown
        render_page(page, config, files, cache, settings, lambda: 0)
    monkeypatch.setattr(page_bodies, "_BODY_CODE", "other code")
    render_page(page, config, files, cache, "a", lambda: 0)
    assert len(entries(tmp_path / "cache")) == 4


def test_search_text_from_the_cache_is_the_extracted_one(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    html = '<h1>T</h1><h2>Phần <em>một</em></h2><p>Chữ <a class="headerlink">¶</a>đây</p>'
    assert search_text(html, cache) == extract_text(html)  # cold
    assert search_text(html, cache) == extract_text(html)  # warm
    assert search_text(html + "<p>khác</p>", cache) == extract_text(html + "<p>khác</p>")
    assert len(entries(tmp_path / "cache")) == 2


def test_a_fallback_copy_has_its_originals_search_text(site: BuiltSite) -> None:
    """The index takes a fallback copy's text from the body inside the notice's wrapper:
    the same text as the wrapped page's, for every page body of the site."""
    from campaign_site.content.loader import load_content

    content = load_content(site.project / "content", site.languages, site.default_language)
    bodies = [path.read_text(encoding="utf-8") for path in sorted(site.root.glob("**/*.html"))]
    assert len(bodies) > 50
    for body in bodies:
        article = body.partition('<article class="md-content__inner md-typeset">')[2].partition("</article>")[0]
        for language in site.languages[1:]:
            wrapped = wrap_fallback_content(article, language, content.labels, site.default_language)
            assert extract_text(wrapped) == extract_text(article)

"""Bodies converted once for all languages (plugins/page_bodies.py): a page that reuses a
stored conversion gets exactly what converting it would give, links included."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from markdown import Markdown
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from campaign_site.pages.build_cache import BuildCache
from campaign_site.pages import partial
from campaign_site.pages.fallback import wrap_fallback_content
from campaign_site.pages.partial import mark_untranslated, source_blocks
from campaign_site.plugins import page_bodies
from campaign_site.plugins.page_bodies import content_findings_once, render_page, search_text
from campaign_site.postprocess import html_policy
from campaign_site.search.text import extract_text
from selectolax.lexbor import LexborHTMLParser
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


@pytest.mark.parametrize("body", [
    '<p>Chữ <a href="../a.html">đây</a></p>',  # clean
    '<p onclick="x()">Chữ</p>', '<script>alert(1)</script>', '<img src="https://other.example/a.png" alt="a">',
    '<p style="color:red">Chữ</p>', '<iframe src="a.html"></iframe>',
])
def test_a_body_is_checked_once_and_only_a_clean_one_is_kept(body: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The content rules' findings of a body, from the cache or not, are the rules' own; only a
    clean body's verdict is kept (a body with findings is checked every time it is shown), by
    the body's text and the code that judges it."""
    cache = BuildCache(tmp_path / "cache")
    expected = html_policy.content_findings(body)
    checked: list[str] = []
    real = html_policy.content_findings
    monkeypatch.setattr(page_bodies, "content_findings", lambda html: checked.append(html) or real(html))
    assert content_findings_once(body, cache) == expected  # cold
    assert content_findings_once(body, cache) == expected  # warm
    assert content_findings_once(body, BuildCache(None)) == expected  # no cache folder
    assert checked == ([body, body] if not expected else [body, body, body])
    assert len(entries(tmp_path / "cache")) == (0 if expected else 1)
    if not expected:
        assert content_findings_once(body + " ", cache) == [] and len(checked) == 3  # another text
        monkeypatch.setattr(page_bodies, "_CLEAN_CODE", "other code")
        assert content_findings_once(body, cache) == [] and len(checked) == 4  # other code


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


def test_untranslated_marks_use_the_stored_source_body(tmp_path: Path) -> None:
    """A source page converted before (render_page) is not converted again for a translation's
    marks: the stored body gives the same marks; the blank lines around a file's body (which
    MkDocs drops) do not matter, a body not in NFC or with carriage returns is converted."""
    config, files = _site(tmp_path)
    cache = BuildCache(tmp_path / "cache")
    page = Page(None, files.get_file_from_path("chu-de/trang.md"), config)
    page.markdown = MARKDOWN.strip("\n")  # as MkDocs hands a file's body to the page
    render_page(page, config, files, cache, "settings", lambda: 0)
    translated = "<h1>Title</h1>\n<h2 id=\"mot\">Phần một</h2>\n<p>See the other page.</p>"
    expected = mark_untranslated(translated, Markdown(extensions=["attr_list", "tables", "toc"]).convert(MARKDOWN), "vi")
    assert expected.untranslated == 1

    def refused() -> Markdown:
        raise AssertionError("converted again")

    for source in (MARKDOWN, "\n\n" + MARKDOWN + "\n\n"):
        assert page_bodies.stored_body(source, "settings", cache) is not None
        fresh = BuildCache(tmp_path / "cache")  # no marks stored yet under this source's key
        assert page_bodies.untranslated_marks(translated, source, "vi", refused, "settings", fresh) == expected
        for entry in (tmp_path / "cache" / page_bodies.MARKS_KIND).rglob("*"):
            if entry.is_file():
                entry.unlink()
    for other in (MARKDOWN.replace("\n", "\r\n"), unicodedata.normalize("NFD", MARKDOWN)):
        assert page_bodies.stored_body(other, "settings", cache) is None
    assert page_bodies.stored_body(MARKDOWN, "other settings", cache) is None
    assert page_bodies.stored_body(MARKDOWN, "settings", BuildCache(None)) is None


def test_a_stored_body_has_the_blocks_of_the_marks_own_conversion(site: BuiltSite) -> None:
    """Stored bodies are converted with our extension (table captions, links), the marks'
    own conversion without it: both give the same text blocks, for every page of the site."""
    from campaign_site.content.loader import load_content
    from campaign_site.content.reader import read_markdown
    from campaign_site.pages.markdown import CampaignMarkdown, caption_prefixes, site_markdown

    config = load_config(config_file=str(site.project / "mkdocs.yml"))
    content = load_content(site.project / "content", site.languages, site.default_language)
    extensions = [ext for ext in config.markdown_extensions if not isinstance(ext, CampaignMarkdown)]
    own = CampaignMarkdown(caption_prefixes(content), config.site_url)
    sources = sorted(Path(config.docs_dir).glob("**/*.md"))
    assert len(sources) > 20
    captioned = 0
    for path in sources:
        body = read_markdown(path).body
        stored = site_markdown(extensions, config.mdx_configs, own).convert(body)
        captioned += "<caption>" in stored
        assert source_blocks(stored) == source_blocks(site_markdown(extensions, config.mdx_configs).convert(body)), path
    assert captioned  # (the test means something: our extension made captions)


def test_leaf_blocks_are_the_blocks_holding_no_other(site: BuiltSite) -> None:
    """partial._leaves (one pass over ancestors) is its definition (a CSS query per block),
    for every page of the site."""
    pages = sorted(site.root.glob("**/*.html"))
    assert len(pages) > 100
    for path in pages:
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        defined = [node.html for node in tree.css(partial._SELECTOR) if len(node.css(partial._SELECTOR)) == 1]
        assert [node.html for node in partial._leaves(tree)] == defined, path

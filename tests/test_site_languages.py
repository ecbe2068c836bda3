"""The built site in five languages: pages, <html lang>, fallbacks, switcher."""

from __future__ import annotations

import posixpath
from pathlib import Path


from conftest import BuiltSite

NATIVE_NAMES = {"vi": "Tiếng Việt", "en": "English", "rad": "Ê Đê", "jra": "J'rai", "mng": "M'nông"}


def source_pages(site: BuiltSite) -> list[str]:
    """Output paths (relative to a language root) of every page in docs/."""
    pages = set()
    for path in (site.project / "docs").rglob("*.md"):
        parts = path.relative_to(site.project / "docs").with_suffix("").as_posix()
        stem = parts.rsplit(".", 1)[0] if "." in Path(parts).name else parts
        pages.add(f"{stem}.html")
    return sorted(pages)


def test_languages_are_configured(site: BuiltSite) -> None:
    assert site.languages == ["vi", "en", "rad", "jra", "mng"]
    assert site.default_language == "vi"


def test_every_page_exists_in_every_language(site: BuiltSite) -> None:
    pages = source_pages(site)
    assert len(pages) >= 5
    missing = [
        site.prefix(lang) + page
        for lang in site.languages
        for page in pages
        if not (site.root / site.prefix(lang) / page).exists()
    ]
    assert missing == []


def test_html_lang_is_the_page_language(site: BuiltSite) -> None:
    for lang in site.languages:
        for page in source_pages(site):
            html = site.page(site.prefix(lang) + page).html
            assert html["lang"] == lang, f"{lang}/{page}"


def test_untranslated_pages_fall_back_with_notice(site: BuiltSite) -> None:
    for lang in ("rad", "jra", "mng"):
        soup = site.page(f"{lang}/noi-dung-trong-tam.html")
        notice = soup.select_one(".campaign-fallback")
        assert notice is not None
        assert "chưa được dịch sang" in notice.get_text()
        assert notice.select('[lang="en"]') == [], "no English notice outside /en/"
        content = soup.select_one(".campaign-fallback-content")
        assert content is not None and content["lang"] == "vi"
        assert "Năm nội dung trọng tâm" in content.get_text()


def test_translated_pages_have_no_notice(site: BuiltSite) -> None:
    for lang in ("vi", "en"):
        for page in source_pages(site):
            assert site.page(site.prefix(lang) + page).select_one(".campaign-fallback") is None


def test_switcher_shows_native_names_and_keeps_the_page(site: BuiltSite) -> None:
    for lang in site.languages:
        for page in source_pages(site):
            here = site.prefix(lang) + page
            links = site.page(here).select("a.md-select__link")
            assert [a.get_text(strip=True) for a in links] == list(NATIVE_NAMES.values())
            for link in links:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), link["href"]))
                expected = site.prefix(link["hreflang"]) + page
                assert target == expected, f"{here}: {link['hreflang']} -> {link['href']}"


def test_no_third_party_hosts_in_html(site: BuiltSite) -> None:
    for html in site.root.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "unpkg.com", "cdn.jsdelivr.net"):
            assert host not in text, f"{html}: {host}"


def test_hreflang_is_not_in_pages(site: BuiltSite) -> None:
    # hreflang lives in sitemap.xml (tests/test_search_engines.py), written only for a real address
    for page in source_pages(site):
        assert site.page(page).select("link[rel=alternate][hreflang]") == []

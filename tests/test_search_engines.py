"""What search engines read: sitemap.xml, robots.txt and canonical links.

A page shown in the fallback language (rad/jra/mng copies of a Vietnamese page)
is a duplicate: it names its original as canonical and is neither listed in the
sitemap nor named as an alternate language version. Nothing of this is written
without a real public address.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from xml.etree import ElementTree

from campaign_site.dates import build_date
from campaign_site.exports.sitemap import write_sitemap
from campaign_site.languages import shown_language
from conftest import PUBLIC_URL, BuiltSite

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def pages(site: BuiltSite) -> list[str]:
    return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html")
                  if p.name not in ("404.html", "tab-moi.html"))


def canonical(site: BuiltSite, page: str) -> str | None:
    link = site.page(page).select_one("link[rel=canonical]")
    return link["href"] if link else None


def test_fallback_copies_name_their_original_as_canonical(public_site: BuiltSite) -> None:
    copies = 0
    for page in pages(public_site):
        shown = shown_language((public_site.root / page).read_text(encoding="utf-8"))
        lang = next((lang for lang in public_site.languages if public_site.prefix(lang)
                     and page.startswith(public_site.prefix(lang))), public_site.default_language)
        neutral = page[len(public_site.prefix(lang)):]
        original = public_site.prefix(shown or lang) + neutral
        assert canonical(public_site, page) == PUBLIC_URL + original, page
        copies += shown is not None
    assert copies >= 100, "rad, jra and mng are mostly fallback copies"


def sitemap_urls(site: BuiltSite) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} of the sitemap (validated as XML)."""
    text = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((site.root / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    assert (site.root / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0", "gzip mtime must be 0"
    root = ElementTree.fromstring(text.encode("utf-8"))
    result = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert url.find("s:lastmod", NS).text == build_date().isoformat()
        result[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    return result


def test_sitemap_lists_each_canonical_page_once_with_its_real_languages(public_site: BuiltSite) -> None:
    urls = sitemap_urls(public_site)
    canonical_pages = {PUBLIC_URL + page for page in pages(public_site)
                       if canonical(public_site, page) == PUBLIC_URL + page}
    assert set(urls) == canonical_pages, "every canonical page, and nothing else"
    for loc, alternates in urls.items():
        for lang, href in alternates.items():
            assert href in urls, f"{loc}: alternate {lang} is not a page of its own"
            if lang != "x-default":
                page = href[len(PUBLIC_URL):]
                assert page.startswith(public_site.prefix(lang)) or lang == public_site.default_language
        if alternates:
            assert alternates["x-default"] == alternates[public_site.default_language]
    english = urls[PUBLIC_URL + "en/index.html"]
    assert set(english) == {"vi", "en", "x-default"}, "rad, jra, mng copies are not alternates"
    assert not [loc for loc in urls if re.match(re.escape(PUBLIC_URL) + r"(rad|jra|mng)/", loc)
                and shown_language((public_site.root / loc[len(PUBLIC_URL):]).read_text(encoding="utf-8"))]


def test_robots_txt_points_to_the_sitemap(public_site: BuiltSite) -> None:
    robots = (public_site.root / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[0] == "User-agent: *"
    assert f"Sitemap: {PUBLIC_URL}sitemap.xml" in robots.splitlines()


def test_nothing_for_search_engines_without_a_public_address(placeholder_site: BuiltSite, tmp_path: Path) -> None:
    site = placeholder_site
    for name in ("sitemap.xml", "sitemap.xml.gz", "robots.txt"):
        assert not (site.root / name).exists(), name
    for page in pages(site):
        if shown_language((site.root / page).read_text(encoding="utf-8")):
            assert canonical(site, page) is None, page
    # a site published below a folder: crawlers read robots.txt only at the host's root
    (tmp_path / "index.html").write_text("<p>x</p>", encoding="utf-8")
    write_sitemap(tmp_path, ["vi"], "vi", "https://example.org/campaign/", set())
    assert (tmp_path / "sitemap.xml").exists() and not (tmp_path / "robots.txt").exists()


def test_the_parallel_build_knows_which_pages_are_fallback_copies_without_reading_them(
        public_site: BuiltSite, tmp_path: Path) -> None:
    """The language processes say which of their finished pages are fallback copies (from the
    HTML they reviewed), so the session build's sitemap read no page again; the sitemap is the
    one reading every page gives (the sequential build's is compared byte for byte elsewhere)."""
    from conftest import WORK_LOG

    lines = (public_site.root.parent / WORK_LOG).read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if line.startswith("sitemap-read-page ")]
    # what the processes say wins over what the page holds; unknown pages are read
    (tmp_path / "rad").mkdir()
    copy = '<div class="campaign-fallback-content" lang="vi"><p>x</p></div>'
    for page in ("a.html", "b.html"):
        (tmp_path / page).write_text("<p>x</p>", encoding="utf-8")
        (tmp_path / "rad" / page).write_text(copy, encoding="utf-8")
    write_sitemap(tmp_path, ["vi", "rad"], "vi", "https://example.org/", set(), None, {"rad/a.html": False})
    listed = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/rad/a.html" in listed and "rad/b.html" not in listed

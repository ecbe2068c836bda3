"""Safety features present in the HTML of every built page."""

from __future__ import annotations

from conftest import BuiltSite

HOTLINES = {"tel:111", "tel:1900969680", "tel:113"}


def built_pages(site: BuiltSite) -> list[str]:
    return sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html")
                  if p.name not in ("tab-moi.html",))


def test_every_page_has_hotlines_exit_and_csp(site: BuiltSite) -> None:
    """Every HTML file of the built site, the 404 pages included (only the blank exit page is not a page)."""
    pages = built_pages(site)
    assert len(pages) > 100
    assert {site.prefix(lang) + "404.html" for lang in site.languages} <= set(pages)
    for relative in pages:
        soup = site.page(relative)
        strip = soup.select_one(".campaign-hotline-strip")
        assert strip is not None, relative
        assert HOTLINES <= {a["href"] for a in strip.select("a")}, relative
        assert soup.select_one(".campaign-safety a[data-campaign-exit]") is not None, relative
        assert soup.select_one(".campaign-exit-end a[data-campaign-exit]") is not None, relative
        csp = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert csp is not None and "default-src 'self'" in csp["content"], relative
        assert "unsafe-inline" not in csp["content"]
        assert soup.select_one('meta[name="referrer"]')["content"] == "no-referrer"


def test_hotlines_come_from_directory_data_not_templates() -> None:
    from conftest import REPO

    for template in (REPO / "overrides").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for number in ("1900 969 680", "1900969680", "tel:111", "tel:113"):
            assert number not in text, f"{template}: hard-coded {number}"


def test_neutral_page_has_no_campaign_words(site: BuiltSite) -> None:
    text = (site.root / "tab-moi.html").read_text(encoding="utf-8").lower()
    for word in ("giới", "bạo lực", "gender", "violence", "campaign", "<script"):
        assert word not in text


def test_links_to_other_hosts_are_noreferrer(site: BuiltSite) -> None:
    for relative in built_pages(site):
        for link in site.page(relative).select("a[href^='http']"):
            assert {"noreferrer", "noopener"} <= set(link.get("rel", [])), (relative, link["href"])


def test_safety_page_in_vietnamese_and_english(site: BuiltSite) -> None:
    vi = site.page("truy-cap-an-toan.html")
    en = site.page("en/truy-cap-an-toan.html")
    assert vi.select_one("h1").get_text(strip=True) == "Truy cập an toàn"
    assert en.select_one("h1").get_text(strip=True) == "Browsing safely"
    assert vi.select_one(".campaign-fallback") is None and en.select_one(".campaign-fallback") is None
    assert {"tel:111", "tel:1900969680"} <= {a["href"] for a in vi.select("article a.campaign-phone")}
    guide = site.page("danh-ba/index.html").select_one("a.campaign-safety__guide")
    assert guide["href"] == "../truy-cap-an-toan.html"

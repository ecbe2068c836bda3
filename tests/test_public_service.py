"""Help first, local first: the home page's "need help now?" block, the area pages
(local services before the national lines, verified before examples), counts that
leave examples out, the owner footer and the officials' menu section.

Static checks walk every page of every language; what a person sees is checked in
Chromium at 360×740 and 1280×800 in Vietnamese and English over file://."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from campaign_site.content.loader import SiteContent, load_content
from campaign_site.content.site_info import load_site_info
from campaign_site.content.models import Context
from campaign_site.pages import directory
from campaign_site.pages.view import LanguageView
from conftest import BuiltSite, build_project, copy_project, set_public_url

OFFICIALS = ("noi-dung-trong-tam.html", "can-cu-chinh-sach.html", "lich-bao-cao.html")

# One verified local service, added to a copy of the project: an area page then has
# a verified entry and examples, so the order and the counts are tested on both.
VERIFIED_LOCAL = textwrap.dedent("""\
    name: {vi: Dịch vụ thử đã xác minh, en: Verified test service}
    kind: social_work
    organisation: {vi: Đơn vị thử, en: Test unit}
    description: {vi: Chỉ dùng trong kiểm thử., en: Used by the tests only.}
    area: lak
    phones:
      - number: "0262 3000 000"
    source:
      publisher: Test
      url: https://example.org/test
      accessed: 30/11/2026
    verified_on: 30/11/2026
    status: verified
    """)


@pytest.fixture(scope="module")
def content(site: BuiltSite) -> SiteContent:
    return load_content(site.project / "content", site.languages, site.default_language)


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site with one verified service in an area that also lists an example (vi and en only)."""
    project = set_public_url(copy_project(tmp_path_factory.mktemp("mixed")))
    (project / "content" / "services" / "dich-vu-thu-xac-minh.yaml").write_text(VERIFIED_LOCAL, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name in ("Ê Đê", "J'rai", "M'nông"):
        text = text.replace(f"name: {name}\n          build: true", f"name: {name}\n          build: false")
    config.write_text(text, encoding="utf-8")
    return build_project(project, tmp_path_factory.mktemp("mixed-built") / "site", jobs=2)


def _view(content: SiteContent, lang: str) -> LanguageView:
    return LanguageView(lang, content.default_language, content.labels[lang], content)


# --- the home page -------------------------------------------------------------------


def test_every_home_page_starts_with_the_help_block(site: BuiltSite, content: SiteContent) -> None:
    hotlines = directory.hotlines(content)
    numbers = [phone.display for s in hotlines for phone in s.phones]
    assert numbers
    for lang in site.languages:
        soup = site.page(site.prefix(lang) + "index.html")
        article = soup.select_one("article")
        block = article.select_one("section.campaign-help")
        assert block is not None, lang
        # right after the page title: nothing of the campaign text comes before it
        assert block.find_previous_sibling() is article.select_one("h1"), lang
        assert [a.select_one(".campaign-hotline__number").get_text() for a in block.select("a.campaign-hotline__call")] == numbers
        for service in hotlines:
            view = _view(content, lang)
            assert view.plain(service.description) in block.get_text(" ", strip=True), (lang, service.slug)
        # 'free' only beside a number whose data (from a cited source) says so
        for item in block.select("li.campaign-hotline"):
            number = item.select_one(".campaign-hotline__number").get_text()
            phone = next(p for s in hotlines for p in s.phones if p.display == number)
            assert bool(item.select(".campaign-badge")) == phone.free, (lang, number)
        # the nearest local help: every area, linked to its page
        links = {a["href"] for a in block.select(".campaign-area-links a")}
        assert links == {f"danh-ba/{key}.html" for key in content.areas}, lang


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_block_is_in_the_first_screen(site: BuiltSite, screen_page, lang: str) -> None:
    page = screen_page
    page.goto((site.root / site.prefix(lang) / "index.html").as_uri())
    title = page.locator("#help-now").bounding_box()
    first_number = page.locator(".campaign-help a.campaign-hotline__call").first.bounding_box()
    assert title is not None and first_number is not None
    assert title["y"] >= 0 and first_number["y"] + first_number["height"] <= page.viewport_size["height"], (title, first_number)


# --- the directory ------------------------------------------------------------------------


def _cards_in_order(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(kind of card, id or number) of the service cards and national lines, in page order."""
    found = []
    for element in soup.select("article .campaign-service, article .campaign-hotline"):
        if "campaign-service" in element.get("class", []):
            found.append(("local", element["id"]))
        else:
            found.append(("national", element.select_one(".campaign-hotline__number").get_text()))
    return found


def _area_pages_first_local(built: BuiltSite, content: SiteContent) -> None:
    for lang in built.languages:
        for key in content.areas:
            local = directory.services_in(content, key)
            soup = built.page(f"{built.prefix(lang)}danh-ba/{key}.html")
            cards = _cards_in_order(soup)
            assert cards, (lang, key)
            kinds = [kind for kind, _ in cards]
            # local entries first, then the national lines
            assert kinds == ["local"] * len(local) + ["national"] * (len(kinds) - len(local)), (lang, key, kinds)
            # verified before examples
            statuses = [next(s.status for s in local if s.slug == slug) for kind, slug in cards if kind == "local"]
            assert statuses == sorted(statuses, key=lambda status: status != "verified"), (lang, key)


def test_area_pages_list_local_services_first(site: BuiltSite, content: SiteContent) -> None:
    _area_pages_first_local(site, content)


def test_verified_local_services_come_before_examples(mixed_site: BuiltSite) -> None:
    content = load_content(mixed_site.project / "content", mixed_site.languages, mixed_site.default_language)
    statuses = [s.status for s in directory.services_in(content, "lak")]
    assert "verified" in statuses and "example" in statuses
    _area_pages_first_local(mixed_site, content)
    cards = _cards_in_order(mixed_site.page("danh-ba/lak.html"))
    assert cards[0] == ("local", "dich-vu-thu-xac-minh")


def _counts(built: BuiltSite, relative: str, selector: str) -> dict[str, str]:
    soup = built.page(relative)
    counts = {}
    for item in soup.select(f"{selector} li"):
        key = item.a["href"].rsplit("/", 1)[-1].removesuffix(".html")
        counts[key] = item.get_text(" ", strip=True).removeprefix(item.a.get_text(" ", strip=True)).strip(" ()")
    return counts


@pytest.mark.parametrize("fixture", ["site", "mixed_site"])
def test_counts_leave_examples_out(fixture: str, request) -> None:
    built: BuiltSite = request.getfixturevalue(fixture)
    content = load_content(built.project / "content", built.languages, built.default_language)
    expected_words = {"vi": ("dịch vụ", "chỉ có ví dụ", "chưa có dịch vụ"),
                      "en": ("services", "examples only", "no services yet")}
    for lang in ("vi", "en"):
        verified_words, examples_words, none_words = expected_words[lang]
        for relative, selector in ((f"{built.prefix(lang)}danh-ba/index.html", "#directory-areas + ul"),
                                   (f"{built.prefix(lang)}index.html", ".campaign-help .campaign-area-links")):
            counts = _counts(built, relative, selector)
            assert set(counts) == set(content.areas), relative
            for key, shown in counts.items():
                services = directory.services_in(content, key)
                verified = [s for s in services if s.status == "verified"]
                if verified:
                    assert shown == f"{len(verified)} {verified_words}", (relative, key, shown)
                elif services:
                    assert shown == examples_words, (relative, key, shown)
                else:
                    assert shown == none_words, (relative, key, shown)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_first_card_seen_on_an_area_page_is_local(mixed_site: BuiltSite, screen_page, lang: str) -> None:
    page = screen_page
    page.goto((mixed_site.root / mixed_site.prefix(lang) / "danh-ba" / "lak.html").as_uri())
    first = page.locator("article .campaign-service, article .campaign-hotline").first
    assert first.get_attribute("id") == "dich-vu-thu-xac-minh"
    local_top = first.bounding_box()["y"]
    national_top = page.locator("#national-hotlines").bounding_box()["y"]
    assert local_top < national_top


# --- footer and menu ---------------------------------------------------------------


def test_every_page_has_the_owner_footer(site: BuiltSite, content: SiteContent) -> None:
    info = content.site
    assert info is not None
    pages = sorted(site.root.rglob("*.html"))
    checked = 0
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.select_one(".md-footer") is None or path.name == "404.html":
            continue  # not a content page (the neutral exit page, the error pages)
        footer = soup.select_one(".md-footer .campaign-footer")
        assert footer is not None, path
        lang = soup.html["lang"]
        view = _view(content, lang if lang in content.labels else content.default_language)
        text = footer.get_text(" ", strip=True)
        assert view.plain(info.owner) in text, path
        assert view.plain(info.privacy) in text, path
        assert view.t("site_footer.updated") in text and footer.select_one("time[datetime]") is not None, path
        # the contact block is an example until a source confirms it, and says so
        assert (footer.select_one(".campaign-badge--example") is not None) == (info.contact.status == "example")
        safety = footer.select_one(".campaign-footer__links a")
        assert (path.parent / safety["href"]).resolve().name == "truy-cap-an-toan.html", path
        checked += 1
    assert checked > 50


def test_footer_texts_come_from_site_yaml(tmp_path: Path, site: BuiltSite) -> None:
    """Nothing of the owner block is in the templates: a changed site.yaml changes every page."""
    project = tmp_path / "project"
    shutil.copytree(site.project / "content", project / "content")
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8")
                         .replace("Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk", "Sở Y tế thử nghiệm")
                         .replace("Trang web này không theo dõi bạn.", "Ghi chú riêng tư thử nghiệm."),
                         encoding="utf-8")
    content = load_content(project / "content", ["vi"], "vi")
    assert content.site is not None and content.site.owner.text("vi", "vi") == "Sở Y tế thử nghiệm"
    templates = "".join(p.read_text(encoding="utf-8") for p in (site.project / "overrides").rglob("*.html"))
    for fixed in ("Sở Lao động", "không theo dõi", "Department of Labour", "does not track"):
        assert fixed not in templates


def test_site_yaml_problems_name_file_line_and_field(tmp_path: Path, site: BuiltSite) -> None:
    root = tmp_path / "content"
    root.mkdir()
    (root / "site.yaml").write_text("owner: {vi: Sở}\ncontact:\n  status: maybe\n", encoding="utf-8")
    context = Context(site_languages=("vi", "en"), default_language="vi")
    info, problems = load_site_info(root, context)
    assert info is None
    found = {(p.path.rsplit("/", 1)[-1], p.line, p.field) for p in problems}
    assert ("site.yaml", 3, "contact.status") in found
    assert any(p.field == "privacy" for p in problems)


def test_officials_pages_have_their_own_menu_section(site: BuiltSite) -> None:
    titles = {"vi": "Dành cho cán bộ", "en": "For officials"}
    for lang, title in titles.items():
        soup = site.page(site.prefix(lang) + "index.html")
        nav = soup.select_one(".md-nav--primary")
        sections = [item for item in nav.select("li.md-nav__item--nested")
                    if item.select_one("label, a").get_text(" ", strip=True) == title]
        assert len(sections) == 1, lang
        inside = {a["href"].rsplit("/", 1)[-1] for a in sections[0].select("a[href]")}
        assert set(OFFICIALS) <= inside, lang
        outside = {a["href"].rsplit("/", 1)[-1] for a in nav.select("a[href]")} - inside
        assert not set(OFFICIALS) & outside, lang

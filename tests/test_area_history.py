"""Areas as a hierarchy with history: the seed's 2022 districts stay the default map;
a map with the province's communes and wards (since 1 July 2025) keeps the former
districts as keys with the day they ended, lists services under their commune, and
finds the commune by its old district name (its page, search, the former-district index)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from campaign_site.content.loader import load_content
from campaign_site.pages import directory
from campaign_site.search.fold import fold
from campaign_site.search.index import index_path, read_language_index
from conftest import BuiltSite, build_project, copy_project, set_public_url

# A current-map sample, for the tests only: one province and two made-up communes
# (names marked as test data, never published) that took two former districts.
CURRENT_MAP = textwrap.dedent("""\
      tinh-thu:
        kind: province
        name: {vi: Tỉnh thử nghiệm, en: Test province}
      xa-thu-mot:
        kind: commune
        parent: tinh-thu
        name: {vi: Xã thử nghiệm Một, en: Test Commune One}
        formerly: [krong-pac]
      phuong-thu-hai:
        kind: ward
        parent: tinh-thu
        name: {vi: Phường thử nghiệm Hai, en: Test Ward Two}
        formerly: [krong-pac, lak]
    """)
ENDED = "\n    valid_until: 30/06/2025\n"


def current_map_project(target: Path) -> Path:
    project = set_public_url(copy_project(target))
    areas = project / "content" / "areas.yaml"
    text = areas.read_text(encoding="utf-8")
    for key in ("krong-pac", "lak"):
        head = f"  {key}:\n    kind: district"
        assert head in text
        text = text.replace(head, head + ENDED.rstrip("\n"), 1)
    areas.write_text(text.rstrip("\n") + "\n" + textwrap.indent(CURRENT_MAP, "  "), encoding="utf-8")
    service = project / "content" / "services" / "vi-du-trusted-address-krong-pac.yaml"
    service.write_text(service.read_text(encoding="utf-8").replace("area: krong-pac", "area: xa-thu-mot"), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name in ("Ê Đê", "J'rai", "M'nông"):
        text = text.replace(f"name: {name}\n          build: true", f"name: {name}\n          build: false")
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def current_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = current_map_project(tmp_path_factory.mktemp("current-map"))
    return build_project(project, tmp_path_factory.mktemp("current-built") / "site", jobs=2)


def test_the_default_map_is_the_seeds_2022_districts(site: BuiltSite) -> None:
    content = load_content(site.project / "content", site.languages, site.default_language)
    assert len(content.areas) == 15 and {a.kind for a in content.areas.values()} <= {"city", "town", "district"}
    assert directory.former_areas(content) == {}
    assert not (site.root / "danh-ba" / "dia-ban-cu.html").exists()
    listed = {a["href"] for a in site.page("danh-ba/index.html").select("#directory-areas + ul a")}
    assert listed == {f"{key}.html" for key in content.areas}


def test_current_map_lists_current_units_only(current_site: BuiltSite) -> None:
    for lang in ("vi", "en"):
        soup = current_site.page(current_site.prefix(lang) + "danh-ba/index.html")
        listed = {a["href"] for a in soup.select("#directory-areas + ul a")}
        assert {"xa-thu-mot.html", "phuong-thu-hai.html"} <= listed
        assert not {"krong-pac.html", "lak.html", "tinh-thu.html"} & listed
        assert soup.select_one('a[href="dia-ban-cu.html"]') is not None, "the directory links the former-district index"


def test_a_service_is_listed_under_its_commune_with_its_former_district(current_site: BuiltSite) -> None:
    soup = current_site.page("danh-ba/xa-thu-mot.html")
    assert soup.select_one("#vi-du-trusted-address-krong-pac") is not None
    history = soup.select_one(".campaign-area-history").get_text(" ", strip=True)
    assert "Trước đây thuộc" in history and "Huyện Krông Pắc" in history
    ended = current_site.page("en/danh-ba/krong-pac.html").select_one(".campaign-area-history")
    assert "Test Commune One" in ended.get_text(" ", strip=True) and ended.select_one("time[datetime='2025-06-30']")


def test_former_district_index_leads_to_the_current_units(current_site: BuiltSite) -> None:
    for lang, name in (("vi", "Huyện Krông Pắc"), ("en", "Krông Pắc District")):
        soup = current_site.page(current_site.prefix(lang) + "danh-ba/dia-ban-cu.html")
        item = soup.select_one("li#krong-pac")
        assert name in item.get_text(" ", strip=True)
        assert {a["href"] for a in item.select("a")} == {"krong-pac.html", "xa-thu-mot.html", "phuong-thu-hai.html"}
        assert item.select_one("time[datetime='2025-06-30']") is not None


def test_search_finds_the_commune_by_its_old_district_name(current_site: BuiltSite) -> None:
    for lang in ("vi", "en"):
        index = read_language_index(current_site.root / index_path(lang))
        found = {url for url, title, headings, text in index["pages"]
                 if "krong pac" in fold(" ".join([title, *headings, text]))}
        assert f"{current_site.prefix(lang)}danh-ba/xa-thu-mot.html" in found, sorted(found)


def test_the_2022_campaign_still_reads_correctly(current_site: BuiltSite) -> None:
    text = current_site.page("thang-hanh-dong.html").get_text(" ", strip=True)
    assert "Huyện Krông Pắc" in text  # its 2022 event keeps the district's name


@pytest.mark.parametrize("change, field", [
    ("formerly: [krong-pac]", "formerly[0]"),      # a former unit without valid_until
    ("parent: tinh-thu", "parent"),                # a parent that does not exist
])
def test_area_references_are_checked_at_their_line(tmp_path: Path, site: BuiltSite, change: str, field: str) -> None:
    import shutil
    root = tmp_path / "content"
    shutil.copytree(site.project / "content", root)
    areas = root / "areas.yaml"
    key = "ea-sup"
    text = areas.read_text(encoding="utf-8").replace(f"  {key}:\n    kind: district", f"  {key}:\n    kind: district\n    {change}", 1)
    areas.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == change)
    content = load_content(root, ["vi", "en"], "vi")
    found = [(p.line, p.field) for p in content.problems if p.path.endswith("areas.yaml")]
    assert (line, f"areas.{key}.{field}") in found, found


@pytest.mark.browser
def test_history_pages_have_no_axe_violations(current_site: BuiltSite, browser) -> None:
    from test_accessibility import describe, run_axe

    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    failures = []
    for relative in ("danh-ba/dia-ban-cu.html", "danh-ba/xa-thu-mot.html", "en/danh-ba/krong-pac.html", "danh-ba/index.html"):
        page.goto((current_site.root / relative).as_uri())
        violations = run_axe(page)
        if violations:
            failures.append(f"[{relative}]\n{describe(violations)}")
    context.close()
    assert failures == [], "\n".join(failures)

"""WCAG 2.2 AA measured by axe-core in Debian's Chromium, across the page matrix
(with axe's WCAG 2.2 target-size rule switched on: 24 px targets)."""

from __future__ import annotations


import pytest

from campaign_site.content.loader import load_content
from conftest import REPO, VIEWPORTS, BuiltSite

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def page_matrix() -> dict[str, str]:
    """One page of each kind (paths relative to a language root)."""
    content = load_content(REPO / "content", ["vi", "en", "rad", "jra", "mng"], "vi")
    resource = content.resources[0]
    practice = content.practices[0]
    area = next(s.area for s in content.services if s.area != "national")
    return {
        "home": "index.html",
        "content": "noi-dung-trong-tam.html",
        "resource-list": "tai-lieu/index.html",
        "resource": f"tai-lieu/{resource.slug}.html",
        "practice": f"mo-hinh/{practice.slug}.html",
        "directory-area": f"danh-ba/{area}.html",
        "action-month": "thang-hanh-dong.html",
        "safety": "truy-cap-an-toan.html",
        "tables": "can-cu-chinh-sach.html",
        "not-found": "404.html",
    }


PAGES = page_matrix()


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'],"
                           " rules: {'target-size': {enabled: true}}})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def axe_context(browser, request):
    # axe is injected as a script: the page's own CSP would (rightly) refuse it
    context = browser.new_context(viewport=VIEWPORTS[request.param], bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["vi", "en", "rad", "jra", "mng"])
def test_no_axe_violations(site: BuiltSite, axe_context, lang: str) -> None:
    assert AXE.exists(), "run `npm ci` (done by `make test`)"
    page = axe_context.new_page()
    failures = []
    for kind, relative in PAGES.items():
        page.goto((site.root / site.prefix(lang) / relative).as_uri())
        violations = run_axe(page)
        if violations:
            failures.append(f"[{lang} {kind} {relative}]\n{describe(violations)}")
    page.close()
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("lang", ["vi", "en", "rad", "jra", "mng"])
def test_no_axe_violations_with_search_open(site: BuiltSite, axe_context, lang: str) -> None:
    page = axe_context.new_page()
    page.goto((site.root / site.prefix(lang) / PAGES["directory-area"]).as_uri())
    page.click("[data-campaign-search-open]")
    page.fill("#campaign-search input[type=search]", "dak lak")  # in every language's pages
    page.wait_for_selector("#campaign-search li a")
    assert page.locator("#campaign-search").is_visible()
    violations = run_axe(page)
    page.close()
    assert violations == [], describe(violations)


def test_axe_finds_a_planted_violation(site: BuiltSite, browser) -> None:
    """Guards the harness: a page with a real defect must fail."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto((site.root / "index.html").as_uri())
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v["id"] == "image-alt" for v in run_axe(page))
    context.close()


def test_axe_finds_a_planted_small_target(site: BuiltSite, browser) -> None:
    """Guards the WCAG 2.2 target-size rule: two 10 px links side by side must fail."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto((site.root / "index.html").as_uri())
    page.evaluate("""document.querySelector('article').insertAdjacentHTML('beforeend',
        '<p><a href="#a" style="display:inline-block;width:10px;height:10px">a</a>'
        + '<a href="#b" style="display:inline-block;width:10px;height:10px">b</a></p>')""")
    assert any(v["id"] == "target-size" for v in run_axe(page))
    context.close()


def test_tables_have_captions_and_header_scope(site: BuiltSite) -> None:
    for lang in site.languages:
        soup = site.page(site.prefix(lang) + PAGES["tables"])
        tables = soup.select("article table")
        assert tables
        for table in tables:
            assert table.select_one("caption") is not None and table.caption.get_text(strip=True)
            assert all(th.get("scope") == "col" for th in table.select("thead th"))

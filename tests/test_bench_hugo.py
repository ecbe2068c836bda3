"""The build benchmark's Hugo baseline renders the same page chrome as ours (bench/hugo_site.py).

Issue 18 compares our build with Hugo's on "the same work per page". The
``full`` template set must write, on every page, the elements our templates
write (table ``CHROME`` below, checked on our own built site too, so the table
describes ours); the ``minimal`` set is the 1-KB skeleton kept for comparison.
Hugo is one of the benchmarks' own tools (``make bench-tools``): these tests
skip without it. Speed itself is measured in bench/, never asserted here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from build_bench import LANGUAGES, Run, read_repo_config, round_ratios  # noqa: E402
from hugo_site import make_hugo  # noqa: E402

HUGO = shutil.which("hugo")
needs_hugo = pytest.mark.skipif(HUGO is None, reason="Debian's hugo is not installed (make bench-tools)")

#: (what, CSS selector, how many: an exact count, or None for at least one)
CHROME: list[tuple[str, str, int | None]] = [
    ("CSP", 'head meta[http-equiv="Content-Security-Policy"]', 1),
    ("description", 'head meta[name="description"]', 1),
    ("canonical address", 'head link[rel="canonical"]', 1),
    *((f"Open Graph {p}", f'head meta[property="og:{p}"]', 1)
      for p in ("type", "site_name", "title", "description", "locale", "url", "image", "image:alt")),
    *((f"Twitter {n}", f'head meta[name="twitter:{n}"]', 1) for n in ("card", "title", "image", "image:alt")),
    ("favicon", 'head link[rel="icon"]', 1),
    ("stylesheet", 'head link[rel="stylesheet"]', None),
    ("skip link", "a.md-skip", 1),
    ("safety bar with the quick exit", "aside.campaign-safety a.campaign-exit[data-campaign-exit]", 1),
    ("header logo", "header.md-header a.md-logo svg", 1),
    ("site and page titles", "header.md-header .md-header__topic .md-ellipsis", 2),
    ("language selector", "header .md-select__list a.md-select__link[hreflang]", len(LANGUAGES)),
    ("current language", 'header .md-select__link[aria-current="true"]', 1),
    ("search button", "header button.campaign-search__open[aria-controls=campaign-search]", 1),
    ("search dialog", "header dialog#campaign-search[data-index][data-none][data-one][data-other]", 1),
    ("search form", "dialog#campaign-search form[role=search] input[type=search]", 1),
    ("primary navigation", ".md-sidebar--primary nav.md-nav--primary > ul.md-nav__list > li.md-nav__item", None),
    ("nested nav section", ".md-sidebar--primary li.md-nav__item--nested > nav.md-nav[aria-labelledby]", None),
    ("table of contents sidebar", ".md-sidebar--secondary nav.md-nav--secondary", 1),
    ("content wrapper", "div.md-content > article.md-content__inner.md-typeset", 1),
    ("quick exit at the end", "article p.campaign-exit-end a[data-campaign-exit]", 1),
    ("footer", "footer.md-footer .campaign-footer a", None),
    ("scripts", "body script[src][defer]", None),
]


def missing_chrome(html: str) -> list[str]:
    """The ``CHROME`` rows a page fails (what, expected count, found)."""
    tree = LexborHTMLParser(html)
    problems = []
    for what, selector, count in CHROME:
        found = len(tree.css(selector))
        if (found != count) if count is not None else not found:
            problems.append(f"{what}: {selector} ×{found}, expected {count or '≥1'}")
    return problems


def hugo_site(root: Path, templates: str) -> Path:
    """The repository's own pages and content as a Hugo project (``templates``), built; the output folder."""
    config = read_repo_config()
    make_hugo(REPO / "docs", REPO / "content", root / "project", LANGUAGES, config.get("nav") or [],
              config["site_name"], templates=templates, site=config)
    subprocess.run([HUGO, "--quiet", "--ignoreCache", "-d", str(root / "site")], cwd=root / "project",
                   check=True, capture_output=True, text=True)
    return root / "site"


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hugo_site(tmp_path_factory.mktemp("hugo-full"), "full")


def pages(site: Path) -> Iterator[Path]:
    """Hugo's pages, without the redirects it writes for aliases (``vi/index.html`` → ``/``)."""
    return (p for p in sorted(site.rglob("*.html")) if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


def test_the_chrome_table_describes_our_pages(site) -> None:
    """Every page of ours (a sample of each kind, every language) has every row of CHROME."""
    root = site.root
    sample = ["index.html", "truy-cap-an-toan.html", "danh-ba/index.html", "tai-lieu/index.html"]
    areas = sorted(p.relative_to(root).as_posix() for p in (root / "danh-ba").glob("*.html") if p.name != "index.html")
    checked = {f"{prefix}{page}": missing_chrome((root / prefix / page).read_text(encoding="utf-8"))
               for prefix in ["", *(f"{code}/" for code, _ in LANGUAGES[1:])]
               for page in [*sample, *areas[:1]] if (root / prefix / page).is_file()}
    assert len(checked) >= len(sample) * 2
    assert {page: rows for page, rows in checked.items() if rows} == {}


@needs_hugo
def test_full_templates_write_our_chrome_on_every_page(full_site: Path) -> None:
    checked = {p.relative_to(full_site).as_posix(): missing_chrome(p.read_text(encoding="utf-8"))
               for p in pages(full_site)}
    assert len(checked) >= 20 * len(LANGUAGES)
    assert {page: rows for page, rows in checked.items() if rows} == {}


@needs_hugo
def test_full_templates_render_per_page_data(full_site: Path) -> None:
    """Addresses, translations, notices and service cards come from each page's own data."""
    page = LexborHTMLParser((full_site / "rad" / "truy-cap-an-toan.html").read_text(encoding="utf-8"))
    # untranslated: Vietnamese text with the notice; canonical is the Vietnamese page (as ours)
    assert page.css_first("div.campaign-fallback-content[lang=vi]") is not None
    assert page.css_first(".campaign-fallback .campaign-fallback__message").text().strip()
    assert page.css_first('link[rel="canonical"]').attributes["href"].endswith("/truy-cap-an-toan.html")
    assert "/rad/" not in page.css_first('link[rel="canonical"]').attributes["href"]
    links = {a.attributes["hreflang"]: a.attributes["href"] for a in page.css("a.md-select__link")}
    assert links["rad"] == "/rad/truy-cap-an-toan.html" and links["vi"] == "/truy-cap-an-toan.html"
    assert page.css_first('.md-select__link[aria-current="true"]').attributes["hreflang"] == "rad"
    area = next(p for p in (full_site / "danh-ba").glob("*.html")
                if LexborHTMLParser(p.read_text(encoding="utf-8")).css("li.campaign-service"))
    cards = LexborHTMLParser(area.read_text(encoding="utf-8")).css("li.campaign-service")
    assert all(card.css_first("h3.campaign-card__title") and card.css_first("dl.campaign-facts") for card in cards)


@needs_hugo
def test_minimal_templates_are_the_skeleton(tmp_path: Path) -> None:
    site = hugo_site(tmp_path, "minimal")
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    assert home.css("nav.menu a") and home.css("nav.languages a") and not home.css("header.md-header")


def test_an_unknown_template_set_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="full, minimal"):
        make_hugo(REPO / "docs", REPO / "content", tmp_path, LANGUAGES, [], "x", templates="fancy")
    assert not any(tmp_path.iterdir())


def test_each_rounds_ratio_and_the_worst_are_reported() -> None:
    """The rounds pair ours and Hugo's builds in order; the worst round is the largest ratio."""
    ours = [Run(14.6, 27.0, 234), Run(16.4, 30.2, 234), Run(16.5, 30.4, 235)]
    hugo = [Run(7.3, 13.4, 835), Run(8.7, 15.5, 884), Run(9.1, 16.1, 841)]
    assert round_ratios(ours, hugo) == {
        "ratio_hugo_wall_rounds": "2.00/1.89/1.81", "ratio_hugo_wall_worst": "2.000",
        "ratio_hugo_cpu_rounds": "2.01/1.95/1.89", "ratio_hugo_cpu_worst": "2.015",
    }
    assert round_ratios(ours, []) == {}

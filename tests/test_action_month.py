"""Nothing time-relative is frozen into a copy, and no placeholder address reaches a reader.

One small project (Vietnamese and English only, the shipped placeholder address, an
earlier campaign year added) is built twice, "on" two different days.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BuiltSite, copy_project

PLACEHOLDER = "binhdanggioi.example"


@pytest.fixture(scope="module")
def two_days(placeholder_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite, str]:
    """The same project built on 20/11/2022 (by `campaign-site build`) and on 30/11/2026
    (the session's placeholder site)."""
    project = placeholder_site.project
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    first = tmp_path_factory.mktemp("built") / "2022-11-20"
    command = [sys.executable, "-m", "campaign_site.cli", "build", "-j", "1", "--out", str(first),
               "-f", str(project / "mkdocs.yml")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=project,
                            env={**env, "CAMPAIGN_TODAY": "2022-11-20", "SOURCE_DATE_EPOCH": "1668902400"})
    assert result.returncode == 0, result.stderr
    second = placeholder_site
    return BuiltSite(project, first, [], second.languages, second.default_language), second, \
        result.stdout + result.stderr


@pytest.mark.parametrize("page", ["thang-hanh-dong.html", "en/thang-hanh-dong.html", "bo-tai-lieu.html"])
def test_two_days_give_the_same_page(two_days, page: str) -> None:
    first, second, _ = two_days
    assert (first.root / page).read_bytes() == (second.root / page).read_bytes()


def test_page_carries_dates_and_a_plain_sentence(two_days) -> None:
    page = two_days[0].page("thang-hanh-dong.html")
    countdown = page.select_one("[data-campaign-countdown]")
    assert (countdown["data-start"], countdown["data-end"], countdown["data-year"]) == ("2022-11-15", "2022-12-15", "2022")
    assert [t["datetime"] for t in countdown.select("time")] == ["2022-11-15", "2022-12-15"]
    assert countdown.get_text(" ", strip=True) == "Tháng hành động năm 2022 diễn ra từ 15/11/2022 đến 15/12/2022 ."
    assert "{day}" in countdown["data-running"] and "{total}" in countdown["data-running"]
    text = page.get_text()
    assert "ngày trước" not in text and "Còn " not in text


def test_earlier_years_in_an_archive_after_the_current_one(two_days) -> None:
    page = two_days[0].page("thang-hanh-dong.html")
    headings = [h.get_text(strip=True) for h in page.select("main h2, main h3")]
    current = headings.index("Tháng hành động 2022")
    archive = headings.index("Tháng hành động các năm trước")
    assert current < archive < headings.index("Tháng hành động 2021")
    assert "Chủ đề thử của năm 2021" in page.select_one(".campaign-archive").get_text()
    assert "Chủ đề thử" not in page.select_one(".campaign-action-month").get_text()


def test_no_placeholder_host_anywhere(two_days) -> None:
    site, _, messages = two_days
    found = [path.relative_to(site.root).as_posix() for path in site.root.rglob("*")
             if path.is_file() and PLACEHOLDER.encode() in path.read_bytes()]
    assert found == []
    assert not (site.root / "sitemap.xml").exists()
    for page in ("thang-hanh-dong.html", "bo-tai-lieu.html", "danh-ba/index.html", "en/index.html"):
        html = site.page(page)
        assert html.select("figure.campaign-qr") == [] and html.select("link[rel=canonical]") == []
    assert messages.count("is a placeholder") == 1 and "Set SITE_URL" in messages  # once in the output


def test_a_public_address_is_used_everywhere(site: BuiltSite) -> None:
    """The session site is built with a public address: QR codes, canonical links, sitemap."""
    from conftest import PUBLIC_URL

    page = site.page("thang-hanh-dong.html")
    assert page.select_one("figure.campaign-qr")["data-url"] == PUBLIC_URL + "thang-hanh-dong.html"
    assert page.select_one("link[rel=canonical]")["href"] == PUBLIC_URL + "thang-hanh-dong.html"
    assert PUBLIC_URL in (site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert not any(PLACEHOLDER.encode() in p.read_bytes() for p in site.root.rglob("*.html"))


def test_release_requires_a_public_address(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    command = [sys.executable, "-m", "campaign_site.cli"]
    checked = subprocess.run([*command, "check", "--release", "--lang", "en", "-f", str(project / "mkdocs.yml")],
                             capture_output=True, text=True, cwd=project, env=env)
    assert checked.returncode == 1
    assert "mkdocs.yml:9: site_url: found 'https://binhdanggioi.example/', which is not a public address" in checked.stdout
    built = subprocess.run([*command, "build", "--release", "-f", str(project / "mkdocs.yml")],
                           capture_output=True, text=True, cwd=project, env={**env, "LANG": "C.UTF-8"})
    assert built.returncode == 1 and "site_url" in built.stderr and not (project / "site").exists()
    for output in ("bundle", "zim"):  # every release output refuses alike, before building anything
        refused = subprocess.run([*command, output, "--release", "-f", str(project / "mkdocs.yml")],
                                 capture_output=True, text=True, cwd=project, env={**env, "LANG": "C.UTF-8"})
        assert refused.returncode == 1 and "site_url" in refused.stderr and "refused" in refused.stderr, output
        assert not (project / "dist").exists() and not (project / "site").exists(), output
    public = subprocess.run([*command, "check", "--release", "--lang", "en", "-f", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, cwd=project, env={**env, "SITE_URL": "https://x.vn/"})
    assert "site_url" not in public.stdout


@pytest.mark.browser
@pytest.mark.parametrize(("now", "sentence"), [
    ("2022-11-01T09:00:00+07:00", "Còn 14 ngày nữa đến Tháng hành động."),
    ("2022-11-15T00:30:00+07:00", "Tháng hành động đang diễn ra: ngày thứ 1/31, còn 30 ngày."),
    ("2022-11-20T23:30:00+07:00", "Tháng hành động đang diễn ra: ngày thứ 6/31, còn 25 ngày."),
    ("2022-12-15T12:00:00+07:00", "Tháng hành động đang diễn ra: ngày thứ 31/31, còn 0 ngày."),
    ("2026-11-30T08:00:00+07:00", "Tháng hành động năm 2022 đã kết thúc 1446 ngày trước."),
])
def test_browser_computes_from_the_readers_clock(browser, site: BuiltSite, now: str, sentence: str) -> None:
    context = browser.new_context(timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto((site.root / "thang-hanh-dong.html").as_uri())
    countdown = page.locator("[data-campaign-countdown]")
    countdown.and_(page.locator("[data-phase]")).wait_for()
    assert countdown.inner_text() == sentence
    context.close()


@pytest.mark.browser
def test_without_javascript_the_plain_sentence_stays(browser, site: BuiltSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site.root / "en" / "thang-hanh-dong.html").as_uri())
    assert page.locator("[data-campaign-countdown]").inner_text() == \
        "The 2022 Action Month runs from November 15, 2022 to December 15, 2022."
    context.close()

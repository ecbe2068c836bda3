"""One description of the site's languages: build flags, default, file-name suffixes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files

from campaign_site.languages import SiteLanguage, SiteLanguages, UnknownLanguage, split_language
from campaign_site.plugins.i18n import CampaignI18nPlugin
from campaign_site.publish.build import BuildFailed, build_site
from conftest import BuiltSite, build_project, copy_project, set_public_url

CODES = ("vi", "en", "rad", "jra", "mng")


@pytest.mark.parametrize(("name", "expected"), [
    ("index.md", ("index", None)),
    ("index.en.md", ("index", "en")),
    ("index.vi.md", ("index", "vi")),
    ("ke-hoach-41-kh-ubnd-2022.rad.md", ("ke-hoach-41-kh-ubnd-2022", "rad")),
    ("tong-dai-111.yaml", ("tong-dai-111", None)),
    ("README", ("README", None)),
])
def test_file_names_give_page_and_language(name: str, expected: tuple[str, str | None]) -> None:
    assert split_language(name, CODES) == expected


@pytest.mark.parametrize("name", ["page.khm.md", "page.fr.md", "page.EN.md", "bao-cao.2024.md"])
def test_a_suffix_that_is_no_site_language_is_an_error(name: str) -> None:
    with pytest.raises(UnknownLanguage) as raised:
        split_language(name, CODES)
    assert raised.value.file_name == name and raised.value.expected == CODES
    assert name in str(raised.value)


def test_default_and_built_languages() -> None:
    languages = SiteLanguages((SiteLanguage("vi", "Tiếng Việt", True), SiteLanguage("en", "English", True),
                               SiteLanguage("mng", "M'nông", False)), "vi")
    assert languages.codes == ("vi", "en", "mng") and languages.built == ("vi", "en")
    assert [lang.code for lang in languages.published] == ["vi", "en"]
    assert languages.translations == ("en", "mng") and languages.fallback == "vi"
    with pytest.raises(ValueError):
        SiteLanguages(languages.languages, "fr")


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("campaign-site")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="vi_VN.UTF-8", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(cli), *args], cwd=project, capture_output=True, text=True, env=env)


# --- a language set to build: false ----------------------------------------------------------------


def set_build_false(project: Path, code: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    changed = re.sub(rf"(- locale: {code}\n(?:\s+\w+:.*\n)*?\s+build:) true", r"\1 false", text)
    assert changed != text
    config.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def without_mng(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site with M'nông configured but not built (its translation files kept)."""
    project = set_public_url(copy_project(tmp_path_factory.mktemp("without-mng")))  # (a sitemap needs one)
    set_build_false(project, "mng")
    (project / "docs" / "lich-bao-cao.mng.md").write_text("# Lịch báo cáo\n\nBản nháp.\n", encoding="utf-8")
    return build_project(project, project / "site", jobs=2)


def test_unbuilt_language_has_no_pages(without_mng: BuiltSite) -> None:
    assert without_mng.languages == ["vi", "en", "rad", "jra"]
    assert not (without_mng.root / "mng").exists()
    assert (without_mng.root / "jra" / "index.html").is_file()


def test_no_page_links_to_an_unbuilt_language(without_mng: BuiltSite) -> None:
    """Every page's language switcher offers the built languages, in order, and no link leads
    into an unbuilt language's folder."""
    pages = sorted(without_mng.root.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if path.name not in ("404.html", "tab-moi.html"):
            switcher = re.findall(r'hreflang="([^"]+)"[^>]*class="md-select__link"', html)
            assert switcher == ["vi", "en", "rad", "jra"], path
        assert not re.search(r'href="(?:\.\./)*mng/', html), path


def test_every_sitemap_url_exists(without_mng: BuiltSite) -> None:
    """Each <loc> and alternate of the sitemap is a page of the built site (no unbuilt language)."""
    sitemap = (without_mng.root / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r'<loc>([^<]+)</loc>', sitemap) + re.findall(r'href="([^"]+)"', sitemap)
    assert urls and "hreflang=\"mng\"" not in sitemap
    missing = sorted({url for url in urls if not (without_mng.root / unquote(urlsplit(url).path).lstrip("/")).is_file()})
    assert missing == []


def test_translations_still_report_the_unbuilt_language(without_mng: BuiltSite) -> None:
    done = run_cli(without_mng.project, "translations", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["languages"] == ["en", "rad", "jra", "mng"]
    row = next(f for f in report["files"] if f["source"] == "docs/lich-bao-cao.md")
    assert row["translations"]["mng"]["status"] == "unknown"


# --- file names with a language that is not the site's ----------------------------------------------


@pytest.fixture(scope="module")
def stray_suffixes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with a page and a resource in languages the site does not have."""
    project = copy_project(tmp_path_factory.mktemp("stray"))
    (project / "docs" / "ghi-chu.khm.md").write_text("# Ghi chú\n", encoding="utf-8")
    (project / "docs" / "ghi-chu.fr.md").write_text("# Note\n", encoding="utf-8")
    resource = next((project / "content" / "resources").glob("*.en.md"))
    (resource.with_name(resource.name.replace(".en.md", ".khm.md"))).write_text(
        resource.read_text(encoding="utf-8"), encoding="utf-8")
    return project


STRAY = ("docs/ghi-chu.khm.md", "docs/ghi-chu.fr.md", "content/resources/")


def test_check_names_every_stray_file_in_vietnamese(stray_suffixes: Path) -> None:
    done = run_cli(stray_suffixes, "check")
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "tên tệp có ngôn ngữ" in line]
    assert len(lines) == 3, done.stdout
    for where in STRAY:
        assert any(line.startswith(where) for line in lines), (where, lines)
    assert "'khm' không hợp lệ" in done.stdout and "'fr' không hợp lệ" in done.stdout


def test_build_refuses_stray_files_and_publishes_nothing(stray_suffixes: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_site(stray_suffixes / "mkdocs.yml", tmp_path / "site")
    for where in STRAY:
        assert where in str(failed.value)
    assert not (tmp_path / "site").exists()


def test_translations_refuse_stray_files(stray_suffixes: Path) -> None:
    done = run_cli(stray_suffixes, "translations")
    assert done.returncode == 1
    assert "docs/ghi-chu.khm.md:1: (file name): tên tệp có ngôn ngữ 'khm' không hợp lệ" in done.stderr


def test_campaign_i18n_alone_refuses_stray_pages(stray_suffixes: Path) -> None:
    """Without the campaign plugin in front, campaign-i18n still never publishes page.khm.md."""
    config = load_config(config_file=str(stray_suffixes / "mkdocs.yml"))
    try:
        plugin = next(p for p in config.plugins.values() if isinstance(p, CampaignI18nPlugin))
        docs = stray_suffixes / "docs"
        files = Files([File(path.relative_to(docs).as_posix(), str(docs), config.site_dir, False)
                       for path in sorted(docs.rglob("*.md"))])
        with pytest.raises(PluginError, match=r"docs/ghi-chu\.fr\.md.*\n.*docs/ghi-chu\.khm\.md"):
            plugin._check_page_names(files, config)
    finally:
        config.plugins.on_shutdown()


def test_fallback_language_option_is_gone(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """One fallback: the default language (static-i18n's fallback_to_default)."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - campaign:\n", "  - campaign:\n      fallback_language: en\n"), encoding="utf-8")
    with pytest.raises(Abort):
        load_config(config_file=str(config))
    assert "'fallback_language' option was removed" in caplog.text

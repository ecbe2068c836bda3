"""Builds: atomic swaps, NFC normalisation, English fallbacks, CLI, ProperDocs."""

from __future__ import annotations

import hashlib
import shutil
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from campaign_site.publish.build import BuildFailed, build_site
from campaign_site.publish.output_guard import MARKER
from conftest import PUBLIC_URL, REPO, BuiltSite, build_project, copy_project, set_public_url

NFD_TITLE = unicodedata.normalize("NFD", "Bình đẳng giới ở Ê Đê: ê̆ ô̆ ơ̆ ư̆")


@pytest.fixture(scope="session")
def variant(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A copy of the site with one English page removed and one page typed in NFD."""
    project = set_public_url(copy_project(tmp_path_factory.mktemp("variant")))
    (project / "docs" / "lich-bao-cao.en.md").unlink()
    (project / "docs" / "nfd.md").write_text(
        f"# {NFD_TITLE}\n\n{NFD_TITLE}\n\n[Trang ngoài](https://example.org/a) "
        f'[Trang nhà]({PUBLIC_URL}en/)\n', encoding="utf-8")
    return build_project(project, project / "site")


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file below ``root``."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_markdown_is_rendered_in_nfc(variant: BuiltSite) -> None:
    html = (variant.root / "nfd.html").read_text(encoding="utf-8")
    nfc = unicodedata.normalize("NFC", NFD_TITLE)
    assert nfc != NFD_TITLE
    assert nfc in html
    assert unicodedata.normalize("NFD", "ì") not in html


def test_english_fallback_notice_is_bilingual(variant: BuiltSite) -> None:
    soup = variant.page("en/lich-bao-cao.html")
    assert soup.html["lang"] == "en"
    notice = soup.select_one(".campaign-fallback")
    assert notice is not None
    assert "chưa được dịch sang tiếng Anh" in notice.select_one('p.campaign-fallback__message[lang="vi"]').get_text()
    assert "not been translated into English" in notice.select_one('p.campaign-fallback__message[lang="en"]').get_text()
    assert soup.select_one(".campaign-fallback-content")["lang"] == "vi"


def test_failed_build_leaves_previous_site_untouched(site: BuiltSite, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    shutil.copytree(site.root, out)  # a previous site (built from the same sources)
    before = tree_digest(out)
    # a link to a page that does not exist is a warning, and warnings fail the strict build
    (project / "docs" / "index.md").write_text("# Trang chủ\n\n[mất](khong-co.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="khong-co.md"):
        build_site(project / "mkdocs.yml", out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no staging left"


def test_failed_first_build_creates_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "content" / "i18n" / "vi.yaml").write_text("fallback: [unclosed\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"vi\.yaml:\d+"):
        build_site(project / "mkdocs.yml", tmp_path / "site")
    assert not (tmp_path / "site").exists()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("campaign-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(cli), *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_cli_build_and_readable_failure(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    done = run_cli("build", "--out", str(tmp_path / "out"), cwd=project)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "rad" / "index.html").exists()
    assert "MkDocs 2" not in done.stderr + done.stdout
    (project / "docs" / "index.md").write_text("# x\n\n[mất](khong-co.md)\n", encoding="utf-8")
    failed = run_cli("build", "--out", str(tmp_path / "out"), cwd=project)
    assert failed.returncode == 1
    assert "previous site is unchanged" in failed.stderr
    assert "khong-co.md" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_properdocs_builds_the_same_site(site: BuiltSite, tmp_path: Path) -> None:
    """ProperDocs (MkDocs 1.x fork, in its own venv) is our escape hatch."""
    properdocs = REPO / ".venv-properdocs" / "bin" / "properdocs"
    assert properdocs.exists(), "run `make properdocs` (done by `make test`)"
    out = tmp_path / "site"
    done = subprocess.run(
        [str(properdocs), "build", "--strict", "-f", str(site.project / "mkdocs.yml"), "-d", str(out)],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ours, theirs = tree_digest(site.root), tree_digest(out)
    ours.pop(MARKER)  # written by campaign-site build only
    assert ours.keys() == theirs.keys()
    differing = [
        name for name in ours
        if ours[name] != theirs[name]
        and _without_generator(site.root / name) != _without_generator(out / name)
    ]
    assert differing == []


def _without_generator(path: Path) -> bytes:
    lines = path.read_bytes().splitlines()
    return b"\n".join(line for line in lines if b'name="generator"' not in line)


def test_links_to_other_hosts_leak_no_referrer(variant: BuiltSite) -> None:
    soup = variant.page("nfd.html")
    outside = soup.select_one('a[href="https://example.org/a"]')
    assert set(outside["rel"]) >= {"noreferrer", "noopener"}
    own = soup.select_one(f'a[href="{PUBLIC_URL}en/"]')
    assert "rel" not in own.attrs


def test_parallel_build_equals_sequential_build(site: BuiltSite, sequential_site: BuiltSite) -> None:
    """One process per language (the default) gives the same bytes as one process;
    the sequential build also shows the strict build logs no warning at all."""
    sequential = sequential_site
    assert sequential.warnings == []
    parallel, one = tree_digest(site.root), tree_digest(sequential.root)
    assert parallel.keys() == one.keys()
    assert [name for name in parallel if parallel[name] != one[name]] == []


def test_second_build_in_one_process_is_complete(tmp_path: Path) -> None:
    """MkDocs keeps plugin instances between builds: unchanged content must still be fully written."""
    project = copy_project(tmp_path / "project")
    first = build_project(project, tmp_path / "first")
    second = build_project(project, tmp_path / "second")
    written = sorted(p.relative_to(first.root).as_posix() for p in first.root.rglob("*") if p.is_file())
    assert "tab-moi.html" in written and any(name.startswith("data/") for name in written)
    assert sorted(p.relative_to(second.root).as_posix() for p in second.root.rglob("*") if p.is_file()) == written

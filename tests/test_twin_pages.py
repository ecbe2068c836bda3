"""Twin languages' pages made from their source's (plugins/twin_pages.py).

What a person sees is the same either way: tests/test_build.py compares the session's parallel
build (twins made from their source's pages) with the sequential one (every page rendered), byte
for byte. Here: that the session's build did make them so (a fallback that silently rendered every
page again would pass that comparison), and what :func:`retarget` changes and refuses."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from campaign_site.plugins.twin_pages import Twin, retarget
from conftest import WORK_LOG, BuiltSite

NAMES = {"vi": "Tiếng Việt", "en": "English", "rad": "Ê Đê", "jra": "J'rai", "mng": "M'nông"}
LOCALES = {code: f"{code}_VN" for code in NAMES}
TWIN = Twin("derive", "jra", "rad", Path("."), LOCALES)


def shell(language: str, current: str, extra: str = "") -> str:
    """A page shell as Material and our templates write one (the body's place: NUL), of the page
    ``chuyen-de/bai.html`` in ``language``."""
    def entry(code: str) -> str:
        href = "bai.html" if code == current else f"../../{code}/chuyen-de/bai.html"
        if code == "vi":
            href = "../../chuyen-de/bai.html"
        mark = ' aria-current="true"' if code == current else ""
        return (f'<li class="md-select__item"><a href="{href}" hreflang="{code}" lang="{code}" '
                f'class="md-select__link"{mark}>{NAMES[code]}</a></li>')

    return (f'<!doctype html><html lang="{language}" class="no-js"><head>'
            f'<meta property="og:locale" content="{LOCALES[language]}"><title>Bài · radio</title></head><body>'
            f'<ul class="md-select__list">{"".join(entry(code) for code in NAMES)}</ul>'
            f'<dialog id="campaign-search" data-index="../../search/index.{language}.js" lang="vi"></dialog>'
            f'<nav><span class="md-ellipsis" lang="{language}">Dành cho cán bộ</span></nav>{extra}'
            '<article>\x00</article></body></html>')


def test_retarget_makes_the_twins_shell() -> None:
    """Every place naming the source language takes the twin's; the switcher's two entries swap
    their addresses and which is current; a word that merely contains the code stays."""
    assert retarget(shell("rad", "rad"), TWIN) == shell("jra", "jra")


@pytest.mark.parametrize("extra", [
    '<a href="../../jra/chuyen-de/khac.html">J\'rai</a>',  # another link to the twin's pages
    '<link rel="alternate" hreflang="rad" href="../../rad/chuyen-de/bai.html">',  # another link to the source's
    '<p>Tiếng rad</p>',  # the source's code as a word of a title or a menu entry
    '<script type="application/ld+json">{"inLanguage": "rad"}</script>',
])
def test_retarget_refuses_a_shell_naming_either_language_elsewhere(extra: str) -> None:
    """Anything naming either language outside the places it knows: the page is rendered instead."""
    assert retarget(shell("rad", "rad", extra), TWIN) is None


def test_retarget_refuses_a_switcher_it_does_not_know() -> None:
    """The source's page must be the current one in the switcher, the twin's entry there once."""
    assert retarget(shell("rad", "vi"), TWIN) is None
    assert retarget(shell("rad", "rad").replace('hreflang="jra" lang="jra"', 'hreflang="jra"'), TWIN) is None


def test_the_session_build_made_the_twins_pages_from_their_source(site: BuiltSite) -> None:
    """The session's site (two processes, rad/jra/mng without labels, texts or pages of their
    own): every page of jra and mng was made from rad's, none rendered (the page shell of each
    rendered once, by rad's process; their reviews, search texts and files are their own)."""
    lines = (site.root.parent / WORK_LOG).read_text(encoding="utf-8").splitlines()
    steps = [line.split(" ", 1) for line in lines]
    made = sorted(detail for step, detail in steps if step == "twin-page")
    rendered = sorted(detail.rsplit(" ", 1)[0] for step, detail in steps if step == "twin-page-rendered")
    pages = sorted(path.relative_to(site.root).as_posix() for language in ("jra", "mng")
                   for path in (site.root / language).rglob("*.html") if path.name != "404.html")
    assert len(pages) > 40 and sorted(made + rendered) == pages
    # rendered: only pages whose own address names rad or their own language (the list of
    # resources in Ê Đê, tai-lieu/nhom/ngon-ngu-rad.html): their shell names it beside the switcher
    assert all(re.search(rf"-(rad|{page[:3]})\.html$", page) for page in rendered), rendered
    assert len(rendered) <= 4


def test_a_killed_builds_twin_folder_is_removed_by_the_next_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder lives in memory (/dev/shm): one left by a build that was killed is removed when
    the next build makes its own; one of a build still running stays."""
    import subprocess
    import sys

    from campaign_site.publish import build

    monkeypatch.setattr(build.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(build.os, "access", lambda path, mode: str(path) == str(tmp_path))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    left = tmp_path / f"{build.TWIN_FOLDER_PREFIX}{ended.stdout.strip()}-abcd"
    (left / "sub").mkdir(parents=True)
    (left / "sub" / "x.page").write_bytes(b"x")
    running = tmp_path / f"{build.TWIN_FOLDER_PREFIX}{os.getpid()}-efgh"
    running.mkdir()
    other = tmp_path / "campaign-twins-notes.txt"
    other.write_text("not a folder of ours")
    made = build._twin_folder()
    assert made.parent == tmp_path and made.name.startswith(f"{build.TWIN_FOLDER_PREFIX}{os.getpid()}-")
    assert not left.exists() and running.exists() and other.exists()

"""check rejects hostile Markdown and characters the font lacks, each with its line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from campaign_site.publish.build import BuildFailed, build_site
from campaign_site.content.markdown_safety import unsafe_markdown
from conftest import copy_project

HOSTILE = [
    ("<script>alert(1)</script>", "raw <script> is not allowed"),
    ('<iframe src="https://example.org"></iframe>', "raw <iframe> is not allowed"),
    ('<object data="x.swf"></object>', "raw <object> is not allowed"),
    ('<embed src="x.swf">', "raw <embed> is not allowed"),
    ('<a href="#" onclick="steal()">x</a>', "the 'onclick=' attribute is not allowed"),
    ("[bấm](javascript:alert(1))", "'javascript:' links are not allowed"),
    ("[tệp](data:text/html;base64,AAAA)", "'data:' URLs are not allowed"),
    ("![ảnh](https://example.org/a.png)", "image loaded from another site"),
    ('<video src="https://example.org/v.mp4"></video>', "media loaded from another site"),
    ("![](../media/a.png)", "image without alt text"),
    ('<img src="a.png">', "image without alt text"),
]


@pytest.mark.parametrize("markdown,expected", HOSTILE)
def test_hostile_markdown_is_rejected_with_its_line(markdown: str, expected: str) -> None:
    text = f"# Tiêu đề\n\nĐoạn văn.\n\n{markdown}\n"
    problems = unsafe_markdown(text, "docs/x.md")
    assert problems, markdown
    assert problems[0].line == 5
    assert expected in problems[0].message
    assert str(problems[0]).startswith("docs/x.md:5: ")


@pytest.mark.parametrize("markdown", [
    "`<script>` trong đoạn mã thì được",
    "```html\n<script>alert(1)</script>\n```",
    "![Áp phích về bình đẳng giới](../media/a.png)",
    "[Trang web](https://example.org)",
])
def test_harmless_markdown_passes(markdown: str) -> None:
    assert unsafe_markdown(markdown, "docs/x.md") == []


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("campaign-site")
    return subprocess.run([str(cli), "check"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_check_and_build_reject_hostile_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "lich-bao-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<iframe src=\"https://x.example\"></iframe>\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index('<iframe src="https://x.example"></iframe>') + 1
    done = run_check(project)
    assert done.returncode == 1
    assert f"docs/lich-bao-cao.md:{line}: (html): raw <iframe> is not allowed" in done.stdout
    with pytest.raises(BuildFailed, match="iframe"):
        build_site(project / "mkdocs.yml", tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_glyph_check_names_file_and_character(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "noi-dung-trong-tam.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nKý tự lạ: 漢\n", encoding="utf-8")
    done = run_check(project)
    assert done.returncode == 1
    assert "docs/noi-dung-trong-tam.md:" in done.stdout
    assert "character '漢' (U+6F22" in done.stdout


def test_minority_letters_pass_the_glyph_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "chu.md").write_text("# Chữ\n\nê̆ ô̆ ơ̆ ư̆ ƀ č ñ ĭ ŏ ŭ Ê Đê J'rai M'nông\n", encoding="utf-8")
    done = run_check(project)
    assert done.returncode == 0, done.stdout

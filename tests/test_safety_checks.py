"""check rejects hostile content (found in what its Markdown renders to) and
characters the font lacks, each with its file and line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from campaign_site.content.html_safety import markdown_problems
from campaign_site.pages.markdown import CampaignMarkdown, site_markdown
from campaign_site.publish.build import BuildFailed, build_site
from conftest import REPO, copy_project

HOSTILE = [
    ("<script>alert(1)</script>", "raw <script> is not allowed"),
    # a fence never closed is text: the script after it is live
    ("```html\n<script>alert(1)</script>\n", "raw <script> is not allowed"),
    ('<iframe src="https://example.org"></iframe>', "raw <iframe> is not allowed"),
    ('<object data="x.swf"></object>', "raw <object> is not allowed"),
    ('<embed src="x.swf">', "raw <embed> is not allowed"),
    ('<a href="#" onclick="steal()">x</a>', "the 'onclick=' attribute is not allowed"),
    ("[bấm](javascript:alert(1))", "'javascript:' links are not allowed"),
    ("[bấm](&#106;avascript:alert(1))", "'javascript:' links are not allowed"),
    ("[bấm](VBScript:alert(1))", "'vbscript:' links are not allowed"),
    ("[tệp](data:text/html;base64,AAAA)", "'data:' URLs are not allowed"),
    ("![ảnh](https://example.org/a.png)", "image loaded from another site"),
    ('<video src="https://example.org/v.mp4"></video>', "media loaded from another site"),
    ('<video src="v.mp4" poster="//example.org/p.png"></video>', "media loaded from another site"),
    ('<img src="a.png" srcset="a.png 1x, https://example.org/b.png 2x" alt="x">', "image loaded from another site"),
    ('<p style="background:url(https://example.org/a.png)">x</p>', "the 'style' attribute is not allowed"),
    ('<a href="https://example.org" ping="https://example.org/p">x</a>', "the 'ping' attribute is not allowed"),
    ('<form action="https://example.org"></form>', "raw <form> is not allowed"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org">', "raw <meta> is not allowed"),
    ('<body onload="alert(1)">', "the <body> element takes no attributes"),
    ("[x](index.md){: onmouseover=\"alert(1)\" }", "the 'onmouseover=' attribute is not allowed"),
    ("![](../media/a.png)", "image without alt text"),
    ('<img src="a.png">', "image without alt text"),
]


@pytest.fixture(scope="module")
def render():
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    converter = site_markdown(config.markdown_extensions, config.mdx_configs, CampaignMarkdown(["Bảng"]))
    return lambda text: converter.reset().convert(text)


@pytest.mark.parametrize("markdown,expected", HOSTILE)
def test_hostile_markdown_is_rejected_with_its_line(markdown: str, expected: str, render) -> None:
    text = f"# Tiêu đề\n\nĐoạn văn.\n\n{markdown}\n"
    problems = markdown_problems(text, "docs/x.md", render)
    assert problems, markdown
    assert expected in problems[0].message
    assert problems[0].line in range(5, 5 + markdown.count("\n") + 1)
    assert str(problems[0]).startswith(f"docs/x.md:{problems[0].line}: ")


@pytest.mark.parametrize("markdown", [
    "`<script>` trong đoạn mã thì được",
    "    <script>alert(1)</script>",  # an indented code block
    "```html\n<script>alert(1)</script>\n```",  # a fenced one
    "![Áp phích về bình đẳng giới](../media/a.png)",
    "[Trang web](https://example.org) · [gọi](tel:111) · [thư](mailto:a@example.org)",
    "| A | B |\n| :-- | --: |\n| 1 | 2 |",
    "a < b và c > d; 5 <= 6",
])
def test_harmless_markdown_passes(markdown: str, render) -> None:
    assert markdown_problems(markdown, "docs/x.md", render) == []


def test_lines_of_several_findings(render) -> None:
    text = "# T\n\n[a][x]\n\n<img src=a.png\nonerror=alert(1) alt=x>\n\n[x]: javascript:alert(1)\n"
    found = sorted((p.line, p.field) for p in markdown_problems(text, "docs/x.md", render))
    assert found == [(6, "(html)"), (8, "(link)")]


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


def test_the_time_limit_counts_cpu_time_not_waiting() -> None:
    """The limit on converting one text is CPU time: a build on a busy machine (here: a block
    that waits, as a process does while others hold the cores) is not stopped for waiting,
    and work that burns the CPU is stopped soon after the limit."""
    import time

    from campaign_site.content.html_safety import TooSlow, deadline

    with deadline(0.2):
        until = time.monotonic() + 0.6  # three times the limit on the clock, almost no CPU
        while time.monotonic() < until:
            time.sleep(0.05)
    started = time.process_time()
    with pytest.raises(TooSlow), deadline(0.2):
        while time.process_time() - started < 5:
            pass
    assert time.process_time() - started < 1.5

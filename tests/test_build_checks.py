"""`check` runs every check `build` runs, and both say where to fix it.

MkDocs' own checks (links between pages, links to headings, menu entries) only
run while building; `check` builds the site in a temporary folder to run them,
so it can never say OK to content that `build` refuses. Each kind of broken
link is planted once, in a page and in a collection entry (whose page is
generated: the problem must name the entry's file), and both commands must
report every one of them at its file and line, in the reader's language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

PAGE = "docs/lich-bao-cao.md"
ENTRY = "content/resources/ke-hoach-41-kh-ubnd-2022.md"
# (file, text appended, field, words of the Vietnamese message)
PLANTED = [
    (PAGE, "Xem [trang không có](khong-co.md).", "(link)", "không dẫn tới trang nào"),
    (PAGE, "Xem [mục không có](#khong-co-muc-nay).", "(link)", "không dẫn tới tiêu đề nào của trang này"),
    (PAGE, "Xem [mục của trang khác](index.md#khong-co-muc-do).", "(link)", "không dẫn tới tiêu đề nào của index.md"),
    (ENTRY, "Xem [tài liệu không có](khong-co-tai-lieu.md).", "(link)", "không dẫn tới trang nào"),
]


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("campaign-site")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="vi_VN.UTF-8", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(cli), *args], cwd=project, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int, str, str]]]:
    """A project with every planted defect; the expected (file, line, field, words) of each."""
    project = copy_project(tmp_path_factory.mktemp("links") / "project")
    expected = []
    for relative, text, field, words in PLANTED:
        path = project / relative
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        lines += ["", text]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected.append((relative, len(lines), field, words))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - lich-bao-cao.md\n", "  - lich-bao-cao.md\n  - khong-co-trong-menu.md\n"),
                      encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index("  - khong-co-trong-menu.md") + 1
    expected.append(("mkdocs.yml", line, "nav", "trình đơn ghi 'khong-co-trong-menu.md'"))
    return project, expected


def reported(output: str) -> list[tuple[str, int, str, str]]:
    found = []
    for line in output.splitlines():
        if match := re.match(r"^(\S+):(\d+): (\S+): (.*)$", line):
            found.append((match[1], int(match[2]), match[3], match[4]))
    return found


def assert_all_reported(output: str, expected: list[tuple[str, int, str, str]]) -> None:
    found = reported(output)
    for path, line, field, words in expected:
        assert any(p == path and n == line and f == field and words in m for p, n, f, m in found), \
            (path, line, field, words, output)


def test_check_finds_what_build_refuses(broken: tuple[Path, list]) -> None:
    project, expected = broken
    checked = run_cli(project, "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert_all_reported(checked.stdout, expected)
    assert "Doc file" not in checked.stdout + checked.stderr  # MkDocs' English never leaks
    built = run_cli(project, "build", "--out", str(project.parent / "site"))
    assert built.returncode == 1
    assert_all_reported(built.stderr, expected)
    assert "Chưa dựng được trang" in built.stderr and "Doc file" not in built.stderr
    assert set(reported(checked.stdout)) == set(reported(built.stderr)), "check and build disagree"

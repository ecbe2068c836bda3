"""campaign-site import with spreadsheets a careless person or an attacker would give it: formulas,
too many rows, a huge cell, names that leave the folder. Each is refused at its sheet, row and
column, in Vietnamese, and nothing is written (nor with --dry-run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from campaign_site.authoring import spreadsheet
from conftest import copy_project
from test_import import cli, snapshot

HEAD = "name,kind,organisation,description,area,languages,status,slug\n"


def row(name: str = "Tên (ví dụ)", slug: str = "thu-hostile") -> str:
    return f'"{name}",hotline,Sở (ví dụ),Mô tả,national,vi,example,{slug}\n'


CASES = {  # name: (CSV text, what the message says)
    "a formula": (HEAD + row('=HYPERLINK(""http://evil.example"",""Bấm"")'), "cột A (name): ô này chứa công thức"),
    "a formula in the file name": (HEAD + row(slug="=1+1"), "cột H (slug): ô này chứa công thức"),
    "a cell of 1 MB": (HEAD + row("x" * 1_000_000), "ô có hơn 100000 ký tự"),
    "a cell just over the limit": (HEAD + row("x" * 100_001), "cột A (name): một ô có hơn 100000 ký tự"),
    "too many rows": (HEAD + "".join(row(f"Tên {i}", f"dong-so-{i}") for i in range(5_001)), "hơn 5000 dòng"),
    "a file name leaving the folder": (HEAD + row(slug="../../mkdocs"), "cột H (slug): đang là '../../mkdocs'"),
    "an encoded one": (HEAD + row(slug="..%2f..%2fmkdocs"), "cột H (slug)"),
    "an absolute one": (HEAD + row(slug="/etc/passwd"), "cột H (slug)"),
    "an existing file": (HEAD + row(slug="canh-sat-113"), "content/services/canh-sat-113.yaml"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("import-hostile") / "site")


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_sheets_are_refused_at_their_cell_and_nothing_is_written(project: Path, name: str) -> None:
    text, expected = CASES[name]
    sheet = project / "hostile.csv"
    sheet.write_text(text, encoding="utf-8")
    before = snapshot(project)
    for dry in (["--dry-run"], []):
        result = cli(project, "import", sheet.name, "--kind", "service", *dry)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in output, output[-2000:]
        assert expected in output and "hostile.csv" in output, output[-2000:]
        assert snapshot(project) == before


def test_limits_are_what_the_messages_say() -> None:
    assert spreadsheet.MAX_ROWS == 5_000 and spreadsheet.MAX_CELL == 100_000

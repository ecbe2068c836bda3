"""campaign-site import: spreadsheets become entries, all or nothing, problems at sheet/row/column."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from campaign_site.authoring.entries import EntryStore
from campaign_site.authoring.spreadsheet import columns, column_letter
from campaign_site.content.loader import load_content
from campaign_site.content.types import content_type
from campaign_site.project import open_project
from conftest import copy_project

KINDS = ("service", "event", "resource")


def cli(project: Path, *args: str, lang: str = "vi") -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "vi_VN.UTF-8" if lang == "vi" else "C.UTF-8", "LC_ALL": ""}
    return subprocess.run([sys.executable, "-m", "campaign_site.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("import") / "site")


def snapshot(project: Path) -> dict[str, bytes]:
    return {str(path.relative_to(project)): path.read_bytes() for path in (project / "content").rglob("*")
            if path.is_file()}


# a good row per kind, by column name (the seed project has the 2022 campaign, areas and media)
GOOD = {
    "service": [{"name": "Đường dây thử (ví dụ)", "kind": "hotline", "organisation": "Sở (ví dụ)",
                 "description": "Nghe và tư vấn", "description.en": "Listens and advises", "area": "national",
                 "phones.1.number": "0262 3852 123", "phones.1.hours": "24/7", "phones.1.free": "true",
                 "phones.1.free_source.publisher": "Sở (ví dụ)",
                 "languages": "vi, rad", "status": "example"},
                {"name": "Tư vấn thử (ví dụ)", "kind": "counselling", "organisation": "Hội (ví dụ)",
                 "description": "Tư vấn", "area": "ea-kar", "accessibility": "sign_language; home_visits",
                 "languages": "vi", "status": "example", "slug": "tu-van-thu"}],
    "event": [{"title": "Mít tinh thử (ví dụ)", "start": "15/11/2022 08:00", "end": "15/11/2022 11:00",
               "area": "ea-kar", "organiser": "Hội (ví dụ)", "description": "Mít tinh hưởng ứng",
               "campaign": "2022", "status": "example"}],
    "resource": [{"title": "Tờ rơi thử (ví dụ)", "title.en": "Test leaflet (example)", "kind": "leaflet",
                  "summary": "Tóm tắt", "languages": "vi", "audience": "public; youth", "published": "3/2022",
                  "url": "https://example.org/to-roi.pdf", "status": "example"}],
}


def write_sheet(project: Path, kind: str, rows: list[dict], suffix: str = ".xlsx", name: str = "") -> Path:
    """A filled copy of the template ``import --template KIND`` writes."""
    template = project / f"mau-{kind}{suffix}"
    if not template.exists():
        assert cli(project, "import", "--template", kind, template.name).returncode == 0
    path = project / (name or f"{kind}-{len(rows)}{suffix}")
    if suffix == ".csv":
        with template.open(encoding="utf-8-sig", newline="") as handle:
            header, help_row = list(csv.reader(handle))[:2]
        header += list(dict.fromkeys(column for row in rows for column in row if column not in header))
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerows([header, help_row, *[[row.get(column, "") for column in header] for row in rows]])
        return path
    book = load_workbook(template)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for column in dict.fromkeys(column for row in rows for column in row if column not in header):
        header.append(column)  # a translation's column (description.en) is added where it fits
        sheet.cell(1, len(header), column)
    for number, row in enumerate(rows, start=3):
        for column, value in row.items():
            sheet.cell(number, header.index(column) + 1, value)
    book.save(path)
    return path


def test_template_has_a_column_for_every_field_and_a_help_row(project: Path) -> None:
    for kind in KINDS:
        result = cli(project, "import", "--template", kind, f"t-{kind}.xlsx")
        assert result.returncode == 0, result.stderr
        sheet = load_workbook(project / f"t-{kind}.xlsx").active
        header = [cell.value for cell in sheet[1]]
        fields = {column.field for column in columns(content_type(kind), ["vi"], "vi")} - {"slug"}
        assert fields == {spec.name for spec in content_type(kind).field_specs()}
        if kind == "service":  # a group inside a group: its own columns
            assert "phones.1.free_source.title" in header and "phones.1.free_source" not in header
        assert {header_name.split(".")[0] for header_name in header} == fields | {"slug"}
        helps = [cell.value for cell in sheet[2]]
        assert all(helps) and "bắt buộc" in helps[header.index("title" if kind != "service" else "name")]
        assert sheet.cell(3, 2).number_format == "@"  # typed text stays text (0262…, 7:30)
    again = cli(project, "import", "--template", "service", "t-service.xlsx")
    assert again.returncode == 1 and "không bị ghi đè" in again.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_good_rows_become_entries_that_check_accepts(project: Path, kind: str, suffix: str) -> None:
    rows = [{**row, "slug": f"{row.get('slug', kind)}-{suffix[1:]}-{index}"} for index, row in enumerate(GOOD[kind])]
    sheet = write_sheet(project, kind, rows, suffix, name=f"good-{kind}{suffix}")
    before = snapshot(project)
    dry = cli(project, "import", sheet.name, "--kind", kind, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert snapshot(project) == before  # --dry-run writes nothing
    done = cli(project, "import", sheet.name, "--kind", kind)
    assert done.returncode == 0, done.stdout + done.stderr
    created = set(snapshot(project)) - set(before)
    folder = content_type(kind).folder
    expected = {f"content/{folder}/{row['slug']}{content_type(kind).extension}" for row in rows}
    assert expected <= created
    store = EntryStore.of_project(open_project(project / "mkdocs.yml"))
    content = load_content(store.content_dir, list(store.languages), store.default_language)
    assert [str(found) for found in content.problems] == []
    entries = {entry.slug: entry for entry in content.of(kind)}
    first = entries[rows[0]["slug"]]
    if kind == "service":
        assert first.phones[0].number == "+842623852123" and first.phones[0].free is True
        assert first.description == {"vi": "Nghe và tư vấn", "en": "Listens and advises"}
        assert list(first.languages) == ["vi", "rad"]
        assert list(entries[rows[1]["slug"]].accessibility) == ["sign_language", "home_visits"]
    if kind == "resource":
        assert first.title == {"vi": "Tờ rơi thử (ví dụ)", "en": "Test leaflet (example)"}
        assert f"content/{folder}/{rows[0]['slug']}.en.md" in created  # the translation file
    if kind == "event":
        assert str(first.start) == "2022-11-15 08:00:00"
    # the file is the one `new` writes: its explanations are there
    text = (project / sorted(expected)[0]).read_text(encoding="utf-8")
    assert "campaign-site new" in text and "# " in text


# (row values, column named in the problem, words of the Vietnamese message)
BAD = [
    ({"phones.1.number": "0262 3852 12"}, "phones.1.number", "số điện thoại"),
    ({"phones.2.number": 262385212}, "phones.2.number", "số 0"),
    ({"kind": "nope"}, "kind", "'nope'"),
    ({"area": "atlantis"}, "area", "atlantis"),
    ({"description": None, "description.en": None}, "description", "thiếu"),
    ({"website": "not a url"}, "website", "https://"),
    ({"languages": "vi, xx"}, "languages", "xx"),
    ({"verified_on": "31/02/2026"}, "verified_on", "31/02/2026"),
    ({"source.1.url": "https://example.org/a"}, "source.1.title", "publisher"),
    ({"source.1.url": "https://example.org/a", "source.1.publisher": "Báo (ví dụ)"}, "source.1.title", "accessed"),
]


def test_every_problem_names_sheet_row_column_and_nothing_is_written(project: Path) -> None:
    good = GOOD["service"][0]
    rows = [{**good, "slug": f"bad-{index}", **change} for index, (change, _, _) in enumerate(BAD)]
    rows.insert(2, {**good, "slug": "good-row"})  # a correct row is not written either
    sheet = write_sheet(project, "service", rows, name="bad-service.xlsx")
    header = [cell.value for cell in load_workbook(sheet).active[1]]
    title = load_workbook(sheet).active.title
    before = snapshot(project)
    result = cli(project, "import", sheet.name, "--kind", "service")
    assert result.returncode == 1
    assert snapshot(project) == before
    lines = result.stdout.splitlines()
    for index, (_, column, words) in enumerate(BAD):
        row = index + 3 + (index >= 2)
        letter = column_letter(header.index(column))
        wanted = f"bad-service.xlsx: trang tính '{title}', dòng {row}, cột {letter} ({column}): "
        found = [line for line in lines if line.startswith(wanted)]
        assert found and words in found[0], (wanted, lines)
    assert not [line for line in lines if ", dòng 5," in line]  # the good row has no problem
    assert "chưa ghi gì" in result.stderr


def test_file_names_are_checked_before_anything_is_written(project: Path) -> None:
    good = GOOD["event"][0]
    rows = [{**good, "slug": "trung-ten"}, {**good, "slug": "trung-ten"}, {**good, "slug": "Tên Có Dấu"},
            {**good, "slug": "vi-du-mit-tinh-buon-ma-thuot"}]  # an event of the seed project
    sheet = write_sheet(project, "event", rows, ".csv", name="names.csv")
    result = cli(project, "import", sheet.name, "--kind", "event", lang="en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("row 4, column A (slug): the file name 'trung-ten' is also made by row 3" in line for line in lines)
    assert any("row 5, column A (slug): found 'Tên Có Dấu'" in line for line in lines)
    assert any("row 6, column A (slug): content/events/vi-du-mit-tinh-buon-ma-thuot.yaml already exists" in line
               for line in lines)
    assert not (project / "content" / "events" / "trung-ten.yaml").exists()


def test_unknown_columns_and_unreadable_files_are_reported(project: Path) -> None:
    path = project / "odd.csv"
    path.write_text("name,colour\nTên,đỏ\n", encoding="utf-8")
    result = cli(project, "import", path.name, "--kind", "service", lang="en")
    assert result.returncode == 1
    assert "odd.csv: sheet 'odd', row 1, column B (colour): unknown column 'colour'" in result.stdout
    (project / "latin1.csv").write_bytes("name\nT\xean\n".encode("latin-1"))
    result = cli(project, "import", "latin1.csv", "--kind", "service", lang="en")
    assert result.returncode == 1 and "UTF-8" in result.stdout
    (project / "fake.xlsx").write_text("not a workbook", encoding="utf-8")
    result = cli(project, "import", "fake.xlsx", "--kind", "service", lang="en")
    assert result.returncode == 1 and "cannot be read as an .xlsx workbook" in result.stdout

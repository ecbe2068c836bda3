"""`campaign-site new`: file names from titles, commented templates, no overwriting."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from campaign_site.cli import main
from campaign_site.content.loader import load_content
from campaign_site.content.models import Phone
from campaign_site.content.reader import parse_markdown, parse_yaml, read_markdown, read_yaml
from campaign_site.project import open_project
from campaign_site.content.types import content_types
from campaign_site.scaffold import kinds, slugify
from campaign_site.scaffold.template import literal_values, render, template_text, template_values
from conftest import REPO, build_project, copy_project

TITLE = "Tháng hành động 2026"
SLUG = "thang-hanh-dong-2026"
ENTRY_KINDS = ["resource", "practice", "service", "event"]
TARGETS = {
    "resource": f"content/resources/{SLUG}.md",
    "practice": f"content/practices/{SLUG}.md",
    "service": f"content/services/{SLUG}.yaml",
    "event": f"content/events/{SLUG}.yaml",
    "page": f"docs/{SLUG}.md",
}
# Filled in by the template itself (safe defaults); everything else required is left blank.
PREFILLED = {
    "resource": {"title", "languages"},
    "practice": {"title", "status"},
    "service": {"name", "status"},
    "event": {"title", "campaign"},
}
# What `check` asks for before the communicator has filled the file.
BLANKS = {
    "resource": {"kind", "summary", "audience", "published"},
    "practice": {"area", "year", "organisation", "topics", "summary"},
    "service": {"kind", "organisation", "description", "area", "phones[0].number"},
    "event": {"start", "area", "organiser", "description"},
}
# How a communicator fills them: line prefix → new value.
FILLS = {
    "resource": {"kind": "leaflet", "summary": "Tờ rơi về phòng chống bạo lực gia đình.", "audience": "[public]",
                 "published": "20/11/2026", "url": "https://www.example.org/to-roi.pdf"},
    "practice": {"area": "ea-kar", "year": "2025", "organisation": "Hội Liên hiệp Phụ nữ xã",
                 "topics": "[domestic-violence]", "summary": "Nhóm phụ nữ gặp nhau hằng tháng."},
    "service": {"kind": "counselling", "organisation": "Trung tâm Công tác xã hội",
                "description": "Tư vấn miễn phí.", "area": "krong-ana", "  - number": '"0262 3852 123"'},
    "event": {"start": "2022-11-20 08:00", "area": "lak", "organiser": "UBND huyện Lắk",
              "description": "Buổi nói chuyện về bình đẳng giới.", "campaign": "2022"},
}


def run(project: Path, *args: str) -> int:
    return main([*args, "-f", str(project / "mkdocs.yml")])


def fill(path: Path, values: dict[str, str]) -> None:
    """Replace the line of each field, as a communicator typing into the file would."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{re.escape(key)}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


@functools.cache
def site_languages() -> tuple[list[str], str]:
    repo = open_project(REPO / "mkdocs.yml")
    return list(repo.languages), repo.default_language


def problems_of(project: Path, relative: str) -> dict[str, int]:
    """field → line of each problem `check` reports for ``relative``."""
    content = load_content(project / "content", *site_languages())
    return {p.field: p.line for p in content.problems if p.path.endswith(relative)}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_command_offers_every_creatable_content_type(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert list(kinds()) == ["resource", "practice", "service", "event", "page"]
    assert set(kinds()) == {kind.name for kind in content_types() if kind.creatable}
    assert run(project, "new", "campaign", TITLE) == 2
    assert "resource, practice, service, event, page" in capsys.readouterr().err


@pytest.mark.parametrize(("title", "slug"), [
    ("Tháng hành động 2026", "thang-hanh-dong-2026"),
    ("Đắk Lắk", "dak-lak"),
    ("Ê Đê – J’rai", "e-de-jrai"),
    ("  Nhiều   khoảng trắng  ", "nhieu-khoang-trang"),
    ("Kế hoạch 41/KH-UBND", "ke-hoach-41-kh-ubnd"),
    ("Cư M'gar, M'Đrắk", "cu-mgar-mdrak"),
    ("Phụ nữ & trẻ em gái!!", "phu-nu-tre-em-gai"),
    ("Ưu tiên: ỨNG PHÓ -- bạo lực", "uu-tien-ung-pho-bao-luc"),
    ("!!!", ""),
])
def test_slug_folds_vietnamese_titles(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_template_explains_every_field_and_lists_every_value(kind: str) -> None:
    model = kinds()[kind].model
    values = template_values(kinds()[kind], TITLE, SLUG, REPO / "content", "vi", dt.date(2026, 11, 27))
    text = render(template_text(kinds()[kind]), values)
    assert "{{" not in text
    lines = text.splitlines()
    data = (parse_markdown if text.startswith("---") else parse_yaml)(text, Path(f"new.{kind}")).data
    assert sorted(data) == sorted(kinds()[kind].written_fields()), "the template's fields must be exactly the model's"
    for field in kinds()[kind].written_fields():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
        assert lines[index - 1].startswith("#"), f"{field} has no comment above it"
        for value in literal_values(model.model_fields[field].annotation):
            assert re.search(rf"^#\s+{value}\s+= \S", text, re.M), f"{field}: value {value} not listed"
    if kind == "service":
        for field in Phone.model_fields:
            assert re.search(rf"^#\s+{field}:\s+\S", text, re.M), f"phones: {field} not explained"
    if kind in ("resource", "practice"):
        assert f"{SLUG}.en.md" in text  # where the translation goes
    if kind == "resource":
        assert "content/media/" in text


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_new_entry_fails_check_until_filled(kind: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = kinds()[kind].model
    required = {name for name, info in model.model_fields.items() if info.is_required()}
    assert required - PREFILLED[kind] == {field for field in BLANKS[kind] if "[" not in field}

    assert run(project, "new", kind, TITLE) == 0
    target = TARGETS[kind]
    out = capsys.readouterr().out
    assert f"Mở tệp {target}, điền các trường, rồi chạy: campaign-site check" in out
    path = project / target
    data = (read_markdown if path.suffix == ".md" else read_yaml)(path).data
    assert data["title" if kind != "service" else "name"] == TITLE
    if "status" in model.model_fields:
        assert line_of(path, "status") and "status: example" in path.read_text(encoding="utf-8")

    before = problems_of(project, target)
    assert set(before) == BLANKS[kind]
    for field, line in before.items():
        key = "  - number" if field == "phones[0].number" else field
        assert line == line_of(path, key), field

    fill(path, FILLS[kind])
    assert problems_of(project, target) == {}


def test_title_is_quoted_safely(project: Path) -> None:
    title = 'Hỏi: "đáp" # số 1'
    assert run(project, "new", "resource", title, "--slug", "hoi-dap") == 0
    assert read_markdown(project / "content/resources/hoi-dap.md").data["title"] == title


def test_refuses_to_overwrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "new", "service", TITLE) == 0
    path = project / TARGETS["service"]
    path.write_text(path.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert run(project, "new", "service", TITLE) == 1
    err = capsys.readouterr().err
    assert f"Tệp {TARGETS['service']} đã có; không ghi đè" in err
    assert f"{TARGETS['service']} already exists and was not overwritten" in err
    assert path.read_bytes() == before
    # the same entry written as .yml counts too
    (project / "content/services/khac.yml").write_text("name: x\n", encoding="utf-8")
    assert run(project, "new", "service", "Khác") == 1


def test_unusable_names_are_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "new", "page", "!!!") == 2
    assert run(project, "new", "page", "Trang", "--slug", "Có Dấu") == 2
    assert "--slug" in capsys.readouterr().err
    assert not list((project / "docs").glob("trang*.md"))


def test_every_kind_filled_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All five kinds in one project, filled in, pass the strict build (font and safety checks included)."""
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    for kind in kinds():
        assert run(project, "new", kind, TITLE) == 0
    for kind in ENTRY_KINDS:
        fill(project / TARGETS[kind], FILLS[kind])
    page = project / TARGETS["page"]
    page.write_text(page.read_text(encoding="utf-8") + "Nội dung trang.\n", encoding="utf-8")
    built = build_project(project, tmp_path / "site")
    assert built.warnings == []
    html = built.page(f"{SLUG}.html")
    assert html.h1.get_text(strip=True) == TITLE
    assert "Nội dung trang." in html.get_text()
    assert "TRANG MỚI" not in html.decode()  # the template's comments are not published
    assert (built.root / "en" / f"{SLUG}.html").exists()  # Vietnamese fallback for English readers
    assert list((built.root).rglob(f"{SLUG}.html"))

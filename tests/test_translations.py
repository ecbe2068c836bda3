"""`campaign-site translations`: status per language, fingerprints, --mark-done, --fail-under.

These projects are copies without git history: only fingerprints tell freshness
(tests/test_translation_history.py covers history).
"""

from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path

import pytest

from campaign_site.cli import main
from campaign_site.content.types import PAGE as PAGE_TYPE, PRACTICE as PRACTICE_TYPE
from campaign_site.translations.frontmatter import recorded_hash, with_recorded_hash
from campaign_site.translations.hashing import source_hash
from conftest import copy_project

LANGUAGES = ["en", "rad", "jra", "mng"]
PAGE, PAGE_EN = "docs/lich-bao-cao.md", "docs/lich-bao-cao.en.md"
PRACTICE = "content/practices/dia-chi-tin-cay-cong-dong-vi-du.md"
PRACTICE_EN = "content/practices/dia-chi-tin-cay-cong-dong-vi-du.en.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English messages
    return root


def run(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["translations", *args, "-f", str(project / "mkdocs.yml")])
    out, err = capsys.readouterr()
    return code, out, err


def report(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, _ = run(project, capsys, "--format", "json", *args)
    assert code == 0
    return json.loads(out)


def status(data: dict, source: str, lang: str = "en") -> str:
    return next(f["translations"][lang]["status"] for f in data["files"] if f["source"] == source)


def sources(project: Path) -> list[Path]:
    """Default-language Markdown files, found independently of the command."""
    found = [*(project / "docs").rglob("*.md"), *(project / "content/resources").glob("*.md"),
             *(project / "content/practices").glob("*.md")]
    return sorted(p for p in found if p.name.count(".") == 1)


def yaml_sources(project: Path) -> list[Path]:
    """Files with inline translations and the labels, found independently of the command."""
    found = [*(project / "content").glob("*/*.yaml"), project / "content/areas.yaml"]
    return sorted(p for p in found if p.parent.name != "i18n") + [project / "content/i18n/vi.yaml"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_current_status_counts(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = report(project, capsys)
    markdown = sources(project)
    assert len(markdown) >= 15
    assert data["default_language"] == "vi" and data["languages"] == LANGUAGES and data["git_history"] is False
    every = sorted(p.relative_to(project).as_posix() for p in markdown + yaml_sources(project))
    assert [f["source"] for f in data["files"]] == every
    kinds = {f["source"]: f["kind"] for f in data["files"]}
    assert kinds["content/services/tong-dai-111.yaml"] == "service" and kinds["content/areas.yaml"] == "area"
    assert kinds["content/i18n/vi.yaml"] == "labels" and kinds[PAGE] == "page"
    for lang in LANGUAGES:
        for path in markdown:
            translation = path.with_name(f"{path.stem}.{lang}.md")
            expected = "missing" if not translation.exists() else \
                "unknown" if "translated_from:" not in translation.read_text(encoding="utf-8") else None
            if expected:
                assert status(data, path.relative_to(project).as_posix(), lang) == expected
    # without history, English is complete but unknown; the minority languages are not started
    assert data["summary"]["en"]["missing"] == 0 and data["summary"]["en"]["outdated"] == 0
    assert data["summary"]["en"]["unknown"] == data["summary"]["en"]["total"]
    assert status(data, PAGE) == "unknown"
    assert all(data["summary"][lang]["percent"] == 0.0 for lang in ("rad", "jra", "mng"))
    assert report(project, capsys) == data  # stable


def test_every_translatable_field_is_a_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """YAML files: one text per translatable field, list item and nested field, named by its path."""
    data = report(project, capsys, "--lang", "en")
    hotline = next(f for f in data["files"] if f["source"] == "content/services/tong-dai-111.yaml")
    fields = [text["field"] for text in hotline["translations"]["en"]["texts"]]
    assert fields == ["name", "short_name", "organisation", "description", "phones[0].hours", "hours", "cost"]
    campaign = next(f for f in data["files"] if f["source"] == "content/campaigns/2022.yaml")
    assert [t["field"] for t in campaign["translations"]["en"]["texts"]][0] == "theme"
    areas = next(f for f in data["files"] if f["source"] == "content/areas.yaml")
    assert "areas.buon-ma-thuot.name" in [t["field"] for t in areas["translations"]["en"]["texts"]]
    labels = next(f for f in data["files"] if f["source"] == "content/i18n/vi.yaml")
    label_fields = [t["field"] for t in labels["translations"]["en"]["texts"]]
    assert "fallback.notice" in label_fields and len(label_fields) > 100
    rad = next(f for f in data["files"] if f["source"] == "content/i18n/vi.yaml")["translations"]
    assert rad["en"]["file"] == "content/i18n/en.yaml"
    # a new Vietnamese-only text is missing in every language
    edit(project / "content/services/tong-dai-111.yaml", "free: true", "free: true\n    label: Đường dây nóng")
    data = report(project, capsys, "--lang", "en")
    hotline = next(f for f in data["files"] if f["source"] == "content/services/tong-dai-111.yaml")
    cells = {t["field"]: t["status"] for t in hotline["translations"]["en"]["texts"]}
    assert cells["phones[0].label"] == "missing" and hotline["translations"]["en"]["status"] == "partial"


def test_edit_makes_translation_outdated_until_marked_done(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translation = project / PAGE_EN
    original = translation.read_bytes()
    code, out, _ = run(project, capsys, "--mark-done", PAGE_EN)
    assert code == 0 and f"{PAGE_EN}: translated from lich-bao-cao.md" in out
    fingerprint = source_hash(project / PAGE, PAGE_TYPE, "vi")
    # one line added at the end of the front matter; every other byte unchanged
    head, rest = original.split(b"\n---\n", 1)
    assert translation.read_bytes() == head + f'\ntranslated_from: "{fingerprint}"'.encode() + b"\n---\n" + rest
    assert status(report(project, capsys), PAGE) == "current"

    edit(project / PAGE, "Báo cáo đúng hạn", "Báo cáo đầy đủ, đúng hạn")
    assert status(report(project, capsys), PAGE) == "outdated"

    edit(translation, "Reports sent on time", "Complete reports sent on time")
    edited = translation.read_bytes()
    assert run(project, capsys, "--mark-done", PAGE_EN)[0] == 0
    new_fingerprint = source_hash(project / PAGE, PAGE_TYPE, "vi")
    assert new_fingerprint != fingerprint
    assert translation.read_bytes() == edited.replace(fingerprint.encode(), new_fingerprint.encode())
    assert status(report(project, capsys), PAGE) == "current"

    code, out, _ = run(project, capsys, "--mark-done", PAGE_EN)
    assert code == 0 and "already marked" in out


def test_layout_only_changes_keep_the_translation_current(project: Path) -> None:
    page = project / PAGE
    before = source_hash(page, PAGE_TYPE, "vi")
    text = page.read_text(encoding="utf-8")
    page.write_text(unicodedata.normalize("NFD", text).replace("\n", "   \r\n") + "\n\n", encoding="utf-8")
    assert source_hash(page, PAGE_TYPE, "vi") == before
    page.write_text(with_recorded_hash(text, "0123456789ab"), encoding="utf-8")  # a copied key is ignored
    assert source_hash(page, PAGE_TYPE, "vi") == before
    page.write_text(text.replace("Lịch báo cáo", "Lịch gửi báo cáo"), encoding="utf-8")
    assert source_hash(page, PAGE_TYPE, "vi") != before


def test_collection_fingerprint_covers_only_translatable_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, capsys, "--mark-done", PRACTICE_EN)[0] == 0
    assert recorded_hash(project / PRACTICE_EN) == source_hash(project / PRACTICE, PRACTICE_TYPE, "vi")
    edit(project / PRACTICE, "status: example", "status: verified")  # not translated: still current
    assert status(report(project, capsys), PRACTICE) == "current"
    edit(project / PRACTICE, "summary: ", "summary: Mới: ")
    assert status(report(project, capsys), PRACTICE) == "outdated"


def test_missing_translation_and_percentages(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / PAGE_EN).unlink()
    data = report(project, capsys, "--lang", "en")
    assert data["languages"] == ["en"] and list(data["summary"]) == ["en"]
    assert status(data, PAGE) == "missing"
    total = data["summary"]["en"]["total"]
    assert data["summary"]["en"]["missing"] == 1
    assert data["summary"]["en"]["percent"] == round(100 * (total - 1) / total, 1)
    code, out, _ = run(project, capsys, "--lang", "en")
    assert code == 0
    footer = next(line for line in out.splitlines() if line.startswith("Translated"))
    assert footer.split()[1] == f"{math.floor(100 * (total - 1) / total)}%"  # rounded down, never 100 % too early


def test_fail_under(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / PAGE_EN).unlink()
    english = report(project, capsys, "--lang", "en")["summary"]["en"]["percent"]
    assert 90 < english < 100
    assert run(project, capsys, "--lang", "en", "--fail-under", "90")[0] == 0
    code, _, err = run(project, capsys, "--lang", "en", "--fail-under", "100")
    assert code == 1 and "en:" in err and "under the required 100%" in err
    assert run(project, capsys, "--fail-under", "50")[0] == 1  # Ê Đê, J'rai, M'nông: 0 %
    assert run(project, capsys, "--lang", "rad", "--fail-under", "0")[0] == 0
    assert run(project, capsys, "--format", "json", "--lang", "rad", "--fail-under", "1")[0] == 1


def test_table_columns_are_aligned(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, capsys, "--mark-done", PAGE_EN)[0] == 0
    code, out, _ = run(project, capsys)
    assert code == 0
    lines = out.splitlines()
    header = lines[0]
    assert header.split() == ["File", *LANGUAGES]
    columns = [header.index(f" {lang}") + 1 for lang in LANGUAGES]
    rows = [line for line in lines if line.startswith(("docs/", "content/"))]
    assert len(rows) == len(sources(project)) + len(yaml_sources(project))
    for line in rows:
        cells = [line[column:].split()[0] for column in columns]
        assert all(line[column - 1] == " " for column in columns)
        assert set(cells) <= {"✓", "unknown", "outdated", "missing"}
    page_row = next(line for line in rows if line.startswith(PAGE + " "))
    assert [page_row[c:].split()[0] for c in columns] == ["✓", "missing", "missing", "missing"]
    footer = next(line for line in lines if line.startswith("Translated"))
    assert [footer[c:].split()[0] for c in columns] == ["100%", "0%", "0%", "0%"]


def test_table_speaks_the_readers_language(project: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """In Vietnamese, every cell, header, foot and legend word is Vietnamese: no status is left
    as its English key ("outdated", "missing", "unknown"), and the legend names the cells' words."""
    (project / PAGE_EN).write_text("# Other\n\nNo fingerprint.\n", encoding="utf-8")  # → unknown
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    code, out, _ = run(project, capsys)
    assert code == 0
    english = {"outdated", "missing", "unknown", "File", "Translated", "texts"}
    assert not english & set(out.replace(":", " ").replace(",", " ").replace(";", " ").split()), out
    lines = out.splitlines()
    assert lines[0].split()[0] == "Tệp"
    page_row = next(line for line in lines if line.startswith(PAGE + " "))
    assert page_row.split()[1:] == ["chưa", "rõ", *["chưa", "dịch"] * 3]
    for word in ("đã cũ:", "chưa dịch:", "chưa rõ:"):  # the legend explains each cell word
        assert word in out


def test_usage_and_mark_done_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, capsys, "--lang", "vi")[0] == 2  # the source language is not a translation
    assert run(project, capsys, "--lang", "xx")[0] == 2
    code, _, err = run(project, capsys, "--mark-done", PAGE)
    assert code == 1 and "is not a translation" in err
    code, _, err = run(project, capsys, "--mark-done", "docs/lich-bao-cao.rad.md")
    assert code == 1 and "does not exist" in err
    assert not (project / "docs/lich-bao-cao.rad.md").exists()


@pytest.mark.parametrize(("before", "after"), [
    ("# Title\n\nText\n", '---\ntranslated_from: "abc"\n---\n# Title\n\nText\n'),
    ("---\r\ndescription: x\r\n---\r\nBody\r\n", '---\r\ndescription: x\r\ntranslated_from: "abc"\r\n---\r\nBody\r\n'),
    ("---\ntranslated_from: old  # note\ntitle: T\n---\n", '---\ntranslated_from: "abc"\ntitle: T\n---\n'),
    ("\ufeff---\ntitle: T\n---\nB", '\ufeff---\ntitle: T\ntranslated_from: "abc"\n---\nB'),
])
def test_writing_the_key_keeps_everything_else(before: str, after: str, tmp_path: Path) -> None:
    assert with_recorded_hash(before, "abc") == after
    written = tmp_path / "page.en.md"
    written.write_bytes(after.encode("utf-8"))
    assert recorded_hash(written) == "abc"

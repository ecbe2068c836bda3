"""Freshness from git history: a translation is outdated when its source changed after it.

Real git repositories in temp folders; the command is run as a translator would.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from campaign_site.cli import main
from conftest import copy_project

PAGE, PAGE_EN = "docs/lich-bao-cao.md", "docs/lich-bao-cao.en.md"
SERVICE = "content/services/tong-dai-111.yaml"
LABELS_EN = "content/i18n/en.yaml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", message)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "project")
    git(root, "init", "-q")
    commit(root, "seed")
    monkeypatch.chdir(root)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return root


def run(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["translations", "--lang", "en", *args, "-f", str(project / "mkdocs.yml")])
    return code, capsys.readouterr().out


def texts(project: Path, capsys: pytest.CaptureFixture[str], source: str) -> dict[str, dict]:
    code, out = run(project, capsys, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["git_history"] is True
    entry = next(f for f in data["files"] if f["source"] == source)
    return {text["field"]: text for text in entry["translations"]["en"]["texts"]}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_history_tells_outdated_and_current(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(project, capsys, "--format", "json")
    summary = json.loads(out)["summary"]["en"]
    assert summary["current"] == summary["total"] and summary["unknown"] == 0  # the seed, as committed

    # the Vietnamese deadline changes: the English page is outdated, with the change shown
    edit(project / PAGE, "Trước ngày 20/5", "Trước ngày 25/5")
    page = texts(project, capsys, PAGE)[None]
    assert page["status"] == "outdated" and page["since"] != "working tree"
    assert "-| Báo cáo 6 tháng | Trước ngày 20/5 | Sở LĐTBXH |" in page["diff"]
    assert "+| Báo cáo 6 tháng | Trước ngày 25/5 | Sở LĐTBXH |" in page["diff"]
    commit(project, "new deadline")  # committing the source changes nothing
    assert texts(project, capsys, PAGE)[None]["status"] == "outdated"
    code, out = run(project, capsys)
    assert code == 0 and f"- {PAGE_EN} [en]" in out and "+| Báo cáo 6 tháng | Trước ngày 25/5 | Sở LĐTBXH |" in out

    # the translator updates the English page: current, before and after committing
    edit(project / PAGE_EN, "20 May", "25 May")
    assert texts(project, capsys, PAGE)[None]["status"] == "current"
    commit(project, "English deadline")
    assert texts(project, capsys, PAGE)[None]["status"] == "current"

    # a change of the source and its translation in one commit keeps it current
    edit(project / PAGE, "Báo cáo đúng hạn", "Báo cáo đầy đủ, đúng hạn")
    edit(project / PAGE_EN, "Reports sent on time", "Complete reports sent on time")
    commit(project, "both")
    assert texts(project, capsys, PAGE)[None]["status"] == "current"


def test_inline_texts_and_labels_per_field(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / SERVICE, "Gọi khi cần báo tin", "Hãy gọi khi cần báo tin")
    commit(project, "service description")
    cells = texts(project, capsys, SERVICE)
    assert cells["description"]["status"] == "outdated"
    assert cells["description"]["diff"][0].startswith("-Tổng đài điện thoại quốc gia về bảo vệ trẻ em. Gọi")
    assert cells["description"]["diff"][1].startswith("+Tổng đài điện thoại quốc gia về bảo vệ trẻ em. Hãy gọi")
    assert {field for field, cell in cells.items() if cell["status"] != "current"} == {"description"}
    code, out = run(project, capsys)
    assert f"- {SERVICE}: description [en]" in out

    edit(project / "content/i18n/vi.yaml", "title: Chưa có bản dịch", "title: Trang chưa được dịch")
    labels = texts(project, capsys, "content/i18n/vi.yaml")
    assert labels["fallback.title"]["status"] == "outdated"
    assert {field for field, cell in labels.items() if cell["status"] != "current"} == {"fallback.title"}
    edit(project / LABELS_EN, "title: Not yet translated", "title: Page not yet translated")
    assert texts(project, capsys, "content/i18n/vi.yaml")["fallback.title"]["status"] == "current"


def test_fingerprint_wins_over_history(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["translations", "--mark-done", PAGE_EN, "-f", str(project / "mkdocs.yml")]) == 0
    commit(project, "fingerprint")
    # the translation changes after the source: history would say current, the fingerprint says what it was made from
    edit(project / PAGE, "Trước ngày 20/5", "Trước ngày 25/5")
    commit(project, "source")
    edit(project / PAGE_EN, "Reports sent on time", "Reports that are sent on time")
    commit(project, "English wording")
    page = texts(project, capsys, PAGE)[None]
    assert page["status"] == "outdated"
    assert "+| Báo cáo 6 tháng | Trước ngày 25/5 | Sở LĐTBXH |" in page["diff"]


def test_shipped_translations_are_in_their_true_state(capsys: pytest.CaptureFixture[str]) -> None:
    """The repository's own pages: outdated exactly when git shows their source changed
    (beyond blank space) after the translation last changed."""
    from conftest import REPO

    if subprocess.run(["git", "-C", str(REPO), "rev-parse"], capture_output=True).returncode:
        pytest.skip("not a git checkout")
    capsys.readouterr()
    assert main(["translations", "--lang", "en", "--format", "json", "-f", str(REPO / "mkdocs.yml")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["git_history"] is True and data["summary"]["en"]["unknown"] == 0
    pages = [f for f in data["files"] if f["kind"] == "page"]
    assert len(pages) >= 10
    for page in pages:
        translation = page["translations"]["en"]["file"]
        since = git(REPO, "log", "-1", "--format=%H", "--", translation).strip()
        if not since or git(REPO, "status", "--porcelain", "--", translation).strip():
            continue  # not committed yet: translated now
        changed = subprocess.run(["git", "-C", str(REPO), "diff", "--quiet", "-w", "--ignore-blank-lines", since,
                                  "--", page["source"]]).returncode == 1
        assert page["translations"]["en"]["status"] == ("outdated" if changed else "current"), page["source"]

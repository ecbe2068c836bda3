"""The translators' guide is real: its commands run, in order, in a git checkout of the project.

Blocks follow tests/test_guide.py's conventions. The one step a person does in a
program (``poedit FILE``, marked ``skip-test``) is done here with polib: every
string gets an obviously fake marked translation ("… [rad]"), links and numbers kept.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import polib

from conftest import REPO, copy_project
from test_guide import blocks, examples, guide_env, run_block

GUIDE = REPO / "guide" / "huong-dan-dich.md"
GUIDE_EN = REPO / "guide" / "translators-guide.en.md"
EDITORS = ("poedit ",)  # steps done by a person in a translation program


def test_guide_covers_every_step() -> None:
    commands = " ".join(c for b in blocks(GUIDE) if b.language == "sh" for c in b.commands)
    for step in ("campaign-site translations --lang rad", "campaign-site translations export --lang rad --out",
                 "--format xlsx", "campaign-site translations import ban-dich-rad",
                 "campaign-site translations import ban-dich-jra.xlsx", "campaign-site check"):
        assert step in commands, step


def test_english_guide_has_the_same_examples() -> None:
    def key(block):
        return block.language, block.attributes, block.text

    assert [key(b) for b in examples(GUIDE_EN)] == [key(b) for b in examples(GUIDE)]


def test_only_the_translation_program_is_skipped() -> None:
    for block in blocks(GUIDE) + blocks(GUIDE_EN):
        if block.language == "sh" and "skip-test" in block.attributes:
            assert all(command.startswith(EDITORS) for command in block.commands), block.line


def translate(path: Path) -> None:
    catalog = polib.pofile(str(path), wrapwidth=0)
    for entry in catalog:
        # marked at the end: a table's caption keeps its leading 'Bảng 1.', which the build
        # (and check, which builds) needs to recognise it
        entry.msgstr = f"{entry.msgid} [rad]"
    catalog.save(str(path))


def test_guide_examples_run(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "seed"]):
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)
    env = guide_env()
    outputs = []
    for block in examples(GUIDE):
        if "skip-test" in block.attributes:
            for command in block.commands:
                translate(project / shlex.split(command)[1])
            continue
        outputs.append(run_block(block, project, env))
    assert "# Lịch báo cáo [rad]" in (project / "docs/lich-bao-cao.rad.md").read_text(encoding="utf-8")
    assert "changed since this file was exported" in outputs[-2]
    assert "- docs/lich-bao-cao.en.md [en]" in outputs[-1] and "+| Báo cáo 6 tháng | Trước ngày 25/5" in outputs[-1]

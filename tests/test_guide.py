"""The publishing guide's examples are real: its commands run with the exit codes it states.

Fenced blocks in guide/*.md, by info string:

- ```` ```sh ````            run in order in one copy of the project; must exit 0;
- ```` ```sh exit=N ````     must exit N;
- ```` ```sh skip-test ````  not run (serve, build, release, USB bundle: slow or state-dependent);
- ```` ```sh server ````     a command that serves until stopped (the editor): started, the address it
  prints must answer, then it is stopped;
- ```` ```yaml file=PATH ```` (or ``markdown``) the file as the communicator fills it in: written to PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO, copy_project

GUIDE = REPO / "guide" / "huong-dan-dang-bai.md"
GUIDE_EN = REPO / "guide" / "publishing-guide.en.md"
FENCE = re.compile(r"^```(\w*)\s*(.*)$")
# Only these may be skipped: everything else in a sh block must run.
SKIPPABLE = ("make site", ". .venv/bin/activate", "campaign-site serve", "campaign-site build",
             "campaign-site check --release", "campaign-site bundle", "campaign-site verify",
             "campaign-site keygen",
             "export SITE_URL=")  # the site's own public address: known only where it is deployed


@dataclass(frozen=True)
class Block:
    """One fenced block of the guide."""

    language: str
    attributes: dict[str, str]
    text: str
    line: int

    @property
    def commands(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def blocks(path: Path) -> list[Block]:
    found, current, start, lines = [], None, 0, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if current is None and (match := FENCE.match(line)):
            attributes = dict(part.partition("=")[::2] for part in match.group(2).split())
            current, start, lines = (match.group(1), attributes), number, []
        elif current is not None and line.strip() == "```":
            found.append(Block(current[0], current[1], "\n".join(lines) + "\n", start))
            current = None
        elif current is not None:
            lines.append(line)
    assert current is None, f"{path.name}: unclosed block from line {start}"
    return found


def examples(path: Path) -> list[Block]:
    """Blocks that run or write files, in order."""
    return [b for b in blocks(path) if (b.language == "sh") or "file" in b.attributes]


def test_guide_covers_every_step() -> None:
    commands = " ".join(c for b in blocks(GUIDE) if b.language == "sh" for c in b.commands)
    for kind in ("resource", "practice", "service", "event", "page"):
        assert f"campaign-site new {kind} " in commands
    for step in ("campaign-site translations --mark-done", "campaign-site translations --lang",
                 "--fail-under", "campaign-site check", "campaign-site serve", "campaign-site check --release",
                 "campaign-site build", "campaign-site bundle --out dist/ban-usb.zip",
                 "campaign-site verify dist/ban-usb.zip", "campaign-site edit",
                 "campaign-site import --template service", "--kind service --dry-run", "--kind service"):
        assert step in commands, step


def test_only_slow_or_state_dependent_steps_are_skipped() -> None:
    for block in blocks(GUIDE) + blocks(GUIDE_EN):
        if block.language == "sh" and "skip-test" in block.attributes:
            for command in block.commands:
                assert command.startswith(SKIPPABLE), f"line {block.line}: {command!r} must be tested"


def test_english_guide_has_the_same_examples() -> None:
    def key(block: Block) -> tuple[str, dict[str, str], str]:
        return block.language, block.attributes, block.text

    assert [key(b) for b in examples(GUIDE_EN)] == [key(b) for b in examples(GUIDE)]


def guide_env() -> dict[str, str]:
    """The environment a guide's commands run in: this venv's campaign-site first, English messages."""
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "campaign-site").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", LANG="C.UTF-8", NO_MKDOCS_2_WARNING="1")
    return env


def run_block(block: Block, project: Path, env: dict[str, str]) -> str:
    """Run a shell block in ``project``; assert it exits as the guide says (``exit=N``); its output."""
    result = subprocess.run(["sh", "-e", "-c", block.text], cwd=project, env=env, capture_output=True, text=True)
    expected = int(block.attributes.get("exit", 0))
    assert result.returncode == expected, (
        f"guide line {block.line}: {'; '.join(block.commands)} exited {result.returncode}, "
        f"the guide says {expected}\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def run_server(block: Block, project: Path, env: dict[str, str]) -> str:
    """Start a block's serving command as the guide writes it, wait for the first address it
    prints, assert that address answers, stop the command; the page it served.
    ``BROWSER=true``: the command's "open the browser" runs ``true ADDRESS`` (nothing opens)."""
    import urllib.request

    (command,) = block.commands
    process = subprocess.Popen(["sh", "-c", f"exec {command}"], cwd=project, env=env | {"BROWSER": "true"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = threading.Timer(180, process.kill)  # a command that never prints its address fails, not hangs
    stop.start()
    try:
        printed = ""
        while (line := process.stdout.readline()) and not (address := re.search(r"https?://\S+", line)):
            printed += line
        assert line, f"guide line {block.line}: {command!r} stopped without an address\n{printed}"
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", address.group(0)), line  # this computer only
        with urllib.request.urlopen(address.group(0), timeout=60) as response:
            return response.read().decode("utf-8")
    finally:
        stop.cancel()
        process.terminate()  # the editor stops as on Ctrl+C, and stops its preview
        assert process.wait(timeout=60) == 0
        process.stdout.close()


def test_guide_examples_run(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = guide_env()
    ran, outputs = 0, {}
    for block in examples(GUIDE):
        if "file" in block.attributes:
            target = project / block.attributes["file"]
            assert target.exists(), f"line {block.line}: an earlier command should have created {target.name}"
            target.write_text(block.text, encoding="utf-8")
            continue
        if "skip-test" in block.attributes:
            continue
        if "server" in block.attributes:
            outputs[block.commands[0]] = run_server(block, project, env)
            continue
        outputs["; ".join(block.commands)] = run_block(block, project, env)
        ran += 1
    assert ran >= 12
    # the editor answered with Decap CMS; the spreadsheet's bad row was named by row, column and field,
    # the good one became the entry `new` writes
    assert "decap-cms.js" in outputs["campaign-site edit"]
    assert "row 2, column G (phones.1.number): found '0262 38345'" in \
        outputs["campaign-site import dich-vu.csv --kind service --dry-run"]
    service = project / "content" / "services" / "tu-van-cu-mgar-vi-du.yaml"
    assert 'number: "0262 3834 567"' in service.read_text(encoding="utf-8")

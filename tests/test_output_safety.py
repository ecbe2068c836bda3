"""Builds never lose data: the output guard, the atomic exchange into site/, and what a
killed build leaves behind (no processes; work folders removed by the next build)."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from campaign_site.cli import build_parser
from campaign_site.publish import swap
from campaign_site.publish.build import build_site
from campaign_site.publish.output_guard import MARKER, OutputRefused, check_output
from campaign_site.publish.workdirs import WorkFolder, remove_stale
from conftest import BuiltSite, copy_project


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (links as their target text) with its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = os.readlink(path).encode()
        elif path.is_file():
            found[key] = path.read_bytes()
        else:
            found[key + "/"] = b""
    return found


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


# --- the output guard -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with, beside it, a folder of someone else's files and a plain file."""
    base = tmp_path_factory.mktemp("guard")
    project = copy_project(base / "project")
    (base / "photos").mkdir()
    (base / "photos" / "wedding.jpg").write_bytes(b"\xff\xd8\xff precious")
    (base / "notes.txt").write_text("mine", encoding="utf-8")
    (project / "scripts").mkdir()
    (project / "scripts" / "tool.py").write_text("print('mine')\n", encoding="utf-8")
    return project


DANGEROUS = {
    ".": "holds the project itself",
    "..": "holds the project itself",
    "docs": "source folder",
    "docs/tai-lieu": "source folder",
    "content": "source folder",
    "content/media": "source folder",
    "overrides": "source folder",
    "overrides/new": "source folder",
    "scripts": "is not empty and was not made by campaign-site build",
    "../photos": "is not empty and was not made by campaign-site build",
    "../notes.txt": "is a file, not a folder",
    "mkdocs.yml": "is a file, not a folder",
}


@pytest.mark.parametrize("out", sorted(DANGEROUS))
def test_build_refuses_folders_it_may_not_replace(out: str, guarded: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(guarded.parent)
    monkeypatch.chdir(guarded)
    monkeypatch.setenv("LANG", "C.UTF-8")
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    args = build_parser().parse_args(["build", "-q", "--out", out])
    code = args.run(args)
    output = capsys.readouterr().err
    assert code == 2, output
    assert output.startswith("nothing was built: ") and DANGEROUS[out] in output, output
    assert snapshot(guarded.parent) == before, "a refused build changes nothing, not even work folders"


def test_refusal_is_in_vietnamese_with_a_vietnamese_locale(guarded: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(guarded)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    args = build_parser().parse_args(["build", "-q", "--out", "../photos"])
    assert args.run(args) == 2
    output = capsys.readouterr().err
    assert output.startswith("chưa tạo trang web: ") and "không trống" in output and MARKER in output


@pytest.mark.parametrize("out", ["/", "/tmp", str(Path.home())])
def test_system_folders_are_refused_before_anything_is_written(out: str, guarded: Path) -> None:
    sources = [guarded / "docs", guarded / "content", guarded / "overrides"]
    with pytest.raises(OutputRefused):
        check_output(Path(out), guarded, sources)


def test_new_empty_and_own_folders_are_accepted(guarded: Path, tmp_path: Path) -> None:
    sources = [guarded / "docs", guarded / "content", guarded / "overrides"]
    (tmp_path / "empty").mkdir()
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / MARKER).write_text("", encoding="utf-8")
    (tmp_path / "ours" / "index.html").write_text("", encoding="utf-8")
    for out in ("new", "empty", "ours"):
        check_output(tmp_path / out, guarded, sources)
    check_output(guarded / "site", guarded, sources)


# --- the exchange ---------------------------------------------------------------------------------

WATCHER = """
import os, sys
path, stop = sys.argv[1], sys.argv[2]
looks = missing = 0
while not os.path.exists(stop):
    looks += 1
    if not os.path.exists(path):
        missing += 1
print(looks, missing)
"""


def _stress_swaps(tmp_path: Path, swaps: int) -> tuple[int, int]:
    """Swap fresh folders into ``site`` ``swaps`` times while another process looks for
    ``site/index.html`` as fast as it can; (looks, times it was missing)."""
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("0", encoding="utf-8")
    stop = tmp_path / "stop"
    watcher = subprocess.Popen([sys.executable, "-c", WATCHER, str(target / "index.html"), str(stop)],
                               stdout=subprocess.PIPE, text=True)
    try:
        for number in range(1, swaps + 1):
            new = tmp_path / f".site.building-{number}"
            new.mkdir()
            (new / "index.html").write_text(str(number), encoding="utf-8")
            swap.swap_in(new, target)
    finally:
        stop.touch()
        output, _ = watcher.communicate(timeout=60)
    looks, missing = map(int, output.split())
    assert (target / "index.html").read_text(encoding="utf-8") == str(swaps)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stop"]
    return looks, missing


def test_site_exists_at_every_instant_of_a_swap(tmp_path: Path) -> None:
    looks, missing = _stress_swaps(tmp_path, 2000)
    assert looks > 2000, "the watcher must have looked during the swaps"
    assert missing == 0


def test_the_two_rename_fallback_has_a_gap_the_watcher_sees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Proof that the harness above can fail: without the exchange, site/ goes missing."""
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    _, missing = _stress_swaps(tmp_path, 2000)
    assert missing > 0


# --- work folders ---------------------------------------------------------------------------------


def test_stale_work_folders_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("x", encoding="utf-8")
    stale = [".site.building-dead1", ".site.building-dead1.rad", ".site.building-dead1.old",
             ".site.building-dead1.lock", ".site.building-gone2", ".site.building-gone2.en"]
    for name in stale:
        if name.endswith(".lock"):
            (tmp_path / name).write_text("", encoding="utf-8")
        else:
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.html").write_text("half", encoding="utf-8")
    others = [".site.backup", "site-old", ".other.building-x", "site.building-x", ".site.building-"]
    for name in others:
        (tmp_path / name).mkdir()
    with WorkFolder(target) as live:  # a build running now: its folders stay
        live.path.mkdir()
        live.part("en").mkdir()
        removed = remove_stale(target)
        assert sorted(p.name for p in removed) == sorted(stale)
        assert live.path.is_dir() and live.part("en").is_dir() and live.lock.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", *others])


def test_a_work_folder_is_locked_while_in_use(tmp_path: Path) -> None:
    with WorkFolder(tmp_path / "site") as work:
        handle = os.open(work.lock, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(handle)


# --- kill -9 during a parallel build --------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def work_folders(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site.building-"))


def test_killed_build_leaves_no_processes_and_the_next_build_cleans_up(
        site: BuiltSite, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out" / "site"
    shutil.copytree(site.root, out)  # a site from an earlier build (it has the marker)
    build = subprocess.Popen(
        [sys.executable, "-m", "campaign_site.cli", "build", "-q", "-j", "2", "--out", str(out)],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # (copies of the build on Linux, forked after it loaded the content)
        wait_until(lambda: len(children(build.pid)) >= 2, 120, "the two language processes")
        spawned = children(build.pid)
        wait_until(lambda: len(work_folders(out.parent)) >= 2, 120, "the work folders")
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    try:
        wait_until(lambda: not any(alive(pid) for pid in spawned), 5, f"processes {spawned} to end with the build")
    finally:  # never leave processes behind, even when this fails
        for pid in spawned:
            if alive(pid) and b"campaign_site.cli" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
    assert work_folders(out.parent), "a killed build cannot clean up after itself"
    assert (out / "index.html").is_file(), "the previous site is still there"

    gaps: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (out / "index.html").exists():
                gaps.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        build_site(project / "mkdocs.yml", out)
    finally:
        done.set()
        watcher.join()
    assert gaps == [], "site/ went missing during the swap"
    assert work_folders(out.parent) == [], "the next build removes what the killed one left"
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]
    assert (out / MARKER).is_file() and (out / "en" / "index.html").is_file()

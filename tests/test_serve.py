"""campaign-site serve rebuilds on changes, reports timings and survives content errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@dataclass
class Preview:
    """A running ``campaign-site serve`` on a copy of the project."""

    project: Path
    base: str
    log: Path
    server: subprocess.Popen


@contextmanager
def preview(tmp_path: Path, *options: str) -> Iterator[Preview]:
    """Start ``campaign-site serve`` (with ``options``) on a fresh copy of the project; stop it after."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    cli = Path(sys.executable).with_name("campaign-site")
    with log.open("w") as output:
        server = subprocess.Popen([str(cli), "serve", "--port", str(port), *options], cwd=project,
                                  stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        yield Preview(project, f"http://127.0.0.1:{port}/", log, server)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_rebuilds_and_survives_errors(tmp_path: Path) -> None:
    with preview(tmp_path) as run:
        project, base, log = run.project, run.base, run.log
        assert wait_for(lambda: "Bình đẳng giới" in fetch(base + "index.html"), 90), log.read_text()
        # by default only the main language is built (fast), and the reader is told so
        assert fetch(base + "en/index.html") == "" and "--lang all" in log.read_text()
        page = project / "docs" / "lich-bao-cao.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nDòng mới để kiểm tra xem trước.\n", encoding="utf-8")
        assert wait_for(lambda: "Dòng mới để kiểm tra" in fetch(base + "lich-bao-cao.html"), 60), log.read_text()
        assert "Documentation built in" in log.read_text()
        # only the edited page was rendered again, yet search still has every page
        index = fetch(base + "search/index.vi.js")
        assert "Dòng mới để kiểm tra" in index and "danh-ba/index.html" in index and "tai-lieu/" in index

        service = project / "content" / "services" / "tong-dai-111.yaml"
        good = service.read_text(encoding="utf-8")
        service.write_text(good.replace("kind: hotline", "kind: hotlne"), encoding="utf-8")
        assert wait_for(lambda: "hotlne" in log.read_text(), 60), log.read_text()
        assert "tong-dai-111.yaml" in log.read_text()
        # (the rebuild awaited below proves the preview outlived the error)
        assert run.server.poll() is None, "the preview must survive a content error"

        service.write_text(good, encoding="utf-8")
        area = project / "content" / "areas.yaml"
        area.write_text(area.read_text(encoding="utf-8").replace("Huyện Lắk", "Huyện Lắk (đã sửa)"), encoding="utf-8")
        assert wait_for(lambda: "Huyện Lắk (đã sửa)" in fetch(base + "danh-ba/index.html"), 60), log.read_text()


def test_serve_all_languages_shows_an_edited_translation(tmp_path: Path) -> None:
    with preview(tmp_path, "--lang", "all") as run:
        base, log = run.base, run.log
        assert wait_for(lambda: "Gender" in fetch(base + "en/index.html"), 120), log.read_text()
        assert "Bình đẳng giới" in fetch(base + "rad/index.html")
        page = run.project / "docs" / "lich-bao-cao.en.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA new line to check the preview.\n", encoding="utf-8")
        assert wait_for(lambda: "A new line to check the preview" in fetch(base + "en/lich-bao-cao.html"), 60), \
            log.read_text()
        assert "A new line" not in fetch(base + "lich-bao-cao.html")

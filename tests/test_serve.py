"""campaign-site serve rebuilds on changes, reports timings and survives content errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
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
def preview(tmp_path: Path, *options: str, locale: str = "C.UTF-8",
            prepare: Callable[[Path], None] | None = None) -> Iterator[Preview]:
    """Start ``campaign-site serve`` (with ``options``) on a fresh copy of the project (changed by
    ``prepare`` first); stop it after."""
    project = copy_project(tmp_path / "project")
    if prepare is not None:
        prepare(project)
    port = free_port()
    log = tmp_path / "serve.log"
    cli = Path(sys.executable).with_name("campaign-site")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=locale, NO_MKDOCS_2_WARNING="1")
    with log.open("w") as output:
        server = subprocess.Popen([str(cli), "serve", "--port", str(port), *options], cwd=project,
                                  stdout=output, stderr=subprocess.STDOUT, env=env)
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
        assert "Preview ready" in log.read_text()
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


def test_open_page_reloads_by_itself_and_shows_problems(tmp_path: Path, browser) -> None:
    """Live reload works under the site's CSP; content problems show in the page, in Vietnamese."""
    with preview(tmp_path, locale="vi_VN.UTF-8") as run:
        base, log, project = run.base, run.log, run.project
        assert wait_for(lambda: "Bình đẳng giới" in fetch(base + "lich-bao-cao.html"), 90), log.read_text()
        context = browser.new_context()
        outside: list[str] = []
        context.route(lambda url: not url.startswith("http://127.0.0.1:"),
                      lambda route: (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(base + "lich-bao-cao.html")
        csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "'unsafe-inline'" in csp, "the preview relaxes the policy for the reload script"

        source = project / "docs" / "lich-bao-cao.md"
        source.write_text(source.read_text(encoding="utf-8") + "\nDòng này hiện mà không cần tải lại.\n",
                          encoding="utf-8")
        page.get_by_text("Dòng này hiện mà không cần tải lại.").wait_for(timeout=90_000)

        service = project / "content" / "services" / "tong-dai-111.yaml"
        good = service.read_text(encoding="utf-8")
        service.write_text(good.replace("kind: hotline", "kind: hotlne"), encoding="utf-8")
        box = page.locator(".campaign-preview-problems")
        box.wait_for(timeout=90_000)
        assert "tong-dai-111.yaml:7" in box.inner_text() and "hotlne" in box.inner_text()
        assert "Chưa dựng lại" in box.inner_text(), box.inner_text()
        # the page under the box is the last good version
        assert page.get_by_text("Dòng này hiện mà không cần tải lại.").is_visible()

        service.write_text(good, encoding="utf-8")
        box.wait_for(state="detached", timeout=90_000)
        context.close()
        assert blocked == [] and outside == []
        text = log.read_text()
        assert "hotlne" in text and "tong-dai-111.yaml:7" in text
        for internal in ("dirty", "Traceback", "INFO", "WARNING", "Aborted", "Documentation built", "Serving on"):
            assert internal not in text, (internal, text)
        assert "Xem trước đã sẵn sàng" in text, text


def test_a_first_build_with_problems_still_serves_and_recovers(tmp_path: Path, browser) -> None:
    """The first build stops on a content problem: the preview serves all the same, each page
    says what is wrong, and the page appears by itself once the problem is fixed."""
    def break_service(project: Path) -> None:
        service = project / "content" / "services" / "tong-dai-111.yaml"
        service.write_text(service.read_text(encoding="utf-8").replace("kind: hotline", "kind: hotlne"),
                           encoding="utf-8")

    with preview(tmp_path, prepare=break_service) as run:
        assert wait_for(lambda: "hotlne" in run.log.read_text(), 90), run.log.read_text()
        page = browser.new_page()
        page.goto(run.base + "lich-bao-cao.html")
        assert "tong-dai-111.yaml:7" in page.locator(".campaign-preview-problems").inner_text()
        service = run.project / "content" / "services" / "tong-dai-111.yaml"
        service.write_text(service.read_text(encoding="utf-8").replace("kind: hotlne", "kind: hotline"),
                           encoding="utf-8")
        page.locator(".campaign-hotline-strip").wait_for(timeout=90_000)
        assert page.locator(".campaign-preview-problems").count() == 0
        page.close()

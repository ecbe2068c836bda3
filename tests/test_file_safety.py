"""Only files of the project, of types that cannot run script, are published.

Symbolic links out of the source folders and script-capable media types are
refused by ``check`` and by the build (file:line), and every type that *is*
published is opened in Chromium, from ``file://`` and over HTTP, holding an
HTML page with scripts: none may run.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from campaign_site.cli import build_parser
from campaign_site.content.file_safety import (
    LARGE_FILE_BYTES, PUBLISHED_SUFFIXES, file_problems, is_publishable)
from campaign_site.publish.build import BuildFailed, build_site
from conftest import copy_project

SECRET = "BÍ MẬT: không bao giờ được đăng"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the project, with a secret file beside it (outside the project)."""
    import shutil

    copy = Path(shutil.copytree(pristine, tmp_path / "project", symlinks=True))
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "notes.txt").write_text(SECRET, encoding="utf-8")
    return copy


def run_check(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(project)
    args = build_parser().parse_args(["check", "--lang", "en"])
    code = args.run(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _link(at: str, to: Callable[[Path], Path]) -> Callable[[Path], str]:
    def make(project: Path) -> str:
        path = project / at
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(to(project))
        return at
    make.__name__ = at
    return make


OUTSIDE_LINKS = [
    _link("docs/secret.txt", lambda p: p.parent / "secret.txt"),
    _link("docs/private", lambda p: p.parent / "private"),
    _link("docs/tai-lieu/secret.md", lambda p: p.parent / "secret.txt"),
    _link("content/media/secret.pdf", lambda p: p.parent / "secret.txt"),
    _link("content/media/private", lambda p: p.parent / "private"),
    _link("content/resources/secret.md", lambda p: p.parent / "secret.txt"),
    _link("overrides/assets/secret.txt", lambda p: p.parent / "secret.txt"),
    _link("docs/mkdocs.txt", lambda p: p / "mkdocs.yml"),  # in the project, outside its source folders
    _link("docs/dangling.pdf", lambda p: p / "nowhere.pdf"),
]


def test_links_out_of_the_source_folders_are_refused(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    links = [make_link(project) for make_link in OUTSIDE_LINKS]
    code, output = run_check(project, monkeypatch, capsys)
    assert code == 1
    for at in links:
        assert f"{at}:1: (file): '{Path(at).name}' is a link to " in output, output
    assert output.count(" is a link to ") == len(links)
    out = tmp_path / "site"
    with pytest.raises(BuildFailed) as failure:
        build_site(project / "mkdocs.yml", out)
    for at in links:
        assert f"{at}:1: (file)" in str(failure.value)
    assert not out.exists()


def test_links_inside_the_source_folders_are_allowed(project: Path) -> None:
    (project / "docs" / "ke-hoach.txt").symlink_to(project / "content" / "media" / "ke-hoach-41-kh-ubnd-2022.txt")
    (project / "content" / "media" / "ban-sao.txt").symlink_to("ke-hoach-41-kh-ubnd-2022.txt")
    assert file_problems(project / "docs", project / "content", project / "overrides") == []


def test_media_copy_skips_what_the_checks_refuse(project: Path, tmp_path: Path) -> None:
    """Defence in depth: the plugin's media copy never takes a link out or a blocked type."""
    media = project / "content" / "media"
    (media / "out.pdf").symlink_to(tmp_path / "secret.txt")
    (media / "page.html").write_text("<script></script>", encoding="utf-8")
    allowed = [project / "content", project / "docs"]
    assert not is_publishable(media / "out.pdf", allowed)
    assert not is_publishable(media / "page.html", allowed)
    assert is_publishable(media / "ke-hoach-41-kh-ubnd-2022.txt", allowed)


BLOCKED = [".svg", ".SVG", ".svgz", ".html", ".htm", ".xhtml", ".shtml", ".xml", ".xsl", ".js", ".mjs",
           ".css", ".swf", ".hta", ".php", ".md", ".pdf.html", ""]


def test_script_capable_types_are_refused(project: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    names = [f"{folder}/poster{number}{suffix}"
             for folder in ("content/media", "docs", "docs/tai-lieu")
             for number, suffix in enumerate(BLOCKED)
             if not (folder.startswith("docs") and suffix == ".md")]  # Markdown in docs/ is a page
    for name in names:
        (project / name).write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    code, output = run_check(project, monkeypatch, capsys)
    assert code == 1
    for name in names:
        shown = Path(name).suffix.lower() or "(none)"
        assert f"{name}:1: (file): files of type '{shown}' are not published" in output, output


def test_a_resource_naming_a_blocked_file_is_refused_at_its_line(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    resource = project / "content" / "resources" / "ap-phich-song-ngu-ede-viet-vi-du.md"
    text = resource.read_text(encoding="utf-8")
    line = text.splitlines().index("file: ap-phich-song-ngu-ede-viet-vi-du.png") + 1
    resource.write_text(text.replace("vi-du.png", "vi-du.svg"), encoding="utf-8")
    (project / "content" / "media" / "ap-phich-song-ngu-ede-viet-vi-du.svg").write_text("<svg/>", encoding="utf-8")
    code, output = run_check(project, monkeypatch, capsys)
    assert code == 1
    assert (f"content/resources/ap-phich-song-ngu-ede-viet-vi-du.md:{line}: file: "
            "files of type '.svg' are not published") in output, output


def test_big_files_are_reported_but_not_refused(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    big = project / "content" / "media" / "video.mp4"
    with big.open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(LARGE_FILE_BYTES + 1)
    small = project / "content" / "media" / "clip.mp4"
    with small.open("wb") as handle:
        handle.truncate(LARGE_FILE_BYTES)
    code, output = run_check(project, monkeypatch, capsys)
    assert code == 0, output
    assert "content/media/video.mp4: video.mp4 is 50 MB; files over 50 MB are slow" in output
    assert "clip.mp4" not in output


# --- what Chromium does with every published type -------------------------------------------------

PAYLOAD = (b"<!doctype html><html><head><title>safe</title></head><body>"
           b"<script>document.title = 'RAN'; window.ran = true;</script>"
           b"<img src=x onerror=\"document.title = 'RAN'\">"
           b"<svg xmlns='http://www.w3.org/2000/svg' onload=\"document.title = 'RAN'\"></svg>"
           b"</body></html>")
CONTROLS = [".html", ".svg"]  # types that do run the payload: proof that the harness sees a script run


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("payloads")
    for suffix in [*sorted(PUBLISHED_SUFFIXES), *CONTROLS]:
        data = PAYLOAD
        if suffix == ".svg":
            data = (b"<svg xmlns='http://www.w3.org/2000/svg'><script>document.title = 'RAN'</script></svg>")
        (folder / f"payload{suffix}").write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def payload_server(payload_dir: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(payload_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def script_ran(context, url: str) -> bool:
    """Open ``url`` in a new page; whether any of the payload's scripts ran by the load event."""
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        try:
            page.goto(url, wait_until="load", timeout=15000)
        except Exception as error:  # a download: nothing rendered
            if "Download is starting" in str(error):
                return False
            raise
        return page.title() == "RAN" or bool(page.evaluate("() => window.ran === true")) or bool(dialogs)
    finally:
        page.close()


# Over HTTP the server's Content-Type decides, not the file: one type of each kind.
HTTP_SAMPLE = [".txt", ".csv", ".vtt", ".png", ".pdf", ".mp4", ".docx", ".zip"]


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_no_published_type_runs_script(scheme: str, payload_dir: Path, payload_server: str, browser) -> None:
    base, suffixes = ((payload_dir.as_uri() + "/", sorted(PUBLISHED_SUFFIXES)) if scheme == "file"
                      else (payload_server, HTTP_SAMPLE))
    context = browser.new_context(accept_downloads=False)
    try:
        ran = [suffix for suffix in suffixes if script_ran(context, f"{base}payload{suffix}")]
        controls = [suffix for suffix in CONTROLS if script_ran(context, f"{base}payload{suffix}")]
    finally:
        context.close()
    assert ran == []
    assert controls == CONTROLS, "the harness must see the script run in an HTML and an SVG file"

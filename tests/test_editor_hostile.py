"""The editor's backend as an attacker and a careless person would use it: every action of Decap's
proxy protocol with paths that leave the project, requests from other sites, bodies too big or
not JSON, uploads of types that run script. Each is refused, in the person's language, and
nothing of the project changes.

The editor runs in this process (no preview, no browser) on a copy of the project, once per module.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from campaign_site.editor import make_backend
from campaign_site.editor.server import EditorServer
from campaign_site.project import open_project
from conftest import copy_project

SECRET = b"secret outside the project\n"


@dataclass
class Running:
    project: Path
    outside: Path
    port: int

    def request(self, body: bytes | None, headers: dict[str, str] | None = None, method: str = "POST",
                path: str = "/api/v1") -> tuple[int, object]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        wanted = {"Host": f"127.0.0.1:{self.port}", "Content-Type": "application/json", **(headers or {})}
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for key, value in wanted.items():
            connection.putheader(key, value)
        if body is not None and "Content-Length" not in wanted:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, raw.decode("utf-8", "replace")

    def post(self, action: str, params: dict, headers: dict[str, str] | None = None) -> tuple[int, object]:
        return self.request(json.dumps({"action": action, "params": params}).encode(), headers)


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for folder in folders for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.is_symlink()}


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("hostile")
    project = copy_project(folder / "project")
    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(SECRET)
    (outside / "secret.yaml").write_bytes(SECRET)
    (project / "content" / "media").mkdir(exist_ok=True)
    # links planted in a project received from someone else: they point out of it
    (project / "content" / "media" / "linked.pdf").symlink_to(outside / "secret.pdf")
    (project / "content" / "services" / "linked.yaml").symlink_to(outside / "secret.yaml")
    (project / ".env").write_bytes(SECRET)
    site = open_project(project / "mkdocs.yml")
    server = EditorServer(make_backend(site, "vi"), folder, "vi")
    server.serve_in_thread()
    try:
        yield Running(project, outside, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


TRAVERSALS = ["../outside/secret.yaml", "content/services/../../../outside/secret.yaml", "/etc/passwd",
              "content/%2e%2e/%2e%2e/outside/secret.yaml", "content\\..\\..\\outside\\secret.yaml",
              "content/services/a\x00.yaml", "C:\\Windows\\win.ini", "C:/Windows/win.ini",
              "content/services/" + "a" * 5000 + ".yaml", "content/services/linked.yaml",
              "mkdocs.yml", ".env", ".git/config", "overrides/main.html", "content/media/linked.pdf",
              "content/media/missing.pdf", "content/services/missing/../../../.env", "", ".", "content"]


def _calls(path: str) -> list[tuple[str, dict]]:
    raw = json.dumps({"title": {"vi": "x"}})
    entry = {"path": path, "raw": raw, "slug": ""}
    asset = {"path": path, "content": base64.b64encode(b"%PDF-1.4\n").decode()}
    return [("entriesByFolder", {"folder": path, "extension": "yaml", "depth": 1}),
            ("entriesByFiles", {"files": [{"path": path}]}), ("getEntry", {"path": path}),
            ("persistEntry", {"entry": entry, "assets": [], "options": {}}),
            ("persistEntry", {"dataFiles": [entry], "assets": [], "options": {}}),
            ("getMediaFile", {"path": path}), ("persistMedia", {"asset": asset}),
            ("deleteFile", {"path": path}), ("deleteFiles", {"paths": [path]})]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_action_reads_or_writes_outside_its_folders(running: Running, path: str) -> None:
    """Every action, every path that leaves the collection's folder or content/media: refused
    (or an empty answer), no content of a file outside is sent, nothing is written or deleted."""
    before = snapshot(running.project, running.outside)
    uploaded = None  # a media file persistMedia made, under its own name in content/media: the editor may delete it
    for action, params in _calls(path):
        status, answer = running.post(action, params)
        text = json.dumps(answer, ensure_ascii=False)
        assert "secret outside" not in text and base64.b64encode(SECRET).decode() not in text, (action, path)
        if status != 200:
            assert status in (400, 403, 404, 422), (action, path, status)
            assert isinstance(answer, dict) and answer["error"] and "Error" not in answer["error"], (action, answer)
        elif action == "persistMedia":
            uploaded = running.project / answer["path"]
            assert uploaded.parent == running.project / "content" / "media" and uploaded.is_file(), answer
        else:
            assert answer in ([], None) or (action.startswith("delete") and uploaded), (action, path, answer)
        if action == "deleteFiles" and uploaded is not None:
            uploaded.unlink(missing_ok=True)
        if action != "persistMedia":
            assert snapshot(running.project, running.outside) == before, (action, path)


def test_media_list_never_sends_a_file_outside(running: Running) -> None:
    status, media = running.post("getMedia", {"mediaFolder": "content/media"})
    assert status == 200
    assert "linked.pdf" not in [item["name"] for item in media]
    assert base64.b64encode(SECRET).decode() not in json.dumps(media)


def test_nothing_not_made_by_the_editor_is_deleted(running: Running) -> None:
    existing = sorted((running.project / "content" / "services").glob("*.yaml"))[0]
    for target in [existing.relative_to(running.project).as_posix(), "mkdocs.yml", "docs/index.md"]:
        status, answer = running.post("deleteFile", {"path": target})
        assert status == 403 and answer["error"], target
        assert (running.project / target).is_file()
    upload = {"path": "content/media/made-here.pdf", "content": base64.b64encode(b"%PDF-1.4 here\n").decode()}
    assert running.post("persistMedia", {"asset": upload})[0] == 200
    assert running.post("deleteFile", {"path": "content/media/made-here.pdf"})[0] == 200
    assert not (running.project / "content" / "media" / "made-here.pdf").exists()


ORIGIN = "http://127.0.0.1:{port}"
REQUESTS = {  # name: (headers, body); every one is refused before the backend acts
    "DNS rebinding": ({"Host": "evil.example"}, None),
    "DNS rebinding with the port": ({"Host": "evil.example:{port}"}, None),
    "another site": ({"Origin": "https://evil.example"}, None),
    "another port of this computer": ({"Origin": "http://127.0.0.1:1"}, None),
    "a sandboxed page": ({"Origin": "null"}, None),
    "a form post as text": ({"Content-Type": "text/plain"}, None),
    "a form post urlencoded": ({"Content-Type": "application/x-www-form-urlencoded"}, None),
    "no content type": ({"Content-Type": ""}, None),
    "2 GB announced": ({"Content-Length": "2000000000"}, b"{}"),
    "a negative length": ({"Content-Length": "-1"}, b""),
    "a length that is no number": ({"Content-Length": "abc"}, b""),
    "not JSON": ({}, b"{not json"),
    "JSON that is no object": ({}, b"[1, 2]"),
    "JSON with a string action": ({}, b'"persistMedia"'),
    "params that are no object": ({}, b'{"action": "getEntry", "params": [1]}'),
    "bytes that are no UTF-8": ({}, b'{"action": "\xff"}'),
}


@pytest.mark.parametrize("name", list(REQUESTS))
def test_requests_from_elsewhere_or_malformed_are_refused(running: Running, name: str) -> None:
    headers, body = REQUESTS[name]
    headers = {key: value.format(port=running.port) for key, value in headers.items()}
    before = snapshot(running.project)
    if body is None:
        asset = {"path": "content/media/from-elsewhere.pdf", "content": base64.b64encode(b"%PDF-1.4\n").decode()}
        body = json.dumps({"action": "persistMedia", "params": {"asset": asset}}).encode()
    status, answer = running.request(body, {"Origin": ORIGIN.format(port=running.port)} | headers)
    assert 400 <= status < 500, (name, status, answer)
    if isinstance(answer, dict):  # a message for the person, in Vietnamese, no Python internals
        assert "Error" not in answer["error"] and "Traceback" not in answer["error"], answer
    assert snapshot(running.project) == before


def test_the_editor_itself_is_answered(running: Running) -> None:
    """The checks above refuse by what is wrong, not everything: Decap's own request passes."""
    status, answer = running.request(json.dumps({"action": "info", "params": {}}).encode(),
                                     {"Origin": ORIGIN.format(port=running.port),
                                      "Content-Type": "application/json; charset=utf-8"})
    assert status == 200 and answer["type"] == "local_fs"


UPLOADS = {  # file name: content; none may land in content/media
    "page.html": b"<script>alert(1)</script>",
    "image.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    "code.js": b"alert(1)",
    "PAGE.HTML": b"<script>alert(1)</script>",
    "page.html.": b"<script>alert(1)</script>",
    "page.xhtml": b"<script>alert(1)</script>",
    "no-suffix": b"<script>alert(1)</script>",
    ".htaccess": b"AddType text/html .pdf",
}


@pytest.mark.parametrize("name", list(UPLOADS))
def test_uploads_that_could_run_script_are_refused(running: Running, name: str) -> None:
    before = snapshot(running.project)
    asset = {"path": f"content/media/{name}", "content": base64.b64encode(UPLOADS[name]).decode()}
    status, answer = running.post("persistMedia", {"asset": asset})
    assert status in (403, 422) and answer["error"], (name, status, answer)
    assert snapshot(running.project) == before


def test_an_upload_too_big_is_refused(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    from campaign_site.editor import backend

    monkeypatch.setattr(backend, "MAX_UPLOAD", 1000)
    before = snapshot(running.project)
    asset = {"path": "content/media/big.pdf", "content": base64.b64encode(b"%PDF" + b"0" * 2000).decode()}
    status, answer = running.post("persistMedia", {"asset": asset})
    assert status == 422 and "MB" in answer["error"]
    assert snapshot(running.project) == before


if os.name != "posix":  # pragma: no cover - symlinks are planted on POSIX
    pytestmark = pytest.mark.skip("POSIX only")


SERVICE = "content/services/canh-sat-113.yaml"
VALUES = {  # typed into a field: kept as the text typed, never read as YAML, HTML or a template
    "script": "<script>alert(1)</script>",
    "a Python tag": "!!python/object/apply:os.system ['id']",
    "keys": "a: b\nc: d",
    "front matter": "---\nx: 1\n---",
    "a template": "{{ config }}{% raw %}",
    "an anchor": "&a *a",
    "an octal number": "0345123456",
    "a YAML 1.1 boolean": "no",
    "a cell of 100 kB": "x" * 100_000,
}


@pytest.mark.parametrize("name", list(VALUES))
def test_hostile_values_are_saved_as_text(running: Running, name: str) -> None:
    from campaign_site.content.reader import parse_yaml

    original = (running.project / SERVICE).read_bytes()
    status, entry = running.post("getEntry", {"path": SERVICE})
    form = json.loads(entry["data"])
    form["name"] = {**form["name"], "vi": VALUES[name]}
    try:
        status, answer = running.post("persistEntry", {"entry": {"path": SERVICE, "raw": json.dumps(form)}})
        assert status == 200, answer
        path = running.project / SERVICE
        assert parse_yaml(path.read_text(encoding="utf-8"), path).data["name"]["vi"] == VALUES[name]
    finally:
        (running.project / SERVICE).write_bytes(original)


HOSTILE_FILES = {  # a file made by hand or received: the editor shows why it cannot open it, and leaves it
    "a duplicate key": "name:\n  vi: Một\nname:\n  vi: Hai\n",
    "a Python tag": "!!python/object/apply:os.system ['touch hacked']\n",
    "no UTF-8": "name:\n  vi: C\xe1nh\n",
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_files_the_reader_refuses_are_neither_opened_nor_overwritten(running: Running, name: str) -> None:
    path = running.project / SERVICE
    original = path.read_bytes()
    form = json.loads(running.post("getEntry", {"path": SERVICE})[1]["data"])
    text = HOSTILE_FILES[name]
    path.write_bytes(text.encode("latin-1") if name == "no UTF-8" else text.encode("utf-8"))
    planted = path.read_bytes()
    try:
        for action, params in [("getEntry", {"path": SERVICE}),
                               ("persistEntry", {"entry": {"path": SERVICE, "raw": json.dumps(form)}})]:
            status, answer = running.post(action, params)
            assert status == 422 and "trình soạn không đọc được" in answer["error"], (action, answer)
            assert path.read_bytes() == planted
        assert not (running.project / "hacked").exists()
    finally:
        path.write_bytes(original)

"""``campaign-site edit``: Decap CMS and its backend on 127.0.0.1, with a live preview beside it.

The editor's page loads Decap CMS from the files ``make editor-assets``
unpacked from npm (:func:`find_assets`; never from a CDN), its configuration
made from the registry (:func:`.forms.cms_config`) and our small script
(``assets/editor.js``: the preview pane shows the entry's page in the live
preview of ``campaign-site serve``, reloaded after each save). Requests come
from this computer only: the server listens on 127.0.0.1, refuses other Host
names (DNS rebinding), cross-site posts and posts that are not JSON (a form's
``text/plain``), and reads no body above :data:`MAX_BODY`; its Content-Security-Policy
lets the page reach nothing but this server and the preview.
Nothing of the editor is ever part of a built site or a USB copy.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from ..content.types import content_types, entry_page_template
from ..messages import N_, render
from .backend import BAD_REQUEST, MAX_UPLOAD, Backend, BackendError
from .forms import cms_config

#: Where ``make editor-assets`` unpacks Decap CMS, relative to the repository.
ASSETS_FOLDER = Path(".editor-assets") / "decap-cms"
ASSETS_VARIABLE = "CAMPAIGN_EDITOR_ASSETS"
NO_ASSETS = N_("Decap CMS is not installed: run 'make editor-assets' in the project folder (it downloads the "
               "pinned version from npm once), or set {variable} to its folder")
PREVIEW_NOTE = N_("The page as readers will see it, once saved:")
PREVIEW_TITLE = N_("Preview of the page")
TOO_BIG = N_("the request is larger than {limit} MB and was not read; upload smaller files")
#: Largest request body read (bytes): an upload of :data:`.backend.MAX_UPLOAD` in base64, with its JSON.
MAX_BODY = MAX_UPLOAD * 4 // 3 + 1_000_000
_OWN = {"/": "index.html", "/editor.js": "editor.js", "/editor.css": "editor.css", "/decap-vi.json": "decap-vi.json"}


def find_assets(project_root: Path) -> Path | None:
    """The folder holding ``decap-cms.js``: ``$CAMPAIGN_EDITOR_ASSETS``, the project's
    ``.editor-assets/decap-cms``, or the one of the repository this package was installed from."""
    candidates = [Path(os.environ[ASSETS_VARIABLE])] if os.environ.get(ASSETS_VARIABLE) else []
    candidates += [project_root / ASSETS_FOLDER, Path(__file__).resolve().parents[3] / ASSETS_FOLDER]
    return next((folder for folder in candidates if (folder / "decap-cms.js").is_file()), None)


def preview_paths(directory_urls: bool) -> dict[str, str]:
    """Where each content type's entry is shown on the site, from the registry
    (:attr:`ContentType.entry_page`): a path with ``{slug}`` or a field's value (``{area}``),
    by content type name; types whose entries have no page of their own are left out.
    ``directory_urls``: MkDocs' ``use_directory_urls`` (``page/`` rather than ``page.html``)."""
    paths = {kind.name: entry_page_template(kind) for kind in content_types()}
    return {name: uri.removesuffix(".md") + ("/" if directory_urls else ".html")
            for name, uri in paths.items() if uri is not None}


class EditorServer(ThreadingHTTPServer):
    """The editor's HTTP server on ``127.0.0.1:port`` (0: any free port)."""

    daemon_threads = True

    def __init__(self, backend: Backend, assets: Path, lang: str, port: int = 0,
                 preview_url: str | None = None, directory_urls: bool = False) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.backend, self.assets, self.lang, self.preview_url = backend, assets.resolve(), lang, preview_url
        self.directory_urls = directory_urls
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"

    def config(self) -> dict[str, Any]:
        """Decap CMS's configuration for this project."""
        return cms_config(self.backend.kinds(), self.backend.reference, self.lang, f"{self.url}api/v1",
                          self.preview_url)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closed its connection early is no error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def serve_in_thread(self) -> threading.Thread:
        """Serve until :meth:`shutdown`, from a thread of its own."""
        thread = threading.Thread(target=self.serve_forever, name="campaign-editor", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: EditorServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        return  # the terminal shows what the person needs, not every request

    def _allowed_host(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        preview = self.server.preview_url.rstrip("/") if self.server.preview_url else ""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # Decap CMS styles with inline styles and compiles its schemas (eval); it may reach this server only
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                         "img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self' data:; "
                         f"connect-src 'self' blob: data:; worker-src 'self' blob:; frame-src 'self' blob: {preview}; "
                         "object-src 'none'; base-uri 'none'; form-action 'none'")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if not self._allowed_host():
            self._send(HTTPStatus.FORBIDDEN, b"", "text/plain")
            return
        route = self.path.split("?", 1)[0]
        if route in _OWN:
            body = (resources.files("campaign_site.editor") / "assets" / _OWN[route]).read_bytes()
            self._send(HTTPStatus.OK, body, mimetypes.guess_type(_OWN[route])[0] or "text/html")
        elif route == "/config.yml":  # JSON is YAML: Decap CMS reads its configuration from here
            self._send(HTTPStatus.OK, json.dumps(self.server.config(), ensure_ascii=False).encode(), "text/yaml")
        elif route == "/preview.json":
            body = {"url": self.server.preview_url, "paths": preview_paths(self.server.directory_urls),
                    "saved": self.server.backend.saved, "note": render(PREVIEW_NOTE, self.server.lang, {}),
                    "title": render(PREVIEW_TITLE, self.server.lang, {})}
            self._send(HTTPStatus.OK, json.dumps(body).encode(), "application/json")
        elif route.startswith("/decap/"):
            path = (self.server.assets / route.removeprefix("/decap/")).resolve()
            if path.parent != self.server.assets or not path.is_file():
                self._send(HTTPStatus.NOT_FOUND, b"", "text/plain")
                return
            self._send(HTTPStatus.OK, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"", "text/plain")

    def do_POST(self) -> None:  # noqa: N802 - the base class's name
        origin = self.headers.get("Origin")
        if not self._allowed_host() or (origin and origin.rstrip("/") != self.server.url.rstrip("/")
                                        and origin.rstrip("/") != self.server.url.rstrip("/").replace("127.0.0.1", "localhost")):
            self._send(HTTPStatus.FORBIDDEN, b"", "text/plain")
            return
        if self.path.split("?", 1)[0] != "/api/v1":
            self._send(HTTPStatus.NOT_FOUND, b"", "text/plain")
            return
        # Decap posts JSON; a cross-site form (text/plain, urlencoded) cannot, without CORS's preflight
        kind = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        length = self.headers.get("Content-Length", "")
        if kind != "application/json" or not length.isdigit():
            self._refuse(HTTPStatus.BAD_REQUEST, render(BAD_REQUEST, self.server.lang, {}))
            return
        if int(length) > MAX_BODY:  # refused before it is read: the body never fills the memory
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                         render(TOO_BIG, self.server.lang, {"limit": MAX_BODY // 1_000_000}))
            return
        try:
            request = json.loads(self.rfile.read(int(length)).decode("utf-8") or "{}")
        except ValueError:  # not UTF-8, not JSON
            self._refuse(HTTPStatus.BAD_REQUEST, render(BAD_REQUEST, self.server.lang, {}))
            return
        try:
            status, body = HTTPStatus.OK, self.server.backend.handle(request)
        except BackendError as error:
            status, body = error.status, error.answer()
        except (KeyError, ValueError, TypeError, AttributeError):  # a request of the wrong shape
            status, body = HTTPStatus.BAD_REQUEST, {"error": render(BAD_REQUEST, self.server.lang, {})}
        self._send(status, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``message`` and close the connection (its body, if any, is left unread)."""
        self.close_connection = True
        self._send(status, json.dumps({"error": message}, ensure_ascii=False).encode(), "application/json")

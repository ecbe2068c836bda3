"""What the preview adds to the pages it serves: the problems of the last build.

A WSGI layer around :meth:`LiveReloadServer.serve_request`: while the last
build had problems, every HTML page gets a box listing them at the top (the
page below is the last good version); a page that does not exist (yet) gets a
small script that reloads it after the next build. Its own files are served
under :data:`PREFIX`; they load from the preview's own address, so the site's
Content-Security-Policy (``'self'``) allows them.
"""

from __future__ import annotations

import html
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

from ..content.errors import ContentProblem
from ..messages import N_, render

PREFIX = "/.campaign-preview/"
_ASSETS = {"preview.css": "text/css; charset=utf-8", "reload.js": "text/javascript; charset=utf-8"}

FAILED = N_("The preview could not be rebuilt: {count} problem(s). The page below is the last good version; "
            "fix these and save.")
WARNED = N_("The preview is up to date, but 'campaign-site build' would stop on {count} problem(s):")

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


@dataclass
class PreviewState:
    """The outcome of the last build, shared by the builder and the pages served.

    ``failed``: the last build stopped (the site shown is the last good one);
    ``problems``: what stopped it, or, after a good build, what a strict build
    would still stop on; ``builds``: a counter bumped after every build.
    """

    failed: bool = False
    problems: list[ContentProblem] = field(default_factory=list)
    builds: int = 0
    _changed: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def finished(self, failed: bool, problems: list[ContentProblem]) -> None:
        """Record a build's outcome and wake up the pages waiting for it."""
        with self._changed:
            self.failed, self.problems = failed, sorted(problems)
            self.builds += 1
            self._changed.notify_all()

    def wait_after(self, build: int, timeout: float) -> int:
        """Block until a build later than ``build`` finished (or ``timeout`` seconds); the last build's number."""
        with self._changed:
            self._changed.wait_for(lambda: self.builds > build, timeout=timeout)
            return self.builds


def problems_box(state: PreviewState, lang: str) -> str:
    """The HTML box listing the problems of the last build ('' when there are none)."""
    if not state.problems:
        return ""
    heading = render(FAILED if state.failed else WARNED, lang, {"count": len(state.problems)})
    items = "".join(f"<li><code>{html.escape(f'{p.path}:{p.line}')}</code> "
                    f"{html.escape(p.render(lang).split(': ', 1)[1])}</li>" for p in state.problems)
    return (f'<link rel="stylesheet" href="{PREFIX}preview.css">'
            f'<section class="campaign-preview-problems" role="alert" lang="{lang}" data-failed="{str(state.failed).lower()}">'
            f"<p><strong>{html.escape(heading)}</strong></p><ul>{items}</ul></section>")


def _inject(page: bytes, addition: str) -> bytes:
    """``addition`` right after the ``<body>`` tag (at the start when there is none)."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + addition.encode("utf-8") + page[end:]


class PreviewApp:
    """The WSGI application of the preview: MkDocs' server plus our additions."""

    def __init__(self, app: WsgiApp, state: PreviewState, lang: str) -> None:
        self.app, self.state, self.lang = app, state, lang

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            return self._own(path[len(PREFIX):], environ, start_response)
        captured: dict[str, object] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable:
            captured.update(status=status, headers=headers)
            return lambda data: None

        body = self.app(environ, capture)
        status, headers = str(captured["status"]), list(captured["headers"])  # type: ignore[arg-type]
        missing = status.startswith("404")
        box = problems_box(self.state, self.lang)
        if "text/html" not in dict(headers).get("Content-Type", "") or not (box or missing):
            start_response(status, headers)
            return body
        try:
            page = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        if missing:  # reloads itself after the next build: the page may exist by then
            box += f'<script src="{PREFIX}reload.js" data-build="{self.state.builds}"></script>'
        page = _inject(page, box)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(page)))])
        return [page]

    def _own(self, name: str, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if name == "builds":  # long poll: answers once a build later than ?after=N finished
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            try:
                after = int(query.get("after", ["0"])[0])
            except ValueError:
                after = 0
            body = json.dumps({"builds": self.state.wait_after(after, timeout=30)}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        if name in _ASSETS:
            body = (resources.files(__package__) / "assets" / name).read_bytes()
            start_response("200 OK", [("Content-Type", _ASSETS[name]), ("Content-Length", str(len(body)))])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"404 Not Found"]

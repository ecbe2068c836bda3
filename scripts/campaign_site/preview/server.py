"""Run our builds in MkDocs' live-reload server, surviving content problems.

MkDocs' ``serve`` stops when the first build fails and, after a failed
rebuild, leaves every open page waiting (and prints a traceback). Here each
build's outcome is caught and recorded in a :class:`.app.PreviewState`: the
server goes on, open pages reload, and they show the problems over the last
good version of the site. The terminal gets the same problems, in the
reader's language (``file:line: field: message``), and nothing of MkDocs'
own log (its English notes on "dirty" builds, timings, tracebacks).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from ..messages import N_, render
from ..plugins.build_warnings import OTHER, BuildWarnings, stop_problems
from ..plugins.campaign import find_campaign_plugin
from ..content.errors import problem, display_path
from .app import PreviewApp, PreviewState

__all__ = ["Preview", "PreviewState"]

BUILDING = N_("Building the preview…")
BUILT = N_("Preview ready ({seconds} s).")
NOT_BUILT = N_("The preview was not rebuilt: {count} problem(s). It keeps showing the last good version; "
               "fix these and save:")
WOULD_STOP = N_("'campaign-site build' would stop on {count} problem(s):")

Say = Callable[[str], None]


class Preview:
    """A live preview of the project of ``config_file`` on ``host:port``.

    ``dirty``: after the first build, render again only what changed (see
    ``plugins/preview.py``); ``lang``: language of the messages and of the
    problem box; ``say``: where progress and problems are written (a line at a
    time); ``overrides``: MkDocs configuration keys (e.g. one language only).
    :meth:`serve` blocks until :meth:`stop` (or Ctrl+C).
    """

    def __init__(self, config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, dirty: bool = True,
                 lang: str = "en", say: Say = print, watch: list[Path] | None = None,
                 overrides: dict[str, object] | None = None) -> None:
        self.config_file = config_file.resolve()
        self.dirty, self.lang, self.say = dirty, lang, say
        self.overrides = dict(overrides or {})
        self.extra_watch = [str(path) for path in watch or []]
        self.site_dir = Path(tempfile.mkdtemp(prefix="campaign-preview-"))
        self.state = PreviewState()
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=dirty)
        self.url = f"http://{host}:{port}/"
        self.config.site_url = self.url
        self.server = LiveReloadServer(builder=self.build, host=host, port=port, root=str(self.site_dir))
        self.server.error_handler = self._error_page
        self.server.set_app(PreviewApp(self.server.serve_request, self.state, lang))
        self._stopped = threading.Event()

    def _config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir), strict=False,
                             **self.overrides)
        config.watch.extend(self.extra_watch)
        return config

    def _error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def build(self, config: MkDocsConfig | None = None) -> None:
        """One build; its outcome goes to :attr:`state` and to ``say``, never raised."""
        if config is None:
            config = self._config()
            config.site_url = self.url
        started = time.perf_counter()
        self.say(render(BUILDING, self.lang, {}))
        warnings = BuildWarnings(Path(config.docs_dir), self.config_file, find_campaign_plugin(config).source_of)
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(warnings)
        try:
            mkdocs_build(config, serve_url=self.url, dirty=self.dirty)
        except Exception as error:  # content problems, a template error…: the preview goes on
            stopped = stop_problems(error, self.config_file) or [
                problem(display_path(self.config_file), 1, "(build)", OTHER, detail=f"{type(error).__name__}: {error}")]
            self._report(True, stopped + warnings.problems)
            return
        finally:
            mkdocs_log.removeHandler(warnings)
        self._report(False, warnings.problems)
        self.say(render(BUILT, self.lang, {"seconds": f"{time.perf_counter() - started:.1f}"}))

    def _report(self, failed: bool, problems: list) -> None:
        problems = sorted(set(problems))
        self.state.finished(failed, problems)
        if failed or problems:
            self.say(render(NOT_BUILT if failed else WOULD_STOP, self.lang, {"count": len(problems)}))
            for found in problems:
                self.say(f"  {found.render(self.lang)}")

    def serve(self, open_browser: bool = False) -> None:
        """Build, then serve and rebuild on every change until :meth:`stop`."""
        quiet = _QuietMkDocs()
        try:
            self.build(self.config)
            self.server.watch(self.config.docs_dir)
            self.server.watch(str(self.config_file))
            self.server = self.config.plugins.on_serve(self.server, config=self.config, builder=self.build)
            for item in self.config.watch:
                self.server.watch(item)
            if not self._stopped.is_set():
                self.server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            pass
        finally:
            self.server.shutdown()
            self.config.plugins.on_shutdown()
            quiet.restore()
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def stop(self) -> None:
        """Stop serving (from another thread); :meth:`serve` returns."""
        self._stopped.set()
        self.server.shutdown()


class _QuietMkDocs:
    """Nothing of MkDocs' own log reaches the terminal while previewing (its notes are in
    English and about its internals); the problems are reported by :class:`Preview`."""

    def __init__(self) -> None:
        self.loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs_static_i18n")]
        self.saved = [(logger.handlers[:], logger.propagate) for logger in self.loggers]
        for logger in self.loggers:
            logger.handlers[:] = [logging.NullHandler()]
            logger.propagate = False

    def restore(self) -> None:
        for logger, (handlers, propagate) in zip(self.loggers, self.saved):
            logger.handlers[:], logger.propagate = handlers, propagate

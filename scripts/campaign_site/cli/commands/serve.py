"""``campaign-site serve``: live preview on 127.0.0.1 that survives content errors."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from ...messages import N_, render
from . import EXIT_OK

ADDRESS = N_("Preview: {url}  (Ctrl+C to stop)")
ONE_LANGUAGE = N_("Only the language '{lang}' is built (fast); every language: --lang all")


def run(args: argparse.Namespace) -> int:
    """Live preview, rebuilding on changes to docs, content and overrides."""
    from ...messages import detect_language
    from ...plugins.i18n import only_locale_options
    from ...preview import Preview
    from ...project import open_project

    messages = detect_language()
    # one language by default (the site's main one): an edit shows within ~2 s
    # even on a province-wide campaign; --lang all previews every language
    lang = args.lang or open_project(Path(args.config_file)).default_language
    options = only_locale_options(args.config_file, lang) if lang != "all" else {}
    root = Path(args.config_file).resolve().parent
    watch = [p for p in (root / "content", root / "overrides") if p.exists()]

    def say(line: str) -> None:
        print(line, flush=True)

    signal.signal(signal.SIGTERM, _stop)  # stopped by a service manager: clean up as for Ctrl+C
    # "dirty": after the first build only edited pages are rendered again (every
    # page when content/, the theme or mkdocs.yml changed: see plugins/preview.py)
    preview = Preview(Path(args.config_file), port=args.port, dirty=not args.full, lang=messages, say=say,
                      watch=watch, overrides=options)
    say(render(ADDRESS, messages, {"url": preview.url}))
    if lang != "all":
        say(render(ONE_LANGUAGE, messages, {"lang": lang}))
    preview.serve(open_browser=args.open)
    return EXIT_OK


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("serve", parents=[common], help="live preview on http://127.0.0.1:8000/")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--lang", default=None,
                        help="language to preview, e.g. --lang en, or 'all' (slower); "
                             "default: the site's main language")
    parser.add_argument("--full", action="store_true",
                        help="rebuild every page on each change (slower; also refreshes "
                             "navigation titles on pages you did not edit)")
    parser.add_argument("--open", action="store_true", help="open the preview in the web browser")
    parser.set_defaults(run=run)

"""``campaign-site serve``: live preview on 127.0.0.1 that survives content errors."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import EXIT_OK

# what a communicator needs to see from MkDocs' own log while previewing
_SHOWN = ("Documentation built in", "Serving on", "Detected file changes", "Building documentation")


class _PreviewLog(logging.Filter):
    """Let through rebuild timings and every warning or error, nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.getMessage().startswith(_SHOWN)


def run(args: argparse.Namespace) -> int:
    """Live preview, rebuilding on changes to docs, content and overrides."""
    from mkdocs.commands.serve import serve

    from ...plugins.i18n import only_locale_options
    from ...project import open_project

    # one language by default (the site's main one): an edit shows within ~2 s
    # even on a province-wide campaign; --lang all previews every language
    lang = args.lang or open_project(Path(args.config_file)).default_language
    options = only_locale_options(args.config_file, lang) if lang != "all" else {}
    root = Path(args.config_file).resolve().parent
    watch = [str(p) for p in (root / "content", root / "overrides") if p.exists()]
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    handler.addFilter(_PreviewLog())
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers[:] = [handler]
    mkdocs_log.setLevel(logging.INFO)
    print(f"Xem trước / preview: http://127.0.0.1:{args.port}/  (Ctrl+C để dừng / to stop)", flush=True)
    if lang != "all":
        print(f"Chỉ dựng ngôn ngữ '{lang}' (nhanh); mọi ngôn ngữ: --lang all / "
              f"Only language '{lang}' is built (fast); every language: --lang all", flush=True)
    # content errors are reported on each rebuild; the server keeps the last good site.
    # "dirty": after the first build only edited pages are rendered again (every
    # page when content/, the theme or mkdocs.yml changed: see preview.py)
    serve(config_file=args.config_file, dev_addr=f"127.0.0.1:{args.port}", watch=watch,
          livereload=True, strict=False, build_type=None if args.full else "dirty", **options)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("serve", parents=[common], help="live preview on http://127.0.0.1:8000/")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--lang", default=None,
                        help="language to preview, e.g. --lang en, or 'all' (slower); "
                             "default: the site's main language")
    parser.add_argument("--full", action="store_true",
                        help="rebuild every page on each change (slower; also refreshes "
                             "navigation titles on pages you did not edit)")
    parser.set_defaults(run=run)

"""``campaign-site serve``: live preview on 127.0.0.1."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Live preview, rebuilding on changes to docs, content and overrides."""
    from mkdocs.commands.serve import serve

    root = Path(args.config_file).resolve().parent
    watch = [str(p) for p in (root / "content", root / "overrides") if p.exists()]
    serve(config_file=args.config_file, dev_addr=f"127.0.0.1:{args.port}", watch=watch)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("serve", parents=[common], help="live preview on http://127.0.0.1:8000/")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(run=run)

"""``campaign-site zim``: the site as a ZIM file for Kiwix."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK, add_jobs_option, add_release_option, job_count, release_refusal


def run(args: argparse.Namespace) -> int:
    """Build the site and write it as a ZIM file with a Vietnamese full-text index."""
    from ...messages import detect_language
    from ...publish.build import BuildFailed
    from ...publish.selection import UnusedFileReferenced
    from ...publish.zim import make_zim

    if args.release and (refused := release_refusal(args.config_file, "ZIM")) is not None:
        return refused
    progress = (lambda message: None) if args.quiet else (lambda message: print(message, flush=True))
    try:
        result = make_zim(Path(args.config_file), Path(args.out) if args.out else None,
                          jobs=job_count(args), progress=progress)
    except BuildFailed as error:
        print(f"Build failed; no ZIM file written.\n{error.render(detect_language())}", file=sys.stderr)
        return EXIT_FAILED
    except (UnusedFileReferenced, ValueError, RuntimeError) as error:
        print(f"ZIM file not written: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        size = result.path.stat().st_size / 1_000_000
        print(f"ZIM written: {result.path} ({result.entries} entries, {size:.1f} MB, {result.seconds:.1f} s)")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "zim", parents=[common], help="build the site and write it as a ZIM file (Kiwix)")
    parser.add_argument("--out", metavar="PATH.zim",
                        help="file to write (default: dist/binh-dang-gioi-dak-lak_mul_YYYY-MM.zim)")
    add_jobs_option(parser)
    add_release_option(parser)
    parser.set_defaults(run=run)

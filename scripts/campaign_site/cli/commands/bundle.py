"""``campaign-site bundle``: the offline zip for USB sticks and e-mail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK, add_jobs_option, job_count


def run(args: argparse.Namespace) -> int:
    """Build the site and write the reproducible offline bundle."""
    from ...publish.build import BuildFailed
    from ...publish.bundle import make_bundle
    from ...publish.selection import UnusedFileReferenced
    from ...publish.sizes import format_report

    progress = (lambda message: None) if args.quiet else (lambda message: print(message, flush=True))
    try:
        result = make_bundle(Path(args.config_file), Path(args.out) if args.out else None,
                             jobs=job_count(args), progress=progress)
    except BuildFailed as error:
        print(f"Build failed; no bundle written.\n{error}", file=sys.stderr)
        return EXIT_FAILED
    except UnusedFileReferenced as error:
        print(f"Bundle not written: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"Bundle written: {result.path} ({result.seconds:.1f} s)")
        print(format_report(result.sizes))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "bundle", parents=[common],
        help="build the site and zip it for offline use (USB), with a guide and SHA256SUMS")
    parser.add_argument("--out", metavar="PATH.zip",
                        help="zip to write (default: dist/binh-dang-gioi-dak-lak-YYYYMMDD.zip)")
    add_jobs_option(parser)
    parser.set_defaults(run=run)

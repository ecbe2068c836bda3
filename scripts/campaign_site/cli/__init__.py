"""``campaign-site``: the communicators' command line (thin layer over the library)."""

from __future__ import annotations

import argparse
import logging
import sys

from .. import __version__
from .commands import register_all


def _reported_as_problems(record: logging.LogRecord) -> bool:
    """MkDocs' link, anchor and menu checks are reported as problems, in the reader's
    language, by the command that ran the build (see plugins/build_warnings.py)."""
    return not record.name.startswith("mkdocs.structure.")


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.addFilter(_reported_as_problems)
    for name in ("mkdocs", "campaign_site"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog="campaign-site",
        description="Build and check the Đắk Lắk gender-equality campaign site.",
        epilog="Exit codes: 0 success, 1 content or build problem (nothing published), 2 wrong usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default="mkdocs.yml", help="site configuration")
    common.add_argument("-v", "--verbose", action="store_true", help="show build details")
    common.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    register_all(parser.add_subparsers(dest="command", required=True), common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``campaign-site`` command."""
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose, args.quiet)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

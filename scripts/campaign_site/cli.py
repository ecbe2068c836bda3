"""``campaign-site``: the communicators' command line (thin layer over the library)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .build import BuildFailed, build_site

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    for name in ("mkdocs", "campaign_site"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site strictly and atomically."""
    try:
        result = build_site(Path(args.config_file), Path(args.out) if args.out else None)
    except BuildFailed as error:
        print(f"Build failed; the previous site is unchanged.\n{error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"Site built in {result.site_dir} ({result.seconds:.1f} s)")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every content file and report all problems at once."""
    from .checks import release_problems, text_problems
    from .config import font_path
    from .dates import build_date
    from .project import open_project

    project = open_project(Path(args.config_file))
    content = project.load_content()
    campaign = project.campaign_config
    font = font_path(project.config, campaign.font_file)
    problems = sorted(content.problems + text_problems(project.docs_dir, project.content_dir, font))
    if args.release and not problems:
        problems += release_problems(content, build_date())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        counts = (
            f"{len(content.resources)} resources, {len(content.practices)} practices, "
            f"{len(content.services)} services, {len(content.events)} events, "
            f"{len(content.campaigns)} campaigns"
        )
        print(f"OK: {counts}.")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview on 127.0.0.1, rebuilding on changes to docs, content and overrides."""
    from mkdocs.commands.serve import serve

    root = Path(args.config_file).resolve().parent
    watch = [str(p) for p in (root / "content", root / "overrides") if p.exists()]
    serve(config_file=args.config_file, dev_addr=f"127.0.0.1:{args.port}", watch=watch)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog="campaign-site",
        description="Build and check the Đắk Lắk gender-equality campaign site.",
        epilog="Exit codes: 0 success, 1 content or build error, 2 wrong usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default="mkdocs.yml", help="site configuration")
    common.add_argument("-v", "--verbose", action="store_true", help="show build details")
    common.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, parents=[common])

    build = add("build", "build the site into site/ (strict, atomic)")
    build.add_argument("--out", help="output directory (default: site_dir of mkdocs.yml)")
    build.set_defaults(run=cmd_build)

    check = add("check", "validate content; list every problem as file:line: field: message")
    check.add_argument("--release", action="store_true",
                       help="also fail on example entries, stale verifications, missing sources")
    check.set_defaults(run=cmd_check)

    serve = add("serve", "live preview on http://127.0.0.1:8000/")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``campaign-site`` command."""
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose, args.quiet)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

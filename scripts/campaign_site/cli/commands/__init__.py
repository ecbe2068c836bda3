"""One module per ``campaign-site`` sub-command.

Each module defines ``register(subparsers, common)`` adding its parser, with
``set_defaults(run=function)``; the function takes the parsed arguments and
returns the exit code. Modules are discovered automatically, in name order.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register_all(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Let every command module add its sub-command."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register(subparsers, common)


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """``-j/--jobs``: processes building languages in parallel."""
    parser.add_argument("-j", "--jobs", type=int, default=0,
                        help="processes building languages in parallel (default: one per CPU; 1: sequential); "
                             "the last languages start together and share them")


def job_count(args: argparse.Namespace) -> int:
    """The number of build processes asked for (0 means one per CPU)."""
    return args.jobs or os.cpu_count() or 1


def add_release_option(parser: argparse.ArgumentParser) -> None:
    """``--release``: refuse what a release must not publish (as ``check --release``)."""
    parser.add_argument("--release", action="store_true",
                        help="refuse to build what a release must not publish (as check --release): example "
                             "entries, unsourced or stale verified entries, a placeholder public address")


def release_refusal(config_file: str, what: str) -> int | None:
    """EXIT_FAILED after listing what blocks a release (as ``check --release``), else None.

    ``what``: the output refused, named in the last line (e.g. "Build", "Bundle").
    """
    from ...content.checks import release_check
    from ...messages import detect_language
    from ...project import open_project

    problems = release_check(open_project(Path(config_file)))
    if not problems:
        return None
    lang = detect_language()
    for problem in problems:
        print(problem.render(lang), file=sys.stderr)
    print(f"{what} refused: {len(problems)} problem(s) block a release; nothing was written. / "
          f"Đã từ chối: {len(problems)} vấn đề chặn việc phát hành; chưa ghi gì.", file=sys.stderr)
    return EXIT_FAILED

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

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register_all(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Let every command module add its sub-command."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register(subparsers, common)


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """``-j/--jobs``: processes building languages in parallel."""
    parser.add_argument("-j", "--jobs", type=int, default=0,
                        help="processes building languages in parallel (default: one per CPU; 1: sequential)")


def job_count(args: argparse.Namespace) -> int:
    """The number of build processes asked for (0 means one per CPU)."""
    return args.jobs or os.cpu_count() or 1

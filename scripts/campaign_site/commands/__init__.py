"""One module per ``campaign-site`` sub-command.

Each module defines ``register(subparsers, common)`` adding its parser, with
``set_defaults(run=function)``; the function takes the parsed arguments and
returns the exit code. Modules are discovered automatically, in name order.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register_all(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Let every command module add its sub-command."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register(subparsers, common)

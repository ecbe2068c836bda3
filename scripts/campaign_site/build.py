"""Strict, atomic site builds: the output directory changes only on success."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

# Material prints a banner about MkDocs 2 unless told not to (documented switch).
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

log = logging.getLogger("campaign_site.build")


class _ProblemLog(logging.Handler):
    """Collects the warnings and errors MkDocs logs, to name them in the failure."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class BuildFailed(Exception):
    """The site could not be built; the previous output is untouched."""


@dataclass(frozen=True)
class BuildResult:
    """Where the site was written and how long it took."""

    site_dir: Path
    seconds: float


def _swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames on the same filesystem."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(config_file: Path, out: Path | None = None, **overrides: object) -> BuildResult:
    """Build the site strictly into a temporary directory, then swap it into ``out``.

    ``overrides`` are MkDocs configuration keys (e.g. ``use_directory_urls``).
    On any error or warning nothing under ``out`` changes and :class:`BuildFailed` is raised.
    """
    config_file = config_file.resolve()
    started = time.perf_counter()
    config_probe = load_config(config_file=str(config_file))
    target = Path(out or config_probe.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    config = load_config(
        config_file=str(config_file), site_dir=str(staging), strict=True, **overrides
    )
    problems = _ProblemLog()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(problems)
    try:
        mkdocs_build(config)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed("\n".join([*problems.messages, str(error)])) from error
    except Exception as error:  # a template or plugin bug: say where, keep the old site
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(f"{error.__class__.__name__}: {error}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(problems)
        config.plugins.on_shutdown()
        config_probe.plugins.on_shutdown()
    _swap_in(staging, target)
    return BuildResult(target, time.perf_counter() - started)

"""The moment a reproducible build claims to be made at (``SOURCE_DATE_EPOCH``)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold


@dataclass(frozen=True)
class SourceEpoch:
    """Seconds since 1970 and where they came from ("SOURCE_DATE_EPOCH", "git", "fallback")."""

    seconds: int
    origin: str

    @property
    def fixes_build_date(self) -> bool:
        """Whether the site's "today" should follow this time.

        The 1980 fallback only fixes zip timestamps: a site claiming 1980 as its
        build day would show every event as upcoming.
        """
        return self.origin != "fallback"

    @property
    def date(self) -> dt.date:
        """The UTC day of this moment."""
        return dt.datetime.fromtimestamp(self.seconds, dt.timezone.utc).date()


def source_epoch(project_root: Path) -> SourceEpoch:
    """$SOURCE_DATE_EPOCH, else the last git commit time of ``project_root``, else 1980-01-01."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        return SourceEpoch(int(value), "SOURCE_DATE_EPOCH")
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project_root,
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    if out.isdigit():
        return SourceEpoch(int(out), "git")
    return SourceEpoch(ZIP_EPOCH, "fallback")


@contextmanager
def build_environment(epoch: SourceEpoch) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` (read by dates.py and MkDocs) for the duration of a build."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch.fixes_build_date:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch.seconds)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous

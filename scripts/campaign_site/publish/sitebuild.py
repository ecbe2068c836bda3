"""Build the site for publishing: the normal strict build, at a fixed moment.

No publishing-only build options: the regular build already works from
``file://`` (no directory URLs, no Material search or web worker, nothing from
other hosts), so the web site and the USB/ZIM copies come from the same build.
Material's ``offline`` plugin and the iframe-worker shim are therefore not
used: the first would change the web build, the second only exists to run
Material's search worker from ``file://``, and that worker is never loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .build import build_site
from ..dates import build_date
from .epoch import SourceEpoch, build_environment


@dataclass(frozen=True)
class PublishedSite:
    """A built site and what publishing needs to know about it."""

    root: Path
    date: dt.date
    languages: tuple[str, ...]
    default_language: str
    seconds: float


def build_for_publishing(config_file: Path, out: Path, epoch: SourceEpoch, jobs: int = 1) -> PublishedSite:
    """Build strictly into ``out`` with ``SOURCE_DATE_EPOCH`` set from ``epoch``
    (``jobs`` processes, one per language; the output is the same).

    Raises :class:`campaign_site.publish.build.BuildFailed` like ``campaign-site build``.
    """
    from ..project import open_project

    with build_environment(epoch):
        result = build_site(config_file, out, jobs=jobs)
        project = open_project(config_file)
        day = build_date(project.campaign_config.today)  # the date the pages were built with
    return PublishedSite(result.site_dir, day, project.languages, project.default_language,
                         result.seconds)

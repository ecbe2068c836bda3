"""The offline bundle: one zip with the built site, an opening page, a guide and checksums.

Layout (a single top folder)::

    binh-dang-gioi-dak-lak/
        MO-TRANG-NAY.html   forwards to site/index.html
        HUONG-DAN.txt       how to open and check the copy (Vietnamese, English)
        SHA256SUMS          sha256sum of every other file, sorted
        site/               the built site, as published on the web

The site is the normal build (it already works from ``file://``, see
:mod:`.sitebuild`); source maps and Material's unused search files are left out
(:mod:`.selection`). Two bundles of the same commit are byte-identical: the
build runs with ``SOURCE_DATE_EPOCH`` set and the zip is deterministic
(:mod:`.archive`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .archive import write_zip
from .checksums import SUMS_NAME, format_sums, sha256_hex
from .epoch import SourceEpoch, source_epoch
from .guide import GUIDE, OPEN_PAGE, SITE_FOLDER, guide_text, open_page
from .selection import published_files, published_source
from .sitebuild import PublishedSite, build_for_publishing
from .sizes import SizeReport, size_report

TOP_FOLDER = "binh-dang-gioi-dak-lak"
NAME_PREFIX = "binh-dang-gioi-dak-lak"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BundleResult:
    """The written zip and what it holds."""

    path: Path
    date: dt.date
    epoch: SourceEpoch
    sizes: SizeReport
    build_seconds: float
    seconds: float


def default_bundle_path(project_root: Path, day: dt.date) -> Path:
    """``dist/binh-dang-gioi-dak-lak-YYYYMMDD.zip`` next to ``mkdocs.yml``."""
    return project_root / "dist" / f"{NAME_PREFIX}-{day:%Y%m%d}.zip"


Source = bytes | Path  # published bytes, or a file to stream (see selection.published_source)


def site_contents(site: PublishedSite) -> dict[str, Source]:
    """``site/…`` path → what is published for every published file of the built site."""
    return {f"{SITE_FOLDER}/{name}": published_source(site.root, name)
            for name in published_files(site.root)}


def size_of(source: Source) -> int:
    """Bytes of ``source``."""
    return source.stat().st_size if isinstance(source, Path) else len(source)


def bundle_contents(inner: dict[str, Source], day: dt.date, top: str = TOP_FOLDER) -> dict[str, Source]:
    """Archive path → contents: ``inner`` plus opening page, guide and ``SHA256SUMS``, under ``top``."""
    files = {**inner, OPEN_PAGE: open_page(), GUIDE: guide_text(top, day)}
    files[SUMS_NAME] = format_sums((path, sha256_hex(data)) for path, data in files.items()).encode()
    return {f"{top}/{path}": data for path, data in files.items()}


def _epoch_note(epoch: SourceEpoch) -> str:
    if epoch.fixes_build_date:
        return f"SOURCE_DATE_EPOCH={epoch.seconds}, from {epoch.origin}"
    return "no SOURCE_DATE_EPOCH and no git history: zip entries dated 1980-01-01, site dated today"


def _quiet(message: str) -> None:
    """Progress sink that says nothing."""


def make_bundle(config_file: Path, out: Path | None = None, epoch: SourceEpoch | None = None,
                jobs: int = 1, progress: Progress = _quiet) -> BundleResult:
    """Build the site and write the bundle zip to ``out`` (default: :func:`default_bundle_path`).

    Raises :class:`campaign_site.publish.build.BuildFailed` or
    :class:`.selection.UnusedFileReferenced`; nothing is written then.
    """
    started = time.perf_counter()
    config_file = config_file.resolve()
    epoch = epoch or source_epoch(config_file.parent)
    with tempfile.TemporaryDirectory(prefix="campaign-bundle-") as work:
        progress(f"[1/4] Building the site ({_epoch_note(epoch)})…")
        site = build_for_publishing(config_file, Path(work) / "site", epoch, jobs)
        progress(f"      built in {site.seconds:.1f} s; build date {site.date.isoformat()}")
        for note in _large_file_notes(config_file):
            progress(f"      {note}")
        target = (out or default_bundle_path(config_file.parent, site.date)).resolve()
        sizes = write_bundle(site, target, epoch, progress)
    return BundleResult(target, site.date, epoch, sizes, site.seconds, time.perf_counter() - started)


def write_bundle(site: PublishedSite, target: Path, epoch: SourceEpoch, progress: Progress = _quiet) -> SizeReport:
    """Write the bundle of the built ``site`` to ``target``; big files are streamed, not read whole."""
    progress("[2/4] Selecting files (no source maps, no Material search files)…")
    inner = site_contents(site)
    progress(f"[3/4] Adding {OPEN_PAGE}, {GUIDE} and {SUMS_NAME} ({len(inner)} site files)…")
    contents = bundle_contents(inner, site.date)
    progress(f"[4/4] Writing {target}…")
    write_zip(target, contents, epoch.seconds)
    return size_report({path: size_of(data) for path, data in contents.items()},
                       f"{TOP_FOLDER}/{SITE_FOLDER}/", site.languages, site.default_language,
                       target.stat().st_size)


def _large_file_notes(config_file: Path) -> list[str]:
    """The communicator's notes about media files above the size limit, in their language."""
    from ..content.file_safety import large_file_notes
    from ..messages import detect_language
    from ..project import open_project

    project = open_project(config_file)
    return large_file_notes(project.content_dir / "media", project.docs_dir, detect_language())

"""The offline bundle: one zip with the built site, an opening page, a guide and checksums.

Layout (a single top folder)::

    binh-dang-gioi-dak-lak/
        MO-TRANG-NAY.html   forwards to site/index.html
        HUONG-DAN.txt       how to open and check the copy (Vietnamese, English)
        SHA256SUMS          sha256sum of every other file, sorted
        SHA256SUMS.sig      Ed25519 signature of SHA256SUMS (:mod:`.signing`)
        site/               the built site, as published on the web

Copies are signed when the site publishes a public key
(``docs/khoa-ky-ban-sao.txt``, written by ``campaign-site keygen``); the
private key stays with the department, never in the project or the bundle.

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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .checksums import SIGNATURE_NAME, SUMS_NAME, format_sums, sha256_hex
from .epoch import SourceEpoch, source_epoch
from .guide import GUIDE, OPEN_PAGE, SITE_FOLDER, guide_text, open_page
from .selection import published_files, published_source
from .sitebuild import PublishedSite, build_for_publishing
from .signing import KEY_FILE, KEY_VARIABLE, PublicKey, parse_public_keys, public_key_of, sign
from .sizes import SizeReport, size_report
from ..urls import public_base_url

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
    signed_by: PublicKey | None = None


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


def bundle_contents(inner: dict[str, Source], day: dt.date, top: str = TOP_FOLDER,
                    key: Ed25519PrivateKey | None = None, key_url: str = KEY_FILE) -> dict[str, Source]:
    """Archive path → contents: ``inner`` plus opening page, guide, ``SHA256SUMS`` and, with
    a ``key``, its signature ``SHA256SUMS.sig`` (the guide then prints the public key), under ``top``."""
    public = public_key_of(key) if key is not None else None
    files = {**inner, OPEN_PAGE: open_page(), GUIDE: guide_text(top, day, public, key_url)}
    sums = format_sums((path, sha256_hex(data)) for path, data in files.items()).encode()
    files[SUMS_NAME] = sums
    if key is not None:
        files[SIGNATURE_NAME] = sign(sums, key).encode()
    return {f"{top}/{path}": data for path, data in files.items()}


class SigningRefused(Exception):
    """The signing key does not fit the key the site publishes; nothing was written."""


def check_signing_key(docs_dir: Path, key: Ed25519PrivateKey | None) -> None:
    """Raise :class:`SigningRefused` unless ``key`` matches ``docs_dir``/:data:`KEY_FILE`.

    Copies are signed exactly when the site publishes a public key: readers
    can only check a signature against a key they can find.
    """
    published_file = docs_dir / KEY_FILE
    published = parse_public_keys(published_file.read_text(encoding="utf-8-sig")) if published_file.is_file() else []
    if key is None and published:
        raise SigningRefused(
            f"the site publishes a signing key ({published_file}): give the private key with --sign-key "
            f"(or {KEY_VARIABLE}) / trang web đã đăng khoá ký: hãy chỉ ra khoá bí mật bằng --sign-key")
    if key is not None and public_key_of(key).blob not in {p.blob for p in published}:
        raise SigningRefused(
            f"the private key is not the one whose public key {published_file} publishes: readers could not "
            f"check the signature. Run `campaign-site keygen` to publish a new key, or use the right private "
            f"key / khoá bí mật không ứng với khoá công khai đăng trong {published_file}")


def _epoch_note(epoch: SourceEpoch) -> str:
    if epoch.fixes_build_date:
        return f"SOURCE_DATE_EPOCH={epoch.seconds}, from {epoch.origin}"
    return "no SOURCE_DATE_EPOCH and no git history: zip entries dated 1980-01-01, site dated today"


def _quiet(message: str) -> None:
    """Progress sink that says nothing."""


def make_bundle(config_file: Path, out: Path | None = None, epoch: SourceEpoch | None = None,
                jobs: int = 1, progress: Progress = _quiet, key: Ed25519PrivateKey | None = None) -> BundleResult:
    """Build the site and write the bundle zip to ``out`` (default: :func:`default_bundle_path`),
    signed with ``key`` (which must match the key the site publishes, see :func:`check_signing_key`).

    Raises :class:`campaign_site.publish.build.BuildFailed`, :class:`SigningRefused` or
    :class:`.selection.UnusedFileReferenced`; nothing is written then.
    """
    from ..project import open_project

    started = time.perf_counter()
    config_file = config_file.resolve()
    project = open_project(config_file)
    check_signing_key(project.docs_dir, key)
    base = public_base_url(project.config.site_url)
    key_url = f"{base}{KEY_FILE}" if base else KEY_FILE
    epoch = epoch or source_epoch(config_file.parent)
    with tempfile.TemporaryDirectory(prefix="campaign-bundle-") as work:
        progress(f"[1/4] Building the site ({_epoch_note(epoch)})…")
        site = build_for_publishing(config_file, Path(work) / "site", epoch, jobs)
        progress(f"      built in {site.seconds:.1f} s; build date {site.date.isoformat()}")
        for note in _large_file_notes(config_file):
            progress(f"      {note}")
        target = (out or default_bundle_path(config_file.parent, site.date)).resolve()
        sizes = write_bundle(site, target, epoch, progress, key, key_url)
    return BundleResult(target, site.date, epoch, sizes, site.seconds, time.perf_counter() - started,
                        public_key_of(key) if key is not None else None)


def write_bundle(site: PublishedSite, target: Path, epoch: SourceEpoch, progress: Progress = _quiet,
                 key: Ed25519PrivateKey | None = None, key_url: str = KEY_FILE) -> SizeReport:
    """Write the bundle of the built ``site`` to ``target``; big files are streamed, not read whole."""
    progress("[2/4] Selecting files (no source maps, no Material search files)…")
    inner = site_contents(site)
    signed = f", {SIGNATURE_NAME}" if key is not None else " (NOT SIGNED / CHƯA KÝ)"
    progress(f"[3/4] Adding {OPEN_PAGE}, {GUIDE}, {SUMS_NAME}{signed} ({len(inner)} site files)…")
    contents = bundle_contents(inner, site.date, key=key, key_url=key_url)
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

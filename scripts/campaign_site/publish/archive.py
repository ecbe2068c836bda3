"""Deterministic zip files: same input, same bytes.

Entries are sorted, directories listed explicitly, every entry carries the same
time stamp, Unix permissions 0644 (files) / 0755 (folders), no extra fields,
and is deflated at level 9, except files whose format is already compressed
(:data:`STORED_SUFFIXES`: images, audio, video, office files, fonts), which
are stored. Identical output also needs the same zlib, which holds for two
bundles made on the same machine or image.

A file given as a path is streamed in chunks of :data:`CHUNK` bytes: a 1 GiB
video needs no more memory than a small page.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .epoch import ZIP_EPOCH

FILE_MODE = 0o100644
DIR_MODE = 0o040755
_MSDOS_DIRECTORY = 0x10
_UNIX = 3
COMPRESS_LEVEL = 9
CHUNK = 1 << 20
#: Formats that are compressed already: deflating them again costs time and saves nothing.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".mp3", ".m4a", ".aac", ".ogg",
                   ".oga", ".opus", ".flac", ".mp4", ".m4v", ".webm", ".ogv", ".zip", ".docx", ".xlsx",
                   ".pptx", ".odt", ".ods", ".odp", ".epub", ".gz", ".woff2", ".woff")


def zip_date_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """UTC date and time of ``epoch`` as a zip entry holds it (1980 to 2107, even seconds)."""
    seconds = min(max(epoch, ZIP_EPOCH), 4354819198)
    year, month, day, hour, minute, second = time.gmtime(seconds)[:6]
    return year, month, day, hour, minute, second - second % 2


def _folders(names: list[str]) -> set[str]:
    folders: set[str] = set()
    for name in names:
        for parent in PurePosixPath(name).parents:
            if str(parent) != ".":
                folders.add(f"{parent}/")
    return folders


def _info(name: str, date_time: tuple[int, ...], mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)  # type: ignore[arg-type]
    info.create_system = _UNIX
    info.external_attr = mode << 16
    return info


def _write_file(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: bytes | Path) -> None:
    """One file entry: stored or deflated at :data:`COMPRESS_LEVEL`, a path streamed."""
    stored = info.filename.lower().endswith(STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    # the level ZipFile.writestr sets (named compress_level from Python 3.13)
    for attribute in ("compress_level", "_compresslevel"):
        try:
            setattr(info, attribute, None if stored else COMPRESS_LEVEL)
            break
        except AttributeError:
            continue
    if isinstance(source, Path):
        info.file_size = source.stat().st_size  # lets ZipFile choose ZIP64 before writing
        with source.open("rb") as stream, archive.open(info, "w") as entry:
            shutil.copyfileobj(stream, entry, CHUNK)
    else:
        info.file_size = len(source)
        with archive.open(info, "w") as entry:
            entry.write(source)


def write_zip(out: Path, files: Mapping[str, bytes | Path], epoch: int) -> None:
    """Write ``files`` (POSIX archive path → bytes, or a file to stream) to ``out``,
    replacing it only when complete."""
    date_time = zip_date_time(epoch)
    names = sorted(files)
    entries = sorted([*names, *_folders(names)])
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in entries:
                if name.endswith("/"):
                    info = _info(name, date_time, DIR_MODE)
                    info.external_attr |= _MSDOS_DIRECTORY
                    archive.writestr(info, b"", compress_type=zipfile.ZIP_STORED)
                else:
                    _write_file(archive, _info(name, date_time, FILE_MODE), files[name])
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

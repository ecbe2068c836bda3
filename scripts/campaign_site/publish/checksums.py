"""``SHA256SUMS`` files (``sha256sum`` format) and checking a copy against one.

A copy is a zip or a folder whose top folder holds ``SHA256SUMS`` listing every
other file in it; given a folder, either that top folder or its parent works.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

SUMS_NAME = "SHA256SUMS"
_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")
_CHUNK = 1 << 20


class NotACopy(Exception):
    """The path is not a bundle (no readable ``SHA256SUMS``)."""


def sha256_hex(data: bytes | Path) -> str:
    """Hex SHA-256 of ``data``: bytes, or a file read in chunks (any size, little memory)."""
    if isinstance(data, Path):
        with data.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    return hashlib.sha256(data).hexdigest()


def format_sums(digests: Iterable[tuple[str, str]]) -> str:
    """``SHA256SUMS`` text for ``(relative POSIX path, hex digest)`` pairs, sorted by path."""
    lines = []
    for path, digest in sorted(digests):
        if "\n" in path or "\\" in path or path.startswith("/"):
            raise ValueError(f"cannot list {path!r} in {SUMS_NAME}")
        lines.append(f"{digest}  {path}\n")
    return "".join(lines)


def parse_sums(text: str) -> dict[str, str]:
    """Path → lower-case hex digest from ``SHA256SUMS`` text (text or binary mode lines)."""
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if not match:
            raise NotACopy(f"{SUMS_NAME} line {number} is not '<sha256>  <path>': {line[:80]!r}")
        sums[match[2]] = match[1].lower()
    return sums


@dataclass
class Verification:
    """Outcome of checking a copy: files listed and found, and every difference."""

    top: str
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No file missing, added or changed."""
        return not (self.missing or self.extra or self.changed)


def _digest(stream: BinaryIO) -> str:
    sha = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        sha.update(chunk)
    return sha.hexdigest()


def _compare(top: str, sums: dict[str, str], present: Iterator[tuple[str, str]]) -> Verification:
    """Compare ``sums`` with ``(path, digest)`` of the files present (``SHA256SUMS`` excluded)."""
    result = Verification(top)
    seen: set[str] = set()
    for path, digest in present:
        seen.add(path)
        expected = sums.get(path)
        if expected is None:
            result.extra.append(path)
        elif expected != digest:
            result.changed.append(path)
        else:
            result.checked += 1
    result.missing = sorted(set(sums) - seen)
    result.extra.sort()
    result.changed.sort()
    return result


def _folder_top(path: Path) -> Path:
    if (path / SUMS_NAME).is_file():
        return path
    candidates = [child for child in path.iterdir() if (child / SUMS_NAME).is_file()]
    if len(candidates) != 1:
        raise NotACopy(f"no {SUMS_NAME} in {path} or in exactly one folder inside it")
    return candidates[0]


def verify_folder(path: Path) -> Verification:
    """Check an unpacked copy: ``path`` is the top folder or its parent."""
    top = _folder_top(path)
    sums = parse_sums((top / SUMS_NAME).read_text(encoding="utf-8"))

    def present() -> Iterator[tuple[str, str]]:
        for file in sorted(top.rglob("*")):
            relative = file.relative_to(top).as_posix()
            if file.is_file() and relative != SUMS_NAME:
                with file.open("rb") as stream:
                    yield relative, _digest(stream)

    return _compare(str(top), sums, present())


def verify_zip(path: Path) -> Verification:
    """Check a zipped copy: ``SHA256SUMS`` in its top folder (or at its root)."""
    with zipfile.ZipFile(path) as archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        tops = sorted({PurePosixPath(name).parts[0] for name in names if "/" in name})
        prefix = next((f"{top}/" for top in tops if f"{top}/{SUMS_NAME}" in names), "")
        if f"{prefix}{SUMS_NAME}" not in names:
            raise NotACopy(f"no {SUMS_NAME} in the top folder of {path}")
        sums = parse_sums(archive.read(f"{prefix}{SUMS_NAME}").decode("utf-8"))

        def present() -> Iterator[tuple[str, str]]:
            for name in sorted(names):
                if name == f"{prefix}{SUMS_NAME}":
                    continue
                relative = name[len(prefix):] if name.startswith(prefix) else f"../{name}"
                with archive.open(name) as stream:
                    yield relative, _digest(stream)

        return _compare(f"{path}:{prefix}", sums, present())


def verify_path(path: Path) -> Verification:
    """Check a zip or an unpacked copy (top folder or its parent)."""
    if path.is_dir():
        return verify_folder(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return verify_zip(path)
    raise NotACopy(f"{path} is neither a folder nor a zip file")

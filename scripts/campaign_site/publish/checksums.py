"""``SHA256SUMS`` files (``sha256sum`` format) and checking a copy against one.

A copy is a zip or a folder whose top folder holds ``SHA256SUMS`` listing every
other file in it (except its signature ``SHA256SUMS.sig``); given a folder,
either that top folder or its parent works. These checks prove the files
match the list found in the copy; only the signature (:mod:`.verify`) proves
the list is the department's.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

SUMS_NAME = "SHA256SUMS"
#: Signature of SHA256SUMS (see :mod:`.signing`); not listed in SHA256SUMS itself.
SIGNATURE_NAME = "SHA256SUMS.sig"
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


def parse_sums(text: str, result: Verification | None = None) -> dict[str, str]:
    """Path → lower-case hex digest from ``SHA256SUMS`` text (text or binary mode lines).

    A path listed twice is added to ``result.duplicates`` (when given).
    """
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if not match:
            raise NotACopy(f"{SUMS_NAME} line {number} is not '<sha256>  <path>': {line[:80]!r}")
        if match[2] in sums and result is not None:
            result.duplicates.append(f"{SUMS_NAME}: {match[2]}")
        sums[match[2]] = match[1].lower()
    return sums


@dataclass
class Verification:
    """Outcome of checking a copy's files against its ``SHA256SUMS``.

    ``sums`` and ``signature`` are the bytes of ``SHA256SUMS`` and the text of
    ``SHA256SUMS.sig`` (None when absent) as found in the copy, for
    :mod:`.verify` to check the signature over exactly what was compared.
    """

    top: str
    sums: bytes = b""
    signature: str | None = None
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        """Files missing, added, changed, listed twice or with unsafe names."""
        return sum(len(x) for x in (self.missing, self.extra, self.changed, self.duplicates, self.unsafe))

    @property
    def ok(self) -> bool:
        """Every file listed is present and unchanged, nothing else is there, no name is doubtful."""
        return self.problems == 0


def _digest(stream: BinaryIO) -> str:
    sha = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        sha.update(chunk)
    return sha.hexdigest()


def _unsafe(name: str) -> bool:
    """A path an unzip tool could write outside the folder, or that differs between systems."""
    parts = name.split("/")
    return (not name or name.startswith("/") or "\\" in name or ":" in name
            or any(part in ("", ".", "..") for part in parts) or any(ord(character) < 32 for character in name))


def _collisions(names: list[str]) -> list[str]:
    """Names present twice, also when compared as Windows and macOS do (case, Unicode form)."""
    seen: dict[str, str] = {}
    found = []
    for name in names:
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            found.append(name)
        else:
            seen[key] = name
    return sorted(set(found))


def _compare(result: Verification, sums: dict[str, str], present: Iterator[tuple[str, str]]) -> Verification:
    """Compare ``sums`` with ``(path, digest)`` of the files present (``SHA256SUMS`` and its signature excluded)."""
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


def _own_files(prefix: str = "") -> set[str]:
    return {f"{prefix}{SUMS_NAME}", f"{prefix}{SIGNATURE_NAME}"}


def _folder_top(path: Path) -> Path:
    if (path / SUMS_NAME).is_file():
        return path
    candidates = [child for child in path.iterdir() if (child / SUMS_NAME).is_file()]
    if len(candidates) != 1:
        raise NotACopy(f"no {SUMS_NAME} in {path} or in exactly one folder inside it")
    return candidates[0]


def verify_folder(path: Path) -> Verification:
    """Check an unpacked copy: ``path`` is the top folder or its parent. Symbolic links are unsafe."""
    top = _folder_top(path)
    sums_bytes = (top / SUMS_NAME).read_bytes()
    signature = top / SIGNATURE_NAME
    result = Verification(str(top), sums_bytes, signature.read_text(encoding="utf-8") if signature.is_file() else None)
    sums = parse_sums(sums_bytes.decode("utf-8"), result)
    files = sorted(top.rglob("*"))
    result.unsafe = [f.relative_to(top).as_posix() for f in files if f.is_symlink()]

    def present() -> Iterator[tuple[str, str]]:
        for file in files:
            relative = file.relative_to(top).as_posix()
            if file.is_file() and not file.is_symlink() and relative not in _own_files():
                with file.open("rb") as stream:
                    yield relative, _digest(stream)

    return _compare(result, sums, present())


def verify_zip(path: Path) -> Verification:
    """Check a zipped copy: ``SHA256SUMS`` in its top folder (or at its root).

    Every entry is read, duplicates included; names present twice (also
    ignoring case and Unicode form), names an unzip tool could write outside
    the folder, and symbolic links are reported.
    """
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        names = [info.filename for info in infos]
        tops = sorted({PurePosixPath(name).parts[0] for name in names if "/" in name})
        prefix = next((f"{top}/" for top in tops if f"{top}/{SUMS_NAME}" in names), "")
        if f"{prefix}{SUMS_NAME}" not in names:
            raise NotACopy(f"no {SUMS_NAME} in the top folder of {path}")
        result = Verification(f"{path}:{prefix}")
        result.duplicates = _collisions([info.filename for info in archive.infolist()])
        result.unsafe = sorted({info.filename for info in archive.infolist()
                                if _unsafe(info.filename.rstrip("/"))
                                or stat.S_ISLNK(info.external_attr >> 16)})
        by_name = {info.filename: info for info in infos}  # the last of duplicates, as most tools extract
        result.sums = archive.read(by_name[f"{prefix}{SUMS_NAME}"])
        if f"{prefix}{SIGNATURE_NAME}" in by_name:
            result.signature = archive.read(by_name[f"{prefix}{SIGNATURE_NAME}"]).decode("utf-8")
        sums = parse_sums(result.sums.decode("utf-8"), result)

        def present() -> Iterator[tuple[str, str]]:
            for info in sorted(infos, key=lambda i: i.filename):
                if info.filename in _own_files(prefix):
                    continue
                name = info.filename
                relative = name[len(prefix):] if name.startswith(prefix) else f"../{name}"
                with archive.open(info) as stream:
                    yield relative, _digest(stream)

        return _compare(result, sums, present())


def verify_path(path: Path) -> Verification:
    """Check a zip or an unpacked copy (top folder or its parent)."""
    if path.is_dir():
        return verify_folder(path)
    if path.is_file() and zipfile.is_zipfile(path):
        return verify_zip(path)
    raise NotACopy(f"{path} is neither a folder nor a zip file")

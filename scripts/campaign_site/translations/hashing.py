"""The fingerprint of a source: what a translation says it was translated from.

Pages: the whole file, normalised (NFC, Unix line ends, no trailing spaces or
blank lines, no ``translated_from`` line in the front matter).
Markdown collection entries (resources, practices…): only what a translator
translates, i.e. the default-language text of the fields their content type
marks translatable and the body; so setting ``status: verified`` or a new
``file:`` leaves translations up to date.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from ..content.reader import front_matter_span
from ..content.types import ContentType
from .frontmatter import is_key_line

HASH_LENGTH = 12


def normalise(text: str, front_matter: bool = True) -> str:
    """NFC, ``\\n`` line ends, trailing whitespace and (in front matter) ``translated_from`` dropped."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if front_matter and (span := front_matter_span(lines)):
        lines = lines[: span[0]] + [line for line in lines[span[0]:span[1]] if not is_key_line(line)] + lines[span[1]:]
    return "\n".join(lines).rstrip("\n") + "\n"


def digest(text: str) -> str:
    """First :data:`HASH_LENGTH` hex digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def source_hash(path: Path, kind: ContentType, default: str) -> str:
    """Fingerprint of the source ``path``, an entry of ``kind`` (the whole file for a page)."""
    from .units import Unit  # units read texts with normalise()

    unit = Unit(kind.name, path, (), default, whole_file=True, content_type=kind)
    return digest(unit.source_value(path.read_bytes().decode("utf-8", "replace")) or "")

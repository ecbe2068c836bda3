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
import json
import unicodedata
from pathlib import Path

from ..content.reader import ReadError, front_matter_span, read_markdown
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


def _default_text(value: object, default: str) -> object:
    if isinstance(value, dict):
        return _default_text(value.get(default), default)
    if isinstance(value, list):
        return [_default_text(item, default) for item in value]
    if value is None:
        return None
    return str(value).strip()


def translatable_text(path: Path, kind: ContentType, default: str) -> str:
    """The translatable fields (default language only) and body of a collection entry."""
    try:
        source = read_markdown(path)
    except ReadError:
        return normalise(path.read_bytes().decode("utf-8", "replace"))
    data = source.data if isinstance(source.data, dict) else {}
    texts, lists = kind.translatable_fields()
    fields = {name: _default_text(data.get(name), default) for name in sorted(texts | lists)}
    return json.dumps({"fields": fields, "body": normalise(source.body, front_matter=False)}, ensure_ascii=False, sort_keys=True)


def source_hash(path: Path, kind: ContentType, default: str) -> str:
    """Fingerprint of the source ``path``, an entry of ``kind`` (the whole file for a page)."""
    if kind.model is None:
        return digest(normalise(path.read_bytes().decode("utf-8", "replace")))
    return digest(translatable_text(path, kind, default))

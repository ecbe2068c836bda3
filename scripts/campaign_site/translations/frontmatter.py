"""Read and write the ``translated_from`` key of a Markdown file's front matter.

Reading goes through the content reader (:mod:`campaign_site.content.reader`);
writing works on the text line by line, so it changes nothing else in the file:
not the other fields, comments, quoting, line endings nor the body.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content.reader import BOM as _BOM, ReadError, front_matter_span, read_markdown

KEY = "translated_from"
_KEY_LINE = re.compile(rf"^{KEY}[ \t]*:[ \t]*(.*?)[ \t]*$")


def is_key_line(line: str) -> bool:
    """Whether ``line`` is the top-level ``translated_from:`` line."""
    return bool(_KEY_LINE.match(line.rstrip("\r\n")))


def recorded_hash(path: Path) -> str | None:
    """The value of ``translated_from`` in the front matter of ``path``, if any
    (None too when the front matter cannot be read: ``check`` reports why)."""
    try:
        value = read_markdown(path).data.get(KEY)
    except ReadError:
        return None
    return value.strip() or None if isinstance(value, str) else None


def with_recorded_hash(text: str, value: str) -> str:
    """``text`` with ``translated_from: "value"`` set: the key's line replaced, else added
    as the last front-matter line; a file without front matter gets one."""
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    entry = f'{KEY}: "{value}"'
    lines = text.splitlines(keepends=True)
    span = front_matter_span(lines)
    if span is None:
        bom = _BOM if text.startswith(_BOM) else ""
        return f"{bom}---{newline}{entry}{newline}---{newline}{text.removeprefix(bom)}"
    for index in range(*span):
        if is_key_line(lines[index]):
            ending = lines[index][len(lines[index].rstrip("\r\n")):]
            lines[index] = entry + ending
            return "".join(lines)
    lines.insert(span[1], entry + newline)
    return "".join(lines)

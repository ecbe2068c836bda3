"""Read and write the ``translated_from`` key of a Markdown file's front matter.

Works on the text line by line, so writing the key changes nothing else in the
file: not the other fields, comments, quoting, line endings nor the body.
"""

from __future__ import annotations

import re

KEY = "translated_from"
_KEY_LINE = re.compile(rf"^{KEY}[ \t]*:[ \t]*(.*?)[ \t]*$")
_BOM = "\ufeff"


def front_matter_span(lines: list[str]) -> tuple[int, int] | None:
    """``(1, end)``: ``lines[1:end]`` lie between the opening ``---`` and the closing line."""
    if not lines or lines[0].removeprefix(_BOM).strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return 1, index
    return None


def is_key_line(line: str) -> bool:
    """Whether ``line`` is the top-level ``translated_from:`` line."""
    return bool(_KEY_LINE.match(line.rstrip("\r\n")))


def recorded_hash(text: str) -> str | None:
    """The value of ``translated_from`` in ``text``'s front matter, if any."""
    lines = text.splitlines()
    span = front_matter_span(lines)
    for line in lines[span[0]:span[1]] if span else []:
        if match := _KEY_LINE.match(line):
            return match.group(1).split(" #")[0].strip().strip("'\"") or None
    return None


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

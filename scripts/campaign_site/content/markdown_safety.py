"""Markdown that must never be published: active content, other hosts, missing alt text.

Scanned line by line (so every problem has its line), outside fenced code
blocks and inline code spans, where showing such markup as text is fine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..messages import N_
from .errors import ContentProblem, display_path, problem

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"<\s*(script|iframe|object|embed|frame|applet|base|form|meta|link)\b", re.I),
     "(html)", N_("raw <{found}> is not allowed: it could run code or load other sites; use Markdown instead")),
    (re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I),
     "(html)", N_("the '{found}=' attribute is not allowed: it runs code")),
    (re.compile(r"(?:\]\(|=\s*[\"']?|<)\s*(javascript|vbscript):", re.I),
     "(link)", N_("'{found}:' links are not allowed: they run code")),
    (re.compile(r"(?:\]\(|=\s*[\"']?|<)\s*(data):", re.I),
     "(link)", N_("'{found}:' URLs are not allowed; put the file in content/media/ and link to it")),
    (re.compile(r"!\[[^\]]*\]\(\s*<?((?:https?:)?//[^)\s>]+)", re.I),
     "(image)", N_("image loaded from another site ({found}); download it into content/media/ so the page makes no outside requests")),
    (re.compile(r"<\s*(?:img|video|audio|source|track|picture)\b[^>]*\ssrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.I),
     "(media)", N_("media loaded from another site ({found}); put the file in content/media/")),
    (re.compile(r"!\[\s*\]\(", re.I),
     "(image)", N_("image without alt text; describe the image between the brackets: ![mô tả](…)")),
    (re.compile(r"<\s*img\b(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>", re.I),
     "(image)", N_("image without alt text; add alt=\"…\" describing the image")),
)


def markdown_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of lines outside fenced code, with code spans blanked."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, _CODE_SPAN.sub("``", line)


def unsafe_markdown(text: str, shown_path: str, first_line: int = 1) -> list[ContentProblem]:
    """Problems in Markdown ``text`` whose first line is ``first_line`` of its file."""
    problems = []
    for number, line in markdown_lines(text):
        for pattern, field_name, message in _RULES:
            for match in pattern.finditer(line):
                detail = match.group(1) if match.groups() else ""
                problems.append(problem(shown_path, number + first_line - 1, field_name, message, found=detail))
    return problems


def unsafe_markdown_files(paths: list[Path]) -> list[ContentProblem]:
    """Problems in every Markdown file of ``paths`` (front matter included)."""
    problems = []
    for path in paths:
        problems += unsafe_markdown(path.read_text(encoding="utf-8"), display_path(path))
    return problems

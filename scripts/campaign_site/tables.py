"""Accessible tables: a caption from the sentence written above, header scope.

Communicators write the caption as a paragraph right above the table,
starting with the word for "Table" in a site language ("Bảng 1. …",
"Table. …"); it becomes the table's ``<caption>``.
"""

from __future__ import annotations

import re


def caption_pattern(prefixes: list[str]) -> re.Pattern[str]:
    """Matches a caption paragraph followed by a table."""
    words = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
    return re.compile(rf"<p>((?:{words})(?:\s+\d+)?\.\s.*?)</p>\s*<table>", re.S)


def accessible_tables(html: str, prefixes: list[str]) -> tuple[str, int]:
    """Captions and ``scope="col"``; returns the HTML and how many tables lack a caption."""
    html = caption_pattern(prefixes).sub(lambda m: f"<table>\n<caption>{m.group(1)}</caption>", html)
    html = re.sub(r"(<thead>.*?</thead>)", lambda m: m.group(1).replace("<th>", '<th scope="col">'), html, flags=re.S)
    missing = len(re.findall(r"<table>(?!\s*<caption>)", html))
    return html, missing

"""Accessible tables: a caption from the sentence written above, header scope,
and a keyboard-scrollable region on narrow screens.

Communicators write the caption as a paragraph right above the table,
starting with the word for "Table" in a site language ("Bảng 1. …",
"Table. …"); it becomes the table's ``<caption>``. The scroll wrapper is the
markup Material's JavaScript would add at run time, written at build time so
it works without JavaScript, named by the caption for screen readers.
"""

from __future__ import annotations

import html as html_lib
import re

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _scroll_region(match: re.Match[str]) -> str:
    caption = _CAPTION.search(match.group(1))
    name = html_lib.unescape(_TAGS.sub("", caption.group(1))).strip() if caption else ""
    label = f' aria-label="{html_lib.escape(name)}"' if name else ""
    return (f'<div class="md-typeset__scrollwrap" role="region" tabindex="0"{label}>'
            f'<div class="md-typeset__table">{match.group(0)}</div></div>')


def caption_pattern(prefixes: list[str]) -> re.Pattern[str]:
    """Matches a caption paragraph followed by a table."""
    words = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
    return re.compile(rf"<p>((?:{words})(?:\s+\d+)?\.\s.*?)</p>\s*<table>", re.S)


def accessible_tables(html: str, prefixes: list[str]) -> tuple[str, int]:
    """Captions and ``scope="col"``; returns the HTML and how many tables lack a caption."""
    html = caption_pattern(prefixes).sub(lambda m: f"<table>\n<caption>{m.group(1)}</caption>", html)
    html = re.sub(r"(<thead>.*?</thead>)", lambda m: m.group(1).replace("<th>", '<th scope="col">'), html, flags=re.S)
    missing = len(re.findall(r"<table>(?!\s*<caption>)", html))
    return _TABLE.sub(_scroll_region, html), missing

"""Markdown as translation segments, and back: mdpo (md4c's CommonMark parser).

:func:`segments` cuts a Markdown body into the texts a translator translates:
one per paragraph, heading, list item and table cell, inline markup kept as
written (``**bold**``, ``[link](page.md)``, `` `code` ``) and block structure
(``#``, list markers, table pipes, indentation) left out. :func:`translate`
writes the same Markdown with each segment replaced by its translation (a
segment without one stays as it is). Code blocks are not translated.

mdpo writes a link whose text is its address (``[a.txt](a.txt)``) as ``<a.txt>``,
which Python-Markdown does not read as a link without a scheme (mdpo's
"autolink vs link clash"); :func:`translate` writes such links back as
``[a.txt](a.txt)``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping

import polib
from mdpo.md2po import Md2Po
from mdpo.po2md import Po2Md

_OPTIONS = {"include_codeblocks": False}
# <target> with a dot or slash and no scheme: a link mdpo wrote as an autolink
_CLASHED_LINK = re.compile(r"<([^<>\s:@]*[./][^<>\s:@]*)>")


def segments(markdown: str) -> list[str]:
    """The texts of ``markdown`` to translate, in order, each once."""
    if not markdown.strip():
        return []
    return [entry.msgid for entry in Md2Po(markdown, **_OPTIONS).extract() if entry.msgid]


def translate(markdown: str, translations: Mapping[str, str]) -> str:
    """``markdown`` with every segment that has a translation replaced by it."""
    if not markdown.strip():
        return markdown
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    for msgid, msgstr in translations.items():
        if msgid and msgstr:
            catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    handle, path = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(str(catalog))
        text = Po2Md([path], wrapwidth=0, **_OPTIONS).translate(markdown)
    finally:
        os.unlink(path)
    text = _CLASHED_LINK.sub(lambda match: f"[{match.group(1)}]({match.group(1)})", text)
    return text if text.endswith("\n") else text + "\n"

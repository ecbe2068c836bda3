"""Accessible tables (a Python-Markdown tree processor): a caption from the
sentence written above, header scope, and a keyboard-scrollable region.

Communicators write the caption as a paragraph right above the table,
starting with the word for "Table" in a site language ("Bảng 1. …",
"Table. …"); it becomes the table's ``<caption>``. The scroll wrapper is the
markup Material's JavaScript would add at run time, written at build time so
it works without JavaScript, named by the caption for screen readers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, INLINE_PLACEHOLDER_RE
from selectolax.lexbor import LexborHTMLParser

from ..content.labels import caption_start


class TableTreeprocessor(Treeprocessor):
    """Captions, ``scope="col"`` and the scroll region for every Markdown table.

    ``prefixes``: the word for "Table" in each language with labels;
    ``uncaptioned``: how many tables of the last document had no caption.
    """

    def __init__(self, md: Markdown, prefixes: list[str]) -> None:
        super().__init__(md)
        self.prefixes = prefixes
        self.uncaptioned = 0

    def run(self, root: etree.Element) -> None:
        self.uncaptioned = 0
        start = caption_start(self.prefixes) if self.prefixes else None
        for parent in list(root.iter()):
            for table in [child for child in parent if child.tag == "table"]:
                index = list(parent).index(table)
                caption = self._caption(parent, parent[index - 1] if index else None, start)
                if caption is not None:
                    table.insert(0, caption)
                    table.text = "\n"
                else:
                    self.uncaptioned += 1
                for head in table.iter("thead"):
                    for cell in head.iter("th"):
                        cell.set("scope", "col")
                self._wrap(parent, table, caption)

    def _caption(self, parent: etree.Element, before: etree.Element | None,
                 start: re.Pattern[str] | None) -> etree.Element | None:
        """The paragraph right above, turned into a ``<caption>`` (removed from ``parent``)."""
        if before is None or before.tag != "p" or start is None or not start.match(before.text or ""):
            return None
        if (before.tail or "").strip():
            return None
        parent.remove(before)
        caption = etree.Element("caption")
        caption.text = before.text
        caption.extend(list(before))
        caption.tail = "\n"
        return caption

    def _wrap(self, parent: etree.Element, table: etree.Element, caption: etree.Element | None) -> None:
        position = list(parent).index(table)
        outer = etree.Element("div", {"class": "md-typeset__scrollwrap", "role": "region", "tabindex": "0"})
        name = self._plain_text(caption) if caption is not None else ""
        if name:
            outer.set("aria-label", name)
        inner = etree.SubElement(outer, "div", {"class": "md-typeset__table"})
        outer.tail, table.tail = table.tail, None
        parent.remove(table)
        inner.append(table)
        parent.insert(position, outer)

    def _plain_text(self, element: etree.Element) -> str:
        """What a screen reader says for ``element``: its text, inline HTML resolved to text."""
        def resolve(match: re.Match[str]) -> str:
            raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            return LexborHTMLParser(str(raw)).body.text() if str(raw).strip() else ""

        text = INLINE_PLACEHOLDER_RE.sub(resolve, "".join(element.itertext())).replace(AMP_SUBSTITUTE, "&")
        if "unescape" in self.md.treeprocessors:  # backslash escapes (\*) back to their character
            text = self.md.treeprocessors["unescape"].unescape(text)
        return " ".join(text.split())

"""Plain text and headings of a rendered article body.

The body is parsed by Lexbor (through selectolax, as the page policy parses
finished pages: the HTML Standard's algorithm, in C) and its tree walked once in
Python; no regexes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .fold import collapse_whitespace

# Elements whose content is never searchable text.
SKIPPED_TAGS = frozenset({
    "script", "style", "template", "noscript", "svg", "math", "iframe", "object",
    "form", "select", "button", "textarea",
})
# Notices and controls that are not the page's own content, what only paper
# shows (the QR code and address), and blocks repeated on many pages (the
# national hotlines on every area page: "111" would find them all).
SKIPPED_CLASSES = frozenset({
    "campaign-fallback", "campaign-exit-end", "headerlink", "campaign-qr", "campaign-repeated",
})
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
})
# Text inside these runs on; every other element boundary separates words.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var",
})
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


@dataclass
class _Frame:
    tag: str
    skipped: bool


@dataclass
class PageText:
    """What the index keeps of a page body."""

    h1: str = ""
    headings: list[str] = field(default_factory=list)
    text: str = ""


def _is_skipped(tag: str, values: dict[str, str | None]) -> bool:
    classes = set((values.get("class") or "").split())
    return (
        tag in SKIPPED_TAGS
        or "hidden" in values
        or values.get("aria-hidden") == "true"
        or bool(classes & SKIPPED_CLASSES)
    )


class _TextCollector:
    """Collects visible text, split into the first h1, h2–h6 headings and body text.

    Fed element by element in document order (:func:`_walk`): every element
    boundary but an inline one separates words; the text inside skipped
    elements is dropped.
    """

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.body: list[str] = []
        self.h1: list[str] = []
        self.headings: list[str] = []
        self.heading: list[str] | None = None
        self.in_h1 = False

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1].skipped

    def start(self, tag: str, attrs: Callable[[], dict[str, str | None]]) -> None:
        """An element opens (``attrs`` gives its attributes; a void element only separates words)."""
        if tag not in INLINE_TAGS:
            self.body.append(" ")
        if tag in VOID_TAGS:
            return
        skipped = self.skipping or _is_skipped(tag, attrs())
        self.stack.append(_Frame(tag, skipped))
        if skipped:
            return
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        elif tag in HEADING_TAGS and self.heading is None:
            self.heading = []

    def end(self, tag: str) -> None:
        """The innermost open element (``tag``) closes."""
        if tag not in INLINE_TAGS:
            self.body.append(" ")
        frame = self.stack.pop()
        if frame.skipped:
            return
        if frame.tag == "h1" and self.in_h1:
            self.in_h1 = False
        elif frame.tag in HEADING_TAGS and self.heading is not None:
            heading = collapse_whitespace("".join(self.heading))
            if heading:
                self.headings.append(heading)
            self.heading = None

    def data(self, data: str) -> None:
        """Text inside the innermost open element."""
        if self.skipping:
            return
        if self.in_h1:
            self.h1.append(data)
            return
        self.body.append(data)
        if self.heading is not None:
            self.heading.append(data)


def _walk(root: LexborNode, collector: _TextCollector) -> None:
    """Feed ``collector`` the elements and text under ``root``, in document order (no recursion:
    any depth of nesting)."""
    node = root.child
    open_nodes: list[LexborNode] = []
    while node is not None:
        if node.is_element_node:
            tag = node.tag
            collector.start(tag, lambda: node.attributes)
            if tag not in VOID_TAGS:
                child = node.child
                if child is not None:
                    open_nodes.append(node)
                    node = child
                    continue
                collector.end(tag)
        elif node.is_text_node:
            collector.data(node.text_content or "")
        # the next node in document order: a sibling, or that of the nearest open ancestor
        following = node.next
        while following is None and open_nodes:
            parent = open_nodes.pop()
            collector.end(parent.tag)
            following = parent.next
        node = following


def extract_text(html: str) -> PageText:
    """Headings and whitespace-collapsed text of ``html``, minus notices and controls.

    The first ``<h1>`` is kept apart (it repeats the page title).
    """
    collector = _TextCollector()
    _walk(LexborHTMLParser(html).root, collector)
    return PageText(
        h1=collapse_whitespace("".join(collector.h1)),
        headings=collector.headings,
        text=collapse_whitespace("".join(collector.body)),
    )

"""Plain text and headings of a rendered article body.

The body is parsed by Lexbor (through selectolax, as the page policy parses
finished pages: the HTML Standard's algorithm, in C). What is never searchable
is cut out of the tree, the headings' text read from it, and the rest of the
body's text is taken from Lexbor's serialization of the tree (:func:`extract_text`):
every ``<`` there opens a tag or a comment (text and attribute values are
escaped), so tags become word breaks (or nothing, for inline elements) without
a walk of the tree in Python. The walk (:func:`walk_text`) defines the result,
and is used for the rare bodies the serialization cannot speak for: elements
whose text Lexbor writes unescaped (``xmp``, ``noembed``, ``noframes``,
``plaintext``), headings inside headings, text holding the private-use
character :data:`_BREAK`. ``tests/test_search_text.py`` checks both agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable
from html import unescape

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

# One query finds the elements that may be skipped (each checked again by _is_skipped:
# the class selectors match substrings), the headings and the elements whose text
# Lexbor writes unescaped (xmp, noembed, noframes, plaintext).
_RAW_TEXT_TAGS = frozenset({"xmp", "noembed", "noframes", "plaintext"})
_SELECTOR = ", ".join([*sorted(SKIPPED_TAGS | _RAW_TEXT_TAGS | HEADING_TAGS | {"h1"}), "[hidden]", "[aria-hidden]",
                       *(f'[class*="{name}"]' for name in sorted(SKIPPED_CLASSES))])
# Left where a cut-out element separated words (a word break in the body, nothing in a
# heading). The HTML parser never leaves U+0000 in a tree (it drops it or writes U+FFFD).
_BREAK = "\x00"
# comments and what Lexbor keeps of "<?…>" (written back as it came, up to the first ">")
_COMMENT = re.compile(r"<!--.*?-->|<\?[^>]*>", re.DOTALL)
_INLINE_TAG = re.compile(r"</?(?:%s)(?=[\s/>])[^>]*>" % "|".join(sorted(INLINE_TAGS)))
# no "<" or ">" inside a tag: Lexbor escapes them in attribute values
_TAG = re.compile(r"<[^>]*>")


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

    The first ``<h1>`` holding text is kept apart (it repeats the page title).
    The same as :func:`walk_text`, at a fraction of its cost.
    """
    tree = LexborHTMLParser(html)
    return _cut_text(tree) or walk_text(html)


def _cut_text(tree: LexborHTMLParser) -> PageText | None:
    """:func:`walk_text` of ``tree`` (which it changes) from Lexbor's serialization, or None
    when the serialization cannot speak for the walk."""
    root = tree.root
    if root is None:
        return None
    found = root.css(_SELECTOR)  # in document order
    if any(node.tag in _RAW_TEXT_TAGS for node in found):
        return None
    skipped = {node for node in found if _is_skipped(node.tag, node.attributes)}
    cut = [node for node in found if node in skipped and not _inside(node, skipped)]
    kept = [node for node in found if (node.tag in HEADING_TAGS or node.tag == "h1")
            and node not in skipped and not _inside(node, skipped)]
    heading_set = set(kept)
    if any(_inside(node, heading_set) for node in kept):
        return None  # a heading in a heading: the walk's rules apply
    for node in cut:
        # every element but an inline one separates words, skipped or not
        if any(element.tag not in INLINE_TAGS for element in node.css("*")):
            node.insert_before(_BREAK)
        node.decompose()
    h1: str | None = None
    headings: list[str] = []
    for node in kept:
        text = (node.text(deep=True) or "").replace(_BREAK, "")
        if node.tag != "h1":
            if heading := collapse_whitespace(text):
                headings.append(heading)
        elif h1 is None and text:
            h1 = collapse_whitespace(text)
            node.insert_before(_BREAK)  # its text is the h1's only
            node.decompose()
    markup = root.html or ""
    if "<!" in markup or "<?" in markup:
        markup = _COMMENT.sub("", markup)
    body = unescape(_TAG.sub(" ", _INLINE_TAG.sub("", markup))).replace(_BREAK, " ")
    return PageText(h1=h1 or "", headings=headings, text=collapse_whitespace(body))


def _inside(node: LexborNode, nodes: set[LexborNode]) -> bool:
    """Whether an ancestor of ``node`` is one of ``nodes``."""
    parent = node.parent
    while parent is not None:
        if parent in nodes:
            return True
        parent = parent.parent
    return False


def walk_text(html: str) -> PageText:
    """:func:`extract_text` by a walk of the tree in Python, element by element (its definition)."""
    collector = _TextCollector()
    _walk(LexborHTMLParser(html).root, collector)
    return PageText(
        h1=collapse_whitespace("".join(collector.h1)),
        headings=collector.headings,
        text=collapse_whitespace("".join(collector.body)),
    )

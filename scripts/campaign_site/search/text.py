"""Plain text and headings of a rendered article body (html.parser, no regexes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

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


def _is_skipped(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    values = dict(attrs)
    classes = set((values.get("class") or "").split())
    return (
        tag in SKIPPED_TAGS
        or "hidden" in values
        or values.get("aria-hidden") == "true"
        or bool(classes & SKIPPED_CLASSES)
    )


class _TextParser(HTMLParser):
    """Collects visible text, split into the first h1, h2–h6 headings and body text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Frame] = []
        self.body: list[str] = []
        self.h1: list[str] = []
        self.headings: list[str] = []
        self.heading: list[str] | None = None
        self.in_h1 = False

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1].skipped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in INLINE_TAGS:
            self.body.append(" ")
        if tag in VOID_TAGS:
            return
        skipped = self.skipping or _is_skipped(tag, attrs)
        self.stack.append(_Frame(tag, skipped))
        if skipped:
            return
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        elif tag in HEADING_TAGS and self.heading is None:
            self.heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in INLINE_TAGS:
            self.body.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE_TAGS:
            self.body.append(" ")
        if not any(frame.tag == tag for frame in self.stack):
            return  # stray end tag
        while self.stack:
            frame = self.stack.pop()
            self._close(frame)
            if frame.tag == tag:
                break

    def _close(self, frame: _Frame) -> None:
        if frame.skipped:
            return
        if frame.tag == "h1" and self.in_h1:
            self.in_h1 = False
        elif frame.tag in HEADING_TAGS and self.heading is not None:
            heading = collapse_whitespace("".join(self.heading))
            if heading:
                self.headings.append(heading)
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_h1:
            self.h1.append(data)
            return
        self.body.append(data)
        if self.heading is not None:
            self.heading.append(data)


def extract_text(html: str) -> PageText:
    """Headings and whitespace-collapsed text of ``html``, minus notices and controls.

    The first ``<h1>`` is kept apart (it repeats the page title).
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return PageText(
        h1=collapse_whitespace("".join(parser.h1)),
        headings=parser.headings,
        text=collapse_whitespace("".join(parser.body)),
    )

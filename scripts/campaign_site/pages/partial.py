"""Partly translated pages: the parts still in the source language, marked and announced.

A translation made by ``campaign-site translations import`` from a partly
translated catalog (or by hand) keeps the untranslated paragraphs, headings,
list items and table cells as they are in the source. :func:`mark_untranslated`
finds them by comparing the page's smallest text blocks with the source page's:
a block with words whose text is exactly a block of the source is in the
source language. It gets ``lang`` (WCAG 3.1.2: screen readers read it with the
right voice) and the page gets a notice saying which parts are not translated
yet. Blocks without words — numbers, dashes, codes such as document numbers
(``1790/QĐ-TTg``, ``418/LĐTBXH-BĐG``) — are the same in every language and are
left alone: a word here has two lowercase letters in a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..content.labels import Labels

#: Elements holding a text block; the smallest ones (holding no other) are compared.
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "th", "td", "caption", "dt", "dd", "figcaption", "summary")
_SELECTOR = ", ".join(BLOCKS)


@dataclass(frozen=True)
class Marked:
    """A page's HTML with its untranslated blocks marked."""

    html: str
    untranslated: int  # blocks still in the source language
    total: int  # text blocks of the page


def _text(node: LexborNode) -> str:
    return " ".join((node.text() or "").split())


def _leaves(tree: LexborHTMLParser) -> list[LexborNode]:
    """The blocks holding no other block, in document order."""
    blocks = tree.css(_SELECTOR)
    holders: set[LexborNode] = set()  # blocks with a block inside
    members = set(blocks)
    for node in blocks:
        parent = node.parent
        while parent is not None and parent not in holders:
            if parent in members:
                holders.add(parent)  # (its own holders were marked when it was reached)
            parent = parent.parent
    return [node for node in blocks if node not in holders]


def _has_words(text: str) -> bool:
    """Whether ``text`` has a word (two lowercase letters in a row), not only numbers and codes."""
    return any(a.islower() and b.islower() for a, b in zip(text, text[1:]))


def source_blocks(source_html: str) -> set[str]:
    """The texts (whitespace collapsed) of the smallest blocks with words of ``source_html``."""
    return {text for node in _leaves(LexborHTMLParser(source_html)) if _has_words(text := _text(node))}


def mark_untranslated(html: str, source_html: str, source_language: str) -> Marked:
    """``html`` (a translated page) with every block identical to one of ``source_html`` marked
    ``lang="source_language"``; unchanged when there is none."""
    source = source_blocks(source_html)
    tree = LexborHTMLParser(html)
    leaves = [node for node in _leaves(tree) if _has_words(_text(node))]
    same = [node for node in leaves if _text(node) in source]
    if not same:
        return Marked(html, 0, len(leaves))
    for node in same:
        node.attrs["lang"] = source_language
        node.attrs["class"] = " ".join(filter(None, [node.attrs.get("class"), "campaign-untranslated"]))
    return Marked(tree.body.inner_html, len(same), len(leaves))


def partial_notice(page_language: str, labels: dict[str, Labels], source_language: str, marked: Marked) -> str:
    """HTML of the notice on a partly translated page, in the page's language when it has the
    label (else the source language's, marked so)."""
    own = labels[page_language]
    shown = page_language if own.has("partial_translation.title") and own.has("partial_translation.notice") \
        else source_language
    text = labels[shown]
    language_name = labels[shown].get(f"language_names.{page_language}", page_language)
    source_name = labels[shown].get(f"language_names.{source_language}", source_language)
    title = escape(str(text["partial_translation.title"]))
    message = escape(str(text["partial_translation.notice"]).format(
        language=language_name, source=source_name, count=marked.untranslated, total=marked.total))
    return ('<div class="admonition info campaign-fallback campaign-partial" role="note" '
            f'lang="{shown}"><p class="admonition-title">{title}</p>'
            f'<p class="campaign-fallback__message">{message}</p></div>')

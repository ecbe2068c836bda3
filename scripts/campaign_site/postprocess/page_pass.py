"""The one look at each finished page: parsed once, every element checked
against the page policy and noted for the stylesheet purge.

Nothing is rewritten here: Markdown-level work (table captions, scroll
regions, ``rel`` on links) happens in Markdown (``pages.markdown``), and the
Content-Security-Policy is written by the templates.

:func:`review_elements` is the review by definition: every element in document
order through :meth:`~.html_policy.PagePolicy.element_findings` and
:meth:`~.css_purge.MarkupScanner.note`. :func:`review_page` gives the same
findings and notes the same vocabulary, at about half the cost, because a site's
pages repeat the same header, menu and footer (a full-size build reviews 5,496
pages of ~290 elements; ~20,000 distinct elements in 1,000 pages): a
:class:`PageReviewer` reads each element once (its name and attributes), keeps
the page's distinct element names and distinct (attribute, value) pairs, and
judges each of those once per build:

- an attribute by :func:`~.html_policy.page_attribute_findings` (its rules do not
  depend on the element but for ``xlink:href``, which loads everywhere except on
  ``<a>``: judged here as if it were elsewhere, which is stricter) and
  :meth:`~.css_purge.MarkupScanner.note_attribute`;
- an element name by :meth:`~.css_purge.MarkupScanner.note_element`;
- the elements with rules of their own (:data:`~.html_policy.ELEMENT_RULE_TAGS`:
  scripts, styles, ``meta``, ``link``, the forbidden ones) whole, by
  ``element_findings``, remembered by name, attributes, text and folder.

When anything in a page may break the policy, the page is reviewed again by
:func:`review_elements` (from the same parse), so findings are always the
reference's, in document order; the fast way only ever concludes "nothing
found". The vocabulary noted is the union of what the page's names and pairs
add, which is what noting every element adds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .css_purge import MarkupScanner, UsedMarkup
from .html_policy import (ELEMENT_RULE_TAGS, Finding, PagePolicy, elements, page_attribute_findings, parse,
                          template_contents)

# Elements read whole: those with rules of their own, and <template> for its content
# (looked into when its name is exactly "template", as html_policy.elements does).
_READ_WHOLE = ELEMENT_RULE_TAGS | {"template"}
# Elements whose text their rules read (and script sources, relative to the page's folder)
_TEXT_RULE_TAGS = frozenset({"script", "style"})
# Judgements a reviewer keeps before starting afresh (a page brings ~30 new ones)
MEMORY = 50_000

# What one attribute adds to the vocabulary: (attribute name, value) pairs, classes, ids
_Note = tuple[tuple[tuple[str, str], ...], frozenset[str], frozenset[str]]


def review_elements(tree: LexborHTMLParser, page_path: str, policy: PagePolicy | None,
                    scanner: MarkupScanner | None = None, used: UsedMarkup | None = None) -> list[Finding]:
    """The review by definition: every element of ``tree`` in document order, its findings
    against ``policy`` and, with a ``scanner``, its CSS vocabulary noted in ``used``."""
    findings: list[Finding] = []
    for node in elements(tree):
        if policy is not None:
            findings += policy.element_findings(node, page_path)
        if scanner is not None and used is not None:
            scanner.note(node, used)
    return findings


class PageReviewer:
    """Reviews pages against one ``policy`` (None: none) and one ``scanner``'s vocabulary
    (None: nothing noted), remembering the judgement of each distinct element name,
    attribute and whole-read element (up to :data:`MEMORY` of each kind)."""

    def __init__(self, policy: PagePolicy | None, scanner: MarkupScanner | None) -> None:
        self.policy, self.scanner = policy, scanner
        self.vocabulary = _vocabulary(scanner)
        # element name as parsed -> (has rules of its own but is not read whole, vocabulary element)
        self._names: dict[str | None, tuple[bool, str | None]] = {}
        # (attribute name, value) as parsed -> (may break the policy, vocabulary note)
        self._pairs: dict[tuple[str, str | None], tuple[bool, _Note | None]] = {}
        # (name, attributes…[, folder, text]) of an element with rules of its own -> it breaks them
        self._wholes: dict[tuple, bool] = {}

    def review(self, html: str | bytes, page_path: str, used: UsedMarkup | None = None) -> list[Finding]:
        """What breaks the policy in ``html`` (text or UTF-8 bytes of the page at site path
        ``page_path``), as :func:`review_elements` finds it; its vocabulary noted in ``used``."""
        for memory in (self._names, self._pairs, self._wholes):
            if len(memory) > MEMORY:
                memory.clear()
        tree = parse(html)
        names: set[str | None] = set()
        pairs: set[tuple[str, str | None]] = set()
        whole: list[LexborNode] = []
        _read(tree.root.traverse(include_text=False), names, pairs, whole)
        notes = self._judge(names, pairs, whole, page_path)
        if notes is None:
            return review_elements(tree, page_path, self.policy, self.scanner, used)
        if self.scanner is not None and used is not None:
            _add(names, notes, self._names, used)
        return []

    def _judge(self, names: set[str | None], pairs: set[tuple[str, str | None]], whole: list[LexborNode],
               page_path: str) -> list[_Note] | None:
        """The vocabulary notes of a page's pairs, or None when it may break the policy."""
        for name in names:
            known = self._names.get(name)
            if known is None:
                known = self._names[name] = self._name(name)
            if known[0]:
                return None
        policy = self.policy
        if policy is not None:
            folder = posixpath.dirname(page_path)
            for node in whole:
                tag = node.tag
                if (tag or "").lower() not in ELEMENT_RULE_TAGS:
                    continue
                key = (tag, *node.attributes.items())
                if tag in _TEXT_RULE_TAGS:
                    key = (key, folder, node.text(deep=True))
                breaks = self._wholes.get(key)
                if breaks is None:
                    breaks = self._wholes[key] = bool(policy.element_findings(node, page_path))
                if breaks:
                    return None
        notes: list[_Note] = []
        known_pairs = self._pairs
        for pair in pairs:
            known_pair = known_pairs.get(pair)
            if known_pair is None:
                known_pair = known_pairs[pair] = self._pair(*pair)
            if known_pair[0]:
                return None
            if known_pair[1] is not None:
                notes.append(known_pair[1])
        return notes

    def _name(self, tag: str | None) -> tuple[bool, str | None]:
        unread = (tag or "").lower() in ELEMENT_RULE_TAGS and tag not in _READ_WHOLE
        element = None
        if self.scanner is not None:
            part = _empty()
            self.scanner.note_element(tag, part)
            element = next(iter(part.elements), None)
        return self.policy is not None and unread, element

    def _pair(self, name: str, value: str | None) -> tuple[bool, _Note | None]:
        breaks = self.policy is not None and bool(page_attribute_findings(None, name.lower(), value or ""))
        note = None
        if self.scanner is not None:
            part = _empty()
            self.scanner.note_attribute(name, value, part)
            if part.attributes or part.classes or part.ids:
                note = (tuple((key, item) for key, items in part.attributes.items() for item in items),
                        frozenset(part.classes), frozenset(part.ids))
        return breaks, note


def _read(nodes: Iterator[LexborNode], names: set[str | None], pairs: set[tuple[str, str | None]],
          whole: list[LexborNode]) -> None:
    """Every element's name and attribute pairs, the elements :data:`_READ_WHOLE` names
    in ``whole``; template contents too (the elements html_policy.elements gives)."""
    walks = [nodes]
    while walks:
        for node in walks.pop():
            if not node.is_element_node:
                continue
            tag = node.tag
            names.add(tag)
            pairs.update(node.attributes.items())
            if tag in _READ_WHOLE:
                whole.append(node)
                if tag == "template":
                    walks.append(template_contents(node))


def _add(names: set[str | None], notes: list[_Note], known: dict, used: UsedMarkup) -> None:
    for name in names:
        element = known[name][1]
        if element is not None:
            used.elements.add(element)
    attributes = used.attributes
    for pairs, classes, ids in notes:
        for name, value in pairs:
            attributes.setdefault(name, set()).add(value)
        if classes:
            used.classes |= classes
        if ids:
            used.ids |= ids


def _empty() -> UsedMarkup:
    return UsedMarkup(set(), set(), set(), {})


def _vocabulary(scanner: MarkupScanner | None) -> tuple | None:
    return None if scanner is None else (scanner.elements, scanner.classes, scanner.ids, scanner.attributes)


_REVIEWERS: dict[tuple[PagePolicy | None, MarkupScanner | None], PageReviewer] = {}


def reviewer(policy: PagePolicy | None, scanner: MarkupScanner | None) -> PageReviewer:
    """The reviewer of this process for ``policy`` and ``scanner`` (a new one when the
    scanner's vocabulary was replaced since)."""
    key = (policy, scanner)
    found = _REVIEWERS.get(key)
    if found is None or (scanner is not None
                         and any(a is not b for a, b in zip(found.vocabulary, _vocabulary(scanner)))):
        if len(_REVIEWERS) >= 8:
            _REVIEWERS.clear()
        found = _REVIEWERS[key] = PageReviewer(policy, scanner)
    return found


def review_page(html: str | bytes, page_path: str, policy: PagePolicy | None,
                scanner: MarkupScanner | None = None, used: UsedMarkup | None = None) -> list[Finding]:
    """What breaks ``policy`` in the page at site path ``page_path`` (``html``: its text or
    UTF-8 bytes); notes its CSS vocabulary in ``used`` when a ``scanner`` is given (as
    :func:`review_elements` does)."""
    return reviewer(policy, scanner).review(html, page_path, used)

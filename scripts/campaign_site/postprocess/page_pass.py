"""The one look at each finished page: parsed once, every element checked
against the page policy and noted for the stylesheet purge.

Nothing is rewritten here: Markdown-level work (table captions, scroll
regions, ``rel`` on links) happens in Markdown (``pages.markdown``), and the
Content-Security-Policy is written by the templates.

:func:`review_elements` is the review by definition: every element in document
order through :meth:`~.html_policy.PagePolicy.element_findings` and
:meth:`~.css_purge.MarkupScanner.note`. :func:`review_page` gives the same
findings and notes the same vocabulary, in a little over half the time (1.85–1.9×
faster over full-size and test-site pages), because a site's pages repeat the
same header, menu and footer (a full-size build reviews 5,496 pages of ~290
elements each; 1,000 of them hold ~23,000 distinct elements): a
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
# Judgements of each kind a reviewer keeps before starting afresh (a full-size page brings
# ~30 new pairs; 20,000 keep a language process ~11 MB larger, measured)
MEMORY = 20_000

# An attribute as parsed: (name, value; None for an attribute without one)
_Pair = tuple[str, str | None]


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
        self._forget()

    def _forget(self) -> None:
        # element name as parsed -> whether it has rules of its own but is not read whole
        self._unread: dict[str | None, bool] = {}
        # element name as parsed -> the vocabulary's element it notes (absent: none)
        self._elements: dict[str | None, str] = {}
        # (attribute name, value) pairs as parsed: judged; may break the policy
        self._pairs: set[_Pair] = set()
        self._breaking: set[_Pair] = set()
        # judged pairs noting an attribute value: the pair itself (lower-case name, a value) or another
        self._valued: set[_Pair] = set()
        self._other_values: dict[_Pair, tuple[str, str]] = {}
        # judged pairs noting classes, an id
        self._classes: dict[_Pair, frozenset[str]] = {}
        self._ids: dict[_Pair, str] = {}
        # (the same as sets: a set and a set intersect without hashing their pairs again)
        self._classed: set[_Pair] = set()
        self._ided: set[_Pair] = set()
        self._valued_otherwise: set[_Pair] = set()
        # (name, attributes…[, folder, text]) of an element with rules of its own -> it breaks them
        self._wholes: dict[tuple, bool] = {}

    def review(self, html: str | bytes, page_path: str, used: UsedMarkup | None = None) -> list[Finding]:
        """What breaks the policy in ``html`` (text or UTF-8 bytes of the page at site path
        ``page_path``), as :func:`review_elements` finds it; its vocabulary noted in ``used``."""
        if max(len(self._unread), len(self._pairs), len(self._wholes)) > MEMORY:
            self._forget()
        tree = parse(html)
        names: set[str | None] = set()
        pairs: set[_Pair] = set()
        whole: list[tuple[LexborNode, dict[str, str | None]]] = []
        _read(tree.root.traverse(include_text=False), names, pairs, whole)
        if self._may_break(names, pairs, whole, page_path):
            return review_elements(tree, page_path, self.policy, self.scanner, used)
        if self.scanner is not None and used is not None:
            self._note(names, pairs, used)
        return []

    def _may_break(self, names: set[str | None], pairs: set[_Pair],
                   whole: list[tuple[LexborNode, dict[str, str | None]]], page_path: str) -> bool:
        """Whether anything in a page may break the policy (learning what was not judged yet)."""
        for name in names.difference(self._unread):
            self._learn_name(name)
        for pair in pairs.difference(self._pairs):
            self._learn_pair(pair)
        policy = self.policy
        if policy is None:
            return False
        if any(map(self._unread.__getitem__, names)) or not self._breaking.isdisjoint(pairs):
            return True
        folder = posixpath.dirname(page_path)
        for node, attributes in whole:
            tag = node.tag
            if tag not in ELEMENT_RULE_TAGS:
                continue  # (a template)
            key = (tag, *attributes.items())
            if tag in _TEXT_RULE_TAGS:
                key = (key, folder, node.text(deep=True))
            breaks = self._wholes.get(key)
            if breaks is None:
                breaks = self._wholes[key] = bool(policy.element_findings(node, page_path))
            if breaks:
                return True
        return False

    def _note(self, names: set[str | None], pairs: set[_Pair], used: UsedMarkup) -> None:
        """Add to ``used`` what the page's element names and pairs note (all judged)."""
        used.elements.update(element for element in map(self._elements.get, names) if element is not None)
        attributes = used.attributes
        for name, value in pairs & self._valued:
            values = attributes.get(name)
            if values is None:
                attributes[name] = {value}
            else:
                values.add(value)
        for pair in pairs & self._valued_otherwise:
            name, value = self._other_values[pair]
            attributes.setdefault(name, set()).add(value)
        classed = pairs & self._classed
        if classed:
            used.classes.update(*map(self._classes.__getitem__, classed))
        for pair in pairs & self._ided:
            used.ids.add(self._ids[pair])

    def _learn_name(self, tag: str | None) -> None:
        self._unread[tag] = (tag or "").lower() in ELEMENT_RULE_TAGS and tag not in _READ_WHOLE
        if self.scanner is not None:
            part = _empty()
            self.scanner.note_element(tag, part)
            for element in part.elements:
                self._elements[tag] = element

    def _learn_pair(self, pair: _Pair) -> None:
        name, value = pair
        self._pairs.add(pair)
        if self.policy is not None and page_attribute_findings(None, name.lower(), value or ""):
            self._breaking.add(pair)
        if self.scanner is not None:
            part = _empty()
            self.scanner.note_attribute(name, value, part)
            for key, items in part.attributes.items():
                for item in items:
                    if (key, item) == pair:
                        self._valued.add(pair)
                    else:
                        self._other_values[pair] = (key, item)
                        self._valued_otherwise.add(pair)
            if part.classes:
                self._classes[pair] = frozenset(part.classes)
                self._classed.add(pair)
            for ident in part.ids:
                self._ids[pair] = ident
                self._ided.add(pair)


def _read(nodes: Iterator[LexborNode], names: set[str | None], pairs: set[_Pair],
          whole: list[tuple[LexborNode, dict[str, str | None]]]) -> None:
    """Every element's name and attribute pairs, the elements :data:`_READ_WHOLE` names
    (with their attributes) in ``whole``; template contents too (the elements
    html_policy.elements gives)."""
    walks = [nodes]
    while walks:
        for node in walks.pop():
            if not node.is_element_node:
                continue
            tag = node.tag
            names.add(tag)
            attributes = node.attributes
            pairs.update(attributes.items())
            if tag in _READ_WHOLE:
                whole.append((node, attributes))
                if tag == "template":
                    walks.append(template_contents(node))


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

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
  ``<a>``: judged here as if it were elsewhere, which is stricter, and ``href``,
  which loads everywhere except on :data:`~.html_policy.HREF_NAVIGATES`: judged
  here as on a link, every element elsewhere with an ``href`` being judged whole)
  and :meth:`~.css_purge.MarkupScanner.attribute_notes`;
- an element name by :meth:`~.css_purge.MarkupScanner.note_element`;
- the elements with rules of their own (:data:`~.html_policy.ELEMENT_RULE_TAGS`:
  scripts, styles, ``meta`` with an ``http-equiv``, ``link``, the forbidden ones)
  and those with an ``href`` that may load, whole, by ``element_findings``,
  remembered by name, attributes, text and folder (a ``meta`` without
  ``http-equiv`` or ``href`` has no rule of its own: its attributes are its pairs).

Measured on the 5,495 finished pages of a full-size build (one process, CPU): about
650 µs a page, of which Lexbor's parse ~170 µs and reading names and attributes ~220
µs. Reading the parts that repeat (the menu, ~75 elements) by their markup instead
was tried and dropped: finding them (``css()``, ~75 µs) and serializing them (~70
µs) cost what reading them does.

When anything in a page may break the policy, the page is reviewed again by
:func:`review_elements` (from the same parse), so findings are always the
reference's, in document order; the fast way only ever concludes "nothing
found". The vocabulary noted is the union of what the page's names and pairs
add, which is what noting every element adds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from itertools import chain

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .css_purge import MarkupScanner, UsedMarkup
from .html_policy import (ELEMENT_RULE_TAGS, HREF_NAVIGATES, Finding, PagePolicy, elements,
                          page_attribute_findings, parse, template_contents)

# Elements read whole: those with rules of their own, and <template> for its content
# (looked into when its name is exactly "template", as html_policy.elements does).
_READ_WHOLE = ELEMENT_RULE_TAGS | {"template"}
# Elements whose text their rules read (and script sources, relative to the page's folder)
_TEXT_RULE_TAGS = frozenset({"script", "style"})
_HTTP_EQUIV = "http-equiv"
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
        # (attribute name, value) pairs as parsed: judged; may break the policy; note anything
        self._pairs: set[_Pair] = set()
        self._breaking: set[_Pair] = set()
        self._noting: set[_Pair] = set()
        # noting pairs whose attribute value noted is the pair itself (lower-case name, a value),
        # or another; the classes, the id they note (sets beside the dicts: a set and a set
        # intersect without hashing their pairs again)
        self._valued: set[_Pair] = set()
        self._other_values: dict[_Pair, tuple[str, str]] = {}
        self._classes: dict[_Pair, frozenset[str]] = {}
        self._classed: set[_Pair] = set()
        self._ids: dict[_Pair, str] = {}
        self._ided: set[_Pair] = set()
        # (name, attributes…[, folder, text]) of an element judged whole -> it breaks the policy
        self._wholes: dict[tuple, bool] = {}

    def review(self, html: str | bytes, page_path: str, used: UsedMarkup | None = None) -> list[Finding]:
        """What breaks the policy in ``html`` (text or UTF-8 bytes of the page at site path
        ``page_path``), as :func:`review_elements` finds it; its vocabulary noted in ``used``."""
        if max(len(self._unread), len(self._pairs), len(self._wholes)) > MEMORY:
            self._forget()
        tree = parse(html)
        names: set[str | None] = set()
        pairs: set[_Pair] = set()
        whole: list[tuple[LexborNode, str, dict[str, str | None]]] = []
        _read(tree.root.traverse(include_text=False), names, pairs, whole)
        if self._may_break(names, pairs, whole, page_path):
            return review_elements(tree, page_path, self.policy, self.scanner, used)
        if self.scanner is not None and used is not None:
            self._note(names, pairs, used)
        return []

    def _may_break(self, names: set[str | None], pairs: set[_Pair],
                   whole: list[tuple[LexborNode, str, dict[str, str | None]]], page_path: str) -> bool:
        """Whether anything in a page may break the policy (learning what was not judged yet)."""
        for name in names.difference(self._unread):
            self._learn_name(name)
        new = pairs.difference(self._pairs)
        if new:
            self._learn_pairs(new)
        policy = self.policy
        if policy is None:
            return False
        if any(map(self._unread.__getitem__, names)) or not self._breaking.isdisjoint(pairs):
            return True
        folder = posixpath.dirname(page_path)
        wholes = self._wholes
        for node, tag, attributes in whole:
            if tag == "meta" and "href" not in attributes and not any(map(_HTTP_EQUIV.__eq__,
                                                                          map(str.lower, attributes))):
                continue  # its own rule reads http-equiv only; its attributes are judged as pairs
            key = (tag, *attributes.items())
            if tag in _TEXT_RULE_TAGS:
                key = (key, folder, node.text(deep=True))
            breaks = wholes.get(key)
            if breaks is None:
                breaks = wholes[key] = bool(policy.element_findings(node, page_path))
            if breaks:
                return True
        return False

    def _note(self, names: set[str | None], pairs: set[_Pair], used: UsedMarkup) -> None:
        """Add to ``used`` what the page's element names and pairs note (all judged)."""
        used.elements.update(element for element in map(self._elements.get, names) if element is not None)
        noting = pairs & self._noting
        attributes = used.attributes
        for name, value in noting & self._valued:
            values = attributes.get(name)
            if values is None:
                attributes[name] = {value}
            else:
                values.add(value)
        if self._other_values:
            for name, value in map(self._other_values.get, noting.difference(self._valued, self._classed, self._ided)):
                attributes.setdefault(name, set()).add(value)
        classed = noting & self._classed
        if classed:
            used.classes.update(*map(self._classes.__getitem__, classed))
        ided = noting & self._ided
        if ided:
            used.ids.update(map(self._ids.__getitem__, ided))

    def _learn_name(self, tag: str | None) -> None:
        self._unread[tag] = (tag or "").lower() in ELEMENT_RULE_TAGS and tag not in _READ_WHOLE
        if self.scanner is not None:
            part = _empty()
            self.scanner.note_element(tag, part)
            for element in part.elements:
                self._elements[tag] = element

    def _learn_pairs(self, new: set[_Pair]) -> None:
        """Judge and remember the pairs of ``new``: an ``href`` as on a link (the elements on
        which it may load are judged whole, :func:`_read`), any other attribute as if on any
        element (:func:`~.html_policy.page_attribute_findings` with no element: stricter)."""
        self._pairs |= new
        if self.policy is not None:
            self._breaking.update(pair for pair in new if page_attribute_findings(
                "a" if pair[0] == "href" else None, pair[0].lower(), pair[1] or ""))
        if self.scanner is None:
            return
        notes = self.scanner.attribute_notes
        for pair in new:
            valued, classes, ident = notes(*pair)
            if valued is None and not classes and ident is None:
                continue
            self._noting.add(pair)
            if valued == pair:
                self._valued.add(pair)
            elif valued is not None:
                self._other_values[pair] = valued
            if classes:
                self._classes[pair] = classes
                self._classed.add(pair)
            if ident is not None:
                self._ids[pair] = ident
                self._ided.add(pair)


def _read(nodes: Iterator[LexborNode], names: set[str | None], pairs: set[_Pair],
          whole: list[tuple[LexborNode, str, dict[str, str | None]]]) -> None:
    """Every element's name and attribute pairs; in ``whole`` (node, name, attributes) of
    the elements :data:`~.html_policy.ELEMENT_RULE_TAGS` names and of those with an ``href``
    that may load (not on :data:`~.html_policy.HREF_NAVIGATES`); template contents too (the
    elements html_policy.elements gives)."""
    tags: list[str | None] = []
    read: list[dict[str, str | None]] = []
    add_tag, add_attributes = tags.append, read.append  # (sets made once at the end: fewer calls)
    walks = [nodes]
    while walks:
        for node in walks.pop():
            if not node.is_element_node:
                continue
            tag = node.tag
            add_tag(tag)
            attributes = node.attributes
            add_attributes(attributes)
            if tag in _READ_WHOLE:
                if tag == "template":
                    walks.append(template_contents(node))
                    if "href" not in attributes:
                        continue
                whole.append((node, tag, attributes))
            elif "href" in attributes and tag not in HREF_NAVIGATES:
                whole.append((node, tag, attributes))
    names.update(tags)
    pairs.update(chain.from_iterable(map(dict.items, read)))


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

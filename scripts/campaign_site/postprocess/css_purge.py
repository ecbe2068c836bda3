"""Drop the style rules that match nothing the built site contains.

Material's stylesheet styles every feature it offers (134 KiB); a campaign
page uses a small part of it. A selector is kept when every class, id and
attribute it requires (outside ``:not()`` and friends) occurs somewhere in
the site's HTML, or as a quoted word in its JavaScript (classes added at run
time). Custom properties and keyframes nobody uses any more go too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from selectolax.lexbor import LexborNode
from tinycss2 import ast

from .html_policy import elements, parse

_JS_WORD = re.compile(r"""["'`]([\w\s-]+)["'`]""")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
# functional pseudo-classes whose arguments need not match for the rule to apply
_OPTIONAL_FUNCTIONS = {"not", "is", "where", "has", "matches", "-webkit-any", "-moz-any", "host", "host-context"}
_GROUPING_AT_RULES = {"media", "supports", "layer", "container"}


@dataclass
class UsedMarkup:
    """Elements, classes, ids and attributes (with their values) found in the site."""

    elements: set[str] = field(default_factory=lambda: {"html", "body"})
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)

    def add_element(self, node: LexborNode) -> None:
        """Record one element: its name, classes, id and attributes."""
        self.elements.add((node.tag or "").lower())
        for name, value in node.attributes.items():
            name, value = name.lower(), value or ""
            self.attributes.setdefault(name, set()).add(value)
            if name == "class":
                self.classes.update(value.split())
            elif name == "id":
                self.ids.add(value)

    def add_html(self, html: str) -> None:
        """Record everything one HTML document contains."""
        for node in elements(parse(html)):
            self.add_element(node)

    def add_script(self, script: str) -> None:
        """Words quoted in JavaScript may be classes or ids set at run time."""
        for literal in _JS_WORD.findall(script):
            words = literal.split()
            self.classes.update(words)
            self.ids.update(words)
            self.elements.update(word.lower() for word in words)

    def update(self, other: "UsedMarkup") -> None:
        """Add what ``other`` found (e.g. another language's pages)."""
        self.elements |= other.elements
        self.classes |= other.classes
        self.ids |= other.ids
        for name, values in other.attributes.items():
            self.attributes.setdefault(name, set()).update(values)

    def to_json(self) -> str:
        return json.dumps({"elements": sorted(self.elements), "classes": sorted(self.classes),
                           "ids": sorted(self.ids),
                           "attributes": {k: sorted(v) for k, v in sorted(self.attributes.items())}})

    @classmethod
    def from_json(cls, text: str) -> "UsedMarkup":
        data = json.loads(text)
        return cls(set(data["elements"]), set(data["classes"]), set(data["ids"]),
                   {k: set(v) for k, v in data["attributes"].items()})

    def has(self, kind: str, name: str, value: str | None = None) -> bool:
        """Whether the site uses this element, class, id or attribute (with this value)."""
        if kind == "element":
            return name in self.elements
        if kind == "class":
            return name in self.classes
        if kind == "id":
            return name in self.ids
        values = self.attributes.get(name.lower())
        if values is None:
            return False
        return value is None or value in values or any(value in v.split() for v in values)


class MarkupScanner:
    """Notes in pages only what a stylesheet's selectors test (fast on big sites).

    ``elements``, ``classes``, ``ids``, ``attributes``: the vocabulary (frozen sets;
    element and attribute names in lower case)."""

    def __init__(self, css: str) -> None:
        elements, classes, ids, attributes = _vocabulary(css)
        # frozen: a page review remembers what it noted with this vocabulary (page_pass)
        self.elements = frozenset(name.lower() for name in elements)
        self.classes, self.ids = frozenset(classes), frozenset(ids)
        self.attributes = frozenset(name.lower() for name in attributes)

    def note(self, node: LexborNode, used: UsedMarkup) -> None:
        """Add to ``used`` what of the vocabulary one element has: its name, then each attribute."""
        self.note_element(node.tag, used)
        for name, value in node.attributes.items():
            self.note_attribute(name, value, used)

    def note_element(self, tag: str | None, used: UsedMarkup) -> None:
        """Add to ``used`` an element's name (as the parser gives it), if the vocabulary has it."""
        tag = (tag or "").lower()
        if tag in self.elements:
            used.elements.add(tag)

    def note_attribute(self, name: str, value: str | None, used: UsedMarkup) -> None:
        """Add to ``used`` what of the vocabulary one attribute (``value`` None: without a
        value) holds, whichever element it is on."""
        valued, classes, ident = self.attribute_notes(name, value)
        if valued is not None:
            used.attributes.setdefault(valued[0], set()).add(valued[1])
        used.classes.update(classes)
        if ident is not None:
            used.ids.add(ident)

    def attribute_notes(self, name: str, value: str | None) -> tuple[tuple[str, str] | None, frozenset[str], str | None]:
        """What :meth:`note_attribute` adds for one attribute: (its lower-case name and value
        ("" for None) when the vocabulary has the attribute, else None; the classes of the
        vocabulary it names; the id of the vocabulary it gives, else None)."""
        name, value = name.lower(), value or ""
        valued = (name, value) if name in self.attributes else None
        if name == "class":
            return valued, self.classes.intersection(value.split()), None
        return valued, frozenset(), value if name == "id" and value in self.ids else None

    def scan(self, html: str, used: UsedMarkup) -> None:
        """Add to ``used`` the vocabulary items ``html`` contains."""
        for node in elements(parse(html)):
            self.note(node, used)


def _vocabulary(css: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """(elements, classes, ids, attribute names) the selectors of ``css`` mention."""
    found: dict[str, set[str]] = {"element": set(), "class": set(), "id": set(), "attribute": set()}

    def visit(tokens: list) -> None:
        for kind, name, _ in _requirements(tokens):
            found[kind].add(name)
        for token in tokens:  # :not(.x), :is(...): their arguments count too
            if token.type == "function":
                visit(token.arguments)

    for rule in _walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)):
        if rule.type == "qualified-rule":
            visit(rule.prelude)
    return found["element"], found["class"], found["id"], found["attribute"]


def add_scripts(site_dir: Path, used: UsedMarkup) -> None:
    """Words of the site's own JavaScript files (classes they set at run time)."""
    for path in sorted(site_dir.glob("assets/javascripts/*.js")):
        used.add_script(path.read_text(encoding="utf-8", errors="replace"))


def _split_selectors(prelude: list) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _attribute(block: ast.SquareBracketsBlock) -> tuple[str, str | None, str]:
    """(name, value or None, operator) of an attribute selector."""
    tokens = [t for t in block.content if t.type != "whitespace"]
    name = tokens[0].value if tokens and tokens[0].type == "ident" else ""
    operator = "".join(t.value for t in tokens[1:3] if t.type == "literal")
    value = next((t.value for t in tokens[1:] if t.type in ("ident", "string")), None)
    return name, value, operator


def _is_element(token, previous) -> bool:
    """An ident at the start of a compound selector names an element."""
    return token.type == "ident" and (
        previous is None or previous.type == "whitespace"
        or (previous.type == "literal" and previous.value in (">", "+", "~")))


def _requirements(tokens: list) -> Iterator[tuple[str, str, str | None]]:
    """(kind, name, value) of each element, class, id and attribute a selector tests.

    The value is given only where the attribute must equal it (or contain it
    as a word); for other operators the attribute's presence is what counts.
    """
    previous = None
    for token in tokens:
        if token.type == "ident" and previous is not None and previous.type == "literal" and previous.value == ".":
            yield "class", token.value, None
        elif _is_element(token, previous):
            yield "element", token.lower_value, None
        elif token.type == "hash" and token.is_identifier:
            yield "id", token.value, None
        elif token.type == "[] block":
            name, value, operator = _attribute(token)
            exact = operator in ("=", "~=") or (value is not None and not operator.strip("=|"))
            if name:
                yield "attribute", name, value if exact else None
        previous = token


def _selector_matches(tokens: list, used: UsedMarkup) -> bool:
    return all(used.has(kind, name, value) for kind, name, value in _requirements(tokens))


def _kept_selectors(prelude: list, used: UsedMarkup) -> list:
    kept = [s for s in _split_selectors(prelude) if _selector_matches(_strip_optional(s), used)]
    out: list = []
    for index, selector in enumerate(kept):
        if index:
            out.append(ast.LiteralToken(0, 0, ","))
        out.extend(selector)
    return out


def _strip_optional(tokens: list) -> list:
    """The selector without functional pseudo-classes such as :not(...)."""
    return [t for t in tokens if not (t.type == "function" and t.lower_name in _OPTIONAL_FUNCTIONS)]


def _prune_rules(rules: list, used: UsedMarkup) -> list:
    kept: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = _kept_selectors(rule.prelude, used)
            if prelude:
                rule.prelude = prelude
                kept.append(rule)
        elif _is_group(rule):
            inner = _prune_rules(_inner_rules(rule), used)
            if inner:
                rule.content = inner
                kept.append(rule)
        elif rule.type in ("qualified-rule", "at-rule"):
            kept.append(rule)
    return kept


def _inner_rules(rule) -> list:
    """The rules inside @media/@supports/…, parsed once (pruning keeps them parsed)."""
    if rule.content and not any(getattr(item, "type", "") in ("qualified-rule", "at-rule") for item in rule.content):
        rule.content = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
    return rule.content or []


def _is_group(rule) -> bool:
    return rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING_AT_RULES and rule.content is not None


def _walk(rules: list) -> Iterable:
    for rule in rules:
        yield rule
        if _is_group(rule):
            yield from _walk(_inner_rules(rule))


def _declarations(rule) -> list:
    return tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)


def _drop_unused_properties(rules: list) -> bool:
    """Remove custom properties never read through var(); True when any went."""
    text = "".join(tinycss2.serialize(r.content) for r in _walk(rules) if r.content)
    read = set(_VAR_USE.findall(text))
    changed = False
    for rule in _walk(rules):
        if rule.type != "qualified-rule":
            continue
        items = _declarations(rule)
        remaining = [d for d in items if not (d.type == "declaration" and d.name.startswith("--") and d.name not in read)]
        if len(remaining) != len(items):
            changed = True
            rule.content = _join_declarations(remaining)
    return changed


def _join_declarations(items: list) -> list:
    tokens: list = []
    for item in items:
        if tokens:
            tokens.append(ast.LiteralToken(0, 0, ";"))
        if item.type == "declaration":
            tokens += [ast.IdentToken(0, 0, item.name), ast.LiteralToken(0, 0, ":"), *item.value]
            if item.important:
                tokens += [ast.LiteralToken(0, 0, "!"), ast.IdentToken(0, 0, "important")]
        else:
            tokens.append(item)
    return tokens


def _drop_empty(rules: list) -> list:
    kept: list = []
    for rule in rules:
        if _is_group(rule):
            rule.content = _drop_empty(_inner_rules(rule))
            if rule.content:
                kept.append(rule)
        elif rule.type == "qualified-rule" and not any(t.type not in ("whitespace", "comment") for t in rule.content):
            continue
        else:
            kept.append(rule)
    return kept


def _drop_unused_keyframes(rules: list) -> list:
    text = "".join(tinycss2.serialize(r.content) for r in _walk(rules) if r.type == "qualified-rule")
    return [r for r in rules if not (r.type == "at-rule" and r.lower_at_keyword.endswith("keyframes")
                                      and not re.search(rf"\b{re.escape(tinycss2.serialize(r.prelude).strip())}\b", text))]


def purge_css(css: str, used: UsedMarkup) -> str:
    """``css`` without the rules, custom properties and keyframes ``used`` never needs."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    rules = _prune_rules(rules, used)
    while _drop_unused_properties(rules):
        rules = _drop_empty(rules)
    rules = _drop_unused_keyframes(_drop_empty(rules))
    return "".join(_serialize_rule(rule) for rule in rules)


def _serialize_rule(rule) -> str:
    if _is_group(rule):
        inner = "".join(_serialize_rule(item) for item in _inner_rules(rule))
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}"
    return rule.serialize()

"""Write field values into a content file, keeping what a person wrote around them.

The counterpart of :mod:`.reader`, for tools that save entries (the editor's
forms, spreadsheet import): :func:`write_fields` sets top-level fields of a YAML
file or of a Markdown file's front matter (and its body), and leaves every
other key, every comment and the order of the fields as they were (ruamel.yaml
round trip). A new entry starts from the template ``campaign-site new`` writes,
so a file saved by a tool is the file ``new`` would have made, filled in.

Values are what :mod:`.reader` returns: text, lists, mappings and ``None`` (an
empty field, written ``key:``). Text is written so that the reader reads back
exactly the same text (a property test checks this), and quoted wherever a
YAML 1.1 reader (PyYAML, many editors) would take it for something else:
``"0345123456"``, ``"7:30"``, ``"no"``, ``"2022-11-15"``. Text with line
breaks is written as a literal block (``|``).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from .reader import ReadError, front_matter_span, parse_yaml

#: Pass as a value to remove the key from the file.
DELETE = object()

# (mapping, sequence, offset) indentations recognised in existing files, ours first
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))
_PLAIN_INT = re.compile(r"[1-9][0-9]{0,8}|0")
_MISSING = object()
_NUMBER_LIKE = re.compile(r"[+0-9][0-9 .()\-]*")
_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)
# what an item of an inline list may be without quotes: words, digits, hyphens, dots, spaces inside
_FLOW_WORD = re.compile(r"[^\W_]+(?:[ ._\-][^\W_]+)*")


def _yaml(indent: tuple[int, int, int]) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold long lines
    rt.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return rt


def _load(text: str) -> tuple[YAML, Any]:
    """The document of ``text`` and a dumper keeping its indentation (ours when none fits)."""
    for indent in _INDENTS:
        rt = _yaml(indent)
        data = rt.load(text)
        if _dump(rt, data) == text:
            return rt, data
    rt = _yaml(_INDENTS[0])
    return rt, rt.load(text)


def _dump(rt: YAML, data: Any) -> str:
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _needs_quotes(text: str) -> bool:
    """Whether a YAML 1.1 reader would read ``text``, written plainly, as something else."""
    if text == "" or text != text.strip():
        return True
    if _PLAIN_INT.fullmatch(text):
        return False  # whole numbers (a year) stay plain: the models read them as text
    resolved = pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, text, (True, False))
    return resolved != "tag:yaml.org,2002:str"


def _scalar(value: Any, flow: bool = False) -> Any:
    """``value`` as a ruamel scalar; ``flow``: an item of an inline list (``[vi, rad]``), where
    only simple words stay unquoted."""
    if isinstance(value, bool):  # a yes/no field: true / false
        return value
    text = unicodedata.normalize("NFC", str(value))
    if _PLAIN_INT.fullmatch(text):
        return int(text)  # written plainly (a str would get quotes from ruamel)
    if flow and not _FLOW_WORD.fullmatch(text):
        return DoubleQuotedScalarString(text)
    if "\n" in text and not text.endswith("\n\n") and text[0] not in " \n":
        # a literal block (|); blank lines at its end would swallow the blank line below,
        # leading blanks would need an indentation indicator: those are written "…\n…"
        return LiteralScalarString(text)
    # (a ScalarString in every case: ruamel would otherwise keep the old value's quotes)
    return DoubleQuotedScalarString(text) if _needs_quotes(text) else PlainScalarString(text)


def _as_read(node: Any) -> str | None:
    """A scalar loaded by ruamel (typed: bool, int, date…) as our reader reads it: its text."""
    if _is_collection(node) or node is None:
        return None
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def _is_collection(value: Any) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq))


def _trailing_comment(node: Any) -> Any:
    """The comment token written after ``node``'s last item (blank lines and comments
    that belong to the field below), removed from it; None when there is none."""
    if isinstance(node, CommentedMap) and node:
        slot = node.ca.items.get(list(node)[-1])
        if slot and slot[2] is not None:
            token, slot[2] = slot[2], None
            return token
    if isinstance(node, CommentedSeq) and node:
        last = node[-1]
        if _is_collection(last):
            return _trailing_comment(last)
        slot = node.ca.items.get(len(node) - 1)
        if slot and slot[0] is not None:
            token, slot[0] = slot[0], None
            return token
    return None


def _attach_trailing(node: Any, token: Any) -> bool:
    """Put ``token`` after ``node``'s last item; False when ``node`` has no item to carry it."""
    if token is None:
        return True
    if isinstance(node, CommentedMap) and node:
        last = list(node)[-1]
        if _is_collection(node[last]) and node[last]:
            return _attach_trailing(node[last], token)
        node.ca.items.setdefault(last, [None, None, None, None])[2] = token
        return True
    if isinstance(node, CommentedSeq) and node:
        if _is_collection(node[-1]) and node[-1]:
            return _attach_trailing(node[-1], token)
        node.ca.items.setdefault(len(node) - 1, [None, None])[0] = token
        return True
    return False


def _merged(old: Any, value: Any, flow: bool = False) -> Any:
    """``value`` as a YAML node, reusing ``old`` (its comments, flow style, quotes) where it fits;
    ``flow``: it is an item of an inline list."""
    if isinstance(value, Mapping):
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        if not value:
            target.fa.set_flow_style()
        for key in [key for key in target if key not in value or value[key] is DELETE]:
            _delete(target, key)
        for key, item in value.items():
            if item is not DELETE:
                _set(target, key, item)
        return target
    if isinstance(value, (list, tuple)):
        target = old if isinstance(old, CommentedSeq) else CommentedSeq()
        nested = any(isinstance(item, (Mapping, list, tuple)) for item in value)
        if nested:
            target.fa.set_block_style()  # a list of groups (phone numbers, sources): one item a line
        elif not value or target is not old or not target:
            target.fa.set_flow_style()  # [vi, rad], and an empty list as []
        kept = _trailing_comment(target)
        del target[len(value):]
        inline = target.fa.flow_style()
        for index, item in enumerate(value):
            if index < len(target):
                target[index] = _merged(target[index], item, inline)
            else:
                target.append(_merged(_MISSING, item, inline))
        _attach_trailing(target, kept)
        return target
    if value is None:
        return None
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if old is not _MISSING and _as_read(old) == text and not flow:
        return old  # unchanged: keep how it was written
    new = _scalar(value, flow)
    if (isinstance(old, _QUOTED) and (str(old) or _NUMBER_LIKE.fullmatch(text)) and not isinstance(value, bool)
            and isinstance(new, (int, PlainScalarString))):
        return type(old)(text)  # what a person quoted stays quoted, and a number typed into "" too ("111")
    return new


def _set(parent: CommentedMap, key: str, value: Any) -> None:
    old = parent.get(key, _MISSING) if key in parent else _MISSING
    token = None
    if key in parent:
        slot = parent.ca.items.get(key)
        if _is_collection(old):
            token = _trailing_comment(old)
        elif slot and slot[2] is not None:
            token, slot[2] = slot[2], None
    new = _merged(old, value)
    parent[key] = new
    if token is not None and not (_is_collection(new) and _attach_trailing(new, token)):
        parent.ca.items.setdefault(key, [None, None, None, None])[2] = token


def _delete(parent: CommentedMap, key: str) -> None:
    """Remove ``key`` with the comment above it (its explanation); the comment below it
    stays (it explains the next field)."""
    old = parent[key]
    slot = parent.ca.items.get(key)
    token = _trailing_comment(old) if _is_collection(old) else (slot[2] if slot else None)
    keys = list(parent)
    position = keys.index(key)
    del parent[key]
    if position > 0:
        previous = keys[position - 1]
        if _is_collection(parent[previous]) and parent[previous]:
            _trailing_comment(parent[previous])
            _attach_trailing(parent[previous], token)
        else:
            parent.ca.items.setdefault(previous, [None, None, None, None])[2] = token


def write_yaml_fields(text: str, values: Mapping[str, Any]) -> str:
    """``text`` (a YAML mapping) with the top-level fields of ``values`` set.

    Fields not in ``values`` stay as they are; a value :data:`DELETE` removes its
    field; a new field goes at the end. Nested mappings and lists take exactly
    the given content (their own comments kept where items remain).
    """
    rt, data = _load(text) if text.strip() else (_yaml(_INDENTS[0]), CommentedMap())
    if data is None:
        data = CommentedMap()
    before = _dump(rt, data) if text.strip() else ""
    try:  # the fields as they read now: one that would read the same is left as written
        written = parse_yaml(text, Path("(text)")).data if text.strip() else {}
    except ReadError:
        written = {}
    written = written if isinstance(written, dict) else {}
    for key, value in values.items():
        if value is DELETE:
            if key in data:
                _delete(data, key)
        elif key not in written or written[key] != as_read(value):
            _set(data, key, value)
    return _keep_as_written(text, before, _dump(rt, data)) if text.strip() else _dump(rt, data)


def _blocks(text: str) -> tuple[str, dict[str, str]] | None:
    """``text`` cut before each top-level key: (what comes before the first key,
    {key: its lines up to the next key}); None when it is no readable mapping."""
    try:
        lines_of = parse_yaml(text, Path("(text)")).lines
    except ReadError:
        return None
    starts = sorted((line - 1, loc[0]) for loc, line in lines_of.items() if len(loc) == 1)
    lines = text.splitlines(keepends=True)
    ends = [start for start, _ in starts[1:]] + [len(lines)]
    head = "".join(lines[:starts[0][0]]) if starts else text
    return head, {str(key): "".join(lines[start:end]) for (start, key), end in zip(starts, ends)}


def _keep_as_written(text: str, before: str, after: str) -> str:
    """``after`` (the changed document as ruamel writes it) with every part that ruamel
    writes the same as before the change (``before``) taken from the person's ``text``:
    their spacing, quotes and indentation stay wherever they changed nothing."""
    if not text.endswith("\n"):
        text += "\n"
    cut = [_blocks(part) for part in (text, before, after)]
    if any(part is None for part in cut) or list(cut[0][1]) != list(cut[1][1]):
        return after
    (own_head, own), (old_head, old), (new_head, new) = cut
    out = [own_head if new_head == old_head else new_head]
    out += [own[key] if old.get(key) == block else block for key, block in new.items()]
    return "".join(out)


def as_read(value: Any) -> Any:
    """``value`` as :mod:`.reader` reads it back once written: text (``true``/``false`` for yes/no)."""
    if isinstance(value, Mapping):
        return {str(key): as_read(item) for key, item in value.items() if item is not DELETE}
    if isinstance(value, (list, tuple)):
        return [as_read(item) for item in value]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return unicodedata.normalize("NFC", str(value))


def write_fields(text: str, values: Mapping[str, Any], *, markdown: bool, body: str | None = None) -> str:
    """A content file's ``text`` with the fields ``values`` set (see :func:`write_yaml_fields`).

    ``markdown``: the fields are the front matter between ``---`` lines (added if
    missing) and ``body``, when given, replaces the text below it.
    """
    if not markdown:
        return write_yaml_fields(text, values)
    lines = text.splitlines(keepends=True)
    span = front_matter_span(lines)
    front = "".join(lines[1:span[1]]) if span else ""
    rest = "".join(lines[span[1] + 1:]) if span else text
    if body is not None:
        rest = body if body.endswith("\n") or not body else body + "\n"
    return f"---\n{write_yaml_fields(front, values)}---\n{rest}"

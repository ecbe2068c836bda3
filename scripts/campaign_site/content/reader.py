"""The one reader of YAML documents and Markdown front matter.

Every content file, labels file, front matter (collections, ``docs/`` pages,
translations, templates written by ``new``) goes through :func:`read_yaml`,
:func:`read_markdown` or :func:`parse_yaml`. The reader keeps **every scalar as
the text the person typed**: ``0345123456``, ``7:30``, ``no``, ``1e3`` and
``2022-03`` stay strings; the models convert text to typed values with our own
messages. Only a key with nothing after it (``url:``) reads as ``None``
(absent). Parsing is ruamel.yaml's (YAML 1.2 syntax; libyaml's C parser when
``ruamel.yaml.clib`` is installed) with every implicit type resolver turned off.

What is refused, each as a :class:`ReadError` carrying a file:line problem:

- a file that is not UTF-8 (saying to save it as UTF-8); a UTF-8 BOM and CRLF
  line ends are accepted;
- a key written twice in one mapping (naming both lines);
- a tag other than ``!!str``/``!!seq``/``!!map`` (``!!int``, ``!custom`` …);
- aliases that repeat more than :data:`ALIAS_LIMIT` values in total (an
  "alias bomb" fails at once instead of exhausting memory);
- a mapping or list used as a key; YAML syntax errors.

All text, keys included, is Unicode NFC. The line (1-based) of every mapping
key and list item is kept under its path (a tuple of keys and list indexes),
so a validation error on ``phones[1].number`` points at the line it was typed on.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from ..messages import N_
from .errors import ContentProblem, display_path, problem

Loc = tuple[str | int, ...]

#: Values an alias (``*name``) may repeat in one document, all aliases together.
ALIAS_LIMIT = 1000
#: Nesting depth of mappings and lists beyond which a document is refused.
MAX_DEPTH = 64

BOM = "\ufeff"
_STR, _SEQ, _MAP = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
_SYNTAX = N_("YAML syntax error ({detail}); check colons, quotes and brackets on this line or the one above")


@dataclass
class Source:
    """Parsed data of one file, with the line of every key and list item."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    body: str = ""  # Markdown after the front matter
    body_line: int = 1  # line where the body starts
    has_front_matter: bool = False

    @property
    def shown_path(self) -> str:
        """The path as shown in messages."""
        return display_path(self.path)

    def line_of(self, loc: Loc) -> int:
        """Line of the deepest known key on ``loc`` (1 when nothing matches)."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.lines.get((), 1)

    def problem_at(self, loc: Loc, msgid: str, **params: object) -> ContentProblem:
        """A problem located at ``loc`` in this file (``msgid``: English message id)."""
        return problem(self.shown_path, self.line_of(loc), dotted(loc), msgid, **params)


class ReadError(Exception):
    """The file cannot be read as text or YAML; ``problem`` says where and why."""

    def __init__(self, problem: ContentProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def dotted(loc: Loc) -> str:
    """``("phones", 1, "number")`` → ``phones[1].number``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


# --- text -----------------------------------------------------------------------


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text of a file (BOM dropped, ``\\n`` line ends, NFC); :class:`ReadError` otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(problem(display_path(path), 1, "(file)", N_(
            "the file is saved as UTF-16; open it and save it again with the encoding 'UTF-8'")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ReadError(problem(display_path(path), line, "(file)", N_(
            "this line is not UTF-8 text (byte 0x{byte}); open the file and save it again with the encoding 'UTF-8'"),
            byte=f"{raw[error.start]:02X}")) from None
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    """A content file's text (see :func:`decode`)."""
    return decode(path.read_bytes(), path)


# --- YAML -------------------------------------------------------------------------


class _TextResolver(VersionedResolver):
    """No implicit types: every untagged scalar is a string, as typed."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return super().resolve(kind, value, (False, False))


_local = threading.local()


def _yaml() -> YAML:
    """This thread's parser (made once: setting one up costs more than parsing a file)."""
    yaml = getattr(_local, "yaml", None)
    if yaml is None:
        yaml = _local.yaml = YAML(typ="safe")  # C parser when ruamel.yaml.clib is installed
        yaml.Resolver = _TextResolver
    return yaml


class _Builder:
    """Turns a composed node tree into dicts, lists and strings, recording lines."""

    def __init__(self, path: Path, offset: int) -> None:
        self.path, self.offset = path, offset
        self.lines: dict[Loc, int] = {}
        self.seen: set[int] = set()
        self.repeated = 0

    def line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def fail(self, line: int, loc: Loc, msgid: str, **params: object) -> ReadError:
        return ReadError(problem(display_path(self.path), line, dotted(loc) if loc else "(yaml)", msgid, **params))

    def build(self, node: Node, loc: Loc, depth: int = 0, parent_line: int = 1,
              alias_line: int | None = None) -> Any:
        """Data of ``node`` at ``loc``; ``alias_line``: line of the alias being expanded, if any."""
        line = self.line(node) if alias_line is None else parent_line
        self.lines.setdefault(loc, line)
        if alias_line is None and id(node) in self.seen:  # the same node again: an alias
            alias_line = parent_line
        self.seen.add(id(node))
        if alias_line is not None:
            self.repeated += 1
            if self.repeated > ALIAS_LIMIT:
                raise self.fail(alias_line, loc, N_(
                    "aliases (*name) repeat more than {limit} values; write the values out instead"), limit=ALIAS_LIMIT)
        if depth > MAX_DEPTH:
            raise self.fail(line, loc, N_("lists and mappings are nested more than {limit} deep"), limit=MAX_DEPTH)
        tag = str(node.tag)
        if isinstance(node, ScalarNode):
            if tag != _STR:
                raise self.fail(line, loc, N_(
                    "unknown tag '{found}'; remove it: every value is read as text and checked by its field"), found=tag)
            if not node.style and node.value == "":
                return None  # "key:" with nothing after it
            return unicodedata.normalize("NFC", node.value)
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise self.fail(line, loc, N_(
                    "unknown tag '{found}'; remove it: every value is read as text and checked by its field"), found=tag)
            return [self.build(item, (*loc, index), depth + 1, line if alias_line is None else alias_line, alias_line)
                    for index, item in enumerate(node.value)]
        if tag != _MAP:
            raise self.fail(line, loc, N_(
                "unknown tag '{found}'; remove it: every value is read as text and checked by its field"), found=tag)
        result: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = self.line(key_node) if alias_line is None else alias_line
            if not isinstance(key_node, ScalarNode) or str(key_node.tag) != _STR:
                raise self.fail(key_line, loc, N_("a key must be plain text, e.g. 'title:'"))
            key = unicodedata.normalize("NFC", key_node.value)
            if key in key_lines:
                raise self.fail(key_line, (*loc, key), N_(
                    "the key '{found}' is written twice (lines {first} and {second}); keep one of them"),
                    found=key, first=key_lines[key], second=key_line)
            key_lines[key] = key_line
            self.lines[(*loc, key)] = key_line
            result[key] = self.build(value_node, (*loc, key), depth + 1, key_line, alias_line)
        return result


# Documents parsed lately (path, first line, text → what parsing gave): a build's own process reads
# every file of content/ and the front matter of docs/ twice, loading the content and checking its
# texts, and parsing is most of reading (~0.1 ms a file). Each caller gets its own copy.
_parsed: dict[tuple[str, int, str], Source] = {}
PARSED_KEPT = 20_000


def parse_yaml(text: str, path: Path, offset: int = 0) -> Source:
    """Parse one YAML document (``text`` from :func:`decode`) into a :class:`Source`.

    ``offset`` is added to every line (front matter starts below its ``---``).
    An empty document gives ``data`` None. Raises :class:`ReadError`. The same text
    of the same file is parsed once (a copy of the first result is given again).
    """
    key = (str(path), offset, text)
    known = _parsed.get(key)
    if known is None:
        known = _parse_yaml(text, path, offset)
        if len(_parsed) >= PARSED_KEPT:
            _parsed.clear()
        _parsed[key] = known
    return Source(known.path, copy_data(known.data), dict(known.lines))


def copy_data(data: Any) -> Any:
    """A copy of what the reader gives (mappings, lists, text), sharing only the text."""
    if isinstance(data, dict):
        return {key: copy_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [copy_data(value) for value in data]
    return data


def _parse_yaml(text: str, path: Path, offset: int) -> Source:
    """:func:`parse_yaml`, parsing."""
    text = unicodedata.normalize("NFC", text.removeprefix(BOM))
    builder = _Builder(path, offset)
    try:
        node = _yaml().compose(text)
    except ReaderError as error:  # a character YAML does not allow (C0/C1 controls…)
        position = error.position if isinstance(error.position, int) else 0
        column = position - text.rfind("\n", 0, position)
        code = error.character if isinstance(error.character, int) else 0
        raise builder.fail(text.count("\n", 0, position) + 1 + offset, (), N_(
            "found the control character U+{code} at character {position} of this line; delete it (retype the text around it)"),
            code=f"{code:04X}", position=column) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise builder.fail((mark.line + 1 if mark else 1) + offset, (), _SYNTAX,
                           detail=error.problem or error.context) from None
    except YAMLError as error:
        raise builder.fail(1 + offset, (), _SYNTAX, detail=str(error).strip()) from None
    except RecursionError:
        raise builder.fail(1 + offset, (), N_("lists and mappings are nested more than {limit} deep"),
                           limit=MAX_DEPTH) from None
    data = builder.build(node, ()) if node is not None else None
    return Source(path, data, builder.lines or {(): 1 + offset})


def read_yaml(path: Path) -> Source:
    """Read a YAML file (UTF-8, BOM and CRLF allowed). Raises :class:`ReadError`."""
    return parse_yaml(read_text(path), path)


# --- front matter ---------------------------------------------------------------------


def front_matter_span(lines: list[str]) -> tuple[int, int] | None:
    """``(1, end)`` when ``lines[1:end]`` lie between an opening ``---`` and its closing ``---``/``...``.

    ``lines`` may keep their line ends and a BOM (the translation tools edit files
    in place). None when the text has no front matter or it is never closed.
    """
    if not lines or lines[0].removeprefix(BOM).strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return 1, index
    return None


def parse_markdown(text: str, path: Path) -> Source:
    """Split Markdown ``text`` (from :func:`decode`) into front matter (parsed) and body.

    Without front matter ``data`` is ``{}`` and the body is the whole text. Raises
    :class:`ReadError` for a front matter that is never closed, is bad YAML or is
    not a mapping.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].removeprefix(BOM).strip() != "---":
        return Source(path, {}, {(): 1}, text, 1)
    span = front_matter_span(lines)
    if span is None:
        raise ReadError(problem(display_path(path), 1, "(front matter)", N_(
            "front matter opened with '---' is never closed; add a line '---' after the fields")))
    source = parse_yaml("".join(lines[1: span[1]]), path, offset=1)
    if source.data is None:
        source.data = {}
    if not isinstance(source.data, dict):
        raise ReadError(problem(display_path(path), 2, "(front matter)", N_(
            "expected 'field: value' lines (a YAML mapping)")))
    source.body = "".join(lines[span[1] + 1:])
    source.body_line = span[1] + 2
    source.has_front_matter = True
    return source


def read_markdown(path: Path) -> Source:
    """Read a Markdown file with optional YAML front matter between ``---`` lines."""
    return parse_markdown(read_text(path), path)


def read_mapping(path: Path) -> Source:
    """Read a YAML file that must hold ``field: value`` lines (an empty file is ``{}``)."""
    source = read_yaml(path)
    if source.data is None:
        source.data = {}
    if not isinstance(source.data, dict):
        raise ReadError(problem(display_path(path), 1, "(file)", N_(
            "expected 'field: value' lines (a YAML mapping)")))
    return source

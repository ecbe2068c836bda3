"""Reading YAML files and Markdown front matter while remembering line numbers.

Every mapping key's line is recorded under its path (a tuple of keys and list
indexes), so a validation error on ``phones[1].number`` points at the line the
communicator typed it on.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentProblem, display_path, problem

Loc = tuple[str | int, ...]


@dataclass
class Source:
    """Parsed data of one file, with the line of every key."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    body: str = ""  # Markdown after the front matter
    body_line: int = 1  # line where the body starts

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


def dotted(loc: Loc) -> str:
    """``("phones", 1, "number")`` → ``phones[1].number``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


# LibYAML's parser when PyYAML was built with it (about 10× faster on a
# province-wide directory); same nodes, marks and safe constructors.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text, so we can report impossible dates ourselves."""


# YAML would turn 2022-02-30 into an error with no field name, and "15/11" into
# text: keep timestamps as strings and let the models parse them.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct(node: yaml.Node, loader: _LineLoader, loc: Loc, lines: dict[Loc, int], offset: int) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = unicodedata.normalize("NFC", key) if isinstance(key, str) else key
            lines[(*loc, key)] = key_node.start_mark.line + 1 + offset
            result[key] = _construct(value_node, loader, (*loc, key), lines, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, loader, (*loc, index), lines, offset)
            for index, item in enumerate(node.value)
        ]
    value = loader.construct_object(node, deep=True)
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def parse_yaml(text: str, path: Path, offset: int = 0) -> Source:
    """Parse ``text`` (NFC-normalised) into a :class:`Source`; raise ContentProblem on bad YAML."""
    text = unicodedata.normalize("NFC", text)
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = _construct(node, loader, (), lines, offset) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        raise YamlSyntaxError(problem(
            display_path(path), line, "(yaml)",
            "YAML syntax error ({detail}); check colons, quotes and brackets on this line or the one above",
            detail=error.problem)) from error
    finally:
        loader.dispose()
    return Source(path, data, lines)


class YamlSyntaxError(Exception):
    """The file is not valid YAML."""

    def __init__(self, problem: ContentProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def read_yaml(path: Path) -> Source:
    """Read a YAML file."""
    return parse_yaml(path.read_text(encoding="utf-8"), path)


def read_markdown(path: Path) -> Source:
    """Read a Markdown file with YAML front matter between ``---`` lines."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return Source(path, {}, {(): 1}, text, 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            source = parse_yaml("".join(lines[1:index]), path, offset=1)
            source.body = "".join(lines[index + 1 :])
            source.body_line = index + 2
            if source.data is None:
                source.data = {}
            return source
    raise YamlSyntaxError(problem(display_path(path), 1, "(front matter)",
                                  "front matter opened with '---' is never closed; add a line '---' after the fields"))

"""Add translations to YAML files without changing anything else (ruamel.yaml round trip).

Comments, key order, quoting, flow mappings (``{vi: …, en: …}``) and line
breaks stay as written: a document is edited only if dumping it unchanged gives
back the very same text (with one of the usual list indentations), else
:class:`CannotEdit` is raised and the file is left alone.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..content.reader import Loc

# (mapping, sequence, offset) indentations tried, the project's own first
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


class CannotEdit(Exception):
    """Editing the file would change more than the translation (its layout is unusual)."""


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold long lines
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


class Document:
    """A YAML file's text, loaded for editing (or a new, empty mapping)."""

    def __init__(self, text: str | None, header: str = "") -> None:
        self.header = header
        if text is None:
            self.yaml, self.data = _yaml(_INDENTS[0]), CommentedMap()
            return
        for indent in _INDENTS:
            yaml = _yaml(indent)
            data = yaml.load(text)
            if self._dump(yaml, data) == text:
                self.yaml, self.data = yaml, data
                return
        raise CannotEdit()

    @staticmethod
    def _dump(yaml: YAML, data: Any) -> str:
        out = io.StringIO()
        yaml.dump(data, out)
        return out.getvalue()

    def text(self) -> str:
        """The document as YAML text."""
        return self.header + self._dump(self.yaml, self.data)

    def set_translation(self, loc: Loc, language: str, default: str, text: str) -> None:
        """Write ``text`` as the ``language`` translation of the translatable value at ``loc``:
        plain text becomes ``{default: …, language: …}``."""
        parent = self.data
        for part in loc[:-1]:
            parent = parent[part]
        current = parent[loc[-1]]
        if isinstance(current, dict):
            current[language] = text
        else:
            parent[loc[-1]] = CommentedMap([(default, current), (language, text)])

    def set_value(self, loc: Loc, text: str) -> None:
        """Set the text at ``loc`` (nested keys), making the mappings on the way."""
        parent = self.data
        for part in loc[:-1]:
            if not isinstance(parent.get(part), dict):
                parent[part] = CommentedMap()
            parent = parent[part]
        parent[loc[-1]] = text

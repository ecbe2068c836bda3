"""What a generated page is, independent of MkDocs."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from ..content.models import Localized


@dataclass(frozen=True)
class GeneratedPage:
    """One page to generate in every site language.

    ``neutral_uri`` is the Markdown path without language prefix
    (``tai-lieu/to-roi.md``); ``template`` renders the part around the body.
    """

    neutral_uri: str
    title: Localized
    description: Localized
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    body: Localized = field(default_factory=Localized)
    printable: bool = True  # carries a QR code of its public address for print

    def text_language(self, lang: str, default: str) -> str:
        """Language the page's own text is shown in for a reader of ``lang``."""
        return self.title.language_of(lang, default)

    def markdown(self, lang: str, default: str) -> str:
        """Markdown source: front matter, the title as heading, the body."""
        title = self.title.text(lang, default)
        description = self.description.text(lang, default).replace("\n", " ")
        body = self.body.text(lang, default) if self.body else ""
        return (
            "---\n"
            f"title: {_yaml_string(title)}\n"
            f"description: {_yaml_string(description)}\n"
            "---\n\n"
            f"# {markdown_text(title)}\n\n{body}\n"
        )


def markdown_text(text: str) -> str:
    """Plain ``text`` written as Markdown that shows it as typed: no tag, link,
    emphasis or attribute list can come out of it."""
    text = html.escape(text, quote=False)
    return "".join("\\" + char if char in _MARKDOWN_ACTIVE else char for char in text)


_MARKDOWN_ACTIVE = frozenset("\\`*_[]{}!#")


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

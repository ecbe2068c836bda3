"""Labels shown by generated pages, one YAML file per site language.

Languages without their own file (Ê Đê, J'rai, M'nông until translators supply
them) use the default language's labels; missing keys fall back key by key.

The ``theme`` section holds the strings of Material's interface that the site
shows, under Material's own keys (``search.placeholder``: dots are part of the
key). The default language's lists them (Material's own text, the source for
translators); a language Material has no strings for uses its own once they are
all translated (:mod:`campaign_site.plugins.theme_languages`). They are written
into templates as they are, so they may not hold markup characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import N_
from .errors import ContentError, display_path, problem
from .reader import ReadError, read_mapping

THEME = "theme"
#: The label holding the word for "Table" that starts a table's caption ("Bảng 1. …").
CAPTION_PREFIX = "tables.caption_prefix"
#: Characters a theme string may not hold (Material writes them into HTML unescaped).
MARKUP_CHARACTERS = "<>&\"{}"


@dataclass
class Labels:
    """UI labels for one site language, with the default language behind it."""

    language: str
    own: dict[str, object] = field(default_factory=dict)
    fallback: "Labels | None" = None

    @property
    def is_own(self) -> bool:
        """Whether this language has a labels file of its own."""
        return bool(self.own)

    def has(self, key: str) -> bool:
        """Whether this language's own file has label ``key`` (dotted path), not only its fallback.

        A labels file may be translated in part: text made of several labels is
        in this language only when every one of them is here."""
        return self._own_value(key) is not None

    def _own_value(self, key: str) -> object:
        value: object = self.own
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    @property
    def theme(self) -> dict[str, str]:
        """This language's own strings for Material's interface (Material key → text)."""
        section = self.own.get(THEME)
        return {str(key): str(value) for key, value in section.items()
                if str(value).strip()} if isinstance(section, dict) else {}

    def get(self, key: str, default: object = None) -> object:
        """Label ``key`` (dotted path allowed), falling back to the default language."""
        value = self._own_value(key)
        if value is None and self.fallback is not None:
            return self.fallback.get(key, default)
        return default if value is None else value

    def language_of(self, key: str) -> str:
        """Language of the label ``key`` as shown: this one's, or its fallback's when it has none."""
        if not self.has(key) and self.fallback is not None:
            return self.fallback.language_of(key)
        return self.language

    def __getitem__(self, key: str) -> object:
        value = self.get(key)
        if value is None:
            raise KeyError(f"label '{key}' is missing for '{self.language}' and its fallback")
        return value


def read_label_file(path: Path) -> dict[str, object]:
    """Read one labels file (every value text, NFC); raise :class:`ContentError` with its line."""
    try:
        source = read_mapping(path)
    except ReadError as error:
        raise ContentError([error.problem]) from None
    section = source.data.get(THEME)
    problems = [
        problem(display_path(path), source.line_of((THEME, key)), f"{THEME}.{key}", N_(
            "found '{found}'; the interface strings of the theme cannot hold any of {expected}"),
            found=next(char for char in str(value) if char in MARKUP_CHARACTERS),
            expected=" ".join(MARKUP_CHARACTERS))
        for key, value in (section.items() if isinstance(section, dict) else ())
        if any(char in MARKUP_CHARACTERS for char in str(value))
    ]
    if problems:
        raise ContentError(problems)
    return source.data


def load_labels(folder: Path, languages: list[str], default: str) -> dict[str, Labels]:
    """Labels for every site language from ``folder/<lang>.yaml``."""
    base_file = folder / f"{default}.yaml"
    base = Labels(default, read_label_file(base_file) if base_file.exists() else {})
    labels = {default: base}
    for code in languages:
        if code == default:
            continue
        path = folder / f"{code}.yaml"
        labels[code] = Labels(code, read_label_file(path) if path.exists() else {}, base)
    return labels


def caption_prefixes(labels: Mapping[str, Labels]) -> list[str]:
    """The word for "Table" (label ``tables.caption_prefix``) in each language with its own labels."""
    return [str(text.get(CAPTION_PREFIX)) for text in labels.values() if text.is_own]


def caption_start(prefixes: Iterable[str]) -> re.Pattern[str]:
    """Matches the start of a caption sentence: the word for "Table", maybe a number, a full stop
    and a space (``Bảng 1. …``, ``Table. …``)."""
    words = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?:\s+\d+)?\.\s")

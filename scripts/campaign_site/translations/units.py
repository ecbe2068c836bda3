"""Every translatable text of a project, as units a translator translates.

A :class:`Unit` is one source text and where its translation into each
language lives. What is translatable is read from the content types
(:mod:`campaign_site.content.types`) and nowhere else:

- a **page** (``docs/page.md``) is one unit, the whole file; its translation is
  ``docs/page.<lang>.md``;
- an entry of a **Markdown** type (resources, practices) is one unit: its
  translatable fields and body; its translation is ``slug.<lang>.md``;
- an entry of a **YAML** type (services, events, campaigns) has one unit per
  translatable field, list item or nested field (``phones[0].label``); the
  translation is inline, ``{vi: …, rad: …}`` in the same file;
- **area names** (``content/areas.yaml``, the :class:`~campaign_site.content.models.Area`
  model's translatable fields), inline like the YAML types;
- **interface labels**: one unit per label of ``content/i18n/<default>.yaml``,
  translated at the same key in ``content/i18n/<lang>.yaml``.

A unit reads its texts from a file's text (:meth:`Unit.source_value`,
:meth:`Unit.translated_value`), so the same code reads the files as they are
and as they were in any commit (:mod:`.history`).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.models import Area
from ..content.reader import Loc, ReadError, dotted, parse_markdown, parse_yaml, read_yaml
from ..content.types import ContentType, FieldSpec, content_types
from ..languages import SiteLanguages, UnknownLanguage
from .hashing import normalise

AREAS = ContentType("area", "", Area, "yaml", "Areas")  # reference data, described like a content type
LABELS = "labels"


@functools.lru_cache(maxsize=512)
def _yaml_data(text: str) -> Any:
    try:
        return parse_yaml(text, Path("(history)")).data
    except ReadError:
        return None


@functools.lru_cache(maxsize=512)
def _markdown(text: str) -> tuple[Any, str] | None:
    try:
        source = parse_markdown(text, Path("(history)"))
    except ReadError:
        return None
    return (source.data if isinstance(source.data, dict) else {}), source.body


def value_at(data: Any, loc: Loc) -> Any:
    """The value at ``loc`` in nested mappings and lists (None when absent)."""
    for part in loc:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return unicodedata.normalize("NFC", value).strip()


def _in_language(value: Any, language: str, default: str) -> str | None:
    """The text in ``language`` of a translatable value: plain text is the default language's."""
    if isinstance(value, str):
        return _text(value) if language == default else None
    if isinstance(value, dict):
        return _text(value.get(language))
    return None


@dataclass(frozen=True)
class Unit:
    """One source text (a whole file, or one field) and its translations.

    ``kind``: the content type's name, ``"area"`` or ``"labels"``; ``field``:
    the dotted field (``phones[0].label``), None for a whole file.
    """

    kind: str
    source: Path
    loc: Loc
    default: str
    whole_file: bool = False
    content_type: ContentType | None = None

    @property
    def field(self) -> str | None:
        """The dotted field, None for a whole file."""
        return None if self.whole_file else dotted(self.loc)

    @property
    def inline(self) -> bool:
        """Whether translations are written in the source file itself."""
        return not self.whole_file and self.kind != LABELS

    def translation_file(self, language: str) -> Path:
        """The file holding the translation into ``language``."""
        if self.kind == LABELS:
            return self.source.with_name(f"{language}{self.source.suffix}")
        if self.whole_file:
            base = self.source.name.removesuffix(self.source.suffix)
            return self.source.with_name(f"{base}.{language}{self.source.suffix}")
        return self.source

    def source_value(self, text: str | None) -> str | None:
        """The source text, from the text of the source file (None when absent)."""
        if text is None:
            return None
        if self.whole_file:
            return self._entry_text(text) if self.content_type and self.content_type.model else normalise(text)
        return _in_language(value_at(_yaml_data(text), self.loc), self.default, self.default)

    def translated_value(self, text: str | None, language: str) -> str | None:
        """The translation, from the text of :meth:`translation_file` (None when absent)."""
        if text is None:
            return None
        if self.whole_file:
            return normalise(text)
        if self.kind == LABELS:
            return _text(value_at(_yaml_data(text), self.loc))
        return _in_language(value_at(_yaml_data(text), self.loc), language, self.default)

    def _entry_text(self, text: str) -> str | None:
        """A Markdown entry's translatable fields (default language) and body, as JSON."""
        parsed = _markdown(text)
        if parsed is None:
            return normalise(text)
        data, body = parsed
        texts, lists = self.content_type.translatable_fields()  # type: ignore[union-attr]
        fields = {name: _plain(data.get(name), self.default) for name in sorted(texts | lists)}
        return json.dumps({"fields": fields, "body": normalise(body, front_matter=False)},
                          ensure_ascii=False, sort_keys=True)

    def changed_fields(self, before: str | None, after: str | None) -> list[str]:
        """For a Markdown entry: which fields (``body`` too) differ between two source values."""
        if not (self.whole_file and self.content_type and self.content_type.model) or not before or not after:
            return []
        try:
            old, new = json.loads(before), json.loads(after)
        except ValueError:
            return []
        names = sorted(set(old["fields"]) | set(new["fields"]))
        changed = [name for name in names if old["fields"].get(name) != new["fields"].get(name)]
        return changed + (["body"] if old["body"] != new["body"] else [])


def _plain(value: Any, default: str) -> Any:
    if isinstance(value, dict):
        return _plain(value.get(default), default)
    if isinstance(value, list):
        return [_plain(item, default) for item in value]
    return None if value is None else str(value).strip()


def _field_locs(specs: tuple[FieldSpec, ...], data: Any, prefix: Loc = ()) -> Iterator[Loc]:
    """Locations of the translatable texts in ``data`` (an entry), following its field specs."""
    if not isinstance(data, dict):
        return
    for spec in specs:
        value = data.get(spec.name)
        if value is None:
            continue
        items = [(prefix + (spec.name, index), item) for index, item in enumerate(value)] \
            if spec.many and isinstance(value, list) else [(prefix + (spec.name,), value)]
        for loc, item in items:
            if spec.input == "group":
                yield from _field_locs(spec.fields, item, loc)
            elif spec.translatable and isinstance(item, (str, dict)):
                yield loc


def _yaml_units(kind: ContentType, path: Path, default: str, data: Any, prefix: Loc = ()) -> list[Unit]:
    specs = tuple(spec for spec in kind.field_specs() if spec.name != "body")
    return [Unit(kind.name, path, loc, default, content_type=kind) for loc in _field_locs(specs, data, prefix)]


def _label_locs(data: Any, prefix: Loc = ()) -> Iterator[Loc]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _label_locs(value, prefix + (key,))
    elif _text(data) is not None:
        yield prefix


@dataclass(frozen=True)
class Sources:
    """Where a project keeps what is translated."""

    docs_dir: Path
    content_dir: Path
    languages: SiteLanguages

    def _files(self, kind: ContentType) -> list[Path]:
        if kind.is_page:
            return sorted(self.docs_dir.rglob("*.md"))
        folder = self.content_dir / kind.folder
        return sorted(folder.glob("*.md" if kind.file_format == "markdown" else "*.y*ml"))

    def units(self) -> tuple[list[Unit], list[tuple[Path, UnknownLanguage]]]:
        """Every translatable text, in a stable order, and the files named with an unknown language."""
        default = self.languages.default
        units: list[Unit] = []
        unknown: list[tuple[Path, UnknownLanguage]] = []
        for kind in content_types():
            for path in self._files(kind):
                if kind.file_format == "yaml":
                    try:
                        data = read_yaml(path).data
                    except ReadError:
                        continue  # check reports it
                    units += _yaml_units(kind, path.resolve(), default, data)
                    continue
                try:
                    _, language = self.languages.split(path.name)
                except UnknownLanguage as error:
                    unknown.append((path, error))
                    continue
                if language in (None, default):
                    units.append(Unit(kind.name, path.resolve(), (), default, whole_file=True, content_type=kind))
        areas = self.content_dir / "areas.yaml"
        if areas.is_file():
            try:
                data = read_yaml(areas).data
            except ReadError:
                data = None
            for key, area in (data.get("areas") or {}).items() if isinstance(data, dict) else ():
                units += _yaml_units(AREAS, areas.resolve(), default, area, ("areas", key))
        labels = self.content_dir / "i18n" / f"{default}.yaml"
        if labels.is_file():
            try:
                data = read_yaml(labels).data
            except ReadError:
                data = None
            units += [Unit(LABELS, labels.resolve(), loc, default) for loc in _label_locs(data)]
        return units, unknown

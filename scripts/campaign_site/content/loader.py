"""Load every content file once, validate it, and collect *all* problems.

The result feeds ``campaign-site check``, the generated pages and the exports;
nothing downstream re-reads the YAML or Markdown files.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from ..languages import UnknownLanguage, split_language
from ..messages import N_
from ..work_log import note
from .errors import ContentProblem, display_path, problem
from .file_names import unknown_language_problem
from .labels import Labels, load_labels
from .models import Area, Campaign, Context, Event, Localized, Practice, Resource, Service
from .reader import Loc, ReadError, Source, dotted, read_markdown, read_yaml
from .types import ContentType, collections
from .site_info import SiteInfo, load_site_info

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
M = TypeVar("M", bound=BaseModel)


@dataclass
class SiteContent:
    """Everything in ``content/``, validated."""

    root: Path
    default_language: str
    site_languages: tuple[str, ...]
    areas: dict[str, Area] = field(default_factory=dict)
    material_languages: dict[str, str] = field(default_factory=dict)  # code → native name
    labels: dict[str, Labels] = field(default_factory=dict)
    # content type name (types.py) → its entries, in the type's order
    entries: dict[str, list[Any]] = field(default_factory=dict)
    site: SiteInfo | None = None  # owner, contact, privacy note (content/site.yaml)
    problems: list[ContentProblem] = field(default_factory=list)

    @property
    def media_dir(self) -> Path:
        """Folder of downloadable files."""
        return self.root / "media"

    def of(self, name: str) -> list[Any]:
        """The entries of the content type ``name`` (empty when it has none)."""
        return self.entries.get(name, [])

    def with_entries(self, name: str, entries: list[Any]) -> SiteContent:
        """A copy with the entries of type ``name`` replaced."""
        return dataclasses.replace(self, entries={**self.entries, name: list(entries)})

    @property
    def resources(self) -> list[Resource]:
        """Resources, newest first."""
        return self.of("resource")

    @property
    def practices(self) -> list[Practice]:
        """Model practices, newest year first."""
        return self.of("practice")

    @property
    def services(self) -> list[Service]:
        """Support services, in file order."""
        return self.of("service")

    @property
    def events(self) -> list[Event]:
        """Events, by start."""
        return self.of("event")

    @property
    def campaigns(self) -> dict[int, Campaign]:
        """Campaigns by year."""
        return {campaign.year: campaign for campaign in self.of("campaign")}

    def campaign_events(self, year: int) -> list[Event]:
        """Events of one campaign, by date then area."""
        return sorted((e for e in self.events if e.campaign == year), key=lambda e: (str(e.start), e.area, e.slug))


_TYPE_NAMES = {
    "string_type": N_("text"), "int_parsing": N_("a whole number"), "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"), "bool_parsing": N_("true or false"),
    "bool_type": N_("true or false"), "list_type": N_("a list, e.g. [vi, en]"),
    "dict_type": N_("text, or a mapping such as {vi: …, en: …}"), "date_type": N_("a date"),
    "greater_than_equal": N_("a larger number"), "less_than_equal": N_("a smaller number"),
    "too_short": N_("at least one item"), "model_type": N_("fields such as 'title:' on lines below, indented"),
    "model_attributes_type": N_("fields such as 'title:' on lines below, indented"),
}


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The (nested) model whose field ``loc`` names: ``("source", 0, "urls")`` → Citation."""
    for part in loc[:-1]:
        if not isinstance(part, str) or part not in model.model_fields:
            continue
        nested = _models_in(model.model_fields[part].annotation)
        if nested:
            model = nested[0]
    return model


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [found for argument in get_args(annotation) for found in _models_in(argument)]


def _message(error: dict[str, Any], model: type[BaseModel], written: bool = False) -> tuple[str, dict[str, object]]:
    """(msgid, params) for one pydantic error: what was found, what is expected, how to fix.

    ``written``: the field's key is in the file (so a "missing" field was left empty).
    """
    kind, found = error["type"], error.get("input")
    context = error.get("ctx") or {}
    if kind == "campaign":
        return str(context["msgid"]), {k: v for k, v in context.items() if k != "msgid"}
    if kind == "missing" and written:
        return N_("the field is empty; fill it in, or remove the line if the field is not required"), {}
    if kind == "missing":
        return N_("required field is missing; add it (see the template written by 'campaign-site new')"), {}
    if found is None and kind != "model_type":
        return N_("the field is empty; fill it in, or remove the line if the field is not required"), {}
    if kind == "extra_forbidden":
        nested = _model_at(model, tuple(error["loc"]))
        allowed = ", ".join(n for n in nested.model_fields if n not in ("slug", "body", "source_path", "source_lines"))
        return N_("unknown field; check its spelling (allowed fields: {allowed})"), {"allowed": allowed}
    if kind == "literal_error":
        expected = str(context.get("expected", "")).replace(" or ", ", ")
        return N_("found '{found}'; expected one of {expected}"), {"found": found, "expected": expected}
    if kind in _TYPE_NAMES:
        return N_("found '{found}'; expected {expected}"), {"found": found, "expected": _TYPE_NAMES[kind]}
    return "{detail}", {"detail": error["msg"]}


def _field_loc(loc: tuple[Any, ...], model: type[BaseModel]) -> Loc:
    """Field names and list indexes of a pydantic error location, without its union and
    validator tags (``("start", "datetime")`` → ``("start",)``; a field named ``date`` stays)."""
    kept: list[str | int] = []
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            kept.append(part)
        elif current is not None and part in current.model_fields:
            kept.append(part)
            nested = _models_in(current.model_fields[part].annotation)
            current = nested[0] if nested else None
        elif (current is not None or kept) and "[" not in part and part not in _PYDANTIC_TAGS:
            kept.append(part)  # an unknown field, or a key of a mapping field (a text's language)
            current = None
    return tuple(kept)


_PYDANTIC_TAGS = frozenset({"date", "datetime", "str", "int", "float", "bool", "list", "dict", "none",
                            "function-before", "function-after", "function-plain", "function-wrap"})


def _written_loc(loc: Loc, data: Any) -> Loc:
    """``loc`` as written in the file: ``source[0].url`` is ``source.url`` when one mapping
    was written where a list is accepted."""
    written: list[str | int] = []
    for part in loc:
        if isinstance(part, int) and part == 0 and isinstance(data, dict):
            continue
        written.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(written)


def validate(model: type[M], source: Source, context: Context, data: dict[str, Any] | None = None) -> tuple[M | None, list[ContentProblem]]:
    """Validate ``source`` as ``model``; return the entry or the problems with their lines."""
    try:
        entry = model.model_validate(data if data is not None else source.data, context={"campaign": context})
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = _written_loc(_field_loc(tuple(item["loc"]), model), data if data is not None else source.data)
            msgid, params = _message({**item, "loc": loc}, model, loc in source.lines)
            problems.append(source.problem_at(loc, msgid, **params))
        return None, problems
    return entry, []


class ContentLoader:
    """Reads ``content/`` for given site languages."""

    def __init__(self, root: Path, site_languages: list[str], default_language: str) -> None:
        self.root = root
        self.content = SiteContent(root, default_language, tuple(site_languages))

    # -- helpers -----------------------------------------------------------------

    def _problem(self, path: Path, line: int, field_name: str, msgid: str, **params: object) -> None:
        self.content.problems.append(problem(display_path(path), line, field_name, msgid, **params))

    def _context(self, slug: str = "") -> Context:
        c = self.content
        return Context(
            site_languages=c.site_languages,
            default_language=c.default_language,
            material_languages=frozenset(c.material_languages),
            areas=frozenset(c.areas),
            media_dir=c.media_dir,
            slug=slug,
        )

    def _read(self, path: Path) -> Source | None:
        try:
            source = read_markdown(path) if path.suffix == ".md" else read_yaml(path)
        except ReadError as error:
            self.content.problems.append(error.problem)
            return None
        if not isinstance(source.data, dict):
            self._problem(path, 1, "(file)", "expected 'field: value' lines (a YAML mapping)")
            return None
        return source

    def _read_entry(self, path: Path, slug: str) -> Source | None:
        """Read an entry file whose name gives the slug; report a bad name instead."""
        if not SLUG.match(slug):
            self._problem(path, 1, "(file name)", "found '{found}'; expected lowercase letters, digits and hyphens, e.g. to-roi-binh-dang-gioi", found=slug)
            return None
        return self._read(path)


    # -- reference data ------------------------------------------------------------

    def load_reference_data(self) -> None:
        """Areas, material languages and labels: what entries are checked against."""
        languages_path = self.root / "languages.yaml"
        if languages_path.exists() and (source := self._read(languages_path)):
            for code, name in (source.data.get("languages") or {}).items():
                self.content.material_languages[str(code)] = str(name)
        areas_path = self.root / "areas.yaml"
        if areas_path.exists() and (source := self._read(areas_path)):
            for key, value in (source.data.get("areas") or {}).items():
                data = {"key": key, **value} if isinstance(value, dict) else {"key": key, "name": value}
                sub = Source(source.path, data, {(): source.line_of(("areas", key)), **{
                    loc[2:]: line for loc, line in source.lines.items() if loc[:2] == ("areas", key) and len(loc) > 2
                }})
                area, problems = validate(Area, sub, self._context())
                self.content.problems.extend(
                    ContentProblem(p.path, p.line, f"areas.{key}.{p.field}".removesuffix(".(file)"), p.message, p.msgid, p.params)
                    for p in problems
                )
                if area:
                    self.content.areas[key] = area
            self.content.problems.extend(area_reference_problems(self.content.areas, source))
        try:
            self.content.labels = load_labels(
                self.root / "i18n", list(self.content.site_languages), self.content.default_language
            )
        except Exception as error:  # ContentError carries its problems
            self.content.problems.extend(getattr(error, "problems", []))

    # -- collections -------------------------------------------------------------------

    def _markdown_collection(self, kind: ContentType) -> list[Any]:
        """Entries written as ``slug.md`` plus translations ``slug.<lang>.md``."""
        model = kind.model
        directory = self.root / kind.folder
        bases: dict[str, Source] = {}
        translations: dict[str, list[tuple[str, Source]]] = {}
        for path in sorted(directory.glob("*.md")):
            try:
                slug, lang = split_language(path.name, self.content.site_languages)
            except UnknownLanguage as error:
                self.content.problems.append(unknown_language_problem(path, error))
                continue
            source = self._read_entry(path, slug)
            if source is None:
                continue
            if lang == self.content.default_language:
                self._problem(path, 1, "(file name)", "the original must be named '{expected}', without a language suffix; rename the file", expected=f"{slug}.md")
                continue
            if lang is None:
                bases[slug] = source
            else:
                translations.setdefault(slug, []).append((lang, source))
        for slug, items in translations.items():
            if slug not in bases:
                for _, source in items:
                    self._problem(source.path, 1, "(file name)", "translation without an original: '{expected}' does not exist; create it or rename this file", expected=f"{slug}.md")
        entries = []
        for slug, source in bases.items():
            data = dict(source.data)
            bodies = {self.content.default_language: source.body.strip()}
            for lang, translation in translations.get(slug, []):
                data = self._merge_translation(kind, data, translation, lang)
                bodies[lang] = translation.body.strip()
            entry, problems = validate(model, source, self._context(slug), data)
            self.content.problems.extend(problems)
            if entry is not None:
                entries.append(entry.model_copy(update={"body": Localized({k: v for k, v in bodies.items() if v}), "source_path": display_path(source.path), "source_lines": _top_lines(source)}))
        return entries

    def _merge_translation(self, kind: ContentType, data: dict[str, Any], translation: Source, lang: str) -> dict[str, Any]:
        """Add a translation's text fields (``title``, lists of texts…) to the original's data."""
        texts, text_lists = kind.translatable_fields()
        merged = dict(data)
        default = self.content.default_language
        for key, value in translation.data.items():
            if key == "translated_from":  # written by `campaign-site translations --mark-done`
                continue
            line = translation.line_of((key,))
            if key in texts and isinstance(value, str):
                merged[key] = _add_translation(merged.get(key), value, lang, default)
            elif key in text_lists and isinstance(value, list) and isinstance(merged.get(key), list) \
                    and len(value) == len(merged[key]):
                merged[key] = [_add_translation(base, item, lang, default) for base, item in zip(merged[key], value)]
            elif key in text_lists:
                self._problem(translation.path, line, key, "expected a list of {count} texts, one per item of the original, in the same order", count=len(merged.get(key) or []))
            else:
                self._problem(translation.path, line, key, "'{found}' cannot be translated; set it in the original file only (translatable fields: {expected})", found=key, expected=", ".join(sorted(texts | text_lists)))
        return merged

    def _yaml_collection(self, kind: ContentType) -> list[Any]:
        """Entries written as one ``slug.yaml`` each."""
        model = kind.model
        entries = []
        for path in sorted((self.root / kind.folder).glob("*.y*ml")):
            slug = path.name.rsplit(".", 1)[0]
            source = self._read_entry(path, slug)
            if source is None:
                continue
            entry, problems = validate(model, source, self._context(slug))
            self.content.problems.extend(problems)
            if entry is not None:
                entries.append(entry.model_copy(update={"source_path": display_path(source.path), "source_lines": _top_lines(source)}))
        return entries

    def _check_duplicates(self, entries: list[Any]) -> None:
        seen: dict[str, str] = {}
        for entry in entries:
            if entry.slug in seen:
                self.content.problems.append(problem(entry.source_path, entry.line_of("slug"), "slug", "duplicate slug '{found}', also used by {other}; give each entry its own file name", found=entry.slug, other=seen[entry.slug]))
            else:
                seen[entry.slug] = entry.source_path

    def _collection(self, kind: ContentType) -> list[Any]:
        """The entries of one content type, validated, in the type's order."""
        read = self._markdown_collection if kind.file_format == "markdown" else self._yaml_collection
        return kind.sorted(read(kind))

    def load(self) -> SiteContent:
        """Load everything; problems are collected in ``content.problems``."""
        self.load_reference_data()
        c = self.content
        for kind in collections():
            c.entries[kind.name] = self._collection(kind)
            self._check_duplicates(c.entries[kind.name])
        for kind in collections():
            for check in kind.checks:
                c.problems.extend(check(c))
        c.site, problems = load_site_info(self.root, self._context())
        c.problems.extend(problems)
        c.problems.sort()
        return c


def area_reference_problems(areas: dict[str, Area], source: Source) -> list[ContentProblem]:
    """``parent`` and ``formerly`` name areas of the same file, and a unit named in
    ``formerly`` has ``valid_until`` (the last day it existed)."""
    problems = []
    for key, area in areas.items():
        refs = [(("parent",), area.parent)] if area.parent else []
        refs += [(("formerly", index), ref) for index, ref in enumerate(area.formerly)]
        for loc, ref in refs:
            if ref not in areas:
                problems.append(source.problem_at(("areas", key, *loc), "no area named '{found}'; expected a key of content/areas.yaml, e.g. {expected}",
                                                  found=ref, expected=", ".join(list(areas)[:3])))
            elif loc[0] == "formerly" and areas[ref].valid_until is None:
                problems.append(source.problem_at(("areas", key, *loc), "'{found}' is named as a former unit but has no 'valid_until' (the last day it existed); add it there, with its source",
                                                  found=ref))
    return problems


def translatable_fields(model: type[BaseModel]) -> tuple[set[str], set[str]]:
    """(text fields, list-of-text fields) of ``model``, the body aside: those whose type is
    marked translatable (:data:`.models.TRANSLATABLE`), as its content type reads them."""
    kind = next((kind for kind in collections() if kind.model is model), None)
    if kind is None:
        kind = ContentType("", "", model, "yaml", "")
    return kind.translatable_fields()


def _top_lines(source: Source) -> dict[str, int]:
    """Line of every key and item of the file, by dotted path (``phones[1].number``)."""
    return {dotted(loc): line for loc, line in source.lines.items() if loc}


def _add_translation(base: Any, value: Any, lang: str, default: str) -> Any:
    """Merge a translated front-matter value into the original's value."""
    if isinstance(value, str):
        if isinstance(base, dict):
            return {**base, lang: value}
        if isinstance(base, str):
            return {default: base, lang: value}
    return base if base is not None else value


def load_content(root: Path, site_languages: list[str], default_language: str) -> SiteContent:
    """Load and validate ``root`` (the ``content/`` folder)."""
    note("load-content", str(root))
    return ContentLoader(root, site_languages, default_language).load()

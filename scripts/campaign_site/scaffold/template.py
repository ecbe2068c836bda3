"""Fill a template: ``{{ name }}`` placeholders from the models and the project.

A placeholder whose value is a list must stand alone on its (comment) line:
the line is repeated once per item, keeping the text around the placeholder.
Enum values (``{{ values:kind }}``) come from the model's ``Literal`` types, so
a template can never list a value the model rejects or miss a new one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from typing import Literal, get_args, get_origin

from ..content.reader import ReadError, read_mapping
from ..content.types import FieldSpec
from ..messages import N_, render as message
from .kinds import Kind

Value = str | list[str]
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?::[a-z_]+)?)\s*\}\}")

_STATUS_NAMES = {
    "example": "ví dụ, chưa xác minh (trang ghi “Ví dụ — chưa xác minh”; không được phát hành)",
    "verified": "đã xác minh với đơn vị hoặc văn bản gốc",
}


def template_text(kind: Kind) -> str:
    """The raw template of ``kind``: the one shipped with the package, else one made from
    its fields (:func:`generated_template`)."""
    if kind.scaffold is None:
        return generated_template(kind)
    return (resources.files("campaign_site") / "templates" / kind.scaffold).read_text(encoding="utf-8")


# The language of the templates ``new`` writes (as the hand-written ones are).
TEMPLATE_LANGUAGE = "vi"
_HEADER = (
    N_("NEW: {label} (written by the command: campaign-site new {name})."),
    N_("Lines starting with # are help, not shown on the site; keep or delete them."),
    N_("Fields marked \"required\" must be filled in: until they are, campaign-site check names each one with its line."),
)
_TRANSLATION_HINT = N_("Translation (e.g. English): a file {slug}.en{extension} in the same folder holding only the translatable fields ({translatable}) and the translated text.")
_INLINE_TRANSLATION_HINT = N_("Texts are in Vietnamese; to add a translation write, e.g., 'title: {{vi: …, en: …}}'.")
_REQUIRED, _OPTIONAL = N_("required"), N_("optional")
_BODY_HINT = N_("The text, in Markdown, goes below the last --- line.")


def _comment(text: str) -> str:
    return f"# {text}\n"


def _field_lines(spec: FieldSpec) -> str:
    """The comment explaining ``spec`` and its line with an empty value (or a safe default)."""
    need = message(_REQUIRED if spec.required else _OPTIONAL, TEMPLATE_LANGUAGE, {})
    help_text = message(spec.help, TEMPLATE_LANGUAGE, {}) if spec.help else ""
    lines = _comment(f"{message(spec.label, TEMPLATE_LANGUAGE, {})} ({need}){': ' + help_text if help_text else '.'}")
    if spec.choices:
        lines += _comment(f"  {{{{ values:{spec.name} }}}}")
    if spec.input == "area" or spec.input == "local_area":
        lines += _comment(f"  {{{{ {'areas_national' if spec.input == 'area' else 'areas'} }}}}")
    if spec.input == "language":
        lines += _comment("  {{ languages }}")
    if spec.input == "group":
        for sub in spec.fields:
            sub_help = message(sub.help, TEMPLATE_LANGUAGE, {}) if sub.help else ""
            lines += _comment(f"  {sub.name}: {message(sub.label, TEMPLATE_LANGUAGE, {})}{' — ' + sub_help if sub_help else ''}")
    value = "[]" if spec.many else ("{{ title }}" if spec.name in ("title", "name") else "")
    if spec.name == "status" and "example" in spec.choices:
        value = "example"  # new entries are examples until verified
    return lines + (f"{spec.name}: {value}".rstrip() + "\n")


def generated_template(kind: Kind) -> str:
    """A template made from the type's fields: each explained by its label and help, in
    :data:`TEMPLATE_LANGUAGE`, with its allowed values (what a hand-written template holds)."""
    params = {"label": message(kind.label, TEMPLATE_LANGUAGE, {}).upper(), "name": kind.name}
    header = "".join(_comment(message(line, TEMPLATE_LANGUAGE, params)) for line in _HEADER)
    texts, lists = kind.translatable_fields()
    if kind.file_format == "markdown" and (texts or lists):
        header += _comment(message(_TRANSLATION_HINT, TEMPLATE_LANGUAGE, {
            "slug": "{{ slug }}", "extension": kind.extension, "translatable": "{{ translatable }}"}))
    elif texts or lists:
        header += _comment(message(_INLINE_TRANSLATION_HINT, TEMPLATE_LANGUAGE, {}))
    fields = "\n".join(_field_lines(spec) for spec in kind.field_specs() if spec.name != "body")
    if kind.file_format == "markdown":
        return f"---\n{header}\n{fields}{_comment(message(_BODY_HINT, TEMPLATE_LANGUAGE, {}))}---\n"
    return f"{header}\n{fields}"


def literal_values(annotation: object) -> tuple[str, ...]:
    """Every ``Literal`` value inside ``annotation`` (``list[Literal[…]] | None`` too)."""
    if get_origin(annotation) is Literal:
        return tuple(str(value) for value in get_args(annotation))
    found: dict[str, None] = {}
    for argument in get_args(annotation):
        found.update(dict.fromkeys(literal_values(argument)))
    return tuple(found)


def enum_lines(kind: Kind, field: str, labels: dict[str, object]) -> list[str]:
    """``value = Vietnamese name`` for each allowed value of ``kind``'s ``field``, aligned."""
    assert kind.model is not None
    values = literal_values(kind.model.model_fields[field].annotation)
    if field == "status":
        names: dict[str, object] = dict(_STATUS_NAMES)
    else:
        group = labels.get(kind.choice_labels.get(field, ""), {})
        names = group if isinstance(group, dict) else {}
    width = max(len(value) for value in values)
    return [f"{value.ljust(width)} = {names[value]}" if names.get(value) else value for value in values]


def _yaml_file(path: Path) -> dict[str, object]:
    """The mapping in ``path``; ``{}`` when missing or unreadable (``check`` says why)."""
    try:
        return read_mapping(path).data if path.exists() else {}
    except ReadError:
        return {}


def _name(value: object, language: str) -> str:
    return str(value.get(language) or next(iter(value.values()), "")) if isinstance(value, dict) else str(value)


def area_lines(content_dir: Path, language: str, national: str | None = None) -> list[str]:
    """``key = name`` for every area of ``content/areas.yaml`` (after ``national`` if given), aligned."""
    areas = _yaml_file(content_dir / "areas.yaml").get("areas") or {}
    names = {"national": national} if national else {}
    if isinstance(areas, dict):
        names.update({str(key): _name(value.get("name", "") if isinstance(value, dict) else value, language)
                      for key, value in areas.items()})
    width = max((len(key) for key in names), default=0)
    return [f"{key.ljust(width)} = {name}" for key, name in names.items()] or ["(content/areas.yaml chưa có địa bàn nào)"]


def material_languages(content_dir: Path) -> str:
    """``vi (Tiếng Việt), en (English), …`` from ``content/languages.yaml``."""
    codes = _yaml_file(content_dir / "languages.yaml").get("languages") or {}
    return ", ".join(f"{code} ({name})" for code, name in codes.items()) if isinstance(codes, dict) else ""


def practice_topics(content_dir: Path, labels: dict[str, object]) -> str:
    """The topics with a name in the labels (``practice_topics``): ``code (name)``, so new
    practices reuse them; a practice may use only these."""
    named = labels.get("practice_topics")
    if not isinstance(named, dict) or not named:
        return "(chưa có)"
    return ", ".join(f"{code} ({name})" for code, name in sorted(named.items()))


def _label(labels: dict[str, object], key: str) -> object:
    value: object = labels
    for part in key.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def template_values(kind: Kind, title: str, slug: str, content_dir: Path, default_language: str,
                    today: dt.date) -> dict[str, Value]:
    """Everything a template of ``kind`` may ask for."""
    labels = _yaml_file(content_dir / "i18n" / f"{default_language}.yaml")
    values: dict[str, Value] = {
        "title": json.dumps(title, ensure_ascii=False),  # a YAML double-quoted string
        "heading": " ".join(title.split()),
        "slug": slug,
        "today": today.isoformat(),
        "today_dmy": today.strftime("%d/%m/%Y"),
        "year": str(today.year),
        "areas": area_lines(content_dir, default_language),
        "areas_national": area_lines(content_dir, default_language, str(_label(labels, "common.national")) or "Toàn quốc"),
        "languages": material_languages(content_dir),
        "topics": practice_topics(content_dir, labels),
    }
    if kind.model is not None:
        texts, lists = kind.translatable_fields()
        values["translatable"] = ", ".join(name for name in kind.model.model_fields if name in texts | lists)
        for field, info in kind.model.model_fields.items():
            if literal_values(info.annotation):
                values[f"values:{field}"] = enum_lines(kind, field, labels)
    return values


def render(text: str, values: dict[str, Value]) -> str:
    """Replace every placeholder; a list value repeats its line once per item."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        names = _PLACEHOLDER.findall(line)
        lists = [name for name in names if isinstance(values[name], list)]
        if lists:
            if len(names) != 1:
                raise ValueError(f"a list placeholder must be alone on its line: {line!r}")
            out += [_PLACEHOLDER.sub(lambda _: item, line) for item in values[lists[0]]]
        else:
            out.append(_PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), line))
    return "".join(out)

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

from pydantic import BaseModel

from ..content.loader import translatable_fields
from ..content.reader import ReadError, read_mapping, read_markdown
from .kinds import Kind

Value = str | list[str]
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?::[a-z_]+)?)\s*\}\}")

# Where the site's own labels name each enum value (content/i18n/<lang>.yaml).
_LABEL_GROUPS = {
    ("Resource", "kind"): "kinds",
    ("Resource", "audience"): "audiences",
    ("Service", "kind"): "service_kinds",
    ("Service", "accessibility"): "accessibility_values",
}
_STATUS_NAMES = {
    "example": "ví dụ, chưa xác minh (trang ghi “Ví dụ — chưa xác minh”; không được phát hành)",
    "verified": "đã xác minh với đơn vị hoặc văn bản gốc",
}


def template_text(kind: Kind) -> str:
    """The raw template of ``kind`` shipped with the package."""
    return (resources.files("campaign_site") / "templates" / kind.template).read_text(encoding="utf-8")


def literal_values(annotation: object) -> tuple[str, ...]:
    """Every ``Literal`` value inside ``annotation`` (``list[Literal[…]] | None`` too)."""
    if get_origin(annotation) is Literal:
        return tuple(str(value) for value in get_args(annotation))
    found: dict[str, None] = {}
    for argument in get_args(annotation):
        found.update(dict.fromkeys(literal_values(argument)))
    return tuple(found)


def enum_lines(model: type[BaseModel], field: str, labels: dict[str, object]) -> list[str]:
    """``value = Vietnamese name`` for each allowed value of ``model.field``, aligned."""
    values = literal_values(model.model_fields[field].annotation)
    if field == "status":
        names: dict[str, object] = dict(_STATUS_NAMES)
    else:
        group = labels.get(_LABEL_GROUPS.get((model.__name__, field), ""), {})
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


def practice_topics(content_dir: Path) -> str:
    """Topics already used by practices, so new ones reuse the same words."""
    topics: set[str] = set()
    for path in (content_dir / "practices").glob("*.md"):
        if path.name.count(".") > 1:
            continue  # translations hold no topics
        try:
            data = read_markdown(path).data
        except ReadError:
            continue
        if isinstance(data, dict) and isinstance(data.get("topics"), list):
            topics.update(str(topic) for topic in data["topics"])
    return ", ".join(sorted(topics)) or "(chưa có)"


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
        "topics": practice_topics(content_dir),
    }
    if kind.model is not None:
        texts, lists = translatable_fields(kind.model)
        values["translatable"] = ", ".join(name for name in kind.model.model_fields if name in texts | lists)
        for field, info in kind.model.model_fields.items():
            if literal_values(info.annotation):
                values[f"values:{field}"] = enum_lines(kind.model, field, labels)
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

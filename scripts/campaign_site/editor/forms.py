"""The editor's forms, made from the registry of content types, and the values they carry.

:func:`cms_config` is the configuration of Decap CMS: one collection per
content type (label, folder, whether entries can be created) and one widget per
field from :meth:`ContentType.field_specs` — required or not, its label and
help in the person's language, a list of choices (with the site's names of
each), areas and languages from the project's data, a date picker, a check box
for yes/no, a pattern for phone numbers and web addresses (the same character
rule as the model), a file from ``content/media/``, nested groups (phone
numbers, sources) and one input per site language for a translatable text,
side by side (widget ``translatable``: Decap's object widget laid out in columns by
``assets/editor.js`` and ``editor.css``).

The editor shows every entry in one shape whatever its file looks like:
:func:`to_form` turns what :mod:`campaign_site.content.reader` read (a
translatable text as plain text or ``{vi: …, en: …}``, a Markdown entry's
translations in ``slug.<lang>.md``) into that shape; :func:`from_form` turns
a saved form back into the values of a :class:`campaign_site.authoring.Draft`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..content.models import parse_date
from ..content.types import ContentType, FieldSpec
from ..messages import N_, render

PHONE_PATTERN = r"^\+?[0-9 .()\-]+$"
URL_PATTERN = r"^https?://[^\s\"<>]+\.[^\s\"<>]+$"
MONTH_OR_DATE_PATTERN = r"^(\d{1,2}/)?\d{1,2}/\d{4}$|^\d{4}-\d{2}(-\d{2})?$"
DATE_OR_TIME_PATTERN = r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})( \d{1,2}:\d{2})?$"
PHONE_HINT = N_("digits 0-9, spaces, dots, dashes, parentheses and a leading +, e.g. 0262 3852 123")
URL_HINT = N_("a web address starting with https://")
MONTH_HINT = N_("a date such as 15/11/2026, or only the month: 3/2022")
DATE_TIME_HINT = N_("a date such as 15/11/2026, with a time if known: 15/11/2026 08:00")
SLUG_HINT = N_("The file name is made from the title when the entry is first saved.")

#: Where the form keeps a Markdown entry's text.
BODY = "body"


@dataclass(frozen=True)
class Reference:
    """The project's data a form offers as choices: areas (key → name), languages
    (code → name), the site's labels (``content/i18n/<lang>.yaml``), the site's languages."""

    areas: Mapping[str, str]
    languages: Mapping[str, str]
    labels: Mapping[str, Any]
    site_languages: tuple[str, ...]
    default_language: str
    national: str = "national"


def _options(values: Iterable[str], names: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"label": f"{names[value]} ({value})" if isinstance(names.get(value), str) else value, "value": value}
            for value in values]


def field_widget(spec: FieldSpec, reference: Reference, lang: str, *, many_items: bool = True) -> dict[str, Any]:
    """The Decap CMS field of ``spec`` (labels and help in ``lang``)."""
    field: dict[str, Any] = {"name": spec.name, "label": render(spec.label, lang, {}), "required": spec.required}
    if spec.help:
        field["hint"] = render(spec.help, lang, {})
    if spec.many and many_items:
        item = field_widget(spec, reference, lang, many_items=False)
        if spec.input in ("choice", "language"):
            return {**item, **field, "multiple": True, "min": 1 if spec.required else 0}
        field.update(widget="list", collapsed=False, summary=None)
        if spec.input == "group":
            field["fields"] = item["fields"]
        else:
            field["field"] = {**item, "name": "item", "required": True}
        return {key: value for key, value in field.items() if value is not None}
    kind = spec.input
    if kind == "group":
        field.update(widget="object", collapsed=False,
                     fields=[field_widget(sub, reference, lang) for sub in spec.fields])
    elif kind in ("translatable", "markdown"):
        inner = "markdown" if kind == "markdown" else "string"
        names = reference.labels.get("language_names", {})
        field.update(widget="translatable", collapsed=False, fields=[
            {"name": code, "label": str(names.get(code, code)) if isinstance(names, dict) else code,
             "widget": inner, "required": spec.required and code == reference.default_language}
            for code in reference.site_languages])
    elif kind == "choice":
        group = reference.labels.get(spec.choice_labels or "", {})
        field.update(widget="select", options=_options(spec.choices, group if isinstance(group, dict) else {}))
    elif kind in ("area", "local_area"):
        keys = ([reference.national] if kind == "area" else []) + list(reference.areas)
        names = {**reference.areas, reference.national: _national(reference)}
        field.update(widget="select", options=_options(keys, names))
    elif kind == "language":
        field.update(widget="select", options=_options(reference.languages, reference.languages))
    elif kind == "yes_no":
        field.update(widget="boolean", default=False)
    elif kind == "number":
        field.update(widget="number", value_type="int")
    elif kind == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="DD/MM/YYYY", time_format=False,
                     picker_utc=True)
    elif kind == "month_or_date":
        field.update(widget="string", pattern=[MONTH_OR_DATE_PATTERN, render(MONTH_HINT, lang, {})])
    elif kind == "date_or_time":
        field.update(widget="string", pattern=[DATE_OR_TIME_PATTERN, render(DATE_TIME_HINT, lang, {})])
    elif kind == "phone":
        field.update(widget="string", pattern=[PHONE_PATTERN, render(PHONE_HINT, lang, {})])
    elif kind == "url":
        field.update(widget="string", pattern=[URL_PATTERN, render(URL_HINT, lang, {})])
    elif kind == "media":
        field.update(widget="file", choose_url=False)
    else:
        field.update(widget="string")
    return field


def _national(reference: Reference) -> str:
    common = reference.labels.get("common", {})
    return str(common.get("national", "national")) if isinstance(common, dict) else "national"


def collection(kind: ContentType, reference: Reference, lang: str, folder: str) -> dict[str, Any]:
    """The Decap CMS collection of ``kind``, its files in ``folder`` (relative to the project)."""
    specs = kind.field_specs()
    if kind.model is None:  # hand-written pages: a title and their text
        title, body = kind.field_text("title"), kind.field_text("body")
        specs = (FieldSpec("title", title.label, title.help, True, "translatable"),
                 FieldSpec(BODY, body.label, body.help, False, "markdown"))
    fields = [field_widget(spec, reference, lang) for spec in specs]
    first = next((spec for spec in specs if spec.name in ("title", "name")), specs[0])
    identifier = f"{first.name}.{reference.default_language}" if first.input == "translatable" else first.name
    return {
        "name": kind.name,
        "label": render(kind.label, lang, {}),
        "label_singular": render(kind.label, lang, {}),
        "folder": folder,
        "extension": kind.extension.lstrip("."),
        "format": "json",  # what the editor's backend sends; the files keep their own format
        "create": kind.creatable,
        "delete": False,  # nothing is deleted from the editor
        "identifier_field": identifier,
        "slug": "{{slug}}",
        "summary": f"{{{{{identifier}}}}}",
        "description": render(SLUG_HINT, lang, {}),
        "fields": fields,
    }


def cms_config(kinds: Iterable[tuple[ContentType, str]], reference: Reference, lang: str, api_url: str,
               preview_url: str | None) -> dict[str, Any]:
    """The whole Decap CMS configuration: ``kinds`` are (content type, folder) pairs."""
    config: dict[str, Any] = {
        "backend": {"name": "proxy", "proxy_url": api_url, "branch": "main"},
        "locale": lang,
        "media_folder": "content/media",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind, reference, lang, folder) for kind, folder in kinds],
    }
    if preview_url:
        config.update(site_url=preview_url, display_url=preview_url, show_preview_links=True)
    return config


# --- values ----------------------------------------------------------------------------------


def _translations(value: Any, reference: Reference) -> dict[str, str]:
    """A translatable value as ``{lang: text}`` for every site language."""
    if isinstance(value, dict):
        texts = {str(code): "" if text is None else str(text) for code, text in value.items()}
    else:
        texts = {reference.default_language: "" if value is None else str(value)}
    return {code: texts.get(code, "") for code in reference.site_languages} | texts


def _iso(text: str) -> str:
    try:
        return parse_date(text).isoformat()
    except Exception:  # the model's error: shown when saved
        return text


def _form_value(spec: FieldSpec, value: Any, reference: Reference) -> Any:
    if value is None:
        return None
    if spec.many and spec.input != "group" and isinstance(value, list):
        return [_form_value(dataclasses.replace(spec, many=False), item, reference) for item in value]
    if spec.input == "group":
        if spec.many:  # one group written without a list (source: {title: …}) is a list of one
            return [_group_form(spec, item, reference) for item in (value if isinstance(value, list) else [value])]
        return _group_form(spec, value, reference)
    if spec.input in ("translatable", "markdown"):
        return _translations(value, reference)
    if spec.input == "yes_no":
        return str(value).strip().lower() in ("true", "yes")
    if spec.input == "number":
        return int(value) if str(value).strip().isdigit() else value
    if spec.input == "date":
        return _iso(str(value))
    return value


def _group_form(spec: FieldSpec, value: Any, reference: Reference) -> Any:
    if not isinstance(value, dict):
        return value
    subs = {sub.name: sub for sub in spec.fields}
    return {key: _form_value(subs[key], item, reference) if key in subs else item for key, item in value.items()}


def to_form(kind: ContentType, specs: tuple[FieldSpec, ...], data: Mapping[str, Any], body: str | None,
            translations: Mapping[str, tuple[Mapping[str, Any], str]], reference: Reference) -> dict[str, Any]:
    """The form of an entry: ``data`` read from its file, ``body`` its Markdown text,
    ``translations`` (lang → (data, body)) from its translation files."""
    form: dict[str, Any] = {}
    merged = dict(data)
    for lang, (values, _) in translations.items():
        for key, value in values.items():
            if isinstance(value, str):
                current = merged.get(key)
                base = current if isinstance(current, dict) else {reference.default_language: current or ""}
                merged[key] = {**base, lang: value}
    for spec in specs:
        if spec.name == BODY:
            texts = {reference.default_language: body or "",
                     **{lang: text for lang, (_, text) in translations.items()}}
            form[BODY] = _translations(texts, reference)
        elif spec.name in merged:
            form[spec.name] = _form_value(spec, merged[spec.name], reference)
    return form


def _saved_value(spec: FieldSpec, value: Any, reference: Reference, old: Any) -> Any:
    """A form value as a file holds it (``old``: what the file holds now, kept when equal)."""
    if value in (None, "", [], {}):
        return None
    if spec.many and spec.input != "group":
        items = [_saved_value(dataclasses.replace(spec, many=False), item, reference, None)
                 for item in (value if isinstance(value, list) else [value])]
        return [item for item in items if item is not None] or None
    if spec.input == "group":
        if spec.many:
            olds = old if isinstance(old, list) else [old] if isinstance(old, dict) else []
            items = [_saved_group(spec, item, reference, olds[index] if index < len(olds) else None)
                     for index, item in enumerate(value if isinstance(value, list) else [value])]
            items = [item for item in items if item]
            if isinstance(old, dict) and len(items) == 1:
                return items[0]  # one group written without a list stays so
            return items or None
        return _saved_group(spec, value, reference, old) or None
    if spec.input in ("translatable", "markdown"):
        texts = {code: str(text).strip() if spec.input == "translatable" else str(text)
                 for code, text in (value.items() if isinstance(value, dict) else
                                    [(reference.default_language, value)]) if text not in (None, "")}
        texts = {code: text for code, text in texts.items() if text.strip()}
        if not texts:
            return None
        return texts[reference.default_language] if set(texts) == {reference.default_language} else texts
    if spec.input == "yes_no":
        return bool(value) if isinstance(value, bool) else str(value).strip().lower() in ("true", "yes")
    if spec.input == "date" and isinstance(old, str) and _iso(old) == _iso(str(value)):
        return old  # the same day, written as the person wrote it
    if spec.input == "media":
        return str(value).split("/")[-1]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return str(value).strip()


def _saved_group(spec: FieldSpec, value: Any, reference: Reference, old: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    olds = old if isinstance(old, dict) else {}
    saved = {}
    for sub in spec.fields:
        item = _saved_value(sub, value.get(sub.name), reference, olds.get(sub.name))
        if item is not None or sub.name in olds:
            saved[sub.name] = item
    return saved if any(item is not None for item in saved.values()) else {}


def from_form(specs: tuple[FieldSpec, ...], form: Mapping[str, Any], reference: Reference,
              current: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a saved form, for a :class:`campaign_site.authoring.Draft`
    (``current``: the entry's file as read now, or ``{}``)."""
    values = {}
    for spec in specs:
        value = _saved_value(spec, form.get(spec.name), reference, current.get(spec.name))
        if spec.name == BODY:
            values[BODY] = value if isinstance(value, dict) else {reference.default_language: value or ""}
        elif value is not None or spec.name in current:
            values[spec.name] = value
    return values

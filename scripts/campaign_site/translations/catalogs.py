"""gettext PO catalogs for translators: one per page, entry or labels file, and one language.

A catalog (polib's :class:`polib.POFile`) holds, for one source file:

- in its header, ``Language`` (BCP 47), ``X-Source-File`` and
  ``X-Translation-File`` (paths from the project folder) and
  ``X-Source-Fingerprint`` (what the source said when the file was made, so an
  import can refuse a stale file);
- one message per text: ``msgctxt`` names the field (``description``,
  ``phones[0].label``, ``fallback.notice``; ``body`` for the segments of a
  Markdown body), ``msgid`` is the default-language text, ``msgstr`` the
  translation (filled in where one exists; ``fuzzy`` with the previous source
  text when the source changed since). An extracted comment gives the English
  text when there is one, to help translators who read English better.

Pages and Markdown entries are cut into segments (:mod:`.segments`): one per
paragraph, heading, list item and table cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polib

from ..content.labels import THEME
from ..content.reader import ReadError, parse_markdown
from .freshness import Cell, Freshness
from .hashing import digest, normalise
from .segments import segments
from .units import LABELS, Unit, _in_language

#: Front-matter keys of a page that are text for readers (MkDocs' page title and description).
PAGE_TEXT_KEYS = ("title", "description")
BODY = "body"
REFERENCE_LANGUAGE = "en"  # shown beside the source when it has a translation
HEADER_SOURCE, HEADER_TRANSLATION, HEADER_FINGERPRINT = "X-Source-File", "X-Translation-File", "X-Source-Fingerprint"
#: Told to translators beside each string of the page frame (Material's strings, labels' ``theme``).
THEME_NOTE = ("Chữ của khung trang: chỉ được dùng khi đã dịch đủ mọi chuỗi theme.* — "
              "a string of the page frame: used once every theme.* string is translated.")


@dataclass(frozen=True)
class Markdown:
    """A page or Markdown entry read for translation: its text fields and body."""

    fields: dict[str, str]  # msgctxt (``title``, ``results[1]``) → text
    body: str

    @property
    def messages(self) -> list[tuple[str, str]]:
        """(msgctxt, msgid) in order: fields, then each body segment."""
        return list(self.fields.items()) + [(BODY, segment) for segment in segments(self.body)]


def read_markdown_text(text: str | None, unit: Unit, language: str) -> Markdown | None:
    """The texts of a page or entry in ``language`` (the source's language, or a translation file's)."""
    if text is None:
        return None
    try:
        source = parse_markdown(text, unit.source)
    except ReadError:
        return None
    data = source.data if isinstance(source.data, dict) else {}
    fields: dict[str, str] = {}
    for name in text_fields(unit):
        value = data.get(name)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if (item_text := _in_language(item, language, language)) is not None:
                    fields[f"{name}[{index}]"] = item_text
        elif (field_text := _in_language(value, language, language)) is not None:
            fields[name] = field_text
    return Markdown(fields, normalise(source.body, front_matter=False))


def text_fields(unit: Unit) -> list[str]:
    """Names of the translatable front-matter fields of a page or entry, in model order."""
    if unit.content_type is None or unit.content_type.model is None:
        return list(PAGE_TEXT_KEYS)
    texts, lists = unit.content_type.translatable_fields()
    return [name for name in unit.content_type.written_fields() if name in texts | lists]


def row_fingerprint(units: list[Unit], source_text: str | None) -> str:
    """What the source of these units says now, as one fingerprint."""
    if units[0].whole_file:
        return digest(units[0].source_value(source_text) or "")
    values = {unit.field: unit.source_value(source_text) for unit in units}
    return digest(json.dumps(values, ensure_ascii=False, sort_keys=True))


def _aligned(before: Markdown, after: Markdown) -> dict[tuple[str, str], str]:
    """Source message → translated text: fields by name, body segments by position when
    both bodies have as many segments (else the body is left out)."""
    aligned = {(name, text): after.fields[name] for name, text in before.fields.items() if name in after.fields}
    source, translated = segments(before.body), segments(after.body)
    if len(source) == len(translated):
        aligned.update({(BODY, segment): text for segment, text in zip(source, translated)})
    return aligned


def _translation(source_text: str | None, file_text: str | None, unit: Unit, language: str) -> Markdown | None:
    """A page or entry in ``language``: its translation file, and fields translated inline in the source."""
    own = read_markdown_text(file_text, unit, language)
    inline = read_markdown_text(source_text, unit, language) if unit.content_type and unit.content_type.model else None
    if own is None and (inline is None or not inline.fields):
        return None
    return Markdown({**(inline.fields if inline else {}), **(own.fields if own else {})}, own.body if own else "")


def _source_before(unit: Unit, cell: Cell, source_text: str | None) -> str | None:
    """The source's text that the existing translation was made from (as a whole file)."""
    if cell.status != "outdated":
        return source_text
    if cell.before is None:
        return None
    if unit.content_type is not None and unit.content_type.model is not None:
        try:  # a Markdown entry's source value: its fields and body as JSON
            data = json.loads(cell.before)
        except ValueError:
            return None
        fields = "".join(f"{name}: {json.dumps(value, ensure_ascii=False)}\n"
                         for name, value in data["fields"].items() if value is not None)
        return f"---\n{fields}---\n{data['body']}"
    return cell.before


def _entry(msgctxt: str, msgid: str, msgstr: str = "", note: str | None = None, previous: str | None = None,
           occurrence: str | None = None) -> polib.POEntry:
    entry = polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr=msgstr)
    if note:
        entry.comment = f"English: {note}"
    if occurrence:
        entry.occurrences = [(occurrence, "")]
    if previous is not None and msgstr:
        entry.flags.append("fuzzy")
        entry.previous_msgid = previous
    return entry


def _new_catalog(units: list[Unit], language: str, root: Path, source_text: str | None) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    first = units[0]
    catalog.header = (f"{first.source.relative_to(root).as_posix()}: {first.default} → {language}. Translate each "
                      "msgstr; keep links, numbers, {placeholders} and `code` as they are. campaign-site translations "
                      "import reads this file back.")
    catalog.metadata = {
        "Project-Id-Version": "campaign-site",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": first.default,
        HEADER_SOURCE: first.source.relative_to(root).as_posix(),
        HEADER_TRANSLATION: first.translation_file(language).relative_to(root).as_posix(),
        HEADER_FINGERPRINT: row_fingerprint(units, source_text),
    }
    return catalog


def markdown_catalog(unit: Unit, cell: Cell, language: str, root: Path, freshness: Freshness) -> polib.POFile:
    """The catalog of a page or Markdown entry, its existing translation filled in."""
    source_text = freshness.text(unit.source)
    catalog = _new_catalog([unit], language, root, source_text)
    source = read_markdown_text(source_text, unit, unit.default)
    if source is None:
        return catalog
    english = _translation(source_text, freshness.text(unit.translation_file(REFERENCE_LANGUAGE)), unit,
                           REFERENCE_LANGUAGE) if language != REFERENCE_LANGUAGE else None
    notes = _aligned(source, english) if english else {}
    existing: dict[tuple[str, str], str] = {}
    if cell.status != "missing":
        made_from = read_markdown_text(_source_before(unit, cell, source_text), unit, unit.default)
        translated = _translation(source_text, freshness.text(cell.file), unit, language)
        if made_from and translated:
            existing = _aligned(made_from, translated)
    previous = {ctx: msgid for ctx, msgid in existing if ctx != BODY}
    seen = set()
    for msgctxt, msgid in source.messages:
        if (msgctxt, msgid) in seen:
            continue
        seen.add((msgctxt, msgid))
        if (msgctxt, msgid) in existing:
            catalog.append(_entry(msgctxt, msgid, existing[(msgctxt, msgid)], notes.get((msgctxt, msgid))))
        elif msgctxt in previous:  # a field whose source changed: the old translation, marked fuzzy
            old = previous[msgctxt]
            catalog.append(_entry(msgctxt, msgid, existing[(msgctxt, old)], notes.get((msgctxt, msgid)), old))
        else:
            catalog.append(_entry(msgctxt, msgid, "", notes.get((msgctxt, msgid))))
    return catalog


def inline_catalog(units: list[Unit], cells: list[Cell], language: str, root: Path,
                   freshness: Freshness) -> polib.POFile:
    """The catalog of YAML texts (an entry's fields, area names, labels), one message per text."""
    source_text = freshness.text(units[0].source)
    catalog = _new_catalog(units, language, root, source_text)
    for unit, cell in zip(units, cells):
        msgid = unit.source_value(source_text)
        if msgid is None:
            continue
        translated = unit.translated_value(freshness.text(cell.file), language) or ""
        note = None
        if language != REFERENCE_LANGUAGE:
            reference = unit.translation_file(REFERENCE_LANGUAGE)
            note = unit.translated_value(freshness.text(reference), REFERENCE_LANGUAGE)
        previous = cell.before if cell.status == "outdated" else None
        entry = _entry(unit.field or "", msgid, translated, note, previous)
        if unit.kind == LABELS and unit.loc[:1] == (THEME,):
            entry.comment = "\n".join(filter(None, [entry.comment, THEME_NOTE]))
        catalog.append(entry)
    return catalog


def catalog_name(units: list[Unit], root: Path) -> str:
    """Where the catalog of these units goes in an export folder: the source's path, ``.po``."""
    first = units[0]
    relative = first.source.relative_to(root)
    if first.kind == LABELS:
        return (relative.parent / "labels.po").as_posix()
    return relative.with_suffix(".po").as_posix()

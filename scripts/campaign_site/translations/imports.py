"""``campaign-site translations import``: translated catalogs back into the project.

Every catalog is checked first, and nothing is written unless all pass:

- its header names a source of this project and a language of the site;
- it is not **stale**: the source still says what it said at export (a page or
  entry: the fingerprint in the header; a YAML text: each ``msgid`` is still
  the source text of its field);
- every translation keeps the source's links, numbers (dates, phone numbers),
  placeholders, code and e-mail addresses (:mod:`.checks`), and holds no
  invisible character;
- a table caption (a source text starting "Bảng 1. …") still starts with a word
  for "Table" the site knows (a language's ``tables.caption_prefix``, also one
  imported in the same run), or the table would lose its caption and the build
  stop.

Problems name the catalog's file and line (the ``msgstr`` line), the field
(``msgctxt``) and what to do. Then the translations are written:

- a page or Markdown entry gets its translation file (``page.rad.md``): the
  translated segments in the source's Markdown, untranslated ones left in the
  source language (the site marks them), its fingerprint in ``translated_from``;
  a catalog with no translated message writes nothing;
- YAML texts get ``rad: …`` beside ``vi: …`` in the same file (ruamel round
  trip: comments and layout kept, :mod:`.yaml_edit`);
- labels go to ``content/i18n/<lang>.yaml``, in the order of the default
  language's file.

Empty and fuzzy messages are not imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib
from ruamel.yaml.comments import CommentedMap

from ..content.errors import ContentProblem, problem
from ..content.labels import CAPTION_PREFIX, caption_start
from ..content.models import hidden_character
from ..content.reader import Loc, front_matter_span
from ..messages import N_
from .catalogs import (BODY, HEADER_FINGERPRINT, HEADER_SOURCE, PAGE_TEXT_KEYS, read_markdown_text,
                       row_fingerprint, text_fields)
from .checks import differences
from .frontmatter import KEY
from .segments import translate
from .units import LABELS, Unit
from .yaml_edit import CannotEdit, Document

STALE = N_("the source {source} changed since this file was exported ({detail}); export again with "
           "'campaign-site translations export' and carry your translations over (translation memory)")
_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")


@dataclass
class Catalog:
    """A catalog read for import: where it came from and where its messages are."""

    shown: str  # the file as named in problems
    po: polib.POFile
    msgstr_lines: dict[int, int] = field(default_factory=dict)  # id(entry) → line of its msgstr
    msgid_lines: dict[int, int] = field(default_factory=dict)  # id(entry) → line of its msgid
    header_line: int = 1

    def line(self, entry: polib.POEntry) -> int:
        """The line of ``entry``'s translation."""
        return self.msgstr_lines.get(id(entry), entry.linenum)

    def source_line(self, entry: polib.POEntry) -> int:
        """The line of ``entry``'s source text."""
        return self.msgid_lines.get(id(entry), entry.linenum)


def read_catalog(path: Path, shown: str) -> Catalog | ContentProblem:
    """A PO file, or the problem that stops it being read (with its line)."""
    try:
        text = path.read_text(encoding="utf-8")
        po = polib.pofile(text, wrapwidth=0)
    except UnicodeDecodeError:
        return problem(shown, 1, "(file)", N_("this file is not UTF-8 text; save it again with the encoding 'UTF-8'"))
    except OSError as error:
        match = re.search(r"line (\d+)", str(error))
        return problem(shown, int(match.group(1)) if match else 1, "(file)",
                       N_("this is not a valid PO file ({detail}); open it in a PO editor such as Poedit to fix it"),
                       detail=str(error))
    lines = text.splitlines()
    catalog = Catalog(shown, po)
    for entry in po:
        for prefix, found in (("msgid", catalog.msgid_lines), ("msgstr", catalog.msgstr_lines)):
            number = entry.linenum
            while number <= len(lines) and not lines[number - 1].startswith(prefix):
                number += 1
            found[id(entry)] = min(number, len(lines))
    catalog.header_line = next((n for n, line in enumerate(lines, 1) if HEADER_SOURCE in line), 1)
    return catalog


@dataclass
class Plan:
    """What an import will write, or why it will not."""

    writes: dict[Path, str] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    imported: int = 0  # translated messages taken
    skipped: int = 0  # empty or fuzzy messages left out
    documents: dict[Path, Document] = field(default_factory=dict)


def _loc(field_name: str) -> Loc:
    """``phones[0].label`` → ``("phones", 0, "label")``."""
    parts: list[str | int] = []
    for part in field_name.split("."):
        match = _INDEX.match(part)
        parts += [match.group(1), int(match.group(2))] if match else [part]
    return tuple(parts)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


class Importer:
    """Plans the import of catalogs into a project whose texts are ``units``."""

    def __init__(self, root: Path, units: list[Unit], languages: tuple[str, ...],
                 caption_prefixes: Sequence[str] = ()) -> None:
        self.root = root.resolve()
        self.languages = languages
        self.caption_prefixes = list(caption_prefixes)
        self.rows: dict[str, list[Unit]] = {}
        for unit in units:
            self.rows.setdefault(unit.source.relative_to(self.root).as_posix(), []).append(unit)
        self.plan = Plan()

    def _problem(self, catalog: Catalog, line: int, field_name: str, msgid: str, **params: object) -> None:
        self.plan.problems.append(problem(catalog.shown, line, field_name, msgid, **params))

    def add(self, catalog: Catalog) -> None:
        """Check ``catalog`` and plan its writes (problems are collected in :attr:`plan`)."""
        language = (catalog.po.metadata.get("Language") or "").strip()
        source = (catalog.po.metadata.get(HEADER_SOURCE) or "").strip()
        if language not in self.languages:
            self._problem(catalog, catalog.header_line, "Language",
                          N_("found language '{found}' in the header; expected one of {expected}"),
                          found=language, expected=", ".join(self.languages))
            return
        units = self.rows.get(source)
        if units is None:
            self._problem(catalog, catalog.header_line, HEADER_SOURCE,
                          N_("'{found}' is not a translatable file of this project; was this file exported from it?"),
                          found=source)
            return
        entries = [e for e in catalog.po if not e.obsolete]
        if not self._fresh(catalog, units, entries):
            return
        taken = []
        for entry in entries:
            if not entry.msgstr.strip() or entry.fuzzy:
                self.plan.skipped += 1
                continue
            found = len(self.plan.problems)
            for msgid, params in differences(entry.msgid, entry.msgstr):
                self._problem(catalog, catalog.line(entry), entry.msgctxt or BODY, msgid, **params)
            self._check_caption(catalog, entry)
            if hidden := hidden_character(entry.msgstr):
                self._problem(catalog, catalog.line(entry), entry.msgctxt or BODY, N_(
                    "found the invisible or direction-changing character {char} at character {position}; "
                    "delete it (retype the text around it)"), char=hidden[1], position=hidden[0])
            if len(self.plan.problems) == found:
                taken.append(entry)
        if not taken:
            return
        self.plan.imported += len(taken)
        if units[0].whole_file:
            self._write_markdown(units[0], language, taken)
        elif units[0].kind == LABELS:
            self._write_labels(units, language, taken)
        else:
            self._write_inline(catalog, units, language, taken)

    def _check_caption(self, catalog: Catalog, entry: polib.POEntry) -> None:
        """A source caption ("Bảng 1. …") keeps a word for "Table" the site knows at its start."""
        if not self.caption_prefixes:
            return
        start = caption_start(self.caption_prefixes)
        if start.match(entry.msgid) and not start.match(entry.msgstr):
            number = re.match(r"\S+(\s+\d+)?\.", entry.msgid)
            self._problem(catalog, catalog.line(entry), entry.msgctxt or BODY, N_(
                "this text is a table's caption: start it with '{example}' (the word for Table that the "
                "site knows: {expected}; your language's own once {label} is translated), or the table "
                "loses its caption"), example=number.group(0) if number else entry.msgid.split()[0],
                expected=", ".join(dict.fromkeys(self.caption_prefixes)), label=CAPTION_PREFIX)

    # -- staleness -----------------------------------------------------------------------------

    def _fresh(self, catalog: Catalog, units: list[Unit], entries: list[polib.POEntry]) -> bool:
        source_text = _read(units[0].source)
        shown = units[0].source.relative_to(self.root).as_posix()
        if units[0].whole_file:
            if catalog.po.metadata.get(HEADER_FINGERPRINT, "").strip() == row_fingerprint(units, source_text):
                return True
            current = read_markdown_text(source_text, units[0], units[0].default)
            messages = set(current.messages) if current else set()
            gone = next((e for e in entries if (e.msgctxt or BODY, e.msgid) not in messages), None)
            if gone is None:
                self._problem(catalog, catalog.header_line, HEADER_FINGERPRINT, STALE, source=shown,
                              detail="fingerprint")
            else:
                self._problem(catalog, catalog.source_line(gone), gone.msgctxt or BODY, STALE, source=shown,
                              detail="this text is no longer in it")
            return False
        by_field = {unit.field: unit for unit in units}
        fresh = True
        for entry in entries:
            unit = by_field.get(entry.msgctxt)
            if unit is None or unit.source_value(source_text) != entry.msgid:
                self._problem(catalog, catalog.source_line(entry), entry.msgctxt or "(msgctxt)", STALE, source=shown,
                              detail="this text is no longer in it")
                fresh = False
        return fresh

    # -- writing -------------------------------------------------------------------------------

    def _document(self, path: Path, header: str = "") -> Document | None:
        if path not in self.plan.documents:
            try:
                self.plan.documents[path] = Document(_read(path), header if not path.exists() else "")
            except CannotEdit:
                self.plan.problems.append(problem(path.relative_to(self.root).as_posix(), 1, "(file)", N_(
                    "this file is laid out in a way the import cannot keep; add the translations by hand")))
                return None
        return self.plan.documents[path]

    def _write_inline(self, catalog: Catalog, units: list[Unit], language: str, entries: list[polib.POEntry]) -> None:
        document = self._document(units[0].source)
        if document is None:
            return
        for entry in entries:
            document.set_translation(_loc(entry.msgctxt), language, units[0].default, entry.msgstr.strip())
        self.plan.writes[units[0].source] = document.text()

    def _write_labels(self, units: list[Unit], language: str, entries: list[polib.POEntry]) -> None:
        path = units[0].translation_file(language)
        header = (f"# Interface labels in '{language}', written by campaign-site translations import.\n"
                  f"# Labels missing here are shown in '{units[0].default}' ({units[0].source.name}).\n")
        document = self._document(path, header)
        if document is None:
            return
        order = [unit.field for unit in units]
        locs = {unit.field: unit.loc for unit in units}  # keys may hold dots (theme: Material's keys)
        for entry in sorted(entries, key=lambda e: order.index(e.msgctxt) if e.msgctxt in order else len(order)):
            document.set_value(locs.get(entry.msgctxt) or tuple(entry.msgctxt.split(".")), entry.msgstr.strip())
        self.plan.writes[path] = document.text()

    def _write_markdown(self, unit: Unit, language: str, entries: list[polib.POEntry]) -> None:
        source_text = _read(unit.source) or ""
        body_translations = {e.msgid: e.msgstr for e in entries if (e.msgctxt or BODY) == BODY}
        fields = {e.msgctxt: e.msgstr.strip() for e in entries if e.msgctxt and e.msgctxt != BODY}
        lines = source_text.splitlines(keepends=True)
        span = front_matter_span(lines)
        front = "".join(lines[span[0]:span[1]]) if span else ""
        body = "".join(lines[span[1] + 1:]) if span else source_text
        fingerprint = row_fingerprint([unit], source_text)
        if unit.content_type is not None and unit.content_type.model is not None:
            data = self._entry_fields(unit, front, fields)
            # an untranslated body stays out: readers see the source's, marked with its language
            body = translate(body, body_translations) if body_translations else ""
        else:
            try:
                data = Document(front or None).data
            except CannotEdit:
                self.plan.problems.append(problem(unit.source.relative_to(self.root).as_posix(), 1, "(front matter)",
                                                  N_("this file is laid out in a way the import cannot keep; "
                                                     "add the translations by hand")))
                return
            for name in PAGE_TEXT_KEYS:
                if name in fields and name in data:
                    data[name] = fields[name]
            body = translate(body, body_translations)
        data[KEY] = fingerprint
        document = Document(None)
        document.data = data
        self.plan.writes[unit.translation_file(language)] = f"---\n{document.text()}---\n{body}"

    def _entry_fields(self, unit: Unit, front: str, fields: dict[str, str]) -> CommentedMap:
        """The front matter of an entry's translation: only the fields translated."""
        data = CommentedMap()
        try:
            source = Document(front or None).data
        except CannotEdit:
            source = {}
        for name in text_fields(unit):
            value = source.get(name)
            if isinstance(value, list):
                items = [fields.get(f"{name}[{index}]", "") for index in range(len(value))]
                if any(items):
                    data[name] = items
            elif name in fields:
                data[name] = fields[name]
        return data


def plan_import(root: Path, units: list[Unit], languages: tuple[str, ...], catalogs: list[Catalog],
                caption_prefixes: Sequence[str] = ()) -> Plan:
    """Check every catalog and plan the writes (nothing is written).

    ``caption_prefixes``: the word for "Table" in each language with labels (``Bảng``, ``Table``);
    a ``tables.caption_prefix`` translated in ``catalogs`` counts too.
    """
    imported = [entry.msgstr.strip() for catalog in catalogs for entry in catalog.po
                if entry.msgctxt == CAPTION_PREFIX and entry.msgstr.strip() and not entry.fuzzy
                and not entry.obsolete]
    importer = Importer(root, units, languages, [*caption_prefixes, *imported])
    for catalog in catalogs:
        importer.add(catalog)
    importer.plan.problems.sort()
    return importer.plan


def apply(plan: Plan) -> list[Path]:
    """Write the planned files (each replaced whole, through a temporary file)."""
    written = []
    for path, text in plan.writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.importing")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        written.append(path)
    return written

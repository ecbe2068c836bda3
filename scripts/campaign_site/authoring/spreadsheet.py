"""Spreadsheets of entries: the columns of a content type, reading rows, writing a template.

The columns are made from the content type's fields (:meth:`ContentType.field_specs`):

- ``slug``: the file name (empty: made from the title, as ``new`` does);
- one column a field, named by the field (``name``, ``kind``, ``area``);
- a translatable text: ``name`` in the site's main language, ``name.en``,
  ``name.rad``… for the other languages;
- a list of groups (phone numbers, sources): ``phones.1.number``,
  ``phones.1.label``…, ``phones.2.number``…, as many items as there are columns;
- a list of values (languages, audiences, keywords): one cell, items separated
  by ``;`` or line breaks (codes also by commas).

Row 1 names the columns; row 2 of a template explains each (its label, whether
it is required, its help, the allowed values) and is skipped when read back.
``.xlsx`` files are read and written with openpyxl (first sheet, or the one
named), ``.csv`` files with the csv module (UTF-8, comma, semicolon or tab).
A cell Excel stored as a number where text is expected (a phone number that
lost its leading 0) is a problem, not silently converted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.errors import ContentProblem, problem
from ..content.types import ContentType, FieldSpec
from ..messages import N_, render

SLUG_COLUMN = "slug"
#: Items of a list of groups a template offers columns for.
TEMPLATE_ITEMS = 2
_SPLIT_CODES = re.compile(r"[,;\n]")
_SPLIT_TEXTS = re.compile(r"[;\n]")
_CODE_INPUTS = frozenset({"choice", "language", "area", "local_area"})

AT_CELL = N_("sheet '{sheet}', row {row}, column {column} ({header})")
AT_ROW = N_("sheet '{sheet}', row {row}")
NUMBER_CELL = N_("the cell holds the number {found}, so the spreadsheet may have dropped a leading 0; "
                 "format the column as Text and type the number again, e.g. 0262 3852 123")
UNKNOWN_COLUMN = N_("unknown column '{found}'; expected one of: {expected}")
NAMELESS_COLUMN = N_("this column has values but no name in row 1; name it (e.g. {expected}) or delete it")
TWICE_COLUMN = N_("the column '{found}' appears twice; keep one")
NOT_UTF8 = N_("the file is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)'")
NO_SHEET = N_("the workbook has no sheet named '{found}'; sheets: {expected}")
NOT_A_WORKBOOK = N_("the file cannot be read as an .xlsx workbook ({detail}); save it as .xlsx or .csv")
NO_ROWS = N_("no rows below the column names; fill in one row per entry")
TOO_MANY_ROWS = N_("the sheet has more than {limit} rows; import it in parts of at most {limit} rows")
LONG_CELL = N_("a cell holds more than {limit} characters; a cell is one field's text: shorten it")
FORMULA = N_("the cell holds the formula '{found}', not its value; type the value itself "
             "(or copy the cells and paste them as values only)")
#: Rows read from one sheet at most (below the column names): beyond, the import is refused before any is checked.
MAX_ROWS = 5_000
#: Characters in one cell at most.
MAX_CELL = 100_000
SLUG_HELP = N_("File name (optional): lowercase letters without accents, digits and hyphens; "
               "empty: made from the title")
REQUIRED, OPTIONAL = N_("required"), N_("optional")
ALLOWED = N_("allowed")
SEVERAL = N_("several: separate them with ;")


@dataclass(frozen=True)
class Column:
    """One column: ``header`` (its name in row 1) and what it fills: ``field`` (a top-level
    field), ``spec`` (the field or the sub-field of a group), ``lang`` (a translation's
    language), ``item`` (1-based item of a list of groups), ``sub`` (the group's sub-field)."""

    header: str
    field: str
    spec: FieldSpec | None
    lang: str | None = None
    item: int | None = None
    sub: str | None = None


@dataclass(frozen=True)
class CellProblem:
    """A problem at a cell: file, sheet, row (1-based), column letter and name, and the problem."""

    file: str
    sheet: str
    row: int
    column: str | None
    header: str | None
    problem: ContentProblem

    def render(self, lang: str) -> str:
        """``file: sheet 'S', row 5, column C (header): field: message`` in ``lang``."""
        where = render(AT_CELL if self.column else AT_ROW, lang,
                       {"sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header})
        found = self.problem
        message = render(found.msgid, lang, dict(found.params)) if found.msgid else found.message
        field = "" if self.column else f"{found.field}: "  # the column names the field
        return f"{self.file}: {where}: {field}{message}"


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def columns(kind: ContentType, languages: Iterable[str], default_language: str,
            items: dict[str, int] | None = None, translations: bool = False) -> list[Column]:
    """The columns of ``kind``; ``items``: items per list of groups (default :data:`TEMPLATE_ITEMS`);
    ``translations``: also a column per other language of each translatable text (an import
    accepts them whether or not a template has them)."""
    others = [lang for lang in languages if lang != default_language] if translations else []
    found = [Column(SLUG_COLUMN, SLUG_COLUMN, None)]
    for spec in kind.field_specs():
        if spec.input == "group":
            count = (items or {}).get(spec.name, TEMPLATE_ITEMS) if spec.many else None
            for item in range(1, count + 1) if count else [None]:
                for sub, leaf in _leaves(spec):
                    header = ".".join(str(part) for part in (spec.name, item, sub) if part is not None)
                    found.append(Column(header, spec.name, leaf, item=item, sub=sub))
        elif spec.translatable and not spec.many:
            found.append(Column(spec.name, spec.name, spec))
            found += [Column(f"{spec.name}.{lang}", spec.name, spec, lang=lang) for lang in others]
        else:
            found.append(Column(spec.name, spec.name, spec))
    return found


def _leaves(spec: FieldSpec) -> list[tuple[str, FieldSpec]]:
    """The fields of a group, a group inside it by dotted name (``free_source.title``)."""
    found = []
    for sub in spec.fields:
        if sub.input == "group" and not sub.many:
            found += [(f"{sub.name}.{name}", leaf) for name, leaf in _leaves(sub)]
        else:
            found.append((sub.name, sub))
    return found


def column_named(header: str, kind: ContentType, languages: Iterable[str], default_language: str) -> Column | None:
    """The column called ``header`` (any item number of a list of groups); None if unknown."""
    parts = header.strip().split(".")
    if parts == [SLUG_COLUMN]:
        return Column(SLUG_COLUMN, SLUG_COLUMN, None)
    specs = {spec.name: spec for spec in kind.field_specs()}
    spec = specs.get(parts[0])
    if spec is None:
        return None
    if spec.input == "group":
        subs = dict(_leaves(spec))
        if spec.many and len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) > 0 and ".".join(parts[2:]) in subs:
            sub = ".".join(parts[2:])
            return Column(header.strip(), spec.name, subs[sub], item=int(parts[1]), sub=sub)
        if not spec.many and ".".join(parts[1:]) in subs:
            return Column(header.strip(), spec.name, subs[".".join(parts[1:])], sub=".".join(parts[1:]))
        return None
    if len(parts) == 1:
        return Column(header.strip(), spec.name, spec)
    if len(parts) == 2 and spec.translatable and not spec.many and parts[1] in languages \
            and parts[1] != default_language:
        return Column(header.strip(), spec.name, spec, lang=parts[1])
    return None


# --- help ----------------------------------------------------------------------------


def column_help(column: Column, lang: str, allowed: dict[str, list[str]]) -> str:
    """Row 2 of a template: the column's label, required or not, help and allowed values.

    ``allowed``: values of the inputs checked against the project's data
    (``area``, ``language``…), by input kind.
    """
    if column.spec is None:
        return render(SLUG_HELP, lang, {})
    spec = column.spec
    label = render(spec.label, lang, {})
    if column.lang:
        label = f"{label} [{column.lang}]"
    need = render(REQUIRED if spec.required and not column.lang else OPTIONAL, lang, {})
    text = f"{label} ({need}): {render(spec.help, lang, {})}" if spec.help else f"{label} ({need})"
    values = list(spec.choices) or allowed.get(spec.input, [])
    if values:
        text += f". {render(ALLOWED, lang, {})}: {', '.join(values)}"
    if spec.many and spec.input != "group":
        text += f". {render(SEVERAL, lang, {})}"
    return text


def _is_help_row(cells: list[Any], header: list[Column | None], helps: list[set[str]]) -> bool:
    given = [(index, str(cell).strip()) for index, cell in enumerate(cells)
             if cell not in (None, "") and index < len(header)]
    return bool(given) and all(text in helps[index] for index, text in given)


# --- reading ------------------------------------------------------------------------


@dataclass
class Sheet:
    """The cells of one sheet: its name and rows (each a list of cell values, row 1 first)."""

    name: str
    rows: list[list[Any]]


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; ``problem`` says why."""

    def __init__(self, found: ContentProblem) -> None:
        self.problem = found
        super().__init__(str(found))


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The rows of ``path`` (``.xlsx``: ``sheet`` or the first; ``.csv``); :class:`SheetError` if unreadable."""
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SheetError(problem(path.name, 1, "(file)", NOT_UTF8)) from None
        first = text.split("\n", 1)[0]  # the column names: the separator is the one they use most
        delimiter = max(",;\t", key=first.count)
        try:
            return _bounded(path, path.stem, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error:  # a cell above the csv module's field limit (131 072 characters)
            raise SheetError(problem(path.name, 1, "(file)", LONG_CELL, limit=MAX_CELL)) from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException…
        raise SheetError(problem(path.name, 1, "(file)", NOT_A_WORKBOOK, detail=type(error).__name__)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SheetError(problem(path.name, 1, "(sheet)", NO_SHEET, found=sheet,
                                     expected=", ".join(book.sheetnames)))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        return _bounded(path, worksheet.title, worksheet.iter_rows(values_only=True))
    finally:
        book.close()


def _bounded(path: Path, name: str, rows: Iterable[Iterable[Any]]) -> Sheet:
    """The sheet of ``rows`` (the column names and at most :data:`MAX_ROWS` more); :class:`SheetError` beyond."""
    kept = [list(row) for row in itertools.islice(rows, MAX_ROWS + 2)]
    if len(kept) > MAX_ROWS + 1:
        raise SheetError(problem(path.name, MAX_ROWS + 2, "(sheet)", TOO_MANY_ROWS, limit=MAX_ROWS))
    return Sheet(name, kept)


@dataclass
class Row:
    """One row read: its number, the file name asked for, values by field, and where each item came from."""

    number: int
    slug: str | None
    values: dict[str, Any]
    items: dict[str, list[int]]  # field → item number (column) of each list item kept, in order
    problems: list[tuple[Column | None, ContentProblem]]


def _cell_text(value: Any) -> str | None:
    """A cell as the text a person typed; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        shown = value.strftime("%d/%m/%Y")
        return f"{shown} {value:%H:%M}" if value.time() != dt.time() else shown
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def read_rows(sheet: Sheet, file_name: str, kind: ContentType, languages: Iterable[str], default_language: str,
              allowed: dict[str, list[str]] | None = None
              ) -> tuple[list[Column | None], list[Row], list[CellProblem]]:
    """The columns of ``sheet`` (row 1: their names; None for an unknown one), its entries (a
    template's help row and empty rows skipped) and the problems with its columns."""
    languages = tuple(languages)
    problems: list[CellProblem] = []
    if not sheet.rows:
        return [], [], [CellProblem(file_name, sheet.name, 1, None, None, problem(file_name, 1, "(sheet)", NO_ROWS))]
    header: list[Column | None] = []
    seen: set[str] = set()
    known = ", ".join(column.header for column in columns(kind, languages, default_language, {}, translations=True))
    for index, name in enumerate(sheet.rows[0]):
        text = _cell_text(name)
        column = column_named(text, kind, languages, default_language) if text else None
        header.append(column)
        letter = column_letter(index)
        if text and column is None:
            problems.append(CellProblem(file_name, sheet.name, 1, letter, text,
                                        problem(file_name, 1, "(column)", UNKNOWN_COLUMN, found=text, expected=known)))
        elif column is not None and column.header in seen:
            problems.append(CellProblem(file_name, sheet.name, 1, letter, text,
                                        problem(file_name, 1, "(column)", TWICE_COLUMN, found=text)))
        elif column is not None:
            seen.add(column.header)
    helps = [{column_help(column, lang, allowed or {}) for lang in ("vi", "en")} if column else set()
             for column in header]
    rows = []
    for number, cells in enumerate(sheet.rows[1:], start=2):
        if all(_cell_text(cell) is None for cell in cells):
            continue
        if number == 2 and _is_help_row(cells, header, helps):
            continue
        for index, cell in enumerate(cells):
            if index >= len(header) and _cell_text(cell) is not None or \
                    index < len(header) and header[index] is None and _cell_text(cell) is not None \
                    and not _cell_text(sheet.rows[0][index] if index < len(sheet.rows[0]) else None):
                problems.append(CellProblem(file_name, sheet.name, number, column_letter(index), "",
                                            problem(file_name, number, "(column)", NAMELESS_COLUMN,
                                                    expected=known.split(", ")[1])))
        rows.append(_row(number, cells, header, file_name, default_language))
    if not rows and not problems:
        problems.append(CellProblem(file_name, sheet.name, 1, None, None, problem(file_name, 1, "(sheet)", NO_ROWS)))
    return header, rows, problems


def _row(number: int, cells: list[Any], header: list[Column | None], file_name: str, default_language: str) -> Row:
    values: dict[str, Any] = {}
    groups: dict[str, dict[int | None, dict[str, Any]]] = {}
    slug = None
    found: list[tuple[Column | None, ContentProblem]] = []
    for column, cell in zip(header, cells):
        if column is None:
            continue
        if column.spec is not None and column.spec.input == "phone" and isinstance(cell, (int, float)) \
                and not isinstance(cell, bool):
            found.append((column, problem(file_name, number, column.header, NUMBER_CELL, found=_cell_text(cell))))
            continue
        text = _cell_text(cell)
        if text is None:
            continue
        if len(text) > MAX_CELL or text.startswith("="):  # a formula typed in a CSV file, or a text too long
            found.append((column, problem(file_name, number, column.header, FORMULA, found=text[:40])
                          if len(text) <= MAX_CELL else problem(file_name, number, column.header, LONG_CELL,
                                                                limit=MAX_CELL)))
            continue
        if column.spec is None:
            slug = text
        elif column.sub is not None:
            group = groups.setdefault(column.field, {}).setdefault(column.item, {})
            *path, last = column.sub.split(".")
            for part in path:  # a group inside the group (phones.1.free_source.title)
                group = group.setdefault(part, {})
            group[last] = _value(column.spec, text)
        elif column.spec.translatable and not column.spec.many:
            current = values.get(column.field)
            texts = current if isinstance(current, dict) else {}
            texts[column.lang or default_language] = text
            values[column.field] = texts
        else:
            values[column.field] = _value(column.spec, text)
    items: dict[str, list[int]] = {}
    for name, by_item in groups.items():
        if None in by_item:
            values[name] = by_item[None]
        else:
            order = sorted(by_item)
            values[name] = [by_item[item] for item in order]
            items[name] = order
    return Row(number, slug, values, items, found)


def _value(spec: FieldSpec, text: str) -> Any:
    if not spec.many or spec.input == "group":
        return text
    split = _SPLIT_CODES if spec.input in _CODE_INPUTS else _SPLIT_TEXTS
    return [item.strip() for item in split.split(text) if item.strip()]


def column_of(field_path: str, lang: str | None, items: dict[str, list[int]], header: Iterable[Column]) -> Column | None:
    """The column a problem at ``field_path`` (``phones[0].number``, ``title``) points at."""
    match = re.match(r"([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?", field_path)
    if match is None:
        return None
    name, index, sub = match.group(1), match.group(2), match.group(3)
    item = None
    if index is not None:
        numbers = items.get(name, [])
        item = numbers[int(index)] if int(index) < len(numbers) else int(index) + 1
    candidates = [column for column in header if column.field == name]
    for wanted in ((item, sub, lang), (item, None, lang), (None, None, lang), (None, None, None)):
        for column in candidates:
            if ((wanted[0] is None or column.item == wanted[0]) and (wanted[1] is None or column.sub == wanted[1])
                    and column.lang == wanted[2]):
                return column
    return candidates[0] if candidates else None


# --- writing a template -----------------------------------------------------------------


def template_rows(kind: ContentType, languages: Iterable[str], default_language: str, lang: str,
                  allowed: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Row 1 (column names) and row 2 (help in ``lang``) of an empty spreadsheet for ``kind``."""
    found = columns(kind, languages, default_language)
    return [column.header for column in found], [column_help(column, lang, allowed) for column in found]


def write_template(path: Path, kind: ContentType, languages: Iterable[str], default_language: str, lang: str,
                   allowed: dict[str, list[str]], sheet_name: str) -> None:
    """An empty spreadsheet for ``kind`` at ``path`` (``.xlsx`` or ``.csv``), never over an existing file."""
    languages = tuple(languages)
    names, helps = template_rows(kind, languages, default_language, lang, allowed)
    if path.suffix.lower() == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows([names, helps])
        with path.open("x", encoding="utf-8-sig", newline="") as handle:
            handle.write(out.getvalue())
        return
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", sheet_name)[:31]
    sheet.append(names)
    sheet.append(helps)
    specs = columns(kind, languages, default_language)
    for index, column in enumerate(specs, start=1):
        letter = column_letter(index - 1)
        sheet.cell(1, index).font = Font(bold=True)
        sheet.cell(2, index).font = Font(italic=True, color="555555")
        sheet.cell(2, index).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = 28
        # every cell is text: Excel keeps 0262…, 7:30 and 15/11/2026 as typed
        sheet.column_dimensions[letter].number_format = "@"
        for row in range(3, 503):
            sheet.cell(row, index).number_format = "@"
        spec = column.spec
        values = (list(spec.choices) or allowed.get(spec.input, [])) if spec and not spec.many else []
        if spec is not None and spec.input == "yes_no":
            values = ["true", "false"]
        listed = ",".join(values)
        if values and len(listed) < 250:
            check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            check.add(f"{letter}3:{letter}502")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "B3"
    with path.open("xb") as handle:
        book.save(handle)


def cell_problems(file_name: str, sheet: str, row: Row, found: Iterable[ContentProblem],
                  header: list[Column | None], lang_of: dict[str, str | None]) -> Iterator[CellProblem]:
    """Problems of ``row``'s files as cell problems: ``header`` holds the sheet's columns in
    order (None for an unknown one), ``lang_of`` the language of each file's shown path."""
    known = [column for column in header if column is not None]
    for item in found:
        if item.field == "(file name)":
            column = next((column for column in known if column.field == SLUG_COLUMN), None)
        else:
            column = column_of(item.field, lang_of.get(item.path), row.items, known)
        yield _at(file_name, sheet, row.number, column, header, item)
    for column, item in row.problems:
        yield _at(file_name, sheet, row.number, column, header, item)


def _at(file_name: str, sheet: str, number: int, column: Column | None, header: list[Column | None],
        found: ContentProblem) -> CellProblem:
    index = next((index for index, other in enumerate(header) if other is column), None) if column else None
    return CellProblem(file_name, sheet, number, column_letter(index) if index is not None else None,
                       column.header if column is not None and index is not None else None, found)

"""The catalogs of one language as one spreadsheet, for people with only a spreadsheet program.

One row per text: the source text and the translation side by side (the two
columns a translator works in), with the file and field it belongs to, the
English text when there is one, and a mark on texts whose source changed since
they were translated. A hidden sheet keeps each catalog's header, so an import
checks a spreadsheet exactly like PO files (stale sources, links, numbers…),
naming the row as the line.

XLSX only (openpyxl): LibreOffice Calc, Excel, WPS and Google Sheets all open
and save it, so an ODS variant would add a dependency without reaching anyone new.
Every cell is written as text, never as a formula.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import polib
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from ..content.errors import ContentProblem, problem
from ..messages import N_
from .catalogs import BODY
from .imports import Catalog

SHEET, META = "Dich - Translate", "catalogs"
COLUMNS = ("Tệp / File", "Trường / Field", "Tiếng Việt (nguồn) / Vietnamese (source)",
           "Bản dịch / Translation", "Cần kiểm tra / Check", "Tiếng Anh / English")
WIDTHS = (28, 14, 60, 60, 10, 50)
CHECK = "x"  # in the Check column: the source changed since this translation; delete it once checked


def _text(cell: object, value: str) -> None:
    cell.value = value  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]  # text, even when it starts with '='


def write_sheet(catalogs: list[tuple[str, polib.POFile]], path: Path) -> None:
    """Write ``catalogs`` (relative name, catalog) as one XLSX workbook at ``path``."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    meta = book.create_sheet(META)
    meta.sheet_state = "hidden"
    for number, (name, catalog) in enumerate(catalogs, start=1):
        _text(meta.cell(row=number, column=1), name)
        _text(meta.cell(row=number, column=2), json.dumps(catalog.metadata, ensure_ascii=False))
        for entry in catalog:
            row = sheet.max_row + 1
            english = entry.comment.removeprefix("English: ") if entry.comment.startswith("English: ") else ""
            values = (name, entry.msgctxt or BODY, entry.msgid, entry.msgstr, CHECK if entry.fuzzy else "", english)
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column)
                _text(cell, value)
                cell.alignment = Alignment(wrap_text=column in (3, 4, 6), vertical="top")
    sheet.freeze_panes = "C2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _value(cell: object) -> str:
    value = getattr(cell, "value", None)
    return "" if value is None else str(value).strip() if not isinstance(value, str) else value.strip()


def read_sheet(path: Path, shown: str) -> list[Catalog] | ContentProblem:
    """The catalogs of a spreadsheet written by :func:`write_sheet` (each row's line is its row number)."""
    try:
        book = load_workbook(path, read_only=False, data_only=False)  # a formula is read as its text
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        return problem(shown, 1, "(file)", N_("cannot read this spreadsheet ({detail}); save it as .xlsx"),
                       detail=str(error))
    if SHEET not in book.sheetnames or META not in book.sheetnames:
        return problem(shown, 1, "(file)", N_("this spreadsheet was not made by 'campaign-site translations "
                                              "export --format xlsx' (its sheets '{sheet}' and '{meta}' are missing)"),
                       sheet=SHEET, meta=META)
    catalogs: dict[str, Catalog] = {}
    for name_cell, header_cell in book[META].iter_rows(max_col=2):
        po = polib.POFile(wrapwidth=0)
        try:
            po.metadata = json.loads(_value(header_cell))
        except ValueError:
            continue
        catalogs[_value(name_cell)] = Catalog(shown, po)
    for row in book[SHEET].iter_rows(min_row=2):
        if len(row) < 5 or not any(_value(cell) for cell in row):
            continue
        number = row[0].row
        name, field, source, translation, check = (_value(cell) for cell in row[:5])
        catalog = catalogs.get(name)
        if catalog is None:
            return problem(shown, number, "(file)", N_("row names '{found}', which is not one of the files of this "
                                                       "spreadsheet; do not change the first two columns"),
                           found=name)
        entry = polib.POEntry(msgctxt=field, msgid=source, msgstr=translation, linenum=number)
        if check:
            entry.flags.append("fuzzy")
        catalog.po.append(entry)
        catalog.msgstr_lines[id(entry)] = number
    return list(catalogs.values())

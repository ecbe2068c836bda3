"""The translation status as an aligned table or as JSON."""

from __future__ import annotations

import json
import math

from ..messages import catalog, detect_language
from .status import STATUSES, Report


def _(msgid: str) -> str:
    """gettext-style: ``msgid`` in the reader's language when the catalog has it, else English."""
    return catalog(detect_language()).get(msgid, msgid)


SYMBOLS = {"translated": "✓", "unknown": "unknown", "outdated": "outdated", "missing": "missing"}


def percent_text(value: float) -> str:
    """Whole percent, rounded down (99.6 % is not shown as done)."""
    return f"{math.floor(value)}%"


def table(report: Report) -> str:
    """One row per source, one column per language, percentages at the foot."""
    header = [_("File"), *report.languages]
    body = [[report.shown(row.source), *(SYMBOLS[row.cells[lang][0]] for lang in report.languages)] for row in report.rows]
    foot = [_("Translated"), *(percent_text(report.summary(lang).percent) for lang in report.languages)]
    widths = [max(len(line[column]) for line in [header, *body, foot]) for column in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    lines = [line(header), rule, *map(line, body), rule, line(foot), ""]
    for lang in report.languages:
        summary = report.summary(lang)
        counts = ", ".join(f"{summary.counts[status]} {_(status)}" for status in STATUSES)
        lines.append(f"{lang}: {percent_text(summary.percent)} ({counts}; {summary.total} {_('files')})")
    lines += ["", _("✓ translated from the current source · outdated: the source changed since · missing: no translation"),
              _("unknown: translated before fingerprints were recorded (counted as translated); check it against"),
              _("its source, then run: campaign-site translations --mark-done FILE")]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    """Machine-readable status, in a stable order."""
    files = [{
        "source": report.shown(row.source),
        "fingerprint": row.fingerprint,
        "translations": {lang: {"file": report.shown(row.cells[lang][1]), "status": row.cells[lang][0]}
                         for lang in report.languages},
    } for row in report.rows]
    summary = {lang: {**report.summary(lang).counts, "total": report.summary(lang).total,
                      "percent": round(report.summary(lang).percent, 1)} for lang in report.languages}
    data = {"default_language": report.default_language, "languages": list(report.languages),
            "files": files, "summary": summary}
    return json.dumps(data, ensure_ascii=False, indent=2)

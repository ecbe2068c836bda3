"""The translation status as an aligned table with what changed, or as JSON."""

from __future__ import annotations

import json
import math

from ..messages import N_, catalog, detect_language
from .freshness import STATUSES, Cell
from .history import WORKTREE
from .status import Report, Row

#: Lines of a source's diff shown per outdated translation in the table view (all in JSON).
DIFF_LINES = 12


def _(msgid: str) -> str:
    """gettext-style: ``msgid`` in the reader's language when the catalog has it, else English."""
    return catalog(detect_language()).get(msgid, msgid)


#: A table cell per status: ✓ for a current translation, else the status's own word in the
#: reader's language (the same words as the summary lines and the legend).
SYMBOLS = {"current": "✓", "unknown": N_("unknown"), "outdated": N_("outdated"), "missing": N_("missing")}
#: Each status as the summary lines name it (marked for the catalog: they are looked up by value).
STATUS_WORDS = {"current": N_("current"), **{key: SYMBOLS[key] for key in ("unknown", "outdated", "missing")}}


def percent_text(value: float) -> str:
    """Whole percent, rounded down (99.6 % is not shown as done)."""
    return f"{math.floor(value)}%"


def _symbol(row: Row, language: str) -> str:
    status = row.status(language)
    if status == "partial":
        counts = row.counts(language)
        return f"{len(row.units) - counts['missing']}/{len(row.units)}"
    return _(SYMBOLS[status])  # ✓ has no translation: it stays ✓


def table(report: Report) -> str:
    """One row per source file, one column per language, percentages at the foot, then
    every outdated translation with the field and what changed in its source."""
    header = [_("File"), *report.languages]
    body = [[report.shown(row.source), *(_symbol(row, lang) for lang in report.languages)] for row in report.rows]
    foot = [_("Translated"), *(percent_text(report.summary(lang).percent) for lang in report.languages)]
    widths = [max(len(line[column]) for line in [header, *body, foot]) for column in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    lines = [line(header), rule, *map(line, body), rule, line(foot), ""]
    for lang in report.languages:
        summary = report.summary(lang)
        counts = ", ".join(f"{summary.counts[status]} {_(STATUS_WORDS[status])}" for status in STATUSES)
        texts = _("texts")
        lines.append(f"{lang}: {percent_text(summary.percent)} ({counts}; {summary.total} {texts})")
    lines += ["", _("✓ translated from the current source · outdated: the source changed since · "
                    "missing: no translation · 3/8: 3 of the file's 8 texts translated"),
              _("unknown: no fingerprint and no git history tells which source it was made from; check it "
                "against its source, then run: campaign-site translations --mark-done FILE")]
    if not report.history:
        lines.append(_("(no git history here: only translations with a fingerprint can be shown outdated)"))
    outdated = list(_outdated(report))
    if outdated:
        lines += ["", _("Outdated translations (what changed in the source since):")]
        for text in outdated:
            lines += text
    return "\n".join(lines)


def _outdated(report: Report):
    for row in report.rows:
        for lang in report.languages:
            for unit, cell in zip(row.units, row.cells[lang]):
                if cell.status != "outdated":
                    continue
                where = report.shown(cell.file) + (f": {unit.field}" if unit.field else "")
                changed = _("changed")
                fields = f" ({changed}: {', '.join(cell.changed)})" if cell.changed else ""
                lines = [f"- {where} [{lang}]{fields}"]
                shown = cell.diff[:DIFF_LINES]
                lines += [f"    {text}" for text in shown]
                if len(cell.diff) > len(shown):
                    lines.append("    " + _("… {count} more lines (see --format json)").format(
                        count=len(cell.diff) - len(shown)))
                yield lines


def _cell_json(report: Report, unit_field: str | None, cell: Cell) -> dict[str, object]:
    data: dict[str, object] = {"field": unit_field, "status": cell.status}
    if cell.since is not None:
        data["since"] = "working tree" if cell.since == WORKTREE else cell.since
    if cell.status == "outdated":
        data.update(changed=list(cell.changed), diff=list(cell.diff))
    return data


def as_json(report: Report) -> str:
    """Machine-readable status, in a stable order."""
    files = []
    for row in report.rows:
        translations = {}
        for lang in report.languages:
            cells = row.cells[lang]
            translations[lang] = {
                "file": report.shown(cells[0].file),
                "status": row.status(lang),
                "texts": [_cell_json(report, unit.field, cell) for unit, cell in zip(row.units, cells)],
            }
        files.append({"source": report.shown(row.source), "kind": row.units[0].kind, "translations": translations})
    summary = {lang: {**report.summary(lang).counts, "total": report.summary(lang).total,
                      "percent": round(report.summary(lang).percent, 1)} for lang in report.languages}
    data = {"default_language": report.default_language, "languages": list(report.languages),
            "git_history": report.history, "files": files, "summary": summary}
    return json.dumps(data, ensure_ascii=False, indent=2)

"""How big a bundle is: in total, per language, shared files, and its largest files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SHARED = "shared"
EXTRAS = "bundle files"


@dataclass(frozen=True)
class SizeReport:
    """Sizes in bytes; ``groups`` holds (label, bytes, files) in display order."""

    default_language: str
    zip_bytes: int | None
    unpacked: int
    files: int
    groups: list[tuple[str, int, int]]
    largest: list[tuple[str, int]]


def site_group(relative: str, languages: Sequence[str], default: str) -> str:
    """Group of a site file: a language (its pages and search index) or :data:`SHARED`.

    Default-language pages are the HTML outside the other languages' folders.
    """
    first, _, rest = relative.partition("/")
    if rest and first in languages and first != default:
        return first
    if first == "search" and rest.startswith("index."):
        language = rest.split(".")[1]
        if language in languages:
            return language
    return default if relative.endswith(".html") else SHARED


def size_report(files: Mapping[str, int], site_prefix: str, languages: Sequence[str], default: str,
                zip_bytes: int | None = None, top: int = 5) -> SizeReport:
    """Sizes of ``files`` (bundle path → bytes); site files are those under ``site_prefix``."""
    totals: dict[str, list[int]] = {}
    for path, size in files.items():
        if path.startswith(site_prefix):
            group = site_group(path[len(site_prefix):], languages, default)
        else:
            group = EXTRAS
        entry = totals.setdefault(group, [0, 0])
        entry[0] += size
        entry[1] += 1
    order = [default, *[lang for lang in languages if lang != default], SHARED, EXTRAS]
    groups = [(label, *totals[label]) for label in order if label in totals]
    largest = sorted(files.items(), key=lambda item: (-item[1], item[0]))[:top]
    return SizeReport(default, zip_bytes, sum(files.values()), len(files), groups, largest)  # type: ignore[arg-type]


def human(size: int) -> str:
    """``size`` bytes in kB/MB (powers of 1000)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} B"


def format_report(report: SizeReport) -> str:
    """Readable size summary, one item per line."""
    default = report.default_language
    lines = []
    if report.zip_bytes is not None:
        lines.append(f"  zip:       {human(report.zip_bytes):>9}")
    lines.append(f"  unpacked:  {human(report.unpacked):>9}  ({report.files} files)")
    for label, size, count in report.groups:
        name = {default: f"{default} (root pages)", SHARED: "shared assets",
                EXTRAS: EXTRAS}.get(label, f"{label}/")
        lines.append(f"    {name + ':':<18}{human(size):>9}  ({count} files)")
    lines.append("  largest files:")
    lines += [f"    {human(size):>9}  {path}" for path, size in report.largest]
    return "\n".join(lines)

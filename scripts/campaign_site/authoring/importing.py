"""``campaign-site import``: entries from a spreadsheet, all or nothing.

Every row becomes a :class:`.entries.Draft`; the drafts are validated
together as ``check`` validates (:meth:`.entries.EntryStore.problems`), and
the files are written only when no row has a problem. Each problem names the
sheet, row, column and field, and what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.errors import ContentProblem, display_path, problem
from ..content.loader import SLUG
from ..content.types import ContentType
from ..messages import N_
from ..scaffold.slug import slugify
from .entries import Draft, EntryStore, SaveProblems, write_files
from .spreadsheet import Column, Row, SheetError, cell_problems, read_rows, read_sheet, CellProblem

BAD_SLUG = N_("found '{found}'; expected lowercase letters without accents, digits and hyphens, e.g. tu-van-phap-ly")
NO_TITLE = N_("no title to make a file name from; fill in the title, or the slug column")
SAME_SLUG = N_("the file name '{found}' is also made by row {other}; give one of them another slug")
EXISTS = N_("content/{found} already exists and is not overwritten; give this row another slug, or edit that file")


@dataclass
class ImportResult:
    """What an import did (or would do): the files, and every problem (nothing written if any)."""

    files: list[Path] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    rows: int = 0


def allowed_values(store: EntryStore) -> dict[str, list[str]]:
    """Values of the inputs checked against the project's data, by input kind (for help rows)."""
    from ..content.loader import ContentLoader

    loader = ContentLoader(store.content_dir, list(store.languages), store.default_language)
    loader.load_reference_data()
    areas = sorted(loader.content.areas)
    languages = sorted(set(loader.content.material_languages) | set(store.languages))
    return {"area": ["national", *areas], "local_area": areas, "language": languages}


def _title(values: dict, default_language: str) -> str | None:
    for name in ("title", "name"):
        value = values.get(name)
        if isinstance(value, dict):
            value = value.get(default_language)
        if value:
            return str(value)
    return None


def _spare_slug(store: EntryStore, kind: ContentType, number: int, taken: dict[str, int]) -> str:
    """A file name no entry has, to check a row whose own file name is wrong."""
    slug = f"dong-{number}"
    while slug in taken or store.path_of(kind, slug).exists():
        slug += "-x"
    return slug


def import_file(path: Path, kind: ContentType, store: EntryStore, *, sheet: str | None = None,
                dry_run: bool = False) -> ImportResult:
    """Read ``path`` and create one ``kind`` entry a row, unless any row has a problem."""
    result = ImportResult()
    name = path.name
    try:
        table = read_sheet(path, sheet)
    except SheetError as error:
        result.problems.append(CellProblem(name, sheet or path.stem, 1, None, None, error.problem))
        return result
    header, rows, problems = read_rows(table, name, kind, store.languages, store.default_language,
                                       allowed_values(store))
    result.problems += problems
    result.rows = len(rows)
    known = [column for column in header if column is not None]
    slug_column = next((column for column in known if column.field == "slug"), None)
    drafts: dict[int, tuple[Row, Draft]] = {}
    by_slug: dict[str, int] = {}
    for row in rows:
        own = [*row.problems]
        slug = row.slug or slugify(_title(row.values, store.default_language) or "")
        if not slug:
            own.append((slug_column, problem(name, row.number, "(file name)", NO_TITLE)))
        elif not SLUG.match(slug):
            own.append((slug_column, problem(name, row.number, "(file name)", BAD_SLUG, found=slug)))
        elif slug in by_slug:
            own.append((slug_column, problem(name, row.number, "(file name)", SAME_SLUG, found=slug,
                                             other=by_slug[slug])))
        elif store.path_of(kind, slug).exists():
            shown = store.path_of(kind, slug).relative_to(store.content_dir).as_posix()
            own.append((slug_column, problem(name, row.number, "(file name)", EXISTS, found=shown)))
        row.problems = own
        if own and own[-1][1].field == "(file name)":
            slug = _spare_slug(store, kind, row.number, by_slug)  # the row's fields are checked all the same
        by_slug[slug] = row.number
        drafts[row.number] = (row, Draft(kind, slug, row.values))
    files: dict[Path, str] = {}
    owner: dict[str, tuple[Row, str | None]] = {}
    for row, draft in drafts.values():
        for file_path, text in store.files_of(draft).items():
            files[file_path] = text
            lang = next((code for code in store.languages
                         if file_path.name.endswith(f".{code}{file_path.suffix}")), None)
            owner[display_path(file_path)] = (row, lang)
    found: dict[int, list[ContentProblem]] = {}
    for item in store.problems(files):
        if item.path in owner:
            found.setdefault(owner[item.path][0].number, []).append(item)
    for number, (row, _) in sorted(drafts.items()):
        items = found.get(number, [])
        langs = {shown: lang for shown, (other, lang) in owner.items() if other is row}
        result.problems += cell_problems(name, table.name, row, items, header, langs)
    result.files = list(files)
    if not result.problems and not dry_run:
        write_files(files, new_only=True)
    result.problems.sort(key=lambda item: (item.row, len(item.column or ""), item.column or "", item.problem.field))
    return result


__all__ = ["Column", "ImportResult", "SaveProblems", "allowed_values", "import_file"]

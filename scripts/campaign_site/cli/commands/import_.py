"""``campaign-site import``: entries from a spreadsheet (.xlsx or .csv), or an empty one to fill in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...messages import N_, render
from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE

KINDS = ("service", "event", "resource")
CREATED = N_("Created {count} file(s):")
WOULD_CREATE = N_("All {count} row(s) are correct; without --dry-run these files would be created:")
NOTHING_WRITTEN = N_("{count} problem(s); nothing was written. Fix them in the spreadsheet and import it again.")
TEMPLATE_WRITTEN = N_("Written: {path}. Row 1 names the columns, row 2 explains each (it is skipped on import); "
                      "fill in one row per entry, then run: campaign-site import {path} --kind {kind}")
FILE_EXISTS = N_("{path} already exists and was not overwritten; give another file name")
NEEDS_FILE = N_("name the spreadsheet to import, e.g. campaign-site import dich-vu.xlsx --kind service")
WRONG_TYPE = N_("expected a .xlsx or .csv file, found '{found}'")


def run(args: argparse.Namespace) -> int:
    """Import ``args.file`` as ``args.kind`` entries, or write a template (``--template``)."""
    from ...authoring.entries import EntryStore
    from ...authoring.importing import allowed_values, import_file
    from ...authoring.spreadsheet import write_template
    from ...content.errors import display_path
    from ...content.types import content_type
    from ...messages import detect_language
    from ...project import open_project

    lang = detect_language(args.lang)
    kind_name = args.template or args.kind
    if args.file is not None and args.file.suffix.lower() not in (".xlsx", ".csv"):
        print(render(WRONG_TYPE, lang, {"found": args.file.name}), file=sys.stderr)
        return EXIT_USAGE
    project = open_project(Path(args.config_file))
    store = EntryStore.of_project(project)
    kind = content_type(kind_name)
    if args.template:
        path = args.file or Path(f"mau-nhap-{kind.name}.xlsx")
        try:
            write_template(path, kind, store.languages, store.default_language, lang, allowed_values(store),
                           render(kind.label, lang, {}))
        except FileExistsError:
            print(render(FILE_EXISTS, lang, {"path": path}), file=sys.stderr)
            return EXIT_FAILED
        print(render(TEMPLATE_WRITTEN, lang, {"path": path, "kind": kind.name}))
        return EXIT_OK
    if args.file is None or args.kind is None:
        print(render(NEEDS_FILE, lang, {}), file=sys.stderr)
        return EXIT_USAGE
    result = import_file(args.file, kind, store, sheet=args.sheet, dry_run=args.dry_run)
    for found in result.problems:
        print(found.render(lang))
    if result.problems:
        print(render(NOTHING_WRITTEN, lang, {"count": len(result.problems)}), file=sys.stderr)
        return EXIT_FAILED
    print(render(WOULD_CREATE if args.dry_run else CREATED, lang, {"count": len(result.files)}))
    for path in result.files:
        print(f"  {display_path(path)}")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import", parents=[common], help="create entries from a spreadsheet (.xlsx or .csv), all or nothing",
        description="One entry per row; every problem is reported as sheet, row, column and field, and "
                    "nothing is written unless every row is correct. --template KIND writes an empty "
                    "spreadsheet with the right columns and a help row.")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE",
                        help="the spreadsheet (.xlsx or .csv); with --template, where to write it")
    parser.add_argument("--kind", choices=KINDS, help="what each row is")
    parser.add_argument("--template", choices=KINDS, metavar="KIND",
                        help="write an empty spreadsheet for KIND (default file: mau-nhap-KIND.xlsx)")
    parser.add_argument("--sheet", help="the sheet to read (default: the first)")
    parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    parser.add_argument("--lang", choices=["vi", "en"],
                        help="language of the messages (default: from the system locale)")
    parser.set_defaults(run=run)

"""``campaign-site translations``: translated, missing or outdated, per page and language."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from ...translations.units import Unit


def run(args: argparse.Namespace) -> int:
    """Print the status table (or JSON), or record finished translations with --mark-done."""
    from ...translations import scan
    from ...translations.report import _, as_json, percent_text, table

    opened = _open(args, args.lang)
    if isinstance(opened, int):
        return opened
    project, units, others = opened
    default = project.default_language
    if args.mark_done:
        return _mark(args.mark_done, units, others, args.quiet)
    report = scan(project.root, units, (args.lang,) if args.lang else others, default)
    print(as_json(report) if args.format == "json" else table(report))
    if args.fail_under is None:
        return EXIT_OK
    below = [summary for summary in map(report.summary, report.languages) if summary.percent < args.fail_under]
    for summary in below:
        print(_("{language}: {percent} translated, under the required {required}%").format(
            language=summary.language, percent=percent_text(summary.percent), required=f"{args.fail_under:g}"),
            file=sys.stderr)
    return EXIT_FAILED if below else EXIT_OK


def _mark(files: list[str], units: list[Unit], languages: tuple[str, ...], quiet: bool) -> int:
    """Record each finished translation; 1 if any file is not a translation."""
    from ...translations import NotATranslation, mark_done
    from ...translations.report import _

    failed = False
    for name in files:
        try:
            unit, fingerprint, changed = mark_done(Path(name), units, languages)
        except NotATranslation as error:
            print(str(error), file=sys.stderr)
            failed = True
            continue
        if not quiet:
            message = _("{file}: translated from {source} ({fingerprint})") if changed else \
                _("{file}: already marked as translated from {source} ({fingerprint})")
            print(message.format(file=name, source=unit.source.name, fingerprint=fingerprint))
    return EXIT_FAILED if failed else EXIT_OK


def _open(args: argparse.Namespace, language: str | None):  # noqa: ANN202 (types are imported lazily)
    """(project, units, languages) or an exit code after printing why not."""
    from ...content.errors import ContentError
    from ...messages import detect_language
    from ...project import open_project
    from ...translations import find_units
    from ...translations.report import _

    project = open_project(Path(args.config_file))
    # every configured language, published or not (build: false): translators work on both
    others = project.site_languages.translations
    if language is not None and language not in others:
        print(_("--lang {found}: expected one of the translated languages: {expected}").format(
            found=language, expected=", ".join(others)), file=sys.stderr)
        return EXIT_USAGE
    try:
        units = find_units(project.docs_dir, project.content_dir, project.site_languages)
    except ContentError as error:
        for problem in error.problems:
            print(problem.render(detect_language()), file=sys.stderr)
        return EXIT_FAILED
    return project, units, others


def run_export(args: argparse.Namespace) -> int:
    """Write PO catalogs (or one spreadsheet) of what ``--lang`` still needs."""
    from ...translations import scan
    from ...translations.export import ExportRefused, catalogs, export
    from ...translations.report import _
    from ...translations.sheet import write_sheet

    opened = _open(args, args.export_lang)
    if isinstance(opened, int):
        return opened
    project, units, _others = opened
    report = scan(project.root, units, (args.export_lang,), project.default_language)
    out = Path(args.out)
    try:
        if args.format == "xlsx":
            target = out if out.suffix == ".xlsx" else out / f"{args.export_lang}.xlsx"
            found = catalogs(report, args.export_lang, args.all)
            if target.exists():
                raise ExportRefused([target])
            write_sheet(found, target)
            written = [target]
            messages = sum(len(catalog) for _name, catalog in found)
        else:
            exported = export(report, args.export_lang, out, args.all)
            written = [item.path for item in exported]
            messages = sum(len(item.catalog) for item in exported)
    except ExportRefused as refused:
        for path in refused.paths:
            print(_("{file}: already exists; export into a new folder (nothing was written)").format(file=path),
                  file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        for path in written:
            print(path)
        print(_("{count} texts to translate into {language} in {files} files").format(
            count=messages, language=args.export_lang, files=len(written)))
    return EXIT_OK


def _caption_prefixes(project) -> list[str]:  # noqa: ANN001 (types are imported lazily)
    """The word for "Table" in each language with its own labels (what the build recognises)."""
    from ...content.errors import ContentError
    from ...content.labels import caption_prefixes, load_labels

    try:
        labels = load_labels(project.content_dir / "i18n", list(project.languages), project.default_language)
    except ContentError:
        return []  # broken labels: check and build name them; import checks what it can
    return caption_prefixes(labels)


def run_import(args: argparse.Namespace) -> int:
    """Check translated catalogs (a folder of PO files, PO files, or a spreadsheet) and write them."""
    from ...content.errors import display_path
    from ...messages import detect_language
    from ...translations.imports import apply, plan_import, read_catalog
    from ...translations.report import _
    from ...translations.sheet import read_sheet

    opened = _open(args, None)
    if isinstance(opened, int):
        return opened
    project, units, others = opened
    catalogs, problems = [], []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(path.rglob("*.po"))
        elif path.suffix == ".xlsx":
            sheet = read_sheet(path, display_path(path))
            (catalogs.extend if isinstance(sheet, list) else problems.append)(sheet)
            continue
        else:
            files = [path]
        for file in files:
            read = read_catalog(file, display_path(file)) if file.is_file() else None
            if read is None:
                print(_("{file}: no such file or folder").format(file=file), file=sys.stderr)
                return EXIT_USAGE
            (problems.append if not hasattr(read, "po") else catalogs.append)(read)
    plan = plan_import(project.root, units, others, catalogs, _caption_prefixes(project))
    problems += plan.problems
    language = detect_language()
    if problems:
        for problem in sorted(problems):
            print(problem.render(language), file=sys.stderr)
        print(_("Nothing was imported: fix the files above and import again."), file=sys.stderr)
        return EXIT_FAILED
    written = apply(plan)
    if not args.quiet:
        for path in written:
            print(display_path(path, project.root))
        print(_("{imported} translations imported, {skipped} empty or fuzzy texts left out").format(
            imported=plan.imported, skipped=plan.skipped))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "translations", parents=[common], help="show which translations are done, missing or outdated; "
                                               "export and import translation files",
        description="Status of every translatable text (pages, entries, fields of services, events, campaigns "
                    "and areas, interface labels) in each site language: outdated when its source changed after "
                    "it (git history, or the translated_from fingerprint), with what changed. 'export' writes "
                    "gettext PO files (or a spreadsheet) for translators, 'import' reads them back.")
    parser.add_argument("--lang", metavar="CODE", help="only this language (e.g. en)")
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    parser.add_argument("--fail-under", type=float, metavar="N",
                        help="exit with 1 if a reported language is less than N%% translated")
    parser.add_argument("--mark-done", nargs="+", metavar="FILE",
                        help="record that FILE (e.g. docs/lich-bao-cao.en.md) is translated from its current source")
    parser.set_defaults(run=run)
    # options of the sub-commands leave those given before them alone
    inner = argparse.ArgumentParser(add_help=False)
    inner.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="site configuration")
    inner.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print errors only")
    actions = parser.add_subparsers(dest="action", metavar="{export,import}")
    export = actions.add_parser(
        "export", parents=[inner], help="write translation files (gettext PO, or a spreadsheet) for one language",
        description="One PO file per page, entry or labels file with the texts that are missing or outdated in "
                    "the language (all texts with --all): the Vietnamese as msgid, the English as a comment, "
                    "existing translations filled in. Open them in Poedit, OmegaT, Weblate or any PO editor.")
    export.add_argument("--lang", dest="export_lang", metavar="CODE", required=True, help="language, e.g. rad")
    export.add_argument("--out", required=True, metavar="DIR", help="new folder for the files (or a .xlsx file)")
    export.add_argument("--all", action="store_true", help="every text, not only the missing and outdated ones")
    export.add_argument("--format", choices=["po", "xlsx"], default="po",
                        help="po (default): PO files; xlsx: one spreadsheet, a row per text")
    export.set_defaults(run=run_export)
    imported = actions.add_parser(
        "import", parents=[inner], help="write translated PO files (or a spreadsheet) into the project",
        description="Checks every file first (stale source, links, numbers, placeholders; problems with the "
                    "file's line) and writes nothing unless all pass.")
    imported.add_argument("paths", nargs="+", metavar="PATH", help="a folder of PO files, PO files, or a .xlsx file")
    imported.set_defaults(run=run_import)

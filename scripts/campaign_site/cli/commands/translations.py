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
    from ...content.errors import ContentError
    from ...messages import detect_language
    from ...project import open_project
    from ...translations import find_units, scan
    from ...translations.report import _, as_json, percent_text, table

    project = open_project(Path(args.config_file))
    default = project.default_language
    # every configured language, published or not (build: false): translators work on both
    others = project.site_languages.translations
    if args.lang is not None and args.lang not in others:
        print(_("--lang {found}: expected one of the translated languages: {expected}").format(
            found=args.lang, expected=", ".join(others)), file=sys.stderr)
        return EXIT_USAGE
    try:
        units = find_units(project.docs_dir, project.content_dir, project.site_languages)
    except ContentError as error:
        for problem in error.problems:
            print(problem.render(detect_language()), file=sys.stderr)
        return EXIT_FAILED
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


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "translations", parents=[common], help="show which translations are done, missing or outdated",
        description="Status of every page, resource and practice in each site language. A translation "
                    "records the source version it was made from (translated_from in its front matter); "
                    "--mark-done writes it once the translation is finished.")
    parser.add_argument("--lang", metavar="CODE", help="only this language (e.g. en)")
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    parser.add_argument("--fail-under", type=float, metavar="N",
                        help="exit with 1 if a reported language is less than N%% translated")
    parser.add_argument("--mark-done", nargs="+", metavar="FILE",
                        help="record that FILE (e.g. docs/lich-bao-cao.en.md) is translated from its current source")
    parser.set_defaults(run=run)

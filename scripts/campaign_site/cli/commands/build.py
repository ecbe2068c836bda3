"""``campaign-site build``: strict, atomic build into site/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...messages import N_, detect_language, render
from ...publish.build import BuildFailed, build_site
from ...publish.output_guard import OutputRefused
from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_jobs_option, add_release_option, job_count, release_refusal


BUILD_FAILED = N_("Build failed; the previous site is unchanged.")


def run(args: argparse.Namespace) -> int:
    """Build the site strictly and atomically."""
    def progress(language: str, seconds: float) -> None:
        if not args.quiet:
            print(f"  ✓ {language:4} {seconds:5.1f} s", flush=True)

    if args.release and (refused := release_refusal(args.config_file, "Build")) is not None:
        return refused
    jobs = job_count(args)
    if not args.quiet:
        print(f"Building {args.config_file} ({'one process' if jobs == 1 else f'{jobs} processes, one per language'})…", flush=True)
    try:
        result = build_site(Path(args.config_file), Path(args.out) if args.out else None,
                            jobs=jobs, progress=progress)
    except OutputRefused as error:
        print(error.render(detect_language()), file=sys.stderr)
        return EXIT_USAGE
    except BuildFailed as error:
        lang = detect_language()
        print(f"{render(BUILD_FAILED, lang, {})}\n{error.render(lang)}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"Site built in {result.site_dir} ({result.seconds:.1f} s)")
    _after_build_notes(args)
    return EXIT_OK


def _after_build_notes(args: argparse.Namespace) -> None:
    """Tell the communicator about media files above the size limit (published all the same)
    and, once per build, that the site has no public address (``SITE_URL``)."""
    from ...content.file_safety import large_file_notes
    from ...project import open_project
    from ...urls import placeholder_notice

    project = open_project(Path(args.config_file))
    for note in large_file_notes(project.content_dir / "media", project.docs_dir, detect_language()):
        print(note, file=sys.stderr)
    if (notice := placeholder_notice(project.config.site_url)) is not None:
        print(notice, file=sys.stderr)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("build", parents=[common], help="build the site into site/ (strict, atomic)")
    parser.add_argument("--out", help="output directory (default: site_dir of mkdocs.yml)")
    add_release_option(parser)
    add_jobs_option(parser)
    parser.set_defaults(run=run)

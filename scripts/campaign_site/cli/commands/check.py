"""``campaign-site check``: validate content, list every problem."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ...content.errors import ContentProblem, display_path, problem
from ...messages import N_, render
from . import EXIT_FAILED, EXIT_OK, add_jobs_option, job_count


def run(args: argparse.Namespace) -> int:
    """Validate every content file and report all problems at once."""
    from ...content.checks import page_front_matter_problems, release_check, text_problems
    from ...content.file_names import page_name_problems
    from ...content.file_safety import file_problems, large_file_notes
    from ...plugins.config import font_path
    from ...content.types import collections
    from ...messages import detect_language
    from ...pages.markdown import CampaignMarkdown, caption_prefixes, site_markdown
    from ...project import open_project

    lang = detect_language(args.lang)
    project = open_project(Path(args.config_file))
    content = project.load_content()
    fonts = font_path(project.config, project.campaign_config.font_file)
    config = project.config
    markdown = site_markdown(config.markdown_extensions, config.mdx_configs,
                             CampaignMarkdown(caption_prefixes(content), config.site_url))
    theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    problems = sorted(content.problems + page_name_problems(project.docs_dir, project.site_languages)
                      + text_problems(project.docs_dir, project.content_dir, fonts, markdown)
                      + page_front_matter_problems(project.docs_dir)
                      + file_problems(project.docs_dir, project.content_dir, theme))
    if args.release and not problems:
        problems += release_check(project)
    site_built = not problems
    if site_built:
        # what only a build finds: links between pages, anchors, menu entries
        problems += site_problems(Path(args.config_file), job_count(args))
    for found in problems:
        print(found.render(lang))
    if problems:
        summary = f"Có {len(problems)} lỗi; chưa đăng gì." if lang == "vi" else f"{len(problems)} problem(s) found; nothing was published."
        print(summary, file=sys.stderr)
        if not site_built:
            print(render(LINKS_LATER, lang, {}), file=sys.stderr)
        return EXIT_FAILED
    for note in large_file_notes(project.content_dir / "media", project.docs_dir, lang):
        print(note, file=sys.stderr)
    if not args.quiet:
        print(phone_listing(content, lang))
        counts = ", ".join(f"{render(kind.label, lang, {})}: {len(content.of(kind.name))}" for kind in collections())
        print(f"OK: {counts}." if lang != "vi" else f"Không có lỗi: {counts}.")
    return EXIT_OK


LINKS_LATER = N_("Links between pages are checked once these problems are fixed.")


def site_problems(config_file: Path, jobs: int) -> list[ContentProblem]:
    """What a strict build of the whole site stops on (links, anchors, the menu),
    found by building it into a temporary folder, removed afterwards."""
    import shutil
    import tempfile

    from ...plugins.build_warnings import OTHER
    from ...publish.build import BuildFailed, build_site

    scratch = Path(tempfile.mkdtemp(prefix="campaign-check-"))
    mkdocs_log = logging.getLogger("mkdocs")
    shown, mkdocs_log.handlers[:] = list(mkdocs_log.handlers), []  # every warning becomes a problem
    try:
        build_site(config_file, scratch / "site", jobs=jobs)
    except BuildFailed as error:
        return error.problems or [problem(display_path(config_file), 1, "(build)", OTHER, detail=str(error))]
    finally:
        mkdocs_log.handlers[:] = shown
        shutil.rmtree(scratch, ignore_errors=True)
    return []


def phone_listing(content, lang: str) -> str:
    """Every phone number as the site will show and dial it, for proofreading:
    ``file:line: phones[0].number: typed → shown (tel:…)``."""
    from ...content.reader import read_yaml

    heading = ("Số điện thoại sẽ hiện trên trang như sau; hãy đối chiếu từng số:" if lang == "vi"
               else "Phone numbers as the site will show them; proofread each one:")
    lines = [heading]
    for service in sorted(content.services, key=lambda s: s.source_path):
        typed = (read_yaml(Path(service.source_path)).data or {}).get("phones") or []
        for index, phone in enumerate(service.phones):
            key = f"phones[{index}].number"
            written = typed[index].get("number") if index < len(typed) and isinstance(typed[index], dict) else phone.number
            lines.append(f"  {service.source_path}:{service.line_of(key)}: {key}: {written} → {phone.display} ({phone.tel})")
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check", parents=[common], help="validate content; list every problem as file:line: field: message")
    parser.add_argument("--release", action="store_true",
                        help="also fail on example entries, stale verifications, missing sources and a "
                             "placeholder public address (set SITE_URL)")
    parser.add_argument("--lang", choices=["vi", "en"],
                        help="language of the messages (default: from the system locale)")
    add_jobs_option(parser)
    parser.set_defaults(run=run)

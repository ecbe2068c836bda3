"""``campaign-site new``: a new entry or page from a template explaining every field."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE

def run(args: argparse.Namespace) -> int:
    """Write the template of ``args.kind`` named after ``args.title``; never overwrite."""
    from ...content.errors import display_path
    from ...content.loader import SLUG
    from ...project import open_project
    from ...scaffold import AlreadyExists, create_file, kinds, slugify

    known = kinds()  # the content types (content/types.py)
    if args.kind not in known:
        names = ", ".join(known)
        print(f"Không có loại '{args.kind}'; cần một trong: {names}.\n"
              f"Unknown kind '{args.kind}'; expected one of: {names}.", file=sys.stderr)
        return EXIT_USAGE
    slug = args.slug or slugify(args.title)
    if not SLUG.match(slug):
        print(f"Không tạo được tên tệp từ '{args.slug or args.title}': cần chữ thường không dấu, số và dấu gạch ngang, "
              f"ví dụ --slug thang-hanh-dong-2026.\n"
              f"Cannot make a file name from '{args.slug or args.title}': use lowercase letters, digits and hyphens, "
              f"e.g. --slug thang-hanh-dong-2026.", file=sys.stderr)
        return EXIT_USAGE
    project = open_project(Path(args.config_file))
    try:
        path = create_file(known[args.kind], args.title.strip(), slug, project.docs_dir, project.content_dir,
                           project.default_language)
    except AlreadyExists as error:
        shown = display_path(error.path)
        print(f"Tệp {shown} đã có; không ghi đè. Hãy sửa tệp đó, hoặc chọn tên khác với --slug.\n"
              f"{shown} already exists and was not overwritten. Edit it, or choose another name with --slug.",
              file=sys.stderr)
        return EXIT_FAILED
    shown = display_path(path)
    if not args.quiet:
        print(f"Đã tạo / Created: {shown}\n"
              f"Bước tiếp theo: Mở tệp {shown}, điền các trường, rồi chạy: campaign-site check\n"
              f"Next: open {shown}, fill in the fields, then run: campaign-site check")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "new", parents=[common], help="create an entry or page from a template that explains every field",
        description="Write content/<folder>/<slug>.md|yaml (or docs/<slug>.md for a page), the file name "
                    "folded from the title; an existing file is never overwritten.")
    # (checked when run: listing the content types here would load the models for every --help)
    parser.add_argument("kind", metavar="KIND",
                        help="what to create: a content type such as resource, practice, service, event, page")
    parser.add_argument("title", help="title, in Vietnamese, e.g. \"Tháng hành động 2026\"")
    parser.add_argument("--slug", help="file name without extension (default: the title without diacritics)")
    parser.set_defaults(run=run)

"""``campaign-site verify``: check a bundle (zip or unpacked) against its SHA256SUMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK

_KINDS = (
    ("missing", "MISSING / THIẾU"),
    ("changed", "CHANGED / ĐÃ BỊ SỬA"),
    ("extra", "EXTRA / THỪA"),
)


def run(args: argparse.Namespace) -> int:
    """Check every file of the copy; list each difference; exit 1 on any."""
    from ...publish.checksums import NotACopy, verify_path

    try:
        result = verify_path(Path(args.path))
    except (NotACopy, OSError, UnicodeDecodeError) as error:
        print(f"Cannot check / Không kiểm tra được: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a damaged zip: zipfile.BadZipFile, zlib.error, EOFError …
        print(f"Damaged copy / Bản sao bị hỏng: {error.__class__.__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if result.ok:
        if not args.quiet:
            print(f"OK: {result.checked} files — bản sao nguyên vẹn ({result.checked} tệp).")
        return EXIT_OK
    for kind, label in _KINDS:
        for path in getattr(result, kind):
            print(f"{label}: {path}")
    problems = len(result.missing) + len(result.changed) + len(result.extra)
    print(f"FAILED: {problems} difference(s) from SHA256SUMS in {result.top} — "
          f"bản sao KHÔNG khớp ({problems} khác biệt).", file=sys.stderr)
    return EXIT_FAILED


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "verify", parents=[common],
        help="check a bundle (zip or unpacked folder) against its SHA256SUMS")
    parser.add_argument("path", metavar="PATH", help="bundle .zip, its top folder, or the folder holding it")
    parser.set_defaults(run=run)

"""``campaign-site verify``: check a USB copy's signature, then every file against SHA256SUMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE

_KINDS = (
    ("missing", "MISSING / THIẾU"),
    ("changed", "CHANGED / ĐÃ BỊ SỬA"),
    ("extra", "EXTRA / THỪA"),
    ("duplicates", "DUPLICATE NAME / TRÙNG TÊN"),
    ("unsafe", "UNSAFE NAME / TÊN KHÔNG AN TOÀN"),
)

PROVES = """\
Điều này chứng minh: SHA256SUMS được ký bằng khoá bí mật ứng với khoá công khai trên, và mọi tệp
  của bản sao giống hệt từng byte với danh sách đã ký (không thiếu, không thừa, không sửa tệp nào).
Điều này KHÔNG chứng minh: khoá công khai bạn dùng đúng là khoá của Sở (hãy so với khoá đăng trên
  trang web của Sở), hay thông tin trong bản sao là mới nhất (xem ngày tạo trong HUONG-DAN.txt).
This proves: SHA256SUMS was signed with the private key of the public key above, and every file of
  the copy is byte for byte as listed (nothing missing, added or changed).
It does NOT prove: that the public key you used is the department's (compare it with the key on the
  department's web site), nor that the copy is the latest (see the date in HUONG-DAN.txt)."""

FILES_ONLY = """\
Chỉ kiểm tra tệp, không kiểm tra chữ ký: điều này chỉ cho thấy các tệp khớp với SHA256SUMS nằm trong
  chính bản sao. Ai sửa bản sao cũng có thể viết lại SHA256SUMS: muốn biết bản sao có bị sửa hay
  không, hãy kiểm tra cả chữ ký (bỏ --no-signature).
Files only, no signature: this only shows the files match the SHA256SUMS inside the copy itself,
  which anyone changing the copy can rewrite. To know the copy was not changed, check the signature."""


def _default_key(config_file: str) -> Path | None:
    """The public-key file of the project of ``config_file`` (docs/khoa-ky-ban-sao.txt), if any."""
    from ...publish.signing import KEY_FILE

    if not Path(config_file).is_file():
        return None
    from mkdocs.config import load_config

    config = load_config(config_file=config_file)
    config.plugins.on_shutdown()
    path = Path(config.docs_dir) / KEY_FILE
    return path if path.is_file() else None


def _trusted_keys(args: argparse.Namespace) -> tuple[list, str] | None:
    """(keys, where they came from), or None after printing why there are none."""
    from ...publish.signing import SignatureError, read_public_keys

    source = args.key or _default_key(args.config_file)
    if source is None:
        print("Cannot check the signature / Không kiểm tra được chữ ký: give the public key published on "
              "the department's web site with --key FILE (or run inside the project) / hãy chỉ ra khoá công "
              "khai đăng trên trang web của Sở bằng --key TỆP.", file=sys.stderr)
        return None
    try:
        return read_public_keys(str(source)), str(source)
    except SignatureError as error:
        hint = "" if args.key else (
            "\nThe site publishes no key yet (campaign-site keygen makes one): its copies are not signed; "
            "check their files only with --no-signature.\nTrang web chưa đăng khoá (campaign-site keygen tạo "
            "khoá): bản sao chưa được ký; chỉ kiểm tra được tệp, bằng --no-signature.")
        print(f"Cannot check the signature / Không kiểm tra được chữ ký: {error}{hint}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    """Check the signature and every file; list each difference; exit 1 on any."""
    from ...publish.checksums import NotACopy
    from ...publish.verify import check_copy

    trusted = None
    if not args.no_signature:
        found = _trusted_keys(args)
        if found is None:
            return EXIT_USAGE
        trusted, source = found
    try:
        result = check_copy(Path(args.path), trusted)
    except (NotACopy, OSError, UnicodeDecodeError) as error:
        print(f"Cannot check / Không kiểm tra được: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # a damaged zip: zipfile.BadZipFile, zlib.error, EOFError …
        print(f"Damaged copy / Bản sao bị hỏng: {error.__class__.__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED
    files = result.files
    for kind, label in _KINDS:
        for path in getattr(files, kind):
            print(f"{label}: {path}")
    if result.signature_checked:
        if result.signer is None:
            print(f"SIGNATURE NOT VALID / CHỮ KÝ KHÔNG HỢP LỆ: {result.signature_problem}")
        elif not args.quiet:
            print(f"SIGNATURE OK / CHỮ KÝ HỢP LỆ: {result.signer.fingerprint} ({source})")
    if not result.ok:
        reasons = []
        if files.problems:
            reasons.append(f"{files.problems} difference(s) from SHA256SUMS / {files.problems} khác biệt so với SHA256SUMS")
        if result.signature_checked and result.signer is None:
            reasons.append("no valid signature / không có chữ ký hợp lệ")
        print(f"FAILED / KHÔNG ĐẠT: {'; '.join(reasons)} — {files.top}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"OK: {files.checked} files — bản sao nguyên vẹn ({files.checked} tệp).")
        print(PROVES if result.signature_checked else FILES_ONLY)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "verify", parents=[common],
        help="check a USB copy (zip or folder): its signature, then every file against SHA256SUMS")
    parser.add_argument("path", metavar="PATH", help="bundle .zip, its top folder, or the folder holding it")
    parser.add_argument("--key", metavar="KEY",
                        help="public key: the file khoa-ky-ban-sao.txt from the department's web site, or "
                             "'ssh-ed25519 AAAA…' (default: the project's docs/khoa-ky-ban-sao.txt)")
    parser.add_argument("--no-signature", action="store_true",
                        help="check the files against SHA256SUMS only (proves nothing against a rewritten SHA256SUMS)")
    parser.set_defaults(run=run)

"""``campaign-site keygen``: the department's signing key for USB copies.

Writes a new Ed25519 private key *outside* the project (default
``~/.config/campaign-site/khoa-ky-ban-sao``, passphrase-protected, mode 0600)
and publishes its public half in the site's ``docs/khoa-ky-ban-sao.txt``.
Never overwrites a private key; replaces a published key only with ``--replace``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK, EXIT_USAGE

DEFAULT_PRIVATE = Path("~/.config/campaign-site/khoa-ky-ban-sao")

NEXT_STEPS = """\
Đã tạo khoá ký / Signing key made: {fingerprint}
  khoá bí mật / private key:   {private}   (KHÔNG BAO GIỜ đưa vào dự án / never into the project)
  khoá công khai / public key: {published}

Việc cần làm tiếp / Next:
1. Sao lưu khoá bí mật và mật khẩu ở hai nơi an toàn khác nhau (ví dụ USB cất trong tủ khoá).
   Back up the private key and its passphrase in two different safe places.
2. Đưa {published_name} lên trang web: commit tệp này rồi build và đăng trang như thường lệ.
   Publish {published_name}: commit it, then build and publish the site as usual.
3. Tạo bản sao USB có chữ ký / Make signed USB copies:
   campaign-site bundle --sign-key {private}"""


def _passphrase(args: argparse.Namespace) -> str | None:
    from ...publish.signing import PASSPHRASE_VARIABLE

    if args.no_passphrase:
        return None
    if (value := os.environ.get(PASSPHRASE_VARIABLE)) is not None:
        return value or None
    if not sys.stdin.isatty():
        raise ValueError(f"no passphrase: set {PASSPHRASE_VARIABLE}, type it in a terminal, or use --no-passphrase")
    first = getpass.getpass("Mật khẩu cho khoá bí mật / Passphrase for the private key: ")
    if first != getpass.getpass("Nhập lại / Again: "):
        raise ValueError("the two passphrases differ / hai lần nhập mật khẩu khác nhau")
    return first or None


def run(args: argparse.Namespace) -> int:
    """Make a key pair; write the private key outside the project, publish the public key."""
    from mkdocs.config import load_config

    from ...publish.signing import (
        KEY_FILE, key_file_text, new_private_key, parse_public_keys, private_key_bytes, public_key_of)

    config_file = Path(args.config_file).resolve()
    config = load_config(config_file=str(config_file))
    config.plugins.on_shutdown()
    published = Path(config.docs_dir) / KEY_FILE
    private = Path(args.private).expanduser().resolve()
    if private.is_relative_to(config_file.parent):
        print(f"Refused / Từ chối: {private} is inside the project; a private key must be kept outside it "
              "/ khoá bí mật phải nằm ngoài thư mục dự án.", file=sys.stderr)
        return EXIT_USAGE
    if private.exists():
        print(f"Refused / Từ chối: {private} exists; it is never overwritten / tệp đã có, không ghi đè.",
              file=sys.stderr)
        return EXIT_USAGE
    if published.is_file() and parse_public_keys(published.read_text(encoding="utf-8-sig")) and not args.replace:
        print(f"Refused / Từ chối: {published} already publishes a key. Copies signed with it will not check "
              "with a new one; use --replace only if the old private key is lost or leaked "
              "/ trang web đã có khoá; chỉ dùng --replace khi khoá cũ bị mất hoặc lộ.", file=sys.stderr)
        return EXIT_USAGE
    try:
        passphrase = _passphrase(args)
    except ValueError as error:
        print(f"Refused / Từ chối: {error}", file=sys.stderr)
        return EXIT_FAILED
    key = new_private_key()
    public = public_key_of(key)
    private.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(private_key_bytes(key, passphrase))
    private.with_name(private.name + ".pub").write_text(f"{public.openssh} {KEY_FILE}\n", encoding="utf-8")
    published.write_text(key_file_text(public), encoding="utf-8")
    print(NEXT_STEPS.format(fingerprint=public.fingerprint, private=private, published=published,
                            published_name=published.name))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "keygen", parents=[common],
        help="make the department's key for signing USB copies (private key outside the project)")
    parser.add_argument("--private", default=str(DEFAULT_PRIVATE), metavar="PATH",
                        help=f"where to write the private key (default: {DEFAULT_PRIVATE}); never inside the project")
    parser.add_argument("--no-passphrase", action="store_true",
                        help="do not protect the private key with a passphrase (not recommended)")
    parser.add_argument("--replace", action="store_true",
                        help="publish a new key in place of the current one (old copies will not check)")
    parser.set_defaults(run=run)

"""``campaign-site bundle``: the offline zip for USB sticks and e-mail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import EXIT_FAILED, EXIT_OK, add_jobs_option, add_release_option, job_count, release_refusal


def signing_key(path: str | None, project_root: Path):
    """The private key at ``path`` (or ``$CAMPAIGN_SITE_SIGNING_KEY``), None when neither is set.

    The passphrase comes from ``$CAMPAIGN_SITE_KEY_PASSPHRASE`` or is asked for.
    Raises :class:`...publish.signing.SignatureError` (also for a key inside the project).
    """
    import getpass
    import os

    from ...publish.signing import KEY_VARIABLE, PASSPHRASE_VARIABLE, SignatureError, load_private_key

    path = path or os.environ.get(KEY_VARIABLE)
    if not path:
        return None
    key_file = Path(path).expanduser()
    if key_file.resolve().is_relative_to(project_root.resolve()):
        raise SignatureError(f"{key_file} is inside the project: a private key must never be in the project "
                             "(it could be committed or published); move it out / khoá bí mật không được nằm "
                             "trong thư mục dự án: hãy chuyển ra ngoài")
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    try:
        return load_private_key(key_file, passphrase)
    except SignatureError:
        if passphrase is not None or not sys.stdin.isatty():
            raise
    return load_private_key(key_file, getpass.getpass(f"Passphrase / Mật khẩu của {key_file}: "))


def run(args: argparse.Namespace) -> int:
    """Build the site and write the reproducible offline bundle, signed when the site publishes a key."""
    from ...messages import detect_language
    from ...publish.build import BuildFailed
    from ...publish.bundle import SigningRefused, make_bundle
    from ...publish.selection import UnusedFileReferenced
    from ...publish.signing import SignatureError
    from ...publish.sizes import format_report

    if args.release and (refused := release_refusal(args.config_file, "Bundle")) is not None:
        return refused
    progress = (lambda message: None) if args.quiet else (lambda message: print(message, flush=True))
    try:
        key = signing_key(args.sign_key, Path(args.config_file).resolve().parent)
        result = make_bundle(Path(args.config_file), Path(args.out) if args.out else None,
                             jobs=job_count(args), progress=progress, key=key)
    except (SignatureError, SigningRefused) as error:
        print(f"Bundle not written / Chưa tạo bản sao: {error}", file=sys.stderr)
        return EXIT_FAILED
    except BuildFailed as error:
        print(f"Build failed; no bundle written.\n{error.render(detect_language())}", file=sys.stderr)
        return EXIT_FAILED
    except UnusedFileReferenced as error:
        print(f"Bundle not written: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        signed = (f"signed with / ký bằng {result.signed_by.fingerprint}" if result.signed_by
                  else "NOT SIGNED / CHƯA KÝ: no key published in the site (campaign-site keygen)")
        print(f"Bundle written: {result.path} ({result.seconds:.1f} s); {signed}")
        print(format_report(result.sizes))
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "bundle", parents=[common],
        help="build the site and zip it for offline use (USB), with a guide, SHA256SUMS and its signature")
    parser.add_argument("--out", metavar="PATH.zip",
                        help="zip to write (default: dist/binh-dang-gioi-dak-lak-YYYYMMDD.zip)")
    parser.add_argument("--sign-key", metavar="PRIVATE_KEY",
                        help="the department's private key (OpenSSH Ed25519, kept outside the project; "
                             "default: $CAMPAIGN_SITE_SIGNING_KEY); needed when the site publishes a public key")
    add_jobs_option(parser)
    add_release_option(parser)
    parser.set_defaults(run=run)

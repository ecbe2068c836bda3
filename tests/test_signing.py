"""Signing USB copies: OpenSSH-compatible Ed25519 signatures, the keygen command, and
the rule that a bundle is signed exactly when the site publishes a key."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from campaign_site.cli import build_parser
from campaign_site.publish.bundle import SigningRefused, check_signing_key
from campaign_site.publish.signing import (
    IDENTITY, KEY_FILE, NAMESPACE, PASSPHRASE_VARIABLE, SignatureError, key_file_text, load_private_key,
    new_private_key, parse_public_keys, private_key_bytes, public_key_of, read_public_keys, sign, verify)
from conftest import REPO

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen (openssh-client) is installed by make test")
MESSAGE = b"0" * 64 + b"  site/index.html\n"


@needs_ssh_keygen
def test_openssh_accepts_our_signatures(tmp_path: Path) -> None:
    key = new_private_key()
    (tmp_path / "allowed").write_text(key_file_text(public_key_of(key)), encoding="utf-8")
    (tmp_path / "SHA256SUMS").write_bytes(MESSAGE)
    (tmp_path / "SHA256SUMS.sig").write_text(sign(MESSAGE, key), encoding="utf-8")
    with (tmp_path / "SHA256SUMS").open("rb") as stdin:
        done = subprocess.run([SSH_KEYGEN, "-Y", "verify", "-f", "allowed", "-I", IDENTITY, "-n", NAMESPACE,
                               "-s", "SHA256SUMS.sig"], cwd=tmp_path, stdin=stdin, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f'Good "{NAMESPACE}" signature for {IDENTITY} with ED25519 key '
                                   f"{public_key_of(key).fingerprint}")


@needs_ssh_keygen
def test_we_accept_openssh_signatures_and_keys(tmp_path: Path) -> None:
    subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "geheim", "-f", "key"], cwd=tmp_path, check=True)
    (tmp_path / "SHA256SUMS").write_bytes(MESSAGE)
    subprocess.run([SSH_KEYGEN, "-q", "-Y", "sign", "-f", "key", "-P", "geheim", "-n", NAMESPACE, "SHA256SUMS"],
                   cwd=tmp_path, check=True, capture_output=True)
    trusted = read_public_keys(str(tmp_path / "key.pub"))
    signer = verify(MESSAGE, (tmp_path / "SHA256SUMS.sig").read_text(), trusted)
    fingerprint = subprocess.run([SSH_KEYGEN, "-l", "-f", "key.pub"], cwd=tmp_path, capture_output=True,
                                 text=True, check=True).stdout.split()[1]
    assert signer.fingerprint == fingerprint
    # a key made by ssh-keygen, passphrase and all, can sign bundles
    assert public_key_of(load_private_key(tmp_path / "key", "geheim")).blob == trusted[0].blob
    # a signature for another purpose (namespace) is refused
    subprocess.run([SSH_KEYGEN, "-q", "-Y", "sign", "-f", "key", "-P", "geheim", "-n", "email", "SHA256SUMS"],
                   cwd=tmp_path, check=True, capture_output=True, input="y\n", text=True)
    with pytest.raises(SignatureError, match="not 'file'"):
        verify(MESSAGE, (tmp_path / "SHA256SUMS.sig").read_text(), trusted)


@pytest.mark.parametrize("change", ["message", "signature", "truncated", "key"])
def test_any_change_breaks_the_signature(change: str) -> None:
    key = new_private_key()
    message, armored, trusted = MESSAGE, sign(MESSAGE, key), [public_key_of(key)]
    if change == "message":
        message = MESSAGE.replace(b"index", b"INDEX")
    elif change == "signature":
        lines = armored.splitlines()
        lines[2] = lines[2][:10] + ("A" if lines[2][10] != "A" else "B") + lines[2][11:]
        armored = "\n".join(lines)
    elif change == "truncated":
        armored = "\n".join(armored.splitlines()[:2] + armored.splitlines()[-1:])
    else:
        trusted = [public_key_of(new_private_key())]
    with pytest.raises(SignatureError):
        verify(message, armored, trusted)
    assert verify(MESSAGE, sign(MESSAGE, key), [public_key_of(key)]) == public_key_of(key)


def test_the_repository_publishes_no_key_yet_and_says_so() -> None:
    text = (REPO / "docs" / KEY_FILE).read_text(encoding="utf-8")
    assert parse_public_keys(text) == [] and "campaign-site keygen" in text
    assert all(line.startswith("#") for line in text.splitlines()), "only comments until the department makes a key"


def test_bundles_are_signed_exactly_when_the_site_publishes_a_key(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    key, other = new_private_key(), new_private_key()
    (docs / KEY_FILE).write_text(key_file_text(None), encoding="utf-8")
    check_signing_key(docs, None)  # nothing published: an unsigned copy, which says so
    with pytest.raises(SigningRefused, match="readers could not check"):
        check_signing_key(docs, key)
    (docs / KEY_FILE).write_text(key_file_text(public_key_of(key)), encoding="utf-8")
    check_signing_key(docs, key)
    with pytest.raises(SigningRefused, match="--sign-key"):
        check_signing_key(docs, None)
    with pytest.raises(SigningRefused, match="not the one"):
        check_signing_key(docs, other)


# --- keygen --------------------------------------------------------------------------------------


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (project / "docs" / KEY_FILE).write_text(key_file_text(None), encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return project


def keygen(project: Path, *options: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    args = build_parser().parse_args(["keygen", "-f", str(project / "mkdocs.yml"), *options])
    code = args.run(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_keygen_keeps_the_private_key_outside_and_publishes_the_public_key(
        small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(PASSPHRASE_VARIABLE, "mật khẩu dài")
    private = tmp_path / "department" / "signing-key"
    code, output = keygen(small_project, "--private", str(private), capsys=capsys)
    assert code == 0, output
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"OPENSSH PRIVATE KEY" in private.read_bytes()
    with pytest.raises(SignatureError):
        load_private_key(private, None)  # protected by the passphrase
    key = load_private_key(private, "mật khẩu dài")
    [published] = parse_public_keys((small_project / "docs" / KEY_FILE).read_text(encoding="utf-8"))
    assert published.blob == public_key_of(key).blob
    assert published.fingerprint in output and "--sign-key" in output
    assert not [p for p in small_project.rglob("*") if p.is_file() and b"PRIVATE KEY" in p.read_bytes()]
    # a second key never overwrites the first, nor silently replaces the published one
    code, output = keygen(small_project, "--private", str(private), capsys=capsys)
    assert code == 2 and "never overwritten" in output
    code, output = keygen(small_project, "--private", str(tmp_path / "second"), capsys=capsys)
    assert code == 2 and "--replace" in output
    code, output = keygen(small_project, "--private", str(tmp_path / "second"), "--replace", capsys=capsys)
    assert code == 0
    assert parse_public_keys((small_project / "docs" / KEY_FILE).read_text(encoding="utf-8"))[0].blob != published.blob


def test_keygen_refuses_a_private_key_inside_the_project(
        small_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = keygen(small_project, "--private", str(small_project / "keys" / "k"), "--no-passphrase",
                          capsys=capsys)
    assert code == 2 and "inside the project" in output
    assert not (small_project / "keys").exists()
    assert parse_public_keys((small_project / "docs" / KEY_FILE).read_text(encoding="utf-8")) == []


def test_bundle_refuses_a_private_key_inside_the_project(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from campaign_site.cli.commands.bundle import signing_key

    inside = small_project / "k"
    inside.write_bytes(private_key_bytes(new_private_key(), None))
    with pytest.raises(SignatureError, match="inside the project"):
        signing_key(str(inside), small_project)
    outside = small_project.parent / "k"
    outside.write_bytes(private_key_bytes(new_private_key(), None))
    monkeypatch.delenv(PASSPHRASE_VARIABLE, raising=False)
    assert signing_key(str(outside), small_project) is not None


def test_verify_in_a_project_without_a_key_says_how_to_check_the_files(
        small_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy"
    (copy / "site").mkdir(parents=True)
    (copy / "site" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    digest = __import__("hashlib").sha256(b"<p>x</p>").hexdigest()
    (copy / "SHA256SUMS").write_text(f"{digest}  site/index.html\n", encoding="utf-8")
    config = str(small_project / "mkdocs.yml")
    args = build_parser().parse_args(["verify", str(copy), "-f", config])
    assert args.run(args) == 2
    output = capsys.readouterr().err
    assert "holds no ssh-ed25519 public key" in output and "--no-signature" in output
    args = build_parser().parse_args(["verify", str(copy), "-f", config, "--no-signature"])
    assert args.run(args) == 0
    assert "Files only, no signature" in capsys.readouterr().out

"""Signing the USB edition: Ed25519 signatures that OpenSSH's ``ssh-keygen -Y`` reads.

The bundle's ``SHA256SUMS`` lists a checksum of every other file; its signature
``SHA256SUMS.sig`` proves that list was made by whoever holds the department's
private key. A copy whose files *and* ``SHA256SUMS`` were rewritten to match
(a changed hotline, say) fails, because the rewritten list no longer matches
the signature, and a forger cannot sign without the private key.

Format: OpenSSH's "SSHSIG" signature of a file (``PROTOCOL.sshsig`` in the
OpenSSH sources, present since OpenSSH 8.1), namespace :data:`NAMESPACE`,
SHA-512 message hash, Ed25519 keys (RFC 8032) through the ``cryptography``
library. So the same signature can be checked without this project, with
``ssh-keygen`` (Linux, macOS, and the OpenSSH client of Windows 10/11)::

    ssh-keygen -Y verify -f khoa-ky-ban-sao.txt -I binh-dang-gioi-dak-lak \\
        -n file -s SHA256SUMS.sig < SHA256SUMS

where ``khoa-ky-ban-sao.txt`` is the public-key file published on the web site
(:data:`KEY_FILE`, OpenSSH's "allowed signers" format, which also takes
``#`` comment lines). Private keys are OpenSSH private-key files, optionally
protected by a passphrase (``bcrypt`` key derivation, as ``ssh-keygen`` does).
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

NAMESPACE = "file"
#: Who signs: the "principal" of the allowed-signers line (``ssh-keygen -I``).
IDENTITY = "binh-dang-gioi-dak-lak"
#: The public-key file, in the pages folder: published at the site's root.
KEY_FILE = "khoa-ky-ban-sao.txt"
SIGNATURE_SUFFIX = ".sig"
PASSPHRASE_VARIABLE = "CAMPAIGN_SITE_KEY_PASSPHRASE"
#: Where ``bundle`` finds the private key when ``--sign-key`` is not given.
KEY_VARIABLE = "CAMPAIGN_SITE_SIGNING_KEY"

_MAGIC = b"SSHSIG"
_VERSION = 1
_KEY_TYPE = b"ssh-ed25519"
_HASHES = {"sha512": hashlib.sha512, "sha256": hashlib.sha256}
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"
_KEY = re.compile(r"ssh-ed25519\s+([A-Za-z0-9+/]+={0,2})")


class SignatureError(Exception):
    """A signature, key or key file that cannot be used; the message says why."""


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key and how people see it."""

    key: Ed25519PublicKey

    @property
    def blob(self) -> bytes:
        """SSH wire form (``string "ssh-ed25519" string key``)."""
        raw = self.key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return _string(_KEY_TYPE) + _string(raw)

    @property
    def openssh(self) -> str:
        """``ssh-ed25519 AAAA…`` (one line of an ``.pub`` file, without comment)."""
        return f"ssh-ed25519 {base64.b64encode(self.blob).decode()}"

    @property
    def fingerprint(self) -> str:
        """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
        return "SHA256:" + base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")

    def allowed_signer(self) -> str:
        """The allowed-signers line for ``ssh-keygen -Y verify``."""
        return f'{IDENTITY} namespaces="{NAMESPACE}" {self.openssh}'


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _read_string(data: bytes, offset: int) -> tuple[bytes, int]:
    if offset + 4 > len(data):
        raise SignatureError("truncated signature")
    (length,) = struct.unpack_from(">I", data, offset)
    end = offset + 4 + length
    if end > len(data):
        raise SignatureError("truncated signature")
    return data[offset + 4:end], end


def _signed_data(message: bytes, hash_name: str) -> bytes:
    digest = _HASHES[hash_name](message).digest()
    return _MAGIC + _string(NAMESPACE.encode()) + _string(b"") + _string(hash_name.encode()) + _string(digest)


def public_key_of(private: Ed25519PrivateKey) -> PublicKey:
    """The public half of ``private``."""
    return PublicKey(private.public_key())


def sign(message: bytes, private: Ed25519PrivateKey) -> str:
    """Armored SSHSIG signature of ``message`` (what ``ssh-keygen -Y sign -n file`` writes)."""
    public = public_key_of(private)
    signature = private.sign(_signed_data(message, "sha512"))
    blob = (_MAGIC + struct.pack(">I", _VERSION) + _string(public.blob) + _string(NAMESPACE.encode())
            + _string(b"") + _string(b"sha512") + _string(_string(_KEY_TYPE) + _string(signature)))
    encoded = base64.b64encode(blob).decode()
    lines = [encoded[i:i + 70] for i in range(0, len(encoded), 70)]
    return "\n".join([_ARMOR_BEGIN, *lines, _ARMOR_END]) + "\n"


def verify(message: bytes, armored: str, trusted: list[PublicKey]) -> PublicKey:
    """The key of ``trusted`` that made ``armored`` over ``message``.

    Raises :class:`SignatureError` when the signature is malformed, made for
    another namespace, by a key not in ``trusted``, or not over ``message``.
    """
    text = armored.strip()
    if not (text.startswith(_ARMOR_BEGIN) and text.endswith(_ARMOR_END)):
        raise SignatureError("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
    try:
        blob = base64.b64decode("".join(text[len(_ARMOR_BEGIN):-len(_ARMOR_END)].split()), validate=True)
    except ValueError as error:
        raise SignatureError("damaged signature (not base64)") from error
    if not blob.startswith(_MAGIC) or blob[6:10] != struct.pack(">I", _VERSION):
        raise SignatureError("not an SSHSIG version 1 signature")
    key_blob, offset = _read_string(blob, 10)
    namespace, offset = _read_string(blob, offset)
    _, offset = _read_string(blob, offset)  # reserved
    hash_name, offset = _read_string(blob, offset)
    signature_blob, offset = _read_string(blob, offset)
    if offset != len(blob):
        raise SignatureError("damaged signature (extra bytes)")
    if namespace != NAMESPACE.encode():
        raise SignatureError(f"signature made for '{namespace.decode(errors='replace')}', not '{NAMESPACE}'")
    if hash_name.decode(errors="replace") not in _HASHES:
        raise SignatureError(f"unknown hash '{hash_name.decode(errors='replace')}'")
    key_type, rest = _read_string(signature_blob, 0)
    raw_signature, end = _read_string(signature_blob, rest)
    if key_type != _KEY_TYPE or end != len(signature_blob):
        raise SignatureError("not an Ed25519 signature")
    signer = next((key for key in trusted if key.blob == key_blob), None)
    if signer is None:
        raise SignatureError("signed with a key that is not the published one")
    try:
        signer.key.verify(raw_signature, _signed_data(message, hash_name.decode()))
    except InvalidSignature as error:
        raise SignatureError("the signature does not match: the signed file was changed after signing") from error
    return signer


def parse_public_keys(text: str) -> list[PublicKey]:
    """Every Ed25519 key in ``text``: allowed-signers lines, ``.pub`` lines; ``#`` lines skipped."""
    keys = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for match in _KEY.finditer(line):
            try:
                key = serialization.load_ssh_public_key(f"ssh-ed25519 {match[1]}".encode())
            except (ValueError, UnsupportedAlgorithm) as error:
                raise SignatureError(f"damaged public key: {match[1][:20]}…") from error
            keys.append(PublicKey(key))  # type: ignore[arg-type]
    return keys


def read_public_keys(source: str) -> list[PublicKey]:
    """Keys from a file path, or from the text itself (``ssh-ed25519 AAAA…``)."""
    path = Path(source)
    if "ssh-ed25519" not in source and path.is_file():
        keys = parse_public_keys(path.read_text(encoding="utf-8-sig"))
        if not keys:
            raise SignatureError(f"{source} holds no ssh-ed25519 public key")
        return keys
    keys = parse_public_keys(source)
    if not keys:
        raise SignatureError(f"'{source}' is neither a key file nor an ssh-ed25519 public key")
    return keys


def key_file_text(key: PublicKey | None) -> str:
    """The published key file :data:`KEY_FILE`: explanation as ``#`` comments, then the key's
    allowed-signers line (none yet when ``key`` is None)."""
    lines = [
        "# Khoá công khai để kiểm tra chữ ký của bản sao USB (tệp SHA256SUMS.sig).",
        "# Public key that checks the signature of USB copies (the file SHA256SUMS.sig).",
        "# campaign-site verify <bản sao / copy> --key khoa-ky-ban-sao.txt",
        f"# ssh-keygen -Y verify -f khoa-ky-ban-sao.txt -I {IDENTITY} -n {NAMESPACE} -s SHA256SUMS.sig < SHA256SUMS",
    ]
    if key is None:
        lines += ["# Chưa có khoá: bản sao chưa được ký (campaign-site keygen tạo khoá).",
                  "# No key yet: copies are not signed (campaign-site keygen makes one)."]
    else:
        lines += [f"# {key.fingerprint}", key.allowed_signer()]
    return "\n".join(lines) + "\n"


def new_private_key() -> Ed25519PrivateKey:
    """A new random Ed25519 key."""
    return Ed25519PrivateKey.generate()


def private_key_bytes(private: Ed25519PrivateKey, passphrase: str | None) -> bytes:
    """An OpenSSH private-key file, encrypted with ``passphrase`` when given."""
    encryption = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                  else serialization.NoEncryption())
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, encryption)


def load_private_key(path: Path, passphrase: str | None) -> Ed25519PrivateKey:
    """Read an OpenSSH (or PKCS #8 PEM) Ed25519 private-key file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SignatureError(f"cannot read the private key {path}: {error.strerror}") from error
    secret = passphrase.encode() if passphrase else None
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            key = serialization.load_ssh_private_key(data, secret)
        else:
            key = serialization.load_pem_private_key(data, secret)
    except TypeError as error:  # a passphrase is missing, or given for a key without one
        raise SignatureError(f"{path}: {'a passphrase is needed' if not secret else 'this key has no passphrase'} "
                             f"(set {PASSPHRASE_VARIABLE} or type it when asked)") from error
    except (ValueError, UnsupportedAlgorithm) as error:
        raise SignatureError(f"{path}: not a usable private key, or a wrong passphrase ({error})") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError(f"{path}: an Ed25519 key is needed (ssh-keygen -t ed25519)")
    return key

"""Checking a USB copy: its signature, then every file against the signed list.

What a passing check proves, and what it does not (``campaign-site verify``
prints both):

* the signature ``SHA256SUMS.sig`` over ``SHA256SUMS`` was made with the
  private key whose public half you gave (the key published on the web site);
* every file listed in ``SHA256SUMS`` is present with exactly those bytes, and
  no other file is there (no name is doubled, none can be unpacked elsewhere).

Together: the copy is byte for byte what the holder of that key signed. It
does not prove that the key you gave is the department's (compare it with the
one on the web site or in the department's letter), nor that the copy is the
latest (it says when it was made), nor anything about the reader's computer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checksums import Verification, verify_path
from .signing import PublicKey, SignatureError, verify


@dataclass
class CopyCheck:
    """The files' check, and the signature's: signer, or why there is none."""

    files: Verification
    signer: PublicKey | None = None
    signature_problem: str | None = None
    signature_checked: bool = True

    @property
    def ok(self) -> bool:
        """Files as listed and (unless not asked for) a valid signature by a trusted key."""
        return self.files.ok and (self.signer is not None or not self.signature_checked)


def check_copy(path: Path, trusted: list[PublicKey] | None) -> CopyCheck:
    """Check the copy at ``path`` (zip, top folder or its parent).

    ``trusted`` are the keys a signature may come from; ``None`` checks the
    files only (proves nothing against someone who rewrote ``SHA256SUMS``).
    Raises :class:`.checksums.NotACopy` and :class:`OSError` like :func:`verify_path`.
    """
    files = verify_path(path)
    if trusted is None:
        return CopyCheck(files, signature_checked=False)
    if files.signature is None:
        return CopyCheck(files, signature_problem="no SHA256SUMS.sig: the copy is not signed")
    try:
        return CopyCheck(files, signer=verify(files.sums, files.signature, trusted))
    except SignatureError as error:
        return CopyCheck(files, signature_problem=str(error))

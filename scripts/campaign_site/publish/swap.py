"""Putting a finished site in place so that the output folder is complete at every instant.

On Linux the new folder and the old one trade places in one system call
(``renameat2(2)`` with ``RENAME_EXCHANGE``, Linux 3.15+, glibc 2.28+, called
through :mod:`ctypes`): at no instant is there no ``site/``, or a half-written
one. Elsewhere, or on a file system without the call (some network and FUSE
file systems), two renames are used and ``site/`` is missing for the time
between them.

What readers see: a web server whose document root is ``site/`` (nginx,
Apache, ``python -m http.server -d site``) looks the path up on every request,
so it serves the old site until the exchange and the new one after it. A
page already open keeps working; its next click loads the new version. A
server started *inside* ``site/`` (its working directory) keeps serving the
old folder, which is deleted after the exchange: start it from the parent with
``-d site``. ``site/`` stays a normal folder (not a symbolic link), so copying
it to a USB stick copies the site itself.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The file system or kernel cannot exchange: fall back to two renames.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def _renameat2():
    """glibc's ``renameat2``, or None when the C library has none (not Linux, old glibc, musl…)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap the names of two existing paths; False if this system cannot.

    Raises :class:`OSError` for any other failure (missing path, permissions).
    """
    function = _renameat2()
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_in(new: Path, target: Path) -> None:
    """Make ``new`` (a folder) be ``target``; delete what was ``target`` before.

    ``new`` and ``target`` must be on the same file system (siblings). The old
    folder ends up at ``new``'s name while it is deleted, so an interrupted
    delete leaves a work folder that the next build removes.
    """
    if not target.exists():
        new.rename(target)
        return
    if not exchange(new, target):
        old = new.with_name(new.name + ".old")
        target.rename(old)
        try:
            new.rename(target)
        except OSError:
            old.rename(target)
            raise
        new = old
    shutil.rmtree(new, ignore_errors=True)

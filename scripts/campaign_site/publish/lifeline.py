"""Build processes that end when the build that started them ends, however it ends.

A parallel build runs one process per language. If the build is killed
(``kill -9``, a closed terminal, an out-of-memory kill) those processes must
not go on building, unseen, for minutes. :func:`die_with_parent` runs first in
each of them: on Linux it asks the kernel to send ``SIGKILL`` when the parent
dies (``prctl(PR_SET_PDEATHSIG)``, see prctl(2)); elsewhere a watchdog thread
checks every :data:`WATCH_SECONDS` whether the parent is still there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def _kernel_lifeline() -> bool:
    """Ask Linux to kill this process when its parent dies; False if unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (AttributeError, OSError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent: int) -> None:
    """Make this process end when process ``parent`` (its parent) ends."""
    if not _kernel_lifeline():
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="lifeline").start()
    if os.getppid() != parent:  # the parent died before the lifeline was in place
        os._exit(1)

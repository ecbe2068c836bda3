"""A record of costly steps, for tests that count work (not a log for people).

With the environment variable ``CAMPAIGN_WORK_LOG`` naming a file, :func:`note`
appends one line per step (``<step> <detail>``) from whichever process does it:
a test can then check that a build loaded its content once, whatever the number
of language processes. Unset (always, outside tests), it does nothing.
"""

from __future__ import annotations

import os

VARIABLE = "CAMPAIGN_WORK_LOG"


def enabled() -> bool:
    """Whether :func:`note` writes (for details that cost something to make)."""
    return bool(os.environ.get(VARIABLE))


def note(step: str, detail: str = "") -> None:
    """Append ``step detail`` as one line to the file named by ``CAMPAIGN_WORK_LOG``, if set.

    One ``write`` in append mode per line, so lines of parallel processes never mix.
    """
    path = os.environ.get(VARIABLE)
    if not path:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{step} {detail}".rstrip().encode("utf-8") + b"\n")
    finally:
        os.close(fd)

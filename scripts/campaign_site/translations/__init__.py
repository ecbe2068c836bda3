"""``campaign-site translations``: what is translated, missing or outdated; exchange files.

:mod:`.units` lists every translatable text (from the content types),
:mod:`.freshness` tells whether a translation is current (fingerprint, else git
history read by :mod:`.history`), :mod:`.status` builds the report and
:mod:`.report` prints it. ``frontmatter`` reads and writes the
``translated_from`` fingerprint (:mod:`.hashing`) of a translated file.
"""

from __future__ import annotations

from .frontmatter import KEY
from .status import LanguageSummary, NotATranslation, Report, Row, find_units, mark_done, scan

__all__ = ["KEY", "LanguageSummary", "NotATranslation", "Report", "Row", "find_units", "mark_done", "scan"]

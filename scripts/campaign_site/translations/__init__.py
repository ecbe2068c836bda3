"""``campaign-site translations``: which translations are done, missing or outdated.

A translation records which version of its source it was made from:
``translated_from: "<12 hex digits>"`` in its front matter, the start of the
SHA-256 of the source's normalised text (``hashing``). ``frontmatter`` reads
and writes that key without touching the rest of the file, ``status`` compares
every source with its translations, ``report`` prints the result.
"""

from __future__ import annotations

from .frontmatter import KEY
from .status import LanguageSummary, NotATranslation, Report, Row, mark_done, scan

__all__ = ["KEY", "LanguageSummary", "NotATranslation", "Report", "Row", "mark_done", "scan"]

"""Who runs the site and how to reach them: ``content/site.yaml``, shown in every page's footer.

Shape (every text is ``{vi: …, en: …}`` or plain text in the default language)::

    owner: {vi: Sở …, en: Department of …}   # required: who publishes the site
    contact:                                  # optional, each field optional
      address: {vi: …, en: …}
      phones: [{number: "0262 …"}]
      email: …
      source: {title: …, url: …, accessed: 30/11/2026}
      status: example | verified              # example: shown as an unverified example
    privacy: {vi: …, en: …}                   # required: what the site does (not) record
    updated: 30/11/2026                       # optional: the day the content was last reviewed

Nothing here is hard-coded in the templates: a department changes its name,
address or privacy note in this file. Problems come back as file:line:field
messages (:func:`load_site_info`), like every other content file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .errors import ContentProblem
from .models import Context, Date, Fields, Phone, Plain, Sources, Status, Text
from .reader import ReadError, read_yaml

FILE_NAME = "site.yaml"


class Contact(Fields):
    """How to reach the site's owner; ``status: example`` until a source confirms it."""

    address: Text | None = None
    phones: list[Phone] = []
    email: Plain | None = None
    source: Sources = []
    status: Status = "example"


class SiteInfo(Fields):
    """The site's owner, contact, privacy note and review date."""

    owner: Text
    contact: Contact | None = None
    privacy: Text
    updated: Date | None = None


def load_site_info(root: Path, context: Context) -> tuple[SiteInfo | None, list[ContentProblem]]:
    """``root/site.yaml`` validated: (the info, no problems), (None, the problems), or
    (None, []) when the file does not exist (the footer then shows no owner block)."""
    from .loader import validate  # the loader imports this module's model

    path = root / FILE_NAME
    if not path.exists():
        return None, []
    try:
        source = read_yaml(path)
    except ReadError as error:
        return None, [error.problem]
    if not isinstance(source.data, dict):
        return None, [source.problem_at((), "expected 'field: value' lines (a YAML mapping)")]
    return validate(SiteInfo, source, context)


def last_updated(info: SiteInfo | None, dates: list[dt.date]) -> dt.date | None:
    """The day shown as "last updated": the latest of ``info.updated`` and ``dates``
    (verification and publication days of the content), None when there is none."""
    known = [d for d in [info.updated if info else None, *dates] if d is not None]
    return max(known) if known else None
